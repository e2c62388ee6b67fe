// A property-list value as codeless builds it: only the types the kernel's
// parser accepts (no real, no date). Dicts keep their keys sorted in byte
// order, which is the fixed key order of every plist codeless writes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace codeless::plist {

class Value;
struct DictEntry;
using Array = std::vector<Value>;

// Bytes written as <data>.
struct Data {
  std::string bytes;
  bool operator==(const Data&) const = default;
};

// A dict as a sorted vector of entries: small dicts (most of a plist) take
// a fraction of a tree map's memory. Lookups are binary searches; insertion
// is linear, so build a large dict with FromUnsorted.
class Dict {
 public:
  using iterator = std::vector<DictEntry>::iterator;
  using const_iterator = std::vector<DictEntry>::const_iterator;

  Dict() = default;
  Dict(std::initializer_list<DictEntry> entries);
  // Sorts `entries` once; a later duplicate key is dropped.
  static Dict FromUnsorted(std::vector<DictEntry> entries);

  iterator begin();
  iterator end();
  const_iterator begin() const;
  const_iterator end() const;
  size_t size() const;
  bool empty() const;

  const_iterator find(std::string_view key) const;
  iterator find(std::string_view key);
  bool contains(std::string_view key) const;
  const Value* Get(std::string_view key) const;
  // The value at `key`, inserted (empty dict) when absent.
  Value& operator[](std::string_view key);
  // Inserts when `key` is absent; never replaces.
  std::pair<iterator, bool> emplace(std::string key, Value value);
  std::pair<iterator, bool> try_emplace(std::string key, Value value);
  bool erase(std::string_view key);

  bool operator==(const Dict& other) const;

 private:
  iterator LowerBound(std::string_view key);
  const_iterator LowerBound(std::string_view key) const;

  std::vector<DictEntry> entries_;
};

class Value {
 public:
  using Storage = std::variant<std::string, int64_t, bool, Data, Array, Dict>;

  // Constructors are defined below, where DictEntry is complete.
  Value();                 // an empty dict
  Value(std::string s);    // NOLINT(google-explicit-constructor)
  Value(std::string_view s);  // NOLINT
  Value(const char* s);    // NOLINT
  Value(int64_t i);        // NOLINT
  Value(int i);            // NOLINT
  Value(bool b);           // NOLINT
  Value(Data d);           // NOLINT
  Value(Array a);          // NOLINT
  Value(Dict d);           // NOLINT

  bool is_string() const {
    return std::holds_alternative<std::string>(storage_);
  }
  bool is_integer() const { return std::holds_alternative<int64_t>(storage_); }
  bool is_bool() const { return std::holds_alternative<bool>(storage_); }
  bool is_data() const { return std::holds_alternative<Data>(storage_); }
  bool is_array() const { return std::holds_alternative<Array>(storage_); }
  bool is_dict() const { return std::holds_alternative<Dict>(storage_); }

  const std::string& string() const { return std::get<std::string>(storage_); }
  int64_t integer() const { return std::get<int64_t>(storage_); }
  bool boolean() const { return std::get<bool>(storage_); }
  const Data& data() const { return std::get<Data>(storage_); }
  const Array& array() const { return std::get<Array>(storage_); }
  Array& array() { return std::get<Array>(storage_); }
  const Dict& dict() const { return std::get<Dict>(storage_); }
  Dict& dict() { return std::get<Dict>(storage_); }

  const Storage& storage() const { return storage_; }

  // An opaque number the value's producer attaches (codeless: the origin of
  // the descriptor value it came from); 0 for none. Not part of equality.
  uint32_t tag() const { return tag_; }
  void set_tag(uint32_t tag) { tag_ = tag; }
  Value&& Tagged(uint32_t tag) && {
    tag_ = tag;
    return std::move(*this);
  }

  bool operator==(const Value& other) const {
    return storage_ == other.storage_;
  }

 private:
  Storage storage_;
  uint32_t tag_ = 0;
};

struct DictEntry {
  std::string first;
  Value second;

  bool operator==(const DictEntry& other) const = default;
};

inline Value::Value() : storage_(Dict{}) {}
inline Value::Value(std::string s) : storage_(std::move(s)) {}
inline Value::Value(std::string_view s) : storage_(std::string(s)) {}
inline Value::Value(const char* s) : storage_(std::string(s)) {}
inline Value::Value(int64_t i) : storage_(i) {}
inline Value::Value(int i) : storage_(static_cast<int64_t>(i)) {}
inline Value::Value(bool b) : storage_(b) {}
inline Value::Value(Data d) : storage_(std::move(d)) {}
inline Value::Value(Array a) : storage_(std::move(a)) {}
inline Value::Value(Dict d) : storage_(std::move(d)) {}

inline Dict::iterator Dict::begin() { return entries_.begin(); }
inline Dict::iterator Dict::end() { return entries_.end(); }
inline Dict::const_iterator Dict::begin() const { return entries_.begin(); }
inline Dict::const_iterator Dict::end() const { return entries_.end(); }
inline size_t Dict::size() const { return entries_.size(); }
inline bool Dict::empty() const { return entries_.empty(); }
inline bool Dict::contains(std::string_view key) const {
  return find(key) != end();
}

inline Dict::Dict(std::initializer_list<DictEntry> entries)
    : Dict(FromUnsorted(std::vector<DictEntry>(entries))) {}

inline Dict Dict::FromUnsorted(std::vector<DictEntry> entries) {
  auto before = [](const DictEntry& a, const DictEntry& b) {
    return a.first < b.first;
  };
  if (entries.size() <= 32) {
    // Most dicts are small: an insertion sort needs no buffer.
    for (size_t i = 1; i < entries.size(); ++i) {
      for (size_t j = i; j > 0 && before(entries[j], entries[j - 1]); --j) {
        std::swap(entries[j], entries[j - 1]);
      }
    }
  } else {
    std::stable_sort(entries.begin(), entries.end(), before);
  }
  auto last = std::unique(entries.begin(), entries.end(),
                          [](const DictEntry& a, const DictEntry& b) {
                            return a.first == b.first;
                          });
  entries.erase(last, entries.end());
  entries.shrink_to_fit();  // dicts outlive their building
  Dict dict;
  dict.entries_ = std::move(entries);
  return dict;
}

inline Dict::iterator Dict::LowerBound(std::string_view key) {
  return std::lower_bound(
      entries_.begin(), entries_.end(), key,
      [](const DictEntry& entry, std::string_view k) { return entry.first < k; });
}

inline Dict::const_iterator Dict::LowerBound(std::string_view key) const {
  return std::lower_bound(
      entries_.begin(), entries_.end(), key,
      [](const DictEntry& entry, std::string_view k) { return entry.first < k; });
}

inline Dict::const_iterator Dict::find(std::string_view key) const {
  auto it = LowerBound(key);
  return it != entries_.end() && it->first == key ? it : entries_.end();
}

inline Dict::iterator Dict::find(std::string_view key) {
  auto it = LowerBound(key);
  return it != entries_.end() && it->first == key ? it : entries_.end();
}

inline const Value* Dict::Get(std::string_view key) const {
  auto it = find(key);
  return it == end() ? nullptr : &it->second;
}

inline Value& Dict::operator[](std::string_view key) {
  auto it = LowerBound(key);
  if (it == entries_.end() || it->first != key) {
    it = entries_.insert(it, DictEntry{std::string(key), Value()});
  }
  return it->second;
}

inline std::pair<Dict::iterator, bool> Dict::emplace(std::string key,
                                                     Value value) {
  auto it = LowerBound(key);
  if (it != entries_.end() && it->first == key) return {it, false};
  return {entries_.insert(it, DictEntry{std::move(key), std::move(value)}),
          true};
}

inline std::pair<Dict::iterator, bool> Dict::try_emplace(std::string key,
                                                         Value value) {
  return emplace(std::move(key), std::move(value));
}

inline bool Dict::erase(std::string_view key) {
  auto it = find(key);
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

inline bool Dict::operator==(const Dict& other) const {
  return entries_ == other.entries_;
}

}  // namespace codeless::plist
