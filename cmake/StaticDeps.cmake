# Imported targets for the static archives (.a) Debian ships, used by the static runtime.
function(squashrun_static_library name)
  find_library(SQUASHRUN_STATIC_${name} NAMES lib${name}.a REQUIRED)
  add_library(static::${name} STATIC IMPORTED GLOBAL)
  set_target_properties(static::${name} PROPERTIES IMPORTED_LOCATION ${SQUASHRUN_STATIC_${name}})
endfunction()

foreach(lib squashfuse squashfuse_ll fuse3 zstd lzma z lz4 lzo2 sodium)
  squashrun_static_library(${lib})
endforeach()

# Some squashfuse functions trust what the image says (see runtime/image/checked_*.cpp): a
# copy of the archive with those definitions made weak is linked instead, so that the
# runtime's checked ones win for every caller.
set(SQUASHRUN_CHECKED_SQUASHFUSE sqfs_md_read sqfs_md_cache sqfs_data_cache sqfs_dir_next
    sqfs_dir_lookup sqfs_xattr_find sqfs_read_range sqfs_table_get)
set(squashrun_squashfuse_checked ${CMAKE_BINARY_DIR}/deps/libsquashfuse-checked.a)
set(squashrun_weaken)
foreach(symbol ${SQUASHRUN_CHECKED_SQUASHFUSE})
  list(APPEND squashrun_weaken --weaken-symbol=${symbol})
endforeach()
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/deps)
execute_process(
  COMMAND ${CMAKE_OBJCOPY} ${squashrun_weaken} ${SQUASHRUN_STATIC_squashfuse}
          ${squashrun_squashfuse_checked}
  RESULT_VARIABLE squashrun_objcopy_result)
if(NOT squashrun_objcopy_result EQUAL 0)
  message(FATAL_ERROR "cannot copy ${SQUASHRUN_STATIC_squashfuse} with objcopy")
endif()
set_target_properties(static::squashfuse PROPERTIES IMPORTED_LOCATION
                      ${squashrun_squashfuse_checked})

find_path(SQUASHRUN_SQUASHFUSE_INCLUDE squashfuse/ll.h REQUIRED)
find_path(SQUASHRUN_FUSE3_INCLUDE fuse3/fuse_lowlevel.h REQUIRED)
