// The sorts behind `[T]::sort*` and Vec's buffer growth, against std::sort/std::stable_sort on
// inputs that reach each path: the integer quicksort with its repeated-pivot pass, the
// heapsort it falls back on when its budget runs out, and the stable merge sort.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "asr/prelude.hpp"

namespace {

std::vector<std::vector<int64_t>> inputs() {
  std::mt19937_64 rng(5);
  std::vector<std::vector<int64_t>> out;
  for (std::size_t n : {0, 1, 2, 3, 20, 21, 100, 1000, 5000}) {
    std::vector<int64_t> random(n), few(n), sorted(n), reversed(n), equal(n, 4);
    for (std::size_t i = 0; i < n; ++i) {
      random[i] = static_cast<int64_t>(rng());
      few[i] = static_cast<int64_t>(rng() % 4);
      sorted[i] = static_cast<int64_t>(i);
      reversed[i] = static_cast<int64_t>(n - i);
    }
    for (auto* v : {&random, &few, &sorted, &reversed, &equal}) out.push_back(*v);
  }
  return out;
}

TEST(RuntimeSort, IntegerQuicksortMatchesStdSort) {
  for (auto v : inputs()) {
    auto want = v;
    std::sort(want.begin(), want.end());
    asr::slice::sort(asr::Slice<int64_t>(v.data(), v.size()));
    EXPECT_EQ(v, want) << "n=" << v.size();
  }
}

TEST(RuntimeSort, ExhaustedBudgetFallsBackToHeapsort) {
  for (auto v : inputs()) {
    auto want = v;
    std::sort(want.begin(), want.end());
    asr::slice::quicksort_integers(v.data(), v.size(), static_cast<const int64_t*>(nullptr), 0);
    EXPECT_EQ(v, want) << "n=" << v.size();
  }
}

TEST(RuntimeSort, MergeSortIsStable) {
  struct Item {
    int32_t key;
    int32_t order;
  };
  std::mt19937 rng(9);
  for (std::size_t n : {0, 5, 21, 333, 4000}) {
    std::vector<Item> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = {static_cast<int32_t>(rng() % 7), static_cast<int32_t>(i)};
    auto want = v;
    std::stable_sort(want.begin(), want.end(), [](const Item& a, const Item& b) { return a.key < b.key; });
    asr::slice::sort_with(asr::Slice<Item>(v.data(), v.size()), [](const Item& a, const Item& b) { return a.key < b.key; });
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(v[i].key, want[i].key);
      EXPECT_EQ(v[i].order, want[i].order) << "stability at " << i;
    }
  }
}

TEST(RuntimeSort, VecGrowthKeepsElementsAndRustCapacities) {
  asr::Vec<uint64_t> v;
  std::vector<std::size_t> caps;
  for (uint64_t i = 0; i < 100000; ++i) {
    v.push(i * 3);
    if (caps.empty() || caps.back() != v.capacity()) caps.push_back(v.capacity());
  }
  for (uint64_t i = 0; i < 100000; ++i) ASSERT_EQ(v.at(i), i * 3);
  EXPECT_EQ(caps.front(), 4u);  // RawVec's first non-zero capacity for 8-byte elements
  for (std::size_t i = 1; i < caps.size(); ++i) EXPECT_EQ(caps[i], caps[i - 1] * 2);
  asr::Vec<uint64_t> copy = v;
  EXPECT_EQ(copy.capacity(), copy.len());
  EXPECT_EQ(copy.at(99999), 299997u);
}

}  // namespace
