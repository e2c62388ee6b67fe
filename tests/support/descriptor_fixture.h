// Descriptors read from JSON text, with the bundled catalog, for the unit
// tests of the stages after the reader: diagnostics then carry real lines
// and columns.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "codeless/catalog/catalog.h"
#include "codeless/descriptor/reader.h"
#include "codeless/resolve/resolve.h"
#include "codeless/diag/render.h"

namespace codeless::testing {

inline const catalog::Catalog& BundledCatalog() {
  static const catalog::Catalog kCatalog = catalog::Catalog::Bundled();
  return kCatalog;
}

struct ReadDescriptor {
  std::unique_ptr<diag::SourceFile> file;
  std::optional<model::Descriptor> descriptor;

  // Reads `json`; a reader diagnostic fails the test.
  explicit ReadDescriptor(std::string json)
      : file(std::make_unique<diag::SourceFile>("d.json", std::move(json))) {
    diag::Diagnostics diags;
    descriptor = descriptor::Read(*file, diags);
    EXPECT_EQ(diag::RenderText(diags.all()), "");
    EXPECT_TRUE(descriptor.has_value());
  }
};

// A descriptor read and resolved; the reader must accept it, the resolve
// stage may report (its diagnostics are kept).
struct ResolveDescriptor {
  ReadDescriptor read;
  std::optional<model::Resolved> resolved;
  std::vector<diag::Diagnostic> diagnostics;
  std::string text;  // the diagnostics, rendered

  explicit ResolveDescriptor(std::string json) : read(std::move(json)) {
    if (!read.descriptor) return;
    diag::Diagnostics diags;
    resolved = resolve::Resolve(*read.descriptor, BundledCatalog(), diags);
    diagnostics = diags.all();
    text = diag::RenderText(diagnostics);
  }
};

// A descriptor with a dext section and the given personalities (a JSON
// array) and dext members (JSON object members after "superclass").
inline std::string DextDescriptor(std::string_view superclass,
                                  std::string_view personalities,
                                  std::string_view dext_extra = "") {
  std::string json = R"({
  "formatVersion": 1,
  "bundle": {"identifier": "com.acme.driver.Test", "name": "Test", "version": "1.0",
             "usageDescription": "Test."},
  "dext": {"class": "TestDriver", "superclass": ")";
  json += superclass;
  json += "\"";
  json += dext_extra;
  json += "},\n  \"personalities\": ";
  json += personalities;
  json += "\n}\n";
  return json;
}

}  // namespace codeless::testing
