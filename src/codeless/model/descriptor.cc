#include "codeless/model/descriptor.h"

#include <algorithm>

namespace codeless::model {

MatchKeys MatchKeys::FromUnsorted(std::vector<Entry> entries) {
  // Small: an insertion sort needs no buffer. Names are unique (the reader
  // refuses duplicate keys).
  for (size_t i = 1; i < entries.size(); ++i) {
    for (size_t j = i; j > 0 && entries[j].name() < entries[j - 1].name(); --j) {
      std::swap(entries[j], entries[j - 1]);
    }
  }
  entries.shrink_to_fit();
  MatchKeys keys;
  keys.entries_ = std::move(entries);
  return keys;
}

const plist::Value* MatchKeys::Get(std::string_view name) const {
  for (const Entry& entry : entries_) {
    if (entry.name() == name) return &entry.value;
  }
  return nullptr;
}

}  // namespace codeless::model
