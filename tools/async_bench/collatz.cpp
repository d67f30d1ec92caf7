// Benchmark kernel: collatz.asr hand-written in C++.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

static uint32_t chain_length(uint64_t x) {
  uint32_t steps = 0;
  while (x != 1) {
    x = x % 2 == 0 ? x / 2 : 3 * x + 1;
    ++steps;
  }
  return steps;
}

int main(int argc, char** argv) {
  uint64_t n = argc > 1 ? uint64_t(std::atoll(argv[1])) : 300000;
  uint64_t reps = argc > 2 ? uint64_t(std::atoll(argv[2])) : 3;
  uint64_t best_start = 0;
  uint32_t best_len = 0;
  long long best_ns = -1;
  for (uint64_t r = 0; r < reps; ++r) {
    auto t = std::chrono::steady_clock::now();
    best_start = 1;
    best_len = 0;
    for (uint64_t start = 1; start < n; ++start) {
      uint32_t len = chain_length(start);
      if (len > best_len) {
        best_start = start;
        best_len = len;
      }
    }
    long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::steady_clock::now() - t).count();
    if (best_ns < 0 || ns < best_ns) best_ns = ns;
  }
  std::printf("result=%llu:%u best_ns=%lld\n", (unsigned long long)best_start, best_len, best_ns);
}
