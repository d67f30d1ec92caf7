// Evaluation of `const` and `static` initializers at compile time, as rustc does: integer
// arithmetic is checked (an overflow is a compile error, not a panic), constants may use
// other constants (a cycle is an error) and call `const fn`s (consteval_fn.cpp interprets
// their bodies), and the result is a value later stages print as a C++ literal.

#include "sema/consteval.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>

namespace asr::sema {

using ast::Expr;
using ast::ExprKind;
using V = ConstValue;

std::optional<V> ConstEval::eval(const Expr& e) {
  const ExprInfo& in = p_.info(e);
  TypeId t = type_of(e);
  switch (e.kind) {
    case ExprKind::Paren: return eval(*e.operand);
    case ExprKind::Lit: return literal(e, t);
    case ExprKind::Block: return block(*e.block, e.label ? &e : nullptr);
    case ExprKind::Path: return path(e, in);
    case ExprKind::Unary: return unary(e, t);
    case ExprKind::Binary: return binary(e, t);
    case ExprKind::Cast: return cast(e, t);
    case ExprKind::If: return if_expr(e);
    case ExprKind::Loop:
    case ExprKind::While: return loop(e);
    case ExprKind::Match: return match(e);
    case ExprKind::Index: return index(e);
    case ExprKind::Assign:
    case ExprKind::CompoundAssign: return assign(e);
    case ExprKind::Break:
    case ExprKind::Continue:
    case ExprKind::Return: return jump(e);
    case ExprKind::MacroCall: return macro(e);
    case ExprKind::MethodCall: return method_call(e);
    case ExprKind::Tuple: {
      V v = make(e.args.empty() ? V::Kind::Unit : V::Kind::Tuple, t);
      for (const auto& a : e.args) {
        auto x = eval(*a);
        if (!x) return std::nullopt;
        v.elems.push_back(std::move(*x));
      }
      return v;
    }
    case ExprKind::Array:  // printed like a tuple: a braced initialiser
    case ExprKind::ArrayRepeat: {
      if (T.kind(t) != TyKind::Array) break;
      V v = make(V::Kind::Tuple, t);
      for (const auto& a : e.args) {
        auto x = eval(*a);
        if (!x) return std::nullopt;
        v.elems.push_back(std::move(*x));
      }
      if (e.kind == ExprKind::ArrayRepeat) {
        auto x = eval(*e.lhs);
        if (!x) return std::nullopt;
        v.elems.assign(T.array_len(t).value_or(0), *x);
      }
      return v;
    }
    case ExprKind::TupleField:
    case ExprKind::Field: {
      auto base = eval(*e.operand);
      if (!base) return std::nullopt;
      const V& b = peel(*base);
      if (in.field < b.elems.size()) return b.elems[in.field];
      break;
    }
    case ExprKind::StructLit: {
      if (e.base) break;
      const auto& fields = p_.fields_of(T.get(t).id, in.variant);
      V v = make(V::Kind::Adt, t);
      v.variant = in.variant;
      v.elems.resize(fields.size());
      for (const auto& f : e.fields) {
        for (size_t i = 0; i < fields.size(); ++i) {
          if (fields[i].name != f.name.name) continue;
          std::optional<V> x;
          if (f.value) {
            x = eval(*f.value);
          } else if (auto it = p_.shorthand_locals.find(&f); it != p_.shorthand_locals.end() && !frames_.empty() &&
                                                               it->second < frames_.back().locals.size()) {
            x = frames_.back().locals[it->second];  // `S { x }`
            if (!x) unsupported(f.span, "a variable that may be uninitialised");
          } else {
            unsupported(f.span, "field shorthand");
          }
          if (!x) return std::nullopt;
          v.elems[i] = std::move(*x);
        }
      }
      return v;
    }
    case ExprKind::Call: return call(e);
    case ExprKind::AddrOf: {  // `&[4, 5]`: a reference to a constant in static storage
      if (e.is_mut) break;
      auto x = eval(*e.operand);
      if (!x) return std::nullopt;
      V v = make(V::Kind::Ref, t);
      v.elems.push_back(std::move(*x));
      return v;
    }
    default: break;
  }
  const char* what = "this expression";
  switch (e.kind) {
    case ExprKind::AddrOf: what = "a mutable reference (`&mut x`)"; break;
    case ExprKind::Closure: what = "a closure"; break;
    case ExprKind::For: what = "a `for` loop"; break;
    case ExprKind::Range: what = "a range"; break;
    case ExprKind::Try: what = "the `?` operator"; break;
    case ExprKind::StructLit: what = "a struct literal with `..base`"; break;
    case ExprKind::Array:
    case ExprKind::ArrayRepeat: what = "an array whose length is not known"; break;
    default: break;
  }
  unsupported(e.span, what);
  return std::nullopt;
}

void ConstEval::unsupported(Span span, const char* what) {
  if (reported_) return;
  reported_ = true;
  cx_.unsupported(span, fmt::format("{} in a constant expression", what));
}

void ConstEval::fail(Span span, const std::string& why) {
  if (reported_) return;
  reported_ = true;
  if (frames_.size() <= 1) {
    cx_.diags.report(DiagKind::ConstEvalFailed, span, why);
    return;
  }
  // As rustc: at the call in the initializer, then inside which function, innermost first.
  auto& d = cx_.diags.report(DiagKind::ConstEvalFailed, frames_[1].call, why);
  // (a run of recursive calls from one place is summed up, as rustc's "[... N additional calls")
  auto same_call = [&](size_t a, size_t b) {
    const Span &x = frames_[a].call, &y = frames_[b].call;
    return frames_[a].fn == frames_[b].fn && x.file == y.file && x.begin == y.begin && x.end == y.end;
  };
  for (size_t k = frames_.size() - 1; k >= 1;) {
    Span at = k + 1 < frames_.size() ? frames_[k + 1].call : span;
    const std::string& name = p_.fns[frames_[k].fn].path;
    // (std's functions are not pointed into: the user's call shows where)
    if (!p_.modules[p_.fns[frames_[k].fn].module].is_std) d.notes.push_back({at, fmt::format("inside `{}`", name)});
    size_t run = 0;  // frames below k entered from the same call as k
    while (k - run > 1 && same_call(k - run - 1, k)) ++run;
    if (run > 1) {
      d.notes.push_back({frames_[k].call, fmt::format("[... {} additional calls inside `{}` ...]", run - 1, name)});
      k -= run;  // (the last of the run gets its own note)
    } else {
      --k;
    }
  }
}

std::string ConstEval::int_text(const V& v) const {
  IntTy it = T.int_ty(v.type);
  unsigned b = int_bits(it);
  const char* name = int_ty_name(it);
  unsigned __int128 max = int_signed(it) ? (static_cast<unsigned __int128>(1) << (b - 1)) - 1 : mask(it, ~static_cast<unsigned __int128>(0));
  if (v.bits == max) return fmt::format("{}::MAX", name);
  if (int_signed(it) && v.bits == mask(it, max + 1)) return fmt::format("{}::MIN", name);
  return fmt::format("{}_{}", i128_text(as_signed(it, v.bits)), name);
}

// Wraps `bits` to the integer type; false if the mathematical value did not fit.
bool ConstEval::fits(IntTy it, __int128 v) const {
  unsigned b = int_bits(it);
  if (int_signed(it)) {
    if (b == 128) return true;
    __int128 max = (static_cast<__int128>(1) << (b - 1)) - 1;
    return v >= -max - 1 && v <= max;
  }
  if (v < 0) return false;
  return b == 128 || v < (static_cast<__int128>(1) << b);
}
unsigned __int128 ConstEval::mask(IntTy it, unsigned __int128 v) const {
  unsigned b = int_bits(it);
  return b == 128 ? v : v & ((static_cast<unsigned __int128>(1) << b) - 1);
}
__int128 ConstEval::as_signed(IntTy it, unsigned __int128 bits) const {
  unsigned b = int_bits(it);
  if (!int_signed(it) || b == 128) return static_cast<__int128>(bits);
  unsigned __int128 sign = static_cast<unsigned __int128>(1) << (b - 1);
  return (bits & sign) ? static_cast<__int128>(bits) - (static_cast<__int128>(1) << b) : static_cast<__int128>(bits);
}

V ConstEval::int_value(TypeId t, __int128 v) const {
  V x = make(V::Kind::Int, t);
  x.bits = mask(T.int_ty(t), static_cast<unsigned __int128>(v));
  return x;
}

std::optional<V> ConstEval::literal(const Expr& e, TypeId t) {
  const ast::Literal& l = e.lit;
  switch (l.kind) {
    case ast::LitKind::Bool: { V v = make(V::Kind::Bool, t); v.bits = l.bool_value; return v; }
    case ast::LitKind::Char: { V v = make(V::Kind::Char, t); v.bits = l.char_value; return v; }
    case ast::LitKind::Byte: { V v = make(V::Kind::Int, t); v.bits = l.char_value; return v; }
    case ast::LitKind::Str:
    case ast::LitKind::RawStr: { V v = make(V::Kind::Str, t); v.s = l.value; return v; }
    case ast::LitKind::Int: {
      unsigned __int128 m = l.int_value;
      if (T.kind(t) == TyKind::Float) { V v = make(V::Kind::Float, t); v.f = static_cast<double>(m); return v; }
      V v = make(V::Kind::Int, t);
      v.bits = m;  // range already checked by the type checker
      return v;
    }
    case ast::LitKind::Float: { V v = make(V::Kind::Float, t); v.f = std::strtod(l.value.c_str(), nullptr); return v; }
    case ast::LitKind::ByteStr: {  // `b"GET"`: a `&'static [u8; 3]`
      if (T.kind(t) != TyKind::Ref || T.kind(T.pointee(t)) != TyKind::Array) break;
      V bytes = make(V::Kind::Tuple, T.pointee(t));
      for (unsigned char c : l.value) {
        V b = make(V::Kind::Int, T.int_(IntTy::U8));
        b.bits = c;
        bytes.elems.push_back(std::move(b));
      }
      V v = make(V::Kind::Ref, t);
      v.elems.push_back(std::move(bytes));
      return v;
    }
    default: break;
  }
  unsupported(e.span, "this literal");
  return std::nullopt;
}

std::optional<V> ConstEval::path(const Expr& e, const ExprInfo& in) {
  TypeId ty = type_of(e);
  switch (in.res) {
    case ValueRes::Const: {
      const ConstValue* v = eval_const(cx_, in.res_id);
      if (!v) return std::nullopt;
      return *v;
    }
    case ValueRes::PrimConst: {
      if (T.kind(ty) == TyKind::Float) {
        bool f32 = T.float_ty(ty) == FloatTy::F32;
        V v = make(V::Kind::Float, ty);
        switch (static_cast<PrimConst>(in.res_id)) {
          case PrimConst::Max: v.f = f32 ? 3.40282347e+38 : 1.7976931348623157e+308; break;
          case PrimConst::Min: v.f = f32 ? -3.40282347e+38 : -1.7976931348623157e+308; break;
          case PrimConst::Epsilon: v.f = f32 ? 1.1920929e-07 : 2.220446049250313e-16; break;
          case PrimConst::MinPositive: v.f = f32 ? 1.17549435e-38 : 2.2250738585072014e-308; break;
          case PrimConst::Infinity: v.f = HUGE_VAL; break;
          case PrimConst::NegInfinity: v.f = -HUGE_VAL; break;
          case PrimConst::Nan: v.f = std::nan(""); break;
          default: break;
        }
        return v;
      }
      IntTy it = static_cast<IntTy>(in.field);
      unsigned b = int_bits(it);
      auto c = static_cast<PrimConst>(in.res_id);
      if (c == PrimConst::Bits) return int_value(ty, b);
      unsigned __int128 bits = 0;
      if (int_signed(it)) bits = (static_cast<unsigned __int128>(1) << (b - 1)) - (c == PrimConst::Max ? 1 : 0);
      else if (c == PrimConst::Max) bits = mask(it, ~static_cast<unsigned __int128>(0));
      if (int_signed(it) && c == PrimConst::Min) bits = mask(it, bits);
      V v = make(V::Kind::Int, ty);
      v.bits = bits;
      return v;
    }
    case ValueRes::Local: {
      if (frames_.empty() || in.res_id >= frames_.back().locals.size()) break;
      const std::optional<V>& x = frames_.back().locals[in.res_id];
      if (!x) break;  // (the checker reports a use before initialisation)
      return *x;
    }
    case ValueRes::ConstParam: {  // `N` of `const N: usize`, from the call's arguments
      TypeId n = subst(p_.types.param(in.res_id));
      if (T.kind(n) != TyKind::Const) break;
      return int_value(T.int_(IntTy::Usize), T.get(n).id);
    }
    case ValueRes::UnitStruct: return make(V::Kind::Adt, ty);
    case ValueRes::UnitVariant: {
      V v = make(V::Kind::Adt, ty);
      v.variant = in.variant;
      return v;
    }
    default: break;
  }
  unsupported(e.span, in.res == ValueRes::Local ? "a variable that may be uninitialised" : "this path");
  return std::nullopt;
}

std::optional<V> ConstEval::unary(const Expr& e, TypeId t) {
  if (e.unop == ast::UnOp::Deref) {  // (references hold copies: nothing is written through them)
    if (p_.info(e).callee != kNone) {
      unsupported(e.span, "dereferencing a smart pointer");
      return std::nullopt;
    }
    auto x = eval(*e.operand);
    if (!x) return std::nullopt;
    return peel(*x);
  }
  const Expr* lit = e.operand.get();
  while (lit->kind == ExprKind::Paren) lit = lit->operand.get();
  if (e.unop == ast::UnOp::Neg && lit->kind == ExprKind::Lit && lit->lit.kind == ast::LitKind::Int &&
      T.kind(t) == TyKind::Int) {
    // `-128i8`: the literal's magnitude is negated, not the (wrapped) value of `128i8`.
    unsigned __int128 m = lit->lit.int_value;
    V v = make(V::Kind::Int, t);
    v.bits = mask(T.int_ty(t), ~m + 1);
    return v;  // the range was checked with the literal
  }
  auto x = eval(*e.operand);
  if (!x) return std::nullopt;
  if (e.unop == ast::UnOp::Not) {
    if (x->kind == V::Kind::Bool) { x->bits = !x->bits; return x; }
    x->bits = mask(T.int_ty(t), ~x->bits);
    return x;
  }
  if (x->kind == V::Kind::Float) { x->f = -x->f; return x; }
  IntTy it = T.int_ty(t);
  __int128 v = as_signed(it, x->bits);
  if (!int_signed(it) || (int_bits(it) == 128 ? x->bits == static_cast<unsigned __int128>(1) << 127 : !fits(it, -v))) {
    fail(e.span, fmt::format("attempt to negate `{}`, which would overflow", int_text(*x)));
    return std::nullopt;
  }
  return int_value(t, -v);
}

std::optional<V> ConstEval::binary(const Expr& e, TypeId t) {
  using B = ast::BinOp;
  auto l = eval(*e.lhs);
  if (!l) return std::nullopt;
  if (e.binop == B::And || e.binop == B::Or) {
    if ((e.binop == B::And) != static_cast<bool>(l->bits)) return l;  // short-circuit
    return eval(*e.rhs);
  }
  auto r = eval(*e.rhs);
  if (!r) return std::nullopt;
  V::Kind k = peel(*l).kind;
  if (p_.info(e).callee != kNone && k != V::Kind::Int && k != V::Kind::Float && k != V::Kind::Bool &&
      k != V::Kind::Char && k != V::Kind::Str) {  // an operator trait's method (the const rules reject it)
    unsupported(e.span, "this operator");
    return std::nullopt;
  }
  if (e.binop == B::Eq || e.binop == B::Ne || e.binop == B::Lt || e.binop == B::Le || e.binop == B::Gt || e.binop == B::Ge) {
    return compare(e, e.binop, peel(*l), peel(*r), t);
  }
  return arith(e, e.binop, *l, *r, t);
}

std::optional<V> ConstEval::arith(const Expr& e, ast::BinOp op, const V& l, const V& r, TypeId t) {
  using B = ast::BinOp;
  if (l.kind == V::Kind::Float) {
    double a = l.f, b = r.f, v = 0;
    switch (op) {
      case B::Add: v = a + b; break;
      case B::Sub: v = a - b; break;
      case B::Mul: v = a * b; break;
      case B::Div: v = a / b; break;
      case B::Rem: v = std::fmod(a, b); break;
      default: unsupported(e.span, "this operator"); return std::nullopt;
    }
    if (T.kind(t) == TyKind::Float && T.float_ty(t) == FloatTy::F32) v = static_cast<float>(v);
    V x = make(V::Kind::Float, t);
    x.f = v;
    return x;
  }
  if (l.kind == V::Kind::Bool) {
    V x = make(V::Kind::Bool, t);
    switch (op) {
      case B::BitAnd: x.bits = l.bits & r.bits; break;
      case B::BitOr: x.bits = l.bits | r.bits; break;
      case B::BitXor: x.bits = l.bits ^ r.bits; break;
      default: unsupported(e.span, "this operator"); return std::nullopt;
    }
    return x;
  }
  if (l.kind != V::Kind::Int || r.kind != V::Kind::Int) {
    unsupported(e.span, "this operator");
    return std::nullopt;
  }
  IntTy it = T.int_ty(t);
  bool is128 = int_bits(it) == 128;
  __int128 a = as_signed(it, l.bits), b = 0;
  if (op != B::Shl && op != B::Shr) b = as_signed(it, r.bits);
  __int128 v = 0;
  switch (op) {
    case B::Add:
    case B::Sub:
    case B::Mul: {
      if (is128) {
        bool ok = op == B::Add ? add128(it, l.bits, r.bits, v) : op == B::Sub ? sub128(it, l.bits, r.bits, v) : mul128(it, l.bits, r.bits, v);
        if (!ok) return overflow(e, op, l, r);
        V x = make(V::Kind::Int, t);
        x.bits = static_cast<unsigned __int128>(v);
        return x;
      }
      // Operands of at most 64 bits: exact in 128 bits, then range-checked.
      v = op == B::Add ? a + b : op == B::Sub ? a - b : a * b;
      if (!fits(it, v)) return overflow(e, op, l, r);
      return int_value(t, v);
    }
    case B::Div:
    case B::Rem: {
      bool div = op == B::Div;
      if (r.bits == 0) {
        fail(e.span, div ? fmt::format("attempt to divide `{}` by zero", int_text(l))
                         : fmt::format("attempt to calculate the remainder of `{}` with a divisor of zero", int_text(l)));
        return std::nullopt;
      }
      bool min = is128 ? l.bits == static_cast<unsigned __int128>(1) << 127 : !fits(it, -a);
      if (int_signed(it) && b == -1 && min) return overflow(e, op, l, r);
      if (!int_signed(it) || is128) {
        V x = make(V::Kind::Int, t);
        if (!int_signed(it)) x.bits = div ? l.bits / r.bits : l.bits % r.bits;
        else x.bits = static_cast<unsigned __int128>(div ? a / b : a % b);
        return x;
      }
      v = div ? a / b : a % b;
      return int_value(t, v);
    }
    case B::BitAnd: { V x = make(V::Kind::Int, t); x.bits = l.bits & r.bits; return x; }
    case B::BitOr: { V x = make(V::Kind::Int, t); x.bits = l.bits | r.bits; return x; }
    case B::BitXor: { V x = make(V::Kind::Int, t); x.bits = l.bits ^ r.bits; return x; }
    case B::Shl:
    case B::Shr: {
      unsigned __int128 n = r.bits;
      IntTy rt = T.int_ty(r.type);
      if (int_signed(rt) && as_signed(rt, n) < 0) n = ~static_cast<unsigned __int128>(0);
      if (n >= int_bits(it)) return overflow(e, op, l, r);
      V x = make(V::Kind::Int, t);
      unsigned sh = static_cast<unsigned>(n);
      if (op == B::Shl) x.bits = mask(it, l.bits << sh);
      else x.bits = int_signed(it) ? mask(it, static_cast<unsigned __int128>(as_signed(it, l.bits) >> sh)) : l.bits >> sh;
      return x;
    }
    default: unsupported(e.span, "this operator"); return std::nullopt;
  }
}

// 128-bit arithmetic: the exact result must fit the type.
bool ConstEval::add128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const {
  if (!int_signed(it)) {
    unsigned __int128 r;
    if (__builtin_add_overflow(a, b, &r)) return false;
    out = static_cast<__int128>(r);
    return true;
  }
  return !__builtin_add_overflow(static_cast<__int128>(a), static_cast<__int128>(b), &out);
}
bool ConstEval::sub128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const {
  if (!int_signed(it)) {
    if (b > a) return false;
    out = static_cast<__int128>(a - b);
    return true;
  }
  return !__builtin_sub_overflow(static_cast<__int128>(a), static_cast<__int128>(b), &out);
}
bool ConstEval::mul128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const {
  if (!int_signed(it)) {
    unsigned __int128 r;
    if (__builtin_mul_overflow(a, b, &r)) return false;
    out = static_cast<__int128>(r);
    return true;
  }
  return !__builtin_mul_overflow(static_cast<__int128>(a), static_cast<__int128>(b), &out);
}

// rustc's wording: "attempt to compute `u8::MAX + 1_u8`, which would overflow".
std::optional<V> ConstEval::overflow(const Expr& e, ast::BinOp op, const V& l, const V& r) {
  using B = ast::BinOp;
  std::string why;
  switch (op) {
    case B::Shl:
    case B::Shr:
      why = fmt::format("attempt to shift {} by `{}`, which would overflow", op == B::Shl ? "left" : "right", int_text(r));
      break;
    case B::Rem: why = fmt::format("attempt to compute the remainder of `{} % {}`, which would overflow", int_text(l), int_text(r)); break;
    default: {
      const char* sym = op == B::Add ? "+" : op == B::Sub ? "-" : op == B::Mul ? "*" : "/";
      why = fmt::format("attempt to compute `{} {} {}`, which would overflow", int_text(l), sym, int_text(r));
    }
  }
  fail(e.span, why);
  return std::nullopt;
}

std::optional<V> ConstEval::compare(const Expr& e, ast::BinOp op, const V& l, const V& r, TypeId t) {
  using B = ast::BinOp;
  int c = 0;
  bool unordered = false;
  if (l.kind == V::Kind::Float) {
    if (std::isnan(l.f) || std::isnan(r.f)) unordered = true;
    else c = l.f < r.f ? -1 : l.f > r.f ? 1 : 0;
  } else if (l.kind == V::Kind::Int) {
    IntTy it = T.int_ty(l.type);
    __int128 a = as_signed(it, l.bits), b = as_signed(it, r.bits);
    if (!int_signed(it)) c = l.bits < r.bits ? -1 : l.bits > r.bits ? 1 : 0;
    else c = a < b ? -1 : a > b ? 1 : 0;
  } else if (l.kind == V::Kind::Bool || l.kind == V::Kind::Char) {
    c = l.bits < r.bits ? -1 : l.bits > r.bits ? 1 : 0;
  } else if (l.kind == V::Kind::Str) {
    c = l.s < r.s ? -1 : l.s > r.s ? 1 : 0;
  } else {
    unsupported(e.span, "comparing these values");
    return std::nullopt;
  }
  bool res = false;
  switch (op) {
    case B::Eq: res = !unordered && c == 0; break;
    case B::Ne: res = unordered || c != 0; break;
    case B::Lt: res = !unordered && c < 0; break;
    case B::Le: res = !unordered && c <= 0; break;
    case B::Gt: res = !unordered && c > 0; break;
    case B::Ge: res = !unordered && c >= 0; break;
    default: break;
  }
  V x = make(V::Kind::Bool, t);
  x.bits = res;
  return x;
}

std::optional<V> ConstEval::cast(const Expr& e, TypeId t) {
  auto x = eval(*e.operand);
  if (!x) return std::nullopt;
  TyKind to = T.kind(t);
  if (x->kind == V::Kind::Adt) {
    const AdtDef& ad = p_.adts[T.get(x->type).id];
    if (!ad.is_enum || x->variant >= ad.variants.size()) {
      unsupported(e.span, "this cast");
      return std::nullopt;
    }
    V d = make(V::Kind::Int, T.int_(ad.repr));
    d.bits = mask(ad.repr, static_cast<unsigned __int128>(ad.variants[x->variant].discriminant));
    x = d;
  }
  if (to == TyKind::Int) {
    IntTy it = T.int_ty(t);
    if (x->kind == V::Kind::Float) {
      // Saturating, NaN to 0 (as Rust's `as`).
      double f = x->f;
      V v = make(V::Kind::Int, t);
      if (std::isnan(f)) return v;
      unsigned b = int_bits(it);
      long double lo = int_signed(it) ? -std::ldexp(1.0L, static_cast<int>(b) - 1) : 0.0L;
      long double hi = int_signed(it) ? std::ldexp(1.0L, static_cast<int>(b) - 1) : std::ldexp(1.0L, static_cast<int>(b));
      long double tr = std::trunc(static_cast<long double>(f));
      if (tr < lo) tr = lo;
      if (tr >= hi) {
        v.bits = int_signed(it) ? mask(it, (static_cast<unsigned __int128>(1) << (b - 1)) - 1)
                                : mask(it, ~static_cast<unsigned __int128>(0));
        return v;
      }
      v.bits = mask(it, static_cast<unsigned __int128>(static_cast<__int128>(tr)));
      return v;
    }
    IntTy from = x->kind == V::Kind::Int ? T.int_ty(x->type) : IntTy::U32;
    V v = make(V::Kind::Int, t);
    v.bits = mask(it, static_cast<unsigned __int128>(as_signed(from, x->bits)));
    if (x->kind != V::Kind::Int) v.bits = mask(it, x->bits);  // bool / char
    return v;
  }
  if (to == TyKind::Float) {
    V v = make(V::Kind::Float, t);
    if (x->kind == V::Kind::Float) v.f = x->f;
    else if (int_signed(T.int_ty(x->type))) v.f = static_cast<double>(as_signed(T.int_ty(x->type), x->bits));
    else v.f = static_cast<double>(x->bits);
    if (T.float_ty(t) == FloatTy::F32) v.f = static_cast<float>(v.f);
    return v;
  }
  if (to == TyKind::Char) {
    V v = make(V::Kind::Char, t);
    v.bits = x->bits;
    return v;
  }
  unsupported(e.span, "this cast");
  return std::nullopt;
}


const ConstValue* eval_const(Context& cx, uint32_t index) {
  // (by index: evaluating may check a const fn's body, which may add hidden constants)
  auto c = [&]() -> ConstDef& { return cx.prog.consts[index]; };
  switch (c().state) {
    case ConstDef::State::Done: return &c().value;
    case ConstDef::State::Failed: return nullptr;
    case ConstDef::State::Evaluating:
      cx.diags.report(DiagKind::ConstCycle, c().span, c().is_static ? "static" : "constant", c().path);
      c().state = ConstDef::State::Failed;
      return nullptr;
    case ConstDef::State::Pending: break;
  }
  if (!c().checked) check_const(cx, index);
  const ast::Expr* init = c().initializer();
  if (!init || cx.prog.types.kind(c().type) == TyKind::Error) {
    c().state = ConstDef::State::Failed;
    return nullptr;
  }
  c().state = ConstDef::State::Evaluating;
  uint32_t errors = cx.diags.error_count();
  std::optional<ConstValue> v;
  // A type error in the initializer was reported already; evaluating it would add noise.
  if (cx.prog.types.kind(cx.prog.info(*init).type) != TyKind::Error) v = ConstEval(cx, c().span).run(*init, c().checker);
  if (c().state == ConstDef::State::Failed) return nullptr;  // a cycle through this constant
  if (!v || cx.diags.error_count() != errors) {
    c().state = ConstDef::State::Failed;
    return nullptr;
  }
  v->type = c().type;
  c().value = std::move(*v);
  c().state = ConstDef::State::Done;
  return &c().value;
}

}  // namespace asr::sema
