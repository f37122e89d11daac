# With SQUASHRUN_SANITIZE, everything built (libraries, programs, tests, benchmarks) runs under
# ASan and UBSan; with SQUASHRUN_FUZZ (clang) it is also instrumented for libFuzzer's coverage.
if(SQUASHRUN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(SQUASHRUN_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
