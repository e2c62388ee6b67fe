// IOPCIMatch, IOPCIPrimaryMatch, IOPCISecondaryMatch and IOPCIClassMatch
// strings: the one home of their grammar. IOPCIFamily (IOPCIBridge.cpp
// matchKeys) reads a list of entries, each a strtoul(..., 16) number and an
// optional "&mask", separated by white space; only spaces may stand between
// a number and its '&' (apple-findings.md §12); reading stops at the first
// thing that is not a number. An entry matches a register when
// (register & mask) == (value & mask).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::apple {

struct PciMatchEntry {
  uint32_t value = 0;
  uint32_t mask = 0xFFFFFFFF;  // the key's default until a mask is given
  bool has_mask = false;

  bool operator==(const PciMatchEntry&) const = default;
};

// The keys whose entries are device and vendor IDs (the register at
// config-space offset 0, or the subsystem IDs for IOPCISecondaryMatch);
// IOPCIClassMatch's entries are class codes.
inline constexpr std::string_view kPciIdMatchKeys[] = {
    "IOPCIMatch", "IOPCIPrimaryMatch", "IOPCISecondaryMatch"};

// The mask an entry without "&mask" gets: IOPCIClassMatch compares
// class-code << 8 | revision and ignores the revision byte (0xFFFFFF00);
// the other keys compare all 32 bits.
uint32_t PciDefaultMask(std::string_view key);

// The strict form that descriptors may use and codeless writes: each
// number is 1-8 hex digits with an optional 0x prefix, so the kernel reads
// exactly what is written. The kernel's strtoul would silently stop at a
// bad token ("0x0xff" reads as 0), so anything else is refused. On failure
// returns nullopt and sets `why`. Everything this accepts, ScanPciMatch
// reads to the same entries.
std::optional<std::vector<PciMatchEntry>> ParsePciMatch(
    std::string_view text, std::string* why,
    uint32_t default_mask = 0xFFFFFFFF);

// What the kernel reads from any string, for validating existing files.
struct PciScan {
  std::vector<PciMatchEntry> entries;  // as the kernel reads them
  // Set when the kernel stops before the end: what it ignores and why.
  std::string error;
  // Set when a number has more than 32 bits and is silently truncated.
  std::string truncated;
};
PciScan ScanPciMatch(std::string_view text, uint32_t default_mask);

// The values of the entries of `text` (the string of `key`, read as the
// kernel reads it) that compare both halves in full: the exact device and
// vendor pairs it names, in order.
std::vector<uint32_t> PciExactIds(std::string_view key, std::string_view text);

// One entry from 16-bit halves: the device (or subsystem) ID is the high
// half of the register, the vendor ID the low half.
PciMatchEntry ComposePciEntry(uint16_t vendor, uint16_t device,
                              uint16_t vendor_mask, uint16_t device_mask,
                              bool has_mask);
// An IOPCIClassMatch entry from a 24-bit class code (base class, subclass,
// programming interface) and mask: both shifted past the revision byte.
PciMatchEntry ComposePciClassEntry(uint32_t class_code, uint32_t mask);

// "0xddddvvvv" or "0xddddvvvv&0xmmmmmmmm" (lowercase, 8 digits).
std::string FormatPciMatchEntry(const PciMatchEntry& entry);
// Entries joined by single spaces.
std::string FormatPciMatch(std::span<const PciMatchEntry> entries);

// True when every register value that some `inner` entry matches is also
// matched by some `outer` entry (each inner entry lies inside one outer
// entry's value and mask). False when `inner` is empty.
bool PciMatchCovers(std::span<const PciMatchEntry> outer,
                    std::span<const PciMatchEntry> inner);

}  // namespace codeless::apple
