// What sockets see of the I/O driver (runtime/src/reactor.*): a per-fd IoSource and the
// readiness wait, a cancellation checkpoint. The pattern of every socket operation:
//
//   for (;;) { uint32_t seen = src.events(dir); try the syscall;
//              if it did not fail with EAGAIN, return; co_await IoWait{src, dir, seen}; }
//
// The driver is edge-triggered and counts the edges per fd and direction (`events`): a wait
// suspends only if no edge came after `seen` was read, so an edge that arrives between the
// syscall's EAGAIN and the wait (on another worker) is not lost. At most one reader and one
// writer wait per fd (a TcpStream read by two tasks at once panics instead of losing a
// wake-up).
#pragma once
#include <atomic>
#include <coroutine>
#include <cstdint>

#include "asr/cancel.hpp"
#include "asr/frame_alloc.hpp"

namespace asr::rt {

class Reactor;

enum Interest : uint8_t { kRead = 0, kWrite = 1 };

// A parked reader or writer: woken with rt::schedule(h, arena).
struct IoWaiter {
  std::coroutine_handle<> h;
  FrameArena* arena = nullptr;
};

// One fd's state in the driver. Owned by the socket; registered with the running
// scheduler's reactor at its first wait. Must not move while registered (epoll holds its
// address): sockets keep it on the heap.
struct IoSource {
  int fd = -1;
  uint64_t reactor_id = 0;  // the reactor fd is registered with (0: none yet); ids are unique
  uint64_t token = 0;       // its registration there (what epoll reports)
  std::atomic<uint32_t> edges[2] = {0, 0};  // readiness edges seen per direction
  IoWaiter* waiter[2] = {nullptr, nullptr};  // (under the reactor's lock)

  uint32_t events(Interest d) const noexcept { return edges[d].load(std::memory_order_acquire); }
};

// Parks `w` as src's waiter for `d` (registering fd with the running scheduler's reactor
// if needed), unless an edge came after `seen`: then returns false (try again). Panics if
// another task already waits for the same direction.
bool io_park(IoSource& src, Interest d, IoWaiter* w, uint32_t seen);
// Removes a parked waiter that has not been woken; false if it was (already queued).
bool io_unpark(IoSource& src, Interest d, IoWaiter* w) noexcept;
// Closes src.fd exactly once and forgets its registration (so an event already reported
// for it is ignored); no waiter may be parked.
void io_close(IoSource& src) noexcept;

// Awaitable: suspend until src gets a readiness edge for `d` after `seen` (returns at once
// if one came already). A cancellation checkpoint like sleep: throws Cancelled at entry or
// once interrupted, and an interrupted wait leaves nothing registered.
struct IoWait {
  IoSource& src;
  Interest dir;
  uint32_t seen;
  IoWaiter w{};
  Checkpoint cp{};

  bool await_ready() const noexcept { return checkpoint_entry() || src.events(dir) != seen; }
  bool await_suspend(std::coroutine_handle<> h) {
    w = IoWaiter{h, current_arena()};
    if (!io_park(src, dir, &w, seen)) return false;
    cp = Checkpoint{h, w.arena, &interrupt, this};
    park(cp);
    return true;
  }
  void await_resume() const {
    unpark();
    if (cancel_requested()) throw_cancelled();
  }

 private:
  static bool interrupt(void* self) noexcept {
    auto* a = static_cast<IoWait*>(self);
    return io_unpark(a->src, a->dir, &a->w);
  }
};

}  // namespace asr::rt
