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

# GCC 12 reports its own AVX-512 intrinsics (`__m512 __Y = __Y;` in avx512fintrin.h) as
# -Wmaybe-uninitialized wherever Eigen's AVX-512 kernels are inlined: about 3,500 reports a build,
# none about our code (GCC PR 105593, fixed in GCC 13). Without precompiled headers a
# `#pragma GCC diagnostic` around <immintrin.h> silences exactly those lines, but GCC 12 does not
# keep pragmas in a precompiled header, so for that one compiler, with AVX-512 and precompiled
# headers, this one warning is off. Without precompiled headers every C++ file force-includes
# cmake/pch/quiet_avx512_intrinsics.h instead, which keeps the warning on for our own lines.
# The package build (x86-64-v3, no AVX-512) needs neither.
function(optiscope_gcc12_avx512_noise out)
  set(${out} OFF PARENT_SCOPE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 13)
    return()
  endif()
  include(CheckCXXSourceCompiles)
  get_directory_property(options DIRECTORY ${PROJECT_SOURCE_DIR} COMPILE_OPTIONS)
  list(FILTER options INCLUDE REGEX "^-march=")
  set(CMAKE_REQUIRED_FLAGS "${options}")
  check_cxx_source_compiles("#ifndef __AVX512F__\n#error no AVX-512\n#endif\nint main() {}"
                            OPTISCOPE_TARGET_HAS_AVX512)
  set(${out} ${OPTISCOPE_TARGET_HAS_AVX512} PARENT_SCOPE)
endfunction()

# Call once, at the end of the top-level CMakeLists.txt (after every add_subdirectory).
function(optiscope_precompile_headers)
  set(pch_dir ${PROJECT_SOURCE_DIR}/cmake/pch)
  optiscope_gcc12_avx512_noise(noise)
  if(NOT OPTISCOPE_PCH)
    if(noise)
      optiscope_targets_below(${PROJECT_SOURCE_DIR} targets)
      foreach(target IN LISTS targets)
        get_target_property(type ${target} TYPE)
        if(type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$")
          target_compile_options(${target} PRIVATE
                                 "SHELL:-include ${pch_dir}/quiet_avx512_intrinsics.h")
        endif()
      endforeach()
    endif()
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
    if(noise AND type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$")
      target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
    endif()
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
