// The catalogue of rules (rules.def), as constants and as a list.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "codeless/diag/rule.h"

namespace codeless::diag::rules {

#define RULE(constant, id, summary, kind) \
  inline constexpr Rule constant{id, summary, RuleKind::kind};
#include "codeless/diag/rules.def"
#undef RULE

// Every rule, in rules.def order.
std::span<const Rule> All();

// The rule with this id, or nullptr.
const Rule* Find(std::string_view id);

// For an id that is no rule: " (did you mean \"ID\"?)" with the closest
// rule id, or "" when none is close.
std::string DidYouMean(std::string_view id);

}  // namespace codeless::diag::rules
