// Duration/Instant: panics with rustc's messages and locations, Duration's Debug format.
#include "asr/std/time.hpp"

#include <cmath>

#include "asr/panic.hpp"
#include "asr/std/fmt.hpp"

namespace asr::time {

namespace {
// rustc 1.95 reports these panics inside its own library sources.
constexpr const char* kCoreTime =
    "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/time.rs";
constexpr const char* kStdTime =
    "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/time.rs";
}  // namespace

namespace detail {
void panic_add() { panic(Loc{kCoreTime, 1181, 31}, "overflow when adding durations"); }
void panic_new_overflow() { panic(Loc{kCoreTime, 201, 18}, "overflow in Duration::new"); }
void panic_sub() { panic(Loc{kCoreTime, 1201, 31}, "overflow when subtracting durations"); }
void panic_mul() { panic(Loc{kCoreTime, 1221, 31}, "overflow when multiplying duration by scalar"); }
void panic_div_zero(Loc loc) {
  panic(loc, "divide by zero error when dividing duration by scalar");
}
void panic_from_secs_f64(bool negative) {
  panic(Loc{kCoreTime, 962, 23},
        negative ? Str("cannot convert float seconds to Duration: value is negative")
                 : Str("cannot convert float seconds to Duration: value is either too big or NaN"));
}
void panic_instant_add() { panic(Loc{kStdTime, 429, 33}, "overflow when adding duration to instant"); }
void panic_instant_sub() {
  // Location not verified against rustc (line of Sub<Duration> for Instant).
  panic(Loc{kStdTime, 462, 33}, "overflow when subtracting duration from instant");
}
}  // namespace detail

Duration Duration::from_secs_f64(double s) {
  if (s < 0) detail::panic_from_secs_f64(true);
  if (!(s < 18446744073709551616.0)) detail::panic_from_secs_f64(false);
  double whole = std::floor(s);
  long double frac_ns = (static_cast<long double>(s) - whole) * 1e9L;
  long double rounded = std::nearbyintl(frac_ns);  // ties to even
  uint64_t secs = uint64_t(whole);
  uint64_t nanos = uint64_t(rounded);
  if (nanos >= NANOS_PER_SEC) {
    nanos -= NANOS_PER_SEC;
    if (secs == UINT64_MAX) detail::panic_from_secs_f64(false);
    ++secs;
  }
  return Duration(secs, uint32_t(nanos));
}

Duration Duration::from_secs_f32(float s) { return from_secs_f64(double(s)); }

}  // namespace asr::time

namespace asr {

namespace {

// core::time::Duration's fmt_decimal (rustc 1.95), including rounding and padding.
void fmt_decimal(fmt::Formatter& f, uint64_t integer_part, uint32_t fractional_part,
                 uint32_t divisor, Str prefix, Str postfix) {
  char buf[9] = {'0', '0', '0', '0', '0', '0', '0', '0', '0'};
  std::size_t end = f.has_precision() ? (f.precision() < 9 ? f.precision() : 9) : 9;
  std::size_t pos = 0;
  while (fractional_part > 0 && pos < end) {
    buf[pos] = char('0' + fractional_part / divisor);
    fractional_part %= divisor;
    divisor /= 10;
    ++pos;
  }
  bool overflowed = false;  // integer part became 2^64
  // Round half to even (rustc 1.95: 1.5s -> "2s", 2.5s -> "2s" at precision 0).
  bool last_odd = pos > 0 ? ((buf[pos - 1] - '0') & 1) != 0 : (integer_part & 1) != 0;
  if (fractional_part > 0 &&
      (fractional_part > divisor * 5 || (fractional_part == divisor * 5 && last_odd))) {
    std::size_t rev = pos;
    bool carry = true;
    while (carry && rev > 0) {
      --rev;
      if (buf[rev] < '9') {
        ++buf[rev];
        carry = false;
      } else {
        buf[rev] = '0';
      }
    }
    if (carry) {
      if (integer_part == UINT64_MAX) overflowed = true;
      else ++integer_part;
    }
  }
  end = f.has_precision() ? (f.precision() < 9 ? f.precision() : 9) : pos;
  std::size_t frac_w = f.has_precision() ? f.precision() : pos;

  char ibuf[24];
  char* iend = ibuf + sizeof ibuf;
  char* ip = iend;
  if (overflowed) {
    static const char k[] = "18446744073709551616";
    ip = const_cast<char*>(k);
    iend = ip + 20;
  } else {
    uint64_t v = integer_part;
    do {
      *--ip = char('0' + v % 10);
      v /= 10;
    } while (v != 0);
  }
  auto emit = [&] {
    f.write_str(prefix);
    f.write_str(Str(ip, std::size_t(iend - ip)));
    if (end > 0) {
      f.write_str(".");
      f.write_str(Str(buf, end));
      for (std::size_t k = end; k < frac_w; ++k) f.write_str("0");
    }
    f.write_str(postfix);
  };
  if (!f.has_width()) {
    emit();
    return;
  }
  std::size_t actual_w = prefix.len() + (postfix == Str("\xC2\xB5s") ? 2 : postfix.len());
  actual_w += std::size_t(iend - ip);
  if (end > 0) actual_w += 1 + frac_w;
  if (f.width() <= actual_w) {
    emit();
  } else {
    std::size_t post = f.padding(f.width() - actual_w, fmt::Align::Left);
    emit();
    f.write_fill(post);
  }
}

}  // namespace

void Debug<time::Duration>::fmt(const time::Duration& d, fmt::Formatter& f) {
  Str prefix = f.sign_plus() ? Str("+") : Str("");
  uint64_t secs = d.as_secs();
  uint32_t nanos = d.subsec_nanos();
  if (secs > 0) {
    fmt_decimal(f, secs, nanos, 100000000u, prefix, "s");
  } else if (nanos >= 1000000u) {
    fmt_decimal(f, nanos / 1000000u, nanos % 1000000u, 100000u, prefix, "ms");
  } else if (nanos >= 1000u) {
    fmt_decimal(f, nanos / 1000u, nanos % 1000u, 100u, prefix, "\xC2\xB5s");
  } else {
    fmt_decimal(f, nanos, 0, 1, prefix, "ns");
  }
}

}  // namespace asr
