// `ioreg -a -l` (and -a without -l): a plist whose root is one entry, or an
// array of entries, each a dict of its properties plus ioreg's own keys:
// IOObjectClass, IORegistryEntryName, IORegistryEntryID,
// IORegistryEntryLocation and IORegistryEntryChildren (an array of entry
// dicts). Read with the project's plist reader, so values keep their plist
// types.
#include <fmt/format.h>

#include "codeless/base/base64.h"
#include "codeless/diag/rules.h"
#include "codeless/match/dump.h"
#include "codeless/match/plist_values.h"
#include "codeless/validate/kernel_xml.h"

namespace codeless::match {
namespace {

namespace rules = diag::rules;
using validate::Node;

bool IoregKey(std::string_view key) {
  return key == "IOObjectClass" || key == "IORegistryEntryName" ||
         key == "IORegistryEntryID" || key == "IORegistryEntryChildren" ||
         key == "IORegistryEntryLocation" || key == "IOObjectRetainCount" ||
         key == "IOServiceBusyState" || key == "IOServiceBusyTime" ||
         key == "IOServiceState";
}

bool AddEntry(const diag::SourceFile& file, const Node& node, int parent,
              Registry& registry, diag::Diagnostics& diags) {
  if (!node.is_dict() || node.FindString("IORegistryEntryName") == nullptr ||
      node.FindString("IOObjectClass") == nullptr) {
    diags.Error(rules::kDumpSyntax, diag::Location::At(file, node.offset),
                "a registry entry without IORegistryEntryName and "
                "IOObjectClass strings; save the dump again with "
                "'ioreg -a -l'");
    return false;
  }
  Entry entry;
  entry.name = std::string(node.FindString("IORegistryEntryName")->text());
  entry.class_name = std::string(node.FindString("IOObjectClass")->text());
  if (const Node* id = node.Find("IORegistryEntryID");
      id != nullptr && id->is_integer()) {
    entry.id = fmt::format("{:#x}", static_cast<uint64_t>(id->integer()));
  }
  if (const Node* location = node.FindString("IORegistryEntryLocation")) {
    entry.location = std::string(location->text());
    entry.name += "@" + entry.location;
  }
  entry.parent = parent;
  entry.line = static_cast<int>(file.Position(node.offset).line);
  auto keys = node.keys();
  auto values = node.children();
  for (size_t i = 0; i < keys.size(); ++i) {
    if (IoregKey(keys[i].name())) continue;
    entry.properties.emplace_back(std::string(keys[i].name()),
                                  ToValue(values[i]));
  }
  int index = static_cast<int>(registry.entries.size());
  if (parent >= 0) registry.entries[parent].children.push_back(index);
  registry.entries.push_back(std::move(entry));
  if (const Node* children = node.Find("IORegistryEntryChildren")) {
    for (const Node& child : children->children()) {
      if (!AddEntry(file, child, index, registry, diags)) return false;
    }
  }
  return true;
}

}  // namespace

std::optional<Registry> ReadIoregXml(const diag::SourceFile& file,
                                     diag::Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  auto document = validate::ParsePlist(file, diags);
  // ParsePlist can report an error and still return what it read; a dump
  // with an error is not read (dump.h: nullopt after an error).
  if (!document || diags.error_count() != errors_before) return std::nullopt;
  Registry registry;
  registry.format = "ioreg -a XML";
  const Node& root = document->root();
  if (root.is_array()) {
    for (const Node& entry : root.children()) {
      if (!AddEntry(file, entry, -1, registry, diags)) return std::nullopt;
    }
  } else if (!AddEntry(file, root, -1, registry, diags)) {
    return std::nullopt;
  }
  return registry;
}

}  // namespace codeless::match
