// Fuzz targets: each reader of `codeless match`'s device dumps, chosen at
// compile time by CODELESS_FUZZ_DUMP_READER (ReadIoregText, ReadIoregXml,
// ReadSystemProfilerJson, ...). A reader returns a registry or reports an
// error, never both wrong: nullopt exactly when it reported one.
#include <cstdint>
#include <string>

#include "codeless/match/dump.h"
#include "fuzz_support.h"

#ifndef CODELESS_FUZZ_DUMP_READER
#error "define CODELESS_FUZZ_DUMP_READER to a reader of codeless/match/dump.h"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace codeless;
  diag::SourceFile file("/in/dump", fuzz::Bytes(data, size));
  diag::Diagnostics diags;
  auto registry = match::CODELESS_FUZZ_DUMP_READER(file, diags);
  if (!registry && !diags.has_errors())
    fuzz::Fail("the reader failed without an error");
  if (registry && diags.has_errors())
    fuzz::Fail("the reader reported an error and returned a registry");
  return 0;
}
