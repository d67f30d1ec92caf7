// The run loop behind asr/scheduler.hpp (private to the runtime).
#pragma once
#include <coroutine>
#include <cstdint>

namespace asr::rt {

struct SchedulerConfig {
  bool virtual_clock = false;  // ASR_SEED set
  uint64_t seed = 0;           // 0: FIFO; >0: seeded random pick among ready tasks
  bool frame_arena = true;     // ASR_FRAME_ARENA=0: every frame from malloc (benchmarks, debugging)
  unsigned workers = 1;        // ASR_WORKERS (always 1 under ASR_SEED)
};

// Reads ASR_SEED, ASR_WORKERS and ASR_FRAME_ARENA from the environment.
SchedulerConfig config_from_env() noexcept;

// Schedules `root` (a suspended, not yet started coroutine whose final continuation
// returns to the caller) and drives the run queue and timers until root.done().
void block_on(std::coroutine_handle<> root, const SchedulerConfig& config);

}  // namespace asr::rt
