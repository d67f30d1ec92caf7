#include <cerrno>
#include <ctime>

#include "time_driver.hpp"

namespace asr::rt {
namespace {

bool g_virtual = false;
Nanos g_virtual_now = 0;

Nanos monotonic_now() noexcept {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return Nanos(uint64_t(ts.tv_sec)) * kNanosPerSec + Nanos(uint64_t(ts.tv_nsec));
}

}  // namespace

Nanos now() noexcept { return g_virtual ? g_virtual_now : monotonic_now(); }

namespace time_driver {

void init(bool virtual_clock) noexcept {
  g_virtual_now = monotonic_now();
  g_virtual = virtual_clock;
}

bool is_virtual() noexcept { return g_virtual; }

void park_until(Nanos deadline) noexcept {
  if (g_virtual) {
    if (deadline > g_virtual_now) g_virtual_now = deadline;
    return;
  }
  // Deadlines beyond time_t's range (a 500-year sleep is legal) clamp to the maximum.
  constexpr Nanos kMaxSecs = Nanos(uint64_t(INT64_MAX));
  Nanos secs = deadline / kNanosPerSec;
  timespec ts;
  if (secs > kMaxSecs) {
    ts.tv_sec = INT64_MAX;
    ts.tv_nsec = 999999999;
  } else {
    ts.tv_sec = time_t(secs);
    ts.tv_nsec = long(deadline % kNanosPerSec);
  }
  while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

}  // namespace time_driver
}  // namespace asr::rt
