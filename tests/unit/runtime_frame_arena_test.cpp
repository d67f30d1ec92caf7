// The per-task frame arena (asr/frame_alloc.hpp): LIFO and non-LIFO frees, chunk growth and
// reuse, oversized and arena-less frames, alignment, deep coroutine chains, tasks that
// suspend mid-recursion, and tasks with their own arenas interleaving on one scheduler.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "asr/prelude.hpp"

using asr::rt::ArenaScope;
using asr::rt::FrameArena;
using asr::time::Duration;

namespace {

constexpr std::size_t kAlign = alignof(std::max_align_t);

bool aligned(const void* p) { return reinterpret_cast<std::uintptr_t>(p) % kAlign == 0; }

// Allocates through the public entry point with `a` current, as a coroutine's operator new.
void* alloc_in(FrameArena* a, std::size_t n) {
  ArenaScope scope(a);
  return asr::frame_alloc(n);
}

}  // namespace

TEST(RuntimeFrameArena, AnIdleArenaIsSmall) {
  // Every task owns one: 100,000 sleeping tasks must stay cheap. (Five words of allocator
  // state, the owning task, so that a wake-up's arena names its task too, and the home
  // chunk with its spawn site's hint.)
  EXPECT_LE(sizeof(FrameArena), 8 * sizeof(void*));
}

TEST(RuntimeFrameArena, LifoReusesTheSameBytes) {
  FrameArena a;
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.reserved_bytes(), 0u);  // nothing until the first frame
  void* p1 = a.allocate(40);
  void* p2 = a.allocate(24);
  void* p3 = a.allocate(8);
  EXPECT_LT(p1, p2);
  EXPECT_LT(p2, p3);
  EXPECT_EQ(a.chunk_count(), 1u);
  std::memset(p1, 1, 40);
  std::memset(p2, 2, 24);
  std::memset(p3, 3, 8);
  asr::frame_free(p3, 8);
  asr::frame_free(p2, 24);
  void* again = a.allocate(24);
  EXPECT_EQ(again, p2);  // bump pointer went back
  asr::frame_free(again, 24);
  asr::frame_free(p1, 40);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.allocate(40), p1);
  asr::frame_free(p1, 40);
}

TEST(RuntimeFrameArena, NonLifoFreeIsDeferredUntilTheTopIsPopped) {
  FrameArena a;
  void* p1 = a.allocate(32);
  void* p2 = a.allocate(32);
  void* p3 = a.allocate(32);
  asr::frame_free(p2, 32);  // not on top: only marked
  EXPECT_FALSE(a.empty());
  void* p4 = a.allocate(32);
  EXPECT_GT(p4, p3);  // p2's bytes are not reused while p3 lives above them
  asr::frame_free(p4, 32);
  asr::frame_free(p3, 32);  // pops p3 and the marked p2 below it
  EXPECT_EQ(a.allocate(32), p2);
  asr::frame_free(p2, 32);
  asr::frame_free(p1, 32);
  EXPECT_TRUE(a.empty());
}

TEST(RuntimeFrameArena, FreeingEverythingInAllocationOrderEmptiesTheArena) {
  FrameArena a;
  std::vector<void*> blocks;
  for (int i = 0; i < 200; ++i) blocks.push_back(a.allocate(48 + 16 * (i % 5)));  // several chunks
  EXPECT_GT(a.chunk_count(), 1u);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    asr::frame_free(blocks[i], 48 + 16 * (i % 5));  // FIFO: the worst order for a stack
    EXPECT_EQ(a.empty(), i + 1 == blocks.size());
  }
  EXPECT_EQ(a.chunk_count(), 1u);
}

TEST(RuntimeFrameArena, ChunksGrowGeometricallyAndTheSpareIsReused) {
  FrameArena a;
  std::vector<void*> blocks;
  std::vector<std::size_t> reserved;
  while (a.chunk_count() < 5) {
    blocks.push_back(a.allocate(64));
    if (reserved.empty() || a.reserved_bytes() != reserved.back())
      reserved.push_back(a.reserved_bytes());
  }
  ASSERT_EQ(reserved.size(), 5u);
  EXPECT_EQ(reserved[0], FrameArena::kFirstChunk);
  for (std::size_t i = 1; i < reserved.size(); ++i)  // each chunk twice the previous one
    EXPECT_EQ(reserved[i] - reserved[i - 1], FrameArena::kFirstChunk << i);
  // Cross the last chunk boundary back and forth: the emptied chunk stays as the spare.
  const std::size_t peak = a.reserved_bytes();
  void* top = blocks.back();
  blocks.pop_back();
  asr::frame_free(top, 64);
  EXPECT_EQ(a.chunk_count(), 4u);
  EXPECT_EQ(a.reserved_bytes(), peak);
  for (int i = 0; i < 100; ++i) {
    void* p = a.allocate(64);
    EXPECT_EQ(p, top);  // the spare, not a new chunk
    EXPECT_EQ(a.chunk_count(), 5u);
    asr::frame_free(p, 64);
  }
  EXPECT_EQ(a.reserved_bytes(), peak);
  while (!blocks.empty()) {
    asr::frame_free(blocks.back(), 64);
    blocks.pop_back();
  }
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.chunk_count(), 1u);
  EXPECT_GT(a.reserved_bytes(), FrameArena::kFirstChunk);  // first chunk + one spare
  a.trim();
  EXPECT_EQ(a.reserved_bytes(), 0u);
  EXPECT_EQ(a.chunk_count(), 0u);
}

TEST(RuntimeFrameArena, TrimKeepsChunksWhileFramesAreLive) {
  FrameArena a;
  void* p = a.allocate(64);
  a.trim();
  EXPECT_EQ(a.reserved_bytes(), FrameArena::kFirstChunk);
  asr::frame_free(p, 64);
  a.trim();
  EXPECT_EQ(a.reserved_bytes(), 0u);
}

TEST(RuntimeFrameArena, OversizedFramesComeFromMalloc) {
  FrameArena a;
  const std::size_t big = FrameArena::kMaxArenaBlock;  // with its header, over the limit
  void* p = alloc_in(&a, big);
  EXPECT_TRUE(aligned(p));
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.reserved_bytes(), 0u);
  std::memset(p, 7, big);
  void* q = alloc_in(&a, 100);  // an arena frame above it
  EXPECT_FALSE(a.empty());
  asr::frame_free(p, big);  // malloc block: freed at once, arena untouched
  EXPECT_FALSE(a.empty());
  asr::frame_free(q, 100);
  EXPECT_TRUE(a.empty());
}

TEST(RuntimeFrameArena, LargeFrameInAFreshArenaGetsAChunkOfItsOwnSize) {
  FrameArena a;
  void* p = a.allocate(4000);  // larger than the first chunk
  EXPECT_GE(a.reserved_bytes(), 4000u);
  EXPECT_EQ(a.chunk_count(), 1u);
  asr::frame_free(p, 4000);
  void* small = a.allocate(32);
  EXPECT_EQ(a.chunk_count(), 1u);
  asr::frame_free(small, 32);
}

TEST(RuntimeFrameArena, NoCurrentArenaMeansMalloc) {
  ASSERT_EQ(asr::rt::current_arena(), nullptr);
  void* p = asr::frame_alloc(64);
  EXPECT_TRUE(aligned(p));
  asr::frame_free(p, 64);
}

TEST(RuntimeFrameArena, FreeGoesToTheOwnerWhateverArenaIsCurrent) {
  FrameArena a, b;
  void* p = alloc_in(&a, 64);
  {
    ArenaScope scope(&b);  // e.g. a frame destroyed while another task runs
    asr::frame_free(p, 64);
  }
  EXPECT_TRUE(a.empty());
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.reserved_bytes(), 0u);
}

TEST(RuntimeFrameArena, EveryFrameIsMaxAligned) {
  FrameArena a;
  std::vector<std::pair<void*, std::size_t>> blocks;
  uint32_t x = 12345;
  for (int i = 0; i < 2000; ++i) {
    x = x * 1103515245u + 12345u;
    std::size_t n = 1 + (x >> 8) % 700;
    void* p = (i % 97 == 0) ? alloc_in(nullptr, n) : a.allocate(n);
    ASSERT_TRUE(aligned(p)) << n;
    std::memset(p, int(i), n);
    blocks.emplace_back(p, n);
    if (x % 3 == 0) {  // free a random live block: mostly not the top one
      std::size_t k = (x >> 4) % blocks.size();
      asr::frame_free(blocks[k].first, blocks[k].second);
      blocks.erase(blocks.begin() + std::ptrdiff_t(k));
    }
  }
  for (auto& [p, n] : blocks) asr::frame_free(p, n);
  EXPECT_TRUE(a.empty());
}

// ---- through coroutines and the scheduler

namespace {

FrameArena* g_seen_arena = nullptr;
std::size_t g_max_chunks = 0;

asr::Task<int64_t> nested(int32_t depth) {
  if (depth == 0) {
    g_seen_arena = asr::rt::current_arena();
    if (g_seen_arena != nullptr) g_max_chunks = g_seen_arena->chunk_count();
    co_return 0;
  }
  int64_t r = co_await nested(depth - 1);
  co_return r + depth;
}

// Recursion that yields at the bottom and sleeps on the way back up at every `sleep_every`
// levels, checking its locals survived each suspension.
asr::Task<int64_t> suspending(int32_t depth, int32_t sleep_every, std::vector<std::string>* log,
                              std::string name) {
  std::string mine = name + std::to_string(depth);
  if (depth == 0) {
    co_await asr::task::yield_now();
    log->push_back(name + "-bottom");
    co_return 0;
  }
  int64_t below = co_await suspending(depth - 1, sleep_every, log, name);
  if (sleep_every > 0 && depth % sleep_every == 0) {
    co_await asr::task::sleep(Duration::from_millis(uint64_t(depth)));
    log->push_back(mine);
  }
  if (mine != name + std::to_string(depth)) co_return -1;  // a frame was overwritten
  co_return below + depth;
}

asr::Task<int64_t> destroys_out_of_order() {
  {
    asr::Task<int64_t> first = nested(3);  // eager: each has ended, its frame lives on
    asr::Task<int64_t> second = nested(5);
    asr::Task<int64_t> third = nested(2);
    first = asr::Task<int64_t>();  // the bottom one goes first
    int64_t r = co_await third;    // done: its value is taken without suspending
    if (r != 3) co_return -1;
  }  // third, second destroyed here: second last, under nothing
  int64_t after = co_await nested(4);
  co_return after;
}

}  // namespace

TEST(RuntimeFrameArena, NestedCoroutinesUseTheTaskArena) {
  g_seen_arena = nullptr;
  EXPECT_EQ(asr::block_on([] { return nested(5000); }), int64_t(5000) * 5001 / 2);
  ASSERT_NE(g_seen_arena, nullptr);
  EXPECT_GT(g_max_chunks, 5u);  // many frames: the chunks grew
  EXPECT_EQ(asr::rt::current_arena(), nullptr);  // not left behind after the run
}

TEST(RuntimeFrameArena, DeepRecursionSuspendsAtTheBottomAndResumes) {
  std::vector<std::string> log;
  const int32_t depth = 100000;
#ifdef ASR_TEST_SANITIZED
  const int32_t d = 2000;  // no tail calls under sanitizers: resuming the chain uses stack
#else
  const int32_t d = depth;
#endif
  int64_t r = asr::block_on([&] { return suspending(d, 0, &log, "a"); });
  EXPECT_EQ(r, int64_t(d) * (d + 1) / 2);
  EXPECT_EQ(log, std::vector<std::string>{"a-bottom"});
}

TEST(RuntimeFrameArena, RecursionSleepsAtSeveralDepths) {
  std::vector<std::string> log;
  auto t = asr::rt::root([&] { return suspending(40, 10, &log, "s"); });
  asr::rt::run_to_completion(t.handle(), /*virtual_clock=*/true);
  EXPECT_EQ(t.result(), 40 * 41 / 2);
  EXPECT_EQ(log, (std::vector<std::string>{"s-bottom", "s10", "s20", "s30", "s40"}));
}

TEST(RuntimeFrameArena, TasksDestroyedOutOfOrder) {
  EXPECT_EQ(asr::block_on(destroys_out_of_order), 10);
}

namespace {

// Two recursive tasks, each with its own arena (as spawned tasks will have), interleaving
// their suspensions on one scheduler; and two sharing the root's arena (frees then
// interleave in one arena, never LIFO).
asr::Task<void> two_tasks(std::vector<std::string>* log, bool own_arenas, FrameArena* a,
                          FrameArena* b, int64_t* ra, int64_t* rb) {
  auto run = [](asr::Task<int64_t> t, int64_t* out) -> asr::Task<void> {
    *out = co_await t;
  };
  // Root frames (lazy: a Task starts when called) are made with no current arena (as a
  // spawner would), then queued; their tasks' frames come from the arena they run in.
  std::optional<asr::rt::RootTask<void>> ta, tb;
  {
    ArenaScope none(nullptr);
    ta.emplace(asr::rt::root([=] { return run(suspending(30, 3, log, "a"), ra); }));
    tb.emplace(asr::rt::root([=] { return run(suspending(25, 5, log, "b"), rb); }));
  }
  if (own_arenas) {
    asr::rt::schedule(ta->handle(), a);
    asr::rt::schedule(tb->handle(), b);
  } else {
    asr::rt::schedule(ta->handle());
    asr::rt::schedule(tb->handle());
  }
  co_await asr::task::sleep(Duration::from_secs(1));
  if (!ta->done() || !tb->done()) log->push_back("not done");
}

}  // namespace

TEST(RuntimeFrameArena, InterleavedTasksWithOwnOrSharedArenas) {
  for (bool own : {true, false}) {
    std::vector<std::string> log;
    FrameArena a, b;
    int64_t ra = 0, rb = 0;
    auto root = asr::rt::root([&] { return two_tasks(&log, own, &a, &b, &ra, &rb); });
    asr::rt::run_to_completion(root.handle(), /*virtual_clock=*/true);
    root.result();
    EXPECT_EQ(ra, 30 * 31 / 2) << own;
    EXPECT_EQ(rb, 25 * 26 / 2) << own;
    EXPECT_EQ(log.size(), 2u + 10u + 5u) << own;
    for (auto& s : log) EXPECT_NE(s, "not done");
    EXPECT_TRUE(a.empty());
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(a.reserved_bytes(), 0u);  // trimmed when the task finished
  }
}

// A home chunk (a spawned task's first frames, in the task's own block).
struct alignas(16) HomeMemory {
  std::byte bytes[512];
};

TEST(RuntimeFrameArena, FramesThatFitUseTheHomeAndTrimKeepsIt) {
  HomeMemory home;
  std::atomic<std::uint32_t> hint{0};
  FrameArena a;
  a.set_home(home.bytes, sizeof home.bytes, &hint);
  void* p = a.allocate(100);
  void* q = a.allocate(100);
  EXPECT_GE(static_cast<std::byte*>(p), home.bytes);
  EXPECT_LT(static_cast<std::byte*>(q), home.bytes + sizeof home.bytes);
  asr::frame_free(q, 100);
  asr::frame_free(p, 100);
  a.trim();  // the home is not the arena's to free: it stays the first chunk
  void* r = a.allocate(100);
  EXPECT_EQ(r, p);
  asr::frame_free(r, 100);
  EXPECT_EQ(hint.load(), 0u);  // nothing overflowed
}

TEST(RuntimeFrameArena, OverflowingTheHomeRaisesTheSiteHintToWhatWasNeeded) {
  HomeMemory home;
  std::atomic<std::uint32_t> hint{0};
  FrameArena a;
  a.set_home(home.bytes, sizeof home.bytes, &hint);
  void* p = a.allocate(300);  // 316 of 480 usable bytes, headers included
  void* q = a.allocate(300);  // does not fit: a chunk of its own
  EXPECT_GE(static_cast<std::byte*>(p), home.bytes);
  EXPECT_TRUE(static_cast<std::byte*>(q) < home.bytes ||
              static_cast<std::byte*>(q) >= home.bytes + sizeof home.bytes);
  // What a home would have needed: its header and both frames with theirs.
  EXPECT_EQ(hint.load(), FrameArena::kChunkHeader + 2 * (304 + sizeof(asr::rt::FrameBlock)));
  asr::frame_free(q, 300);
  asr::frame_free(p, 300);
  a.trim();
  EXPECT_EQ(a.reserved_bytes(), sizeof home.bytes);  // the extra chunk is gone, the home stays
}

TEST(RuntimeFrameArena, AHintNeverGrowsPastTheLargestHome) {
  HomeMemory home;
  std::atomic<std::uint32_t> hint{0};
  FrameArena a;
  a.set_home(home.bytes, sizeof home.bytes, &hint);
  void* p = a.allocate(FrameArena::kMaxHome);  // a deep stack: a home would not help
  EXPECT_EQ(hint.load(), 0u);
  asr::frame_free(p, FrameArena::kMaxHome);
}

TEST(RuntimeFrameArena, AHomeTooSmallForAFrameIsNotUsed) {
  HomeMemory home;
  std::atomic<std::uint32_t> hint{0};
  FrameArena a;
  a.set_home(home.bytes, FrameArena::kChunkHeader + 16, &hint);  // no room for any frame
  void* p = a.allocate(64);
  EXPECT_TRUE(static_cast<std::byte*>(p) < home.bytes ||
              static_cast<std::byte*>(p) >= home.bytes + sizeof home.bytes);
  EXPECT_EQ(hint.load(), FrameArena::kChunkHeader + 64 + sizeof(asr::rt::FrameBlock));
  asr::frame_free(p, 64);
}

TEST(RuntimeTaskBlock, SizesAreClassesOf64BytesUpToTheCacheLimit) {
  EXPECT_EQ(asr::rt::task_block_size(1), 64u);
  EXPECT_EQ(asr::rt::task_block_size(64), 64u);
  EXPECT_EQ(asr::rt::task_block_size(65), 128u);
  EXPECT_EQ(asr::rt::task_block_size(asr::rt::kMaxCachedBlock), asr::rt::kMaxCachedBlock);
  EXPECT_EQ(asr::rt::task_block_size(asr::rt::kMaxCachedBlock + 1), asr::rt::kMaxCachedBlock + 1);
}

TEST(RuntimeTaskBlock, AFreedBlockIsReusedForTheSameClass) {
  asr::rt::task_block_flush();
  void* a = asr::rt::task_block_alloc(200);
  EXPECT_TRUE(aligned(a));
  std::memset(a, 1, asr::rt::task_block_size(200));
  asr::rt::task_block_free(a, 200);
  void* b = asr::rt::task_block_alloc(250);  // same class (256)
#ifndef ASR_FRAME_ASAN
  EXPECT_EQ(a, b);
#endif
  void* c = asr::rt::task_block_alloc(200);  // the cache is empty again: a new block
  EXPECT_NE(b, c);
  asr::rt::task_block_free(b, 250);
  asr::rt::task_block_free(c, 200);
  void* big = asr::rt::task_block_alloc(asr::rt::kMaxCachedBlock * 2);  // malloc, never cached
  asr::rt::task_block_free(big, asr::rt::kMaxCachedBlock * 2);
  asr::rt::task_block_flush();
}

TEST(RuntimeTaskBlock, SpawnedTasksLearnTheirHomeSize) {
  // The first children spawned at a site overflow their (empty) home and raise the site's
  // hint; the next ones fit in a home of that size, so the hint stays put.
  auto child = [](int i) {
    return [i]() -> asr::Task<int> {
      co_await asr::task::sleep(Duration::from_millis(1));
      co_return i;
    };
  };
  using F = decltype(child(0));
  auto& hint = asr::task::detail::g_home_hint<F>;
  std::uint32_t after_first = 0, after_second = 0;
  auto body = [&](const asr::task::Scope& s) -> asr::Task<asr::Unit> {
    for (int round = 0; round < 2; ++round) {
      std::vector<asr::task::JoinHandle<int>> hs;
      for (int i = 0; i < 4; ++i) hs.push_back(s.spawn(child(i)));
      int sum = 0;
      for (auto& h : hs) sum += co_await std::move(h).join();
      EXPECT_EQ(sum, 6);
      (round == 0 ? after_first : after_second) = hint.load();
    }
    co_return asr::Unit{};
  };
  asr::block_on([&]() -> asr::Task<asr::Unit> { co_return co_await asr::task::scope(body); });
  EXPECT_GT(after_first, FrameArena::kChunkHeader);
  EXPECT_LE(after_first, FrameArena::kMaxHome);
  EXPECT_EQ(after_second, after_first);
}

#ifdef ASR_FRAME_ASAN
// With the arena, a destroyed frame's bytes are not returned to malloc: the arena poisons
// them so that AddressSanitizer still reports a use after destruction.
TEST(RuntimeFrameArenaDeathTest, UseOfADestroyedFrameIsReportedUnderAsan) {
  EXPECT_DEATH(
      {
        FrameArena a;
        void* below = a.allocate(64);
        void* top = a.allocate(64);
        asr::frame_free(top, 64);
        static_cast<volatile char*>(top)[8] = 1;
        asr::frame_free(below, 64);
      },
      "use-after-poison");
}
#endif
