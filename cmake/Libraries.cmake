# squashrun_library(name SOURCES...): a static library of the project, compiled once with
# per-function sections so the static programs keep only what they use. Its headers are
# included as "<folder>/..." through squashrun_public_headers. With SQUASHRUN_SANITIZE the
# library is instrumented for host-side code, and the static programs (which cannot link
# the sanitizer runtimes) get an uninstrumented twin, name_static; otherwise name_static is
# an alias of name.
function(squashrun_library name)
  add_library(${name} STATIC ${ARGN})
  target_compile_options(${name} PRIVATE -ffunction-sections -fdata-sections)
  squashrun_warnings(${name})
  if(SQUASHRUN_SANITIZE)
    squashrun_sanitize(${name})
    add_library(${name}_static STATIC ${ARGN})
    target_compile_options(${name}_static PRIVATE -ffunction-sections -fdata-sections)
    squashrun_warnings(${name}_static)
  else()
    add_library(${name}_static ALIAS ${name})
  endif()
endfunction()

# squashrun_link(name [PUBLIC|PRIVATE] deps...): links name and its twin alike; project
# libraries among deps are linked as their twins in the twin.
function(squashrun_link name)
  target_link_libraries(${name} ${ARGN})
  if(SQUASHRUN_SANITIZE)
    set(twin_deps)
    foreach(dep ${ARGN})
      if(dep MATCHES "^squashrun_")
        list(APPEND twin_deps ${dep}_static)
      else()
        list(APPEND twin_deps ${dep})
      endif()
    endforeach()
    target_link_libraries(${name}_static ${twin_deps})
  endif()
endfunction()

# squashrun_public_headers(name folder): code linking `name` includes "folder/...", and
# nothing else of the source tree: the folder is reached through a link in the build tree,
# so the repository root is no include directory.
function(squashrun_public_headers name folder)
  set(root ${PROJECT_BINARY_DIR}/headers/${folder})
  if(NOT EXISTS ${root}/${folder})
    file(MAKE_DIRECTORY ${root})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${root}/${folder} SYMBOLIC)
  endif()
  target_include_directories(${name} PUBLIC ${root})
  if(SQUASHRUN_SANITIZE)
    target_include_directories(${name}_static PUBLIC ${root})
  endif()
endfunction()
