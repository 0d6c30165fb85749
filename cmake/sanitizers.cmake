# Sanitizer and fuzzing builds (docs/hardening.md). Included by the top-level CMakeLists.txt
# before any target is defined, so every target of the project gets the same instrumentation.
#
#   OPTISCOPE_SANITIZE="address;undefined"  AddressSanitizer + UndefinedBehaviorSanitizer
#   OPTISCOPE_SANITIZE="thread"             ThreadSanitizer
#   OPTISCOPE_FUZZ=ON                       libFuzzer harnesses in tests/fuzz/ (clang only): every
#                                           file is compiled with coverage instrumentation and
#                                           ASan + UBSan; the harnesses link libFuzzer's main.
# scripts/check-sanitizers and scripts/fuzz configure these with Debian's clang in their own
# build folders (build-asan, build-tsan, build-fuzz); the normal build uses neither.
set(OPTISCOPE_SANITIZE "" CACHE STRING
    "Sanitizers for every target: empty, \"address;undefined\" or \"thread\" (use clang)")
option(OPTISCOPE_FUZZ "Build the libFuzzer harnesses in tests/fuzz (clang, ASan + UBSan)" OFF)

# Build type "Sanitize" (the scripts use it): optimized enough for the test suite to finish,
# line tables for the reports' stacks, and assertions kept (no NDEBUG).
# project() already made an empty cache entry for a custom build type, hence FORCE when empty.
if(NOT CMAKE_CXX_FLAGS_SANITIZE)
  set(CMAKE_CXX_FLAGS_SANITIZE "-O1 -gline-tables-only" CACHE STRING
      "Flags of the Sanitize build type (scripts/check-sanitizers, scripts/fuzz)" FORCE)
endif()

set(optiscope_sanitizers ${OPTISCOPE_SANITIZE})
if(OPTISCOPE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "OPTISCOPE_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz does)")
  endif()
  list(APPEND optiscope_sanitizers address undefined)
endif()
list(REMOVE_DUPLICATES optiscope_sanitizers)
if(optiscope_sanitizers)
  if("thread" IN_LIST optiscope_sanitizers AND "address" IN_LIST optiscope_sanitizers)
    message(FATAL_ERROR "OPTISCOPE_SANITIZE: thread cannot be combined with address")
  endif()
  foreach(s IN LISTS optiscope_sanitizers)
    if(NOT s MATCHES "^(address|undefined|thread)$")
      message(FATAL_ERROR "OPTISCOPE_SANITIZE: unknown sanitizer '${s}' "
                          "(expected \"address;undefined\" or \"thread\")")
    endif()
  endforeach()
  list(JOIN optiscope_sanitizers "," optiscope_sanitize_list)
  # Frame pointers give the reports full stacks; UBSan checks stay recoverable so that
  # UBSAN_OPTIONS=halt_on_error=1 (scripts/check-sanitizers) decides whether a report stops the run.
  add_compile_options(-fsanitize=${optiscope_sanitize_list} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${optiscope_sanitize_list})
  if(OPTISCOPE_FUZZ)
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
endif()
