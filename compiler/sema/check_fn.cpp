// Type checking of function bodies, with local inference as in rustc: unannotated lets and
// literals get inference variables, unified as the body is walked; at the end, unconstrained
// integer variables default to i32 and float variables to f64.

#include <fmt/format.h>

#include <algorithm>

#include "sema/body_items.hpp"
#include "sema/fn_checker.hpp"
#include "sema/prim_methods.hpp"
#include "sema/slices.hpp"

namespace asr::sema {

void FnChecker::run() {
  FnDef& f = p_.fns[fn_];
  const ast::Item& item = *f.item;
  push_scope();
  if (f.self_kind != ast::SelfKind::None && f.self_type.index != 0) {
    TypeId self_ty = f.self_type;
    if (f.self_kind == ast::SelfKind::Ref) self_ty = T.ref(self_ty, false);
    if (f.self_kind == ast::SelfKind::RefMut) self_ty = T.ref(self_ty, true);
    f.self_local = declare("self", self_ty, f.self_mut, item.fn.self_span);
  }
  // f.params mirrors item.fn.params one to one (see Collector::fn_signature).
  for (size_t i = 0; i < f.params.size(); ++i) {
    ParamDef& prm = f.params[i];
    prm.local = declare(prm.name, prm.type, prm.is_mut, prm.span);
    if (prm.pattern) {
      PatCtx pc;
      check_pat(*prm.pattern, prm.type, BindMode::Move, pc);
      coverage_.push_back({{{prm.pattern, false}}, prm.type, prm.pattern->span, CoverageKind::Param});
    } else if (i < item.fn.params.size() && item.fn.params[i].pat) {
      p_.pat_locals[item.fn.params[i].pat.get()] = prm.local;
    }
  }
  ret_ = f.ret;
  TypeId body = check_block(*item.body, ret_);
  coerce(body, ret_, item.body->tail ? item.body->tail->span : item.body->span, true);
  pop_scope();
  finish();
}

TypeId FnChecker::shallow(TypeId t) {
  while (T.kind(t) == TyKind::Var) {
    uint32_t v = T.get(t).id;
    if (v < first_var_ || v - first_var_ >= bindings_.size() || bindings_[v - first_var_].index == kUnbound) return t;
    t = bindings_[v - first_var_];
  }
  return t;
}

TypeId FnChecker::resolve(TypeId t) {
  t = shallow(t);
  const TypeData& d = T.get(t);
  if (d.kind == TyKind::Ref) return T.ref(resolve(d.elems[0]), d.sub != 0);
  if (d.kind == TyKind::Array) {
    TypeId len = d.elems[1];
    return T.array_of(resolve(d.elems[0]), resolve(len));
  }
  if (d.kind == TyKind::Slice) return T.slice(resolve(d.elems[0]));
  if (d.kind == TyKind::Adt && !d.elems.empty()) {
    std::vector<TypeId> e;
    for (TypeId x : T.get(t).elems) e.push_back(resolve(x));
    return T.adt(T.get(t).id, std::move(e));
  }
  if (d.kind == TyKind::Param && !d.elems.empty()) {  // (an opaque type's arguments)
    std::vector<TypeId> e;
    for (TypeId x : T.get(t).elems) e.push_back(resolve(x));
    return T.opaque(T.get(t).id, std::move(e));
  }
  if (d.kind == TyKind::Tuple && !d.elems.empty()) {
    std::vector<TypeId> e;
    for (TypeId x : d.elems) e.push_back(resolve(x));
    return T.tuple(std::move(e));
  }
  if (d.kind == TyKind::FnPtr) {
    std::vector<TypeId> e;
    for (TypeId x : T.get(t).elems) e.push_back(resolve(x));
    TypeId ret = e.back();
    e.pop_back();
    return T.fn_ptr(std::move(e), ret);
  }
  if (d.kind == TyKind::Assoc) return normalize_assoc(t);
  return t;
}

// `<S as Trait<A>>::Name` once S (and A) are known enough to pick the impl: the impl's type.
// A unique impl also settles literal types in S and A (`v * 2` with only `Mul<u8> for V`).
TypeId FnChecker::normalize_assoc(TypeId t) {
  TypeData d = T.get(t);
  for (TypeId& e : d.elems) e = resolve(e);
  TypeId on = d.elems[0];
  std::vector<TypeId> args(d.elems.begin() + 1, d.elems.end());
  TypeId rebuilt = T.assoc(d.id, d.sub, d.elems);
  // `where Self::Item: Ord`: in this body, the projection is its hidden parameter.
  for (auto& [proj, hidden] : p_.fns[fn_].projections) {
    if (proj == rebuilt) return T.param(hidden);
  }
  if (T.kind(on) == TyKind::Param || !contains_var(rebuilt)) {
    // (the impl's type may hold this function's inference variables: a closure's return type)
    TypeId n = p_.normalize(rebuilt);
    return n == rebuilt ? n : resolve(n);
  }
  if (T.kind(on) == TyKind::Var && static_cast<VarKind>(T.get(on).sub) == VarKind::General) return rebuilt;
  if (p_.matching_impls(d.id, on, &args) != 1) return rebuilt;
  TypeTable::Subst map;
  ImplId i = p_.find_impl(d.id, on, &map, &args);
  if (i == kNone) return rebuilt;
  const ImplDef& im = p_.impls[i];
  if (T.has_params(T.subst(im.self_type, map))) return rebuilt;
  unify(on, T.subst(im.self_type, map));
  for (size_t k = 0; k < args.size() && k < im.trait_args.size(); ++k) {
    TypeId want = T.subst(im.trait_args[k], map);
    if (!T.has_params(want)) unify(args[k], want);
  }
  if (d.sub >= im.assoc_types.size()) return rebuilt;
  return resolve(p_.normalize(T.subst(im.assoc_types[d.sub], map)));
}

// Makes a and b the same type; false if they cannot be.
bool FnChecker::unify(TypeId a, TypeId b) {
  a = shallow(a);
  b = shallow(b);
  if (a == b) return true;
  TyKind ka = T.kind(a), kb = T.kind(b);
  if ((ka == TyKind::Assoc || kb == TyKind::Assoc) && ka != TyKind::Error && kb != TyKind::Error) {
    // An associated type not known yet: equal once its impl is (checked again at the end).
    TypeId na = ka == TyKind::Assoc ? normalize_assoc(a) : a;
    TypeId nb = kb == TyKind::Assoc ? normalize_assoc(b) : b;
    if (T.kind(na) != TyKind::Assoc && T.kind(nb) != TyKind::Assoc) return unify(na, nb);
    if (na == nb) return true;
    bool param_side = (T.kind(na) == TyKind::Assoc && T.kind(T.get(na).elems[0]) == TyKind::Param) ||
                      (T.kind(nb) == TyKind::Assoc && T.kind(T.get(nb).elems[0]) == TyKind::Param);
    if (T.kind(na) != TyKind::Var && T.kind(nb) != TyKind::Var && param_side && !contains_var(na) && !contains_var(nb)) {
      return false;  // `T::Output` is not `i32` in generic code
    }
    if (T.kind(na) == TyKind::Var) { bind(na, nb); return true; }
    if (T.kind(nb) == TyKind::Var) { bind(nb, na); return true; }
    pending_assoc_.push_back({na, nb});
    return true;
  }
  if (ka == TyKind::Error || kb == TyKind::Error) {
    // An error poisons inference variables, so that later uses stay silent.
    if (ka == TyKind::Var) bind(a, b);
    if (kb == TyKind::Var) bind(b, a);
    return true;
  }
  if (ka == TyKind::Var || kb == TyKind::Var) {
    if (kb == TyKind::Var && ka != TyKind::Var) std::swap(a, b), std::swap(ka, kb);
    VarKind va = static_cast<VarKind>(T.get(a).sub);
    if (kb == TyKind::Var) {
      VarKind vb = static_cast<VarKind>(T.get(b).sub);
      if (va == VarKind::General) { bind(a, b); return true; }
      if (vb == VarKind::General) { bind(b, a); return true; }
      if (va != vb) return false;
      bind(a, b);
      return true;
    }
    if (va == VarKind::Integer && kb != TyKind::Int) return false;
    if (va == VarKind::Float && kb != TyKind::Float) return false;
    bind(a, b);
    return true;
  }
  if (ka != kb) return false;
  const TypeData& da = T.get(a);
  const TypeData& db = T.get(b);
  if (ka == TyKind::Ref) return da.sub == db.sub && unify(da.elems[0], db.elems[0]);
  if (ka == TyKind::Array) return unify(T.get(a).elems[1], T.get(b).elems[1]) && unify(T.get(a).elems[0], T.get(b).elems[0]);
  if (ka == TyKind::Slice) return unify(T.get(a).elems[0], T.get(b).elems[0]);
  if (ka == TyKind::Tuple || ka == TyKind::FnPtr) {
    if (da.elems.size() != db.elems.size()) return false;
    for (size_t i = 0; i < da.elems.size(); ++i) {
      if (!unify(T.get(a).elems[i], T.get(b).elems[i])) return false;
    }
    return true;
  }
  if ((ka == TyKind::Adt || ka == TyKind::Param) && da.id == db.id && da.elems.size() == db.elems.size()) {
    for (size_t i = 0; i < da.elems.size(); ++i) {
      if (!unify(T.get(a).elems[i], T.get(b).elems[i])) return false;
    }
    return true;
  }
  return false;  // distinct interned primitives / ADTs / parameters
}

// `actual` flows into a place of type `expected` (never coerces to anything,
// `&mut T` to `&T`). Reports a mismatch at `span`.
bool FnChecker::coerce(TypeId actual, TypeId expected, Span span, bool report) {
  TypeId a = shallow(actual), e = shallow(expected);
  if (T.kind(a) == TyKind::Never) return true;
  if (bool ok = false; coerce_closure(a, e, span, report, ok)) return ok;  // into `impl Fn(..)`
  if (T.kind(a) == TyKind::Closure && T.kind(e) == TyKind::FnPtr && p_.closures[T.get(a).id].expr) {
    // A closure that captures nothing is a function: `let f: fn(i32) -> i32 = |x| x + 1;`
    // (whether it captures is known once its body is checked: finish()).
    std::optional<FnBound> have = callable_sig(a);
    const auto& sig = T.get(e).elems;
    bool ok = have && have->params.size() + 1 == sig.size();
    for (size_t i = 0; ok && i < have->params.size(); ++i) ok = unify(have->params[i], T.get(e).elems[i]);
    ok = ok && unify(have->ret, T.get(e).elems.back());
    if (!ok) {
      if (report) mismatch(expected, actual, span);
      return false;
    }
    fn_ptr_closures_.push_back({T.get(a).id, span});
    return true;
  }
  if (bool ok = false; coerce_unsized(a, e, span, report, ok)) return ok;  // into `&dyn Trait`, `Box<dyn ..>`
  if (T.kind(e) == TyKind::Param && p_.params[T.get(e).id].opaque_of == fn_ && a != e && T.kind(a) != TyKind::Error) {
    // The body's value becomes the `impl Trait` return type (one concrete type per function).
    GenericParamDef& pd = p_.params[T.get(e).id];
    if (pd.opaque_concrete.index == 0) {
      pd.opaque_concrete = a;
      opaque_returns_.push_back({T.get(e).id, span});
      return true;
    }
    if (unify(pd.opaque_concrete, a)) return true;
    if (report) mismatch(pd.opaque_concrete, a, span);
    return false;
  }
  if (T.kind(a) == TyKind::Ref && T.kind(e) == TyKind::Ref && T.ref_mut(a) && !T.ref_mut(e)) {
    if (unify(T.pointee(a), T.pointee(e))) return true;
  }
  if (unsize(a, e)) return true;  // `&[T; N]` to `&[T]`
  if (deref_coerce(a, e)) {
    deref_coercions_.push_back({span, e});
    return true;
  }
  if (unify(a, e)) return true;
  if (report) mismatch(expected, actual, span);
  return false;
}

// Deref coercion between references: `&&T` (`&&mut T`, `&mut &T`, ...) flows into `&T` as
// `&**r`, and `&P` of a smart pointer into `&P::Target` (`&Box<T>` into `&T`, `&String` into
// `&str`), where the expected pointee is known and is not itself a reference. (Lowering
// inserts the derefs by comparing the types: lower/refs.cpp, deref_to.)
bool FnChecker::deref_coerce(TypeId a, TypeId e) {
  if (T.kind(a) != TyKind::Ref || T.kind(e) != TyKind::Ref) return false;
  TypeId want = shallow(T.pointee(e));
  // (a literal's `{integer}` is known not to be a reference: `&&{integer}` into `&{integer}`)
  bool number = T.kind(want) == TyKind::Var && static_cast<VarKind>(T.get(want).sub) != VarKind::General;
  if (T.kind(want) == TyKind::Ref || (T.kind(want) == TyKind::Var && !number) || T.kind(want) == TyKind::Error) return false;
  TypeId inner = shallow(T.pointee(a));
  if (T.kind(inner) != TyKind::Ref && !p_.deref_target(resolve(inner))) return false;
  bool all_mut = T.ref_mut(a);
  for (unsigned steps = 0; steps < kMaxAutoDerefs; ++steps) {
    if (number ? T.kind(inner) != TyKind::Ref : same_head(inner, want)) break;
    if (T.kind(inner) == TyKind::Ref) {
      all_mut = all_mut && T.ref_mut(inner);
      inner = shallow(T.pointee(inner));
      continue;
    }
    std::optional<TypeId> target = p_.deref_target(resolve(inner));
    if (!target) break;
    all_mut = all_mut && p_.deref_mutable(resolve(inner));
    inner = shallow(*target);
  }
  if (T.ref_mut(e) && !all_mut) return false;  // (`&mut T` only through `&mut` all the way)
  return unify(inner, want);
}

// Whether `a` and `b` have the same outermost type constructor (the point where a deref
// coercion stops peeling and unifies).
bool FnChecker::same_head(TypeId a, TypeId b) const {
  const TypeData& x = T.get(a);
  const TypeData& y = T.get(b);
  if (x.kind == TyKind::Var || y.kind == TyKind::Var) return true;
  if (x.kind != y.kind) return false;
  switch (x.kind) {
    case TyKind::Adt: case TyKind::Param: case TyKind::Closure: return x.id == y.id;
    case TyKind::Int: case TyKind::Float: return x.sub == y.sub;
    case TyKind::Ref: return x.sub == y.sub;
    default: return true;
  }
}

// ------------------------------------------------------------------ blocks and statements
TypeId FnChecker::check_block(const ast::Block& b, TypeId expected) {
  auto items = p_.block_scopes.find(&b);
  if (items != p_.block_scopes.end()) block_scopes_.push_back(items->second);
  push_scope();
  bool diverges = false;
  for (const auto& s : b.stmts) {
    if (check_stmt(*s)) diverges = true;
    select_where_possible();
  }
  TypeId t;
  if (b.tail) {
    t = check_expr(*b.tail, expected);
    if (diverges && T.kind(shallow(t)) != TyKind::Never) {
      // still the tail's type (unreachable code is allowed)
    }
  } else {
    t = diverges ? T.never() : T.unit();
  }
  pop_scope();
  if (items != p_.block_scopes.end()) block_scopes_.pop_back();
  return t;
}

// Returns true if the statement diverges (its expression has type `!`).
bool FnChecker::check_stmt(const ast::Stmt& s) {
  switch (s.kind) {
    case ast::StmtKind::Empty: return false;
    case ast::StmtKind::Item:  // declared with the function (analyze.cpp: body_items)
      return false;
    case ast::StmtKind::Let: return check_let(s);
    case ast::StmtKind::Expr:
    case ast::StmtKind::MacroCall:
    case ast::StmtKind::Semi: {
      if (!s.expr) return false;
      bool needs_unit = s.kind == ast::StmtKind::Expr;
      TypeId t = check_expr(*s.expr, needs_unit ? T.unit() : TypeId{kNoExpect});
      if (needs_unit) coerce(t, T.unit(), s.expr->span);
      return T.kind(shallow(t)) == TyKind::Never;
    }
  }
  return false;
}

TypeId FnChecker::check_expr_inner(const Expr& e, TypeId expected) {
  switch (e.kind) {
    case ExprKind::Lit: return check_lit(e, expected);
    case ExprKind::Paren: return check_expr(*e.operand, expected);
    case ExprKind::Path: {
      TypeId t = check_path(e);
      const ExprInfo& pi = p_.exprs[e.id];
      if (pi.res == ValueRes::Fn) return fn_value(e);
      if (pi.res == ValueRes::TupleStructCtor || pi.res == ValueRes::VariantCtor) return ctor_value(e);
      if (pi.res == ValueRes::DefaultCtor) {
        cx_.unsupported(e.span, "`Type::default` as a value (write a closure: `|| Type::default()`)");
        return T.error();
      }
      return t;
    }
    case ExprKind::Unary: return check_unary(e, expected);
    case ExprKind::AddrOf: {
      if (e.is_raw) { cx_.diags.report(DiagKind::NotInAsr, e.span, "`&raw`"); return T.error(); }
      TypeId inner_expect = kNoExpectId();
      if (has_expect(expected) && T.kind(shallow(expected)) == TyKind::Ref) {
        // `&c` as `&dyn Shape` is a coercion (no expectation on `c`); a closure takes its
        // signature from `&dyn Fn..`, an array its elements' type from `&[&dyn T; N]`.
        TypeId pointee = resolve(T.pointee(shallow(expected)));
        if (T.kind(pointee) != TyKind::Dyn || T.is_dyn_fn(pointee)) inner_expect = pointee;
      }
      TypeId inner = check_expr(*e.operand, inner_expect);
      // A reference to a temporary (`&make()`) is fine: lower gives the temporary a name
      // that lives as long as Rust's temporary lifetime extension requires.
      if (e.is_mut && is_place(*e.operand)) require_mutable_place(*e.operand, true);
      return T.ref(inner, e.is_mut);
    }
    case ExprKind::Binary: return check_binary(e, expected);
    case ExprKind::Assign: {
      TypeId lt = check_place(*e.lhs);
      // (a re-pointed reference parameter is an `asr::Ref` in C++: lower/refs.cpp)
      TypeId rt = check_expr(*e.rhs, lt);
      coerce(rt, lt, e.rhs->span);
      return T.unit();
    }
    case ExprKind::CompoundAssign: {
      TypeId lt = check_place(*e.lhs);
      if (uses_operator_traits(lt)) {
        require_mutable_place(*e.lhs, true);
        overloaded_binary(e, e.binop, lt, true);
        return T.unit();
      }
      TypeId rt = check_expr(*e.rhs, (e.binop == ast::BinOp::Shl || e.binop == ast::BinOp::Shr) ? kNoExpectId() : lt);
      TypeId ls = shallow(lt);
      if (T.kind(ls) == TyKind::Var && static_cast<VarKind>(T.get(ls).sub) == VarKind::General && uses_operator_traits(rt)) {
        // `*totals.entry(k).or_default() += v` with `v: V` before the map's type is known: the
        // place has the operand's type (`AddAssign<Self>`, what rustc's later inference finds).
        unify(lt, rt);
        require_mutable_place(*e.lhs, true);
        overloaded_binary(e, e.binop, lt, true, rt);
        return T.unit();
      }
      arith_result(e, e.binop, lt, rt);
      return T.unit();
    }
    case ExprKind::Cast: return check_cast(e);
    case ExprKind::Call: return check_call(e, expected);
    case ExprKind::MethodCall: return check_method(e);
    case ExprKind::Field: return check_field(e);
    case ExprKind::StructLit: return check_struct_lit(e, expected);
    case ExprKind::Block: {
      if (e.label) {
        loops_.push_back({e.label->name, false, fresh(VarKind::General), true, false});
        TypeId t = check_block(*e.block, expected);
        LoopCtx lc = loops_.back();
        loops_.pop_back();
        if (lc.has_break) return join(t, lc.break_type, e.span);
        return t;
      }
      return check_block(*e.block, expected);
    }
    case ExprKind::If: return check_if(e, expected);
    case ExprKind::While: {
      push_scope();  // `while let` bindings are visible in the body only
      check_condition(*e.cond);
      loops_.push_back({e.label ? e.label->name : "", true, T.unit(), false, false});
      TypeId b = check_block(*e.block, T.unit());
      coerce(b, T.unit(), e.block->span);
      loops_.pop_back();
      pop_scope();
      return T.unit();
    }
    case ExprKind::Loop: {
      loops_.push_back({e.label ? e.label->name : "", true, fresh(VarKind::General), true, false});
      TypeId b = check_block(*e.block, T.unit());
      coerce(b, T.unit(), e.block->tail ? e.block->tail->span : e.block->span);
      LoopCtx lc = loops_.back();
      loops_.pop_back();
      return lc.has_break ? lc.break_type : T.never();
    }
    case ExprKind::Break: return check_break(e);
    case ExprKind::Continue: {
      if (!find_loop(e, true, "continue")) return T.never();
      return T.never();
    }
    case ExprKind::Return: {
      if (e.operand) {
        TypeId t = check_expr(*e.operand, ret_);
        coerce(t, ret_, e.operand->span);
      } else {
        coerce(T.unit(), ret_, e.span);
      }
      return T.never();
    }
    case ExprKind::MacroCall: return check_macro(e, expected);
    case ExprKind::Async:
    case ExprKind::Await:
      return T.error();  // reported by the syntax stage
    case ExprKind::Unsafe:
      cx_.diags.report(DiagKind::NotInAsr, e.span, "`unsafe`");
      return T.error();
    case ExprKind::For: return check_for(e);
    case ExprKind::Match: return check_match(e, expected);
    case ExprKind::Closure: return check_closure(e, expected);
    case ExprKind::Tuple: return check_tuple(e, expected);
    case ExprKind::TupleField: return check_tuple_field(e);
    case ExprKind::Index: return check_index(e);
    case ExprKind::Range: return check_range_value(e, expected);
    case ExprKind::Array:
    case ExprKind::ArrayRepeat: return check_array(e, expected);
    case ExprKind::Try: return check_try(e);
    case ExprKind::Let:
      cx_.diags.report(DiagKind::SyntaxError, e.span, "expected expression, found `let` statement")
          .notes.push_back({Span{}, "only supported directly in conditions of `if` and `while` expressions"});
      check_expr(*e.operand, kNoExpectId());
      return T.error();
    case ExprKind::TypeAscription: cx_.unsupported(e.span, "type ascription"); return T.error();
    case ExprKind::Underscore: cx_.unsupported(e.span, "`_` expressions"); return T.error();
    case ExprKind::Yield: cx_.diags.report(DiagKind::NotInAsr, e.span, "`yield`"); return T.error();
    case ExprKind::Become: cx_.diags.report(DiagKind::NotInAsr, e.span, "`become`"); return T.error();
    case ExprKind::InlineAsm: cx_.diags.report(DiagKind::NotInAsr, e.span, "inline assembly"); return T.error();
  }
  return T.error();
}

TypeId FnChecker::check_lit(const Expr& e, TypeId expected) {
  const ast::Literal& l = e.lit;
  switch (l.kind) {
    case ast::LitKind::Bool: return T.bool_();
    case ast::LitKind::Char: return T.char_();
    case ast::LitKind::Str:
    case ast::LitKind::RawStr: return T.ref(T.str(), false);
    case ast::LitKind::Byte: return T.int_(IntTy::U8);
    case ast::LitKind::ByteStr:  // `b"hi"`: a `&'static [u8; 2]`
      return T.ref(T.array(T.int_(IntTy::U8), static_cast<uint32_t>(l.value.size())), false);
    case ast::LitKind::CStr: cx_.unsupported(e.span, "C string literals"); return T.error();
    case ast::LitKind::Int: {
      int_lits_.push_back({&e, negate_next_ == &e});
      if (!l.suffix.empty()) {
        if (TypeId t = suffix_type(l.suffix); t.index != 0) return t;
        cx_.diags.report(DiagKind::InvalidNumber, e.span, l.text, "invalid suffix");
        return T.error();
      }
      if (has_expect(expected)) {
        TypeId x = shallow(expected);
        if (T.kind(x) == TyKind::Int) return x;
        if (T.kind(x) == TyKind::Var && static_cast<VarKind>(T.get(x).sub) != VarKind::Float) {
          TypeId v = fresh(VarKind::Integer);
          unify(x, v);
          return v;
        }
      }
      return fresh(VarKind::Integer);
    }
    case ast::LitKind::Float: {
      if (!l.suffix.empty()) {
        if (l.suffix == "f32") return T.float_(FloatTy::F32);
        if (l.suffix == "f64") return T.float_(FloatTy::F64);
        cx_.diags.report(DiagKind::InvalidNumber, e.span, l.text, "invalid suffix");
        return T.error();
      }
      if (has_expect(expected) && T.kind(shallow(expected)) == TyKind::Float) return shallow(expected);
      return fresh(VarKind::Float);
    }
  }
  return T.error();
}

TypeId FnChecker::suffix_type(const std::string& s) {
  static const std::pair<const char*, IntTy> ints[] = {
      {"i8", IntTy::I8},   {"i16", IntTy::I16}, {"i32", IntTy::I32},   {"i64", IntTy::I64},
      {"i128", IntTy::I128}, {"isize", IntTy::Isize}, {"u8", IntTy::U8}, {"u16", IntTy::U16},
      {"u32", IntTy::U32}, {"u64", IntTy::U64}, {"u128", IntTy::U128}, {"usize", IntTy::Usize}};
  for (auto& [n, t] : ints) if (s == n) return T.int_(t);
  if (s == "f32") return T.float_(FloatTy::F32);
  if (s == "f64") return T.float_(FloatTy::F64);
  return TypeId{0};
}

TypeId FnChecker::check_path(const Expr& e, const char* what) {
  ExprInfo& inf = p_.exprs[e.id];
  const ast::Path& path = e.path;
  // `i32::MAX`, `u8::MIN`, `u64::BITS` (unless the name is a user type).
  if (path.segments.size() == 2 && !path.global && !path.qself && !path.segments[0].generics &&
      !path.segments[1].generics && !cx_.lookup(scope(), path.segments[0].name.name, Context::Ns::Type)) {
    TypeId t = suffix_type(path.segments[0].name.name);
    const std::string& item = path.segments[1].name.name;
    static const std::pair<const char*, PrimConst> float_consts[] = {
        {"MIN", PrimConst::Min}, {"MAX", PrimConst::Max}, {"EPSILON", PrimConst::Epsilon},
        {"INFINITY", PrimConst::Infinity}, {"NEG_INFINITY", PrimConst::NegInfinity}, {"NAN", PrimConst::Nan},
        {"MIN_POSITIVE", PrimConst::MinPositive}};
    if (t.index != 0 && T.kind(t) == TyKind::Float) {
      for (auto& [name, c] : float_consts) {
        if (item != name) continue;
        inf.res = ValueRes::PrimConst;
        inf.res_id = static_cast<uint32_t>(c);
        inf.field = static_cast<uint32_t>(T.float_ty(t));
        return t;
      }
    }
    if (t.index != 0 && T.kind(t) == TyKind::Int && (item == "MIN" || item == "MAX" || item == "BITS")) {
      inf.res = ValueRes::PrimConst;
      inf.res_id = static_cast<uint32_t>(item == "MIN" ? PrimConst::Min : item == "MAX" ? PrimConst::Max : PrimConst::Bits);
      inf.field = static_cast<uint32_t>(T.int_ty(t));
      return item == "BITS" ? T.int_(IntTy::U32) : t;
    }
    // `i64::zero()`: a function of a trait the primitive type implements.
    const std::string& prim = path.segments[0].name.name;
    if (prim == "bool") t = T.bool_();
    if (prim == "char") t = T.char_();
    if (prim == "str") t = T.str();
    // `char::from_u32(..)`, `str::from_utf8(..)`: std's inherent impls on primitives.
    if (FnId pf = t.index != 0 ? p_.prim_assoc_fn(t, item) : kNone; pf != kNone && !path.segments[1].generics) {
      inf.res = ValueRes::Fn;
      inf.res_id = pf;
      return T.error();  // only meaningful as a callee
    }
    if (t.index != 0) {
      if (FnId m = trait_method_for(t, path.segments[1].name, true); m != kNone) {
        inf.res = ValueRes::Fn;
        inf.res_id = m;
        inf.type_args = {t};
        return T.error();  // only meaningful as a callee
      }
    }
    // `i32::abs(x)`, `.map(i32::abs)`, `.any(char::is_whitespace)`: a method of the primitive
    // type, called by path or used as a function value (its type is the `fn` it would be).
    if (t.index != 0 && !path.segments[1].generics) {
      if (const PrimMethod* pm = find_prim_method(T, t, item)) {
        inf.res = ValueRes::PrimMethod;
        inf.res_id = prim_method_index(pm);
        inf.type_args = {t};
        return prim_fn_type(T, t, *pm);
      }
      if (is_later_prim_method(T, t, item)) {
        cx_.unsupported(path.span, fmt::format("`{}::{}`", prim, item));
      } else {
        cx_.diags.report(DiagKind::NoAssociatedItem, path.segments[1].name.span, item, prim);
      }
      return T.error();
    }
  }
  // `Default::default()`, `Clone::clone(&x)`: std's built-in traits have no callable items yet.
  const Decl* head_decl = path.segments.size() == 2 ? cx_.lookup(scope(), path.segments[0].name.name, Context::Ns::Type) : nullptr;
  if (path.segments.size() == 2 && !path.global && !path.qself && (!head_decl || head_decl->kind == Decl::Kind::Trait)) {
    ast::Path head;
    head.span = path.span;
    head.segments.push_back(ast::PathSegment{path.segments[0].name, nullptr});
    std::optional<Context::TraitRef> tr = cx_.resolve_trait(head, scope(), false);
    if (tr && tr->builtin == Trait::Default && path.segments[1].name.name == "default" && !path.segments[1].generics) {
      // `Default::default()`: the default of whatever type is expected.
      TypeId v = fresh(VarKind::General);
      inf.res = ValueRes::DefaultCtor;  // only meaningful as a callee
      inf.res_id = kNone;
      inf.type_args = {v};
      impl_checks_.push_back({v, p_.builtin_decls[static_cast<unsigned>(Trait::Default)], e.span});
      return T.error();
    }
    if (tr && tr->builtin) {
      cx_.unsupported(e.span, fmt::format("calling `{}::{}` by path (call it as a method, or use the operators)",
                                          trait_name(*tr->builtin), path.segments[1].name.name));
      return T.error();
    }
  }
  if (path.segments.size() == 1 && !path.global && !path.qself && !path.segments[0].generics) {
    const std::string& n = path.segments[0].name.name;
    LocalId l = find_local(n);
    if (l != kNone) {
      inf.res = ValueRes::Local;
      inf.res_id = l;
      return p_.fns[fn_].locals[l].type;
    }
    for (auto it = cx_.env.params.rbegin(); it != cx_.env.params.rend(); ++it) {
      if (it->first != n) continue;
      if (T.kind(it->second) == TyKind::Param && p_.params[T.get(it->second).id].is_const) {
        inf.res = ValueRes::ConstParam;  // `N` of `const N: usize`
        inf.res_id = T.get(it->second).id;
        inf.type_args = {it->second};
        return T.int_(IntTy::Usize);
      }
      break;
    }
    if (n == "self") {
      cx_.diags.report(DiagKind::UnresolvedName, e.span, "value", "self");
      return T.error();
    }
    if (n == "Self" && self_adt() != kNone && !p_.adts[self_adt()].is_enum) {
      // `Self` as a value: the unit struct, or the tuple struct's constructor.
      AdtId self = self_adt();
      inf.res_id = self;
      switch (p_.adts[self].kind) {
        case ast::StructKind::Unit: inf.res = ValueRes::UnitStruct; return instance(self);
        case ast::StructKind::Tuple: inf.res = ValueRes::TupleStructCtor; return T.error();
        case ast::StructKind::Named:
          cx_.diags.report(DiagKind::NotAValue, e.span, "struct", "Self")
              .notes.push_back({Span{}, "use struct literal syntax instead: `Self { .. }`"});
          return T.error();
      }
    }
  }
  // `<Type as Trait>::name`: the trait's function, with `Self` given.
  if (path.qself && path.qself_trait_len > 0 && path.segments.size() == path.qself_trait_len + 1) {
    TypeId self = body_type(*path.qself);
    ast::Path trait_path;
    trait_path.span = path.span;
    for (size_t i = 0; i < path.qself_trait_len; ++i) {
      if (path.segments[i].generics && !lifetimes_only(*path.segments[i].generics)) {
        cx_.unsupported(path.segments[i].generics->span, "generic traits");
        return T.error();
      }
      trait_path.segments.push_back(ast::PathSegment{path.segments[i].name, nullptr});
    }
    std::optional<Context::TraitRef> tr = cx_.resolve_trait(trait_path, scope());
    if (!tr) return T.error();
    if (tr->builtin || tr->user == kNone) {
      cx_.unsupported(path.span, fmt::format("calling methods of the built-in trait `{}` by path",
                                             tr->builtin ? trait_name(*tr->builtin) : "Sized"));
      return T.error();
    }
    const ast::Ident& name = path.segments.back().name;
    const TraitDef& qtd = p_.traits[tr->user];
    for (uint32_t k = 0; k < qtd.consts.size(); ++k) {
      // `<T as Shape>::SIDES`: the impl's constant, or the parameter's (known in C++).
      if (qtd.consts[k].name != name.name || T.kind(self) == TyKind::Error) continue;
      if (!p_.implements(self, tr->user)) {
        cx_.diags.report(DiagKind::TraitBound, path.qself->span, p_.type_name(self), qtd.path);
        return T.error();
      }
      ImplId im = T.kind(self) == TyKind::Param ? kNone : p_.find_impl(tr->user, self);
      if (im != kNone && k < p_.impls[im].consts.size() && p_.impls[im].consts[k] != kNone) {
        inf.res = ValueRes::Const;
        inf.res_id = p_.impls[im].consts[k];
        return p_.consts[inf.res_id].type;
      }
      if (T.kind(self) != TyKind::Param) {
        cx_.unsupported(path.span, "this associated constant of a generic impl");
        return T.error();
      }
      inf.res = ValueRes::TraitConst;
      inf.res_id = tr->user;
      inf.variant = k;
      inf.type_args = {self};
      for (TypeId a : tr->args) inf.type_args.push_back(a);
      return p_.normalize(T.subst(qtd.consts[k].type, p_.trait_subst(tr->user, self, tr->args)));
    }
    FnId m = kNone;
    for (FnId f : p_.traits[tr->user].methods) if (p_.fns[f].name == name.name) m = f;
    if (m == kNone) {
      cx_.diags.report(DiagKind::NoAssociatedItem, name.span, name.name, p_.traits[tr->user].path);
      return T.error();
    }
    if (T.kind(self) != TyKind::Error && !p_.implements(self, tr->user)) {
      cx_.diags.report(DiagKind::TraitBound, path.qself->span, p_.type_name(self), p_.traits[tr->user].path);
      return T.error();
    }
    inf.res = ValueRes::Fn;
    inf.res_id = m;
    inf.type_args = {self};
    return T.error();  // only meaningful as a callee
  }
  // `T::name` / `Self::name` for a generic parameter: a function of one of its bounds. Also
  // `P::Queue::default()`, where `P::Queue` is bounded (`type Queue: Default;`, `where`).
  bool projected = path.segments.size() == 3 && !path.segments[1].generics;
  if ((path.segments.size() == 2 || projected) && !path.global && !path.qself && !path.segments[0].generics) {
    std::optional<TypeId> param;
    for (auto& [name, ty] : cx_.env.params) if (name == path.segments[0].name.name) param = ty;
    if (path.segments[0].name.name == "Self" && cx_.env.self_type && T.kind(*cx_.env.self_type) == TyKind::Param) {
      param = cx_.env.self_type;
    }
    if (param && projected) {
      ast::Path head;
      head.span = path.span;
      for (size_t i = 0; i < 2; ++i) head.segments.push_back(ast::PathSegment{path.segments[i].name, nullptr});
      std::optional<TypeId> proj = cx_.assoc_type_path(head, scope(), kNone);
      TypeId t = proj ? resolve(*proj) : T.error();
      param = T.kind(t) == TyKind::Param ? std::optional<TypeId>(t) : std::nullopt;
    }
    if (param) {
      const ast::Ident& member = path.segments.back().name;  // (of the parameter, or of the projection)
      // `T::SIDES`: a constant of one of the parameter's traits.
      for (const TraitBound& tb : p_.params[T.get(*param).id].traits) {
        const TraitDef& td = p_.traits[tb.trait];
        for (uint32_t k = 0; k < td.consts.size(); ++k) {
          if (td.consts[k].name != member.name) continue;
          inf.res = ValueRes::TraitConst;
          inf.res_id = tb.trait;
          inf.variant = k;
          inf.type_args = {*param};
          for (TypeId a : tb.args) inf.type_args.push_back(a);
          return p_.normalize(T.subst(td.consts[k].type, p_.trait_subst(tb.trait, *param, tb.args)));
        }
      }
      FnId m = trait_method_for(*param, member, true);
      if (m == kNone && member.name == "default" && p_.implements(*param, Trait::Default)) {
        inf.res = ValueRes::DefaultCtor;  // `T::default()`: only meaningful as a callee
        inf.res_id = kNone;
        inf.type_args = {*param};
        return T.error();
      }
      if (m == kNone) {
        cx_.diags.report(DiagKind::NoAssociatedItem, member.span, member.name, p_.type_name(*param));
        return T.error();
      }
      inf.res = ValueRes::Fn;
      inf.res_id = m;
      inf.type_args = {*param};
      return T.error();  // only meaningful as a callee
    }
  }
  std::optional<Decl> d = cx_.resolve_path(path, scope(), Context::Ns::Value, self_adt(), false);
  if (d && d->kind != Decl::Kind::Fn && d->kind != Decl::Kind::Variant && path.segments.back().generics &&
      !lifetimes_only(*path.segments.back().generics)) {
    const ast::GenericArgs& ga = *path.segments.back().generics;
    if (d->kind == Decl::Kind::Adt && !p_.adts[d->id].is_enum && p_.adts[d->id].kind == ast::StructKind::Unit &&
        ga.args.size() == p_.adts[d->id].generics.size()) {
      // `PhantomData::<T>`: a unit struct with its type arguments.
      std::vector<TypeId> args;
      for (const auto& a : ga.args) {
        args.push_back(a.kind == ast::GenericArgKind::Type || a.kind == ast::GenericArgKind::Const ? body_generic_arg(a) : T.error());
      }
      if (!cx_.generic_arg_kinds_ok(p_.adts[d->id].generics, args, ga.span)) return T.error();
      inf.res = ValueRes::UnitStruct;
      inf.res_id = d->id;
      return T.adt(d->id, std::move(args));
    }
    cx_.unsupported(ga.span, "generic arguments here");
    return T.error();
  }
  if (!d) {
    // Report: prefer the "value" wording for single names.
    if (path.segments.size() == 1) {
      const Decl* t = cx_.lookup(scope(), path.segments[0].name.name, Context::Ns::Type);
      if (t && t->kind == Decl::Kind::Adt) {
        cx_.diags.report(DiagKind::NotAValue, e.span, "struct", path.segments[0].name.name);
        return T.error();
      }
      if (is_later_std_name(path.segments[0].name.name)) {
        cx_.unsupported(e.span, fmt::format("`{}`", path.segments[0].name.name));
      } else if (OuterLocal o = outer_local(p_, fn_, path.segments[0].name.name); o != OuterLocal::None) {
        if (o == OuterLocal::InConst) cx_.diags.report(DiagKind::NonConstantValue, e.span);
        else cx_.diags.report(DiagKind::CaptureInFnItem, e.span).notes.push_back({Span{}, "use the `|| { ... }` closure form instead"});
      } else {
        cx_.diags.report(DiagKind::UnresolvedName, e.span, what, path.segments[0].name.name);
      }
    } else {
      cx_.resolve_path(path, scope(), Context::Ns::Value, self_adt(), true);
    }
    return T.error();
  }
  if (d->kind == Decl::Kind::Variant) {
    const VariantDef& v = p_.adts[d->id].variants[d->variant];
    inf.res_id = d->id;
    inf.variant = d->variant;
    // (`None::<i32>`, `Some::<u8>`, `Option::<u8>::Some`: the enum's arguments, checked here and
    // applied where the variant's type is made)
    std::optional<TypeId> written = variant_type(path, d->id, d->variant, true);
    if (v.kind == ast::StructKind::Unit) {
      inf.res = ValueRes::UnitVariant;
      TypeId it = instance(d->id);
      if (written) unify(it, *written);
      return it;
    }
    if (v.kind == ast::StructKind::Tuple) {
      inf.res = ValueRes::VariantCtor;  // only meaningful as a callee
      return T.error();
    }
    cx_.diags.report(DiagKind::NotAValue, e.span, "struct variant", cx_.describe(path))
        .notes.push_back({Span{}, fmt::format("use struct literal syntax instead: `{} {{ .. }}`", cx_.describe(path))});
    return T.error();
  }
  if (d->kind == Decl::Kind::Const) {
    inf.res = ValueRes::Const;
    inf.res_id = d->id;
    return p_.consts[d->id].type;
  }
  if (d->kind == Decl::Kind::DefaultFn) {
    inf.res = ValueRes::DefaultCtor;  // only meaningful as a callee
    inf.res_id = d->id;
    return T.error();
  }
  if (d->kind == Decl::Kind::Fn) {
    inf.res = ValueRes::Fn;
    inf.res_id = d->id;
    if (d->via_type) {
      TypeId self = d->self_type;
      // `Box::from(x)`, `W::from(5)`: a generic type named without its arguments has fresh ones.
      if (T.kind(self) == TyKind::Adt && T.get(self).elems.size() != p_.adts[T.get(self).id].generics.size()) {
        self = instance(T.get(self).id);
      }
      inf.type_args = {self};
    }
    return T.error();  // only meaningful as a callee; check_call handles it
  }
  if (d->kind == Decl::Kind::Adt) {
    if (p_.adts[d->id].kind == ast::StructKind::Unit) {
      inf.res = ValueRes::UnitStruct;
      inf.res_id = d->id;
      return instance(d->id);
    }
    if (p_.adts[d->id].kind == ast::StructKind::Tuple) {
      inf.res = ValueRes::TupleStructCtor;  // only meaningful as a callee
      inf.res_id = d->id;
      return T.error();
    }
    cx_.diags.report(DiagKind::NotAValue, e.span, "struct", cx_.describe(path));
    return T.error();
  }
  cx_.diags.report(DiagKind::NotAValue, e.span, "module", cx_.describe(path));
  return T.error();
}

TypeId FnChecker::check_unary(const Expr& e, TypeId expected) {
  switch (e.unop) {
    case ast::UnOp::Neg: {
      if (e.operand->kind == ExprKind::Lit && e.operand->lit.kind == ast::LitKind::Int) {
        negate_next_ = e.operand.get();
        neg_lit_spans_.push_back({e.operand.get(), e.span});
      }
      TypeId t = check_expr(*e.operand, expected);
      negate_next_ = nullptr;
      if (std::optional<TypeId> r = overloaded_unary(e, t)) return *r;
      TypeId s = primitive_operand(t);
      if (T.kind(s) == TyKind::Error || T.kind(s) == TyKind::Never) return s;
      if (T.kind(s) == TyKind::Float) return s;
      if (T.kind(s) == TyKind::Var && static_cast<VarKind>(T.get(s).sub) != VarKind::General) {
        negated_vars_.push_back({s, e.span});
        return s;
      }
      if (T.kind(s) == TyKind::Int && int_signed(T.int_ty(s))) return s;
      cx_.diags.report(DiagKind::UnaryOpType, e.span, "-", p_.type_name(resolve(t)));
      return T.error();
    }
    case ast::UnOp::Not: {
      TypeId t = check_expr(*e.operand, expected);
      if (std::optional<TypeId> r = overloaded_unary(e, t)) return *r;
      TypeId s = primitive_operand(t);
      if (T.kind(s) == TyKind::Error || T.kind(s) == TyKind::Never) return s;
      if (T.kind(s) == TyKind::Bool || T.kind(s) == TyKind::Int) return s;
      if (T.kind(s) == TyKind::Var && static_cast<VarKind>(T.get(s).sub) == VarKind::Integer) return s;
      cx_.diags.report(DiagKind::UnaryOpType, e.span, "!", p_.type_name(resolve(t)));
      return T.error();
    }
    case ast::UnOp::Deref: {
      TypeId t = shallow(check_expr(*e.operand, kNoExpectId()));
      if (T.kind(t) == TyKind::Ref) return T.pointee(t);
      if (std::optional<TypeId> target = p_.deref_target(resolve(t))) return *target;  // (Box, `Deref` impls)
      if (T.kind(t) == TyKind::Error) return t;
      cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("type `{}` cannot be dereferenced", p_.type_name(resolve(t))));
      return T.error();
    }
  }
  return T.error();
}

// Type of `l OP r` for arithmetic/bitwise/shift ops (also compound assignment).
TypeId FnChecker::arith_result(const Expr& e, ast::BinOp op, TypeId lt, TypeId rt) {
  // std implements the operators for references to primitives too (`&f64 * f64`).
  TypeId l = primitive_operand(lt), r = primitive_operand(rt);
  auto bad = [&] {
    cx_.diags.report(DiagKind::BinaryOpTypes, e.span, ast::binop_str(op), p_.type_name(resolve(lt)), p_.type_name(resolve(rt)));
    return T.error();
  };
  if (T.kind(l) == TyKind::Error || T.kind(r) == TyKind::Error) return T.error();
  auto intlike = [&](TypeId t) {
    return T.kind(t) == TyKind::Int || (T.kind(t) == TyKind::Var && static_cast<VarKind>(T.get(t).sub) == VarKind::Integer);
  };
  auto floatlike = [&](TypeId t) {
    return T.kind(t) == TyKind::Float || (T.kind(t) == TyKind::Var && static_cast<VarKind>(T.get(t).sub) == VarKind::Float);
  };
  if (is_shift(op)) {
    if (!intlike(l) || !intlike(r)) return bad();
    return l;
  }
  if (is_bit(op)) {
    if (T.kind(l) == TyKind::Bool && T.kind(r) == TyKind::Bool) return l;
    if (intlike(l) && intlike(r) && unify(l, r)) return shallow(l);
    if (T.kind(l) == TyKind::Var && T.kind(r) == TyKind::Var && unify(l, r)) return l;
    return bad();
  }
  // arithmetic
  if ((intlike(l) && intlike(r)) || (floatlike(l) && floatlike(r))) {
    if (unify(l, r)) return shallow(l);
    return bad();
  }
  if (T.kind(l) == TyKind::Var && static_cast<VarKind>(T.get(l).sub) == VarKind::General && (intlike(r) || floatlike(r))) {
    unify(l, r);
    return r;
  }
  if (T.kind(r) == TyKind::Var && static_cast<VarKind>(T.get(r).sub) == VarKind::General && (intlike(l) || floatlike(l))) {
    unify(l, r);
    return l;
  }
  // `|a, b| a + b`: both unknown yet; the same type, checked to be a number at the end.
  if (T.kind(l) == TyKind::Var && T.kind(r) == TyKind::Var && unify(l, r)) {
    deferred_ops_.push_back({&e, op, l});
    return l;
  }
  return bad();
}

// `&x` where x is a number or bool: the operand's value type (C++ references read through).
TypeId FnChecker::primitive_operand(TypeId t) {
  TypeId s = shallow(t);
  if (T.kind(s) == TyKind::Assoc) s = shallow(normalize_assoc(s));
  if (T.kind(s) != TyKind::Ref) return s;
  TypeId inner = shallow(T.pointee(s));
  if (T.kind(inner) == TyKind::Assoc) inner = shallow(normalize_assoc(inner));  // (`&I::Item` once I is known)
  TyKind k = T.kind(inner);
  if (k == TyKind::Int || k == TyKind::Float || k == TyKind::Bool) return inner;
  if (k == TyKind::Var && static_cast<VarKind>(T.get(inner).sub) != VarKind::General) return inner;
  return s;
}

TypeId FnChecker::check_binary(const Expr& e, TypeId expected) {
  using B = ast::BinOp;
  if ((e.binop == B::Lt || e.binop == B::Shl) && e.lhs->kind == ExprKind::Cast && e.lhs->type &&
      e.lhs->type->kind == ast::TypeKind::Path) {
    // Rust reads `x as u32 < 5` as the start of `u32<..>`: rustc rejects it.
    std::string ty = cx_.describe(e.lhs->type->path);
    bool shift = e.binop == B::Shl;
    cx_.diags.report(DiagKind::SyntaxError, e.span,
                     fmt::format("`{}` is interpreted as a start of generic arguments for `{}`, not a {}",
                                 shift ? "<<" : "<", ty, shift ? "shift" : "comparison"))
        .notes.push_back({e.lhs->span, "try putting the cast in parentheses: `(.. as " + ty + ")`"});
    return T.error();
  }
  if (e.binop == B::And || e.binop == B::Or) {
    TypeId l = check_expr(*e.lhs, T.bool_());
    coerce(l, T.bool_(), e.lhs->span);
    TypeId r = check_expr(*e.rhs, T.bool_());
    coerce(r, T.bool_(), e.rhs->span);
    return T.bool_();
  }
  if (is_cmp(e.binop)) {
    TypeId l = check_expr(*e.lhs, kNoExpectId());
    TypeId r = check_expr(*e.rhs, l);
    if (slice_comparison(e, l, r)) return T.bool_();
    if (string_comparison(e, l, r)) return T.bool_();
    TypeId ls = shallow(l);
    if (T.kind(ls) == TyKind::Error) return T.bool_();
    bool ok = unify(l, r);
    TypeId t = resolve(l);
    bool comparable = is_comparable(t, e.binop);
    if (ok && !comparable && T.kind(t) == TyKind::FnPtr) {
      cx_.unsupported(e.span, "comparing function pointers");
    } else if (ok && !comparable) {
      TypeId base = t;
      while (T.kind(base) == TyKind::Ref) base = T.pointee(base);
      const char* trait = is_eq_op(e.binop) ? "PartialEq" : "PartialOrd";
      auto& d = cx_.diags.report(DiagKind::BinaryOpUnsupported, e.span, ast::binop_str(e.binop), p_.type_name(t));
      if (T.kind(base) == TyKind::Param) {
        d.notes.push_back({p_.params[T.get(base).id].span,
                           fmt::format("consider restricting type parameter `{0}` with trait `{1}`: `{0}: {1}`",
                                       p_.type_name(base), trait)});
      } else {
        d.notes.push_back({Span{}, fmt::format("`{}` must implement `{}`; add `#[derive({})]` to its definition",
                                               p_.type_name(t), trait, is_eq_op(e.binop) ? "PartialEq" : "PartialEq, PartialOrd")});
      }
    } else if (!ok) {
      cx_.diags.report(DiagKind::BinaryOpTypes, e.span, ast::binop_str(e.binop), p_.type_name(resolve(l)), p_.type_name(resolve(r)));
    }
    return T.bool_();
  }
  TypeId l = check_expr(*e.lhs, is_shift(e.binop) ? kNoExpectId() : expected);
  if (std::optional<TypeId> t = overloaded_binary(e, e.binop, l, false)) return *t;
  TypeId r = check_expr(*e.rhs, is_shift(e.binop) ? kNoExpectId() : l);
  if (std::optional<TypeId> t = number_lhs_operator(e, e.binop, l, r)) return *t;
  if (str_concat_error(e, l, r)) return T.error();
  // Durations support + and - (std operator impls).
  TypeId ls = shallow(l);
  if (T.kind(ls) == TyKind::Adt && p_.adts[T.get(ls).id].is_std && (e.binop == B::Add || e.binop == B::Sub)) {
    if (coerce(r, ls, e.rhs->span)) return ls;
    return T.error();
  }
  return arith_result(e, e.binop, l, r);
}

// Types with built-in `PartialEq`/`PartialOrd` (primitives, `&str`, std types that derive
// them, tuples of such). Unresolved variables are accepted: they default to numbers.
bool FnChecker::is_comparable(TypeId t, ast::BinOp op) const {
  // Unresolved variables are accepted: they default to numbers.
  if (T.kind(t) == TyKind::Var) return true;
  if (T.kind(t) == TyKind::Tuple) {
    for (TypeId x : T.get(t).elems) if (!is_comparable(x, op)) return false;
    return true;
  }
  if (T.kind(t) == TyKind::Ref) return is_comparable(T.pointee(t), op);
  bool eq = op == ast::BinOp::Eq || op == ast::BinOp::Ne;
  return p_.implements(t, eq ? Trait::PartialEq : Trait::PartialOrd);
}

TypeId FnChecker::check_cast(const Expr& e) {
  if (e.type->kind == ast::TypeKind::Infer) {  // (rustc takes `as _`'s type from the context)
    cx_.unsupported(e.type->span, "`as _` (write the target type of the cast)");
    check_expr(*e.operand, kNoExpectId());
    return fresh(VarKind::General);
  }
  TypeId target = body_type(*e.type);
  // An unsuffixed literal takes the cast's numeric type when nothing else constrains it.
  TypeId hint = kNoExpectId();
  if (e.operand->kind == ExprKind::Lit && e.operand->lit.suffix.empty()) {
    if ((e.operand->lit.kind == ast::LitKind::Int && T.kind(target) == TyKind::Int) ||
        (e.operand->lit.kind == ast::LitKind::Float && T.kind(target) == TyKind::Float)) {
      hint = target;
    }
  }
  TypeId src = check_expr(*e.operand, hint);
  TypeId s = shallow(src);
  // (`b as u32` with `b: <Bytes as Iterator>::Item`: the projection's type)
  if (T.kind(s) == TyKind::Assoc) {
    s = resolve(s);
    if (T.kind(s) == TyKind::Assoc) s = shallow(normalize_assoc(s));
  }
  if (T.kind(target) == TyKind::Error || T.kind(s) == TyKind::Error) return target;
  auto numeric = [&](TypeId t) { return T.kind(t) == TyKind::Int || T.kind(t) == TyKind::Float || T.kind(t) == TyKind::Var; };
  bool ok = false;
  TyKind tk = T.kind(target);
  if (T.kind(s) == TyKind::Var && static_cast<VarKind>(T.get(s).sub) == VarKind::General) ok = false;
  else if (numeric(s) && (tk == TyKind::Int || tk == TyKind::Float)) ok = true;
  else if ((T.kind(s) == TyKind::Bool || T.kind(s) == TyKind::Char) && tk == TyKind::Int) ok = true;
  else if (T.kind(s) == TyKind::Adt && p_.adts[T.get(s).id].fieldless() && tk == TyKind::Int) ok = true;
  else if (T.kind(s) == TyKind::Int && T.int_ty(s) == IntTy::U8 && tk == TyKind::Char) ok = true;
  else if (T.kind(s) == TyKind::Var && static_cast<VarKind>(T.get(s).sub) == VarKind::Integer && tk == TyKind::Char) {
    unify(s, T.int_(IntTy::U8));
    ok = true;
  } else if (T.kind(s) == TyKind::Ref && tk == TyKind::Ref && coerce(src, target, e.operand->span, false)) {
    ok = true;  // `&[] as &[u8]`, `&s as &str`, `&c as &dyn Shape`: a coercion, written out
  } else if (unify(s, target)) ok = true;
  if (!ok) {
    std::string from = p_.type_name(resolve(src));
    if (T.kind(s) == TyKind::Int && tk == TyKind::Char) {
      cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("only `u8` can be cast as `char`, not `{}`", from));
    } else {
      cx_.diags.report(DiagKind::InvalidCast, e.span, from, p_.type_name(target));
    }
  }
  return target;
}

void FnChecker::check_args(const Expr& call, const std::vector<TypeId>& params,
                           const std::vector<ast::P<Expr>>& args, const char* what) {
  size_t n = params.size();
  if (args.size() != n) {
    cx_.diags.report(DiagKind::WrongArgCount, call.span, what, n, n == 1 ? "" : "s", args.size(),
                     args.size() == 1 ? "argument was" : "arguments were");
  }
  for (size_t i = 0; i < args.size(); ++i) {
    TypeId expect = i < n ? params[i] : kNoExpectId();
    TypeId t = check_expr(*args[i], expect);
    if (i < n) coerce(t, expect, args[i]->span);
  }
}

TypeTable::Subst FnChecker::instantiate(FnId fn, const Expr& call, std::optional<TypeId> self_type,
                                        const ast::GenericArgs* explicit_args) {
  const FnDef& f = p_.fns[fn];
  ExprInfo& inf = p_.exprs[call.id];
  TypeTable::Subst s;
  inf.type_args.clear();
  for (ParamId g : f.generics) {
    TypeId v = fresh(VarKind::General);
    s.push_back({g, v});
    inf.type_args.push_back(v);
  }
  if (self_type && f.trait != kNone && !f.generics.empty()) {
    unify(inf.type_args[0], *self_type);
    trait_args_from_self(f.trait, inf.type_args);
  }
  // `where Self::Item: Ord`: the hidden parameter is the projection at this call.
  for (auto& [proj, hidden] : f.projections) {
    for (size_t i = 0; i < f.generics.size(); ++i) {
      if (f.generics[i] == hidden) unify(inf.type_args[i], inst(proj, s));
    }
  }
  if (explicit_args) {
    std::vector<const ast::GenericArg*> written;
    for (const auto& a : explicit_args->args) {
      if (a.kind == ast::GenericArgKind::Type || a.kind == ast::GenericArgKind::Const) written.push_back(&a);
      else if (a.kind != ast::GenericArgKind::Lifetime) cx_.unsupported(a.span, "this kind of generic argument");
    }
    size_t own = f.own_generics - f.projections.size();  // (hidden parameters take no turbofish)
    if (written.size() != own) {
      cx_.diags.report(DiagKind::WrongTypeArgCount, explicit_args->span, fmt::format("function `{}`", f.path), own,
                       own == 1 ? "" : "s", written.size(), written.size() == 1 ? "" : "s", written.size() == 1 ? "was" : "were");
    } else {
      size_t first = f.generics.size() - f.own_generics;
      std::vector<TypeId> args;
      for (const ast::GenericArg* a : written) args.push_back(body_generic_arg(*a));
      std::vector<ParamId> own_params(f.generics.begin() + first, f.generics.begin() + first + own);
      if (cx_.generic_arg_kinds_ok(own_params, args, explicit_args->span)) {
        for (size_t i = 0; i < own; ++i) unify(inf.type_args[first + i], args[i]);
      }
    }
  }
  if (!f.generics.empty()) bound_checks_.push_back({call.id, fn, call.span});
  return s;
}

// A function named as a value (`apply(double, 3)`, `Point::norm`): a function pointer
// `fn(..) -> R` with the function's signature (a method takes `self` first), instantiated
// like a call.
TypeId FnChecker::fn_value(const Expr& e) {
  ExprInfo& inf = p_.exprs[e.id];
  FnId fid = inf.res_id;
  const FnDef& f = p_.fns[fid];
  // (std's methods implemented as C++ members and `#[track_caller]` functions have no C++
  // address of the right type: lowering wraps them in a plain function, lower_fn_value)
  std::optional<TypeId> self_ty;
  if (!inf.type_args.empty()) self_ty = inf.type_args[0];
  const ast::GenericArgs* explicit_args = e.path.segments.back().generics.get();
  if (explicit_args && lifetimes_only(*explicit_args)) explicit_args = nullptr;
  TypeTable::Subst s = instantiate(fid, e, self_ty, explicit_args);
  p_.fn_values.push_back({fid, e.span});
  return T.fn_ptr(param_types(f, s, true), inst(f.ret, s));
}

// A tuple struct's or tuple variant's constructor named as a value (`.map(Some)`,
// `.map_err(Error::Parse)`): a function pointer `fn(fields..) -> T`, as in rustc.
TypeId FnChecker::ctor_value(const Expr& e) {
  ExprInfo& inf = p_.exprs[e.id];
  uint32_t variant = inf.res == ValueRes::VariantCtor ? inf.variant : kNone;
  TypeId made = instance(inf.res_id);
  if (variant != kNone) {
    if (std::optional<TypeId> written = variant_type(e.path, inf.res_id, variant, false)) unify(made, *written);  // `.map(Some::<u8>)`
  }
  std::vector<TypeId> params;
  for (size_t i = 0; i < p_.fields_of(inf.res_id, variant).size(); ++i) params.push_back(field_ty(made, variant, i));
  return T.fn_ptr(std::move(params), made);
}

// A generic trait's arguments when `Self` settles them: the only bound of the trait on a
// parameter (`T: Scale` means `Scale<i32>`), or the only impl for the type.
void FnChecker::trait_args_from_self(TraitId trait, const std::vector<TypeId>& type_args) {
  size_t n = p_.traits[trait].params.size();
  if (n == 0 || type_args.size() < n + 1) return;
  TypeId self = resolve(type_args[0]);
  std::optional<std::vector<TypeId>> only;
  size_t count = 0;
  if (T.kind(self) == TyKind::Param) {
    for (const TraitBound& b : p_.param_bounds(self)) {
      if (b.trait == trait) ++count, only = b.args;
    }
  } else if (!contains_var(self) && p_.matching_impls(trait, self) == 1) {
    TypeTable::Subst map;
    ImplId i = p_.find_impl(trait, self, &map);
    if (i != kNone) {
      std::vector<TypeId> args = T.subst_all(p_.impls[i].trait_args, map);
      bool closed = true;
      for (TypeId a : args) closed = closed && !T.has_params(a);
      if (closed) count = 1, only = std::move(args);
    }
  }
  if (count != 1 || !only) return;
  for (size_t k = 0; k < n && k < only->size(); ++k) unify(type_args[k + 1], (*only)[k]);
}

std::vector<TypeId> FnChecker::param_types(const FnDef& f, const TypeTable::Subst& s, bool with_self) {
  std::vector<TypeId> out;
  if (with_self && f.self_kind != ast::SelfKind::None) {
    TypeId self = inst(f.self_type, s);
    if (f.self_kind == ast::SelfKind::Ref) self = T.ref(self, false);
    if (f.self_kind == ast::SelfKind::RefMut) self = T.ref(self, true);
    out.push_back(self);
  }
  for (const auto& prm : f.params) out.push_back(inst(prm.type, s));
  return out;
}

// Whether the methods of `trait` may be called here, as rustc requires: std's traits outside
// Rust's prelude (`Borrow`, `io::Write`, `Error`) only where imported; `Rc<RefCell<T>>`'s
// `.borrow()` is then `RefCell::borrow`, not `Borrow::borrow` of the Rc. (The crate's own
// traits, and std's calls among themselves, are not filtered yet.)
bool FnChecker::trait_in_scope(TraitId trait) const {
  const TraitDef& td = p_.traits[trait];
  if (!p_.modules[td.module].is_std || td.builtin || td.inherent || p_.modules[scope()].is_std) return true;
  static const char* rust_prelude[] = {"Clone", "Copy", "PartialEq", "PartialOrd", "Eq", "Ord", "AsRef", "AsMut", "Into",
                                       "From", "Default", "Iterator", "Extend", "IntoIterator", "DoubleEndedIterator",
                                       "ExactSizeIterator", "ToString", "TryFrom", "TryInto", "FromIterator", "ToOwned", "Drop"};
  for (const char* n : rust_prelude) if (td.name == n) return true;
  for (ModuleId m = scope(); m != kNone; m = p_.modules[m].transparent ? p_.modules[m].parent : kNone) {
    for (const auto& [name, d] : cx_.scopes[m].types) {
      if (d.kind == Decl::Kind::Trait && d.id == trait) return true;
    }
  }
  return false;
}

// Trait methods applicable to `t`: through a parameter's bounds, or an impl for the type.
FnId FnChecker::trait_method_for(TypeId t, const ast::Ident& name, bool report_ambiguity) {
  std::vector<FnId> found;
  auto add = [&](TraitId tr) {
    FnId m = kNone;
    for (FnId f : p_.traits[tr].methods) if (p_.fns[f].name == name.name) m = f;
    if (m != kNone && std::find(found.begin(), found.end(), m) == found.end()) found.push_back(m);
  };
  if (T.kind(t) == TyKind::Param) {
    for (const TraitBound& tb : p_.params[T.get(t).id].traits) add(tb.trait);
    // A blanket impl the bounds satisfy: `k.to_string()` with `K: Display` (`impl<T: Display>
    // ToString for T`).
    for (size_t i = 0; found.empty() && i < p_.impls.size(); ++i) {
      const ImplDef& im = p_.impls[i];
      if (T.kind(im.self_type) != TyKind::Param || p_.trait_method(im.trait, name.name) == kNone || !trait_in_scope(im.trait)) continue;
      if (p_.implements(t, im.trait)) add(im.trait);
    }
  } else if (T.kind(t) == TyKind::Dyn) {  // a trait object: its trait's methods and its supertraits'
    bool std_trait = T.get(t).sub == 0 && p_.traits[T.get(t).id].builtin;  // `dyn Display`: formatting only
    for (FnId f : T.get(t).sub == 0 && !std_trait ? p_.dyn_methods(T.get(t).id) : std::vector<FnId>{}) {
      if (p_.fns[f].name == name.name) add(p_.fns[f].trait);
    }
  } else {
    for (const ImplDef& im : p_.impls) {
      if (p_.trait_method(im.trait, name.name) == kNone || !trait_in_scope(im.trait)) continue;
      if (p_.find_impl(im.trait, t) != kNone) add(im.trait);
    }
  }
  if (found.empty()) return kNone;
  if (found.size() > 1 && report_ambiguity) {
    cx_.diags.report(DiagKind::AmbiguousMethod, name.span, name.name, p_.traits[p_.fns[found[0]].trait].path,
                     p_.traits[p_.fns[found[1]].trait].path);
  }
  return found[0];
}

void FnChecker::select_where_possible() {
  resolve_pending_tries(false);
  bool prefix_done = true;
  for (size_t n = selected_upto_; n < bound_checks_.size(); ++n) {
    const BoundCheck bc = bound_checks_[n];  // (a copy: unify may not add checks, but be safe)
    const FnDef& cf = p_.fns[bc.fn];
    const ExprInfo& ci = p_.exprs[bc.expr];
    size_t count = std::min(cf.generics.size(), ci.type_args.size());
    TypeTable::Subst s;
    bool open = false;
    for (size_t j = 0; j < count; ++j) {
      TypeId a = resolve(ci.type_args[j]);
      open = open || contains_var(a);
      s.push_back({cf.generics[j], a});
    }
    // (`B: FromIterator<Self::Item>` with every argument known may still name an open
    // projection: a closure's return type not inferred yet)
    for (size_t j = 0; j < count && !open; ++j) {
      for (const TraitBound& tb : p_.params[cf.generics[j]].traits) {
        for (TypeId x : bound_args(tb, s)) open = open || contains_var(x);
      }
    }
    if (!open) {
      if (prefix_done) selected_upto_ = n + 1;
      continue;
    }
    prefix_done = false;
    for (size_t i = 0; i < count; ++i) {
      TypeId a = s[i].second;
      if (T.kind(a) == TyKind::Var) {
        // A literal's type from a bound (`map.get(&7)` on a `HashMap<i64, _>`: `{integer}:
        // Equivalent<i64>`): the one numeric type of its kind that satisfies every bound.
        infer_literal_from_bounds(a, cf.generics[i], s);
        continue;
      }
      infer_from_assoc_bounds(a, cf.generics[i], s);
      for (const TraitBound& tb : p_.params[cf.generics[i]].traits) {
        std::vector<TypeId> args = bound_args(tb, s);
        bool args_open = false;
        for (TypeId x : args) args_open = args_open || contains_var(x);
        if (!contains_var(a) && !args_open) continue;
        select_impl(tb.trait, a, args, 0);
      }
    }
  }
}

// The trait arguments of bound `tb` at a call, resolved; a projection as far as it is known
// (`B: FromIterator<Self::Item>`: often an inference variable the impl then fixes, as in
// `map(|i| (0..i).collect()).collect()`).
std::vector<TypeId> FnChecker::bound_args(const TraitBound& tb, const TypeTable::Subst& s) {
  std::vector<TypeId> args = T.subst_all(tb.args, s);
  for (TypeId& x : args) {
    x = resolve(x);
    if (T.kind(x) == TyKind::Assoc) x = resolve(normalize_assoc(x));
  }
  return args;
}

// `I: IntoIterator<Item = A>` with `I` known: `A` is `<I as IntoIterator>::Item` (rustc's
// projection equality), which may in turn pick an impl (`Extend<A>` of `Vec<T>` or of `&T`).
void FnChecker::infer_from_assoc_bounds(TypeId a, ParamId param, const TypeTable::Subst& s) {
  for (const TraitBound& tb : p_.params[param].traits) {
    if (tb.assoc.empty()) continue;
    std::vector<TypeId> elems{a};
    for (TypeId x : T.subst_all(tb.args, s)) elems.push_back(resolve(x));
    for (auto& [k, want] : tb.assoc) {
      TypeId w = resolve(T.subst(want, s));
      TypeId have = resolve(normalize_assoc(T.assoc(tb.trait, k, elems)));
      if (T.kind(have) == TyKind::Assoc || T.kind(have) == TyKind::Error) continue;
      // (either side may be the open one: `extend(1..=6)` into a `VecDeque<u32>` types the
      // literals; a mismatch is check_bounds' to report)
      if (contains_var(w) || contains_var(have)) unify(w, have);
    }
  }
}

void FnChecker::infer_literal_from_bounds(TypeId a, ParamId param, const TypeTable::Subst& s) {
  const TypeData& d = T.get(a);
  auto kind = static_cast<VarKind>(d.sub);
  if (kind == VarKind::General || p_.params[param].traits.empty()) return;
  std::vector<TypeId> candidates;
  if (kind == VarKind::Integer) {
    for (int k = 0; k <= static_cast<int>(IntTy::Usize); ++k) candidates.push_back(T.int_(static_cast<IntTy>(k)));
  } else {
    candidates = {T.float_(FloatTy::F32), T.float_(FloatTy::F64)};
  }
  std::optional<TypeId> only;
  for (TypeId c : candidates) {
    bool ok = true;
    for (const TraitBound& tb : p_.params[param].traits) {
      std::vector<TypeId> args = T.subst_all(tb.args, s);
      for (TypeId& x : args) {
        x = resolve(x);
        if (contains_var(x)) return;  // (not known yet)
      }
      if (!p_.implements(c, tb.trait, args)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (only) return;  // several: the literal's default decides, later
    only = c;
  }
  if (only) unify(a, *only);
}

void FnChecker::select_impl(TraitId trait, TypeId self, std::vector<TypeId> args, int depth) {
  if (depth > 4 || T.kind(shallow(self)) == TyKind::Var || p_.matching_impls(trait, self, &args) != 1) return;
  TypeTable::Subst map;
  ImplId im = p_.find_impl(trait, self, &map, &args);
  if (im == kNone) return;
  const ImplDef& id = p_.impls[im];
  // (a parameter of the impl that the match left unbound stays open; this function's own
  // parameters are types like any other: `Vec<Vec<T>>: FromIterator<?B>` fixes `?B = Vec<T>`)
  auto bound = [&](TypeId t) {
    for (ParamId q : id.params) if (mentions(t, T.param(q))) return false;
    return true;
  };
  TypeId self_want = T.subst(id.self_type, map);
  if (bound(self_want)) unify(self, self_want);
  for (size_t k = 0; k < args.size() && k < id.trait_args.size(); ++k) {
    TypeId want = T.subst(id.trait_args[k], map);
    if (bound(want)) unify(args[k], want);
  }
  // The impl's own bounds, in turn (`V: FromIterator<A>` of Result's impl fixes `Vec<_>`;
  // `K: Borrow<Q>` of `Equivalent`'s fixes the literals of `set.contains(&(0, 0))`).
  for (auto& [param, arg] : map) {
    TypeId ra = resolve(arg);
    for (const TraitBound& need : p_.params[param].traits) {
      std::vector<TypeId> nargs = T.subst_all(need.args, map);
      bool open = contains_var(ra);
      for (TypeId& x : nargs) open = contains_var(x = resolve(x)) || open;
      if (open) select_impl(need.trait, ra, nargs, depth + 1);
    }
  }
}

void FnChecker::check_bounds(const BoundCheck& bc) {
  const FnDef& f = p_.fns[bc.fn];
  ExprInfo& inf = p_.exprs[bc.expr];
  if (bc.fn == fn_) {
    // A generic function calling itself with its parameter wrapped in a bigger type
    // (`depth((x, n), ..)` with x: T) needs infinitely many instances.
    for (size_t i = 0; i < f.generics.size() && i < inf.type_args.size(); ++i) {
      TypeId arg = resolve(inf.type_args[i]);
      TypeId self = T.param(f.generics[i]);
      if (arg != self && T.has_params(arg) && mentions(arg, self)) {
        cx_.diags.report(DiagKind::PolymorphicRecursion, bc.span, f.path, p_.type_name(arg), p_.params[f.generics[i]].name)
            .notes.push_back({f.span, "each call would instantiate the function with a larger type"});
        return;
      }
    }
  }
  for (size_t i = 0; i < f.generics.size() && i < inf.type_args.size(); ++i) {
    TypeId arg = resolve(inf.type_args[i]);
    inf.type_args[i] = arg;
    if (contains_var(arg)) {
      if (cx_.diags.error_count() == errors_before_) {
        cx_.diags.report(DiagKind::CannotInfer, bc.span)
            .notes.push_back({Span{}, fmt::format("cannot infer the type of the type parameter `{}` of `{}`",
                                                  p_.params[f.generics[i]].name, f.path)});
      }
      inf.type_args[i] = T.error();
      continue;
    }
    const GenericParamDef& pd = p_.params[f.generics[i]];
    if (has_error(arg)) continue;  // (reported already)
    if (pd.is_self && i == 0) {
      for (const TraitBound& tb : f.self_bounds) {
        if (p_.implements(arg, tb.trait, tb.args)) continue;
        cx_.diags.report(DiagKind::TraitBound, bc.span, p_.type_name(arg), bound_text(tb.trait, tb.args))
            .notes.push_back({f.span, fmt::format("required by a bound in `{}`", f.name)});
        break;
      }
    }
    if (T.kind(arg) == TyKind::Dyn && !pd.is_self && !pd.maybe_unsized) {
      // A generic parameter is `Sized` (asrc does not support `?Sized` yet, but in std).
      cx_.diags.report(DiagKind::SyntaxError, bc.span,
                       fmt::format("the size for values of type `{}` cannot be known at compilation time", p_.type_name(arg)))
          .notes.push_back({pd.span, fmt::format("required by an implicit `Sized` bound on `{}` in `{}`", pd.name, f.path)});
      continue;
    }
    if (pd.is_self && (f.trait == kNone || p_.traits[f.trait].params.empty() || i != 0)) continue;  // (by construction)
    if (pd.fn_bound) check_fn_bound(bc, i, arg, bc.span);
    // The strongest bound first, as rustc names it (`Ord` rather than the `Eq` it implies).
    for (Trait tr : {Trait::Copy, Trait::Ord, Trait::Eq, Trait::PartialOrd, Trait::PartialEq, Trait::Clone,
                     Trait::Debug, Trait::Display, Trait::Hash, Trait::Default}) {
      if (pd.has(tr) && !p_.implements(arg, tr)) {
        // (rustc words the comparison traits' bounds as it does their operators)
        auto& d = tr == Trait::PartialEq || tr == Trait::PartialOrd
                      ? cx_.diags.report(DiagKind::CannotCompare, bc.span, p_.type_name(arg), p_.type_name(arg))
                      : cx_.diags.report(DiagKind::TraitBound, bc.span, p_.type_name(arg), trait_name(tr));
        d.notes.push_back({pd.span, fmt::format("required by a bound on `{}` in `{}`", pd.name, f.path)});
        break;
      }
    }
    TypeTable::Subst s;
    for (size_t j = 0; j < f.generics.size() && j < inf.type_args.size(); ++j) s.push_back({f.generics[j], resolve(inf.type_args[j])});
    for (const TraitBound& tb : pd.traits) {
      std::vector<TypeId> args = T.subst_all(tb.args, s);
      for (TypeId& a : args) a = resolve(a);  // (`S: Sum<Self::Item>` with Self known)
      // After an error in this body, a bound on what an erroneous call left unknown (an
      // `{error}`, or a type parameter of the function it called) is not reported again.
      if (cx_.diags.error_count() != errors_before_ &&
          std::any_of(args.begin(), args.end(), [&](TypeId a) { return has_error(a) || has_foreign_param(a); })) {
        continue;
      }
      if (!p_.implements(arg, tb.trait, args)) {
        // (operator traits are named by their operation, as rustc does: "cannot add `V` to `V`")
        std::optional<std::string> op = operator_bound_text(tb.trait, arg, args);
        TypeId on = arg;
        TraitBound unmet{tb.trait, args, {}};
        if (auto nested = p_.unmet_impl_bound(tb.trait, arg, args)) on = nested->first, unmet = nested->second;
        auto& d = op ? cx_.diags.report(DiagKind::TraitBoundOperator, bc.span, *op)
                     : cx_.diags.report(DiagKind::TraitBound, bc.span, p_.type_name(on), bound_text(unmet.trait, unmet.args));
        d.notes.push_back({pd.span, fmt::format("required by a bound on `{}` in `{}`", pd.name, f.path)});
        break;
      }
      // `T: Add<Output = T>`: the impl's associated type must be the one asked for.
      for (auto& [k, want] : tb.assoc) {
        std::vector<TypeId> elems{arg};
        elems.insert(elems.end(), args.begin(), args.end());
        TypeId have = p_.normalize(T.assoc(tb.trait, k, std::move(elems)));
        TypeId w = p_.normalize(T.subst(want, s));
        if (have != w && T.kind(have) != TyKind::Error && T.kind(w) != TyKind::Error) {
          cx_.diags.report(DiagKind::AssocTypeMismatch, bc.span,
                           fmt::format("<{} as {}>::{}", p_.type_name(arg), bound_text(tb.trait, args),
                                       p_.traits[tb.trait].assoc_types[k].name),
                           p_.type_name(w), p_.type_name(have))
              .notes.push_back({pd.span, fmt::format("required by a bound on `{}` in `{}`", pd.name, f.path)});
        }
      }
    }
  }
}

// `Vec::<i32>` in the path `Vec::<i32>::new`: the type `adt` with the arguments written on the
// segment before the last (nullopt if none; a wrong count is reported).
std::optional<TypeId> FnChecker::segment_type(const Expr& callee, AdtId adt) {
  if (callee.path.segments.size() < 2) return std::nullopt;
  const ast::GenericArgs* ta = callee.path.segments[callee.path.segments.size() - 2].generics.get();
  if (!ta || lifetimes_only(*ta)) return std::nullopt;
  size_t k = p_.adts[adt].generics.size();
  std::vector<TypeId> args;
  for (const auto& a : ta->args) {
    if (a.kind == ast::GenericArgKind::Type || a.kind == ast::GenericArgKind::Const) args.push_back(body_generic_arg(a));
  }
  if (args.size() != k) {
    cx_.diags.report(DiagKind::WrongTypeArgCount, ta->span, fmt::format("{} `{}`", p_.adts[adt].is_enum ? "enum" : "struct", p_.adts[adt].path),
                     k, k == 1 ? "" : "s", args.size(), args.size() == 1 ? "" : "s", args.size() == 1 ? "was" : "were");
    return std::nullopt;
  }
  if (!cx_.generic_arg_kinds_ok(p_.adts[adt].generics, args, ta->span)) return std::nullopt;
  return T.adt(adt, std::move(args));
}

// The type a type alias names in a value path or struct literal (`R::<u8>::Ok`, `P { x: 1 }`):
// its arguments as written (`ga`), or fresh ones if none are; a wrong count is E0107 (reported if
// `report`). nullopt: wrong.
std::optional<TypeId> FnChecker::alias_instance(uint32_t alias, const ast::GenericArgs* ga, bool report) {
  if (ga && lifetimes_only(*ga)) ga = nullptr;
  TypeId aliased = cx_.alias_type(alias);
  const std::vector<ParamId>& params = cx_.aliases[alias].params;
  std::vector<TypeId> args;
  if (ga) {
    for (const auto& a : ga->args) {
      if (a.kind == ast::GenericArgKind::Type || a.kind == ast::GenericArgKind::Const) args.push_back(body_generic_arg(a));
    }
    if (args.size() != params.size()) {
      size_t n = params.size();
      if (report) {
        cx_.diags.report(DiagKind::WrongTypeArgCount, ga->span, "type alias", n, n == 1 ? "" : "s", args.size(),
                         args.size() == 1 ? "" : "s", args.size() == 1 ? "was" : "were");
      }
      return std::nullopt;
    }
    if (report && !cx_.generic_arg_kinds_ok(params, args, ga->span)) return std::nullopt;
  } else {
    for (size_t k = 0; k < params.size(); ++k) args.push_back(fresh(VarKind::General));
  }
  if (params.empty()) return aliased;
  TypeTable::Subst sub;
  for (size_t k = 0; k < params.size(); ++k) sub.push_back({params[k], args[k]});
  return T.subst(aliased, sub);
}

// The enum type a path to one of its variants writes out, as rustc takes it: the enum's
// arguments on the variant's segment (`Some::<i32>`, `Option::Some::<i32>`, `None::<i32>`) or on
// the enum's (`Option::<i32>::Some`, `MyEnum::<u8>::Empty`), not on both (E0109); a wrong count is
// E0107. nullopt: none written (or wrong, reported if `report`).
std::optional<TypeId> FnChecker::variant_type(const ast::Path& path, AdtId adt, uint32_t variant, bool report) {
  if (path.segments.empty()) return std::nullopt;
  const ast::GenericArgs* on_variant = path.segments.back().generics.get();
  if (on_variant && lifetimes_only(*on_variant)) on_variant = nullptr;
  const ast::GenericArgs* on_enum = nullptr;
  if (path.segments.size() >= 2 && !path.qself) {
    on_enum = path.segments[path.segments.size() - 2].generics.get();
    if (on_enum && lifetimes_only(*on_enum)) on_enum = nullptr;
    // `R::<u8>::Ok(5)`, `O::Some(250)` with `type R<T> = Result<T, String>; type O = Option<u8>;`:
    // the alias's type, its arguments written or (if generic) inferred.
    ast::Path prefix;
    prefix.span = path.span;
    prefix.global = path.global;
    for (size_t i = 0; i + 1 < path.segments.size(); ++i) prefix.segments.push_back(ast::PathSegment{path.segments[i].name, nullptr});
    std::optional<Decl> pd = cx_.resolve_path(prefix, scope(), Context::Ns::Type, self_adt(), false);
    if (pd && pd->kind == Decl::Kind::Alias) {
      if (on_variant) {
        if (report) cx_.unsupported(on_variant->span, "generic arguments on a variant named through a type alias");
        return std::nullopt;
      }
      std::optional<TypeId> t = alias_instance(pd->id, on_enum, report);
      if (t && T.kind(*t) == TyKind::Adt && T.get(*t).id == adt) return t;
      return std::nullopt;
    }
  }
  if (!on_variant && !on_enum) return std::nullopt;
  const AdtDef& ad = p_.adts[adt];
  if (on_variant && on_enum) {
    if (report) {
      const char* kind = ad.variants[variant].kind == ast::StructKind::Unit    ? "unit variant"
                         : ad.variants[variant].kind == ast::StructKind::Tuple ? "tuple variant"
                                                                                : "struct variant";
      cx_.diags.report(DiagKind::SyntaxError, on_variant->span,
                       fmt::format("type arguments are not allowed on {} `{}`", kind, path.segments.back().name.name));
    }
    return std::nullopt;
  }
  const ast::GenericArgs& ga = on_variant ? *on_variant : *on_enum;
  size_t k = ad.generics.size();
  std::vector<TypeId> args;
  for (const auto& a : ga.args) {
    if (a.kind == ast::GenericArgKind::Type || a.kind == ast::GenericArgKind::Const) args.push_back(body_generic_arg(a));
  }
  if (args.size() != k) {
    if (report) {
      cx_.diags.report(DiagKind::WrongTypeArgCount, ga.span, fmt::format("enum `{}`", ad.path), k, k == 1 ? "" : "s",
                       args.size(), args.size() == 1 ? "" : "s", args.size() == 1 ? "was" : "were");
    }
    return std::nullopt;
  }
  if (report && !cx_.generic_arg_kinds_ok(ad.generics, args, ga.span)) return std::nullopt;
  return T.adt(adt, std::move(args));
}

// The struct type a path to it writes out in a struct literal or pattern (`W::<u8> { x: 1 }`);
// a wrong count is E0107 (reported). nullopt: none written, or wrong.
std::optional<TypeId> FnChecker::struct_type(const ast::Path& path, AdtId adt) {
  if (path.segments.empty()) return std::nullopt;
  const ast::GenericArgs* ga = path.segments.back().generics.get();
  if (!ga || lifetimes_only(*ga)) return std::nullopt;
  const AdtDef& sd = p_.adts[adt];
  size_t k = sd.generics.size();
  std::vector<TypeId> args;
  for (const auto& a : ga->args) {
    if (a.kind == ast::GenericArgKind::Type || a.kind == ast::GenericArgKind::Const) args.push_back(body_generic_arg(a));
  }
  if (args.size() != k) {
    cx_.diags.report(DiagKind::WrongTypeArgCount, ga->span, fmt::format("struct `{}`", sd.path), k, k == 1 ? "" : "s",
                     args.size(), args.size() == 1 ? "" : "s", args.size() == 1 ? "was" : "were");
    return std::nullopt;
  }
  if (!cx_.generic_arg_kinds_ok(sd.generics, args, ga->span)) return std::nullopt;
  return T.adt(adt, std::move(args));
}

TypeId FnChecker::check_call(const Expr& e, TypeId expected) {
  ExprInfo& inf = p_.exprs[e.id];
  const Expr& callee = *e.operand;
  // A value (a local shadows functions): a closure or a value of an `F: Fn..` type.
  if (callee.kind != ExprKind::Path ||
      (callee.path.segments.size() == 1 && find_local(callee.path.segments[0].name.name) != kNone)) {
    return check_value_call(e, expected);
  }
  p_.exprs[callee.id].type = check_path(callee, "function");
  visited_.push_back(callee.id);
  const ExprInfo& ci = p_.exprs[callee.id];
  if (ci.res == ValueRes::UnitStruct) {
    cx_.diags.report(DiagKind::NotCallable, callee.span, p_.adts[ci.res_id].path);
    return T.error();
  }
  if (ci.res == ValueRes::DefaultCtor) {
    if (!e.args.empty()) {
      cx_.diags.report(DiagKind::WrongArgCount, e.span, "function", 0, "s", e.args.size(),
                       e.args.size() == 1 ? "argument was" : "arguments were");
      for (auto& a : e.args) check_expr(*a, kNoExpectId());
    }
    if (ci.res_id == kNone) return ci.type_args[0];  // a generic parameter's default
    TypeId it = instance(ci.res_id);
    if (std::optional<TypeId> written = segment_type(callee, ci.res_id)) unify(it, *written);  // `Vec::<u8>::default()`
    return it;
  }
  if (ci.res == ValueRes::UnitVariant) {
    cx_.diags.report(DiagKind::NotCallable, callee.span, p_.adts[ci.res_id].path);
    return T.error();
  }
  if (ci.res == ValueRes::TupleStructCtor || ci.res == ValueRes::VariantCtor) {
    // `Meters(5.0)`, `Shape::Circle(1.0)`: the constructor takes the fields in order.
    inf.variant = ci.variant;
    const auto& fields = p_.fields_of(ci.res_id, ci.variant);
    size_t n = fields.size();
    TypeId inst = instance(ci.res_id);
    if (ci.variant != kNone) {
      if (std::optional<TypeId> written = variant_type(callee.path, ci.res_id, ci.variant, false)) unify(inst, *written);  // `Some::<u8>(5)`
    }
    expect_result(inst, expected);
    if (e.args.size() != n) {
      cx_.diags.report(DiagKind::WrongArgCount, e.span, ci.variant == kNone ? "struct" : "enum variant", n,
                       n == 1 ? "" : "s", e.args.size(), e.args.size() == 1 ? "argument was" : "arguments were");
    }
    for (size_t i = 0; i < e.args.size(); ++i) {
      TypeId expect = i < n ? field_ty(inst, ci.variant, i) : kNoExpectId();
      TypeId t = check_expr(*e.args[i], expect);
      if (i < n) coerce(t, expect, e.args[i]->span);
    }
    return inst;
  }
  if (ci.res == ValueRes::PrimMethod) {
    // `i32::abs(x)`: as `x.abs()`, the receiver first (by reference for `char::is_ascii_digit`).
    std::vector<TypeId> params = T.get(ci.type).elems;  // (a copy: checking may add types)
    TypeId ret = params.back();
    params.pop_back();
    inf.builtin = ExprInfo::Builtin::Prim;
    inf.field = ci.res_id;
    check_args(e, params, e.args);
    return ret;
  }
  if (ci.res != ValueRes::Fn) {
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  FnId fid = ci.res_id;
  // `Vec::<i32>::new()`, `Wrapper::<char>::new(..)`: the type's arguments, written on its segment
  // (which pick among functions of one name in impls for different instances: `P::<f64>::zero()`).
  std::optional<TypeId> written;
  if (p_.fns[fid].owner != kNone && p_.fns[fid].trait == kNone) {
    written = segment_type(callee, p_.fns[fid].owner);
    if (FnId other = written ? p_.instance_method(p_.fns[fid].owner, p_.fns[fid].name, resolve(*written)) : kNone; other != kNone) {
      fid = other;
    }
  }
  const FnDef& f = p_.fns[fid];
  inf.callee = fid;
  note_task_call(e, fid);
  // `T::new()`, `Circle::name()`: the path said what the trait's `Self` is.
  std::optional<TypeId> self_ty;
  if (!ci.type_args.empty()) self_ty = ci.type_args[0];
  const ast::GenericArgs* explicit_args = callee.path.segments.back().generics.get();
  if (explicit_args && lifetimes_only(*explicit_args)) explicit_args = nullptr;
  TypeTable::Subst s = instantiate(fid, e, self_ty, explicit_args);
  if (f.owner != kNone && f.trait == kNone) {
    if (written && !unify(inst(f.self_type, s), *written)) {
      // `Pair::<f64>::zero()` of `impl Pair<i32>`
      cx_.diags.report(DiagKind::NoAssociatedItem, callee.path.segments.back().name.span, callee.path.segments.back().name.name,
                       p_.type_name(resolve(*written)))
          .notes.push_back({f.span, fmt::format("the function is defined for `{}` only", p_.type_name(f.self_type))});
    }
  }
  TypeId ret = inst(f.ret, s);
  expect_result(ret, expected);
  // A method called with path syntax (`Type::method(recv, args)`) takes `self` first.
  check_args(e, param_types(f, s, true), e.args);
  closure_call_bounds(e);
  return ret;
}

TypeId FnChecker::check_method(const Expr& e) {
  TypeId rt = resolve(check_expr(*e.operand, kNoExpectId()));
  if (contains_var(rt)) {
    select_where_possible();
    rt = resolve(rt);
  }
  return check_method_on(e, rt);
}

// A method call whose receiver has been checked (its type is `rt`).
TypeId FnChecker::check_method_on(const Expr& e, TypeId rt) {
  ExprInfo& inf = p_.exprs[e.id];
  TypeId base = rt;
  bool via_ref = false, ref_mut = false;
  if (T.kind(base) == TyKind::Ref) {
    via_ref = true;
    ref_mut = T.ref_mut(base);
    base = T.pointee(base);
  }
  if (T.kind(base) == TyKind::Error) {
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  // Ord's max/min/clamp (not inherent methods, which rustc refuses on `{integer}`) on a
  // literal-typed receiver: the integer (float) method, at whatever type inference settles on.
  TypeId prim_lookup = base;
  if (T.kind(base) == TyKind::Var && static_cast<VarKind>(T.get(base).sub) != VarKind::General &&
      (e.name.name == "max" || e.name.name == "min" || e.name.name == "clamp")) {
    prim_lookup = static_cast<VarKind>(T.get(base).sub) == VarKind::Integer ? T.int_(IntTy::I32) : T.float_(FloatTy::F64);
  }
  if (T.kind(base) == TyKind::Var && static_cast<VarKind>(T.get(base).sub) != VarKind::General) {
    // `300.d()`: rustc picks the only numeric type whose trait impl has the method.
    std::vector<TypeId> candidates;
    for (const ImplDef& im : p_.impls) {
      TyKind k = T.kind(im.self_type);
      bool fits = static_cast<VarKind>(T.get(base).sub) == VarKind::Integer ? k == TyKind::Int : k == TyKind::Float;
      if (!fits || p_.trait_method(im.trait, e.name.name) == kNone) continue;
      if (std::find(candidates.begin(), candidates.end(), im.self_type) == candidates.end()) candidates.push_back(im.self_type);
    }
    if (candidates.empty()) {
      // `5.to_string()`: a blanket impl (`impl<T: Display> ToString for T`) applies at the
      // literal's fallback type, `i32` (`f64`), as in rustc.
      TypeId dflt = static_cast<VarKind>(T.get(base).sub) == VarKind::Integer ? T.int_(IntTy::I32) : T.float_(FloatTy::F64);
      for (const ImplDef& im : p_.impls) {
        if (T.kind(im.self_type) != TyKind::Param || p_.trait_method(im.trait, e.name.name) == kNone) continue;
        if (p_.find_impl(im.trait, dflt) != kNone) {
          candidates.push_back(dflt);
          break;
        }
      }
    }
    if (candidates.size() == 1 && unify(base, candidates[0])) {
      base = candidates[0];
      rt = via_ref ? T.ref(base, ref_mut) : base;
    }
  }
  if (T.kind(base) == TyKind::Var && prim_lookup == base && static_cast<VarKind>(T.get(base).sub) != VarKind::General &&
      (e.name.name == "cmp" || e.name.name == "partial_cmp")) {
    // `a.cmp(b)` on a `{integer}` (`v.sort_by(|a, b| b.cmp(a))` of an unannotated `vec![3, 1]`):
    // every integer (and float) type has these trait methods, so rustc needs no annotation.
    if (FnId sf = ord_method(e.name.name); sf != kNone) return check_ord_method(e, sf, base, via_ref, ref_mut);
  }
  if (T.kind(base) == TyKind::Var && prim_lookup == base) {
    if (static_cast<VarKind>(T.get(base).sub) != VarKind::General) {
      cx_.diags.report(DiagKind::AmbiguousNumeric, e.name.span, e.name.name, p_.type_name(base))
          .notes.push_back({e.operand->span, "give the value a type, e.g. with a suffix (`2_i32`) or an annotation"});
    } else {
      cx_.diags.report(DiagKind::CannotInfer, e.operand->span);
    }
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  while (T.kind(base) == TyKind::Ref) base = T.pointee(base);  // `&&i32`: methods of i32
  // Auto-deref through smart pointers (`Box`, `Deref` impls) when the pointer itself has no
  // such method (`b.area()` with `b: Box<Circle>`).
  for (std::optional<TypeId> inner; inf.auto_derefs < kMaxAutoDerefs && (inner = p_.deref_target(base));) {
    if (e.name.name == "clone" && e.args.empty() && p_.implements(base, Trait::Clone)) break;
    if (has_inherent_method(base, e.name.name)) break;
    if (trait_method_for(base, e.name, false) != kNone) break;
    // (`a.max(b)` on `String`s: the pointer's own `Ord`, as rustc finds it first)
    if (ord_method(e.name.name) != kNone && p_.implements(base, e.name.name == "partial_cmp" ? Trait::PartialOrd : Trait::Ord)) break;
    if (prim_lookup == base) prim_lookup = resolve(*inner);
    base = resolve(*inner);
    ++inf.auto_derefs;
    while (T.kind(base) == TyKind::Ref) {
      via_ref = true;
      ref_mut = T.ref_mut(base);
      base = T.pointee(base);
    }
  }
  if (T.kind(base) == TyKind::Array && (e.name.name == "len" || e.name.name == "is_empty") && e.args.empty()) {
    inf.builtin = e.name.name == "len" ? ExprInfo::Builtin::ArrayLen : ExprInfo::Builtin::ArrayIsEmpty;
    return e.name.name == "len" ? T.int_(IntTy::Usize) : T.bool_();
  }
  if (T.kind(base) == TyKind::Array || T.kind(base) == TyKind::Slice) {
    if (std::optional<TypeId> r = check_slice_method(e, rt, base, via_ref, ref_mut)) return *r;
  }
  bool int_like = T.kind(base) == TyKind::Int ||
                  (T.kind(base) == TyKind::Var && static_cast<VarKind>(T.get(base).sub) == VarKind::Integer);
  if (via_ref && (int_like || T.kind(base) == TyKind::Char || T.kind(base) == TyKind::Bool) &&
      (e.name.name == "max" || e.name.name == "min" || e.name.name == "clamp")) {
    // `px.max(py)` with `px: &i32`: `Ord::max` of `&i32` is found before i32's own (rustc
    // tries the receiver's type first), so it takes and returns references.
    if (FnId sf = ord_method(e.name.name); sf != kNone) return check_ord_method(e, sf, base, via_ref, ref_mut);
  }
  // std's inherent impls on primitives (`impl str { .. }` in stdlib/std/str.asr) come first.
  FnId prim_fn = p_.prim_assoc_fn(base, e.name.name);
  if (prim_fn != kNone && p_.fns[prim_fn].self_kind == ast::SelfKind::None) prim_fn = kNone;
  if (const PrimMethod* pm = prim_fn != kNone ? nullptr : find_prim_method(T, prim_lookup, e.name.name)) {
    inf.builtin = ExprInfo::Builtin::Prim;
    inf.field = prim_method_index(pm);
    size_t n = pm->params.size();
    if (e.args.size() != n) {
      cx_.diags.report(DiagKind::WrongArgCount, e.span, "method", n, n == 1 ? "" : "s", e.args.size(),
                       e.args.size() == 1 ? "argument was" : "arguments were");
    }
    for (size_t i = 0; i < e.args.size(); ++i) {
      TypeId expect = i < n ? prim_type(T, base, pm->params[i]) : kNoExpectId();
      TypeId t = check_expr(*e.args[i], expect);
      if (i < n) coerce(t, expect, e.args[i]->span);
    }
    return prim_type(T, base, pm->ret);
  }
  FnId m = kNone;
  if (T.kind(base) == TyKind::Adt) {
    const AdtDef& sd = p_.adts[T.get(base).id];
    auto it = sd.assoc.find(e.name.name);
    if (it != sd.assoc.end() && p_.fns[it->second].self_kind != ast::SelfKind::None) m = it->second;
    // (`p.describe()` with a `describe` in `impl P<i32>` and in `impl P<f64>`: the one for p's type)
    if (FnId inst = m != kNone ? p_.instance_method(T.get(base).id, e.name.name, resolve(base)) : kNone; inst != kNone) m = inst;
  }
  if (m == kNone) m = prim_fn;
  if (m == kNone && e.name.name == "clone" && e.args.empty() && p_.implements(base, Trait::Clone) &&
      T.kind(base) != TyKind::Str && p_.hand_written(Trait::Clone, base) == kNone) {
    // Derived (or built-in) `Clone::clone(&self)`: a copy of the value.
    inf.builtin = ExprInfo::Builtin::Clone;
    inf.recv = via_ref ? ExprInfo::Recv::ByValue : ExprInfo::Recv::AutoRef;
    return base;
  }
  if (m == kNone) {
    FnId tm = trait_method_for(base, e.name, true);
    if (tm != kNone && p_.fns[tm].self_kind != ast::SelfKind::None) {
      m = tm;
      if (contains_var(base) && T.kind(base) != TyKind::Param) {
        // `(3, 4).d()`: a unique impl also fixes the literals' types.
        TypeTable::Subst map;
        TraitId tr = p_.fns[tm].trait;
        if (p_.matching_impls(tr, base) == 1 && p_.find_impl(tr, base, &map) != kNone) {
          unify(base, T.subst(p_.impls[p_.find_impl(tr, base)].self_type, map));
        }
        impl_checks_.push_back({base, tr, e.name.span});
      }
    }
  }
  if (via_ref && !ref_mut && inf.auto_derefs == 0 && T.kind(resolve(T.pointee(rt))) != TyKind::Ref &&
      (m == kNone || p_.fns[m].self_kind == ast::SelfKind::RefMut)) {
    // Rust's probe order on a `&T` receiver: methods taking `&T` by value, then `&&T`, then
    // `&mut &T`, and only then T's own (`&mut T` cannot be reached through `&T` anyway). So
    // with `w: &TcpStream`, `w.write_all(..)` is `<&TcpStream as Write>::write_all(&mut w, ..)`
    // (the impl for the reference; `w` must be `mut`), not TcpStream's `&mut self` method.
    FnId rm = trait_method_for(rt, e.name, m == kNone);
    if (rm != kNone && p_.fns[rm].self_kind != ast::SelfKind::None && p_.find_impl(p_.fns[rm].trait, rt) != kNone) {
      m = rm;
      base = rt;
      via_ref = false;
    }
  }
  if (m == kNone) {
    // `a.cmp(&b)`, `a.max(b)`, ...: Ord's and PartialOrd's methods are std::cmp functions.
    if (FnId sf = ord_method(e.name.name); sf != kNone) return check_ord_method(e, sf, base, via_ref, ref_mut);
  }
  if (m == kNone && T.kind(base) == TyKind::Adt &&
      (e.name.name == "eq" || e.name.name == "ne" || e.name.name == "hash") &&
      (p_.implements(base, Trait::PartialEq) || p_.implements(base, Trait::PartialOrd))) {
    cx_.unsupported(e.name.span, fmt::format("calling the comparison method `{}` (use the operators)", e.name.name));
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  static const char* box_methods[] = {"leak", "into_raw", "from_raw", "downcast", "into_inner", "pin", "into_pin"};
  if (m == kNone && inf.auto_derefs > 0 &&
      std::any_of(std::begin(box_methods), std::end(box_methods), [&](const char* n) { return e.name.name == n; })) {
    cx_.diags.report(DiagKind::Unsupported, e.name.span, fmt::format("the method `{}` of `Box`", e.name.name))
        .notes.push_back({Span{}, "dereference the box instead: `&*b`, `&mut *b`"});
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  if (m == kNone) {
    // std's `Option` methods that need an impl for some instances only (`Option<&T>::copied`),
    // or that asrc has not written yet.
    static const char* later_option_methods[] = {"as_deref", "as_deref_mut",
                                                 "get_or_insert", "get_or_insert_with", "insert",
                                                 "iter", "map_or_else", "flatten", "unzip", "inspect"};
    bool later_option = false;
    if (T.kind(base) == TyKind::Adt && p_.adts[T.get(base).id].name == "Option" &&
        p_.modules[p_.adts[T.get(base).id].module].path == "std::option") {
      for (const char* n : later_option_methods) later_option = later_option || e.name.name == n;
    }
    // Vec's methods that come with iterators, or that asrc has not written yet (rustc has them
    // through `Deref<Target = [T]>` or on Vec itself).
    static const char* later_vec_methods[] = {"dedup_by", "split_at", "split_at_mut", "into_boxed_slice",
                                              "position", "sort_by_cached_key",
                                              "leak", "resize_with", "extract_if"};
    // Rust's std::sync methods that asrc has not written yet (stdlib/std/sync/).
    static const std::pair<const char*, const char*> later_sync_methods[] = {
        {"std::sync::Condvar", "wait_timeout"}, {"std::sync::Condvar", "wait_timeout_while"},
        {"std::sync::Condvar", "wait_timeout_ms"}, {"std::sync::mpsc::Receiver", "recv_deadline"}};
    if (T.kind(base) == TyKind::Adt) {
      const std::string& path = p_.adts[T.get(base).id].path;
      for (auto& [type, name] : later_sync_methods) later_option = later_option || (path == type && e.name.name == name);
    }
    TypeId recv = resolve(rt);
    while (T.kind(recv) == TyKind::Ref) recv = resolve(T.pointee(recv));
    if (p_.is_vec(base) || p_.is_vec(recv)) {  // (a Vec's lookup ends in the slice it derefs to)
      for (const char* n : later_vec_methods) later_option = later_option || e.name.name == n;
    }
    bool slice_impl = T.kind(base) == TyKind::Array && trait_method_for(T.slice(T.get(base).elems[0]), e.name, false) != kNone;
    if (slice_impl) {
      // (rustc finds `impl Stats for [i64]` from an array through an unsizing step)
      cx_.diags.report(DiagKind::Unsupported, e.name.span,
                       fmt::format("calling `{}` of a trait impl for a slice on an array", e.name.name))
          .notes.push_back({Span{}, fmt::format("call it on a slice of the array: `{}[..].{}()`", expr_text(*e.operand), e.name.name)});
    } else if (later_option || is_later_prim_method(T, base, e.name.name) ||
        (T.kind(base) == TyKind::Adt && T.get(base).id == p_.string_adt && is_later_prim_method(T, T.str(), e.name.name))) {
      cx_.unsupported(e.name.span, fmt::format("the method `{}` on `{}`", e.name.name, p_.type_name(rt)));
    } else {
      cx_.diags.report(DiagKind::NoMethod, e.name.span, e.name.name, p_.type_name(rt));
    }
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  const FnDef& f = p_.fns[m];
  inf.callee = m;
  note_task_call(e, m);
  cx_.check_fn_visible(m, scope(), e.name.span);
  if (via_ref && inf.auto_derefs == 0 && f.self_kind == ast::SelfKind::Value && f.trait != kNone &&
      p_.find_impl(f.trait, rt) != kNone) {
    // `"text".into()`: rustc tries the receiver's own type first, and an impl takes the
    // reference itself by value (`Into<String> for &str`).
    base = rt;
    via_ref = false;
  }
  switch (f.self_kind) {
    case ast::SelfKind::Ref:
      inf.recv = via_ref ? ExprInfo::Recv::ByValue : ExprInfo::Recv::AutoRef;
      if (!via_ref && !is_place(*e.operand)) {
        // a temporary receiver is fine: C++ binds it to a const reference
      }
      break;
    case ast::SelfKind::RefMut:
      if (via_ref && !ref_mut) {
        // (E0596 as rustc words it: `v.push(1)` with `v: &Vec<i32>`)
        cx_.diags.report(DiagKind::SyntaxError, e.operand->span,
                         fmt::format("cannot borrow `*{}` as mutable, as it is behind a `&` reference", expr_text(*e.operand)));
      } else if (inf.auto_derefs > 0 && !deref_chain_mutable(*e.operand, inf, e.operand->span, true)) {
        // (reported: `Rc<T>`-like pointers without `DerefMut`)
      } else if (!via_ref && inf.auto_derefs > 0 && p_.is_box(resolve(p_.exprs[e.operand->id].type)) &&
                 e.operand->kind == ExprKind::Path &&
                 p_.exprs[e.operand->id].res == ValueRes::Local && !p_.fns[fn_].locals[p_.exprs[e.operand->id].res_id].is_mut) {
        // `b.bump()` through a Box: the boxed value is borrowed, as rustc words it.
        const LocalDef& l = p_.fns[fn_].locals[p_.exprs[e.operand->id].res_id];
        cx_.diags.report(DiagKind::SyntaxError, e.operand->span,
                         fmt::format("cannot borrow `*{0}` as mutable, as `{0}` is not declared as mutable", l.name))
            .notes.push_back({l.span, fmt::format("consider changing this to be mutable: `mut {}`", l.name)});
      } else if (!via_ref) {
        require_mutable_place(*e.operand, true);
      }
      inf.recv = via_ref ? ExprInfo::Recv::ByValue : ExprInfo::Recv::AutoRefMut;
      break;
    case ast::SelfKind::Value:
      inf.recv = via_ref ? ExprInfo::Recv::Deref : ExprInfo::Recv::ByValue;
      if (T.kind(base) == TyKind::Dyn) {
        cx_.diags.report(DiagKind::MoveOutOfDyn, e.operand->span, p_.type_name(base))
            .notes.push_back({Span{}, "the size of a trait object is not known: a method taking `self` cannot be called through it"});
      } else if (via_ref && !p_.implements(base, Trait::Copy)) {
        cx_.diags.report(DiagKind::MoveOutOfRef, e.operand->span, "*" + expr_text(*e.operand),
                         ref_mut ? "mutable" : "shared");
      } else if (std::optional<TypeId> ptr = user_deref_in_chain(resolve(p_.exprs[e.operand->id].type), inf.auto_derefs);
                 ptr && !p_.implements(base, Trait::Copy)) {
        cx_.diags.report(DiagKind::MoveOutOfDeref, e.operand->span, p_.type_name(*ptr))
            .notes.push_back({Span{}, fmt::format("move occurs because value has type `{}`, which does not implement the `Copy` trait",
                                                  p_.type_name(base))});
      }
      break;
    default: break;
  }
  const ast::GenericArgs* explicit_args = e.generics && !lifetimes_only(*e.generics) ? e.generics.get() : nullptr;
  TypeTable::Subst s = instantiate(m, e, base, explicit_args);
  if (f.instance_impl && !unify(T.subst(f.self_type, s), base)) {
    // `p.sum()` of `impl Pair<i32>` on a `Pair<f64>`
    cx_.diags.report(DiagKind::NoMethod, e.name.span, e.name.name, p_.type_name(resolve(rt)))
        .notes.push_back({f.span, fmt::format("the method is defined for `{}` only", p_.type_name(f.self_type))});
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  if (!f.generics.empty()) unify(T.subst(f.self_type, s), base);
  check_args(e, param_types(f, s, false), e.args, "method");
  closure_call_bounds(e);
  return inst(f.ret, s);
}

// The std::cmp function implementing Ord/PartialOrd method `name` (kNone if none).
FnId FnChecker::ord_method(const std::string& name) {
  static const std::pair<const char*, const char*> methods[] = {
      {"cmp", "ord_cmp"}, {"partial_cmp", "ord_partial_cmp"}, {"max", "ord_max"}, {"min", "ord_min"}, {"clamp", "ord_clamp"}};
  ModuleId cmp = cx_.module_by_path("std::cmp");
  if (cmp == kNone) return kNone;
  for (auto& [method, fn] : methods) {
    if (name != method) continue;
    const Decl* d = cx_.lookup(cmp, fn, Context::Ns::Value);
    return d && d->kind == Decl::Kind::Fn ? d->id : kNone;
  }
  return kNone;
}

// `recv.name(args)` as `std::cmp::ord_name(recv, args)`: the receiver is the first parameter
// (`&T` for cmp/partial_cmp, `T` otherwise); the function's bound (`T: Ord`) is the method's.
TypeId FnChecker::check_ord_method(const Expr& e, FnId fn, TypeId base, bool via_ref, bool /*ref_mut*/) {
  ExprInfo& inf = p_.exprs[e.id];
  const FnDef& f = p_.fns[fn];
  inf.callee = fn;
  TypeTable::Subst s = instantiate(fn, e, std::nullopt, nullptr);
  std::vector<TypeId> params = param_types(f, s, false);
  TypeId first = params.front();
  if (T.kind(first) == TyKind::Ref) {
    unify(T.pointee(first), base);
    inf.recv = via_ref ? ExprInfo::Recv::ByValue : ExprInfo::Recv::AutoRef;
  } else if (via_ref) {
    // `r.max(&4)` with `r: &i32`: references implement `Ord` too, and method lookup tries the
    // receiver's own type first, so `Self` is the reference (rustc: `max(self, other: Self)`).
    unify(first, resolve(p_.exprs[e.operand->id].type));
    inf.recv = ExprInfo::Recv::ByValue;
  } else {
    unify(first, base);
    inf.recv = ExprInfo::Recv::ByValue;
  }
  params.erase(params.begin());
  check_args(e, params, e.args, "method");
  return T.subst(f.ret, s);
}

TypeId FnChecker::check_field(const Expr& e) {
  ExprInfo& inf = p_.exprs[e.id];
  TypeId t = resolve(check_expr(*e.operand, kNoExpectId()));
  t = peel_derefs(t, inf.auto_derefs, [&](TypeId at) {  // (a pointer's own field first)
    if (T.kind(at) != TyKind::Adt || p_.is_box(at)) return false;
    for (const FieldDef& f : p_.adts[T.get(at).id].fields) if (f.name == e.name.name) return true;
    return false;
  });
  if (T.kind(t) == TyKind::Error) return t;
  if (T.kind(t) == TyKind::Adt) {
    const AdtDef& sd = p_.adts[T.get(t).id];
    for (size_t i = 0; i < sd.fields.size(); ++i) {
      if (sd.fields[i].name == e.name.name) {
        inf.field = static_cast<uint32_t>(i);
        cx_.check_field_visible(T.get(t).id, kNone, i, scope(), e.name.span, true);
        return field_ty(t, kNone, i);
      }
    }
    if (sd.assoc.count(e.name.name)) {
      cx_.diags.report(DiagKind::NoField, e.name.span, e.name.name, sd.path)
          .notes.push_back({Span{}, fmt::format("`{}` is a method; call it with `()`", e.name.name)});
      return T.error();
    }
  }
  if (T.kind(t) == TyKind::Var) {
    cx_.diags.report(DiagKind::CannotInfer, e.operand->span);
    return T.error();
  }
  cx_.diags.report(DiagKind::NoField, e.name.span, e.name.name, p_.type_name(t));
  return T.error();
}

TypeId FnChecker::check_tuple(const Expr& e, TypeId expected) {
  if (e.args.empty()) return T.unit();
  if (e.args.size() > 12) {
    cx_.unsupported(e.span, "tuples of more than 12 elements");
    return T.error();
  }
  std::vector<TypeId> expect_elems;
  if (has_expect(expected)) {
    TypeId x = shallow(expected);
    if (T.kind(x) == TyKind::Tuple && T.get(x).elems.size() == e.args.size()) expect_elems = T.get(x).elems;
  }
  std::vector<TypeId> elems;
  for (size_t i = 0; i < e.args.size(); ++i) {
    elems.push_back(check_expr(*e.args[i], i < expect_elems.size() ? expect_elems[i] : kNoExpectId()));
    // A closure element expected as a function pointer becomes one (`('+', |a, b| a + b)`), and
    // an element becomes the expected trait object: `(Box::new(c), 1)` as `(Box<dyn Shape>, i32)`,
    // and a reference the expected one (`(&v, &s)` as `(&[i32], &str)`).
    if (i < expect_elems.size() &&
        ((T.kind(shallow(expect_elems[i])) == TyKind::FnPtr && T.kind(shallow(elems[i])) == TyKind::Closure) ||
         (T.kind(shallow(expect_elems[i])) == TyKind::Ref && T.kind(shallow(elems[i])) == TyKind::Ref) ||
         contains_dyn(resolve(expect_elems[i]))) &&
        coerce(elems[i], expect_elems[i], e.args[i]->span)) {
      elems[i] = expect_elems[i];
    }
  }
  return T.tuple(std::move(elems));
}

TypeId FnChecker::check_tuple_field(const Expr& e) {
  TypeId t = resolve(check_expr(*e.operand, kNoExpectId()));
  t = peel_derefs(t, p_.exprs[e.id].auto_derefs, [&](TypeId at) {
    return T.kind(at) == TyKind::Tuple || (T.kind(at) == TyKind::Adt && !p_.is_box(at) && p_.adts[T.get(at).id].kind == ast::StructKind::Tuple && !p_.adts[T.get(at).id].is_enum);
  });
  if (T.kind(t) == TyKind::Error) return t;
  if (T.kind(t) == TyKind::Var) {
    cx_.diags.report(DiagKind::CannotInfer, e.operand->span);
    return T.error();
  }
  size_t index = 0;
  bool numeric = !e.name.name.empty();
  for (char c : e.name.name) {
    if (c < '0' || c > '9') numeric = false;
    else index = index * 10 + static_cast<size_t>(c - '0');
    if (index > 1000) numeric = false;
  }
  if (numeric && T.kind(t) == TyKind::Tuple && index < T.get(t).elems.size()) {
    p_.exprs[e.id].field = static_cast<uint32_t>(index);
    return T.get(t).elems[index];
  }
  if (numeric && T.kind(t) == TyKind::Adt && p_.adts[T.get(t).id].kind == ast::StructKind::Tuple &&
      index < p_.adts[T.get(t).id].fields.size()) {
    p_.exprs[e.id].field = static_cast<uint32_t>(index);
    cx_.check_field_visible(T.get(t).id, kNone, index, scope(), e.name.span, true);
    return field_ty(t, kNone, index);
  }
  cx_.diags.report(DiagKind::NoField, e.name.span, e.name.name, p_.type_name(t));
  return T.error();
}

// `x?`: the value of `Ok`/`Some`, or an early return of the `Err`/`None`. The function must
// return the same kind (`Result` with the same error type: error conversions through `From`
// are not supported yet).
TypeId FnChecker::check_try(const Expr& e) {
  TypeId t = resolve(check_expr(*e.operand, kNoExpectId()));
  if (T.kind(t) == TyKind::Error) return t;
  bool is_result = T.kind(t) == TyKind::Adt && T.get(t).id == p_.result_adt;
  bool is_option = T.kind(t) == TyKind::Adt && T.get(t).id == p_.option_adt;
  if (!is_result && !is_option) {
    cx_.diags.report(DiagKind::TryOperand, e.span, p_.type_name(t))
        .notes.push_back({Span{}, "the `?` operator applies to values of type `Result` or `Option`"});
    return T.error();
  }
  TypeId ret = resolve(ret_);
  if (T.kind(ret) == TyKind::Var && static_cast<VarKind>(T.get(ret).sub) == VarKind::General) {
    // A closure whose return type is still open (`|x| Some(x? + 1)`) returns an `Option` or
    // a `Result` (whose error type is settled by the `From` obligation below, as in rustc).
    if (is_option) unify(ret, T.adt(p_.option_adt, {fresh(VarKind::General)}));
    else unify(ret, T.adt(p_.result_adt, {fresh(VarKind::General), fresh(VarKind::General)}));
    ret = resolve(ret_);
  }
  bool ret_matches = T.kind(ret) == TyKind::Adt && T.get(ret).id == T.get(t).id;
  if (!ret_matches) {
    cx_.diags.report(DiagKind::TryInFunction, e.span, is_result ? "Result" : "Option")
        .notes.push_back({p_.fns[fn_].span, fmt::format("this function should return `Result` or `Option` to accept `?` (it returns `{}`)",
                                                         p_.type_name(ret))});
    return T.error();
  }
  if (is_result) {
    TypeId err = resolve(T.get(t).elems[1]), ret_err = resolve(T.get(ret).elems[1]);
    TraitId from = p_.lang_trait("from");
    if (err != ret_err && (contains_var(err) || contains_var(ret_err)) && from != kNone &&
        T.kind(ret_err) != TyKind::Error) {
      // `s.parse()?` in a function returning `Box<dyn Error>`: the error type is known only
      // once the statement is (the let's annotation picks `F`), as rustc's `From` obligation.
      pending_tries_.push_back({&e, err, ret_err});
    } else {
      convert_try_error(e, err, ret_err);
    }
  }
  try_values_.push_back(T.get(t).elems[0]);
  return T.get(t).elems[0];
}

// The error of `e?` into the function's error type: the same type, or through `From::from`.
void FnChecker::convert_try_error(const Expr& e, TypeId err, TypeId ret_err) {
  TraitId from = p_.lang_trait("from");
  err = resolve(err);
  ret_err = resolve(ret_err);
  if (err != ret_err && !contains_var(err) && !contains_var(ret_err) && from != kNone &&
      p_.implements(ret_err, from, {err})) {
    // `?` converts the error with `From::from`, as in Rust.
    ExprInfo& inf = p_.exprs[e.id];
    inf.callee = p_.traits[from].methods[0];
    inf.type_args = {ret_err, err};
  } else if (!unify(err, ret_err)) {
    cx_.diags.report(DiagKind::TryConvert, e.span, p_.type_name(resolve(ret_err)))
        .notes.push_back({Span{}, fmt::format("the trait `From<{}>` is not implemented for `{}`",
                                              p_.type_name(resolve(err)), p_.type_name(resolve(ret_err)))});
  }
}

// The `?`s whose error type was open: those now known are converted; at the end of the body
// (`last`) an error type still open is taken to be the function's, as before `From`.
void FnChecker::resolve_pending_tries(bool last) {
  for (size_t k = 0; k < pending_tries_.size();) {
    PendingTry pt = pending_tries_[k];
    if (!last && (contains_var(resolve(pt.err)) || contains_var(resolve(pt.ret_err)))) {
      ++k;
      continue;
    }
    pending_tries_.erase(pending_tries_.begin() + static_cast<std::ptrdiff_t>(k));
    convert_try_error(*pt.expr, pt.err, pt.ret_err);
  }
}

TypeId FnChecker::check_struct_lit(const Expr& e, TypeId expected) {
  std::optional<Decl> d = cx_.resolve_path(e.path, scope(), Context::Ns::Type, self_adt());
  std::optional<uint32_t> alias;
  if (d && d->kind == Decl::Kind::Alias) alias = d->id;
  bool via_alias = alias.has_value();
  if (d && d->kind == Decl::Kind::Alias) {  // `type P = Point; P { x: 1, y: 2 }`
    TypeId t = cx_.alias_type(d->id);
    if (T.kind(t) == TyKind::Adt) d = Decl{Decl::Kind::Adt, T.get(t).id, d->span};
  }
  if (!d) {
    for (auto& f : e.fields) if (f.value) check_expr(*f.value, kNoExpectId());
    return T.error();
  }
  if ((d->kind != Decl::Kind::Adt && d->kind != Decl::Kind::Variant) ||
      (d->kind == Decl::Kind::Adt && p_.adts[d->id].is_enum)) {
    cx_.diags.report(DiagKind::PatternNotFound, e.path.span, "struct, variant or union type", decl_what(*d),
                     cx_.describe(e.path));
    for (auto& f : e.fields) if (f.value) check_expr(*f.value, kNoExpectId());
    return T.error();
  }
  const AdtDef& sd = p_.adts[d->id];
  uint32_t variant = d->kind == Decl::Kind::Variant ? d->variant : kNone;
  p_.exprs[e.id].variant = variant;
  const std::vector<FieldDef>& fields = p_.fields_of(d->id, variant);
  std::string what = variant == kNone ? sd.path : sd.path + "::" + sd.variants[variant].name;
  if (sd.is_std) {
    cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("cannot construct `{}` with struct literal syntax due to private fields", sd.path));
    return T.error();
  }
  if (e.base && variant != kNone) {
    cx_.diags.report(DiagKind::SyntaxError, e.base->span, "functional record update syntax requires a struct");
  }
  std::vector<bool> seen(fields.size(), false);
  TypeId inst = instance(d->id);
  if (variant != kNone) {
    if (std::optional<TypeId> written = variant_type(e.path, d->id, variant, true)) unify(inst, *written);  // `E::<u8>::V { .. }`
  } else if (!via_alias) {
    if (std::optional<TypeId> written = struct_type(e.path, d->id)) unify(inst, *written);  // `W::<u8> { x: 1 }`
  } else if (std::optional<TypeId> aliased = alias_instance(*alias, e.path.segments.back().generics.get(), true)) {
    unify(inst, *aliased);  // `type P = W<u8>; P { x: 250 }`
  }
  expect_result(inst, expected);
  for (const auto& fi : e.fields) {
    size_t idx = fields.size();
    for (size_t i = 0; i < fields.size(); ++i) if (fields[i].name == fi.name.name) idx = i;
    if (idx < fields.size()) cx_.check_field_visible(d->id, variant, idx, scope(), fi.name.span, false);
    TypeId expect = idx < fields.size() ? field_ty(inst, variant, idx) : kNoExpectId();
    TypeId vt;
    if (fi.value) {
      vt = check_expr(*fi.value, expect);
    } else {
      LocalId l = find_local(fi.name.name);
      if (l == kNone) {
        cx_.diags.report(DiagKind::UnresolvedName, fi.name.span, "value", fi.name.name);
        vt = T.error();
      } else {
        vt = p_.fns[fn_].locals[l].type;
        p_.shorthand_locals[&fi] = l;
      }
    }
    if (idx == fields.size()) {
      cx_.diags.report(DiagKind::UnknownStructField, fi.name.span, variant == kNone ? "struct" : "variant", what, fi.name.name);
      continue;
    }
    if (seen[idx]) {
      cx_.diags.report(DiagKind::DuplicateField, fi.name.span, fi.name.name);
      continue;
    }
    seen[idx] = true;
    coerce(vt, expect, fi.value ? fi.value->span : fi.name.span);
  }
  if (!e.base) {
    auto [count, list] = missing_fields(fields, seen);
    if (count) cx_.diags.report(DiagKind::MissingFields, e.path.span, count == 1 ? "" : "s", list, what);
  } else {
    // `..base`: the remaining fields come from a value of the same struct.
    TypeId bt = check_expr(*e.base, inst);
    coerce(bt, inst, e.base->span);
  }
  return inst;
}

// The fields not `seen`, as "`a`, `b` and `c`", and how many.
std::pair<size_t, std::string> FnChecker::missing_fields(const std::vector<FieldDef>& fields,
                                                         const std::vector<bool>& seen) {
  std::vector<std::string> missing;
  for (size_t i = 0; i < fields.size(); ++i) if (!seen[i]) missing.push_back("`" + fields[i].name + "`");
  std::string list;
  for (size_t i = 0; i < missing.size(); ++i) {
    if (i) list += i + 1 == missing.size() ? " and " : ", ";
    list += missing[i];
  }
  return {missing.size(), list};
}

TypeId FnChecker::check_if(const Expr& e, TypeId expected) {
  // `if let` bindings are visible in the then-branch only.
  push_scope();
  check_condition(*e.cond);
  std::unordered_set<LocalId> before = assigned_once_;  // (the branches are alternatives:
  TypeId then_t = check_block(*e.block, e.else_branch ? expected : T.unit());
  pop_scope();
  std::unordered_set<LocalId> in_then = assigned_once_;  // `let x;` may be set in each)
  if (e.else_branch) assigned_once_ = std::move(before);
  if (!e.else_branch) {
    TypeId t = then_t;
    if (!coerce(t, T.unit(), e.block->tail ? e.block->tail->span : e.block->span, false)) {
      auto& d = cx_.diags.report(DiagKind::MismatchedTypes, e.block->tail ? e.block->tail->span : e.block->span,
                                 "`()`", mismatch_name(resolve(t)));
      d.notes.push_back({e.span, "`if` expressions without `else` evaluate to `()`"});
      return T.error();
    }
    return T.unit();
  }
  TypeId a = then_t;
  TypeId b = check_expr(*e.else_branch, has_expect(expected) ? expected : a);
  assigned_once_.insert(in_then.begin(), in_then.end());
  Span bspan = e.else_branch->span;
  if (e.else_branch->kind == ExprKind::Block && e.else_branch->block->tail) bspan = e.else_branch->block->tail->span;
  if (has_expect(expected) && contains_dyn(resolve(expected))) {
    // Each branch becomes the expected trait object (`if c { Box::new(A) } else { Box::new(B) }`).
    Span aspan = e.block->tail ? e.block->tail->span : e.block->span;
    bool ok = T.kind(shallow(a)) == TyKind::Never || coerce(a, expected, aspan);
    ok = (T.kind(shallow(b)) == TyKind::Never || coerce(b, expected, bspan)) && ok;
    return ok ? expected : T.error();
  }
  if (T.kind(shallow(a)) == TyKind::Never) return b;
  if (T.kind(shallow(b)) == TyKind::Never) return a;
  if (expects_slice_ref(expected)) {
    // `if c { &a3 } else { &a4 }` where `&[T]` is expected: both branches unsize to it.
    coerce(a, expected, e.block->tail ? e.block->tail->span : e.block->span);
    coerce(b, expected, bspan);
    return expected;
  }
  if (!coerce(b, a, bspan, false)) {
    cx_.diags.report(DiagKind::MismatchedTypes, bspan, mismatch_name(resolve(a)), mismatch_name(resolve(b)))
        .notes.push_back({Span{}, "`if` and `else` have incompatible types"});
    return T.error();
  }
  return a;
}

// `for PAT in ITER { .. }` over an integer range (`a..b`, `a..=b`, `a..`), possibly adapted
// with `.rev()` / `.step_by(n)`; other iterables come with the Iterator trait.
TypeId FnChecker::check_for(const Expr& e) {
  const Expr* outer = for_expr_;
  for_expr_ = &e;
  TypeId elem = range_iterable(*e.iter);
  for_expr_ = outer;
  push_scope();
  PatCtx pc;
  check_pat(*e.pat, elem, BindMode::Move, pc);
  coverage_.push_back({{{e.pat.get(), false}}, elem, e.pat->span, CoverageKind::For});
  loops_.push_back({e.label ? e.label->name : "", true, T.unit(), false, false, "for"});
  TypeId b = check_block(*e.block, T.unit());
  coerce(b, T.unit(), e.block->tail ? e.block->tail->span : e.block->span);
  loops_.pop_back();
  pop_scope();
  return T.unit();
}

// The element type of a range iterable, checking its parts; reports other iterables.
TypeId FnChecker::range_iterable(const Expr& it) {
  const Expr* x = &it;
  while (x->kind == ExprKind::Paren) x = x->operand.get();
  // (`.rev()` / `.step_by(n)` of a range literal: walked in place; of anything else, the
  // Iterator adaptors)
  auto range_literal_chain = [](const Expr* c) {
    while (c->kind == ExprKind::Paren ||
           (c->kind == ExprKind::MethodCall && (c->name.name == "rev" || c->name.name == "step_by"))) {
      c = c->operand.get();
    }
    return c->kind == ExprKind::Range;
  };
  if (x->kind == ExprKind::MethodCall && (x->name.name == "rev" || x->name.name == "step_by") && range_literal_chain(x)) {
    bool step = x->name.name == "step_by";
    TypeId elem = range_iterable(*x->operand);
    const Expr* base = x->operand.get();
    while (base->kind == ExprKind::Paren) base = base->operand.get();
    if (!step && ((base->kind == ExprKind::Range && !base->rhs) ||
                  (base->kind != ExprKind::Range && range_kind(p_, resolve(p_.exprs[base->id].type)) == RangeKind::RangeFrom))) {
      cx_.diags.report(DiagKind::SyntaxError, x->name.span, "`RangeFrom` has no last element: it cannot be reversed");
    }
    size_t want = step ? 1 : 0;
    if (x->args.size() != want) {
      cx_.diags.report(DiagKind::WrongArgCount, x->span, "method", want, want == 1 ? "" : "s", x->args.size(),
                       x->args.size() == 1 ? "argument was" : "arguments were");
    }
    for (const auto& a : x->args) coerce(check_expr(*a, T.int_(IntTy::Usize)), T.int_(IntTy::Usize), a->span);
    p_.exprs[x->id].type = T.error();  // not a value of its own (lower reads the chain)
    visited_.push_back(x->id);
    return elem;
  }
  if (x->kind == ExprKind::Range) {
    if (!x->lhs) {
      TypeId t = x->rhs ? check_expr(*x->rhs, kNoExpectId()) : T.error();
      cx_.diags.report(DiagKind::SyntaxError, x->span, fmt::format("`{}` is not an iterator", x->inclusive ? "RangeToInclusive" : "RangeTo"))
          .notes.push_back({Span{}, "a range without a start has no first element"});
      (void)t;
      return T.error();
    }
    TypeId elem = check_expr(*x->lhs, kNoExpectId());
    if (x->rhs) {
      TypeId hi = check_expr(*x->rhs, elem);
      if (!unify(elem, hi)) {
        mismatch(elem, hi, x->rhs->span);
        return T.error();
      }
    }
    p_.exprs[x->id].type = T.error();
    visited_.push_back(x->id);
    TypeId s = shallow(elem);
    bool int_like = T.kind(s) == TyKind::Int || T.kind(s) == TyKind::Error ||
                    (T.kind(s) == TyKind::Var && static_cast<VarKind>(T.get(s).sub) == VarKind::Integer);
    if (T.kind(s) == TyKind::Char && x->rhs) return elem;  // `'a'..='z'`
    if (!int_like) {
      if (T.kind(s) == TyKind::Char) cx_.unsupported(x->span, "iterating over `RangeFrom<char>`");
      else cx_.diags.report(DiagKind::SyntaxError, x->span, fmt::format("the trait `Step` is not implemented for `{}`", p_.type_name(resolve(elem))));
      return T.error();
    }
    return elem;
  }
  // Arrays: by value (`for x in arr`), by reference (`&arr`, `arr.iter()`), mutably
  // (`&mut arr`, `arr.iter_mut()`).
  if (x->kind == ExprKind::MethodCall && (x->name.name == "iter" || x->name.name == "iter_mut") && x->args.empty()) {
    TypeId at = resolve(check_expr(*x->operand, kNoExpectId()));
    TypeId base = peel_derefs(at, p_.exprs[x->id].auto_derefs, [&](TypeId bt) {  // (`b.iter()` with `b: Box<[T; N]>` too)
      return T.kind(bt) == TyKind::Array || T.kind(bt) == TyKind::Slice || p_.is_vec(bt);
    });
    if (T.kind(base) == TyKind::Array || T.kind(base) == TyKind::Slice || p_.is_vec(base)) {
      bool mut = x->name.name == "iter_mut";
      if (mut) {
        if (T.kind(at) == TyKind::Ref) {
          if (!T.ref_mut(at)) cx_.diags.report(DiagKind::BorrowImmutableAsMut, x->operand->span, expr_text(*x->operand));
        } else {
          require_mutable_place(*x->operand, true);
        }
      }
      p_.exprs[x->id].type = T.ref(base, mut);
      visited_.push_back(x->id);
      return T.ref(T.get(base).elems[0], mut);
    }
    // Another type's `iter()`: an iterator like any other.
    p_.exprs[x->id].auto_derefs = 0;
    TypeId t = resolve(check_method_on(*x, at));
    p_.exprs[x->id].type = t;
    visited_.push_back(x->id);
    return into_iter_item(*x, t);
  }
  TypeId t = resolve(check_expr(*x, kNoExpectId()));
  if (RangeKind rk = range_kind(p_, t); rk != RangeKind::None) {
    // A range held in a variable (`let r = 0..3; for i in r`): walked like a literal one.
    TypeId elem = rk == RangeKind::RangeFull ? T.error() : T.get(t).elems[0];
    bool iterable = rk == RangeKind::Range || rk == RangeKind::RangeInclusive || rk == RangeKind::RangeFrom;
    if (!iterable) {
      cx_.diags.report(DiagKind::SyntaxError, x->span, fmt::format("`{}` is not an iterator", p_.type_name(t)))
          .notes.push_back({Span{}, "a range without a start has no first element"});
      return T.error();
    }
    elem = shallow(elem);
    if (T.kind(elem) == TyKind::Char && rk != RangeKind::RangeFrom) return elem;
    bool int_like = T.kind(elem) == TyKind::Int ||
                    (T.kind(elem) == TyKind::Var && static_cast<VarKind>(T.get(elem).sub) == VarKind::Integer);
    if (!int_like) {
      if (T.kind(elem) == TyKind::Char) cx_.unsupported(x->span, "iterating over `RangeFrom<char>`");
      else if (T.kind(elem) != TyKind::Error) cx_.diags.report(DiagKind::SyntaxError, x->span, fmt::format("`{}` is not an iterator", p_.type_name(resolve(t))));
      return T.error();
    }
    return elem;
  }
  // (a Vec like an array: by value moves it, its elements one by one)
  if (T.kind(t) == TyKind::Array || p_.is_vec(t)) return T.get(t).elems[0];
  if (T.kind(t) == TyKind::Ref && (T.kind(T.pointee(t)) == TyKind::Array || T.kind(T.pointee(t)) == TyKind::Slice ||
                                   p_.is_vec(resolve(T.pointee(t))))) {
    return T.ref(T.get(T.pointee(t)).elems[0], T.ref_mut(t));
  }
  return into_iter_item(*x, t);
}

// `for x in it` over anything else: `IntoIterator::into_iter(it)`, then its `next()` until
// `None` (lower/lower_fn.cpp, lower_loop). The element type is `IntoIterator::Item`.
TypeId FnChecker::into_iter_item(const Expr& src, TypeId t) {
  t = resolve(t);
  if (T.kind(t) == TyKind::Error) return t;
  TraitId into = p_.lang_trait("into_iterator"), iter = p_.lang_trait("iterator");
  if (into == kNone || iter == kNone || p_.traits[iter].methods.empty()) {
    cx_.unsupported(src.span, "`for` loops over iterators (std::iter is missing)");
    return T.error();
  }
  if (T.kind(t) == TyKind::Var) {
    cx_.diags.report(DiagKind::CannotInfer, src.span);
    return T.error();
  }
  if (!p_.implements(t, into)) {
    cx_.diags.report(DiagKind::NotIterator, src.span, p_.type_name(t))
        .notes.push_back({Span{}, fmt::format("the trait `Iterator` is not implemented for `{}`", p_.type_name(t))});
    return T.error();
  }
  auto assoc_index = [&](const char* name) -> uint32_t {
    const auto& a = p_.traits[into].assoc_types;
    for (uint32_t k = 0; k < a.size(); ++k) if (a[k].name == name) return k;
    return 0;
  };
  TypeId it_type = resolve(normalize_assoc(T.assoc(into, assoc_index("IntoIter"), {t})));
  TypeId item = resolve(normalize_assoc(T.assoc(into, assoc_index("Item"), {t})));
  ExprInfo& inf = p_.exprs[for_expr_->id];
  inf.builtin = ExprInfo::Builtin::IntoIter;
  inf.type_args = {t, it_type};
  inf.callee = p_.trait_method(iter, "next");
  late_type_args_.push_back(for_expr_->id);
  return item;
}

// The condition of `if` / `while`: a `bool`, or `let PAT = EXPR`.
void FnChecker::check_condition(const Expr& cond) {
  if (cond.kind == ExprKind::Let) {
    check_let_cond(cond);
    return;
  }
  if (cond.kind == ExprKind::Binary && cond.binop == ast::BinOp::And && contains_let(cond)) {
    cx_.unsupported(cond.span, "`let` chains (`if let .. && ..`)");
    return;
  }
  TypeId c = check_expr(cond, T.bool_());
  coerce(c, T.bool_(), cond.span);
}

bool FnChecker::contains_let(const Expr& e) const {
  if (e.kind == ExprKind::Let) return true;
  if (e.kind == ExprKind::Paren) return contains_let(*e.operand);
  if (e.kind == ExprKind::Binary && e.binop == ast::BinOp::And) return contains_let(*e.lhs) || contains_let(*e.rhs);
  return false;
}

FnChecker::LoopCtx* FnChecker::find_loop(const Expr& e, bool is_continue, const char* what) {
  if (e.label) {
    for (auto it = loops_.rbegin(); it != loops_.rend(); ++it) {
      if (it->label == e.label->name) {
        if (is_continue && !it->is_loop) {
          cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("`continue` pointing to a labeled block: `'{}`", it->label));
          return nullptr;
        }
        return &*it;
      }
    }
    cx_.diags.report(DiagKind::UndeclaredLabel, e.label->span, "'" + e.label->name);
    return nullptr;
  }
  for (auto it = loops_.rbegin(); it != loops_.rend(); ++it) {
    if (it->is_loop) return &*it;
  }
  cx_.diags.report(DiagKind::BreakOutsideLoop, e.span, what);
  return nullptr;
}

TypeId FnChecker::check_break(const Expr& e) {
  LoopCtx* lc = find_loop(e, false, "break");
  if (!lc) {
    if (e.operand) check_expr(*e.operand, kNoExpectId());
    return T.never();
  }
  // Only `loop` and labelled blocks may break with a value (not `while` / `for`).
  if (e.operand) {
    if (!lc->allows_value) {
      cx_.diags.report(DiagKind::BreakWithValue, e.span, lc->kind);
      check_expr(*e.operand, kNoExpectId());
      return T.never();
    }
    TypeId t = check_expr(*e.operand, lc->break_type);
    if (!lc->has_break) {
      coerce(t, lc->break_type, e.operand->span);
    } else {
      coerce(t, lc->break_type, e.operand->span);
    }
  } else {
    coerce(T.unit(), lc->break_type, e.span);
  }
  lc->has_break = true;
  return T.never();
}

// ------------------------------------------------------------------ places and mutability
bool FnChecker::is_place(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::Path: return p_.exprs[e.id].res == ValueRes::Local || p_.exprs[e.id].res == ValueRes::None;
    case ExprKind::Field:
    case ExprKind::TupleField:
    case ExprKind::Index: return true;
    case ExprKind::Paren: return is_place(*e.operand);
    case ExprKind::Unary: return e.unop == ast::UnOp::Deref;
    default: return false;
  }
}

// `[a, b, c]` and `[x; N]`.
TypeId FnChecker::check_array(const Expr& e, TypeId expected) {
  TypeId elem_hint = kNoExpectId();
  if (has_expect(expected) && (T.kind(shallow(expected)) == TyKind::Array || T.kind(shallow(expected)) == TyKind::Slice)) {
    elem_hint = T.get(shallow(expected)).elems[0];
  }
  if (e.kind == ExprKind::ArrayRepeat) {
    TypeId t = check_expr(*e.lhs, elem_hint);
    std::optional<TypeId> n = cx_.array_len_type(*e.rhs, scope());
    if (!n) return T.error();
    const Expr* v = e.lhs.get();
    while (v->kind == ExprKind::Paren) v = v->operand.get();
    bool is_const = v->kind == ExprKind::Path && p_.exprs[v->id].res == ValueRes::Const;
    std::optional<uint32_t> len = T.kind(*n) == TyKind::Const ? std::optional<uint32_t>(T.get(*n).id) : std::nullopt;
    if ((!len || *len > 1) && !is_const) copy_required_.push_back({t, e.lhs->span});
    return T.array_of(t, *n);
  }
  if (e.args.empty()) return T.array(elem_hint.index == kNoExpect ? fresh(VarKind::General) : elem_hint, 0);
  if (elem_hint.index != kNoExpect && T.kind(shallow(elem_hint)) == TyKind::Ref) {
    // `let g: [&[i32]; 2] = [&a, &b];`: each element coerces to the expected element type.
    for (const auto& a : e.args) coerce(check_expr(*a, elem_hint), elem_hint, a->span);
    return T.array(elem_hint, static_cast<uint32_t>(e.args.size()));
  }
  TypeId elem = check_expr(*e.args[0], elem_hint);
  if (elem_hint.index != kNoExpect && contains_dyn(resolve(elem_hint))) {
    // `[Box<dyn Shape>; 3]`: every element becomes the trait object.
    coerce(elem, elem_hint, e.args[0]->span);
    elem = elem_hint;
  }
  for (size_t i = 1; i < e.args.size(); ++i) {
    TypeId t = check_expr(*e.args[i], elem);
    coerce(t, elem, e.args[i]->span);
  }
  return T.array(elem, static_cast<uint32_t>(e.args.size()));
}

// `a[i]` on arrays (and references to them), with a `usize` index.
TypeId FnChecker::check_index(const Expr& e) {
  TypeId at = resolve(check_expr(*e.lhs, kNoExpectId()));
  TypeId base = peel_derefs(at, p_.exprs[e.id].auto_derefs, [&](TypeId bt) {  // (`b[i]` with `b: Box<[T; N]>` too)
    TraitId index = p_.lang_trait("index");
    return T.kind(bt) == TyKind::Array || T.kind(bt) == TyKind::Slice || T.kind(bt) == TyKind::Var || p_.is_vec(bt) ||
           T.kind(bt) == TyKind::Str || (T.kind(bt) == TyKind::Adt && T.get(bt).id == p_.string_adt) ||  // (`&s[a..b]`)
           (index != kNone && !p_.is_box(bt) && p_.implements(bt, index));
  });
  if (e.rhs->kind == ExprKind::Range) {
    if (p_.exprs[e.id].auto_derefs > 0) {
      cx_.unsupported(e.rhs->span, "slicing a boxed array with a range (`b[i..j]`)");
      return T.error();
    }
    return *check_range_index(e, at, base);
  }
  if (T.kind(base) == TyKind::Str || (T.kind(base) == TyKind::Adt && T.get(base).id == p_.string_adt)) {
    // `s[0]`: strings are indexed by byte ranges only (a char is not a byte).
    TypeId it = resolve(check_expr(*e.rhs, kNoExpectId()));
    cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("the type `str` cannot be indexed by `{}`", p_.type_name(it)))
        .notes.push_back({Span{}, "you can use `.chars().nth()` or `.bytes().nth()`"});
    return T.error();
  }
  if (uses_operator_traits(base) && T.kind(base) != TyKind::Assoc) {
    if (std::optional<TypeId> t = overloaded_index(e, base)) return *t;
  }
  TypeId it = check_expr(*e.rhs, T.int_(IntTy::Usize));
  if (T.kind(base) == TyKind::Error) return T.error();
  bool vec = p_.is_vec(base);  // (Vec<T> is indexed as the slice it dereferences to)
  if (range_kind(p_, resolve(it)) != RangeKind::None && (T.kind(base) == TyKind::Array || T.kind(base) == TyKind::Slice || vec)) {
    cx_.unsupported(e.rhs->span, "indexing with a range held in a value (write the range in the brackets: `a[r.start..r.end]`)");
    return T.error();
  }
  if (T.kind(base) != TyKind::Array && T.kind(base) != TyKind::Slice && !vec) {
    cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("cannot index into a value of type `{}`", p_.type_name(at)));
    return T.error();
  }
  if (!coerce(it, T.int_(IntTy::Usize), e.rhs->span, false)) {
    cx_.diags.report(DiagKind::SyntaxError, e.rhs->span,
                     fmt::format("the type `[{}]` cannot be indexed by `{}`", p_.type_name(T.get(base).elems[0]), p_.type_name(resolve(it))))
        .notes.push_back({Span{}, T.kind(base) == TyKind::Array ? "arrays are indexed by `usize`" : "slices are indexed by `usize`"});
  }
  return T.get(base).elems[0];
}

// The root local of a place expression (x.a.b -> x), or kNone.
// Reports if the place cannot be mutated.
void FnChecker::require_mutable_place(const Expr& e, bool borrow) {
  const Expr* cur = &e;
  while (true) {
    if (cur->kind == ExprKind::Paren) { cur = cur->operand.get(); continue; }
    if (cur->kind == ExprKind::Index && p_.exprs[cur->id].callee != kNone) {
      // `grid[i] = v`: the place is `*IndexMut::index_mut(&mut grid, i)`.
      if (!use_index_mut(*cur)) return;
      cur = cur->lhs.get();
      borrow = true;
      continue;
    }
    if (cur->kind == ExprKind::Field || cur->kind == ExprKind::TupleField || cur->kind == ExprKind::Index) {
      // Through a reference: the reference's mutability decides.
      const Expr& inner = cur->kind == ExprKind::Index ? *cur->lhs : *cur->operand;
      if (p_.exprs[cur->id].auto_derefs > 0 && !deref_chain_mutable(inner, p_.exprs[cur->id], e.span, borrow)) return;
      TypeId bt = resolve(p_.exprs[inner.id].type);
      if (T.kind(bt) == TyKind::Ref) {
        if (!T.ref_mut(bt)) {
          cx_.diags.report(DiagKind::SyntaxError, e.span,
                           fmt::format("cannot {} `{}`, which is behind a `&` reference",
                                       borrow ? "borrow as mutable" : "assign to", expr_text(e)));
        }
        return;
      }
      cur = &inner;
      continue;
    }
    if (cur->kind == ExprKind::Unary && cur->unop == ast::UnOp::Deref) {
      TypeId bt = resolve(p_.exprs[cur->operand->id].type);
      if (p_.is_box(bt)) {  // `*b = v`: the box is owned, its binding decides
        cur = cur->operand.get();
        continue;
      }
      if (T.kind(bt) != TyKind::Ref && p_.deref_target(bt)) {  // `*w = v`: `*DerefMut::deref_mut(&mut w)`
        if (!p_.deref_mutable(bt)) {
          report_not_deref_mut(bt, e.span, borrow);
          return;
        }
        p_.exprs[cur->id].deref_mut = true;
        cur = cur->operand.get();
        borrow = true;
        continue;
      }
      if (T.kind(bt) == TyKind::Ref && !T.ref_mut(bt)) {
        cx_.diags.report(DiagKind::SyntaxError, e.span,
                         fmt::format("cannot {} `{}`, which is behind a `&` reference",
                                     borrow ? "borrow as mutable" : "assign to", expr_text(e)));
      }
      return;
    }
    if (cur->kind == ExprKind::Path) {
      const ExprInfo& in = p_.exprs[cur->id];
      if (in.res != ValueRes::Local) return;
      LocalDef& l = p_.fns[fn_].locals[in.res_id];
      TypeId lt = resolve(l.type);
      if (cur != &e && T.kind(lt) == TyKind::Ref) {
        if (!T.ref_mut(lt)) {
          cx_.diags.report(DiagKind::SyntaxError, e.span,
                           fmt::format("cannot {} `{}`, which is behind a `&` reference",
                                       borrow ? "borrow as mutable" : "assign to", expr_text(e)));
        }
        return;
      }
      if (!l.is_mut) {
        bool deferred = std::find(deferred_init_.begin(), deferred_init_.end(), in.res_id) != deferred_init_.end();
        if (borrow) {
          cx_.diags.report(DiagKind::BorrowImmutableAsMut, cur->span, l.name)
              .notes.push_back({l.span, fmt::format("consider changing this to be mutable: `mut {}`", l.name)});
        } else if (cur == &e && deferred && !assigned_once_.count(in.res_id)) {
          assigned_once_.insert(in.res_id);  // `let x; x = 1;` initialises once
        } else if (cur == &e) {
          cx_.diags.report(DiagKind::AssignToImmutable, e.span, l.name)
              .notes.push_back({l.span, fmt::format("help: consider making this binding mutable: `mut {}`", l.name)});
        } else {
          cx_.diags.report(DiagKind::SyntaxError, e.span,
                           fmt::format("cannot assign to `{}`, as `{}` is not declared as mutable", expr_text(e), l.name))
              .notes.push_back({l.span, fmt::format("help: consider changing this to be mutable: `mut {}`", l.name)});
        }
      }
      return;
    }
    return;
  }
}

TypeId FnChecker::check_place(const Expr& e) {
  TypeId t = check_expr(e, kNoExpectId());
  if (!is_place(e)) {
    cx_.diags.report(DiagKind::InvalidAssignTarget, e.span);
    return T.error();
  }
  require_mutable_place(e, false);
  return t;
}

// ------------------------------------------------------------------ end of body
void FnChecker::finish() {
  // The body's tail has had no statement end to select impls after (`(0..n).map(|i|
  // (0..i).collect()).collect()` as the whole body).
  select_where_possible();
  for (TypeId v : diverging_vars_) {
    TypeId s = shallow(v);
    if (T.kind(s) == TyKind::Var && static_cast<VarKind>(T.get(s).sub) == VarKind::General) bind(s, T.unit());
  }
  // Default numeric variables, then check everything is known.
  auto default_var = [&](TypeId t) {
    TypeId s = shallow(t);
    if (T.kind(s) != TyKind::Var) return;
    VarKind k = static_cast<VarKind>(T.get(s).sub);
    if (k == VarKind::Integer) bind(s, T.int_(IntTy::I32));
    else if (k == VarKind::Float) bind(s, T.float_(FloatTy::F64));
  };
  // `f(21)` with `T: Counter` implemented by one integer type only: the bound picks the
  // literal's type, as in rustc, before the fallback to i32.
  for (const auto& bc : bound_checks_) {
    const FnDef& cf = p_.fns[bc.fn];
    const ExprInfo& ci = p_.exprs[bc.expr];
    for (size_t i = 0; i < cf.generics.size() && i < ci.type_args.size(); ++i) {
      TypeId a = shallow(ci.type_args[i]);
      const GenericParamDef& pd = p_.params[cf.generics[i]];
      if (T.kind(a) != TyKind::Var || static_cast<VarKind>(T.get(a).sub) == VarKind::General || pd.traits.empty()) continue;
      std::vector<TypeId> candidates;
      for (const ImplDef& im : p_.impls) {
        if (im.trait != pd.traits[0].trait || !im.params.empty()) continue;
        TyKind k = T.kind(im.self_type);
        if (static_cast<VarKind>(T.get(a).sub) == VarKind::Integer ? k != TyKind::Int : k != TyKind::Float) continue;
        bool all = true;
        for (const TraitBound& tb : pd.traits) all = all && (tb.args.empty() ? p_.implements(im.self_type, tb.trait) : true);
        if (all && std::find(candidates.begin(), candidates.end(), im.self_type) == candidates.end()) {
          candidates.push_back(im.self_type);
        }
      }
      if (candidates.size() == 1) unify(a, candidates[0]);
    }
  }
  // `s.get(1..3)` with `R: StrRange`, implemented for `Range<usize>` (and other ranges): the
  // only impl that fits a type holding literals (`Range<{integer}>`) fixes them.
  for (const auto& bc : bound_checks_) {
    const FnDef& cf = p_.fns[bc.fn];
    const ExprInfo& ci = p_.exprs[bc.expr];
    for (size_t i = 0; i < cf.generics.size() && i < ci.type_args.size(); ++i) {
      TypeId a = resolve(ci.type_args[i]);
      const GenericParamDef& pd = p_.params[cf.generics[i]];
      if (T.kind(a) == TyKind::Var || !contains_var(a) || pd.traits.empty() || !pd.traits[0].args.empty()) continue;
      if (p_.matching_impls(pd.traits[0].trait, a) != 1) continue;
      ImplId im = p_.find_impl(pd.traits[0].trait, a);
      if (im != kNone && p_.impls[im].params.empty()) unify(a, p_.impls[im].self_type);
    }
  }
  // `Id::from(1)` with impls `From<u64>` and `From<(u32, u32)>`: the only impl whose
  // arguments fit the literal's type picks it, as in rustc.
  for (const auto& bc : bound_checks_) {
    const FnDef& cf = p_.fns[bc.fn];
    const ExprInfo& ci = p_.exprs[bc.expr];
    if (cf.trait == kNone || p_.traits[cf.trait].params.empty() || ci.type_args.empty()) continue;
    size_t n = p_.traits[cf.trait].params.size();
    TypeId self = resolve(ci.type_args[0]);
    std::vector<TypeId> args;
    for (size_t k = 1; k <= n && k < ci.type_args.size(); ++k) args.push_back(resolve(ci.type_args[k]));
    bool open = false;
    for (TypeId a : args) open = open || contains_var(a);
    if (!open || contains_var(self) || p_.matching_impls(cf.trait, self, &args) != 1) continue;
    TypeTable::Subst map;
    ImplId i = p_.find_impl(cf.trait, self, &map, &args);
    if (i == kNone) continue;
    for (size_t k = 0; k < args.size() && k < p_.impls[i].trait_args.size(); ++k) {
      TypeId want = T.subst(p_.impls[i].trait_args[k], map);
      if (!T.has_params(want)) unify(args[k], want);
    }
  }
  resolve_pending_tries(false);
  // `Err(e)?;`: nothing says what the `Ok` type is; rustc falls back to `()` (the `?`'s other
  // way out diverges).
  for (TypeId v : try_values_) {
    TypeId r = resolve(v);
    if (T.kind(r) == TyKind::Var && static_cast<VarKind>(T.get(r).sub) == VarKind::General) unify(r, T.unit());
  }
  for (uint32_t id : visited_) default_var(p_.exprs[id].type);
  resolve_pending_tries(true);
  // Associated types compared before their impls were known.
  for (size_t k = 0; k < pending_assoc_.size(); ++k) {
    auto [a, b] = pending_assoc_[k];
    TypeId ra = resolve(a), rb = resolve(b);
    if (T.kind(ra) == TyKind::Assoc || T.kind(rb) == TyKind::Assoc) {
      if (ra != rb) cx_.diags.report(DiagKind::MismatchedTypes, p_.fns[fn_].span, mismatch_name(ra), mismatch_name(rb));
      continue;
    }
    if (!unify(ra, rb)) cx_.diags.report(DiagKind::MismatchedTypes, p_.fns[fn_].span, mismatch_name(ra), mismatch_name(rb));
  }
  FnDef& f = p_.fns[fn_];
  for (auto& l : f.locals) default_var(l.type);
  bool reported = false;
  for (uint32_t id : visited_) {
    TypeId r = resolve(p_.exprs[id].type);
    if (contains_var(r)) {
      if (!reported) {
        reported = true;
      }
      r = T.error();
    }
    p_.exprs[id].type = r;
  }
  for (Span span : unsize_spans_) {  // (recorded before inference finished)
    auto it = p_.coercions.find({span.file.index, span.begin, span.end});
    if (it != p_.coercions.end()) it->second = {resolve(it->second.from), resolve(it->second.to)};
  }
  for (auto& [span, to] : deref_coercions_) {
    TypeId r = resolve(to);
    if (!contains_var(r) && !has_error(r)) p_.deref_coercions[{span.file.index, span.begin, span.end}] = r;
  }
  for (uint32_t id : late_type_args_) {
    for (TypeId& a : p_.exprs[id].type_args) a = resolve(a);
  }
  for (auto [param, span] : opaque_returns_) check_opaque_return(param, p_.params[param].span);  // (at `impl Trait`, as rustc)
  for (auto& l : f.locals) {
    TypeId r = resolve(l.type);
    if (contains_var(r)) {
      if (!cx_.diags.has_errors()) {
        cx_.diags.report(DiagKind::CannotInfer, l.span)
            .notes.push_back({Span{}, fmt::format("consider giving `{}` an explicit type", l.name)});
      }
      r = T.error();
    }
    l.type = r;
  }
  finish_closures();
  check_task_calls();
  for (auto [closure, span] : fn_ptr_closures_) {
    p_.fn_ptr_closures.push_back({closure, span});
    if (p_.closures[closure].captures.empty()) continue;
    cx_.diags.report(DiagKind::MismatchedTypes, span, "fn pointer", "closure")
        .notes.push_back({Span{}, "closures can only be coerced to `fn` types if they do not capture any variables"});
  }
  for (const auto& bc : bound_checks_) check_bounds(bc);
  for (const auto& ic : impl_checks_) {
    TypeId r = resolve(ic.type);
    if (!contains_var(r) && !p_.implements(r, ic.trait)) {
      const TraitDef& td = p_.traits[ic.trait];
      cx_.diags.report(DiagKind::TraitBound, ic.span, p_.type_name(r), td.builtin ? td.name : td.path);
    }
  }
  // Integer literals must fit their type.
  check_literals();
  // Negation of unsigned literals resolved late.
  for (auto& [t, span] : negated_vars_) {
    TypeId r = resolve(t);
    if (T.kind(r) == TyKind::Int && !int_signed(T.int_ty(r))) {
      cx_.diags.report(DiagKind::UnaryOpType, span, "-", p_.type_name(r));
    }
  }
  for (auto& fn : format_needs_) check_format_traits(fn);
  for (const auto& ao : assert_operands_) {
    TypeId r = resolve(ao.type);
    if (contains_var(r)) continue;
    if (!is_comparable(r, ast::BinOp::Eq)) cx_.diags.report(DiagKind::BinaryOpUnsupported, ao.span, ao.op, p_.type_name(r));
    else if (!p_.implements(r, Trait::Debug)) cx_.diags.report(DiagKind::FormatTrait, ao.span, p_.type_name(r), "Debug");
  }
  for (auto& [t, span] : copy_required_) {
    TypeId r = resolve(t);
    if (!contains_var(r) && !p_.implements(r, Trait::Copy)) {
      cx_.diags.report(DiagKind::TraitBound, span, p_.type_name(r), "Copy")
          .notes.push_back({Span{}, "the value of an array repeat expression `[x; N]` is copied"});
    }
  }
  for (auto& [t, span] : clone_required_) {
    TypeId r = resolve(t);
    if (!contains_var(r) && !p_.implements(r, Trait::Clone)) cx_.diags.report(DiagKind::TraitBound, span, p_.type_name(r), "Clone");
  }
  finish_patterns();
  for (auto& ca : count_args_) {
    const FormatArg& a = p_.macros[ca.mi].args[ca.index];
    TypeId t = resolve(a.expr ? p_.exprs[a.expr->id].type : f.locals[a.captured].type);
    if (!(T.kind(t) == TyKind::Int && T.int_ty(t) == IntTy::Usize) && T.kind(t) != TyKind::Error) {
      cx_.diags.report(DiagKind::MismatchedTypes, a.expr ? a.expr->span : ca.span, "`usize`", mismatch_name(t));
    }
  }
}

void FnChecker::check_literals() {
  for (auto& [e, negated] : int_lits_) {
    TypeId t = resolve(p_.exprs[e->id].type);
    if (T.kind(t) != TyKind::Int) continue;
    IntTy it = T.int_ty(t);
    unsigned bits = int_bits(it);
    // The literal's value, and whether it overflowed u128 (decoded by the syntax stage).
    unsigned __int128 v = e->lit.int_value;
    bool overflow = e->lit.int_overflow;
    unsigned __int128 max;
    if (int_signed(it)) {
      max = (static_cast<unsigned __int128>(1) << (bits - 1)) - 1;
      if (negated) max += 1;
    } else {
      max = bits == 128 ? ~static_cast<unsigned __int128>(0) : (static_cast<unsigned __int128>(1) << bits) - 1;
    }
    if (overflow || v > max) {
      cx_.diags.report(DiagKind::LiteralOutOfRange, negated_span(*e, negated), int_ty_name(it));
    }
  }
}

void FnChecker::run_const(const ast::Expr& value, TypeId type) {
  push_scope();
  ret_ = type;
  TypeId t = check_expr(value, type);
  coerce(t, type, value.span);
  pop_scope();
  finish();
}

void check_function(Context& cx, FnId fn) {
  cx.env = cx.env_of(fn);  // the body may name the function's generic parameters and `Self`
  FnChecker(cx, fn).run();
  cx.env = {};
}

void check_const(Context& cx, uint32_t index) {
  ConstDef& c = cx.prog.consts[index];
  c.checked = true;
  const ast::Expr* init = c.initializer();
  if (!init) return;
  const char* where = c.is_static ? "statics" : "constants";
  bool std_const = cx.prog.modules[c.module].is_std;
  uint32_t errors = cx.diags.error_count();
  FnChecker(cx, c.checker).run_const(*init, c.type);
  if (cx.diags.error_count() == errors && !std_const) check_const_rules(cx, *init, where);
  // (by index: checking may have added hidden constants)
  if (cx.diags.error_count() != errors) cx.prog.consts[index].state = ConstDef::State::Failed;
}

void check_body(Context& cx, FnId fn) {
  if (cx.prog.fns[fn].body_checked) return;
  cx.prog.fns[fn].body_checked = true;
  // A constant may need the body while another item's types are being lowered: keep its state.
  Context::TypeEnv env = std::move(cx.env);
  auto placeholder = std::move(cx.placeholder_var);
  bool unsized_ok = cx.unsized_ok, const_param_ok = cx.const_param_ok;
  cx.placeholder_var = nullptr;
  cx.unsized_ok = cx.const_param_ok = false;
  uint32_t errors = cx.diags.error_count();
  check_function(cx, fn);
  const FnDef& f = cx.prog.fns[fn];
  if (f.is_const && f.item && f.item->body && !cx.prog.modules[f.module].is_std && cx.diags.error_count() == errors) {
    check_const_rules(cx, *f.item->body, "constant functions");
  }
  cx.prog.fns[fn].body_errors = cx.diags.error_count() != errors;
  cx.env = std::move(env);
  cx.placeholder_var = std::move(placeholder);
  cx.unsized_ok = unsized_ok;
  cx.const_param_ok = const_param_ok;
}

}  // namespace asr::sema

namespace asr::sema {
TypeId FnChecker::peel_derefs(TypeId t, uint8_t& derefs, const std::function<bool(TypeId)>& stop) {
  t = resolve(t);
  while (true) {
    while (T.kind(t) == TyKind::Ref) t = resolve(T.pointee(t));
    if (derefs >= kMaxAutoDerefs || (stop && stop(t))) return t;
    std::optional<TypeId> inner = p_.deref_target(t);
    if (!inner) return t;
    t = resolve(*inner);
    ++derefs;
  }
}

bool FnChecker::has_inherent_method(TypeId t, const std::string& name) const {
  if (T.kind(t) != TyKind::Adt) return false;
  const AdtDef& d = p_.adts[T.get(t).id];
  auto it = d.assoc.find(name);
  return it != d.assoc.end() && p_.fns[it->second].self_kind != ast::SelfKind::None;
}

// The first pointer in `derefs` auto-deref steps from `t` that is not a Box (whose `*b` is an
// owned place), or nullopt: such a pointer only lends its target.
std::optional<TypeId> FnChecker::user_deref_in_chain(TypeId t, unsigned derefs) {
  for (unsigned i = 0; i < derefs; ++i) {
    while (T.kind(t) == TyKind::Ref) t = resolve(T.pointee(t));
    if (!p_.is_box(t)) return t;
    std::optional<TypeId> next = p_.deref_target(t);
    if (!next) return std::nullopt;
    t = resolve(*next);
  }
  return std::nullopt;
}

// Mutable access through the auto-deref steps recorded in `inf` from `base`'s type: every
// step must be a Box or implement `DerefMut` (rustc's E0596 / E0594 otherwise). Records
// that lowering calls `deref_mut`.
bool FnChecker::deref_chain_mutable(const Expr& base, ExprInfo& inf, Span span, bool borrow) {
  TypeId t = resolve(p_.exprs[base.id].type);
  for (unsigned i = 0; i < inf.auto_derefs; ++i) {
    while (T.kind(t) == TyKind::Ref) t = resolve(T.pointee(t));
    if (!p_.deref_mutable(t)) {
      report_not_deref_mut(t, span, borrow);
      return false;
    }
    if (!p_.is_box(t)) inf.deref_mut = true;
    std::optional<TypeId> next = p_.deref_target(t);
    if (!next) break;
    t = resolve(*next);
  }
  return true;
}

void FnChecker::report_not_deref_mut(TypeId ptr, Span span, bool borrow) {
  cx_.diags.report(DiagKind::NotDerefMut, span, borrow ? "borrow" : "assign to", p_.type_name(ptr),
                   borrow ? " as mutable" : "")
      .notes.push_back({Span{}, fmt::format("trait `DerefMut` is required to modify through a dereference, but it is not "
                                            "implemented for `{}`", p_.type_name(ptr))});
}

// The concrete type behind `-> impl Trait` must satisfy the declared bounds (with their
// associated types: `impl Iterator<Item = u32>`).
void FnChecker::check_opaque_return(ParamId param, Span span) {
  GenericParamDef& pd = p_.params[param];
  TypeId have = resolve(pd.opaque_concrete);
  if (contains_var(have)) {
    cx_.diags.report(DiagKind::CannotInfer, span);
    have = T.error();
  }
  pd.opaque_concrete = have;
  if (T.kind(have) == TyKind::Error) return;
  for (const TraitBound& tb : pd.traits) {
    if (!p_.implements(have, tb.trait, tb.args)) {
      cx_.diags.report(DiagKind::TraitBound, span, p_.type_name(have), bound_text(tb.trait, tb.args));
      continue;
    }
    for (auto& [k, want] : tb.assoc) {
      std::vector<TypeId> elems{have};
      elems.insert(elems.end(), tb.args.begin(), tb.args.end());
      TypeId got = resolve(T.assoc(tb.trait, k, std::move(elems)));
      if (!unify(got, want)) {
        cx_.diags.report(DiagKind::AssocTypeMismatch, span,
                         fmt::format("<{} as {}>::{}", p_.type_name(have), bound_text(tb.trait, tb.args),
                                     p_.traits[tb.trait].assoc_types[k].name),
                         p_.type_name(want), p_.type_name(resolve(got)));
      }
    }
  }
}

bool FnChecker::has_foreign_param(TypeId t) const {
  const TypeData& d = T.get(t);
  if (d.kind == TyKind::Param) {
    const auto& own = p_.fns[fn_].generics;
    return std::find(own.begin(), own.end(), d.id) == own.end();
  }
  for (TypeId e : d.elems) if (has_foreign_param(e)) return true;
  return false;
}

bool FnChecker::has_error(TypeId t) const {
  const TypeData& d = T.get(t);
  if (d.kind == TyKind::Error) return true;
  for (TypeId e : d.elems) if (has_error(e)) return true;
  return false;
}

}  // namespace asr::sema
