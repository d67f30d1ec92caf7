// Closures, checked as rustc does: parameter and return types from annotations, from the
// signature the context expects (an `impl Fn` return type, a generic parameter's `Fn` bound)
// or from later uses (inference variables); captures and the closure's kind (Fn, FnMut,
// FnOnce) decided from how the body uses each variable of its environment, or each field of
// one (Rust 2021 rules: disjoint captures).

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "sema/fn_checker.hpp"
#include "sema/task_races.hpp"

namespace asr::sema {

TypeId FnChecker::check_closure(const Expr& e, TypeId expected) {
  uint32_t id = static_cast<uint32_t>(p_.closures.size());
  {
    ClosureDef cd;
    cd.owner = fn_;
    cd.expr = &e;
    cd.span = e.span;
    p_.closures.push_back(std::move(cd));
  }
  std::optional<FnBound> want = expected_sig(expected);
  if (want && want->params.size() != e.params.size()) want.reset();  // (reported by `satisfies`)
  push_scope();
  LocalId first_local = static_cast<LocalId>(p_.fns[fn_].locals.size());
  std::vector<TypeId> params;
  for (size_t i = 0; i < e.params.size(); ++i) {
    const ast::ClosureParam& cp = e.params[i];
    TypeId pt;
    if (cp.type) {
      pt = body_type(*cp.type);
      if (want && !unify(pt, want->params[i])) mismatch(want->params[i], pt, cp.type->span);
    } else {
      pt = want ? want->params[i] : fresh(VarKind::General);
    }
    PatCtx pc;
    check_pat(*cp.pat, pt, BindMode::Move, pc);
    coverage_.push_back({{{cp.pat.get(), false}}, pt, cp.pat->span, CoverageKind::Param});
    params.push_back(pt);
  }
  TypeId ret;
  if (e.ret_type) {
    ret = body_type(*e.ret_type);
    if (want && !unify(ret, want->ret)) mismatch(want->ret, ret, e.ret_type->span);
  } else {
    ret = want ? want->ret : fresh(VarKind::General);
  }
  p_.closures[id].params = params;
  p_.closures[id].ret = ret;
  // The body: `return` leaves the closure, and loops outside it are not targets.
  TypeId saved_ret = ret_;
  std::vector<LoopCtx> saved_loops = std::move(loops_);
  loops_.clear();
  ret_ = ret;
  if (e.body) {
    TypeId bt = check_expr(*e.body, ret);
    coerce(bt, ret, e.body->span);
    if (T.kind(shallow(bt)) == TyKind::Never && T.kind(shallow(ret)) == TyKind::Var) diverging_vars_.push_back(ret);
  }
  ret_ = saved_ret;
  loops_ = std::move(saved_loops);
  pop_scope();
  p_.closures[id].first_local = first_local;
  p_.closures[id].end_local = static_cast<LocalId>(p_.fns[fn_].locals.size());
  infer_captures(id, e, first_local);
  return T.closure(id);
}

std::optional<FnBound> FnChecker::callable_sig(TypeId t) {
  t = shallow(t);
  if (T.kind(t) == TyKind::Closure) {
    const ClosureDef& cd = p_.closures[T.get(t).id];
    return FnBound{cd.kind, cd.params, cd.ret};
  }
  if (T.kind(t) == TyKind::Param && p_.params[T.get(t).id].fn_bound) return p_.callable_signature(t);
  if (T.kind(t) == TyKind::FnPtr) {  // a function pointer is `Fn` (and so FnMut and FnOnce)
    const auto& sig = T.get(t).elems;
    return FnBound{ClosureKind::Fn, std::vector<TypeId>(sig.begin(), sig.end() - 1), sig.back()};
  }
  if (T.is_dyn_fn(t)) {  // `dyn Fn(A) -> R`
    const TypeData& d = T.get(t);
    FnBound b{static_cast<ClosureKind>(d.sub - 1), {}, d.elems[0]};
    for (size_t i = 1; i < d.elems.size(); ++i) b.params.push_back(d.elems[i]);
    return b;
  }
  if (TypeId inner; p_.is_box(t, &inner)) return callable_sig(inner);  // `Box<dyn Fn..>`
  return std::nullopt;
}

std::optional<FnBound> FnChecker::expected_sig(TypeId expected) {
  if (!has_expect(expected)) return std::nullopt;
  TypeId x = shallow(expected);
  if (T.kind(x) == TyKind::Closure && !p_.closures[T.get(x).id].expr) return callable_sig(x);
  if (T.kind(x) == TyKind::FnPtr) return callable_sig(x);
  if (T.is_dyn_fn(x)) return callable_sig(x);  // `&|s| s.len()` as `&dyn Fn(&str) -> usize`
  // The body of `fn labeller<T>(..) -> impl Fn(T) -> String`: its returned closure.
  if (T.kind(x) == TyKind::Param && p_.params[T.get(x).id].opaque_of == fn_) return callable_sig(x);
  if (T.kind(x) != TyKind::Var) return std::nullopt;
  for (const auto& [var, sig] : dyn_fn_hints_) if (shallow(var) == x) return sig;
  // The closure is an argument of a generic call: its parameter's bound gives the signature.
  for (auto it = bound_checks_.rbegin(); it != bound_checks_.rend(); ++it) {
    const FnDef& f = p_.fns[it->fn];
    const ExprInfo& ci = p_.exprs[it->expr];
    for (size_t i = 0; i < f.generics.size() && i < ci.type_args.size(); ++i) {
      const GenericParamDef& pd = p_.params[f.generics[i]];
      if (!pd.fn_bound || shallow(ci.type_args[i]) != x) continue;
      TypeTable::Subst s;
      for (size_t j = 0; j < f.generics.size() && j < ci.type_args.size(); ++j) s.push_back({f.generics[j], ci.type_args[j]});
      // (`inst` normalises `Self::Item` where Self is known: `|a, b| a + *b` sees `&i32`)
      FnBound b{pd.fn_bound->kind, {}, inst(pd.fn_bound->ret, s)};
      for (TypeId pt : pd.fn_bound->params) b.params.push_back(inst(pt, s));
      return b;
    }
  }
  return std::nullopt;
}

bool FnChecker::satisfies(const FnBound& have, const FnBound& want, Span span, bool report) {
  if (static_cast<int>(have.kind) > static_cast<int>(want.kind)) {
    if (report) {
      cx_.diags.report(DiagKind::ClosureKindMismatch, span, closure_kind_name(want.kind), closure_kind_name(have.kind));
    }
    return false;
  }
  if (have.params.size() != want.params.size()) {
    size_t w = want.params.size(), h = have.params.size();
    if (report) cx_.diags.report(DiagKind::ClosureArgCount, span, w, w == 1 ? "" : "s", h, h == 1 ? "" : "s");
    return false;
  }
  for (size_t i = 0; i < have.params.size(); ++i) {
    if (!unify(have.params[i], want.params[i])) {
      if (report) mismatch(want.params[i], have.params[i], span);
      return false;
    }
  }
  if (T.kind(shallow(have.ret)) == TyKind::Never && T.kind(shallow(want.ret)) == TyKind::Var) {
    diverging_vars_.push_back(want.ret);
  }
  if (T.kind(shallow(have.ret)) != TyKind::Never && !unify(have.ret, want.ret)) {
    if (report) mismatch(want.ret, have.ret, span);
    return false;
  }
  return true;
}

void FnChecker::closure_call_bounds(const Expr& call) {
  const ExprInfo& ci = p_.exprs[call.id];
  if (ci.callee == kNone) return;
  const FnDef& f = p_.fns[ci.callee];
  for (size_t i = 0; i < f.generics.size() && i < ci.type_args.size(); ++i) {
    TypeId arg = shallow(ci.type_args[i]);
    if (!p_.params[f.generics[i]].fn_bound || T.kind(arg) == TyKind::Var) continue;
    // Point at the argument of that type, as rustc does.
    Span span = call.span;
    for (const auto& a : call.args) if (shallow(p_.exprs[a->id].type) == arg) span = a->span;
    check_fn_bound(BoundCheck{call.id, ci.callee, call.span}, i, arg, span);
  }
}

void FnChecker::check_fn_bound(const BoundCheck& bc, size_t i, TypeId arg, Span span) {
  for (auto& d : fn_bounds_done_) if (d.first == bc.expr && d.second == i) return;
  fn_bounds_done_.push_back({bc.expr, i});
  const FnDef& f = p_.fns[bc.fn];
  const ExprInfo& ci = p_.exprs[bc.expr];
  const GenericParamDef& pd = p_.params[f.generics[i]];
  TypeTable::Subst s;
  for (size_t j = 0; j < f.generics.size() && j < ci.type_args.size(); ++j) s.push_back({f.generics[j], ci.type_args[j]});
  FnBound want{pd.fn_bound->kind, {}, T.subst(pd.fn_bound->ret, s)};
  for (TypeId pt : pd.fn_bound->params) want.params.push_back(T.subst(pt, s));
  arg = shallow(arg);
  std::optional<FnBound> have = callable_sig(arg);
  if (!have) {
    if (T.kind(arg) != TyKind::Error) {
      cx_.diags.report(DiagKind::TraitBound, span, p_.type_name(resolve(arg)), cx_.fn_bound_text(want))
          .notes.push_back({pd.span, fmt::format("required by a bound on `{}` in `{}`", pd.name, f.path)});
    }
    return;
  }
  satisfies(*have, want, span, true);
}

bool FnChecker::coerce_closure(TypeId actual, TypeId expected, Span span, bool report, bool& ok) {
  TypeId a = shallow(actual), e = shallow(expected);
  if (a == e || T.kind(e) != TyKind::Closure || p_.closures[T.get(e).id].expr) return false;
  std::optional<FnBound> have = callable_sig(a);
  if (!have) return false;
  ClosureDef& opaque = p_.closures[T.get(e).id];
  // One function returns one closure type: two closures are two types, even if identical.
  if (opaque.concrete.index != 0 && opaque.concrete != a) {
    if (report) {
      cx_.diags.report(DiagKind::MismatchedTypes, span, "`" + p_.type_name(opaque.concrete) + "`", "`" + p_.type_name(a) + "`")
          .notes.push_back({Span{}, "no two closures, even if identical, have the same type"});
    }
    ok = false;
    return true;
  }
  FnBound want{opaque.kind, opaque.params, opaque.ret};
  ok = satisfies(*have, want, span, report);
  // A returned closure must own what it captures (references it holds stay valid).
  if (ok && T.kind(a) == TyKind::Closure && p_.closures[T.get(a).id].owner == fn_) {
    for (const Capture& c : p_.closures[T.get(a).id].captures) {
      const LocalDef& l = p_.fns[fn_].locals[c.local];
      if (c.mode == CaptureMode::Move || T.kind(resolve(l.type)) == TyKind::Ref) continue;
      if (report) {
        std::string place = l.name;  // (`p.x` for a field captured alone)
        for (const std::string& f : c.fields) place += "." + f;
        cx_.diags.report(DiagKind::ClosureOutlives, p_.closures[T.get(a).id].span, place)
            .notes.push_back({Span{}, fmt::format("to force the closure to take ownership of `{}`, use the `move` keyword", place)});
      }
      ok = false;
      break;
    }
  }
  if (ok) p_.closures[T.get(e).id].concrete = a;
  return true;
}

TypeId FnChecker::check_value_call(const Expr& e, TypeId expected) {
  (void)expected;
  const Expr& callee = *e.operand;
  TypeId t = check_expr(callee, kNoExpectId());
  TypeId s = shallow(t);
  while (T.kind(s) == TyKind::Ref) s = shallow(T.pointee(s));
  std::optional<FnBound> sig = callable_sig(s);
  if (!sig) {
    if (T.kind(s) != TyKind::Error) cx_.diags.report(DiagKind::NotCallable, callee.span, p_.type_name(resolve(t)));
    for (auto& a : e.args) check_expr(*a, kNoExpectId());
    return T.error();
  }
  p_.exprs[e.id].builtin = ExprInfo::Builtin::CallValue;
  if (sig->kind == ClosureKind::FnMut) {
    // Calling an `FnMut` borrows it mutably.
    TypeId ct = shallow(t);
    if (T.kind(ct) == TyKind::Ref) {
      if (!T.ref_mut(ct)) {
        cx_.diags.report(DiagKind::SyntaxError, callee.span,
                         fmt::format("cannot borrow `*{}` as mutable, as it is behind a `&` reference", expr_text(callee)));
      }
    } else if (is_place(callee)) {
      require_mutable_place(callee, true);
    }
  }
  if (sig->kind == ClosureKind::FnOnce && T.kind(shallow(t)) == TyKind::Ref) {
    cx_.unsupported(callee.span, "calling an `FnOnce` closure through a reference");
  }
  check_args(e, sig->params, e.args);
  return sig->ret;
}

void FnChecker::finish_closures() {
  for (const DeferredOp& d : deferred_ops_) {
    TypeId t = resolve(d.type);
    bool ok = T.kind(t) == TyKind::Int || T.kind(t) == TyKind::Float || T.kind(t) == TyKind::Error ||
              (T.kind(t) == TyKind::Bool && is_bit(d.op)) || contains_var(t);
    if (!ok) cx_.diags.report(DiagKind::BinaryOpTypes, d.e->span, ast::binop_str(d.op), p_.type_name(t), p_.type_name(t));
  }
  for (ClosureDef& cd : p_.closures) {
    if (cd.owner != fn_ || !cd.expr) continue;
    for (TypeId& t : cd.params) t = resolve(t);
    cd.ret = resolve(cd.ret);
    for (TypeId t : cd.params) if (contains_var(t)) cd.ret = T.error();
  }
}

// ------------------------------------------------------------------ captures
namespace {

enum class Use : uint8_t { Read, Mut, Value };

class CaptureWalk {
 public:
  CaptureWalk(Program& p, LocalId first, std::function<TypeId(TypeId)> resolve)
      : p_(p), T(p.types), first_(first), resolve_(std::move(resolve)) {}

  std::vector<Capture> caps;
  bool mutates = false, moves_out = false;

  void expr(const Expr& e, Use u) {
    const ExprInfo& in = p_.exprs[e.id];
    switch (e.kind) {
      case ExprKind::Paren: expr(*e.operand, u); return;
      case ExprKind::Path:
        if (in.res == ValueRes::Local && in.res_id < first_) {
          TypeId lt = resolve_(p_.fns[owner_].locals[in.res_id].type);
          if (u == Use::Mut) {
            note(in.res_id, CaptureMode::RefMut, e.span);
            mutates = true;
          } else if (u == Use::Value && !copy(lt)) {
            note(in.res_id, CaptureMode::Move, e.span);
            moves_out = true;
          } else {
            note(in.res_id, CaptureMode::Ref, e.span);
          }
        }
        return;
      case ExprKind::Field:
      case ExprKind::TupleField: {
        // `p.x`: only that place is captured (Rust 2021), up to a reference it goes through.
        LocalId root = kNone;
        std::vector<std::string> fields;
        if (const Expr* place = captured_place(e, root, fields)) {
          Use pu = u == Use::Value && copy(resolve_(in.type)) ? Use::Read : u;
          TypeId pt = resolve_(p_.exprs[place->id].type);
          if (pu == Use::Mut) {
            note(root, CaptureMode::RefMut, e.span, fields);
            mutates = true;
          } else if (pu == Use::Value && !copy(pt)) {
            note(root, CaptureMode::Move, e.span, fields);
            moves_out = true;
          } else {
            note(root, CaptureMode::Ref, e.span, fields);
          }
          return;
        }
        if (u == Use::Value && !copy(resolve_(in.type))) expr(*e.operand, Use::Value);
        else expr(*e.operand, u == Use::Mut ? Use::Mut : Use::Read);
        return;
      }
      case ExprKind::Index:
        expr(*e.lhs, u == Use::Mut ? Use::Mut : Use::Read);
        expr(*e.rhs, Use::Value);
        return;
      case ExprKind::Unary:
        if (e.unop == ast::UnOp::Deref) expr(*e.operand, u == Use::Mut ? Use::Mut : Use::Read);
        else expr(*e.operand, Use::Value);
        return;
      case ExprKind::AddrOf: expr(*e.operand, e.is_mut ? Use::Mut : Use::Read); return;
      case ExprKind::Assign:
      case ExprKind::CompoundAssign:
        expr(*e.rhs, Use::Value);
        expr(*e.lhs, Use::Mut);
        return;
      case ExprKind::MethodCall: {
        Use r = Use::Value;
        if (in.recv == ExprInfo::Recv::AutoRefMut) r = Use::Mut;
        else if (in.recv == ExprInfo::Recv::AutoRef || in.recv == ExprInfo::Recv::Deref) r = Use::Read;
        else if (in.builtin == ExprInfo::Builtin::Clone) r = Use::Read;
        else {
          TypeId rt = resolve_(p_.exprs[e.operand->id].type);
          if (T.kind(rt) == TyKind::Ref) r = T.ref_mut(rt) ? Use::Mut : Use::Read;
        }
        expr(*e.operand, r);
        for (const auto& a : e.args) expr(*a, Use::Value);
        return;
      }
      case ExprKind::Call:
        if (in.builtin == ExprInfo::Builtin::CallValue) {
          TypeId ct = resolve_(p_.exprs[e.operand->id].type);
          while (T.kind(ct) == TyKind::Ref) ct = T.pointee(ct);
          ClosureKind k = ClosureKind::Fn;
          if (T.kind(ct) == TyKind::Closure) k = p_.closures[T.get(ct).id].kind;
          if (T.kind(ct) == TyKind::Param && p_.params[T.get(ct).id].fn_bound) k = p_.params[T.get(ct).id].fn_bound->kind;
          expr(*e.operand, k == ClosureKind::Fn ? Use::Read : k == ClosureKind::FnMut ? Use::Mut : Use::Value);
        }
        for (const auto& a : e.args) expr(*a, Use::Value);
        return;
      case ExprKind::MacroCall:
        if (in.macro != kNone) {
          const MacroInfo& mi = p_.macros[in.macro];
          bool vec = mi.kind == MacroKind::Vec;  // (`vec!` moves its elements in)
          if (mi.cond) expr(*mi.cond, Use::Value);
          if (mi.left) expr(*mi.left, vec ? Use::Value : Use::Read);
          if (mi.right) expr(*mi.right, vec ? Use::Value : Use::Read);
          for (const auto& a : mi.args) {
            if (a.expr) expr(*a.expr, vec ? Use::Value : Use::Read);
            else if (a.captured != kNone && a.captured < first_) note(a.captured, CaptureMode::Ref, e.span);
          }
        }
        return;
      case ExprKind::Match:
        if (e.iter) expr(*e.iter, Use::Read);
        for (const auto& arm : e.arms) {
          if (arm.guard) expr(*arm.guard, Use::Value);
          if (arm.body) expr(*arm.body, Use::Value);
        }
        return;
      case ExprKind::Let: expr(*e.operand, Use::Read); return;
      case ExprKind::For: {
        // `for x in v.iter()` / `v.iter_mut()` over an array, slice or Vec is walked in place
        // (check_fn's range_iterable: no method resolved): it borrows `v`.
        const Expr* it = e.iter.get();
        while (it->kind == ExprKind::Paren) it = it->operand.get();
        const ExprInfo& ii = p_.exprs[it->id];
        if (it->kind == ExprKind::MethodCall && it->args.empty() && ii.recv == ExprInfo::Recv::ByValue &&
            ii.callee == kNone && (it->name.name == "iter" || it->name.name == "iter_mut") &&
            T.kind(resolve_(ii.type)) == TyKind::Ref) {
          expr(*it->operand, it->name.name == "iter_mut" ? Use::Mut : Use::Read);
        } else {
          expr(*e.iter, Use::Value);
        }
        if (e.block) block(*e.block);
        return;
      }
      case ExprKind::Binary:
        if (e.binop >= ast::BinOp::Eq) {  // (`PartialEq::eq(&a, &b)`: comparisons borrow)
          expr(*e.lhs, Use::Read);
          expr(*e.rhs, Use::Read);
          return;
        }
        break;
      case ExprKind::Closure: {
        // A nested closure's captures from further out are captures of this one too.
        TypeId ct = in.type;
        if (T.kind(ct) != TyKind::Closure) return;
        for (const Capture& c : p_.closures[T.get(ct).id].captures) {
          if (c.local >= first_) continue;
          TypeId lt = field_types(resolve_(p_.fns[owner_].locals[c.local].type), c.fields);
          if (c.mode == CaptureMode::RefMut) {
            note(c.local, CaptureMode::RefMut, c.span, c.fields);
            mutates = true;
          } else if (c.mode == CaptureMode::Move && !copy(lt)) {
            note(c.local, CaptureMode::Move, c.span, c.fields);
            moves_out = true;
          } else {
            note(c.local, CaptureMode::Ref, c.span, c.fields);
          }
        }
        return;
      }
      default: break;
    }
    if (e.operand) expr(*e.operand, Use::Value);
    if (e.lhs) expr(*e.lhs, Use::Value);
    if (e.rhs) expr(*e.rhs, Use::Value);
    if (e.cond) expr(*e.cond, Use::Value);
    if (e.iter) expr(*e.iter, Use::Value);
    for (const auto& a : e.args) expr(*a, Use::Value);
    for (const auto& f : e.fields) {
      if (f.value) expr(*f.value, Use::Value);
      else if (auto it = p_.shorthand_locals.find(&f); it != p_.shorthand_locals.end() && it->second < first_) {
        TypeId lt = resolve_(p_.fns[owner_].locals[it->second].type);
        note(it->second, copy(lt) ? CaptureMode::Ref : CaptureMode::Move, f.span);
        moves_out = moves_out || !copy(lt);
      }
    }
    if (e.base) expr(*e.base, Use::Read);
    if (e.block) block(*e.block);
    if (e.else_branch) expr(*e.else_branch, Use::Value);
    if (e.body) expr(*e.body, Use::Value);
  }

  void block(const ast::Block& b) {
    for (const auto& s : b.stmts) {
      if (s->init) expr(*s->init, Use::Value);
      if (s->else_block) block(*s->else_block);
      if (s->expr) expr(*s->expr, Use::Value);
    }
    if (b.tail) expr(*b.tail, Use::Value);
  }

  FnId owner_ = kNone;
  // Called for every use, before uses of one place are merged into one capture.
  std::function<void(const Capture&)> on_use;

 private:
  bool copy(TypeId t) const {
    if (T.kind(t) == TyKind::Ref) return true;  // (a `&mut` is reborrowed, as the move checker assumes)
    return p_.implements(t, Trait::Copy);
  }

  // Records a use of place `l.fields`: a place and one inside it are captured as the outer
  // one, in the strongest mode either needs (rustc's capture analysis does the same).
  void note(LocalId l, CaptureMode m, Span span, const std::vector<std::string>& fields = {}) {
    if (on_use) on_use(Capture{l, m, span, fields});
    auto within = [](const std::vector<std::string>& inner, const std::vector<std::string>& outer) {
      return inner.size() >= outer.size() && std::equal(outer.begin(), outer.end(), inner.begin());
    };
    auto stronger = [](CaptureMode a, CaptureMode b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; };
    for (Capture& c : caps) {
      if (c.local == l && within(fields, c.fields)) {
        c.mode = stronger(c.mode, m);
        return;
      }
    }
    // The new place may contain places captured before: it replaces them (at the first's position).
    size_t at = caps.size();
    for (size_t i = caps.size(); i-- > 0;) {
      if (caps[i].local != l || !within(caps[i].fields, fields)) continue;
      m = stronger(m, caps[i].mode);
      span = caps[i].span;
      caps.erase(caps.begin() + static_cast<long>(i));
      at = i;
    }
    caps.insert(caps.begin() + static_cast<long>(std::min(at, caps.size())), Capture{l, m, span, fields});
  }

  // The place a field expression uses, as captured: its root local (of the environment) and
  // the fields from there, stopping at the first one reached through a reference (or of a
  // type not known yet). Null if that leaves no field: the variable itself is captured.
  const Expr* captured_place(const Expr& e, LocalId& root, std::vector<std::string>& fields) const {
    std::vector<const Expr*> chain;  // outermost first
    const Expr* x = &e;
    while (x->kind == ExprKind::Paren || x->kind == ExprKind::Field || x->kind == ExprKind::TupleField) {
      if (x->kind != ExprKind::Paren) chain.push_back(x);
      x = x->operand.get();
    }
    const ExprInfo& xi = p_.exprs[x->id];
    if (x->kind != ExprKind::Path || xi.res != ValueRes::Local || xi.res_id >= first_) return nullptr;
    root = xi.res_id;
    const Expr* place = nullptr;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      TypeId base = resolve_(p_.exprs[(*it)->operand->id].type);
      if (T.kind(base) != TyKind::Tuple && (T.kind(base) != TyKind::Adt || p_.adts[T.get(base).id].is_enum)) break;
      if (p_.is_box(base)) break;  // (a field behind a `Box`: the box is captured)
      // (reached through `Deref` of `Rc`, `Ref`, ...: the pointer is captured, as in rustc)
      if (p_.exprs[(*it)->id].auto_derefs > 0) break;
      fields.push_back((*it)->name.name);
      place = *it;
    }
    return place;
  }

  TypeId field_types(TypeId t, const std::vector<std::string>& fields) const {
    for (size_t i = 0; i < fields.size(); ++i) t = resolve_(p_.place_type(t, {fields[i]}));
    return t;
  }

  Program& p_;
  const TypeTable& T;
  LocalId first_;
  std::function<TypeId(TypeId)> resolve_;
};

}  // namespace

void walk_uses(Program& p, FnId owner, const std::function<TypeId(TypeId)>& resolve, const Expr& e,
               const std::function<void(const Capture&)>& on_use) {
  CaptureWalk w(p, kNone, resolve);
  w.owner_ = owner;
  w.on_use = on_use;
  w.expr(e, Use::Value);
}

void FnChecker::infer_captures(uint32_t closure, const Expr& e, LocalId first_local) {
  CaptureWalk w(p_, first_local, [this](TypeId t) { return resolve(t); });
  w.owner_ = fn_;
  if (e.body) w.expr(*e.body, Use::Value);
  ClosureDef& cd = p_.closures[closure];
  cd.kind = w.moves_out ? ClosureKind::FnOnce : w.mutates ? ClosureKind::FnMut : ClosureKind::Fn;
  cd.captures = std::move(w.caps);
  if (e.is_move) for (Capture& c : cd.captures) c.mode = CaptureMode::Move;
  // A place moved into the closure stops at a struct with an `impl Drop` (no field can leave
  // such a value): the closure takes the whole struct, as rustc does. (A `Copy` field is
  // copied out: the struct stays where it is.)
  std::vector<Capture> merged;
  for (Capture& c : cd.captures) {
    TypeId whole = resolve(p_.fns[fn_].locals[c.local].type);
    for (const std::string& f : c.fields) whole = resolve(p_.place_type(whole, {f}));
    if (c.mode == CaptureMode::Move && !p_.implements(whole, Trait::Copy)) {
      TypeId t = resolve(p_.fns[fn_].locals[c.local].type);
      for (size_t i = 0; i < c.fields.size(); ++i) {
        if (p_.types.kind(t) == TyKind::Adt && p_.adts[p_.types.get(t).id].drop_impl != kNone) {
          c.fields.resize(i);
          break;
        }
        t = resolve(p_.place_type(t, {c.fields[i]}));
      }
    }
    bool inside = false;  // (two fields of one such struct: one capture of the struct)
    for (Capture& m : merged) {
      if (m.local != c.local || c.fields.size() < m.fields.size() ||
          !std::equal(m.fields.begin(), m.fields.end(), c.fields.begin())) {
        continue;
      }
      if (c.mode == CaptureMode::Move) m.mode = CaptureMode::Move;
      inside = true;
    }
    if (!inside) merged.push_back(std::move(c));
  }
  cd.captures = std::move(merged);
}

}  // namespace asr::sema
