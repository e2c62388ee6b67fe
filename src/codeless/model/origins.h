// Where each part of the model came from in the descriptor: the side table
// that lets later stages report a problem at the descriptor key behind it
// without knowing anything of JSON. The model holds OriginIds; plist values
// built from the descriptor carry theirs as their tag.
#pragma once

#include <cstdint>
#include <vector>

#include "codeless/diag/diagnostic.h"

namespace codeless::model {

using OriginId = uint32_t;
inline constexpr OriginId kNoOrigin = 0;

struct Origin {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t key = kNone;    // byte offset of the member's key, if it has one
  uint32_t value = kNone;  // byte offset of the value
};

class Origins {
 public:
  Origins() : origins_(1) {}  // id 0 is "nowhere"

  OriginId Add(uint32_t key_offset, uint32_t value_offset) {
    origins_.push_back({key_offset, value_offset});
    return static_cast<OriginId>(origins_.size() - 1);
  }
  // Once all are added: gives back the slack of the table's growth.
  void Compact() { origins_.shrink_to_fit(); }
  const Origin& Get(OriginId id) const {
    return id < origins_.size() ? origins_[id] : origins_[0];
  }
  // The key (for Part::kKey, when there is one) or the value of `id` in
  // `file`; the whole file for kNoOrigin.
  diag::Location At(const diag::SourceFile& file, OriginId id,
                    diag::Part part = diag::Part::kValue) const {
    const Origin& origin = Get(id);
    uint32_t offset = part == diag::Part::kKey && origin.key != Origin::kNone
                          ? origin.key
                          : origin.value;
    if (offset == Origin::kNone) return diag::Location::Whole(file);
    return diag::Location::At(file, offset);
  }

 private:
  std::vector<Origin> origins_;
};

}  // namespace codeless::model
