#include "codeless/diag/explanations.h"

#include <algorithm>

#include "codeless/diag/rules.h"

namespace codeless::diag {
namespace {

constexpr size_t kWidth = 80;
constexpr std::string_view kIndent = "  ";

// `text` as lines of at most kWidth columns, each indented; words longer
// than a line stay whole.
void AppendWrapped(std::string& out, std::string_view text) {
  size_t column = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (column > 0 && column + 1 + word.size() > kWidth) {
      out += '\n';
      column = 0;
    }
    if (column == 0) {
      out += kIndent;
      column = kIndent.size();
    } else {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  out += '\n';
}

void AppendSection(std::string& out, std::string_view heading,
                   std::string_view text) {
  out += '\n';
  out += heading;
  out += '\n';
  AppendWrapped(out, text);
}

}  // namespace

std::span<const Explanation> AllExplanations() {
  static constexpr Explanation kAll[] = {
#define EXPLAIN(id, checks, why, fix, example) {id, checks, why, fix, example},
#include "codeless/diag/explanations.def"
#undef EXPLAIN
  };
  return kAll;
}

const Explanation* FindExplanation(std::string_view id) {
  for (const Explanation& explanation : AllExplanations()) {
    if (explanation.id == id) return &explanation;
  }
  return nullptr;
}

std::string ExplainText(const Rule& rule) {
  std::string out;
  out += rule.id;
  out += ": ";
  out += rule.summary;
  out += '\n';
  const Explanation* explanation = FindExplanation(rule.id);
  if (explanation == nullptr) return out;
  AppendSection(out, "What it checks", explanation->checks);
  AppendSection(out, "Why", explanation->why);
  AppendSection(out, "How to fix it", explanation->fix);
  if (!explanation->example.empty()) {
    // Examples are findings as codeless prints them: one line each, not
    // wrapped.
    out += "\nExample\n";
    std::string_view example = explanation->example;
    while (!example.empty()) {
      size_t newline = example.find('\n');
      out += kIndent;
      out += example.substr(0, newline);
      out += '\n';
      if (newline == std::string_view::npos) break;
      example.remove_prefix(newline + 1);
    }
  }
  return out;
}

std::string RuleListText() {
  size_t width = 0;
  for (const Rule& rule : rules::All()) width = std::max(width, rule.id.size());
  std::string out;
  for (const Rule& rule : rules::All()) {
    out += rule.id;
    out.append(width + 2 - rule.id.size(), ' ');
    out += rule.summary;
    out += '\n';
  }
  return out;
}

}  // namespace codeless::diag
