// Benchmark kernel: sieve.asr hand-written in C++ (a byte per flag, as Rust's Vec<bool>).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

static size_t count_primes(size_t n) {
  std::vector<uint8_t> composite(n + 1, 0);
  size_t count = 0;
  for (size_t i = 2; i <= n; ++i) {
    if (!composite[i]) {
      ++count;
      for (size_t j = i * i; j <= n; j += i) composite[j] = 1;
    }
  }
  return count;
}

int main(int argc, char** argv) {
  size_t n = argc > 1 ? size_t(std::atoll(argv[1])) : 5000000;
  size_t reps = argc > 2 ? size_t(std::atoll(argv[2])) : 3;
  size_t result = 0;
  long long best = -1;
  for (size_t r = 0; r < reps; ++r) {
    auto t = std::chrono::steady_clock::now();
    result = count_primes(n);
    long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::steady_clock::now() - t).count();
    if (best < 0 || ns < best) best = ns;
  }
  std::printf("result=%zu best_ns=%lld\n", result, best);
}
