// Plist nodes (validate/plist_document.h) as registry values, and the
// comparison IOKit's matching makes between a personality's value and a
// device's (OSObject::isEqualTo).
#pragma once

#include "codeless/match/registry.h"
#include "codeless/validate/plist_document.h"

namespace codeless::match {

// The node as a registry value: data decoded from Base64, integers as
// their 64 bits.
Value ToValue(const validate::Node& node);

// OSObject::isEqualTo across the plist and the dump: same type and
// contents; numbers by value; OSData equals an OSString with the same
// bytes, with or without the C string's NUL (libkern OSData::isEqualTo).
// Dicts: every key of the personality's dict equal in the device's.
bool Equal(const validate::Node& personality, const Value& device);

// The value as a personality shows it, for reasons.
std::string Describe(const validate::Node& node);

}  // namespace codeless::match
