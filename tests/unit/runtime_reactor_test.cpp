// The I/O driver (runtime/src/reactor.*, asr/io_driver.hpp) on a socketpair: a task waiting for
// readiness suspends (other tasks run), is woken by the peer's write, and its wait is a
// cancellation checkpoint that leaves nothing registered; blocking work finishing on a pool
// thread wakes a scheduler parked in epoll_wait (the eventfd); std::net's sockets on loopback.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "asr/blocking.hpp"
#include "asr/io_driver.hpp"
#include "asr/prelude.hpp"
#include "asr/task_tree.hpp"

using asr::Task;
using asr::time::Duration;

namespace {

template <class F>
auto run(F f, bool virtual_clock = true, uint64_t seed = 0) {
  auto root = asr::rt::root(std::move(f));
  asr::rt::run_to_completion(root.handle(), virtual_clock, seed);
  return root.result();
}

struct Pair {
  asr::rt::IoSource a, b;
  Pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    a.fd = fds[0];
    b.fd = fds[1];
  }
  ~Pair() {
    asr::rt::io_close(a);
    asr::rt::io_close(b);
  }
};

// Reads one byte from src, waiting for readiness as sockets do.
Task<int> read_byte(asr::rt::IoSource& src, std::vector<std::string>& log) {
  for (;;) {
    char c;
    uint32_t seen = src.events(asr::rt::kRead);
    ssize_t n = ::read(src.fd, &c, 1);
    if (n == 1) co_return c;
    EXPECT_TRUE(n < 0 && errno == EAGAIN);
    log.push_back("wait");
    co_await asr::rt::IoWait{src, asr::rt::kRead, seen};
    log.push_back("woken");
  }
}

TEST(Reactor, WaitSuspendsTheTaskAndTheWriteWakesIt) {
  for (bool virt : {false, true}) {
    Pair p;
    std::vector<std::string> log;
    int c = run(
        [&]() -> Task<int> {
          co_return co_await asr::task::scope([&](const asr::task::Scope& s) -> Task<int> {
            auto reader = s.spawn([&]() -> Task<int> { co_return co_await read_byte(p.a, log); });
            s.spawn([&]() -> Task<asr::Unit> {
              co_await asr::task::sleep(Duration::from_millis(5));
              log.push_back("write");
              EXPECT_EQ(::write(p.b.fd, "x", 1), 1);
              co_return asr::Unit{};
            });
            co_return co_await reader.join();
          });
        },
        virt);
    EXPECT_EQ(c, 'x');
    EXPECT_EQ(log, (std::vector<std::string>{"wait", "write", "woken"}));
    EXPECT_EQ(p.a.waiter[asr::rt::kRead], nullptr);
  }
}

TEST(Reactor, ReadyFdDoesNotSuspend) {
  Pair p;
  std::vector<std::string> log;
  EXPECT_EQ(::write(p.b.fd, "y", 1), 1);
  int c = run([&]() -> Task<int> { co_return co_await read_byte(p.a, log); });
  EXPECT_EQ(c, 'y');
  EXPECT_TRUE(log.empty());
}

TEST(Reactor, CancelledWaitIsDeregisteredAndTheFdStillWorks) {
  for (bool virt : {false, true}) {
    Pair p;
    std::vector<std::string> log;
    auto t0 = std::chrono::steady_clock::now();
    bool none = run(
        [&]() -> Task<bool> {
          auto r = co_await asr::task::timeout(Duration::from_millis(20), [&]() -> Task<int> {
            co_return co_await read_byte(p.a, log);
          });
          co_return !r.has_value();
        },
        virt);
    EXPECT_TRUE(none);
    EXPECT_EQ(p.a.waiter[asr::rt::kRead], nullptr);  // nothing left registered
    if (!virt) EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(20));
    // The next wait on the same fd works (no stale waiter, no lost edge).
    log.clear();
    int c = run(
        [&]() -> Task<int> {
          co_return co_await asr::task::scope([&](const asr::task::Scope& s) -> Task<int> {
            auto reader = s.spawn([&]() -> Task<int> { co_return co_await read_byte(p.a, log); });
            s.spawn([&]() -> Task<asr::Unit> {
              co_await asr::task::yield_now();
              EXPECT_EQ(::write(p.b.fd, "z", 1), 1);
              co_return asr::Unit{};
            });
            co_return co_await reader.join();
          });
        },
        virt);
    EXPECT_EQ(c, 'z');
  }
}

TEST(Reactor, CancelledAtEntryDoesNotRegister) {
  Pair p;
  std::vector<std::string> log;
  bool none = run([&]() -> Task<bool> {
    auto r = co_await asr::task::cancel_scope([&](asr::task::CancelToken t) -> Task<int> {
      t.cancel();
      co_return co_await read_byte(p.a, log);
    });
    co_return !r.has_value();
  });
  EXPECT_TRUE(none);
  EXPECT_EQ(p.a.waiter[asr::rt::kRead], nullptr);
  EXPECT_EQ(p.a.reactor_id, 0u);  // never reached io_park
}

// A task waits on an fd that never becomes ready while another waits for blocking work: the
// scheduler is in epoll_wait (no timer), and the pool thread's eventfd write must wake it.
TEST(Reactor, BlockingWorkWakesAnEpollWait) {
  for (bool virt : {false, true}) {
    Pair p;
    std::vector<std::string> log;
    int v = run(
        [&]() -> Task<int> {
          auto r = co_await asr::task::cancel_scope([&](asr::task::CancelToken t) -> Task<int> {
            co_return co_await asr::task::scope([&](const asr::task::Scope& s) -> Task<int> {
              s.spawn([&]() -> Task<int> { co_return co_await read_byte(p.a, log); });
              int x = co_await asr::rt::blocking([] {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                return 7;
              });
              t.cancel();  // the reader would wait forever
              co_return x;
            });
          });
          co_return r.value_or(-1);
        },
        virt);
    EXPECT_EQ(v, -1);  // the scope's body saw the cancellation when its child did
    EXPECT_EQ(p.a.waiter[asr::rt::kRead], nullptr);
  }
}

// std::net's C++ half on loopback: listen, connect, accept, echo, shutdown, refused.
TEST(Net, LoopbackEchoAndErrors) {
  using namespace asr::net;
  std::string got;
  int64_t refused = 0;
  run([&]() -> Task<asr::Unit> {
    SocketAddr any;
    EXPECT_TRUE(parse_socket_addr(asr::Str("127.0.0.1:0"), any));
    Socket l;
    EXPECT_EQ(listen(l, any), 0);
    SocketAddr bound;
    EXPECT_EQ(local_addr(l, bound), 0);
    EXPECT_NE(bound.port(), 0);
    co_await asr::task::scope([&](const asr::task::Scope& s) -> Task<asr::Unit> {
      s.spawn([&]() -> Task<asr::Unit> {
        Socket c;
        SocketAddr peer;
        EXPECT_EQ(co_await accept(l, c, peer), 0);
        uint8_t buf[16];
        for (;;) {
          int64_t n = co_await read(c, asr::Slice<uint8_t>(buf, sizeof buf));
          EXPECT_GE(n, 0);
          if (n <= 0) break;
          EXPECT_EQ(co_await write(c, asr::Slice<const uint8_t>(buf, std::size_t(n))), n);
        }
        co_return asr::Unit{};
      });
      Socket c;
      EXPECT_EQ(co_await connect(c, bound), 0);
      const uint8_t msg[] = {'h', 'i', '!'};
      EXPECT_EQ(co_await write(c, asr::Slice<const uint8_t>(msg, 3)), 3);
      EXPECT_EQ(shutdown(c, 1), 0);
      uint8_t buf[16];
      for (;;) {
        int64_t n = co_await read(c, asr::Slice<uint8_t>(buf, sizeof buf));
        if (n <= 0) break;
        got.append(reinterpret_cast<char*>(buf), std::size_t(n));
      }
      co_return asr::Unit{};
    });
    l = Socket();  // the last handle: closes the listener
    Socket c;
    refused = co_await connect(c, bound);
    co_return asr::Unit{};
  });
  EXPECT_EQ(got, "hi!");
  EXPECT_EQ(refused, -(1000 + ECONNREFUSED));
  SocketAddr v6;
  EXPECT_TRUE(parse_socket_addr(asr::Str("[::1]:8080"), v6));
  EXPECT_EQ(std::string(socket_addr_text(v6).as_str().data(), socket_addr_text(v6).len()), "[::1]:8080");
  EXPECT_FALSE(parse_socket_addr(asr::Str("127.0.0.1"), v6));
  EXPECT_FALSE(parse_socket_addr(asr::Str("1.2.3.4:99999"), v6));
}

}  // namespace
