// The codeless kext: NAME.kext/Contents/Info.plist and nothing else.
#pragma once

#include "codeless/emit/emitter.h"

namespace codeless::emit {

// Each personality names the Apple kext that defines its IOClass as its
// CFBundleIdentifier (model::KextPersonality). The Info.plist streams
// straight into the output buffer.
class KextEmitter final : public Emitter {
 public:
  model::Target target() const override { return model::Target::kKext; }
  bool Handles(const model::Resolved& resolved) const override {
    return resolved.kext.has_value();
  }
  bool Emit(const model::Resolved& resolved, const EmitContext& context,
            OutputSet& out, std::string& error) const override;
};

}  // namespace codeless::emit
