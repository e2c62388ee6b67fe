// What `codeless explain` prints: for each rule of rules.def, what it
// checks, why (the Apple source), how to fix it and an example finding
// (explanations.def).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "codeless/diag/rule.h"

namespace codeless::diag {

struct Explanation {
  std::string_view id;
  std::string_view checks;
  std::string_view why;
  std::string_view fix;
  std::string_view example;  // may be empty
};

// Every explanation, in explanations.def order.
std::span<const Explanation> AllExplanations();

// The explanation of rule `id`, or nullptr.
const Explanation* FindExplanation(std::string_view id);

// The text `codeless explain RULE` prints: the rule's id and summary, then
// its explanation's paragraphs under headings, wrapped at 80 columns.
std::string ExplainText(const Rule& rule);

// The text `codeless explain` prints without a rule: one line per rule,
// its id and summary, in rules.def order.
std::string RuleListText();

}  // namespace codeless::diag
