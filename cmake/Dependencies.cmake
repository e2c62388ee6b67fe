# Every dependency comes from the system's packages (Debian's, or Homebrew's
# on a Mac) through find_package; nothing is downloaded. When one is missing,
# configuration stops with the exact command that installs it.
#
# Two builds differ from a plain find_package of everything:
#
# * CODELESS_LIBCXX (clang with -stdlib=libc++ on a system whose C++ libraries
#   are built against libstdc++, as Debian's are): libfmt.so and libgtest.a
#   cannot be linked into a libc++ program (their std::string is another
#   type), so fmt is used header-only (fmt::fmt-header-only, from the same
#   package) and GoogleTest is compiled here, with libc++, from the sources
#   Debian ships in /usr/src/googletest (package googletest). pugixml stays
#   Debian's library: the tests call only its char-pointer API, which has no
#   standard-library type in it, and never its XPath (the only part that
#   throws), so its libstdc++ inside does not meet ours. On macOS everything
#   Homebrew installs is already built against libc++: the option is off.
# * valijson (tests only) may come from headers extracted from Debian's
#   package instead of the installed package, whose dependencies are every
#   adapter's library (Qt 5, Poco, ...): scripts/setup.sh --tests extracts
#   them and passes -DCODELESS_VALIJSON_ROOT=<dir> (README, "Development").

if(APPLE)
  set(_codeless_all_packages "cmake ninja nlohmann-json fmt cli11 valijson pugixml "
    "googletest usb.ids python")
else()
  set(_codeless_all_packages "scripts/setup.sh --tests (or: sudo apt-get install "
    "cmake ninja-build g++ nlohmann-json3-dev libfmt-dev libcli11-dev usb.ids pci.ids "
    "libgtest-dev libpugixml-dev libxml2-utils python3 python3-yaml)")
endif()
string(CONCAT _codeless_all_packages ${_codeless_all_packages})

function(codeless_missing package debian_package homebrew_formula)
  if(APPLE)
    set(install "brew install ${homebrew_formula}")
  else()
    set(install "sudo apt-get install ${debian_package}")
  endif()
  message(FATAL_ERROR
    "codeless needs ${package}, which was not found.\n"
    "Install it with:\n  ${install}\n"
    "(everything the build and its tests need: ${_codeless_all_packages})")
endfunction()

function(codeless_require package debian_package homebrew_formula)
  find_package(${package} ${ARGN} CONFIG QUIET)
  if(NOT ${package}_FOUND)
    codeless_missing(${package} ${debian_package} ${homebrew_formula})
  endif()
endfunction()

# -stdlib=libc++ in CMAKE_CXX_FLAGS turns the libc++ build on by itself;
# -DCODELESS_LIBCXX=ON adds the flag.
set(_codeless_libcxx_default OFF)
if(NOT APPLE AND CMAKE_CXX_FLAGS MATCHES "-stdlib=libc\\+\\+")
  set(_codeless_libcxx_default ON)
endif()
option(CODELESS_LIBCXX
  "Build with clang's libc++ where the system's C++ libraries use libstdc++ (header-only fmt, GoogleTest from /usr/src/googletest)"
  ${_codeless_libcxx_default})
unset(_codeless_libcxx_default)
if(CODELESS_LIBCXX)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CODELESS_LIBCXX needs clang (-DCMAKE_CXX_COMPILER=clang++), "
      "not ${CMAKE_CXX_COMPILER_ID}.")
  endif()
  if(NOT CMAKE_CXX_FLAGS MATCHES "-stdlib=libc\\+\\+")
    # Everything, GoogleTest included, must be built with the same library.
    add_compile_options(-stdlib=libc++)
    add_link_options(-stdlib=libc++)
  endif()
endif()

codeless_require(nlohmann_json nlohmann-json3-dev nlohmann-json)
codeless_require(fmt libfmt-dev fmt)
codeless_require(CLI11 libcli11-dev cli11)
# The fmt target the code links (src/CMakeLists.txt).
if(CODELESS_LIBCXX)
  set(CODELESS_FMT_TARGET fmt::fmt-header-only)
else()
  set(CODELESS_FMT_TARGET fmt::fmt)
endif()

if(CODELESS_BUILD_TESTS)
  if(CODELESS_LIBCXX)
    set(CODELESS_GTEST_SOURCE_DIR /usr/src/googletest CACHE PATH
      "GoogleTest's sources, built with libc++ when CODELESS_LIBCXX is on")
    if(NOT EXISTS "${CODELESS_GTEST_SOURCE_DIR}/CMakeLists.txt")
      message(FATAL_ERROR
        "CODELESS_LIBCXX builds GoogleTest from its sources, which were not found "
        "in ${CODELESS_GTEST_SOURCE_DIR}.\n"
        "Install them with:\n  sudo apt-get install googletest\n"
        "or pass -DCODELESS_GTEST_SOURCE_DIR=/path/to/googletest.")
    endif()
    # Built, never installed with codeless; SYSTEM so that the project's
    # warnings (as errors) do not apply to GoogleTest's headers.
    set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    add_subdirectory("${CODELESS_GTEST_SOURCE_DIR}"
      "${PROJECT_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL SYSTEM)
  else()
    codeless_require(GTest libgtest-dev googletest)
  endif()
  # The tests' independent oracles: of the validator's kernel-grammar XML
  # reader, and of its plist schema interpreter (and of the descriptor
  # schema that editors get against the reader).
  codeless_require(pugixml libpugixml-dev pugixml)
  set(CODELESS_VALIJSON_ROOT "" CACHE PATH
    "A folder with Debian's libvalijson-dev extracted in it (dpkg -x), searched before the installed package")
  if(CODELESS_VALIJSON_ROOT)
    find_package(valijson CONFIG QUIET
      PATHS "${CODELESS_VALIJSON_ROOT}/usr" NO_DEFAULT_PATH)
  endif()
  if(NOT valijson_FOUND)
    find_package(valijson CONFIG QUIET)
  endif()
  if(NOT valijson_FOUND)
    if(APPLE)
      codeless_missing(valijson libvalijson-dev valijson)
    else()
      message(FATAL_ERROR
        "codeless's tests need valijson's headers, which were not found.\n"
        "Get them with scripts/setup.sh --tests (it extracts Debian's "
        "libvalijson-dev without its dependencies, see README), or install "
        "the package: sudo apt-get install libvalijson-dev")
    endif()
  endif()
endif()
