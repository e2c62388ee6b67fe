// What the fuzz targets share: the libFuzzer entry point's signature, and
// the checks every target makes of what a library call returned. A target
// is a file defining LLVMFuzzerTestOneInput (state it keeps between
// inputs is a function-local static, built on first use); it is linked either
// with libFuzzer (CODELESS_BUILD_FUZZERS, clang) or with replay_main.cc, which
// feeds it the committed seeds and reproducers in the normal build (tests
// fuzz.replay.*).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "codeless/diag/diagnostic.h"
#include "codeless/driver/run.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace codeless::fuzz {

inline std::string Bytes(const uint8_t* data, size_t size) {
  return size == 0 ? std::string()
                   : std::string(reinterpret_cast<const char*>(data), size);
}

// A broken invariant is a finding: it stops the run the way a sanitizer
// report does, so libFuzzer saves the input and the replay test fails.
[[noreturn]] inline void Fail(std::string_view what) {
  std::fprintf(stderr, "codeless fuzz: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

// What every command promises (PRODUCT.md §1): exit 0 or 1 for any input,
// never 70 (an unexpected exception, such as std::bad_alloc); exit 1 comes
// with at least one error, exit 0 with none.
inline void CheckExit(int exit_code, size_t errors) {
  if (exit_code == driver::kExitInternal) Fail("exit status 70 (internal)");
  if (exit_code != driver::kExitOk && exit_code != driver::kExitInvalid)
    Fail("exit status other than 0, 1");
  if (exit_code == driver::kExitInvalid && errors == 0)
    Fail("exit status 1 without an error");
  if (exit_code == driver::kExitOk && errors != 0)
    Fail("exit status 0 with an error");
}

inline size_t Errors(const std::vector<diag::Diagnostic>& diagnostics) {
  size_t errors = 0;
  for (const diag::Diagnostic& d : diagnostics)
    if (d.severity == diag::Severity::kError) ++errors;
  return errors;
}

}  // namespace codeless::fuzz
