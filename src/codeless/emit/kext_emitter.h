// The codeless kext: NAME.kext/Contents/Info.plist and nothing else.
#pragma once

#include "codeless/emit/emitter.h"

namespace codeless::emit {

class KextEmitter final : public Emitter {
 public:
  model::Target target() const override { return model::Target::kKext; }
  bool Handles(const model::Descriptor& descriptor) const override {
    return descriptor.kext.has_value();
  }
  // Each personality names the Apple kext that defines its IOClass (from
  // the catalog, or the driver's explicit bundle) as CFBundleIdentifier.
  bool Emit(const model::Descriptor& descriptor, const EmitContext& context,
            OutputSet& out, diag::Diagnostics& diags) const override;
};

}  // namespace codeless::emit
