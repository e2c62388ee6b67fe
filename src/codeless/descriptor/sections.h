// The readers of the descriptor's sections (PRODUCT.md §2): the top-level
// object, "bundle", "kext", "dext" and the driver references they share
// with personalities. Each reads one JSON value into the model, reporting
// at the offending key or value.
#pragma once

#include <optional>

#include "codeless/descriptor/value_reader.h"
#include "codeless/model/descriptor.h"

namespace codeless::descriptor {

// The whole document; checks across sections (a target section must exist,
// a dext needs bundle.usageDescription, ...) are made once all are read.
void ReadDescriptor(ValueReader& reader, const JsonToken& root,
                    model::Descriptor& descriptor);

// Returns the members "bundle" had, or nullopt when it is no object.
std::optional<MemberSet> ReadBundle(ValueReader& reader, const JsonToken& token,
                                    model::Bundle& bundle);
model::KextSection ReadKext(ValueReader& reader, const JsonToken& token);
model::DextSection ReadDext(ValueReader& reader, const JsonToken& token);
// "driver": a class name, or {"class", "bundle"}.
std::optional<model::DriverRef> ReadDriver(ValueReader& reader,
                                           const JsonToken& token);
// A CFBundleVersion (bundle.version): Apple's kext version grammar.
void CheckVersion(ValueReader& reader, const JsonToken& token,
                  std::string_view version);

}  // namespace codeless::descriptor
