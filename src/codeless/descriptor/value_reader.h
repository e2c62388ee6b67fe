// Typed, located value extraction: the one place that turns the JSON
// cursor's tokens into checked model values and reports, at the offending
// key or value, what is wrong with them. The section readers (sections.h,
// personalities.h, match_values.h) are written on top of it.
//
// Every Read* call consumes the whole value whose first token it is given,
// whatever it reports, so the caller can always go on with the next member.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/base/json_cursor.h"
#include "codeless/descriptor/key_tables.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"
#include "codeless/plist/value.h"

namespace codeless::descriptor {

using base::JsonToken;
using base::JsonType;

// The members an object had, for checks that need them all.
struct MemberSet {
  struct Member {
    std::string name;
    uint32_t key_offset = 0;
  };
  std::vector<Member> members;

  bool contains(std::string_view name) const;
};

class ValueReader {
 public:
  ValueReader(const diag::SourceFile& file, base::JsonCursor& cursor,
              diag::Diagnostics& diags, model::Origins& origins);

  const diag::SourceFile& file() const { return file_; }
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
  uint32_t KeyOffset() const { return path_.empty() ? 0 : path_.back().key_offset; }
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

  using MemberReader =
      std::function<void(std::string_view name, const JsonToken& value)>;
  // Reads an object member by member: reports duplicate keys
  // (json-duplicate-key) and keys outside `table` (desc-unknown-key, with
  // the closest known one), skips "$comment", and calls `read` for each
  // known member with the path extended by its name. Returns the members
  // read. A non-object is a desc-type error ("an object"); nullopt then.
  std::optional<MemberSet> ReadObject(const JsonToken& token, KeyTable table,
                                      const MemberReader& read);
  // As ReadObject, for free-form objects: every key is known.
  std::optional<MemberSet> ReadAnyObject(const JsonToken& token,
                                         const MemberReader& read);
  // Reports `key` missing from the object at `object` (desc-missing-key),
  // unless a misspelling of it was reported with this name already.
  void RequireKey(const MemberSet& members, const JsonToken& object,
                  std::string_view key);
  // Calls `read` for each element with the path extended by its index.
  // Returns the number of elements; a non-array is the caller's to report.
  size_t ReadElements(
      const std::function<void(size_t index, const JsonToken& value)>& read);

  // --- Scalars ------------------------------------------------------------

  // A string a plist can hold (no control characters but tab and line
  // feed); empty only with `allow_empty`.
  std::optional<std::string> String(const JsonToken& token,
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
    std::string name;  // empty for an array element
    size_t index = 0;
    uint32_t key_offset = 0;  // of the key, or of the element's value
  };

  bool CheckPlistText(std::string_view text, bool key, uint32_t offset);
  // The object at `token` as a plist value: a dict, or <data> when it has
  // "$data" and `allow_data`.
  std::optional<plist::Value> PlistObject(const JsonToken& token,
                                          model::OriginId origin,
                                          bool allow_data);

  const diag::SourceFile& file_;
  base::JsonCursor& cursor_;
  diag::Diagnostics& diags_;
  model::Origins& origins_;
  std::vector<Segment> path_;
  // Display paths of keys that a did-you-mean already named.
  std::vector<std::string> suggested_;
};

// The JSON type of a token as messages name it: "a string", "an object"...
std::string_view TypeName(const JsonToken& token);

}  // namespace codeless::descriptor
