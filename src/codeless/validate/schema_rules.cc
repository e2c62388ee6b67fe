#include "codeless/validate/schema_rules.h"

#include <fmt/format.h>

#include <set>
#include <unordered_map>
#include <utility>

#include "codeless/apple/info_keys.h"
#include "codeless/diag/rules.h"
#include "codeless/validate/placeholders.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

constexpr std::string_view kResources[kSchemaCount] = {
    "schemas/plist/kext-info.schema.json",
    "schemas/plist/dext-info.schema.json",
    "schemas/plist/personality-generic.schema.json",
    "schemas/plist/personality-usb.schema.json",
    "schemas/plist/personality-pci.schema.json",
    "schemas/plist/personality-hid.schema.json",
    "schemas/plist/entitlements.schema.json",
};

std::string_view DocumentName(std::string_view resource) {
  return resource.substr(resource.rfind('/') + 1);
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
      node =
          index < node->children().size() ? &node->children()[index] : nullptr;
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
      return node.text().empty() ? "an empty <string>" : "a <string>";
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

// A value's shape: its keys, nesting and types, with strings told apart
// only as the schemas tell them apart (empty, "*", other).
//
// A container reached again (an IDREF shares the one node, as the kernel
// shares the one object) is written as '@' and the number of its first
// visit, so the fingerprint stays linear in the file however the references
// chain: expanding them would be exponential (each level of a chain of
// arrays referring twice to the level below doubles the tree). Equal
// fingerprints still mean equal shapes; a personality that shares where
// another repeats merely gets a fingerprint of its own.
class Fingerprinter {
 public:
  explicit Fingerprinter(std::string& out) : out_(out) {}

  void Write(const Node& node) {
    if (node.is_container() && !node.children().empty()) {
      auto [seen, first] =
          visits_.try_emplace(node.children().data(), visits_.size());
      if (!first && node.is_dict() == IsDictVisit(seen->second)) {
        out_ += '@';
        out_ += fmt::format_int(seen->second).str();
        out_ += ';';
        return;
      }
      if (first) dicts_.push_back(node.is_dict());
    }
    switch (node.type) {
      case NodeType::kDict: {
        out_ += '{';
        std::span<const Node::Key> keys = node.keys();
        std::span<const Node> children = node.children();
        for (size_t i = 0; i < keys.size(); ++i) {
          std::string_view name = keys[i].name();
          out_ += fmt::format_int(name.size()).str();
          out_ += '#';
          out_ += name;
          Write(children[i]);
        }
        out_ += '}';
        return;
      }
      case NodeType::kArray:
      case NodeType::kSet:
        out_ += '[';
        for (const Node& child : node.children()) Write(child);
        out_ += ']';
        return;
      case NodeType::kString:
        out_ += node.text().empty() ? 'e' : node.text() == "*" ? 'w' : 's';
        return;
      case NodeType::kInteger:
        out_ += 'i';
        return;
      case NodeType::kData:
        out_ += 'D';
        return;
      case NodeType::kTrue:
      case NodeType::kFalse:
        out_ += 'b';
        return;
    }
  }

 private:
  bool IsDictVisit(size_t visit) const { return dicts_[visit]; }

  std::string& out_;
  // Children storage of each container written -> its visit number. Arrays
  // and dicts never share storage with each other, but an IDREF can turn a
  // dict's children into an array's (<array IDREF="n"/> to a dict), hence
  // the type check.
  std::unordered_map<const void*, size_t> visits_;
  std::vector<bool> dicts_;
};

// The rule and severity of a schema node: its own x-rule, or its $ref
// target's.
void Annotate(const Schema& schema, SchemaFailure& failure) {
  for (const Schema* s : {&schema, &schema.Target()}) {
    if (s->rule == nullptr) continue;
    failure.rule = s->rule;
    failure.warning = s->warning;
    return;
  }
}

}  // namespace

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

SchemaRules::SchemaRules(std::unique_ptr<PlistSchemas> schemas)
    : schemas_(std::move(schemas)) {}

SchemaRules::~SchemaRules() = default;

std::unique_ptr<SchemaRules> SchemaRules::Create() {
  return std::unique_ptr<SchemaRules>(new SchemaRules(PlistSchemas::Bundled()));
}

std::unique_ptr<SchemaRules> SchemaRules::CreateFrom(
    std::unique_ptr<PlistSchemas> schemas) {
  return std::unique_ptr<SchemaRules>(new SchemaRules(std::move(schemas)));
}

const Schema* SchemaRules::Root(SchemaId id, diag::Diagnostics* diags) const {
  std::string error;
  const Schema* root =
      schemas_->Root(DocumentName(kResources[static_cast<size_t>(id)]), &error);
  if (root == nullptr && diags != nullptr) {
    diags->Error(rules::kInternal, diag::Location::Nowhere(),
                 fmt::format("internal error: the bundled plist schema {} "
                             "does not load: {}",
                             kResources[static_cast<size_t>(id)], error));
  }
  return root;
}

SchemaFailure SchemaRules::Explain(SchemaId id, SchemaMiss miss) const {
  SchemaFailure failure;
  failure.path = std::move(miss.path);
  failure.missing_key = std::move(miss.missing_key);
  failure.rule = &rules::kPlistSchema;
  const Schema* schema = Root(id, nullptr);
  Annotate(*schema, failure);
  std::vector<std::string> steps = failure.path;
  if (!failure.missing_key.empty()) steps.push_back(failure.missing_key);
  for (size_t i = 0; i < steps.size() && schema != nullptr; ++i) {
    schema = schema->Step(steps[i], IsIndex(steps[i]));
    if (schema != nullptr) Annotate(*schema, failure);
  }
  failure.expected = schema != nullptr ? schema->Describe() : "";
  return failure;
}

std::vector<SchemaFailure> SchemaRules::Failures(
    SchemaId id, const Node& value, diag::Diagnostics* diags) const {
  std::vector<SchemaFailure> failures;
  const Schema* root = Root(id, diags);
  if (root == nullptr) return failures;
  for (SchemaMiss& miss : schemas_->Check(*root, value)) {
    failures.push_back(Explain(id, std::move(miss)));
  }
  return failures;
}

void SchemaRules::Report(const FileContext& context, const Node& value,
                         std::string_view where,
                         const std::vector<SchemaFailure>& failures,
                         const Personality* personality) const {
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
      if (node->is_string() && HasPlaceholder(node->text())) continue;
      if (!reported.insert(node->offset).second) continue;
      message = fmt::format(
          "{} must be {}, not {}", subject,
          failure.expected.empty() ? "something else" : failure.expected,
          Actual(*node));
    }
    diag::Severity severity =
        failure.warning ? diag::Severity::kWarning : diag::Severity::kError;
    // A matching key of the wrong type leaves the personality unmatched
    // (IOUSBFamily-560.4.2 USBCompareProperty: an OSString never equals the
    // device's OSNumber), but the loader does not look at matching keys
    // (IOKitUser OSKext.c, __OSKextValidateIOKitPersonalityApplierFunction,
    // checks IOClass, IOProviderClass, IOProbeScore, IOKitDebug,
    // IOMatchCategory and the bundle identifiers only), so the bundle loads.
    // Apple ships one (com.apple.driver.usb.cdc.ncm, AppleUSBNCMData13,
    // bInterfaceProtocol <string>1</string>): a warning in Apple's bundles.
    if (severity == diag::Severity::kError && personality != nullptr &&
        failure.rule->id == rules::kMatchType.id) {
      severity = PersonalityFaultSeverity(*personality);
      if (severity == diag::Severity::kWarning) message += kAppleStillLoads;
    }
    context.diags.Report(severity, *failure.rule, context.At(*node),
                         std::move(message));
  }
}

void SchemaRules::CheckInfoPlist(const InfoPlist& info) const {
  SchemaId id = info.kind == BundleKind::kDext ? SchemaId::kDextInfo
                                               : SchemaId::kKextInfo;
  Report(info.context, info.root, "",
         Failures(id, info.root, &info.context.diags));
  const Schema* root_schema = Root(id, nullptr);
  if (!info.root.is_dict() || root_schema == nullptr) return;
  // Arch variants (OSBundleRequired_x86_64, ...) have their plain key's
  // type; the schemas name only some of them (patternProperties).
  const Schema& root = *root_schema;
  for (size_t i = 0; i < info.root.keys().size(); ++i) {
    std::string_view key = info.root.keys()[i].name();
    std::string_view base = apple::ArchVariantBase(key);
    if (base.empty() || root.Step(key, false) != nullptr) continue;
    const Schema* plain = root.Step(base, false);
    if (plain == nullptr) continue;
    std::vector<SchemaFailure> failures;
    for (SchemaMiss& miss : schemas_->Check(*plain, info.root.children()[i])) {
      miss.path.insert(miss.path.begin(), std::string(base));
      SchemaFailure failure = Explain(id, std::move(miss));
      failure.path[0] = std::string(key);
      failures.push_back(std::move(failure));
    }
    Report(info.context, info.root, "", failures);
  }
}

void SchemaRules::CheckPersonality(const FileContext& context,
                                   const Personality& p,
                                   apple::Family family) const {
  SchemaId id = PersonalitySchema(family);
  fingerprint_.clear();
  Fingerprinter(fingerprint_).Write(*p.node);
  auto& cache = cache_[static_cast<size_t>(id)];
  auto found = cache.find(fingerprint_);
  if (found == cache.end()) {
    found = cache.emplace(fingerprint_, Failures(id, *p.node, &context.diags))
                .first;
  }
  if (found->second.empty()) return;
  Report(context, *p.node, fmt::format("personality \"{}\"", p.name()),
         found->second, &p);
}

void SchemaRules::CheckEntitlements(const FileContext& context,
                                    const Node& root) const {
  Report(context, root, "",
         Failures(SchemaId::kEntitlements, root, &context.diags));
}

}  // namespace codeless::validate
