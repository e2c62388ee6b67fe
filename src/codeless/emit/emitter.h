// An emitter turns the resolved model into the files of one target. It only
// builds bytes: every check on the descriptor is the reader's or the
// resolve stage's, so an emitter can fail only through a bug.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/emit/output_set.h"
#include "codeless/model/resolved.h"

namespace codeless::emit {

struct EmitContext {
  // The descriptor's file name without directories, for "generated from"
  // banners (never an absolute path, so output does not depend on where
  // the tool ran).
  std::string descriptor_name;
  // The output directory as the user gave it ("." for none): build
  // settings name the generated files by paths relative to where Xcode
  // runs codeless, the project directory.
  std::string output_dir = ".";
};

class Emitter {
 public:
  virtual ~Emitter() = default;
  virtual model::Target target() const = 0;
  // Whether the resolved descriptor has this target.
  virtual bool Handles(const model::Resolved& resolved) const = 0;
  // Adds this target's files to `out`. Returns false with `error` set only
  // on a bug in codeless (a template that does not render, a path taken).
  virtual bool Emit(const model::Resolved& resolved, const EmitContext& context,
                    OutputSet& out, std::string& error) const = 0;
};

// The kext and dext emitters, in that order: the one place that lists them.
std::vector<std::unique_ptr<Emitter>> BuiltinEmitters();

}  // namespace codeless::emit
