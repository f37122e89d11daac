# Injected into the bare build's configure (CMAKE_PROJECT_INCLUDE_BEFORE): any search for
# libappimage is an error, as if it were not installed, so a search outside
# SQUASHRUN_BUILD_TESTS fails this test even on a machine that has it. GoogleTest and Google
# Benchmark are kept out by CMAKE_DISABLE_FIND_PACKAGE_<name>.
function(squashrun_refuse_libappimage command)
  if("${ARGN}" MATCHES "(^|;)(lib)?appimage([./;]|$)")
    string(REPLACE ";" " " call "${ARGN}")
    message(FATAL_ERROR "the bare build looked for libappimage: ${command}(${call})")
  endif()
endfunction()

# Macros, not functions: the originals set their result in the caller's scope.
macro(find_library)
  squashrun_refuse_libappimage(find_library ${ARGN})
  _find_library(${ARGN})
endmacro()

macro(find_path)
  squashrun_refuse_libappimage(find_path ${ARGN})
  _find_path(${ARGN})
endmacro()
