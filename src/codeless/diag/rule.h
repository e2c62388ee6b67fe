// A rule: the stable identity of one kind of problem.
#pragma once

#include <string_view>

namespace codeless::diag {

struct Rule {
  std::string_view id;       // stable, printed in brackets: "desc-unknown-key"
  std::string_view summary;  // one line, for SARIF rule metadata and docs
};

}  // namespace codeless::diag
