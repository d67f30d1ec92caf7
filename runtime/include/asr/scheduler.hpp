// The scheduler as seen by awaiters: make a suspended coroutine ready, or ready at a
// deadline; timers that call a function; cancelling timers. Queues, timers and the run
// loop live behind this in runtime/src.
#pragma once
#include <coroutine>
#include <cstdint>

#include "asr/cancel.hpp"
#include "asr/clock.hpp"
#include "asr/frame_alloc.hpp"

namespace asr::rt {

// Identifies a registered timer (never 0; 0 means "none" in slots).
using TimerId = uint64_t;

// Appends `h` to the run queue (FIFO). Called from awaiters' await_suspend, i.e. by the
// task that owns `h`: its arena is the current one, and is restored when `h` resumes.
void schedule(std::coroutine_handle<> h);
// The same for a coroutine of another task (a wake-up): pass the arena that task had when
// it suspended (`current_arena()` read in its await_suspend). The arena names the task too
// (FrameArena::task()).
void schedule(std::coroutine_handle<> h, FrameArena* arena);
// Queues a new task's first coroutine (a spawned child): at the back of the run queue.
void spawn(std::coroutine_handle<> h, FrameArena* arena);

// Timers are named by a slot their owner keeps alive until the timer has fired or been
// cancelled: registering stores the timer's id in it, firing sets it to 0, both under the
// timer queue's lock, so a canceller on another worker can tell the two apart.
//
// Registers a timer: `h` (of the running task) becomes ready once now() >= deadline. Equal
// deadlines fire in registration order.
void schedule_at(Nanos deadline, std::coroutine_handle<> h, TimerId* slot);
// A timer that calls fn(arg) from the run loop (outside any task) once now() >= deadline.
void call_at(Nanos deadline, void (*fn)(void*), void* arg, TimerId* slot);
// Cancels the timer in `slot` unless it has fired: true if it was pending (it will never
// fire, and the virtual clock never jumps to its deadline); false if it has fired. A
// call_at timer whose function is running on another worker is waited for, so once this
// returns the function's argument may be destroyed.
bool cancel_timer(TimerId* slot) noexcept;

// Awaitable: suspend the current coroutine until `deadline` (always suspends, even if
// the deadline has passed, so it is a fairness point). A cancellation checkpoint: throws
// asr::Cancelled at entry, or once woken early, if the task's region is cancelled.
struct TimerAwaiter {
  Nanos deadline;
  TimerId id = 0;  // pending timer (0: fired or cancelled)
  Checkpoint cp{};

  bool await_ready() const noexcept { return checkpoint_entry(); }  // true: throw, no wait
  void await_suspend(std::coroutine_handle<> h) {
    schedule_at(deadline, h, &id);
    cp = Checkpoint{h, current_arena(), &interrupt, this};
    park(cp);
  }
  void await_resume() const {
    unpark();
    if (cancel_requested()) throw_cancelled();
  }

 private:
  static bool interrupt(void* self) noexcept {
    return cancel_timer(&static_cast<TimerAwaiter*>(self)->id);  // false: fired, queued
  }
};

// Awaitable: go to the back of the run queue. A cancellation checkpoint (at entry and on
// resumption); it is never parked, so nothing needs interrupting.
struct YieldAwaiter {
  bool await_ready() const noexcept { return checkpoint_entry(); }
  void await_suspend(std::coroutine_handle<> h) { schedule(h); }
  void await_resume() const {
    if (cancel_requested()) throw_cancelled();
  }
};

}  // namespace asr::rt
