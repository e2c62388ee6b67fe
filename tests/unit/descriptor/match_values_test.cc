#include "codeless/descriptor/match_values.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "codeless/apple/matching_keys.h"
#include "codeless/descriptor/key_tables.h"
#include "unit/descriptor/reader_harness.h"

namespace codeless::descriptor {
namespace {

using plist::Array;
using plist::Data;
using plist::Dict;
using plist::Value;

// The match object `json` read key by key, as a personality's "match" is:
// each key's value (nullopt when refused) and the diagnostics.
struct MatchRead {
  explicit MatchRead(std::string json) : h(std::move(json)) {
    h.reader.ReadObject(
        h.root, MatchKeys(),
        [&](std::string_view name, const JsonToken& value) {
          const apple::MatchingKey* key = apple::FindMatchingKey(name);
          ASSERT_NE(key, nullptr) << name;
          values[std::string(name)] = ReadMatchValue(h.reader, *key, value);
        });
    diagnostics = h.Text();
  }
  // The value of `key`, which must have been read.
  const std::optional<Value>& operator[](const std::string& key) const {
    static const std::optional<Value> kAbsent;
    auto it = values.find(key);
    EXPECT_NE(it, values.end()) << key;
    return it == values.end() ? kAbsent : it->second;
  }

  ReaderHarness h;
  std::map<std::string, std::optional<Value>> values;
  std::string diagnostics;
};

// --- Integers --------------------------------------------------------------

TEST(MatchValuesTest, UsbIntegersAndTheWildcard) {
  MatchRead m(
      R"({"idVendor": "0x05AC", "idProduct": "*", "bcdDevice": 256,)"
      R"( "bDeviceClass": "255", "bConfigurationValue": 1, "idProductMask": "*"})");
  EXPECT_EQ(m.diagnostics, "");
  EXPECT_EQ(m["idVendor"], Value(1452));
  EXPECT_EQ(m["idProduct"], Value("*"));
  EXPECT_EQ(m["bcdDevice"], Value(256));
  EXPECT_EQ(m["bDeviceClass"], Value(255));
  EXPECT_EQ(m["bConfigurationValue"], Value(1));
  EXPECT_EQ(m["idProductMask"], Value("*"));
  // Each value is tagged with its member's origin.
  EXPECT_EQ(m.h.Where(m["idVendor"]->tag(), diag::Part::kKey), "1:2");
  EXPECT_EQ(m.h.Where(m["idVendor"]->tag()), "1:14");
}

TEST(MatchValuesTest, EscapedKeysAndValuesAreDecoded) {
  MatchRead m(R"({"id\u0056endor": 1452, "idProduct": "0x\u0031"})");
  EXPECT_EQ(m.diagnostics, "");
  EXPECT_EQ(m["idVendor"], Value(1452));
  EXPECT_EQ(m["idProduct"], Value(1));
  EXPECT_EQ(m.h.Where(m["idProduct"]->tag(), diag::Part::kKey), "1:25");
}

TEST(MatchValuesTest, WildcardOnlyWhereTheKeyTakesOne) {
  MatchRead m(R"({"VendorID": "*"})");
  EXPECT_EQ(m["VendorID"], std::nullopt);
  EXPECT_EQ(m.diagnostics,
            "d.json:1:14: error: \"VendorID\" is \"*\", which is not an "
            "integer; write a JSON number or a hex (\"0x05AC\") or decimal "
            "(\"1452\") string [desc-value]\n");
}

TEST(MatchValuesTest, IntegersOutsideTheirKeysRange) {
  MatchRead m(
      "{\n"
      "\"bDeviceClass\": 256,\n"
      "\"bConfigurationValue\": 0,\n"
      "\"idProduct\": \"0x10000\",\n"
      "\"VendorID\": 4294967296,\n"
      "\"ProductID\": \"0xFFFFFFFF\"\n"
      "}");
  EXPECT_EQ(m["bDeviceClass"], std::nullopt);
  EXPECT_EQ(m["ProductID"], Value(int64_t{0xFFFFFFFF}));
  EXPECT_EQ(
      m.diagnostics,
      "d.json:2:17: error: \"bDeviceClass\" is 256, outside the range of "
      "bDeviceClass (0 to 255, 0x0 to 0xFF) [desc-range]\n"
      "d.json:3:24: error: \"bConfigurationValue\" is 0, outside the range of "
      "bConfigurationValue (1 to 255, 0x1 to 0xFF) [desc-range]\n"
      "d.json:4:14: error: \"idProduct\" is 0x10000, outside the range of "
      "idProduct (0 to 65535, 0x0 to 0xFFFF) [desc-range]\n"
      "d.json:5:13: error: \"VendorID\" is 4294967296, outside the range of "
      "VendorID (0 to 4294967295, 0x0 to 0xFFFFFFFF) [desc-range]\n");
}

TEST(MatchValuesTest, IntegerArrays) {
  MatchRead ok(R"({"idProductArray": [1, "0x2", "0X3"]})");
  EXPECT_EQ(ok.diagnostics, "");
  EXPECT_EQ(ok["idProductArray"], Value(Array{1, 2, 3}));

  MatchRead empty(R"({"idProductArray": []})");
  EXPECT_EQ(empty["idProductArray"], std::nullopt);
  EXPECT_EQ(empty.diagnostics,
            "d.json:1:20: error: \"idProductArray\" must be a non-empty array "
            "of integers, not an array [desc-type]\n");

  // After the first bad element the rest is passed over.
  MatchRead range(R"({"idProductArray": [1, 65536, 70000]})");
  EXPECT_EQ(range["idProductArray"], std::nullopt);
  EXPECT_EQ(range.diagnostics,
            "d.json:1:24: error: \"idProductArray[1]\" is 65536, outside the "
            "range of idProductArray (0 to 65535, 0x0 to 0xFFFF) "
            "[desc-range]\n");

  MatchRead wildcard(R"({"idProductArray": "*"})");
  EXPECT_EQ(wildcard.diagnostics,
            "d.json:1:20: error: \"idProductArray\" must be a non-empty array "
            "of integers, not a string [desc-type]\n");
}

// --- Booleans and strings --------------------------------------------------

TEST(MatchValuesTest, Booleans) {
  MatchRead m(
      R"({"IOMatchDefer": true, "IOPCITunnelCompatible": false, "IOPCIPauseCompatible": "yes"})");
  EXPECT_EQ(m["IOMatchDefer"], Value(true));
  EXPECT_EQ(m["IOPCITunnelCompatible"], Value(false));
  EXPECT_EQ(m["IOPCIPauseCompatible"], std::nullopt);
  EXPECT_EQ(m.diagnostics,
            "d.json:1:80: error: \"IOPCIPauseCompatible\" must be true or "
            "false, not a string [desc-type]\n");
}

TEST(MatchValuesTest, Strings) {
  MatchRead m(
      R"({"IOPathMatch": "IOService:/AppleACPIPlatformExpert", "Transport": ""})");
  EXPECT_EQ(m["IOPathMatch"], Value("IOService:/AppleACPIPlatformExpert"));
  EXPECT_EQ(m["Transport"], std::nullopt);
  EXPECT_EQ(m.diagnostics,
            "d.json:1:68: error: \"Transport\" must not be empty "
            "[desc-value]\n");
}

TEST(MatchValuesTest, NameMatchIsAStringOrStrings) {
  MatchRead one(R"({"IONameMatch": "pci8086,1234"})");
  EXPECT_EQ(one["IONameMatch"], Value("pci8086,1234"));
  MatchRead many(R"({"IONameMatch": ["pci8086,1234", "pci8086,5678"]})");
  EXPECT_EQ(many["IONameMatch"],
            Value(Array{Value("pci8086,1234"), Value("pci8086,5678")}));
  EXPECT_EQ(one.diagnostics + many.diagnostics, "");

  MatchRead empty(R"({"IONameMatch": []})");
  EXPECT_EQ(empty["IONameMatch"], std::nullopt);
  EXPECT_EQ(empty.diagnostics,
            "d.json:1:17: error: \"IONameMatch\" must be a string or a "
            "non-empty array of strings, not an array [desc-type]\n");
  MatchRead number(R"({"IONameMatch": 5})");
  EXPECT_EQ(number.diagnostics,
            "d.json:1:17: error: \"IONameMatch\" must be a string or an array "
            "of strings, not an integer [desc-type]\n");
  MatchRead element(R"({"IONameMatch": [1]})");
  EXPECT_EQ(element.diagnostics,
            "d.json:1:18: error: \"IONameMatch[0]\" must be a string, not an "
            "integer [desc-type]\n");
}

// --- Dicts -----------------------------------------------------------------

TEST(MatchValuesTest, PropertyMatchIsADictOrDicts) {
  MatchRead one(R"({"IOPropertyMatch": {"A": 1, "B": {"$data": "AQ=="}}})");
  EXPECT_EQ(one.diagnostics, "");
  EXPECT_EQ(one["IOPropertyMatch"],
            Value(Dict{{"A", Value(1)}, {"B", Value(Data{"\x01"})}}));
  MatchRead many(R"({"IOPropertyMatch": [{"A": 1}, {"B": "x"}]})");
  EXPECT_EQ(many.diagnostics, "");
  EXPECT_EQ(many["IOPropertyMatch"],
            Value(Array{Value(Dict{{"A", Value(1)}}),
                        Value(Dict{{"B", Value("x")}})}));

  MatchRead data(R"({"IOPropertyMatch": {"$data": "AQ=="}})");
  EXPECT_EQ(data["IOPropertyMatch"], std::nullopt);
  EXPECT_EQ(data.diagnostics,
            "d.json:1:22: error: \"IOPropertyMatch\" must be a dictionary, but "
            "an object with \"$data\" stands for <data>; put the data object "
            "under a key [desc-value]\n");
  MatchRead empty(R"({"IOPropertyMatch": []})");
  EXPECT_EQ(empty.diagnostics,
            "d.json:1:21: error: \"IOPropertyMatch\" must be an object or a "
            "non-empty array of objects, not an array [desc-type]\n");
  MatchRead text(R"({"IOPropertyMatch": "x"})");
  EXPECT_EQ(text.diagnostics,
            "d.json:1:21: error: \"IOPropertyMatch\" must be an object or an "
            "array of objects, not a string [desc-type]\n");
}

TEST(MatchValuesTest, ParentMatchIsOneDict) {
  MatchRead ok(R"({"IOParentMatch": {"IOPropertyMatch": {"x": 1}}})");
  EXPECT_EQ(ok.diagnostics, "");
  EXPECT_EQ(ok["IOParentMatch"],
            Value(Dict{{"IOPropertyMatch", Value(Dict{{"x", Value(1)}})}}));
  MatchRead array(R"({"IOParentMatch": [{}]})");
  EXPECT_EQ(array.diagnostics,
            "d.json:1:19: error: \"IOParentMatch\" must be an object, not an "
            "array [desc-type]\n");
}

// --- PCI -------------------------------------------------------------------

TEST(MatchValuesTest, PciMatchStringsAreKeptAsWritten) {
  MatchRead m(
      R"({"IOPCIMatch": "0x12348086&0xffffffff 0x5678", "IOPCIPrimaryMatch": "8086"})");
  EXPECT_EQ(m.diagnostics, "");
  EXPECT_EQ(m["IOPCIMatch"], Value("0x12348086&0xffffffff 0x5678"));
  EXPECT_EQ(m["IOPCIPrimaryMatch"], Value("8086"));
}

TEST(MatchValuesTest, PciMatchStringsMustBeStrict) {
  MatchRead wide(R"({"IOPCIMatch": "0x123456789"})");
  EXPECT_EQ(wide["IOPCIMatch"], std::nullopt);
  EXPECT_EQ(wide.diagnostics,
            "d.json:1:16: error: IOPCIMatch \"0x123456789\" is not a PCI "
            "match string: '0x123456789' has more than 8 hex digits (32 "
            "bits); or give an array of {\"vendor\", \"device\"} objects "
            "[match-pci-string]\n");
  MatchRead blank(R"({"IOPCISecondaryMatch": "  "})");
  EXPECT_EQ(blank.diagnostics,
            "d.json:1:25: error: IOPCISecondaryMatch \"  \" is not a PCI "
            "match string: it is empty; give at least one value such as "
            "0xa2af8086; or give an array of {\"vendor\", \"device\"} objects "
            "[match-pci-string]\n");
  MatchRead empty(R"({"IOPCIMatch": ""})");
  EXPECT_EQ(empty.diagnostics,
            "d.json:1:16: error: \"IOPCIMatch\" must not be empty "
            "[desc-value]\n");
}

TEST(MatchValuesTest, PciEntriesAreComposedDeviceHighVendorLow) {
  MatchRead m(
      "{\n"
      "\"IOPCIMatch\": [{\"vendor\": \"0x8086\", \"device\": \"0x1234\"}],\n"
      "\"IOPCIPrimaryMatch\": [{\"vendor\": \"0x8086\", \"device\": "
      "\"0x1234\", \"vendorMask\": \"0xFFFF\"}],\n"
      "\"IOPCISecondaryMatch\": [{\"vendor\": 32902, \"device\": 4660, "
      "\"deviceMask\": \"0xFF00\"},\n"
      "  {\"vendor\": \"0x10DE\", \"device\": \"0x0001\", \"deviceMask\": 0}]\n"
      "}");
  EXPECT_EQ(m.diagnostics, "");
  EXPECT_EQ(m["IOPCIMatch"], Value("0x12348086"));
  // A mask given for one half writes the full mask.
  EXPECT_EQ(m["IOPCIPrimaryMatch"], Value("0x12348086&0xffffffff"));
  EXPECT_EQ(m["IOPCISecondaryMatch"],
            Value("0x12348086&0xff00ffff 0x000110de&0x0000ffff"));
  EXPECT_EQ(m.h.Where(m["IOPCIMatch"]->tag()), "2:15");
}

TEST(MatchValuesTest, PciEntriesReportTheirProblems) {
  MatchRead empty(R"({"IOPCIMatch": []})");
  EXPECT_EQ(empty.diagnostics,
            "d.json:1:16: error: \"IOPCIMatch\" must be a PCI match string or "
            "a non-empty array of {\"vendor\", \"device\"} objects, not an "
            "array [desc-type]\n");
  MatchRead number(R"({"IOPCIMatch": 32902})");
  EXPECT_EQ(number.diagnostics,
            "d.json:1:16: error: \"IOPCIMatch\" must be a PCI match string or "
            "a non-empty array of {\"vendor\", \"device\"} objects, not an "
            "integer [desc-type]\n");
  MatchRead typo(R"({"IOPCIMatch": [{"vendr": "0x8086", "device": 1}]})");
  EXPECT_EQ(typo["IOPCIMatch"], std::nullopt);
  EXPECT_EQ(typo.diagnostics,
            "d.json:1:18: error: unknown key \"vendr\" in \"IOPCIMatch[0]\"; "
            "did you mean \"vendor\"? [desc-unknown-key]\n");
  MatchRead range(R"({"IOPCIMatch": [{"vendor": "0x18086", "device": 1}]})");
  EXPECT_EQ(range.diagnostics,
            "d.json:1:28: error: \"IOPCIMatch[0].vendor\" is 0x18086, outside "
            "the range of a PCI vendor ID (0 to 65535, 0x0 to 0xFFFF) "
            "[desc-range]\n");
  MatchRead mask(
      R"({"IOPCIMatch": [{"vendor": 1, "device": 1, "deviceMask": 65536}]})");
  EXPECT_EQ(mask.diagnostics,
            "d.json:1:58: error: \"IOPCIMatch[0].deviceMask\" is 65536, "
            "outside the range of a 16-bit mask (0 to 65535, 0x0 to 0xFFFF) "
            "[desc-range]\n");
  MatchRead not_object(R"({"IOPCIMatch": ["0x8086"]})");
  EXPECT_EQ(not_object.diagnostics,
            "d.json:1:17: error: \"IOPCIMatch[0]\" must be an object, not a "
            "string [desc-type]\n");
}

TEST(MatchValuesTest, PciClassMatchComposesTheClassCode) {
  MatchRead m(
      "{\n"
      "\"IOPCIClassMatch\": {\"class\": \"0x020000\"}\n"
      "}");
  EXPECT_EQ(m.diagnostics, "");
  EXPECT_EQ(m["IOPCIClassMatch"], Value("0x02000000&0xffffff00"));
  MatchRead masked(
      R"({"IOPCIClassMatch": {"class": "0x030000", "mask": "0xFF0000"}})");
  EXPECT_EQ(masked.diagnostics, "");
  EXPECT_EQ(masked["IOPCIClassMatch"], Value("0x03000000&0xff000000"));
  MatchRead text(R"({"IOPCIClassMatch": "0x02000000&0xffff0000"})");
  EXPECT_EQ(text.diagnostics, "");
  EXPECT_EQ(text["IOPCIClassMatch"], Value("0x02000000&0xffff0000"));
}

TEST(MatchValuesTest, PciClassMatchReportsItsProblems) {
  MatchRead missing(R"({"IOPCIClassMatch": {"mask": "0xFF0000"}})");
  EXPECT_EQ(missing["IOPCIClassMatch"], std::nullopt);
  EXPECT_EQ(missing.diagnostics,
            "d.json:1:21: error: \"IOPCIClassMatch\" is missing the required "
            "key \"class\" [desc-missing-key]\n");
  MatchRead mask(
      R"({"IOPCIClassMatch": {"class": "0x020000", "mask": "0x1000000"}})");
  EXPECT_EQ(mask.diagnostics,
            "d.json:1:51: error: \"IOPCIClassMatch.mask\" is 0x1000000, "
            "outside the range of a 24-bit class-code mask (0 to 16777215, "
            "0x0 to 0xFFFFFF) [desc-range]\n");
  MatchRead unknown(R"({"IOPCIClassMatch": {"class": 1, "subclass": 2}})");
  EXPECT_EQ(unknown.diagnostics,
            "d.json:1:34: error: unknown key \"subclass\" in "
            "\"IOPCIClassMatch\"; the known keys are class, mask "
            "[desc-unknown-key]\n");
}

TEST(MatchValuesTest, PciClassMatchOfAnotherTypeNamesBothForms) {
  MatchRead number(R"({"IOPCIClassMatch": 5})");
  EXPECT_EQ(number["IOPCIClassMatch"], std::nullopt);
  EXPECT_EQ(number.diagnostics,
            "d.json:1:21: error: \"IOPCIClassMatch\" must be a PCI match "
            "string or an object {\"class\", \"mask\"}, not an integer "
            "[desc-type]\n");
}

// Identifier keys take 0x hex strings only (PRODUCT.md §2, Values); other
// integer keys take decimal strings too.
TEST(MatchValuesTest, IdStringsMustBeHex) {
  MatchRead read(
      R"({"idVendor": "0483", "bcdDevice": "02ff", "bInterfaceNumber": "12",)"
      R"( "ProductIDArray": ["0x1", "10"], "LocationID": "0x14200000"})");
  EXPECT_EQ(read["idVendor"], std::nullopt);
  EXPECT_EQ(read["bcdDevice"], std::nullopt);
  EXPECT_EQ(read["bInterfaceNumber"], Value(12));
  EXPECT_EQ(read["ProductIDArray"], std::nullopt);
  EXPECT_EQ(read["LocationID"], Value(int64_t{0x14200000}));
  EXPECT_EQ(
      read.diagnostics,
      "d.json:1:14: error: \"idVendor\" is \"0483\": an ID written as a "
      "string must be 0x hex, because \"0483\" could be hex 0x0483 (1155) "
      "or decimal 483; write \"0x0483\" for hex, or the JSON number 483 for "
      "decimal [desc-id-string]\n"
      "d.json:1:35: error: \"bcdDevice\" is \"02ff\": an ID written as a "
      "string must be 0x hex; write \"0x02ff\" (767) [desc-id-string]\n"
      "d.json:1:95: error: \"ProductIDArray[1]\" is \"10\": an ID written as "
      "a string must be 0x hex, because \"10\" could be hex 0x10 (16) or "
      "decimal 10; write \"0x10\" for hex, or the JSON number 10 for "
      "decimal [desc-id-string]\n");
}

// --- HID -------------------------------------------------------------------

TEST(MatchValuesTest, DeviceUsagePairs) {
  MatchRead m(
      R"({"DeviceUsagePairs": [{"DeviceUsagePage": 1, "DeviceUsage": 6}, {"DeviceUsagePage": "0xFF00"}]})");
  EXPECT_EQ(m.diagnostics, "");
  EXPECT_EQ(m["DeviceUsagePairs"],
            Value(Array{Value(Dict{{"DeviceUsagePage", Value(1)},
                                   {"DeviceUsage", Value(6)}}),
                        Value(Dict{{"DeviceUsagePage", Value(0xFF00)}})}));
}

TEST(MatchValuesTest, DeviceUsagePairsReportTheirProblems) {
  MatchRead missing(R"({"DeviceUsagePairs": [{"DeviceUsage": 6}]})");
  EXPECT_EQ(missing["DeviceUsagePairs"], std::nullopt);
  EXPECT_EQ(missing.diagnostics,
            "d.json:1:23: error: \"DeviceUsagePairs[0]\" is missing the "
            "required key \"DeviceUsagePage\" [desc-missing-key]\n");
  MatchRead range(R"({"DeviceUsagePairs": [{"DeviceUsagePage": 65536}]})");
  EXPECT_EQ(range.diagnostics,
            "d.json:1:43: error: \"DeviceUsagePairs[0].DeviceUsagePage\" is "
            "65536, outside the range of DeviceUsagePage (0 to 65535, 0x0 to "
            "0xFFFF) [desc-range]\n");
  MatchRead empty(R"({"DeviceUsagePairs": []})");
  EXPECT_EQ(empty.diagnostics,
            "d.json:1:22: error: \"DeviceUsagePairs\" must be a non-empty "
            "array of {\"DeviceUsagePage\", \"DeviceUsage\"} objects, not an "
            "array [desc-type]\n");
  MatchRead object(R"({"DeviceUsagePairs": {"DeviceUsagePage": 1}})");
  EXPECT_EQ(object.diagnostics,
            "d.json:1:22: error: \"DeviceUsagePairs\" must be a non-empty "
            "array of {\"DeviceUsagePage\", \"DeviceUsage\"} objects, not an "
            "object [desc-type]\n");
  MatchRead unknown(
      R"({"DeviceUsagePairs": [{"DeviceUsagePage": 1, "Usage": 2}]})");
  EXPECT_EQ(unknown.diagnostics,
            "d.json:1:46: error: unknown key \"Usage\" in "
            "\"DeviceUsagePairs[0]\"; the known keys are DeviceUsagePage, "
            "DeviceUsage [desc-unknown-key]\n");
}

}  // namespace
}  // namespace codeless::descriptor
