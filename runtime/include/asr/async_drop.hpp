// Async drop, the runtime's half: whether a type's drop can suspend (`AsyncDrop<T>::value`)
// and `drop_async(x)`, which awaits it shielded from cancellation. Generated code and std
// (asr/std/async_drop.hpp) specialise `AsyncDrop<T>`; the runtime uses it for what it owns
// itself: a spawned task's closure, whose by-value captures are dropped when the task ends.
#pragma once

#include <coroutine>

#include "asr/cancel.hpp"
#include "asr/task.hpp"

namespace asr {

// `value`: whether dropping a `T` can suspend; if so, `static Task<> run(T&)` drops one.
template <class T>
struct AsyncDrop {
  static constexpr bool value = false;
};

template <class T>
inline constexpr bool has_async_drop_v = AsyncDrop<T>::value;

namespace detail {
template <class T>
Task<> shielded_drop(T& value) {
  rt::RegionGuard shield(/*shield=*/true);
  co_await AsyncDrop<T>::run(value);
}
}  // namespace detail

// What generated code awaits at a scope exit: the drop of `value` (nothing for a value that
// was moved out or already dropped, and nothing at all for a type whose drop cannot suspend,
// which its destructor drops as usual).
template <class T>
auto drop_async(T& value) {
  if constexpr (has_async_drop_v<T>) {
    return detail::shielded_drop(value);
  } else {
    return std::suspend_never{};
  }
}

}  // namespace asr
