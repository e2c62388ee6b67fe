#include "codeless/validate/schema_rules.h"

#include <fmt/format.h>

#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "codeless/apple/info_keys.h"
#include "codeless/base/json_pointer.h"
#include "codeless/diag/rules.h"
#include "codeless/resources/resources.h"
#include "codeless/validate/placeholders.h"

namespace codeless::validate {
namespace {

using nlohmann::json;
namespace rules = diag::rules;

constexpr std::string_view kResourceDirectory = "schemas/plist/";

constexpr std::string_view kResources[kSchemaCount] = {
    "schemas/plist/kext-info.schema.json",
    "schemas/plist/dext-info.schema.json",
    "schemas/plist/personality-generic.schema.json",
    "schemas/plist/personality-usb.schema.json",
    "schemas/plist/personality-pci.schema.json",
    "schemas/plist/personality-hid.schema.json",
    "schemas/plist/entitlements.schema.json",
};

// "personality-common.schema.json#/definitions/x" ->
// "personality-common.schema.json"
std::string DocumentName(std::string_view uri) {
  uri = uri.substr(0, uri.find('#'));
  size_t slash = uri.rfind('/');
  return std::string(slash == std::string_view::npos ? uri
                                                     : uri.substr(slash + 1));
}

// A dict key as the typed view spells it: keys beginning with '$' get one
// more, so that the only member "$data" is the <data> marker and a <dict>
// with a key literally named $data is still a <dict>.
std::string ViewKey(std::string_view key) {
  std::string out;
  if (key.starts_with('$')) out += '$';
  out += key;
  return out;
}

// A failure path token back to the dict key it came from ("$data", the
// marker inside a <data> view, stays as it is).
std::string PlistKey(std::string token) {
  if (token.starts_with("$$")) token.erase(0, 1);
  return token;
}

// The typed view of a plist value that the schemas see.
json View(const Node& node) {
  switch (node.type) {
    case NodeType::kDict: {
      json object = json::object();
      for (size_t i = 0; i < node.keys.size(); ++i) {
        object[ViewKey(node.keys[i].name)] = View(node.children[i]);
      }
      return object;
    }
    case NodeType::kArray:
    case NodeType::kSet: {
      json array = json::array();
      for (const Node& child : node.children) array.push_back(View(child));
      return array;
    }
    case NodeType::kString:
      return std::string(node.text);
    case NodeType::kInteger:
      return node.integer;
    case NodeType::kData:
      return json{{"$data", std::string(node.text)}};
    case NodeType::kTrue:
      return true;
    case NodeType::kFalse:
      return false;
  }
  return nullptr;
}

// The top level of an Info.plist, with each personality dict left out:
// only non-dict personalities matter to the top-level schema.
json TopLevelView(const Node& root) {
  if (!root.is_dict()) return View(root);
  json object = json::object();
  for (size_t i = 0; i < root.keys.size(); ++i) {
    const Node& value = root.children[i];
    std::string key = ViewKey(root.keys[i].name);
    if (apple::IsArchVariantOf(key, "IOKitPersonalities") && value.is_dict()) {
      json personalities = json::object();
      for (size_t j = 0; j < value.keys.size(); ++j) {
        if (!value.children[j].is_dict()) {
          personalities[ViewKey(value.keys[j].name)] = View(value.children[j]);
        }
      }
      object[key] = std::move(personalities);
    } else {
      object[key] = View(value);
    }
  }
  return object;
}

// A personality's shape: its keys, nesting and value types, with strings
// told apart only as the schemas tell them apart (empty, "*", other).
void Fingerprint(const Node& node, std::string& out) {
  switch (node.type) {
    case NodeType::kDict:
      out += '{';
      for (size_t i = 0; i < node.keys.size(); ++i) {
        out += fmt::format_int(node.keys[i].name.size()).str();
        out += '#';
        out += node.keys[i].name;
        Fingerprint(node.children[i], out);
      }
      out += '}';
      return;
    case NodeType::kArray:
    case NodeType::kSet:
      out += '[';
      for (const Node& child : node.children) Fingerprint(child, out);
      out += ']';
      return;
    case NodeType::kString:
      out += node.text.empty() ? 'e' : node.text == "*" ? 'w' : 's';
      return;
    case NodeType::kInteger:
      out += 'i';
      return;
    case NodeType::kData:
      out += 'D';
      return;
    case NodeType::kTrue:
    case NodeType::kFalse:
      out += 'b';
      return;
  }
}

bool IsIndex(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The node a failure path designates; stops at <data>, which the view
// shows as a dict of one member. nullptr if the path leaves the tree.
const Node* Resolve(const Node& value, const std::vector<std::string>& path) {
  const Node* node = &value;
  for (const std::string& token : path) {
    if (node->is_data()) return node;
    if (node->is_dict()) {
      node = node->Find(token);
    } else if (node->is_array() && IsIndex(token)) {
      size_t index = std::stoul(token);
      node = index < node->children.size() ? &node->children[index] : nullptr;
    } else {
      return nullptr;
    }
    if (node == nullptr) return nullptr;
  }
  return node;
}

std::string Actual(const Node& node) {
  switch (node.type) {
    case NodeType::kDict:
      return "a <dict>";
    case NodeType::kArray:
      return "an <array>";
    case NodeType::kSet:
      return "a <set>";
    case NodeType::kString:
      return node.text.empty() ? "an empty <string>" : "a <string>";
    case NodeType::kInteger:
      return "an <integer>";
    case NodeType::kData:
      return "<data>";
    case NodeType::kTrue:
      return "<true/>";
    case NodeType::kFalse:
      return "<false/>";
  }
  return "a value";
}

// "IOKitPersonalities", "DeviceUsagePairs[0].DeviceUsage"
std::string Display(const std::vector<std::string>& path, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    if (IsIndex(path[i]) && i > 0) {
      out += "[" + path[i] + "]";
    } else {
      if (!out.empty()) out += '.';
      out += path[i];
    }
  }
  return out;
}

}  // namespace

// The parsed schema documents and the compiled root schemas.
class CompiledSchemas {
 public:
  struct Ref {
    const json* node = nullptr;
    const json* document = nullptr;
  };

  std::map<std::string, json, std::less<>> documents;
  std::array<std::unique_ptr<valijson::Schema>, kSchemaCount> compiled;
  std::array<const json*, kSchemaCount> roots{};
  mutable valijson::Validator validator;

  bool Load(std::string* error) {
    try {
      for (const resources::Resource& resource : resources::All()) {
        if (!resource.name.starts_with(kResourceDirectory)) continue;
        documents[DocumentName(resource.name)] = json::parse(resource.bytes);
      }
      auto fetch = [this](const std::string& uri) -> const json* {
        auto found = documents.find(DocumentName(uri));
        if (found == documents.end()) {
          throw std::runtime_error("no bundled schema " + uri);
        }
        return &found->second;
      };
      auto release = [](const json*) {};
      for (size_t i = 0; i < kSchemaCount; ++i) {
        auto found = documents.find(DocumentName(kResources[i]));
        if (found == documents.end()) {
          *error =
              fmt::format("the bundled schema {} is missing", kResources[i]);
          return false;
        }
        roots[i] = &found->second;
        compiled[i] = std::make_unique<valijson::Schema>();
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(found->second);
        parser.populateSchema(adapter, *compiled[i], fetch, release);
      }
    } catch (const std::exception& e) {
      *error = e.what();
      return false;
    }
    return true;
  }

  // Follows $ref, within a document or to another bundled one.
  Ref Deref(Ref ref) const {
    for (int hops = 0; hops < 16 && ref.node->is_object(); ++hops) {
      auto it = ref.node->find("$ref");
      if (it == ref.node->end() || !it->is_string()) break;
      std::string uri = it->get<std::string>();
      size_t hash = uri.find('#');
      std::string file = uri.substr(0, hash);
      std::string pointer =
          hash == std::string::npos ? "" : uri.substr(hash + 1);
      if (!file.empty()) {
        auto found = documents.find(DocumentName(file));
        if (found == documents.end()) break;
        ref.document = &found->second;
      }
      try {
        ref.node = pointer.empty()
                       ? ref.document
                       : &ref.document->at(json::json_pointer(pointer));
      } catch (const std::exception&) {
        break;
      }
    }
    return ref;
  }

  // `ref` and every schema it combines with allOf, anyOf or oneOf.
  void Branches(Ref ref, std::vector<Ref>& out, int depth = 0) const {
    if (depth > 16) return;
    ref = Deref(ref);
    if (!ref.node->is_object()) return;
    out.push_back(ref);
    for (const char* keyword : {"allOf", "anyOf", "oneOf"}) {
      auto it = ref.node->find(keyword);
      if (it == ref.node->end() || !it->is_array()) continue;
      for (const json& branch : *it) {
        Branches({&branch, ref.document}, out, depth + 1);
      }
    }
  }

  // The subschema that applies to member `token` of a value under `ref`.
  std::optional<Ref> Step(Ref ref, const std::string& token) const {
    std::vector<Ref> branches;
    Branches(ref, branches);
    if (IsIndex(token)) {
      for (const Ref& b : branches) {
        auto it = b.node->find("items");
        if (it != b.node->end() && it->is_object()) {
          return Ref{&*it, b.document};
        }
      }
    }
    for (const Ref& b : branches) {
      auto properties = b.node->find("properties");
      if (properties != b.node->end() && properties->contains(token)) {
        return Ref{&(*properties)[token], b.document};
      }
    }
    for (const Ref& b : branches) {
      auto patterns = b.node->find("patternProperties");
      if (patterns == b.node->end()) continue;
      for (auto& [pattern, subschema] : patterns->items()) {
        if (pattern.starts_with('^') &&
            std::string_view(token).starts_with(pattern.substr(1))) {
          return Ref{&subschema, b.document};
        }
      }
    }
    for (const Ref& b : branches) {
      auto it = b.node->find("additionalProperties");
      if (it != b.node->end() && it->is_object()) {
        return Ref{&*it, b.document};
      }
    }
    return std::nullopt;
  }

  std::string Describe(Ref ref, int depth = 0) const {
    if (depth > 8 || !ref.node->is_object()) return "a value";
    if (auto it = ref.node->find("description"); it != ref.node->end()) {
      return it->get<std::string>();
    }
    Ref target = Deref(ref);
    if (target.node != ref.node) return Describe(target, depth + 1);
    const json& s = *ref.node;
    if (s.contains("const")) {
      const json& value = s["const"];
      return fmt::format(
          "the <string>{}</string>",
          value.is_string() ? value.get<std::string>() : value.dump());
    }
    for (const char* keyword : {"anyOf", "oneOf"}) {
      if (!s.contains(keyword)) continue;
      std::string out;
      for (const json& branch : s[keyword]) {
        out += (out.empty() ? "" : " or ") +
               Describe({&branch, ref.document}, depth + 1);
      }
      return out;
    }
    if (s.contains("allOf")) {
      return Describe({&s["allOf"][0], ref.document}, depth + 1);
    }
    std::string type = s.value("type", "");
    if (type == "string") {
      return s.value("minLength", 0) >= 1 ? "a non-empty <string>"
                                          : "a <string>";
    }
    if (type == "integer") return "an <integer>";
    if (type == "boolean") return "<true/> or <false/>";
    if (type == "array") return "an <array>";
    if (type == "object") return "a <dict>";
    return "a value";
  }

  // Reads x-rule and x-severity off a schema node (before or after $ref).
  static bool Annotate(Ref raw, Ref target, SchemaFailure& failure) {
    for (const Ref& r : {raw, target}) {
      auto it = r.node->find("x-rule");
      if (it == r.node->end() || !it->is_string()) continue;
      const diag::Rule* rule = rules::Find(it->get<std::string>());
      if (rule == nullptr) continue;
      failure.rule = rule;
      failure.warning = r.node->value("x-severity", "") == "warning";
      return true;
    }
    return false;
  }

  // Fills in rule, severity and expectation for a failure's path.
  void Explain(SchemaId id, SchemaFailure& failure) const {
    Ref ref{roots[static_cast<size_t>(id)], roots[static_cast<size_t>(id)]};
    failure.rule = &rules::kPlistSchema;
    failure.warning = false;
    Annotate(ref, Deref(ref), failure);
    std::vector<std::string> steps = failure.path;
    if (!failure.missing_key.empty()) steps.push_back(failure.missing_key);
    bool found = true;
    for (const std::string& token : steps) {
      auto next = Step(ref, token);
      if (!next) {
        found = false;
        break;
      }
      ref = *next;
      Annotate(ref, Deref(ref), failure);
    }
    failure.expected = found ? Describe(ref) : "";
  }

  // valijson's leaf failures for a view, without the "failed to validate
  // against ..." summaries that repeat them, one per node or missing key.
  std::vector<SchemaFailure> Check(SchemaId id, const json& view) const {
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(view);
    if (validator.validate(*compiled[static_cast<size_t>(id)], target,
                           &results)) {
      return {};
    }
    std::vector<SchemaFailure> failures;
    std::set<std::pair<std::vector<std::string>, std::string>> seen;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      if (error.description.starts_with("Failed to validate")) continue;
      SchemaFailure failure;
      for (std::string& token : base::SchemaContextTokens(error.context)) {
        failure.path.push_back(PlistKey(std::move(token)));
      }
      constexpr std::string_view kMissing = "Missing required property '";
      if (error.description.starts_with(kMissing)) {
        std::string rest = error.description.substr(kMissing.size());
        failure.missing_key = PlistKey(rest.substr(0, rest.find('\'')));
      }
      if (!seen.emplace(failure.path, failure.missing_key).second) continue;
      Explain(id, failure);
      failures.push_back(std::move(failure));
    }
    return failures;
  }
};

std::string_view SchemaResource(SchemaId id) {
  return kResources[static_cast<size_t>(id)];
}

SchemaId PersonalitySchema(apple::Family family) {
  switch (family) {
    case apple::Family::kUsb:
      return SchemaId::kPersonalityUsb;
    case apple::Family::kPci:
      return SchemaId::kPersonalityPci;
    case apple::Family::kHid:
      return SchemaId::kPersonalityHid;
    case apple::Family::kAny:
      break;
  }
  return SchemaId::kPersonalityGeneric;
}

SchemaRules::SchemaRules(std::unique_ptr<CompiledSchemas> schemas)
    : schemas_(std::move(schemas)) {}

SchemaRules::~SchemaRules() = default;

std::unique_ptr<SchemaRules> SchemaRules::Create(std::string* error) {
  auto schemas = std::make_unique<CompiledSchemas>();
  if (!schemas->Load(error)) return nullptr;
  return std::unique_ptr<SchemaRules>(new SchemaRules(std::move(schemas)));
}

std::vector<SchemaFailure> SchemaRules::Failures(SchemaId id,
                                                 const Node& value) const {
  return schemas_->Check(id, View(value));
}

void SchemaRules::Report(const FileContext& context, const Node& value,
                         std::string_view where,
                         const std::vector<SchemaFailure>& failures) const {
  std::set<uint32_t> reported;  // one finding per node
  for (const SchemaFailure& failure : failures) {
    const Node* node = Resolve(value, failure.path);
    if (node == nullptr) continue;
    // The subject: `where`, or the path, or for a top-level personality
    // path its name.
    std::string subject;
    if (failure.path.size() == 2 && where.empty() &&
        apple::IsArchVariantOf(failure.path[0], "IOKitPersonalities")) {
      subject = fmt::format("personality \"{}\"", failure.path[1]);
    } else {
      std::string display = Display(failure.path, failure.path.size());
      subject = where.empty()     ? display
                : display.empty() ? std::string(where)
                                  : fmt::format("{}: {}", where, display);
    }
    if (subject.empty()) subject = "the plist";
    std::string message;
    if (!failure.missing_key.empty()) {
      if (!node->is_dict()) continue;  // its type is reported instead
      message = fmt::format("{} has no {}", subject, failure.missing_key);
      if (!failure.expected.empty()) {
        message += fmt::format("; add it as {}", failure.expected);
      }
    } else {
      if (node->is_string() && HasPlaceholder(node->text)) continue;
      if (!reported.insert(node->offset).second) continue;
      message = fmt::format(
          "{} must be {}, not {}", subject,
          failure.expected.empty() ? "something else" : failure.expected,
          Actual(*node));
    }
    diag::Severity severity =
        failure.warning ? diag::Severity::kWarning : diag::Severity::kError;
    context.diags.Report(severity, *failure.rule, context.At(*node),
                         std::move(message));
  }
}

void SchemaRules::CheckInfoPlist(const InfoPlist& info) const {
  SchemaId id = info.kind == BundleKind::kDext ? SchemaId::kDextInfo
                                               : SchemaId::kKextInfo;
  Report(info.context, info.root, "",
         schemas_->Check(id, TopLevelView(info.root)));
  if (!info.root.is_dict()) return;
  // Arch variants (OSBundleRequired_x86_64, ...) have their plain key's
  // type; the schemas name only some of them (patternProperties).
  const json* root = schemas_->roots[static_cast<size_t>(id)];
  for (size_t i = 0; i < info.root.keys.size(); ++i) {
    std::string_view key = info.root.keys[i].name;
    std::string_view base = apple::ArchVariantBase(key);
    if (base.empty() || schemas_->Step({root, root}, std::string(key))) {
      continue;
    }
    json view = json::object();
    view[std::string(base)] = View(info.root.children[i]);
    std::vector<SchemaFailure> failures = schemas_->Check(id, view);
    for (SchemaFailure& failure : failures) {
      if (!failure.path.empty()) failure.path[0] = std::string(key);
    }
    Report(info.context, info.root, "", failures);
  }
}

void SchemaRules::CheckPersonality(const FileContext& context,
                                   const Personality& p,
                                   apple::Family family) const {
  SchemaId id = PersonalitySchema(family);
  std::string& fingerprint = fingerprint_;  // reused: no allocation per call
  fingerprint.clear();
  Fingerprint(*p.node, fingerprint);
  auto& cache = cache_[static_cast<size_t>(id)];
  auto found = cache.find(fingerprint);
  if (found == cache.end()) {
    found =
        cache.emplace(fingerprint, schemas_->Check(id, View(*p.node))).first;
  }
  if (found->second.empty()) return;
  Report(context, *p.node, fmt::format("personality \"{}\"", p.name()),
         found->second);
}

void SchemaRules::CheckEntitlements(const FileContext& context,
                                    const Node& root) const {
  Report(context, root, "",
         schemas_->Check(SchemaId::kEntitlements, View(root)));
}

}  // namespace codeless::validate
