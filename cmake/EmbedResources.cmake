# codeless_embed_resources(OUTPUT file.cc BASE dir FILES a b ...) writes a
# C++ source that holds each file's bytes, so the binary needs no data files.
# Names are paths relative to BASE ("schemas/catalog.json").
function(codeless_embed_resources)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE" "FILES" ${ARGN})
  set(inputs "")
  foreach(file IN LISTS ARG_FILES)
    list(APPEND inputs "${ARG_BASE}/${file}")
  endforeach()
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND "${CMAKE_COMMAND}" -DOUTPUT=${ARG_OUTPUT} -DBASE=${ARG_BASE}
            "-DFILES=${ARG_FILES}" -P "${PROJECT_SOURCE_DIR}/cmake/WriteResources.cmake"
    DEPENDS ${inputs} "${PROJECT_SOURCE_DIR}/cmake/WriteResources.cmake"
    COMMENT "Embedding templates and schemas"
    VERBATIM)
endfunction()
