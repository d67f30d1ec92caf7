// What sockets see of the I/O driver (runtime/src/reactor.*): a per-fd IoSource and the
// readiness wait, a cancellation checkpoint. The pattern of every socket operation:
//
//   for (;;) { try the syscall; if it did not fail with EAGAIN, return;
//              src.clear_ready(dir); co_await IoWait{src, dir}; }
//
// The driver is edge-triggered, so readiness is remembered per fd (`ready`) until an EAGAIN
// clears it; a wait on a ready fd does not suspend. At most one reader and one writer wait
// per fd (a TcpStream read by two tasks at once panics instead of losing a wake-up).
#pragma once
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
  Reactor* reactor = nullptr;  // where fd is registered (null: not yet)
  uint64_t reactor_id = 0;     // that reactor's id (a later one may reuse its address)
  bool ready[2] = {true, true};  // until an EAGAIN says otherwise
  IoWaiter* waiter[2] = {nullptr, nullptr};

  void clear_ready(Interest d) noexcept { ready[d] = false; }
};

// Parks `w` as src's waiter for `d` (registering fd with the running scheduler's reactor
// if needed). Panics if another task already waits for the same direction.
void io_park(IoSource& src, Interest d, IoWaiter* w);
// Removes a parked waiter that has not been woken; false if it was (already queued).
bool io_unpark(IoSource& src, Interest d, IoWaiter* w) noexcept;
// Closes src.fd exactly once (closing the only descriptor also removes it from the epoll
// set); no waiter may be parked.
void io_close(IoSource& src) noexcept;

// Awaitable: suspend until src is ready for `d` (returns at once if it already is). A
// cancellation checkpoint like sleep: throws Cancelled at entry or once interrupted, and an
// interrupted wait leaves nothing registered.
struct IoWait {
  IoSource& src;
  Interest dir;
  IoWaiter w{};
  Checkpoint cp{};

  bool await_ready() const noexcept { return checkpoint_entry() || src.ready[dir]; }
  void await_suspend(std::coroutine_handle<> h) {
    w = IoWaiter{h, current_arena()};
    io_park(src, dir, &w);
    cp = Checkpoint{h, w.arena, &interrupt, this};
    park(cp);
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
