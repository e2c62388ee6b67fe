// A plist read for validation: a typed tree in which every node keeps the
// byte offset of its element, so findings can name a line and column.
//
// Texts are views: into the source file when the kernel would copy the bytes
// unchanged, into the document's own storage when entities were decoded. The
// SourceFile a document was parsed from must therefore outlive it.
//
// A value written as IDREF="n" is a copy of the 32-byte node labelled
// ID="n" (with its own offset) whose children are the very same storage,
// as the kernel shares the one object: the tree is a DAG, and a walk that
// expands it is exponential in the worst case (a chain of arrays each
// referring twice to the one before). Walks that can go deep must keep
// their depth bounded or note what they have seen (children().data()
// identifies a container's storage).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::validate {

enum class NodeType : uint8_t {
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

// A plist value. 32 bytes: a plist of 20,000 personalities holds some
// 200,000 of them. Texts and children are views (see above).
struct Node {
  // A dict key: 16 bytes.
  class Key {
   public:
    Key() = default;
    Key(std::string_view name, uint32_t key_offset)
        : name_(name.data()),
          size_(static_cast<uint32_t>(name.size())),
          offset(key_offset) {}
    std::string_view name() const { return {name_, size_}; }
    void set_name(std::string_view name) {
      name_ = name.data();
      size_ = static_cast<uint32_t>(name.size());
    }

   private:
    const char* name_ = nullptr;  // decoded
    uint32_t size_ = 0;

   public:
    uint32_t offset = 0;  // of the <key> element's '<'
  };

  NodeType type = NodeType::kDict;
  uint32_t offset = 0;  // of the element's '<'

  // string: the decoded text; integer, data: the raw text.
  std::string_view text() const {
    return is_container()
               ? std::string_view()
               : std::string_view(static_cast<const char*>(data_), size_);
  }
  void set_text(std::string_view text) {
    data_ = text.data();
    size_ = static_cast<uint32_t>(text.size());
  }
  // integer: the value, as the kernel reads it.
  int64_t integer() const { return type == NodeType::kInteger ? integer_ : 0; }
  void set_integer(int64_t value) { integer_ = value; }
  // dict, array, set: the values; dict: their keys, parallel to them.
  std::span<const Node> children() const {
    return is_container()
               ? std::span<const Node>(static_cast<const Node*>(data_), size_)
               : std::span<const Node>();
  }
  std::span<const Key> keys() const {
    return type == NodeType::kDict ? std::span<const Key>(keys_, size_)
                                   : std::span<const Key>();
  }
  // `keys` empty, or as long as `children`.
  void set_children(std::span<const Node> children,
                    std::span<const Key> keys = {}) {
    data_ = children.data();
    size_ = static_cast<uint32_t>(children.size());
    keys_ = keys.data();
  }

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
  bool is_container() const { return is_dict() || is_array(); }

  // The value of `key` in a dict, or nullptr (also for non-dicts). Linear:
  // Info.plist dicts are small, and a linear scan beats hashing there.
  const Node* Find(std::string_view key) const;
  // The key entry of `key` in a dict, or nullptr.
  const Key* FindKey(std::string_view key) const;
  // The string value of `key`, or nullptr when absent or not a <string>.
  const Node* FindString(std::string_view key) const;

 private:
  uint32_t size_ = 0;           // of the text, or the number of children
  const void* data_ = nullptr;  // the text, or the children
  union {
    int64_t integer_ = 0;  // integer
    const Key* keys_;      // dict
  };
};
static_assert(sizeof(Node) == 32 && sizeof(Node::Key) == 16);

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
  // Blocks stay below the size at which malloc maps memory of its own
  // (128 KiB by default), so that they reuse what earlier stages freed:
  // generate validates its output after dropping its model.
  static constexpr size_t kBlock = 32768 / sizeof(T);
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
