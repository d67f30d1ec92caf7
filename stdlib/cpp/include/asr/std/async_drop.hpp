// Async drop: an `impl Drop` whose `drop` can suspend.
//
// A C++ destructor cannot `co_await`, so such a value is not dropped by its destructor: the
// generated coroutine awaits `asr::drop_async(x)` at every exit of the scope that owns `x`
// (the end of the block, `return`, `break`, `continue`, `?`, and panic or cancellation
// unwinding, which it catches, waits for the drops and rethrows). Generated code for
// `let c = Conn::open(1);` reads:
//
//   Conn c = Conn::open(1);
//   std::exception_ptr c_unwinding;
//   try {
//     ...                                       // the rest of the block
//   } catch (...) {
//     c_unwinding = std::current_exception();   // (no co_await in a handler: C++ forbids it)
//   }
//   co_await ::asr::drop_async(c);              // `Drop::drop`, then the fields in order
//   if (c_unwinding) std::rethrow_exception(c_unwinding);
//
// The generated program specialises `asr::AsyncDrop<T>` for every type whose drop glue may
// suspend: `value` says whether it does (for a generic type: whether it does for these type
// arguments), `run(x)` drops `x` (`drop` first if `x` is live, then its fields in declaration
// order). This header does the same for the containers std implements in C++ (`Vec`, `Box`,
// tuples, arrays). A drop is shielded: cancellation of the task does not interrupt it.
#pragma once

#include <array>
#include <coroutine>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <utility>

#include "asr/cancel.hpp"
#include "asr/std/boxed.hpp"
#include "asr/std/drop.hpp"
#include "asr/std/tuple.hpp"
#include "asr/std/vec.hpp"
#include "asr/task.hpp"

namespace asr {

template <class T>
struct AsyncDrop {
  static constexpr bool value = false;
};

template <class T>
inline constexpr bool has_async_drop_v = AsyncDrop<T>::value;

// One part of a value (a field, an element): dropped now, awaited if its drop can suspend.
template <class T>
Task<> drop_part(T& part) {
  if constexpr (has_async_drop_v<T>) {
    co_await AsyncDrop<T>::run(part);
  } else {
    ::asr::drop_now(part);
  }
  co_return;
}

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

// The destructor of a type with an async drop, for a value still live: generated code awaits
// every such drop, so this is a compiler bug, reported rather than ignored.
[[noreturn]] inline void async_drop_missed(const char* type) {
  std::fprintf(stderr, "asrc internal error: a `%s` was destroyed without awaiting its async drop\n", type);
  std::abort();
}

// Containers: their elements in order, first to last (as Rust drops them).
template <class T>
struct AsyncDrop<Vec<T>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(Vec<T>& v) {
    for (T& e : v) co_await drop_part(e);
    v.clear();
  }
};

template <class T, std::size_t N>
struct AsyncDrop<std::array<T, N>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(std::array<T, N>& a) {
    for (T& e : a) co_await drop_part(e);
  }
};

template <class T>
struct AsyncDrop<Box<T>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(Box<T>& b) {
    std::unique_ptr<T> owned(b.release());  // (freed when the drop ends, panicking or not)
    if (owned) co_await drop_part(*owned);
  }
};

template <class... Ts>
struct AsyncDrop<Tuple<Ts...>> {
  static constexpr bool value = (has_async_drop_v<Ts> || ...);
  static Task<> run(Tuple<Ts...>& t) { return run_from<0>(t); }

 private:
  template <std::size_t I>
  static Task<> run_from(Tuple<Ts...>& t) {
    if constexpr (I < sizeof...(Ts)) {
      // (get<I> is const: the tuple itself is not)
      using Member = std::remove_cvref_t<decltype(t.template get<I>())>;
      co_await drop_part(const_cast<Member&>(t.template get<I>()));
      co_await run_from<I + 1>(t);
    }
    co_return;
  }
};

}  // namespace asr
