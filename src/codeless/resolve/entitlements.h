// The entitlements of a codeless dext (PRODUCT.md §4, domain.md §2):
// derived from the personalities, then merged with `dext.entitlements`.
#pragma once

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"
#include "codeless/plist/value.h"

namespace codeless::resolve {

// Sets in `entitlements` what the dext's personalities (those for the dext)
// require, each value tagged with the origin of what asked for it:
// * com.apple.developer.driverkit and com.apple.security.app-sandbox, true;
// * the transport entitlement each provider names (apple/entitlements.h):
//   - transport.usb: one {idVendor} dict per distinct vendor, by vendor:
//     Apple provisions it per vendor ID, so a USB personality without a
//     concrete idVendor (absent or "*") cannot be covered (ent-transport);
//   - transport.pci: one {IOPCIPrimaryMatch "0x0000vvvv&0x0000ffff"} dict
//     per distinct vendor, from the personality's IOPCIPrimaryMatch entries
//     (or, without it, IOPCIMatch); an entry whose mask does not pin the
//     vendor, or a personality with neither key, is an error
//     (ent-transport);
//   - transport.hid, true;
// * the family entitlement of `dext_class` (the superclass's IOClass), true,
//   when it has one; `dext_class` may be null when the superclass is
//   unknown, to report transport problems anyway.
// Nothing else is guessed: builtin, pci.bridge and user-client entitlements
// depend on facts the descriptor does not state, so they come from
// `dext.entitlements`. What could be derived is set even after an error.
void DeriveEntitlements(const model::Descriptor& descriptor,
                        const catalog::DextClass* dext_class,
                        plist::Dict& entitlements, diag::Diagnostics& diags);

// Merges `descriptor.dext->entitlements` into `entitlements` (the derived
// ones). A key codeless does not derive is added as given. A derived key
// may be repeated with an equal value (arrays compare without regard to
// order); any other value is an error (desc-entitlement-conflict) at the
// descriptor's value, since the derived value is what the personalities
// need and a different one would leave a personality uncovered or ask Apple
// for more than the dext uses.
void MergeExtraEntitlements(const model::Descriptor& descriptor,
                            plist::Dict& entitlements,
                            diag::Diagnostics& diags);

}  // namespace codeless::resolve
