// std::ops on numbers and bool, as generic code reaches them through an operator trait
// (`fn sum3<T: Add<Output = T>>(..)` called with i32): the same checked arithmetic as the
// built-in operators, reporting the operator's location. Generated code specialises each
// operator trait's class template for these types to call the functions below.
#pragma once

#include <cmath>
#include <type_traits>

#include "asr/int.hpp"
#include "asr/loc.hpp"

namespace asr::ops {

template <class T> concept Number = Integer<T> || Float<T>;
template <class T> concept Bits = Integer<T> || std::is_same_v<T, bool>;
template <class T> concept Signed = is_signed_int_v<T> || Float<T>;

// `release`: wrapping arithmetic, as `asrc build --release` gives the built-in operators.
#define ASR_OPS_ARITH(name, op)                                                      \
  template <bool release, Number T>                                                \
  [[gnu::always_inline]] constexpr T name(T a, T b, Loc loc) {              \
    if constexpr (Float<T>) return a op b;                                         \
    else if constexpr (release) return ::asr::wrapping_##name(a, b);               \
    else return ::asr::name(a, b, loc);                                            \
  }
ASR_OPS_ARITH(add, +)
ASR_OPS_ARITH(sub, -)
ASR_OPS_ARITH(mul, *)
#undef ASR_OPS_ARITH

// Division and remainder panic on zero (and overflow) in both profiles, like rustc.
template <bool release, Number T>
[[gnu::always_inline]] constexpr T div(T a, T b, Loc loc) {
  if constexpr (Float<T>) return a / b;
  else return ::asr::div(a, b, loc);
}
template <bool release, Number T>
[[gnu::always_inline]] constexpr T rem(T a, T b, Loc loc) {
  if constexpr (Float<T>) return std::fmod(a, b);
  else return ::asr::rem(a, b, loc);
}
template <bool release, Bits T>
[[gnu::always_inline]] constexpr T bitand_(T a, T b, Loc) { return static_cast<T>(a & b); }
template <bool release, Bits T>
[[gnu::always_inline]] constexpr T bitor_(T a, T b, Loc) { return static_cast<T>(a | b); }
template <bool release, Bits T>
[[gnu::always_inline]] constexpr T bitxor_(T a, T b, Loc) { return static_cast<T>(a ^ b); }
template <bool release, Integer T>
[[gnu::always_inline]] constexpr T shl(T a, T b, Loc loc) {
  if constexpr (release) return ::asr::wrapping_shl(a, b);
  else return ::asr::shl(a, b, loc);
}
template <bool release, Integer T>
[[gnu::always_inline]] constexpr T shr(T a, T b, Loc loc) {
  if constexpr (release) return ::asr::wrapping_shr(a, b);
  else return ::asr::shr(a, b, loc);
}
template <bool release, Signed T>
[[gnu::always_inline]] constexpr T neg(T a, Loc loc) {
  if constexpr (Float<T>) return -a;
  else if constexpr (release) return ::asr::wrapping_neg(a);
  else return ::asr::neg(a, loc);
}
template <bool release, Bits T>
[[gnu::always_inline]] constexpr T not_(T a, Loc) {
  if constexpr (std::is_same_v<T, bool>) return !a;
  else return static_cast<T>(~a);
}

}  // namespace asr::ops
