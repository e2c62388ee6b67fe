// A unified diff of two texts, line by line, in the format `diff -u` and
// `patch` read: what `generate --check` shows for each stale file.
#pragma once

#include <string>
#include <string_view>

namespace codeless::base {

// The diff that turns `before` into `after`, with three lines of context,
// under the headers "--- before_label" and "+++ after_label" (use
// "/dev/null" for a file that is missing on one side). Empty when the texts
// are equal. Lines are split at '\n'; a last line without one is marked
// "\ No newline at end of file". Time and memory stay near linear: past a
// few thousand differing lines the diff replaces the whole text in one hunk.
std::string UnifiedDiff(std::string_view before, std::string_view after,
                        std::string_view before_label,
                        std::string_view after_label);

}  // namespace codeless::base
