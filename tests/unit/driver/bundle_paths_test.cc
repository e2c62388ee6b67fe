// Which files `validate` reads behind a path (driver/bundle_paths.h): a
// kext's Contents/PlugIns/ kexts, folders of bundles and plists, in a fixed
// order, and what it says when a folder holds nothing to validate.
#include "codeless/driver/bundle_paths.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codeless/diag/render.h"
#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"
#include "unit/validate/validate_test_support.h"

namespace codeless::driver {
namespace {

using namespace validate::fixtures;  // NOLINT: the builders

RunResult Validate(base::InMemoryFileSystem& fs,
                   std::vector<std::string> paths) {
  Options options;
  options.command = Command::kValidate;
  options.paths = std::move(paths);
  return Run(options, fs);
}

// What VisitBundles hands the validator, one line per bundle: its files'
// paths, and the layout where it is a bundle directory.
std::vector<std::string> Visited(const base::InMemoryFileSystem& fs,
                                 const std::string& path,
                                 diag::Diagnostics& diags) {
  std::vector<std::string> visited;
  VisitBundles(path, fs, diags, [&](const validate::BundleFiles& files) {
    std::string line;
    if (files.info_plist != nullptr) line += files.info_plist->path();
    if (files.entitlements != nullptr) {
      line += (line.empty() ? "" : " + ") + files.entitlements->path();
    }
    switch (files.layout) {
      case validate::BundleLayout::kKextBundle:
        line += " (kext)";
        break;
      case validate::BundleLayout::kBuiltDext:
        line += " (built dext)";
        break;
      case validate::BundleLayout::kSourceFolder:
        line += " (source folder)";
        break;
      default:
        break;
    }
    visited.push_back(std::move(line));
  });
  return visited;
}

std::string KextWithExecutable() {
  return Kext(Personality("P", UsbBody()),
              String("CFBundleExecutable", "Acme"));
}

// Each plug-in is a bundle of its own, after its host, by name, and its
// plug-ins after it; findings name the plug-in's Info.plist.
TEST(BundlePathsTest, KextPlugInsAreValidatedEachAsItsOwnBundle) {
  base::InMemoryFileSystem fs;
  fs.files["A.kext/Contents/Info.plist"] = Kext(Personality("P", UsbBody()));
  fs.files["A.kext/Contents/PlugIns/C.kext/Contents/Info.plist"] =
      KextWithExecutable();
  fs.files["A.kext/Contents/PlugIns/B.kext/Contents/Info.plist"] =
      KextWithExecutable();
  fs.files["A.kext/Contents/PlugIns/B.kext/Contents/MacOS/Acme"] = "\xCF";
  fs.files
      ["A.kext/Contents/PlugIns/B.kext/Contents/PlugIns/D.kext/Contents/"
       "Info.plist"] = KextWithExecutable();
  fs.files["A.kext/Contents/PlugIns/notes.txt"] = "not a kext";
  diag::Diagnostics diags;
  EXPECT_EQ(Visited(fs, "A.kext/", diags),
            (std::vector<std::string>{
                "A.kext/Contents/Info.plist (kext)",
                "A.kext/Contents/PlugIns/B.kext/Contents/Info.plist (kext)",
                "A.kext/Contents/PlugIns/B.kext/Contents/PlugIns/D.kext/"
                "Contents/Info.plist (kext)",
                "A.kext/Contents/PlugIns/C.kext/Contents/Info.plist (kext)"}));
  EXPECT_TRUE(diags.all().empty());

  RunResult result = Validate(fs, {"A.kext"});
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(diag::RenderText(result.diagnostics),
            "A.kext/Contents/PlugIns/B.kext/Contents/PlugIns/D.kext/Contents/"
            "Info.plist:8:30: error: CFBundleExecutable is \"Acme\", but the "
            "bundle has no Contents/MacOS/Acme; add the executable, or for a "
            "codeless kext remove the key [kext-executable-missing]\n"
            "A.kext/Contents/PlugIns/C.kext/Contents/Info.plist:8:30: error: "
            "CFBundleExecutable is \"Acme\", but the bundle has no "
            "Contents/MacOS/Acme; add the executable, or for a codeless kext "
            "remove the key [kext-executable-missing]\n");
}

// A plug-in without an Info.plist is reported.
TEST(BundlePathsTest, EmptyPlugInIsReported) {
  base::InMemoryFileSystem fs;
  fs.files["A.kext/Contents/Info.plist"] = Kext(Personality("P", UsbBody()));
  fs.files["A.kext/Contents/PlugIns/B.kext/Contents/Resources/en.txt"] = "";
  RunResult result = Validate(fs, {"A.kext"});
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(diag::RenderText(result.diagnostics),
            "A.kext/Contents/PlugIns/B.kext: error: this folder holds neither "
            "Contents/Info.plist, Info.plist nor an .entitlements file; give "
            "a plist, a .kext, a dext source folder or a folder that holds "
            "them [io-read]\n");
}

// A folder of bundles and plists: each entry by name, each read as
// `validate` reads it on its own; hidden folders, packages without drivers
// and files that are no plist are passed over.
TEST(BundlePathsTest, FolderIsWalkedInNameOrder) {
  base::InMemoryFileSystem fs;
  const std::string kext = Kext(Personality("P", UsbBody()));
  fs.files["drivers/z.plist"] = kext;
  fs.files["drivers/README.md"] = "# drivers";
  fs.files["drivers/.git/Info.plist"] = "junk";
  fs.files["drivers/Acme.xcodeproj/xcuserdata/x.plist"] = "junk";
  fs.files["drivers/B.kext/Contents/Info.plist"] = kext;
  fs.files["drivers/B.kext/Contents/PlugIns/P.kext/Contents/Info.plist"] = kext;
  fs.files["drivers/Acme/Info.plist"] = Dext(Personality("P", DextUsbBody()));
  fs.files["drivers/Acme/Acme.entitlements"] = Entitlements("");
  fs.files["drivers/Acme/Sub/ignored.plist"] = "inside a source folder";
  fs.files["drivers/build/Release/Acme.dext/Info.plist"] =
      Dext(Personality("P", DextUsbBody()));
  // A folder with an .entitlements file is a dext source folder.
  fs.files["drivers/ents/x.entitlements"] = Entitlements("");
  fs.files["drivers/more/deeper/y.plist.in"] = kext;
  diag::Diagnostics diags;
  EXPECT_EQ(
      Visited(fs, "drivers", diags),
      (std::vector<std::string>{
          "drivers/Acme/Info.plist + drivers/Acme/Acme.entitlements (source "
          "folder)",
          "drivers/B.kext/Contents/Info.plist (kext)",
          "drivers/B.kext/Contents/PlugIns/P.kext/Contents/Info.plist (kext)",
          "drivers/build/Release/Acme.dext/Info.plist (built dext)",
          "drivers/ents/x.entitlements (source folder)",
          "drivers/more/deeper/y.plist.in", "drivers/z.plist"}));
  EXPECT_TRUE(diags.all().empty());
}

// Findings of every bundle of a folder, in the walk's order.
TEST(BundlePathsTest, FolderFindingsNameEachFile) {
  base::InMemoryFileSystem fs;
  fs.files["dir/a/A.kext/Contents/Info.plist"] = KextWithExecutable();
  fs.files["dir/b.plist"] = Plist("<array/>\n");
  RunResult result = Validate(fs, {"dir/"});
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(diag::RenderText(result.diagnostics),
            "dir/a/A.kext/Contents/Info.plist:8:30: error: CFBundleExecutable "
            "is \"Acme\", but the bundle has no Contents/MacOS/Acme; add the "
            "executable, or for a codeless kext remove the key "
            "[kext-executable-missing]\n"
            "dir/b.plist:4:1: error: an Info.plist holds a <dict> at its top "
            "level, not a <array> [bundle-type]\n");
}

TEST(BundlePathsTest, FolderWithNothingToValidateIsReported) {
  base::InMemoryFileSystem fs;
  fs.files["docs/notes.txt"] = "hello";
  fs.files["docs/App.app/Contents/Info.plist"] = "not looked at";
  fs.directories.push_back("empty");
  const std::string kNothing =
      ": error: this folder holds nothing to validate: no .kext, .dext or "
      "dext source folder (Info.plist, *.entitlements) and no .plist or "
      ".entitlements file, in it or its subfolders; give a plist, a .kext, a "
      "dext source folder or a folder that holds them [io-read]\n";
  RunResult docs = Validate(fs, {"docs"});
  EXPECT_EQ(docs.exit_code, kExitInvalid);
  EXPECT_EQ(diag::RenderText(docs.diagnostics), "docs" + kNothing);
  RunResult empty = Validate(fs, {"empty"});
  EXPECT_EQ(empty.exit_code, kExitInvalid);
  EXPECT_EQ(diag::RenderText(empty.diagnostics), "empty" + kNothing);
}

// Folders nested deeper than kMaxFolderDepth (a symbolic link loop on a
// real disk) are reported once, not followed.
TEST(BundlePathsTest, DeepNestingStops) {
  base::InMemoryFileSystem fs;
  std::string path = "top";
  for (int i = 0; i <= kMaxFolderDepth; ++i) path += "/d";
  fs.files[path + "/x.plist"] = Kext(Personality("P", UsbBody()));
  RunResult result = Validate(fs, {"top"});
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(diag::RenderText(result.diagnostics),
            path +
                ": error: folders and plug-ins nest more than 16 deep here (a "
                "symbolic link that loops?); codeless reads no deeper "
                "[io-read]\n"
                "top: error: this folder holds nothing to validate: no .kext, "
                ".dext or dext source folder (Info.plist, *.entitlements) and "
                "no .plist or .entitlements file, in it or its subfolders; "
                "give a plist, a .kext, a dext source folder or a folder that "
                "holds them [io-read]\n");
}

}  // namespace
}  // namespace codeless::driver
