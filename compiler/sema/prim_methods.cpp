#include "sema/prim_methods.hpp"

namespace asr::sema {
namespace {

using P = PrimType;
using R = PrimMethod::Recv;

const std::vector<PrimMethod>& table() {
  static const std::vector<PrimMethod> methods = {
      // ---- integers
      {"abs", R::Signed, {}, P::Self, true, "wrapping_abs"},
      {"wrapping_abs", R::Signed, {}, P::Self},
      {"unsigned_abs", R::Signed, {}, P::Unsigned},
      {"signum", R::Signed, {}, P::Self},
      {"is_positive", R::Signed, {}, P::Bool},
      {"is_negative", R::Signed, {}, P::Bool},
      {"pow", R::Int, {P::U32}, P::Self, true, "wrapping_pow"},
      {"wrapping_pow", R::Int, {P::U32}, P::Self},
      {"saturating_pow", R::Int, {P::U32}, P::Self},
      {"min", R::Int, {P::Self}, P::Self},
      {"max", R::Int, {P::Self}, P::Self},
      {"clamp", R::Int, {P::Self, P::Self}, P::Self, true},
      {"rem_euclid", R::Int, {P::Self}, P::Self, true},
      {"div_euclid", R::Int, {P::Self}, P::Self, true},
      {"abs_diff", R::Int, {P::Self}, P::Unsigned},
      {"count_ones", R::Int, {}, P::U32},
      {"count_zeros", R::Int, {}, P::U32},
      {"leading_zeros", R::Int, {}, P::U32},
      {"trailing_zeros", R::Int, {}, P::U32},
      {"leading_ones", R::Int, {}, P::U32},
      {"trailing_ones", R::Int, {}, P::U32},
      {"rotate_left", R::Int, {P::U32}, P::Self},
      {"rotate_right", R::Int, {P::U32}, P::Self},
      {"swap_bytes", R::Int, {}, P::Self},
      {"reverse_bits", R::Int, {}, P::Self},
      {"wrapping_add", R::Int, {P::Self}, P::Self},
      {"wrapping_sub", R::Int, {P::Self}, P::Self},
      {"wrapping_mul", R::Int, {P::Self}, P::Self},
      {"wrapping_neg", R::Int, {}, P::Self},
      {"wrapping_div", R::Int, {P::Self}, P::Self, true},
      {"wrapping_rem", R::Int, {P::Self}, P::Self, true},
      {"wrapping_shl", R::Int, {P::U32}, P::Self},
      {"wrapping_shr", R::Int, {P::U32}, P::Self},
      {"saturating_add", R::Int, {P::Self}, P::Self},
      {"saturating_sub", R::Int, {P::Self}, P::Self},
      {"saturating_mul", R::Int, {P::Self}, P::Self},
      {"overflowing_add", R::Int, {P::Self}, P::SelfBool},
      {"overflowing_sub", R::Int, {P::Self}, P::SelfBool},
      {"overflowing_mul", R::Int, {P::Self}, P::SelfBool},
      {"is_power_of_two", R::Unsigned, {}, P::Bool},
      {"next_power_of_two", R::Unsigned, {}, P::Self, true, "wrapping_next_power_of_two"},
      {"isqrt", R::Int, {}, P::Self, true},
      // ---- floats
      {"abs", R::Float, {}, P::Self},
      {"sqrt", R::Float, {}, P::Self},
      {"cbrt", R::Float, {}, P::Self},
      {"exp", R::Float, {}, P::Self},
      {"exp2", R::Float, {}, P::Self},
      {"ln", R::Float, {}, P::Self},
      {"log2", R::Float, {}, P::Self},
      {"log10", R::Float, {}, P::Self},
      {"floor", R::Float, {}, P::Self},
      {"ceil", R::Float, {}, P::Self},
      {"round", R::Float, {}, P::Self},
      {"trunc", R::Float, {}, P::Self},
      {"fract", R::Float, {}, P::Self},
      {"sin", R::Float, {}, P::Self},
      {"cos", R::Float, {}, P::Self},
      {"tan", R::Float, {}, P::Self},
      {"asin", R::Float, {}, P::Self},
      {"acos", R::Float, {}, P::Self},
      {"atan", R::Float, {}, P::Self},
      {"sinh", R::Float, {}, P::Self},
      {"cosh", R::Float, {}, P::Self},
      {"tanh", R::Float, {}, P::Self},
      {"asinh", R::Float, {}, P::Self},
      {"acosh", R::Float, {}, P::Self},
      {"atanh", R::Float, {}, P::Self},
      {"recip", R::Float, {}, P::Self},
      {"to_degrees", R::Float, {}, P::Self},
      {"to_radians", R::Float, {}, P::Self},
      {"signum", R::Float, {}, P::Self},
      {"is_nan", R::Float, {}, P::Bool},
      {"is_infinite", R::Float, {}, P::Bool},
      {"is_finite", R::Float, {}, P::Bool},
      {"is_normal", R::Float, {}, P::Bool},
      {"is_sign_positive", R::Float, {}, P::Bool},
      {"is_sign_negative", R::Float, {}, P::Bool},
      {"powi", R::Float, {P::I32}, P::Self},
      {"powf", R::Float, {P::Self}, P::Self},
      {"log", R::Float, {P::Self}, P::Self},
      {"atan2", R::Float, {P::Self}, P::Self},
      {"hypot", R::Float, {P::Self}, P::Self},
      {"copysign", R::Float, {P::Self}, P::Self},
      {"mul_add", R::Float, {P::Self, P::Self}, P::Self},
      {"rem_euclid", R::Float, {P::Self}, P::Self},
      {"div_euclid", R::Float, {P::Self}, P::Self},
      {"min", R::Float, {P::Self}, P::Self},
      {"max", R::Float, {P::Self}, P::Self},
      {"clamp", R::Float, {P::Self, P::Self}, P::Self, true},
      // ---- chars (and the ASCII ones of u8)
      {"is_ascii", R::CharOrU8, {}, P::Bool},
      {"is_ascii_alphabetic", R::CharOrU8, {}, P::Bool},
      {"is_ascii_uppercase", R::CharOrU8, {}, P::Bool},
      {"is_ascii_lowercase", R::CharOrU8, {}, P::Bool},
      {"is_ascii_alphanumeric", R::CharOrU8, {}, P::Bool},
      {"is_ascii_digit", R::CharOrU8, {}, P::Bool},
      {"is_ascii_hexdigit", R::CharOrU8, {}, P::Bool},
      {"is_ascii_punctuation", R::CharOrU8, {}, P::Bool},
      {"is_ascii_graphic", R::CharOrU8, {}, P::Bool},
      {"is_ascii_whitespace", R::CharOrU8, {}, P::Bool},
      {"is_ascii_control", R::CharOrU8, {}, P::Bool},
      {"to_ascii_uppercase", R::CharOrU8, {}, P::Self},
      {"to_ascii_lowercase", R::CharOrU8, {}, P::Self},
      {"eq_ignore_ascii_case", R::CharOrU8, {P::RefSelf}, P::Bool},
      {"len_utf8", R::Char, {}, P::Usize},
      {"is_whitespace", R::Char, {}, P::Bool},
      {"is_digit", R::Char, {P::U32}, P::Bool, true},
  };
  return methods;
}

bool accepts(const TypeTable& T, TypeId t, R recv) {
  TyKind k = T.kind(t);
  switch (recv) {
    case R::Signed: return k == TyKind::Int && int_signed(T.int_ty(t));
    case R::Unsigned: return k == TyKind::Int && !int_signed(T.int_ty(t));
    case R::Int: return k == TyKind::Int;
    case R::Float: return k == TyKind::Float;
    case R::Char: return k == TyKind::Char;
    case R::CharOrU8: return k == TyKind::Char || (k == TyKind::Int && T.int_ty(t) == IntTy::U8);
  }
  return false;
}

}  // namespace

const PrimMethod* find_prim_method(const TypeTable& types, TypeId t, std::string_view name) {
  for (const auto& m : table()) {
    if (name == m.name && accepts(types, t, m.recv)) return &m;
  }
  return nullptr;
}

const PrimMethod& prim_method(uint32_t index) { return table()[index]; }

uint32_t prim_method_index(const PrimMethod* m) { return static_cast<uint32_t>(m - table().data()); }

TypeId prim_type(TypeTable& types, TypeId self, PrimType p) {
  switch (p) {
    case P::Self: return self;
    case P::RefSelf: return types.ref(self, false);
    case P::U32: return types.int_(IntTy::U32);
    case P::I32: return types.int_(IntTy::I32);
    case P::Usize: return types.int_(IntTy::Usize);
    case P::Bool: return types.bool_();
    case P::SelfBool: return types.tuple({self, types.bool_()});
    case P::Unsigned: {
      if (types.kind(self) != TyKind::Int) return self;
      switch (types.int_ty(self)) {
        case IntTy::I8: return types.int_(IntTy::U8);
        case IntTy::I16: return types.int_(IntTy::U16);
        case IntTy::I32: return types.int_(IntTy::U32);
        case IntTy::I64: return types.int_(IntTy::U64);
        case IntTy::I128: return types.int_(IntTy::U128);
        case IntTy::Isize: return types.int_(IntTy::Usize);
        default: return self;
      }
    }
  }
  return self;
}

bool is_later_prim_method(const TypeTable& types, TypeId t, std::string_view name) {
  // (those std declares are found before this list is consulted: stdlib/std/str.asr; on a
  // `String` the list also names the str methods reached through deref)
  static const char* str_methods[] = {
      "len", "is_empty", "chars", "char_indices", "bytes", "as_bytes", "split", "split_whitespace", "lines",
      "trim", "trim_start", "trim_end", "starts_with", "ends_with", "find", "rfind", "replace", "to_uppercase",
      "to_lowercase", "parse", "contains", "repeat", "to_owned", "split_once", "strip_prefix",
      "strip_suffix", "get", "eq_ignore_ascii_case", "is_char_boundary", "splitn", "rsplit", "rsplitn",
      "split_terminator", "rsplit_terminator", "split_inclusive", "matches", "match_indices", "rmatches",
      "split_ascii_whitespace", "encode_utf16", "drain",
      "retain", "extend", "chars_rev", "into_boxed_str", "as_mut_str", "split_off", "replace_range",
      "from_utf8", "trim_matches", "trim_start_matches", "trim_end_matches", "rsplit_once", "split_at",
      "replacen", "to_ascii_uppercase", "to_ascii_lowercase", "make_ascii_uppercase", "make_ascii_lowercase",
      "get_mut", "char_indices", "is_ascii", "cmp", "partial_cmp", "floor_char_boundary", "ceil_char_boundary",
      "shrink_to_fit", "truncate", "as_ptr"};
  static const char* num_methods[] = {
      "to_string", "isqrt", "div_euclid", "abs_diff",
      "to_digit", "to_ascii_uppercase", "to_ascii_lowercase", "is_alphabetic", "is_numeric", "is_alphanumeric",
      "is_whitespace", "is_uppercase", "is_lowercase", "len_utf8", "hypot",
      "atan2", "sin_cos", "to_degrees", "to_radians", "clamp", "total_cmp", "exp_m1", "ln_1p", "next_up",
      "next_down", "midpoint"};
  static const char* array_methods[] = {
      "map", "swap", "contains", "reverse", "fill", "starts_with", "ends_with", "split_at"};
  auto in = [&](const auto& list) {
    for (const char* m : list) if (name == m) return true;
    return false;
  };
  const TypeData& d = types.get(t);
  switch (d.kind) {
    case TyKind::Str: return in(str_methods);
    case TyKind::Int:
    case TyKind::Float:
    case TyKind::Char:
    case TyKind::Bool: return in(num_methods);
    case TyKind::Array: return in(array_methods);
    default: return false;
  }
}

bool prim_takes_ref(const PrimMethod& m) { return m.recv == PrimMethod::Recv::CharOrU8; }

TypeId prim_fn_type(TypeTable& types, TypeId self, const PrimMethod& m) {
  std::vector<TypeId> params{prim_takes_ref(m) ? types.ref(self, false) : self};
  for (PrimType p : m.params) params.push_back(prim_type(types, self, p));
  return types.fn_ptr(std::move(params), prim_type(types, self, m.ret));
}

}  // namespace asr::sema
