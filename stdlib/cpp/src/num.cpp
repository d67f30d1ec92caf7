// Integer and float rendering with Rust's exact output.
//
// Floats: shortest round-trip digits come from libfmt's Dragonbox (`{:e}`), then are laid
// out the way Rust's core::fmt::float does; fixed precision uses glibc's exact decimal
// conversion (correctly rounded, ties to even on the exact binary value), as Rust does.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "asr/std/fmt.hpp"

namespace asr::fmt {

namespace {

// Digits of v (base 10) right-aligned in buf[40]; returns the start.
char* u128_digits(u128 v, char* end) {
  char* p = end;
  do {
    *--p = char('0' + int(v % 10));
    v /= 10;
  } while (v != 0);
  return p;
}

char* u64_digits(uint64_t v, char* end) {
  char* p = end;
  do {
    *--p = char('0' + int(v % 10));
    v /= 10;
  } while (v != 0);
  return p;
}

}  // namespace

void fmt_u64(Formatter& f, uint64_t abs, bool is_nonnegative) {
  char buf[24];
  char* end = buf + sizeof buf;
  char* p = u64_digits(abs, end);
  f.pad_integral(is_nonnegative, "", Str(p, std::size_t(end - p)));
}

void fmt_u128(Formatter& f, u128 abs, bool is_nonnegative) {
  char buf[48];
  char* end = buf + sizeof buf;
  char* p = u128_digits(abs, end);
  f.pad_integral(is_nonnegative, "", Str(p, std::size_t(end - p)));
}

void fmt_radix(Formatter& f, u128 bits, char kind) {
  int shift = kind == 'o' ? 3 : kind == 'b' ? 1 : 4;
  const char* digits = kind == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  unsigned mask = (1u << shift) - 1;
  char buf[130];
  char* end = buf + sizeof buf;
  char* p = end;
  do {
    *--p = digits[unsigned(bits) & mask];
    bits >>= shift;
  } while (bits != 0);
  Str prefix = kind == 'o' ? Str("0o") : kind == 'b' ? Str("0b") : Str("0x");
  f.pad_integral(true, prefix, Str(p, std::size_t(end - p)));
}

// Rust's LowerExp/UpperExp for integers (core::fmt::num::exp_u128).
void fmt_int_exp(Formatter& f, u128 n, bool is_nonnegative, bool upper) {
  std::size_t exponent = 0;
  while (n % 10 == 0 && n >= 10) {
    n /= 10;
    ++exponent;
  }
  std::size_t added_precision = 0, subtracted_precision = 0;
  if (f.has_precision()) {
    std::size_t prec = 0;
    for (u128 tmp = n; tmp >= 10; tmp /= 10) ++prec;
    std::size_t fp = f.precision();
    added_precision = fp > prec ? fp - prec : 0;
    subtracted_precision = prec > fp ? prec - fp : 0;
  }
  for (std::size_t k = 1; k < subtracted_precision; ++k) {
    n /= 10;
    ++exponent;
  }
  if (subtracted_precision != 0) {
    unsigned rem = unsigned(n % 10);
    n /= 10;
    ++exponent;
    if (rem > 5 || (rem == 5 && (n % 2 != 0 || subtracted_precision > 1))) {
      u128 before = n;
      ++n;
      // rounded up to the next power of ten: drop a digit
      char b1[48], b2[48];
      if (std::size_t((b1 + 48) - u128_digits(n, b1 + 48)) >
          std::size_t((b2 + 48) - u128_digits(before, b2 + 48))) {
        n /= 10;
        ++exponent;
      }
    }
  }
  char dbuf[48];
  char* dend = dbuf + sizeof dbuf;
  char* d = u128_digits(n, dend);
  std::size_t nd = std::size_t(dend - d);
  exponent += nd - 1;
  String body;
  body.push_byte(d[0]);
  if (nd > 1 || added_precision > 0) body.push_byte('.');
  body.push_str(Str(d + 1, nd - 1));
  for (std::size_t k = 0; k < added_precision; ++k) body.push_byte('0');
  body.push_byte(upper ? 'E' : 'e');
  char ebuf[24];
  char* eend = ebuf + sizeof ebuf;
  char* e = u64_digits(exponent, eend);
  body.push_str(Str(e, std::size_t(eend - e)));
  Str sign = !is_nonnegative ? Str("-") : f.sign_plus() ? Str("+") : Str("");
  f.pad_number(sign, body.as_str());
}

namespace {

// Shortest round-trip decimal digits of a finite, non-negative value: value = 0.D * 10^(exp+1),
// i.e. digits d0 d1 ... with d0 at the 10^exp position.
struct Shortest {
  char digits[32];
  std::size_t n = 0;
  int exp = 0;
};

template <class F>
Shortest shortest(F v) {
  // fmt's `{}` is the shortest round-trip representation, in fixed ("0.001", "1.5") or
  // exponent ("1e+21", "1.5e-07") form; normalise either to digits + decimal exponent.
  Shortest s;
  char buf[64];
  auto r = ::fmt::format_to_n(buf, sizeof buf - 1, "{}", v);
  *r.out = '\0';
  const char* p = buf;
  int int_digits = 0;  // significant digits seen before the '.'
  bool after_point = false;
  int leading_frac_zeros = 0;
  for (; *p && *p != 'e'; ++p) {
    if (*p == '.') {
      after_point = true;
      continue;
    }
    if (s.n == 0 && *p == '0') {
      if (after_point) ++leading_frac_zeros;
      continue;  // leading zero
    }
    s.digits[s.n++] = *p;
    if (!after_point) ++int_digits;
  }
  int e10 = (*p == 'e') ? std::atoi(p + 1) : 0;
  if (s.n == 0) {  // zero
    s.digits[s.n++] = '0';
    s.exp = 0;
    return s;
  }
  s.exp = int_digits > 0 ? int_digits - 1 + e10 : -(leading_frac_zeros + 1) + e10;
  // drop trailing zeros of integers printed in fixed form ("100" -> digits "1", exp 2)
  while (s.n > 1 && s.digits[s.n - 1] == '0') --s.n;
  return s;
}

// Shortest digits laid out without exponent; at least `min_frac` fractional digits.
void layout_fixed(const Shortest& s, std::size_t min_frac, String& out) {
  if (s.n == 1 && s.digits[0] == '0') {
    out.push_byte('0');
  } else if (s.exp >= 0) {
    std::size_t int_digits = std::size_t(s.exp) + 1;
    for (std::size_t k = 0; k < int_digits; ++k) out.push_byte(k < s.n ? s.digits[k] : '0');
    if (s.n > int_digits) {
      out.push_byte('.');
      out.push_str(Str(s.digits + int_digits, s.n - int_digits));
      return;
    }
  } else {
    out.push_str("0.");
    for (int k = 0; k < -s.exp - 1; ++k) out.push_byte('0');
    out.push_str(Str(s.digits, s.n));
    return;
  }
  if (min_frac > 0) {
    out.push_byte('.');
    for (std::size_t k = 0; k < min_frac; ++k) out.push_byte('0');
  }
}

void layout_exp(const Shortest& s, bool upper, String& out) {
  out.push_byte(s.digits[0]);
  if (s.n > 1) {
    out.push_byte('.');
    out.push_str(Str(s.digits + 1, s.n - 1));
  }
  out.push_byte(upper ? 'E' : 'e');
  char eb[16];
  int k = std::snprintf(eb, sizeof eb, "%d", s.exp);
  out.push_str(Str(eb, std::size_t(k)));
}

// printf into a String (any precision).
void printf_into(String& out, const char* spec, std::size_t prec, double v) {
  char stack[128];
  int n = std::snprintf(stack, sizeof stack, spec, int(prec), v);
  if (n < int(sizeof stack)) {
    out.push_str(Str(stack, std::size_t(n)));
    return;
  }
  char* heap = static_cast<char*>(std::malloc(std::size_t(n) + 1));
  std::snprintf(heap, std::size_t(n) + 1, spec, int(prec), v);
  out.push_str(Str(heap, std::size_t(n)));
  std::free(heap);
}

void exact_fixed(double abs, std::size_t prec, String& out) { printf_into(out, "%.*f", prec, abs); }

void exact_exp(double abs, std::size_t prec, bool upper, String& out) {
  String tmp;
  printf_into(tmp, "%.*e", prec, abs);
  Str t = tmp.as_str();
  std::size_t e = 0;
  while (e < t.len() && t[e] != 'e') ++e;
  out.push_str(Str(t.data(), e));
  out.push_byte(upper ? 'E' : 'e');
  // exponent: [+-]digits (the String is not NUL-terminated)
  int ex = 0;
  bool neg = false;
  std::size_t k0 = e + 1;
  if (k0 < t.len() && (t[k0] == '+' || t[k0] == '-')) neg = t[k0++] == '-';
  for (; k0 < t.len(); ++k0) ex = ex * 10 + (t[k0] - '0');
  if (neg) ex = -ex;
  char eb[16];
  int k = std::snprintf(eb, sizeof eb, "%d", ex);
  out.push_str(Str(eb, std::size_t(k)));
}

template <class F>
void fmt_float(Formatter& f, F v, char kind) {
  if (std::isnan(v)) {
    f.pad_number("", "NaN");
    return;
  }
  Str sign = std::signbit(v) ? Str("-") : f.sign_plus() ? Str("+") : Str("");
  F abs = std::fabs(v);
  if (std::isinf(v)) {
    f.pad_number(sign, "inf");
    return;
  }
  String body;
  switch (kind) {
    case 0:
      if (f.has_precision()) exact_fixed(double(abs), f.precision(), body);
      else layout_fixed(shortest(abs), 0, body);
      break;
    case '?':
      if (f.has_precision()) exact_fixed(double(abs), f.precision(), body);
      else if ((abs != F(0) && abs < F(1e-4)) || abs >= F(1e16)) layout_exp(shortest(abs), false, body);
      else layout_fixed(shortest(abs), 1, body);
      break;
    default:  // 'e' / 'E'
      if (f.has_precision()) exact_exp(double(abs), f.precision(), kind == 'E', body);
      else layout_exp(shortest(abs), kind == 'E', body);
      break;
  }
  f.pad_number(sign, body.as_str());
}

}  // namespace

void fmt_f64(Formatter& f, double v, char kind) { fmt_float(f, v, kind); }
void fmt_f32(Formatter& f, float v, char kind) { fmt_float(f, v, kind); }

}  // namespace asr::fmt
