// `x.clone()` where a program has a hand-written `impl Clone`: generated code calls
// `asr::clone(x)` for values whose type may contain such a type (and in generic code), and
// specialises CloneOf for the types concerned: a hand-written impl calls its `clone`, a
// derived one clones field by field. Every other type's clone is a C++ copy, which is what
// Rust's derived and built-in clones do.
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include "asr/std/tuple.hpp"

namespace asr {

template <class T>
struct CloneOf {
  static T clone(const T& v) { return v; }
};

template <class T>
T clone(const T& v) {
  return CloneOf<T>::clone(v);
}

template <class... Ts>
struct CloneOf<Tuple<Ts...>> {
  static Tuple<Ts...> clone(const Tuple<Ts...>& v) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return Tuple<Ts...>{::asr::clone(v.template get<I>())...};
    }(std::index_sequence_for<Ts...>{});
  }
};

template <class T, std::size_t N>
struct CloneOf<std::array<T, N>> {
  static std::array<T, N> clone(const std::array<T, N>& v) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::array<T, N>{::asr::clone(v[I])...};
    }(std::make_index_sequence<N>{});
  }
};

}  // namespace asr
