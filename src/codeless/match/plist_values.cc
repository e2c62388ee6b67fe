#include "codeless/match/plist_values.h"

#include <fmt/format.h>

#include "codeless/base/base64.h"

namespace codeless::match {

using validate::Node;

Value ToValue(const Node& node) {
  switch (node.type) {
    case validate::NodeType::kString:
      return Value::String(std::string(node.text()));
    case validate::NodeType::kInteger:
      return Value::Integer(static_cast<uint64_t>(node.integer()));
    case validate::NodeType::kData:
      return Value::Data(
          base::Base64Decode(node.text(), true).value_or(std::string()));
    case validate::NodeType::kTrue:
    case validate::NodeType::kFalse:
      return Value::Bool(node.is_true());
    case validate::NodeType::kArray:
    case validate::NodeType::kSet: {
      Value v;
      v.kind = Value::Kind::kArray;
      for (const Node& child : node.children())
        v.items.push_back(ToValue(child));
      return v;
    }
    case validate::NodeType::kDict: {
      Value v;
      v.kind = Value::Kind::kDict;
      auto keys = node.keys();
      auto values = node.children();
      for (size_t i = 0; i < keys.size(); ++i) {
        v.entries.emplace_back(std::string(keys[i].name()), ToValue(values[i]));
      }
      return v;
    }
  }
  return {};
}

bool Equal(const Node& personality, const Value& device) {
  switch (personality.type) {
    case validate::NodeType::kString:
      if (device.kind == Value::Kind::kString) {
        return device.text == personality.text();
      }
      if (device.kind == Value::Kind::kData) {
        std::string_view bytes = device.text;
        if (!bytes.empty() && bytes.back() == '\0') bytes.remove_suffix(1);
        return bytes == personality.text();
      }
      return false;
    case validate::NodeType::kInteger:
      return device.kind == Value::Kind::kInteger &&
             device.integer == static_cast<uint64_t>(personality.integer());
    case validate::NodeType::kData: {
      auto bytes = base::Base64Decode(personality.text(), true);
      if (!bytes) return false;
      if (device.kind == Value::Kind::kData) return device.text == *bytes;
      if (device.kind == Value::Kind::kString) {
        std::string_view b = *bytes;
        if (!b.empty() && b.back() == '\0') b.remove_suffix(1);
        return b == device.text;
      }
      return false;
    }
    case validate::NodeType::kTrue:
    case validate::NodeType::kFalse:
      return device.kind == Value::Kind::kBool &&
             device.boolean == personality.is_true();
    case validate::NodeType::kArray:
    case validate::NodeType::kSet: {
      if (device.kind != Value::Kind::kArray) return false;
      auto children = personality.children();
      if (children.size() != device.items.size()) return false;
      for (size_t i = 0; i < children.size(); ++i) {
        if (!Equal(children[i], device.items[i])) return false;
      }
      return true;
    }
    case validate::NodeType::kDict: {
      if (device.kind != Value::Kind::kDict) return false;
      auto keys = personality.keys();
      auto values = personality.children();
      for (size_t i = 0; i < keys.size(); ++i) {
        const Value* other = device.Find(keys[i].name());
        if (other == nullptr || !Equal(values[i], *other)) return false;
      }
      return true;
    }
  }
  return false;
}

std::string Describe(const Node& node) {
  switch (node.type) {
    case validate::NodeType::kString:
      return fmt::format("\"{}\"", node.text());
    case validate::NodeType::kInteger:
      return fmt::format("{}", node.integer());
    case validate::NodeType::kData:
    case validate::NodeType::kTrue:
    case validate::NodeType::kFalse:
    case validate::NodeType::kArray:
    case validate::NodeType::kSet:
    case validate::NodeType::kDict:
      return ToValue(node).Describe();
  }
  return {};
}

}  // namespace codeless::match
