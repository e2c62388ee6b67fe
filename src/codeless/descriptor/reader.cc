#include "codeless/descriptor/reader.h"

#include <fmt/format.h>

#include "codeless/base/json_cursor.h"
#include "codeless/descriptor/sections.h"
#include "codeless/descriptor/value_reader.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {

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
    diags.Error(cursor.error().too_deep ? diag::rules::kJsonDepth
                                        : diag::rules::kJsonSyntax,
                diag::Location::At(file, cursor.error().offset),
                cursor.error().complete
                    ? cursor.error().message
                    : fmt::format("{}; the descriptor must be valid JSON (RFC "
                                  "8259)",
                                  cursor.error().message));
  }
  // Checks made once an object is complete report after its members.
  diags.SortByPosition(first);
  descriptor.origins.Compact();
  if (diags.error_count() != errors_before) return std::nullopt;
  return descriptor;
}

}  // namespace codeless::descriptor
