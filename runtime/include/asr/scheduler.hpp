// The scheduler as seen by awaiters: make a suspended coroutine ready, or ready at a
// deadline. Queues, timers and the run loop live behind this in runtime/src.
#pragma once
#include <coroutine>
#include "asr/clock.hpp"
#include "asr/frame_alloc.hpp"

namespace asr::rt {

// Appends `h` to the run queue (FIFO). Called from awaiters' await_suspend, i.e. by the
// task that owns `h`: its arena is the current one, and is restored when `h` resumes.
void schedule(std::coroutine_handle<> h);
// The same for a coroutine of another task (a wake-up): pass the arena that task had when
// it suspended (`current_arena()` read in its await_suspend).
void schedule(std::coroutine_handle<> h, FrameArena* arena);
// Registers a timer: `h` (of the running task) becomes ready once now() >= deadline. Equal
// deadlines fire in registration order.
void schedule_at(Nanos deadline, std::coroutine_handle<> h);

// Awaitable: suspend the current coroutine until `deadline` (always suspends, even if
// the deadline has passed, so it is a fairness point).
struct TimerAwaiter {
  Nanos deadline;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { schedule_at(deadline, h); }
  void await_resume() const noexcept {}
};

// Awaitable: go to the back of the run queue.
struct YieldAwaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { schedule(h); }
  void await_resume() const noexcept {}
};

}  // namespace asr::rt
