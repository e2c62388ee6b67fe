# codeless_generate(): `codeless generate` as a build step of a CMake project.
#
#   codeless_generate(TARGET <name> DESCRIPTOR <file.json> OUTPUT_DIR <dir>
#                     [TARGETS kext dext] [EXCLUDE_FROM_ALL])
#
# Adds a custom target <name> (part of `all` unless EXCLUDE_FROM_ALL) that
# depends on one custom command, whose OUTPUT is exactly the set of files
# `codeless generate` writes for the descriptor. DESCRIPTOR is relative to
# CMAKE_CURRENT_SOURCE_DIR, OUTPUT_DIR to CMAKE_CURRENT_BINARY_DIR. TARGETS
# picks the kext, the dext or both (the default: every target whose section
# the descriptor has, `--target all`).
#
# How the outputs are known: at configure time this runs
# `codeless generate --check --format json`, which writes nothing and lists
# what a real run would write ("written") and leave alone ("unchanged"). The
# descriptor and the codeless binary are configure dependencies, so an edit
# that renames an output (a new dext class, say) re-runs CMake and the list
# follows it.
#
# When it reruns: the build-time command writes a depfile (DEPFILE), so it
# reruns when the descriptor, anything the depfile names, or the codeless
# binary changes, and never otherwise. codeless rewrites only the files whose
# bytes change and removes the ones it wrote before and no longer produces, so
# touching the descriptor reruns the command but rebuilds nothing downstream.
#
# The target's CODELESS_OUTPUTS property holds the absolute paths of the
# outputs and CODELESS_OUTPUT_DIR the output folder, for rules that use them.
#
# Descriptor strings may use $(VAR): they are expanded from the environment,
# at configure time as at build time, so both must have the variable.

include_guard(GLOBAL)

# Policies as this file was written for, whatever the caller's: functions
# keep the settings of their definition. CMP0116: depfile paths are relative
# to the current binary folder (ours are absolute anyway).
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

function(codeless_generate)
  cmake_parse_arguments(PARSE_ARGV 0 arg "EXCLUDE_FROM_ALL"
    "TARGET;DESCRIPTOR;OUTPUT_DIR" "TARGETS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "codeless_generate: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR
      "codeless_generate: ${arg_KEYWORDS_MISSING_VALUES} needs a value")
  endif()
  foreach(required IN ITEMS TARGET DESCRIPTOR OUTPUT_DIR)
    if(NOT DEFINED arg_${required})
      message(FATAL_ERROR "codeless_generate: ${required} is required")
    endif()
  endforeach()

  # TARGETS kext dext -> --target kext|dext|all.
  set(which all)
  if(DEFINED arg_TARGETS)
    list(REMOVE_DUPLICATES arg_TARGETS)
    foreach(kind IN LISTS arg_TARGETS)
      if(NOT kind MATCHES "^(kext|dext)$")
        message(FATAL_ERROR
          "codeless_generate: TARGETS takes kext and/or dext, not '${kind}'")
      endif()
    endforeach()
    list(LENGTH arg_TARGETS count)
    if(count EQUAL 1)
      set(which "${arg_TARGETS}")
    endif()
  endif()

  # The outputs are read by running codeless now, so it must be a binary
  # that exists at configure time: find_package(codeless)'s imported one.
  if(NOT TARGET codeless::codeless)
    message(FATAL_ERROR "codeless_generate: there is no codeless::codeless; "
      "call find_package(codeless REQUIRED) first")
  endif()
  get_target_property(imported codeless::codeless IMPORTED)
  if(NOT imported)
    message(FATAL_ERROR "codeless_generate: codeless::codeless must be the "
      "imported executable of find_package(codeless), which can run at "
      "configure time")
  endif()
  get_target_property(codeless codeless::codeless LOCATION)

  cmake_path(ABSOLUTE_PATH arg_DESCRIPTOR
    BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
    OUTPUT_VARIABLE descriptor)
  cmake_path(ABSOLUTE_PATH arg_OUTPUT_DIR
    BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE
    OUTPUT_VARIABLE output_dir)
  # codeless joins DIR and the relative path as given: no trailing slash, so
  # that the paths it reports are the ones written here.
  string(REGEX REPLACE "(.)/+$" "\\1" output_dir "${output_dir}")
  if(NOT EXISTS "${descriptor}")
    message(FATAL_ERROR "codeless_generate: no descriptor ${descriptor}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    "${descriptor}" "${codeless}")

  set(generate generate "${descriptor}" -o "${output_dir}" --target ${which})
  execute_process(
    COMMAND "${codeless}" ${generate} --check --format json
    WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
    RESULT_VARIABLE status
    OUTPUT_VARIABLE report
    ERROR_VARIABLE errors_text)
  # 0: up to date, 1: stale or errors; anything else is not a report.
  string(JSON error_count ERROR_VARIABLE json_error GET "${report}" errors)
  if(NOT status MATCHES "^[01]$" OR json_error)
    string(JOIN " " shown ${generate})
    message(FATAL_ERROR "codeless_generate: `${codeless} ${shown} --check "
      "--format json` gave no report (exit ${status}); codeless_generate "
      "needs a codeless whose generate has --check, --format json and "
      "--depfile.\n${errors_text}${report}")
  endif()

  # Errors other than output-stale (which only says the outputs are not
  # written yet, or are out of date: the build will write them) stop here.
  set(refusals 0)
  string(JSON count LENGTH "${report}" diagnostics)
  if(count GREATER 0)
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      string(JSON rule GET "${report}" diagnostics ${i} rule)
      string(JSON severity GET "${report}" diagnostics ${i} severity)
      if(severity STREQUAL "error" AND NOT rule STREQUAL "output-stale")
        math(EXPR refusals "${refusals} + 1")
      endif()
    endforeach()
  endif()
  if(refusals GREATER 0)
    # The errors as codeless prints them: PATH:LINE:COL: error: MESSAGE [rule].
    set(shown "")
    foreach(i RANGE ${last})
      string(JSON d GET "${report}" diagnostics ${i})
      string(JSON rule GET "${d}" rule)
      if(rule STREQUAL "output-stale")
        continue()
      endif()
      set(place "codeless")
      string(JSON path ERROR_VARIABLE missing GET "${d}" path)
      if(NOT missing AND NOT path STREQUAL "null" AND NOT path STREQUAL "")
        set(place "${path}")
        string(JSON line ERROR_VARIABLE missing GET "${d}" line)
        string(JSON column ERROR_VARIABLE missing_column GET "${d}" column)
        if(NOT missing AND NOT line STREQUAL "null" AND NOT line STREQUAL "")
          string(APPEND place ":${line}:${column}")
        endif()
      endif()
      string(JSON severity GET "${d}" severity)
      string(JSON text GET "${d}" message)
      string(JSON rule GET "${d}" rule)
      # Indented: CMake does not rewrap indented lines.
      string(APPEND shown "  ${place}: ${severity}: ${text} [${rule}]\n")
    endforeach()
    message(FATAL_ERROR "codeless_generate(${arg_TARGET}): codeless "
      "generate refuses ${descriptor}:\n${shown}")
  endif()

  set(outputs "")
  foreach(member IN ITEMS written unchanged)
    string(JSON count ERROR_VARIABLE json_error LENGTH "${report}" ${member})
    if(json_error)
      message(FATAL_ERROR "codeless_generate: the report of `${codeless} "
        "generate --check --format json` has no '${member}' list: "
        "${json_error}")
    endif()
    if(count GREATER 0)
      math(EXPR last "${count} - 1")
      foreach(i RANGE ${last})
        string(JSON path GET "${report}" ${member} ${i})
        list(APPEND outputs "${path}")
      endforeach()
    endif()
  endforeach()
  if(NOT outputs)
    message(FATAL_ERROR "codeless_generate(${arg_TARGET}): codeless would "
      "write nothing for ${descriptor} (--target ${which})")
  endif()
  list(SORT outputs)

  # The depfile names every output, and Ninja refuses a depfile that names an
  # output the edge no longer declares. So its name follows the set of
  # outputs: when an edit changes that set, the command starts from no depfile
  # (and reruns, as it must) instead of failing on the previous one.
  string(SHA256 outputs_hash "${outputs}")
  string(SUBSTRING "${outputs_hash}" 0 16 outputs_hash)
  set(depfile
    "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${arg_TARGET}.codeless/${outputs_hash}.d")
  get_filename_component(depfile_dir "${depfile}" DIRECTORY)
  file(MAKE_DIRECTORY "${depfile_dir}")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND codeless::codeless ${generate} --depfile "${depfile}"
    DEPENDS "${descriptor}" codeless::codeless
    DEPFILE "${depfile}"
    WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}"
    COMMENT "codeless: generating ${arg_TARGET} from ${arg_DESCRIPTOR}"
    VERBATIM)
  set(all ALL)
  if(arg_EXCLUDE_FROM_ALL)
    set(all "")
  endif()
  add_custom_target(${arg_TARGET} ${all} DEPENDS ${outputs})
  set_target_properties(${arg_TARGET} PROPERTIES
    CODELESS_OUTPUTS "${outputs}"
    CODELESS_OUTPUT_DIR "${output_dir}")
endfunction()

cmake_policy(POP)
