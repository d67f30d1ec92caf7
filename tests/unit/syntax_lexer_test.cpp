#include <gtest/gtest.h>
#include "syntax/syntax.hpp"
TEST(SyntaxLexer, Placeholder) { SUCCEED(); }
