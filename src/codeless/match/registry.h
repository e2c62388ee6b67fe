// A saved I/O Registry, as `match` reads it from a dump: entries with their
// class, properties (typed as the dump shows them), parent and location.
// The dump readers (ioreg_text, ioreg_xml, system_profiler) build it; the
// matcher only reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace codeless::match {

// A property value. Data keeps its bytes; ioreg prints data that holds
// NUL-terminated strings as <"a","b">, which reads back as the bytes
// "a\0b\0". kMasked is a value a privacy-minded dumper replaced by
// asterisks; kOther is text the reader keeps but cannot type ("... is not
// serializable" objects are strings in the dump and stay strings).
struct Value {
  enum class Kind {
    kString,
    kInteger,
    kData,
    kBool,
    kArray,
    kDict,
    kMasked,
    kOther
  };
  Kind kind = Kind::kOther;
  std::string text;  // string, data bytes, masked or other raw text
  uint64_t integer = 0;
  bool boolean = false;
  std::vector<Value> items;                            // array
  std::vector<std::pair<std::string, Value>> entries;  // dict, in dump order

  static Value String(std::string s) {
    Value v;
    v.kind = Kind::kString;
    v.text = std::move(s);
    return v;
  }
  static Value Integer(uint64_t n) {
    Value v;
    v.kind = Kind::kInteger;
    v.integer = n;
    return v;
  }
  static Value Data(std::string bytes) {
    Value v;
    v.kind = Kind::kData;
    v.text = std::move(bytes);
    return v;
  }
  static Value Bool(bool b) {
    Value v;
    v.kind = Kind::kBool;
    v.boolean = b;
    return v;
  }
  const Value* Find(std::string_view key) const;
  // The value as ioreg would print it, for reasons: "pci8086,a708",
  // 1234, <86800000>, Yes.
  std::string Describe() const;
};

struct Entry {
  std::string name;        // IORegistryEntryName ("MC@0" keeps its "@0")
  std::string class_name;  // the object's class as the dump names it
  std::string id;          // "0x1000002b7", or empty
  std::string location;    // what follows '@' in the name, or empty
  int parent = -1;         // index into Registry::entries; -1 for a root
  std::vector<int> children;
  std::vector<std::pair<std::string, Value>> properties;
  int line = 0;  // 1-based line of the entry in a text dump, else 0

  const Value* Find(std::string_view key) const;
  // A driver node: an entry a personality created (it carries the
  // personality's IOProviderClass). Not a device.
  bool IsDriver() const { return Find("IOProviderClass") != nullptr; }
};

struct Registry {
  std::string format;  // "ioreg -l text", "ioreg -a XML", ...
  std::vector<Entry> entries;

  // "IOService:/AppleACPIPlatformExpert/PC00@0/AppleACPIPCI/MC@0": the
  // names from below the root down to the entry.
  std::string PathOf(int index) const;
};

// Bytes of a data value read as a little-endian number (PCI registers in
// ioreg are 4-byte little-endian data), or nullopt if `value` is not data
// or integer.
std::optional<uint32_t> LittleEndian(const Value& value);

// The strings of a data value holding NUL-separated strings, or of a
// string value, or of an array of strings.
std::vector<std::string> StringsOf(const Value& value);

}  // namespace codeless::match
