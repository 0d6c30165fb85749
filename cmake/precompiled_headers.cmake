# Precompiled headers: the standard library, Eigen, nlohmann::json (and Qt, GoogleTest, Qt Test)
# are parsed once per build instead of once per source file. Three host targets compile them, one
# per kind of compile flags (GCC refuses a precompiled header made with other -fPIC/-m options or
# other definitions that its headers read, such as GoogleTest's GTEST_HAS_PTHREAD):
#   optiscope_pch_engine   cmake/pch/engine_pch.h   non-Qt targets (engine, CLI, bench)
#   optiscope_pch_test     cmake/pch/test_pch.h     GoogleTest executables
#   optiscope_pch_ui       cmake/pch/ui_pch.h       targets linking Qt, Qt Test ones included
# (Qt Test defines QT_TESTCASE_SOURCEDIR as each target's own folder, so a Qt Test header cannot
# be precompiled once for all of them.)
# and every other target of the project reuses one (REUSE_FROM), chosen by what it links, so a
# new target or source file needs nothing here. -Winvalid-pch (added by CMake) plus -Werror in CI catch a mismatch.
# OPTISCOPE_PCH=OFF builds without them (e.g. to check that every file includes what it uses).
option(OPTISCOPE_PCH "Precompile the standard library, Eigen, json and Qt headers" ON)

# All build-system targets defined in `dir` and below.
function(optiscope_targets_below dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    optiscope_targets_below(${sub} below)
    list(APPEND targets ${below})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# The precompiled-header host for `target`, from what it links directly.
function(optiscope_pch_host target out)
  get_target_property(links ${target} LINK_LIBRARIES)
  set(qt OFF)
  set(test OFF)
  foreach(lib IN LISTS links)
    if(lib MATCHES "^Qt6::" OR lib STREQUAL "optiscope_ui")
      set(qt ON)
    endif()
    if(lib MATCHES "^GTest::" OR lib STREQUAL "Qt6::Test")
      set(test ON)
    endif()
  endforeach()
  if(qt)
    set(host optiscope_pch_ui)
  elseif(test)
    set(host optiscope_pch_test)
  else()
    set(host optiscope_pch_engine)
  endif()
  set(${out} ${host} PARENT_SCOPE)
endfunction()

# Call once, at the end of the top-level CMakeLists.txt (after every add_subdirectory).
function(optiscope_precompile_headers)
  set(pch_dir ${PROJECT_SOURCE_DIR}/cmake/pch)
  if(NOT OPTISCOPE_PCH)
    return()
  endif()
  add_library(optiscope_pch_engine STATIC ${pch_dir}/pch_host.cpp)
  target_link_libraries(optiscope_pch_engine PRIVATE Eigen3::Eigen nlohmann_json::nlohmann_json)
  target_precompile_headers(optiscope_pch_engine PRIVATE ${pch_dir}/engine_pch.h)
  if(OPTISCOPE_BUILD_TESTS)
    find_package(GTest REQUIRED)  # imported targets are per directory
    add_library(optiscope_pch_test STATIC ${pch_dir}/pch_host.cpp)
    target_link_libraries(optiscope_pch_test PRIVATE Eigen3::Eigen nlohmann_json::nlohmann_json
                          GTest::gtest)
    target_precompile_headers(optiscope_pch_test PRIVATE ${pch_dir}/test_pch.h)
  endif()
  if(OPTISCOPE_BUILD_UI)
    find_package(Qt6 REQUIRED COMPONENTS Widgets Charts)
    add_library(optiscope_pch_ui STATIC ${pch_dir}/pch_host.cpp)
    target_link_libraries(optiscope_pch_ui PRIVATE Eigen3::Eigen nlohmann_json::nlohmann_json
                          Qt6::Widgets Qt6::Charts)
    target_precompile_headers(optiscope_pch_ui PRIVATE ${pch_dir}/ui_pch.h)
  endif()
  optiscope_targets_below(${PROJECT_SOURCE_DIR} targets)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(target MATCHES "^optiscope_pch_")
      continue()
    endif()
    if(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$")
      continue()
    endif()
    get_target_property(own ${target} PRECOMPILE_HEADERS)
    if(own)
      continue()
    endif()
    optiscope_pch_host(${target} host)
    if(TARGET ${host})
      target_precompile_headers(${target} REUSE_FROM ${host})
    endif()
  endforeach()
endfunction()
