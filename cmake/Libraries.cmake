# squashrun_library(name SOURCES...): a static library of the project, compiled once with
# per-function sections so the static programs keep only what they use. Its headers are
# included as "<folder>/..." through squashrun_public_headers.
function(squashrun_library name)
  add_library(${name} STATIC ${ARGN})
  target_compile_options(${name} PRIVATE -ffunction-sections -fdata-sections)
  squashrun_warnings(${name})
endfunction()

# squashrun_static_program(target): links `target` statically, as shipped; with
# SQUASHRUN_SANITIZE dynamically instead, to run on the build host only.
function(squashrun_static_program target)
  if(NOT SQUASHRUN_SANITIZE)
    target_link_options(${target} PRIVATE -static -Wl,--gc-sections)
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
endfunction()
