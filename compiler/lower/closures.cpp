// Closures in the lower stage: a closure expression becomes a C++ lambda whose captures sema
// decided (by reference, or by value: copied if Copy, else moved in), and a call of a closure
// value a plain call. A closure whose body can suspend (effects.hpp) is a coroutine lambda
// returning `asr::Task<R>`, awaited where it is called.

#include <fmt/format.h>

#include <memory>

#include "lower/async_drop.hpp"
#include "lower/lower_fn.hpp"

namespace asr::lower {
namespace detail {

Expr FnLowerer::lower_closure(const ast::Expr& e, bool top) {
  const sema::ExprInfo& in = p_.info(e);
  uint32_t cid = T.get(in.type).id;
  const sema::ClosureDef& cd = p_.closures[cid];
  auto lam = std::make_shared<lir::Lambda>();
  lam->closure = cid;
  lam->ret = cd.ret;
  bool by_value = false;
  std::vector<std::pair<std::string, uint32_t>> fields;  // captured alone: their lambda variables
  for (const sema::Capture& cap : cd.captures) {
    if (!cap.fields.empty()) {
      // `p.x` alone (Rust 2021): an init-capture `&p_x = p.x` / `p_x = std::move(p.x)`, and the
      // body reads `p_x` wherever it wrote `p.x`.
      TypeId ft = p_.place_type(def_.locals[cap.local].type, cap.fields);
      std::string hint = def_.locals[cap.local].name;
      std::string key = std::to_string(cap.local);
      for (const std::string& f : cap.fields) hint += "_" + f, key += "." + f;
      uint32_t v = new_var(hint, ft, false, false);
      // A reference field is captured as its `asr::Ref` (`&view_at = view.at`), read `(*view_at)`.
      out_.vars[v].ref_storage = T.is_borrow(ft);
      const std::string& n = out_.vars[v].name;
      bool is_ref = T.is_borrow(ft);
      if (cap.mode != sema::CaptureMode::Move) {
        lam->captures.push_back("&" + n + " = {}");
      } else if (is_ref) {
        lam->captures.push_back(n + " = {}");  // (a copy of the `asr::Ref`)
        by_value = true;
      } else {
        bool copy = p_.implements(ft, sema::Trait::Copy);
        lam->captures.push_back(copy ? n + " = {}" : n + " = std::move({})");
        by_value = true;
      }
      lam->capture_places.resize(lam->captures.size());
      lam->capture_places.back() = capture_source(cap.local, cap.fields);
      fields.push_back({key, v});
      continue;
    }
    const std::string& n = out_.vars[var_for_local(cap.local)].name;
    TypeId lt = def_.locals[cap.local].type;
    // A reference variable is captured by reference: the lambda then refers to the referent
    // itself (C++ has no references to references), which lives as long as Rust says.
    bool is_ref = T.is_borrow(lt);
    if (cap.mode == sema::CaptureMode::Move && out_.vars[var_for_local(cap.local)].ref_storage) {
      lam->captures.push_back(n);  // an `asr::Ref` variable moved in: a copy of the Ref
      by_value = true;
    } else if (cap.mode != sema::CaptureMode::Move || is_ref) {
      lam->captures.push_back("&" + n);
    } else if (p_.implements(lt, sema::Trait::Copy)) {
      lam->captures.push_back(n);
      by_value = true;
    } else if (async_drop_glue(p_, fx_, lt)) {
      lam->owned.push_back(var_for_local(cap.local));  // (its drop is awaited: asr::OwningClosure)
    } else {
      lam->captures.push_back(fmt::format("{0} = std::move({0})", n));
      by_value = true;
    }
  }
  lam->is_mutable = by_value && cd.kind != sema::ClosureKind::Fn;
  if (!lam->owned.empty()) lam->owned_param = names_.fresh("owned");
  std::vector<std::pair<const ast::Pat*, uint32_t>> destructured;
  std::vector<std::pair<uint32_t, uint32_t>> owned_params;  // (`x_in`, `x`)
  for (size_t i = 0; i < e.params.size(); ++i) {
    const ast::Pat* pat = e.params[i].pat.get();
    while (pat->kind == ast::PatKind::Paren) pat = pat->sub.get();
    uint32_t v;
    if (pat->kind == ast::PatKind::Ident && !pat->sub && !pat->by_ref) {
      v = var_for_local(p_.pat_locals.at(pat));
      TypeId pt = out_.vars[v].type;
      if (fx_.any_async_drop && T.kind(pt) != TyKind::Ref && async_drop_glue(p_, fx_, pt, /*params=*/true)) {
        // A parameter whose drop can suspend is moved into a local first thing, as a
        // function's is, so that its drop is awaited where the closure's body ends.
        uint32_t in = new_var(out_.vars[v].name + "_in", pt, false, false);
        owned_params.push_back({in, v});
        v = in;
      }
    } else {
      v = new_var("arg", i < cd.params.size() ? cd.params[i] : T.error(), false, false);
      destructured.push_back({pat, v});
    }
    lam->params.push_back(v);
  }
  std::vector<Stmt>* saved = cur_;
  std::vector<LoopTarget> saved_loops = std::move(loops_);
  loops_.clear();
  auto saved_fields = captured_fields_;
  for (auto& [key, v] : fields) captured_fields_[key] = v;
  cur_ = &lam->body;
  TypeId saved_ret = closure_ret_;
  bool saved_in = in_closure_;
  bool saved_async = async_;
  closure_ret_ = cd.ret;
  in_closure_ = true;
  lam->suspends = async_ = cid < fx_.closure_version.size() && fx_.closure_version[cid][out_.is_twin ? 1 : 0];
  for (auto [in, v] : owned_params) {
    Expr moved = var_expr(in);
    moved.moved = true;
    emit(decl(v, std::move(moved), e.span));
  }
  for (auto& [pat, v] : destructured) {
    if (pat->kind != ast::PatKind::Wild) pattern_bindings(*pat, var_expr(v), pat->span);
  }
  if (e.body) lower_into(*e.body, Dest::ret());
  insert_async_drops(lam->body);
  cur_ = saved;
  loops_ = std::move(saved_loops);
  captured_fields_ = std::move(saved_fields);
  closure_ret_ = saved_ret;
  in_closure_ = saved_in;
  async_ = saved_async;
  Expr x{lir::ExprKind::Closure, in.type, e.span};
  x.lambda = std::move(lam);
  if (top) return x;
  uint32_t v = new_var("closure", in.type, false, true);
  emit(decl(v, std::move(x), e.span));
  // A closure expression is a temporary used once: it moves into whatever takes it (a copy
  // would clone what it captured by move: a `Sender` would then outlive the closure, and a
  // `Receiver` cannot be copied).
  Expr r = var_expr(v);
  r.moved = true;
  return r;
}

// The place a closure captures, as the code creating the closure sees it: `p.x`, or the
// variable of an enclosing closure that captured (part of) it.
Expr FnLowerer::capture_source(sema::LocalId l, const std::vector<std::string>& fields) {
  std::string key = std::to_string(l);
  Expr x = var_expr(var_for_local(l));
  TypeId t = def_.locals[l].type;
  for (const std::string& f : fields) {
    key += "." + f;
    t = p_.place_type(t, {f});
    if (auto it = captured_fields_.find(key); it != captured_fields_.end()) {
      x = var_expr(it->second);
      continue;
    }
    bool index = !f.empty() && f[0] >= '0' && f[0] <= '9';  // tuple and tuple-struct fields
    Expr fx{lir::ExprKind::Field, t, x.span, index ? "_" + f : f};
    fx.args.push_back(deref_all(std::move(x)));  // (through a reference field: `(*view.at).x`)
    x = stored(std::move(fx));
  }
  return x;
}

std::optional<Expr> FnLowerer::captured_field(const ast::Expr& e) {
  if (captured_fields_.empty()) return std::nullopt;
  std::string key;
  const ast::Expr* x = &e;
  while (x->kind == ExprKind::Paren || x->kind == ExprKind::Field || x->kind == ExprKind::TupleField) {
    if (x->kind != ExprKind::Paren) key = "." + x->name.name + key;
    x = x->operand.get();
  }
  const sema::ExprInfo& xi = p_.info(*x);
  if (x->kind != ExprKind::Path || xi.res != sema::ValueRes::Local) return std::nullopt;
  auto it = captured_fields_.find(std::to_string(xi.res_id) + key);
  if (it == captured_fields_.end()) return std::nullopt;
  Expr v = var_expr(it->second);
  v.type = p_.info(e).type;
  return v;
}

Expr FnLowerer::lower_value_call(const ast::Expr& e, bool top) {
  const sema::ExprInfo& in = p_.info(e);
  std::vector<const ast::Expr*> ops{e.operand.get()};
  for (const auto& a : e.args) ops.push_back(a.get());
  Expr c{lir::ExprKind::CallValue, in.type, e.span};
  c.args = lower_operands(ops);
  c.once = p_.call_consumes(p_.info(*e.operand).type);
  if (async_) {
    if (const Effects::Site* s = fx_.site(e)) {
      c.awaited = s->varies || fx_.site_suspends(*s);
      c.adaptive = s->varies;  // (`F: Fn..` of a coroutine twin: `co_await ::asr::call_co(f, ..)`)
    }
  }
  if (c.once && async_ && !c.awaited && async_drop_glue(p_, fx_, c.args[0].type, /*params=*/true)) {
    // (an `FnOnce` whose captures' drop can suspend: the call awaits that drop, asr::call_once_co)
    c.awaited = true;
  }
  if (c.awaited && !top) return awaited_value(std::move(c), "result");
  if (!top && (is_unit(in.type) || T.kind(in.type) == TyKind::Never)) return as_value(std::move(c));
  return c;
}

}  // namespace detail

}  // namespace asr::lower
