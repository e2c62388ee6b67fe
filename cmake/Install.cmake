# What `cmake --install` puts under the prefix: the command, its man page and
# shell completions, and a CMake package so that a vendor's project can do
# find_package(codeless) and codeless_generate(). Nothing else: the library
# (codeless_core), its headers, the test programs and GoogleTest are build
# internals and are not installed.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS codeless EXPORT codelessTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

# The man page and completions are written in the repository (man/,
# completions/). Each is installed when it is there, so that a tree without
# one still configures.
set(_codeless_man_page "${PROJECT_SOURCE_DIR}/man/codeless.1")
if(EXISTS "${_codeless_man_page}")
  install(FILES "${_codeless_man_page}"
    DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endif()
# Where bash-completion and zsh look by default under a prefix.
set(_codeless_bash_completion "${PROJECT_SOURCE_DIR}/completions/codeless.bash")
if(EXISTS "${_codeless_bash_completion}")
  install(FILES "${_codeless_bash_completion}"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions"
    RENAME codeless)
endif()
set(_codeless_zsh_completion "${PROJECT_SOURCE_DIR}/completions/_codeless")
if(EXISTS "${_codeless_zsh_completion}")
  install(FILES "${_codeless_zsh_completion}"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/site-functions")
endif()

# The package: codeless::codeless (an imported executable) and
# codeless_generate(). Under share/: the package holds no library, so it does
# not depend on the consumer's architecture (ARCH_INDEPENDENT below).
set(CODELESS_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/codeless")
install(EXPORT codelessTargets
  NAMESPACE codeless::
  DESTINATION "${CODELESS_INSTALL_CMAKEDIR}")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/codelessConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/codelessConfig.cmake"
  INSTALL_DESTINATION "${CODELESS_INSTALL_CMAKEDIR}"
  NO_SET_AND_CHECK_MACRO)
# Before 1.0 a minor release may change the command line that
# codeless_generate() relies on, so only the same minor version matches.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_codeless_compatibility SameMinorVersion)
else()
  set(_codeless_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/codelessConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY ${_codeless_compatibility}
  ARCH_INDEPENDENT)
install(FILES
  "${PROJECT_BINARY_DIR}/codelessConfig.cmake"
  "${PROJECT_BINARY_DIR}/codelessConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/codelessGenerate.cmake"
  DESTINATION "${CODELESS_INSTALL_CMAKEDIR}")
