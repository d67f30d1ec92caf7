// asr::Task<T>: the coroutine type of every suspending ASR function.
//
// Lazy (nothing runs until awaited or handed to the scheduler), single-awaiter,
// move-only; owns its frame. `co_await task` stores the awaiter as the continuation and
// transfers to the child symmetrically; the child's final_suspend transfers straight back,
// so chains of nested awaits of any depth run in constant stack. A panic (any exception)
// escaping the body is captured in the promise and rethrown in the awaiter.
//
// Knows nothing about scheduling: a root task is started by the scheduler with
// `start_detached`, whose continuation is the no-op coroutine (control returns to the
// scheduler loop when the task finishes).
#pragma once
#include <coroutine>
#include <exception>
#include <new>
#include <type_traits>
#include <utility>
#include "asr/frame_alloc.hpp"

namespace asr {

template <class T = void> class Task;

namespace detail {

class PromiseBase {
 public:
  // Frames come from the runtime's frame allocator (the future per-task arena).
  static void* operator new(std::size_t n) { return frame_alloc(n); }
  static void operator delete(void* p, std::size_t n) noexcept { frame_free(p, n); }

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      return h.promise().continuation_;
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }

  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  void set_continuation(std::coroutine_handle<> h) noexcept { continuation_ = h; }
  void rethrow_if_failed() {
    if (exception_) [[unlikely]] std::rethrow_exception(exception_);
  }

 private:
  std::coroutine_handle<> continuation_ = std::noop_coroutine();
  std::exception_ptr exception_;
};

template <class T>
class Promise : public PromiseBase {
 public:
  Promise() noexcept {}
  ~Promise() {
    if (has_value_) value_.~T();
  }
  Task<T> get_return_object() noexcept;
  template <class U = T>
    requires std::is_convertible_v<U&&, T>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    ::new (static_cast<void*>(&value_)) T(std::forward<U>(v));
    has_value_ = true;
  }
  T take() {
    rethrow_if_failed();
    return std::move(value_);
  }

 private:
  union {
    T value_;
  };
  bool has_value_ = false;
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
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) noexcept {
      h.promise().set_continuation(awaiter);
      return h;
    }
    T await_resume() { return h.promise().take(); }
  };
  // Starts the task and resumes the awaiter with its value (or rethrows its panic).
  Awaiter operator co_await() && noexcept { return Awaiter{h_}; }
  Awaiter operator co_await() & noexcept { return Awaiter{h_}; }

  // For the scheduler / entry point: the frame handle, completion, and the result once done.
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

}  // namespace asr
