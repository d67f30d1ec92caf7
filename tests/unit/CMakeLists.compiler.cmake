# Unit tests of the compiler stages (diagnostics, sema, lower, emit, pipeline).
add_executable(compiler_tests ${CMAKE_CURRENT_LIST_DIR}/compiler_stages_test.cpp)
target_link_libraries(compiler_tests PRIVATE asr_driver GTest::gtest_main)
gtest_discover_tests(compiler_tests TEST_PREFIX "unit/" DISCOVERY_TIMEOUT 60)
