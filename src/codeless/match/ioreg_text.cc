// `ioreg -l` text, with or without -w0 (and `ioreg -S`, `-r -c`, which
// print the same tree). Each entry is a line "+-o NAME  <class CLASS, id
// 0x..., ...>" indented two columns per level under '|' guides, followed
// by its properties between "{" and "}", one `"key" = value` a line.
// Values use ioreg's notation: "string", decimal integers, Yes/No,
// <hex data>, <"s","t"> for data holding strings, {"k"=v,...} dicts and
// (v,...) arrays. Without -w0 ioreg cuts long lines at the terminal width;
// such a value cannot be read and is kept as untyped text. A string with a
// line break continues on the next lines, which carry no guides.
#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "codeless/diag/rules.h"
#include "codeless/match/dump.h"

namespace codeless::match {
namespace {

namespace rules = diag::rules;

enum class Parse { kOk, kIncomplete, kBad };

class ValueParser {
 public:
  explicit ValueParser(std::string_view text) : text_(text) {}

  Parse Read(Value& out) {
    SkipSpace();
    if (pos_ >= text_.size()) return Parse::kIncomplete;
    char c = text_[pos_];
    if (c == '"') return ReadString(out);
    if (c == '<') return ReadData(out);
    if (c == '{') return ReadDict(out);
    if (c == '(') return ReadArray(out);
    return ReadWord(out);
  }
  size_t pos() const { return pos_; }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
            text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  Parse ReadQuoted(std::string& out) {
    size_t end = text_.find('"', pos_ + 1);
    if (end == std::string_view::npos) return Parse::kIncomplete;
    out.assign(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return Parse::kOk;
  }
  Parse ReadString(Value& out) {
    out.kind = Value::Kind::kString;
    Parse p = ReadQuoted(out.text);
    if (p == Parse::kOk && !out.text.empty() &&
        out.text.find_first_not_of('*') == std::string::npos) {
      out.kind = Value::Kind::kMasked;
    }
    return p;
  }
  Parse ReadData(Value& out) {
    ++pos_;
    out.kind = Value::Kind::kData;
    out.text.clear();
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      // <"a","b">: data whose bytes are NUL-terminated strings.
      while (true) {
        SkipSpace();
        if (pos_ >= text_.size()) return Parse::kIncomplete;
        if (text_[pos_] != '"') return Parse::kBad;
        std::string s;
        if (Parse p = ReadQuoted(s); p != Parse::kOk) return p;
        out.text += s;
        out.text += '\0';
        SkipSpace();
        if (pos_ >= text_.size()) return Parse::kIncomplete;
        if (text_[pos_] == '>') break;
        if (text_[pos_] != ',') return Parse::kBad;
        ++pos_;
      }
      ++pos_;
      return Parse::kOk;
    }
    size_t end = text_.find('>', pos_);
    if (end == std::string_view::npos) return Parse::kIncomplete;
    std::string_view hex = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    if (hex.find('*') != std::string_view::npos) {
      out.kind = Value::Kind::kMasked;
      out.text = fmt::format("<{}>", hex);
      return Parse::kOk;
    }
    std::string digits;
    for (char h : hex) {
      if (std::isxdigit(static_cast<unsigned char>(h))) {
        digits += h;
      } else if (h != ' ') {
        return Parse::kBad;
      }
    }
    if (digits.size() % 2 != 0) return Parse::kBad;
    for (size_t i = 0; i < digits.size(); i += 2) {
      out.text +=
          static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
    }
    return Parse::kOk;
  }
  Parse ReadDict(Value& out) {
    ++pos_;
    out.kind = Value::Kind::kDict;
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size()) return Parse::kIncomplete;
      if (text_[pos_] == '}') {
        ++pos_;
        return Parse::kOk;
      }
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] != '"') return Parse::kBad;
      std::string key;
      if (Parse p = ReadQuoted(key); p != Parse::kOk) return p;
      SkipSpace();
      if (pos_ >= text_.size()) return Parse::kIncomplete;
      if (text_[pos_] != '=') return Parse::kBad;
      ++pos_;
      Value value;
      if (Parse p = Read(value); p != Parse::kOk) return p;
      out.entries.emplace_back(std::move(key), std::move(value));
    }
  }
  Parse ReadArray(Value& out) {
    ++pos_;
    out.kind = Value::Kind::kArray;
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size()) return Parse::kIncomplete;
      if (text_[pos_] == ')') {
        ++pos_;
        return Parse::kOk;
      }
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      Value value;
      size_t before = pos_;
      if (Parse p = Read(value); p != Parse::kOk) return p;
      // A '}' where an item belongs reads as an empty word and moves
      // nothing: without this the loop would add empty items forever.
      if (pos_ == before) return Parse::kBad;
      out.items.push_back(std::move(value));
    }
  }
  // Yes, No, integers, and anything else up to the next delimiter.
  Parse ReadWord(Value& out) {
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' &&
           text_[pos_] != ')' && text_[pos_] != '\n') {
      ++pos_;
    }
    std::string_view word = text_.substr(start, pos_ - start);
    while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
    if (word == "Yes" || word == "No") {
      out = Value::Bool(word == "Yes");
      return Parse::kOk;
    }
    bool negative = !word.empty() && word.front() == '-';
    std::string_view digits = negative ? word.substr(1) : word;
    int base = 10;
    if (digits.starts_with("0x")) {
      digits.remove_prefix(2);
      base = 16;
    }
    uint64_t n = 0;
    auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), n, base);
    if (!digits.empty() && error == std::errc() &&
        end == digits.data() + digits.size()) {
      out = Value::Integer(negative ? ~n + 1 : n);
      return Parse::kOk;
    }
    out.kind =
        word.find_first_not_of('*') == std::string_view::npos && !word.empty()
            ? Value::Kind::kMasked
            : Value::Kind::kOther;
    out.text.assign(word);
    return Parse::kOk;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

struct Line {
  size_t offset;          // of the line's first byte
  std::string_view raw;   // without the line end
  size_t content_column;  // first byte after the tree guides
  std::string_view content() const { return raw.substr(content_column); }
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(start, end - start);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    size_t column = raw.find_first_not_of(" |");
    if (column == std::string_view::npos) column = raw.size();
    lines.push_back({start, raw, column});
    start = end + 1;
  }
  return lines;
}

// "+-o NAME  <class CLASS, id 0x1, ...>" after the guides.
bool ReadHeader(std::string_view content, Entry& entry) {
  if (!content.starts_with("+-o ")) return false;
  std::string_view rest = content.substr(4);
  size_t open = rest.rfind("  <class ");
  if (open == std::string_view::npos) {
    entry.name.assign(rest);
    return true;
  }
  entry.name.assign(rest.substr(0, open));
  std::string_view attributes = rest.substr(open + 9);
  if (!attributes.empty() && attributes.back() == '>') {
    attributes.remove_suffix(1);
  }
  size_t comma = attributes.find(',');
  entry.class_name.assign(attributes.substr(0, comma));
  size_t id = attributes.find(", id ");
  if (id != std::string_view::npos) {
    std::string_view tail = attributes.substr(id + 5);
    entry.id.assign(tail.substr(0, tail.find(',')));
  }
  size_t at = entry.name.find('@');
  if (at != std::string::npos) entry.location = entry.name.substr(at + 1);
  return true;
}

}  // namespace

std::optional<Registry> ReadIoregText(const diag::SourceFile& file,
                                      diag::Diagnostics& diags) {
  Registry registry;
  registry.format = "ioreg -l text";
  std::string_view text = file.text();
  std::vector<Line> lines = SplitLines(text);
  // Open entries by the column of their "+-o".
  std::vector<std::pair<size_t, int>> open;
  int current = -1;
  bool in_properties = false;
  bool ok = true;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    std::string_view content = line.content();
    if (content.empty()) continue;
    Entry entry;
    if (ReadHeader(content, entry)) {
      size_t column = line.content_column;
      while (!open.empty() && open.back().first >= column) open.pop_back();
      entry.parent = open.empty() ? -1 : open.back().second;
      entry.line = static_cast<int>(i + 1);
      int index = static_cast<int>(registry.entries.size());
      if (entry.parent >= 0) {
        registry.entries[entry.parent].children.push_back(index);
      }
      registry.entries.push_back(std::move(entry));
      open.emplace_back(column, index);
      current = index;
      in_properties = false;
      continue;
    }
    if (content == "{") {
      if (current < 0) {
        diags.Error(rules::kDumpSyntax,
                    diag::Location::At(file, line.offset + line.content_column),
                    "a property list before the first \"+-o\" entry line; "
                    "save the dump again with 'ioreg -l -w0'");
        ok = false;
      }
      in_properties = true;
      continue;
    }
    if (content == "}") {
      in_properties = false;
      continue;
    }
    if (!in_properties || current < 0 || content.front() != '"') continue;
    size_t close = content.find("\" = ", 1);
    if (close == std::string_view::npos) {
      diags.Error(rules::kDumpSyntax,
                  diag::Location::At(file, line.offset + line.content_column),
                  "a property line without '\"KEY\" = VALUE'; the dump looks "
                  "edited or cut: save it again with 'ioreg -l -w0'");
      ok = false;
      continue;
    }
    std::string key(content.substr(1, close - 1));
    std::string_view first = content.substr(close + 4);
    Value value;
    Parse parse;
    {
      ValueParser parser(first);
      parse = parser.Read(value);
      if (parse == Parse::kOk && !parser.AtEnd()) parse = Parse::kBad;
    }
    // A value cut by a line break inside a string: join the next lines
    // (they carry no guides) until it reads.
    if (parse == Parse::kIncomplete) {
      std::string joined(first);
      for (size_t j = i + 1; j < lines.size() && j <= i + 64; ++j) {
        std::string_view next = lines[j].content();
        if (next == "}" || next.starts_with("+-o ") ||
            (next.starts_with("\"") && next.find("\" = ") != next.npos)) {
          break;  // the next property or entry: the value was cut
        }
        joined += '\n';
        joined += lines[j].raw;
        Value longer;
        ValueParser parser(joined);
        Parse p = parser.Read(longer);
        if (p == Parse::kOk && parser.AtEnd()) {
          value = std::move(longer);
          parse = Parse::kOk;
          i = j;
          break;
        }
        if (p == Parse::kBad) break;
      }
    }
    if (parse != Parse::kOk) {
      // A line cut at the terminal width (no -w0): keep the text.
      value = Value();
      value.kind = Value::Kind::kOther;
      value.text.assign(first);
    }
    registry.entries[current].properties.emplace_back(std::move(key),
                                                      std::move(value));
  }
  if (!ok) return std::nullopt;
  if (registry.entries.empty()) {
    diags.Error(rules::kDumpSyntax, diag::Location::At(file, 0),
                "no \"+-o\" entry lines: this is not 'ioreg -l' output");
    return std::nullopt;
  }
  return registry;
}

}  // namespace codeless::match
