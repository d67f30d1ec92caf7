// asr::Task: values, void, references, deep nesting (symmetric transfer), panics.
#include <gtest/gtest.h>

#include "asr/prelude.hpp"

namespace {

asr::Task<int32_t> value(int32_t v) { co_return v; }
asr::Task<int32_t> sum3() {
  int32_t a = co_await value(1);
  int32_t b = co_await value(2);
  int32_t c = co_await value(3);
  co_return a + b + c;
}
int g_side = 0;
asr::Task<void> side(int v) {
  g_side += v;
  co_return;
}
asr::Task<void> void_chain() {
  co_await side(1);
  co_await side(10);
}
asr::Task<int32_t> deep(int32_t n) {
  if (n == 0) co_return 0;
  int32_t r = co_await deep(n - 1);
  co_return r + 1;
}
asr::Task<int32_t> boom() {
  asr::panic(asr::Loc{"t.asr", 7, 9}, "boom");
  co_return 1;
}
asr::Task<int32_t> catches() {
  bool caught = false;
  try {
    (void)co_await boom();
  } catch (const asr::Panic& p) {
    caught = p.message() == asr::Str("boom") && p.loc().line == 7;
  }
  co_return caught ? 42 : 0;
}
asr::Task<void> propagates() {
  int32_t v = co_await boom();
  (void)v;
}
int32_t g_cell = 5;
asr::Task<int32_t&> ref() { co_return g_cell; }
asr::Task<asr::String> string_task() { co_return asr::String::from("moved"); }

struct Counted {
  static inline int live = 0;
  Counted() { ++live; }
  Counted(Counted&&) noexcept { ++live; }
  ~Counted() { --live; }
};
asr::Task<Counted> counted() { co_return Counted{}; }

}  // namespace

TEST(RuntimeTask, Value) { EXPECT_EQ(asr::block_on(sum3()), 6); }

TEST(RuntimeTask, Void) {
  g_side = 0;
  asr::block_on(void_chain());
  EXPECT_EQ(g_side, 11);
}

TEST(RuntimeTask, LazyUntilAwaited) {
  g_side = 0;
  {
    asr::Task<void> t = side(5);
    EXPECT_EQ(g_side, 0);
  }  // destroyed without running
  EXPECT_EQ(g_side, 0);
}

TEST(RuntimeTask, DeepNestingUsesConstantStack) {
  // 10k nested awaits: only symmetric transfer keeps this off the C++ stack.
  EXPECT_EQ(asr::block_on(deep(10000)), 10000);
#ifndef ASR_TEST_SANITIZED  // sanitizers disable the tail calls symmetric transfer relies on
  EXPECT_EQ(asr::block_on(deep(100000)), 100000);
  EXPECT_EQ(asr::block_on(deep(1000000)), 1000000);
#endif
}

TEST(RuntimeTask, PanicPropagatesToAwaiter) {
  EXPECT_EQ(asr::block_on(catches()), 42);
  try {
    asr::block_on(propagates());
    FAIL() << "expected a panic";
  } catch (const asr::Panic& p) {
    EXPECT_EQ(std::string(p.message().data(), p.message().len()), "boom");
  }
}

TEST(RuntimeTask, ReferenceAndMoveOnlyResults) {
  int32_t& r = asr::block_on(ref());
  EXPECT_EQ(&r, &g_cell);
  asr::String s = asr::block_on(string_task());
  EXPECT_TRUE(s == asr::Str("moved"));
  {
    Counted c = asr::block_on(counted());
    EXPECT_EQ(Counted::live, 1);
  }
  EXPECT_EQ(Counted::live, 0);
}

TEST(RuntimeTask, MoveOnly) {
  static_assert(!std::is_copy_constructible_v<asr::Task<int>>);
  static_assert(std::is_nothrow_move_constructible_v<asr::Task<int>>);
  asr::Task<int32_t> a = value(3);
  asr::Task<int32_t> b = std::move(a);
  EXPECT_TRUE(a.done());
  EXPECT_EQ(asr::block_on(std::move(b)), 3);
}
