// The dump readers on small dumps written in tests/match/, and on the real
// dumps of ../shared/corpus/device-dumps/ (read in place, never copied).
#include "codeless/match/dump.h"

#include <gtest/gtest.h>

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
      "'ioreg -l' text (starting \"+-o Root\"), 'ioreg -a -l' XML or "
      "'system_profiler -json SPUSBDataType' JSON; save the registry with "
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
