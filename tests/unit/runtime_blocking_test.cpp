// Blocking work (asr/blocking.hpp, std::task::spawn_blocking): the closure runs on a pool
// thread while its task is suspended and other tasks run; its value or panic comes back to the
// task; several run in parallel; the scheduler sleeps (rather than reporting a deadlock or
// moving the virtual clock) while blocking work is pending; a cancelled task waits for it.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "asr/blocking.hpp"
#include "asr/prelude.hpp"
#include "asr/task_tree.hpp"

using asr::Panic;
using asr::Task;
using asr::Unit;
using asr::task::Scope;
using asr::time::Duration;
using asr::time::Instant;

namespace {

constexpr Duration ms(uint64_t n) { return Duration::from_millis(n); }

template <class F>
auto run(F f, bool virtual_clock = true, uint64_t seed = 0) {
  auto root = asr::rt::root(std::move(f));
  asr::rt::run_to_completion(root.handle(), virtual_clock, seed);
  return root.result();
}

void block_for(int millis) { std::this_thread::sleep_for(std::chrono::milliseconds(millis)); }

std::vector<std::string> g_log;  // written by tasks only (the scheduler's thread)

TEST(Blocking, ReturnsTheValueFromAnotherThread) {
  std::thread::id here = std::this_thread::get_id();
  int v = run([&]() -> Task<int> {
    std::thread::id there = co_await asr::rt::blocking([] { return std::this_thread::get_id(); });
    EXPECT_NE(there, here);
    int x = co_await asr::rt::blocking([] {
      block_for(5);
      return 41;
    });
    co_return x + 1;
  });
  EXPECT_EQ(v, 42);
}

TEST(Blocking, VoidClosureGivesUnit) {
  std::atomic<int> hits{0};
  run([&]() -> Task<void> {
    Unit u = co_await asr::rt::blocking([&] { hits.fetch_add(1); });
    (void)u;
  });
  EXPECT_EQ(hits.load(), 1);
}

TEST(Blocking, PanicComesBackToTheTask) {
  std::string m = run([]() -> Task<std::string> {
    try {
      co_await asr::rt::blocking([]() -> int { asr::panic(asr::Loc{"b.asr", 1, 1}, asr::Str("in the pool", 11)); });
    } catch (const Panic& p) {
      co_return std::string(p.message().data(), p.message().len());
    }
    co_return "no panic";
  }, false);
  EXPECT_EQ(m, "in the pool");
}

// Four tasks each block for 100 ms on the real clock: they overlap.
TEST(Blocking, RunsInParallelWhileOtherTasksRun) {
  Instant start = Instant::now();
  int ticks = 0;
  int sum = run([&]() -> Task<int> {
    co_return co_await asr::task::scope([&](Scope& s) -> Task<int> {
      std::vector<asr::task::JoinHandle<int>> hs;
      for (int i = 0; i < 4; ++i) {
        hs.push_back(s.spawn([i]() -> Task<int> {
          co_return co_await asr::rt::blocking([i] {
            block_for(100);
            return i;
          });
        }));
      }
      s.spawn([&]() -> Task<Unit> {  // the scheduler keeps running tasks meanwhile
        for (int k = 0; k < 5; ++k) {
          co_await asr::task::sleep(ms(5));
          ++ticks;
        }
        co_return Unit{};
      });
      int total = 0;
      for (auto& h : hs) total += co_await h.join();
      co_return total;
    });
  }, false);
  uint64_t took = uint64_t(start.elapsed().as_millis());
  EXPECT_EQ(sum, 0 + 1 + 2 + 3);
  EXPECT_EQ(ticks, 5);
  EXPECT_GE(took, 100u);
  EXPECT_LT(took, 350u);  // not 400: they ran in parallel
}

// Virtual clock: the clock does not jump while blocking work is pending, so an hour-long
// sleep ends after the blocking closure (which takes real time), and takes no real time.
TEST(Blocking, VirtualClockWaitsForBlockingWork) {
  g_log.clear();
  Instant real_start = Instant::now();
  run([]() -> Task<void> {
    co_await asr::task::scope([](Scope& s) -> Task<Unit> {
      s.spawn([]() -> Task<Unit> {
        co_await asr::task::sleep(Duration::from_secs(3600));
        g_log.push_back("slept");
        co_return Unit{};
      });
      s.spawn([]() -> Task<Unit> {
        co_await asr::rt::blocking([] { block_for(20); });
        g_log.push_back("blocked");
        co_return Unit{};
      });
      co_return Unit{};
    });
  });
  EXPECT_EQ(g_log, (std::vector<std::string>{"blocked", "slept"}));
  (void)real_start;
}

// Cancellation does not interrupt the wait: a timeout that fires meanwhile returns the value
// the blocking closure produced anyway, once it has finished.
TEST(Blocking, CancelledTaskWaitsForTheClosure) {
  Instant start = Instant::now();
  std::optional<int> r = run([]() -> Task<std::optional<int>> {
    co_return co_await asr::task::timeout(ms(10), []() -> Task<int> {
      co_return co_await asr::rt::blocking([] {
        block_for(60);
        return 7;
      });
    });
  }, false);
  EXPECT_GE(uint64_t(start.elapsed().as_millis()), 60u);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 7);
}

// Many more jobs than threads that may be started at once.
TEST(Blocking, ManyJobs) {
  std::atomic<int> n{0};
  int total = run([&]() -> Task<int> {
    co_return co_await asr::task::scope([&](Scope& s) -> Task<int> {
      std::vector<asr::task::JoinHandle<int>> hs;
      for (int i = 0; i < 200; ++i) {
        hs.push_back(s.spawn([&n, i]() -> Task<int> {
          co_return co_await asr::rt::blocking([&n, i] {
            n.fetch_add(1);
            return i;
          });
        }));
      }
      int t = 0;
      for (auto& h : hs) t += co_await h.join();
      co_return t;
    });
  });
  EXPECT_EQ(n.load(), 200);
  EXPECT_EQ(total, 199 * 200 / 2);
}

}  // namespace
