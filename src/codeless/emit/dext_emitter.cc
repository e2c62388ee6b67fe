#include "codeless/emit/dext_emitter.h"

#include <fmt/format.h>

#include "codeless/emit/bundle_keys.h"
#include "codeless/plist/xml_writer.h"
#include "codeless/resources/resources.h"
#include "codeless/text/template.h"

namespace codeless::emit {
namespace {

// An empty subclass.
constexpr std::string_view kIigTemplate = "templates/dext/class.iig.tmpl";
constexpr std::string_view kCppTemplate = "templates/dext/class.cpp.tmpl";
// A subclass whose Start registers the service, for a superclass whose
// kernel proxy waits for that (catalog "registersService").
constexpr std::string_view kRegisteringIigTemplate =
    "templates/dext/registering_class.iig.tmpl";
constexpr std::string_view kRegisteringCppTemplate =
    "templates/dext/registering_class.cpp.tmpl";
// Included by every generated .iig already.
constexpr std::string_view kIOServiceHeader = "DriverKit/IOService.iig";

plist::Value Tagged(std::string_view text, model::OriginId origin) {
  return plist::Value(text).Tagged(origin);
}

OutputFile InfoPlist(const model::Resolved& resolved) {
  const model::Descriptor& descriptor = *resolved.descriptor;
  const model::ResolvedDext& dext = *resolved.dext;
  const model::DextSection& section = *descriptor.dext;
  const catalog::DextClass& superclass = *dext.superclass;
  plist::Dict info =
      CommonBundleKeys(descriptor.bundle, dext.identifier, "DEXT");
  // An Xcode source plist: Xcode fills in the executable's name.
  info["CFBundleExecutable"] = "$(EXECUTABLE_NAME)";
  info["IOKitPersonalities"] =
      plist::Value(plist::Dict{}).Tagged(descriptor.personalities_origin);
  if (descriptor.bundle.usage_description) {
    const model::Text& usage = *descriptor.bundle.usage_description;
    info["OSBundleUsageDescription"] = Tagged(usage.value, usage.origin);
  }
  if (section.minimum_driverkit_version) {
    const model::Text& minimum = *section.minimum_driverkit_version;
    info["OSMinimumDriverKitVersion"] = Tagged(minimum.value, minimum.origin);
  }
  OutputFile file;
  file.kind = FileKind::kDextInfoPlist;
  plist::XmlWriter writer(file.bytes, &file.tags);
  writer.BeginDocument();
  writer.BeginDict(section.origin);
  for (const auto& [key, value] : info) {
    if (key != "IOKitPersonalities") {
      writer.Member(key, value);
      continue;
    }
    writer.Key(key, value.tag());
    writer.BeginDict(value.tag());
    for (const model::Personality* personality : dext.personalities) {
      PersonalityMembers members(*personality);
      members.Set("CFBundleIdentifier", dext.identifier.value,
                  dext.identifier.origin);
      members.Set("CFBundleIdentifierKernel", superclass.kernel_bundle,
                  section.superclass.origin);
      members.Set("IOClass", superclass.io_class, section.superclass.origin);
      members.Set("IOUserClass", section.class_name.value,
                  section.class_name.origin);
      members.Set("IOUserServerName", dext.server_name.value,
                  dext.server_name.origin);
      if (personality->provider.value == "IOUserResources") {
        // Without its own category the dext would compete with every other
        // driver on the shared IOUserResources nub; without IOResourceMatch
        // it would not wait for IOKit (xnu's test dext, Karabiner).
        members.SetIfAbsent("IOMatchCategory", dext.identifier.value,
                            personality->origin);
        members.SetIfAbsent("IOResourceMatch", "IOKit", personality->origin);
      }
      writer.Key(personality->name.value, personality->name.origin);
      writer.BeginDict(personality->origin);
      members.WriteTo(writer);
      writer.EndDict();
    }
    writer.EndDict();
  }
  writer.EndDict();
  writer.EndDocument();
  file.bytes.shrink_to_fit();
  return file;
}

// The descriptor's file name as a banner can hold it: a control character
// (a newline would end the comment) becomes '?'. Banners are `//` line
// comments in C++ and xcconfig alike, so nothing else can end one: "*/"
// ends no line comment, and a backslash cannot splice lines as the name is
// never last on its line. Values are never re-read as template text
// (text/template.h), so `$` is only a character.
std::string BannerName(std::string_view descriptor_name) {
  std::string name(descriptor_name);
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return name;
}

// Renders an embedded template; a failure is a bug in codeless.
std::optional<std::string> RenderTemplate(std::string_view name,
                                          const text::Variables& variables,
                                          std::string& error) {
  std::string_view source = resources::Find(name);
  if (source.empty()) {
    error = fmt::format("template {} is not embedded in codeless", name);
    return std::nullopt;
  }
  std::string why;
  auto rendered = text::Render(source, variables, why);
  if (!rendered) error = fmt::format("{}: {}", name, why);
  return rendered;
}

// The build settings an Xcode DriverKit target needs to build these
// sources (PRODUCT.md §7), for use as the target's base configuration.
// Values cannot hold "//" (which starts an xcconfig comment): identifiers,
// versions and the names codeless writes never do.
std::string BuildSettings(const model::Resolved& resolved,
                          const EmitContext& context, std::string_view root) {
  const model::Descriptor& descriptor = *resolved.descriptor;
  std::string prefix;
  if (!context.output_dir.empty() && context.output_dir != ".") {
    // A control character would end the line; it becomes '?'.
    prefix = BannerName(context.output_dir);
    // "a//b" is "a/b", and "//" would start an xcconfig comment.
    for (size_t slashes; (slashes = prefix.find("//")) != std::string::npos;) {
      prefix.erase(slashes, 1);
    }
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    if (prefix != "/") prefix += '/';
  }
  const std::string name(descriptor.bundle.name.value);
  std::string out = fmt::format(
      "// Generated by codeless from {}; do not edit.\n"
      "//\n"
      "// Build settings for the {} DriverKit target: choose this file as the\n"
      "// target's configuration file (Project > Info > Configurations).\n"
      "// Paths are relative to the directory codeless ran in, the project's.\n"
      "PRODUCT_BUNDLE_IDENTIFIER = {}\n"
      "INFOPLIST_FILE = {}{}Info.plist\n"
      "GENERATE_INFOPLIST_FILE = NO\n"
      "CODE_SIGN_ENTITLEMENTS = {}{}{}.entitlements\n",
      BannerName(context.descriptor_name), name,
      resolved.dext->identifier.value, prefix, root, prefix, root, name);
  if (descriptor.dext->minimum_driverkit_version) {
    out += fmt::format("DRIVERKIT_DEPLOYMENT_TARGET = {}\n",
                       descriptor.dext->minimum_driverkit_version->value);
  }
  const model::Text& marketing = descriptor.bundle.short_version
                                     ? *descriptor.bundle.short_version
                                     : descriptor.bundle.version;
  out += fmt::format("MARKETING_VERSION = {}\n", marketing.value);
  out += fmt::format("CURRENT_PROJECT_VERSION = {}\n",
                     descriptor.bundle.version.value);
  return out;
}

}  // namespace

bool DextEmitter::Emit(const model::Resolved& resolved,
                       const EmitContext& context, OutputSet& out,
                       std::string& error) const {
  const model::Descriptor& descriptor = *resolved.descriptor;
  const model::DextSection& dext = *descriptor.dext;
  const catalog::DextClass& superclass = *resolved.dext->superclass;
  const std::string class_name(dext.class_name.value);
  text::Variables variables{
      {"descriptor", BannerName(context.descriptor_name)},
      {"class", class_name},
  };
  text::Variables iig_variables = variables;
  iig_variables["superclass"] = superclass.superclass;
  iig_variables["superclass_include"] =
      superclass.header == kIOServiceHeader
          ? ""
          : fmt::format("#include <{}>\n", superclass.header);
  // "Foo_h" as Apple's templates spell it; never a double underscore.
  iig_variables["guard"] =
      class_name + (class_name.ends_with('_') ? "h" : "_h");
  const bool registers = superclass.registers_service;
  auto iig = RenderTemplate(registers ? kRegisteringIigTemplate : kIigTemplate,
                            iig_variables, error);
  if (!iig) return false;
  auto cpp = RenderTemplate(registers ? kRegisteringCppTemplate : kCppTemplate,
                            variables, error);
  if (!cpp) return false;

  OutputFile entitlements;
  entitlements.kind = FileKind::kEntitlements;
  entitlements.bytes = plist::WriteXml(
      plist::Value(resolved.dext->entitlements).Tagged(dext.origin),
      &entitlements.tags);

  const std::string name(descriptor.bundle.name.value);
  const std::string root = name + "/";
  struct File {
    std::string path;
    OutputFile file;
  };
  File files[] = {
      {root + "Info.plist", InfoPlist(resolved)},
      {root + class_name + ".iig", {FileKind::kSource, std::move(*iig), {}}},
      {root + class_name + ".cpp", {FileKind::kSource, std::move(*cpp), {}}},
      {root + name + ".entitlements", std::move(entitlements)},
      {root + name + ".xcconfig",
       {FileKind::kSource, BuildSettings(resolved, context, root), {}}},
  };
  for (File& file : files) {
    std::string path = file.path;
    if (!out.Add(std::move(file.path), std::move(file.file))) {
      error = fmt::format(
          "the dext output '{}' is written twice or leaves the output "
          "directory",
          path);
      return false;
    }
  }
  return true;
}

}  // namespace codeless::emit
