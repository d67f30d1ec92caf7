// Coroutine frame allocation: a per-task LIFO arena, malloc otherwise.
//
// Every call in ASR is awaited at once, so the coroutine frames of one task nest strictly:
// a frame is created, runs, and is destroyed before its caller continues. Each task owns a
// FrameArena (a bump allocator over a list of chunks); the scheduler makes it the thread's
// current arena while it runs one of the task's coroutines, and `frame_alloc` takes frames
// from it with a few instructions. With no current arena (the root frame, created before the
// task runs; code outside the scheduler) frames come from malloc.
//
// Every block starts with a 16-byte FrameBlock header naming its arena (null: malloc), so
// `frame_free` is right whoever frees it. Frees need not be LIFO: freeing a block that is not
// on top only marks it, and popping the top block also pops the marked blocks below it.
//
// Memory: chunks are allocated on the first nested frame, grow geometrically, one emptied
// chunk is kept as a spare (no malloc/free at a chunk boundary), and `trim()` returns
// everything while the task holds no frame (the scheduler calls it whenever the task
// suspends), so an idle task costs sizeof(FrameArena) and nothing more.
//
// A spawned task's arena also has a *home* chunk: memory in the task's own block
// (task_tree.hpp), used as the first chunk whenever the frames fit, never freed by the
// arena. Its size is learned per spawn site: when a task's frames overflow its home, the
// site's hint grows to what they needed (up to kMaxHome), so the next tasks spawned there
// run without touching malloc.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

// Under AddressSanitizer, free arena bytes are poisoned, so a use of a destroyed frame is
// still reported as it would be with malloc.
#if defined(__SANITIZE_ADDRESS__)
#define ASR_FRAME_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASR_FRAME_ASAN 1
#endif
#endif
#ifdef ASR_FRAME_ASAN
#include <sanitizer/asan_interface.h>
#define ASR_FRAME_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define ASR_FRAME_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ASR_FRAME_POISON(p, n) ((void)(p), (void)(n))
#define ASR_FRAME_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace asr {

namespace rt {

class FrameArena;
struct FrameBlock;
class TaskNode;  // asr/cancel.hpp: the task an arena belongs to

// A frame from malloc (header included, owner null); aborts with Rust's message on failure.
void* heap_frame_alloc(std::size_t n);
void heap_frame_free(FrameBlock* b) noexcept;

// The header in front of every frame (arena or malloc). 16 bytes keep frames 16-aligned.
struct alignas(16) FrameBlock {
  FrameArena* owner;    // null: a malloc block
  std::uintptr_t link;  // arena: the block below in the same chunk (null: first), bit 0 = freed
};

class FrameArena {
 public:
  // Chunk sizes (header included). The first is small so a task suspended in a shallow
  // call stays small; each next one is twice the previous, up to kMaxChunk.
  static constexpr std::size_t kFirstChunk = 256;
  static constexpr std::size_t kMaxChunk = std::size_t(1) << 20;
  // Frames (header included) larger than this come from malloc: they would waste most of
  // a chunk and are rare.
  static constexpr std::size_t kMaxArenaBlock = 16 * 1024;
  // The largest home chunk a spawn site's hint grows to (header included).
  static constexpr std::size_t kMaxHome = 2048;
  // The size of a chunk's header (a home chunk's size includes it).
  static constexpr std::size_t kChunkHeader = 32;

  FrameArena() noexcept = default;
  FrameArena(const FrameArena&) = delete;
  FrameArena& operator=(const FrameArena&) = delete;
  // Returns all chunks. A frame still live here would dangle: aborts instead.
  ~FrameArena();

  // `n` payload bytes, 16-aligned. Never null (aborts with Rust's message on failure).
  void* allocate(std::size_t n) {
    // A frame's size is a constant at each call site, so this test is folded away.
    if (n > kMaxArenaBlock - sizeof(FrameBlock)) [[unlikely]] return heap_frame_alloc(n);
    std::size_t total = round_up(n) + sizeof(FrameBlock);
    if (total <= std::size_t(end_ - top_)) [[likely]] {
      auto* b = reinterpret_cast<FrameBlock*>(top_);
      ASR_FRAME_UNPOISON(b, total);
      top_ += total;
      b->owner = this;
      b->link = reinterpret_cast<std::uintptr_t>(last_);
      last_ = b;
      return b + 1;
    }
    return allocate_slow(total);
  }

  // `b` is one of this arena's live blocks, allocated for `n` bytes.
  void release(FrameBlock* b, std::size_t n) noexcept {
    if (b == last_) [[likely]] {
      top_ = reinterpret_cast<std::byte*>(b);
      last_ = below(b);
      ASR_FRAME_POISON(b, round_up(n) + sizeof(FrameBlock));
      if (last_ == nullptr || freed(last_)) [[unlikely]] settle();
      return;
    }
    b->link |= 1;  // not on top: popped later, with the block above it
    ASR_FRAME_POISON(b + 1, round_up(n));
  }

  // Gives the arena a home chunk of `size` bytes at `mem` (16-aligned, size >= kChunkHeader,
  // owned by the caller, alive as long as the arena); `hint` (if not null) is the spawn
  // site's home size, raised when the frames overflow the home. Call before any allocation.
  void set_home(void* mem, std::size_t size, std::atomic<std::uint32_t>* hint) noexcept;

  // No live frame in this arena (an emptied chunk is always left at once, so only the
  // first chunk can be current and empty).
  bool empty() const noexcept { return last_ == nullptr; }
  // If empty(), frees every chunk (spare included); a home chunk stays (the current one).
  // Inline: the scheduler calls it after every resume, and there is rarely anything to free.
  void trim() noexcept {
    if (empty() && (chunk_ != home_ || spare_ != nullptr)) free_chunks();
  }

  // Heap-only mode (ASR_FRAME_ARENA=0): every frame comes from malloc, but the arena still
  // identifies its task. Costs nothing on the fast path (top_ == end_ == null always fails
  // the fit test, and allocate_slow checks the flag).
  void set_heap_only(bool on) noexcept { task_bits_ = (task_bits_ & ~std::uintptr_t(1)) | on; }
  bool heap_only() const noexcept { return (task_bits_ & 1) != 0; }

  // The task this arena belongs to (null: none, e.g. a bare arena in a test). The
  // scheduler makes the arena of a ready coroutine current, so this is how the running
  // task is found (asr/cancel.hpp `rt::current_task()`).
  TaskNode* task() const noexcept { return reinterpret_cast<TaskNode*>(task_bits_ & ~std::uintptr_t(1)); }
  void set_task(TaskNode* t) noexcept {
    task_bits_ = reinterpret_cast<std::uintptr_t>(t) | (task_bits_ & 1);
  }

  // Observers for tests and benchmarks.
  std::size_t chunk_count() const noexcept;  // chunks in use, spare excluded
  std::size_t reserved_bytes() const noexcept;  // all chunks, spare included

 private:
  struct alignas(16) Chunk {
    Chunk* prev;             // the chunk in use before this one
    std::size_t size;        // bytes, this header included
    std::byte* saved_top;    // this chunk's top_/last_ while a later chunk is in use
    FrameBlock* saved_last;
    std::byte* data() noexcept { return reinterpret_cast<std::byte*>(this + 1); }
    std::byte* end() noexcept { return reinterpret_cast<std::byte*>(this) + size; }
  };
  static_assert(sizeof(Chunk) == kChunkHeader);

  static constexpr std::size_t round_up(std::size_t n) noexcept { return (n + 15) & ~std::size_t(15); }
  static FrameBlock* below(const FrameBlock* b) noexcept {
    return reinterpret_cast<FrameBlock*>(b->link & ~std::uintptr_t(1));
  }
  static bool freed(const FrameBlock* b) noexcept { return (b->link & 1) != 0; }

  void* allocate_slow(std::size_t total);  // a new chunk (or the spare) first
  void settle() noexcept;  // pops marked blocks and emptied chunks below the top
  void push_chunk(std::size_t total);
  void retire(Chunk* c) noexcept;  // an emptied chunk: becomes the spare or is freed
  void learn_home_size(std::size_t total) noexcept;  // the frames overflow the home
  void use_home() noexcept;  // the home becomes the (empty) current chunk
  void free_chunks() noexcept;  // trim() with something to free
  static void free_chunk(Chunk* c) noexcept;

  std::byte* top_ = nullptr;  // first free byte of the current chunk
  std::byte* end_ = nullptr;  // end of the current chunk
  FrameBlock* last_ = nullptr;  // top block of the current chunk (null: chunk empty)
  Chunk* chunk_ = nullptr;      // current chunk (null: none yet)
  Chunk* spare_ = nullptr;      // an emptied chunk kept for the next boundary crossing
  Chunk* home_ = nullptr;       // the home chunk (not ours to free), if any
  std::atomic<std::uint32_t>* home_hint_ = nullptr;  // its spawn site's home size
  std::uintptr_t task_bits_ = 0;  // owning task (see task()) | heap-only bit
};

// The running task's arena on this thread (null: frames come from malloc). Set by the
// scheduler around every resume; initial-exec TLS because the runtime is always linked
// statically into the executable, so an access is one %fs-relative load.
extern constinit thread_local FrameArena* t_current_arena
    __attribute__((tls_model("initial-exec")));

inline FrameArena* current_arena() noexcept { return t_current_arena; }

// Makes `a` the current arena for its lifetime (restores the previous one).
class ArenaScope {
 public:
  explicit ArenaScope(FrameArena* a) noexcept : prev_(t_current_arena) { t_current_arena = a; }
  ~ArenaScope() { t_current_arena = prev_; }
  ArenaScope(const ArenaScope&) = delete;
  ArenaScope& operator=(const ArenaScope&) = delete;

 private:
  FrameArena* prev_;
};

}  // namespace rt


// Never returns null: failure aborts with Rust's `memory allocation of N bytes failed`.
inline void* frame_alloc(std::size_t size) {
  if (rt::FrameArena* a = rt::t_current_arena) [[likely]]
    return a->allocate(size);
  return rt::heap_frame_alloc(size);
}

inline void frame_free(void* p, std::size_t size) noexcept {
  auto* b = static_cast<rt::FrameBlock*>(p) - 1;
  if (b->owner != nullptr) [[likely]]
    b->owner->release(b, size);
  else
    rt::heap_frame_free(b);
}

}  // namespace asr
