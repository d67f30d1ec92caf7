// Benchmark: fib(N) hand-written in C++, the reference for fib_sync.asr (same output).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

static uint64_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char** argv) {
  uint32_t n = argc > 1 ? uint32_t(std::atoi(argv[1])) : 32;
  uint32_t reps = argc > 2 ? uint32_t(std::atoi(argv[2])) : 5;
  uint64_t result = 0;
  long long best = -1;
  for (uint32_t i = 0; i < reps; ++i) {
    auto t = std::chrono::steady_clock::now();
    result = fib(n);
    long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::steady_clock::now() - t).count();
    if (best < 0 || ns < best) best = ns;
  }
  std::printf("result=%llu best_ns=%lld\n", (unsigned long long)result, best);
}
