# Runtime unit tests (GoogleTest): runtime_tests against asr_std/asr_core, and the same
# sources against the ASan+UBSan and TSan builds of the libraries (ASR_SANITIZE_RUNTIME).
# Included by tests/CMakeLists.txt.
set(ASR_RUNTIME_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/runtime_blocking_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_debug_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_fmt_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_frame_arena_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_int_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_num_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_panic_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_reactor_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_scheduler_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_sort_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_sync_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_task_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_task_tree_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_time_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/runtime_work_stealing_test.cpp
)

include(GoogleTest)

function(asr_runtime_test_exe name std_lib core_lib)
  add_executable(${name} ${ASR_RUNTIME_TEST_SOURCES})
  if(NOT name STREQUAL "runtime_tests")
    target_compile_definitions(${name} PRIVATE ASR_TEST_SANITIZED=1)
  endif()
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(${name} PRIVATE ${std_lib} ${core_lib} GTest::gtest_main)
  # One ctest entry per executable (the suite is fast; per-test discovery would fork a lot).
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES LABELS "unit;runtime" TIMEOUT 300
                       ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1;TSAN_OPTIONS=halt_on_error=1")
endfunction()

asr_runtime_test_exe(runtime_tests asr_std asr_core)
if(ASR_SANITIZE_RUNTIME)
  asr_runtime_test_exe(runtime_tests_asan asr_std_asan asr_core_asan)
  asr_runtime_test_exe(runtime_tests_tsan asr_std_tsan asr_core_tsan)
endif()
