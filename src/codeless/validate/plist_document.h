// A plist read for validation: a typed tree in which every node keeps the
// byte offset of its element, so findings can name a line and column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/diag/diagnostic.h"

namespace codeless::validate {

enum class NodeType {
  kDict,
  kArray,
  kSet,
  kString,
  kInteger,
  kData,
  kTrue,
  kFalse
};

std::string_view NodeTypeName(NodeType type);  // "dict", "integer", ...

struct Node {
  struct Key {
    std::string name;
    uint32_t offset = 0;  // of the <key> element
  };

  NodeType type = NodeType::kDict;
  uint32_t offset = 0;    // of the element's '<'
  std::string text;       // string: decoded text; integer, data: raw text
  int64_t integer = 0;    // integer: the value, when the kernel can read it
  std::vector<Key> keys;  // dict: keys, parallel to `children`
  std::vector<Node> children;

  bool is_string() const { return type == NodeType::kString; }
  bool is_integer() const { return type == NodeType::kInteger; }
  bool is_bool() const {
    return type == NodeType::kTrue || type == NodeType::kFalse;
  }
  bool is_dict() const { return type == NodeType::kDict; }
  bool is_array() const {
    return type == NodeType::kArray || type == NodeType::kSet;
  }

  // The value of `key` in a dict, or nullptr (also for non-dicts).
  const Node* Find(std::string_view key) const;
  // The key entry of `key` in a dict, or nullptr.
  const Key* FindKey(std::string_view key) const;
};

// Parses a plist, checking it against the subset of XML that the kernel's
// parser (OSUnserializeXML) and IOKitUser's IOCFUnserialize accept. Every
// departure is reported (xml-* rules). Returns the tree when the XML was
// well-formed enough to build one, even if subset rules were broken, so
// that later rules can still run; nullopt when there is nothing to check.
std::optional<Node> ParsePlist(const diag::SourceFile& file,
                               diag::Diagnostics& diags);

}  // namespace codeless::validate
