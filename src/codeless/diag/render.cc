#include "codeless/diag/render.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "codeless/diag/rules.h"

namespace codeless::diag {
namespace {

using nlohmann::ordered_json;

size_t Count(std::span<const Diagnostic> diagnostics, Severity severity) {
  size_t count = 0;
  for (const Diagnostic& d : diagnostics)
    count += d.severity == severity ? 1 : 0;
  return count;
}

std::string_view SarifLevel(Severity severity) {
  return severity == Severity::kError     ? "error"
         : severity == Severity::kWarning ? "warning"
                                          : "note";
}

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0.
size_t Utf8Length(std::string_view text, size_t i) {
  auto at = [&](size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  unsigned lead = at(0);
  size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                  : lead >= 0xE0 && lead <= 0xEF ? 3
                  : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                 : 0;
  if (length == 0) return 0;
  unsigned low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
  unsigned high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
  if (at(1) < low || at(1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (at(k) < 0x80 || at(k) > 0xBF) return 0;
  }
  return length;
}

// One line stays one diagnostic: control characters from file contents
// (a key with a line break in it) are shown escaped, so they can neither
// break the line nor forge another diagnostic for Xcode to read; so are
// bytes that are not UTF-8 (a binary file's), so the line stays text that
// editors can read.
std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (byte >= 0x80) {
      size_t length = Utf8Length(text, i);
      if (length == 0) {
        out += fmt::format("\\x{:02x}", byte);
      } else {
        out += text.substr(i, length);
        i += length - 1;
      }
    } else {
      out += c;
    }
  }
  return out;
}

// A path as a URI reference (SARIF artifactLocation.uri, RFC 3986): a
// relative path stays a relative reference, an absolute one becomes a
// file:// URI with an empty authority. Unreserved characters and '/' stay
// as they are; every other byte (a space, ':', '%', '#', each byte of a
// UTF-8 sequence, ...) is %-encoded, so no segment can pass for a scheme,
// a query or a fragment.
std::string FileUri(std::string_view path) {
  std::string out = path.starts_with('/') ? "file://" : "";
  for (char c : path) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                 c == '~' || c == '/';
    if (plain) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

// The message as people read it: prefixed by the bundle it is in, when the
// file holds several (a prelinked-info dictionary).
std::string Shown(const Diagnostic& d) {
  if (d.bundle.empty()) return d.message;
  return fmt::format("in {}: {}", d.bundle, d.message);
}

}  // namespace

std::string RenderText(std::span<const Diagnostic> diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (d.path.empty()) {
      out += "codeless";
    } else {
      out += OneLine(d.path);
      if (d.line != 0) out += fmt::format(":{}:{}", d.line, d.column);
    }
    out += fmt::format(": {}: {} [{}]\n", SeverityName(d.severity),
                       OneLine(Shown(d)), d.rule);
  }
  return out;
}

std::string RenderJson(std::span<const Diagnostic> diagnostics,
                       const JsonMembers& extra) {
  ordered_json list = ordered_json::array();
  for (const Diagnostic& d : diagnostics) {
    ordered_json item;
    item["severity"] = SeverityName(d.severity);
    item["rule"] = d.rule;
    item["message"] = d.message;
    if (!d.bundle.empty()) item["bundle"] = d.bundle;
    item["path"] =
        d.path.empty() ? ordered_json(nullptr) : ordered_json(d.path);
    item["line"] = d.line == 0 ? ordered_json(nullptr) : ordered_json(d.line);
    item["column"] =
        d.column == 0 ? ordered_json(nullptr) : ordered_json(d.column);
    list.push_back(std::move(item));
  }
  ordered_json document;
  document["diagnostics"] = std::move(list);
  document["errors"] = Count(diagnostics, Severity::kError);
  document["warnings"] = Count(diagnostics, Severity::kWarning);
  for (const auto& [name, values] : extra.lists) {
    document[std::string(name)] = values;
  }
  for (const auto& [name, text] : extra.texts) {
    document[std::string(name)] = text;
  }
  return document.dump(2, ' ', false,
                       nlohmann::json::error_handler_t::replace) +
         "\n";
}

std::string RenderSarif(std::span<const Diagnostic> diagnostics,
                        const SarifRun& run_facts) {
  ordered_json rules_metadata = ordered_json::array();
  for (const Rule& rule : rules::All()) {
    rules_metadata.push_back(
        {{"id", rule.id}, {"shortDescription", {{"text", rule.summary}}}});
  }
  ordered_json results = ordered_json::array();
  for (const Diagnostic& d : diagnostics) {
    ordered_json result;
    result["ruleId"] = d.rule;
    for (size_t i = 0; i < rules::All().size(); ++i) {
      if (rules::All()[i].id == d.rule) result["ruleIndex"] = i;
    }
    result["level"] = SarifLevel(d.severity);
    result["message"] = {{"text", Shown(d)}};
    if (!d.bundle.empty()) result["properties"] = {{"bundle", d.bundle}};
    if (!d.path.empty()) {
      ordered_json physical;
      physical["artifactLocation"] = {{"uri", FileUri(d.path)}};
      // A diagnostic made by hand may lack the code-point column; it is
      // then the byte column (the same on an ASCII line).
      uint32_t column =
          d.code_point_column != 0 ? d.code_point_column : d.column;
      if (d.line != 0)
        physical["region"] = {{"startLine", d.line}, {"startColumn", column}};
      result["locations"] =
          ordered_json::array({{{"physicalLocation", std::move(physical)}}});
    }
    results.push_back(std::move(result));
  }
  ordered_json driver;
  driver["name"] = "codeless";
  driver["version"] = run_facts.tool_version;
  driver["informationUri"] = "https://codeless.invalid/";
  driver["rules"] = std::move(rules_metadata);
  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = ordered_json::array(
      {{{"executionSuccessful", run_facts.execution_successful},
        {"exitCode", run_facts.exit_code}}});
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  ordered_json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = ordered_json::array({std::move(run)});
  return log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

}  // namespace codeless::diag
