// JSON text to a DOM, with the two things nlohmann 3.11 lacks: rejection of
// duplicate keys and positions for diagnostics. nlohmann stays inside
// descriptor/.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "codeless/diag/diagnostic.h"

namespace codeless::descriptor {

// Parses `file`'s text. Syntax errors and duplicate keys are reported
// (json-syntax, json-duplicate-key). A syntax error returns nullopt; after
// a duplicate key the document (keeping the first value) is still returned
// so that later checks can report their findings too. Then installs on `file` a
// locator that resolves JSON pointers lazily, by re-scanning the text only when
// a diagnostic needs a position.
std::optional<nlohmann::json> ParseJson(diag::SourceFile& file,
                                        diag::Diagnostics& diags);

// Byte offset of the key or value that `pointer` designates in `text`, or
// nullopt if there is none. For Part::kKey of an array element (no key),
// gives the value's offset.
std::optional<size_t> LocateJsonPointer(std::string_view text,
                                        std::string_view pointer,
                                        diag::Part part);

}  // namespace codeless::descriptor
