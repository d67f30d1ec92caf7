// asr::Task: values, void, references, deep nesting (symmetric transfer, the eager-call
// stack budget), panics; the eager-start contract.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "asr/prelude.hpp"
#include "asr/task_tree.hpp"

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

TEST(RuntimeTask, Value) { EXPECT_EQ(asr::block_on(sum3), 6); }

TEST(RuntimeTask, Void) {
  g_side = 0;
  asr::block_on(void_chain);
  EXPECT_EQ(g_side, 11);
}

TEST(RuntimeTask, EagerCallRunsAtOnceWithoutScheduler) {
  // No scheduler exists here: a call that suspended would abort ("a task suspended outside
  // of the ASR runtime"), so these ran to their end inside the calls.
  g_side = 0;
  {
    asr::Task<void> t = side(5);
    EXPECT_EQ(g_side, 5);
    EXPECT_TRUE(t.done());
  }
  asr::Task<int32_t> t = sum3();
  ASSERT_TRUE(t.done());
  EXPECT_EQ(t.result(), 6);
  asr::Task<int32_t> p = boom();  // the panic is kept for the awaiter
  ASSERT_TRUE(p.done());
  EXPECT_THROW(p.result(), asr::Panic);
}

TEST(RuntimeTask, DeepNestingUsesConstantStack) {
  // 10k nested awaits: only symmetric transfer keeps this off the C++ stack.
  EXPECT_EQ(asr::block_on([] { return deep(10000); }), 10000);
#ifndef ASR_TEST_SANITIZED  // sanitizers disable the tail calls symmetric transfer relies on
  EXPECT_EQ(asr::block_on([] { return deep(100000); }), 100000);
  EXPECT_EQ(asr::block_on([] { return deep(1000000); }), 1000000);
#endif
}

TEST(RuntimeTask, PanicPropagatesToAwaiter) {
  EXPECT_EQ(asr::block_on(catches), 42);
  try {
    asr::block_on(propagates);
    FAIL() << "expected a panic";
  } catch (const asr::Panic& p) {
    EXPECT_EQ(std::string(p.message().data(), p.message().len()), "boom");
  }
}

TEST(RuntimeTask, ReferenceAndMoveOnlyResults) {
  int32_t& r = asr::block_on(ref);
  EXPECT_EQ(&r, &g_cell);
  asr::String s = asr::block_on(string_task);
  EXPECT_TRUE(s == asr::Str("moved"));
  {
    Counted c = asr::block_on(counted);
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
  EXPECT_TRUE(b.done());  // eager: value(3) ended when called
  EXPECT_EQ(b.result(), 3);
}

// ---- the eager-start contract, inside the scheduler

namespace {

std::vector<std::string> g_log;

asr::Task<int32_t> yields_then(int32_t v) {
  g_log.push_back("callee before");
  co_await asr::task::yield_now();
  g_log.push_back("callee after");
  co_return v;
}
asr::Task<int32_t> awaits_suspending_callee() {
  g_log.push_back("caller");
  int32_t v = co_await yields_then(7);
  g_log.push_back("caller resumed");
  co_return v * 2;
}
asr::Task<int32_t> boom_after_yield() {
  co_await asr::task::yield_now();
  asr::panic(asr::Loc{"t.asr", 8, 1}, "late boom");
  co_return 1;
}
asr::Task<std::string> catches_both() {
  std::string r;
  try {
    (void)co_await boom();  // panics in the call, before any suspension
  } catch (const asr::Panic& p) {
    r += std::string(p.message().data(), p.message().len());
  }
  try {
    (void)co_await boom_after_yield();  // panics when resumed by the scheduler
  } catch (const asr::Panic& p) {
    r += "+" + std::string(p.message().data(), p.message().len());
  }
  co_return r;
}
// Every level suspends once (a yield) before its nested call.
asr::Task<int32_t> deep_yielding(int32_t n) {
  co_await asr::task::yield_now();
  if (n == 0) co_return 0;
  int32_t r = co_await deep_yielding(n - 1);
  co_return r + 1;
}
// Every level suspends once after its nested call returned.
asr::Task<int32_t> deep_yielding_up(int32_t n) {
  if (n == 0) co_return 0;
  int32_t r = co_await deep_yielding_up(n - 1);
  co_await asr::task::yield_now();
  co_return r + 1;
}

}  // namespace

TEST(RuntimeTask, SuspendingCalleeResumesItsCaller) {
  g_log.clear();
  EXPECT_EQ(asr::block_on(awaits_suspending_callee), 14);
  // The callee ran in the call, up to its suspension; the caller went on after it ended.
  EXPECT_EQ(g_log, (std::vector<std::string>{"caller", "callee before", "callee after",
                                              "caller resumed"}));
}

TEST(RuntimeTask, PanicsBeforeAndAfterTheFirstSuspensionReachTheAwaiter) {
  EXPECT_EQ(asr::block_on(catches_both), "boom+late boom");
  try {
    asr::block_on(boom_after_yield);
    FAIL() << "expected a panic";
  } catch (const asr::Panic& p) {
    EXPECT_EQ(std::string(p.message().data(), p.message().len()), "late boom");
  }
}

TEST(RuntimeTask, DeepChainsThatSuspendRunInConstantStack) {
#ifndef ASR_TEST_SANITIZED
  const int32_t n = 1000000;
#else
  const int32_t n = 10000;  // no tail calls under sanitizers: the way back up uses stack
#endif
  EXPECT_EQ(asr::block_on([n] { return deep_yielding(n); }), n);
  EXPECT_EQ(asr::block_on([n] { return deep_yielding_up(n); }), n);
}

TEST(RuntimeTask, StackBudgetDefersWithoutLettingOtherTasksRun) {
  // A chain deep enough to spend the eager-call stack budget several times starts some of
  // its calls lazily, from the scheduler; no other task runs in between.
#ifndef ASR_TEST_SANITIZED
  const int32_t n = 300000;
#else
  const int32_t n = 10000;
#endif
  g_log.clear();
  auto body = [n]() -> asr::Task<int32_t> {
    int32_t r = co_await asr::task::scope([n](asr::task::Scope& s) -> asr::Task<int32_t> {
      (void)s.spawn([] { g_log.push_back("child"); });
      int32_t d = co_await deep(n);
      g_log.push_back("deep done");
      co_await asr::task::yield_now();
      co_return d;
    });
    co_return r;
  };
  std::uint64_t before = asr::rt::deferred_starts();
  auto root = asr::rt::root(body);  // on one worker: the order below is its guarantee
  asr::rt::run_to_completion(root.handle(), false, 0, 1);
  EXPECT_EQ(root.result(), n);
  EXPECT_GE(asr::rt::deferred_starts() - before, 2u);  // the budget was spent, twice at least
  EXPECT_EQ(g_log, (std::vector<std::string>{"deep done", "child"}));
  EXPECT_EQ(asr::rt::t_deferred_start, nullptr);
  EXPECT_EQ(asr::rt::t_eager_stack_limit, 0u);
}

TEST(RuntimeTask, SpawnedChildFirstRunsWhenItsParentNextSuspends) {
  g_log.clear();
  auto body = []() -> asr::Task<void> {
    co_await asr::task::scope([](asr::task::Scope& s) -> asr::Task<void> {
      auto h = s.spawn([]() -> asr::Task<int32_t> {
        g_log.push_back("child starts");
        int32_t v = co_await value(3);  // completes at once: no suspension
        g_log.push_back("child ends");
        co_return v;
      });
      g_log.push_back("parent after spawn");
      int32_t v = co_await sum3();  // the parent's own calls complete without suspending
      g_log.push_back("parent after call " + std::to_string(v));
      int32_t c = co_await h.join();  // the parent's first suspension
      g_log.push_back("joined " + std::to_string(c));
      co_return;
    });
  };
  asr::block_on(body);
  EXPECT_EQ(g_log, (std::vector<std::string>{"parent after spawn", "parent after call 6",
                                              "child starts", "child ends", "joined 3"}));
}
