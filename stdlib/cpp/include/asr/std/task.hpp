// std::task primitives available today: sleep and yield_now (awaitables, not coroutines).
#pragma once
#include "asr/scheduler.hpp"
#include "asr/std/time.hpp"

namespace asr::task {

// `co_await asr::task::sleep(d)`: resumes once d has elapsed (always suspends at least
// once, so sleep(ZERO) yields). The deadline is computed now, in 128-bit nanoseconds, so
// any Duration (u64 seconds) is valid.
inline rt::TimerAwaiter sleep(time::Duration d) noexcept {
  return rt::TimerAwaiter{rt::now() + d.as_nanos()};
}
// Sleep until an Instant.
inline rt::TimerAwaiter sleep_until(time::Instant t) noexcept { return rt::TimerAwaiter{t.nanos()}; }
// `co_await asr::task::yield_now()`: go to the back of the run queue.
inline rt::YieldAwaiter yield_now() noexcept { return {}; }

}  // namespace asr::task
