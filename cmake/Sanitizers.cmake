# With SQUASHRUN_SANITIZE, host-side code (core, tests, tools) runs under ASan and UBSan;
# with SQUASHRUN_FUZZ (clang) it is also instrumented for libFuzzer's coverage.
function(squashrun_sanitize target)
  if(SQUASHRUN_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(SQUASHRUN_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()
