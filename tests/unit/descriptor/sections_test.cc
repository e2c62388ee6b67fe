#include "codeless/descriptor/sections.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codeless/descriptor/key_tables.h"
#include "codeless/descriptor/reader.h"
#include "codeless/diag/render.h"
#include "unit/descriptor/reader_harness.h"

namespace codeless::descriptor {
namespace {

// Reads the value of the root object's member (a section) with `read`; the
// reader's path is then the member's name.
template <typename Read>
void ReadSection(ReaderHarness& h, Read&& read) {
  h.EachMember([&](std::string_view, const JsonToken& value) { read(value); });
}

struct Case {
  std::string value;
  std::string diagnostics;  // rendered; empty when accepted
};

// --- bundle ----------------------------------------------------------------

TEST(ReadBundleTest, ReadsEveryMember) {
  ReaderHarness h(
      "{\"bundle\": {\n"
      "\"identifier\": \"com.acme.driver.Test\",\n"
      "\"name\": \"Test\",\n"
      "\"bundleName\": \"Acme Test\",\n"
      "\"version\": \"1.2.3b4\",\n"
      "\"shortVersion\": \"1.2.3\",\n"
      "\"usageDescription\": \"\",\n"
      "\"copyright\": \"(c) Acme\",\n"
      "\"developmentRegion\": \"de\",\n"
      "\"properties\": {\"AcmeKey\": [1]}\n"
      "}}");
  model::Bundle bundle;
  std::optional<MemberSet> members;
  ReadSection(h, [&](const JsonToken& value) {
    members = ReadBundle(h.reader, value, bundle);
  });
  ASSERT_TRUE(members.has_value());
  EXPECT_TRUE(members->contains("usageDescription"));
  EXPECT_EQ(bundle.identifier.value, "com.acme.driver.Test");
  EXPECT_EQ(h.Where(bundle.identifier.origin, diag::Part::kKey), "2:1");
  EXPECT_EQ(h.Where(bundle.identifier.origin), "2:15");
  EXPECT_EQ(bundle.name.value, "Test");
  EXPECT_EQ(h.Where(bundle.name.origin), "3:9");
  EXPECT_EQ(bundle.bundle_name->value, "Acme Test");
  EXPECT_EQ(bundle.version.value, "1.2.3b4");
  ASSERT_TRUE(bundle.short_version.has_value());
  EXPECT_EQ(bundle.short_version->value, "1.2.3");
  ASSERT_TRUE(bundle.usage_description.has_value());
  EXPECT_EQ(bundle.usage_description->value, "");
  ASSERT_TRUE(bundle.copyright.has_value());
  EXPECT_EQ(bundle.copyright->value, "(c) Acme");
  ASSERT_TRUE(bundle.development_region.has_value());
  EXPECT_EQ(bundle.development_region->value, "de");
  EXPECT_EQ(bundle.properties,
            (plist::Dict{{"AcmeKey", plist::Value(plist::Array{1})}}));
  EXPECT_EQ(h.Where(bundle.origin, diag::Part::kKey), "1:2");
  EXPECT_EQ(h.Where(bundle.origin), "1:12");
  EXPECT_EQ(h.Text(), "");
}

// null leaves CFBundleShortVersionString / CFBundleDevelopmentRegion /
// CFBundleName out, to reproduce an existing bundle's exact keys
// (PRODUCT.md §2).
TEST(ReadBundleTest, NullLeavesShortVersionRegionAndBundleNameOut) {
  ReaderHarness h(
      R"({"bundle": {"identifier": "com.acme.driver.Test", "name": "Test", )"
      R"("version": "1.0", "shortVersion": null, "developmentRegion": null, )"
      R"("bundleName": null}})");
  model::Bundle bundle;
  ReadSection(h, [&](const JsonToken& value) {
    EXPECT_TRUE(ReadBundle(h.reader, value, bundle).has_value());
  });
  EXPECT_FALSE(bundle.short_version.has_value());
  EXPECT_FALSE(bundle.development_region.has_value());
  EXPECT_FALSE(bundle.bundle_name.has_value());
  EXPECT_EQ(bundle.name.value, "Test");
  EXPECT_EQ(h.Text(), "");
}

TEST(ReadBundleTest, DefaultsFollowNameVersionAndEnglish) {
  ReaderHarness h(
      R"({"bundle": {"identifier": "com.acme.driver.Test", "name": "Test", "version": "1.0"}})");
  model::Bundle bundle;
  ReadSection(h, [&](const JsonToken& value) {
    EXPECT_TRUE(ReadBundle(h.reader, value, bundle).has_value());
  });
  EXPECT_EQ(bundle.bundle_name->value, "Test");
  EXPECT_EQ(bundle.bundle_name->origin, bundle.name.origin);
  ASSERT_TRUE(bundle.short_version.has_value());
  EXPECT_EQ(bundle.short_version->value, "1.0");
  EXPECT_EQ(bundle.short_version->origin, bundle.version.origin);
  ASSERT_TRUE(bundle.development_region.has_value());
  EXPECT_EQ(bundle.development_region->value, "en");
  EXPECT_EQ(bundle.development_region->origin, model::kNoOrigin);
  EXPECT_FALSE(bundle.usage_description.has_value());
  EXPECT_FALSE(bundle.copyright.has_value());
  EXPECT_TRUE(bundle.properties.empty());
  EXPECT_EQ(h.Text(), "");
}

TEST(ReadBundleTest, ReportsMissingRequiredKeysAtTheObject) {
  ReaderHarness h(R"({"bundle": {"name": "Test"}})");
  model::Bundle bundle;
  ReadSection(h, [&](const JsonToken& value) {
    EXPECT_TRUE(ReadBundle(h.reader, value, bundle).has_value());
  });
  EXPECT_EQ(h.Text(),
            "d.json:1:12: error: \"bundle\" is missing the required key "
            "\"identifier\" [desc-missing-key]\n"
            "d.json:1:12: error: \"bundle\" is missing the required key "
            "\"version\" [desc-missing-key]\n");
}

TEST(ReadBundleTest, NonObjectGivesNoMembers) {
  ReaderHarness h(R"({"bundle": "com.acme.driver.Test"})");
  model::Bundle bundle;
  ReadSection(h, [&](const JsonToken& value) {
    EXPECT_FALSE(ReadBundle(h.reader, value, bundle).has_value());
  });
  EXPECT_EQ(h.Text(),
            "d.json:1:12: error: \"bundle\" must be an object, not a string "
            "[desc-type]\n");
}

TEST(ReadBundleTest, ReportsBadValuesAtThem) {
  ReaderHarness h(
      "{\"bundle\": {\n"
      "\"identifier\": \"com.acme..x\",\n"
      "\"name\": \"../Test\",\n"
      "\"version\": \"1.0 beta\",\n"
      "\"copyright\": 5,\n"
      "\"properties\": {\"CFBundleVersion\": \"2\", "
      "\"OSBundleRequired_x86_64\": \"Root\"}\n"
      "}}");
  model::Bundle bundle;
  ReadSection(h, [&](const JsonToken& value) {
    EXPECT_TRUE(ReadBundle(h.reader, value, bundle).has_value());
  });
  EXPECT_EQ(
      h.Text(),
      "d.json:2:15: error: \"bundle.identifier\" \"com.acme..x\" is not a "
      "valid bundle identifier: it has an empty label (\"..\" or a leading or "
      "trailing dot); to keep an existing bundle's identifier, add "
      "\"desc-identifier-chars\" to \"lint.disable\" "
      "[desc-identifier-chars]\n"
      "d.json:3:9: error: \"bundle.name\" \"../Test\" must be a plain file "
      "name: a letter or digit, then letters, digits, '_', '.' or '-' (no "
      "'/', no spaces); put a display name in \"bundleName\" [desc-name]\n"
      "d.json:4:12: error: \"bundle.version\" \"1.0 beta\" has text after the "
      "version, which the loader ignores; remove it [desc-version]\n"
      "d.json:5:14: error: \"bundle.copyright\" must be a string, not an "
      "integer [desc-type]\n"
      "d.json:6:16: error: \"bundle.properties\" may not set "
      "\"CFBundleVersion\": codeless writes that key itself from the "
      "descriptor [desc-reserved-key]\n"
      "d.json:6:40: error: \"bundle.properties\" may not set "
      "\"OSBundleRequired_x86_64\": on that architecture the loader would "
      "take it instead of the key codeless writes [desc-reserved-key]\n");
}

std::string BundleNameDiagnostics(const std::string& name) {
  ReaderHarness h(
      "{\"bundle\": {\"identifier\": \"com.acme.driver.Test\", \"version\": "
      "\"1.0\",\n"
      "\"name\": \"" +
      name + "\"}}");
  model::Bundle bundle;
  ReadSection(
      h, [&](const JsonToken& value) { ReadBundle(h.reader, value, bundle); });
  return h.Text();
}

TEST(ReadBundleTest, NameMustBeAPlainFileNameOfAtMost242Characters) {
  auto refused = [](const std::string& name, std::string_view extra = "") {
    return "d.json:2:9: error: \"bundle.name\" \"" + name +
           "\" must be a plain file name: a letter or digit, then letters, "
           "digits, '_', '.' or '-' (no '/', no spaces)" +
           std::string(extra) +
           "; put a display name in \"bundleName\" [desc-name]\n";
  };
  const std::string longest(242, 'a');
  const std::string too_long(243, 'a');
  const std::vector<Case> cases = {
      {"Test", ""},
      {"1Test", ""},
      {"My.Driver-2_x", ""},
      {longest, ""},
      {".hidden", refused(".hidden")},
      {"-x", refused("-x")},
      {"_x", refused("_x")},
      {"My Driver", refused("My Driver")},
      {"a/b", refused("a/b")},
      {too_long, refused(too_long, ", at most 242 characters")},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(BundleNameDiagnostics(c.value), c.diagnostics) << c.value;
  }
}

// --- versions --------------------------------------------------------------

std::string VersionDiagnostics(const std::string& version) {
  ReaderHarness h(
      "{\"bundle\": {\"identifier\": \"com.acme.driver.Test\", \"name\": "
      "\"Test\",\n"
      "\"version\": \"" +
      version + "\"}}");
  model::Bundle bundle;
  ReadSection(
      h, [&](const JsonToken& value) { ReadBundle(h.reader, value, bundle); });
  return h.Text();
}

std::string NotAVersion(const std::string& version, std::string_view why) {
  return "d.json:2:12: error: \"bundle.version\" \"" + version +
         "\" is not a kext version: " + std::string(why) +
         "; use MAJOR[.MINOR[.REVISION]] with an optional stage such as "
         "1.2.3b4 [desc-version]\n";
}

TEST(CheckVersionTest, AcceptsApplesKextVersionGrammar) {
  for (const char* version :
       {"0", "9999", "1.0", "1.99.99", "0.0.0", "1d0", "1.0a0", "1.0b255",
        "1.0d255", "1.0f1", "1.0fc1", "1.0fc255", "1.2.3b4", "1.2b01",
        "9999.99.99fc255"}) {
    EXPECT_EQ(VersionDiagnostics(version), "") << version;
  }
}

TEST(CheckVersionTest, WarnsOfMinorOrRevisionNumbersOfMoreThanTwoDigits) {
  for (const char* version : {"1.100", "1.0.9999", "9999.9999.9999b1"}) {
    EXPECT_EQ(VersionDiagnostics(version),
              "d.json:2:12: warning: \"bundle.version\" \"" +
                  std::string(version) +
                  "\" has a minor or revision number of more than two "
                  "digits; Apple documents at most two "
                  "[bundle-version-digits]\n")
        << version;
  }
}

TEST(CheckVersionTest, RefusesWhatTheLoaderRefuses) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"v1.0", "it must start with a digit"},
      {".1", "it must start with a digit"},
      {"12345", "the major version has more than 4 digits"},
      {"1.12345", "a minor or revision version has more than 4 digits"},
      {"1.2.12345", "a minor or revision version has more than 4 digits"},
      {"1.", "a '.' must be followed by digits"},
      {"1.2.", "a '.' must be followed by digits"},
      {"1.2.3.4", "it has more than three numeric components"},
      {"1.0x1",
       "'x' is not a stage; use d, a, b, f or fc followed by a number"},
      {"1.0B1",
       "'B' is not a stage; use d, a, b, f or fc followed by a number"},
      {"1.0b", "a stage letter must be followed by a number (e.g. 1.0b1)"},
      {"1.0fc", "a stage letter must be followed by a number (e.g. 1.0b1)"},
      {"1.0b256", "a stage level must be at most 255"},
      {"1.0d999", "a stage level must be at most 255"},
      {"1.0b1000", "a stage level has more than 3 digits"},
      {"1.0f0", "a final-candidate level must be at least 1"},
      {"1.0fc0", "a final-candidate level must be at least 1"},
      {"1.0b1x", "unexpected 'x' after the stage level"},
      {"1.0b1.2", "unexpected '.' after the stage level"},
  };
  for (const auto& [version, why] : cases) {
    EXPECT_EQ(VersionDiagnostics(version), NotAVersion(version, why))
        << version;
  }
}

TEST(CheckVersionTest, RefusesTextAfterTheVersionAndOverlongVersions) {
  EXPECT_EQ(VersionDiagnostics("1.0.0 beta"),
            "d.json:2:12: error: \"bundle.version\" \"1.0.0 beta\" has text "
            "after the version, which the loader ignores; remove it "
            "[desc-version]\n");
  // 63 characters: the loader's limit, so only the trailing text is wrong.
  std::string longest = "1.0 " + std::string(59, 'x');
  EXPECT_EQ(VersionDiagnostics(longest),
            "d.json:2:12: error: \"bundle.version\" \"" + longest +
                "\" has text after the version, which the loader ignores; "
                "remove it [desc-version]\n");
  EXPECT_EQ(VersionDiagnostics(std::string(64, '1')),
            "d.json:2:12: error: \"bundle.version\" is 64 characters long; "
            "kextutil and kmutil refuse more than 63; shorten it "
            "[desc-version]\n");
}

// --- driver ----------------------------------------------------------------

struct DriverRead {
  std::optional<model::DriverRef> driver;
  std::string diagnostics;
};

TEST(ReadDriverTest, ReadsAClassName) {
  ReaderHarness h(R"({"driver": "IO\u0053ervice", "next": "\u0041"})");
  std::optional<model::DriverRef> driver;
  h.EachMember([&](std::string_view name, const JsonToken& value) {
    if (name == "driver") {
      driver = ReadDriver(h.reader, value);
    } else {
      h.reader.String(value);
    }
  });
  ASSERT_TRUE(driver.has_value());
  EXPECT_EQ(driver->class_name.value, "IOService");
  EXPECT_FALSE(driver->bundle.has_value());
  EXPECT_EQ(h.Where(driver->origin, diag::Part::kKey), "1:2");
  EXPECT_EQ(h.Where(driver->origin), "1:12");
  EXPECT_EQ(h.Where(driver->class_name.origin), "1:12");
  EXPECT_EQ(h.Text(), "");
}

TEST(ReadDriverTest, ReadsAClassAndBundleObject) {
  ReaderHarness h(
      R"({"driver": {"class": "AppleUSBXHCISPT", "bundle": "com.apple.driver.usb.AppleUSBXHCIPCI"}})");
  std::optional<model::DriverRef> driver;
  ReadSection(
      h, [&](const JsonToken& value) { driver = ReadDriver(h.reader, value); });
  ASSERT_TRUE(driver.has_value());
  EXPECT_EQ(driver->class_name.value, "AppleUSBXHCISPT");
  ASSERT_TRUE(driver->bundle.has_value());
  EXPECT_EQ(driver->bundle->value, "com.apple.driver.usb.AppleUSBXHCIPCI");
  EXPECT_EQ(h.Where(driver->origin), "1:12");
  EXPECT_EQ(h.Where(driver->class_name.origin, diag::Part::kKey), "1:13");
  EXPECT_EQ(h.Where(driver->class_name.origin), "1:22");
  EXPECT_EQ(h.Where(driver->bundle->origin, diag::Part::kKey), "1:41");
  EXPECT_EQ(h.Where(driver->bundle->origin), "1:51");
  EXPECT_EQ(h.Text(), "");
}

DriverRead ReadDriverJson(const std::string& json) {
  ReaderHarness h(json);
  DriverRead result;
  ReadSection(h, [&](const JsonToken& value) {
    result.driver = ReadDriver(h.reader, value);
  });
  result.diagnostics = h.Text();
  return result;
}

TEST(ReadDriverTest, RefusesWhatIsNoDriver) {
  const std::vector<Case> cases = {
      {R"({"driver": {"class": "IOService"}})",
       "d.json:1:12: error: \"driver\" is missing the required key \"bundle\" "
       "[desc-missing-key]\n"},
      {R"({"driver": {"bundle": "com.apple.kpi.iokit"}})",
       "d.json:1:12: error: \"driver\" is missing the required key \"class\" "
       "[desc-missing-key]\n"},
      {R"({"driver": "IO Service"})",
       "d.json:1:12: error: \"driver\" \"IO Service\" is not a class name "
       "(letters, digits and '_'), such as AppleUSBACMData [desc-value]\n"},
      {R"({"driver": ""})",
       "d.json:1:12: error: \"driver\" must not be empty [desc-value]\n"},
      {R"({"driver": {"class": "2x", "bundle": "com.apple.kpi.iokit"}})",
       "d.json:1:22: error: \"driver.class\" \"2x\" is not a class name "
       "(letters, digits and '_'), such as AppleUSBACMData [desc-value]\n"},
      {R"({"driver": 5})",
       "d.json:1:12: error: \"driver\" must be a class name or an object "
       "{\"class\", \"bundle\"}, not an integer [desc-type]\n"},
      {R"({"driver": {"class": "IOService", "bundel": "com.apple.kpi.iokit"}})",
       "d.json:1:35: error: unknown key \"bundel\" in \"driver\"; did you "
       "mean \"bundle\"? [desc-unknown-key]\n"},
  };
  for (const Case& c : cases) {
    DriverRead read = ReadDriverJson(c.value);
    EXPECT_EQ(read.diagnostics, c.diagnostics) << c.value;
    EXPECT_FALSE(read.driver.has_value()) << c.value;
  }
}

TEST(ReadDriverTest, ChecksTheBundleIdentifier) {
  DriverRead underscore = ReadDriverJson(
      R"({"driver": {"class": "IOService", "bundle": "com.acme.my_kext"}})");
  EXPECT_TRUE(underscore.driver.has_value());
  EXPECT_EQ(underscore.diagnostics,
            "d.json:1:45: warning: \"driver.bundle\" \"com.acme.my_kext\": it "
            "has '_', which Apple documents nowhere in bundle identifiers "
            "(letters, digits, '-' and '.'); the loader accepts it, but "
            "prefer '-' [desc-identifier-chars]\n");
  DriverRead space = ReadDriverJson(
      R"({"driver": {"class": "IOService", "bundle": "com apple"}})");
  EXPECT_EQ(space.diagnostics,
            "d.json:1:45: error: \"driver.bundle\" \"com apple\" is not a "
            "valid bundle identifier: ' ' is not allowed; use letters, "
            "digits, '-' and '.' (reverse DNS, e.g. com.acme.driver.Mouse); "
            "to keep an existing bundle's identifier, add "
            "\"desc-identifier-chars\" to \"lint.disable\" "
            "[desc-identifier-chars]\n");
}

// --- kext ------------------------------------------------------------------

TEST(ReadKextTest, ReadsDriverAndBundleRequired) {
  ReaderHarness h(
      R"({"kext": {"driver": "IOService", "bundleRequired": "Local-Root"}})");
  model::KextSection kext;
  ReadSection(
      h, [&](const JsonToken& value) { kext = ReadKext(h.reader, value); });
  ASSERT_TRUE(kext.driver.has_value());
  EXPECT_EQ(kext.driver->class_name.value, "IOService");
  ASSERT_TRUE(kext.bundle_required.has_value());
  EXPECT_EQ(kext.bundle_required->value, "Local-Root");
  EXPECT_EQ(h.Where(kext.origin), "1:10");
  EXPECT_EQ(h.Text(), "");
}

std::string KextDiagnostics(const std::string& json) {
  ReaderHarness h(json);
  ReadSection(h, [&](const JsonToken& value) { ReadKext(h.reader, value); });
  return h.Text();
}

TEST(ReadKextTest, RefusesBadBundleRequiredAndNonObjects) {
  EXPECT_EQ(KextDiagnostics(R"({"kext": {"bundleRequired": "root"}})"),
            "d.json:1:29: error: \"kext.bundleRequired\" \"root\" is not one "
            "of Root, Local-Root, Network-Root, Safe Boot, Console; did you "
            "mean \"Root\"? [desc-value]\n");
  EXPECT_EQ(KextDiagnostics(R"({"kext": {"bundleRequired": "Nope"}})"),
            "d.json:1:29: error: \"kext.bundleRequired\" \"Nope\" is not one "
            "of Root, Local-Root, Network-Root, Safe Boot, Console "
            "[desc-value]\n");
  EXPECT_EQ(KextDiagnostics(R"({"kext": "IOService"})"),
            "d.json:1:10: error: \"kext\" must be an object, not a string "
            "[desc-type]\n");
}

// --- dext ------------------------------------------------------------------

TEST(ReadDextTest, ReadsEveryMember) {
  ReaderHarness h(
      "{\"dext\": {\"class\": \"AcmeDriver\", \"superclass\": \"IOService\", "
      "\"serverName\": \"com.acme.server\",\n"
      "\"minimumDriverKitVersion\": \"21.4.1\", \"entitlements\": "
      "{\"com.apple.developer.driverkit.transport.usb\": [{\"idVendor\": "
      "1452}]}}}");
  model::DextSection dext;
  ReadSection(
      h, [&](const JsonToken& value) { dext = ReadDext(h.reader, value); });
  EXPECT_EQ(dext.class_name.value, "AcmeDriver");
  EXPECT_EQ(h.Where(dext.class_name.origin), "1:20");
  EXPECT_EQ(dext.superclass.value, "IOService");
  ASSERT_TRUE(dext.server_name.has_value());
  EXPECT_EQ(dext.server_name->value, "com.acme.server");
  ASSERT_TRUE(dext.minimum_driverkit_version.has_value());
  EXPECT_EQ(dext.minimum_driverkit_version->value, "21.4.1");
  EXPECT_EQ(h.Where(dext.minimum_driverkit_version->origin), "2:28");
  EXPECT_EQ(dext.entitlements,
            (plist::Dict{{"com.apple.developer.driverkit.transport.usb",
                          plist::Value(plist::Array{plist::Value(plist::Dict{
                              {"idVendor", plist::Value(1452)}})})}}));
  EXPECT_EQ(h.Text(), "");
}

TEST(ReadDextTest, ReportsMissingClassAndSuperclass) {
  ReaderHarness h(R"({"dext": {}})");
  ReadSection(h, [&](const JsonToken& value) { ReadDext(h.reader, value); });
  EXPECT_EQ(h.Text(),
            "d.json:1:10: error: \"dext\" is missing the required key "
            "\"class\" [desc-missing-key]\n"
            "d.json:1:10: error: \"dext\" is missing the required key "
            "\"superclass\" [desc-missing-key]\n");
}

TEST(ReadDextTest, ReportsBadValuesAtThem) {
  ReaderHarness h(
      "{\"dext\": {\n"
      "\"class\": \"class\",\n"
      "\"superclass\": \"IO Service\",\n"
      "\"minimumDriverKitVersion\": \"20.0.1.2\"\n"
      "}}");
  ReadSection(h, [&](const JsonToken& value) { ReadDext(h.reader, value); });
  EXPECT_EQ(h.Text(),
            "d.json:2:10: error: \"dext.class\" \"class\" cannot name the "
            "generated C++ class: it is a C++ keyword or a name DriverKit "
            "reserves [desc-cpp-name]\n"
            "d.json:3:15: error: \"dext.superclass\" \"IO Service\" is not a "
            "class name (letters, digits and '_'), such as IOService "
            "[desc-value]\n"
            "d.json:4:28: error: \"dext.minimumDriverKitVersion\" \"20.0.1.2\" "
            "must be a DriverKit version such as \"20.0\" or \"21.4\" "
            "[desc-value]\n");
}

TEST(ReadDextTest, ClassMustNameAUsableCppClass) {
  auto diagnostics = [](const std::string& name) {
    ReaderHarness h(
        "{\"dext\": {\"superclass\": \"IOService\",\n"
        "\"class\": \"" +
        name + "\"}}");
    ReadSection(h, [&](const JsonToken& value) { ReadDext(h.reader, value); });
    return h.Text();
  };
  auto cannot = [](const std::string& name, std::string_view why) {
    return "d.json:2:10: error: \"dext.class\" \"" + name +
           "\" cannot name the generated C++ class: " + std::string(why) +
           " [desc-cpp-name]\n";
  };
  constexpr std::string_view kReserved =
      "names with a double underscore or an underscore and a capital are "
      "reserved to the compiler";
  const std::vector<Case> cases = {
      {"AcmeDriver", ""},
      {"_acme", ""},
      {std::string(255, 'A'), ""},
      {"__acme", cannot("__acme", kReserved)},
      {"Acme__Driver", cannot("Acme__Driver", kReserved)},
      {"_Acme", cannot("_Acme", kReserved)},
      {"IMPL", cannot("IMPL",
                      "it is a C++ keyword or a name DriverKit "
                      "reserves")},
      {"2Acme", cannot("2Acme",
                       "it is not a C++ identifier (letters, digits "
                       "and '_', not starting with a digit)")},
      {std::string(256, 'A'),
       "d.json:2:10: error: \"dext.class\" is 256 characters long; a class "
       "name has at most 255 [desc-value]\n"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(diagnostics(c.value), c.diagnostics) << c.value;
  }
}

TEST(ReadDextTest, MinimumDriverKitVersionHasUpToThreeComponents) {
  auto diagnostics = [](const std::string& version) {
    ReaderHarness h(
        "{\"dext\": {\"class\": \"AcmeDriver\", \"superclass\": "
        "\"IOService\",\n"
        "\"minimumDriverKitVersion\": \"" +
        version + "\"}}");
    ReadSection(h, [&](const JsonToken& value) { ReadDext(h.reader, value); });
    return h.Text();
  };
  auto refused = [](const std::string& version) {
    return "d.json:2:28: error: \"dext.minimumDriverKitVersion\" \"" + version +
           "\" must be a DriverKit version such as \"20.0\" or \"21.4\" "
           "[desc-value]\n";
  };
  const std::string longest = "1234567890.1234567890.1234567890";  // 32
  const std::string too_long = longest + "1";
  const std::vector<Case> cases = {
      {"20", ""},
      {"20.0", ""},
      {"21.4.1", ""},
      {longest, ""},
      {too_long, refused(too_long)},
      {"20.", refused("20.")},
      {".20", refused(".20")},
      {"20..0", refused("20..0")},
      {"20.0.1.2", refused("20.0.1.2")},
      {"v20", refused("v20")},
      {"20.0b1", refused("20.0b1")},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(diagnostics(c.value), c.diagnostics) << c.value;
  }
}

// --- the whole descriptor --------------------------------------------------

struct WholeRead {
  std::unique_ptr<diag::SourceFile> file;
  std::optional<model::Descriptor> descriptor;
  std::string diagnostics;

  explicit WholeRead(std::string json)
      : file(std::make_unique<diag::SourceFile>("d.json", std::move(json))) {
    diag::Diagnostics diags;
    descriptor = Read(*file, diags);
    diagnostics = diag::RenderText(diags.all());
  }
  std::string Where(model::OriginId id, diag::Part part) const {
    diag::Location location = descriptor->At(id, part);
    diag::LineColumn position = file->Position(location.offset);
    return std::to_string(position.line) + ":" +
           std::to_string(position.column);
  }
};

TEST(ReadDescriptorTest, ReportsEveryMissingSectionAtTheTop) {
  WholeRead read("{}");
  EXPECT_FALSE(read.descriptor.has_value());
  EXPECT_EQ(read.diagnostics,
            "d.json:1:1: error: the descriptor is missing the required key "
            "\"formatVersion\" [desc-missing-key]\n"
            "d.json:1:1: error: the descriptor is missing the required key "
            "\"bundle\" [desc-missing-key]\n"
            "d.json:1:1: error: the descriptor has neither a \"kext\" nor a "
            "\"dext\" section; add one to say what to generate "
            "[desc-missing-key]\n"
            "d.json:1:1: error: the descriptor is missing the required key "
            "\"personalities\" [desc-missing-key]\n");
}

TEST(ReadDescriptorTest, ChecksFormatVersionSchemaAndDextUsageDescription) {
  WholeRead read(
      "{\"$schema\": 5, \"formatVersion\": 2,\n"
      "\"bundle\": {\"identifier\": \"com.acme.driver.Test\", \"name\": "
      "\"Test\", \"version\": \"1.0\"},\n"
      "\"dext\": {\"class\": \"AcmeDriver\", \"superclass\": \"IOService\"},\n"
      "\"personalities\": [{\"name\": \"A\", \"provider\": "
      "\"IOUserResources\", \"match\": {}}]}");
  EXPECT_FALSE(read.descriptor.has_value());
  EXPECT_EQ(read.diagnostics,
            "d.json:1:13: error: \"$schema\" must be a string, not an integer "
            "[desc-type]\n"
            "d.json:1:33: error: format version 2 is not supported; this "
            "codeless reads format version 1 [desc-format-version]\n"
            "d.json:2:11: error: \"bundle\" needs \"usageDescription\" when "
            "the descriptor has a \"dext\" section: the system refuses to "
            "activate a dext without OSBundleUsageDescription "
            "[desc-missing-key]\n");
}

TEST(ReadDescriptorTest, FormatVersionMustBeTheInteger1) {
  WholeRead string_version(
      R"({"formatVersion": "1", "bundle": {"identifier": "com.acme.driver.Test", "name": "Test", "version": "1.0"}, "kext": {}, "personalities": [{"name": "A", "provider": "IOUserResources", "match": {}}]})");
  EXPECT_EQ(string_version.diagnostics,
            "d.json:1:19: error: \"formatVersion\" must be the integer 1, not "
            "a string [desc-type]\n");
  WholeRead fraction(
      R"({"formatVersion": 1.0, "bundle": {"identifier": "com.acme.driver.Test", "name": "Test", "version": "1.0"}, "kext": {}, "personalities": [{"name": "A", "provider": "IOUserResources", "match": {}}]})");
  EXPECT_EQ(fraction.diagnostics,
            "d.json:1:19: error: \"formatVersion\" must be the integer 1, not "
            "a non-integer number [desc-type]\n");
}

TEST(ReadDescriptorTest, ReadsAWholeKextDescriptorWithEscapes) {
  WholeRead read(
      "{\"formatVersion\": 1, \"$schema\": \"\", \"$comment\": [1],\n"
      "\"bundle\": {\"identifier\": \"com.acme.driver.Test\", \"name\": "
      "\"Test\", \"version\": \"1.0\"},\n"
      "\"kext\": {\"driver\": \"IOService\"},\n"
      "\"personalities\": [\n"
      "{\"name\": \"A\", \"provider\": \"IOUSBHostDevice\", \"match\": "
      "{\"id\\u0056endor\": \"0x05AC\", \"idProduct\": 1}}]}");
  EXPECT_EQ(read.diagnostics, "");
  ASSERT_TRUE(read.descriptor.has_value());
  const model::Descriptor& d = *read.descriptor;
  EXPECT_EQ(d.bundle.identifier.value, "com.acme.driver.Test");
  ASSERT_TRUE(d.kext.has_value());
  EXPECT_FALSE(d.dext.has_value());
  EXPECT_EQ(d.kext->driver->class_name.value, "IOService");
  ASSERT_EQ(d.personalities.size(), 1u);
  const plist::Value* vendor = d.personalities[0].match.Get("idVendor");
  ASSERT_NE(vendor, nullptr);
  EXPECT_EQ(*vendor, plist::Value(1452));
  EXPECT_EQ(read.Where(vendor->tag(), diag::Part::kKey), "5:56");
  EXPECT_EQ(read.Where(vendor->tag(), diag::Part::kValue), "5:73");
}

}  // namespace
}  // namespace codeless::descriptor
