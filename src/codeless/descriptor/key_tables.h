// The descriptor format's vocabulary (PRODUCT.md §2-§3): the keys each
// object may hold, and the format's own limits. The reader checks against
// these; schemas/descriptor.schema.json says the same for editors, and the
// schema-agreement test keeps the two alike.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace codeless::descriptor {

using KeyTable = std::span<const std::string_view>;

KeyTable TopLevelKeys();
KeyTable BundleKeys();
KeyTable KextKeys();
KeyTable DextKeys();
KeyTable PersonalityKeys();
KeyTable DriverKeys();
KeyTable PciEntryKeys();
KeyTable PciClassKeys();
KeyTable UsagePairKeys();
// The IOKit matching keys a "match" object may hold (apple/matching_keys.h).
KeyTable MatchKeys();
KeyTable LintKeys();  // "lint": {"disable": [...]} (PRODUCT.md §7)

bool Contains(KeyTable table, std::string_view key);
// "a, b, c": the keys of a table for messages ($-keys left out).
std::string KeyList(KeyTable table);

// Keys allowed in every object and ignored.
inline constexpr std::string_view kCommentKey = "$comment";
// The member that makes an object stand for <data>.
inline constexpr std::string_view kDataKey = "$data";

// bundle.name names files: NAME.kext, NAME/NAME.entitlements and (Xcode)
// NAME/NAME.xcconfig must fit macOS's 255-byte file names.
inline constexpr size_t kMaxBundleNameLength = 242;
// Class names (IOClass, IOProviderClass, dext.class): IOKit keeps them as
// symbols; no Apple class comes near this.
inline constexpr size_t kMaxClassNameLength = 255;
// dext.minimumDriverKitVersion: "20.0", "21.4.1".
inline constexpr size_t kMaxDriverKitVersionLength = 32;
// Integers written as strings: "0x" and 16 hex digits fit well inside.
inline constexpr size_t kMaxIntegerStringLength = 32;

// A class name the descriptor may hold (IOClass, IOProviderClass,
// dext.class, dext.superclass): an IOKit class name within
// kMaxClassNameLength.
bool IsDescriptorClassName(std::string_view name);
// What is wrong with class name `name` at descriptor path `path`, for a
// desc-value message ("\"provider\" \"IO Service\" is not a class name
// (letters, digits and '_'), such as IOUSBHostInterface"); nullopt when it
// is a descriptor class name. `example` is a class that would fit there.
std::optional<std::string> ClassNameError(std::string_view path,
                                          std::string_view name,
                                          std::string_view example);

}  // namespace codeless::descriptor
