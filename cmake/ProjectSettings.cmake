# Compiler settings shared by first-party targets only (linked PRIVATE).
add_library(codeless_settings INTERFACE)
target_compile_features(codeless_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(codeless_settings INTERFACE -Wall -Wextra -Wpedantic
  -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)
if(CODELESS_WARNINGS_AS_ERRORS)
  target_compile_options(codeless_settings INTERFACE -Werror)
endif()
