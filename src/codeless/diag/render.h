// Diagnostics as text for people and editors, or as one JSON or SARIF
// document for machines.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codeless/diag/diagnostic.h"

namespace codeless::diag {

enum class Format { kText, kJson, kSarif };

// One line per diagnostic, GNU style, which Xcode and editors parse:
// "PATH:LINE:COLUMN: error: MESSAGE [RULE]". Without a position the line
// and column are left out; without a file the program name stands first.
// A finding in one of several bundles of a file says which: "MESSAGE" is
// "in BUNDLE-IDENTIFIER: ...".
std::string RenderText(std::span<const Diagnostic> diagnostics);

// {"diagnostics": [{"severity", "rule", "message", "path", "line",
// "column"}, ...], "errors": N, "warnings": N}, pretty-printed; a finding in
// one of several bundles of a file also has "bundle" (its identifier).
// `extra` adds members after those: named lists of strings (generate's
// "written", "unchanged", "removed") and named texts ("diff").
struct JsonMembers {
  std::vector<std::pair<std::string_view, std::vector<std::string>>> lists;
  std::vector<std::pair<std::string_view, std::string>> texts;
};
std::string RenderJson(std::span<const Diagnostic> diagnostics,
                       const JsonMembers& extra = {});

// A SARIF 2.1.0 log with one run, every rule's metadata and one result per
// diagnostic (the bundle, where there is one, in the message text as in
// RenderText and in the result's properties).
std::string RenderSarif(std::span<const Diagnostic> diagnostics,
                        std::string_view tool_version);

}  // namespace codeless::diag
