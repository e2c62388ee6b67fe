// SourceFile positions: byte columns, and the code-point columns SARIF
// reports, also for ill-formed UTF-8 and after the text is released.
#include "codeless/diag/source_file.h"

#include <gtest/gtest.h>

#include <string>

namespace codeless::diag {
namespace {

struct Columns {
  uint32_t line, bytes, code_points;
  bool operator==(const Columns&) const = default;
};

Columns At(const SourceFile& file, size_t offset) {
  LineColumn position = file.Position(offset);
  return {position.line, position.column, position.code_point_column};
}

TEST(SourceFileTest, AsciiColumnsAreTheSameInBothUnits) {
  SourceFile file("f", "ab\ncd\n");
  EXPECT_EQ(At(file, 0), (Columns{1, 1, 1}));
  EXPECT_EQ(At(file, 4), (Columns{2, 2, 2}));
  EXPECT_EQ(At(file, 99), (Columns{3, 1, 1}));  // past the end: the end
}

// "é" (2 bytes), "€" (3), "😀" (4): each one code point. The first line's
// multi-byte characters do not count on the second.
TEST(SourceFileTest, CodePointColumnsCountEachSequenceOnce) {
  const std::string text =
      "\u00e9\n"
      "a\u00e9\u20ac\U0001F600x\n";
  SourceFile file("f", text);
  size_t x = text.find('x');
  EXPECT_EQ(At(file, x), (Columns{2, 11, 5}));
  EXPECT_EQ(At(file, text.find("\u20ac")), (Columns{2, 4, 3}));
}

// Ill-formed bytes count as a decoder replaces them: one U+FFFD for each
// maximal subpart (a truncated sequence), one for each byte that begins no
// sequence (a lone continuation byte, 0xC0, 0xFF), and a sequence the
// second byte's range forbids (0xE0 0x80: overlong) is two.
TEST(SourceFileTest, IllFormedUtf8CountsAsDecodersReplaceIt) {
  const std::string text =
      "\xE2\x82x"      // truncated 3-byte sequence: 1, then x at 2
      "\x80y"          // lone continuation: 1, y at 4
      "\xC0\xAFz"      // 0xC0 begins nothing, nor 0xAF: z at 7
      "\xE0\x80w"      // overlong: 0xE0 alone, 0x80 alone: w at 10
      "\xF0\x9F\x98v"  // truncated 4-byte: 1, v at 12
      "\xFFu";         // u at 14
  SourceFile file("f", text);
  EXPECT_EQ(At(file, text.find('x')).code_points, 2u);
  EXPECT_EQ(At(file, text.find('y')).code_points, 4u);
  EXPECT_EQ(At(file, text.find('z')).code_points, 7u);
  EXPECT_EQ(At(file, text.find('w')).code_points, 10u);
  EXPECT_EQ(At(file, text.find('v')).code_points, 12u);
  EXPECT_EQ(At(file, text.find('u')).code_points, 14u);
}

// generate frees the descriptor's text before it reports at it.
TEST(SourceFileTest, ReleasedTextKeepsBothColumns) {
  const std::string text = "{\n  \"n\u00e4me\": 1\n}\n";
  SourceFile file("f", text);
  size_t one = text.find('1');
  file.ReleaseText();
  EXPECT_TRUE(file.text().empty());
  EXPECT_EQ(At(file, one), (Columns{2, 12, 11}));
}

// Offset is Position's inverse, as import uses it to find a diagnostic's
// node again; a column past a line's end clamps to that end, a line past
// the last to the file's end.
TEST(SourceFileTest, OffsetInvertsPosition) {
  SourceFile file("f", "ab\ncd\n");
  for (size_t offset = 0; offset <= 6; ++offset) {
    LineColumn position = file.Position(offset);
    EXPECT_EQ(file.Offset(position.line, position.column), offset) << offset;
  }
  EXPECT_EQ(file.Offset(9, 1), 6u);
  EXPECT_EQ(file.Offset(1, 40), 2u);  // line 1's '\n', not a byte of line 2
  EXPECT_EQ(file.Offset(2, 40), 5u);
  EXPECT_EQ(file.Offset(0, 0), 0u);
  SourceFile unterminated("g", "ab\ncd");
  EXPECT_EQ(unterminated.Offset(2, 40), 5u);  // the end of the file
}

}  // namespace
}  // namespace codeless::diag
