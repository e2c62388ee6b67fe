#include "codeless/descriptor/json_document.h"

#include <fmt/format.h>

#include <deque>
#include <iterator>
#include <vector>

#include "codeless/base/json_pointer.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {
namespace {

using nlohmann::json;
namespace rules = diag::rules;
using base::AppendPointer;
using base::SplitPointer;

// A char iterator that counts how far nlohmann's lexer has read, so SAX
// events can be given byte offsets. At a key, string, literal, '{' or '['
// event the count is the offset just past the token; at a number event it
// is one byte further, because the lexer reads one character ahead.
class CountingIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* position, size_t* count)
      : position_(position), count_(count) {}
  reference operator*() const { return *position_; }
  CountingIterator& operator++() {
    ++position_;
    ++*count_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& other) const {
    return position_ == other.position_;
  }
  bool operator!=(const CountingIterator& other) const {
    return position_ != other.position_;
  }

 private:
  const char* position_;
  size_t* count_;
};

// Offset of the opening quote of the string token that ends before `end`.
size_t StringTokenStart(std::string_view text, size_t end) {
  if (end == 0) return 0;
  size_t i = end - 1;  // the closing quote
  while (i > 0) {
    --i;
    if (text[i] != '"') continue;
    size_t backslashes = 0;
    while (i >= backslashes + 1 && text[i - backslashes - 1] == '\\')
      ++backslashes;
    if (backslashes % 2 == 0) return i;
  }
  return 0;
}

size_t NumberTokenStart(std::string_view text, size_t end) {
  size_t i = end;
  while (i > 0) {
    char c = text[i - 1];
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
        c == 'e' || c == 'E') {
      --i;
    } else {
      break;
    }
  }
  return i;
}

// "[json.exception.parse_error.101] parse error at line 1, column 2: x" -> "x"
std::string PlainParseMessage(const std::string& what) {
  std::string message = what;
  if (size_t colon = message.find(": ");
      colon != std::string::npos && message.starts_with("[json")) {
    message = message.substr(colon + 2);
  }
  return message;
}

// Builds the DOM and reports duplicate keys. The path to the current
// container is kept as references to keys already in the DOM, so a JSON
// pointer is only spelt out when a duplicate needs one.
class DomBuilder : public nlohmann::json_sax<json> {
 public:
  // Deeper documents are refused: every later stage recurses over them.
  static constexpr size_t kMaxDepth = 256;

  DomBuilder(diag::SourceFile& file, diag::Diagnostics& diags,
             const size_t* count)
      : file_(file), diags_(diags), count_(count) {}

  bool null() override { return Put(json(nullptr)); }
  bool boolean(bool value) override { return Put(json(value)); }
  bool number_integer(number_integer_t value) override {
    return Put(json(value));
  }
  bool number_unsigned(number_unsigned_t value) override {
    return Put(json(value));
  }
  bool number_float(number_float_t value, const string_t&) override {
    return Put(json(value));
  }
  bool string(string_t& value) override { return Put(json(std::move(value))); }
  bool binary(binary_t& value) override {
    return Put(json::binary(std::move(value)));
  }

  bool start_object(std::size_t) override { return Open(json::object()); }
  bool start_array(std::size_t) override { return Open(json::array()); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }

  bool key(string_t& value) override {
    if (stack_.back()->contains(value)) {
      std::string pointer = AppendPointer(CurrentPointer(), value);
      size_t start = StringTokenStart(file_.text(), *count_);
      diags_.Error(
          rules::kJsonDuplicateKey, diag::Location::At(file_, start),
          fmt::format(
              "duplicate key \"{}\"; JSON readers would silently keep only one "
              "of the values, so remove or rename one",
              value));
      diags_.Note(
          rules::kJsonDuplicateKey,
          diag::Location::At(
              file_, LocateJsonPointer(file_.text(), pointer, diag::Part::kKey)
                         .value_or(diag::Location::kNoOffset)),
          fmt::format("\"{}\" first defined here", value));
      dropped_keys_.push_back(std::move(value));
      pending_key_.reset();
    } else {
      pending_key_ = std::move(value);
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    diags_.Error(rules::kJsonSyntax,
                 diag::Location::At(file_, ErrorOffset(position, ex.what())),
                 fmt::format("{}; the descriptor must be valid JSON (RFC 8259)",
                             PlainParseMessage(ex.what())));
    return false;
  }

  json TakeRoot() { return std::move(root_); }

 private:
  // How an open container is reached from its parent.
  struct Frame {
    const std::string* key = nullptr;  // member name, owned by the DOM
    size_t index = 0;                  // element index, when key is null
  };

  // Where to point for a syntax error: nlohmann reports how far it read. An
  // unexpected token is pointed at from its start, a bad literal ("tru")
  // from its first letter, anything else at the character that stopped it.
  size_t ErrorOffset(size_t position, std::string_view message) const {
    std::string_view text = file_.text();
    size_t end = std::min(position, text.size());
    if (end == 0) return 0;
    auto is_letter = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    if (message.find("invalid literal") != std::string_view::npos) {
      size_t i = end - 1;
      if (!is_letter(text[i]) && i > 0) --i;
      while (i > 0 && is_letter(text[i - 1])) --i;
      return i;
    }
    if (message.find("unexpected") != std::string_view::npos &&
        message.find("end of input") == std::string_view::npos) {
      char last = text[end - 1];
      if (last == '"') return StringTokenStart(text, end);
      if (last >= '0' && last <= '9') return NumberTokenStart(text, end);
    }
    return end - 1;
  }

  std::string CurrentPointer() const {
    std::string pointer;
    for (size_t i = 1; i < path_.size(); ++i) {
      pointer = path_[i].key != nullptr
                    ? AppendPointer(pointer, *path_[i].key)
                    : AppendPointer(pointer, path_[i].index);
    }
    return pointer;
  }

  bool Put(json value) {
    Place(std::move(value));
    return true;
  }

  bool Open(json container) {
    if (stack_.size() >= kMaxDepth) {
      diags_.Error(rules::kJsonSyntax,
                   diag::Location::At(file_, *count_ == 0 ? 0 : *count_ - 1),
                   fmt::format("values are nested more than {} deep; no plist "
                               "needs that, and the kernel's parser would not "
                               "read it",
                               kMaxDepth));
      return false;
    }
    Frame frame;
    json* placed = Place(std::move(container), &frame);
    stack_.push_back(placed);
    path_.push_back(frame);
    return true;
  }

  bool Close() {
    stack_.pop_back();
    path_.pop_back();
    return true;
  }

  // Stores a new value where the parser is and returns it; `frame` receives
  // how it is reached from its parent.
  json* Place(json value, Frame* frame = nullptr) {
    Frame reached;
    json* placed = nullptr;
    if (stack_.empty()) {
      root_ = std::move(value);
      placed = &root_;
    } else if (json& parent = *stack_.back(); parent.is_array()) {
      reached.index = parent.size();
      parent.push_back(std::move(value));
      placed = &parent.back();
    } else if (!pending_key_) {
      // The value of a duplicate key: parse it into a scratch slot, drop it.
      reached.key = &dropped_keys_.back();
      scratch_.push_back(std::move(value));
      placed = &scratch_.back();
    } else {
      auto& object = parent.get_ref<json::object_t&>();
      auto inserted =
          object.emplace(std::move(*pending_key_), std::move(value)).first;
      pending_key_.reset();
      reached.key = &inserted->first;
      placed = &inserted->second;
    }
    if (frame != nullptr) *frame = reached;
    return placed;
  }

  diag::SourceFile& file_;
  diag::Diagnostics& diags_;
  const size_t* count_;
  json root_;
  std::vector<json*> stack_;
  std::vector<Frame> path_;
  std::optional<std::string> pending_key_;
  std::deque<std::string> dropped_keys_;
  std::deque<json> scratch_;
};

// Finds the offset of one pointer's key or value.
class PointerFinder : public nlohmann::json_sax<json> {
 public:
  PointerFinder(std::string_view text, std::vector<std::string> target,
                diag::Part part, const size_t* count)
      : text_(text), target_(std::move(target)), part_(part), count_(count) {}

  std::optional<size_t> result() const { return result_; }

  bool null() override { return Literal(4); }
  bool boolean(bool value) override { return Literal(value ? 4 : 5); }
  bool number_integer(number_integer_t) override { return Number(); }
  bool number_unsigned(number_unsigned_t) override { return Number(); }
  bool number_float(number_float_t, const string_t&) override {
    return Number();
  }
  bool string(string_t&) override {
    return Scalar(StringTokenStart(text_, *count_));
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Open(false); }
  bool start_array(std::size_t) override { return Open(true); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }
  bool key(string_t& value) override {
    frames_.back().key = value;
    if (part_ == diag::Part::kKey && AtTarget()) {
      result_ = StringTokenStart(text_, *count_);
      return false;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  struct Frame {
    bool is_array = false;
    size_t index = 0;
    std::string key;
  };

  // Whether the value about to be read (or the key just read) is the target.
  bool AtTarget() const {
    if (frames_.size() != target_.size()) return false;
    for (size_t i = 0; i < frames_.size(); ++i) {
      const Frame& frame = frames_[i];
      if (frame.is_array ? target_[i] != std::to_string(frame.index)
                         : target_[i] != frame.key) {
        return false;
      }
    }
    return true;
  }

  bool Found(size_t offset) {
    result_ = offset;
    return false;
  }
  void Advance() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
  }
  bool Scalar(size_t start) {
    if (AtTarget()) return Found(start);
    Advance();
    return true;
  }
  bool Literal(size_t length) {
    return Scalar(*count_ >= length ? *count_ - length : 0);
  }
  bool Number() {
    return Scalar(NumberTokenStart(text_, *count_ == 0 ? 0 : *count_ - 1));
  }
  bool Open(bool is_array) {
    if (AtTarget()) return Found(*count_ == 0 ? 0 : *count_ - 1);
    frames_.push_back({is_array, 0, {}});
    return true;
  }
  bool Close() {
    frames_.pop_back();
    Advance();
    return true;
  }

  std::string_view text_;
  std::vector<std::string> target_;
  diag::Part part_;
  const size_t* count_;
  std::vector<Frame> frames_;
  std::optional<size_t> result_;
};

}  // namespace

std::optional<size_t> LocateJsonPointer(std::string_view text,
                                        std::string_view pointer,
                                        diag::Part part) {
  size_t count = 0;
  PointerFinder finder(text, SplitPointer(pointer), part, &count);
  CountingIterator first(text.data(), &count);
  CountingIterator last(text.data() + text.size(), &count);
  json::sax_parse(first, last, &finder, nlohmann::detail::input_format_t::json,
                  false);
  return finder.result();
}

std::optional<json> ParseJson(diag::SourceFile& file,
                              diag::Diagnostics& diags) {
  const std::string& text = file.text();
  if (text.starts_with("\xEF\xBB\xBF")) {
    diags.Error(rules::kJsonSyntax, diag::Location::At(file, 0),
                "the file starts with a UTF-8 byte-order mark; save it as "
                "UTF-8 without BOM");
    return std::nullopt;
  }
  size_t count = 0;
  DomBuilder builder(file, diags, &count);
  CountingIterator first(text.data(), &count);
  CountingIterator last(text.data() + text.size(), &count);
  bool ok = json::sax_parse(first, last, &builder,
                            nlohmann::detail::input_format_t::json, true);
  if (!ok) return std::nullopt;
  std::string_view view = file.text();
  file.set_locator([view](std::string_view pointer, diag::Part part) {
    return LocateJsonPointer(view, pointer, part);
  });
  return builder.TakeRoot();
}

}  // namespace codeless::descriptor
