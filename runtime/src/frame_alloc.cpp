// Coroutine frame allocation: the slow paths of the per-task arena, and malloc frames
// (see asr/frame_alloc.hpp for the design).
#include "asr/frame_alloc.hpp"

#include <cstdint>
#include <cstdlib>
#include <new>
#include <utility>

#include "asr/io.hpp"
#include "asr/panic.hpp"

namespace asr::rt {

constinit thread_local FrameArena* t_current_arena __attribute__((tls_model("initial-exec"))) =
    nullptr;

static_assert(sizeof(FrameBlock) == 16 && alignof(FrameBlock) == alignof(std::max_align_t),
              "frames must stay aligned for any type");

void* heap_frame_alloc(std::size_t n) {
  auto* b = n <= SIZE_MAX - sizeof(FrameBlock)
                ? static_cast<FrameBlock*>(std::malloc(sizeof(FrameBlock) + n))
                : nullptr;
  if (b == nullptr) [[unlikely]] alloc_failed(n);
  b->owner = nullptr;
  b->link = 0;
  return b + 1;
}

void heap_frame_free(FrameBlock* b) noexcept { std::free(b); }

FrameArena::~FrameArena() {
  if (!empty()) [[unlikely]] {
    // Freeing the chunks would leave those frames (and their later frame_free) dangling.
    stderr_write("fatal runtime error: a task ended while one of its coroutine frames was live\n");
    std::abort();
  }
  trim();
  if (home_ != nullptr) ASR_FRAME_UNPOISON(home_->data(), home_->size - sizeof(Chunk));
}

void FrameArena::set_home(void* mem, std::size_t size, std::atomic<std::uint32_t>* hint) noexcept {
  home_hint_ = hint;
  if (size < sizeof(Chunk) + sizeof(FrameBlock) + 16) return;  // no room for a frame
  home_ = static_cast<Chunk*>(mem);
  home_->size = size;
  home_->prev = nullptr;
  ASR_FRAME_POISON(home_->data(), size - sizeof(Chunk));
  use_home();
}

void FrameArena::use_home() noexcept {
  chunk_ = home_;
  top_ = home_->data();
  end_ = home_->end();
  last_ = nullptr;
}

void FrameArena::learn_home_size(std::size_t total) noexcept {
  // What the home would have needed: the frames already in it, and this one.
  std::size_t used = chunk_ != nullptr && chunk_ == home_ ? std::size_t(top_ - home_->data()) : 0;
  std::size_t want = sizeof(Chunk) + used + total;
  if (want > kMaxHome) return;  // deep call stacks: a home would not save the chunks
  std::uint32_t seen = home_hint_->load(std::memory_order_relaxed);
  while (seen < want &&
         !home_hint_->compare_exchange_weak(seen, std::uint32_t(want), std::memory_order_relaxed)) {
  }
}

void* FrameArena::allocate_slow(std::size_t total) {
  if (heap_only()) [[unlikely]] return heap_frame_alloc(total - sizeof(FrameBlock));
  push_chunk(total);
  return allocate(total - sizeof(FrameBlock));  // fits now
}

void FrameArena::push_chunk(std::size_t total) {
  std::size_t need = total + sizeof(Chunk);
  if (home_hint_ != nullptr && (chunk_ == nullptr || chunk_ == home_)) learn_home_size(total);
  if (chunk_ != nullptr && last_ == nullptr) {
    // The current (first) chunk is empty but too small: replace it rather than stack on it.
    Chunk* small = chunk_;
    chunk_ = nullptr;
    retire(small);
  }
  Chunk* c;
  if (spare_ != nullptr && spare_->size >= need) {
    c = std::exchange(spare_, nullptr);
  } else {
    std::size_t size = chunk_ == nullptr ? kFirstChunk : chunk_->size * 2;
    if (size > kMaxChunk) size = kMaxChunk;
    if (size < need) size = need;
    c = static_cast<Chunk*>(std::malloc(size));
    if (c == nullptr) [[unlikely]] alloc_failed(size);
    c->size = size;
    ASR_FRAME_POISON(c->data(), size - sizeof(Chunk));
  }
  if (chunk_ != nullptr) {
    chunk_->saved_top = top_;
    chunk_->saved_last = last_;
  }
  c->prev = chunk_;
  chunk_ = c;
  top_ = c->data();
  end_ = c->end();
  last_ = nullptr;
}

void FrameArena::settle() noexcept {
  for (;;) {
    while (last_ != nullptr && freed(last_)) {
      FrameBlock* b = last_;
      top_ = reinterpret_cast<std::byte*>(b);
      last_ = below(b);
      ASR_FRAME_POISON(b, sizeof(FrameBlock));
    }
    if (last_ != nullptr || chunk_ == nullptr || chunk_->prev == nullptr) return;
    // The current chunk is empty: continue in the previous one, keep this one as the spare.
    Chunk* emptied = chunk_;
    chunk_ = emptied->prev;
    top_ = chunk_->saved_top;
    end_ = chunk_->end();
    last_ = chunk_->saved_last;
    retire(emptied);
  }
}

void FrameArena::retire(Chunk* c) noexcept {
  if (c == home_) return;  // not ours
  // One spare is enough to cross a chunk boundary back and forth; keep the larger.
  if (spare_ != nullptr && spare_->size >= c->size) {
    free_chunk(c);
    return;
  }
  if (spare_ != nullptr) free_chunk(spare_);
  spare_ = c;
}

void FrameArena::free_chunks() noexcept {
  if (chunk_ != nullptr && chunk_ != home_) free_chunk(chunk_);  // the first chunk: nothing below it
  if (spare_ != nullptr) free_chunk(spare_);
  chunk_ = spare_ = nullptr;
  top_ = end_ = nullptr;
  if (home_ != nullptr) use_home();  // the next frames start there again
}

void FrameArena::free_chunk(Chunk* c) noexcept {
  ASR_FRAME_UNPOISON(c->data(), c->size - sizeof(Chunk));
  std::free(c);
}

std::size_t FrameArena::chunk_count() const noexcept {
  std::size_t n = 0;
  for (Chunk* c = chunk_; c != nullptr; c = c->prev) ++n;
  return n;
}

std::size_t FrameArena::reserved_bytes() const noexcept {
  std::size_t n = spare_ != nullptr ? spare_->size : 0;
  for (Chunk* c = chunk_; c != nullptr; c = c->prev) n += c->size;
  return n;
}

}  // namespace asr::rt
