#include "reactor.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "asr/io.hpp"
#include "asr/panic.hpp"
#include "asr/scheduler.hpp"

namespace asr::rt {
namespace {

[[noreturn]] void fatal(const char* what) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "fatal runtime error: %s: %s\n", what, std::strerror(errno));
  stderr_write(Str(buf, std::strlen(buf)));
  std::abort();
}

std::atomic<uint64_t> g_next_id{1};

}  // namespace

Reactor::Reactor() : id_(g_next_id.fetch_add(1, std::memory_order_relaxed)) {
  epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) fatal("epoll_create1");
  eventfd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (eventfd_ < 0) fatal("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;  // level-triggered: poll() drains it
  ev.data.ptr = nullptr;
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, eventfd_, &ev) != 0) fatal("epoll_ctl(eventfd)");
}

Reactor::~Reactor() {
  ::close(eventfd_);
  ::close(epfd_);
}

void Reactor::add(IoSource& src) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = &src;
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, src.fd, &ev) != 0) fatal("epoll_ctl(ADD)");
  src.reactor = this;
  src.reactor_id = id_;
}

void Reactor::park(IoSource& src, Interest d, IoWaiter* w) {
  if (src.reactor != this || src.reactor_id != id_) add(src);
  if (src.waiter[d] != nullptr) {
    // (The socket types are shared handles: two tasks may hold one.)
    if (d == kRead) panic(Loc{"reactor.cpp", __LINE__, 1}, "two tasks read the same socket at once");
    panic(Loc{"reactor.cpp", __LINE__, 1}, "two tasks write the same socket at once");
  }
  src.waiter[d] = w;
  ++waiters_;
}

bool Reactor::unpark(IoSource& src, Interest d, IoWaiter* w) noexcept {
  if (src.waiter[d] != w) return false;  // already woken
  src.waiter[d] = nullptr;
  --waiters_;
  return true;
}

std::size_t Reactor::poll(int timeout_ms) {
  epoll_event evs[64];
  int n;
  do n = ::epoll_wait(epfd_, evs, 64, timeout_ms);
  while (n < 0 && errno == EINTR);
  if (n < 0) fatal("epoll_wait");
  std::size_t woken = 0;
  for (int i = 0; i < n; ++i) {
    auto* src = static_cast<IoSource*>(evs[i].data.ptr);
    if (src == nullptr) {  // notify(): reset the counter
      uint64_t v;
      while (::read(eventfd_, &v, sizeof v) > 0) {
      }
      ++woken;
      continue;
    }
    uint32_t e = evs[i].events;
    bool bad = (e & (EPOLLHUP | EPOLLERR)) != 0;  // wake both: the syscall reports the error
    bool dir_ready[2] = {bad || (e & (EPOLLIN | EPOLLRDHUP)) != 0, bad || (e & EPOLLOUT) != 0};
    for (int d = 0; d < 2; ++d) {
      if (!dir_ready[d]) continue;
      src->ready[d] = true;
      if (IoWaiter* w = src->waiter[d]) {
        src->waiter[d] = nullptr;
        --waiters_;
        schedule(w->h, w->arena);
        ++woken;
      }
    }
  }
  return woken;
}

void Reactor::notify() noexcept {
  uint64_t one = 1;
  while (::write(eventfd_, &one, sizeof one) < 0 && errno == EINTR) {
  }
}

int poll_timeout_ms(bool has_deadline, Nanos deadline) noexcept {
  if (!has_deadline) return -1;
  Nanos t = now();
  if (deadline <= t) return 0;
  Nanos ms = (deadline - t + 999999) / 1000000;
  return ms > Nanos(INT_MAX) ? INT_MAX : int(ms);
}

}  // namespace asr::rt
