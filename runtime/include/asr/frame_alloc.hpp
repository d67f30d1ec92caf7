// The one allocation entry point for coroutine frames. Plain malloc today; every frame
// of a task is strictly nested (each call is awaited at once), so a per-task LIFO arena
// can replace this without touching Task or generated code.
#pragma once
#include <cstddef>

namespace asr {

// Never returns null: failure aborts with Rust's `memory allocation of N bytes failed`.
void* frame_alloc(std::size_t size);
void frame_free(void* p, std::size_t size) noexcept;

}  // namespace asr
