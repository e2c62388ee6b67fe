#include "codeless/plist/xml_writer.h"

#include <fmt/format.h>

#include "codeless/base/base64.h"

namespace codeless::plist {
namespace {

size_t FindSpecial(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '&' || c == '<' || c == '>') return i;
  }
  return std::string_view::npos;
}

void AppendEscaped(std::string& out, std::string_view text) {
  // Copy runs without special characters in one go; most text has none.
  while (!text.empty()) {
    size_t special = FindSpecial(text);
    out.append(text.substr(0, special));
    if (special == std::string_view::npos) return;
    out += text[special] == '&'   ? "&amp;"
           : text[special] == '<' ? "&lt;"
                                  : "&gt;";
    text.remove_prefix(special + 1);
  }
}

void AppendElement(std::string& out, int depth, std::string_view tag,
                   const std::string& text) {
  out.append(static_cast<size_t>(depth), '\t');
  out += '<';
  out += tag;
  out += '>';
  AppendEscaped(out, text);
  out += "</";
  out += tag;
  out += ">\n";
}

void Write(std::string& out, const Value& value, int depth) {
  const auto& storage = value.storage();
  if (const auto* s = std::get_if<std::string>(&storage)) {
    AppendElement(out, depth, "string", *s);
  } else if (const auto* i = std::get_if<int64_t>(&storage)) {
    out.append(static_cast<size_t>(depth), '\t');
    fmt::format_int digits(*i);
    out += "<integer>";
    out.append(digits.data(), digits.size());
    out += "</integer>\n";
  } else if (const auto* b = std::get_if<bool>(&storage)) {
    out.append(static_cast<size_t>(depth), '\t');
    out += *b ? "<true/>\n" : "<false/>\n";
  } else if (const auto* d = std::get_if<Data>(&storage)) {
    out.append(static_cast<size_t>(depth), '\t');
    out += "<data>";
    out += base::Base64Encode(d->bytes);
    out += "</data>\n";
  } else if (const auto* a = std::get_if<Array>(&storage)) {
    out.append(static_cast<size_t>(depth), '\t');
    if (a->empty()) {
      out += "<array/>\n";
      return;
    }
    out += "<array>\n";
    for (const Value& item : *a) Write(out, item, depth + 1);
    out.append(static_cast<size_t>(depth), '\t');
    out += "</array>\n";
  } else if (const auto* dict = std::get_if<Dict>(&storage)) {
    out.append(static_cast<size_t>(depth), '\t');
    if (dict->empty()) {
      out += "<dict/>\n";
      return;
    }
    out += "<dict>\n";
    for (const auto& [key, item] : *dict) {
      AppendElement(out, depth + 1, "key", key);
      Write(out, item, depth + 1);
    }
    out.append(static_cast<size_t>(depth), '\t');
    out += "</dict>\n";
  }
}

}  // namespace

std::string WriteXml(const Value& root) {
  std::string out(kXmlHeader);
  Write(out, root, 0);
  out += "</plist>\n";
  // The string grew by doubling; its spare half would outlive the writer.
  out.shrink_to_fit();
  return out;
}

}  // namespace codeless::plist
