// Process entry for generated programs:
//   int main(int argc, char** argv) { return ::asr::run_main(argc, argv, &crate::main); }
#pragma once
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
}  // namespace rt

}  // namespace asr
