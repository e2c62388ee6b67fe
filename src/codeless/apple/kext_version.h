// Apple's kext version grammar (OSKextParseVersionString), which the loader
// applies to CFBundleVersion of kexts and dexts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace codeless::apple {

// The longest CFBundleVersion userspace validation accepts: IOKitUser's
// OSKext.c (__OSKextProcessInfoDictionary, used by kextutil and kmutil)
// refuses 64 characters or more, "CFBundleIdentifier and CFBundleVersion
// must be < 64 characters". The kernel's OSKext.cpp has no such check.
inline constexpr size_t kMaxVersionLength = 63;

struct KextVersion {
  uint64_t encoded =
      0;  // major*10^12 + minor*10^8 + revision*10^4 + stage*1000 + level
  bool long_components = false;  // minor or revision has more than two digits
  size_t consumed = 0;           // bytes up to the end or the first white space
};

// Parses MAJOR[.MINOR[.REVISION]][STAGE LEVEL]: MAJOR 1-4 digits, MINOR and
// REVISION 1-4 digits, STAGE one of d a b f fc followed by a 1-3 digit
// LEVEL of at most 255 (and not 0 for f/fc). Parsing stops at white space,
// as the loader's does. On failure returns nullopt and sets `why` to a
// phrase that completes "the version is invalid: ...".
std::optional<KextVersion> ParseKextVersion(std::string_view text,
                                            std::string* why);

}  // namespace codeless::apple
