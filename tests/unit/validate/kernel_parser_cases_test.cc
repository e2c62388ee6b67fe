// The cases of ../shared/reference/kernel-parser.md (and of the oracle
// measurements behind it) that kernel_xml_test.cc does not state: each with
// the kernel's verdict, as xnu's own parser (OSUnserializeXML and the
// kernel's strtol/strtoul of iokit/Kernel/IOStringFuncs.c, xnu-11417.101.15,
// built unchanged on Linux) gave it, and the reader's exact diagnostics.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "codeless/diag/render.h"
#include "codeless/validate/kernel_xml.h"

namespace codeless::validate {
namespace {

using namespace std::literals;

struct Case {
  std::string_view text;
  std::string_view kernel;  // "accept <type>" or "reject: <errorString>"
  std::string_view diagnostics;
};

struct Result {
  bool accepted;  // a document and no error
  std::string diagnostics;
};

Result Parse(std::string_view text) {
  diag::SourceFile file("f.plist", std::string(text));
  diag::Diagnostics diags;
  bool document = ParsePlist(file, diags).has_value();
  std::string rendered = diag::RenderText(diags.all());
  return {document && rendered.find(": error: ") == std::string::npos,
          rendered};
}

// Where the kernel accepts, the reader reports no error; where it rejects,
// the reader reports one that says why.
TEST(KernelParserCasesTest, AgreesWithTheKernel) {
  const Case cases[] = {
      // an attribute name of 30 characters
      {"<dict aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\"1\"/>"sv, "accept dict", ""},
      // an attribute name of 31 characters (TAG_MAX_LENGTH)
      {"<dict aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\"1\"/>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: the attribute name \"aaaaaaaaaaaaaaaaaaaaaaaaaaa"
       "aaaa\" is 31 characters long; the kernel's plist parser allows at mo"
       "st 30 [xml-token-length]\n"},
      // an attribute value of 30 characters
      {"<dict a=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"/>"sv, "accept dict", ""},
      // an attribute value of 31 characters
      {"<dict a=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"/>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:10: error: the attribute value \"aaaaaaaaaaaaaaaaaaaaaaaaa"
       "aaaaaa\" is 31 characters long; the kernel's plist parser allows at "
       "most 30 [xml-token-length]\n"},
      // an end tag name of 31 characters
      {"<dict></dictaaaaaaaaaaaaaaaaaaaaaaaaaaa>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: the tag name \"dictaaaaaaaaaaaaaaaaaaaaaaaaaaa\""
       " is 31 characters long; the kernel's plist parser allows at most 30 "
       "[xml-token-length]\n"
       "f.plist:1:7: error: </dictaaaaaaaaaaaaaaaaaaaaaaaaaaa> closes <dict>"
       " (line 1); write </dict> [xml-syntax]\n"},
      // 31 attributes (TAG_MAX_ATTRIBUTES)
      {"<dict a0=\"1\" a1=\"1\" a2=\"1\" a3=\"1\" a4=\"1\" a5=\"1\" a6=\"1\""
       " a7=\"1\" a8=\"1\" a9=\"1\" a10=\"1\" a11=\"1\" a12=\"1\" a13=\"1\" "
       "a14=\"1\" a15=\"1\" a16=\"1\" a17=\"1\" a18=\"1\" a19=\"1\" a20=\"1"
       "\" a21=\"1\" a22=\"1\" a23=\"1\" a24=\"1\" a25=\"1\" a26=\"1\" a27="
       "\"1\" a28=\"1\" a29=\"1\" a30=\"1\"/>"sv,
       "accept dict", ""},
      // 32 attributes
      {"<dict a0=\"1\" a1=\"1\" a2=\"1\" a3=\"1\" a4=\"1\" a5=\"1\" a6=\"1\""
       " a7=\"1\" a8=\"1\" a9=\"1\" a10=\"1\" a11=\"1\" a12=\"1\" a13=\"1\" "
       "a14=\"1\" a15=\"1\" a16=\"1\" a17=\"1\" a18=\"1\" a19=\"1\" a20=\"1"
       "\" a21=\"1\" a22=\"1\" a23=\"1\" a24=\"1\" a25=\"1\" a26=\"1\" a27="
       "\"1\" a28=\"1\" a29=\"1\" a30=\"1\" a31=\"1\"/>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: the tag has more than 31 attributes, the kernel's "
       "plist parser's limit; remove the ones beyond it (only ID, IDREF, size "
       "and format mean anything to it) [xml-syntax]\n"},
      // a NUL inside the dict ends the input
      {"<dict>\000<key>a</key><true/></dict>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: the file holds a NUL byte, where the kernel's pl"
       "ist parser stops reading; remove it [xml-syntax]\n"
       "f.plist:1:1: error: <dict> is never closed; add </dict> [xml-syntax]"
       "\n"},
      // text after the first value is ignored
      {"<dict/>junk<<<"sv, "accept dict", ""},
      // a second value after the first is ignored
      {"<dict/><array/>"sv, "accept dict", ""},
      // size read by the kernel's strtoul: 0b is binary, 65
      {"<integer size=\"0b1000001\">1</integer>"sv,
       "reject: OSUnserializeXML: buildNumber near line 1",
       "f.plist:1:1: error: size=\"0b1000001\" is not a size the kernel can "
       "build a number of (at most 64 bits); remove the attribute [xml-integ"
       "er]\n"},
      // the kernel's strtoul skips no CR, so \r65 is 0
      {"<integer size=\"\r65\">1</integer>"sv, "accept integer", ""},
      // a reused ID: the later one counts
      {"<array><string ID=\"1\">a</string><string ID=\"1\">b</string><string"
       " IDREF=\"1\"/></array>"sv,
       "accept array",
       "f.plist:1:58: warning: IDREF=\"1\" is resolved by IOKit's parsers on"
       "ly; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\n"},
      // an IDREF before its ID
      {"<array><string IDREF=\"1\"/><string ID=\"1\">a</string></array>"sv,
       "reject: OSUnserializeXML: forward reference detected near line 1",
       "f.plist:1:8: warning: IDREF=\"1\" is resolved by IOKit's parsers onl"
       "y; plutil and Xcode do not read it, so write the value out in full ["
       "xml-idref]\n"
       "f.plist:1:8: error: IDREF=\"1\" refers to no earlier ID=\"1\" (IDs o"
       "n <true/> and <false/> and negative IDs are not kept by the kernel) "
       "[xml-syntax]\n"},
      // a duplicate key
      {"<dict><key>a</key><string>x</string><key>a</key><true/></dict>"sv,
       "reject: OSUnserializeXML: duplicate dictionary key near line 1",
       "f.plist:1:37: error: duplicate key \"a\" (first at line 1); the kern"
       "el's parser fails on duplicate keys, so remove one [xml-duplicate-ke"
       "y]\n"},
      // &quot; is not one of the three entities
      {"<string>a&quot;b</string>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:10: error: the entity &quot; is not understood by the kern"
       "el's plist parser, which knows only &lt; &gt; &amp;; write the chara"
       "cter itself [xml-entity]\n"},
      // &apos; neither
      {"<string>&apos;</string>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:9: error: the entity &apos; is not understood by the kerne"
       "l's plist parser, which knows only &lt; &gt; &amp;; write the charac"
       "ter itself [xml-entity]\n"},
      // nor a character reference
      {"<string>&#65;</string>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:9: error: the entity &#65; is not understood by the kernel"
       "'s plist parser, which knows only &lt; &gt; &amp;; write the charact"
       "er itself [xml-entity]\n"},
      // a bare &
      {"<string>a & b</string>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:11: error: a bare '&' makes the kernel's plist parser fail"
       "; write &amp; [xml-entity]\n"},
      // a bare < in text
      {"<string>a < b</string>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:11: error: '<' must start a tag name with a letter; write "
       "a literal '<' as &lt; [xml-syntax]\n"
       "f.plist:1:1: error: <string> is never closed; add </string> [xml-syn"
       "tax]\n"},
      // a > in text is text
      {"<string>a > b</string>"sv, "accept string", ""},
      // <key/>
      {"<dict><key/><true/></dict>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: the kernel's plist parser rejects <key/>; give t"
       "he key a name [xml-empty-form]\n"},
      // <true></true>
      {"<true></true>"sv, "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: write <true/>; the kernel's plist parser rejects"
       " <true></true> [xml-empty-form]\n"},
      // text in <true>
      {"<true>x</true>"sv, "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: write <true/>; the kernel's plist parser rejects"
       " <true></true> [xml-empty-form]\n"
       "f.plist:1:7: error: text \"x\" stands between elements, where the ke"
       "rnel's plist parser allows only white space; remove it or put it in "
       "a <string> [xml-structure]\n"},
      // an empty document
      {""sv, "reject: OSUnserializeXML: unexpected end of buffer near line 1",
       "f.plist:1:1: error: the file holds no plist value; an Info.plist hol"
       "ds one <dict> [xml-structure]\n"},
      // an empty <set>
      {"<set></set>"sv, "accept set", ""},
      // a <set> of strings
      {"<set><string>a</string></set>"sv, "accept set", ""},
      // an empty <integer> is 0
      {"<integer></integer>"sv, "accept integer", ""},
      // <integer/>
      {"<integer/>"sv, "accept integer", ""},
      // <string/>
      {"<string/>"sv, "accept string", ""},
      // <data/>
      {"<data/>"sv, "accept data", ""},
      // an integer of more than 64 bits
      {"<integer>99999999999999999999</integer>"sv, "accept integer", ""},
      // a value wider than its size
      {"<integer size=\"8\">300</integer>"sv, "accept integer", ""},
      // CR line ends
      {"<dict>\r<key>a</key>\r<true/>\r</dict>\r"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: the file has CR (\\r) line ends, which the kerne"
       "l's plist parser rejects; save it with LF line ends [xml-carriage-re"
       "turn]\n"},
      // CRLF line ends
      {"<dict>\r\n"
       "<key>a</key>\r\n"
       "<true/>\r\n"
       "</dict>\r\n"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: the file has CR (\\r) line ends, which the kerne"
       "l's plist parser rejects; save it with LF line ends [xml-carriage-re"
       "turn]\n"},
      // a byte-order mark
      {"\357\273\277<dict/>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: the file starts with a UTF-8 byte-order mark, wh"
       "ich the kernel's plist parser rejects; save it without BOM [xml-bom]"
       "\n"},
      // white space before <?xml
      {"  <?xml version=\"1.0\"?><dict/>"sv, "accept dict",
       "f.plist:1:3: note: white space before <?xml ...?> is skipped by the "
       "kernel but rejected by strict XML readers such as xmllint; start the"
       " file with <?xml [xml-leading-space]\n"},
      // a DOCTYPE
      {"<?xml version=\"1.0\"?>\n"
       "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www."
       "apple.com/DTDs/PropertyList-1.0.dtd\">\n"
       "<plist version=\"1.0\"><dict/></plist>"sv,
       "accept dict", ""},
      // a key without a value
      {"<dict><key>a</key></dict>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: <key>a</key> has no value; add one or remove the"
       " key [xml-structure]\n"},
      // a value without a key
      {"<dict><true/></dict>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: <true> in a <dict> must follow a <key> [xml-stru"
       "cture]\n"},
      // an end tag that closes another element
      {"<dict><key>a</key><string>x</dict>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:28: error: </dict> closes <string> (line 1); write </strin"
       "g> [xml-syntax]\n"},
      // an unclosed dict
      {"<dict><key>a</key>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: <dict> is never closed; add </dict> [xml-syntax]"
       "\n"},
      // text between elements
      {"<dict>\n"
       " stray <key>a</key><true/></dict>"sv,
       "reject: OSUnserializeXML: syntax error near line 2",
       "f.plist:2:2: error: text \"stray\" stands between elements, where th"
       "e kernel's plist parser allows only white space; remove it or put it"
       " in a <string> [xml-structure]\n"},
      // uppercase hex digits
      {"<integer>0x1F</integer>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: <integer>0x1F</integer> cannot be read by the ke"
       "rnel's plist parser, which takes only decimal digits (with an option"
       "al '-') or 0x and lowercase hex digits, with no spaces; write <integ"
       "er>31</integer> [xml-integer]\n"},
      // uppercase 0X
      {"<integer>0X1f</integer>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: <integer>0X1f</integer> cannot be read by the ke"
       "rnel's plist parser, which takes only decimal digits (with an option"
       "al '-') or 0x and lowercase hex digits, with no spaces; write <integ"
       "er>31</integer> [xml-integer]\n"},
      // a plus sign
      {"<integer>+7</integer>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: <integer>+7</integer> cannot be read by the kern"
       "el's plist parser, which takes only decimal digits (with an optional"
       " '-') or 0x and lowercase hex digits, with no spaces; write <integer"
       ">7</integer> [xml-integer]\n"},
      // a space before the digits
      {"<integer> 7</integer>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: <integer> 7</integer> cannot be read by the kern"
       "el's plist parser, which takes only decimal digits (with an optional"
       " '-') or 0x and lowercase hex digits, with no spaces; write <integer"
       ">7</integer> [xml-integer]\n"},
      // <real>
      {"<real>1.0</real>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: <real> is not understood by the kernel's plist p"
       "arser; use <integer> or <string> [xml-element]\n"
       "f.plist:1:17: error: the file holds no plist value; an Info.plist ho"
       "lds one <dict> [xml-structure]\n"},
      // <date>
      {"<date>2020</date>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: <date> is not understood by the kernel's plist p"
       "arser; use <integer> or <string> [xml-element]\n"
       "f.plist:1:18: error: the file holds no plist value; an Info.plist ho"
       "lds one <dict> [xml-structure]\n"},
      // CDATA
      {"<string><![CDATA[x]]></string>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:9: error: CDATA sections are not understood by the kernel'"
       "s plist parser; write the text with &lt; &gt; &amp; instead [xml-cda"
       "ta]\n"},
      // -- in a comment
      {"<!-- a -- b --><dict/>"sv,
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:8: error: '--' inside a comment makes the kernel's plist p"
       "arser fail; remove it or end the comment with --> [xml-comment]\n"},
  };
  for (const Case& c : cases) {
    Result result = Parse(c.text);
    EXPECT_EQ(result.accepted, c.kernel.starts_with("accept")) << c.text << "\n"
                                                               << c.kernel;
    EXPECT_EQ(result.diagnostics, c.diagnostics) << c.text;
  }
}

// The departures README.md ("How a file is read") keeps on purpose: the
// kernel accepts each, the reader reports an error, because other readers
// (CoreFoundation, kmutil's IOCFUnserialize, plutil) do not read it as the
// kernel does.
TEST(KernelParserCasesTest, DepartsOnPurposeWhereREADMESays) {
  const Case cases[] = {
      // a NUL after </plist>: the kernel stops before it (README departure: a
      // NUL anywhere is an error)
      {"<plist version=\"1.0\"><dict/></plist>\000junk"sv, "accept dict",
       "f.plist:1:37: error: the file holds a NUL byte, where the kernel's p"
       "list parser stops reading; remove it [xml-syntax]\n"},
      // </true/> reads as <true/> (README departure)
      {"</true/>"sv, "accept boolean",
       "f.plist:1:1: error: this tag is malformed for the kernel's plist par"
       "ser: an end tag cannot also be empty [xml-syntax]\n"
       "f.plist:1:1: error: </true> closes an element that was never opened;"
       " remove it [xml-syntax]\n"},
      // Base64 with a character outside the alphabet (README departure: strict
      // Base64)
      {"<data>AA*E=</data>"sv, "accept data",
       "f.plist:1:1: error: <data> is not valid Base64; the kernel skips the"
       " characters it does not know, so the bytes it loads would differ fro"
       "m what was meant [xml-data]\n"},
      // <data format="hex"> (README departure)
      {"<data format=\"hex\">0aff</data>"sv, "accept data",
       "f.plist:1:1: error: <data format=\"hex\"> is read by the kernel but "
       "not by kmutil or kextutil; write the bytes in Base64 [xml-data]\n"},
  };
  for (const Case& c : cases) {
    ASSERT_TRUE(c.kernel.starts_with("accept")) << c.text;
    Result result = Parse(c.text);
    EXPECT_FALSE(result.accepted) << c.text;
    EXPECT_EQ(result.diagnostics, c.diagnostics) << c.text;
  }
}

std::string Repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

// MAX_OBJECTS: every value counts, keys do not. The kernel accepts 131,071
// values and fails the 131,072nd with "maximum object count"; README keeps
// that a warning (a kernel collection's prelinked info holds more).
TEST(KernelParserCasesTest, CountsObjectsAsTheKernelDoes) {
  // Kernel: accept array.
  Result most = Parse("<array>" + Repeat("<true/>", 131070) + "</array>");
  EXPECT_TRUE(most.accepted);
  EXPECT_EQ(most.diagnostics, "");
  // Kernel: accept array (2,000 keys, 131,071 values).
  std::string keys = "<array><dict>";
  for (int i = 0; i < 2000; ++i) {
    keys += "<key>k" + std::to_string(i) + "</key><true/>";
  }
  keys += "</dict>" + Repeat("<true/>", 131071 - 2002) + "</array>";
  Result with_keys = Parse(keys);
  EXPECT_TRUE(with_keys.accepted);
  EXPECT_EQ(with_keys.diagnostics, "");
  // Kernel: reject: OSUnserializeXML: maximum object count near line 1.
  Result over = Parse("<array>" + Repeat("<true/>", 131071) + "</array>");
  EXPECT_TRUE(over.accepted);
  EXPECT_EQ(over.diagnostics,
            "f.plist:1:1: warning: the plist has 131072 objects; the kernel's "
            "own plist parser stops at 131071, so a kext this large may fail "
            "to load; split the personalities over several kexts "
            "[xml-object-limit]\n");
}

}  // namespace
}  // namespace codeless::validate
