// Lowering of slices: range indexing (`&a[1..3]` is `::asr::slice_range(a, 1, 3, loc)`, a
// view), the methods of slices and arrays (`::asr::slice::swap(::asr::view(a), i, j, loc)`),
// and the runtime helpers slice patterns test and bind with.

#include <utility>

#include "lower/lower_fn.hpp"
#include "sema/slices.hpp"

namespace asr::lower::detail {

// `x` as a slice view: `&[T]` (`mut`: `&mut [T]`) of what an array or a slice holds.
Expr FnLowerer::as_view(Expr x, bool mut, Span span) {
  TypeId t = x.type;
  while (T.kind(t) == TyKind::Ref) t = T.pointee(t);
  if (T.kind(t) != TyKind::Array && T.kind(t) != TyKind::Slice && !p_.is_vec(t)) return x;  // (a Vec: its Deref's view)
  if (mut && T.kind(x.type) == TyKind::Ref && T.kind(t) == TyKind::Slice && T.ref_mut(x.type)) return x;  // (a view already)
  Expr v{lir::ExprKind::Runtime, p_.types.ref(p_.types.slice(T.get(t).elems[0]), mut), span, mut ? "view" : "view_const"};
  v.args.push_back(std::move(x));
  return v;
}

// `a[r]` for a range `r`: the view of the selected elements, bounds-checked at run time.
// The array (or slice) is named first when it is a temporary, so the view outlives the
// statement as Rust's temporary lifetime extension requires.
Expr FnLowerer::lower_range_index(const ast::Expr& e, bool as_place) {
  const ast::Expr& r = *e.rhs;
  (void)as_place;
  Expr base = is_place(*e.lhs) ? lower_place(*e.lhs) : lower_expr(*e.lhs);
  base.type = p_.info(*e.lhs).type;
  if (!is_place(*e.lhs) && (T.kind(base.type) == TyKind::Array || p_.is_vec(base.type))) base = var_expr([&] {
    uint32_t v = new_var("array", base.type, true, true);
    // (`&[4, 5, 6][k..]` may be returned: rustc promotes the array of constants)
    out_.vars[v].is_static = !mut_borrow_ && promotable(*e.lhs);
    Span span = base.span;
    emit(decl(v, std::move(base), span));
    return v;
  }());
  // `&s[a..b]` of a `str` or `String`: `::asr::str_range(s, a, b, loc)` (an `asr::Str`).
  bool text = T.kind(p_.info(e).type) == TyKind::Str;
  if (text) base = deref_all(std::move(base));
  std::string fn = std::string(text ? "str" : "slice") +
                   (!r.lhs && !r.rhs ? "_full"
                    : !r.rhs         ? "_range_from"
                    : !r.lhs         ? (r.inclusive ? "_range_to_inclusive" : "_range_to")
                                     : (r.inclusive ? "_range_inclusive" : "_range"));
  std::vector<const ast::Expr*> bounds;
  if (r.lhs) bounds.push_back(r.lhs.get());
  if (r.rhs) bounds.push_back(r.rhs.get());
  std::vector<Expr> b = lower_operands(bounds);
  if (impure(base) && !b.empty()) {
    for (auto& x : b) if (impure(x)) x = spill(std::move(x), "bound");
  }
  // (the view's type: `[T]` as a place is the `&[T]` or `&mut [T]` C++ holds it as)
  TypeId view = text ? p_.types.ref(p_.types.str(), false) : p_.types.ref(p_.types.slice(T.get(p_.info(e).type).elems[0]), false);
  // (rustc reports a bad range at the `[`, where its `Index::index` call begins)
  Span at{e.span.file, e.lhs->span.end, e.span.end};
  Expr x{lir::ExprKind::Runtime, view, at, fn};
  x.var = bounds.empty() ? 0 : 1;
  x.args.push_back(std::move(base));
  for (auto& a : b) x.args.push_back(std::move(a));
  return x;
}

// `recv.method(args)` for a method of slices: `::asr::slice::method(view, args.., loc)`.
Expr FnLowerer::lower_slice_method(const ast::Expr& e) {
  const sema::ExprInfo& in = p_.info(e);
  const sema::SliceMethod& m = sema::slice_method(in.field);
  TypeId rt = p_.info(*e.operand).type;
  bool outer_mut = std::exchange(mut_borrow_, m.mut_self);
  Expr recv = is_place(*e.operand) ? lower_place(*e.operand) : lower_expr(*e.operand);
  mut_borrow_ = outer_mut;
  recv.type = rt;
  TypeId base = rt;
  while (T.kind(base) == TyKind::Ref) base = T.pointee(base);
  if (!is_place(*e.operand) && T.kind(base) == TyKind::Array && T.kind(rt) != TyKind::Ref) {
    // `[3, 1, 2].contains(&x)`: a named array, so that a view of it stays valid.
    uint32_t v = new_var("array", rt, true, true);
    Span span = recv.span;
    emit(decl(v, std::move(recv), span));
    recv = var_expr(v);
  }
  std::vector<const ast::Expr*> ops;
  for (const auto& a : e.args) ops.push_back(a.get());
  std::vector<Expr> args = lower_operands(ops);
  Expr c{lir::ExprKind::Runtime, in.type, e.span, std::string("slice::") + m.name};  // (rustc reports panics at the receiver)
  c.var = m.panics ? 1 : 0;
  c.args.push_back(as_view(std::move(recv), m.mut_self, e.operand->span));
  for (size_t i = 0; i < args.size(); ++i) {
    // `&[T]` arguments (`starts_with(&[1, 2])`) are views too, so C++ deduces one type.
    if (m.params[i] == 's') args[i] = as_view(std::move(args[i]), false, args[i].span);
    c.args.push_back(std::move(args[i]));
  }
  return c;
}

// `s.windows(2)`, `s.iter()`: a method of std's `impl<T> [T]` called with a view of the
// receiver (the view of a temporary array is of a named copy), then the arguments.
Expr FnLowerer::lower_slice_fn(const ast::Expr& e) {
  const sema::ExprInfo& in = p_.info(e);
  const sema::FnDef& fd = p_.fns[in.callee];
  TypeId rt = p_.info(*e.operand).type;
  bool self_mut = fd.self_kind == ast::SelfKind::RefMut;
  bool outer_mut = std::exchange(mut_borrow_, self_mut);
  Expr recv = is_place(*e.operand) ? lower_place(*e.operand) : lower_expr(*e.operand);
  mut_borrow_ = outer_mut;
  // (a range index, `v[1..4]`, is a view already: `&[T]`, or `&mut [T]` for a `&mut self` method)
  recv.type = T.kind(rt) == TyKind::Slice ? p_.types.ref(rt, self_mut) : rt;
  TypeId owner = rt;
  while (T.kind(owner) == TyKind::Ref) owner = T.pointee(owner);
  // (`v.first()` on a Vec: the Vec's own view rather than a call of its `Deref`)
  bool vec_view = in.auto_derefs == 1 && p_.is_vec(owner);
  recv = vec_view ? deref_all(std::move(recv)) : auto_deref(deref_all(std::move(recv)), in.auto_derefs, in.deref_mut);
  bool named = !is_place(*e.operand) && (T.kind(recv.type) == TyKind::Array || (vec_view && T.kind(recv.type) != TyKind::Ref));
  if (named || (!e.args.empty() && impure(recv))) {
    // (also a receiver with effects, evaluated before the arguments as in Rust)
    uint32_t v = new_var(named ? "array" : "receiver", recv.type, true, true);
    Span span = recv.span;
    emit(decl(v, std::move(recv), span));
    recv = var_expr(v);
  }
  Expr c{lir::ExprKind::Call, in.type, e.name.span};
  c.callee = in.callee;
  c.type_args = in.type_args;
  c.args.push_back(as_view(std::move(recv), fd.self_kind == ast::SelfKind::RefMut, e.operand->span));
  std::vector<const ast::Expr*> ops;
  for (const auto& a : e.args) ops.push_back(a.get());
  std::vector<Expr> args = lower_operands(ops);
  sema::TypeTable::Subst map;
  for (size_t g = 0; g < fd.generics.size() && g < in.type_args.size(); ++g) map.push_back({fd.generics[g], in.type_args[g]});
  for (size_t k = 0; k < args.size(); ++k) {
    TypeId want = k < fd.params.size() ? const_cast<sema::TypeTable&>(T).subst(fd.params[k].type, map) : args[k].type;
    Expr a = deref_to(std::move(args[k]), want);
    // `&[T]` parameters given an array or a Vec (`copy_from_slice(&src)`): its view.
    if (T.kind(want) == TyKind::Ref && T.kind(T.pointee(want)) == TyKind::Slice) a = as_view(std::move(a), T.ref_mut(want), a.span);
    c.args.push_back(std::move(a));
  }
  call_effect(c, e);  // (`binary_search_by` with a closure that suspends)
  if (c.awaited) return awaited_value(std::move(c), fd.name + "_result");
  return c;
}

}  // namespace asr::lower::detail

namespace asr::lower::detail {

namespace {
size_t rest_position(const ast::Pat& pat) {
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    const ast::Pat& sub = *pat.elems[i];
    if (sub.kind == ast::PatKind::Rest || (sub.kind == ast::PatKind::Ident && sub.sub && sub.sub->kind == ast::PatKind::Rest)) return i;
  }
  return pat.elems.size();
}
}  // namespace

std::optional<Expr> FnLowerer::slice_length_test(const ast::Pat& pat, const Expr& place) {
  const sema::PatInfo& pi = p_.pat(pat);
  if (T.kind(pi.type) != TyKind::Slice) return std::nullopt;  // an array's length is its type's
  size_t rest = rest_position(pat);
  size_t fixed = pat.elems.size() - (rest < pat.elems.size() ? 1 : 0);
  Expr t{lir::ExprKind::Runtime, T.bool_(), pat.span, rest < pat.elems.size() ? "slice_len_ge" : "slice_len_eq"};
  t.args.push_back(place);
  t.args.push_back(Expr{lir::ExprKind::IntLit, T.int_(sema::IntTy::Usize), pat.span, std::to_string(fixed)});
  return t;
}

void FnLowerer::slice_elements(const ast::Pat& pat, const Expr& place,
                               const std::function<void(const ast::Pat&, const Expr&)>& fn) {
  const sema::PatInfo& pi = p_.pat(pat);
  if (T.kind(pi.type) != TyKind::Array && T.kind(pi.type) != TyKind::Slice) return;
  bool array = T.kind(pi.type) == TyKind::Array;
  TypeId elem = T.get(pi.type).elems[0];
  size_t count = pat.elems.size();
  size_t rest = rest_position(pat);
  size_t fixed = count - (rest < count ? 1 : 0);
  size_t before = rest < count ? rest : count, after = rest < count ? count - rest - 1 : 0;
  auto usize = [&](size_t n) { return Expr{lir::ExprKind::IntLit, T.int_(sema::IntTy::Usize), pat.span, std::to_string(n)}; };
  for (size_t i = 0; i < count; ++i) {
    const ast::Pat& sub = *pat.elems[i];
    if (i == rest) {
      if (sub.kind != ast::PatKind::Ident) continue;  // a plain `..`
      uint32_t middle = array ? *T.array_len(pi.type) - static_cast<uint32_t>(fixed) : 0;  // (sema: a fixed length)
      Expr m{lir::ExprKind::Runtime, array ? p_.types.array(elem, middle) : pi.type, pat.span,
             array ? "array_middle<" + std::to_string(middle) + ">" : "slice_middle"};
      m.args.push_back(place);
      m.args.push_back(usize(before));
      if (!array) m.args.push_back(usize(after));
      fn(sub, m);
      continue;
    }
    if (sub.kind == ast::PatKind::Rest) continue;
    if (i < before || array) {
      size_t index = i < before ? i : *T.array_len(pi.type) - (count - i);  // (sema: a fixed length)
      Expr f{lir::ExprKind::Field, elem, pat.span, "[" + std::to_string(index) + "]"};
      f.args.push_back(place);
      fn(sub, f);
    } else {
      Expr f{lir::ExprKind::Runtime, elem, pat.span, "slice_back"};  // counted from the end
      f.args.push_back(place);
      f.args.push_back(usize(count - i));
      fn(sub, f);
    }
  }
}

}  // namespace asr::lower::detail

namespace asr::lower::detail {

// `a..b` (and the other forms) as a value: `Range<T>{.start = a, .end = b}`.
Expr FnLowerer::lower_range_value(const ast::Expr& e) {
  std::vector<const ast::Expr*> ops;
  if (e.lhs) ops.push_back(e.lhs.get());
  if (e.rhs) ops.push_back(e.rhs.get());
  Expr s{lir::ExprKind::StructInit, p_.info(e).type, e.span};
  s.args = lower_operands(ops, /*sequenced=*/true);
  return s;
}

// `for i in r` where `r` holds a range: the same progression as a literal `a..b`, from the
// value's fields (evaluated once).
std::optional<Expr> FnLowerer::range_value_walk(const ast::Expr& e) {
  TypeId t = p_.info(e).type;
  sema::RangeKind k = sema::range_kind(p_, t);
  if (k != sema::RangeKind::Range && k != sema::RangeKind::RangeInclusive && k != sema::RangeKind::RangeFrom) return std::nullopt;
  TypeId elem = T.get(t).elems[0];
  Expr v = is_place(e) ? lower_place(e) : lower_expr(e);
  v.type = t;
  if (impure(v) || v.kind != lir::ExprKind::Var) v = spill(std::move(v), "range");
  auto field = [&](const char* name) {
    Expr f{lir::ExprKind::Field, elem, e.span, name};
    f.args.push_back(v);
    return f;
  };
  const char* fn = k == sema::RangeKind::RangeFrom ? "range_from" : k == sema::RangeKind::RangeInclusive ? "range_inclusive" : "range";
  Expr r{lir::ExprKind::RangeNew, elem, e.span, fn};
  r.args.push_back(field("start"));
  if (k != sema::RangeKind::RangeFrom) r.args.push_back(field("end"));
  r.var = k == sema::RangeKind::RangeFrom ? 1 : 0;
  return r;
}

}  // namespace asr::lower::detail
