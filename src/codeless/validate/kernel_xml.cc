#include "codeless/validate/kernel_xml.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codeless/diag/rules.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

// The kernel parser's limits [xnu libkern/c++/OSUnserializeXML.y]. A tag
// name, attribute name or attribute value reaches TAG_MAX_LENGTH - 1 = 31
// characters only by failing, so 30 is the longest accepted.
constexpr size_t kMaxTokenLength = 30;
constexpr size_t kMaxAttributes = 31;
constexpr size_t kMaxObjects = 131071;
// The C++ build of the kernel's parser cannot grow its bison stack
// (YYINITDEPTH 200, YYSTACK_RELOCATE compiled out): it fails with "memory
// exhausted" when a push would make the 200th entry. Which depth fits
// depends on what precedes each level, so the reader passes down the count
// of entries the parser would hold (`base`, `open_entries`) rather than a
// depth. The count also bounds the reader's own recursion.
constexpr int kMaxStackEntries = 199;
// More IDREF uses than this fail (MAX_REFED_OBJECTS).
constexpr size_t kMaxReferences = 65535;
// A <string> or <key> this long or longer (decoded) fails: OSString and
// OSSymbol refuse kMaxStringLength bytes and more.
constexpr size_t kMaxStringLength = 262142;
// Dicts with more keys than this check duplicates through a hash set.
constexpr size_t kLinearDuplicateScan = 16;

bool IsAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsTagChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '-'; }
bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }
bool IsBase64(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '+' || c == '/' || c == '=';
}

// The white space the kernel's own strtol and strtoul skip
// (iokit/Kernel/IOStringFuncs.c): space, tab and newline only, so a "\r65"
// reads as 0.
bool IsKernelStrtolSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// strtoul(text, NULL, 0) and strtol(text, NULL, 0) as the kernel calls them
// on attribute values (LP64: 64-bit long): the kernel's own functions, which
// know no locale and read "0b" as binary beside "0x" and "0".
// `negative` and the magnitude, saturated at UINT64_MAX.
struct CNumber {
  bool negative = false;
  uint64_t magnitude = 0;
  bool overflow = false;
};
CNumber ReadCNumber(std::string_view text) {
  CNumber n;
  size_t i = 0;
  while (i < text.size() && IsKernelStrtolSpace(text[i])) ++i;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    n.negative = text[i] == '-';
    ++i;
  }
  unsigned base = 10;
  char prefix = i + 1 < text.size() && text[i] == '0' ? text[i + 1] : '\0';
  if (prefix == 'x' || prefix == 'X') {
    base = 16;
    i += 2;
  } else if (prefix == 'b' || prefix == 'B') {
    base = 2;
    i += 2;
  } else if (i < text.size() && text[i] == '0') {
    base = 8;
  }
  for (; i < text.size(); ++i) {
    char c = text[i];
    unsigned digit =
        IsDigit(c)               ? static_cast<unsigned>(c - '0')
        : (c >= 'a' && c <= 'z') ? static_cast<unsigned>(c - 'a' + 10)
        : (c >= 'A' && c <= 'Z') ? static_cast<unsigned>(c - 'A' + 10)
                                 : 99;
    if (digit >= base) break;
    if (n.magnitude > (UINT64_MAX - digit) / base) n.overflow = true;
    n.magnitude = n.overflow ? UINT64_MAX : n.magnitude * base + digit;
  }
  return n;
}
// strtoul: a '-' negates in unsigned arithmetic; overflow gives ULONG_MAX.
uint64_t StrToUl(std::string_view text) {
  CNumber n = ReadCNumber(text);
  if (n.overflow) return UINT64_MAX;
  return n.negative ? 0 - n.magnitude : n.magnitude;
}
// strtol, stored in the parser's `int idref` (the low 32 bits).
int32_t IdNumber(std::string_view text) {
  CNumber n = ReadCNumber(text);
  int64_t value;
  if (n.negative) {
    value = n.overflow || n.magnitude > uint64_t{1} << 63
                ? INT64_MIN
                : static_cast<int64_t>(0 - n.magnitude);
  } else {
    value = n.overflow || n.magnitude > INT64_MAX
                ? INT64_MAX
                : static_cast<int64_t>(n.magnitude);
  }
  return static_cast<int32_t>(static_cast<uint32_t>(value));
}

struct Attribute {
  std::string_view name;
  std::string_view value;
};

// The elements the kernel's grammar knows, and two it does not.
enum class Element : uint8_t {
  kOther,
  kPlist,
  kDict,
  kKey,
  kArray,
  kSet,
  kString,
  kInteger,
  kData,
  kTrue,
  kFalse,
  kReal,
  kDate,
};

Element Classify(std::string_view name) {
  switch (name.size()) {
    case 3:
      if (name == "key") return Element::kKey;
      if (name == "set") return Element::kSet;
      break;
    case 4:
      if (name == "dict") return Element::kDict;
      if (name == "data") return Element::kData;
      if (name == "true") return Element::kTrue;
      if (name == "real") return Element::kReal;
      if (name == "date") return Element::kDate;
      break;
    case 5:
      if (name == "plist") return Element::kPlist;
      if (name == "array") return Element::kArray;
      if (name == "false") return Element::kFalse;
      break;
    case 6:
      if (name == "string") return Element::kString;
      break;
    case 7:
      if (name == "integer") return Element::kInteger;
      break;
    default:
      break;
  }
  return Element::kOther;
}

struct Tag {
  enum class Kind { kStart, kEnd, kEmpty };
  Kind kind = Kind::kStart;
  std::string_view name;
  Element element = Element::kOther;
  uint32_t offset = 0;
  std::vector<Attribute> attributes;

  std::string_view Value(std::string_view attribute) const {
    for (const auto& a : attributes) {
      if (a.name == attribute) return a.value;
    }
    return {};
  }
  bool HasAttribute(std::string_view attribute) const {
    for (const auto& a : attributes) {
      if (a.name == attribute) return true;
    }
    return false;
  }
};

// What parsing one value gave.
enum class Outcome {
  kValue,  // a value was read into the node
  kNone,   // the element gives no value (reported); read on
  kFatal,  // the structure is broken (reported); stop
};

class Reader {
 public:
  Reader(const diag::SourceFile& file, diag::Diagnostics& diags,
         PlistDocument& document)
      : file_(file), diags_(diags), document_(document) {
    const std::string& text = file.text();
    begin_ = text.data();
    p_ = begin_;
    end_ = begin_ + text.size();
  }

  bool Run() {
    if (file_.text().size() >= UINT32_MAX) {
      diags_.Error(rules::kXmlSyntax, diag::Location::Whole(file_),
                   "the file is larger than 4 GB, far beyond what the kernel "
                   "reads; this is no plist");
      return false;
    }
    if (Size() >= 6 && std::memcmp(begin_, "bplist", 6) == 0) {
      diags_.Error(rules::kXmlSyntax, At(begin_),
                   "the file is a binary plist, but the loaders read kext "
                   "Info.plists only as XML; convert it with plutil -convert "
                   "xml1");
      return false;
    }
    if (const void* nul = std::memchr(begin_, '\0', Size())) {
      end_ = static_cast<const char*>(nul);
      diags_.Error(rules::kXmlSyntax, At(end_),
                   "the file holds a NUL byte, where the kernel's plist "
                   "parser stops reading; remove it");
    }
    if (Size() >= 3 && std::memcmp(begin_, "\xEF\xBB\xBF", 3) == 0) {
      diags_.Error(rules::kXmlBom, At(begin_),
                   "the file starts with a UTF-8 byte-order mark, which the "
                   "kernel's plist parser rejects; save it without BOM");
      p_ += 3;
    }
    CheckLeadingSpace();
    Tag tag;
    while (true) {
      if (!NextTag(tag)) {
        diags_.Error(rules::kXmlStructure, At(end_),
                     "the file holds no plist value; an Info.plist holds one "
                     "<dict>");
        return false;
      }
      if (SkipsPlist(tag)) continue;  // the kernel ignores <plist> tags
      if (tag.kind == Tag::Kind::kEnd) {
        diags_.Error(rules::kXmlSyntax, At(tag.offset),
                     fmt::format("</{}> closes an element that was never "
                                 "opened; remove it",
                                 tag.name));
        return false;
      }
      Node root;
      Outcome outcome = ParseValue(tag, root, 1);  // bison's state 0
      if (outcome == Outcome::kFatal) return false;
      if (outcome == Outcome::kNone) continue;
      document_.set_root(root);
      break;  // the kernel reads one value and ignores what follows
    }
    if (objects_ > kMaxObjects) {
      // A warning: the limit is OSUnserializeXML's, but the prelinked
      // info of a kernel collection holds far more objects than this, so
      // not every path that loads a kext can apply it.
      diags_.Warning(
          rules::kXmlObjectLimit, At(document_.root().offset),
          fmt::format("the plist has {} objects; the kernel's own plist "
                      "parser stops at {}, so a kext this large may fail "
                      "to load; split the personalities over several kexts",
                      objects_, kMaxObjects));
    }
    return true;
  }

 private:
  size_t Size() const { return static_cast<size_t>(end_ - begin_); }
  uint32_t Offset(const char* p) const {
    return static_cast<uint32_t>(p - begin_);
  }
  diag::Location At(const char* p) const {
    return diag::Location::At(file_, Offset(p));
  }
  diag::Location At(uint32_t offset) const {
    return diag::Location::At(file_, offset);
  }

  // Strict XML wants <?xml ...?> at the very start; the kernel, IOKit and
  // CoreFoundation skip white space before it. Worth a note, no more.
  void CheckLeadingSpace() {
    const char* p = p_;
    while (p < end_ && (*p == ' ' || *p == '\t' || *p == '\n')) ++p;
    if (p != p_ && end_ - p >= 5 && std::memcmp(p, "<?xml", 5) == 0) {
      diags_.Note(rules::kXmlLeadingSpace, At(p),
                  "white space before <?xml ...?> is skipped by the kernel "
                  "but rejected by strict XML readers such as xmllint; start "
                  "the file with <?xml");
    }
  }

  // Skips what the kernel skips between tokens: space, tab and LF. A CR is
  // reported once (the kernel fails on it) and then skipped too.
  void SkipSpace() {
    while (p_ < end_) {
      char c = *p_;
      if (c == ' ' || c == '\t' || c == '\n') {
        ++p_;
      } else if (c == '\r') {
        if (!reported_cr_) {
          reported_cr_ = true;
          diags_.Error(rules::kXmlCarriageReturn, At(p_),
                       "the file has CR (\\r) line ends, which the kernel's "
                       "plist parser rejects; save it with LF line ends");
        }
        ++p_;
      } else {
        return;
      }
    }
  }

  // Reads up to the next tag, skipping comments, <!DOCTYPE ...> and
  // <?...?>. Returns false at the end of the input. Text between tags,
  // which the kernel rejects, is reported and skipped.
  bool NextTag(Tag& tag) {
    while (true) {
      SkipSpace();
      if (p_ >= end_) return false;
      if (*p_ != '<') {
        const char* start = p_;
        while (p_ < end_ && *p_ != '<') ++p_;
        if (skipping_ > 0) continue;
        std::string_view text(start, static_cast<size_t>(p_ - start));
        while (!text.empty() && (text.back() == ' ' || text.back() == '\n' ||
                                 text.back() == '\t' || text.back() == '\r')) {
          text.remove_suffix(1);
        }
        diags_.Error(rules::kXmlStructure, At(start),
                     fmt::format("text \"{}\" stands between elements, where "
                                 "the kernel's plist parser allows only white "
                                 "space; remove it or put it in a <string>",
                                 Shorten(text)));
        continue;
      }
      int read = ReadMarkup(tag);
      if (read < 0) {
        p_ = end_;
        return false;
      }
      if (read == 1) return true;
    }
  }

  static std::string Shorten(std::string_view text) {
    if (text.size() <= 40) return std::string(text);
    return std::string(text.substr(0, 37)) + "...";
  }

  // At '<': reads a comment, declaration or processing instruction (returns
  // 0) or a tag (returns 1); -1 when the input ends inside it (reported).
  int ReadMarkup(Tag& tag) {
    const char* start = p_;
    ++p_;
    if (p_ < end_ && *p_ == '!') {
      if (end_ - p_ >= 3 && p_[1] == '-' && p_[2] == '-') {
        return SkipComment(start);
      }
      if (end_ - p_ >= 8 && std::memcmp(p_, "![CDATA[", 8) == 0) {
        diags_.Error(rules::kXmlCdata, At(start),
                     "CDATA sections are not understood by the kernel's "
                     "plist parser; write the text with &lt; &gt; &amp; "
                     "instead");
        const char* close = Find(p_, "]]>");
        if (close == nullptr) return Unterminated(start, "CDATA section");
        p_ = close + 3;
        return 0;
      }
      // "<!-" and a letter is a declaration to the kernel, like "<!D".
      const char* first = p_ + 1;
      if (first < end_ && *first == '-') ++first;
      if (first >= end_ || !IsAlpha(*first)) {
        diags_.Error(rules::kXmlSyntax, At(start),
                     "'<!' must start a comment (<!-- -->) or a declaration "
                     "such as <!DOCTYPE ...>");
      }
      const char* close = static_cast<const char*>(
          std::memchr(p_, '>', static_cast<size_t>(end_ - p_)));
      if (close == nullptr) return Unterminated(start, "declaration");
      p_ = close + 1;
      return 0;
    }
    if (p_ < end_ && *p_ == '?') {
      // The kernel reads the character after each '?' as a pair with it:
      // "<?>" does not close, and in "??>" the first '?' takes the second.
      const char* q = p_ + 1;
      while (true) {
        while (q < end_ && *q != '?') ++q;
        if (q >= end_) return Unterminated(start, "processing instruction");
        if (q + 1 >= end_) {  // the input ends after '?': the kernel stops
          p_ = end_;
          return 0;
        }
        if (q[1] == '>') break;
        q += 2;
      }
      p_ = q + 2;
      return 0;
    }
    return ReadTag(start, tag) ? 1 : -1;
  }

  int Unterminated(const char* start, std::string_view what) {
    diags_.Error(rules::kXmlSyntax, At(start),
                 fmt::format("the file ends inside this {}; close it", what));
    return -1;
  }

  const char* Find(const char* from, std::string_view needle) const {
    std::string_view rest(from, static_cast<size_t>(end_ - from));
    size_t at = rest.find(needle);
    return at == std::string_view::npos ? nullptr : from + at;
  }

  // The kernel ends a comment at the first "--", which must be followed by
  // '>' ("<!-- a -- b -->" and "<!-- x --->" fail).
  int SkipComment(const char* start) {
    const char* dashes = Find(start + 4, "--");
    if (dashes == nullptr) return Unterminated(start, "comment");
    if (dashes + 2 < end_ && dashes[2] == '>') {
      p_ = dashes + 3;
      return 0;
    }
    diags_.Error(rules::kXmlComment, At(dashes),
                 "'--' inside a comment makes the kernel's plist parser fail; "
                 "remove it or end the comment with -->");
    const char* close = Find(dashes, "-->");
    if (close == nullptr) return Unterminated(start, "comment");
    p_ = close + 3;
    return 0;
  }

  void ReportTokenLength(const char* where, std::string_view what,
                         std::string_view token) {
    diags_.Error(
        rules::kXmlTokenLength, At(where),
        fmt::format("the {} \"{}\" is {} characters long; the "
                    "kernel's plist parser allows at most {}",
                    what, Shorten(token), token.size(), kMaxTokenLength));
  }

  // Skips to the '>' that ends a malformed tag, after reporting it.
  bool RecoverTag(const char* start, std::string_view why) {
    diags_.Error(rules::kXmlSyntax, At(start),
                 fmt::format("this tag is malformed for the kernel's plist "
                             "parser: {}",
                             why));
    const char* close = static_cast<const char*>(
        std::memchr(p_, '>', static_cast<size_t>(end_ - p_)));
    if (close == nullptr) return Unterminated(start, "tag") >= 0;
    p_ = close + 1;
    return true;
  }

  bool ReadTag(const char* start, Tag& tag) {
    tag.kind = Tag::Kind::kStart;
    tag.offset = Offset(start);
    tag.attributes.clear();
    tag.name = {};
    if (p_ < end_ && *p_ == '/') {
      tag.kind = Tag::Kind::kEnd;
      ++p_;
    }
    const char* name = p_;
    while (p_ < end_ && IsTagChar(*p_)) ++p_;
    tag.name = std::string_view(name, static_cast<size_t>(p_ - name));
    tag.element = Classify(tag.name);
    if (tag.name.empty() || !IsAlpha(tag.name[0])) {
      diags_.Error(rules::kXmlSyntax, At(start),
                   "'<' must start a tag name with a letter; write a literal "
                   "'<' as &lt;");
      return false;
    }
    if (tag.name.size() > kMaxTokenLength) {
      ReportTokenLength(start, "tag name", tag.name);
    }
    if (p_ < end_ && *p_ == '>') {  // the common case: no attributes
      ++p_;
      return true;
    }
    bool reported_break = false;
    auto skip_tag_space = [&] {
      while (p_ < end_) {
        if (*p_ == ' ' || *p_ == '\t') {
          ++p_;
        } else if (*p_ == '\n' || *p_ == '\r') {
          if (!reported_break) {
            reported_break = true;
            diags_.Error(rules::kXmlSyntax, At(p_),
                         "a line break inside a tag makes the kernel's plist "
                         "parser fail; keep each tag on one line");
          }
          ++p_;
        } else {
          return;
        }
      }
    };
    while (true) {
      if (p_ >= end_) return Unterminated(start, "tag") >= 0;
      if (*p_ == '>' || *p_ == '/') break;
      const char* space = p_;
      skip_tag_space();
      if (p_ >= end_) return Unterminated(start, "tag") >= 0;
      if (p_ != space && (*p_ == '>' || *p_ == '/')) {
        // The kernel reads an attribute after white space; an empty name
        // followed by '>' fails.
        diags_.Error(rules::kXmlSyntax, At(space),
                     fmt::format("white space before '{}' makes the kernel's "
                                 "plist parser fail; remove it",
                                 *p_ == '>' ? ">" : "/>"));
        break;
      }
      // An empty attribute name (<dict ="1">) is read by the kernel.
      const char* attribute_start = p_;
      while (p_ < end_ && IsTagChar(*p_)) ++p_;
      std::string_view attribute_name(
          attribute_start, static_cast<size_t>(p_ - attribute_start));
      if (attribute_name.size() > kMaxTokenLength) {
        ReportTokenLength(attribute_start, "attribute name", attribute_name);
      }
      skip_tag_space();
      if (p_ >= end_ || *p_ != '=') {
        return RecoverTag(
            start, attribute_name.empty()
                       ? fmt::format("'{}' cannot start an attribute name",
                                     p_ < end_ ? *p_ : ' ')
                       : fmt::format("the attribute {} has no '=' and value",
                                     attribute_name));
      }
      ++p_;
      skip_tag_space();
      char quote = p_ < end_ ? *p_ : '\0';
      if (quote != '"') {
        if (quote != '\'') {
          return RecoverTag(start, fmt::format("the value of {} is not quoted",
                                               attribute_name));
        }
        diags_.Error(rules::kXmlSyntax, At(p_),
                     fmt::format("the value of {} is in single quotes, which "
                                 "the kernel's plist parser rejects; use "
                                 "double quotes",
                                 attribute_name));
      }
      ++p_;
      const char* value = p_;
      const char* close = static_cast<const char*>(
          std::memchr(p_, quote, static_cast<size_t>(end_ - p_)));
      if (close == nullptr) return Unterminated(start, "tag") >= 0;
      p_ = close + 1;
      std::string_view attribute_value(value,
                                       static_cast<size_t>(close - value));
      if (attribute_value.size() > kMaxTokenLength) {
        ReportTokenLength(value, "attribute value", attribute_value);
      }
      tag.attributes.push_back({attribute_name, attribute_value});
      if (tag.attributes.size() == kMaxAttributes + 1) {
        diags_.Error(rules::kXmlSyntax, At(start),
                     fmt::format("the tag has more than {} attributes, the "
                                 "kernel's plist parser's limit; remove the "
                                 "ones beyond it (only ID, IDREF, size and "
                                 "format mean anything to it)",
                                 kMaxAttributes));
      }
    }
    if (*p_ == '/') {
      ++p_;
      if (tag.kind == Tag::Kind::kEnd) {
        return RecoverTag(start, "an end tag cannot also be empty");
      }
      tag.kind = Tag::Kind::kEmpty;
      if (p_ >= end_ || *p_ != '>')
        return RecoverTag(start, "'/' must be followed by '>'");
    }
    ++p_;  // '>'
    CheckIdAttributes(tag);
    return true;
  }

  // The kernel looks at ID attributes on every tag, before it looks at
  // the tag's name: a name that starts with "ID" must be ID or IDREF, and
  // IDREF needs an empty element (checked for values in ResolveReference).
  void CheckIdAttributes(const Tag& tag) {
    for (const Attribute& a : tag.attributes) {
      if (!a.name.starts_with("ID")) continue;
      if (a.name == "IDREF") {
        if (tag.kind == Tag::Kind::kEnd) {
          diags_.Error(rules::kXmlSyntax, At(tag.offset),
                       "IDREF on an end tag makes the kernel's plist parser "
                       "fail; remove it");
        }
        return;  // the kernel reads no further attribute
      }
      if (a.name != "ID") {
        diags_.Error(rules::kXmlSyntax, At(tag.offset),
                     fmt::format("the attribute {} makes the kernel's plist "
                                 "parser fail: it reads every attribute name "
                                 "that begins with ID as ID or IDREF; rename "
                                 "or remove it",
                                 Shorten(a.name)));
        return;
      }
    }
  }

  // The kernel skips <plist> and </plist>, after it has looked at their ID
  // attributes: <plist IDREF="1"/> is a reference to it.
  static bool SkipsPlist(const Tag& tag) {
    return tag.element == Element::kPlist &&
           (tag.kind == Tag::Kind::kEnd || !tag.HasAttribute("IDREF"));
  }

  void CheckStringLength(uint32_t offset, std::string_view what,
                         std::string_view text) {
    if (text.size() < kMaxStringLength) return;
    diags_.Error(rules::kXmlStringLength, At(offset),
                 fmt::format("this {} is {} bytes long; the kernel cannot "
                             "build one of {} bytes or more, so shorten it",
                             what, text.size(), kMaxStringLength));
  }

  Outcome Fatal(uint32_t offset, std::string message) {
    diags_.Error(rules::kXmlSyntax, At(offset), std::move(message));
    return Outcome::kFatal;
  }

  // Reads the end tag </name> that must follow the content of `open`.
  Outcome ExpectEnd(const Tag& open, std::string_view name) {
    Tag tag;
    // The kernel reads the end tag right after the text: a comment or
    // processing instruction there is no end tag to it.
    if (end_ - p_ >= 2 && p_[0] == '<' && (p_[1] == '!' || p_[1] == '?') &&
        !std::string_view(p_, static_cast<size_t>(end_ - p_))
             .starts_with("<![CDATA[")) {  // reported as xml-cdata
      diags_.Error(rules::kXmlSyntax, At(p_),
                   fmt::format("a {} between the text of <{}> and </{}> makes "
                               "the kernel's plist parser fail; move it after "
                               "</{}>",
                               p_[1] == '?' ? "processing instruction"
                                            : "comment or declaration",
                               name, name, name));
    }
    if (!NextTag(tag)) {
      return Fatal(open.offset,
                   fmt::format("<{}> is never closed; add </{}>", name, name));
    }
    if (tag.kind == Tag::Kind::kEnd && tag.element == open.element &&
        tag.name == name) {
      return Outcome::kValue;
    }
    if (tag.kind != Tag::Kind::kEnd) {
      return Fatal(tag.offset,
                   fmt::format("<{}> cannot hold the element <{}>; a plist "
                               "<{}> holds text only",
                               name, tag.name, name));
    }
    return Fatal(
        tag.offset,
        fmt::format("</{}> closes <{}> (line {}); write </{}>", tag.name, name,
                    file_.Position(open.offset).line, name));
  }

  // The text of a <string> or <key> up to the next tag, with the three
  // entities the kernel knows decoded. Other entities and a bare '&' are
  // reported and kept as written.
  std::string_view ReadText() {
    const char* start = p_;
    const char* stop = static_cast<const char*>(
        std::memchr(p_, '<', static_cast<size_t>(end_ - p_)));
    if (stop == nullptr) stop = end_;
    p_ = stop;
    std::string_view raw(start, static_cast<size_t>(stop - start));
    size_t amp = raw.find('&');
    if (amp == std::string_view::npos) return raw;
    std::string decoded(raw.substr(0, amp));
    decoded.reserve(raw.size());
    for (size_t i = amp; i < raw.size(); ++i) {
      if (raw[i] != '&') {
        decoded += raw[i];
        continue;
      }
      std::string_view rest = raw.substr(i);
      if (rest.starts_with("&lt;")) {
        decoded += '<';
        i += 3;
      } else if (rest.starts_with("&gt;")) {
        decoded += '>';
        i += 3;
      } else if (rest.starts_with("&amp;")) {
        decoded += '&';
        i += 4;
      } else {
        ReportEntity(start + i, rest);
        decoded += '&';
      }
    }
    return document_.Store(std::move(decoded));
  }

  void ReportEntity(const char* at, std::string_view rest) {
    size_t end = rest.find_first_of(";<\n \t&", 1);
    bool named = end != std::string_view::npos && rest[end] == ';';
    std::string_view shown =
        named ? rest.substr(0, end + 1) : rest.substr(0, 1);
    diags_.Error(rules::kXmlEntity, At(at),
                 named ? fmt::format("the entity {} is not understood by the "
                                     "kernel's plist parser, which knows only "
                                     "&lt; &gt; &amp;; write the character "
                                     "itself",
                                     shown)
                       : std::string("a bare '&' makes the kernel's plist "
                                     "parser fail; write &amp;"));
  }

  // `base`: the entries on the kernel parser's stack before this value.
  Outcome ParseValue(const Tag& tag, Node& node, int base) {
    node = Node();
    node.offset = tag.offset;
    std::string_view name = tag.name;
    if (tag.kind == Tag::Kind::kEnd) {
      return Fatal(
          tag.offset,
          fmt::format("</{}> stands where a value should begin", name));
    }
    // Every value's first token is one more parser stack entry.
    if (base + 1 > kMaxStackEntries) return TooDeep(tag.offset);
    if (tag.HasAttribute("IDREF")) return ResolveReference(tag, node);
    Outcome outcome = ParseElement(tag, node, base);
    if (outcome == Outcome::kValue) {
      ++objects_;
      // The kernel remembers no boolean (buildBoolean) and no negative ID.
      if (!node.is_bool()) Remember(tag, node);
    }
    return outcome;
  }

  // Stores `node` under the tag's ID, compared as the kernel compares
  // them: as the numbers strtol(value, NULL, 0) reads ("01" is 1, "abc"
  // is 0). A later ID replaces an earlier one.
  void Remember(const Tag& tag, const Node& node) {
    const Attribute* id = nullptr;
    for (const Attribute& a : tag.attributes) {
      if (a.name == "ID") id = &a;
    }
    if (id == nullptr) return;
    int32_t number = IdNumber(id->value);
    if (number >= 0) ids_[number] = node;
  }

  Outcome TooDeep(uint32_t offset) {
    diags_.Error(rules::kXmlNesting, At(offset),
                 fmt::format("values are nested too deep for the kernel's "
                             "plist parser, whose stack holds {} entries (each "
                             "open <array> or <dict>, key and earlier sibling "
                             "takes one); flatten the plist",
                             kMaxStackEntries + 1));
    return Outcome::kFatal;
  }

  // ID="n" labels a value, IDREF="n" repeats it: the kernel and IOKitUser
  // resolve them, CoreFoundation and strict readers do not.
  Outcome ResolveReference(const Tag& tag, Node& node) {
    std::string_view id = tag.Value("IDREF");
    diags_.Warning(rules::kXmlIdRef, At(tag.offset),
                   fmt::format("IDREF=\"{}\" is resolved by IOKit's parsers "
                               "only; plutil and Xcode do not read it, so "
                               "write the value out in full",
                               id));
    if (tag.kind != Tag::Kind::kEmpty) {
      return Fatal(tag.offset,
                   "IDREF is only allowed on an empty element such as "
                   "<string IDREF=\"1\"/>");
    }
    // The node itself, not a copy of its tree: like the kernel, which
    // retains the one object, the document shares it, and rules that walk
    // the tree must not expand shared nodes (see schema_rules.cc).
    auto found = ids_.find(IdNumber(id));
    if (found == ids_.end()) {
      return Fatal(tag.offset,
                   fmt::format("IDREF=\"{}\" refers to no earlier ID=\"{}\" "
                               "(IDs on <true/> and <false/> and negative IDs "
                               "are not kept by the kernel)",
                               id, id));
    }
    uint32_t offset = tag.offset;
    node = found->second;
    node.offset = offset;
    ++objects_;
    if (++references_ == kMaxReferences + 1) {
      diags_.Error(rules::kXmlIdRef, At(tag.offset),
                   fmt::format("more than {} IDREF uses; the kernel's plist "
                               "parser fails beyond that, so write the values "
                               "out",
                               kMaxReferences));
    }
    return Outcome::kValue;
  }

  // `base`: the parser stack entries below the value's first token.
  Outcome ParseElement(const Tag& tag, Node& node, int base) {
    std::string_view name = tag.name;
    bool empty = tag.kind == Tag::Kind::kEmpty;
    switch (tag.element) {
      case Element::kDict:
        node.type = NodeType::kDict;
        return empty ? Outcome::kValue : ParseDict(tag, node, base + 1);
      case Element::kArray:
      case Element::kSet:
        node.type =
            tag.element == Element::kArray ? NodeType::kArray : NodeType::kSet;
        return empty ? Outcome::kValue : ParseArray(tag, node, base + 1);
      case Element::kString:
        node.type = NodeType::kString;
        if (empty) return Outcome::kValue;
        node.set_text(ReadText());
        CheckStringLength(tag.offset, "<string>", node.text());
        return ExpectEnd(tag, name);
      case Element::kInteger:
        node.type = NodeType::kInteger;
        if (!empty) {
          node.set_text(ReadRaw());
          Outcome end = ExpectEnd(tag, name);
          if (end != Outcome::kValue) return end;
        }
        ReadInteger(tag, node);
        return Outcome::kValue;
      case Element::kData: {
        node.type = NodeType::kData;
        if (empty) return Outcome::kValue;
        node.set_text(ReadRaw());
        Outcome end = ExpectEnd(tag, name);
        if (end == Outcome::kValue) CheckData(tag, node);
        return end;
      }
      case Element::kTrue:
      case Element::kFalse:
        node.type =
            tag.element == Element::kTrue ? NodeType::kTrue : NodeType::kFalse;
        if (empty) return Outcome::kValue;
        diags_.Error(rules::kXmlEmptyForm, At(tag.offset),
                     fmt::format("write <{0}/>; the kernel's plist parser "
                                 "rejects <{0}></{0}>",
                                 name));
        return ExpectEnd(tag, name);
      case Element::kKey:
        diags_.Error(rules::kXmlStructure, At(tag.offset),
                     "<key> is only allowed directly inside <dict>");
        return SkipElement(tag);
      case Element::kReal:
      case Element::kDate:
        diags_.Error(rules::kXmlElement, At(tag.offset),
                     fmt::format("<{}> is not understood by the kernel's "
                                 "plist parser; use <integer> or <string>",
                                 name));
        return SkipElement(tag);
      case Element::kPlist:
      case Element::kOther:
        break;
    }
    diags_.Error(rules::kXmlElement, At(tag.offset),
                 fmt::format("<{}> is not a plist element; use dict, array, "
                             "string, integer, data, true or false",
                             name));
    return SkipElement(tag);
  }

  // Skips an element the reader does not turn into a value, with all it
  // holds. Returns kNone, or kFatal when it is never closed.
  Outcome SkipElement(const Tag& open) {
    if (open.kind == Tag::Kind::kEmpty) return Outcome::kNone;
    int nesting = 1;
    Tag tag;
    ++skipping_;  // the content is not judged
    while (NextTag(tag)) {
      if (tag.element != open.element || tag.name != open.name ||
          tag.kind == Tag::Kind::kEmpty) {
        continue;
      }
      nesting += tag.kind == Tag::Kind::kStart ? 1 : -1;
      if (nesting == 0) {
        --skipping_;
        return Outcome::kNone;
      }
    }
    --skipping_;
    return Fatal(open.offset, fmt::format("<{}> is never closed; add </{}>",
                                          open.name, open.name));
  }

  // Raw content up to the next '<' (integer, data).
  std::string_view ReadRaw() {
    const char* start = p_;
    const char* stop = static_cast<const char*>(
        std::memchr(p_, '<', static_cast<size_t>(end_ - p_)));
    p_ = stop == nullptr ? end_ : stop;
    return std::string_view(start, static_cast<size_t>(p_ - start));
  }

  // The kernel reads "0x" and lowercase hex digits, or an optional '-' and
  // decimal digits, with nothing else between the tags; the value wraps at
  // 64 bits. What CoreFoundation reads beyond that (white space, '+', "0X",
  // uppercase) is reported, and read as CoreFoundation would.
  void ReadInteger(const Tag& tag, Node& node) {
    std::string_view text = node.text();
    size_t i = 0;
    bool hex = false;
    bool negative = false;
    uint64_t value = 0;
    if (i < text.size() && text[i] == '0') {
      ++i;
      if (i < text.size() && text[i] == 'x') {
        hex = true;
        ++i;
      }
    }
    if (hex) {
      while (i < text.size() && IsLowerHex(text[i])) {
        char c = text[i++];
        value = value * 16 +
                static_cast<uint64_t>(IsDigit(c) ? c - '0' : c - 'a' + 10);
      }
    } else {
      if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
      }
      while (i < text.size() && IsDigit(text[i])) {
        value = value * 10 + static_cast<uint64_t>(text[i++] - '0');
      }
    }
    if (i == text.size()) {
      node.set_integer(static_cast<int64_t>(negative ? 0 - value : value));
    } else {
      std::optional<int64_t> lenient = LenientInteger(text);
      node.set_integer(lenient.value_or(0));
      diags_.Error(
          rules::kXmlInteger, At(tag.offset),
          fmt::format("<integer>{}</integer> cannot be read by the "
                      "kernel's plist parser, which takes only "
                      "decimal digits (with an optional '-') or 0x "
                      "and lowercase hex digits, with no spaces; "
                      "write {}",
                      Shorten(text),
                      lenient ? fmt::format("<integer>{}</integer>", *lenient)
                              : std::string("a decimal number")));
    }
    // The last size attribute counts, read by strtoul(value, NULL, 0)
    // into the parser's int: "0x20", "065" and "" are sizes.
    const Attribute* size = nullptr;
    for (const Attribute& a : tag.attributes) {
      if (a.name == "size") size = &a;
    }
    if (size != nullptr) {
      uint32_t bits = static_cast<uint32_t>(StrToUl(size->value));
      if (bits > 64) {
        diags_.Error(rules::kXmlInteger, At(tag.offset),
                     fmt::format("size=\"{}\" is not a size the kernel can "
                                 "build a number of (at most 64 bits); remove "
                                 "the attribute",
                                 Shorten(size->value)));
      }
    }
  }

  // The value CoreFoundation would read, or nullopt.
  static std::optional<int64_t> LenientInteger(std::string_view text) {
    auto is_space = [](char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
      negative = text[0] == '-';
      text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() > 2 && text[0] == '0' &&
        (text[1] == 'x' || text[1] == 'X')) {
      base = 16;
      text.remove_prefix(2);
    }
    if (text.empty() || text.size() > 19) return std::nullopt;
    uint64_t value = 0;
    for (char c : text) {
      int digit = IsDigit(c)               ? c - '0'
                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                           : 99;
      if (digit >= base) return std::nullopt;
      value =
          value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
    }
    return negative ? -static_cast<int64_t>(value)
                    : static_cast<int64_t>(value);
  }

  // Base64 by default: the kernel skips characters outside the alphabet, so
  // such characters mean the loaded bytes differ from what was written.
  // format="hex" is a kernel extension that IOCFUnserialize (kextutil,
  // kmutil) does not read.
  void CheckData(const Tag& tag, const Node& node) {
    if (tag.HasAttribute("format")) {
      if (tag.Value("format") == "hex") {
        diags_.Error(rules::kXmlData, At(tag.offset),
                     "<data format=\"hex\"> is read by the kernel but not by "
                     "kmutil or kextutil; write the bytes in Base64");
      }
      return;
    }
    size_t symbols = 0;
    for (char c : node.text()) {
      if (IsBase64(c)) {
        ++symbols;
      } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        symbols = 1;  // not a multiple of 4: reported below
        break;
      }
    }
    if (symbols % 4 != 0) {
      diags_.Error(rules::kXmlData, At(tag.offset),
                   "<data> is not valid Base64; the kernel skips the "
                   "characters it does not know, so the bytes it loads would "
                   "differ from what was meant");
    }
  }

  // `open_entries`: the parser's stack with the '{' of this dict on it.
  // It holds "{ key" before the first value and "{ pairs key" before each
  // later one.
  Outcome ParseDict(const Tag& open, Node& node, int open_entries) {
    bool any_pair = false;
    size_t base = scratch_.size();
    size_t key_base = scratch_keys_.size();
    bool pending = false;
    Node::Key key;
    Tag tag;
    Outcome result = Outcome::kValue;
    while (true) {
      if (!NextTag(tag)) {
        result = Fatal(open.offset, "<dict> is never closed; add </dict>");
        break;
      }
      if (SkipsPlist(tag)) continue;
      if (tag.kind == Tag::Kind::kEnd) {
        if (tag.element == Element::kDict) {
          if (open_entries + (any_pair ? 2 : 1) > kMaxStackEntries) {
            result = TooDeep(tag.offset);
          }
          break;
        }
        result = Fatal(tag.offset,
                       fmt::format("</{}> closes <dict> (line {}); write "
                                   "</dict>",
                                   tag.name, file_.Position(open.offset).line));
        break;
      }
      if (tag.element == Element::kKey) {
        if (pending) ReportKeyWithoutValue(key);
        if (open_entries + (any_pair ? 2 : 1) > kMaxStackEntries) {
          result = TooDeep(tag.offset);
          break;
        }
        key.offset = tag.offset;
        key.set_name({});
        pending = true;
        if (tag.HasAttribute("IDREF")) {
          // The kernel reads the tag as a reference, which cannot be a key.
          diags_.Error(rules::kXmlSyntax, At(tag.offset),
                       "a <key> cannot be an IDREF for the kernel's plist "
                       "parser; write the key's name");
        }
        if (tag.kind == Tag::Kind::kEmpty) {
          diags_.Error(rules::kXmlEmptyForm, At(tag.offset),
                       "the kernel's plist parser rejects <key/>; give the "
                       "key a name");
          continue;
        }
        key.set_name(ReadText());
        CheckStringLength(tag.offset, "<key>", key.name());
        if (tag.HasAttribute("ID")) {  // keys are symbols, remembered too
          Node symbol;
          symbol.type = NodeType::kString;
          symbol.offset = tag.offset;
          symbol.set_text(key.name());
          Remember(tag, symbol);
        }
        if (ExpectEnd(tag, "key") == Outcome::kFatal) {
          result = Outcome::kFatal;
          break;
        }
        continue;
      }
      if (!pending) {
        diags_.Error(
            rules::kXmlStructure, At(tag.offset),
            fmt::format("<{}> in a <dict> must follow a <key>", tag.name));
        Node discarded;
        if (ParseValue(tag, discarded, open_entries + 1) == Outcome::kFatal) {
          result = Outcome::kFatal;
          break;
        }
        continue;
      }
      pending = false;
      // Into a local: reading nested containers grows scratch_.
      Node value;
      Outcome outcome =
          ParseValue(tag, value, open_entries + (any_pair ? 2 : 1));
      if (outcome == Outcome::kValue) any_pair = true;
      if (outcome != Outcome::kValue) {
        if (outcome == Outcome::kFatal) {
          result = outcome;
          break;
        }
        continue;
      }
      // Small dicts are checked for duplicates as they are read; large ones
      // (IOKitPersonalities) once, sorted, when they close.
      size_t count = scratch_keys_.size() - key_base;
      if (count < kLinearDuplicateScan) {
        const Node::Key* first = nullptr;
        for (size_t i = key_base; i < scratch_keys_.size() && !first; ++i) {
          if (scratch_keys_[i].name() == key.name()) first = &scratch_keys_[i];
        }
        if (first != nullptr) {
          ReportDuplicate(key, *first);
          continue;
        }
      }
      scratch_keys_.push_back(key);
      scratch_.push_back(value);
    }
    if (pending && result != Outcome::kFatal) ReportKeyWithoutValue(key);
    if (scratch_keys_.size() - key_base > kLinearDuplicateScan) {
      RemoveDuplicates(key_base, base);
    }
    std::span<const Node::Key> keys = document_.StoreKeys(
        std::span<const Node::Key>(scratch_keys_).subspan(key_base));
    node.set_children(
        document_.StoreNodes(std::span<const Node>(scratch_).subspan(base)),
        keys);
    scratch_keys_.resize(key_base);
    scratch_.resize(base);
    return result;
  }

  void ReportDuplicate(const Node::Key& key, const Node::Key& first) {
    diags_.Error(rules::kXmlDuplicateKey, At(key.offset),
                 fmt::format("duplicate key \"{}\" (first at line {}); the "
                             "kernel's parser fails on duplicate keys, so "
                             "remove one",
                             key.name(), file_.Position(first.offset).line));
  }

  // Finds repeats among the keys read since `key_base` with an
  // open-addressing table of key indexes (no allocation per key); keeps the
  // first of each, reports the others, in document order.
  void RemoveDuplicates(size_t key_base, size_t base) {
    size_t count = scratch_keys_.size() - key_base;
    size_t capacity = 1;
    while (capacity < count * 2) capacity <<= 1;
    std::vector<uint32_t> table(capacity, UINT32_MAX);
    std::vector<uint32_t> first_of(count, UINT32_MAX);
    bool any = false;
    for (uint32_t i = 0; i < count; ++i) {
      std::string_view name = scratch_keys_[key_base + i].name();
      uint64_t hash = 1469598103934665603ULL;  // FNV-1a
      for (char c : name) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
      }
      size_t slot = hash & (capacity - 1);
      while (table[slot] != UINT32_MAX &&
             scratch_keys_[key_base + table[slot]].name() != name) {
        slot = (slot + 1) & (capacity - 1);
      }
      if (table[slot] == UINT32_MAX) {
        table[slot] = i;
      } else {
        first_of[i] = table[slot];
        any = true;
      }
    }
    if (!any) return;
    size_t out = 0;
    for (size_t i = 0; i < count; ++i) {
      if (first_of[i] != UINT32_MAX) {
        ReportDuplicate(scratch_keys_[key_base + i],
                        scratch_keys_[key_base + first_of[i]]);
        continue;
      }
      scratch_keys_[key_base + out] = scratch_keys_[key_base + i];
      scratch_[base + out] = scratch_[base + i];
      ++out;
    }
    scratch_keys_.resize(key_base + out);
    scratch_.resize(base + out);
  }

  void ReportKeyWithoutValue(const Node::Key& key) {
    diags_.Error(rules::kXmlStructure, At(key.offset),
                 fmt::format("<key>{}</key> has no value; add one or remove "
                             "the key",
                             Shorten(key.name())));
  }

  // `open_entries`: the parser's stack with the '(' of this array on it.
  // It holds "(" before the first value and "( elements" before each later
  // one.
  Outcome ParseArray(const Tag& open, Node& node, int open_entries) {
    bool any = false;
    size_t base = scratch_.size();
    Tag tag;
    Outcome result = Outcome::kValue;
    while (true) {
      if (!NextTag(tag)) {
        result = Fatal(open.offset, fmt::format("<{0}> is never closed; add "
                                                "</{0}>",
                                                open.name));
        break;
      }
      if (SkipsPlist(tag)) continue;
      if (tag.kind == Tag::Kind::kEnd) {
        if (tag.element == open.element && tag.name == open.name) {
          if (open_entries + (any ? 2 : 1) > kMaxStackEntries) {
            result = TooDeep(tag.offset);
          }
          break;
        }
        result =
            Fatal(tag.offset,
                  fmt::format("</{}> closes <{}> (line {}); write </{}>",
                              tag.name, open.name,
                              file_.Position(open.offset).line, open.name));
        break;
      }
      if (tag.element == Element::kKey) {
        diags_.Error(rules::kXmlStructure, At(tag.offset),
                     "<key> is only allowed directly inside <dict>");
        if (tag.kind == Tag::Kind::kStart) {
          ReadText();
          if (ExpectEnd(tag, "key") == Outcome::kFatal) {
            result = Outcome::kFatal;
            break;
          }
        }
        continue;
      }
      Node value;
      Outcome outcome = ParseValue(tag, value, open_entries + (any ? 1 : 0));
      if (outcome == Outcome::kValue) {
        any = true;
        scratch_.push_back(value);
      } else if (outcome == Outcome::kFatal) {
        result = outcome;
        break;
      }
    }
    node.set_children(
        document_.StoreNodes(std::span<const Node>(scratch_).subspan(base)));
    scratch_.resize(base);
    return result;
  }

  const diag::SourceFile& file_;
  diag::Diagnostics& diags_;
  PlistDocument& document_;
  const char* begin_ = nullptr;
  const char* p_ = nullptr;
  const char* end_ = nullptr;
  bool reported_cr_ = false;
  int skipping_ = 0;
  size_t objects_ = 0;
  // Children of the dicts and arrays being read, innermost last: each
  // container moves its own into an exactly sized vector when it closes.
  std::vector<Node> scratch_;
  std::vector<Node::Key> scratch_keys_;
  std::unordered_map<int32_t, Node> ids_;
  size_t references_ = 0;
};

}  // namespace

std::optional<PlistDocument> ParsePlist(const diag::SourceFile& file,
                                        diag::Diagnostics& diags) {
  PlistDocument document;
  Reader reader(file, diags, document);
  if (!reader.Run()) return std::nullopt;
  return document;
}

}  // namespace codeless::validate
