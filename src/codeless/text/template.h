// A strict template renderer for the files codeless generates from
// templates/. Template text holds `$name$` placeholders and `$$` for a
// literal `$`; nothing else is special.
//
// Strictness is the point: a placeholder without a value, a value without a
// placeholder, or a stray `$` is a bug in codeless (a template and its
// emitter disagree), reported as an error instead of producing a file that
// silently lacks something. Values are inserted verbatim and never scanned
// again, so a descriptor string that contains `$` (or anything else) is
// only ever a value and can never become template text.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace codeless::text {

// Placeholder name -> value. Names are [A-Za-z_][A-Za-z0-9_]*.
using Variables = std::map<std::string, std::string, std::less<>>;

// Renders `template_text` with `variables`. Returns nullopt and sets
// `error` (a lowercase phrase that names the offending placeholder and its
// byte offset) when the template names a variable that is not given, a
// given variable is never used, or a `$` starts neither `$$` nor a
// well-formed `$name$`.
std::optional<std::string> Render(std::string_view template_text,
                                  const Variables& variables,
                                  std::string& error);

}  // namespace codeless::text
