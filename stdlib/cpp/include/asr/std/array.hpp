// Rust arrays `[T; N]` are `std::array<T, N>`; this adds what Rust gives them: bounds-checked
// indexing with Rust's panic message, `[x; N]`, and `{:?}` as `[1, 2, 3]`.
#pragma once
#include <array>
#include <cstddef>

#include "asr/std/debug.hpp"
#include "asr/std/default.hpp"
#include "asr/std/fmt.hpp"

namespace asr {

namespace rt {
[[noreturn, gnu::cold]] inline void panic_index(Loc loc, std::size_t len, std::size_t index) {
  panic_fmt(loc, "index out of bounds: the len is {} but the index is {}", len, index);
}
}  // namespace rt

// `a[i]`
template <class T, std::size_t N>
constexpr T& index(std::array<T, N>& a, std::size_t i, Loc loc) {
  if (i >= N) rt::panic_index(loc, N, i);
  return a[i];
}
template <class T, std::size_t N>
constexpr const T& index(const std::array<T, N>& a, std::size_t i, Loc loc) {
  if (i >= N) rt::panic_index(loc, N, i);
  return a[i];
}

// `[x; N]`
template <class T, std::size_t N>
std::array<T, N> repeat(const T& value) {
  std::array<T, N> a;
  a.fill(value);
  return a;
}

// std::array::IntoIter's move out of element `i` (the array still destroys the moved-from
// value, as Rust's iterator drops only the elements it has not yielded).
template <class T, std::size_t N>
T array_take(std::array<T, N>& a, std::size_t i) {
  return std::move(a[i]);
}

// `std::array::from_fn(f)`: `f` is called on 0, 1, ... in order (a braced list is evaluated
// in order); `P<std::array<T, N>>` (a `PhantomData`) names the result type.
template <class F, class T, std::size_t N, template <class> class P>
std::array<T, N> array_from_fn(F f, P<std::array<T, N>>) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<T, N>{T(f(std::size_t(I)))...};
  }(std::make_index_sequence<N>{});
}

// `<[T; N]>::default()`: every element's default.
template <class T, std::size_t N> struct DefaultOf<std::array<T, N>> {
  static std::array<T, N> make() {
    std::array<T, N> a;
    for (auto& x : a) x = default_of<T>();
    return a;
  }
};

template <class T, std::size_t N> struct Debug<std::array<T, N>> {
  static void fmt(const std::array<T, N>& a, Formatter& f) {
    DebugList list(f);
    for (const auto& x : a) list.entry(x);
    list.finish();
  }
};

}  // namespace asr
