#include "codeless/match/registry.h"

#include <fmt/format.h>

namespace codeless::match {
namespace {

const Value* FindIn(const std::vector<std::pair<std::string, Value>>& list,
                    std::string_view key) {
  for (const auto& [name, value] : list) {
    if (name == key) return &value;
  }
  return nullptr;
}

bool Printable(std::string_view bytes) {
  if (bytes.empty() || bytes.back() != '\0') return false;
  for (char c : bytes) {
    if (c != '\0' && (static_cast<unsigned char>(c) < 0x20 ||
                      static_cast<unsigned char>(c) > 0x7E)) {
      return false;
    }
  }
  return true;
}

}  // namespace

const Value* Value::Find(std::string_view key) const {
  return kind == Kind::kDict ? FindIn(entries, key) : nullptr;
}

std::string Value::Describe() const {
  switch (kind) {
    case Kind::kString:
      return fmt::format("\"{}\"", text);
    case Kind::kInteger:
      return fmt::format("{}", integer);
    case Kind::kBool:
      return boolean ? "Yes" : "No";
    case Kind::kData: {
      if (Printable(text)) {
        std::string out = "<";
        for (const std::string& s : StringsOf(*this)) {
          if (out.size() > 1) out += ',';
          out += fmt::format("\"{}\"", s);
        }
        return out + ">";
      }
      std::string out = "<";
      for (unsigned char c : text) out += fmt::format("{:02x}", c);
      return out + ">";
    }
    case Kind::kArray: {
      std::string out = "(";
      for (const Value& item : items) {
        if (out.size() > 1) out += ',';
        out += item.Describe();
      }
      return out + ")";
    }
    case Kind::kDict: {
      std::string out = "{";
      for (const auto& [key, value] : entries) {
        if (out.size() > 1) out += ',';
        out += fmt::format("\"{}\"={}", key, value.Describe());
      }
      return out + "}";
    }
    case Kind::kMasked:
    case Kind::kOther:
      return text;
  }
  return text;
}

const Value* Entry::Find(std::string_view key) const {
  return FindIn(properties, key);
}

std::string Registry::PathOf(int index) const {
  std::vector<const Entry*> chain;
  for (int i = index; i >= 0; i = entries[i].parent) {
    if (entries[i].parent < 0) break;  // the root does not appear
    chain.push_back(&entries[i]);
  }
  std::string path = "IOService:";
  if (chain.empty()) return path + "/";
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    path += '/';
    path += (*it)->name;
  }
  return path;
}

std::optional<uint32_t> LittleEndian(const Value& value) {
  if (value.kind == Value::Kind::kInteger) {
    return static_cast<uint32_t>(value.integer);
  }
  if (value.kind != Value::Kind::kData || value.text.empty()) {
    return std::nullopt;
  }
  uint32_t out = 0;
  for (size_t i = 0; i < value.text.size() && i < 4; ++i) {
    out |= static_cast<uint32_t>(static_cast<unsigned char>(value.text[i]))
           << (8 * i);
  }
  return out;
}

std::vector<std::string> StringsOf(const Value& value) {
  std::vector<std::string> out;
  if (value.kind == Value::Kind::kString) {
    out.push_back(value.text);
  } else if (value.kind == Value::Kind::kData) {
    std::string current;
    for (char c : value.text) {
      if (c == '\0') {
        out.push_back(current);
        current.clear();
      } else {
        current += c;
      }
    }
    if (!current.empty()) out.push_back(current);
  } else if (value.kind == Value::Kind::kArray) {
    for (const Value& item : value.items) {
      if (item.kind == Value::Kind::kString) out.push_back(item.text);
    }
  }
  return out;
}

}  // namespace codeless::match
