#include "codeless/apple/kext_version.h"

#include <fmt/format.h>

namespace codeless::apple {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// OSKextVersion.c's white space: where parsing stops.
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsStage(char c) { return c == 'd' || c == 'a' || c == 'b' || c == 'f'; }

constexpr size_t kNumberDigits = 4;  // major, minor, revision
constexpr size_t kLevelDigits = 3;
constexpr uint64_t kMaxLevel = 255;
constexpr uint64_t kStageCandidate = 7;
constexpr uint64_t kStageRelease = 9;

class VersionParser {
 public:
  VersionParser(std::string_view text, std::string* why)
      : text_(text), why_(why) {}

  std::optional<KextVersion> Parse() {
    if (text_.empty() || !IsDigit(text_[0]))
      return Fail("it must start with a digit");
    // The three numbers. Each ends at the end, white space, a stage letter
    // or a '.' (not after the revision); a number after a '.' may be
    // empty. After four digits the kernel skips one '.' and goes on with
    // the next number, or with the stage after the revision.
    for (int component = 0; component < 3; ++component) {
      size_t digits = 0;
      uint64_t value = 0;
      while (digits < kNumberDigits && pos_ < text_.size() &&
             IsDigit(text_[pos_])) {
        value = value * 10 + static_cast<uint64_t>(text_[pos_++] - '0');
        ++digits;
      }
      parts_[component] = value;
      if (component > 0 && digits > 2) version_.long_components = true;
      if (component > 0 && digits == 0) version_.canonical = false;
      if (AtEnd()) return Finish();
      char c = text_[pos_];
      if (digits == kNumberDigits) {
        if (IsDigit(c)) {
          return Fail(component == 0
                          ? "the major version has more than 4 digits"
                          : "a minor or revision version has more than 4 "
                            "digits");
        }
        if (c == '.') {
          ++pos_;
          if (component == 2) {
            version_.canonical = false;
            break;  // on to the stage
          }
          if (AtEnd()) version_.canonical = false;
          continue;
        }
      }
      if (IsStage(c)) break;
      if (c != '.') return Fail(NotAStage(c));
      if (component == 2) {
        return Fail("it has more than three numeric components");
      }
      ++pos_;
      if (AtEnd()) {
        version_.canonical = false;  // "1." reads as 1.0
        return Finish();
      }
    }
    return ParseStage();
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size() || IsSpace(text_[pos_]); }

  std::optional<KextVersion> Fail(std::string reason) {
    if (why_ != nullptr) *why_ = std::move(reason);
    return std::nullopt;
  }

  static std::string NotAStage(char c) {
    if (c == '.') return "it has more than three numeric components";
    return fmt::format(
        "'{}' is not a stage; use d, a, b, f or fc followed by a number", c);
  }

  std::optional<KextVersion> ParseStage() {
    if (AtEnd()) return Finish();
    std::string_view rest = text_.substr(pos_);
    char c = rest[0];
    if (!IsStage(c)) return Fail(NotAStage(c));
    size_t letters = c == 'f' && rest.size() > 1 && rest[1] == 'c' ? 2 : 1;
    if (rest.size() <= letters || !IsDigit(rest[letters])) {
      return Fail("a stage letter must be followed by a number (e.g. 1.0b1)");
    }
    stage_ = c == 'd' ? 1 : c == 'a' ? 3 : c == 'b' ? 5 : kStageCandidate;
    pos_ += letters;
    size_t digits = 0;
    while (digits < kLevelDigits && pos_ < text_.size() &&
           IsDigit(text_[pos_])) {
      level_ = level_ * 10 + static_cast<uint64_t>(text_[pos_++] - '0');
      ++digits;
    }
    if (!AtEnd()) {
      if (IsDigit(text_[pos_]))
        return Fail("a stage level has more than 3 digits");
      return Fail(
          fmt::format("unexpected '{}' after the stage level", text_[pos_]));
    }
    if (level_ > kMaxLevel) return Fail("a stage level must be at most 255");
    return Finish();
  }

  std::optional<KextVersion> Finish() {
    if (stage_ == kStageCandidate && level_ == 0) {
      return Fail("a final-candidate level must be at least 1");
    }
    version_.consumed = pos_;
    version_.encoded = parts_[0] * 1000000000000ULL + parts_[1] * 100000000ULL +
                       parts_[2] * 10000ULL + stage_ * 1000ULL + level_;
    return version_;
  }

  std::string_view text_;
  std::string* why_;
  size_t pos_ = 0;
  uint64_t parts_[3] = {0, 0, 0};
  uint64_t stage_ = kStageRelease;
  uint64_t level_ = 0;
  KextVersion version_;
};

}  // namespace

std::optional<KextVersion> ParseKextVersion(std::string_view text,
                                            std::string* why) {
  return VersionParser(text, why).Parse();
}

std::optional<KextVersion> ParseCanonicalKextVersion(std::string_view text,
                                                     std::string* why) {
  auto version = ParseKextVersion(text, why);
  if (version && !version->canonical) {
    if (why != nullptr) *why = "a '.' must be followed by digits";
    return std::nullopt;
  }
  return version;
}

}  // namespace codeless::apple
