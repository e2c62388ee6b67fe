// `codeless import` (PRODUCT.md §6): an existing codeless kext's or dext
// source's Info.plist, read by validate's kernel-grammar reader, turned
// into a format-v1 descriptor meant to regenerate it exactly.
//
// The importer maps each key to the descriptor member that writes it back
// and names, as import-lossy errors located at the plist node, every key or
// value it cannot carry over. It does not decide alone that the result
// round-trips: the driver regenerates the bundle from the descriptor and
// compares (CompareBundles below), so a mapping mistake shows as an error,
// never as a silent change.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/diag/source_file.h"
#include "codeless/validate/plist_document.h"

namespace codeless::importer {

struct ImportInput {
  // The Info.plist, parsed; `info_file` is the file it was parsed from.
  const diag::SourceFile* info_file = nullptr;
  const validate::Node* info = nullptr;
  // A dext source folder's entitlements, when there are any.
  const diag::SourceFile* entitlements_file = nullptr;
  const validate::Node* entitlements = nullptr;
  // The bundle's folder name without its extension ("USBMap" for
  // USBMap.kext), or empty for a lone Info.plist: it becomes bundle.name.
  std::string bundle_name;
  // The path as the user gave it, for the descriptor's "$comment".
  std::string source_label;
};

struct ImportResult {
  // The descriptor, pretty JSON ending in a newline; empty when nothing
  // could be written (the input is no bundle import can read).
  std::string descriptor;
  // The descriptor's kind of target: true for a kext, false for a dext.
  bool kext = true;
};

// Builds the descriptor. Every key that cannot be carried over is an
// import-lossy error; an input that is no codeless kext or dext source at
// all (no dict, no personalities, a CFBundlePackageType import does not
// know) is an import-input error and gives an empty descriptor.
ImportResult Import(const ImportInput& input, const catalog::Catalog& catalog,
                    diag::Diagnostics& diags);

// Compares an original plist with the one generated from the imported
// descriptor, as parsed values: dict key order and how integers and data
// are spelled do not matter, types and values do. Each difference is an
// import-lossy error at the original's node (or, for a key only the
// generated file has, at the original's dict). `what` names the file in
// messages ("Info.plist", "entitlements"). Returns the number of
// differences.
size_t CompareBundles(const diag::SourceFile& original_file,
                      const validate::Node& original,
                      const validate::Node& regenerated, std::string_view what,
                      diag::Diagnostics& diags);

}  // namespace codeless::importer
