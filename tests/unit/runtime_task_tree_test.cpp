// Structured concurrency (asr/task_tree.hpp): scopes, spawn/join/cancel, supervisor, join,
// race, timeout, cancel_scope, shield; cancellation checkpoints, ordering on one worker,
// virtual time. Most tests run on the virtual clock (ASR_SEED mode), so "an hour" is free
// and elapsed times are exact.
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "asr/prelude.hpp"
#include "asr/task_tree.hpp"

using asr::Cancelled;
using asr::Panic;
using asr::Task;
using asr::Unit;
using asr::task::CancelToken;
using asr::task::JoinHandle;
using asr::task::Scope;
using asr::time::Duration;
using asr::time::Instant;

namespace {

constexpr Duration ms(uint64_t n) { return Duration::from_millis(n); }
const Duration kHour = Duration::from_secs(3600);

// Runs f() (returning a Task) as the root task: a Task starts when called, so the root is
// a lazy rt::RootTask that calls f inside the scheduler.
template <class F>
auto run(F f, bool virtual_clock = true, uint64_t seed = 0) {
  auto root = asr::rt::root(std::move(f));
  asr::rt::run_to_completion(root.handle(), virtual_clock, seed);
  return root.result();
}

uint64_t elapsed_ms(Instant start) { return uint64_t(start.elapsed().as_millis()); }

std::string msg(const Panic& p) { return std::string(p.message().data(), p.message().len()); }

[[noreturn]] void boom(const char* m) { asr::panic(asr::Loc{"tree.asr", 3, 5}, asr::Str(m, std::strlen(m))); }

std::vector<std::string> g_log;

// Logs its destruction (RAII in a task's frame or in a closure's captures).
struct Guard {
  std::string name;
  explicit Guard(std::string n) : name(std::move(n)) {}
  Guard(Guard&& o) noexcept : name(std::move(o.name)) { o.name.clear(); }
  ~Guard() {
    if (!name.empty()) g_log.push_back("drop " + name);
  }
};

// Counts live instances (destructors run exactly once).
struct Counted {
  static inline int live = 0;
  static inline int made = 0;
  Counted() { ++live, ++made; }
  Counted(const Counted&) { ++live, ++made; }
  Counted(Counted&&) noexcept { ++live, ++made; }
  ~Counted() { --live; }
};

Task<int> sleep_then(Duration d, int v) {
  co_await asr::task::sleep(d);
  co_return v;
}

Task<void> sleep_log(Duration d, std::string name) {
  Guard g(name);
  co_await asr::task::sleep(d);
  g_log.push_back(name + " woke");
}

}  // namespace

// ---- scope and spawn

TEST(RuntimeTaskTree, ScopeWaitsForEveryChild) {
  g_log.clear();
  auto body = []() -> Task<int> {
    Instant start = Instant::now();
    int r = co_await asr::task::scope([&](Scope& s) -> Task<int> {
      (void)s.spawn([] { return sleep_log(ms(30), "c"); });  // dropped: detached
      (void)s.spawn([] { return sleep_log(ms(10), "a"); });
      auto h = s.spawn([] { return sleep_log(ms(20), "b"); });
      co_return 7;  // the body ends first
    });
    g_log.push_back("scope returned after " + std::to_string(elapsed_ms(start)));
    co_return r;
  };
  EXPECT_EQ(run(body), 7);
  EXPECT_EQ(g_log, (std::vector<std::string>{"a woke", "drop a", "b woke", "drop b", "c woke",
                                             "drop c", "scope returned after 30"}));
}

TEST(RuntimeTaskTree, ChildrenBorrowFromTheParentFrame) {
  auto body = []() -> Task<int64_t> {
    std::vector<int64_t> parts(8, 0);  // in the caller's frame, written by the children
    std::string prefix = "x";
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int i = 0; i < 8; ++i) {
        (void)s.spawn([&parts, &prefix, i]() -> Task<void> {
          co_await asr::task::sleep(ms(uint64_t(8 - i)));
          parts[size_t(i)] = int64_t(i) * 10 + int64_t(prefix.size());
        });
      }
      co_return;
    });
    int64_t sum = 0;
    for (int64_t p : parts) sum += p;
    co_return sum;
  };
  EXPECT_EQ(run(body), 280 + 8);
}

TEST(RuntimeTaskTree, JoinReturnsTheChildsValue) {
  auto body = []() -> Task<int> {
    co_return co_await asr::task::scope([](Scope& s) -> Task<int> {
      auto a = s.spawn([] { return sleep_then(ms(5), 41); });
      auto b = s.spawn([] { return 100; });  // a closure that never suspends
      int va = co_await a.join();
      int vb = co_await b.join();
      co_return va + 1 + vb;
    });
  };
  EXPECT_EQ(run(body), 142);
}

TEST(RuntimeTaskTree, VoidChildrenJoinAsUnit) {
  auto body = []() -> Task<Unit> {
    co_return co_await asr::task::scope([](Scope& s) -> Task<Unit> {
      JoinHandle<Unit> h = s.spawn([]() -> Task<void> { co_await asr::task::yield_now(); });
      co_return co_await h.join();
    });
  };
  EXPECT_EQ(run(body), Unit{});
}

TEST(RuntimeTaskTree, JoinRethrowsTheChildsPanicAndTheScopeReraisesIt) {
  bool caught_in_body = false;
  auto body = [&]() -> Task<int> {
    co_return co_await asr::task::scope([&](Scope& s) -> Task<int> {
      auto h = s.spawn([]() -> Task<int> {
        co_await asr::task::sleep(ms(1));
        boom("child failed");
      });
      try {
        (void)co_await h.join();
      } catch (const Panic& p) {
        caught_in_body = msg(p) == "child failed";
      }
      co_return 1;
    });
  };
  try {
    run(body);
    FAIL() << "the scope must re-raise the child's panic";
  } catch (const Panic& p) {
    EXPECT_EQ(msg(p), "child failed");
  }
  EXPECT_TRUE(caught_in_body);
}

TEST(RuntimeTaskTree, FirstPanicCancelsSiblingsAndBodyThenIsReraised) {
  g_log.clear();
  auto body = []() -> Task<int> {
    Instant start = Instant::now();
    try {
      co_await asr::task::scope([](Scope& s) -> Task<void> {
        (void)s.spawn([] { return sleep_log(kHour, "sibling"); });
        (void)s.spawn([]() -> Task<void> {
          co_await asr::task::sleep(ms(10));
          boom("first");
        });
        Guard g("body");
        co_await asr::task::sleep(kHour);
        g_log.push_back("body woke");  // never: cancelled
      });
    } catch (const Panic& p) {
      g_log.push_back("caught " + msg(p));
    }
    co_return int(elapsed_ms(start));
  };
  EXPECT_EQ(run(body), 10);  // the hour-long sleeps were cancelled, not waited for
  ASSERT_EQ(g_log.size(), 3u);
  EXPECT_EQ(g_log.back(), "caught first");
  // The body and the sibling unwound (both are woken by the same cancellation).
  EXPECT_NE(std::find(g_log.begin(), g_log.end(), "drop body"), g_log.end());
  EXPECT_NE(std::find(g_log.begin(), g_log.end(), "drop sibling"), g_log.end());
}

TEST(RuntimeTaskTree, LaterPanicsAreReportedAsSuppressed) {
  auto body = []() -> Task<void> {
    co_await asr::task::scope([](Scope& s) -> Task<void> {
      (void)s.spawn([]() -> Task<void> {
        co_await asr::task::sleep(ms(10));
        boom("first");
      });
      (void)s.spawn([]() -> Task<void> {
        // Its clean-up is shielded and panics after the first panic.
        co_await asr::task::shield([]() -> Task<void> {
          co_await asr::task::sleep(ms(20));
          boom("second");
        });
      });
      co_return;
    });
  };
  testing::internal::CaptureStderr();
  std::string first;
  try {
    run(body);
  } catch (const Panic& p) {
    first = msg(p);
  }
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(first, "first");
  EXPECT_NE(err.find("note: panic suppressed by an earlier panic in the same scope: second "
                     "(at tree.asr:3:5)\n"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find("suppressed by an earlier panic in the same scope: first"), std::string::npos);
}

TEST(RuntimeTaskTree, PanicInTheBodyCancelsChildrenAndWaitsForThem) {
  g_log.clear();
  auto body = []() -> Task<void> {
    co_await asr::task::scope([](Scope& s) -> Task<void> {
      (void)s.spawn([] { return sleep_log(kHour, "child"); });
      co_await asr::task::yield_now();  // the child starts and parks
      boom("body");
    });
  };
  try {
    run(body);
    FAIL();
  } catch (const Panic& p) {
    EXPECT_EQ(msg(p), "body");
  }
  EXPECT_EQ(g_log, (std::vector<std::string>{"drop child"}));
}

// ---- supervisor, try_join

TEST(RuntimeTaskTree, SupervisorKeepsChildPanicsLocal) {
  g_log.clear();
  auto body = []() -> Task<std::string> {
    co_return co_await asr::task::supervisor([](Scope& s) -> Task<std::string> {
      auto bad = s.spawn([]() -> Task<int> {
        co_await asr::task::sleep(ms(1));
        boom("supervised");
      });
      (void)s.spawn([]() -> Task<int> {  // a detached panicking child: dropped with it
        co_await asr::task::sleep(ms(2));
        boom("detached");
      });
      auto good = s.spawn([] { return sleep_then(ms(10), 5); });  // not cancelled
      co_await asr::task::sleep(ms(5));  // the body is not cancelled either
      asr::task::JoinResult<int> r = co_await bad.try_join();
      int v = co_await good.join();
      co_return (r.is_err() ? msg(r.panic()) : std::string("ok")) + " " + std::to_string(v);
    });
  };
  EXPECT_EQ(run(body), "supervised 5");
}

TEST(RuntimeTaskTree, SupervisorJoinRethrowsAndTryJoinReturnsValues) {
  auto body = []() -> Task<int> {
    co_return co_await asr::task::supervisor([](Scope& s) -> Task<int> {
      auto ok = s.spawn([] { return sleep_then(ms(1), 3); });
      auto bad = s.spawn([]() -> Task<int> {
        co_await asr::task::yield_now();
        boom("rethrown");
      });
      asr::task::JoinResult<int> r = co_await ok.try_join();
      int got = r.is_ok() ? r.value() : -1;
      try {
        (void)co_await bad.join();
      } catch (const Panic& p) {
        if (msg(p) == "rethrown") got += 100;
      }
      co_return got;
    });
  };
  EXPECT_EQ(run(body), 103);
}

TEST(RuntimeTaskTree, SupervisorBodyPanicStillCancelsChildren) {
  g_log.clear();
  auto body = []() -> Task<void> {
    co_await asr::task::supervisor([](Scope& s) -> Task<void> {
      (void)s.spawn([] { return sleep_log(kHour, "child"); });
      co_await asr::task::sleep(ms(1));
      boom("supervisor body");
    });
  };
  Instant start = Instant::now();
  EXPECT_THROW(run(body), Panic);
  EXPECT_EQ(g_log, (std::vector<std::string>{"drop child"}));
  (void)start;
}

// ---- JoinHandle::cancel

TEST(RuntimeTaskTree, CancelAFinishedChildReturnsItsValue) {
  auto body = []() -> Task<std::optional<int>> {
    co_return co_await asr::task::scope([](Scope& s) -> Task<std::optional<int>> {
      auto h = s.spawn([] { return sleep_then(ms(1), 5); });
      co_await asr::task::sleep(ms(2));
      co_return co_await h.cancel();
    });
  };
  EXPECT_EQ(run(body), std::optional<int>(5));
}

TEST(RuntimeTaskTree, CancelARunningChildWaitsForItsCleanUp) {
  g_log.clear();
  auto body = []() -> Task<std::optional<int>> {
    Instant start = Instant::now();
    auto r = co_await asr::task::scope([](Scope& s) -> Task<std::optional<int>> {
      auto h = s.spawn([]() -> Task<int> {
        Guard g("child");
        co_await asr::task::sleep(kHour);
        co_return 1;
      });
      co_await asr::task::sleep(ms(3));
      auto got = co_await h.cancel();
      g_log.push_back("cancel returned");
      co_return got;
    });
    g_log.push_back("elapsed " + std::to_string(elapsed_ms(start)));
    co_return r;
  };
  EXPECT_EQ(run(body), std::nullopt);
  EXPECT_EQ(g_log, (std::vector<std::string>{"drop child", "cancel returned", "elapsed 3"}));
}

TEST(RuntimeTaskTree, CancelledChildThatNeverReachesACheckpointKeepsItsValue) {
  auto body = []() -> Task<std::optional<int>> {
    co_return co_await asr::task::scope([](Scope& s) -> Task<std::optional<int>> {
      auto h = s.spawn([] {
        int v = 0;
        for (int i = 1; i <= 10; ++i) v += i;  // no checkpoint
        return v;
      });
      co_return co_await h.cancel();  // cancelled before it ever ran
    });
  };
  EXPECT_EQ(run(body), std::optional<int>(55));
}

// ---- timeout

TEST(RuntimeTaskTree, TimeoutReturnsNoneWhenItsDeadlineFires) {
  g_log.clear();
  auto body = []() -> Task<uint64_t> {
    Instant start = Instant::now();
    auto r = co_await asr::task::timeout(ms(10), []() -> Task<int> {
      Guard g("work");
      co_await asr::task::sleep(kHour);
      co_return 1;
    });
    g_log.push_back(r ? "some" : "none");
    co_return elapsed_ms(start);
  };
  EXPECT_EQ(run(body), 10u);  // the cancelled hour-long sleep did not move the clock
  EXPECT_EQ(g_log, (std::vector<std::string>{"drop work", "none"}));
}

TEST(RuntimeTaskTree, TimeoutReturnsSomeWhenTheWorkFinishes) {
  auto body = []() -> Task<std::string> {
    Instant start = Instant::now();
    auto r = co_await asr::task::timeout(kHour, [] { return sleep_then(ms(10), 3); });
    co_await asr::task::sleep(ms(1));  // the hour deadline was withdrawn: no jump to it
    co_return (r ? std::to_string(*r) : "none") + " @" + std::to_string(elapsed_ms(start));
  };
  EXPECT_EQ(run(body), "3 @11");
}

TEST(RuntimeTaskTree, TimeoutKeepsAValueProducedWithoutACheckpoint) {
  auto body = []() -> Task<std::optional<int>> {
    // Deadline already due, but the work never reaches a checkpoint.
    co_return co_await asr::task::timeout(Duration::ZERO, [] {
      int v = 0;
      for (int i = 0; i < 1000; ++i) v += i % 7;
      return v;
    });
  };
  EXPECT_TRUE(run(body).has_value());
  auto late = []() -> Task<std::optional<int>> {
    // The deadline fires during a shielded sleep; the work returns right after it.
    co_return co_await asr::task::timeout(ms(1), []() -> Task<int> {
      co_await asr::task::shield([] { return asr::task::sleep(ms(5)); });
      co_return 9;
    });
  };
  EXPECT_EQ(run(late), std::optional<int>(9));
}

TEST(RuntimeTaskTree, NestedTimeoutsOnlyTheOwnDeadlineGivesNone) {
  // Inner deadline first: the inner timeout yields None, the outer Some(None).
  auto inner_fires = []() -> Task<std::string> {
    auto r = co_await asr::task::timeout(kHour, []() -> Task<std::optional<int>> {
      co_return co_await asr::task::timeout(ms(10), [] { return sleep_then(kHour, 1); });
    });
    co_return !r ? "outer none" : !*r ? "inner none" : "value";
  };
  EXPECT_EQ(run(inner_fires), "inner none");
  // Outer deadline first: the inner timeout passes the cancellation through.
  auto outer_fires = []() -> Task<std::string> {
    auto r = co_await asr::task::timeout(ms(10), []() -> Task<std::optional<int>> {
      co_return co_await asr::task::timeout(kHour, [] { return sleep_then(kHour, 1); });
    });
    co_return !r ? "outer none" : !*r ? "inner none" : "value";
  };
  EXPECT_EQ(run(outer_fires), "outer none");
  // Equal deadlines: the outer was set first, so it fires first and claims it.
  auto equal = []() -> Task<std::string> {
    Instant at = Instant::now() + ms(10);
    auto r = co_await asr::task::timeout_at(at.nanos(), [at]() -> Task<std::optional<int>> {
      co_return co_await asr::task::timeout_at(at.nanos(), [] { return sleep_then(kHour, 1); });
    });
    co_return !r ? "outer none" : !*r ? "inner none" : "value";
  };
  EXPECT_EQ(run(equal), "outer none");
}

TEST(RuntimeTaskTree, TimeoutOnTheRealClock) {
  auto body = []() -> Task<bool> {
    auto r = co_await asr::task::timeout(ms(5), [] { return sleep_then(Duration::from_secs(5), 1); });
    co_return r.has_value();
  };
  Instant start = Instant::now();
  EXPECT_FALSE(run(body, /*virtual_clock=*/false));
  EXPECT_LT(start.elapsed(), Duration::from_secs(2));
  EXPECT_GE(start.elapsed(), ms(5));
}

// ---- race and join

TEST(RuntimeTaskTree, RaceCancelsTheLoserAndWaitsForItsCleanUp) {
  g_log.clear();
  auto body = []() -> Task<int> {
    Instant start = Instant::now();
    int v = co_await asr::task::race([] { return sleep_then(ms(10), 1); },
                                     []() -> Task<int> {
                                       Guard g("loser");
                                       co_await asr::task::sleep(kHour);
                                       co_return 2;
                                     });
    g_log.push_back("race returned " + std::to_string(v) + " @" +
                    std::to_string(elapsed_ms(start)));
    co_return v;
  };
  EXPECT_EQ(run(body), 1);
  EXPECT_EQ(g_log, (std::vector<std::string>{"drop loser", "race returned 1 @10"}));
}

TEST(RuntimeTaskTree, RaceCancelledFromOutsideThrowsToTheOuterBoundary) {
  auto body = []() -> Task<std::optional<int>> {
    co_return co_await asr::task::timeout(ms(5), []() -> Task<int> {
      co_return co_await asr::task::race([] { return sleep_then(kHour, 1); },
                                         [] { return sleep_then(kHour, 2); });
    });
  };
  EXPECT_EQ(run(body), std::nullopt);
}

TEST(RuntimeTaskTree, JoinRunsBothConcurrently) {
  auto body = []() -> Task<std::string> {
    Instant start = Instant::now();
    auto [a, b] = co_await asr::task::join([] { return sleep_then(ms(20), 1); },
                                           []() -> Task<std::string> {
                                             co_await asr::task::sleep(ms(30));
                                             co_return std::string("two");
                                           });
    co_return std::to_string(a) + b + " @" + std::to_string(elapsed_ms(start));
  };
  EXPECT_EQ(run(body), "1two @30");  // not 50: concurrent
}

TEST(RuntimeTaskTree, JoinPanicCancelsTheOther) {
  g_log.clear();
  auto body = []() -> Task<void> {
    (void)co_await asr::task::join([]() -> Task<int> {
      co_await asr::task::sleep(ms(5));
      boom("join side");
    }, [] { return sleep_log(kHour, "other"); });
  };
  try {
    run(body);
    FAIL();
  } catch (const Panic& p) {
    EXPECT_EQ(msg(p), "join side");
  }
  EXPECT_EQ(g_log, (std::vector<std::string>{"drop other"}));
}

// ---- cancel_scope, shield, level-triggered checkpoints, direction

TEST(RuntimeTaskTree, CancelScopeNoneWhenCancelledSomeOtherwise) {
  g_log.clear();
  auto body = []() -> Task<std::string> {
    auto none = co_await asr::task::cancel_scope([](CancelToken c) -> Task<int> {
      co_await asr::task::scope([&c](Scope& s) -> Task<void> {
        (void)s.spawn([] { return sleep_log(kHour, "grandchild"); });
        (void)s.spawn([c]() -> Task<void> {
          co_await asr::task::sleep(ms(3));
          c.cancel();  // from a child: cancels the whole cancel_scope
        });
        co_await asr::task::sleep(kHour);
      });
      co_return 1;
    });
    auto some = co_await asr::task::cancel_scope([](CancelToken) { return sleep_then(ms(1), 2); });
    co_return std::string(none ? "some" : "none") + " " + (some ? std::to_string(*some) : "none");
  };
  EXPECT_EQ(run(body), "none 2");
  EXPECT_EQ(g_log, (std::vector<std::string>{"drop grandchild"}));
}

TEST(RuntimeTaskTree, CancellationIsLevelTriggeredUntilTheRegionIsLeft) {
  auto body = []() -> Task<std::string> {
    auto r = co_await asr::task::cancel_scope([](CancelToken c) -> Task<int> {
      c.cancel();  // cancels the body itself, at its next checkpoint
      int observed = 0;
      for (int i = 0; i < 3; ++i) {
        try {
          co_await asr::task::yield_now();
        } catch (const Cancelled&) {
          ++observed;
        }
        try {
          co_await asr::task::sleep(ms(1));
        } catch (const Cancelled&) {
          ++observed;
        }
        try {
          asr::task::check_cancelled();
        } catch (const Cancelled&) {
          ++observed;
        }
      }
      co_return observed;  // a value produced anyway is returned
    });
    // Outside the region: checkpoints pass again.
    co_await asr::task::yield_now();
    co_await asr::task::sleep(ms(1));
    asr::task::check_cancelled();
    co_return r ? std::to_string(*r) : "none";
  };
  EXPECT_EQ(run(body), "9");
}

TEST(RuntimeTaskTree, ShieldHidesOuterCancellationUntilItReturns) {
  g_log.clear();
  auto body = []() -> Task<uint64_t> {
    Instant start = Instant::now();
    auto r = co_await asr::task::timeout(ms(10), []() -> Task<int> {
      co_await asr::task::shield([]() -> Task<void> {
        co_await asr::task::sleep(ms(30));  // the deadline fires meanwhile: not seen
        asr::task::check_cancelled();
        g_log.push_back("shielded work done");
      });
      co_await asr::task::yield_now();  // sees it now
      g_log.push_back("not reached");
      co_return 1;
    });
    g_log.push_back(r ? "some" : "none");
    co_return elapsed_ms(start);
  };
  EXPECT_EQ(run(body), 30u);
  EXPECT_EQ(g_log, (std::vector<std::string>{"shielded work done", "none"}));
}

TEST(RuntimeTaskTree, CancellationNeverFlowsUp) {
  auto body = []() -> Task<int> {
    int checkpoints_passed = 0;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto h = s.spawn([] { return sleep_then(kHour, 1); });
      auto other = s.spawn([] { return sleep_then(ms(5), 2); });
      co_await asr::task::sleep(ms(1));
      auto got = co_await h.cancel();  // only that child
      if (!got) ++checkpoints_passed;
      co_await asr::task::sleep(ms(1));
      ++checkpoints_passed;
      // An inner cancel_scope cancelled does not cancel the body around it.
      auto inner = co_await asr::task::cancel_scope([](CancelToken c) -> Task<int> {
        c.cancel();
        co_await asr::task::yield_now();
        co_return 0;
      });
      if (!inner) ++checkpoints_passed;
      co_await asr::task::yield_now();
      ++checkpoints_passed;
      if (co_await other.join() == 2) ++checkpoints_passed;  // the sibling was untouched
    });
    co_await asr::task::yield_now();
    co_return checkpoints_passed;
  };
  EXPECT_EQ(run(body), 5);
}

TEST(RuntimeTaskTree, JoinerCancelledWhileWaitingLeavesTheChildRunning) {
  g_log.clear();
  auto body = []() -> Task<std::string> {
    Instant start = Instant::now();
    std::string r;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto h = s.spawn([] { return sleep_log(ms(50), "child"); });
      auto t = co_await asr::task::timeout(ms(10), [&h]() -> Task<Unit> {
        co_return co_await h.join();  // the child is not under the timeout
      });
      r = t ? "joined" : "join timed out";
      r += " @" + std::to_string(elapsed_ms(start));
    });
    r += ", scope @" + std::to_string(elapsed_ms(start));
    co_return r;
  };
  EXPECT_EQ(run(body), "join timed out @10, scope @50");
  EXPECT_EQ(g_log, (std::vector<std::string>{"child woke", "drop child"}));
}

// ---- ordering, virtual time, arenas, lifetimes

TEST(RuntimeTaskTree, SpawnedChildFirstRunsWhenTheParentNextSuspends) {
  g_log.clear();
  auto body = []() -> Task<void> {
    co_await asr::task::scope([](Scope& s) -> Task<void> {
      g_log.push_back("body 0");
      for (const char* n : {"c1", "c2", "c3"}) {
        (void)s.spawn([n]() -> Task<void> {
          g_log.push_back(std::string(n) + " starts");
          co_await asr::task::yield_now();
          g_log.push_back(std::string(n) + " again");
        });
      }
      g_log.push_back("body 1");
      co_await asr::task::yield_now();
      g_log.push_back("body 2");
    });
  };
  run(body);
  EXPECT_EQ(g_log, (std::vector<std::string>{"body 0", "body 1", "c1 starts", "c2 starts",
                                             "c3 starts", "body 2", "c1 again", "c2 again",
                                             "c3 again"}));
}

TEST(RuntimeTaskTree, EqualDeadlinesAcrossTasksFireInRegistrationOrder) {
  g_log.clear();
  auto body = []() -> Task<void> {
    co_await asr::task::scope([](Scope& s) -> Task<void> {
      Instant at = Instant::now() + ms(5);
      for (const char* n : {"a", "b", "c", "d"}) {
        (void)s.spawn([n, at]() -> Task<void> {
          co_await asr::task::sleep_until(at);
          g_log.push_back(n);
        });
      }
      co_return;
    });
  };
  run(body);
  EXPECT_EQ(g_log, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(RuntimeTaskTree, CancelledSleepersDoNotAdvanceTheVirtualClock) {
  auto body = []() -> Task<uint64_t> {
    Instant start = Instant::now();
    co_await asr::task::scope([](Scope& s) -> Task<void> {
      auto h = s.spawn([] { return sleep_then(kHour, 1); });
      auto h2 = s.spawn([] { return sleep_then(Duration::MAX, 1); });
      co_await asr::task::sleep(ms(2));
      (void)co_await h.cancel();
      (void)co_await h2.cancel();
    });
    co_await asr::task::sleep(ms(1));
    co_return elapsed_ms(start);
  };
  EXPECT_EQ(run(body), 3u);
}

TEST(RuntimeTaskTree, ManyWithdrawnDeadlinesDoNotAccumulate) {
  auto body = []() -> Task<uint64_t> {
    Instant start = Instant::now();
    int64_t sum = 0;
    // The outer deadline stays pending and earlier than the withdrawn ones, so they pile up
    // below it in the timer heap (and are compacted away) rather than leaving from its top.
    auto outer = co_await asr::task::timeout(Duration::from_secs(1800), [&]() -> Task<Unit> {
      for (int i = 0; i < 2000; ++i) {
        auto r = co_await asr::task::timeout(kHour, [i]() -> Task<int> {
          co_await asr::task::yield_now();
          co_return i;
        });
        sum += *r;
      }
      co_return Unit{};
    });
    co_await asr::task::sleep(ms(1));
    co_return outer && sum == int64_t(1999) * 2000 / 2 ? elapsed_ms(start) : 999999;
  };
  EXPECT_EQ(run(body), 1u);
}

TEST(RuntimeTaskTree, EachChildHasItsOwnArena) {
  asr::rt::FrameArena* parent = nullptr;
  std::vector<asr::rt::FrameArena*> seen;
  auto body = [&]() -> Task<void> {
    parent = asr::rt::current_arena();
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int i = 0; i < 3; ++i) {
        (void)s.spawn([&]() -> Task<void> {
          asr::rt::FrameArena* mine = asr::rt::current_arena();
          if (mine->task() == parent->task() || mine->task() != asr::rt::current_task()) mine = nullptr;
          seen.push_back(mine);
          co_await asr::task::yield_now();
          if (mine != asr::rt::current_arena()) seen.push_back(nullptr);  // restored on resume
        });
      }
      co_return;
    });
  };
  run(body);
  ASSERT_NE(parent, nullptr);
  ASSERT_EQ(seen.size(), 3u);
  for (auto* a : seen) {  // compared, not dereferenced: those arenas are gone now
    EXPECT_NE(a, nullptr);
    EXPECT_NE(a, parent);
  }
  EXPECT_NE(seen[0], seen[1]);
}

TEST(RuntimeTaskTree, DestructorsRunExactlyOnce) {
  Counted::live = 0;
  Counted::made = 0;
  auto body = []() -> Task<int> {
    int ended = 0;
    for (int round = 0; round < 3; ++round) {
      try {
        co_await asr::task::scope([&](Scope& s) -> Task<void> {
          Counted in_body;
          // Captured by value: lives in the child's root frame, dies with the child.
          (void)s.spawn([c = Counted()]() -> Task<void> { co_await asr::task::sleep(ms(1)); });
          auto slow = s.spawn([c = Counted()]() -> Task<Counted> {
            Counted local;
            co_await asr::task::sleep(kHour);
            co_return Counted();
          });
          auto quick = s.spawn([]() -> Task<Counted> { co_return Counted(); });
          Counted got = co_await quick.join();
          if (round == 1) (void)co_await slow.cancel();
          if (round == 2) boom("round 2");
          if (round == 0) (void)co_await slow.cancel();
        });
      } catch (const Panic&) {
        ++ended;
      }
      ++ended;
    }
    co_return ended;
  };
  EXPECT_EQ(run(body), 4);
  EXPECT_EQ(Counted::live, 0);
  EXPECT_GT(Counted::made, 9);
}

TEST(RuntimeTaskTree, NestedScopesFanOut) {
  // A binary tree of tasks, 2^8 leaves, each scope joining its two children.
  struct Tree {
    static Task<int64_t> sum(int depth, int64_t id) {
      if (depth == 0) {
        co_await asr::task::sleep(ms(uint64_t(id % 3)));
        co_return id;
      }
      co_return co_await asr::task::scope([depth, id](Scope& s) -> Task<int64_t> {
        auto l = s.spawn([=] { return sum(depth - 1, id * 2); });
        auto r = s.spawn([=] { return sum(depth - 1, id * 2 + 1); });
        co_return co_await l.join() + co_await r.join();
      });
    }
  };
  // Leaves are ids 256..511.
  EXPECT_EQ(run([] { return Tree::sum(8, 1); }), int64_t(256 + 511) * 256 / 2);
}

TEST(RuntimeTaskTree, ManyDetachedChildrenAreReaped) {
  auto body = []() -> Task<int> {
    int done = 0;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int i = 0; i < 5000; ++i) {
        (void)s.spawn([&done] { ++done; });
        if (i % 100 == 99) {
          co_await asr::task::yield_now();
          if (s.running() > 100) co_return;  // the ended ones were not kept running
        }
      }
    });
    co_return done;
  };
  EXPECT_EQ(run(body), 5000);
}

TEST(RuntimeTaskTree, SeededOrderKeepsTheSemantics) {
  auto body = []() -> Task<std::string> {
    int sum = co_await asr::task::scope([](Scope& s) -> Task<int> {
      std::vector<JoinHandle<int>> hs;
      for (int i = 1; i <= 6; ++i) {
        hs.push_back(s.spawn([i]() -> Task<int> {
          co_await asr::task::yield_now();
          co_await asr::task::sleep(ms(uint64_t(i)));
          co_return i;
        }));
      }
      int t = 0;
      for (auto& h : hs) t += co_await h.join();
      co_return t;
    });
    auto r = co_await asr::task::timeout(ms(3), [] { return sleep_then(ms(10), 1); });
    int w = co_await asr::task::race([] { return sleep_then(ms(1), 1); },
                                     [] { return sleep_then(ms(2), 2); });
    co_return std::to_string(sum) + (r ? " some " : " none ") + std::to_string(w);
  };
  for (uint64_t seed : {1, 2, 3, 42}) EXPECT_EQ(run(body, true, seed), "21 none 1") << seed;
}

TEST(RuntimeTaskTree, HeapOnlyFramesStillNameTheirTasks) {
  // ASR_FRAME_ARENA=0: every frame from malloc, yet cancellation reaches the right tasks.
  ::setenv("ASR_FRAME_ARENA", "0", 1);
  bool heap_only_child = false;
  auto body = [&]() -> Task<std::string> {
    auto r = co_await asr::task::timeout(ms(5), [&]() -> Task<int> {
      co_return co_await asr::task::scope([&](Scope& s) -> Task<int> {
        auto h = s.spawn([&]() -> Task<int> {
          heap_only_child = asr::rt::current_arena()->heap_only() &&
                            asr::rt::current_arena()->reserved_bytes() == 0;
          co_await asr::task::sleep(kHour);
          co_return 1;
        });
        co_return co_await h.join();
      });
    });
    co_return r ? "some" : "none";
  };
  std::string got = asr::block_on(body);
  ::unsetenv("ASR_FRAME_ARENA");
  EXPECT_EQ(got, "none");
  EXPECT_TRUE(heap_only_child);
}

TEST(RuntimeTaskTree, CancellationWakesInSpawnOrder) {
  g_log.clear();
  auto body = []() -> Task<void> {
    co_await asr::task::scope([](Scope& s) -> Task<void> {
      for (const char* n : {"a", "b", "c"}) (void)s.spawn([n] { return sleep_log(kHour, n); });
      (void)s.spawn([]() -> Task<void> {
        co_await asr::task::sleep(ms(1));
        boom("stop");
      });
      Guard g("body");
      co_await asr::task::sleep(kHour);
    });
  };
  EXPECT_THROW(run(body), Panic);
  EXPECT_EQ(g_log, (std::vector<std::string>{"drop body", "drop a", "drop b", "drop c"}));
}

TEST(RuntimeTaskTree, ChildSpawnedIntoACancelledRegionStopsAtItsFirstCheckpoint) {
  g_log.clear();
  auto body = []() -> Task<std::string> {
    auto r = co_await asr::task::cancel_scope([](CancelToken c) -> Task<int> {
      c.cancel();
      co_return co_await asr::task::scope([](Scope& s) -> Task<int> {
        // spawn is not a checkpoint: the children start, and run up to their first one.
        auto quick = s.spawn([] {
          g_log.push_back("quick ran");
          return 5;
        });
        (void)s.spawn([]() -> Task<void> {
          g_log.push_back("started");
          co_await asr::task::yield_now();
          g_log.push_back("not reached");
        });
        // Still running, so the join is a checkpoint: it throws, and the scope waits.
        co_return co_await quick.join();
      });
    });
    co_return r ? std::to_string(*r) : "none";
  };
  EXPECT_EQ(run(body), "none");
  EXPECT_EQ(g_log, (std::vector<std::string>{"quick ran", "started"}));
}

TEST(RuntimeTaskTree, ChildRootFramesAreNotMadeInTheParentsArena) {
  // 50 children whose root frames hold a 2 KB closure: made in the parent's arena they
  // would need ~100 KB of its chunks (and be freed out of order, after the parent moved on).
  std::size_t before = 0, after = 0;
  int64_t sum = 0;
  auto body = [&]() -> Task<void> {
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      asr::rt::FrameArena* mine = asr::rt::current_arena();
      before = mine->reserved_bytes();
      for (int i = 0; i < 50; ++i) {
        std::array<char, 2048> big{};
        big[7] = char(i);
        (void)s.spawn([big, &sum]() -> Task<void> {
          co_await asr::task::yield_now();
          sum += big[7];
        });
      }
      after = mine->reserved_bytes();
      co_return;
    });
  };
  run(body);
  EXPECT_EQ(sum, 49 * 50 / 2);
  EXPECT_EQ(before, after);
}

namespace {

// A random tree of scopes, timeouts, races, cancel_scopes, shields and panics (each node
// chosen from a hash of its path), holding Counted values across its suspensions.
uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

Task<int64_t> chaos(int depth, uint64_t path) {
  Counted held;
  uint64_t r = mix(path);
  auto sub = [depth, path](uint64_t k) { return chaos(depth - 1, path * 31 + k); };
  if (depth == 0 || r % 9 == 0) {
    co_await asr::task::sleep(ms(r % 7));
    if (r % 23 == 0) boom("chaos leaf");
    co_return int64_t(r % 5);
  }
  switch (r % 6) {
    case 0:
      co_return co_await asr::task::scope([&](Scope& s) -> Task<int64_t> {
        auto a = s.spawn([&] { return sub(1); });
        (void)s.spawn([&] { return sub(2); });  // detached
        auto c = s.spawn([&] { return sub(3); });
        int64_t v = co_await a.join();
        if (r % 4 == 0) {
          auto got = co_await c.cancel();
          co_return v + (got ? *got : 0);
        }
        co_return v + co_await c.join();
      });
    case 1: {
      auto t = co_await asr::task::timeout(ms(r % 11), [&] { return sub(1); });
      co_return t ? *t : -1;
    }
    case 2:
      co_return co_await asr::task::race([&] { return sub(1); }, [&] { return sub(2); });
    case 3: {
      auto c = co_await asr::task::cancel_scope([&](CancelToken tok) -> Task<int64_t> {
        auto [a, b] = co_await asr::task::join([&] { return sub(1); }, [&]() -> Task<int64_t> {
          co_await asr::task::sleep(ms(r % 5));
          tok.cancel();
          co_return 1;
        });
        co_return a + b;
      });
      co_return c ? *c : -2;
    }
    case 4:
      co_return co_await asr::task::shield([&] { return sub(1); });
    default:
      co_return co_await asr::task::supervisor([&](Scope& s) -> Task<int64_t> {
        auto a = s.spawn([&] { return sub(1); });
        auto b = s.spawn([&] { return sub(2); });
        auto ra = co_await a.try_join();
        auto rb = co_await b.try_join();
        co_return (ra.is_ok() ? ra.value() : 100) + (rb.is_ok() ? rb.value() : 100);
      });
  }
}

}  // namespace

TEST(RuntimeTaskTree, RandomTreesReleaseEverything) {
  testing::internal::CaptureStderr();  // the panics' messages
  Counted::made = 0;
  int panicked = 0, values = 0;
  for (uint64_t seed : {0, 1, 7}) {
    for (uint64_t tree = 1; tree <= 40; ++tree) {
      Counted::live = 0;
      try {
        (void)run([tree] { return chaos(6, tree); }, true, seed);
        ++values;
      } catch (const Panic&) {
        ++panicked;
      }
      ASSERT_EQ(Counted::live, 0) << "seed " << seed << " tree " << tree;
    }
  }
  (void)testing::internal::GetCapturedStderr();
  // The trees are not trivial: both outcomes, and many nodes.
  EXPECT_GT(panicked, 5);
  EXPECT_GT(values, 5);
  EXPECT_GT(Counted::made, 2000);
  std::printf("random trees: %d values, %d panics, %d nodes\n", values, panicked, Counted::made);
}

TEST(RuntimeTaskTree, ScopeExitObservesACancellationThatCutItsChildrenShort) {
  // The body returns at once; the deadline cancels the child the scope waits for: None.
  auto cut = []() -> Task<std::string> {
    auto r = co_await asr::task::timeout(ms(10), []() -> Task<int> {
      co_return co_await asr::task::scope([](Scope& s) -> int {
        (void)s.spawn([] { return sleep_then(kHour, 1); });
        return 5;
      });
    });
    co_return r ? std::to_string(*r) : "none";
  };
  EXPECT_EQ(run(cut), "none");
  // Every child ended on its own (the waiting was shielded): the value was produced anyway.
  auto whole = []() -> Task<std::string> {
    auto r = co_await asr::task::timeout(ms(10), []() -> Task<int> {
      co_return co_await asr::task::scope([](Scope& s) -> Task<int> {
        auto h = s.spawn([] { return 3; });
        co_await asr::task::shield([] { return asr::task::sleep(ms(20)); });
        co_return co_await h.join() + 2;
      });
    });
    co_return r ? std::to_string(*r) : "none";
  };
  EXPECT_EQ(run(whole), "5");
}

namespace {
// Its second move throws: the first is into spawn's parameter, the next one into the
// child's root frame.
struct ThrowsOnMove {
  static inline int moves_left = -1;  // <0: never throws
  ThrowsOnMove() = default;
  ThrowsOnMove(const ThrowsOnMove&) = default;
  ThrowsOnMove(ThrowsOnMove&&) {
    if (moves_left >= 0 && moves_left-- == 0) boom("move failed");
  }
};
}  // namespace

TEST(RuntimeTaskTree, SpawnWhoseClosureFailsToMoveLeavesNoChild) {
  auto body = []() -> Task<std::string> {
    std::string r;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      ThrowsOnMove t;
      auto f = [t]() { return 1; };
      ThrowsOnMove::moves_left = 1;
      try {
        (void)s.spawn(std::move(f));
      } catch (const Panic& p) {
        r = msg(p);
      }
      ThrowsOnMove::moves_left = -1;
      r += " running=" + std::to_string(s.running());
      co_return;
    });
    co_return r;
  };
  testing::internal::CaptureStderr();
  std::string got = run(body);
  (void)testing::internal::GetCapturedStderr();
  EXPECT_EQ(got, "move failed running=0");
}
