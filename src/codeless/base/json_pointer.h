// JSON pointers (RFC 6901), the way diagnostics name a place in a
// descriptor: "/personalities/0/match/idVendor".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace codeless::base {

// `base` + "/" + `token`, with '~' and '/' in the token escaped as ~0, ~1.
std::string AppendPointer(std::string_view base, std::string_view token);
std::string AppendPointer(std::string_view base, size_t index);

// The unescaped tokens of a pointer; "" has none.
std::vector<std::string> SplitPointer(std::string_view pointer);

// The member names and indices of a valijson error context
// (["<root>", "[bundle]", "[\"name\"]", "[0]"] -> {"bundle", "name", "0"}).
std::vector<std::string> SchemaContextTokens(
    const std::vector<std::string>& context);

}  // namespace codeless::base
