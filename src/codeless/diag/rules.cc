#include "codeless/diag/rules.h"

#include <fmt/format.h>

#include <vector>

#include "codeless/base/spelling.h"

namespace codeless::diag::rules {

std::span<const Rule> All() {
  static constexpr Rule kAll[] = {
#define RULE(constant, id, summary, kind) constant,
#include "codeless/diag/rules.def"
#undef RULE
  };
  return kAll;
}

const Rule* Find(std::string_view id) {
  for (const Rule& rule : All()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

std::string DidYouMean(std::string_view id) {
  std::vector<std::string_view> ids;
  for (const Rule& rule : All()) ids.push_back(rule.id);
  std::string closest = base::ClosestMatch(id, ids);
  return closest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", closest);
}

}  // namespace codeless::diag::rules
