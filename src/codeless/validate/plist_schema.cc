#include "codeless/validate/plist_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "codeless/base/json_cursor.h"
#include "codeless/diag/rules.h"
#include "codeless/resources/resources.h"

namespace codeless::validate {
namespace {

constexpr std::string_view kResourceDirectory = "schemas/plist/";

// A schema document as read, before it becomes Schema nodes.
struct JsonValue {
  base::JsonType type = base::JsonType::kNull;
  std::string text;  // strings; numbers as written
  bool boolean = false;
  std::vector<std::pair<std::string, JsonValue>> members;
  std::vector<JsonValue> items;

  const JsonValue* Find(std::string_view key) const {
    for (const auto& [name, value] : members) {
      if (name == key) return &value;
    }
    return nullptr;
  }
};

bool ReadJson(base::JsonCursor& cursor, const base::JsonToken& token,
              JsonValue& out) {
  out.type = token.type;
  out.boolean = token.boolean;
  out.text = std::string(token.text);
  if (token.type == base::JsonType::kObject) {
    base::JsonKey key;
    while (cursor.NextMember(key)) {
      std::string name(key.name);
      base::JsonToken value;
      if (!cursor.Next(value)) return false;
      out.members.emplace_back(std::move(name), JsonValue{});
      if (!ReadJson(cursor, value, out.members.back().second)) return false;
    }
  } else if (token.type == base::JsonType::kArray) {
    while (cursor.NextElement()) {
      base::JsonToken value;
      if (!cursor.Next(value)) return false;
      out.items.emplace_back();
      if (!ReadJson(cursor, value, out.items.back())) return false;
    }
  }
  return !cursor.failed();
}

// "personality-common.schema.json#/definitions/x" -> the file name.
std::string DocumentName(std::string_view uri) {
  uri = uri.substr(0, uri.find('#'));
  size_t slash = uri.rfind('/');
  return std::string(slash == std::string_view::npos ? uri
                                                     : uri.substr(slash + 1));
}

unsigned TypeBit(const Node& node) {
  switch (node.type) {
    case NodeType::kString:
      return Schema::kString;
    case NodeType::kInteger:
      return Schema::kInteger;
    case NodeType::kTrue:
    case NodeType::kFalse:
      return Schema::kBoolean;
    case NodeType::kArray:
    case NodeType::kSet:
      return Schema::kArray;
    case NodeType::kDict:
    case NodeType::kData:
      return Schema::kObject;
  }
  return 0;
}

}  // namespace

struct PlistSchemas::Store {
  // Build() is called on a const PlistSchemas: the store fills itself in.
  // Texts of the documents, and those parsed so far.
  std::map<std::string, std::string, std::less<>> texts;
  std::map<std::string, JsonValue, std::less<>> documents;
  std::deque<Schema> nodes;  // stable addresses
  // Built schemas by (document, JSON pointer), so $refs share their target.
  std::map<std::pair<std::string, std::string>, Schema*> built;
  std::string error;

  bool Fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }

  // The parsed document `name`, parsed on first use.
  const JsonValue* Document(const std::string& name) {
    if (auto found = documents.find(name); found != documents.end()) {
      return &found->second;
    }
    auto text = texts.find(name);
    if (text == texts.end()) {
      Fail(fmt::format("no bundled schema {}", name));
      return nullptr;
    }
    base::JsonCursor cursor(text->second);
    base::JsonToken root;
    JsonValue value;
    if (!cursor.Next(root) || !ReadJson(cursor, root, value) ||
        !cursor.Finish()) {
      Fail(fmt::format("{}: {}", name, cursor.error().message));
      return nullptr;
    }
    return &documents.emplace(name, std::move(value)).first->second;
  }

  const JsonValue* Resolve(const std::string& document,
                           std::string_view pointer) {
    const JsonValue* value = Document(document);
    if (value == nullptr) return nullptr;
    while (!pointer.empty()) {
      if (pointer[0] != '/') return nullptr;
      pointer.remove_prefix(1);
      size_t slash = pointer.find('/');
      std::string token(pointer.substr(0, slash));
      for (size_t at = token.find('~'); at != std::string::npos;
           at = token.find('~', at + 1)) {
        token.replace(at, 2, token[at + 1] == '1' ? "/" : "~");
      }
      if (value->type == base::JsonType::kArray) {
        size_t index = 0;
        for (char c : token) {
          if (c < '0' || c > '9') return nullptr;
          index = index * 10 + static_cast<size_t>(c - '0');
        }
        if (token.empty() || index >= value->items.size()) return nullptr;
        value = &value->items[index];
      } else {
        value = value->Find(token);
      }
      if (value == nullptr) return nullptr;
      pointer = slash == std::string_view::npos ? std::string_view()
                                                : pointer.substr(slash);
    }
    return value;
  }

  Schema* Build(const std::string& document, const std::string& pointer) {
    auto key = std::make_pair(document, pointer);
    if (auto it = built.find(key); it != built.end()) return it->second;
    const JsonValue* value = Resolve(document, pointer);
    if (value == nullptr) {
      Fail(fmt::format("{}#{} does not exist", document, pointer));
      return nullptr;
    }
    Schema* schema = &nodes.emplace_back();
    built.emplace(key, schema);
    if (!Fill(*schema, *value, document, pointer)) return nullptr;
    return schema;
  }

  bool Fill(Schema& schema, const JsonValue& value, const std::string& document,
            const std::string& pointer) {
    std::string where = fmt::format("{}#{}", document, pointer);
    if (value.type != base::JsonType::kObject) {
      return Fail(where + " is not a schema object");
    }
    for (const auto& [keyword, member] : value.members) {
      std::string at = pointer + "/" + keyword;
      if (keyword == "$schema" || keyword == "$id" || keyword == "$comment" ||
          keyword == "title" || keyword == "definitions") {
        continue;
      }
      if (keyword == "$ref") {
        if (member.type != base::JsonType::kString) {
          return Fail(where + ": $ref is not a string");
        }
        size_t hash = member.text.find('#');
        std::string file = member.text.substr(0, hash);
        std::string target_pointer =
            hash == std::string::npos ? "" : member.text.substr(hash + 1);
        schema.ref =
            Build(file.empty() ? document : DocumentName(file), target_pointer);
        if (schema.ref == nullptr) return false;
      } else if (keyword == "type") {
        static const std::map<std::string, unsigned, std::less<>> kTypes = {
            {"string", Schema::kString},
            {"integer", Schema::kInteger},
            {"boolean", Schema::kBoolean},
            {"array", Schema::kArray},
            {"object", Schema::kObject}};
        auto found = kTypes.find(member.text);
        if (member.type != base::JsonType::kString || found == kTypes.end()) {
          return Fail(where +
                      ": type must be one of string, integer, "
                      "boolean, array, object");
        }
        schema.types = found->second;
      } else if (keyword == "const") {
        if (member.type != base::JsonType::kString) {
          return Fail(where + ": const must be a string");
        }
        schema.has_const = true;
        schema.constant = member.text;
      } else if (keyword == "minLength") {
        if (member.type != base::JsonType::kNumber) {
          return Fail(where + ": minLength must be a number");
        }
        schema.min_length = std::stoul(member.text);
      } else if (keyword == "description") {
        schema.description = member.text;
      } else if (keyword == "x-rule") {
        schema.rule = diag::rules::Find(member.text);
        if (schema.rule == nullptr) {
          return Fail(where + ": x-rule names no rule: " + member.text);
        }
      } else if (keyword == "x-severity") {
        if (member.text != "warning") {
          return Fail(where + ": x-severity may only be \"warning\"");
        }
        schema.warning = true;
      } else if (keyword == "properties" || keyword == "patternProperties") {
        if (member.type != base::JsonType::kObject) {
          return Fail(where + ": " + keyword + " must be an object");
        }
        for (const auto& [name, sub] : member.members) {
          std::string escaped;
          for (char c : name) {
            escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
          }
          Schema* child = Build(document, at + "/" + escaped);
          if (child == nullptr) return false;
          if (keyword == "properties") {
            schema.properties.emplace_back(name, child);
          } else {
            if (!name.starts_with('^') ||
                name.find_first_of(".*+?()[]{}|\\$", 1) != std::string::npos) {
              return Fail(where +
                          ": patternProperties must be a literal "
                          "\"^prefix\": " +
                          name);
            }
            schema.prefixes.emplace_back(name.substr(1), child);
          }
        }
      } else if (keyword == "additionalProperties" || keyword == "items" ||
                 keyword == "not") {
        Schema* child = Build(document, at);
        if (child == nullptr) return false;
        (keyword == "items" ? schema.items
         : keyword == "not" ? schema.not_schema
                            : schema.additional) = child;
      } else if (keyword == "required") {
        for (const JsonValue& item : member.items) {
          schema.required.push_back(item.text);
        }
      } else if (keyword == "allOf" || keyword == "anyOf") {
        if (member.type != base::JsonType::kArray || member.items.empty()) {
          return Fail(where + ": " + keyword + " must be a non-empty array");
        }
        for (size_t i = 0; i < member.items.size(); ++i) {
          Schema* child = Build(document, fmt::format("{}/{}", at, i));
          if (child == nullptr) return false;
          (keyword == "allOf" ? schema.all_of : schema.any_of).push_back(child);
        }
      } else {
        return Fail(
            fmt::format("{}: the keyword \"{}\" is not one codeless "
                        "applies",
                        where, keyword));
      }
    }
    std::sort(schema.properties.begin(), schema.properties.end());
    return true;
  }

  // A path segment on the stack: no allocation until a miss is recorded.
  struct Step {
    const Step* parent;
    std::string_view key;  // a dict key as written, or empty for an index
    size_t index;
  };

  static std::vector<std::string> PathOf(const Step* step) {
    std::vector<std::string> path;
    for (; step != nullptr; step = step->parent) {
      path.push_back(step->key.data() != nullptr ? std::string(step->key)
                                                 : std::to_string(step->index));
    }
    std::reverse(path.begin(), path.end());
    return path;
  }

  // The view key of `key` equals `name` (a view key has one '$' more
  // before a leading '$'), without building it.
  static bool ViewKeyIs(std::string_view key, std::string_view name) {
    if (!key.starts_with('$')) return key == name;
    return name.size() == key.size() + 1 && name[0] == '$' &&
           name.substr(1) == key;
  }

  static const Schema* Property(const Schema& s, std::string_view key,
                                bool data_member) {
    if (!data_member && key.starts_with('$')) {
      for (const auto& [name, child] : s.properties) {
        if (ViewKeyIs(key, name)) return child;
      }
      return nullptr;
    }
    auto property = std::lower_bound(
        s.properties.begin(), s.properties.end(), key,
        [](const auto& entry, std::string_view k) { return entry.first < k; });
    return property != s.properties.end() && property->first == key
               ? property->second
               : nullptr;
  }

  // Whether `node` passes `schema`; with `out`, records every miss (with
  // its path from `at`) as valijson would report it.
  bool Validate(const Schema& schema, const Node& node, const Step* at,
                std::vector<SchemaMiss>* out, int depth = 0) const {
    if (depth > 64) return true;  // no bundled schema nests this deep
    const Schema& s = schema.Target();
    bool ok = true;
    auto miss = [&](std::string_view missing_key = {}) {
      ok = false;
      if (out != nullptr)
        out->push_back({PathOf(at), std::string(missing_key)});
    };
    for (const Schema* child : s.all_of) {
      ok = Validate(*child, node, at, out, depth + 1) && ok;
    }
    if (!s.any_of.empty()) {
      bool passed = false;
      for (const Schema* child : s.any_of) {
        if (Validate(*child, node, at, nullptr, depth + 1)) {
          passed = true;
          break;
        }
      }
      if (!passed) {
        ok = false;
        // Every branch failed: each says where.
        if (out != nullptr) {
          for (const Schema* child : s.any_of) {
            Validate(*child, node, at, out, depth + 1);
          }
        }
      }
    }
    if (s.has_const && !(node.is_string() && node.text() == s.constant)) miss();
    if (s.items != nullptr && node.is_array()) {
      for (size_t i = 0; i < node.children().size(); ++i) {
        Step step{at, {}, i};
        ok =
            Validate(*s.items, node.children()[i], &step, out, depth + 1) && ok;
      }
    }
    if (s.min_length > 0 && node.is_string() &&
        CodePoints(node.text()) < s.min_length) {
      miss();
    }
    if (s.not_schema != nullptr &&
        Validate(*s.not_schema, node, at, nullptr, depth + 1)) {
      miss();
    }
    bool object = node.is_dict() || node.is_data();
    if (object && (!s.properties.empty() || !s.prefixes.empty() ||
                   s.additional != nullptr)) {
      // <data> is the object {"$data": BASE64} to the schemas.
      Node data_member;
      Node::Key data_key{"$data", node.offset};
      std::span<const Node> children = node.children();
      std::span<const Node::Key> keys = node.keys();
      if (node.is_data()) {
        data_member.type = NodeType::kString;
        data_member.offset = node.offset;
        data_member.set_text(node.text());
        children = {&data_member, 1};
        keys = {&data_key, 1};
      }
      for (size_t i = 0; i < keys.size(); ++i) {
        std::string_view key = keys[i].name();
        Step step{at, key, 0};
        bool matched = false;
        if (const Schema* property = Property(s, key, node.is_data())) {
          matched = true;
          ok = Validate(*property, children[i], &step, out, depth + 1) && ok;
        }
        for (const auto& [prefix, child] : s.prefixes) {
          // A '$' key's view begins with "$$", which no literal prefix of
          // the bundled schemas starts with.
          if (key.starts_with('$') || !key.starts_with(prefix)) continue;
          matched = true;
          ok = Validate(*child, children[i], &step, out, depth + 1) && ok;
        }
        if (!matched && s.additional != nullptr) {
          ok =
              Validate(*s.additional, children[i], &step, out, depth + 1) && ok;
        }
      }
    }
    if (object) {
      for (const std::string& key : s.required) {
        bool present = node.is_data()
                           ? key == "$data"
                           : std::any_of(node.keys().begin(), node.keys().end(),
                                         [&](const Node::Key& k) {
                                           return ViewKeyIs(k.name(), key);
                                         });
        if (!present) {
          // Misses name plist keys: a view key's extra '$' goes.
          miss(node.is_data() || !key.starts_with("$$")
                   ? std::string_view(key)
                   : std::string_view(key).substr(1));
        }
      }
    }
    if (s.types != 0 && (s.types & TypeBit(node)) == 0) miss();
    return ok;
  }

  static size_t CodePoints(std::string_view text) {
    size_t count = 0;
    for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
  }
};

const Schema& Schema::Target() const {
  const Schema* schema = this;
  for (int hops = 0; schema->ref != nullptr && hops < 16; ++hops) {
    schema = schema->ref;
  }
  return *schema;
}

const Schema* Schema::Step(std::string_view key, bool index) const {
  // This schema and every one it combines with allOf or anyOf, in order.
  std::vector<const Schema*> branches;
  std::vector<const Schema*> pending = {this};
  while (!pending.empty() && branches.size() < 64) {
    const Schema* next = &pending.front()->Target();
    pending.erase(pending.begin());
    branches.push_back(next);
    pending.insert(pending.begin(), next->any_of.begin(), next->any_of.end());
    pending.insert(pending.begin(), next->all_of.begin(), next->all_of.end());
  }
  if (index) {
    for (const Schema* b : branches) {
      if (b->items != nullptr) return b->items;
    }
  }
  for (const Schema* b : branches) {
    for (const auto& [name, child] : b->properties) {
      if (name == key) return child;
    }
  }
  for (const Schema* b : branches) {
    for (const auto& [prefix, child] : b->prefixes) {
      if (key.starts_with(prefix)) return child;
    }
  }
  for (const Schema* b : branches) {
    if (b->additional != nullptr) return b->additional;
  }
  return nullptr;
}

std::string Schema::Describe() const {
  if (!description.empty()) return description;
  if (ref != nullptr) return ref->Describe();
  if (has_const) return fmt::format("the <string>{}</string>", constant);
  if (!any_of.empty()) {
    std::string out;
    for (const Schema* branch : any_of) {
      out += (out.empty() ? "" : " or ") + branch->Describe();
    }
    return out;
  }
  if (!all_of.empty()) return all_of.front()->Describe();
  switch (types) {
    case kString:
      return min_length >= 1 ? "a non-empty <string>" : "a <string>";
    case kInteger:
      return "an <integer>";
    case kBoolean:
      return "<true/> or <false/>";
    case kArray:
      return "an <array>";
    case kObject:
      return "a <dict>";
    default:
      return "a value";
  }
}

PlistSchemas::PlistSchemas() : store_(std::make_unique<Store>()) {}
PlistSchemas::~PlistSchemas() = default;

std::unique_ptr<PlistSchemas> PlistSchemas::LoadFrom(
    std::vector<std::pair<std::string, std::string>> documents) {
  std::unique_ptr<PlistSchemas> schemas(new PlistSchemas());
  Store& store = *schemas->store_;
  for (auto& [name, text] : documents) {
    store.texts.emplace(std::move(name), std::move(text));
  }
  for (const resources::Resource& resource : resources::All()) {
    if (!resource.name.starts_with(kResourceDirectory)) continue;
    // Given documents win over bundled ones of the same name.
    store.texts.emplace(DocumentName(resource.name),
                        std::string(resource.bytes));
  }
  return schemas;
}

std::unique_ptr<PlistSchemas> PlistSchemas::Bundled() { return LoadFrom({}); }

const Schema* PlistSchemas::Root(std::string_view document,
                                 std::string* error) const {
  const Schema* root = store_->Build(std::string(document), "");
  if (root == nullptr && error != nullptr) *error = store_->error;
  return root;
}

std::vector<SchemaMiss> PlistSchemas::Check(const Schema& schema,
                                            const Node& node) const {
  std::vector<SchemaMiss> misses;
  store_->Validate(schema, node, nullptr, &misses);
  // Each place once, as several schemas can reject one value.
  std::vector<SchemaMiss> unique;
  std::set<std::pair<std::vector<std::string>, std::string>> seen;
  for (SchemaMiss& miss : misses) {
    if (seen.emplace(miss.path, miss.missing_key).second) {
      unique.push_back(std::move(miss));
    }
  }
  return unique;
}

}  // namespace codeless::validate
