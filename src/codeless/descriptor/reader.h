// Reads a descriptor (PRODUCT.md §2-§3) into the model.
#pragma once

#include <memory>
#include <optional>

#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"

namespace codeless::descriptor {

// The pass of the bundled JSON Schema over a descriptor, which Read starts
// on another thread so that the pipeline goes on meanwhile. It only
// confirms what the reader checked (the two must agree), so its verdict is
// needed before anything is written, not before emitting.
class PendingSchemaCheck {
 public:
  PendingSchemaCheck();
  ~PendingSchemaCheck();  // waits for the pass if it still runs
  PendingSchemaCheck(PendingSchemaCheck&&) noexcept;
  PendingSchemaCheck& operator=(PendingSchemaCheck&&) noexcept;

  // Waits for the pass, reports each violation (desc-schema) located in the
  // descriptor, and returns false if there was any. True when nothing was
  // started.
  bool Finish(diag::Diagnostics& diags);

 private:
  friend std::optional<model::Descriptor> Read(diag::SourceFile& file,
                                               diag::Diagnostics& diags,
                                               PendingSchemaCheck* schema);
  struct State;
  std::unique_ptr<State> state_;
};

// Parses and checks `file`. Every problem is reported, located at the
// offending key or value, up to the diagnostics' error limit; the result is
// nullopt if there was any error. Checks that need the catalog (driver and
// superclass names) are left to the emitters. `file` must outlive the model
// and `schema`. With `schema`, the schema pass is left running there for the
// caller to Finish; without, Read finishes it before returning.
std::optional<model::Descriptor> Read(diag::SourceFile& file,
                                      diag::Diagnostics& diags,
                                      PendingSchemaCheck* schema = nullptr);

}  // namespace codeless::descriptor
