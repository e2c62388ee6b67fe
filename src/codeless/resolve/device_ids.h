// IDs that look swapped, judged with the USB and PCI ID databases codeless
// was built with (ids/): a vendor ID that no vendor holds beside a product
// or device ID that is some vendor's is most likely the two the wrong way
// round. Warnings, at the descriptor value.
#pragma once

#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"

namespace codeless::resolve {

void CheckDeviceIds(const model::Descriptor& descriptor,
                    diag::Diagnostics& diags);

}  // namespace codeless::resolve
