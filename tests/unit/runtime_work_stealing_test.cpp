// The work-stealing scheduler (runtime/src/work_stealing.*) under load on 2 and 4 workers:
// every std::task / std::sync guarantee that holds with several workers, checked on results
// that do not depend on the order (sums, counts, every drop once), plus that the work really
// spreads over threads. The same sources run under ThreadSanitizer (runtime_tests_tsan).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "asr/blocking.hpp"
#include "asr/prelude.hpp"
#include "asr/sync.hpp"
#include "asr/task_tree.hpp"

using asr::Cancelled;
using asr::Task;
using asr::Unit;
using asr::task::Scope;
using asr::time::Duration;

namespace {

// The other runtime tests check one-worker guarantees (FIFO order, a child first running when
// its parent next suspends) through asr::block_on, which reads ASR_WORKERS: they get one
// worker unless the environment says otherwise. The tests below ask for their workers.
const int kOneWorkerByDefault = ::setenv("ASR_WORKERS", "1", /*overwrite=*/0);

#ifdef ASR_TEST_SANITIZED
constexpr int kScale = 1;  // sanitizers are slow: smaller loads, same shapes
#else
constexpr int kScale = 8;
#endif

template <class F>
auto run_on(unsigned workers, F f) {
  auto root = asr::rt::root(std::move(f));
  asr::rt::run_to_completion(root.handle(), false, 0, workers);
  return root.result();
}

class WorkStealing : public ::testing::TestWithParam<unsigned> {};

INSTANTIATE_TEST_SUITE_P(Workers, WorkStealing, ::testing::Values(2u, 4u));

// Scopes of scopes of tasks, each suspending a few times: every value arrives exactly once.
TEST_P(WorkStealing, SpawnJoinTreesSum) {
  const int n = 100 * kScale;
  int64_t total = run_on(GetParam(), [n]() -> Task<int64_t> {
    co_return co_await asr::task::scope([n](Scope& s) -> Task<int64_t> {
      std::vector<asr::task::JoinHandle<int64_t>> hs;
      for (int i = 0; i < n; ++i) {
        hs.push_back(s.spawn([i]() -> Task<int64_t> {
          int64_t sub = co_await asr::task::scope([i](Scope& inner) -> Task<int64_t> {
            auto a = inner.spawn([i]() -> Task<int64_t> {
              co_await asr::task::yield_now();
              co_return i;
            });
            auto b = inner.spawn([i]() -> int64_t { return 2 * int64_t(i); });
            int64_t x = co_await a.join();
            co_return x + co_await b.join();
          });
          co_return sub;
        }));
      }
      int64_t sum = 0;
      for (auto& h : hs) sum += co_await h.join();
      co_return sum;
    });
  });
  EXPECT_EQ(total, 3 * int64_t(n) * (n - 1) / 2);
}

// CPU-bound children run on more than one thread.
TEST_P(WorkStealing, WorkSpreadsOverThreads) {
  std::mutex mu;
  std::set<std::thread::id> threads;
  run_on(GetParam(), [&]() -> Task<Unit> {
    co_await asr::task::scope([&](Scope& s) {
      for (int i = 0; i < 64; ++i) {
        (void)s.spawn([&]() -> uint64_t {
          uint64_t x = 0;
          for (uint64_t k = 0; k < 2000000; ++k) x = x * 6364136223846793005ull + k;
          std::lock_guard<std::mutex> l(mu);
          threads.insert(std::this_thread::get_id());
          return x;
        });
      }
    });
    co_return Unit{};
  });
  EXPECT_GT(threads.size(), 1u);
}

// A Mutex shared by tasks on every worker: no increment is lost.
TEST_P(WorkStealing, MutexCounter) {
  const int tasks = 32, rounds = 50 * kScale;
  int64_t v = run_on(GetParam(), [&]() -> Task<int64_t> {
    asr::sync::Mutex<int64_t> m(0);
    co_await asr::task::scope([&](Scope& s) {
      for (int t = 0; t < tasks; ++t) {
        (void)s.spawn([&]() -> Task<Unit> {
          for (int r = 0; r < rounds; ++r) {
            auto g = co_await m.lock();
            int64_t before = *g.get();
            if (r % 7 == 0) co_await asr::task::yield_now();  // hold it across a suspension
            *g.get() = before + 1;
          }
          co_return Unit{};
        });
      }
    });
    auto g = co_await m.lock();
    co_return *g.get();
  });
  EXPECT_EQ(v, int64_t(tasks) * rounds);
}

// Bounded channels between tasks on different workers: every message once, in order per
// sender; ping-pong over rendezvous channels.
TEST_P(WorkStealing, ChannelsDeliverEverythingOnce) {
  const int senders = 8, per = 200 * kScale;
  auto [sum, ordered] = run_on(GetParam(), [&]() -> Task<std::pair<int64_t, bool>> {
    auto [tx, rx] = asr::sync::sync_channel<std::pair<int, int>>(4);
    int64_t total = 0;
    bool in_order = true;
    co_await asr::task::scope([&](Scope& s) {
      for (int k = 0; k < senders; ++k) {
        (void)s.spawn([k, per, tx = tx.clone()]() mutable -> Task<Unit> {
          for (int i = 0; i < per; ++i) (void)co_await tx.send({k, i});
          co_return Unit{};
        });
      }
      {
        auto drop = std::move(tx);  // the receiver ends when every sender is gone
      }
      (void)s.spawn([&, rx = std::move(rx)]() mutable -> Task<Unit> {
        std::vector<int> next(senders, 0);
        for (;;) {
          auto r = co_await rx.recv();
          if (r.is_err()) break;
          auto [k, i] = r.value();
          if (next[k] != i) in_order = false;
          next[k] = i + 1;
          total += i;
        }
        co_return Unit{};
      });
    });
    co_return std::pair<int64_t, bool>(total, in_order);
  });
  EXPECT_EQ(sum, int64_t(senders) * per * (per - 1) / 2);
  EXPECT_TRUE(ordered);

  int rounds = run_on(GetParam(), [&]() -> Task<int> {
    auto [ping_tx, ping_rx] = asr::sync::sync_channel<int>(0);
    auto [pong_tx, pong_rx] = asr::sync::sync_channel<int>(0);
    int last = 0;
    co_await asr::task::scope([&](Scope& s) {
      (void)s.spawn([&]() -> Task<Unit> {
        for (;;) {
          auto r = co_await ping_rx.recv();
          if (r.is_err()) break;
          (void)co_await pong_tx.send(r.value() + 1);
        }
        co_return Unit{};
      });
      (void)s.spawn([&]() -> Task<Unit> {
        int v = 0;
        for (int i = 0; i < 500 * kScale; ++i) {
          (void)co_await ping_tx.send(v);
          v = (co_await pong_rx.recv()).value();
        }
        last = v;
        auto close = std::move(ping_tx);
        co_return Unit{};
      });
    });
    co_return last;
  });
  EXPECT_EQ(rounds, 500 * kScale);
}

// Sleepers on the shared timer queue, cancelled in bulk by timeouts from other workers, and
// semaphores and notifications crossing workers: every task ends, every drop runs once.
TEST_P(WorkStealing, TimersCancellationAndDrops) {
  std::atomic<int> made{0}, dropped{0};
  struct Counted {
    std::atomic<int>* d;
    explicit Counted(std::atomic<int>* made, std::atomic<int>* dr) : d(dr) { made->fetch_add(1); }
    Counted(Counted&& o) noexcept : d(std::exchange(o.d, nullptr)) {}
    ~Counted() {
      if (d != nullptr) d->fetch_add(1);
    }
  };
  int timed_out = run_on(GetParam(), [&]() -> Task<int> {
    std::atomic<int> none{0};
    asr::sync::Semaphore sem(3);
    co_await asr::task::scope([&](Scope& s) {
      for (int i = 0; i < 40 * kScale; ++i) {
        (void)s.spawn([&, i]() -> Task<Unit> {
          Counted c(&made, &dropped);
          auto permit = co_await sem.acquire();
          // (Real time on a loaded machine: the even ones get ample time for a sleep(0).)
          Duration limit = Duration::from_millis(i % 2 == 0 ? 10000 : 1 + i % 3);
          auto r = co_await asr::task::timeout(limit, [&]() -> Task<int> {
            Counted inner(&made, &dropped);
            co_await asr::task::sleep(Duration::from_millis(i % 2 == 0 ? 0 : 1000000));
            co_return 1;
          });
          if (!r.has_value()) none.fetch_add(1);
          co_return Unit{};
        });
      }
    });
    co_return none.load();
  });
  EXPECT_EQ(timed_out, 20 * kScale);  // the odd ones sleep past their deadline
  EXPECT_EQ(made.load(), dropped.load());
}

// Cancelling a scope wakes tasks parked on every kind of checkpoint, whichever worker they
// were on; the cancellation waits for their clean-up.
TEST_P(WorkStealing, CancelReachesEveryParkedTask) {
  std::atomic<int> cleaned{0};
  auto r = run_on(GetParam(), [&]() -> Task<bool> {
    asr::sync::Mutex<int> held(0);
    auto guard = co_await held.lock();  // every lock() below waits
    auto [tx, rx] = asr::sync::channel<int>();
    asr::sync::Notify note;
    auto res = co_await asr::task::cancel_scope([&](asr::task::CancelToken t) -> Task<Unit> {
      co_await asr::task::scope([&](Scope& s) -> Task<Unit> {
        for (int i = 0; i < 30; ++i) {
          (void)s.spawn([&, i]() -> Task<Unit> {
            struct Clean {
              std::atomic<int>* c;
              ~Clean() { c->fetch_add(1); }
            } clean{&cleaned};
            switch (i % 4) {
              case 0: co_await asr::task::sleep(Duration::from_secs(3600)); break;
              case 1: (void)co_await held.lock(); break;
              case 2: co_await note.notified(); break;
              default: (void)co_await asr::task::spawn_blocking([] { return 1; }); co_await asr::task::sleep(Duration::from_secs(3600)); break;
            }
            co_return Unit{};
          });
        }
        co_await asr::task::sleep(Duration::from_millis(5));
        t.cancel();
        co_await asr::task::sleep(Duration::from_secs(3600));
        co_return Unit{};
      });
      co_return Unit{};
    });
    (void)tx;
    (void)rx;
    co_return !res.has_value();
  });
  EXPECT_TRUE(r);
  EXPECT_EQ(cleaned.load(), 30);
}

// A panic in one child cancels its siblings on other workers and reaches the scope's caller.
TEST_P(WorkStealing, PanicCancelsSiblings) {
  std::atomic<int> cancelled{0};
  bool caught = false;
  try {
    run_on(GetParam(), [&]() -> Task<Unit> {
      co_await asr::task::scope([&](Scope& s) {
        for (int i = 0; i < 16; ++i) {
          (void)s.spawn([&]() -> Task<Unit> {
            try {
              co_await asr::task::sleep(Duration::from_secs(3600));
            } catch (const Cancelled&) {
              cancelled.fetch_add(1);
              throw;
            }
            co_return Unit{};
          });
        }
        (void)s.spawn([]() -> Task<Unit> {
          co_await asr::task::sleep(Duration::from_millis(2));
          asr::panic(asr::Loc{"t.asr", 1, 1}, asr::Str("boom"));
        });
      });
      co_return Unit{};
    });
  } catch (const asr::Panic& p) {
    caught = true;
  }
  EXPECT_TRUE(caught);
  EXPECT_EQ(cancelled.load(), 16);
}

}  // namespace
