#include "codeless/diag/rules.h"

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

}  // namespace codeless::diag::rules
