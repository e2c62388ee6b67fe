// Info.plist keys and the values the loaders allow for them: OSBundleRequired,
// architecture variants of keys, and the keys codeless itself writes.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace codeless::apple {

// OSBundleRequired values a kext may declare [domain.md §3.2; IOKitUser
// OSKext.c].
std::span<const std::string_view> KextBundleRequiredValues();
bool IsKextBundleRequired(std::string_view value);
// OSBundleRequired values Apple's own dexts declare; third-party dexts may
// declare none [OSKext.c].
std::span<const std::string_view> AppleDextBundleRequiredValues();
bool IsAppleDextBundleRequired(std::string_view value);

// `key` is `base` or an architecture variant of it, "base_ARCH" such as
// OSBundleRequired_x86_64 or IOKitPersonalities_arm64: the loader prefers a
// top-level IO*/OS* key suffixed with the running architecture over the
// plain key [domain.md §3.2].
bool IsArchVariantOf(std::string_view key, std::string_view base);
// The key an architecture variant stands for ("OSBundleRequired" for
// "OSBundleRequired_x86_64"), or empty when `key` is no variant. Apple's
// IO*/OS* key names hold no '_', so the base ends at the first one.
std::string_view ArchVariantBase(std::string_view key);

// The keys by which a bundle declares the oldest OS it runs on, in the order
// they are consulted: OSMinimumDriverKitVersion (a dext's DriverKit
// version; codeless writes it) and LSMinimumSystemVersion.
std::span<const std::string_view> MinimumOsKeys();

// Whether `value`, the minimum a bundle declares under `key` (one of
// MinimumOsKeys()), is macOS 11 or later; nullopt when it is no version
// number (empty, a build-time placeholder). DriverKit versions follow the
// Darwin kernel's: DriverKit 19 is macOS 10.15 (Apple's 10.15.3 prelinked
// kernel holds com.apple.kernel 19.3.0 and dexts built with the
// driverkit.macosx19.0 SDK), DriverKit 20 is macOS 11. Dexts built against
// the DriverKit SDK write the DriverKit version into LSMinimumSystemVersion
// too (those 10.15 dexts have "19.0"), so there a major version of 19 or
// more is read as DriverKit's and one below as macOS's.
std::optional<bool> MinimumIsMacos11OrLater(std::string_view key,
                                            std::string_view value);

// Top-level keys codeless writes into a kext's or a dext's Info.plist
// (PRODUCT.md §4), which a descriptor may not set through
// bundle.properties.
std::span<const std::string_view> CodelessBundleKeys();
// `key` is one of CodelessBundleKeys() or an architecture variant of one.
bool IsCodelessBundleKey(std::string_view key);
// Personality keys codeless writes besides the matching keys.
std::span<const std::string_view> CodelessPersonalityKeys();
bool IsCodelessPersonalityKey(std::string_view key);

}  // namespace codeless::apple
