# Project-wide compile flags. Applied through an interface target so third-party
# code (gtest, vmime headers) is not held to our warning level.
add_library(tributary_flags INTERFACE)
target_compile_options(tributary_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-qual -Wformat=2 -Wimplicit-fallthrough)
target_compile_definitions(tributary_flags INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_NO_FOREACH)
if(TRIBUTARY_WERROR)
  target_compile_options(tributary_flags INTERFACE -Werror)
endif()
if(TRIBUTARY_SANITIZE)
  # -O1: what the AddressSanitizer documentation recommends for usable speed; it also
  # compiles in about two thirds of -O2's time (the sanitizer tree is built in every CI run).
  target_compile_options(tributary_flags INTERFACE -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(tributary_flags INTERFACE -fsanitize=address,undefined)
  # GCC 12 at -O2 with ASan instrumentation reports std::variant moves of Qt
  # types (our Result<T>) as "may be used uninitialized"; GCC's manual warns
  # that sanitizers make this flow analysis unreliable. The plain build keeps
  # the warning as an error, so real cases are still caught there.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(tributary_flags INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()
