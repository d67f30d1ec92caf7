// The per-thread cache of task blocks (asr/task_block.hpp).
#include "asr/task_block.hpp"

#include <cstdint>
#include <cstdlib>

#include "asr/frame_alloc.hpp"  // ASR_FRAME_ASAN
#include "asr/panic.hpp"

namespace asr::rt {

namespace {

constexpr std::size_t kClasses = kMaxCachedBlock / kBlockGranule;

struct FreeBlock {
  FreeBlock* next;
};

// Trivially constructible, so the thread_local needs no guard on access.
struct BlockCache {
  FreeBlock* heads[kClasses];
  std::size_t bytes;
};

constinit thread_local BlockCache t_cache __attribute__((tls_model("initial-exec"))) = {};

std::size_t class_of(std::size_t size) noexcept { return size / kBlockGranule - 1; }

void* malloc_block(std::size_t size) {
  void* p = std::malloc(size);
  if (p == nullptr) [[unlikely]] alloc_failed(size);
  return p;
}

}  // namespace

void* task_block_alloc(std::size_t n) {
  std::size_t size = task_block_size(n);
#ifndef ASR_FRAME_ASAN
  if (size <= kMaxCachedBlock) {
    BlockCache& c = t_cache;
    std::size_t k = class_of(size);
    if (FreeBlock* b = c.heads[k]) {
      c.heads[k] = b->next;
      c.bytes -= size;
      return b;
    }
  }
#endif
  return malloc_block(size);
}

void task_block_free(void* p, std::size_t n) noexcept {
  std::size_t size = task_block_size(n);
#ifndef ASR_FRAME_ASAN
  BlockCache& c = t_cache;
  if (size <= kMaxCachedBlock && c.bytes + size <= kMaxCachedBytes) {
    auto* b = static_cast<FreeBlock*>(p);
    std::size_t k = class_of(size);
    b->next = c.heads[k];
    c.heads[k] = b;
    c.bytes += size;
    return;
  }
#endif
  std::free(p);
}

void task_block_flush() noexcept {
  BlockCache& c = t_cache;
  for (FreeBlock*& head : c.heads) {
    while (FreeBlock* b = head) {
      head = b->next;
      std::free(b);
    }
  }
  c.bytes = 0;
}

}  // namespace asr::rt
