#include "codeless/validate/plist_document.h"

namespace codeless::validate {

std::string_view NodeTypeName(NodeType type) {
  switch (type) {
    case NodeType::kDict:
      return "dict";
    case NodeType::kArray:
      return "array";
    case NodeType::kSet:
      return "set";
    case NodeType::kString:
      return "string";
    case NodeType::kInteger:
      return "integer";
    case NodeType::kData:
      return "data";
    case NodeType::kTrue:
      return "true";
    case NodeType::kFalse:
      return "false";
  }
  return "value";
}

const Node* Node::Find(std::string_view key) const {
  std::span<const Key> all = keys();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].name() == key) return &children()[i];
  }
  return nullptr;
}

const Node::Key* Node::FindKey(std::string_view key) const {
  for (const Key& k : keys()) {
    if (k.name() == key) return &k;
  }
  return nullptr;
}

const Node* Node::FindString(std::string_view key) const {
  const Node* value = Find(key);
  return value != nullptr && value->is_string() ? value : nullptr;
}

std::string_view PlistDocument::Store(std::string text) {
  storage_.push_back(std::make_unique<std::string>(std::move(text)));
  return *storage_.back();
}

}  // namespace codeless::validate
