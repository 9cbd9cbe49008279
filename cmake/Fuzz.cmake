# The fuzz tree (-DTRIBUTARY_FUZZ=ON, clang only; tools/fuzz configures it in build-fuzz).
# Everything compiled here carries libFuzzer's coverage instrumentation and AddressSanitizer
# plus UndefinedBehaviorSanitizer, so a fuzzer sees the edges of our parsers and any memory
# error or undefined behaviour in them aborts the run with a reproducer. Only the fuzz
# executables (tests/fuzz) link libFuzzer's own main.
option(TRIBUTARY_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)

if(TRIBUTARY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TRIBUTARY_FUZZ=ON needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
