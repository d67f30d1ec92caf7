// asr::Task<T>: the coroutine type of every suspending ASR function.
//
// Eager: calling a coroutine runs its body at once, in its ramp, on the caller's stack (and
// in the current frame arena), up to its first suspension or its end. Single-awaiter,
// move-only; owns its frame. `co_await task`:
//   * the call completed without suspending (the common case): await_ready() is done(),
//     the value is taken (or the panic rethrown) at once; no transfer, no scheduler;
//   * it suspended: await_suspend records the awaiter as its continuation and returns to
//     whoever resumed the awaiter (in the end the scheduler loop). When the callee ends, its
//     final_suspend goes back to the continuation (g++: symmetric transfer; clang: through
//     the scheduler's trampoline, see TrampolineFinal), so the way back up a chain of any
//     depth runs in constant stack.
// A panic (any exception) escaping the body is captured in the promise and rethrown in the
// awaiter, whether it happened before the first suspension or after.
//
// Stack budget: eager calls nest on the C++ stack, so a deep chain of calls that complete
// (or have not yet reached their first suspension) would grow it without bound. The
// scheduler sets a per-thread stack limit around every resume (rt::t_eager_stack_limit,
// kEagerStackBudget below its own frame); a call made below it starts lazily instead: it
// suspends at its initial point, its awaiter hands it to rt::defer_start, every caller up
// the stack suspends, and the scheduler resumes it right away on a fresh stack, before
// anything else runs (no ordering change). Outside the scheduler the limit is 0: always
// eager.
//
// A Task can only be awaited, never started later: code that needs a task that has not
// started yet (a root for the scheduler) uses rt::RootTask, a lazy coroutine that calls a
// function and awaits the task it returns (rt::root(f), below).
#pragma once
#include <coroutine>
#include <cstdint>
#include <exception>
#include <new>
#include <type_traits>
#include <utility>
#include "asr/frame_alloc.hpp"

namespace asr {

template <class T = void> class Task;

namespace rt {
// How far below the scheduler's frame eager calls may nest before one starts lazily.
inline constexpr std::uintptr_t kEagerStackBudget = 512 * 1024;
// Eager calls whose frame lies below this address start lazily (0: never). Set by the
// scheduler around every resume; initial-exec TLS (the runtime is linked statically).
extern constinit thread_local std::uintptr_t t_eager_stack_limit
    __attribute__((tls_model("initial-exec")));
// The coroutine the scheduler resumes next, once the stack has unwound (null: none): a task
// that started lazily because of the stack budget, or (clang, see TrampolineFinal) the
// awaiter of a task that ended after suspending.
extern constinit thread_local void* t_deferred_start __attribute__((tls_model("initial-exec")));
extern constinit thread_local std::uint64_t t_deferred_count
    __attribute__((tls_model("initial-exec")));

inline bool eager_start_fits() noexcept {
  return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)) >= t_eager_stack_limit;
}
// Called by the awaiter of a task that started lazily: hands it to the scheduler (returns
// the no-op coroutine, so the awaiter returns to its resumer), or, if another one is already
// waiting (only hand-written code that creates two tasks before awaiting either), returns
// it, to be started by symmetric transfer on the current stack.
inline std::coroutine_handle<> defer_start(std::coroutine_handle<> h) noexcept {
  if (t_deferred_start != nullptr) [[unlikely]] return h;
  t_deferred_start = h.address();
  ++t_deferred_count;
  return std::noop_coroutine();
}
// For the scheduler, after each resume: resumes t_deferred_start, if set, and whatever each
// such resume leaves there. Returns with none pending.
void run_deferred_starts() noexcept;
// How many calls on this thread started lazily because of the stack budget (tests).
std::uint64_t deferred_starts() noexcept;

// Sets the eager-call stack limit for one resume (kEagerStackBudget below the caller's
// frame), restoring the previous limit afterwards (a nested block_on runs inside a resume).
class EagerStackScope {
 public:
  EagerStackScope() noexcept : prev_(t_eager_stack_limit) {
    auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    t_eager_stack_limit = here > kEagerStackBudget ? here - kEagerStackBudget : 1;
  }
  ~EagerStackScope() { t_eager_stack_limit = prev_; }
  EagerStackScope(const EagerStackScope&) = delete;
  EagerStackScope& operator=(const EagerStackScope&) = delete;

 private:
  std::uintptr_t prev_;
};
}  // namespace rt

namespace detail {

class PromiseBase {
 public:
  // Frames come from the runtime's frame allocator (the task's arena, see frame_alloc.hpp).
  static void* operator new(std::size_t n) { return frame_alloc(n); }
  static void operator delete(void* p, std::size_t n) noexcept { frame_free(p, n); }

  // Eager start, unless the stack budget is spent (see the top of this file): then the
  // task suspends here, marked by being its own continuation until it is awaited.
  struct InitialAwaiter {
    bool await_ready() const noexcept { return rt::eager_start_fits(); }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) noexcept {
      h.promise().continuation_ = h;
    }
    void await_resume() const noexcept {}
  };
  InitialAwaiter initial_suspend() noexcept { return {}; }

  // Back to the awaiter if the task suspended on the way (else there is no continuation:
  // control returns to the ramp, i.e. to the caller, which finds the task done).
  // g++: symmetric transfer (a tail call at -O2 or with -foptimize-sibling-calls).
  struct TransferFinal {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      if (std::coroutine_handle<> c = h.promise().continuation_) return c;
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  // clang: a trampoline. Clang calls the returned handle's resume() (the no-op one, almost
  // always) out of line from a ramp, which cost ~1 ns per call in tools/bench-async; so
  // the task returns to its resumer, leaving the awaiter in the slot the scheduler drains
  // right after (rt::run_deferred_starts). Still constant stack, without tail calls.
  struct TrampolineFinal {
    bool await_ready() noexcept { return false; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) noexcept {
      std::coroutine_handle<> c = h.promise().continuation_;
      if (c) [[unlikely]] rt::t_deferred_start = c.address();
    }
    void await_resume() noexcept {}
  };
#if defined(__clang__)
  using FinalAwaiter = TrampolineFinal;
#else
  using FinalAwaiter = TransferFinal;
#endif
  // A template, so that its mangled name includes the return type: a program built with
  // clang links the runtime built with g++, and the two must not share one definition.
  template <int = 0>
  FinalAwaiter final_suspend() noexcept { return {}; }

  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  // Records the awaiter of a task that suspended; returns what await_suspend returns.
  std::coroutine_handle<> await_from(std::coroutine_handle<> self,
                                     std::coroutine_handle<> awaiter) noexcept {
    std::coroutine_handle<> c = continuation_;
    continuation_ = awaiter;
    if (c == self) [[unlikely]] return rt::defer_start(self);  // started lazily: run it now
    return std::noop_coroutine();
  }
  void rethrow_if_failed() {
    if (exception_) [[unlikely]] std::rethrow_exception(exception_);
  }

 private:
  std::coroutine_handle<> continuation_;  // null: not awaited yet (or never suspended)
  std::exception_ptr exception_;
};

template <class T>
class Promise : public PromiseBase {
  // A value that needs no destructor needs no "constructed" flag either (one store less on
  // every call, and no test when the frame is destroyed).
  static constexpr bool kTrivial = std::is_trivially_destructible_v<T>;
  struct NoFlag {};

 public:
  Promise() noexcept {}
  ~Promise() {
    if constexpr (!kTrivial) {
      if (has_value_) value_.~T();
    }
  }
  Task<T> get_return_object() noexcept;
  template <class U = T>
    requires std::is_convertible_v<U&&, T>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    ::new (static_cast<void*>(&value_)) T(std::forward<U>(v));
    if constexpr (!kTrivial) has_value_ = true;
  }
  T take() {
    rethrow_if_failed();
    return std::move(value_);
  }

 private:
  union {
    T value_;
  };
  [[no_unique_address]] std::conditional_t<kTrivial, NoFlag, bool> has_value_{};
};

template <class T>
class Promise<T&> : public PromiseBase {
 public:
  Task<T&> get_return_object() noexcept;
  void return_value(T& v) noexcept { value_ = &v; }
  T& take() {
    rethrow_if_failed();
    return *value_;
  }

 private:
  T* value_ = nullptr;
};

template <>
class Promise<void> : public PromiseBase {
 public:
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() { rethrow_if_failed(); }
};

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = detail::Promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;
  using value_type = T;

  Task() noexcept = default;
  explicit Task(handle_type h) noexcept : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }

  struct Awaiter {
    handle_type h;
    bool await_ready() const noexcept { return h.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) noexcept {
      return h.promise().await_from(h, awaiter);
    }
    T await_resume() { return h.promise().take(); }
  };
  // The task's value (or its panic rethrown), once it has ended; suspends until then.
  Awaiter operator co_await() && noexcept { return Awaiter{h_}; }
  Awaiter operator co_await() & noexcept { return Awaiter{h_}; }

  // The frame handle, completion, and the result once done.
  handle_type handle() const noexcept { return h_; }
  bool done() const noexcept { return !h_ || h_.done(); }
  T result() { return h_.promise().take(); }

 private:
  handle_type h_{};
};

namespace detail {
template <class T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
template <class T>
Task<T&> Promise<T&>::get_return_object() noexcept {
  return Task<T&>(std::coroutine_handle<Promise<T&>>::from_promise(*this));
}
inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}
}  // namespace detail

namespace rt {

// A lazy root: `root(f)` makes a coroutine that has not started; when first resumed (by the
// scheduler) it calls f() and awaits the Task it returns. What the scheduler runs as a
// task's top frame (rt::block_on, run_main, asr::block_on); a Task cannot be one, since it
// starts when called. Move-only; owns its frame; no awaiter (its end returns to the resumer).
template <class T>
class [[nodiscard]] RootTask {
 public:
  struct promise_type : asr::detail::Promise<T> {
    RootTask get_return_object() noexcept {
      return RootTask(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
  };
  using handle_type = std::coroutine_handle<promise_type>;

  RootTask(RootTask&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  RootTask& operator=(RootTask&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  RootTask(const RootTask&) = delete;
  RootTask& operator=(const RootTask&) = delete;
  ~RootTask() {
    if (h_) h_.destroy();
  }

  handle_type handle() const noexcept { return h_; }
  bool done() const noexcept { return !h_ || h_.done(); }
  // The value once done (rethrows the panic that ended it).
  T result() { return h_.promise().take(); }

 private:
  explicit RootTask(handle_type h) noexcept : h_(h) {}
  handle_type h_{};
};

template <class R> struct TaskValue;
template <class T> struct TaskValue<Task<T>> { using type = T; };

// `root(f)`: f() must return a Task<T>; f is moved into the root's frame.
template <class F>
RootTask<typename TaskValue<std::invoke_result_t<F&>>::type> root(F f) {
  if constexpr (std::is_void_v<typename TaskValue<std::invoke_result_t<F&>>::type>) {
    co_await f();
  } else {
    co_return co_await f();
  }
}

}  // namespace rt

}  // namespace asr
