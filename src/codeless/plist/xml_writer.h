// Writes plists as XML in the subset that the kernel's parser accepts:
// UTF-8, LF line ends, tab indentation, dict keys as given (callers give
// them in byte order; plist::Dict keeps them so), decimal integers, <data>
// as one line of Base64, empty containers as <dict/> and <array/>, and only
// the entities &lt; &gt; &amp;. The bytes depend on nothing but the calls.
// Strings must not hold control characters other than tab and LF (the
// descriptor reader refuses them), as XML 1.0 cannot carry them.
//
// The writer streams into one buffer, and can record where each tagged
// value went (TagMap), so that a finding in the written bytes can be traced
// back to what produced them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codeless/plist/value.h"

namespace codeless::plist {

// The two header lines Apple's tools write, then <plist version="1.0">.
inline constexpr std::string_view kXmlHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "<plist version=\"1.0\">\n";

// Which tag the bytes at an offset of a written plist came from. Every
// member's <key> element is recorded (with its own tag, or its container's
// when it has none), and every tagged array element and container, in the
// order written; the bytes from one recorded element up to the next belong
// to it.
class TagMap {
 public:
  struct Place {
    uint32_t tag = 0;
    bool key = false;  // the offset is exactly the member's <key> element
  };
  // Tags below 2^31.
  void Add(size_t offset, uint32_t tag, bool key);
  std::optional<Place> At(size_t offset) const;
  bool empty() const { return entries_.empty(); }
  void reserve(size_t count) { entries_.reserve(count); }
  size_t size() const { return entries_.size(); }

 private:
  // (offset, tag << 1 | key), by offset: 8 bytes an entry.
  std::vector<std::pair<uint32_t, uint32_t>> entries_;
};

class XmlWriter {
 public:
  // Appends to `out`; records tags in `tags` when given.
  explicit XmlWriter(std::string& out, TagMap* tags = nullptr);

  void BeginDocument();  // the header and <plist version="1.0">
  void EndDocument();    // </plist>

  // Containers; a tag of 0 inherits the enclosing container's.
  void BeginDict(uint32_t tag = 0);
  void EndDict();
  void BeginArray(uint32_t tag = 0);
  void EndArray();
  // A member's key inside a dict; the value follows.
  void Key(std::string_view key, uint32_t tag = 0);

  void String(std::string_view text, uint32_t tag = 0);
  void Integer(int64_t value, uint32_t tag = 0);
  void Boolean(bool value, uint32_t tag = 0);
  void Data(std::string_view bytes, uint32_t tag = 0);
  // Any value, with its own tag and those of the values inside it.
  void Write(const Value& value);
  // A member: Key(key, value's tag) then Write(value).
  void Member(std::string_view key, const Value& value);

 private:
  void OpenPending();
  void Indent();
  void Element(std::string_view tag, std::string_view text);
  // Records the value element that will start at `offset`.
  void RecordValue(size_t offset, uint32_t tag);
  uint32_t Inherit(uint32_t tag) const;

  std::string& out_;
  TagMap* tags_;
  struct Open {
    char kind;  // 'd' or 'a'
    uint32_t tag;
  };
  std::vector<Open> open_;
  // A container whose opening tag is not written yet: written as <dict/>
  // or <array/> if nothing goes into it.
  bool pending_ = false;
  uint32_t last_key_tag_ = 0;  // the tag recorded with the last key
};

// Serialises `root` as a whole plist document.
std::string WriteXml(const Value& root, TagMap* tags = nullptr);

}  // namespace codeless::plist
