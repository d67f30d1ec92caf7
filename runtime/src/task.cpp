// The eager-call stack budget of asr::Task and the slot of the coroutine to resume next
// (see asr/task.hpp).
#include "asr/task.hpp"

namespace asr::rt {

constinit thread_local std::uintptr_t t_eager_stack_limit = 0;
constinit thread_local void* t_deferred_start = nullptr;
constinit thread_local std::uint64_t t_deferred_count = 0;

std::uint64_t deferred_starts() noexcept { return t_deferred_count; }

void run_deferred_starts() noexcept {
  // Each resume starts on this (shallow) stack, with the whole budget; a chain that spends
  // it again leaves the next deferred start behind, a task that ends its awaiter.
  while (void* p = t_deferred_start) {
    t_deferred_start = nullptr;
    std::coroutine_handle<>::from_address(p).resume();
  }
}

}  // namespace asr::rt
