# Helpers shared by runtime/ and stdlib/cpp: the library flavours and the build-tree SDK.
#
# ${CMAKE_BINARY_DIR}/asr-sdk/{include/asr/..., lib/libasr_core.a, lib/libasr_std.a}
# mirrors the install layout, so generated code compiles against the build tree with
# just -I<sdk>/include and links -L<sdk>/lib -lasr_std -lasr_core.
set(ASR_SDK_DIR "${CMAKE_BINARY_DIR}/asr-sdk" CACHE INTERNAL "build-tree SDK")
set(ASR_SDK_SYNC_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/AsrSdkSync.cmake" CACHE INTERNAL "")

set(ASR_SAN_ASAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer CACHE INTERNAL "")
set(ASR_SAN_TSAN_FLAGS -fsanitize=thread CACHE INTERNAL "")

# asr_sdk_headers(<target> <include dir>): symlink its headers into the SDK on every build.
function(asr_sdk_headers target include_dir)
  add_custom_target(${target} ALL
    COMMAND ${CMAKE_COMMAND} -DSRC=${include_dir} -DDEST=${ASR_SDK_DIR}/include
            -P ${ASR_SDK_SYNC_SCRIPT}
    COMMENT "Updating asr-sdk headers from ${include_dir}"
    VERBATIM)
endfunction()

# asr_runtime_library(<name> SOURCES ... [SANITIZE ASAN|TSAN]): one flavour of a runtime lib.
function(asr_runtime_library name)
  cmake_parse_arguments(A "" "SANITIZE" "SOURCES" ${ARGN})
  add_library(${name} STATIC ${A_SOURCES})
  target_compile_features(${name} PUBLIC cxx_std_20)
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_compile_options(${name} PRIVATE -O2 -g -Wall -Wextra)
  if(A_SANITIZE STREQUAL "ASAN")
    target_compile_options(${name} PUBLIC ${ASR_SAN_ASAN_FLAGS})
    target_link_options(${name} PUBLIC ${ASR_SAN_ASAN_FLAGS})
  elseif(A_SANITIZE STREQUAL "TSAN")
    target_compile_options(${name} PUBLIC ${ASR_SAN_TSAN_FLAGS})
    target_link_options(${name} PUBLIC ${ASR_SAN_TSAN_FLAGS})
  else()
    set_target_properties(${name} PROPERTIES ARCHIVE_OUTPUT_DIRECTORY "${ASR_SDK_DIR}/lib")
  endif()
endfunction()
