#include "codeless/validate/plist_document.h"

#include <fmt/format.h>

#include <cstring>
#include <pugixml.hpp>
#include <unordered_map>

#include "codeless/base/base64.h"
#include "codeless/diag/rules.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

// The kernel parser's limits [xnu libkern/c++/OSUnserializeXML.y].
constexpr size_t kMaxTokenLength = 31;
constexpr size_t kMaxObjects = 131071;

// Checks the raw bytes for what the kernel lexer rejects before any
// structure is seen: a BOM, CR bytes, entities other than &lt; &gt; &amp;,
// and CDATA sections. Comments, the DOCTYPE and processing instructions are
// skipped, as the kernel lexer skips them.
void CheckLexicalSubset(const diag::SourceFile& file,
                        diag::Diagnostics& diags) {
  std::string_view text = file.text();
  if (text.starts_with("\xEF\xBB\xBF")) {
    diags.Error(rules::kXmlBom, diag::Location::At(file, 0),
                "the file starts with a UTF-8 byte-order mark, which the "
                "kernel's plist parser "
                "rejects; save it without BOM");
  }
  if (size_t cr = text.find('\r'); cr != std::string_view::npos) {
    diags.Error(rules::kXmlCarriageReturn, diag::Location::At(file, cr),
                "the file has CR (\\r) line ends, which the kernel's plist "
                "parser rejects; save it "
                "with LF line ends");
  }
  size_t entity_reports = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') {
      std::string_view rest = text.substr(i);
      if (rest.starts_with("<!--")) {
        size_t end = text.find("-->", i + 4);
        i = end == std::string_view::npos ? text.size() : end + 2;
      } else if (rest.starts_with("<![CDATA[")) {
        diags.Error(rules::kXmlCdata, diag::Location::At(file, i),
                    "CDATA sections are not understood by the kernel's plist "
                    "parser; write the "
                    "text with &lt; &gt; &amp; instead");
        size_t end = text.find("]]>", i);
        i = end == std::string_view::npos ? text.size() : end + 2;
      } else if (rest.starts_with("<!") || rest.starts_with("<?")) {
        size_t end = text.find('>', i);
        i = end == std::string_view::npos ? text.size() : end;
      }
    } else if (text[i] == '&') {
      std::string_view rest = text.substr(i);
      if (rest.starts_with("&lt;") || rest.starts_with("&gt;") ||
          rest.starts_with("&amp;"))
        continue;
      if (++entity_reports > 20) continue;
      size_t end = rest.find_first_of(";<\n ");
      std::string_view shown = rest.substr(
          0, end == std::string_view::npos || rest[end] != ';' ? 1 : end + 1);
      diags.Error(
          rules::kXmlEntity, diag::Location::At(file, i),
          shown == "&"
              ? std::string("a bare '&' is not allowed; write &amp;")
              : fmt::format(
                    "the entity {} is not understood by the kernel's plist "
                    "parser, which knows only &lt; &gt; &amp;; write the "
                    "character itself",
                    shown));
    }
  }
}

bool IsEmptyElementForm(std::string_view text, size_t offset) {
  size_t close = text.find('>', offset);
  return close != std::string_view::npos && close > 0 && text[close - 1] == '/';
}

class TreeBuilder {
 public:
  TreeBuilder(const diag::SourceFile& file, diag::Diagnostics& diags)
      : file_(file), diags_(diags) {}

  std::optional<Node> Build(const pugi::xml_node& plist) {
    std::optional<Node> root;
    for (pugi::xml_node child = plist.first_child(); child;
         child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      if (root) {
        diags_.Error(rules::kXmlStructure, At(child),
                     "<plist> holds more than one value; put them in one "
                     "<dict> or <array>");
        break;
      }
      root = Convert(child);
    }
    if (!root) {
      diags_.Error(rules::kXmlStructure, At(plist),
                   "<plist> is empty; it must hold one <dict>");
    }
    if (objects_ > kMaxObjects) {
      // A warning: the limit is in OSUnserializeXML, but whether every path
      // that loads a third-party kext (kmutil, the prelink info) applies it
      // is not known.
      diags_.Warning(
          rules::kXmlObjectLimit, At(plist),
          fmt::format("the plist has {} objects; the kernel's own plist "
                      "parser stops at {}, so a kext this large may fail "
                      "to load; split it into several kexts",
                      objects_, kMaxObjects));
    }
    return root;
  }

 private:
  diag::Location At(const pugi::xml_node& node) const {
    return diag::Location::At(file_, static_cast<size_t>(node.offset_debug()));
  }

  void CheckTokens(const pugi::xml_node& element) {
    if (std::strlen(element.name()) > kMaxTokenLength) {
      diags_.Error(rules::kXmlTokenLength, At(element),
                   fmt::format("the tag name <{}> is longer than the kernel "
                               "parser's limit of {} "
                               "characters",
                               element.name(), kMaxTokenLength));
    }
    for (pugi::xml_attribute attribute : element.attributes()) {
      if (std::strlen(attribute.name()) > kMaxTokenLength ||
          std::strlen(attribute.value()) > kMaxTokenLength) {
        diags_.Error(
            rules::kXmlTokenLength, At(element),
            fmt::format("the attribute {} of <{}> is longer than the kernel "
                        "parser's limit "
                        "of {} characters",
                        attribute.name(), element.name(), kMaxTokenLength));
      }
    }
  }

  std::string Text(const pugi::xml_node& element) {
    std::string text;
    for (pugi::xml_node child = element.first_child(); child;
         child = child.next_sibling()) {
      if (child.type() == pugi::node_pcdata ||
          child.type() == pugi::node_cdata) {
        text += child.value();
      } else if (child.type() == pugi::node_element) {
        diags_.Error(rules::kXmlStructure, At(child),
                     fmt::format("<{}> cannot hold the element <{}>",
                                 element.name(), child.name()));
      }
    }
    return text;
  }

  std::optional<Node> Convert(const pugi::xml_node& element) {
    ++objects_;
    CheckTokens(element);
    Node node;
    node.offset = static_cast<uint32_t>(element.offset_debug());
    std::string_view name = element.name();
    if (name == "dict") {
      node.type = NodeType::kDict;
      ConvertDict(element, node);
    } else if (name == "array" || name == "set") {
      node.type = name == "array" ? NodeType::kArray : NodeType::kSet;
      for (pugi::xml_node child = element.first_child(); child;
           child = child.next_sibling()) {
        if (child.type() != pugi::node_element) continue;
        if (auto item = Convert(child))
          node.children.push_back(std::move(*item));
      }
    } else if (name == "string") {
      node.type = NodeType::kString;
      node.text = Text(element);
    } else if (name == "integer") {
      node.type = NodeType::kInteger;
      node.text = Text(element);
      ConvertInteger(element, node);
    } else if (name == "data") {
      node.type = NodeType::kData;
      node.text = Text(element);
      ConvertData(element, node);
    } else if (name == "true" || name == "false") {
      node.type = name == "true" ? NodeType::kTrue : NodeType::kFalse;
      if (!IsEmptyElementForm(file_.text(), node.offset)) {
        diags_.Error(
            rules::kXmlEmptyForm, At(element),
            fmt::format(
                "write <{0}/>; the kernel's plist parser rejects <{0}></{0}>",
                name));
      }
    } else if (name == "real" || name == "date") {
      diags_.Error(rules::kXmlElement, At(element),
                   fmt::format("<{}> is not understood by the kernel's plist "
                               "parser; use <integer> "
                               "or <string>",
                               name));
      return std::nullopt;
    } else if (name == "key") {
      diags_.Error(rules::kXmlStructure, At(element),
                   "<key> is only allowed directly inside <dict>");
      return std::nullopt;
    } else {
      diags_.Error(
          rules::kXmlElement, At(element),
          fmt::format(
              "<{}> is not a plist element; use dict, array, string, integer, "
              "data, true or false",
              name));
      return std::nullopt;
    }
    return node;
  }

  void ConvertDict(const pugi::xml_node& element, Node& node) {
    std::unordered_map<std::string, uint32_t>
        seen;  // key -> offset of its first <key>
    pugi::xml_node pending_key;
    for (pugi::xml_node child = element.first_child(); child;
         child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      if (std::string_view(child.name()) == "key") {
        ++objects_;
        CheckTokens(child);
        if (pending_key) {
          diags_.Error(rules::kXmlStructure, At(pending_key),
                       fmt::format("<key>{}</key> has no value",
                                   pending_key.text().get()));
        }
        if (IsEmptyElementForm(file_.text(),
                               static_cast<size_t>(child.offset_debug()))) {
          diags_.Error(
              rules::kXmlEmptyForm, At(child),
              "the kernel's plist parser rejects <key/>; give the key a name");
        }
        pending_key = child;
        continue;
      }
      if (!pending_key) {
        diags_.Error(
            rules::kXmlStructure, At(child),
            fmt::format("<{}> in a <dict> must follow a <key>", child.name()));
        continue;
      }
      std::string key = Text(pending_key);
      uint32_t key_offset = static_cast<uint32_t>(pending_key.offset_debug());
      pending_key = pugi::xml_node();
      auto value = Convert(child);
      if (!value) continue;
      if (auto [first, inserted] = seen.emplace(key, key_offset); !inserted) {
        diags_.Error(
            rules::kXmlDuplicateKey, diag::Location::At(file_, key_offset),
            fmt::format(
                "duplicate key \"{}\" (first at line {}); the kernel's parser "
                "fails on duplicate keys, so remove one",
                key, file_.Position(first->second).line));
        continue;
      }
      node.keys.push_back({std::move(key), key_offset});
      node.children.push_back(std::move(*value));
    }
    if (pending_key) {
      diags_.Error(
          rules::kXmlStructure, At(pending_key),
          fmt::format("<key>{}</key> has no value", pending_key.text().get()));
    }
  }

  // Decimal with an optional '-', or 0x and lowercase hex digits; no white
  // space, no '+', no uppercase [OSUnserializeXML.y].
  void ConvertInteger(const pugi::xml_node& element, Node& node) {
    std::string_view text = node.text;
    bool ok = false;
    uint64_t value = 0;
    if (text.starts_with("0x") && text.size() > 2) {
      ok = true;
      for (char c : text.substr(2)) {
        if (c >= '0' && c <= '9') {
          value = value * 16 + static_cast<uint64_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
          value = value * 16 + static_cast<uint64_t>(c - 'a' + 10);
        } else {
          ok = false;
          break;
        }
      }
      node.integer = static_cast<int64_t>(value);
    } else {
      std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
      ok = !digits.empty();
      for (char c : digits) {
        if (c < '0' || c > '9') {
          ok = false;
          break;
        }
        value = value * 10 + static_cast<uint64_t>(c - '0');
      }
      node.integer = text.starts_with('-') ? -static_cast<int64_t>(value)
                                           : static_cast<int64_t>(value);
    }
    if (!ok && !text.empty()) {
      diags_.Error(rules::kXmlInteger, At(element),
                   fmt::format("<integer>{}</integer> cannot be read by the "
                               "kernel's plist parser, "
                               "which takes only decimal digits (with an "
                               "optional '-') or 0x and "
                               "lowercase hex digits, with no spaces; write {}",
                               text, Suggestion(text)));
    }
    if (pugi::xml_attribute size = element.attribute("size")) {
      int bits = size.as_int(0);
      if (bits <= 0 || bits > 64) {
        diags_.Error(rules::kXmlInteger, At(element),
                     fmt::format("size=\"{}\" is not a size the kernel can "
                                 "build a number of (1-64 "
                                 "bits); remove the attribute",
                                 size.value()));
      }
    }
  }

  // The decimal form of an integer the kernel cannot read, where CF could.
  static std::string Suggestion(std::string_view text) {
    std::string trimmed;
    for (char c : text) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '+') trimmed += c;
    }
    bool negative = trimmed.starts_with('-');
    std::string_view digits = negative ? std::string_view(trimmed).substr(1)
                                       : std::string_view(trimmed);
    int base = 10;
    if (digits.starts_with("0x") || digits.starts_with("0X")) {
      base = 16;
      digits.remove_prefix(2);
    }
    uint64_t value = 0;
    for (char c : digits) {
      int digit = (c >= '0' && c <= '9')   ? c - '0'
                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                           : -1;
      if (digit < 0 || digit >= base) return "a decimal number";
      value =
          value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
    }
    if (digits.empty()) return "a decimal number";
    return fmt::format("<integer>{}{}</integer>", negative ? "-" : "", value);
  }

  void ConvertData(const pugi::xml_node& element, Node& node) {
    if (std::string_view(element.attribute("format").value()) == "hex") return;
    if (!base::Base64Decode(node.text, /*skip_whitespace=*/true)) {
      diags_.Error(rules::kXmlData, At(element),
                   "<data> is not valid Base64; the kernel skips the "
                   "characters it does not know, "
                   "so the bytes it loads would differ from what was meant");
    }
  }

  const diag::SourceFile& file_;
  diag::Diagnostics& diags_;
  size_t objects_ = 0;
};

}  // namespace

std::string_view NodeTypeName(NodeType type) {
  switch (type) {
    case NodeType::kDict:
      return "dict";
    case NodeType::kArray:
      return "array";
    case NodeType::kSet:
      return "set";
    case NodeType::kString:
      return "string";
    case NodeType::kInteger:
      return "integer";
    case NodeType::kData:
      return "data";
    case NodeType::kTrue:
      return "true";
    case NodeType::kFalse:
      return "false";
  }
  return "value";
}

const Node* Node::Find(std::string_view key) const {
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].name == key) return &children[i];
  }
  return nullptr;
}

const Node::Key* Node::FindKey(std::string_view key) const {
  for (const Key& k : keys) {
    if (k.name == key) return &k;
  }
  return nullptr;
}

std::optional<Node> ParsePlist(const diag::SourceFile& file,
                               diag::Diagnostics& diags) {
  CheckLexicalSubset(file, diags);
  pugi::xml_document document;
  unsigned int options = pugi::parse_cdata | pugi::parse_escapes |
                         pugi::parse_doctype | pugi::parse_declaration;
  pugi::xml_parse_result result = document.load_buffer(
      file.text().data(), file.text().size(), options, pugi::encoding_utf8);
  if (!result) {
    diags.Error(rules::kXmlSyntax,
                diag::Location::At(file, static_cast<size_t>(result.offset)),
                fmt::format("the file is not well-formed XML: {}",
                            result.description()));
    return std::nullopt;
  }
  pugi::xml_node plist = document.document_element();
  if (std::string_view(plist.name()) != "plist") {
    // The kernel accepts a bare value; Apple's tools always write <plist>.
    TreeBuilder builder(file, diags);
    return builder.Build(document);
  }
  TreeBuilder builder(file, diags);
  return builder.Build(plist);
}

}  // namespace codeless::validate
