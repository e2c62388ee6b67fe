#include "codeless/match/dump.h"

#include "codeless/diag/rules.h"

namespace codeless::match {
namespace {

namespace rules = diag::rules;

// The text after white space and a UTF-8 byte-order mark, which editors
// on other systems add when a dump passes through them.
std::string_view FirstContent(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t start = text.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view()
                                         : text.substr(start);
}

}  // namespace

std::optional<Registry> ReadDump(const diag::SourceFile& file,
                                 diag::Diagnostics& diags) {
  std::string_view text = file.text();
  std::string_view head = FirstContent(text);
  // ioreg text may follow a pasted shell prompt ("$ ioreg -l").
  if (head.starts_with("+-o ") ||
      text.substr(0, 4096).find("\n+-o ") != std::string_view::npos) {
    return ReadIoregText(file, diags);
  }
  if (head.starts_with("bplist")) {
    diags.Error(rules::kDumpFormat, diag::Location::At(file, 0),
                "a binary plist (an IORegistryExplorer .ioreg save?); match "
                "reads 'ioreg -l' text or 'ioreg -a -l' XML: save the "
                "registry with 'ioreg -l -w0 > ioreg.txt'");
    return std::nullopt;
  }
  std::string_view sniff = text.substr(0, 4096);
  if (head.starts_with("<")) {
    // system_profiler -xml and .spx profiles: an array of data-type dicts,
    // each opening with _SPCommandLineArguments.
    if (sniff.find("<key>_SPCommandLineArguments</key>") !=
            std::string_view::npos ||
        sniff.find("<key>_dataType</key>") != std::string_view::npos) {
      return ReadSystemProfilerXml(file, diags);
    }
    if (sniff.find("<key>IORegistryEntryName</key>") !=
            std::string_view::npos ||
        sniff.find("<key>IOObjectClass</key>") != std::string_view::npos ||
        sniff.find("<key>IORegistryEntryChildren</key>") !=
            std::string_view::npos) {
      return ReadIoregXml(file, diags);
    }
    if (sniff.find("SPUSB") != std::string_view::npos) {
      return ReadSystemProfilerXml(file, diags);
    }
  }
  if (head.starts_with("{") && sniff.find("SPUSB") != std::string_view::npos) {
    return ReadSystemProfilerJson(file, diags);
  }
  size_t first = text.find_first_not_of(" \t\r\n");
  diags.Error(
      rules::kDumpFormat,
      diag::Location::At(file, first == std::string_view::npos ? 0 : first),
      "not a registry dump match reads: expected 'ioreg -l' text "
      "(starting \"+-o Root\"), 'ioreg -a -l' XML, or 'system_profiler "
      "SPUSBDataType' XML or JSON; save the registry with 'ioreg -l -w0 > "
      "ioreg.txt'");
  return std::nullopt;
}

}  // namespace codeless::match
