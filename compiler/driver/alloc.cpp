// asrc's global operator new / delete (linked into the asrc executable only).
//
// Why: a transpile allocates a few million small objects (AST and LIR nodes, strings, vectors)
// and frees about half of them soon after. glibc's malloc+free cost ~125 instructions per
// pair here (13 % of a transpile); this allocator costs ~15. It is a plain size-class
// allocator: sizes up to 32 KiB are rounded to one of 84 classes (16-byte steps up to 1 KiB,
// then four per power of two); each class carves 64 KiB chunks out of one big reserved range
// of address space, and freed blocks go on a per-thread, per-class free list that the next
// allocation of that class pops. No header per block: the class of a block is found from its
// chunk in a table. Larger blocks come from malloc, as does everything if the range cannot be
// reserved or runs out.
//
// Threads: the caches are thread-local (asrc parses on helper threads); a block may be freed
// on any thread (it joins that thread's list). When a thread ends, its cache is parked and
// adopted by the next thread that needs one, so its free blocks and chunk space are not lost.
//
// Under AddressSanitizer the system allocator is kept (it must see every allocation).

#if !defined(__SANITIZE_ADDRESS__) && !defined(ASRC_SYSTEM_ALLOCATOR)

#include <pthread.h>
#include <sys/mman.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>

namespace {

constexpr size_t kChunk = size_t(64) << 10;   // a class's unit of fresh memory
constexpr size_t kMaxSmall = size_t(32) << 10;  // larger blocks come from malloc
constexpr size_t kMaxReserve = size_t(64) << 30;  // address space only (MAP_NORESERVE)
constexpr unsigned kClasses = 85;               // 1..84 used

// 1..64: 16-byte steps up to 1 KiB (the AST and LIR nodes are a few hundred bytes: a coarser
// step wastes up to 18 % on them); then 4 classes per power of two up to 32 KiB.
inline unsigned size_class(size_t n) {
  if (n <= 1024) return n == 0 ? 1 : static_cast<unsigned>((n + 15) >> 4);
  unsigned lg = 63 - static_cast<unsigned>(__builtin_clzll(n - 1));  // 10..14
  unsigned sub = static_cast<unsigned>((n - 1) >> (lg - 2)) & 3;
  return 65 + (lg - 10) * 4 + sub;
}

constexpr size_t class_size(unsigned c) {
  return c <= 64 ? size_t(c) * 16 : size_t(5 + ((c - 65) & 3)) << (((c - 65) >> 2) + 8);
}

struct Cache {
  void* free[kClasses];  // singly linked through the blocks' first word
  char* cur[kClasses];   // bump range of the class's current chunk
  char* end[kClasses];
  bool registered;       // thread-exit hook installed
};

// Zero-initialised and trivially destructible: no TLS guard on the fast path.
thread_local Cache t_cache;

char* g_base = nullptr;               // the reserved range (null: use malloc)
size_t g_reserve = 0;                 // its size
unsigned char* g_chunk_class = nullptr;  // class of each chunk of the range
std::atomic<size_t> g_next{0};        // offset of the next unused chunk

std::mutex g_parked_mu;
constexpr int kMaxParked = 8;
Cache g_parked[kMaxParked];
int g_parked_count = 0;
pthread_key_t g_exit_key;

void park_cache(void* p) {
  auto* c = static_cast<Cache*>(p);
  std::lock_guard<std::mutex> lock(g_parked_mu);
  if (g_parked_count < kMaxParked) {
    g_parked[g_parked_count] = *c;
    g_parked[g_parked_count].registered = false;
    ++g_parked_count;
  }
  std::memset(c, 0, sizeof(Cache));
}

// The range's pages are made present a window at a time, by the thread whose chunk opens the
// window: one system call per 2 MiB instead of a page fault per 4 KiB page (the faults were a
// quarter of a large transpile's time). Where MADV_POPULATE_WRITE is unknown (Linux < 5.14)
// the call fails and pages fault in as before.
constexpr size_t kPopulate = size_t(2) << 20;
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
void populate(char* window) {
  size_t len = kPopulate;
  if (static_cast<size_t>(window - g_base) + len > g_reserve) return;
  (void)madvise(window, len, MADV_POPULATE_WRITE);
}

bool init() {
  // (less where address space is limited, e.g. under valgrind)
  size_t size = kMaxReserve;
  void* base = MAP_FAILED;
  for (; size >= (size_t(1) << 30); size /= 4) {
    base = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base != MAP_FAILED) break;
  }
  if (base == MAP_FAILED) return false;
  void* table = mmap(nullptr, size / kChunk, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (table == MAP_FAILED) {
    munmap(base, size);
    return false;
  }
  if (pthread_key_create(&g_exit_key, park_cache) != 0) {
    munmap(base, size);
    munmap(table, size / kChunk);
    return false;
  }
  g_chunk_class = static_cast<unsigned char*>(table);
  g_base = static_cast<char*>(base);
  g_reserve = size;
  return true;
}

// First slow-path call on a thread: install the exit hook and adopt a parked cache.
void register_thread(Cache& tc) {
  tc.registered = true;
  pthread_setspecific(g_exit_key, &tc);
  std::lock_guard<std::mutex> lock(g_parked_mu);
  if (g_parked_count == 0) return;
  Cache& p = g_parked[--g_parked_count];
  for (unsigned c = 1; c < kClasses; ++c) {
    if (p.free[c]) {  // append our (short) list in front of the parked one
      if (!tc.free[c]) {
        tc.free[c] = p.free[c];
      } else {
        void** last = static_cast<void**>(tc.free[c]);
        while (*last) last = static_cast<void**>(*last);
        *last = p.free[c];
      }
    }
    if (p.end[c] - p.cur[c] > tc.end[c] - tc.cur[c]) {
      tc.cur[c] = p.cur[c];
      tc.end[c] = p.end[c];
    }
  }
}

void* malloc_or_throw(size_t n) {
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}

// The current chunk of class `c` is used up (or the thread has none): take a new one.
__attribute__((noinline)) void* refill(unsigned c) {
  static const bool ok = init();
  size_t sz = class_size(c);
  if (!ok) return malloc_or_throw(sz);
  Cache& tc = t_cache;
  if (!tc.registered) {
    register_thread(tc);
    if (void* p = tc.free[c]) {
      tc.free[c] = *static_cast<void**>(p);
      return p;
    }
    if (static_cast<size_t>(tc.end[c] - tc.cur[c]) >= sz) {
      void* p = tc.cur[c];
      tc.cur[c] += sz;
      return p;
    }
  }
  size_t off = g_next.fetch_add(kChunk, std::memory_order_relaxed);
  if (off + kChunk > g_reserve) return malloc_or_throw(sz);
  g_chunk_class[off / kChunk] = static_cast<unsigned char>(c);
  char* chunk = g_base + off;
  if (off % kPopulate == 0) populate(chunk);
  tc.cur[c] = chunk + sz;
  tc.end[c] = chunk + kChunk;
  return chunk;
}

inline void* allocate(size_t n) {
  if (n > kMaxSmall) return malloc_or_throw(n);
  unsigned c = size_class(n);
  Cache& tc = t_cache;
  if (void* p = tc.free[c]) {
    tc.free[c] = *static_cast<void**>(p);
    return p;
  }
  size_t sz = class_size(c);
  if (static_cast<size_t>(tc.end[c] - tc.cur[c]) >= sz) {
    void* p = tc.cur[c];
    tc.cur[c] += sz;
    return p;
  }
  return refill(c);
}

inline void deallocate(void* p) {
  if (!p) return;
  uintptr_t off = reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(g_base);
  if (off >= g_reserve) {  // (also before init: g_reserve is 0)
    std::free(p);
    return;
  }
  unsigned c = g_chunk_class[off / kChunk];
  Cache& tc = t_cache;
  *static_cast<void**>(p) = tc.free[c];
  tc.free[c] = p;
}

}  // namespace

void* operator new(size_t n) { return allocate(n); }
void* operator new[](size_t n) { return allocate(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, const std::nothrow_t&) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { deallocate(p); }
void operator delete[](void* p) noexcept { deallocate(p); }
void operator delete(void* p, size_t) noexcept { deallocate(p); }
void operator delete[](void* p, size_t) noexcept { deallocate(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { deallocate(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { deallocate(p); }

#endif
