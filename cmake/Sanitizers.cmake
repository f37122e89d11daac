# With SQUASHRUN_SANITIZE, host-side code (core, tests, tools) runs under ASan and UBSan.
function(squashrun_sanitize target)
  if(SQUASHRUN_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
