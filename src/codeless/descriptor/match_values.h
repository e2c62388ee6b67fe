// The values of a personality's "match" object (PRODUCT.md §3): each IOKit
// matching key's value checked against its kind and range
// (apple/matching_keys.h) and turned into its plist form, including the
// PCI shorthands that codeless composes into IOPCI*Match strings.
#pragma once

#include <optional>

#include "codeless/apple/matching_keys.h"
#include "codeless/descriptor/value_reader.h"
#include "codeless/plist/value.h"

namespace codeless::descriptor {

// The plist value of matching key `key`, whose JSON value starts at
// `token` (the reader's path names the key). Reports what is wrong and
// returns nullopt then; the value is consumed either way.
std::optional<plist::Value> ReadMatchValue(ValueReader& reader,
                                           const apple::MatchingKey& key,
                                           const JsonToken& token);

}  // namespace codeless::descriptor
