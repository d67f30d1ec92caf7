// Methods of the primitive types during constant evaluation (`x.wrapping_add(1)`,
// `n.pow(2)`, `c.is_ascii_digit()`): the ones Rust allows in const code that asrc evaluates.
// Others are reported as not supported in a constant expression.

#include <fmt/format.h>

#include <cmath>

#include "sema/consteval.hpp"

namespace asr::sema {

using V = ConstValue;

std::optional<V> ConstEval::prim_method(const ast::Expr& e, const std::string& name, std::vector<V> args) {
  TypeId t = type_of(e);
  for (V& a : args) a = peel(a);
  const V& x = args[0];
  auto boolean = [&](bool b) {
    V v = make(V::Kind::Bool, T.bool_());
    v.bits = b;
    return v;
  };
  if (x.kind == V::Kind::Char || (x.kind == V::Kind::Int && T.int_ty(x.type) == IntTy::U8 && name.rfind("is_ascii", 0) == 0) ||
      (x.kind == V::Kind::Int && name.rfind("to_ascii", 0) == 0)) {
    auto c = static_cast<uint32_t>(x.bits);
    bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
    if (name == "is_ascii") return boolean(c < 0x80);
    if (name == "is_ascii_digit") return boolean(digit);
    if (name == "is_ascii_uppercase") return boolean(upper);
    if (name == "is_ascii_lowercase") return boolean(lower);
    if (name == "is_ascii_alphabetic") return boolean(upper || lower);
    if (name == "is_ascii_alphanumeric") return boolean(upper || lower || digit);
    if (name == "is_ascii_hexdigit") return boolean(digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    if (name == "is_ascii_whitespace") return boolean(c == ' ' || c == '\t' || c == '\n' || c == '\x0c' || c == '\r');
    if (name == "to_ascii_uppercase" || name == "to_ascii_lowercase") {
      V v = x;
      if (name == "to_ascii_uppercase" && lower) v.bits = c - 32;
      if (name == "to_ascii_lowercase" && upper) v.bits = c + 32;
      return v;
    }
    if (name == "len_utf8") return int_value(T.int_(IntTy::Usize), c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);
  } else if (x.kind == V::Kind::Float) {
    V v = make(V::Kind::Float, t);
    bool f32 = T.kind(t) == TyKind::Float && T.float_ty(t) == FloatTy::F32;
    auto done = [&](double r) {
      v.f = f32 ? static_cast<float>(r) : r;
      return v;
    };
    if (name == "abs") return done(std::fabs(x.f));
    if (name == "floor") return done(std::floor(x.f));
    if (name == "ceil") return done(std::ceil(x.f));
    if (name == "trunc") return done(std::trunc(x.f));
    if (name == "round") return done(std::round(x.f));
    if (name == "min") return done(std::isnan(x.f) ? args[1].f : std::isnan(args[1].f) ? x.f : std::fmin(x.f, args[1].f));
    if (name == "max") return done(std::isnan(x.f) ? args[1].f : std::isnan(args[1].f) ? x.f : std::fmax(x.f, args[1].f));
    if (name == "is_nan") return boolean(std::isnan(x.f));
  } else if (x.kind == V::Kind::Int && int_bits(T.int_ty(x.type)) < 128) {
    // Operands of at most 64 bits: exact in 128 bits.
    IntTy it = T.int_ty(x.type);
    unsigned bits = int_bits(it);
    __int128 a = as_signed(it, x.bits);
    __int128 b = args.size() > 1 && args[1].kind == V::Kind::Int ? as_signed(T.int_ty(args[1].type), args[1].bits) : 0;
    __int128 max = int_signed(it) ? (static_cast<__int128>(1) << (bits - 1)) - 1 : (static_cast<__int128>(1) << bits) - 1;
    __int128 min = int_signed(it) ? -max - 1 : 0;
    auto wrap = [&](__int128 v) { return int_value(x.type, v); };
    auto sat = [&](__int128 v) { return int_value(x.type, v > max ? max : v < min ? min : v); };
    unsigned __int128 u = x.bits;
    if (name == "wrapping_add") return wrap(a + b);
    if (name == "wrapping_sub") return wrap(a - b);
    if (name == "wrapping_mul") return int_value(x.type, static_cast<__int128>(x.bits * args[1].bits));
    if (name == "wrapping_neg") return wrap(-a);
    if (name == "saturating_add") return sat(a + b);
    if (name == "saturating_sub") return sat(a - b);
    if (name == "saturating_mul") {
      __int128 r;
      if (__builtin_mul_overflow(a, b, &r)) return sat((a < 0) != (b < 0) ? min : max);
      return sat(r);
    }
    if (name == "pow" || name == "wrapping_pow") {
      __int128 r = 1;
      for (__int128 k = 0; k < b; ++k) {
        if (!step(e.span)) return std::nullopt;
        if (name == "wrapping_pow") {
          r = as_signed(it, mask(it, static_cast<unsigned __int128>(r) * static_cast<unsigned __int128>(a)));
          continue;
        }
        if (__builtin_mul_overflow(r, a, &r) || r > max || r < min) {
          fail(e.span, "evaluation panicked: attempt to multiply with overflow");
          return std::nullopt;
        }
      }
      return wrap(r);
    }
    if (name == "abs" || name == "unsigned_abs" || name == "abs_diff") {
      __int128 r = name == "abs_diff" ? (a > b ? a - b : b - a) : a < 0 ? -a : a;
      if (name == "abs" && r > max) {
        fail(e.span, "evaluation panicked: attempt to negate with overflow");
        return std::nullopt;
      }
      return int_value(t, r);
    }
    if (name == "signum") return wrap(a > 0 ? 1 : a < 0 ? -1 : 0);
    if (name == "is_negative") return boolean(a < 0);
    if (name == "is_positive") return boolean(a > 0);
    if (name == "is_power_of_two") return boolean(u != 0 && (u & (u - 1)) == 0);
    if (name == "count_ones" || name == "count_zeros") {
      unsigned n = 0;
      for (unsigned k = 0; k < bits; ++k) n += (u >> k) & 1;
      return int_value(T.int_(IntTy::U32), name == "count_ones" ? n : bits - n);
    }
    if (name == "leading_zeros" || name == "trailing_zeros") {
      unsigned n = 0;
      if (name == "leading_zeros") while (n < bits && !((u >> (bits - 1 - n)) & 1)) ++n;
      else while (n < bits && !((u >> n) & 1)) ++n;
      return int_value(T.int_(IntTy::U32), n);
    }
    if (name == "rotate_left" || name == "rotate_right") {
      unsigned n = static_cast<unsigned>(b % bits);
      if (name == "rotate_right") n = (bits - n) % bits;
      V v = x;
      v.bits = n == 0 ? u : mask(it, (u << n) | (u >> (bits - n)));
      return v;
    }
    if (name == "rem_euclid" || name == "div_euclid") {
      if (b == 0) {
        fail(e.span, name == "rem_euclid" ? fmt::format("attempt to calculate the remainder of `{}` with a divisor of zero", int_text(x))
                                          : fmt::format("attempt to divide `{}` by zero", int_text(x)));
        return std::nullopt;
      }
      __int128 r = a % b;
      if (r < 0) r += b < 0 ? -b : b;
      if (name == "rem_euclid") return wrap(r);
      __int128 q = (a - r) / b;
      if (q > max) {
        fail(e.span, fmt::format("attempt to compute `{} / {}`, which would overflow", int_text(x), int_text(args[1])));
        return std::nullopt;
      }
      return wrap(q);
    }
  }
  unsupported(e.span, fmt::format("the method `{}`", name).c_str());
  return std::nullopt;
}

}  // namespace asr::sema
