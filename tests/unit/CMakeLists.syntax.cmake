# Unit tests of the syntax stage (lexer, parser, AST builder). Included by tests/CMakeLists.txt.
include(GoogleTest)
add_executable(syntax_tests
  ${CMAKE_CURRENT_LIST_DIR}/syntax_lexer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/syntax_parser_test.cpp)
target_link_libraries(syntax_tests PRIVATE asr_syntax GTest::gtest_main)
gtest_discover_tests(syntax_tests DISCOVERY_TIMEOUT 60)
