// Typed, located value extraction: the one place that turns the JSON
// cursor's tokens into checked model values and reports, at the offending
// key or value, what is wrong with them. The section readers (sections.h,
// personalities.h, match_values.h) are written on top of it.
//
// Every Read* call consumes the whole value whose first token it is given,
// whatever it reports, so the caller can always go on with the next member.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "codeless/base/json_cursor.h"
#include "codeless/descriptor/key_tables.h"
#include "codeless/descriptor/variables.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"
#include "codeless/plist/value.h"

namespace codeless::descriptor {

using base::JsonToken;
using base::JsonType;

// The members an object had, for checks that need them all. Known keys
// of a key table are kept as bits (no allocation for the common case);
// other names view the source text, or the reader's copies of names that
// had escapes.
struct MemberSet {
  struct Member {
    std::string_view name;
    uint32_t key_offset = 0;
  };
  static constexpr size_t kMaxTableKeys = 64;

  KeyTable table;     // empty for a free-form object
  uint64_t seen = 0;  // bit i: table[i] is a member
  std::array<uint32_t, kMaxTableKeys> table_offsets{};  // of seen keys
  std::vector<Member> others;  // every other member, in order
  // Positions in `others` by name, once there are many.
  std::unordered_map<std::string_view, size_t> index;

  bool contains(std::string_view name) const;
  // The key offset of an earlier member `name`, or nullopt; then adds it.
  std::optional<uint32_t> Add(std::string_view name, uint32_t key_offset);
};

class ValueReader {
 public:
  ValueReader(const diag::SourceFile& file, base::JsonCursor& cursor,
              diag::Diagnostics& diags, model::Origins& origins,
              model::StringArena& strings);

  const diag::SourceFile& file() const { return file_; }
  // Strings are expanded from `environment` when there is one
  // (variables.h); `environment` must outlive the reader.
  void SetEnvironment(const Environment* environment) {
    environment_ = environment;
  }
  diag::Diagnostics& diags() { return diags_; }
  base::JsonCursor& cursor() { return cursor_; }

  // --- Where things are ---------------------------------------------------

  // The current value as people read it: "personalities[0].match.idVendor",
  // or "the descriptor" at the top.
  std::string DisplayPath() const;
  // DisplayPath() quoted, or "the descriptor".
  std::string QuotedPath() const;
  // The name of the member being read ("idVendor"), empty in an array.
  std::string_view MemberName() const;
  // The key of the member being read, or of the array element's value.
  diag::Location KeyLocation() const;
  uint32_t KeyOffset() const {
    return path_.empty() ? 0 : path_.back().key_offset;
  }
  diag::Location At(uint32_t offset) const {
    return diag::Location::At(file_, offset);
  }
  // An origin for the member being read whose value starts at `token`.
  model::OriginId Origin(const JsonToken& token);
  diag::Location AtOrigin(model::OriginId id,
                          diag::Part part = diag::Part::kValue) const {
    return origins_.At(file_, id, part);
  }

  // --- Objects and arrays -------------------------------------------------

  // Reads an object member by member: reports duplicate keys
  // (json-duplicate-key) and keys outside `table` (desc-unknown-key, with
  // the closest known one), skips "$comment", and calls
  // `read(std::string_view name, const JsonToken& value)` for each known
  // member with the path extended by its name. Returns the members read. A
  // non-object is a desc-type error ("an object"); nullopt then.
  template <typename Read>
  std::optional<MemberSet> ReadObject(const JsonToken& token, KeyTable table,
                                      Read&& read);
  // As ReadObject, for free-form objects: every key is known.
  template <typename Read>
  std::optional<MemberSet> ReadAnyObject(const JsonToken& token, Read&& read) {
    return ReadObject(token, {}, std::forward<Read>(read));
  }
  // Reports `key` missing from the object at `object` (desc-missing-key),
  // unless a misspelling of it was reported with this name already.
  void RequireKey(const MemberSet& members, const JsonToken& object,
                  std::string_view key);
  // Calls `read(size_t index, const JsonToken& value)` for each element of
  // the array just opened, with the path extended by its index. Returns the
  // number of elements.
  template <typename Read>
  size_t ReadElements(Read&& read);

  // --- Scalars ------------------------------------------------------------

  // A string a plist can hold (no control characters but tab and line
  // feed); empty only with `allow_empty`.
  std::optional<std::string> String(const JsonToken& token,
                                    bool allow_empty = false);
  // The same as a model::Text, kept in the descriptor's strings, with the
  // origin of the member being read.
  std::optional<model::Text> Text(const JsonToken& token,
                                  bool allow_empty = false);
  // An integer written as a JSON integer or a hex ("0x05AC") or decimal
  // string, within [min, max]; `what` names the range in messages. For an
  // identifier key (`id_key`), a string must be 0x hex: "0483" is refused
  // as ambiguous (PRODUCT.md §2, Values).
  std::optional<int64_t> Integer(const JsonToken& token, int64_t min,
                                 int64_t max, std::string_view what,
                                 bool id_key = false);
  std::optional<bool> Boolean(const JsonToken& token);

  // Any JSON value a plist can hold: strings, integers, booleans, arrays,
  // objects and {"$data": BASE64}, each tagged with its origin.
  std::optional<plist::Value> PlistValue(const JsonToken& token);
  // An object of such values; "$data" may not be one of its keys.
  std::optional<plist::Dict> PlistDict(const JsonToken& token);

  // --- Reporting ------------------------------------------------------------

  // "\"PATH\" must be EXPECTED, not ACTUAL" (desc-type) at `token`; skips
  // the rest of the value.
  void TypeError(const JsonToken& token, std::string_view expected);
  // A desc-value (or other) error at `token`'s start.
  void Error(const diag::Rule& rule, const JsonToken& token,
             std::string message);
  void Warning(const diag::Rule& rule, const JsonToken& token,
               std::string message);
  // Reports at the key of the member being read.
  void KeyError(const diag::Rule& rule, std::string message);

  // True when an error was reported since `errors_before`.
  bool ErrorsSince(size_t errors_before) const {
    return diags_.error_count() != errors_before;
  }

  // A path segment for the duration of a scope: a member (with its key) or
  // an array element.
  class Scope {
   public:
    Scope(ValueReader& reader, std::string_view name, uint32_t key_offset);
    Scope(ValueReader& reader, size_t index, uint32_t value_offset);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    ValueReader& reader_;
  };

 private:
  struct Segment {
    std::string_view name;  // a member's name (stable, see MemberSet)
    size_t index = 0;
    uint32_t key_offset = 0;  // of the key, or of the element's value
    bool element = false;     // an array element, not a member
  };

  // Takes the member `name` (a stable view) whose value starts at `value`
  // into `set`; false (after reporting, and skipping the value) when it is
  // a duplicate, "$comment" or not in `table` (if not empty).
  bool AcceptMember(MemberSet& set, std::string_view name, uint32_t key_offset,
                    const JsonToken& value, KeyTable table);

  // Reports an identifier-key string of hex digits without "0x"
  // (desc-id-string); false, reporting nothing, when its value is too
  // large to show.
  bool IdStringError(const JsonToken& token);
  // Reports a JSON number with a fraction or exponent but an integral
  // value ("1.0", "1e2") where an integer belongs (desc-type).
  void IntegralNumberError(const JsonToken& token);
  // `offset`: where an error goes. With `in_source`, `text` is the decoded
  // text of the string token at `offset`, and the error goes to the
  // offending character's own place in it (its escape, when it had one).
  bool CheckPlistText(std::string_view text, bool key, uint32_t offset,
                      bool in_source = false);
  // The offset in the file of the byte that the decoded text of the string
  // token at `string_offset` has at `index`.
  uint32_t SourceOffset(uint32_t string_offset, size_t index) const;
  // A string, non-empty unless `allow_empty`, that a plist can hold.
  bool CheckString(const JsonToken& token, bool allow_empty);
  // The string at `token` with its $(VAR) references expanded; reports
  // desc-variable at the reference that cannot be expanded.
  std::optional<std::string> Expanded(const JsonToken& token, bool allow_empty);
  // The object at `token` as a plist value: a dict, or <data> when it has
  // "$data" and `allow_data`.
  std::optional<plist::Value> PlistObject(const JsonToken& token,
                                          model::OriginId origin,
                                          bool allow_data);

  const diag::SourceFile& file_;
  const Environment* environment_ = nullptr;
  base::JsonCursor& cursor_;
  diag::Diagnostics& diags_;
  model::Origins& origins_;
  model::StringArena& strings_;
  std::vector<Segment> path_;
  // Copies of keys that had escapes, so that views of them stay valid.
  std::deque<std::string> escaped_keys_;
  // Display paths of keys that a did-you-mean already named: a set, as a
  // misspelling in each of n personalities would make a list cost O(n^2).
  std::unordered_set<std::string> suggested_;
};

// The JSON type of a token as messages name it: "a string", "an object"...
std::string_view TypeName(const JsonToken& token);

template <typename Read>
std::optional<MemberSet> ValueReader::ReadObject(const JsonToken& token,
                                                 KeyTable table, Read&& read) {
  if (token.type != JsonType::kObject) {
    TypeError(token, "an object");
    return std::nullopt;
  }
  MemberSet set;
  if (table.size() <= MemberSet::kMaxTableKeys) set.table = table;
  base::JsonKey key;
  JsonToken value;
  while (cursor_.NextMember(key)) {
    // Before the value is read: an escaped key's text goes with it.
    std::string_view name =
        key.escaped ? std::string_view(escaped_keys_.emplace_back(key.name))
                    : key.name;
    uint32_t key_offset = key.offset;
    if (!cursor_.Next(value)) break;
    if (!AcceptMember(set, name, key_offset, value, table)) continue;
    Scope scope(*this, name, key_offset);
    read(name, value);
  }
  if (cursor_.failed()) return std::nullopt;
  return set;
}

template <typename Read>
size_t ValueReader::ReadElements(Read&& read) {
  size_t count = 0;
  JsonToken value;
  while (cursor_.NextElement()) {
    if (!cursor_.Next(value)) break;
    Scope scope(*this, count, value.offset);
    read(count, value);
    ++count;
  }
  return count;
}

}  // namespace codeless::descriptor
