// A plist read for validation: a typed tree in which every node keeps the
// byte offset of its element, so findings can name a line and column.
//
// Texts are views: into the source file when the kernel would copy the bytes
// unchanged, into the document's own storage when entities were decoded. The
// SourceFile a document was parsed from must therefore outlive it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// "dict", "integer", ...: the element name, as messages show it ("<dict>").
std::string_view NodeTypeName(NodeType type);

struct Node {
  struct Key {
    std::string_view name;  // decoded
    uint32_t offset = 0;    // of the <key> element's '<'
  };

  NodeType type = NodeType::kDict;
  uint32_t offset = 0;    // of the element's '<'
  std::string_view text;  // string: decoded text; integer, data: raw text
  int64_t integer = 0;    // integer: the value, as the kernel reads it
  // Views into the document's arenas: a node is trivially copyable, and a
  // tree of any size is freed in a few blocks.
  std::span<const Key> keys;  // dict: keys, parallel to `children`
  std::span<const Node> children;

  bool is_string() const { return type == NodeType::kString; }
  bool is_integer() const { return type == NodeType::kInteger; }
  bool is_bool() const {
    return type == NodeType::kTrue || type == NodeType::kFalse;
  }
  bool is_true() const { return type == NodeType::kTrue; }
  bool is_dict() const { return type == NodeType::kDict; }
  bool is_array() const {
    return type == NodeType::kArray || type == NodeType::kSet;
  }
  bool is_data() const { return type == NodeType::kData; }

  // The value of `key` in a dict, or nullptr (also for non-dicts). Linear:
  // Info.plist dicts are small, and a linear scan beats hashing there.
  const Node* Find(std::string_view key) const;
  // The key entry of `key` in a dict, or nullptr.
  const Key* FindKey(std::string_view key) const;
  // The string value of `key`, or nullptr when absent or not a <string>.
  const Node* FindString(std::string_view key) const;
};

// Storage for arrays of T that never move once handed out.
template <typename T>
class Arena {
 public:
  // Copies `items` into the arena and returns the stored copy.
  std::span<const T> Copy(std::span<const T> items) {
    if (items.empty()) return {};
    if (items.size() > kBlock) {
      blocks_.push_back(std::make_unique<T[]>(items.size()));
      std::copy(items.begin(), items.end(), blocks_.back().get());
      return {blocks_.back().get(), items.size()};
    }
    if (current_ == nullptr || kBlock - used_ < items.size()) {
      blocks_.push_back(std::make_unique<T[]>(kBlock));
      current_ = blocks_.back().get();
      used_ = 0;
    }
    T* out = current_ + used_;
    std::copy(items.begin(), items.end(), out);
    used_ += items.size();
    return {out, items.size()};
  }

 private:
  static constexpr size_t kBlock = 4096;
  std::vector<std::unique_ptr<T[]>> blocks_;
  T* current_ = nullptr;
  size_t used_ = 0;
};

// A parsed plist: the root node and the storage its nodes and decoded texts
// live in. Movable; the nodes stay where they are.
class PlistDocument {
 public:
  PlistDocument() = default;
  PlistDocument(PlistDocument&&) = default;
  PlistDocument& operator=(PlistDocument&&) = default;

  const Node& root() const { return root_; }
  void set_root(const Node& root) { root_ = root; }

  // Keeps `text` alive as long as the document and returns a view of it.
  std::string_view Store(std::string text);
  std::span<const Node> StoreNodes(std::span<const Node> nodes) {
    return nodes_.Copy(nodes);
  }
  std::span<const Node::Key> StoreKeys(std::span<const Node::Key> keys) {
    return keys_.Copy(keys);
  }

 private:
  Node root_;
  // unique_ptr: views must stay valid when the vector grows.
  std::vector<std::unique_ptr<std::string>> storage_;
  Arena<Node> nodes_;
  Arena<Node::Key> keys_;
};

}  // namespace codeless::validate
