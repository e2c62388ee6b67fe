// The entitlements of a codeless dext (PRODUCT.md §4, domain.md §2):
// derived from the personalities, then merged with `dext.entitlements`.
#pragma once

#include <string_view>

#include "codeless/apple/entitlements.h"
#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"
#include "codeless/plist/value.h"

namespace codeless::emit {

using apple::kAppSandboxEntitlement;
using apple::kDriverKitEntitlement;
using apple::kHidTransportEntitlement;
using apple::kPciTransportEntitlement;
using apple::kUsbTransportEntitlement;

// Sets in `entitlements` what the dext's personalities (those for the dext)
// require:
// * com.apple.developer.driverkit and com.apple.security.app-sandbox, true;
// * USB providers: transport.usb, one {idVendor} dict per distinct vendor,
//   by vendor: Apple provisions this entitlement per vendor ID, so a USB
//   personality without a concrete idVendor (absent or "*") cannot be
//   covered and is an error (ent-transport);
// * PCI providers: transport.pci, one {IOPCIPrimaryMatch
//   "0x0000vvvv&0x0000ffff"} dict per distinct vendor, from the
//   personality's IOPCIPrimaryMatch entries (or, without it, IOPCIMatch);
//   an entry whose mask does not pin the vendor, or a personality with
//   neither key, is an error (ent-transport);
// * HID providers (IOHIDInterface, ...): transport.hid, true;
// * the family entitlement of `dext_class` (the superclass's IOClass), true,
//   when it has one; `dext_class` may be null when the superclass is
//   unknown, to report transport problems anyway.
// Nothing else is guessed: builtin, pci.bridge and user-client entitlements
// depend on facts the descriptor does not state, so they come from
// `dext.entitlements`. Returns false after reporting any error; what could
// be derived is set all the same.
bool DeriveEntitlements(const model::Descriptor& descriptor,
                        const catalog::DextClass* dext_class,
                        plist::Dict& entitlements, diag::Diagnostics& diags);

// Merges `descriptor.dext->entitlements` into `entitlements` (the derived
// ones). A key codeless does not derive is added as given. A derived key
// may be repeated with an equal value (arrays compare without regard to
// order); any other value is an error (desc-entitlement-conflict) located
// at /dext/entitlements/KEY, since the derived value is what the
// personalities need and a different one would leave a personality
// uncovered or ask Apple for more than the dext uses. Returns false after
// reporting any conflict.
bool MergeExtraEntitlements(const model::Descriptor& descriptor,
                            plist::Dict& entitlements,
                            diag::Diagnostics& diags);

}  // namespace codeless::emit
