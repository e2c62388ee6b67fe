# CTest ids.generator: runs tools/ids_table on the handcrafted databases of
# this folder and compares what it writes, and its warnings, with expected/
# byte for byte; checks that a second run gives the same bytes, that the
# failures exit with their status, and that the output for a database
# without products compiles. With CODELESS_UPDATE_GOLDENS=1 in the
# environment it rewrites expected/ instead (review the diff).
#
# cmake -DIDS_TABLE=path/to/codeless_ids_table -DWORK=scratch/dir
#       -DCXX=c++ -DINCLUDE=path/to/src -P check_ids_table.cmake
cmake_minimum_required(VERSION 3.25)
set(here "${CMAKE_CURRENT_LIST_DIR}")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
find_program(DIFF diff)

# Runs the generator in this folder (so warnings name the inputs as given
# here); its stderr goes to WORK/NAME.stderr.
function(run_generator name expected_status)
  execute_process(COMMAND "${IDS_TABLE}" ${ARGN}
    WORKING_DIRECTORY "${here}"
    RESULT_VARIABLE status ERROR_VARIABLE errors)
  file(WRITE "${WORK}/${name}.stderr" "${errors}")
  if(NOT status STREQUAL "${expected_status}")
    message(SEND_ERROR "${name}: exit status ${status}, expected "
      "${expected_status}; stderr:\n${errors}")
  endif()
endfunction()

function(expect_same_file actual expected)
  if(DEFINED ENV{CODELESS_UPDATE_GOLDENS})
    file(COPY_FILE "${actual}" "${expected}")
    return()
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files
    "${actual}" "${expected}" RESULT_VARIABLE different)
  if(different)
    if(DIFF)  # straight to the test's output, unwrapped
      execute_process(COMMAND "${DIFF}" -u "${expected}" "${actual}")
    endif()
    message(SEND_ERROR "${actual} differs from ${expected}")
  endif()
endfunction()

run_generator(snippets 0 usb.ids pci.ids "${WORK}/snippets_data.cc")
expect_same_file("${WORK}/snippets_data.cc" "${here}/expected/snippets_data.cc")
expect_same_file("${WORK}/snippets.stderr" "${here}/expected/snippets.stderr")
run_generator(again 0 usb.ids pci.ids "${WORK}/again_data.cc")
expect_same_file("${WORK}/again_data.cc" "${WORK}/snippets_data.cc")

# One vendor, no products, no Version or Date line, used for both buses.
run_generator(minimal 0 minimal.ids minimal.ids "${WORK}/minimal_data.cc")
expect_same_file("${WORK}/minimal_data.cc" "${here}/expected/minimal_data.cc")
execute_process(COMMAND "${CXX}" -std=c++20 -fsyntax-only -Wall -Wextra
    -Wpedantic -Wconversion -Werror "-I${INCLUDE}" "${WORK}/minimal_data.cc"
  RESULT_VARIABLE status ERROR_VARIABLE errors)
if(status)
  message(SEND_ERROR "minimal_data.cc does not compile:\n${errors}")
endif()

# Failures: usage, an unreadable input, an input with no vendor line. None
# leaves an output behind.
run_generator(usage 2 usb.ids pci.ids)
run_generator(missing 1 minimal.ids no-such.ids "${WORK}/missing_data.cc")
run_generator(no_vendors 1 minimal.ids no-vendors.ids "${WORK}/no_vendors_data.cc")
file(WRITE "${WORK}/failures.stderr" "")
foreach(name IN ITEMS usage missing no_vendors)
  file(READ "${WORK}/${name}.stderr" errors)
  file(APPEND "${WORK}/failures.stderr" "${errors}")
endforeach()
expect_same_file("${WORK}/failures.stderr" "${here}/expected/failures.stderr")
foreach(name IN ITEMS missing no_vendors)
  if(EXISTS "${WORK}/${name}_data.cc" OR EXISTS "${WORK}/${name}_data.cc.tmp")
    message(SEND_ERROR "${name}: the failed run left ${name}_data.cc")
  endif()
endforeach()
