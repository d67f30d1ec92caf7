// Tests of asrc's operator new/delete (compiler/driver/alloc.cpp), linked into this test
// binary as into asrc: every allocation below goes through it.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

bool aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

// Blocks of every size up to 40 KiB (small classes and malloc'd ones) are 16-byte aligned,
// usable over their whole size and do not overlap.
TEST(Alloc, SizesAlignmentAndNoOverlap) {
  std::vector<std::pair<unsigned char*, size_t>> blocks;
  for (size_t n = 0; n <= 40000; n += (n < 2048 ? 1 : 97)) {
    auto* p = static_cast<unsigned char*>(::operator new(n));
    ASSERT_TRUE(aligned16(p)) << n;
    std::memset(p, static_cast<int>(n & 0xFF), n);
    blocks.emplace_back(p, n);
  }
  std::map<uintptr_t, size_t> by_addr;
  for (auto& [p, n] : blocks) by_addr[reinterpret_cast<uintptr_t>(p)] = n;
  uintptr_t prev_end = 0;
  for (auto& [a, n] : by_addr) {
    EXPECT_GE(a, prev_end);
    prev_end = a + n;
  }
  for (auto& [p, n] : blocks) {
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(p[i], static_cast<unsigned char>(n & 0xFF)) << n;
    ::operator delete(p);
  }
}

// A freed block is handed out again for the next allocation of its size class.
TEST(Alloc, FreedBlocksAreReused) {
#if defined(__SANITIZE_ADDRESS__) || defined(ASRC_SYSTEM_ALLOCATOR)
  GTEST_SKIP() << "the system allocator is used";
#endif
  void* a = ::operator new(544);
  ::operator delete(a);
  void* b = ::operator new(540);  // same 16-byte class
  EXPECT_EQ(a, b);
  ::operator delete(b, 540);
}

// Blocks can be freed on another thread, and a thread's cache survives the thread.
TEST(Alloc, CrossThreadFreeAndThreadExit) {
  std::vector<std::string*> made;
  std::thread t([&] {
    for (int i = 0; i < 10000; ++i) made.push_back(new std::string(40 + i % 50, 'x'));
  });
  t.join();
  for (std::string* s : made) {
    EXPECT_EQ(s->size() >= 40, true);
    delete s;
  }
  std::thread t2([] {
    std::vector<std::unique_ptr<int[]>> v;
    for (int i = 0; i < 1000; ++i) v.emplace_back(new int[i % 300 + 1]());
    for (auto& p : v) EXPECT_EQ(p[0], 0);
  });
  t2.join();
  // Many threads at once.
  std::vector<std::thread> ts;
  for (int k = 0; k < 4; ++k)
    ts.emplace_back([k] {
      std::vector<std::vector<int>> v;
      for (int i = 0; i < 20000; ++i) {
        v.emplace_back(static_cast<size_t>(i % 100 + k), i);
        if (i % 3 == 0) v.erase(v.begin() + (i % static_cast<int>(v.size())));
      }
      for (auto& x : v) EXPECT_TRUE(x.empty() || x[0] == x.back());
    });
  for (auto& th : ts) th.join();
}

TEST(Alloc, NothrowAndArrays) {
  int* p = new (std::nothrow) int[100];
  ASSERT_NE(p, nullptr);
  p[99] = 7;
  delete[] p;
  auto* big = new char[1 << 20];  // from malloc
  big[(1 << 20) - 1] = 1;
  delete[] big;
}

}  // namespace
