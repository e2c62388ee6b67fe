// A property-list value as codeless builds it: only the types the kernel's
// parser accepts (no real, no date). Dicts keep their keys sorted, which is
// the fixed key order of every plist codeless writes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace codeless::plist {

class Value;
using Array = std::vector<Value>;
using Dict = std::map<std::string, Value>;

// Bytes written as <data>.
struct Data {
  std::string bytes;
  bool operator==(const Data&) const = default;
};

class Value {
 public:
  using Storage = std::variant<std::string, int64_t, bool, Data, Array, Dict>;

  Value() : storage_(Dict{}) {}
  Value(std::string s)
      : storage_(std::move(s)) {}  // NOLINT(google-explicit-constructor)
  Value(const char* s) : storage_(std::string(s)) {}   // NOLINT
  Value(int64_t i) : storage_(i) {}                    // NOLINT
  Value(int i) : storage_(static_cast<int64_t>(i)) {}  // NOLINT
  Value(bool b) : storage_(b) {}                       // NOLINT
  Value(Data d) : storage_(std::move(d)) {}            // NOLINT
  Value(Array a) : storage_(std::move(a)) {}           // NOLINT
  Value(Dict d) : storage_(std::move(d)) {}            // NOLINT

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
  bool operator==(const Value&) const = default;

 private:
  Storage storage_;
};

}  // namespace codeless::plist
