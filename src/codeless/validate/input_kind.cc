#include "codeless/validate/input_kind.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/diag/rules.h"
#include "codeless/validate/bundle_rules.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

constexpr std::string_view kNotAPlist = "not an Info.plist or entitlements";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The offset of the first byte after a UTF-8 byte-order mark and white
// space.
size_t ContentStart(std::string_view text) {
  size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < text.size() && IsSpace(text[i])) ++i;
  return i;
}

size_t SkipSpace(std::string_view text, size_t i) {
  while (i < text.size() && IsSpace(text[i])) ++i;
  return i;
}

bool Contains(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// The name of the first element of an XML text that is no declaration,
// comment or <plist> wrapper ("dict", "array", ...), or empty.
std::string_view RootElement(std::string_view text, size_t i) {
  while (true) {
    i = SkipSpace(text, i);
    if (i >= text.size() || text[i] != '<') return {};
    std::string_view rest = text.substr(i);
    std::string_view close;
    if (rest.starts_with("<?")) {
      close = "?>";
    } else if (rest.starts_with("<!--")) {
      close = "-->";
    } else if (rest.starts_with("<!") || rest.starts_with("<plist")) {
      close = ">";
    } else {
      size_t name_end = 1;
      while (name_end < rest.size() && !IsSpace(rest[name_end]) &&
             rest[name_end] != '>' && rest[name_end] != '/')
        ++name_end;
      return rest.substr(1, name_end - 1);
    }
    size_t end = rest.find(close);
    if (end == std::string_view::npos) return {};
    i += end + close.size();
  }
}

// JSON, not an old-style (OpenStep) plist, which also opens with '{' but
// writes `key = value;`: an array, an empty object, or an object whose
// first member name is followed by ':'.
bool LooksLikeJson(std::string_view text, size_t i) {
  if (text[i] == '[') return true;
  i = SkipSpace(text, i + 1);
  if (i < text.size() && text[i] == '}') return true;
  if (i >= text.size() || text[i] != '"') return false;
  for (++i; i < text.size() && text[i] != '"'; ++i) {
    if (text[i] == '\\') ++i;
  }
  i = SkipSpace(text, i + 1);
  return i < text.size() && text[i] == ':';
}

// The system_profiler data types a profile holds, in order, each once:
// in JSON its "SP...DataType" member names, in XML the _dataType strings.
std::vector<std::string> DataTypes(std::string_view text, bool json) {
  std::vector<std::string> types;
  auto add = [&types](std::string_view type) {
    for (const std::string& known : types) {
      if (known == type) return;
    }
    types.emplace_back(type);
  };
  if (json) {
    for (size_t at = text.find("\"SP"); at != std::string_view::npos;
         at = text.find("\"SP", at + 1)) {
      size_t close = text.find('"', at + 1);
      if (close == std::string_view::npos) break;
      std::string_view name = text.substr(at + 1, close - at - 1);
      size_t colon = SkipSpace(text, close + 1);
      if (name.ends_with("DataType") && colon < text.size() &&
          text[colon] == ':')
        add(name);
    }
  } else {
    constexpr std::string_view kKey = "<key>_dataType</key>";
    for (size_t at = text.find(kKey); at != std::string_view::npos;
         at = text.find(kKey, at + 1)) {
      size_t value = SkipSpace(text, at + kKey.size());
      if (text.substr(value).starts_with("<string>")) {
        value += 8;
        size_t close = text.find('<', value);
        if (close != std::string_view::npos)
          add(text.substr(value, close - value));
      }
    }
  }
  return types;
}

// What `codeless match` makes of a system profile with these data types.
std::string ProfileFinding(const std::vector<std::string>& types,
                           std::string_view path, bool json) {
  std::string listed;
  for (size_t i = 0; i < types.size() && i < 4; ++i) {
    listed += fmt::format("{}{}", i == 0 ? "" : ", ", types[i]);
  }
  if (types.size() > 4) listed += ", ...";
  bool usb = false;
  for (const std::string& type : types) {
    usb = usb || type == "SPUSBDataType" || type == "SPUSBHostDataType";
  }
  std::string_view flag = json ? "-json" : "-xml";
  std::string what = fmt::format(
      "this is a system profile (`system_profiler {}` output{}{}), {}", flag,
      listed.empty() ? "" : " of ", listed, kNotAPlist);
  if (usb) {
    return fmt::format(
        "{}; `codeless match SOURCE... --device {}` reads the USB devices in "
        "it and tells which personalities match them",
        what, path);
  }
  return fmt::format(
      "{}; `codeless match` reads only the SPUSBDataType and "
      "SPUSBHostDataType profiles: save `system_profiler {} SPUSBDataType` "
      "on the Mac and give that to `codeless match SOURCE... --device FILE`",
      what, flag);
}

// The offset of the "+-o" of the first `ioreg` tree line among the first
// lines of `text` ("+-o Root  <class IORegistryEntry, ...>", indented by
// "| " in a subtree), or npos. A shell prompt may stand above it.
size_t IoregTreeLine(std::string_view text) {
  size_t line = 0;
  for (int count = 0; count < 16 && line < text.size(); ++count) {
    size_t end = text.find('\n', line);
    if (end == std::string_view::npos) end = text.size();
    size_t i = line;
    while (i < end && (text[i] == ' ' || text[i] == '|')) ++i;
    std::string_view rest = text.substr(i, end - i);
    if (rest.starts_with("+-o ") && Contains(rest, " <class ")) return i;
    line = end + 1;
  }
  return std::string_view::npos;
}

bool Report(const diag::SourceFile& file, diag::Diagnostics& diags,
            size_t offset, std::string message) {
  diags.Error(rules::kInputKind, diag::Location::At(file, offset),
              std::move(message));
  return true;
}

// What a file that is not text at all looks like, from its first bytes:
// a Mach-O executable (a kext's or dext's code; <mach-o/loader.h> and
// <mach-o/fat.h> magic numbers, either byte order), or "" when its first
// 512 bytes hold a NUL, which no text file (and no plist the kernel reads:
// it stops at a NUL) has; nullopt for text.
std::optional<std::string_view> BinaryKind(std::string_view text) {
  auto magic = [&](std::string_view bytes) { return text.starts_with(bytes); };
  if (magic("\xCF\xFA\xED\xFE") || magic("\xCE\xFA\xED\xFE") ||
      magic("\xFE\xED\xFA\xCF") || magic("\xFE\xED\xFA\xCE") ||
      magic("\xCA\xFE\xBA\xBE") || magic("\xBE\xBA\xFE\xCA")) {
    return "a Mach-O executable (a driver's code)";
  }
  if (text.substr(0, 512).find('\0') != std::string_view::npos) return "";
  return std::nullopt;
}

bool IsRegistryEntry(const Node& node) {
  return node.is_dict() && !LooksLikeInfoPlist(node) &&
         (node.Find("IOObjectClass") != nullptr ||
          node.Find("IORegistryEntryName") != nullptr);
}

}  // namespace

bool ReportOtherInputByText(const diag::SourceFile& file,
                            diag::Diagnostics& diags, std::string_view wanted) {
  std::string_view text = file.text();
  const std::string& path = file.path();
  size_t start = ContentStart(text);
  if (start >= text.size()) return false;
  std::string_view rest = text.substr(start);
  if (rest.starts_with("bplist")) {
    if (!Contains(text, "$archiver") ||
        !(Contains(text, "IORegistryEntry") || Contains(text, "IOObjectClass")))
      return false;  // a binary plist, which the reader reports
    return Report(
        file, diags, start,
        fmt::format("this is an IORegistryExplorer document (a binary keyed "
                    "archive, .ioreg), {}, and no codeless command reads it; "
                    "save the registry on the Mac with `ioreg -l -w0` (text) "
                    "or `ioreg -a -l` (XML) and give that to `codeless match "
                    "SOURCE... --device FILE`",
                    kNotAPlist));
  }
  if ((rest[0] == '{' || rest[0] == '[') && LooksLikeJson(text, start)) {
    std::vector<std::string> types = DataTypes(text, true);
    if (!types.empty()) {
      return Report(file, diags, start, ProfileFinding(types, path, true));
    }
    if (Contains(text, "\"formatVersion\"")) {
      return Report(
          file, diags, start,
          fmt::format("this is a codeless descriptor (JSON with "
                      "formatVersion), {}; `codeless generate {}` reads it "
                      "and validates what it builds",
                      kNotAPlist, path));
    }
    return Report(file, diags, start,
                  fmt::format("this is a JSON document, {}, which are XML "
                              "plists; {}",
                              kNotAPlist, wanted));
  }
  if (rest[0] != '<') {
    if (std::optional<std::string_view> kind = BinaryKind(text)) {
      return Report(
          file, diags, 0,
          fmt::format("this is {}, {}; {}",
                      kind->empty() ? "a binary file, not text" : *kind,
                      kNotAPlist, wanted));
    }
    size_t tree = IoregTreeLine(text);
    if (tree == std::string_view::npos) return false;
    return Report(
        file, diags, tree,
        fmt::format("this is an I/O Registry dump (`ioreg -l` text), {}; "
                    "`codeless match SOURCE... --device {}` reads it and "
                    "tells which personalities match its devices",
                    kNotAPlist, path));
  }
  if (RootElement(text, start) == "array" &&
      (Contains(text, "<key>_dataType</key>") ||
       Contains(text, "<key>_SPCommandLineArguments</key>"))) {
    size_t root = text.find("<array", start);
    return Report(file, diags, root,
                  ProfileFinding(DataTypes(text, false), path, false));
  }
  return false;
}

bool ReportOtherInputByRoot(const FileContext& context, const Node& root) {
  bool registry =
      IsRegistryEntry(root) || (root.is_array() && !root.children().empty() &&
                                IsRegistryEntry(root.children()[0]));
  if (!registry) return false;
  return Report(
      context.file, context.diags, root.offset,
      fmt::format("this is an I/O Registry dump (`ioreg -a` XML), {}; "
                  "`codeless match SOURCE... --device {}` reads it and tells "
                  "which personalities match its devices",
                  kNotAPlist, context.file.path()));
}

}  // namespace codeless::validate
