// The bundled catalog's tables, which tools/catalog_table generates from
// schemas/catalog.json (kext entries by class name, dext entries by
// superclass). Only catalog.cc reads them.
#pragma once

#include <cstddef>
#include <string_view>

#include "codeless/catalog/catalog.h"

namespace codeless::catalog {

extern const std::string_view kBundledCatalogVersion;
extern const KextClass kBundledKextClasses[];
extern const size_t kBundledKextClassCount;
extern const DextClass kBundledDextClasses[];
extern const size_t kBundledDextClassCount;

}  // namespace codeless::catalog
