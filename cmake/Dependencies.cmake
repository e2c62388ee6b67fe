# Every dependency comes from Debian's packages. When one is missing,
# configuration stops with the exact command that installs it.
function(codeless_require package debian_package)
  find_package(${package} ${ARGN} CONFIG QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR
      "codeless needs ${package}, which was not found.\n"
      "Install it with:\n"
      "  sudo apt-get install ${debian_package}\n"
      "(all of them: sudo apt-get install cmake g++ nlohmann-json3-dev libfmt-dev "
      "libpugixml-dev libcli11-dev libvalijson-dev libgtest-dev libxml2-utils python3 "
      "usb.ids pci.ids)")
  endif()
endfunction()

codeless_require(nlohmann_json nlohmann-json3-dev)
codeless_require(fmt libfmt-dev)
codeless_require(CLI11 libcli11-dev)
if(CODELESS_BUILD_TESTS)
  codeless_require(GTest libgtest-dev)
  # The tests' independent oracles: of the validator's kernel-grammar XML
  # reader, and of its plist schema interpreter (and of the descriptor
  # schema that editors get against the reader).
  codeless_require(pugixml libpugixml-dev)
  codeless_require(valijson libvalijson-dev)
endif()
