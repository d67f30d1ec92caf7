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
#include <mutex>
#include <vector>

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

// Live reactors, so that io_close / io_unpark reach the one a source is registered with (or
// find it gone: a socket may outlive a runtime in tests).
std::mutex g_reactors_mu;
std::vector<Reactor*> g_reactors;

constexpr uint64_t kNotifyToken = ~uint64_t(0);

uint64_t token_of(uint32_t index, uint32_t generation) noexcept {
  return (uint64_t(generation) << 32) | index;
}

}  // namespace

Reactor::Reactor() : id_(g_next_id.fetch_add(1, std::memory_order_relaxed)) {
  epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) fatal("epoll_create1");
  eventfd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (eventfd_ < 0) fatal("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;  // level-triggered: poll() drains it
  ev.data.u64 = kNotifyToken;
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, eventfd_, &ev) != 0) fatal("epoll_ctl(eventfd)");
  std::lock_guard<std::mutex> l(g_reactors_mu);
  g_reactors.push_back(this);
}

Reactor::~Reactor() {
  {
    std::lock_guard<std::mutex> l(g_reactors_mu);
    std::erase(g_reactors, this);
  }
  ::close(eventfd_);
  ::close(epfd_);
}

void Reactor::add_locked(IoSource& src) {
  uint32_t i;
  if (!free_.empty()) {
    i = free_.back();
    free_.pop_back();
  } else {
    i = uint32_t(slots_.size());
    slots_.push_back(Slot{});
  }
  slots_[i].src = &src;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = token_of(i, slots_[i].generation);
  if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, src.fd, &ev) != 0) fatal("epoll_ctl(ADD)");
  src.reactor_id = id_;
  src.token = ev.data.u64;
}

bool Reactor::park(IoSource& src, Interest d, IoWaiter* w, uint32_t seen) {
  std::unique_lock<std::mutex> l(mu_);
  if (src.reactor_id != id_) add_locked(src);
  if (src.events(d) != seen) return false;  // an edge came meanwhile: try again
  if (src.waiter[d] != nullptr) {
    // (The socket types are shared handles: two tasks may hold one.)
    l.unlock();
    if (d == kRead) panic(Loc{"reactor.cpp", __LINE__, 1}, "two tasks read the same socket at once");
    panic(Loc{"reactor.cpp", __LINE__, 1}, "two tasks write the same socket at once");
  }
  src.waiter[d] = w;
  ++waiters_;
  return true;
}

bool Reactor::unpark(IoSource& src, Interest d, IoWaiter* w) noexcept {
  std::lock_guard<std::mutex> l(mu_);
  if (src.waiter[d] != w) return false;  // already woken
  src.waiter[d] = nullptr;
  --waiters_;
  return true;
}

void Reactor::close(IoSource& src) noexcept {
  std::lock_guard<std::mutex> l(mu_);
  if (src.reactor_id == id_) {
    auto i = uint32_t(src.token);
    slots_[i].src = nullptr;
    ++slots_[i].generation;  // an event already reported under the old token is dropped
    free_.push_back(i);
  }
  // The only descriptor of the socket: closing it also takes it out of the epoll set.
  ::close(src.fd);
}

std::size_t Reactor::waiters() const noexcept {
  std::lock_guard<std::mutex> l(mu_);
  return waiters_;
}

std::size_t Reactor::poll(int timeout_ms) {
  epoll_event evs[64];
  int n;
  do n = ::epoll_wait(epfd_, evs, 64, timeout_ms);
  while (n < 0 && errno == EINTR);
  if (n < 0) fatal("epoll_wait");
  std::size_t woken = 0;
  std::lock_guard<std::mutex> l(mu_);
  for (int i = 0; i < n; ++i) {
    uint64_t token = evs[i].data.u64;
    if (token == kNotifyToken) {  // notify(): reset the counter
      uint64_t v;
      while (::read(eventfd_, &v, sizeof v) > 0) {
      }
      ++woken;
      continue;
    }
    auto index = uint32_t(token);
    if (index >= slots_.size() || slots_[index].generation != uint32_t(token >> 32)) continue;
    IoSource* src = slots_[index].src;
    if (src == nullptr) continue;  // closed after epoll_wait returned
    uint32_t e = evs[i].events;
    bool bad = (e & (EPOLLHUP | EPOLLERR)) != 0;  // wake both: the syscall reports the error
    bool dir_ready[2] = {bad || (e & (EPOLLIN | EPOLLRDHUP)) != 0, bad || (e & EPOLLOUT) != 0};
    for (int d = 0; d < 2; ++d) {
      if (!dir_ready[d]) continue;
      src->edges[d].fetch_add(1, std::memory_order_release);
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

// The source's reactor, called with it under the registry's lock (so it cannot be destroyed
// meanwhile); nothing if it is gone.
template <class F>
void with_reactor_of(const IoSource& src, F f) {
  std::lock_guard<std::mutex> l(g_reactors_mu);
  for (Reactor* r : g_reactors) {
    if (r->id() == src.reactor_id) {
      f(*r);
      return;
    }
  }
}

bool io_unpark(IoSource& src, Interest d, IoWaiter* w) noexcept {
  bool done = false;
  if (src.reactor_id != 0) with_reactor_of(src, [&](Reactor& r) { done = r.unpark(src, d, w); });
  return done;
}

void io_close(IoSource& src) noexcept {
  if (src.fd < 0) return;
  bool closed = false;
  if (src.reactor_id != 0) {
    with_reactor_of(src, [&](Reactor& r) {
      r.close(src);
      closed = true;
    });
  }
  if (!closed) ::close(src.fd);
  src.fd = -1;
  src.reactor_id = 0;
}

int poll_timeout_ms(bool has_deadline, Nanos deadline) noexcept {
  if (!has_deadline) return -1;
  Nanos t = now();
  if (deadline <= t) return 0;
  Nanos ms = (deadline - t + 999999) / 1000000;
  return ms > Nanos(INT_MAX) ? INT_MAX : int(ms);
}

}  // namespace asr::rt
