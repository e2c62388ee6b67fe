// The dump readers on small dumps written in tests/match/, and on the real
// dumps of ../shared/corpus/device-dumps/ (read in place, never copied).
#include "codeless/match/dump.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "codeless/diag/render.h"

namespace codeless::match {
namespace {

std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(IoregText, TypesGuidesMaskedMultiLineAndDriverNodes) {
  diag::SourceFile file("small-ioreg.txt",
                        ReadTestFile(std::string(CODELESS_SOURCE_DIR) +
                                     "/tests/match/small-ioreg.txt"));
  diag::Diagnostics diags;
  auto registry = ReadDump(file, diags);
  ASSERT_TRUE(registry) << diag::RenderText(diags.all());
  EXPECT_EQ(registry->format, "ioreg -l text");
  ASSERT_EQ(registry->entries.size(), 3u);
  const Entry& mac = registry->entries[1];
  EXPECT_EQ(mac.name, "Mac@0");
  EXPECT_EQ(mac.class_name, "IOPlatformExpertDevice");
  EXPECT_EQ(mac.id, "0x100000117");
  EXPECT_EQ(mac.location, "0");
  EXPECT_EQ(mac.parent, 0);
  EXPECT_EQ(mac.line, 7);
  EXPECT_EQ(mac.Find("compatible")->kind, Value::Kind::kData);
  EXPECT_EQ(mac.Find("compatible")->text, std::string("MacBookPro16,1\0", 15));
  EXPECT_EQ(mac.Find("IOPlatformSerialNumber")->kind, Value::Kind::kMasked);
  EXPECT_EQ(mac.Find("IOPlatformUUID")->kind, Value::Kind::kMasked);
  EXPECT_EQ(mac.Find("IOPowerManagement")->Find("MaxPowerState")->integer, 3u);
  EXPECT_EQ(mac.Find("IOInterruptControllers")->items.size(), 2u);
  EXPECT_EQ(mac.Find("built-in")->kind, Value::Kind::kBool);
  EXPECT_EQ(mac.Find("negative")->integer, ~uint64_t{0});
  EXPECT_EQ(mac.Find("note")->text, "two\nlines");
  // A line cut at the terminal width stays text.
  EXPECT_EQ(mac.Find("cut")->kind, Value::Kind::kOther);
  EXPECT_EQ(mac.Find("cut")->text, "{\"a\"=1,\"b\"=");
  EXPECT_FALSE(mac.IsDriver());
  EXPECT_TRUE(registry->entries[2].IsDriver());
  EXPECT_EQ(registry->PathOf(2), "IOService:/Mac@0/AppleACPIPlatformExpert");
}

TEST(IoregXml, EntriesAndTypedProperties) {
  diag::SourceFile file("small-ioreg-a.plist",
                        ReadTestFile(std::string(CODELESS_SOURCE_DIR) +
                                     "/tests/match/small-ioreg-a.plist"));
  diag::Diagnostics diags;
  auto registry = ReadDump(file, diags);
  ASSERT_TRUE(registry) << diag::RenderText(diags.all());
  EXPECT_EQ(registry->format, "ioreg -a XML");
  ASSERT_EQ(registry->entries.size(), 3u);
  const Entry& xhc = registry->entries[1];
  EXPECT_EQ(xhc.name, "XHC@14");
  EXPECT_EQ(xhc.id, "0x1000002b6");
  EXPECT_EQ(LittleEndian(*xhc.Find("device-id")), 0xa3edu);
  EXPECT_EQ(xhc.Find("name")->Describe(), "<\"pci8086,a3ed\">");
  EXPECT_EQ(xhc.Find("IOPCIExpressLinkStatus")->kind, Value::Kind::kInteger);
  EXPECT_TRUE(registry->entries[2].IsDriver());
  EXPECT_EQ(registry->PathOf(1), "IOService:/XHC@14");
}

TEST(Dump, UnknownFormatIsALocatedError) {
  diag::SourceFile file("dump.txt", "\n  hello\n");
  diag::Diagnostics diags;
  EXPECT_FALSE(ReadDump(file, diags));
  EXPECT_EQ(
      diag::RenderText(diags.all()),
      "dump.txt:2:3: error: not a registry dump match reads: expected "
      "'ioreg -l' text (starting \"+-o Root\"), 'ioreg -a -l' XML, or "
      "'system_profiler SPUSBDataType' XML or JSON; save the registry with "
      "'ioreg -l -w0 > ioreg.txt' [dump-format]\n");
}

TEST(Dump, PropertiesBeforeAnEntryAreASyntaxError) {
  diag::SourceFile file("dump.txt",
                        "x\n  {\n+-o Root  <class IORegistryEntry>\n");
  diag::Diagnostics diags;
  EXPECT_FALSE(ReadDump(file, diags));
  EXPECT_EQ(diag::RenderText(diags.all()),
            "dump.txt:2:3: error: a property list before the first \"+-o\" "
            "entry line; save the dump again with 'ioreg -l -w0' "
            "[dump-syntax]\n");
}

TEST(SystemProfiler, JsonOfBothSchemas) {
  diag::SourceFile file("sp.json",
                        R"json({"SPUSBDataType":[{"_name":"USB31Bus",
"host_controller":"AppleIntelCNLUSBXHCI","_items":[{"_name":"Probe",
"bcd_device":"1.17","location_id":"0x14330000 / 6","product_id":"0x6018",
"vendor_id":"0x1d50  (OpenMoko, Inc.)","serial_num":"********"}]}],
"SPUSBHostDataType":[{"_name":"Bus","Driver":"AppleT8132USBXHCI",
"_items":[{"_name":"Hub","USBDeviceKeyProductID":"0x5801",
"USBDeviceKeyProductVersion":"0x0101","USBDeviceKeyVendorID":"0x1d5c",
"USBKeyLocationID":"0x01100000"}]}]})json");
  diag::Diagnostics diags;
  auto registry = ReadDump(file, diags);
  ASSERT_TRUE(registry) << diag::RenderText(diags.all());
  EXPECT_EQ(registry->format, "system_profiler JSON");
  ASSERT_EQ(registry->entries.size(), 5u);
  EXPECT_EQ(registry->entries[1].class_name, "AppleIntelCNLUSBXHCI");
  const Entry& probe = registry->entries[2];
  EXPECT_EQ(probe.name, "Probe@14330000");
  EXPECT_EQ(probe.class_name, "IOUSBHostDevice");
  EXPECT_EQ(probe.Find("idVendor")->integer, 0x1d50u);
  EXPECT_EQ(probe.Find("idProduct")->integer, 0x6018u);
  EXPECT_EQ(probe.Find("bcdDevice")->integer, 0x0117u);
  EXPECT_EQ(registry->PathOf(2), "IOService:/USB31Bus/Probe@14330000");
  const Entry& hub = registry->entries[4];
  EXPECT_EQ(hub.Find("bcdDevice")->integer, 0x0101u);
  EXPECT_EQ(hub.Find("idVendor")->integer, 0x1d5cu);
  EXPECT_EQ(registry->entries[3].class_name, "AppleT8132USBXHCI");
}

// Every property of entry `index`, as "key=value" lines in dump order.
std::string Properties(const Registry& registry, int index) {
  std::string out;
  for (const auto& [key, value] : registry.entries[index].properties) {
    out += key + "=" + value.Describe() + "\n";
  }
  return out;
}

// Each IOUSBHostDevice of the registry as "name vvvv:pppp parent-name".
std::string Devices(const Registry& registry) {
  std::string out;
  for (const Entry& e : registry.entries) {
    if (e.class_name != "IOUSBHostDevice") continue;
    char ids[16];
    std::snprintf(ids, sizeof ids, "%04x:%04x",
                  static_cast<unsigned>(e.Find("idVendor")->integer),
                  static_cast<unsigned>(e.Find("idProduct")->integer));
    out += e.name + " " + ids + " < " + registry.entries[e.parent].name + "\n";
  }
  return out;
}

TEST(SystemProfiler, XmlOfLionWithPrefixedKeysRealAndDate) {
  std::string path =
      std::string(CODELESS_SOURCE_DIR) + "/tests/match/sp-usb-lion.plist";
  diag::SourceFile file("sp-usb-lion.plist", ReadTestFile(path));
  diag::Diagnostics diags;
  auto registry = ReadDump(file, diags);
  ASSERT_TRUE(registry) << diag::RenderText(diags.all());
  EXPECT_EQ(diag::RenderText(diags.all()), "");  // <real>, <date> are no error
  EXPECT_EQ(registry->format, "system_profiler XML");
  ASSERT_EQ(registry->entries.size(), 4u);
  EXPECT_EQ(registry->entries[1].name, "EHCI Root Hub Simulation");
  EXPECT_EQ(registry->entries[1].class_name, "AppleUSBEHCI");
  EXPECT_EQ(Properties(*registry, 1),
            "_name=\"EHCI Root Hub Simulation\"\n"
            "host_controller=\"AppleUSBEHCI\"\n"
            "pci_device=\"0x268c \"\n");
  EXPECT_EQ(Devices(*registry),
            "Widget Hub@fd500000 0424:2514 < EHCI Root Hub Simulation\n"
            "Acme Sensor@fd510000 05ac:0043 < Widget Hub@fd500000\n");
  EXPECT_EQ(Properties(*registry, 3),
            "idVendor=1452\n"
            "idProduct=67\n"
            "bcdDevice=386\n"
            "locationID=4249944064\n"
            "_name=\"Acme Sensor\"\n"
            "a_product_id=\"0x0043\"\n"
            "b_vendor_id=\"apple_vendor_id\"\n"
            "c_bcd_device=\" 1.82\"\n"
            "g_location_id=\"0xfd510000 / 5\"\n"
            "size_in_bytes=4096\n");
  EXPECT_EQ(registry->entries[2].Find("bcdDevice")->integer, 0x0bb3u);
  EXPECT_EQ(registry->entries[3].Find("size_in_bytes")->kind,
            Value::Kind::kInteger);
  EXPECT_EQ(registry->entries[3].location, "fd510000");
  EXPECT_EQ(registry->PathOf(3),
            "IOService:/EHCI Root Hub Simulation/Widget Hub@fd500000/"
            "Acme Sensor@fd510000");
}

// The two forms share one walk: the same report as JSON gives the same
// entries and typed properties.
TEST(SystemProfiler, XmlAndJsonOfOneReportGiveOneRegistry) {
  diag::SourceFile xml(
      "a.plist",
      "<plist><array><dict><key>_dataType</key><string>SPUSBDataType"
      "</string><key>_items</key><array><dict><key>_name</key><string>Bus"
      "</string><key>host_controller</key><string>AppleUSBXHCI</string>"
      "<key>_items</key><array><dict><key>_name</key><string>Dev</string>"
      "<key>vendor_id</key><string>0x1d50</string><key>product_id</key>"
      "<string>0x6018</string><key>bcd_device</key><string>1.17</string>"
      "<key>location_id</key><string>0x14330000 / 6</string>"
      "<key>power</key><integer>500</integer><key>removable</key><true/>"
      "</dict></array></dict></array></dict></array></plist>");
  diag::SourceFile json(
      "a.json",
      R"({"SPUSBDataType":[{"_name":"Bus","host_controller":"AppleUSBXHCI",
"_items":[{"_name":"Dev","vendor_id":"0x1d50","product_id":"0x6018",
"bcd_device":"1.17","location_id":"0x14330000 / 6","power":500,
"removable":true}]}]})");
  diag::Diagnostics diags;
  auto from_xml = ReadDump(xml, diags);
  auto from_json = ReadDump(json, diags);
  ASSERT_TRUE(from_xml && from_json) << diag::RenderText(diags.all());
  EXPECT_EQ(from_xml->format, "system_profiler XML");
  EXPECT_EQ(from_json->format, "system_profiler JSON");
  ASSERT_EQ(from_xml->entries.size(), 3u);
  ASSERT_EQ(from_json->entries.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(from_xml->entries[i].name, from_json->entries[i].name);
    EXPECT_EQ(from_xml->entries[i].class_name,
              from_json->entries[i].class_name);
    EXPECT_EQ(Properties(*from_xml, i), Properties(*from_json, i));
  }
  EXPECT_EQ(Properties(*from_xml, 2),
            "idVendor=7504\n"
            "idProduct=24600\n"
            "bcdDevice=279\n"
            "locationID=338886656\n"
            "_name=\"Dev\"\n"
            "vendor_id=\"0x1d50\"\n"
            "product_id=\"0x6018\"\n"
            "bcd_device=\"1.17\"\n"
            "location_id=\"0x14330000 / 6\"\n"
            "power=500\n"
            "removable=Yes\n");
}

TEST(SystemProfiler, ProfileWithoutAUsbSectionSaysSo) {
  std::string path =
      std::string(CODELESS_SOURCE_DIR) + "/tests/match/sp-no-usb.spx";
  diag::SourceFile file("sp-no-usb.spx", ReadTestFile(path));
  diag::Diagnostics diags;
  EXPECT_FALSE(ReadDump(file, diags));
  EXPECT_EQ(diag::RenderText(diags.all()),
            "sp-no-usb.spx:4:1: error: a system profile without a USB "
            "section (none of its 2 data types is SPUSBDataType or "
            "SPUSBHostDataType); save one with 'system_profiler -xml "
            "SPUSBDataType > usb.plist' [dump-syntax]\n");
}

// A broken report gets the plist reader's own located finding (passed on,
// not read twice), and no registry.
TEST(SystemProfiler, XmlCutShortIsThePlistReadersError) {
  diag::SourceFile file("cut.spx",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<plist version=\"1.0\">\n<array>\n<dict>\n"
                        "<key>_dataType</key>\n<string>SPUSBDataType");
  diag::Diagnostics diags;
  EXPECT_FALSE(ReadDump(file, diags));
  EXPECT_EQ(diag::RenderText(diags.all()),
            "cut.spx:6:1: error: <string> is never closed; add </string> "
            "[xml-syntax]\n");
}

// A JSON syntax error is located, also after a byte-order mark (which
// nlohmann's reader, and so match, accepts).
TEST(SystemProfiler, JsonSyntaxErrorIsLocated) {
  diag::SourceFile file("bom.json",
                        "\xEF\xBB\xBF{\n  \"SPUSBDataType\" : [ , ]\n}\n");
  diag::Diagnostics diags;
  EXPECT_FALSE(ReadDump(file, diags));
  EXPECT_EQ(diag::RenderText(diags.all()),
            "bom.json:2:23: error: system_profiler JSON that does not parse: "
            "expected a value (an object, array, string, number, true, false "
            "or null), found ','; save it again with 'system_profiler -json "
            "SPUSBDataType' [dump-syntax]\n");
}

// The real reports of ../shared/corpus/device-dumps/: two SPUSBDataType
// reports (OS X 10.7's prefixed keys, 10.13's plain ones) and the USB
// sections of two whole-system profiles.
TEST(SystemProfiler, RealCorpusXmlReports) {
  struct Case {
    const char* file;
    size_t entries;
    const char* devices;
  };
  const Case cases[] = {
      {"Peyton-C__lsusb-macos__tests__Version1__lion_xml_usb_basic.plist", 12,
       "QEMU USB HARDDRIVE@04400000 46f4:0001 < EHCI Root Hub Simulation\n"
       "QEMU USB Tablet@fd200000 0627:0001 < EHCI Root Hub Simulation\n"
       "QEMU USB Keyboard@fd100000 0627:0001 < EHCI Root Hub Simulation\n"},
      {"Peyton-C__lsusb-macos__tests__Version2__hs_xml_usb_basic.plist", 12,
       "QEMU USB HARDDRIVE@04400000 46f4:0001 < USB20Bus\n"
       "QEMU USB Tablet@fd200000 0627:0001 < USB20Bus\n"
       "QEMU USB Keyboard@fd100000 0627:0001 < USB20Bus\n"},
      {"khronokernel__DarwinDumped__MacBookPro__MacBookPro15_2__System_"
       "Profiler__System-Profiler.spx",
       17,
       "4-Port USB 3.0 Hub@00100000 0bda:0411 < USB31Bus\n"
       "USB3.0 Card Reader@00110000 05e3:0749 < 4-Port USB 3.0 Hub@00100000\n"
       "4-Port USB 2.0 Hub@14100000 0bda:5411 < USB31Bus\n"
       "USB 2.0 Hub@14130000 1a40:0101 < 4-Port USB 2.0 Hub@14100000\n"
       "iPhone@14131000 05ac:12a8 < USB 2.0 Hub@14130000\n"
       "Touch Bar Backlight@80700000 05ac:8102 < T2Bus\n"
       "Touch Bar Display@80600000 05ac:8302 < T2Bus\n"
       "Apple Internal Keyboard / Trackpad@80500000 05ac:027b < T2Bus\n"
       "Headset@80400000 05ac:8103 < T2Bus\n"
       "Ambient Light Sensor@80300000 05ac:8262 < T2Bus\n"
       "FaceTime HD Camera (Built-in)@80200000 05ac:8514 < T2Bus\n"
       "Apple T2 Controller@80100000 05ac:8233 < T2Bus\n"},
      {"khronokernel__DarwinDumped__MacPro__MacPro3_1__SystemInfo__System-"
       "Profiler.spx",
       13,
       "Logitech Camera@fd300000 046d:0821 < EHCI Root Hub Simulation\n"
       "hub_device@fd500000 0424:2514 < EHCI Root Hub Simulation\n"
       "hub_device@fd510000 0424:2640 < hub_device@fd500000\n"
       "Ultra Fast Media Reader@fd511000 0424:4060 < hub_device@fd510000\n"
       "Keyboard Hub@fd400000 05ac:1006 < EHCI Root Hub Simulation\n"
       "Apple Keyboard@fd420000 05ac:0221 < Keyboard Hub@fd400000\n"
       "Bluetooth USB Host Controller@5d200000 05ac:8206 < UHCI Root Hub "
       "Simulation\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    std::string path = std::string(CODELESS_SOURCE_DIR) +
                       "/../shared/corpus/device-dumps/" + c.file;
    std::string text = ReadTestFile(path);
    ASSERT_FALSE(text.empty()) << "missing " << path;
    diag::SourceFile file(path, std::move(text));
    diag::Diagnostics diags;
    auto registry = ReadDump(file, diags);
    ASSERT_TRUE(registry) << diag::RenderText(diags.all());
    EXPECT_EQ(registry->format, "system_profiler XML");
    EXPECT_EQ(registry->entries.size(), c.entries);
    EXPECT_EQ(Devices(*registry), c.devices);
  }
}

TEST(Dump, RealCorpusIoregDump) {
  std::string path = std::string(CODELESS_SOURCE_DIR) +
                     "/../shared/corpus/device-dumps/"
                     "corpnewt__CheckAudio__ioreg.txt";
  std::string text = ReadTestFile(path);
  ASSERT_FALSE(text.empty()) << "missing " << path;
  diag::SourceFile file(path, std::move(text));
  diag::Diagnostics diags;
  auto registry = ReadDump(file, diags);
  ASSERT_TRUE(registry) << diag::RenderText(diags.all());
  const Entry* mc = nullptr;
  for (const Entry& e : registry->entries) {
    if (e.id == "0x1000002b7") mc = &e;
  }
  ASSERT_NE(mc, nullptr);
  EXPECT_EQ(mc->name, "MC@0");
  EXPECT_EQ(mc->class_name, "IOPCIDevice");
  EXPECT_EQ(mc->line, 1770);
  EXPECT_EQ(LittleEndian(*mc->Find("device-id")), 0xa708u);
  EXPECT_EQ(mc->Find("compatible")->Describe(),
            "<\"pci1028,c1d\",\"pci8086,a708\",\"pciclass,060000\",\"MC\">");
  EXPECT_EQ(mc->Find("IOPCIResourced")->kind, Value::Kind::kBool);
  EXPECT_EQ(registry->PathOf(static_cast<int>(mc - registry->entries.data())),
            "IOService:/MacBookPro16,1/AppleACPIPlatformExpert/PC00/"
            "AppleACPIPCI/MC@0");
}

TEST(Dump, BinaryIoregSaveIsRefused) {
  std::string path = std::string(CODELESS_SOURCE_DIR) +
                     "/../shared/corpus/device-dumps/"
                     "khronokernel__DarwinDumped__iMac__iMac12_1__iMac_-_"
                     "korlione.ioreg";
  diag::SourceFile file("x.ioreg", ReadTestFile(path).substr(0, 64));
  diag::Diagnostics diags;
  EXPECT_FALSE(ReadDump(file, diags));
  EXPECT_EQ(diag::RenderText(diags.all()),
            "x.ioreg:1:1: error: a binary plist (an IORegistryExplorer .ioreg "
            "save?); match reads 'ioreg -l' text or 'ioreg -a -l' XML: save "
            "the registry with 'ioreg -l -w0 > ioreg.txt' [dump-format]\n");
}

}  // namespace
}  // namespace codeless::match
