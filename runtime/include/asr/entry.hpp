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

// Drives `root` (a not-yet-started coroutine, e.g. an rt::RootTask's handle, whose final
// continuation returns to its resumer) on a fresh scheduler until it is done.
// virtual_clock/seed as ASR_SEED would set them, workers as ASR_WORKERS (ignored with a
// virtual clock). Panics stay in the task (see result()).
void run_to_completion(std::coroutine_handle<> root, bool virtual_clock = false,
                       uint64_t seed = 0, unsigned workers = 1);
// The same, configured from the environment (ASR_SEED).
void run_to_completion_env(std::coroutine_handle<> root);
}  // namespace rt

// Runs f() (which returns a Task<T>) to completion on a fresh scheduler and returns its
// value (rethrows its panic). Takes the function, not the task: a Task starts when it is
// called, and must start inside the scheduler.
template <class F>
  requires requires(F& f) { typename rt::TaskValue<std::invoke_result_t<F&>>::type; }
decltype(auto) block_on(F f) {
  rt::RootTask root = rt::root(std::move(f));
  rt::run_to_completion_env(root.handle());
  return root.result();
}

}  // namespace asr
