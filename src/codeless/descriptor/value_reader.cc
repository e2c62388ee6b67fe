#include "codeless/descriptor/value_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <system_error>

#include "codeless/base/base64.h"
#include "codeless/base/spelling.h"
#include "codeless/descriptor/key_tables.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {
namespace {

namespace rules = diag::rules;

// Objects with more members than this look duplicates up in a sorted index
// instead of by a linear scan.
constexpr size_t kLinearScanMembers = 16;

// Whether a JSON number with a fraction or exponent has an integral value
// ("1.0", "1.5e1"), judged from its digits: messages then speak of an
// integer rather than of a fraction.
bool IsIntegralNumber(std::string_view text) {
  size_t p = 0;
  if (p < text.size() && text[p] == '-') ++p;
  std::string digits;
  while (p < text.size() && text[p] >= '0' && text[p] <= '9') {
    digits += text[p++];
  }
  int64_t fraction_digits = 0;
  if (p < text.size() && text[p] == '.') {
    ++p;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9') {
      digits += text[p++];
      ++fraction_digits;
    }
  }
  int64_t exponent = 0;
  if (p < text.size() && (text[p] == 'e' || text[p] == 'E')) {
    ++p;
    bool negative = p < text.size() && text[p] == '-';
    if (p < text.size() && (text[p] == '+' || text[p] == '-')) ++p;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9') {
      exponent = std::min<int64_t>(exponent * 10 + (text[p++] - '0'), 100000);
    }
    if (negative) exponent = -exponent;
  }
  int64_t shift = exponent - fraction_digits;  // value = digits * 10^shift
  if (shift >= 0) return true;
  size_t dropped = static_cast<size_t>(
      std::min<int64_t>(-shift, static_cast<int64_t>(digits.size())));
  return std::all_of(digits.end() - static_cast<ptrdiff_t>(dropped),
                     digits.end(), [](char c) { return c == '0'; });
}

}  // namespace

bool MemberSet::contains(std::string_view name) const {
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i] == name) return (seen >> i & 1) != 0;
  }
  if (!index.empty()) return index.count(name) != 0;
  return std::any_of(others.begin(), others.end(),
                     [&](const Member& m) { return m.name == name; });
}

std::optional<uint32_t> MemberSet::Add(std::string_view name,
                                       uint32_t key_offset) {
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i] != name) continue;
    if ((seen >> i & 1) != 0) return table_offsets[i];
    seen |= uint64_t{1} << i;
    table_offsets[i] = key_offset;
    return std::nullopt;
  }
  if (others.size() < kLinearScanMembers) {
    for (const Member& member : others) {
      if (member.name == name) return member.key_offset;
    }
  } else {
    if (index.empty()) {
      for (size_t i = 0; i < others.size(); ++i) {
        index.emplace(others[i].name, i);
      }
    }
    if (auto it = index.find(name); it != index.end()) {
      return others[it->second].key_offset;
    }
    index.emplace(name, others.size());
  }
  others.push_back({name, key_offset});
  return std::nullopt;
}

std::string_view TypeName(const JsonToken& token) {
  switch (token.type) {
    case JsonType::kNull:
      return "null";
    case JsonType::kBoolean:
      return "a boolean";
    case JsonType::kNumber:
      return token.integer ? "an integer" : "a non-integer number";
    case JsonType::kString:
      return "a string";
    case JsonType::kArray:
      return "an array";
    case JsonType::kObject:
      return "an object";
  }
  return "a value";
}

ValueReader::ValueReader(const diag::SourceFile& file, base::JsonCursor& cursor,
                         diag::Diagnostics& diags, model::Origins& origins,
                         model::StringArena& strings)
    : file_(file),
      cursor_(cursor),
      diags_(diags),
      origins_(origins),
      strings_(strings) {
  path_.reserve(16);
}

ValueReader::Scope::Scope(ValueReader& reader, std::string_view name,
                          uint32_t key_offset)
    : reader_(reader) {
  reader_.path_.push_back({name, 0, key_offset, false});
}

ValueReader::Scope::Scope(ValueReader& reader, size_t index,
                          uint32_t value_offset)
    : reader_(reader) {
  reader_.path_.push_back({{}, index, value_offset, true});
}

ValueReader::Scope::~Scope() { reader_.path_.pop_back(); }

std::string ValueReader::DisplayPath() const {
  std::string out;
  for (const Segment& segment : path_) {
    if (segment.element) {
      out += fmt::format("[{}]", segment.index);
    } else if (segment.name.empty()) {
      out += "[\"\"]";  // a member named "" (plist dicts may have one)
    } else {
      if (!out.empty()) out += '.';
      out += segment.name;
    }
  }
  return out.empty() ? "the descriptor" : out;
}

std::string ValueReader::QuotedPath() const {
  return path_.empty() ? "the descriptor"
                       : fmt::format("\"{}\"", DisplayPath());
}

std::string_view ValueReader::MemberName() const {
  return path_.empty() ? std::string_view() : path_.back().name;
}

diag::Location ValueReader::KeyLocation() const {
  if (path_.empty()) return diag::Location::At(file_, 0);
  return diag::Location::At(file_, path_.back().key_offset);
}

model::OriginId ValueReader::Origin(const JsonToken& token) {
  uint32_t key = path_.empty() || path_.back().element
                     ? model::Origin::kNone
                     : path_.back().key_offset;
  return origins_.Add(key, token.offset);
}

void ValueReader::Error(const diag::Rule& rule, const JsonToken& token,
                        std::string message) {
  diags_.Error(rule, At(token.offset), std::move(message));
}

void ValueReader::Warning(const diag::Rule& rule, const JsonToken& token,
                          std::string message) {
  diags_.Warning(rule, At(token.offset), std::move(message));
}

void ValueReader::KeyError(const diag::Rule& rule, std::string message) {
  diags_.Error(rule, KeyLocation(), std::move(message));
}

void ValueReader::TypeError(const JsonToken& token, std::string_view expected) {
  Error(rules::kDescType, token,
        fmt::format("{} must be {}, not {}", QuotedPath(), expected,
                    TypeName(token)));
  cursor_.Skip(token);
}

bool ValueReader::AcceptMember(MemberSet& set, std::string_view name,
                               uint32_t key_offset, const JsonToken& value,
                               KeyTable table) {
  if (std::optional<uint32_t> first = set.Add(name, key_offset)) {
    diags_.Error(rules::kJsonDuplicateKey, At(key_offset),
                 fmt::format("duplicate key \"{}\"; JSON readers would "
                             "silently keep only one of the values, so remove "
                             "or rename one",
                             name));
    diags_.Note(rules::kJsonDuplicateKey, At(*first),
                fmt::format("\"{}\" first defined here", name));
    cursor_.Skip(value);
    return false;
  }
  if (name == kCommentKey) {
    cursor_.Skip(value);
    return false;
  }
  if (!table.empty() && !Contains(table, name)) {
    std::string suggestion = base::ClosestMatch(name, table);
    std::string where = path_.empty() ? "at the top level"
                                      : fmt::format("in \"{}\"", DisplayPath());
    if (!suggestion.empty()) {
      suggested_.insert(path_.empty() ? suggestion
                                      : DisplayPath() + "." + suggestion);
    }
    diags_.Error(
        rules::kDescUnknownKey, At(key_offset),
        suggestion.empty()
            ? fmt::format("unknown key \"{}\" {}; the known keys are {}", name,
                          where, KeyList(table))
            : fmt::format("unknown key \"{}\" {}; did you mean \"{}\"?", name,
                          where, suggestion));
    cursor_.Skip(value);
    return false;
  }
  return true;
}

void ValueReader::RequireKey(const MemberSet& members, const JsonToken& object,
                             std::string_view key) {
  if (members.contains(key)) return;
  std::string wanted = path_.empty() ? std::string(key)
                                     : fmt::format("{}.{}", DisplayPath(), key);
  if (suggested_.contains(wanted)) {
    return;  // a misspelling was reported with this very name
  }
  Error(
      rules::kDescMissingKey, object,
      fmt::format("{} is missing the required key \"{}\"", QuotedPath(), key));
}

namespace {

// U+FFFE and U+FFFF, which XML 1.0 (§2.2, Char) forbids like the C0
// controls, as UTF-8.
constexpr std::string_view kNonCharacters[] = {"\xEF\xBF\xBE", "\xEF\xBF\xBF"};

size_t Utf8Length(uint32_t code_point) {
  return code_point < 0x80      ? 1
         : code_point < 0x800   ? 2
         : code_point < 0x10000 ? 3
                                : 4;
}

uint32_t Hex4(std::string_view text) {
  uint32_t value = 0;
  for (char c : text.substr(0, 4)) {
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : 0;
    value = value * 16 + static_cast<uint32_t>(digit);
  }
  return value;
}

}  // namespace

uint32_t ValueReader::SourceOffset(uint32_t string_offset, size_t index) const {
  // Only on an error, so a walk of the string (which the cursor already
  // found well formed) is cheap enough.
  std::string_view source = file_.text();
  size_t p = string_offset + 1;
  size_t decoded = 0;
  while (p < source.size() && source[p] != '"') {
    size_t source_length = 1;
    size_t decoded_length = 1;
    if (source[p] == '\\' && p + 1 < source.size()) {
      source_length = 2;
      if (source[p + 1] == 'u' && p + 6 <= source.size()) {
        uint32_t code_point = Hex4(source.substr(p + 2));
        source_length = 6;
        if (code_point >= 0xD800 && code_point <= 0xDBFF) {
          code_point = 0x10000;  // a pair: four bytes
          source_length = 12;
        }
        decoded_length = Utf8Length(code_point);
      }
    }
    if (index < decoded + decoded_length) return static_cast<uint32_t>(p);
    decoded += decoded_length;
    p += source_length;
  }
  return string_offset;
}

bool ValueReader::CheckPlistText(std::string_view text, bool key,
                                 uint32_t offset, bool in_source) {
  auto where = [&](size_t index) {
    if (key) return KeyLocation();
    return At(in_source ? SourceOffset(offset, index) : offset);
  };
  for (size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\t' && byte != '\n') || byte == 0x7F) {
      diags_.Error(rules::kDescValue, where(i),
                   fmt::format("\"{}\" contains the control character "
                               "U+{:04X}, which a plist cannot hold; remove it",
                               DisplayPath(), byte));
      return false;
    }
    if (byte == 0xEF) {
      for (std::string_view non_character : kNonCharacters) {
        if (text.substr(i, 3) != non_character) continue;
        diags_.Error(rules::kDescValue, where(i),
                     fmt::format("\"{}\" contains U+{:04X}, which is not a "
                                 "character and which XML forbids; remove it",
                                 DisplayPath(),
                                 non_character[2] == '\xBE' ? 0xFFFE : 0xFFFF));
        return false;
      }
    }
  }
  return true;
}

std::optional<model::Text> ValueReader::Text(const JsonToken& token,
                                             bool allow_empty) {
  model::OriginId origin = Origin(token);
  if (!CheckString(token, allow_empty)) return std::nullopt;
  if (environment_ != nullptr && MayExpand(token.text)) {
    auto expanded = Expanded(token, allow_empty);
    if (!expanded) return std::nullopt;
    return model::Text{strings_.Copy(*expanded), origin};
  }
  return model::Text{strings_.Copy(token.text), origin};
}

std::optional<std::string> ValueReader::String(const JsonToken& token,
                                               bool allow_empty) {
  if (!CheckString(token, allow_empty)) return std::nullopt;
  if (environment_ != nullptr && MayExpand(token.text)) {
    return Expanded(token, allow_empty);
  }
  return std::string(token.text);
}

std::optional<std::string> ValueReader::Expanded(const JsonToken& token,
                                                 bool allow_empty) {
  Expansion expansion = Expand(token.text, *environment_);
  if (!expansion.error.empty()) {
    // At the '$' itself where the string had no escapes to shift it.
    uint32_t offset =
        token.escaped
            ? token.offset
            : token.offset + 1 + static_cast<uint32_t>(expansion.error_index);
    diags_.Error(rules::kDescVariable, At(offset),
                 fmt::format("in \"{}\": {}", DisplayPath(), expansion.error));
    return std::nullopt;
  }
  if (!allow_empty && expansion.text.empty()) {
    Error(rules::kDescValue, token,
          fmt::format("\"{}\" must not be empty, but its variables expand "
                      "to nothing",
                      DisplayPath()));
    return std::nullopt;
  }
  if (!CheckPlistText(expansion.text, false, token.offset)) return std::nullopt;
  return std::move(expansion.text);
}

bool ValueReader::CheckString(const JsonToken& token, bool allow_empty) {
  if (token.type != JsonType::kString) {
    TypeError(token, "a string");
    return false;
  }
  if (!allow_empty && token.text.empty()) {
    Error(rules::kDescValue, token,
          fmt::format("\"{}\" must not be empty", DisplayPath()));
    return false;
  }
  return CheckPlistText(token.text, false, token.offset, /*in_source=*/true);
}

std::optional<bool> ValueReader::Boolean(const JsonToken& token) {
  if (token.type != JsonType::kBoolean) {
    TypeError(token, "true or false");
    return std::nullopt;
  }
  return token.boolean;
}

namespace {

bool IsHexDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
  });
}

}  // namespace

// "1.0" or "1e2": an integer in a JSON form that readers may take for a
// real number (and a plist integer must not be written as one).
void ValueReader::IntegralNumberError(const JsonToken& token) {
  Error(rules::kDescType, token,
        fmt::format("\"{}\" is {}, an integer written with a fraction or an "
                    "exponent; write it as a plain JSON integer (digits only)",
                    DisplayPath(), token.text));
}

// An ID string without "0x": tools print IDs in hex without the prefix
// (lsusb's "0483:5740"), so "0483" is most likely 0x0483, not 483. Both
// readings are shown, with the fix for each.
bool ValueReader::IdStringError(const JsonToken& token) {
  std::string_view text = token.text;
  const char* end = text.data() + text.size();
  uint64_t hex = 0;
  if (std::from_chars(text.data(), end, hex, 16).ec != std::errc()) {
    return false;  // too large either way: the range error says so
  }
  uint64_t decimal = 0;
  auto [stop, ec] = std::from_chars(text.data(), end, decimal, 10);
  std::string message;
  if (stop == end && ec == std::errc()) {
    message = fmt::format(
        "\"{0}\" is \"{1}\": an ID written as a string must be 0x hex, "
        "because \"{1}\" could be hex 0x{1} ({2}) or decimal {3}; write "
        "\"0x{1}\" for hex, or the JSON number {3} for decimal",
        DisplayPath(), text, hex, decimal);
  } else {
    message = fmt::format(
        "\"{0}\" is \"{1}\": an ID written as a string must be 0x hex; "
        "write \"0x{1}\" ({2})",
        DisplayPath(), text, hex);
  }
  Error(rules::kDescIdString, token, std::move(message));
  return true;
}

std::optional<int64_t> ValueReader::Integer(const JsonToken& token, int64_t min,
                                            int64_t max, std::string_view what,
                                            bool id_key) {
  int64_t result = 0;
  bool too_large = false;
  std::string shown;
  if (token.type == JsonType::kNumber && token.integer) {
    std::string_view text = token.text;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), result);
    if (ec == std::errc::result_out_of_range) too_large = true;
    shown = std::string(text);
  } else if (token.type == JsonType::kString) {
    std::string_view digits = token.text;
    int base = 10;
    bool negative = false;
    if (digits.starts_with("0x") || digits.starts_with("0X")) {
      digits.remove_prefix(2);
      base = 16;
    } else if (id_key && IsHexDigits(digits) && IdStringError(token)) {
      return std::nullopt;
    } else if (digits.starts_with('-')) {
      digits.remove_prefix(1);
      negative = true;
    }
    uint64_t parsed = 0;
    auto [end, ec] = std::from_chars(
        digits.data(), digits.data() + digits.size(), parsed, base);
    if (digits.empty() || end != digits.data() + digits.size() ||
        (ec != std::errc() && ec != std::errc::result_out_of_range)) {
      Error(rules::kDescValue, token,
            fmt::format("\"{}\" is \"{}\", which is not an integer; write a "
                        "JSON number or a hex (\"0x05AC\") or decimal "
                        "(\"1452\") string",
                        DisplayPath(), token.text));
      return std::nullopt;
    }
    if (token.text.size() > kMaxIntegerStringLength) {
      Error(rules::kDescValue, token,
            fmt::format("\"{}\" is an integer string of {} characters; "
                        "one has at most {} (drop the leading zeros)",
                        DisplayPath(), token.text.size(),
                        kMaxIntegerStringLength));
      return std::nullopt;
    }
    if (negative) {
      too_large = ec == std::errc::result_out_of_range ||
                  parsed > static_cast<uint64_t>(INT64_MAX) + 1;
      result = too_large ? 0 : static_cast<int64_t>(0 - parsed);
      shown = std::string(token.text);
      if (!too_large && result >= min && result <= max) return result;
      parsed = 0;  // reported as out of range below
    }
    if (!negative) {
      too_large = ec == std::errc::result_out_of_range ||
                  parsed > static_cast<uint64_t>(INT64_MAX);
      result = static_cast<int64_t>(parsed);
      shown = std::string(token.text);
    }
  } else if (token.type == JsonType::kNumber && IsIntegralNumber(token.text)) {
    IntegralNumberError(token);
    return std::nullopt;
  } else {
    TypeError(token, "an integer (a JSON number or a hex or decimal string)");
    return std::nullopt;
  }
  if (too_large || result < min || result > max) {
    std::string range =
        min < 0 ? fmt::format("{} to {}", min, max)
                : fmt::format("{} to {}, 0x{:X} to 0x{:X}", min, max, min, max);
    Error(rules::kDescRange, token,
          fmt::format("\"{}\" is {}, outside the range of {} ({})",
                      DisplayPath(), shown, what, range));
    return std::nullopt;
  }
  return result;
}

std::optional<plist::Value> ValueReader::PlistValue(const JsonToken& token) {
  model::OriginId origin = Origin(token);
  switch (token.type) {
    case JsonType::kString: {
      auto text = String(token, /*allow_empty=*/true);
      if (!text) return std::nullopt;
      return plist::Value(std::move(*text)).Tagged(origin);
    }
    case JsonType::kBoolean:
      return plist::Value(token.boolean).Tagged(origin);
    case JsonType::kNumber: {
      if (!token.integer) {
        if (IsIntegralNumber(token.text)) {
          IntegralNumberError(token);
        } else {
          Error(rules::kDescType, token,
                fmt::format("\"{}\" is a non-integer number; kernel plists "
                            "have no <real>, so write an integer or a string",
                            DisplayPath()));
        }
        return std::nullopt;
      }
      auto number = Integer(token, INT64_MIN, INT64_MAX, "a plist integer");
      if (!number) return std::nullopt;
      return plist::Value(*number).Tagged(origin);
    }
    case JsonType::kArray: {
      plist::Array array;
      bool ok = true;
      ReadElements([&](size_t, const JsonToken& item) {
        auto value = PlistValue(item);
        if (value) {
          array.push_back(std::move(*value));
        } else {
          ok = false;
        }
      });
      if (!ok || cursor_.failed()) return std::nullopt;
      return plist::Value(std::move(array)).Tagged(origin);
    }
    case JsonType::kObject:
      return PlistObject(token, origin, /*allow_data=*/true);
    case JsonType::kNull:
      Error(rules::kDescType, token,
            fmt::format("\"{}\" is null, which a plist cannot hold; remove "
                        "the key or give a value",
                        DisplayPath()));
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<plist::Dict> ValueReader::PlistDict(const JsonToken& token) {
  if (token.type != JsonType::kObject) {
    TypeError(token, "an object");
    return std::nullopt;
  }
  auto value = PlistObject(token, model::kNoOrigin, /*allow_data=*/false);
  if (!value) return std::nullopt;
  return std::move(value->dict());
}

std::optional<plist::Value> ValueReader::PlistObject(const JsonToken& token,
                                                     model::OriginId origin,
                                                     bool allow_data) {
  // An object stands for <data> when it has "$data"; which it is shows only
  // once all its members are read.
  std::vector<plist::DictEntry> entries;
  std::optional<JsonToken> data;
  std::string data_path;
  std::string decoded;
  const MemberSet::Member* other = nullptr;
  std::vector<MemberSet::Member> others;
  bool ok = true;
  std::string dict_path = DisplayPath();
  auto members =
      ReadAnyObject(token, [&](std::string_view name, const JsonToken& value) {
        if (name == kDataKey) {
          if (!allow_data) {
            diags_.Error(rules::kDescValue, KeyLocation(),
                         fmt::format("\"{}\" must be a dictionary, but an "
                                     "object with \"$data\" stands for "
                                     "<data>; put the data object under a key",
                                     dict_path));
            ok = false;
            cursor_.Skip(value);
            return;
          }
          data = value;
          data_path = DisplayPath();
          if (value.type != JsonType::kString) {
            TypeError(value, "a Base64 string");
            ok = false;
            return;
          }
          decoded = std::string(value.text);
          return;
        }
        others.push_back({name, path_.back().key_offset});
        if (!CheckPlistText(name, /*key=*/true, 0)) {
          ok = false;
          cursor_.Skip(value);
          return;
        }
        auto item = PlistValue(value);
        if (item) {
          entries.push_back({std::string(name), std::move(*item)});
        } else {
          ok = false;
        }
      });
  if (!members) return std::nullopt;
  if (data) {
    if (!others.empty()) other = &others.front();
    if (other != nullptr) {
      diags_.Error(rules::kDescUnknownKey, At(other->key_offset),
                   fmt::format("unknown key \"{}\" beside \"$data\"; a data "
                               "object holds only \"$data\" (and "
                               "\"$comment\")",
                               other->name));
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    auto bytes = base::Base64Decode(decoded, /*skip_whitespace=*/false);
    if (!bytes) {
      Error(rules::kDescValue, *data,
            fmt::format("\"{}\" is not valid Base64 (RFC 4648 alphabet, '=' "
                        "padding, a multiple of 4 characters)",
                        data_path));
      return std::nullopt;
    }
    return plist::Value(plist::Data{std::move(*bytes)}).Tagged(origin);
  }
  if (!ok) return std::nullopt;
  return plist::Value(plist::Dict::FromUnsorted(std::move(entries)))
      .Tagged(origin);
}

}  // namespace codeless::descriptor
