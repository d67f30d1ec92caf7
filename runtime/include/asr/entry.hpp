// Process entry for generated programs:
//   int main(int argc, char** argv) { return ::asr::run_main(argc, argv, &crate::main); }
#pragma once
#include <cstdint>

#include "asr/task.hpp"

namespace asr {

// Runs the ASR main task to completion on the scheduler. Returns the process exit code:
// 0, or 101 after a panic. Flushes stdout. Reads ASR_SEED (virtual clock, seeded order).
int run_main(int argc, char** argv, Task<void> (*main_fn)());
// For an ASR main that never suspends.
int run_main_sync(int argc, char** argv, void (*main_fn)());

namespace rt {
int argc() noexcept;
char** argv() noexcept;

// Drives `root` (a not-yet-started task's handle) on a fresh scheduler until it is done.
// virtual_clock/seed as ASR_SEED would set them. Panics stay in the task (see result()).
void run_to_completion(std::coroutine_handle<> root, bool virtual_clock = false,
                       uint64_t seed = 0);
// The same, configured from the environment (ASR_SEED).
void run_to_completion_env(std::coroutine_handle<> root);
}  // namespace rt

// Runs a task to completion on a fresh scheduler and returns its value (rethrows its panic).
template <class T>
T block_on(Task<T> t) {
  rt::run_to_completion_env(t.handle());
  return t.result();
}

}  // namespace asr
