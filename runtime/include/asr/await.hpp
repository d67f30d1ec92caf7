// Awaiting what may or may not be a coroutine: generic code that may suspend (the coroutine
// twin `f_co` of a generic function) calls closures and trait methods whose effect depends on
// the type arguments. `ready_call(f)` runs `f` now; if it returned a `Task`, that task is the
// awaitable, else the value is wrapped in `Ready`, which `co_await` takes without suspending.
#pragma once
#include <coroutine>
#include <type_traits>
#include <utility>

#include "asr/task.hpp"

namespace asr {

template <class T> struct is_task : std::false_type {};
template <class T> struct is_task<Task<T>> : std::true_type {};
template <class T> inline constexpr bool is_task_v = is_task<std::remove_cvref_t<T>>::value;

// An awaitable that is already complete.
template <class T>
struct Ready {
  T value;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return static_cast<T&&>(value); }
};
template <>
struct Ready<void> {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

template <class F>
auto ready_call(F&& f) {
  using R = std::invoke_result_t<F&>;
  if constexpr (is_task_v<R>) {
    return f();
  } else if constexpr (std::is_void_v<R>) {
    f();
    return Ready<void>{};
  } else {
    return Ready<R>{f()};
  }
}

}  // namespace asr
