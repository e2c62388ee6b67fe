#include "codeless/base/unified_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace codeless::base {
namespace {

// Beyond this many differing lines the shortest edit script is not worth
// its quadratic trace; the diff then replaces everything.
constexpr long kMaxEdits = 2000;
constexpr size_t kContext = 3;

struct Lines {
  std::vector<std::string_view> lines;
  bool last_has_newline = true;
};

Lines Split(std::string_view text) {
  Lines result;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      result.lines.push_back(text.substr(start));
      result.last_has_newline = false;
      break;
    }
    result.lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return result;
}

enum class Op { kEqual, kDelete, kInsert };

// Myers' O(ND) shortest edit script; an empty result when it would take
// more than kMaxEdits edits.
std::vector<Op> EditScript(const std::vector<std::string_view>& a,
                           const std::vector<std::string_view>& b) {
  const long n = static_cast<long>(a.size());
  const long m = static_cast<long>(b.size());
  const long max = std::min(n + m, kMaxEdits);
  // trace[d] holds V[k] for k in [-d, d], as V before step d+1.
  std::vector<std::vector<int32_t>> trace;
  std::vector<int32_t> v(static_cast<size_t>(2 * max + 3), 0);
  const long offset = max + 1;
  long found = -1;
  for (long d = 0; d <= max && found < 0; ++d) {
    for (long k = -d; k <= d; k += 2) {
      long x =
          (k == -d || (k != d && v[static_cast<size_t>(offset + k - 1)] <
                                     v[static_cast<size_t>(offset + k + 1)]))
              ? v[static_cast<size_t>(offset + k + 1)]
              : v[static_cast<size_t>(offset + k - 1)] + 1;
      long y = x - k;
      while (x < n && y < m &&
             a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) {
        ++x;
        ++y;
      }
      v[static_cast<size_t>(offset + k)] = static_cast<int32_t>(x);
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
  }
  if (found < 0) return {};
  // Walk back from (n, m) through the trace.
  std::vector<Op> ops;
  long x = n;
  long y = m;
  for (long d = found; d > 0; --d) {
    const std::vector<int32_t>& previous = trace[static_cast<size_t>(d - 1)];
    auto at = [&](long k) { return previous[static_cast<size_t>(k + d - 1)]; };
    long k = x - y;
    long previous_k =
        (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
    long previous_x = at(previous_k);
    long previous_y = previous_x - previous_k;
    while (x > previous_x && y > previous_y) {
      ops.push_back(Op::kEqual);
      --x;
      --y;
    }
    ops.push_back(x == previous_x ? Op::kInsert : Op::kDelete);
    x = previous_x;
    y = previous_y;
  }
  while (x > 0 && y > 0) {
    ops.push_back(Op::kEqual);
    --x;
    --y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

// One line of a hunk, with the marker patch needs after a last line that
// has no newline.
void AppendLine(std::string& out, char marker, std::string_view line,
                bool no_newline) {
  out += marker;
  out += line;
  out += '\n';
  if (no_newline) out += "\\ No newline at end of file\n";
}

std::string Range(size_t start, size_t count) {
  // An empty range names the line before it, as diff -u does.
  if (count == 0) return fmt::format("{},0", start);
  if (count == 1) return fmt::format("{}", start + 1);
  return fmt::format("{},{}", start + 1, count);
}

}  // namespace

std::string UnifiedDiff(std::string_view before, std::string_view after,
                        std::string_view before_label,
                        std::string_view after_label) {
  if (before == after) return {};
  Lines a = Split(before);
  Lines b = Split(after);
  // The last lines differ if only one of them ends in a newline.
  auto last_a = [&](size_t i) {
    return i + 1 == a.lines.size() && !a.last_has_newline;
  };
  auto last_b = [&](size_t j) {
    return j + 1 == b.lines.size() && !b.last_has_newline;
  };
  std::vector<Op> ops = EditScript(a.lines, b.lines);
  if (ops.empty()) {
    ops.assign(a.lines.size(), Op::kDelete);
    ops.insert(ops.end(), b.lines.size(), Op::kInsert);
  }
  // An "equal" last line whose newline differs is a change.
  {
    size_t i = 0, j = 0;
    for (size_t p = 0; p < ops.size(); ++p) {
      if (ops[p] == Op::kEqual) {
        if (last_a(i) != last_b(j)) {
          ops[p] = Op::kDelete;
          ops.insert(ops.begin() + static_cast<long>(p) + 1, Op::kInsert);
          ++p;
        }
        ++i;
        ++j;
      } else if (ops[p] == Op::kDelete) {
        ++i;
      } else {
        ++j;
      }
    }
  }

  std::string out = fmt::format("--- {}\n+++ {}\n", before_label, after_label);
  // Position (line in a, line in b) before each op.
  std::vector<size_t> ai(ops.size() + 1), bj(ops.size() + 1);
  for (size_t p = 0; p < ops.size(); ++p) {
    ai[p + 1] = ai[p] + (ops[p] != Op::kInsert ? 1 : 0);
    bj[p + 1] = bj[p] + (ops[p] != Op::kDelete ? 1 : 0);
  }
  size_t p = 0;
  while (p < ops.size()) {
    if (ops[p] == Op::kEqual) {
      ++p;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext lines
    // after the last change that lies within 2*kContext of the previous.
    size_t begin = p - std::min(p, kContext);
    size_t end = p;
    size_t equal_run = 0;
    for (size_t q = p; q < ops.size(); ++q) {
      if (ops[q] == Op::kEqual) {
        if (++equal_run > 2 * kContext) break;
      } else {
        equal_run = 0;
        end = q + 1;
      }
    }
    size_t stop = std::min(ops.size(), end + kContext);
    out +=
        fmt::format("@@ -{} +{} @@\n", Range(ai[begin], ai[stop] - ai[begin]),
                    Range(bj[begin], bj[stop] - bj[begin]));
    for (size_t q = begin; q < stop; ++q) {
      switch (ops[q]) {
        case Op::kEqual:
          AppendLine(out, ' ', a.lines[ai[q]], last_a(ai[q]));
          break;
        case Op::kDelete:
          AppendLine(out, '-', a.lines[ai[q]], last_a(ai[q]));
          break;
        case Op::kInsert:
          AppendLine(out, '+', b.lines[bj[q]], last_b(bj[q]));
          break;
      }
    }
    p = stop;
  }
  return out;
}

}  // namespace codeless::base
