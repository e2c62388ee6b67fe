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
# dpkg-shlibdeps reads them from the installed packages.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The zsh and bash completions are used when those shells are there.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, zsh")

include(CPack)
