// A strict JSON (RFC 8259) pull parser that knows where everything is.
//
// Readers walk a document by recursive descent: Next() reads a value's first
// token (a scalar, or the opening of an object or array), NextMember() and
// NextElement() step through a container that Next() opened, and Skip()
// passes over the rest of a value. Every token carries the byte offset of
// its first character, so a reader can report any problem at its place in
// one pass, without a DOM. Strings are checked as they are read: UTF-8 must
// be well formed, control characters must be escaped, NUL is refused even
// and \u escapes must pair surrogates. A UTF-8 byte-order mark is refused,
// as RFC 8259 forbids writing one.
//
// The first syntax error stops the cursor: every later call returns false,
// and error() says what and where. Texts handed out (string values, keys)
// stay valid until the next call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::base {

enum class JsonType : uint8_t {
  kNull,
  kBoolean,
  kNumber,
  kString,
  kObject,  // the opening '{'
  kArray,   // the opening '['
};

struct JsonToken {
  JsonType type = JsonType::kNull;
  uint32_t offset = 0;  // of the first character ('"' of a string)
  uint32_t end = 0;     // one past the last character (scalars only)
  bool boolean = false;
  // Numbers: the number as written. Strings: the decoded text.
  std::string_view text;
  // Numbers: no fraction and no exponent.
  bool integer = false;
  // Strings: `text` views the cursor's buffer (it had escapes) and is valid
  // until the next call; otherwise it views the source text itself.
  bool escaped = false;
};

struct JsonKey {
  std::string_view name;  // decoded
  uint32_t offset = 0;    // of the key's opening '"'
  bool escaped = false;   // as JsonToken::escaped
};

struct JsonError {
  uint32_t offset = 0;
  std::string message;  // completes "PATH:LINE:COL: error: "
  // The message says all there is to say: a limit of the cursor's
  // (kMaxDepth) or a byte-order mark, not a JSON syntax error.
  bool complete = false;
  // The error is the nesting limit (kMaxDepth), not a syntax error.
  bool too_deep = false;
};

class JsonCursor {
 public:
  // Deeper nesting is an error (JsonError::too_deep) at the first '{' or
  // '[' past the limit: no plist needs it, the kernel's parser could not
  // read one that deep (its stack holds 200 entries, kernel_xml.h), and the
  // readers' recursion stays bounded.
  static constexpr size_t kMaxDepth = 256;

  explicit JsonCursor(std::string_view text);

  // Reads the next value's first token. At the top level this is the
  // document; inside a container call it after NextMember()/NextElement().
  bool Next(JsonToken& token);
  // In an object that Next() opened: reads the next member's key and its
  // ':'; false at the closing '}' (or on error). Read the value with Next().
  bool NextMember(JsonKey& key);
  // In an array that Next() opened: true when another element follows
  // (read it with Next()); false at the closing ']' (or on error).
  bool NextElement();
  // Passes over the rest of the value whose first token `token` is: nothing
  // for a scalar, everything up to the matching close for a container.
  bool Skip(const JsonToken& token);
  // After the top-level value: only white space may follow.
  bool Finish();

  bool failed() const { return !error_.message.empty(); }
  const JsonError& error() const { return error_; }
  // How deep the cursor is: 0 at the top, 1 inside the top-level value, ...
  size_t depth() const { return stack_.size(); }

 private:
  enum class Frame : uint8_t { kObjectStart, kObject, kArrayStart, kArray };

  bool Fail(size_t offset, std::string message, bool complete = false);
  void SkipSpace();
  bool AtEnd() const { return pos_ >= text_.size(); }
  std::string Describe(size_t offset) const;
  bool ReadString(std::string_view& out, bool& escaped, bool key);
  bool ReadNumber(JsonToken& token);
  bool ReadLiteral(std::string_view word, JsonToken& token);

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<Frame> stack_;
  std::string buffer_;  // decoded text of the last escaped string
  JsonError error_;
};

}  // namespace codeless::base
