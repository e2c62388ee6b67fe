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

// What a SARIF log records of the run besides its results (its one
// `invocations` entry).
struct SarifRun {
  std::string_view tool_version;
  int exit_code = 0;
  // Whether the tool ran to completion, so that the results are all it
  // found: true also when they are errors and the exit code says so; false
  // after an internal error.
  bool execution_successful = true;
};

// A SARIF 2.1.0 log with one run: the tool with every rule's metadata, one
// invocation (exit code, success), columnKind "unicodeCodePoints" (start
// columns count code points, where text and JSON count bytes), and one
// result per diagnostic (the bundle, where there is one, in the message
// text as in RenderText and in the result's properties). Paths become URIs:
// a relative path a relative reference, an absolute one a file:// URI, each
// byte outside RFC 3986's unreserved set and '/' %-encoded.
std::string RenderSarif(std::span<const Diagnostic> diagnostics,
                        const SarifRun& run);

}  // namespace codeless::diag
