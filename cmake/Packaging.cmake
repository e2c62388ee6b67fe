# `cpack -G DEB` in the build folder: a codeless_<version>_<arch>.deb of what
# `cmake --install` installs (cmake/Install.cmake), under /usr.
set(CPACK_PACKAGE_NAME codeless)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "codeless")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Generate and validate Apple codeless drivers from a JSON descriptor")
set(CPACK_PACKAGE_DESCRIPTION
  "codeless turns a JSON descriptor of a device into a codeless kext (an Info.plist \
matching the device to one of Apple's drivers) and the sources of a codeless \
DriverKit dext, and validates the matching personalities it produced and any \
Info.plist it is given. It runs in CI, from Xcode build phases and from CMake \
(find_package(codeless) and codeless_generate()).")
set(CODELESS_PACKAGE_MAINTAINER "codeless maintainers <maintainers@codeless.invalid>"
  CACHE STRING "The Maintainer field of the .deb")
set(CPACK_PACKAGE_CONTACT "${CODELESS_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
# A release package needs no debug information (the build type keeps it).
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CODELESS_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# codeless_<version>_<arch>.deb, as Debian names packages.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends from the libraries the binary links (libfmt, libstdc++, libc), as
# dpkg-shlibdeps (Debian's dpkg-dev) reads them from the installed packages.
# Without it, the same packages stated, without versions: Debian names a
# shared library's package for its soname (libfmt.so.9: libfmt9).
find_program(CODELESS_DPKG_SHLIBDEPS dpkg-shlibdeps)
find_program(CODELESS_FILE file)
if(CODELESS_DPKG_SHLIBDEPS AND CODELESS_FILE)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libgcc-s1, libstdc++6")
  get_target_property(_codeless_fmt_type fmt::fmt TYPE)
  if(_codeless_fmt_type STREQUAL "SHARED_LIBRARY")
    get_target_property(_codeless_fmt_configurations fmt::fmt IMPORTED_CONFIGURATIONS)
    list(GET _codeless_fmt_configurations 0 _codeless_fmt_configuration)
    get_target_property(_codeless_fmt_soname fmt::fmt
      IMPORTED_SONAME_${_codeless_fmt_configuration})
    if(_codeless_fmt_soname MATCHES "^libfmt\\.so\\.([0-9]+)$")
      string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libfmt${CMAKE_MATCH_1}")
    endif()
  endif()
endif()
# The zsh and bash completions are used when those shells are there.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, zsh")

include(CPack)
