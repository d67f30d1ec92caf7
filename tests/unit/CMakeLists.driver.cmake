# Driver tests, included by tests/CMakeLists.txt: unit tests of the command-line and toolchain
# logic, and a few checks of the real asrc binary's exit codes.

add_executable(driver_tests ${CMAKE_CURRENT_LIST_DIR}/driver_cli_test.cpp)
target_link_libraries(driver_tests PRIVATE asr_driver GTest::gtest_main)
include(GoogleTest)
gtest_discover_tests(driver_tests TEST_PREFIX "driver." DISCOVERY_TIMEOUT 30)

# asrc's operator new/delete, linked into the test binary as into asrc.
find_package(Threads REQUIRED)
add_executable(driver_alloc_tests ${CMAKE_CURRENT_LIST_DIR}/driver_alloc_test.cpp
               ${PROJECT_SOURCE_DIR}/compiler/driver/alloc.cpp)
target_link_libraries(driver_alloc_tests PRIVATE GTest::gtest_main Threads::Threads)
if(ASRC_SYSTEM_ALLOCATOR)
  target_compile_definitions(driver_alloc_tests PRIVATE ASRC_SYSTEM_ALLOCATOR)
endif()
gtest_discover_tests(driver_alloc_tests TEST_PREFIX "driver." DISCOVERY_TIMEOUT 30)

# asrc_exit_test(NAME EXPECTED_EXIT [MATCH regex] ARGS...): runs `asrc ARGS...` and checks its
# exit code (and that its stdout matches the regex).
function(asrc_exit_test name expected)
  cmake_parse_arguments(PARSE_ARGV 2 T "" "MATCH" "")
  string(JOIN "|" joined ${T_UNPARSED_ARGUMENTS})
  set(match)
  if(DEFINED T_MATCH)
    set(match "-DMATCH=${T_MATCH}")
  endif()
  add_test(NAME driver.cli.${name}
           COMMAND ${CMAKE_COMMAND} -DASRC=$<TARGET_FILE:asrc> "-DARGS=${joined}"
                   -DEXPECT=${expected} ${match}
                   -P ${CMAKE_CURRENT_LIST_DIR}/driver_expect_exit.cmake)
endfunction()

asrc_exit_test(version 0 MATCH "^asrc ${PROJECT_VERSION}" --version)
asrc_exit_test(help 0 MATCH "EXAMPLES" --help)
asrc_exit_test(build_help 0 build --help)
asrc_exit_test(run_help 0 run --help)
asrc_exit_test(unknown_flag 2 --bogus)
asrc_exit_test(no_input 2)
asrc_exit_test(build_no_input 2 build)
asrc_exit_test(bad_emit 2 --emit=bogus x.asr)
asrc_exit_test(missing_input 2 /nonexistent.asr)
asrc_exit_test(build_missing_input 2 build /nonexistent.asr -o /nonexistent-out)
asrc_exit_test(run_missing_input 2 run /nonexistent.asr)
asrc_exit_test(directory_input 2 /)
asrc_exit_test(output_is_input 2 ${CMAKE_CURRENT_LIST_DIR}/driver_expect_exit.cmake
               -o ${CMAKE_CURRENT_LIST_DIR}/driver_expect_exit.cmake)
