// Evaluation of `const` and `static` initializers at compile time, as rustc does: integer
// arithmetic is checked (an overflow is a compile error, not a panic), constants may use
// other constants (a cycle is an error), and the result is a value later stages print as a
// C++ literal.

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "sema/context.hpp"

namespace asr::sema {
namespace {

using ast::Expr;
using ast::ExprKind;
using V = ConstValue;

class ConstEval {
 public:
  ConstEval(Context& cx) : cx_(cx), p_(cx.prog), T(cx.prog.types) {}

  std::optional<V> eval(const Expr& e) {
    const ExprInfo& in = p_.info(e);
    TypeId t = in.type;
    switch (e.kind) {
      case ExprKind::Paren: return eval(*e.operand);
      case ExprKind::Lit: return literal(e, t);
      case ExprKind::Block:
        if (!e.label && e.block->stmts.empty() && e.block->tail) return eval(*e.block->tail);
        break;
      case ExprKind::Path: return path(e, in);
      case ExprKind::Unary: return unary(e, t);
      case ExprKind::Binary: return binary(e, t);
      case ExprKind::Cast: return cast(e, t);
      case ExprKind::If: {
        if (e.cond->kind == ExprKind::Let || !e.else_branch) break;
        auto c = eval(*e.cond);
        if (!c) return std::nullopt;
        if (c->bits) {
          if (!e.block->stmts.empty() || !e.block->tail) break;
          return eval(*e.block->tail);
        }
        return eval(*e.else_branch);
      }
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
        if (in.field < base->elems.size()) return base->elems[in.field];
        break;
      }
      case ExprKind::StructLit: {
        if (e.base) break;
        const auto& fields = p_.fields_of(T.get(t).id, in.variant);
        V v = make(V::Kind::Adt, t);
        v.variant = in.variant;
        v.elems.resize(fields.size());
        for (const auto& f : e.fields) {
          if (!f.value) {
            unsupported(f.span, "field shorthand");
            return std::nullopt;
          }
          for (size_t i = 0; i < fields.size(); ++i) {
            if (fields[i].name != f.name.name) continue;
            auto x = eval(*f.value);
            if (!x) return std::nullopt;
            v.elems[i] = std::move(*x);
          }
        }
        return v;
      }
      case ExprKind::Call: {
        const ExprInfo& ci = p_.info(*e.operand);
        if (ci.res != ValueRes::TupleStructCtor && ci.res != ValueRes::VariantCtor) {
          if (ci.res == ValueRes::Fn) {
            cx_.diags.report(DiagKind::SyntaxError, e.span,
                             fmt::format("cannot call non-const fn `{}` in constants", p_.fns[ci.res_id].path));
            return std::nullopt;
          }
          break;
        }
        V v = make(V::Kind::Adt, t);
        v.variant = ci.res == ValueRes::VariantCtor ? ci.variant : ~0u;
        for (const auto& a : e.args) {
          auto x = eval(*a);
          if (!x) return std::nullopt;
          v.elems.push_back(std::move(*x));
        }
        return v;
      }
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
    unsupported(e.span, e.kind == ExprKind::AddrOf ? "a mutable reference (`&mut x`)" : "this expression");
    return std::nullopt;
  }

 private:
  V make(V::Kind k, TypeId t) const {
    V v;
    v.kind = k;
    v.type = t;
    return v;
  }

  void unsupported(Span span, const char* what) {
    cx_.unsupported(span, fmt::format("{} in a constant expression", what));
  }

  void fail(Span span, const std::string& why) {
    cx_.diags.report(DiagKind::ConstEvalFailed, span, why);
  }

  // Wraps `bits` to the integer type; false if the mathematical value did not fit.
  bool fits(IntTy it, __int128 v) const {
    unsigned b = int_bits(it);
    if (int_signed(it)) {
      if (b == 128) return true;
      __int128 max = (static_cast<__int128>(1) << (b - 1)) - 1;
      return v >= -max - 1 && v <= max;
    }
    if (v < 0) return false;
    return b == 128 || v < (static_cast<__int128>(1) << b);
  }
  unsigned __int128 mask(IntTy it, unsigned __int128 v) const {
    unsigned b = int_bits(it);
    return b == 128 ? v : v & ((static_cast<unsigned __int128>(1) << b) - 1);
  }
  __int128 as_signed(IntTy it, unsigned __int128 bits) const {
    unsigned b = int_bits(it);
    if (!int_signed(it) || b == 128) return static_cast<__int128>(bits);
    unsigned __int128 sign = static_cast<unsigned __int128>(1) << (b - 1);
    return (bits & sign) ? static_cast<__int128>(bits) - (static_cast<__int128>(1) << b) : static_cast<__int128>(bits);
  }

  V int_value(TypeId t, __int128 v) const {
    V x = make(V::Kind::Int, t);
    x.bits = mask(T.int_ty(t), static_cast<unsigned __int128>(v));
    return x;
  }

  std::optional<V> literal(const Expr& e, TypeId t) {
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

  std::optional<V> path(const Expr& e, const ExprInfo& in) {
    switch (in.res) {
      case ValueRes::Const: {
        const ConstValue* v = eval_const(cx_, in.res_id);
        if (!v) return std::nullopt;
        return *v;
      }
      case ValueRes::PrimConst: {
        if (T.kind(in.type) == TyKind::Float) {
          bool f32 = T.float_ty(in.type) == FloatTy::F32;
          V v = make(V::Kind::Float, in.type);
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
        if (c == PrimConst::Bits) return int_value(in.type, b);
        unsigned __int128 bits = 0;
        if (int_signed(it)) bits = (static_cast<unsigned __int128>(1) << (b - 1)) - (c == PrimConst::Max ? 1 : 0);
        else if (c == PrimConst::Max) bits = mask(it, ~static_cast<unsigned __int128>(0));
        if (int_signed(it) && c == PrimConst::Min) bits = mask(it, bits);
        V v = make(V::Kind::Int, in.type);
        v.bits = bits;
        return v;
      }
      case ValueRes::UnitStruct: return make(V::Kind::Adt, in.type);
      case ValueRes::UnitVariant: {
        V v = make(V::Kind::Adt, in.type);
        v.variant = in.variant;
        return v;
      }
      default: break;
    }
    unsupported(e.span, in.res == ValueRes::Local ? "a local variable" : "this path");
    return std::nullopt;
  }

  std::optional<V> unary(const Expr& e, TypeId t) {
    if (e.unop == ast::UnOp::Deref) {
      unsupported(e.span, "dereferencing");
      return std::nullopt;
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
      fail(e.span, "attempt to negate with overflow");
      return std::nullopt;
    }
    return int_value(t, -v);
  }

  std::optional<V> binary(const Expr& e, TypeId t) {
    using B = ast::BinOp;
    auto l = eval(*e.lhs);
    if (!l) return std::nullopt;
    if (e.binop == B::And || e.binop == B::Or) {
      if ((e.binop == B::And) != static_cast<bool>(l->bits)) return l;  // short-circuit
      return eval(*e.rhs);
    }
    auto r = eval(*e.rhs);
    if (!r) return std::nullopt;
    if (e.binop == B::Eq || e.binop == B::Ne || e.binop == B::Lt || e.binop == B::Le || e.binop == B::Gt || e.binop == B::Ge) {
      return compare(e, *l, *r, t);
    }
    if (l->kind == V::Kind::Float) {
      double a = l->f, b = r->f, v = 0;
      switch (e.binop) {
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
    if (l->kind == V::Kind::Bool) {
      V x = make(V::Kind::Bool, t);
      switch (e.binop) {
        case B::BitAnd: x.bits = l->bits & r->bits; break;
        case B::BitOr: x.bits = l->bits | r->bits; break;
        case B::BitXor: x.bits = l->bits ^ r->bits; break;
        default: unsupported(e.span, "this operator"); return std::nullopt;
      }
      return x;
    }
    IntTy it = T.int_ty(t);
    IntTy lt = T.int_ty(p_.info(*e.lhs).type);
    bool is128 = int_bits(it) == 128;
    __int128 a = as_signed(it, l->bits), b = 0;
    if (e.binop != B::Shl && e.binop != B::Shr) b = as_signed(it, r->bits);
    __int128 v = 0;
    switch (e.binop) {
      case B::Add:
      case B::Sub:
      case B::Mul: {
        const char* op = e.binop == B::Add ? "add" : e.binop == B::Sub ? "subtract" : "multiply";
        if (is128) {
          bool ok = e.binop == B::Add ? add128(it, l->bits, r->bits, v)
                    : e.binop == B::Sub ? sub128(it, l->bits, r->bits, v) : mul128(it, l->bits, r->bits, v);
          if (!ok) return overflow(e, op);
          V x = make(V::Kind::Int, t);
          x.bits = static_cast<unsigned __int128>(v);
          return x;
        }
        // Operands of at most 64 bits: exact in 128 bits, then range-checked.
        v = e.binop == B::Add ? a + b : e.binop == B::Sub ? a - b : a * b;
        if (!fits(it, v)) return overflow(e, op);
        return int_value(t, v);
      }
      case B::Div:
      case B::Rem: {
        bool div = e.binop == B::Div;
        if (r->bits == 0) {
          fail(e.span, div ? "attempt to divide by zero"
                           : "attempt to calculate the remainder with a divisor of zero");
          return std::nullopt;
        }
        if (int_signed(it) && b == -1 && !fits(it, -a)) {
          return overflow(e, div ? "divide" : "calculate the remainder");
        }
        if (!int_signed(it)) {
          unsigned __int128 q = div ? l->bits / r->bits : l->bits % r->bits;
          V x = make(V::Kind::Int, t);
          x.bits = q;
          return x;
        }
        v = div ? a / b : a % b;
        break;
      }
      case B::BitAnd: { V x = make(V::Kind::Int, t); x.bits = l->bits & r->bits; return x; }
      case B::BitOr: { V x = make(V::Kind::Int, t); x.bits = l->bits | r->bits; return x; }
      case B::BitXor: { V x = make(V::Kind::Int, t); x.bits = l->bits ^ r->bits; return x; }
      case B::Shl:
      case B::Shr: {
        unsigned __int128 n = r->bits;
        if (int_signed(T.int_ty(p_.info(*e.rhs).type)) && as_signed(T.int_ty(p_.info(*e.rhs).type), n) < 0) n = ~static_cast<unsigned __int128>(0);
        if (n >= int_bits(lt)) return overflow(e, e.binop == B::Shl ? "shift left" : "shift right");
        V x = make(V::Kind::Int, t);
        unsigned s = static_cast<unsigned>(n);
        if (e.binop == B::Shl) x.bits = mask(it, l->bits << s);
        else x.bits = int_signed(it) ? mask(it, static_cast<unsigned __int128>(as_signed(it, l->bits) >> s)) : l->bits >> s;
        return x;
      }
      default: unsupported(e.span, "this operator"); return std::nullopt;
    }
    if (!fits(it, v)) return overflow(e, "divide");
    return int_value(t, v);
  }

  // 128-bit arithmetic: the exact result must fit the type.
  bool add128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const {
    if (!int_signed(it)) {
      unsigned __int128 r;
      if (__builtin_add_overflow(a, b, &r)) return false;
      out = static_cast<__int128>(r);
      return true;
    }
    return !__builtin_add_overflow(static_cast<__int128>(a), static_cast<__int128>(b), &out);
  }
  bool sub128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const {
    if (!int_signed(it)) {
      if (b > a) return false;
      out = static_cast<__int128>(a - b);
      return true;
    }
    return !__builtin_sub_overflow(static_cast<__int128>(a), static_cast<__int128>(b), &out);
  }
  bool mul128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const {
    if (!int_signed(it)) {
      unsigned __int128 r;
      if (__builtin_mul_overflow(a, b, &r)) return false;
      out = static_cast<__int128>(r);
      return true;
    }
    return !__builtin_mul_overflow(static_cast<__int128>(a), static_cast<__int128>(b), &out);
  }

  std::optional<V> overflow(const Expr& e, const char* op) {
    fail(e.span, fmt::format("attempt to {} with overflow", op));
    return std::nullopt;
  }

  std::optional<V> compare(const Expr& e, const V& l, const V& r, TypeId t) {
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
    switch (e.binop) {
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

  std::optional<V> cast(const Expr& e, TypeId t) {
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

  Context& cx_;
  Program& p_;
  const TypeTable& T;
};

}  // namespace

const ConstValue* eval_const(Context& cx, uint32_t index) {
  ConstDef& c = cx.prog.consts[index];
  switch (c.state) {
    case ConstDef::State::Done: return &c.value;
    case ConstDef::State::Failed: return nullptr;
    case ConstDef::State::Evaluating:
      cx.diags.report(DiagKind::ConstCycle, c.span, c.is_static ? "static" : "constant", c.path);
      c.state = ConstDef::State::Failed;
      return nullptr;
    case ConstDef::State::Pending: break;
  }
  if (!c.checked) check_const(cx, index);
  if (!c.item->value || cx.prog.types.kind(c.type) == TyKind::Error) {
    c.state = ConstDef::State::Failed;
    return nullptr;
  }
  c.state = ConstDef::State::Evaluating;
  uint32_t errors = cx.diags.error_count();
  std::optional<ConstValue> v;
  // A type error in the initializer was reported already; evaluating it would add noise.
  if (cx.prog.types.kind(cx.prog.info(*c.item->value).type) != TyKind::Error) v = ConstEval(cx).eval(*c.item->value);
  if (c.state == ConstDef::State::Failed) return nullptr;  // a cycle through this constant
  if (!v || cx.diags.error_count() != errors) {
    c.state = ConstDef::State::Failed;
    return nullptr;
  }
  v->type = c.type;
  c.value = std::move(*v);
  c.state = ConstDef::State::Done;
  return &c.value;
}

}  // namespace asr::sema
