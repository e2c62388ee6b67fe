// An emitter turns the model into the files of one target.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/emit/output_set.h"
#include "codeless/model/descriptor.h"

namespace codeless::emit {

struct EmitContext {
  const catalog::Catalog& catalog;
  // The descriptor's file name without directories, for "generated from"
  // banners (never an absolute path, so output does not depend on where
  // the tool ran).
  std::string descriptor_name;
};

class Emitter {
 public:
  virtual ~Emitter() = default;
  virtual model::Target target() const = 0;
  // Whether the descriptor has this target's section.
  virtual bool Handles(const model::Descriptor& descriptor) const = 0;
  // Adds this target's files to `out`. Problems in the descriptor that only
  // this target cares about (an unknown driver class, a superclass that
  // needs code) are reported located in the descriptor. Returns false on
  // any error, after reporting all it found.
  virtual bool Emit(const model::Descriptor& descriptor,
                    const EmitContext& context, OutputSet& out,
                    diag::Diagnostics& diags) const = 0;
};

// The kext and dext emitters, in that order: the one place that lists them.
std::vector<std::unique_ptr<Emitter>> BuiltinEmitters();

}  // namespace codeless::emit
