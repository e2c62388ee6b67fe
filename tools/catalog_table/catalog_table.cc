// Turns schemas/catalog.json into C++ tables that codeless compiles in
// (src/codeless/catalog/catalog_data.h declares them), so that no run parses
// the catalog: the data is constant-initialized and looked up in place.
//
// usage: catalog_table CATALOG.json OUT.cc
//
// Checks the catalog's shape and refuses (exit 1, with the entry and field)
// anything the tables cannot hold, so a bad edit fails the build rather
// than a run. The output depends on nothing but the input.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

struct Failure {
  std::string message;
};

// A C++ string literal for `text`: printable ASCII as it is, '"' and '\'
// escaped, every other byte as a three-digit octal escape (which cannot run
// into a following digit).
std::string Literal(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F && c != '?') {
      out += static_cast<char>(c);
    } else {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\%03o", c);
      out += escape;
    }
  }
  return out + "\"";
}

std::string Where(const std::string& section, size_t index,
                  const json& entry) {
  std::string name;
  for (const char* key : {"class", "superclass"}) {
    if (entry.is_object() && entry.contains(key) && entry[key].is_string()) {
      name = " (" + entry[key].get<std::string>() + ")";
    }
  }
  return section + "[" + std::to_string(index) + "]" + name;
}

std::string String(const json& entry, const char* key, const std::string& where,
                   bool required = true) {
  if (!entry.contains(key) || entry[key].is_null()) {
    if (required) throw Failure{where + ": \"" + key + "\" is missing"};
    return "";
  }
  if (!entry[key].is_string()) {
    throw Failure{where + ": \"" + key + "\" must be a string"};
  }
  std::string value = entry[key].get<std::string>();
  if (required && value.empty()) {
    throw Failure{where + ": \"" + key + "\" must not be empty"};
  }
  return value;
}

std::vector<std::string> Strings(const json& entry, const char* key,
                                 const std::string& where, bool required) {
  if (!entry.contains(key)) {
    if (required) throw Failure{where + ": \"" + key + "\" is missing"};
    return {};
  }
  const json& list = entry[key];
  if (!list.is_array()) {
    throw Failure{where + ": \"" + key + "\" must be an array of strings"};
  }
  std::vector<std::string> out;
  for (const json& item : list) {
    if (!item.is_string() || item.get<std::string>().empty()) {
      throw Failure{where + ": \"" + key +
                    "\" must hold non-empty strings only"};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

// A list of string literals for a span, as `std::string_view` array data.
class Lists {
 public:
  // The name of an array holding `items` (one array per distinct list).
  std::string Add(const std::vector<std::string>& items) {
    if (items.empty()) return "";
    auto [it, inserted] = names_.emplace(items, "");
    if (inserted) {
      it->second = "kList" + std::to_string(order_.size());
      order_.push_back(&*it);
    }
    return it->second;
  }
  void Write(std::ostream& out) const {
    for (const auto* entry : order_) {
      out << "constexpr std::string_view " << entry->second << "[] = {";
      for (size_t i = 0; i < entry->first.size(); ++i) {
        out << (i == 0 ? "" : ", ") << Literal(entry->first[i]);
      }
      out << "};\n";
    }
  }

 private:
  std::map<std::vector<std::string>, std::string> names_;
  std::vector<const std::pair<const std::vector<std::string>, std::string>*>
      order_;
};

std::string Span(const std::string& name) {
  return name.empty() ? "{}" : "std::span<const std::string_view>(" + name + ")";
}

std::string Generate(const json& catalog) {
  if (!catalog.is_object() || !catalog.contains("kext") ||
      !catalog["kext"].is_array() || !catalog.contains("dext") ||
      !catalog["dext"].is_array()) {
    throw Failure{"the catalog must be an object with \"kext\" and \"dext\" "
                  "arrays"};
  }
  // YEAR.MONTH.N: the year and month of the catalog's last change and the
  // how-manieth change of that month (README, Architecture).
  if (!catalog.contains("catalogVersion") ||
      !catalog["catalogVersion"].is_string()) {
    throw Failure{"\"catalogVersion\" (a string, YEAR.MONTH.N) is missing"};
  }
  const std::string version = catalog["catalogVersion"].get<std::string>();
  {
    std::vector<std::string> parts;
    std::stringstream stream(version);
    for (std::string part; std::getline(stream, part, '.');) {
      parts.push_back(part);
    }
    bool ok = parts.size() == 3 && version.back() != '.';
    for (const std::string& part : parts) {
      ok = ok && !part.empty() && part.size() <= 4 &&
           part.find_first_not_of("0123456789") == std::string::npos &&
           (part.size() == 1 || part[0] != '0');
    }
    ok = ok && parts[0].size() == 4 && std::stoi(parts[1]) >= 1 &&
         std::stoi(parts[1]) <= 12 && std::stoi(parts[2]) >= 1;
    if (!ok) {
      throw Failure{"\"catalogVersion\" \"" + version +
                    "\" is not YEAR.MONTH.N (e.g. 2026.12.1)"};
    }
  }
  Lists lists;
  struct Kext {
    std::string class_name;
    std::string bundles, providers;
    std::string introduced, removed, notes;
  };
  std::vector<Kext> kexts;
  std::set<std::string> kext_names;
  for (size_t i = 0; i < catalog["kext"].size(); ++i) {
    const json& entry = catalog["kext"][i];
    std::string where = Where("kext", i, entry);
    if (!entry.is_object()) throw Failure{where + " must be an object"};
    Kext k;
    k.class_name = String(entry, "class", where);
    if (!kext_names.insert(k.class_name).second) {
      throw Failure{where + ": the class is listed twice; give it one entry "
                            "with all its bundles"};
    }
    std::vector<std::string> bundles;
    if (entry.contains("bundles")) {
      bundles = Strings(entry, "bundles", where, true);
      if (entry.contains("bundle")) {
        throw Failure{where + ": give \"bundle\" or \"bundles\", not both"};
      }
    } else {
      bundles.push_back(String(entry, "bundle", where));
    }
    if (bundles.empty()) throw Failure{where + ": \"bundles\" is empty"};
    k.bundles = lists.Add(bundles);
    k.providers = lists.Add(Strings(entry, "providers", where, true));
    if (entry.contains("macos")) {
      const json& macos = entry["macos"];
      if (!macos.is_object()) throw Failure{where + ": \"macos\" must be an object"};
      k.introduced = String(macos, "introduced", where, false);
      k.removed = String(macos, "removed", where, false);
    }
    k.notes = String(entry, "notes", where, false);
    kexts.push_back(std::move(k));
  }
  std::sort(kexts.begin(), kexts.end(), [](const Kext& a, const Kext& b) {
    return a.class_name < b.class_name;
  });

  struct Dext {
    std::string superclass, framework, header, io_class, kernel_bundle;
    std::string family_entitlement, providers, frameworks, refusal, notes;
    bool empty_subclass = false;
    bool registers_service = false;
  };
  std::vector<Dext> dexts;
  std::set<std::string> dext_names;
  for (size_t i = 0; i < catalog["dext"].size(); ++i) {
    const json& entry = catalog["dext"][i];
    std::string where = Where("dext", i, entry);
    if (!entry.is_object()) throw Failure{where + " must be an object"};
    Dext d;
    d.superclass = String(entry, "superclass", where);
    if (!dext_names.insert(d.superclass).second) {
      throw Failure{where + ": the superclass is listed twice"};
    }
    d.framework = String(entry, "framework", where);
    d.header = String(entry, "header", where);
    d.io_class = String(entry, "ioClass", where);
    d.kernel_bundle = String(entry, "kernelBundle", where);
    d.family_entitlement = String(entry, "familyEntitlement", where, false);
    d.providers = lists.Add(Strings(entry, "providers", where, true));
    std::vector<std::string> frameworks =
        Strings(entry, "frameworks", where, false);
    if (frameworks.empty()) frameworks.push_back(d.framework);
    d.frameworks = lists.Add(frameworks);
    if (!entry.contains("emptySubclass") || !entry["emptySubclass"].is_boolean()) {
      throw Failure{where + ": \"emptySubclass\" must be true or false"};
    }
    d.empty_subclass = entry["emptySubclass"].get<bool>();
    if (entry.contains("registersService")) {
      if (!entry["registersService"].is_boolean()) {
        throw Failure{where + ": \"registersService\" must be true or false"};
      }
      d.registers_service = entry["registersService"].get<bool>();
    }
    d.refusal = String(entry, "refusal", where, false);
    if (d.empty_subclass == !d.refusal.empty()) {
      throw Failure{where + ": a superclass that needs code has a "
                            "\"refusal\", and only such a superclass"};
    }
    d.notes = String(entry, "notes", where, false);
    dexts.push_back(std::move(d));
  }
  std::sort(dexts.begin(), dexts.end(), [](const Dext& a, const Dext& b) {
    return a.superclass < b.superclass;
  });

  std::ostringstream out;
  out << "// Generated by tools/catalog_table from schemas/catalog.json; do "
         "not edit.\n"
         "#include \"codeless/catalog/catalog_data.h\"\n\n"
         "namespace codeless::catalog {\nnamespace {\n\n";
  lists.Write(out);
  out << "\n}  // namespace\n\n"
         "extern const std::string_view kBundledCatalogVersion = "
      << Literal(version) << ";\n\n"
         "extern const KextClass kBundledKextClasses[] = {\n";
  for (const Kext& k : kexts) {
    out << "    {" << Literal(k.class_name) << ", " << Span(k.bundles) << ", "
        << Span(k.providers) << ", " << Literal(k.introduced) << ", "
        << Literal(k.removed) << ", " << Literal(k.notes) << "},\n";
  }
  out << "};\nextern const size_t kBundledKextClassCount = " << kexts.size()
      << ";\n\nextern const DextClass kBundledDextClasses[] = {\n";
  for (const Dext& d : dexts) {
    out << "    {" << Literal(d.superclass) << ", " << Literal(d.framework)
        << ", " << Literal(d.header) << ", " << Literal(d.io_class) << ", "
        << Literal(d.kernel_bundle) << ", " << Literal(d.family_entitlement)
        << ", " << Span(d.providers) << ", " << Span(d.frameworks) << ", "
        << (d.empty_subclass ? "true" : "false") << ", "
        << (d.registers_service ? "true" : "false") << ", "
        << Literal(d.refusal) << ", " << Literal(d.notes) << "},\n";
  }
  out << "};\nextern const size_t kBundledDextClassCount = " << dexts.size()
      << ";\n\n}  // namespace codeless::catalog\n";
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: catalog_table CATALOG.json OUT.cc\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << argv[1] << ": cannot read the catalog\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string generated;
  try {
    generated = Generate(json::parse(text.str()));
  } catch (const Failure& failure) {
    std::cerr << argv[1] << ": " << failure.message << "\n";
    return 1;
  } catch (const json::exception& e) {
    std::cerr << argv[1] << ": " << e.what() << "\n";
    return 1;
  }
  // Write beside the target and rename, so a failed run leaves no half file.
  std::string temporary = std::string(argv[2]) + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary);
    out << generated;
    if (!out) {
      std::cerr << argv[2] << ": cannot write\n";
      return 1;
    }
  }
  if (std::rename(temporary.c_str(), argv[2]) != 0) {
    std::cerr << argv[2] << ": cannot write\n";
    return 1;
  }
  return 0;
}
