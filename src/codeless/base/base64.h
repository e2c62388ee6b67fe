// Base64 (RFC 4648, standard alphabet, padded), as plists store <data>.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace codeless::base {

std::string Base64Encode(std::string_view bytes);

// Decodes strict Base64: the standard alphabet, '=' padding only at the
// end, total length a multiple of 4. `skip_whitespace` ignores spaces, tabs
// and line ends, as plist parsers do. Returns nullopt on anything else.
std::optional<std::string> Base64Decode(std::string_view text,
                                        bool skip_whitespace);

}  // namespace codeless::base
