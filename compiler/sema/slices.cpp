// Slices `[T]` in the type checker: unsizing `&[T; N]` to `&[T]`, range indexing
// (`&a[1..3]`), the methods of slices (also reached from arrays through auto-ref), `==`
// between slices and arrays, and slice patterns (`[head, rest @ ..]`).

#include "sema/slices.hpp"

#include <fmt/format.h>

#include "sema/fn_checker.hpp"

namespace asr::sema {
namespace {

using Needs = SliceMethod::Needs;

const SliceMethod kMethods[] = {
    {"len", "", 'u', false, false},
    {"is_empty", "", 'b', false, false},
    {"contains", "r", 'b', false, false, Needs::PartialEq},
    {"starts_with", "s", 'b', false, false, Needs::PartialEq},
    {"ends_with", "s", 'b', false, false, Needs::PartialEq},
    {"swap", "uu", '0', true, true},
    {"reverse", "", '0', true, false},
    {"fill", "v", '0', true, false, Needs::Clone},
    {"split_at", "u", 'p', false, true},
    {"split_at_mut", "u", 'p', true, true},
    {"to_vec", "", 'V', false, false, Needs::Clone},
    {"sort", "", '0', true, false, Needs::Ord},
    {"sort_unstable", "", '0', true, false, Needs::Ord},
};

std::string plural_s(size_t n) { return n == 1 ? "" : "s"; }

}  // namespace

const SliceMethod* find_slice_method(std::string_view name) {
  for (const auto& m : kMethods) if (name == m.name) return &m;
  return nullptr;
}
const SliceMethod& slice_method(uint32_t index) { return kMethods[index]; }
uint32_t slice_method_index(const SliceMethod* m) { return static_cast<uint32_t>(m - kMethods); }

bool is_later_slice_method(std::string_view name) {
  static const char* later[] = {
      "into_vec", "map", "position", "max", "min",
      "dedup", "retain", "each_ref", "each_mut"};
  for (const char* m : later) if (name == m) return true;
  return false;
}

// `&[T; N]` / `&mut [T; N]` into `&[T]` / `&mut [T]` (a shared reference may come from a
// mutable one, never the other way round).
bool FnChecker::unsize(TypeId actual, TypeId expected) {
  TypeId a = shallow(actual), e = shallow(expected);
  if (T.kind(a) != TyKind::Ref || T.kind(e) != TyKind::Ref) return false;
  if (T.ref_mut(e) && !T.ref_mut(a)) return false;
  TypeId from = shallow(T.pointee(a)), to = shallow(T.pointee(e));
  if (T.kind(from) != TyKind::Array || T.kind(to) != TyKind::Slice) return false;
  return unify(T.get(from).elems[0], T.get(to).elems[0]);
}

// `a[r]` where `r` is a range: the slice `[T]` of the elements it selects. Rust allows it on
// arrays and slices; the bounds are `usize`.
std::optional<TypeId> FnChecker::check_range_index(const Expr& e, TypeId at, TypeId base) {
  const Expr& r = *e.rhs;
  for (const Expr* bound : {r.lhs.get(), r.rhs.get()}) {
    if (!bound) continue;
    TypeId bt = check_expr(*bound, T.int_(IntTy::Usize));
    coerce(bt, T.int_(IntTy::Usize), bound->span);
  }
  if (r.inclusive && !r.rhs) {
    cx_.diags.report(DiagKind::SyntaxError, r.span, "inclusive range with no end");
    return T.error();
  }
  p_.exprs[r.id].type = T.error();  // not a value of its own (lower reads the bounds)
  visited_.push_back(r.id);
  if (T.kind(base) == TyKind::Error) return T.error();
  // `&s[a..b]` of a `str` or a `String`: the `str` between two byte offsets (checked at run
  // time: in range, at char boundaries).
  if (T.kind(base) == TyKind::Str || (T.kind(base) == TyKind::Adt && T.get(base).id == p_.string_adt)) return T.str();
  if (T.kind(base) != TyKind::Array && T.kind(base) != TyKind::Slice && !p_.is_vec(base)) {
    cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("cannot index into a value of type `{}`", p_.type_name(at)));
    return T.error();
  }
  return T.slice(T.get(base).elems[0]);
}

// A method of `[T]` on a slice or an array receiver (`rt` as written, `base` with the
// references peeled). nullopt: not a slice method (other lookups go on).
std::optional<TypeId> FnChecker::check_slice_method(const Expr& e, TypeId rt, TypeId base, bool via_ref, bool ref_mut) {
  ExprInfo& inf = p_.exprs[e.id];
  const std::string& name = e.name.name;
  const SliceMethod* m = find_slice_method(name);
  if ((name == "as_slice" || name == "as_mut_slice") && T.kind(base) == TyKind::Slice) {
    // (std's are the array's; `<[T]>::as_slice` is unstable, rustc's E0658)
    cx_.diags.report(DiagKind::SyntaxError, e.name.span, "use of unstable library feature `str_as_str`");
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  if (auto it = p_.slice_assoc.find(name); !m && it != p_.slice_assoc.end() &&
                                            p_.fns[it->second].self_kind != ast::SelfKind::None) {
    return check_slice_fn(e, it->second, base, via_ref, ref_mut);
  }
  if (!m) {
    if (!is_later_slice_method(name)) return std::nullopt;
    cx_.unsupported(e.name.span, fmt::format("the method `{}` on `{}`", name, p_.type_name(rt)));
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  TypeId elem = T.get(base).elems[0];
  if (m->mut_self) {
    if (via_ref) {
      if (!ref_mut) {
        cx_.diags.report(DiagKind::SyntaxError, e.operand->span,
                         fmt::format("cannot borrow `*{}` as mutable, as it is behind a `&` reference", expr_text(*e.operand)));
      }
    } else {
      require_mutable_place(*e.operand, true);
    }
  }
  inf.builtin = ExprInfo::Builtin::Slice;
  inf.field = slice_method_index(m);
  size_t n = std::string_view(m->params).size();
  if (e.args.size() != n) {
    cx_.diags.report(DiagKind::WrongArgCount, e.span, "method", n, plural_s(n), e.args.size(),
                     e.args.size() == 1 ? "argument was" : "arguments were");
  }
  for (size_t i = 0; i < e.args.size(); ++i) {
    TypeId expect = kNoExpectId();
    if (i < n) {
      switch (m->params[i]) {
        case 'u': expect = T.int_(IntTy::Usize); break;
        case 'r': expect = T.ref(elem, false); break;
        case 's': expect = T.ref(T.slice(elem), false); break;
        default: expect = elem; break;
      }
    }
    TypeId t = check_expr(*e.args[i], expect);
    if (i < n) coerce(t, expect, e.args[i]->span);
  }
  TypeId el = resolve(elem);
  if (m->needs == Needs::PartialEq && !p_.implements(el, Trait::PartialEq)) {
    cx_.diags.report(DiagKind::CannotCompare, e.name.span, p_.type_name(el), p_.type_name(el));
  }
  if (m->needs == Needs::Clone && !p_.implements(el, Trait::Clone)) {
    cx_.diags.report(DiagKind::TraitBound, e.name.span, p_.type_name(el), "Clone");
  }
  if (m->needs == Needs::Ord && !p_.implements(el, Trait::Ord)) {
    cx_.diags.report(DiagKind::TraitBound, e.name.span, p_.type_name(el), "Ord");
  }
  switch (m->ret) {
    case 'u': return T.int_(IntTy::Usize);
    case 'b': return T.bool_();
    case 'p': {
      TypeId half = T.ref(T.slice(elem), m->mut_self);
      return T.tuple({half, half});
    }
    case 'V': return p_.vec_adt == kNone ? T.error() : T.adt(p_.vec_adt, {elem});
    default: return T.unit();
  }
}

// `s.windows(2)`: a method of std's `impl<T> [T]`, its `T` the element type of the slice or
// array `base` (a Vec's reached through its `Deref`).
TypeId FnChecker::check_slice_fn(const Expr& e, FnId fn, TypeId base, bool via_ref, bool ref_mut) {
  ExprInfo& inf = p_.exprs[e.id];
  const FnDef& f = p_.fns[fn];
  if (f.self_kind == ast::SelfKind::RefMut) {
    if (via_ref && !ref_mut) {
      cx_.diags.report(DiagKind::SyntaxError, e.operand->span,
                       fmt::format("cannot borrow `*{}` as mutable, as it is behind a `&` reference", expr_text(*e.operand)));
    } else if (!via_ref) {
      require_mutable_place(*e.operand, true);
    }
    if (inf.auto_derefs > 0) deref_chain_mutable(*e.operand, inf, e.operand->span, true);
  } else if (f.self_kind == ast::SelfKind::Value) {
    cx_.diags.report(DiagKind::MoveOutOfRef, e.operand->span, "*" + expr_text(*e.operand), ref_mut ? "mutable" : "shared");
  }
  inf.callee = fn;
  inf.builtin = ExprInfo::Builtin::SliceFn;
  // (the receiver is borrowed, as rustc's auto-ref does: captures and moves see a borrow)
  inf.recv = via_ref ? ExprInfo::Recv::ByValue
             : f.self_kind == ast::SelfKind::RefMut ? ExprInfo::Recv::AutoRefMut : ExprInfo::Recv::AutoRef;
  const ast::GenericArgs* explicit_args = e.generics && !lifetimes_only(*e.generics) ? e.generics.get() : nullptr;
  TypeTable::Subst s = instantiate(fn, e, std::nullopt, explicit_args);
  unify(inf.type_args[0], T.get(base).elems[0]);
  check_args(e, param_types(f, s, false), e.args, "method");
  closure_call_bounds(e);
  late_type_args_.push_back(e.id);
  return inst(f.ret, s);
}

// `l == r` and the ordering operators where one side is a slice and the other an array or
// a slice of another reference depth: Rust's impls `[A; N] == [B]`, `[A; N] == &[B]`,
// `&[B] == [A; N]`, and `&x == &y` for those. True if handled (reported if wrong).
// The two sides of a comparison with their references peeled, as Rust's slice/array
// `PartialEq` impls see them.
struct FnChecker::SliceSides {
  TypeId a, b;  // the peeled types
  bool slice_a, slice_b, array_a, array_b;
  bool applies;   // a slice on one side, a slice or an array on the other
  bool depth_ok;  // the reference depths those impls accept
  bool same = false;  // both slices at the same depth: one type, compared as usual
};
// (A Vec compares with slices and arrays too, as std's `impl PartialEq<[U; N]> for Vec<T>`,
// `PartialEq<&[U]>`, `impl PartialEq<Vec<U>> for [T]` / `&[T]`: the Vec on the left of an
// array, either side of a slice, the other side at the same or one more reference depth.)

FnChecker::SliceSides FnChecker::slice_sides(TypeId l, TypeId r) {
  SliceSides s{shallow(l), shallow(r), false, false, false, false, false, false, false};
  int da = 0, db = 0;
  while (T.kind(s.a) == TyKind::Ref) s.a = shallow(T.pointee(s.a)), ++da;
  while (T.kind(s.b) == TyKind::Ref) s.b = shallow(T.pointee(s.b)), ++db;
  s.slice_a = T.kind(s.a) == TyKind::Slice, s.slice_b = T.kind(s.b) == TyKind::Slice;
  s.array_a = T.kind(s.a) == TyKind::Array, s.array_b = T.kind(s.b) == TyKind::Array;
  s.applies = (s.slice_a && (s.slice_b || s.array_b)) || (s.array_a && s.slice_b);
  s.depth_ok = da == db || (s.array_a && da == 0 && db == 1) || (s.array_b && db == 0 && da == 1);
  bool vec_a = p_.is_vec(s.a), vec_b = p_.is_vec(s.b);
  if ((vec_a && (s.slice_b || s.array_b)) || (s.slice_a && vec_b)) {
    s.applies = true;
    s.depth_ok = vec_a ? (db == da || db == da + 1) : (da == db || da == db + 1);
  } else if (s.array_a && vec_b) {
    s.applies = true;  // (no impl: `[T; N] == Vec<U>` is reported as rustc words it)
    s.depth_ok = false;
  }
  s.same = s.slice_a && s.slice_b && da == db;
  return s;
}

bool FnChecker::slice_comparable(TypeId l, TypeId r) {
  SliceSides s = slice_sides(l, r);
  return s.applies && s.depth_ok && unify(T.get(s.a).elems[0], T.get(s.b).elems[0]);
}

bool FnChecker::slice_comparison(const Expr& e, TypeId l, TypeId r) {
  SliceSides s = slice_sides(l, r);
  if (!s.applies || s.same) return false;  // (the same type: the usual path)
  TypeId a = s.a;
  bool ok = s.depth_ok && is_eq_op(e.binop) && unify(T.get(s.a).elems[0], T.get(s.b).elems[0]);
  if (!ok) {
    cx_.diags.report(DiagKind::CannotCompare, e.span, p_.type_name(resolve(l)), p_.type_name(resolve(r)));
    return true;
  }
  TypeId el = resolve(T.get(a).elems[0]);
  if (!p_.implements(el, Trait::PartialEq)) {
    cx_.diags.report(DiagKind::BinaryOpUnsupported, e.span, ast::binop_str(e.binop), p_.type_name(resolve(l)));
  }
  return true;
}

// `[a, b]`, `[first, .., last]`, `[head, rest @ ..]` against an array `[T; N]` (fixed
// length: the pattern's length must fit) or a slice `[T]` (any length: the pattern tests
// it). `rest @ ..` binds the middle: `[T; M]` from an array, `[T]` (so `&[T]` through a
// reference) from a slice.
void FnChecker::slice_pattern(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc, PatInfo& pi) {
  (void)pi;
  TypeId s = shallow(t);
  size_t rest = pat.elems.size();
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    const ast::Pat& sub = *pat.elems[i];
    bool is_rest = sub.kind == ast::PatKind::Rest || (sub.kind == ast::PatKind::Ident && sub.sub && sub.sub->kind == ast::PatKind::Rest);
    if (!is_rest) continue;
    if (rest != pat.elems.size()) {
      cx_.diags.report(DiagKind::SyntaxError, sub.span, "`..` can only be used once per slice pattern");
      continue;
    }
    rest = i;
  }
  size_t fixed = pat.elems.size() - (rest < pat.elems.size() ? 1 : 0);
  TypeId elem = T.error(), middle = T.error();
  bool ok = true;
  if (T.kind(s) == TyKind::Array && !T.array_len(s)) {
    cx_.diags.report(DiagKind::SyntaxError, pat.span, "cannot pattern-match on an array without a fixed length");
    ok = false;
  } else if (T.kind(s) == TyKind::Array) {
    size_t n = *T.array_len(s);
    if (rest == pat.elems.size() ? n != fixed : n < fixed) {
      cx_.diags.report(DiagKind::ArrayPatternArity, pat.span, fixed, plural_s(fixed), rest == pat.elems.size() ? "" : " at least", n);
      ok = false;
    } else {
      elem = T.get(s).elems[0];
      middle = T.array(elem, static_cast<uint32_t>(n - fixed));
    }
  } else if (T.kind(s) == TyKind::Slice) {
    elem = T.get(s).elems[0];
    middle = s;
  } else if (T.kind(s) != TyKind::Error) {
    if (T.kind(s) == TyKind::Var && static_cast<VarKind>(T.get(s).sub) == VarKind::General) cx_.diags.report(DiagKind::CannotInfer, pat.span);
    else pattern_mismatch(t, "array", pat.span);
    ok = false;
  }
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    const ast::Pat& sub = *pat.elems[i];
    if (i != rest) {
      if (sub.kind == ast::PatKind::Rest) continue;  // a second `..` (reported)
      check_pat(sub, ok ? elem : T.error(), mode, pc);
      continue;
    }
    if (sub.kind == ast::PatKind::Rest) {
      PatInfo ri;
      ri.type = ok ? middle : T.error();
      p_.pats[&sub] = ri;
      continue;
    }
    // `rest @ ..`: binds the middle part.
    TypeId mt = ok ? middle : T.error();
    if (T.kind(mt) == TyKind::Slice && mode == BindMode::Move && !sub.by_ref) {
      cx_.diags.report(DiagKind::UnsizedType, sub.span, p_.type_name(resolve(mt)))
          .notes.push_back({Span{}, "all local variables must have a statically known size"});
      mt = T.error();
    }
    if (T.kind(mt) == TyKind::Array && mode == BindMode::Move && !sub.by_ref && !p_.implements(resolve(T.get(mt).elems[0]), Trait::Copy)) {
      cx_.unsupported(sub.span, "binding the rest of an array of non-`Copy` elements by value (`rest @ ..`)");
    }
    rest_binding_ = true;
    check_pat(sub, mt, mode, pc);
    rest_binding_ = false;
    PatInfo ri;
    ri.type = mt;
    p_.pats[sub.sub.get()] = ri;
  }
}

}  // namespace asr::sema
