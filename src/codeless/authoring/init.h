// `codeless init`: starter descriptors a vendor edits instead of writing one
// from nothing. Each is a valid descriptor of format 1 that `generate`
// turns into files without a diagnostic, with "$comment" keys (which the
// reader ignores everywhere) saying what to change, and "$schema" set so
// editors find the schema.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace codeless::authoring {

// What the starter describes.
enum class StarterKind {
  kUsb,      // a USB CDC serial adapter on Apple's ACM driver; dext: a claim
  kPci,      // a PCI xHCI controller on Apple's xHCI driver; dext: a claim
  kHid,      // an HID mouse on Apple's HID event driver (kext and dext)
  kPortMap,  // a USB port map: AppleUSBHostMergeProperties (kext only)
  kNull,     // a "null driver" that keeps system drivers off a USB interface
};

// Which sections it has. kAll: every target the kind has (a port map has
// no dext).
enum class StarterTargets { kAll, kKext, kDext };

struct StarterOptions {
  StarterKind kind = StarterKind::kUsb;
  StarterTargets targets = StarterTargets::kAll;
  // The device's IDs as the user wrote them ("0x05ac"); empty: placeholders.
  std::string vendor;
  std::string product;
  // bundle.name, also the last label of the bundle identifier and the
  // start of the dext class name; empty: the kind's default.
  std::string name;
};

// The starter descriptor's text (JSON, 2-space indent, ending in a newline),
// or nullopt with `error` set to what is wrong with the options, phrased
// for a usage error ("--vendor \"0483\" is not 0x hex; ...").
std::optional<std::string> MakeStarter(const StarterOptions& options,
                                       std::string& error);

// The placeholder IDs used when --vendor/--product are not given: USB and
// HID use pid.codes' test IDs (vendor 0x1209, products 0x0001-0x000F, which
// pid.codes reserves for testing and no shipping product uses); PCI, which
// has no test vendor, uses 0x1234/0x5678, a vendor ID pci.ids assigns to no
// one. None of them trips the swapped-ID check.
inline constexpr uint16_t kPlaceholderUsbVendor = 0x1209;
inline constexpr uint16_t kPlaceholderUsbProduct = 0x0001;
inline constexpr uint16_t kPlaceholderPciVendor = 0x1234;
inline constexpr uint16_t kPlaceholderPciDevice = 0x5678;

}  // namespace codeless::authoring
