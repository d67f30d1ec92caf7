// Integer arithmetic with Rust's semantics: checked operators that panic with rustc's
// messages (debug profile), wrapping ones (`--release`), and `as` casts between every
// pair of integer / float / bool / char types. Header-only and always inlined: the panic
// paths are out-of-line cold calls, so -O2 reduces each operator to the plain
// instruction plus one predictable branch.
#pragma once
#include <cstdint>
#include <type_traits>
#include "asr/loc.hpp"

namespace asr {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

// `()`
struct Unit {
  friend constexpr bool operator==(Unit, Unit) noexcept { return true; }
  friend constexpr bool operator<(Unit, Unit) noexcept { return false; }
  friend constexpr bool operator>(Unit, Unit) noexcept { return false; }
  friend constexpr bool operator<=(Unit, Unit) noexcept { return true; }
  friend constexpr bool operator>=(Unit, Unit) noexcept { return true; }
};

// ASR's integer types (std::is_integral is false for __int128 under -std=c++20).
template <class T> struct is_int : std::false_type {};
template <> struct is_int<int8_t> : std::true_type {};
template <> struct is_int<int16_t> : std::true_type {};
template <> struct is_int<int32_t> : std::true_type {};
template <> struct is_int<int64_t> : std::true_type {};
template <> struct is_int<uint8_t> : std::true_type {};
template <> struct is_int<uint16_t> : std::true_type {};
template <> struct is_int<uint32_t> : std::true_type {};
template <> struct is_int<uint64_t> : std::true_type {};
template <> struct is_int<i128> : std::true_type {};
template <> struct is_int<u128> : std::true_type {};
// `long long` / `unsigned long long` differ from int64_t/uint64_t (long) on LP64 Linux.
template <> struct is_int<long long> : std::true_type {};
template <> struct is_int<unsigned long long> : std::true_type {};
template <class T> inline constexpr bool is_int_v = is_int<std::remove_cv_t<T>>::value;
template <class T> concept Integer = is_int_v<T>;
template <class T> concept Float = std::is_same_v<std::remove_cv_t<T>, float> || std::is_same_v<std::remove_cv_t<T>, double>;

// (a class, so that `T(-1)` is only formed for integers: `Neg` of a `Poly<T>` asks too)
template <class T, bool = is_int_v<T>> struct is_signed_int : std::false_type {};
template <class T> struct is_signed_int<T, true> : std::bool_constant<(T(-1) < T(0))> {};
template <class T> inline constexpr bool is_signed_int_v = is_signed_int<std::remove_cv_t<T>>::value;
// std::make_unsigned does not know __int128 in strict -std=c++20 mode.
template <class T> struct unsigned_of { using type = std::make_unsigned_t<T>; };
template <> struct unsigned_of<i128> { using type = u128; };
template <> struct unsigned_of<u128> { using type = u128; };
template <class T> using unsigned_t = typename unsigned_of<std::remove_cv_t<T>>::type;
template <class T> struct signed_of { using type = std::make_signed_t<T>; };
template <> struct signed_of<i128> { using type = i128; };
template <> struct signed_of<u128> { using type = i128; };
template <class T> using signed_t = typename signed_of<std::remove_cv_t<T>>::type;

template <Integer T> inline constexpr int bits_of = int(sizeof(T) * 8);
template <Integer T> inline constexpr T int_min = is_signed_int_v<T> ? T(T(1) << (bits_of<T> - 1)) : T(0);
template <Integer T> inline constexpr T int_max = T(~int_min<T>);

namespace rt {
// The cold panic paths (defined in runtime/src/panic.cpp).
[[noreturn, gnu::cold]] void panic_add_overflow(Loc);
[[noreturn, gnu::cold]] void panic_sub_overflow(Loc);
[[noreturn, gnu::cold]] void panic_mul_overflow(Loc);
[[noreturn, gnu::cold]] void panic_div_zero(Loc);
[[noreturn, gnu::cold]] void panic_rem_zero(Loc);
[[noreturn, gnu::cold]] void panic_div_overflow(Loc);
[[noreturn, gnu::cold]] void panic_rem_overflow(Loc);
[[noreturn, gnu::cold]] void panic_neg_overflow(Loc);
[[noreturn, gnu::cold]] void panic_shl_overflow(Loc);
[[noreturn, gnu::cold]] void panic_shr_overflow(Loc);

// Is `b` a valid shift amount for a T (0 <= b < bits)?
template <Integer T, Integer S>
[[gnu::always_inline]] constexpr bool shift_ok(S b) noexcept {
  if constexpr (is_signed_int_v<S>) {
    if (b < 0) return false;
  }
  return u128(b) < u128(bits_of<T>);
}
}  // namespace rt

// The second operand's type is not deduced (`add(x, 1, loc)` works for any x).
template <class T> using same_t = std::type_identity_t<T>;

// ---- checked (debug profile) -------------------------------------------------------

template <Integer T>
[[gnu::always_inline]] constexpr T add(T a, same_t<T> b, Loc loc) {
  T r;
  if (__builtin_add_overflow(a, b, &r)) [[unlikely]] rt::panic_add_overflow(loc);
  return r;
}
template <Integer T>
[[gnu::always_inline]] constexpr T sub(T a, same_t<T> b, Loc loc) {
  T r;
  if (__builtin_sub_overflow(a, b, &r)) [[unlikely]] rt::panic_sub_overflow(loc);
  return r;
}
template <Integer T>
[[gnu::always_inline]] constexpr T mul(T a, same_t<T> b, Loc loc) {
  T r;
  if (__builtin_mul_overflow(a, b, &r)) [[unlikely]] rt::panic_mul_overflow(loc);
  return r;
}
// Division checks are on in both profiles, as in Rust.
template <Integer T>
[[gnu::always_inline]] constexpr T div(T a, same_t<T> b, Loc loc) {
  if (b == 0) [[unlikely]] rt::panic_div_zero(loc);
  if constexpr (is_signed_int_v<T>) {
    if (a == int_min<T> && b == T(-1)) [[unlikely]] rt::panic_div_overflow(loc);
  }
  return T(a / b);
}
template <Integer T>
[[gnu::always_inline]] constexpr T rem(T a, same_t<T> b, Loc loc) {
  if (b == 0) [[unlikely]] rt::panic_rem_zero(loc);
  if constexpr (is_signed_int_v<T>) {
    if (a == int_min<T> && b == T(-1)) [[unlikely]] rt::panic_rem_overflow(loc);
  }
  return T(a % b);
}
template <Integer T>
[[gnu::always_inline]] constexpr T neg(T a, Loc loc) {
  T r;
  if (__builtin_sub_overflow(T(0), a, &r)) [[unlikely]] rt::panic_neg_overflow(loc);
  return r;
}
// Shifts: the amount may be any integer type; it must be in [0, bits). The shifted value
// itself wraps (bits shifted out are lost), as in Rust.
template <Integer T, Integer S>
[[gnu::always_inline]] constexpr T shl(T a, S b, Loc loc) {
  if (!rt::shift_ok<T>(b)) [[unlikely]] rt::panic_shl_overflow(loc);
  using U = unsigned_t<T>;
  return T(U(a) << int(b));
}
template <Integer T, Integer S>
[[gnu::always_inline]] constexpr T shr(T a, S b, Loc loc) {
  if (!rt::shift_ok<T>(b)) [[unlikely]] rt::panic_shr_overflow(loc);
  return T(a >> int(b));
}

// ---- wrapping (`--release`; also Rust's wrapping_* methods) -------------------------

template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_add(T a, same_t<T> b) noexcept {
  T r;
  __builtin_add_overflow(a, b, &r);
  return r;
}
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_sub(T a, same_t<T> b) noexcept {
  T r;
  __builtin_sub_overflow(a, b, &r);
  return r;
}
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_mul(T a, same_t<T> b) noexcept {
  T r;
  __builtin_mul_overflow(a, b, &r);
  return r;
}
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_neg(T a) noexcept {
  T r;
  __builtin_sub_overflow(T(0), a, &r);
  return r;
}
// wrapping_div/rem: MIN / -1 wraps to MIN (resp. 0); division by zero still panics.
// Note: the `/` and `%` operators must use asr::div/rem in BOTH profiles.
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_div(T a, same_t<T> b, Loc loc) {
  if (b == 0) [[unlikely]] rt::panic_div_zero(loc);
  if constexpr (is_signed_int_v<T>) {
    if (a == int_min<T> && b == T(-1)) return a;
  }
  return T(a / b);
}
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_rem(T a, same_t<T> b, Loc loc) {
  if (b == 0) [[unlikely]] rt::panic_rem_zero(loc);
  if constexpr (is_signed_int_v<T>) {
    if (b == T(-1)) return T(0);
  }
  return T(a % b);
}
// Shift amount masked to the type's width (Rust's release-mode `<<`, wrapping_shl).
template <Integer T, Integer S>
[[gnu::always_inline]] constexpr T wrapping_shl(T a, S b) noexcept {
  using U = unsigned_t<T>;
  return T(U(a) << (int(b) & (bits_of<T> - 1)));
}
template <Integer T, Integer S>
[[gnu::always_inline]] constexpr T wrapping_shr(T a, S b) noexcept {
  return T(a >> (int(b) & (bits_of<T> - 1)));
}

// ---- `as` casts --------------------------------------------------------------------

namespace rt {
template <class T> inline constexpr bool is_castable_v =
    is_int_v<T> || Float<T> || std::is_same_v<T, bool> || std::is_same_v<T, char32_t>;

// 2^n as a double (exact for every n used here).
constexpr double pow2(int n) noexcept {
  double r = 1.0;
  for (int i = 0; i < n; ++i) r *= 2.0;
  return r;
}
}  // namespace rt

// Rust `as`: int->int truncates / sign-extends; float->int saturates, NaN -> 0;
// int->float and f64->f32 round to nearest; bool and char -> int; u8 -> char.
template <class To, class From>
  requires(rt::is_castable_v<To> && rt::is_castable_v<From>)
[[gnu::always_inline]] constexpr To cast(From v) noexcept {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (Float<From> && is_int_v<To>) {
    double d = double(v);
    if (d != d) return To(0);
    constexpr int digits = is_signed_int_v<To> ? bits_of<To> - 1 : bits_of<To>;
    constexpr double hi = rt::pow2(digits);  // first value above MAX
    if (d >= hi) return int_max<To>;
    if constexpr (is_signed_int_v<To>) {
      if (d <= -hi) return int_min<To>;
    } else {
      if (d <= -1.0) return To(0);
    }
    return To(v);  // in range: truncation toward zero
  } else if constexpr (std::is_same_v<To, char32_t>) {
    static_assert(std::is_same_v<From, uint8_t>, "only u8 can be cast to char");
    return char32_t(v);
  } else if constexpr (std::is_same_v<To, bool>) {
    static_assert(!sizeof(To*), "nothing can be cast to bool with `as`");
    return false;
  } else {
    return To(v);  // int<->int modular, int->float nearest, float->float nearest
  }
}

}  // namespace asr
