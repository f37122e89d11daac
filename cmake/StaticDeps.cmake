# Imported targets for the static archives (.a) Debian ships, used by the static runtime.
function(squashrun_static_library name)
  find_library(SQUASHRUN_STATIC_${name} NAMES lib${name}.a REQUIRED)
  add_library(static::${name} STATIC IMPORTED GLOBAL)
  set_target_properties(static::${name} PROPERTIES IMPORTED_LOCATION ${SQUASHRUN_STATIC_${name}})
endfunction()

foreach(lib squashfuse squashfuse_ll fuse3 zstd lzma z lz4 lzo2 sodium)
  squashrun_static_library(${lib})
endforeach()

find_path(SQUASHRUN_SQUASHFUSE_INCLUDE squashfuse/ll.h REQUIRED)
find_path(SQUASHRUN_FUSE3_INCLUDE fuse3/fuse_lowlevel.h REQUIRED)
