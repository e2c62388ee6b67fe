#include "codeless/base/json_cursor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "support/test_paths.h"

namespace codeless::base {
namespace {

// The whole document as nlohmann::json, read through the cursor; nullopt
// when the cursor refuses it. Duplicate keys keep the last value, as
// nlohmann's own parser does.
std::optional<nlohmann::json> ReadAll(JsonCursor& cursor,
                                      const JsonToken& token) {
  switch (token.type) {
    case JsonType::kNull:
      return nlohmann::json(nullptr);
    case JsonType::kBoolean:
      return nlohmann::json(token.boolean);
    case JsonType::kString:
      return nlohmann::json(std::string(token.text));
    case JsonType::kNumber:
      return nlohmann::json::parse(token.text);
    case JsonType::kArray: {
      nlohmann::json array = nlohmann::json::array();
      while (cursor.NextElement()) {
        JsonToken item;
        if (!cursor.Next(item)) return std::nullopt;
        auto value = ReadAll(cursor, item);
        if (!value) return std::nullopt;
        array.push_back(std::move(*value));
      }
      if (cursor.failed()) return std::nullopt;
      return array;
    }
    case JsonType::kObject: {
      nlohmann::json object = nlohmann::json::object();
      JsonKey key;
      while (cursor.NextMember(key)) {
        std::string name(key.name);
        JsonToken item;
        if (!cursor.Next(item)) return std::nullopt;
        auto value = ReadAll(cursor, item);
        if (!value) return std::nullopt;
        object[name] = std::move(*value);
      }
      if (cursor.failed()) return std::nullopt;
      return object;
    }
  }
  return std::nullopt;
}

std::optional<nlohmann::json> Parse(std::string_view text) {
  JsonCursor cursor(text);
  JsonToken root;
  if (!cursor.Next(root)) return std::nullopt;
  auto value = ReadAll(cursor, root);
  if (!value || !cursor.Finish()) return std::nullopt;
  return value;
}

std::string ErrorOf(std::string_view text) {
  JsonCursor cursor(text);
  JsonToken root;
  if (cursor.Next(root) && ReadAll(cursor, root)) cursor.Finish();
  if (!cursor.failed()) return "accepted";
  return std::to_string(cursor.error().offset) + ": " + cursor.error().message;
}

TEST(JsonCursorTest, GivesEveryTokenAndKeyItsOffset) {
  constexpr std::string_view kText =
      "{\n"
      "  \"a\": {\"b\\\"q\": [10, \"s\", true, null, {\"c\": -1.5e3}]},\n"
      "  \"x/y\": \"v\"\n"
      "}\n";
  JsonCursor cursor(kText);
  JsonToken token;
  JsonKey key;
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_EQ(token.type, JsonType::kObject);
  EXPECT_EQ(token.offset, 0u);
  ASSERT_TRUE(cursor.NextMember(key));
  EXPECT_EQ(key.name, "a");
  EXPECT_EQ(key.offset, kText.find("\"a\""));
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_EQ(token.offset, kText.find("{\"b"));
  ASSERT_TRUE(cursor.NextMember(key));
  EXPECT_EQ(key.name, "b\"q");
  EXPECT_EQ(key.offset, kText.find("\"b\\\"q\""));
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_EQ(token.type, JsonType::kArray);
  EXPECT_EQ(token.offset, kText.find("[10"));
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_EQ(token.type, JsonType::kNumber);
  EXPECT_TRUE(token.integer);
  EXPECT_EQ(token.text, "10");
  EXPECT_EQ(token.offset, kText.find("10"));
  EXPECT_EQ(token.end, kText.find("10") + 2);
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_EQ(token.type, JsonType::kString);
  EXPECT_EQ(token.text, "s");
  EXPECT_EQ(token.offset, kText.find("\"s\""));
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_EQ(token.type, JsonType::kBoolean);
  EXPECT_TRUE(token.boolean);
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_EQ(token.type, JsonType::kNull);
  ASSERT_TRUE(cursor.NextElement());
  ASSERT_TRUE(cursor.Next(token));
  ASSERT_TRUE(cursor.NextMember(key));
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_FALSE(token.integer);
  EXPECT_EQ(token.text, "-1.5e3");
  EXPECT_FALSE(cursor.NextMember(key));  // '}' of {"c": ...}
  EXPECT_FALSE(cursor.NextElement());    // ']'
  EXPECT_FALSE(cursor.NextMember(key));  // '}' of "a"'s value
  ASSERT_TRUE(cursor.NextMember(key));
  EXPECT_EQ(key.name, "x/y");
  ASSERT_TRUE(cursor.Next(token));
  EXPECT_EQ(token.offset, kText.find("\"v\""));
  EXPECT_FALSE(cursor.NextMember(key));
  EXPECT_TRUE(cursor.Finish());
  EXPECT_FALSE(cursor.failed());
}

TEST(JsonCursorTest, SkipPassesOverWholeValues) {
  JsonCursor cursor(R"({"skip": {"a": [1, {"b": []}], "c": "d"}, "next": 2})");
  JsonToken token;
  JsonKey key;
  ASSERT_TRUE(cursor.Next(token));
  ASSERT_TRUE(cursor.NextMember(key));
  ASSERT_TRUE(cursor.Next(token));
  ASSERT_TRUE(cursor.Skip(token));
  ASSERT_TRUE(cursor.NextMember(key));
  EXPECT_EQ(key.name, "next");
  EXPECT_EQ(cursor.depth(), 1u);
}

TEST(JsonCursorTest, DecodesEscapesAndKeepsUtf8) {
  auto value =
      Parse(R"(["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20ac\ud83d\ude00", "é€😀"])");
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ((*value)[0], "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ((*value)[1], "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ((*value)[2], "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

TEST(JsonCursorTest, SaysExactlyWhatIsWrongAndWhere) {
  EXPECT_EQ(ErrorOf("{\"a\": 1 \"b\": 2}"),
            "8: expected ',' or '}' after an object member, found a string");
  // A trailing comma is reported at the comma, the mistake.
  EXPECT_EQ(ErrorOf("{\"a\": 1,}"),
            "7: a ',' after the last member, which JSON does not allow; "
            "remove it");
  EXPECT_EQ(ErrorOf("[1, \n]"),
            "2: a ',' after the last element, which JSON does not allow; "
            "remove it");
  EXPECT_EQ(ErrorOf("[1 2]"),
            "3: expected ',' or ']' after an array element, found a number");
  EXPECT_EQ(ErrorOf("{\"a\" 1}"),
            "5: expected ':' after the member name, found a number");
  EXPECT_EQ(ErrorOf("{1: 2}"),
            "1: expected a member name (a string) or '}', found a number");
  EXPECT_EQ(ErrorOf("{\"a\": }"),
            "6: expected a value (an object, array, string, number, true, "
            "false or null), found '}'");
  EXPECT_EQ(ErrorOf("{\"a\": 'x'}"),
            "6: JSON strings are written in double quotes (\"), not single "
            "quotes");
  EXPECT_EQ(ErrorOf("{\"a\": tru}"),
            "6: \"tru\" is not a JSON value; write true, false, null, a "
            "number or a quoted string");
  EXPECT_EQ(ErrorOf("{\"a\": \"x"), "6: this string has no closing '\"'");
  EXPECT_EQ(ErrorOf("{\"a\": \"x\ny\"}"),
            "8: a string holds the control character U+000A; write it as "
            "\\u000a (or \\n, \\t)");
  EXPECT_EQ(
      ErrorOf("[\"\\x\"]"),
      "2: \\x is not a JSON escape; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
      "or \\uXXXX");
  EXPECT_EQ(ErrorOf("[\"\\u12\"]"),
            "2: \\u must be followed by four hex digits");
  EXPECT_EQ(ErrorOf("[\"\\udc00\"]"),
            "2: \\udc00 is the second half of a surrogate pair with no first "
            "half");
  EXPECT_EQ(ErrorOf("[\"\\ud800x\"]"),
            "2: \\ud800 is the first half of a surrogate pair, but no "
            "\\uDC00-\\uDFFF follows");
  EXPECT_EQ(ErrorOf("[\"\xFF\"]"),
            "2: a string holds the byte 0xFF, which is not UTF-8; save the "
            "descriptor as UTF-8");
  EXPECT_EQ(ErrorOf("[\"\xC0\xAF\"]"),  // overlong '/'
            "2: a string holds the byte 0xC0, which is not UTF-8; save the "
            "descriptor as UTF-8");
  EXPECT_EQ(ErrorOf("[\"\xED\xA0\x80\"]"),  // a surrogate in UTF-8
            "2: a string holds the byte 0xED, which is not UTF-8; save the "
            "descriptor as UTF-8");
  EXPECT_EQ(ErrorOf("[0483]"),
            "1: 0483 is not a JSON number: JSON numbers have no leading "
            "zeros; for a hex ID write the string \"0x0483\", for decimal "
            "drop the zeros");
  EXPECT_EQ(ErrorOf("[0x05ac]"),
            "1: 0x05ac is not a JSON number: JSON has no hex numbers; write "
            "the string \"0x05ac\"");
  EXPECT_EQ(ErrorOf("[-]"), "1: a '-' must be followed by digits");
  EXPECT_EQ(ErrorOf("[1.]"), "3: a '.' in a number must be followed by digits");
  EXPECT_EQ(ErrorOf("[1e]"), "3: an exponent in a number must have digits");
  EXPECT_EQ(ErrorOf("{} x"),
            "3: the JSON value ends before this, so 'x' is left over; a "
            "descriptor is one object");
  EXPECT_EQ(ErrorOf(""), "0: expected a value, found the end of the file");
  // At the end of the file: just past the last token, not on a line after.
  EXPECT_EQ(ErrorOf("{\"a\": 1,\n\n"),
            "8: expected a member name (a string) after ',', found the end of "
            "the file");
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF{}"),
            "0: the file starts with a UTF-8 byte-order mark; save it as "
            "UTF-8 without BOM");
}

TEST(JsonCursorTest, RefusesNestingPastItsLimit) {
  std::string deep(JsonCursor::kMaxDepth, '[');
  deep += std::string(JsonCursor::kMaxDepth, ']');
  EXPECT_EQ(ErrorOf(deep), "accepted");
  std::string deeper = "[" + deep + "]";
  JsonCursor cursor(deeper);
  JsonToken root;
  ASSERT_TRUE(cursor.Next(root));
  EXPECT_FALSE(cursor.Skip(root));
  EXPECT_EQ(cursor.error().offset, JsonCursor::kMaxDepth);
  EXPECT_TRUE(cursor.error().complete);
  EXPECT_TRUE(cursor.error().too_deep);
  EXPECT_EQ(cursor.error().message,
            "values are nested more than 256 deep; no plist needs that, and "
            "the kernel's parser would not read it");
}

// nlohmann's parser as an independent oracle: over mutations of every
// example descriptor, both accept the same documents (bar what only the
// cursor refuses on purpose) and read the same values.
TEST(JsonCursorTest, AgreesWithAnIndependentParser) {
  std::vector<std::string> seeds;
  for (const auto& entry : std::filesystem::directory_iterator(
           codeless::testing::SourceDir() / "examples")) {
    if (entry.path().extension() == ".json") {
      seeds.push_back(codeless::testing::ReadTextFile(entry.path()));
    }
  }
  ASSERT_FALSE(seeds.empty());
  std::mt19937 random(7);
  const char kBytes[] =
      "{}[],:\"\\ 0123456789-+.eEtrufalsn\t\n\x01\xC3\xA9\xFF";
  int agreed_valid = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string text = seeds[random() % seeds.size()];
    int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text.erase(at, 1 + random() % 3);
          break;
        case 1:
          text.insert(at, 1, kBytes[random() % (sizeof(kBytes) - 1)]);
          break;
        default:
          text[at] = kBytes[random() % (sizeof(kBytes) - 1)];
      }
    }
    std::optional<nlohmann::json> oracle;
    try {
      oracle = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
    }
    auto ours = Parse(text);
    ASSERT_EQ(ours.has_value(), oracle.has_value())
        << "the two parsers disagree on:\n"
        << text << "\ncursor: " << ErrorOf(text);
    if (ours) {
      EXPECT_EQ(*ours, *oracle) << text;
      ++agreed_valid;
    }
  }
  EXPECT_GT(agreed_valid, 100);
}

}  // namespace
}  // namespace codeless::base
