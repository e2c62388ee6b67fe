// Fuzz target: a descriptor through `generate`, in memory (driver::Run on
// an InMemoryFileSystem), which reads, resolves, emits and validates what it
// emitted. Then what it wrote must pass `validate` without an error.
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "support/in_memory_file_system.h"

namespace codeless::fuzz {
namespace {

constexpr const char* kDescriptor = "/in/driver.json";
constexpr const char* kOut = "/out";

void Generate(std::string text) {
  base::InMemoryFileSystem file_system;
  file_system.files[kDescriptor] = std::move(text);
  driver::Options options;
  options.command = driver::Command::kGenerate;
  options.descriptor_path = kDescriptor;
  options.output_dir = kOut;
  driver::RunResult result = driver::Run(options, file_system);
  CheckExit(result.exit_code, Errors(result.diagnostics));
  if (result.exit_code != driver::kExitOk) {
    // Nothing written on exit 1 (PRODUCT.md §1).
    if (file_system.files.size() != 1) Fail("generate wrote on exit 1");
    return;
  }
  if (result.written.empty()) Fail("generate succeeded and wrote nothing");
  // What generate wrote, judged by validate as a user would.
  driver::Options again;
  again.command = driver::Command::kValidate;
  again.paths.emplace_back(kOut);
  driver::RunResult validated = driver::Run(again, file_system);
  CheckExit(validated.exit_code, Errors(validated.diagnostics));
  if (validated.exit_code != driver::kExitOk) {
    std::fprintf(stderr, "%s", validated.standard_error.c_str());
    Fail("validate rejects what generate wrote");
  }
}

}  // namespace
}  // namespace codeless::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  codeless::fuzz::Generate(codeless::fuzz::Bytes(data, size));
  return 0;
}
