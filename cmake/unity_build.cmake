# Unity builds: each target's sources are compiled in batches of up to 8 files per compiler run,
# so the standard library, Eigen, nlohmann::json, GoogleTest and Qt headers are parsed, and their
# templates instantiated, once per batch instead of once per file. On the 2-core reference machine
# this halves the CPU time of a cold build (docs/design.md, "Build time"). ccache stays optional.
#
# A batch is one translation unit, so names with internal linkage (anonymous namespaces, `static`
# functions, namespace-scope constants) must be unique within a target. Where two files still
# define the same such name, one of them is compiled on its own: optiscope_unity_skip() below,
# whose lists scripts/unity-collisions prints. OPTISCOPE_UNITY=OFF builds one file per run.
option(OPTISCOPE_UNITY "Compile each target's sources in batches (unity build)" ON)
if(OPTISCOPE_UNITY)
  set(CMAKE_UNITY_BUILD ON)
  set(CMAKE_UNITY_BUILD_BATCH_SIZE 8)
endif()

# optiscope_unity_skip(<file>...): compile these files (relative to the current source folder)
# on their own, outside the batches.
function(optiscope_unity_skip)
  foreach(file IN LISTS ARGN)
    if(NOT EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${file})
      message(FATAL_ERROR "optiscope_unity_skip: ${CMAKE_CURRENT_SOURCE_DIR}/${file} does not exist")
    endif()
  endforeach()
  set_source_files_properties(${ARGN} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
                              PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()
