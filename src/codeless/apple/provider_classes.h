// IOKit classes that personalities name as IOProviderClass, with their
// superclasses: enough of the class hierarchy to tell whether a driver
// that attaches to one class also attaches to another, and to know a
// provider name when it is spelt right. Classes the catalog knows as
// drivers or providers are known too (catalog/); this table adds the nubs
// and the inheritance between them.
#pragma once

#include <span>
#include <string_view>

namespace codeless::apple {

struct ProviderClass {
  std::string_view name;
  std::string_view superclass;  // empty for IOService, the root
};

std::span<const ProviderClass> ProviderClasses();

// The superclass of `name` in the table; empty when `name` is IOService or
// not in the table.
std::string_view ProviderSuperclass(std::string_view name);

// Whether `name` is `ancestor` or inherits from it, as far as the table
// tells. IOService is every class's ancestor.
bool InheritsFrom(std::string_view name, std::string_view ancestor);

// Whether the table places `name` (IOService included).
bool IsKnownProviderClass(std::string_view name);

}  // namespace codeless::apple
