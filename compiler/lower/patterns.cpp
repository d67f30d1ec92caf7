// Lowering of patterns: the tests and bindings of a pattern against a place, and the
// match-like constructs built on them (`match`, `if let`).

#include <string>

#include "lower/lower_fn.hpp"

namespace asr::lower::detail {

// ------------------------------------------------------------------ patterns
// The value a pattern is matched against: the place itself when the scrutinee is one (a
// `match` does not move or copy what it inspects), else a temporary holding the value.
Expr FnLowerer::scrutinee(const ast::Expr& e, const char* hint) {
  if (is_place(e)) {
    Expr place = lower_place(e);
    place.type = p_.info(e).type;
    return place;
  }
  Expr v = lower_expr(e, true);
  v = as_value(std::move(v));
  if (v.kind == lir::ExprKind::UnitValue || v.kind == lir::ExprKind::Unreachable) return v;
  uint32_t var = new_var(hint, v.type, true, true);
  Span span = v.span;
  emit(decl(var, std::move(v), span));
  return var_expr(var);
}

Expr FnLowerer::bool_op(const char* op, Expr a, Expr b, Span span) {
  Expr x{lir::ExprKind::Binary, T.bool_(), span, op};
  x.args.push_back(std::move(a));
  x.args.push_back(std::move(b));
  return x;
}

Expr FnLowerer::conjunction(std::vector<Expr> tests, Span span) {
  if (tests.empty()) return Expr{lir::ExprKind::BoolLit, T.bool_(), span, "true"};
  Expr c = std::move(tests[0]);
  for (size_t i = 1; i < tests.size(); ++i) c = bool_op("&&", std::move(c), std::move(tests[i]), span);
  return c;
}

Expr FnLowerer::negate(Expr c) {
  Expr n{lir::ExprKind::Unary, T.bool_(), c.span, "!"};
  n.args.push_back(std::move(c));
  return n;
}

// The place of the value `pat` itself matches (after default-binding-mode derefs, which
// are no-ops in C++ for a C++ reference, `(*r)` for a stored `asr::Ref`).
Expr FnLowerer::peeled(const ast::Pat& pat, const Expr& place) {
  Expr x = place;
  const sema::PatInfo& pi = p_.pat(pat);
  for (uint8_t i = 0; i < pi.derefs && T.is_borrow(x.type); ++i) x = deref_place(std::move(x));
  if (pi.derefs > 0) x.type = pi.type;
  return x;
}

Expr FnLowerer::field_of(const Expr& base, const sema::PatInfo& pi, uint32_t index, Span span) {
  const auto& fields = p_.fields_of(pi.adt, pi.variant);
  if (pi.variant != sema::kNone) {
    Expr f{lir::ExprKind::VariantField, p_.field_type(pi.type, pi.variant, index), span, fields[index].name};
    f.var = pi.variant;
    f.args.push_back(base);
    return stored(std::move(f));
  }
  Expr f{lir::ExprKind::Field, p_.field_type(pi.type, pi.variant, index), span, fields[index].name};
  f.args.push_back(base);
  return stored(std::move(f));
}

// Calls `fn(sub-pattern, its place)` for each positional sub-pattern (tuples, tuple
// structs and variants; `..` skipped).
template <typename Fn>
void FnLowerer::each_element(const ast::Pat& pat, const Expr& place, Fn&& fn) {
  const sema::PatInfo& pi = p_.pat(pat);
  if (pat.kind == ast::PatKind::Slice) return slice_elements(pat, place, fn);
  size_t n = pat.kind == ast::PatKind::Tuple ? T.get(pi.type).elems.size() : p_.fields_of(pi.adt, pi.variant).size();
  size_t rest = pat.elems.size();
  for (size_t i = 0; i < pat.elems.size(); ++i) if (pat.elems[i]->kind == ast::PatKind::Rest) rest = i;
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    if (i == rest) continue;
    size_t index = i < rest ? i : n - (pat.elems.size() - i);
    if (pat.kind == ast::PatKind::Tuple) {
      Expr f{lir::ExprKind::Field, T.get(pi.type).elems[index], pat.span, std::to_string(index)};
      f.args.push_back(place);
      fn(*pat.elems[i], stored(std::move(f)));
    } else if (pat.kind == ast::PatKind::Slice) {
      Expr f{lir::ExprKind::Field, T.get(pi.type).elems[0], pat.span, "[" + std::to_string(index) + "]"};
      f.args.push_back(place);
      fn(*pat.elems[i], stored(std::move(f)));
    } else {
      fn(*pat.elems[i], field_of(place, pi, static_cast<uint32_t>(index), pat.span));
    }
  }
}

template <typename Fn>
void FnLowerer::each_field(const ast::Pat& pat, const Expr& place, Fn&& fn) {
  const sema::PatInfo& pi = p_.pat(pat);
  for (size_t i = 0; i < pat.fields.size(); ++i) {
    if (!pat.fields[i].pat || pi.fields[i] == sema::kNone) continue;
    fn(*pat.fields[i].pat, field_of(place, pi, pi.fields[i], pat.fields[i].span));
  }
}

// Appends the conditions under which `pat` matches the value at `place`.
void FnLowerer::pattern_tests(const ast::Pat& pat, const Expr& place, std::vector<Expr>& tests) {
  if (pat.kind == ast::PatKind::Paren) return pattern_tests(*pat.sub, place, tests);
  const sema::PatInfo& pi = p_.pat(pat);
  Expr at = peeled(pat, place);
  auto variant_test = [&] {
    if (pi.variant == sema::kNone) return;
    Expr t{lir::ExprKind::VariantTest, T.bool_(), pat.span};
    t.var = pi.variant;
    t.args.push_back(at);
    tests.push_back(std::move(t));
  };
  switch (pat.kind) {
    case ast::PatKind::Ident:
    case ast::PatKind::Path:
      if (pi.const_id != sema::kNone) {
        Expr c{lir::ExprKind::Const, p_.consts[pi.const_id].type, pat.span};
        c.var = pi.const_id;
        tests.push_back(bool_op("==", at, std::move(c), pat.span));
      } else if (pi.adt != sema::kNone) {
        variant_test();
      } else if (pat.sub) {
        pattern_tests(*pat.sub, place, tests);
      }
      return;
    case ast::PatKind::Literal:
      if (pat.lit->kind == ExprKind::Lit && pat.lit->lit.kind == ast::LitKind::Bool) {
        tests.push_back(pat.lit->lit.bool_value ? at : negate(at));  // `x` / `!x`, not `x == true`
        return;
      }
      tests.push_back(bool_op("==", at, lower_expr(*pat.lit), pat.span));
      return;
    case ast::PatKind::Range:
      if (pat.lo) tests.push_back(bool_op(">=", at, lower_expr(*pat.lo), pat.span));
      if (pat.hi) tests.push_back(bool_op(pat.inclusive ? "<=" : "<", at, lower_expr(*pat.hi), pat.span));
      return;
    case ast::PatKind::Slice:
      if (std::optional<Expr> t = slice_length_test(pat, at)) tests.push_back(std::move(*t));
      [[fallthrough]];
    case ast::PatKind::TupleStruct:
    case ast::PatKind::Tuple:
      variant_test();
      each_element(pat, at, [&](const ast::Pat& sub, const Expr& f) { pattern_tests(sub, f, tests); });
      return;
    case ast::PatKind::Struct:
      variant_test();
      each_field(pat, at, [&](const ast::Pat& sub, const Expr& f) { pattern_tests(sub, f, tests); });
      return;
    case ast::PatKind::Ref: {
      Expr inner = deref_place(at);
      pattern_tests(*pat.sub, inner, tests);
      return;
    }
    case ast::PatKind::Or: {
      // Alternatives without bindings (sema rejects nested ones with bindings).
      std::optional<Expr> any;
      for (const auto& alt : pat.elems) {
        std::vector<Expr> alt_tests;
        pattern_tests(*alt, place, alt_tests);
        if (alt_tests.empty()) return;  // this alternative always matches
        Expr c = conjunction(std::move(alt_tests), alt->span);
        any = any ? bool_op("||", std::move(*any), std::move(c), pat.span) : std::move(c);
      }
      if (any) tests.push_back(std::move(*any));
      return;
    }
    default:
      return;
  }
}

// Declares the bindings of `pat` (which matches the value at `place`).
void FnLowerer::pattern_bindings(const ast::Pat& pat, const Expr& place, Span span) {
  if (pat.kind == ast::PatKind::Paren) return pattern_bindings(*pat.sub, place, span);
  Expr at = peeled(pat, place);
  switch (pat.kind) {
    case ast::PatKind::Ident: {
      auto it = p_.pat_locals.find(&pat);
      if (it == p_.pat_locals.end()) return;  // a unit variant or struct
      uint32_t v = var_for_local(it->second);
      // By value: the reference stored there, read (`(*o._0)`); by reference (`ref x`, a
      // default binding mode): the place itself, also when it is a stored `asr::Ref`.
      bool by_value = out_.vars[v].type == at.type;
      Expr value = by_value ? transparent(at) : at;
      value.ref_object = false;
      value.type = out_.vars[v].type;
      TyKind k = T.kind(out_.vars[v].type);
      Stmt d = decl(v, std::move(value), span);
      bool by_ref = k == TyKind::Ref && T.kind(at.type) != TyKind::Ref;  // (`ref x`, default binding mode)
      d.move_init = move_bindings_ && !by_ref && k != TyKind::Int && k != TyKind::Float && k != TyKind::Bool &&
                    k != TyKind::Char && k != TyKind::Ref;
      emit(std::move(d));
      if (pat.sub) pattern_bindings(*pat.sub, place, span);
      return;
    }
    case ast::PatKind::TupleStruct:
    case ast::PatKind::Tuple:
    case ast::PatKind::Slice:
      each_element(pat, at, [&](const ast::Pat& sub, const Expr& f) { pattern_bindings(sub, f, span); });
      return;
    case ast::PatKind::Struct:
      each_field(pat, at, [&](const ast::Pat& sub, const Expr& f) { pattern_bindings(sub, f, span); });
      return;
    case ast::PatKind::Ref: {
      Expr inner = deref_place(at);
      pattern_bindings(*pat.sub, inner, span);
      return;
    }
    case ast::PatKind::Or:
      or_bindings(pat, place, span);
      return;
    default:
      return;
  }
}

// pattern_bindings for an arm that is taken once its pattern matched: by-value bindings of
// non-Copy values move out of the scrutinee (`Some(s) => s` does not copy the String).
void FnLowerer::moving_bindings(const ast::Pat& pat, const Expr& place, Span span) {
  bool saved = move_bindings_;
  move_bindings_ = true;
  pattern_bindings(pat, place, span);
  move_bindings_ = saved;
}

// The bindings of an or-pattern that matched (`Some(Ok(x) | Err(x))`): each name takes its
// place in the first alternative that matches, `alt0 ? place0 : alt1 ? place1 : place2`.
// The tests only read the scrutinee, so evaluating them again here is safe. (A `|` at the
// top of an arm never gets here: lower_arms splits it into one arm per alternative.)
void FnLowerer::or_bindings(const ast::Pat& pat, const Expr& place, Span span) {
  if (!binds(pat)) return;
  std::vector<Stmt>* saved = cur_;
  std::vector<std::vector<Stmt>> decls(pat.elems.size());
  std::vector<std::optional<Expr>> conds(pat.elems.size());
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    std::vector<Expr> tests;
    pattern_tests(*pat.elems[i], place, tests);
    if (!tests.empty()) conds[i] = conjunction(std::move(tests), pat.elems[i]->span);
    cur_ = &decls[i];
    pattern_bindings(*pat.elems[i], place, span);
  }
  cur_ = saved;
  for (Stmt& d : decls[0]) {
    if (d.kind != StmtKind::Decl || !d.value) continue;
    // From the last alternative that can match backwards.
    std::optional<Expr> value;
    for (size_t i = pat.elems.size(); i-- > 0;) {
      std::optional<Expr> mine;
      for (Stmt& o : decls[i]) if (o.kind == StmtKind::Decl && o.var == d.var && o.value) mine = *o.value;
      if (!mine) continue;
      if (!conds[i] || !value) {
        value = std::move(mine);
        continue;
      }
      Expr t{lir::ExprKind::Ternary, out_.vars[d.var].type, span};
      t.args.push_back(*conds[i]);
      t.args.push_back(std::move(*mine));
      t.args.push_back(std::move(*value));
      value = std::move(t);
    }
    emit(decl(d.var, std::move(value), span));
  }
}

// Lowers arms tried in order against `place`. `exhaustive`: some arm always matches, so
// the last one needs no test. Without guards this is an `if / else if / else` chain; with
// guards each arm jumps to the end when it ran.
void FnLowerer::lower_arms(const Expr& place, std::vector<Arm> arms, bool exhaustive, Span span) {
  // An or-pattern that binds names becomes one arm per alternative (same body).
  std::vector<Arm> flat;
  for (auto& a : arms) {
    const ast::Pat* p = a.pat;
    while (p && p->kind == ast::PatKind::Paren) p = p->sub.get();
    if (p && p->kind == ast::PatKind::Or && binds(*p)) {
      for (const auto& alt : p->elems) flat.push_back({alt.get(), a.guard, a.body, a.span});
    } else {
      flat.push_back(a);
    }
  }
  bool guarded = false;
  for (const auto& a : flat) guarded = guarded || a.guard;
  std::vector<Stmt>* saved = cur_;
  if (!guarded) {
    std::vector<Stmt>* chain = cur_;
    for (size_t i = 0; i < flat.size(); ++i) {
      const Arm& a = flat[i];
      std::vector<Expr> tests;
      if (a.pat) pattern_tests(*a.pat, place, tests);
      bool last = i + 1 == flat.size();
      if (tests.empty() || (last && exhaustive)) {
        // Always matches here: the final `else` (or plain code when it is the only arm).
        Stmt blk{StmtKind::Block, a.span};
        cur_ = &blk.body;
        if (a.pat) moving_bindings(*a.pat, place, a.span);
        a.body();
        cur_ = chain;
        if (chain == saved) {
          emit(std::move(blk));
        } else {
          for (auto& st : blk.body) emit(std::move(st));
        }
        break;
      }
      Stmt st{StmtKind::If, a.span};
      st.value = conjunction(std::move(tests), a.span);
      cur_ = &st.body;
      moving_bindings(*a.pat, place, a.span);
      a.body();
      cur_ = chain;
      emit(std::move(st));
      chain = &chain->back().else_body;
    }
    cur_ = saved;
    return;
  }
  std::string end = names_.fresh("match_end");
  bool used_end = false;
  Stmt outer{StmtKind::Block, span};
  cur_ = &outer.body;
  for (size_t i = 0; i < flat.size(); ++i) {
    const Arm& a = flat[i];
    std::vector<Expr> tests;
    if (a.pat) pattern_tests(*a.pat, place, tests);
    bool last = i + 1 == flat.size();
    bool always = tests.empty() || (last && exhaustive && !a.guard);
    Stmt st{always ? StmtKind::Block : StmtKind::If, a.span};
    if (!always) st.value = conjunction(std::move(tests), a.span);
    std::vector<Stmt>* arm_out = cur_;
    cur_ = &st.body;
    if (a.pat && a.guard) pattern_bindings(*a.pat, place, a.span);
    else if (a.pat) moving_bindings(*a.pat, place, a.span);
    if (a.guard) {
      Expr g = lower_expr(*a.guard);
      Stmt gi{StmtKind::If, a.guard->span};
      gi.value = std::move(g);
      cur_ = &gi.body;
      a.body();
      if (!last && !ends_in_jump(*cur_)) {
        Stmt jump{StmtKind::Break, a.span};
        jump.label = end;
        used_end = true;
        emit(std::move(jump));
      }
      cur_ = &st.body;
      emit(std::move(gi));
    } else {
      a.body();
      if (!last && !always && !ends_in_jump(*cur_)) {
        Stmt jump{StmtKind::Break, a.span};
        jump.label = end;
        used_end = true;
        emit(std::move(jump));
      }
    }
    cur_ = arm_out;
    emit(std::move(st));
    if (always && !a.guard) break;
  }
  cur_ = saved;
  emit(std::move(outer));
  if (used_end) {
    Stmt l{StmtKind::Label, span};
    l.label = end;
    emit(std::move(l));
  }
}

// Whether control never falls off the end of these statements.
bool FnLowerer::ends_in_jump(const std::vector<Stmt>& stmts) {
  if (stmts.empty()) return false;
  const Stmt& s = stmts.back();
  if (s.kind == StmtKind::Return || s.kind == StmtKind::Break || s.kind == StmtKind::Continue) return true;
  if (s.kind == StmtKind::Block) return ends_in_jump(s.body);
  if (s.kind == StmtKind::Eval && s.value && T_never(*s.value)) return true;
  return false;
}

bool FnLowerer::binds(const ast::Pat& p) const {
  if (p.kind == ast::PatKind::Ident && p_.pat_locals.count(&p)) return true;
  if (p.sub && binds(*p.sub)) return true;
  for (const auto& e : p.elems) if (binds(*e)) return true;
  for (const auto& f : p.fields) if (f.pat && binds(*f.pat)) return true;
  return false;
}

// Emits a block's statements, in braces only if it declares something (a scrutinee's
// temporary lives as long as its `match`, as in Rust).
void FnLowerer::emit_scoped(Stmt blk) {
  bool decls = false;
  for (const auto& st : blk.body) decls = decls || st.kind == StmtKind::Decl;
  if (decls) {
    emit(std::move(blk));
    return;
  }
  for (auto& st : blk.body) {
    bool inner_decls = false;
    for (const auto& in : st.body) inner_decls = inner_decls || in.kind == StmtKind::Decl;
    if (st.kind == StmtKind::Block && blk.body.size() == 1 && !inner_decls) {
      for (auto& inner : st.body) emit(std::move(inner));
    } else {
      emit(std::move(st));
    }
  }
}

void FnLowerer::lower_match(const ast::Expr& e, Dest d) {
  Stmt blk{StmtKind::Block, e.span};
  auto* saved = cur_;
  cur_ = &blk.body;
  Expr place = scrutinee(*e.iter);
  std::vector<Arm> arms;
  for (const auto& arm : e.arms) {
    const ast::Expr* body = arm.body.get();
    arms.push_back({arm.pat.get(), arm.guard.get(), [this, body, d] { lower_into(*body, d); }, arm.span});
  }
  lower_arms(place, std::move(arms), /*exhaustive=*/true, e.span);
  cur_ = saved;
  emit_scoped(std::move(blk));
}

void FnLowerer::lower_if_let(const ast::Expr& e, Dest d) {
  Stmt blk{StmtKind::Block, e.span};
  auto* saved = cur_;
  cur_ = &blk.body;
  Expr place = scrutinee(*e.cond->operand);
  std::vector<Arm> arms;
  arms.push_back({e.cond->pat.get(), nullptr, [this, &e, d] {
                    lower_block_stmts(*e.block);
                    if (e.block->tail) lower_into(*e.block->tail, d);
                  }, e.span});
  if (e.else_branch) {
    arms.push_back({nullptr, nullptr, [this, &e, d] { lower_into(*e.else_branch, d); }, e.else_branch->span});
  }
  lower_arms(place, std::move(arms), /*exhaustive=*/e.else_branch != nullptr, e.span);
  cur_ = saved;
  emit_scoped(std::move(blk));
}

}  // namespace asr::lower::detail
