// How far a personality's match reaches: which keys its provider reads,
// and whether they narrow the devices it attaches to (PRODUCT.md §2, Broad
// matches). The descriptor reader (desc-match-all, desc-match-family) and
// the validator (match-all, match-family) both ask this.
//
// IOService::matchPassive hands a personality to the provider's own
// matchPropertyTable (IOUSBHostDevice/Interface compare the device
// descriptor keys, IOPCIDevice the IOPCI*Match registers, IOHIDDevice and
// IOHIDInterface the HID keys) and compares the generic keys itself
// (IONameMatch, IOPropertyMatch, ...); a key of another family is read by
// nobody. A personality whose keys narrow nothing attaches its driver to
// every device of its provider class.
#pragma once

#include <optional>
#include <string_view>

#include "codeless/apple/matching_keys.h"
#include "codeless/apple/pci_match.h"

namespace codeless::apple {

// The device nubs every device of a bus is published as: a personality on
// one of these matches every such device unless a key narrows it.
bool IsGenericDeviceNub(std::string_view provider_class);

// Whether `provider_class` reads `key` at all: generic keys always; a
// family's keys only on that family's providers (USB ones at the level
// they belong to: bInterface* and bConfigurationValue on interfaces, the
// bDevice* class keys on devices); for classes codeless cannot place, every
// key but on the generic ACPI nub.
bool ProviderReadsKey(std::string_view provider_class, const MatchingKey& key);

// Whether a value of `key`, which the provider reads, narrows the devices
// matched. Not: the "*" wildcard, masks on their own (idProductMask,
// ProductIDMask), booleans (IOMatchDefer, IOPCITunnelCompatible, ...),
// IOResourceMatch (it waits for a resource, whatever the device), and an
// IOPCI*Match string with an entry that OpenPciEntry finds.
// `text` is the value when it is a string ("*", a PCI match string).
bool KeyNarrows(const MatchingKey& key, bool wildcard, std::string_view text);

// The first entry of an IOPCI*Match string that leaves a whole half open:
// a mask with no bit of the vendor ID or none of the device ID (for
// IOPCIMatch, IOPCIPrimaryMatch and IOPCISecondaryMatch), or none of the
// base class (IOPCIClassMatch). Such an entry matches every device of a
// vendor, every vendor's device of that number, or every class.
std::optional<PciMatchEntry> OpenPciEntry(std::string_view key_name,
                                          std::string_view text);

// Drivers that only merge properties into their provider
// (IOProviderMergeProperties) and so may attach to every device on purpose:
// IOProviderPropertyMerger, IOHIDProviderPropertyMerger,
// AppleUSBHostMergeProperties.
bool IsPropertyMergerClass(std::string_view io_class);

// For an IOPCIClassMatch entry: true when it looks like a bare 24-bit class
// code ("0x0c0330" for xHCI) rather than class-code << 8 | revision, which
// is what the register holds [apple-findings.md §13]: it compares base
// class 0x00, yet names a subclass that base class does not have (0x00
// has only 0x00 and 0x01), or a revision byte that its mask then ignores.
bool LooksLikeUnshiftedClassCode(const PciMatchEntry& entry);

}  // namespace codeless::apple
