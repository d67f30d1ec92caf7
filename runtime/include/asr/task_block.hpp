// Memory for spawned tasks: one block per task (its bookkeeping and its first frames, see
// task_tree.hpp), from a per-thread cache of freed blocks, malloc otherwise.
//
// A server spawns and ends tasks at a high rate, and a batch of them is freed before the
// next batch is spawned; malloc's own per-thread cache keeps only a few blocks per size, so
// most spawns would go to the shared heap. Blocks are sized in classes of 64 bytes up to
// kMaxCachedBlock (larger ones come from malloc directly); each thread keeps up to
// kMaxCachedBytes of freed blocks. A block freed on another worker joins that worker's cache.
// Under AddressSanitizer there is no cache, so a use after free is still reported.
#pragma once
#include <cstddef>

namespace asr::rt {

inline constexpr std::size_t kBlockGranule = 64;
inline constexpr std::size_t kMaxCachedBlock = 4096;
inline constexpr std::size_t kMaxCachedBytes = std::size_t(2) << 20;

// The size of the block task_block_alloc(n) returns (n rounded up to its class).
constexpr std::size_t task_block_size(std::size_t n) noexcept {
  return n <= kMaxCachedBlock ? (n + kBlockGranule - 1) & ~(kBlockGranule - 1) : n;
}

// A block of task_block_size(n) bytes, 16-aligned. Never null (aborts with Rust's message).
void* task_block_alloc(std::size_t n);
// `p` came from task_block_alloc(n) (on any thread).
void task_block_free(void* p, std::size_t n) noexcept;
// Returns this thread's cached blocks to malloc (a worker thread's end, block_on's end).
void task_block_flush() noexcept;

}  // namespace asr::rt
