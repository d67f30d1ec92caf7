// Benchmark: fib(N) where every call is a heap-allocated C++20 coroutine (plain operator
// new per frame, no arena, no panic capture): the naive lowering the frame arena is
// measured against. Lazy tasks with symmetric transfer (as asr::Task was before it started
// eagerly), so deep chains run in constant stack. Usage: fib_coro_naive [N] [REPS]; same output as fib_suspend.asr.
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <utility>

template <class T>
class Task {
 public:
  struct promise_type {
    T value{};
    std::coroutine_handle<> continuation = std::noop_coroutine();
    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().continuation;
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
  explicit Task(std::coroutine_handle<promise_type> h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~Task() {
    if (h_) h_.destroy();
  }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) noexcept {
    h_.promise().continuation = awaiter;
    return h_;
  }
  T await_resume() { return h_.promise().value; }
  std::coroutine_handle<promise_type> handle() const { return h_; }

 private:
  std::coroutine_handle<promise_type> h_;
};

// Never true at run time (read from the command line), as in fib_suspend.asr, so the compiler
// cannot drop the branch.
static bool g_yield_flag = false;
static std::coroutine_handle<> g_parked;

struct ParkAwaiter {  // stands for a yield (there is no scheduler here: it would just stop)
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) noexcept { g_parked = h; }
  void await_resume() const noexcept {}
};

static Task<uint64_t> fib(uint32_t n) {
  if (n < 2) {
    if (g_yield_flag) co_await ParkAwaiter{};
    co_return n;
  }
  uint64_t a = co_await fib(n - 1);
  uint64_t b = co_await fib(n - 2);
  co_return a + b;
}

int main(int argc, char** argv) {
  uint32_t n = argc > 1 ? uint32_t(std::atoi(argv[1])) : 32;
  uint32_t reps = argc > 2 ? uint32_t(std::atoi(argv[2])) : 5;
  g_yield_flag = argc > 3 && std::strcmp(argv[3], "yield") == 0;  // never in the benchmark
  uint64_t result = 0;
  long long best = -1;
  for (uint32_t i = 0; i < reps; ++i) {
    auto t = std::chrono::steady_clock::now();
    Task<uint64_t> root = fib(n);
    root.handle().resume();  // runs to completion: nothing parks
    result = root.handle().promise().value;
    long long ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::steady_clock::now() - t).count();
    if (best < 0 || ns < best) best = ns;
  }
  std::printf("result=%llu best_ns=%lld\n", (unsigned long long)result, best);
}
