// std::sync, runtime half (asr/sync.hpp): channels, Mutex, RwLock, Semaphore, Notify.
// FIFO service, checkpoints, cancellation safety (nothing consumed, delivered or held by a
// cancelled wait; hand-offs to a task cancelled before it ran pass on), poisoning, and value
// lifetimes. Tasks come from asr::task::scope; most tests run on the virtual clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "asr/prelude.hpp"
#include "asr/sync.hpp"
#include "asr/task_tree.hpp"

using asr::Cancelled;
using asr::Panic;
using asr::Task;
using asr::Unit;
using asr::sync::Mutex;
using asr::sync::Notify;
using asr::sync::RwLock;
using asr::sync::Semaphore;
using asr::sync::TryRecvError;
using asr::sync::TrySendError;
using asr::task::CancelToken;
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

uint64_t elapsed_ms(Instant start) { return uint64_t(start.elapsed().as_millis()); }

[[noreturn]] void boom(const char* m) {
  asr::panic(asr::Loc{"sync.asr", 1, 1}, asr::Str(m, std::strlen(m)));
}

std::vector<std::string> g_log;
Instant g_start = Instant::now();  // reset at the start of a test body
void log(std::string s) { g_log.push_back(std::move(s)); }

// Counts live instances (destructors run exactly once).
struct Counted {
  static inline int live = 0;
  int v = 0;
  explicit Counted(int x) : v(x) { ++live; }
  Counted(const Counted& o) : v(o.v) { ++live; }
  Counted(Counted&& o) noexcept : v(o.v) { ++live; }
  Counted& operator=(const Counted&) = default;
  Counted& operator=(Counted&&) = default;
  ~Counted() { --live; }
};

}  // namespace

// ---------------------------------------------------------------- channels

TEST(RuntimeSync, PingPongTenThousandMessages) {
  for (bool rendezvous : {false, true}) {
    auto body = [](bool rv) -> Task<int64_t> {
      auto [to_tx, to_rx] = asr::sync::sync_channel<int>(rv ? 0 : 1);
      auto [back_tx, back_rx] = asr::sync::channel<int>();
      int64_t sum = 0;
      co_await asr::task::scope([&](Scope& s) -> Task<void> {
        (void)s.spawn([rx = std::move(to_rx), tx = std::move(back_tx)]() mutable -> Task<void> {
          for (;;) {
            auto r = co_await rx.recv();
            if (r.is_err()) co_return;  // every sender gone
            EXPECT_TRUE(tx.send(r.value() + 1).is_ok());
          }
        });
        for (int i = 0; i < 10000; ++i) {
          EXPECT_TRUE((co_await to_tx.send(i)).is_ok());
          auto r = co_await back_rx.recv();
          EXPECT_EQ(r.value(), i + 1);
          sum += r.value();
        }
        { auto drop = std::move(to_tx); }  // the echo task's recv returns Err
        co_return;
      });
      co_return sum;
    };
    EXPECT_EQ(run([&] { return body(rendezvous); }), int64_t(10000) * 10001 / 2) << rendezvous;
  }
}

TEST(RuntimeSync, ManySendersEachInOrderAllDelivered) {
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = asr::sync::channel<int>();
    std::vector<int> got;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int k = 0; k < 8; ++k) {
        (void)s.spawn([tx = tx.clone(), k]() mutable -> Task<void> {
          for (int i = 0; i < 100; ++i) {
            EXPECT_TRUE(tx.send(k * 1000 + i).is_ok());
            if (i % (k + 1) == 0) co_await asr::task::yield_now();
          }
        });
      }
      { auto drop = std::move(tx); }
      for (;;) {
        auto r = co_await rx.recv();
        if (r.is_err()) break;
        got.push_back(r.value());
      }
      co_return;
    });
    co_return got;
  };
  for (uint64_t seed : {0, 3, 9}) {
    std::vector<int> got = run(body, true, seed);
    ASSERT_EQ(got.size(), 800u) << seed;
    std::vector<int> last(8, -1);
    for (int v : got) {
      EXPECT_GT(v % 1000, last[size_t(v / 1000)]) << "per-sender order, seed " << seed;
      last[size_t(v / 1000)] = v % 1000;
    }
  }
}

TEST(RuntimeSync, MessagesSentBeforeTheLastSenderDroppedAreStillReceived) {
  auto body = []() -> Task<std::string> {
    std::string out;
    auto [tx, rx] = asr::sync::channel<std::string>();
    EXPECT_TRUE(tx.send("a").is_ok());
    EXPECT_TRUE(tx.send("b").is_ok());
    { auto drop = std::move(tx); }
    for (;;) {
      auto r = co_await rx.recv();
      if (r.is_err()) break;
      out += r.into_value();
    }
    auto t = rx.try_recv();
    EXPECT_TRUE(t.is_err());
    EXPECT_EQ(t.error(), TryRecvError::Disconnected);
    co_return out;
  };
  EXPECT_EQ(run(body), "ab");
}

TEST(RuntimeSync, ParkedReceiverWakesWithErrWhenTheLastSenderDrops) {
  auto body = []() -> Task<std::string> {
    auto [tx, rx] = asr::sync::sync_channel<int>(2);
    co_return co_await asr::task::scope([&](Scope& s) -> Task<std::string> {
      auto h = s.spawn([&rx]() -> Task<std::string> {
        auto r = co_await rx.recv();
        co_return r.is_err() ? "err" : "ok";
      });
      co_await asr::task::sleep(ms(5));
      auto t2 = tx.clone();
      { auto drop = std::move(tx); }
      co_await asr::task::sleep(ms(5));
      EXPECT_FALSE(h.is_finished());  // one sender left
      { auto drop = std::move(t2); }
      co_return co_await h.join();
    });
  };
  EXPECT_EQ(run(body), "err");
}

TEST(RuntimeSync, SendToADroppedReceiverGivesTheValueBack) {
  Counted::live = 0;
  auto body = []() -> Task<int> {
    auto [tx, rx] = asr::sync::channel<Counted>();
    EXPECT_TRUE(tx.send(Counted(1)).is_ok());
    EXPECT_TRUE(tx.send(Counted(2)).is_ok());
    EXPECT_EQ(Counted::live, 2);
    { auto drop = std::move(rx); }  // drops the queued messages
    EXPECT_EQ(Counted::live, 0);
    auto r = tx.send(Counted(7));
    EXPECT_TRUE(r.is_err());
    co_return r.into_err_value().v;
  };
  EXPECT_EQ(run(body), 7);
  EXPECT_EQ(Counted::live, 0);
}

TEST(RuntimeSync, BlockedSyncSenderGetsErrWhenTheReceiverDrops) {
  Counted::live = 0;
  auto body = []() -> Task<int> {
    auto [tx, rx] = asr::sync::sync_channel<Counted>(1);
    co_return co_await asr::task::scope([&](Scope& s) -> Task<int> {
      auto h = s.spawn([&tx]() -> Task<int> {
        EXPECT_TRUE((co_await tx.send(Counted(1))).is_ok());
        auto r = co_await tx.send(Counted(2));  // full: waits
        co_return r.is_err() ? r.into_err_value().v : -1;
      });
      co_await asr::task::sleep(ms(3));
      EXPECT_EQ(Counted::live, 3);  // queued, held by the blocked sender, moved-from argument
      { auto drop = std::move(rx); }
      co_return co_await h.join();
    });
  };
  EXPECT_EQ(run(body), 2);
  EXPECT_EQ(Counted::live, 0);
}

TEST(RuntimeSync, TrySendAndTryRecv) {
  auto body = []() -> Task<Unit> {
    auto [tx, rx] = asr::sync::sync_channel<int>(1);
    EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
    EXPECT_TRUE(tx.try_send(1).is_ok());
    auto full = tx.try_send(2);
    EXPECT_TRUE(full.is_err());
    EXPECT_EQ(full.error(), TrySendError::Full);
    EXPECT_EQ(full.into_err_value(), 2);
    EXPECT_EQ(rx.try_recv().value(), 1);
    { auto drop = std::move(rx); }
    auto gone = tx.try_send(3);
    EXPECT_EQ(gone.error(), TrySendError::Disconnected);
    EXPECT_EQ(gone.into_err_value(), 3);
    // A rendezvous try_send succeeds only while the receiver is parked.
    auto [tx0, rx0] = asr::sync::sync_channel<int>(0);
    EXPECT_EQ(tx0.try_send(1).error(), TrySendError::Full);
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto h = s.spawn([&rx0]() -> Task<int> { co_return (co_await rx0.recv()).value(); });
      co_await asr::task::yield_now();  // the receiver parks
      EXPECT_TRUE(tx0.try_send(5).is_ok());
      EXPECT_EQ(co_await h.join(), 5);
    });
    co_return Unit{};
  };
  run(body);
}

TEST(RuntimeSync, RendezvousSendReturnsOnceTheReceiverTookTheValue) {
  g_log.clear();
  auto body = []() -> Task<Unit> {
    g_start = Instant::now();
    auto [tx, rx] = asr::sync::sync_channel<int>(0);
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      (void)s.spawn([tx = std::move(tx)]() mutable -> Task<void> {
        for (int i = 1; i <= 3; ++i) {
          log("send " + std::to_string(i));
          EXPECT_TRUE((co_await tx.send(i)).is_ok());
          log("sent " + std::to_string(i) + " at " + std::to_string(elapsed_ms(g_start)));
        }
      });
      for (;;) {
        co_await asr::task::sleep(ms(10));
        auto r = co_await rx.recv();
        if (r.is_err()) break;
        log("recv " + std::to_string(r.value()));
      }
      co_return;
    });
    co_return Unit{};
  };
  run(body);
  EXPECT_EQ(g_log, (std::vector<std::string>{"send 1", "recv 1", "sent 1 at 10", "send 2",
                                             "recv 2", "sent 2 at 20", "send 3", "recv 3",
                                             "sent 3 at 30"}));
}

TEST(RuntimeSync, BlockedSendersAreServedFifo) {
  auto body = []() -> Task<std::vector<int>> {
    auto [tx, rx] = asr::sync::sync_channel<int>(1);
    std::vector<int> got;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      EXPECT_TRUE(tx.try_send(0).is_ok());  // full from now on
      for (int k = 1; k <= 5; ++k) {
        (void)s.spawn([tx = tx.clone(), k]() mutable -> Task<void> {
          co_await asr::task::sleep(ms(uint64_t(k)));  // arrive in order 1..5
          EXPECT_TRUE((co_await tx.send(k)).is_ok());
        });
      }
      { auto drop = std::move(tx); }
      co_await asr::task::sleep(ms(10));
      for (;;) {
        auto r = co_await rx.recv();
        if (r.is_err()) break;
        got.push_back(r.value());
      }
      co_return;
    });
    co_return got;
  };
  EXPECT_EQ(run(body), (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(RuntimeSync, RecvIsACheckpointThatConsumesNothingWhenCancelled) {
  auto body = []() -> Task<int> {
    auto [tx, rx] = asr::sync::channel<int>();
    EXPECT_TRUE(tx.send(1).is_ok());
    auto none = co_await asr::task::cancel_scope([&](CancelToken c) -> Task<int> {
      c.cancel();
      co_return (co_await rx.recv()).value();  // throws at entry: the 1 stays queued
    });
    EXPECT_FALSE(none.has_value());
    // Parked and interrupted by a deadline.
    auto [tx2, rx2] = asr::sync::channel<int>();
    auto t = co_await asr::task::timeout(ms(5), [&]() -> Task<int> {
      co_return (co_await rx2.recv()).value();
    });
    EXPECT_FALSE(t.has_value());
    EXPECT_TRUE(tx2.send(2).is_ok());
    co_return (co_await rx.recv()).value() * 10 + (co_await rx2.recv()).value();
  };
  EXPECT_EQ(run(body), 12);
}

TEST(RuntimeSync, RecvTimeout) {
  auto body = []() -> Task<std::string> {
    auto [tx, rx] = asr::sync::channel<int>();
    std::string out;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      (void)s.spawn([tx = std::move(tx)]() mutable -> Task<void> {
        co_await asr::task::sleep(ms(20));
        EXPECT_TRUE(tx.send(4).is_ok());
      });
      Instant start = Instant::now();
      auto a = co_await rx.recv_timeout(ms(10));
      out += a.error() == asr::sync::RecvTimeoutError::Timeout ? "timeout " : "? ";
      auto b = co_await rx.recv_timeout(ms(100));
      out += std::to_string(b.value()) + " at " + std::to_string(elapsed_ms(start)) + " ";
      auto c = co_await rx.recv_timeout(ms(100));
      out += c.error() == asr::sync::RecvTimeoutError::Disconnected ? "disconnected" : "?";
      co_return;
    });
    co_return out;
  };
  EXPECT_EQ(run(body), "timeout 4 at 20 disconnected");
}

// race(|| a.recv(), || b.recv()) never loses a message (DESIGN.md §2), whether messages are
// already queued, arrive while both racers are parked (both handed a message in one batch:
// the loser gives its message back), or arrive one at a time.
TEST(RuntimeSync, RaceBetweenTwoRecvsLosesNoMessage) {
  auto body = []() -> Task<std::vector<int>> {
    auto [ta, ra] = asr::sync::channel<int>();
    auto [tb, rb] = asr::sync::channel<int>();
    std::vector<int> got;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      (void)s.spawn([ta = std::move(ta), tb = std::move(tb)]() mutable -> Task<void> {
        for (int i = 0; i < 300; i += 2) {
          if (i % 6 == 0) co_await asr::task::sleep(ms(1));  // both racers parked by now
          EXPECT_TRUE(ta.send(i).is_ok());                   // same batch: both handed
          EXPECT_TRUE(tb.send(i + 1).is_ok());
          if (i % 6 == 2) co_await asr::task::yield_now();
        }
      });
      for (;;) {
        auto r = co_await asr::task::race([&]() -> Task<int> {
          auto x = co_await ra.recv();
          co_return x.is_ok() ? x.value() : -1;
        }, [&]() -> Task<int> {
          auto x = co_await rb.recv();
          co_return x.is_ok() ? x.value() : -1;
        });
        if (r < 0) break;
        got.push_back(r);
      }
      // One side disconnected; drain the other.
      for (auto* rx : {&ra, &rb}) {
        for (;;) {
          auto x = co_await rx->recv();
          if (x.is_err()) break;
          got.push_back(x.value());
        }
      }
      co_return;
    });
    co_return got;
  };
  for (uint64_t seed : {0, 1, 5, 11}) {
    std::vector<int> got = run(body, true, seed);
    std::vector<int> sorted = got;
    std::sort(sorted.begin(), sorted.end());
    ASSERT_EQ(sorted.size(), 300u) << seed;
    for (int i = 0; i < 300; ++i) ASSERT_EQ(sorted[size_t(i)], i) << seed;
    // Per channel, FIFO is kept.
    int last_even = -1, last_odd = -1;
    for (int v : got) {
      int& last = v % 2 == 0 ? last_even : last_odd;
      EXPECT_GT(v, last) << seed;
      last = v;
    }
  }
}

// Both racers parked, then both handed a message in one batch: the winner returns its
// message, the loser (cancelled before it ran) puts its message back.
TEST(RuntimeSync, RaceBothHandedTheLoserGivesItsMessageBack) {
  Counted::live = 0;
  auto body = []() -> Task<std::string> {
    auto [ta, ra] = asr::sync::channel<Counted>();
    auto [tb, rb] = asr::sync::channel<Counted>();
    std::string out;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      (void)s.spawn([&ta, &tb]() -> Task<void> {
        co_await asr::task::sleep(ms(1));
        EXPECT_TRUE(ta.send(Counted(1)).is_ok());
        EXPECT_TRUE(tb.send(Counted(2)).is_ok());
      });
      int won = co_await asr::task::race(
          [&]() -> Task<int> { co_return (co_await ra.recv()).value().v; },
          [&]() -> Task<int> { co_return (co_await rb.recv()).value().v; });
      out = std::to_string(won);
      co_return;
    });
    EXPECT_EQ(Counted::live, 1);  // the loser's message, back in b's queue
    out += " " + std::to_string(rb.try_recv().value().v);
    EXPECT_EQ(ra.try_recv().error(), TryRecvError::Empty);
    co_return out;
  };
  EXPECT_EQ(run(body), "1 2");
  EXPECT_EQ(Counted::live, 0);
}

// A rendezvous value handed to a receiver that is cancelled before it runs is not lost: the
// sender has returned, so the value waits in the queue for the next recv.
TEST(RuntimeSync, RendezvousValueHandedToACancelledReceiverIsKept) {
  auto body = []() -> Task<int> {
    auto [tx, rx] = asr::sync::sync_channel<int>(0);
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto h = s.spawn([&rx]() -> Task<int> { co_return (co_await rx.recv()).value(); });
      co_await asr::task::yield_now();             // the receiver parks
      EXPECT_TRUE((co_await tx.send(9)).is_ok());  // handed: returns at once
      EXPECT_FALSE((co_await h.cancel()).has_value());
      co_return;
    });
    co_return (co_await rx.recv()).value();
  };
  EXPECT_EQ(run(body), 9);
}

TEST(RuntimeSync, CancelledBoundedSendDeliversNothingAndDropsTheValueOnce) {
  Counted::live = 0;
  auto body = []() -> Task<Unit> {
    auto [tx, rx] = asr::sync::sync_channel<Counted>(0);
    auto t = co_await asr::task::timeout(ms(5), [&]() -> Task<bool> {
      co_return (co_await tx.send(Counted(1))).is_ok();  // no receiver: parks
    });
    EXPECT_FALSE(t.has_value());
    EXPECT_EQ(Counted::live, 0);  // dropped with the cancelled awaiter
    EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
    // Full bounded channel: the same.
    auto [tx1, rx1] = asr::sync::sync_channel<Counted>(1);
    EXPECT_TRUE(tx1.try_send(Counted(2)).is_ok());
    auto none = co_await asr::task::cancel_scope([&](CancelToken c) -> Task<bool> {
      co_return co_await asr::task::scope([&](Scope& s) -> Task<bool> {
        (void)s.spawn([c]() -> Task<void> {
          co_await asr::task::sleep(ms(2));
          c.cancel();
        });
        co_return (co_await tx1.send(Counted(3))).is_ok();
      });
    });
    EXPECT_FALSE(none.has_value());
    EXPECT_EQ(Counted::live, 1);
    EXPECT_EQ(rx1.try_recv().value().v, 2);
    EXPECT_EQ(rx1.try_recv().error(), TryRecvError::Empty);
    co_return Unit{};
  };
  run(body);
  EXPECT_EQ(Counted::live, 0);
}

TEST(RuntimeSync, ChannelValuesAreDroppedExactlyOnce) {
  Counted::live = 0;
  auto body = []() -> Task<int> {
    int sum = 0;
    auto [tx, rx] = asr::sync::sync_channel<Counted>(2);
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int k = 0; k < 4; ++k) {
        (void)s.spawn([tx = tx.clone(), k]() mutable -> Task<void> {
          for (int i = 0; i < 50; ++i) (void)co_await tx.send(Counted(k + i));
        });
      }
      for (int i = 0; i < 120; ++i) sum += (co_await rx.recv()).value().v;
      { auto drop = std::move(rx); }  // blocked senders get Err(value) back, queue dropped
      co_return;
    });
    co_return sum;
  };
  EXPECT_GT(run(body), 0);
  EXPECT_EQ(Counted::live, 0);
}

// ---------------------------------------------------------------- Mutex

TEST(RuntimeSync, MutexExcludesAndServesWaitersFifo) {
  g_log.clear();
  auto body = []() -> Task<int> {
    Mutex<int> m(0);
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int k = 0; k < 5; ++k) {
        (void)s.spawn([&m, k]() -> Task<void> {
          co_await asr::task::sleep(ms(uint64_t(k)));  // queue in order 0..4
          auto r = co_await m.lock();
          EXPECT_TRUE(r.is_ok());
          auto g = r.into_inner();
          int seen = *g;
          co_await asr::task::sleep(ms(10));  // hold it across a suspension
          *g = seen + 1;
          log("task " + std::to_string(k));
        });
      }
      co_return;
    });
    co_return *(co_await m.lock()).get();
  };
  EXPECT_EQ(run(body), 5);
  EXPECT_EQ(g_log, (std::vector<std::string>{"task 0", "task 1", "task 2", "task 3", "task 4"}));
}

TEST(RuntimeSync, MutexExclusionUnderSeededOrder) {
  Counted::live = 0;
  auto body = []() -> Task<int> {
    Mutex<std::vector<Counted>> m;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int k = 0; k < 20; ++k) {
        (void)s.spawn([&m, k]() -> Task<void> {
          for (int i = 0; i < 10; ++i) {
            auto g = (co_await m.lock()).into_inner();
            size_t before = g->size();
            co_await asr::task::yield_now();  // others queue meanwhile
            EXPECT_EQ(g->size(), before);     // nobody else got in
            g->emplace_back(k);
          }
        });
      }
      co_return;
    });
    co_return int(std::move(m).into_inner().into_inner().size());
  };
  for (uint64_t seed : {0, 4, 17}) {
    EXPECT_EQ(run(body, true, seed), 200) << seed;
    EXPECT_EQ(Counted::live, 0);
  }
}

TEST(RuntimeSync, TryLockAndGetMutAndIntoInner) {
  auto body = []() -> Task<int> {
    Mutex<std::string> m("a");
    {
      auto g = co_await m.lock();
      EXPECT_TRUE(m.try_lock().is_would_block());
    }
    {
      auto t = m.try_lock();
      EXPECT_TRUE(t.is_ok());
      *t.get() += "b";
    }
    m.get_mut().get() += "c";
    EXPECT_FALSE(m.is_locked());
    co_return int(std::move(m).into_inner().into_inner().size());
  };
  EXPECT_EQ(run(body), 3);
}

TEST(RuntimeSync, TimeoutAroundABlockedLockHoldsNothing) {
  auto body = []() -> Task<std::string> {
    Mutex<int> m(1);
    std::string out;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto g = (co_await m.lock()).into_inner();
      auto h = s.spawn([&m]() -> Task<std::string> {
        Instant start = Instant::now();
        auto t = co_await asr::task::timeout(ms(5), [&m]() -> Task<int> {
          co_return *(co_await m.lock()).get();
        });
        std::string r = t ? "locked" : "timed out at " + std::to_string(elapsed_ms(start));
        auto again = co_await m.lock();  // queued behind nothing: the owner releases at 20
        co_return r + ", then " + std::to_string(*again.get());
      });
      co_await asr::task::sleep(ms(20));
      *g = 2;
      { auto drop = std::move(g); }
      out = co_await h.join();
      co_return;
    });
    EXPECT_FALSE(m.is_locked());
    co_return out;
  };
  EXPECT_EQ(run(body), "timed out at 5, then 2");
}

// The lock was handed to a waiter that is cancelled before it runs: it passes to the next.
TEST(RuntimeSync, LockHandedToACancelledWaiterPassesOn) {
  g_log.clear();
  auto body = []() -> Task<Unit> {
    Mutex<int> m(0);
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto g = (co_await m.lock()).into_inner();
      auto a = s.spawn([&m]() -> Task<bool> {
        auto r = co_await asr::task::cancel_scope([&m](CancelToken) -> Task<int> {
          auto g2 = co_await m.lock();
          log("a locked");
          co_return 0;
        });
        co_return r.has_value();
      });
      (void)s.spawn([&m]() -> Task<void> {
        auto g2 = co_await m.lock();
        log("b locked");
      });
      co_await asr::task::yield_now();  // both queued: a first
      { auto drop = std::move(g); }      // handed to a ...
      co_await a.cancel();               // ... cancelled before it runs
      log("a cancelled");
      co_return;
    });
    co_return Unit{};
  };
  run(body);
  EXPECT_EQ(g_log, (std::vector<std::string>{"b locked", "a cancelled"}));
}

TEST(RuntimeSync, PanicWhileHoldingTheGuardPoisonsTheMutex) {
  auto body = []() -> Task<std::string> {
    Mutex<int> m(1);
    co_await asr::task::supervisor([&](Scope& s) -> Task<void> {
      auto h = s.spawn([&m]() -> Task<void> {
        auto g = (co_await m.lock()).into_inner();
        *g = 2;
        co_await asr::task::yield_now();
        boom("held");
      });
      auto r = co_await h.try_join();
      EXPECT_TRUE(r.is_err());
      co_return;
    });
    std::string out = m.is_poisoned() ? "poisoned" : "clean";
    auto r = co_await m.lock();
    out += r.is_err() ? " err " : " ok ";
    out += std::to_string(r.get().get());  // PoisonError::into_inner: the guard is there
    EXPECT_TRUE(m.try_lock().is_would_block());
    { auto drop = r.into_inner(); }
    EXPECT_TRUE(m.try_lock().is_poisoned());
    m.clear_poison();
    EXPECT_TRUE(m.try_lock().is_ok());
    co_return out;
  };
  EXPECT_EQ(run(body), "poisoned err 2");
}

TEST(RuntimeSync, CancellationWhileHoldingTheGuardDoesNotPoison) {
  auto body = []() -> Task<bool> {
    Mutex<int> m(1);
    auto t = co_await asr::task::timeout(ms(5), [&m]() -> Task<int> {
      auto g = co_await m.lock();
      co_await asr::task::sleep(ms(100));
      co_return 0;
    });
    EXPECT_FALSE(t.has_value());
    EXPECT_FALSE(m.is_locked());
    co_return m.is_poisoned();
  };
  EXPECT_FALSE(run(body));
}

TEST(RuntimeSync, LockIsACheckpointAtEntry) {
  auto body = []() -> Task<bool> {
    Mutex<int> m(1);
    auto r = co_await asr::task::cancel_scope([&m](CancelToken c) -> Task<int> {
      c.cancel();
      auto g = co_await m.lock();  // free, but the region is cancelled: throws
      co_return 1;
    });
    EXPECT_FALSE(r.has_value());
    co_return m.is_locked();
  };
  EXPECT_FALSE(run(body));
}

// ---------------------------------------------------------------- RwLock

TEST(RuntimeSync, RwLockReadersShareAndAQueuedWriterBlocksLaterReaders) {
  g_log.clear();
  auto body = []() -> Task<int> {
    g_start = Instant::now();
    RwLock<int> l(0);
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto reader = [&l](std::string name, uint64_t at, uint64_t hold) -> Task<void> {
        co_await asr::task::sleep(ms(at));
        auto g = (co_await l.read()).into_inner();
        log(name + " reads " + std::to_string(*g) + " at " + std::to_string(elapsed_ms(g_start)));
        co_await asr::task::sleep(ms(hold));
      };
      (void)s.spawn([=] { return reader("r1", 0, 10); });
      (void)s.spawn([=] { return reader("r2", 1, 10); });  // shares with r1
      (void)s.spawn([&l]() -> Task<void> {
        co_await asr::task::sleep(ms(2));
        auto g = (co_await l.write()).into_inner();  // waits for r1, r2 (until 11)
        log("w writes at " + std::to_string(elapsed_ms(g_start)));
        *g = 5;
        co_await asr::task::sleep(ms(5));
      });
      (void)s.spawn([=] { return reader("r3", 3, 1); });  // behind the writer
      co_return;
    });
    co_return *(co_await l.read()).get();
  };
  EXPECT_EQ(run(body), 5);
  EXPECT_EQ(g_log, (std::vector<std::string>{"r1 reads 0 at 0", "r2 reads 0 at 1",
                                             "w writes at 11", "r3 reads 5 at 16"}));
}

TEST(RuntimeSync, RwLockCancelledWriterLetsReadersBehindItIn) {
  auto body = []() -> Task<uint64_t> {
    g_start = Instant::now();
    RwLock<int> l(0);
    uint64_t at = 0;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto g = (co_await l.read()).into_inner();
      (void)s.spawn([&l]() -> Task<void> {
        auto t = co_await asr::task::timeout(ms(5), [&l]() -> Task<int> {
          co_return *(co_await l.write()).get();
        });
        EXPECT_FALSE(t.has_value());
      });
      (void)s.spawn([&l, &at]() -> Task<void> {
        co_await asr::task::sleep(ms(1));
        auto r = co_await l.read();  // behind the writer until it gives up at 5
        at = elapsed_ms(g_start);
      });
      co_await asr::task::sleep(ms(50));
      EXPECT_TRUE(l.try_write().is_would_block());
      co_return;
    });
    EXPECT_TRUE(l.try_write().is_ok());
    co_return at;
  };
  EXPECT_EQ(run(body), 5u);
}

TEST(RuntimeSync, RwLockWriterPanicPoisons) {
  auto body = []() -> Task<bool> {
    RwLock<int> l(0);
    co_await asr::task::supervisor([&](Scope& s) -> Task<void> {
      (void)s.spawn([&l]() -> Task<void> {
        auto r = co_await l.read();
        boom("reader");  // a read guard does not poison
      });
      co_await asr::task::sleep(ms(1));
      EXPECT_FALSE(l.is_poisoned());
      (void)s.spawn([&l]() -> Task<void> {
        auto w = co_await l.write();
        boom("writer");
      });
      co_return;
    });
    auto r = co_await l.read();
    co_return r.is_err() && l.is_poisoned();
  };
  EXPECT_TRUE(run(body));
}

// ---------------------------------------------------------------- Semaphore

TEST(RuntimeSync, SemaphoreLimitsConcurrency) {
  auto body = []() -> Task<std::string> {
    Semaphore sem(3);
    int running = 0, peak = 0;
    Instant start = Instant::now();
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int k = 0; k < 10; ++k) {
        (void)s.spawn([&]() -> Task<void> {
          auto p = co_await sem.acquire();
          peak = std::max(peak, ++running);
          co_await asr::task::sleep(ms(10));
          --running;
        });
      }
      co_return;
    });
    co_return std::to_string(peak) + " " + std::to_string(elapsed_ms(start)) + " " +
        std::to_string(sem.available_permits());
  };
  EXPECT_EQ(run(body), "3 40 3");
}

TEST(RuntimeSync, SemaphoreFifoTryAcquireAddPermitsAndCancellation) {
  g_log.clear();
  auto body = []() -> Task<Unit> {
    Semaphore sem(0);
    EXPECT_FALSE(sem.try_acquire().has_value());
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      (void)s.spawn([&]() -> Task<void> {
        auto p = co_await sem.acquire(2);  // first: blocks the 1-permit waiter behind it
        log("big " + std::to_string(p.num_permits()));
      });
      auto cancelled = s.spawn([&]() -> Task<void> {
        auto p = co_await sem.acquire(1);
        log("never");
      });
      (void)s.spawn([&]() -> Task<void> {
        auto p = co_await sem.acquire(1);
        log("small");
        p.forget();
      });
      co_await asr::task::yield_now();
      sem.add_permits(1);  // not enough for the head
      co_await asr::task::yield_now();
      EXPECT_TRUE(g_log.empty());
      EXPECT_FALSE(sem.try_acquire().has_value());  // others are queued
      sem.add_permits(2);  // big gets 2, the next (handed 1) is cancelled before it runs
      co_await cancelled.cancel();
      co_return;
    });
    EXPECT_EQ(sem.available_permits(), 2u);  // small forgot its permit
    co_return Unit{};
  };
  run(body);
  EXPECT_EQ(g_log, (std::vector<std::string>{"big 2", "small"}));
}

// A large request interrupted while parked at the head lets the smaller ones behind it in.
TEST(RuntimeSync, SemaphoreInterruptedHeadLetsTheNextIn) {
  auto body = []() -> Task<std::string> {
    g_start = Instant::now();
    Semaphore sem(1);
    std::string out;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      (void)s.spawn([&]() -> Task<void> {
        auto t = co_await asr::task::timeout(ms(5), [&]() -> Task<size_t> {
          co_return (co_await sem.acquire(2)).num_permits();
        });
        out += t ? "big? " : "big timed out, ";
      });
      (void)s.spawn([&]() -> Task<void> {
        co_await asr::task::sleep(ms(1));
        auto p = co_await sem.acquire(1);
        out += "small at " + std::to_string(elapsed_ms(g_start));
      });
      co_return;
    });
    EXPECT_EQ(sem.available_permits(), 1u);
    co_return out;
  };
  // The interrupt grants the small request before the timed-out task is queued.
  EXPECT_EQ(run(body), "small at 5big timed out, ");
}

// ---------------------------------------------------------------- Notify

TEST(RuntimeSync, NotifyOneWakesTheOldestAndStoresOnePermit) {
  g_log.clear();
  auto body = []() -> Task<Unit> {
    Notify n;
    n.notify_one();
    n.notify_one();  // still one permit
    co_await n.notified();  // consumes it without waiting
    EXPECT_FALSE(n.has_permit());
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int k = 0; k < 3; ++k) {
        (void)s.spawn([&n, k]() -> Task<void> {
          co_await n.notified();
          log("woke " + std::to_string(k));
        });
      }
      co_await asr::task::yield_now();
      n.notify_one();
      co_await asr::task::yield_now();
      log("-");
      n.notify_all();  // the other two; nothing stored
      co_return;
    });
    EXPECT_FALSE(n.has_permit());
    co_return Unit{};
  };
  run(body);
  EXPECT_EQ(g_log, (std::vector<std::string>{"woke 0", "-", "woke 1", "woke 2"}));
}

TEST(RuntimeSync, NotifyHandedToACancelledWaiterPassesOn) {
  g_log.clear();
  auto body = []() -> Task<Unit> {
    Notify n;
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      auto a = s.spawn([&n]() -> Task<void> {
        co_await n.notified();
        log("a");
      });
      co_await asr::task::yield_now();
      n.notify_one();      // handed to a ...
      co_await a.cancel();  // ... cancelled before it runs: stored as the permit
      EXPECT_TRUE(n.has_permit());
      (void)s.spawn([&n]() -> Task<void> {
        co_await n.notified();
        log("b");
      });
      co_return;
    });
    // Interrupted while parked: nothing consumed, nothing stored.
    auto t = co_await asr::task::timeout(ms(3), [&n]() -> Task<void> { co_await n.notified(); });
    EXPECT_FALSE(t.has_value());
    EXPECT_FALSE(n.has_permit());
    co_return Unit{};
  };
  run(body);
  EXPECT_EQ(g_log, (std::vector<std::string>{"b"}));
}

// ---------------------------------------------------------------- determinism

TEST(RuntimeSync, SeededRunsAreDeterministic) {
  auto body = []() -> Task<std::string> {
    std::string out;
    Mutex<std::string> m;
    Semaphore sem(2);
    auto [tx, rx] = asr::sync::sync_channel<int>(1);
    co_await asr::task::scope([&](Scope& s) -> Task<void> {
      for (int k = 0; k < 6; ++k) {
        (void)s.spawn([&, k, tx = tx.clone()]() mutable -> Task<void> {
          auto p = co_await sem.acquire();
          {
            auto g = (co_await m.lock()).into_inner();
            *g += char('a' + k);
          }
          (void)co_await tx.send(k);
        });
      }
      { auto drop = std::move(tx); }
      for (;;) {
        auto r = co_await rx.recv();
        if (r.is_err()) break;
        out += char('0' + r.value());
      }
      co_return;
    });
    co_return out + " " + *(co_await m.lock()).get();
  };
  for (uint64_t seed : {1, 2, 99}) {
    std::string first = run(body, true, seed);
    EXPECT_EQ(run(body, true, seed), first) << seed;
    EXPECT_EQ(first.size(), 13u);
  }
}
