// std::time: Duration (u64 seconds + u32 nanoseconds, Rust's full range and API) and
// Instant (a reading of the runtime clock; virtual under ASR_SEED).
#pragma once
#include <cstdint>

#include "asr/clock.hpp"
#include "asr/int.hpp"
#include "asr/loc.hpp"

namespace asr::fmt {
class Formatter;
}  // namespace asr::fmt

namespace asr::time {

namespace detail {
// Rust's panics for Duration / Instant arithmetic (located in core/std as rustc reports).
[[noreturn, gnu::cold]] void panic_add();
[[noreturn, gnu::cold]] void panic_new_overflow();
[[noreturn, gnu::cold]] void panic_sub();
[[noreturn, gnu::cold]] void panic_mul();
[[noreturn, gnu::cold]] void panic_div_zero(Loc loc);
[[noreturn, gnu::cold]] void panic_from_secs_f64(bool negative);
[[noreturn, gnu::cold]] void panic_instant_add();
[[noreturn, gnu::cold]] void panic_instant_sub();
}  // namespace detail

class Duration {
 public:
  static constexpr uint32_t NANOS_PER_SEC = 1000000000u;

  constexpr Duration() noexcept = default;
  // Rust's Duration::new: carries whole seconds out of `nanos` (panics on overflow).
  static constexpr Duration new_(uint64_t secs, uint32_t nanos) {
    uint64_t extra = nanos / NANOS_PER_SEC;
    uint64_t s;
    if (__builtin_add_overflow(secs, extra, &s)) detail::panic_new_overflow();
    return Duration(s, nanos % NANOS_PER_SEC);
  }
  static constexpr Duration from_secs(uint64_t s) noexcept { return Duration(s, 0); }
  static constexpr Duration from_millis(uint64_t ms) noexcept {
    return Duration(ms / 1000, uint32_t(ms % 1000) * 1000000u);
  }
  static constexpr Duration from_micros(uint64_t us) noexcept {
    return Duration(us / 1000000, uint32_t(us % 1000000) * 1000u);
  }
  static constexpr Duration from_nanos(uint64_t ns) noexcept {
    return Duration(ns / NANOS_PER_SEC, uint32_t(ns % NANOS_PER_SEC));
  }
  // Panics like Rust for negative, NaN or too large values.
  static Duration from_secs_f64(double s);
  static Duration from_secs_f32(float s);

  static const Duration ZERO;
  static const Duration MAX;

  constexpr uint64_t as_secs() const noexcept { return secs_; }
  constexpr u128 as_millis() const noexcept { return u128(secs_) * 1000 + nanos_ / 1000000; }
  constexpr u128 as_micros() const noexcept { return u128(secs_) * 1000000 + nanos_ / 1000; }
  constexpr u128 as_nanos() const noexcept { return u128(secs_) * NANOS_PER_SEC + nanos_; }
  constexpr uint32_t subsec_millis() const noexcept { return nanos_ / 1000000; }
  constexpr uint32_t subsec_micros() const noexcept { return nanos_ / 1000; }
  constexpr uint32_t subsec_nanos() const noexcept { return nanos_; }
  constexpr double as_secs_f64() const noexcept { return double(secs_) + double(nanos_) / 1e9; }
  constexpr float as_secs_f32() const noexcept { return float(secs_) + float(nanos_) / 1e9f; }
  constexpr bool is_zero() const noexcept { return secs_ == 0 && nanos_ == 0; }

  // checked_*: `ok` is false on overflow (Rust's None). Option<Duration> maps onto these.
  constexpr bool checked_add(Duration o, Duration* out) const noexcept {
    uint64_t s;
    if (__builtin_add_overflow(secs_, o.secs_, &s)) return false;
    uint32_t n = nanos_ + o.nanos_;
    if (n >= NANOS_PER_SEC) {
      n -= NANOS_PER_SEC;
      if (__builtin_add_overflow(s, uint64_t(1), &s)) return false;
    }
    *out = Duration(s, n);
    return true;
  }
  constexpr bool checked_sub(Duration o, Duration* out) const noexcept {
    uint64_t s;
    if (__builtin_sub_overflow(secs_, o.secs_, &s)) return false;
    uint32_t n;
    if (nanos_ >= o.nanos_) {
      n = nanos_ - o.nanos_;
    } else {
      if (__builtin_sub_overflow(s, uint64_t(1), &s)) return false;
      n = nanos_ + NANOS_PER_SEC - o.nanos_;
    }
    *out = Duration(s, n);
    return true;
  }
  constexpr bool checked_mul(uint32_t k, Duration* out) const noexcept {
    uint64_t total_nanos = uint64_t(nanos_) * k;
    uint64_t extra = total_nanos / NANOS_PER_SEC;
    uint64_t s;
    if (__builtin_mul_overflow(secs_, uint64_t(k), &s)) return false;
    if (__builtin_add_overflow(s, extra, &s)) return false;
    *out = Duration(s, uint32_t(total_nanos % NANOS_PER_SEC));
    return true;
  }
  constexpr bool checked_div(uint32_t k, Duration* out) const noexcept {
    if (k == 0) return false;
    uint64_t s = secs_ / k;
    uint64_t carry = secs_ - s * k;
    uint64_t extra = carry * NANOS_PER_SEC / k;
    uint32_t n = uint32_t(nanos_ / k + extra);
    *out = Duration(s, n);
    return true;
  }
  constexpr Duration saturating_add(Duration o) const noexcept {
    Duration r;
    return checked_add(o, &r) ? r : Duration(UINT64_MAX, NANOS_PER_SEC - 1);
  }
  constexpr Duration saturating_sub(Duration o) const noexcept {
    Duration r;
    return checked_sub(o, &r) ? r : Duration();
  }
  constexpr Duration saturating_mul(uint32_t k) const noexcept {
    Duration r;
    return checked_mul(k, &r) ? r : Duration(UINT64_MAX, NANOS_PER_SEC - 1);
  }
  Duration abs_diff(Duration o) const noexcept { return *this > o ? *this - o : o - *this; }

  // Rust's operators; + - * panic with Rust's messages (reported in core/src/time.rs).
  friend Duration operator+(Duration a, Duration b) {
    Duration r;
    if (!a.checked_add(b, &r)) detail::panic_add();
    return r;
  }
  friend Duration operator-(Duration a, Duration b) {
    Duration r;
    if (!a.checked_sub(b, &r)) detail::panic_sub();
    return r;
  }
  friend Duration operator*(Duration a, uint32_t k) {
    Duration r;
    if (!a.checked_mul(k, &r)) detail::panic_mul();
    return r;
  }
  friend Duration operator*(uint32_t k, Duration a) { return a * k; }
  // Rust's `Div<u32>` is #[track_caller]: generated code should call div(d, k, loc).
  friend Duration div(Duration a, uint32_t k, Loc loc) {
    Duration r;
    if (!a.checked_div(k, &r)) detail::panic_div_zero(loc);
    return r;
  }
  Duration& operator+=(Duration o) { return *this = *this + o; }
  Duration& operator-=(Duration o) { return *this = *this - o; }

  friend constexpr bool operator==(Duration a, Duration b) noexcept {
    return a.secs_ == b.secs_ && a.nanos_ == b.nanos_;
  }
  friend constexpr bool operator<(Duration a, Duration b) noexcept {
    return a.secs_ != b.secs_ ? a.secs_ < b.secs_ : a.nanos_ < b.nanos_;
  }
  friend constexpr bool operator>(Duration a, Duration b) noexcept { return b < a; }
  friend constexpr bool operator<=(Duration a, Duration b) noexcept { return !(b < a); }
  friend constexpr bool operator>=(Duration a, Duration b) noexcept { return !(a < b); }

 private:
  constexpr Duration(uint64_t s, uint32_t n) noexcept : secs_(s), nanos_(n) {}
  uint64_t secs_ = 0;
  uint32_t nanos_ = 0;
};

inline constexpr Duration Duration::ZERO{};
inline constexpr Duration Duration::MAX = Duration::new_(UINT64_MAX, NANOS_PER_SEC - 1);

// A point on the runtime clock (nanoseconds since the clock's origin).
class Instant {
 public:
  static Instant now() noexcept { return Instant(rt::now()); }
  Duration elapsed() const noexcept { return now().saturating_duration_since(*this); }
  // Rust saturates to zero when `earlier` is later (since 1.60).
  Duration duration_since(Instant earlier) const noexcept { return saturating_duration_since(earlier); }
  Duration saturating_duration_since(Instant earlier) const noexcept {
    if (ns_ <= earlier.ns_) return Duration::ZERO;
    return from_ns(ns_ - earlier.ns_);
  }
  bool checked_add(Duration d, Instant* out) const noexcept {
    u128 r = ns_ + d.as_nanos();  // cannot overflow u128
    if (r / rt::kNanosPerSec > u128(uint64_t(INT64_MAX))) return false;  // Rust's timespec range
    *out = Instant(r);
    return true;
  }
  bool checked_sub(Duration d, Instant* out) const noexcept {
    u128 dn = d.as_nanos();
    if (dn > ns_) return false;
    *out = Instant(ns_ - dn);
    return true;
  }
  friend Instant operator+(Instant a, Duration d) {
    Instant r;
    if (!a.checked_add(d, &r)) detail::panic_instant_add();
    return r;
  }
  friend Instant operator-(Instant a, Duration d) {
    Instant r;
    if (!a.checked_sub(d, &r)) detail::panic_instant_sub();
    return r;
  }
  friend Duration operator-(Instant a, Instant b) noexcept { return a.duration_since(b); }
  Instant& operator+=(Duration d) { return *this = *this + d; }

  friend bool operator==(Instant a, Instant b) noexcept { return a.ns_ == b.ns_; }
  friend bool operator<(Instant a, Instant b) noexcept { return a.ns_ < b.ns_; }
  friend bool operator>(Instant a, Instant b) noexcept { return a.ns_ > b.ns_; }
  friend bool operator<=(Instant a, Instant b) noexcept { return a.ns_ <= b.ns_; }
  friend bool operator>=(Instant a, Instant b) noexcept { return a.ns_ >= b.ns_; }

  // The runtime clock reading (for timers).
  rt::Nanos nanos() const noexcept { return ns_; }

 private:
  Instant() noexcept = default;
  explicit Instant(rt::Nanos ns) noexcept : ns_(ns) {}
  static Duration from_ns(u128 ns) noexcept {
    u128 s = ns / rt::kNanosPerSec;
    if (s > u128(UINT64_MAX)) return Duration::MAX;
    return Duration::new_(uint64_t(s), uint32_t(ns % rt::kNanosPerSec));
  }
  rt::Nanos ns_ = 0;
};

// For std/time.asr's operator impls (the operators above are friends, found only by ADL).
inline Duration duration_add(Duration a, Duration b) { return a + b; }
inline Duration duration_sub(Duration a, Duration b) { return a - b; }
inline Duration duration_mul(Duration a, uint32_t k) { return a * k; }
inline Instant instant_add(Instant a, Duration d) { return a + d; }
inline Instant instant_sub(Instant a, Duration d) { return a - d; }

}  // namespace asr::time

namespace asr {
template <class T> struct Debug;
template <> struct Debug<time::Duration> {
  static void fmt(const time::Duration& d, fmt::Formatter& f);
};
}  // namespace asr
