// Apple's kext version grammar (OSKextParseVersionString, xnu
// libkern/OSKextVersion.c), which the loaders apply to CFBundleVersion and
// OSBundleCompatibleVersion of kexts and dexts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace codeless::apple {

// The longest CFBundleVersion userspace validation accepts: IOKitUser's
// OSKext.c (__OSKextProcessInfoDictionary, used by kextutil, kextcache and
// kmutil) refuses a CFStringGetLength over KMOD_MAX_NAME - 1 = 63,
// "CFBundleIdentifier and CFBundleVersion must be < 64 characters". The kernel
// (xnu OSKext.cpp, OSKextVersion.c) has no such check for the version: it
// parses the string and copies it into the 64-byte kmod_info version with
// strlcpy.
inline constexpr size_t kMaxVersionLength = 63;

struct KextVersion {
  uint64_t encoded =
      0;  // major*10^12 + minor*10^8 + revision*10^4 + stage*1000 + level
  bool long_components = false;  // minor or revision has more than two digits
  // False when the kernel read an empty component ("1.", "1..2", "1.b1")
  // or skipped a '.' after a 4-digit component ("1.2.3456."): accepted, but
  // not in the form Apple documents and codeless writes.
  bool canonical = true;
  size_t consumed = 0;  // bytes up to the end or the first white space
};

// Parses a version as the kernel does: MAJOR[.MINOR[.REVISION]][STAGE
// LEVEL], each number 1-4 digits, where a number after a '.' may be empty
// (read as 0) and one '.' after a 4-digit number is skipped; STAGE one of d
// a b f fc, each followed at once by a 1-3 digit LEVEL of at most 255 (not
// 0 for f/fc). Parsing stops at white space (space, tab, CR, LF). On
// failure returns nullopt and sets `why` to a phrase that completes "the
// version is invalid: ...".
std::optional<KextVersion> ParseKextVersion(std::string_view text,
                                            std::string* why);

// The same grammar without what `canonical` flags: every '.' followed by
// digits, no '.' at the end. What a descriptor must hold (its JSON Schema
// says the same), as codeless writes the version out.
std::optional<KextVersion> ParseCanonicalKextVersion(std::string_view text,
                                                     std::string* why);

}  // namespace codeless::apple
