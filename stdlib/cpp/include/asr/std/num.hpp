// Rust's primitive methods on integers, f32/f64, char and u8, as asr::num::NAME(receiver,
// args...[, loc]) with rustc 1.95's exact results and panic messages. A method that can
// panic takes the caller's Loc last; one name has one arity per kind of receiver (integer
// `abs` takes a Loc, float `abs` does not). Integers: int8_t..int64_t, uint8_t..uint64_t,
// i128/u128, long long, and so isize/usize (ptrdiff_t/size_t); floats: float, double;
// chars: char32_t (and uint8_t for the ASCII family). Header-only and lean on purpose (no
// <cmath>, no <bit>): libm is reached through GCC's __builtin_* math functions.
//
// Panics that debug builds raise and release builds do not (`abs`, `pow`,
// `next_power_of_two` overflow) have release counterparts here: wrapping_abs,
// wrapping_pow, wrapping_next_power_of_two. Where rustc reports a panic: at the method call
// for div_euclid, rem_euclid, isqrt, integer clamp and unsigned wrapping_div/wrapping_rem;
// inside core for abs, pow, next_power_of_two, signed wrapping_div/wrapping_rem (e.g.
// /rustc/<hash>/library/core/src/num/mod.rs:394:5 for i32), float clamp and is_digit. The
// Loc passed is the one reported.
//
// Floats: results are bit-for-bit those of rustc on the same libm: the same formulas where
// Rust's std computes (asinh, acosh, atanh, log, fract, the Euclidean ops, powi's
// multiplication order), a correctly rounded cbrt as core's, and the same libm calls where
// it calls libm (sin, exp, ...). The libm calls go through an optimisation barrier so GCC
// never folds them at compile time with MPFR (correctly rounded, which glibc is not
// always); LLVM folds them with the host libm, i.e. the value the call returns. min/max of
// +0.0 and -0.0 (and of two NaNs): Rust leaves the choice open; this returns what rustc's
// debug build does (the first zero; the second NaN).
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "asr/int.hpp"
#include "asr/loc.hpp"
#include "asr/panic.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/tuple.hpp"

namespace asr::num {

template <class T> concept SignedInt = Integer<T> && is_signed_int_v<T>;
template <class T> concept UnsignedInt = Integer<T> && !is_signed_int_v<T>;
// Receivers of the is_ascii_* / to_ascii_* family: char and u8.
template <class T> concept AsciiChar =
    std::is_same_v<std::remove_cv_t<T>, char32_t> || std::is_same_v<std::remove_cv_t<T>, uint8_t>;

namespace detail {
// Cold, out-of-line panic paths with formatted messages (rustc 1.95's exact text).
template <class T>
[[noreturn, gnu::cold, gnu::noinline]] void panic_clamp(Loc loc, T lo, T hi) {
  if constexpr (Float<T>) panic_fmt(loc, "min > max, or either was NaN. min = {:?}, max = {:?}", lo, hi);
  else panic_fmt(loc, "min > max. min = {:?}, max = {:?}", lo, hi);
}
[[noreturn, gnu::cold, gnu::noinline]] inline void panic_isqrt(Loc loc) {
  panic(loc, "argument of integer square root cannot be negative");
}
[[noreturn, gnu::cold, gnu::noinline]] inline void panic_radix(Loc loc) {
  panic(loc, "to_digit: invalid radix -- radix must be in the range 2 to 36 inclusive");
}

// Hides a value from the optimiser (no constant folding through it); free at run time.
template <Float F>
[[gnu::always_inline]] inline F opaque(F x) noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __asm__("" : "+x"(x));
#elif defined(__aarch64__)
  __asm__("" : "+w"(x));
#else
  __asm__("" : "+m"(x));
#endif
  return x;
}
}  // namespace detail

// ==== integers ==========================================================================

// ---- sign (signed only) ----------------------------------------------------------------

template <SignedInt T>
[[gnu::always_inline]] constexpr T abs(T x, Loc loc) {
  if (x == int_min<T>) [[unlikely]] rt::panic_neg_overflow(loc);
  return x < 0 ? T(-x) : x;
}
template <SignedInt T>
[[gnu::always_inline]] constexpr T wrapping_abs(T x) noexcept {
  return x < 0 ? ::asr::wrapping_neg(x) : x;
}
template <SignedInt T>
[[gnu::always_inline]] constexpr unsigned_t<T> unsigned_abs(T x) noexcept {
  using U = unsigned_t<T>;
  return x < 0 ? U(U(0) - U(x)) : U(x);
}
template <SignedInt T>
[[gnu::always_inline]] constexpr T signum(T x) noexcept {
  return T(int(x > 0) - int(x < 0));
}
template <SignedInt T>
[[gnu::always_inline]] constexpr bool is_positive(T x) noexcept { return x > 0; }
template <SignedInt T>
[[gnu::always_inline]] constexpr bool is_negative(T x) noexcept { return x < 0; }

// ---- bits ------------------------------------------------------------------------------

template <Integer T>
[[gnu::always_inline]] constexpr uint32_t count_ones(T x) noexcept {
  using U = unsigned_t<T>;
  const U u = U(x);
  if constexpr (sizeof(T) <= 4) return uint32_t(__builtin_popcount(uint32_t(u)));
  else if constexpr (sizeof(T) == 8) return uint32_t(__builtin_popcountll(uint64_t(u)));
  else return uint32_t(__builtin_popcountll(uint64_t(u)) + __builtin_popcountll(uint64_t(u >> 64)));
}
template <Integer T>
[[gnu::always_inline]] constexpr uint32_t count_zeros(T x) noexcept {
  return uint32_t(bits_of<T>) - count_ones(x);
}
template <Integer T>
[[gnu::always_inline]] constexpr uint32_t leading_zeros(T x) noexcept {
  using U = unsigned_t<T>;
  const U u = U(x);
  if (u == 0) return uint32_t(bits_of<T>);
  if constexpr (sizeof(T) <= 4) return uint32_t(__builtin_clz(uint32_t(u)) - (32 - bits_of<T>));
  else if constexpr (sizeof(T) == 8) return uint32_t(__builtin_clzll(uint64_t(u)));
  else {
    const uint64_t hi = uint64_t(u >> 64);
    return hi != 0 ? uint32_t(__builtin_clzll(hi)) : uint32_t(64 + __builtin_clzll(uint64_t(u)));
  }
}
template <Integer T>
[[gnu::always_inline]] constexpr uint32_t trailing_zeros(T x) noexcept {
  using U = unsigned_t<T>;
  const U u = U(x);
  if (u == 0) return uint32_t(bits_of<T>);
  if constexpr (sizeof(T) <= 4) return uint32_t(__builtin_ctz(uint32_t(u)));
  else if constexpr (sizeof(T) == 8) return uint32_t(__builtin_ctzll(uint64_t(u)));
  else {
    const uint64_t lo = uint64_t(u);
    return lo != 0 ? uint32_t(__builtin_ctzll(lo)) : uint32_t(64 + __builtin_ctzll(uint64_t(u >> 64)));
  }
}
template <Integer T>
[[gnu::always_inline]] constexpr uint32_t leading_ones(T x) noexcept {
  using U = unsigned_t<T>;
  return leading_zeros(U(~U(x)));
}
template <Integer T>
[[gnu::always_inline]] constexpr uint32_t trailing_ones(T x) noexcept {
  using U = unsigned_t<T>;
  return trailing_zeros(U(~U(x)));
}
// The amount is taken modulo the width (any u32, as in Rust).
template <Integer T>
[[gnu::always_inline]] constexpr T rotate_left(T x, uint32_t n) noexcept {
  using U = unsigned_t<T>;
  const uint32_t r = n % uint32_t(bits_of<T>);
  if (r == 0) return x;
  return T(U(U(U(x) << r) | U(U(x) >> (uint32_t(bits_of<T>) - r))));
}
template <Integer T>
[[gnu::always_inline]] constexpr T rotate_right(T x, uint32_t n) noexcept {
  using U = unsigned_t<T>;
  const uint32_t r = n % uint32_t(bits_of<T>);
  if (r == 0) return x;
  return T(U(U(U(x) >> r) | U(U(x) << (uint32_t(bits_of<T>) - r))));
}
template <Integer T>
[[gnu::always_inline]] constexpr T swap_bytes(T x) noexcept {
  using U = unsigned_t<T>;
  const U u = U(x);
  if constexpr (sizeof(T) == 1) return x;
  else if constexpr (sizeof(T) == 2) return T(__builtin_bswap16(uint16_t(u)));
  else if constexpr (sizeof(T) == 4) return T(__builtin_bswap32(uint32_t(u)));
  else if constexpr (sizeof(T) == 8) return T(__builtin_bswap64(uint64_t(u)));
  else return T((U(__builtin_bswap64(uint64_t(u))) << 64) | U(__builtin_bswap64(uint64_t(u >> 64))));
}
template <Integer T>
[[gnu::always_inline]] constexpr T reverse_bits(T x) noexcept {
  using U = unsigned_t<T>;
  constexpr U ones = U(U(~U(0)) / U(255));  // 0x0101...01
  constexpr U m1 = U(ones * U(0x55)), m2 = U(ones * U(0x33)), m4 = U(ones * U(0x0F));
  U v = U(swap_bytes(x));
  v = U(U(U(v >> 1) & m1) | U(U(v & m1) << 1));
  v = U(U(U(v >> 2) & m2) | U(U(v & m2) << 2));
  v = U(U(U(v >> 4) & m4) | U(U(v & m4) << 4));
  return T(v);
}

// ---- wrapping / saturating / overflowing --------------------------------------------------

template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_add(T a, same_t<T> b) noexcept { return ::asr::wrapping_add(a, b); }
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_sub(T a, same_t<T> b) noexcept { return ::asr::wrapping_sub(a, b); }
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_mul(T a, same_t<T> b) noexcept { return ::asr::wrapping_mul(a, b); }
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_neg(T a) noexcept { return ::asr::wrapping_neg(a); }
// MIN / -1 wraps to MIN (resp. 0); a zero divisor panics.
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_div(T a, same_t<T> b, Loc loc) { return ::asr::wrapping_div(a, b, loc); }
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_rem(T a, same_t<T> b, Loc loc) { return ::asr::wrapping_rem(a, b, loc); }
// The amount is masked to the width (n & (bits - 1)).
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_shl(T a, uint32_t n) noexcept {
  using U = unsigned_t<T>;
  return T(U(U(a) << (n & uint32_t(bits_of<T> - 1))));
}
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_shr(T a, uint32_t n) noexcept {
  return T(a >> (n & uint32_t(bits_of<T> - 1)));
}

template <Integer T>
[[gnu::always_inline]] constexpr T saturating_add(T a, same_t<T> b) noexcept {
  T r;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  if constexpr (is_signed_int_v<T>) return b < 0 ? int_min<T> : int_max<T>;
  else return int_max<T>;
}
template <Integer T>
[[gnu::always_inline]] constexpr T saturating_sub(T a, same_t<T> b) noexcept {
  T r;
  if (!__builtin_sub_overflow(a, b, &r)) return r;
  if constexpr (is_signed_int_v<T>) return b > 0 ? int_min<T> : int_max<T>;
  else return int_min<T>;
}
template <Integer T>
[[gnu::always_inline]] constexpr T saturating_mul(T a, same_t<T> b) noexcept {
  T r;
  if (!__builtin_mul_overflow(a, b, &r)) return r;
  if constexpr (is_signed_int_v<T>) return (a < 0) != (b < 0) ? int_min<T> : int_max<T>;
  else return int_max<T>;
}

template <Integer T>
[[gnu::always_inline]] constexpr Tuple<T, bool> overflowing_add(T a, same_t<T> b) noexcept {
  T r;
  const bool o = __builtin_add_overflow(a, b, &r);
  return {r, o};
}
template <Integer T>
[[gnu::always_inline]] constexpr Tuple<T, bool> overflowing_sub(T a, same_t<T> b) noexcept {
  T r;
  const bool o = __builtin_sub_overflow(a, b, &r);
  return {r, o};
}
template <Integer T>
[[gnu::always_inline]] constexpr Tuple<T, bool> overflowing_mul(T a, same_t<T> b) noexcept {
  T r;
  const bool o = __builtin_mul_overflow(a, b, &r);
  return {r, o};
}

// ---- pow --------------------------------------------------------------------------------

namespace detail {
// x^e modulo 2^bits; returns whether the exact result overflows T. Rust's square-and-
// multiply (it returns before the last squaring), so an intermediate overflow happens iff
// the result overflows.
template <Integer T>
constexpr bool pow_wrapped(T x, uint32_t e, T& out) noexcept {
  bool over = false;
  T acc = T(1);
  if (e != 0) {
    for (T base = x;;) {
      if (e & 1u) {
        over |= __builtin_mul_overflow(acc, base, &acc);
        if (e == 1) break;
      }
      e /= 2;
      over |= __builtin_mul_overflow(base, base, &base);
    }
  }
  out = acc;
  return over;
}
}  // namespace detail

// Debug build: "attempt to multiply with overflow"; release: wrapping_pow.
template <Integer T>
[[gnu::always_inline]] constexpr T pow(T x, uint32_t e, Loc loc) {
  T r;
  if (detail::pow_wrapped(x, e, r)) [[unlikely]] rt::panic_mul_overflow(loc);
  return r;
}
template <Integer T>
[[gnu::always_inline]] constexpr T wrapping_pow(T x, uint32_t e) noexcept {
  T r;
  detail::pow_wrapped(x, e, r);
  return r;
}
template <Integer T>
[[gnu::always_inline]] constexpr T saturating_pow(T x, uint32_t e) noexcept {
  T r;
  if (!detail::pow_wrapped(x, e, r)) return r;
  if constexpr (is_signed_int_v<T>) {
    if (x < 0 && (e & 1u)) return int_min<T>;
  }
  return int_max<T>;
}

// ---- ordering -----------------------------------------------------------------------------

template <Integer T>
[[gnu::always_inline]] constexpr T min(T a, same_t<T> b) noexcept { return b < a ? b : a; }
template <Integer T>
[[gnu::always_inline]] constexpr T max(T a, same_t<T> b) noexcept { return b < a ? a : b; }
// Panics "min > max. min = {lo:?}, max = {hi:?}" when lo > hi.
template <Integer T>
[[gnu::always_inline]] constexpr T clamp(T x, same_t<T> lo, same_t<T> hi, Loc loc) {
  if (lo > hi) [[unlikely]] detail::panic_clamp<T>(loc, lo, hi);
  if (x < lo) return lo;
  if (x > hi) return hi;
  return x;
}
template <Integer T>
[[gnu::always_inline]] constexpr unsigned_t<T> abs_diff(T a, same_t<T> b) noexcept {
  using U = unsigned_t<T>;
  return a < b ? U(U(b) - U(a)) : U(U(a) - U(b));
}

// ---- Euclidean division (both profiles panic on a zero divisor and on MIN / -1) -----------

template <Integer T>
[[gnu::always_inline]] constexpr T div_euclid(T a, same_t<T> b, Loc loc) {
  const T q = ::asr::div(a, b, loc);
  if constexpr (is_signed_int_v<T>) {
    if (T(a % b) < 0) return b > 0 ? T(q - 1) : T(q + 1);
  }
  return q;
}
template <Integer T>
[[gnu::always_inline]] constexpr T rem_euclid(T a, same_t<T> b, Loc loc) {
  const T r = ::asr::rem(a, b, loc);
  if constexpr (is_signed_int_v<T>) {
    if (r < 0) return ::asr::wrapping_add(r, wrapping_abs(b));
  }
  return r;
}

// ---- powers of two, square root ----------------------------------------------------------

template <UnsignedInt T>
[[gnu::always_inline]] constexpr bool is_power_of_two(T x) noexcept { return count_ones(x) == 1; }
// Debug build: "attempt to add with overflow" above the largest power of two; release:
// wrapping_next_power_of_two (0 there).
template <UnsignedInt T>
[[gnu::always_inline]] constexpr T next_power_of_two(T x, Loc loc) {
  const T m = x <= 1 ? T(0) : T(int_max<T> >> leading_zeros(T(x - 1)));
  return ::asr::add(m, T(1), loc);
}
template <UnsignedInt T>
[[gnu::always_inline]] constexpr T wrapping_next_power_of_two(T x) noexcept {
  const T m = x <= 1 ? T(0) : T(int_max<T> >> leading_zeros(T(x - 1)));
  return ::asr::wrapping_add(m, T(1));
}

namespace detail {
template <UnsignedInt U>
constexpr U isqrt_u(U n) noexcept {
  if constexpr (sizeof(U) <= 8) {
    if (n == 0) return 0;
    // The double estimate is within one of the root; correct it exactly.
    uint64_t r = uint64_t(__builtin_sqrt(double(n)));
    while (u128(r) * r > u128(n)) --r;
    while (u128(r + 1) * (r + 1) <= u128(n)) ++r;
    return U(r);
  } else {
    // Digit by digit (two bits per step).
    U rem = n, root = 0, bit = U(1) << 126;
    while (bit > rem) bit >>= 2;
    while (bit != 0) {
      if (rem >= root + bit) {
        rem -= root + bit;
        root = (root >> 1) + bit;
      } else {
        root >>= 1;
      }
      bit >>= 2;
    }
    return root;
  }
}
}  // namespace detail

// Panics "argument of integer square root cannot be negative" for a negative receiver.
template <Integer T>
[[gnu::always_inline]] constexpr T isqrt(T x, Loc loc) {
  if constexpr (is_signed_int_v<T>) {
    if (x < 0) [[unlikely]] detail::panic_isqrt(loc);
  }
  return T(detail::isqrt_u(unsigned_t<T>(x)));
}

// ==== floats ==============================================================================

namespace detail {
template <Float F> inline constexpr F f_inf = F(__builtin_inf());
template <Float F> inline constexpr F f_nan = F(__builtin_nan(""));  // Rust's NAN (positive)
template <Float F> using fbits_t = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
template <Float F>
[[gnu::always_inline]] constexpr fbits_t<F> to_bits(F x) noexcept { return __builtin_bit_cast(fbits_t<F>, x); }
}  // namespace detail
// `x.to_bits()`, `f64::from_bits(b)`, `f32::from_bits(b)`
template <Float F>
[[gnu::always_inline]] constexpr detail::fbits_t<F> to_bits(F x) noexcept { return detail::to_bits(x); }
[[gnu::always_inline]] constexpr double f64_from_bits(uint64_t b) noexcept { return __builtin_bit_cast(double, b); }
[[gnu::always_inline]] constexpr float f32_from_bits(uint32_t b) noexcept { return __builtin_bit_cast(float, b); }

// The functions Rust gets from libm (same library, same result).
#define ASR_NUM_LIBM1(name, fn)                                                     \
  template <Float F>                                                                \
  [[gnu::always_inline]] inline F name(F x) noexcept {                              \
    if constexpr (sizeof(F) == 4) return __builtin_##fn##f(detail::opaque(x));      \
    else return __builtin_##fn(detail::opaque(x));                                  \
  }
#define ASR_NUM_LIBM2(name, fn)                                                                    \
  template <Float F>                                                                               \
  [[gnu::always_inline]] inline F name(F x, std::type_identity_t<F> y) noexcept {                  \
    if constexpr (sizeof(F) == 4) return __builtin_##fn##f(detail::opaque(x), detail::opaque(y));  \
    else return __builtin_##fn(detail::opaque(x), detail::opaque(y));                              \
  }
ASR_NUM_LIBM1(exp, exp)
ASR_NUM_LIBM1(exp2, exp2)
ASR_NUM_LIBM1(ln, log)
ASR_NUM_LIBM1(log2, log2)
ASR_NUM_LIBM1(log10, log10)
ASR_NUM_LIBM1(sin, sin)
ASR_NUM_LIBM1(cos, cos)
ASR_NUM_LIBM1(tan, tan)
ASR_NUM_LIBM1(asin, asin)
ASR_NUM_LIBM1(acos, acos)
ASR_NUM_LIBM1(atan, atan)
ASR_NUM_LIBM1(sinh, sinh)
ASR_NUM_LIBM1(cosh, cosh)
ASR_NUM_LIBM1(tanh, tanh)
ASR_NUM_LIBM2(powf, pow)
ASR_NUM_LIBM2(atan2, atan2)  // atan2(y, x)
ASR_NUM_LIBM2(hypot, hypot)
#undef ASR_NUM_LIBM1
#undef ASR_NUM_LIBM2

namespace detail {
template <Float F>
[[gnu::always_inline]] inline F ln_1p(F x) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_log1pf(opaque(x));
  else return __builtin_log1p(opaque(x));
}
}  // namespace detail

namespace detail {
// Sign of X * 2^ex - M^3 * 2^(3 em), exactly (X < 2^53, M < 2^56): 192-bit integers.
struct W192 {
  uint64_t w[3];
};
constexpr W192 cube192(uint64_t m) noexcept {
  const u128 sq = u128(m) * m;
  const u128 p0 = u128(uint64_t(sq)) * m, p1 = u128(uint64_t(sq >> 64)) * m;
  const u128 t = (p0 >> 64) + p1;
  return W192{{uint64_t(p0), uint64_t(t), uint64_t(t >> 64)}};
}
// v << s; false if the result does not fit in 192 bits.
constexpr bool shl192(W192& v, int s) noexcept {
  for (; s >= 64; s -= 64) {
    if (v.w[2] != 0) return false;
    v.w[2] = v.w[1], v.w[1] = v.w[0], v.w[0] = 0;
  }
  if (s > 0) {
    if ((v.w[2] >> (64 - s)) != 0) return false;
    v.w[2] = (v.w[2] << s) | (v.w[1] >> (64 - s));
    v.w[1] = (v.w[1] << s) | (v.w[0] >> (64 - s));
    v.w[0] <<= s;
  }
  return true;
}
constexpr int cmp192(const W192& a, const W192& b) noexcept {
  for (int i = 2; i >= 0; --i)
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i] ? -1 : 1;
  return 0;
}
constexpr int cmp_cube(uint64_t x, int ex, uint64_t m, int em) noexcept {
  W192 a{{x, 0, 0}}, c = cube192(m);
  const int d = ex - 3 * em;
  if (d >= 0) return shl192(a, d) ? cmp192(a, c) : 1;
  return shl192(c, -d) ? cmp192(a, c) : -1;
}
// Rust's cbrt is correctly rounded (core's own, not libm's, which is off by an ulp at
// times): libm's estimate, then exact comparisons with the midpoints around it.
template <Float F>
inline F cbrt_rounded(F x) noexcept {
  constexpr int mant = sizeof(F) == 4 ? 23 : 52, bias = sizeof(F) == 4 ? 127 : 1023;
  using B = fbits_t<F>;
  if (x != x || x == F(0) || x == f_inf<F> || x == -f_inf<F>) return x;
  const bool neg = x < F(0);
  const F a = neg ? -x : x;
  const B ab = to_bits(a);
  const int ae = int(ab >> mant);
  const uint64_t ax = ae == 0 ? uint64_t(ab) : uint64_t((ab & ((B(1) << mant) - 1)) | (B(1) << mant));
  const int aexp = (ae == 0 ? 1 : ae) - bias - mant;
  B yb = to_bits(F(__builtin_cbrt(opaque(double(a)))));  // a normal number
  for (;;) {
    const int ye = int(yb >> mant);
    const uint64_t ym = uint64_t((yb & ((B(1) << mant) - 1)) | (B(1) << mant));
    const int yexp = ye - bias - mant;
    if (cmp_cube(ax, aexp, 2 * ym + 1, yexp - 1) > 0) {  // above the midpoint to the next value
      ++yb;
    } else if (ym == (uint64_t(1) << mant) ? cmp_cube(ax, aexp, 4 * ym - 1, yexp - 2) < 0
                                           : cmp_cube(ax, aexp, 2 * ym - 1, yexp - 1) < 0) {
      --yb;
    } else {
      break;
    }
  }
  const F y = __builtin_bit_cast(F, yb);
  return neg ? -y : y;
}
}  // namespace detail

template <Float F>
[[gnu::always_inline]] inline F cbrt(F x) noexcept { return detail::cbrt_rounded(x); }

// Exact operations (any evaluation gives the same bits).
template <Float F>
[[gnu::always_inline]] constexpr F abs(F x) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_fabsf(x);
  else return __builtin_fabs(x);
}
template <Float F>
[[gnu::always_inline]] constexpr F copysign(F x, std::type_identity_t<F> s) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_copysignf(x, s);
  else return __builtin_copysign(x, s);
}
template <Float F>
[[gnu::always_inline]] inline F sqrt(F x) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_sqrtf(x);
  else return __builtin_sqrt(x);
}
template <Float F>
[[gnu::always_inline]] constexpr F floor(F x) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_floorf(x);
  else return __builtin_floor(x);
}
template <Float F>
[[gnu::always_inline]] constexpr F ceil(F x) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_ceilf(x);
  else return __builtin_ceil(x);
}
// Half-way cases away from zero.
template <Float F>
[[gnu::always_inline]] constexpr F round(F x) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_roundf(x);
  else return __builtin_round(x);
}
template <Float F>
[[gnu::always_inline]] constexpr F trunc(F x) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_truncf(x);
  else return __builtin_trunc(x);
}
template <Float F>
[[gnu::always_inline]] constexpr F fract(F x) noexcept { return x - trunc(x); }
template <Float F>
[[gnu::always_inline]] inline F mul_add(F x, std::type_identity_t<F> a, std::type_identity_t<F> b) noexcept {
  if constexpr (sizeof(F) == 4) return __builtin_fmaf(x, a, b);
  else return __builtin_fma(x, a, b);
}
template <Float F>
[[gnu::always_inline]] constexpr F recip(F x) noexcept { return F(1) / x; }
template <Float F>
[[gnu::always_inline]] constexpr F to_degrees(F x) noexcept {
  if constexpr (sizeof(F) == 4) return x * 57.2957795130823208767981548141051703f;
  else return x * (180.0 / 3.14159265358979323846264338327950288);
}
template <Float F>
[[gnu::always_inline]] constexpr F to_radians(F x) noexcept {
  if constexpr (sizeof(F) == 4) return x * (3.14159265358979323846264338327950288f / 180.0f);
  else return x * (3.14159265358979323846264338327950288 / 180.0);
}

// ---- classification ------------------------------------------------------------------------

template <Float F>
[[gnu::always_inline]] constexpr bool is_nan(F x) noexcept { return x != x; }
template <Float F>
[[gnu::always_inline]] constexpr bool is_infinite(F x) noexcept {
  return x == detail::f_inf<F> || x == -detail::f_inf<F>;
}
template <Float F>
[[gnu::always_inline]] constexpr bool is_finite(F x) noexcept {
  return (x < F(0) ? -x : x) < detail::f_inf<F>;
}
template <Float F>
[[gnu::always_inline]] constexpr bool is_normal(F x) noexcept {
  constexpr int mant = sizeof(F) == 4 ? 23 : 52;
  constexpr detail::fbits_t<F> emask = sizeof(F) == 4 ? 0xFFu : 0x7FFu;
  const auto e = (detail::to_bits(x) >> mant) & emask;
  return e != 0 && e != emask;
}
template <Float F>
[[gnu::always_inline]] constexpr bool is_sign_negative(F x) noexcept {
  return (detail::to_bits(x) >> (sizeof(F) * 8 - 1)) != 0;
}
template <Float F>
[[gnu::always_inline]] constexpr bool is_sign_positive(F x) noexcept { return !is_sign_negative(x); }
// NaN -> NaN; otherwise ±1.0 with the sign of x (so ±0.0 -> ±1.0).
template <Float F>
[[gnu::always_inline]] constexpr F signum(F x) noexcept {
  return is_nan(x) ? detail::f_nan<F> : copysign(F(1), x);
}

// ---- Rust's own formulas -------------------------------------------------------------------

// Raises to an integer power by square-and-multiply in F (compiler-rt's __powidf2, which
// rustc calls, and the order LLVM expands constant exponents in).
template <Float F>
[[gnu::always_inline]] constexpr F powi(F x, int32_t n) noexcept {
  const bool recip_ = n < 0;
  uint32_t e = n < 0 ? uint32_t(0) - uint32_t(n) : uint32_t(n);
  F r = F(1);
  for (;;) {
    if (e & 1u) r *= x;
    e >>= 1;
    if (e == 0) break;
    x *= x;
  }
  return recip_ ? F(1) / r : r;
}
template <Float F>
[[gnu::always_inline]] inline F log(F x, std::type_identity_t<F> base) noexcept { return ln(x) / ln(base); }
template <Float F>
[[gnu::always_inline]] inline F asinh(F x) noexcept {
  const F ax = abs(x);
  const F ix = F(1) / ax;
  return copysign(detail::ln_1p(ax + ax / (hypot(F(1), ix) + ix)), x);
}
template <Float F>
[[gnu::always_inline]] inline F acosh(F x) noexcept {
  if (x < F(1)) return detail::f_nan<F>;
  return ln(x + sqrt(x - F(1)) * sqrt(x + F(1)));
}
template <Float F>
[[gnu::always_inline]] inline F atanh(F x) noexcept {
  return F(0.5) * detail::ln_1p((F(2) * x) / (F(1) - x));
}
template <Float F>
[[gnu::always_inline]] inline F rem_euclid(F x, std::type_identity_t<F> y) noexcept {
  F r;
  if constexpr (sizeof(F) == 4) r = __builtin_fmodf(x, y);
  else r = __builtin_fmod(x, y);
  return r < F(0) ? r + abs(y) : r;
}
template <Float F>
[[gnu::always_inline]] inline F div_euclid(F x, std::type_identity_t<F> y) noexcept {
  const F q = trunc(x / y);
  F r;
  if constexpr (sizeof(F) == 4) r = __builtin_fmodf(x, y);
  else r = __builtin_fmod(x, y);
  if (r < F(0)) return y > F(0) ? q - F(1) : q + F(1);
  return q;
}

// NaN is ignored unless both are NaN (IEEE minNum / maxNum, libm fmin / fmax); then, and
// for +0.0 vs -0.0, the choice is rustc's debug build's.
template <Float F>
[[gnu::always_inline]] constexpr F min(F a, std::type_identity_t<F> b) noexcept {
  if (a <= b) return a;
  if (a > b) return b;
  return is_nan(a) ? b : a;
}
template <Float F>
[[gnu::always_inline]] constexpr F max(F a, std::type_identity_t<F> b) noexcept {
  if (a >= b) return a;
  if (a < b) return b;
  return is_nan(a) ? b : a;
}
// Panics "min > max, or either was NaN. min = {lo:?}, max = {hi:?}"; a NaN x stays NaN.
template <Float F>
[[gnu::always_inline]] inline F clamp(F x, std::type_identity_t<F> lo, std::type_identity_t<F> hi, Loc loc) {
  if (!(lo <= hi)) [[unlikely]] detail::panic_clamp<F>(loc, lo, hi);
  if (x < lo) x = lo;
  if (x > hi) x = hi;
  return x;
}

// ==== char and u8 =========================================================================

template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii(C c) noexcept { return uint32_t(c) < 0x80; }
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_uppercase(C c) noexcept { return c >= C('A') && c <= C('Z'); }
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_lowercase(C c) noexcept { return c >= C('a') && c <= C('z'); }
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_alphabetic(C c) noexcept {
  return is_ascii_uppercase(c) || is_ascii_lowercase(c);
}
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_digit(C c) noexcept { return c >= C('0') && c <= C('9'); }
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_alphanumeric(C c) noexcept {
  return is_ascii_alphabetic(c) || is_ascii_digit(c);
}
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_hexdigit(C c) noexcept {
  return is_ascii_digit(c) || (c >= C('a') && c <= C('f')) || (c >= C('A') && c <= C('F'));
}
// ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_punctuation(C c) noexcept {
  return (c >= C('!') && c <= C('/')) || (c >= C(':') && c <= C('@')) ||
         (c >= C('[') && c <= C('`')) || (c >= C('{') && c <= C('~'));
}
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_graphic(C c) noexcept { return c >= C('!') && c <= C('~'); }
// Space, \t, \n, \x0C (form feed), \r: not \x0B (vertical tab).
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_whitespace(C c) noexcept {
  return c == C(' ') || c == C('\t') || c == C('\n') || c == C('\x0C') || c == C('\r');
}
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool is_ascii_control(C c) noexcept { return c < C(0x20) || c == C(0x7F); }
template <AsciiChar C>
[[gnu::always_inline]] constexpr C to_ascii_uppercase(C c) noexcept {
  return is_ascii_lowercase(c) ? C(c ^ 0x20) : c;
}
template <AsciiChar C>
[[gnu::always_inline]] constexpr C to_ascii_lowercase(C c) noexcept {
  return is_ascii_uppercase(c) ? C(c ^ 0x20) : c;
}
template <AsciiChar C>
[[gnu::always_inline]] constexpr bool eq_ignore_ascii_case(C a, std::type_identity_t<C> b) noexcept {
  return to_ascii_lowercase(a) == to_ascii_lowercase(b);
}

// Bytes of the UTF-8 encoding (1..4).
[[gnu::always_inline]] constexpr std::size_t len_utf8(char32_t c) noexcept {
  const uint32_t u = uint32_t(c);
  return u < 0x80 ? 1 : u < 0x800 ? 2 : u < 0x10000 ? 3 : 4;
}
// Unicode White_Space.
[[gnu::always_inline]] constexpr bool is_whitespace(char32_t c) noexcept {
  const uint32_t u = uint32_t(c);
  if (u < 0x80) return u == 0x20 || (u >= 0x09 && u <= 0x0D);
  return u == 0x85 || u == 0xA0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200A) || u == 0x2028 ||
         u == 0x2029 || u == 0x202F || u == 0x205F || u == 0x3000;
}
// Rust's char::to_digit(radix).is_some(); panics unless 2 <= radix <= 36.
[[gnu::always_inline]] inline bool is_digit(char32_t c, uint32_t radix, Loc loc) {
  if (radix < 2 || radix > 36) [[unlikely]] detail::panic_radix(loc);
  uint32_t d = uint32_t(c) - uint32_t('0');
  if (radix > 10) {
    if (d < 10) return true;
    d = (uint32_t(c) | 0x20u) - uint32_t('a');
    d = d > UINT32_MAX - 10 ? UINT32_MAX : d + 10;
  }
  return d < radix;
}

}  // namespace asr::num
