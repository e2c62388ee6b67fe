#include "codeless/base/json_cursor.h"

#include <fmt/format.h>

#include <array>

namespace codeless::base {
namespace {

// Byte classes, looked up in one table: JSON white space, and the bytes a
// string scan must stop at (quote, backslash, control, non-ASCII).
enum ByteClass : uint8_t { kPlain = 0, kSpace = 1, kStringStop = 2 };

constexpr auto kByteClasses = [] {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 0x20; ++c) classes[c] = kStringStop;
  for (int c = 0x80; c < 0x100; ++c) classes[c] = kStringStop;
  classes['"'] = kStringStop;
  classes['\\'] = kStringStop;
  classes[' '] = kSpace;
  classes['\t'] = kSpace | kStringStop;
  classes['\n'] = kSpace | kStringStop;
  classes['\r'] = kSpace | kStringStop;
  return classes;
}();

bool IsSpace(char c) {
  return (kByteClasses[static_cast<unsigned char>(c)] & kSpace) != 0;
}
bool StopsString(char c) {
  return (kByteClasses[static_cast<unsigned char>(c)] & kStringStop) != 0;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Characters that may end a scalar token.
bool IsDelimiter(char c) {
  return IsSpace(c) || c == ',' || c == '}' || c == ']' || c == ':';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// The length of the well-formed UTF-8 sequence at `text[pos]` (a byte of
// 0x80 or more), or 0 when it is malformed (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF).
size_t Utf8SequenceLength(std::string_view text, size_t pos) {
  auto byte = [&](size_t i) -> unsigned {
    return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i])
                                 : 0;
  };
  auto continuation = [&](size_t i) { return (byte(i) & 0xC0) == 0x80; };
  unsigned lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    unsigned second = byte(1);
    if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
    if (lead == 0xED && second > 0x9F) return 0;  // surrogate
    return continuation(1) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    unsigned second = byte(1);
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second > 0x8F) return 0;  // past U+10FFFF
    return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

JsonCursor::JsonCursor(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) {
    Fail(0,
         "the file starts with a UTF-8 byte-order mark; save it as UTF-8 "
         "without BOM",
         /*complete=*/true);
  }
}

bool JsonCursor::Fail(size_t offset, std::string message, bool complete) {
  // At the end of the file, point just past its last token.
  if (offset >= text_.size()) {
    offset = text_.size();
    while (offset > 0 && IsSpace(text_[offset - 1])) --offset;
  }
  if (error_.message.empty()) {
    error_.offset = static_cast<uint32_t>(offset);
    error_.message = std::move(message);
    error_.complete = complete;
  }
  return false;
}

void JsonCursor::SkipSpace() {
  while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
}

std::string JsonCursor::Describe(size_t offset) const {
  if (offset >= text_.size()) return "the end of the file";
  char c = text_[offset];
  if (c == '"') return "a string";
  if (c == '-' || IsDigit(c)) return "a number";
  if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':') {
    return fmt::format("'{}'", c);
  }
  if (text_.substr(offset).starts_with("true") ||
      text_.substr(offset).starts_with("false")) {
    return "a boolean";
  }
  if (text_.substr(offset).starts_with("null")) return "null";
  auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte >= 0x7F)
    return fmt::format("the byte 0x{:02X}", byte);
  return fmt::format("'{}'", c);
}

bool JsonCursor::Next(JsonToken& token) {
  if (failed()) return false;
  SkipSpace();
  token = JsonToken{};
  token.offset = static_cast<uint32_t>(pos_);
  if (AtEnd()) {
    return Fail(pos_, "expected a value, found the end of the file");
  }
  char c = text_[pos_];
  switch (c) {
    case '{':
    case '[':
      if (stack_.size() >= kMaxDepth) {
        Fail(pos_,
             fmt::format("values are nested more than {} deep; "
                         "no plist needs that, and the kernel's "
                         "parser would not read it",
                         kMaxDepth),
             /*complete=*/true);
        error_.too_deep = true;
        return false;
      }
      ++pos_;
      token.type = c == '{' ? JsonType::kObject : JsonType::kArray;
      stack_.push_back(c == '{' ? Frame::kObjectStart : Frame::kArrayStart);
      return true;
    case '"':
      token.type = JsonType::kString;
      if (!ReadString(token.text, token.escaped, /*key=*/false)) return false;
      token.end = static_cast<uint32_t>(pos_);
      return true;
    case 't':
      token.boolean = true;
      return ReadLiteral("true", token);
    case 'f':
      return ReadLiteral("false", token);
    case 'n':
      return ReadLiteral("null", token);
    default:
      if (c == '-' || IsDigit(c)) return ReadNumber(token);
      if (c == '\'') {
        return Fail(pos_,
                    "JSON strings are written in double quotes (\"), not "
                    "single quotes");
      }
      return Fail(pos_, fmt::format("expected a value (an object, array, "
                                    "string, number, true, false or null), "
                                    "found {}",
                                    Describe(pos_)));
  }
}

bool JsonCursor::ReadLiteral(std::string_view word, JsonToken& token) {
  if (text_.substr(pos_, word.size()) != word ||
      (pos_ + word.size() < text_.size() &&
       !IsDelimiter(text_[pos_ + word.size()]))) {
    size_t end = pos_;
    while (end < text_.size() && !IsDelimiter(text_[end]) && end - pos_ < 20) {
      ++end;
    }
    return Fail(pos_,
                fmt::format("\"{}\" is not a JSON value; write true, false, "
                            "null, a number or a quoted string",
                            text_.substr(pos_, end - pos_)));
  }
  token.type = word == "null" ? JsonType::kNull : JsonType::kBoolean;
  pos_ += word.size();
  token.end = static_cast<uint32_t>(pos_);
  return true;
}

bool JsonCursor::ReadNumber(JsonToken& token) {
  size_t start = pos_;
  size_t p = pos_;
  if (text_[p] == '-') ++p;
  if (p >= text_.size() || !IsDigit(text_[p])) {
    return Fail(start, "a '-' must be followed by digits");
  }
  bool leading_zero = text_[p] == '0';
  ++p;
  while (p < text_.size() && IsDigit(text_[p])) ++p;
  if (leading_zero && p - start > (text_[start] == '-' ? 2u : 1u)) {
    std::string_view written = text_.substr(start, p - start);
    return Fail(
        start,
        fmt::format("{} is not a JSON number: JSON numbers have no "
                    "leading zeros; for a hex ID write the string "
                    "\"0x{}\", for decimal drop the zeros",
                    written, written.substr(written.starts_with('-') ? 1 : 0)));
  }
  token.integer = true;
  if (p < text_.size() && text_[p] == '.') {
    token.integer = false;
    ++p;
    if (p >= text_.size() || !IsDigit(text_[p])) {
      return Fail(p, "a '.' in a number must be followed by digits");
    }
    while (p < text_.size() && IsDigit(text_[p])) ++p;
  }
  if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
    token.integer = false;
    ++p;
    if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
    if (p >= text_.size() || !IsDigit(text_[p])) {
      return Fail(p, "an exponent in a number must have digits");
    }
    while (p < text_.size() && IsDigit(text_[p])) ++p;
  }
  if (p < text_.size() && !IsDelimiter(text_[p])) {
    size_t end = p;
    while (end < text_.size() && !IsDelimiter(text_[end]) && end - start < 20) {
      ++end;
    }
    std::string_view written = text_.substr(start, end - start);
    bool hex = written.starts_with("0x") || written.starts_with("0X");
    return Fail(start,
                hex ? fmt::format("{} is not a JSON number: JSON has no hex "
                                  "numbers; write the string \"{}\"",
                                  written, written)
                    : fmt::format("{} is not a JSON number", written));
  }
  token.type = JsonType::kNumber;
  token.text = text_.substr(start, p - start);
  pos_ = p;
  token.end = static_cast<uint32_t>(pos_);
  return true;
}

bool JsonCursor::ReadString(std::string_view& out, bool& was_escaped,
                            bool key) {
  size_t start = pos_;  // the opening quote
  size_t p = pos_ + 1;
  // The common case: no escapes, so the text is a view of the source.
  size_t run = p;
  bool escaped = false;
  buffer_.clear();
  while (true) {
    // Runs of plain bytes, the bulk of every string, in a tight loop.
    while (p < text_.size() && !StopsString(text_[p])) ++p;
    if (p >= text_.size()) {
      return Fail(start, fmt::format("this {} has no closing '\"'",
                                     key ? "member name" : "string"));
    }
    auto c = static_cast<unsigned char>(text_[p]);
    if (c == '"') break;
    if (c < 0x20) {
      return Fail(p, fmt::format("a string holds the control character "
                                 "U+{:04X}; write it as \\u{:04x} (or \\n, "
                                 "\\t)",
                                 c, c));
    }
    if (c >= 0x80) {
      size_t length = Utf8SequenceLength(text_, p);
      if (length == 0) {
        return Fail(p, fmt::format("a string holds the byte 0x{:02X}, which "
                                   "is not UTF-8; save the descriptor as "
                                   "UTF-8",
                                   c));
      }
      p += length;
      continue;
    }
    if (c != '\\') {
      ++p;
      continue;
    }
    if (!escaped) {
      escaped = true;
      buffer_.assign(text_.substr(run, p - run));
    } else {
      buffer_.append(text_.substr(run, p - run));
    }
    size_t escape = p;
    if (p + 1 >= text_.size()) {
      return Fail(start, "this string has no closing '\"'");
    }
    char e = text_[p + 1];
    p += 2;
    switch (e) {
      case '"':
        buffer_ += '"';
        break;
      case '\\':
        buffer_ += '\\';
        break;
      case '/':
        buffer_ += '/';
        break;
      case 'b':
        buffer_ += '\b';
        break;
      case 'f':
        buffer_ += '\f';
        break;
      case 'n':
        buffer_ += '\n';
        break;
      case 'r':
        buffer_ += '\r';
        break;
      case 't':
        buffer_ += '\t';
        break;
      case 'u': {
        auto read_hex4 = [&](size_t at, uint32_t& value) {
          if (at + 4 > text_.size()) return false;
          value = 0;
          for (size_t i = 0; i < 4; ++i) {
            int digit = HexValue(text_[at + i]);
            if (digit < 0) return false;
            value = value * 16 + static_cast<uint32_t>(digit);
          }
          return true;
        };
        uint32_t code_point = 0;
        if (!read_hex4(p, code_point)) {
          return Fail(escape, "\\u must be followed by four hex digits");
        }
        p += 4;
        if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
          return Fail(escape, fmt::format("\\u{:04x} is the second half of a "
                                          "surrogate pair with no first half",
                                          code_point));
        }
        if (code_point >= 0xD800 && code_point <= 0xDBFF) {
          uint32_t low = 0;
          if (p + 1 >= text_.size() || text_[p] != '\\' ||
              text_[p + 1] != 'u' || !read_hex4(p + 2, low) || low < 0xDC00 ||
              low > 0xDFFF) {
            return Fail(escape,
                        fmt::format("\\u{:04x} is the first half of a "
                                    "surrogate pair, but no \\uDC00-\\uDFFF "
                                    "follows",
                                    code_point));
          }
          p += 6;
          code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(buffer_, code_point);
        break;
      }
      default:
        return Fail(escape,
                    fmt::format("\\{} is not a JSON escape; use \\\" \\\\ \\/ "
                                "\\b \\f \\n \\r \\t or \\uXXXX",
                                e));
    }
    run = p;
  }
  was_escaped = escaped;
  if (escaped) {
    buffer_.append(text_.substr(run, p - run));
    out = buffer_;
  } else {
    out = text_.substr(start + 1, p - start - 1);
  }
  pos_ = p + 1;
  return true;
}

bool JsonCursor::NextMember(JsonKey& key) {
  if (failed() || stack_.empty()) return false;
  Frame& frame = stack_.back();
  if (frame != Frame::kObjectStart && frame != Frame::kObject) return false;
  SkipSpace();
  if (frame == Frame::kObject) {
    if (!AtEnd() && text_[pos_] == '}') {
      ++pos_;
      stack_.pop_back();
      return false;
    }
    if (AtEnd() || text_[pos_] != ',') {
      return Fail(pos_, fmt::format("expected ',' or '}}' after an object "
                                    "member, found {}",
                                    Describe(pos_)));
    }
    size_t comma = pos_++;
    SkipSpace();
    if (!AtEnd() && text_[pos_] == '}') {
      // Where the mistake is: the comma, not the brace after it.
      return Fail(comma,
                  "a ',' after the last member, which JSON does not allow; "
                  "remove it");
    }
    if (AtEnd() || text_[pos_] != '"') {
      return Fail(pos_,
                  fmt::format("expected a member name (a string) after ',', "
                              "found {}",
                              Describe(pos_)));
    }
  } else {
    if (!AtEnd() && text_[pos_] == '}') {
      ++pos_;
      stack_.pop_back();
      return false;
    }
    if (AtEnd() || text_[pos_] != '"') {
      return Fail(pos_, fmt::format("expected a member name (a string) or "
                                    "'}}', found {}",
                                    Describe(pos_)));
    }
  }
  frame = Frame::kObject;
  key.offset = static_cast<uint32_t>(pos_);
  if (!ReadString(key.name, key.escaped, /*key=*/true)) return false;
  SkipSpace();
  if (AtEnd() || text_[pos_] != ':') {
    return Fail(pos_, fmt::format("expected ':' after the member name, "
                                  "found {}",
                                  Describe(pos_)));
  }
  ++pos_;
  return true;
}

bool JsonCursor::NextElement() {
  if (failed() || stack_.empty()) return false;
  Frame& frame = stack_.back();
  if (frame != Frame::kArrayStart && frame != Frame::kArray) return false;
  SkipSpace();
  if (!AtEnd() && text_[pos_] == ']') {
    ++pos_;
    stack_.pop_back();
    return false;
  }
  if (frame == Frame::kArray) {
    if (AtEnd() || text_[pos_] != ',') {
      return Fail(pos_, fmt::format("expected ',' or ']' after an array "
                                    "element, found {}",
                                    Describe(pos_)));
    }
    size_t comma = pos_++;
    SkipSpace();
    if (!AtEnd() && text_[pos_] == ']') {
      return Fail(comma,
                  "a ',' after the last element, which JSON does not allow; "
                  "remove it");
    }
  }
  frame = Frame::kArray;
  return true;
}

bool JsonCursor::Skip(const JsonToken& token) {
  if (failed()) return false;
  if (token.type == JsonType::kObject) {
    JsonKey key;
    JsonToken value;
    while (NextMember(key)) {
      if (!Next(value) || !Skip(value)) return false;
    }
  } else if (token.type == JsonType::kArray) {
    JsonToken value;
    while (NextElement()) {
      if (!Next(value) || !Skip(value)) return false;
    }
  }
  return !failed();
}

bool JsonCursor::Finish() {
  if (failed()) return false;
  SkipSpace();
  if (!AtEnd()) {
    return Fail(pos_, fmt::format("the JSON value ends before this, so {} "
                                  "is left over; a descriptor is one object",
                                  Describe(pos_)));
  }
  return true;
}

}  // namespace codeless::base
