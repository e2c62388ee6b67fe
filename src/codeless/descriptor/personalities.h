// The reader of "personalities" (PRODUCT.md §2-§3): each personality's
// members, its matching keys (match_values.h) and the checks across them.
#pragma once

#include "codeless/descriptor/value_reader.h"
#include "codeless/model/descriptor.h"

namespace codeless::descriptor {

// Reads the array into `descriptor.personalities`, leaving out any
// personality with an error (reported). Names must be unique.
void ReadPersonalities(ValueReader& reader, const JsonToken& token,
                       model::Descriptor& descriptor);

}  // namespace codeless::descriptor
