// Fuzz target: `codeless import` of one Info.plist, in memory, with its
// round trip (the descriptor regenerated, validated and compared).
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "support/in_memory_file_system.h"

namespace codeless::fuzz {
namespace {

void Import(std::string text) {
  base::InMemoryFileSystem file_system;
  file_system.files["/in/Info.plist"] = std::move(text);
  driver::Options options;
  options.command = driver::Command::kImport;
  options.paths.emplace_back("/in/Info.plist");
  driver::RunResult result = driver::Run(options, file_system);
  CheckExit(result.exit_code, Errors(result.diagnostics));
  if (result.exit_code == driver::kExitOk && result.standard_output.empty())
    Fail("import succeeded and printed no descriptor");
}

}  // namespace
}  // namespace codeless::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  codeless::fuzz::Import(codeless::fuzz::Bytes(data, size));
  return 0;
}
