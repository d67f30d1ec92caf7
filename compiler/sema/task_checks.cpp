// Scoped tasks: what a spawned child may borrow (DESIGN.md §2).
//
// A child spawned with `s.spawn(f)` runs until its scope ends, which is after the body that
// spawned it has returned. So `f` may borrow only what outlives the `scope(..)` call: a local
// declared inside the closure given to `scope` (the one whose parameter is `s`) dies before
// the children do. rustc enforces this with the `'scope` lifetime (E0373); asrc, which has no
// full borrow checker, checks the same thing from where each local is declared:
//
// * a closure spawned on `s` may capture by reference only locals declared outside the
//   closure whose parameter `s` is (the scope's body); locals inside it must be moved in;
// * a local moved in must not hold a borrow itself if it is declared inside the scope's body
//   (`let r = &v; s.spawn(move || r.len())`), unless that borrow was taken from outside the
//   body (`for chunk in data.chunks(4)`, borrow_origins.cpp);
// * where `s` is not the parameter of a scope body of this function (a helper given `&Scope`),
//   every capture must be a move of a value that holds no borrow;
// * a spawned value that is not a closure written here (a generic `F`, a `Box<dyn FnOnce>`)
//   is accepted only if it is a local declared outside the scope's body, whose borrows then
//   come from outside the `scope` call too.
//
// `std::task::spawn_blocking(f)` runs `f` on a pool thread while the caller waits: `f` may
// borrow, but what it captures may not hold an `Rc`, `Weak`, `Cell` or `RefCell`.
//
// `std::thread::spawn(f)` (unscoped: a child of the program's root scope) is checked as a spawn on
// a scope from outside the function: `f` must own everything it captures (rustc's `'static`).
//
// Tasks may run on other workers: what a spawned closure captures (by reference or by move)
// must not hold an `Rc`, `Weak`, `Cell` or `RefCell` (DESIGN.md §2; Rust's `Send`/`Sync`).

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

#include "sema/borrow_origins.hpp"
#include "sema/fn_checker.hpp"
#include "sema/task_races.hpp"

namespace asr::sema {

void FnChecker::note_task_call(const Expr& e, FnId callee) {
  const FnDef& f = p_.fns[callee];
  if (f.is_std && (f.std_spawns || f.std_opens_scope || f.path == "std::task::spawn_blocking")) {
    task_calls_.push_back({&e, callee});
  }
}

namespace {

const ast::Expr& strip_parens(const ast::Expr& e) {
  const ast::Expr* x = &e;
  while (x->kind == ast::ExprKind::Paren && x->operand) x = x->operand.get();
  return *x;
}

}  // namespace

void FnChecker::check_task_calls() {
  if (task_calls_.empty()) return;
  const FnDef& fd = p_.fns[fn_];
  // The closures given to a scope-opening call: their first parameter is the scope.
  std::vector<uint32_t> scope_bodies;
  for (auto [e, callee] : task_calls_) {
    if (!p_.fns[callee].std_opens_scope) continue;
    for (const auto& a : e->args) {
      TypeId t = resolve(p_.info(strip_parens(*a)).type);
      if (T.kind(t) == TyKind::Closure && p_.closures[T.get(t).id].expr) scope_bodies.push_back(T.get(t).id);
    }
  }
  // The first type inside `t` for which `hit` says yes: `t` itself, its type arguments and
  // elements, the fields of user structs and enums, and what a closure captures (`by_ref`
  // answers for a capture by reference, if it counts on its own).
  std::vector<TypeId> seen;
  std::function<std::optional<TypeId>(TypeId, const std::function<bool(TypeId)>&, bool)> find =
      [&](TypeId t, const std::function<bool(TypeId)>& hit, bool by_ref) -> std::optional<TypeId> {
    t = resolve(t);
    if (std::find(seen.begin(), seen.end(), t) != seen.end()) return std::nullopt;
    seen.push_back(t);
    if (hit(t)) return t;
    const TypeData& d = T.get(t);
    if (d.kind == TyKind::Closure) {
      const ClosureDef& cd = p_.closures[d.id];
      for (const Capture& c : cd.captures) {
        if (by_ref && c.mode != CaptureMode::Move) return t;
        if (auto r = find(p_.place_type(p_.fns[cd.owner].locals[c.local].type, c.fields), hit, by_ref)) return r;
      }
      return std::nullopt;
    }
    for (TypeId x : d.elems) if (auto r = find(x, hit, by_ref)) return r;
    if (d.kind == TyKind::Adt && !p_.adts[d.id].is_std) {
      const AdtDef& ad = p_.adts[d.id];
      TypeTable::Subst sub;
      for (size_t i = 0; i < ad.generics.size() && i < d.elems.size(); ++i) sub.push_back({ad.generics[i], d.elems[i]});
      for (const FieldDef& f : ad.fields) if (auto r = find(T.subst(f.type, sub), hit, by_ref)) return r;
      for (const VariantDef& v : ad.variants) {
        for (const FieldDef& f : v.fields) if (auto r = find(T.subst(f.type, sub), hit, by_ref)) return r;
      }
    }
    return std::nullopt;
  };
  // Does the type hold a borrow (a reference anywhere in it)?
  auto holds_borrow = [&](TypeId t) {
    seen.clear();
    return find(t, [&](TypeId x) { return T.kind(x) == TyKind::Ref || T.kind(x) == TyKind::Dyn; }, true).has_value();
  };
  // The single-task type inside `t` (`Rc<..>`, `Cell<..>`, ...), if any.
  auto single_task = [&](TypeId t) -> std::string {
    seen.clear();
    auto r = find(t, [&](TypeId x) {
      if (T.kind(x) != TyKind::Adt || !p_.adts[T.get(x).id].is_std) return false;
      const std::string& path = p_.adts[T.get(x).id].path;
      return path == "std::rc::Rc" || path == "std::rc::Weak" || path == "std::cell::Cell" || path == "std::cell::RefCell";
    }, false);
    return r ? p_.type_name(*r) : "";
  };
  auto place_name = [&](const Capture& c) {
    std::string place = fd.locals[c.local].name;
    for (const std::string& f : c.fields) place += "." + f;
    return place;
  };

  std::unordered_map<const ClosureDef*, std::unique_ptr<BorrowOrigins>> origins;  // per scope body
  auto origins_of = [&](const ClosureDef& body) -> BorrowOrigins& {
    auto& o = origins[&body];
    if (!o) o = std::make_unique<BorrowOrigins>(p_, fd, body.first_local, body.end_local, *body.expr);
    return *o;
  };
  std::vector<SpawnSite> spawns;  // closures spawned on a scope body's parameter
  for (auto [e, callee] : task_calls_) {
    // `spawn_blocking(f)`: `f` runs on another thread while the caller waits, so it may borrow,
    // but not share an `Rc` or a `Cell` (Rust's `Send`).
    if (!p_.fns[callee].std_spawns && !p_.fns[callee].std_opens_scope) {
      if (e->args.empty()) continue;
      TypeId at = resolve(p_.info(strip_parens(*e->args[0])).type);
      if (T.kind(at) != TyKind::Closure || !p_.closures[T.get(at).id].expr) continue;
      for (const Capture& c : p_.closures[T.get(at).id].captures) {
        if (std::string what = single_task(p_.place_type(fd.locals[c.local].type, c.fields)); !what.empty()) {
          Diagnostic& d = cx_.diags.report(DiagKind::SpawnNotSend, c.span, what);
          d.notes.push_back({Span{}, fmt::format("`{}` is captured by a closure given to `spawn_blocking`, which runs "
                                                 "on another thread", place_name(c))});
          d.notes.push_back({Span{}, "`Rc`, `Weak`, `Cell` and `RefCell` are for one task: share with `Arc`, "
                                     "`Mutex` or atomics (std::sync)"});
          break;
        }
      }
      continue;
    }
    if (!p_.fns[callee].std_spawns || e->args.empty()) continue;
    // `std::thread::spawn(f)`: a child of the root scope, which outlives every local.
    bool unscoped = e->kind == ast::ExprKind::Call;
    if (!unscoped && e->kind != ast::ExprKind::MethodCall) continue;
    // The scope body whose parameter the receiver is (none: a scope from the caller).
    const ClosureDef* body = nullptr;
    const ast::Expr& recv = strip_parens(*e->operand);
    if (!unscoped && recv.kind == ast::ExprKind::Path && p_.info(recv).res == ValueRes::Local) {
      LocalId l = p_.info(recv).res_id;
      for (uint32_t b : scope_bodies) {
        const ClosureDef& cd = p_.closures[b];
        const ast::Expr& ce = *cd.expr;
        if (ce.params.empty() || l < cd.first_local || l >= cd.end_local) continue;
        Span ps = ce.params[0].pat->span, ls = fd.locals[l].span;
        if (ls.file == ps.file && ls.begin >= ps.begin && ls.end <= ps.end) body = &cd;
      }
    }
    auto inside_body = [&](LocalId l) { return body == nullptr || (l >= body->first_local && l < body->end_local); };
    const ast::Expr& arg = strip_parens(*e->args[0]);
    TypeId at = resolve(p_.info(arg).type);
    if (T.kind(at) == TyKind::Closure && p_.closures[T.get(at).id].expr) {
      const ClosureDef& k = p_.closures[T.get(at).id];
      if (body) spawns.push_back(SpawnSite{e, body, &k});
      for (const Capture& c : k.captures) {
        if (std::string what = single_task(p_.place_type(fd.locals[c.local].type, c.fields)); !what.empty()) {
          Diagnostic& d = cx_.diags.report(DiagKind::SpawnNotSend, c.span, what);
          d.notes.push_back({Span{}, fmt::format("`{}` is captured by a spawned closure here; tasks may run on other "
                                                 "workers", place_name(c))});
          d.notes.push_back({Span{}, "`Rc`, `Weak`, `Cell` and `RefCell` are for one task: share with `Arc`, "
                                     "`Mutex` or atomics (std::sync)"});
          break;
        }
        if (!inside_body(c.local)) continue;
        std::string place = place_name(c);
        if (c.mode != CaptureMode::Move) {
          Diagnostic& d = cx_.diags.report(DiagKind::ClosureOutlives, k.span, place);
          d.notes.push_back({c.span, fmt::format("`{}` is borrowed here", place)});
          d.notes.push_back({Span{}, unscoped ? "`std::thread::spawn` requires the closure to outlive `'static`: the thread "
                                                "may run until the program ends"
                                     : body   ? "a spawned task may run until its scope ends, after the scope's body has returned"
                                              : "the scope comes from outside this function: a spawned task may outlive every local here"});
          d.notes.push_back({Span{}, fmt::format("to force the closure to take ownership of `{}` (and any other referenced "
                                                 "variables), use the `move` keyword", place)});
          break;
        }
        // (a borrow taken from outside the scope's body lives long enough: `for chunk in
        // data.chunks(n) { s.spawn(move || sum(chunk)) }`)
        if (holds_borrow(p_.place_type(fd.locals[c.local].type, c.fields)) &&
            (unscoped || !body || !origins_of(*body).from_outside(c.local))) {
          Diagnostic& d = cx_.diags.report(DiagKind::SpawnHeldBorrow, c.span, place);
          d.notes.push_back({Span{}, unscoped ? "a thread may run until the program ends: it must own everything it uses "
                                                "(`std::thread::spawn` requires `'static`)"
                                              : "a spawned task may run until its scope ends: it may borrow only what outlives "
                                                "the `scope` call, and own the rest"});
          break;
        }
      }
      continue;
    }
    if (T.kind(at) == TyKind::Error) continue;
    if (T.kind(at) == TyKind::FnPtr) continue;
    if (p_.info(arg).res == ValueRes::Fn) continue;  // a function item borrows nothing
    bool outside = arg.kind == ast::ExprKind::Path && p_.info(arg).res == ValueRes::Local && body != nullptr &&
                   !inside_body(p_.info(arg).res_id);
    if (outside) continue;
    Diagnostic& d = cx_.diags.report(DiagKind::SpawnUnchecked, arg.span, p_.type_name(at));
    d.notes.push_back({Span{}, unscoped ? "spawn a closure written at the call: asrc checks there that it owns what it uses"
                                        : "spawn a closure written at the call (asrc checks what it borrows there), or a value "
                                          "from outside the `scope` call"});
  }
  check_task_races(p_, cx_, fn_, [this](TypeId t) { return resolve(t); }, spawns);
  task_calls_.clear();
}

}  // namespace asr::sema
