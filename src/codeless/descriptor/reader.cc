#include "codeless/descriptor/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "codeless/base/json_cursor.h"
#include "codeless/descriptor/sections.h"
#include "codeless/descriptor/value_reader.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {
namespace {

// What to tell the vendor about a JSON syntax error at `offset`, beyond
// the cursor's own message: the two mistakes people make most (a plist
// given for a descriptor, a comment) get their own advice.
struct SyntaxAdvice {
  const diag::Rule& rule;
  std::string message;
};

SyntaxAdvice Advise(std::string_view text, const base::JsonError& error) {
  std::string_view at =
      text.substr(std::min<size_t>(error.offset, text.size()));
  size_t first = text.find_first_not_of(" \t\r\n");
  if (error.offset == first && at.starts_with("<")) {
    return {diag::rules::kInputKind,
            "this is XML (a plist?), not a JSON descriptor; `codeless "
            "validate` checks a plist, and `codeless import` turns a kext's "
            "Info.plist or a dext's sources into a descriptor"};
  }
  if (at.starts_with("//") || at.starts_with("/*")) {
    return {diag::rules::kJsonSyntax,
            fmt::format("{}; JSON has no comments: write the note as a "
                        "\"$comment\" member, which codeless ignores "
                        "everywhere",
                        error.message)};
  }
  return {diag::rules::kJsonSyntax,
          fmt::format("{}; the descriptor must be valid JSON (RFC 8259)",
                      error.message)};
}

}  // namespace

std::optional<model::Descriptor> Read(const diag::SourceFile& file,
                                      diag::Diagnostics& diags,
                                      const Environment* environment) {
  size_t first = diags.all().size();
  size_t errors_before = diags.error_count();
  model::Descriptor descriptor;
  descriptor.source = &file;
  base::JsonCursor cursor(file.text());
  ValueReader reader(file, cursor, diags, descriptor.origins,
                     descriptor.strings);
  reader.SetEnvironment(environment);
  JsonToken root;
  if (cursor.Next(root)) {
    ReadDescriptor(reader, root, descriptor);
    cursor.Finish();
  }
  if (cursor.failed()) {
    const base::JsonError& error = cursor.error();
    diag::Location where = diag::Location::At(file, error.offset);
    if (error.complete) {
      diags.Error(
          error.too_deep ? diag::rules::kJsonDepth : diag::rules::kJsonSyntax,
          where, error.message);
    } else {
      SyntaxAdvice advice = Advise(file.text(), error);
      diags.Error(advice.rule, where, std::move(advice.message));
    }
  }
  // Checks made once an object is complete report after its members.
  diags.SortByPosition(first);
  descriptor.origins.Compact();
  if (diags.error_count() != errors_before) return std::nullopt;
  return descriptor;
}

}  // namespace codeless::descriptor
