# CODELESS_SANITIZE: sanitizers for every target of the build, first-party or
# not (the library, the tests, the tools). A list of -fsanitize= names, for
# example "address;undefined", or ON for exactly that pair; OFF or empty for
# none. Findings stop the program (-fno-sanitize-recover=all), so a test that
# provokes one fails; frame pointers keep the reports' stacks whole.
# scripts/test --sanitize builds this way in build-sanitize/ (.ci/run).
set(CODELESS_SANITIZE "" CACHE STRING
  "Sanitizers to build with: a list such as address;undefined, or ON for both")
# CODELESS_BUILD_FUZZERS (clang only): the libFuzzer targets of tests/fuzz/,
# with every object instrumented for libFuzzer's coverage
# (-fsanitize=fuzzer-no-link) and, unless CODELESS_SANITIZE says otherwise,
# ASan and UBSan. tests/fuzz/README.md has the commands.
if(CODELESS_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CODELESS_BUILD_FUZZERS needs clang "
      "(-DCMAKE_CXX_COMPILER=clang++), for libFuzzer")
  endif()
  if(NOT CODELESS_SANITIZE)
    set(CODELESS_SANITIZE ON)
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(CODELESS_SANITIZE)
  if(CODELESS_SANITIZE STREQUAL "ON" OR CODELESS_SANITIZE STREQUAL "TRUE")
    set(codeless_sanitizers address undefined)
  else()
    set(codeless_sanitizers ${CODELESS_SANITIZE})
  endif()
  list(JOIN codeless_sanitizers "," codeless_sanitize_list)
  message(STATUS "codeless: sanitizers ${codeless_sanitize_list}")
  add_compile_options(-fsanitize=${codeless_sanitize_list}
    -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${codeless_sanitize_list})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC's -Wmaybe-uninitialized misfires on the instrumented code (std::variant
    # and std::vector members at -O1 with ASan); the other builds keep it.
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()
