// The codeless dext: the sources of an Xcode DriverKit target whose driver
// class is an empty subclass of a DriverKit class from the catalog, or, where
// the superclass's kernel proxy waits for the driver to register itself
// (catalog "registersService"), a subclass whose one method is the Start
// that calls RegisterService().
#pragma once

#include "codeless/emit/emitter.h"

namespace codeless::emit {

// Writes NAME/Info.plist, NAME/CLASS.iig, NAME/CLASS.cpp and
// NAME/NAME.entitlements.
//
// Info.plist is an Xcode source plist (CFBundleExecutable
// "$(EXECUTABLE_NAME)"). Each personality for the dext names the dext
// itself as CFBundleIdentifier, the superclass's kernel proxy as IOClass
// and its kext as CFBundleIdentifierKernel, and the generated class as
// IOUserClass; a personality's "driver" is a kext concept and is ignored.
// On IOUserResources, which every dext can match, a personality gets
// IOMatchCategory (the bundle identifier) and IOResourceMatch "IOKit"
// unless it sets them, as the loader needs both there (domain.md §1.3).
class DextEmitter final : public Emitter {
 public:
  model::Target target() const override { return model::Target::kDext; }
  bool Handles(const model::Resolved& resolved) const override {
    return resolved.dext.has_value();
  }
  bool Emit(const model::Resolved& resolved, const EmitContext& context,
            OutputSet& out, std::string& error) const override;
};

}  // namespace codeless::emit
