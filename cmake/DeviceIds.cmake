# The USB and PCI name databases (usb.ids, pci.ids) compiled into the binary
# (codeless/ids/). Finds the two files, builds the generator
# (tools/ids_table/ids_table.cc) and provides codeless_device_ids_table(),
# which adds the command that turns them into C++.
#
# CODELESS_USB_IDS and CODELESS_PCI_IDS are cache variables: pass
# -DCODELESS_USB_IDS=/path/to/usb.ids (or edit the cache) to use other copies.

# Debian's packages install to /usr/share/misc; Fedora's and Arch's hwdata to
# /usr/share/hwdata; Homebrew's usb.ids formula to <prefix>/share/misc.
set(_codeless_ids_dirs /usr/share/misc /usr/share/hwdata /usr/share)
if(DEFINED ENV{HOMEBREW_PREFIX})
  list(APPEND _codeless_ids_dirs "$ENV{HOMEBREW_PREFIX}/share/misc"
    "$ENV{HOMEBREW_PREFIX}/share/hwdata")
endif()
list(APPEND _codeless_ids_dirs
  /opt/homebrew/share/misc /opt/homebrew/share/hwdata
  /usr/local/share/misc /usr/local/share/hwdata
  /opt/local/share/misc /opt/local/share/hwdata)

find_file(CODELESS_USB_IDS usb.ids PATHS ${_codeless_ids_dirs} NO_DEFAULT_PATH
  DOC "The usb.ids file whose vendor and product names codeless embeds")
find_file(CODELESS_PCI_IDS pci.ids PATHS ${_codeless_ids_dirs} NO_DEFAULT_PATH
  DOC "The pci.ids file whose vendor and device names codeless embeds")
unset(_codeless_ids_dirs)

foreach(_codeless_ids IN ITEMS USB PCI)
  set(_codeless_ids_file "${CODELESS_${_codeless_ids}_IDS}")
  if(NOT _codeless_ids_file OR NOT EXISTS "${_codeless_ids_file}")
    string(TOLOWER "${_codeless_ids}" _codeless_ids_name)
    set(_codeless_ids_where "")
    if(_codeless_ids_file)  # given, but not there
      set(_codeless_ids_where " at ${_codeless_ids_file}")
    endif()
    message(FATAL_ERROR
      "codeless needs ${_codeless_ids_name}.ids, which was not found"
      "${_codeless_ids_where}.\n"
      "Install it with:\n"
      "  sudo apt-get install usb.ids pci.ids\n"
      "or point CMake at a copy with "
      "-DCODELESS_${_codeless_ids}_IDS=/path/to/${_codeless_ids_name}.ids "
      "(on macOS: brew install usb.ids; pci.ids has no Homebrew formula, "
      "take it from a Linux system or https://pci-ids.ucw.cz/).")
  endif()
endforeach()
unset(_codeless_ids)
unset(_codeless_ids_file)
unset(_codeless_ids_name)
unset(_codeless_ids_where)

# The generator runs on the build machine, at build time; it is plain C++
# with no dependencies, built with the project's compiler. (A cross build runs
# it through CMAKE_CROSSCOMPILING_EMULATOR, as CMake does for every target
# used as a custom command.)
add_executable(codeless_ids_table
  "${PROJECT_SOURCE_DIR}/tools/ids_table/ids_table.cc")
target_link_libraries(codeless_ids_table PRIVATE codeless_settings)

# codeless_device_ids_table(OUTPUT file.cc) adds the command that writes the
# name tables (src/codeless/ids/device_ids_data.h declares them) to OUTPUT.
# Call it in the directory of the target that compiles OUTPUT.
function(codeless_device_ids_table)
  cmake_parse_arguments(ARG "" "OUTPUT" "" ${ARGN})
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND codeless_ids_table "${CODELESS_USB_IDS}" "${CODELESS_PCI_IDS}"
            "${ARG_OUTPUT}"
    DEPENDS codeless_ids_table "${CODELESS_USB_IDS}" "${CODELESS_PCI_IDS}"
    COMMENT "Generating the USB and PCI name tables"
    VERBATIM)
endfunction()
