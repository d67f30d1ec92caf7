// Async drop (lower/async_drop.hpp): which types' drops can suspend, what the program may not
// do with them yet, and the lowering pass that awaits their drops at every scope exit.
#include "lower/async_drop.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "lower/lower_fn.hpp"
#include "lower/walk.hpp"

namespace asr::lower {

using sema::TyKind;
using sema::TypeId;

std::vector<TypeId> moved_capture_types(const sema::Program& p, TypeId closure) {
  std::vector<TypeId> out;
  const sema::ClosureDef& c = p.closures[p.types.get(closure).id];
  if (c.owner == sema::kNone) return out;
  for (const sema::Capture& cap : c.captures) {
    if (cap.mode != sema::CaptureMode::Move || !cap.fields.empty()) continue;
    TypeId t = p.fns[c.owner].locals[cap.local].type;
    if (p.types.kind(t) != TyKind::Ref) out.push_back(t);
  }
  return out;
}

namespace {
// A std borrow guard (`Ref`, `MutexGuard`, ..): lends the value its type argument names, never
// drops it.
bool borrow_guard(const sema::Program& p, TypeId t) {
  const sema::TypeData& d = p.types.get(t);
  if (d.kind != TyKind::Adt || !p.adts[d.id].is_std) return false;
  static const std::set<std::string> guards = {"std::cell::Ref", "std::cell::RefMut", "std::sync::MutexGuard",
                                               "std::sync::RwLockReadGuard", "std::sync::RwLockWriteGuard"};
  return guards.count(p.adts[d.id].path) != 0;
}
}  // namespace

void each_dyn_source(const sema::Program& p, TypeId dyn, const std::function<void(TypeId)>& f) {
  if (p.types.is_dyn_fn(dyn)) return;
  bool generic = false;
  for (const auto& [span, co] : p.coercions) {
    TypeId inner;
    if (!p.is_box(co.to, &inner) || inner != dyn) continue;
    if (p.types.has_params(co.from)) generic = true;
    else f(co.from);
  }
  if (!generic) return;
  // (`Box::new(x)` of a generic `x: T` may box any type that implements the trait)
  sema::TraitId trait = p.types.get(dyn).id;
  for (const sema::ImplDef& i : p.impls) {
    if (i.trait == trait && !p.types.has_params(i.self_type)) f(i.self_type);
  }
}

void drop_impl_types(const sema::Program& p, TypeId t, std::vector<TypeId>& out) {
  std::vector<TypeId> seen;  // (recursive types: `Box<Node>`)
  std::function<bool(TypeId)> walk = [&](TypeId t) {
    switch (p.types.kind(t)) {
      case TyKind::Closure:  // (what it captures by value, dropped with it)
        if (std::find(seen.begin(), seen.end(), t) != seen.end()) return false;
        seen.push_back(t);
        for (TypeId c : moved_capture_types(p, t)) walk(c);
        return false;
      case TyKind::Dyn:  // (what a `Box<dyn Trait>` may hold: the types boxed as one)
        if (std::find(seen.begin(), seen.end(), t) != seen.end()) return false;
        seen.push_back(t);
        each_dyn_source(p, t, [&](TypeId from) { walk(from); });
        return false;
      case TyKind::Ref: case TyKind::FnPtr: case TyKind::Param:
        return false;
      case TyKind::Adt:
        if (std::find(seen.begin(), seen.end(), t) != seen.end() || borrow_guard(p, t)) return false;
        seen.push_back(t);
        if (p.adts[p.types.get(t).id].drop_impl != sema::kNone) out.push_back(t);
        return p.any_part(t, walk);
      default:
        return p.any_part(t, walk);
    }
  };
  walk(t);
}

bool async_drop_glue(const sema::Program& p, const Effects& fx, TypeId t, bool params) {
  if (!fx.any_async_drop) return false;
  std::vector<TypeId> seen;
  std::function<bool(TypeId)> glue = [&](TypeId t) {
    switch (p.types.kind(t)) {
      case TyKind::Param: case TyKind::Assoc: return params;  // (`T`, `I::Item`: as instantiated)
      case TyKind::Closure: {  // (an asr::OwningClosure: captures by value whose drop suspends)
        for (TypeId c : moved_capture_types(p, t)) {
          if (async_drop_glue(p, fx, c)) return true;
        }
        return false;
      }
      case TyKind::Dyn: {  // (a `Box<dyn Trait>` awaits the drop of what it holds: emit/dyn.cpp)
        if (std::find(seen.begin(), seen.end(), t) != seen.end()) return false;
        seen.push_back(t);
        bool any = false;
        each_dyn_source(p, t, [&](TypeId from) { any = any || glue(from); });
        return any;
      }
      case TyKind::Ref: case TyKind::FnPtr: return false;
      case TyKind::Adt: {
        uint32_t a = p.types.get(t).id;
        if (a < fx.adt_async_drop.size() && fx.adt_async_drop[a]) return true;
        if (std::find(seen.begin(), seen.end(), t) != seen.end() || borrow_guard(p, t)) return false;
        seen.push_back(t);
        return p.any_part(t, glue);
      }
      default: return p.any_part(t, glue);
    }
  };
  return glue(t);
}

const char* drops_elements(const std::string& path) {
  if (path == "Vec::clear") return "vec_clear_async";
  if (path == "Vec::truncate") return "vec_truncate_async";
  if (path == "std::collections::hash_map::HashMap::clear") return "hash_map_clear_async";
  return nullptr;
}

bool dyn_async_drop(const sema::Program& p, const Effects& fx, sema::TraitId trait) {
  if (!fx.any_async_drop) return false;
  for (const auto& [span, co] : p.coercions) {
    TypeId inner;
    if (!p.is_box(co.to, &inner) || p.types.kind(inner) != TyKind::Dyn || p.types.is_dyn_fn(inner)) continue;
    if (p.types.get(inner).id == trait) return async_drop_glue(p, fx, inner);  // (its sources: each_dyn_source)
  }
  return false;
}

namespace {
const ast::Expr& peel(const ast::Expr& e) { return e.kind == ast::ExprKind::Paren ? peel(*e.operand) : e; }

// A value made by `e` (rather than a place it names).
bool makes_value(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::Call: case K::MethodCall: case K::StructLit: case K::MacroCall: case K::Tuple: case K::Array:
    case K::Block: case K::If: case K::Match: case K::Loop:
      return true;
    default:
      return false;
  }
}
}  // namespace

void each_temporary(const sema::Program& p, const ast::Expr& e, const std::function<void(const ast::Expr&)>& f) {
  using K = ast::ExprKind;
  auto temp = [&](const ast::Expr* child) {
    if (!child) return;
    const ast::Expr& c = peel(*child);
    if (makes_value(c)) f(c);
  };
  switch (e.kind) {
    case K::Field: case K::TupleField: case K::AddrOf:
      temp(e.operand.get());
      return;
    case K::Unary:
      if (e.unop == ast::UnOp::Deref) temp(e.operand.get());
      return;
    case K::Index:
      temp(e.lhs.get());
      return;
    case K::MethodCall:
      if (p.info(e).recv != sema::ExprInfo::Recv::ByValue) temp(e.operand.get());
      return;
    case K::Binary:  // (comparisons borrow their operands)
      if (e.binop == ast::BinOp::Eq || e.binop == ast::BinOp::Ne || e.binop == ast::BinOp::Lt ||
          e.binop == ast::BinOp::Le || e.binop == ast::BinOp::Gt || e.binop == ast::BinOp::Ge) {
        temp(e.lhs.get());
        temp(e.rhs.get());
      }
      return;
    case K::MacroCall:  // (`println!`, `assert_eq!`, .. borrow their arguments; `vec![..]` moves them)
      if (p.info(e).macro != sema::kNone && p.macros[p.info(e).macro].kind != sema::MacroKind::Vec) {
        for (const auto& a : e.margs) temp(a.value.get());
      }
      return;
    default:
      return;
  }
}

namespace {

// std functions implemented in C++ that never drop a value of their type arguments (they
// store, move, return or lend them): what a program may call with values whose drop suspends.
bool keeps_values(const std::string& path) {
  static const std::set<std::string> ok = {
      "Vec::new", "Vec::with_capacity", "Vec::push", "Vec::pop", "Vec::len", "Vec::is_empty",
      "Vec::capacity", "Vec::reserve", "Vec::get", "Vec::get_mut", "Vec::first", "Vec::last",
      "Vec::first_mut", "Vec::last_mut", "Vec::iter", "Vec::iter_mut", "Vec::insert", "Vec::remove",
      "Vec::swap_remove", "Vec::swap", "Vec::reverse", "Vec::as_slice", "Vec::as_mut_slice",
      "Box::new", "std::mem::replace", "std::mem::swap", "std::mem::take",
      // (the runtime calls and drops the closures it is given itself, awaiting what they own)
      "std::task::Scope::spawn", "std::thread::Scope::spawn", "std::thread::spawn", "std::task::scope",
      "std::task::supervisor", "std::task::race", "std::task::shield", "std::thread::scope",
  };
  if (ok.count(path) != 0) return true;
  // (reference counts drop the value only in their own drop, which asr/std/async_drop.hpp
  // awaits; of HashMap's C++ methods only these two drop entries)
  auto starts = [&](const char* prefix) { return path.rfind(prefix, 0) == 0; };
  if (starts("std::rc::Rc::") || starts("std::rc::Weak::") || starts("std::sync::Arc::")) return true;
  // (`RefCell` and `Mutex` hand their value out (borrows, guards, `replace`, `into_inner`),
  // never drop it but in their own drop)
  if (starts("std::cell::RefCell::") || starts("std::sync::Mutex::") || starts("std::sync::MutexGuard::")) return true;
  return starts("std::collections::hash_map::HashMap::") && path != "std::collections::hash_map::HashMap::clear" &&
         path != "std::collections::hash_map::HashMap::retain";
}

class AsyncDropCheck {
 public:
  AsyncDropCheck(const sema::Program& p, const Effects& fx, Diagnostics& diags) : p_(p), fx_(fx), diags_(diags) {}

  void run() {
    for (sema::FnId f : p_.user_fns) {
      const sema::FnDef& d = p_.fns[f];
      if (!d.item || !d.item->body || p_.modules[d.module].is_std) continue;
      for (const auto& prm : d.params) holder(prm.type, prm.span);
      walk_block_if(*d.item->body, [&](const ast::Expr& e) { expr(e); }, [](const ast::Expr&) { return true; });
    }
    for (const sema::ClosureDef& c : p_.closures) {
      if (!c.expr || c.owner == sema::kNone || p_.modules[p_.fns[c.owner].module].is_std) continue;
      for (size_t i = 0; i < c.params.size(); ++i) {
        // (a plain name is moved into a local and awaited there: lower/closures.cpp)
        if (!glue(c.params[i]) || i >= c.expr->params.size()) continue;
        const ast::Pat* pat = c.expr->params[i].pat.get();
        while (pat->kind == ast::PatKind::Paren) pat = pat->sub.get();
        if (pat->kind == ast::PatKind::Ident && !pat->sub && !pat->by_ref) continue;
        report(c.expr->params[i].span, fmt::format("a closure parameter of type `{}`, whose drop can suspend, "
                                                   "taken apart by a pattern (bind it to a name)",
                                                   p_.type_name(c.params[i])));
      }
      for (const sema::Capture& cap : c.captures) {
        // (a whole variable moved in lives in the closure's `owned` tuple: asr::OwningClosure)
        if (cap.mode != sema::CaptureMode::Move || cap.fields.empty()) continue;
        // (the place captured: a field path stops at a type with an `impl Drop`, which a
        // closure captures whole)
        TypeId t = p_.place_type(p_.fns[c.owner].locals[cap.local].type, cap.fields);
        if (!glue(t)) continue;
        std::string place = p_.fns[c.owner].locals[cap.local].name;
        for (const std::string& f : cap.fields) place += "." + f;
        report(cap.span, fmt::format("a closure that captures the field `{}` by value (a `{}`, whose drop can "
                                     "suspend); move it into a variable first and capture that",
                                     place, p_.type_name(t)));
      }
    }
    for (const auto& [span, co] : p_.coercions) {
      if (!glue(co.from)) continue;
      TypeId inner;  // (a `Box<dyn Trait>` awaits its value's drop through its vtable)
      if (p_.is_box(co.to, &inner) && p_.types.kind(inner) == TyKind::Dyn && !p_.types.is_dyn_fn(inner)) continue;
      Span s{FileId{std::get<0>(span)}, std::get<1>(span), std::get<2>(span)};
      report(s, fmt::format("a `{}`, whose drop can suspend, as a trait object (`{}`)", p_.type_name(co.from), p_.type_name(co.to)));
    }
  }

 private:
  bool glue(TypeId t) const { return async_drop_glue(p_, fx_, t); }

  void report(Span at, const std::string& what) {
    if (!reported_.insert({at.file.index, at.begin}).second) return;
    diags_.report(DiagKind::Unsupported, at, what);
  }

  // The std containers whose drop asr/std/async_drop.hpp awaits element by element.
  bool awaits_elements(TypeId u) const {
    if (p_.is_vec(u) || p_.is_box(u)) return true;
    const std::string& path = p_.adts[p_.types.get(u).id].path;
    static const std::set<std::string> ok = {"std::rc::Rc", "std::sync::Arc", "std::collections::hash_map::HashMap",
                                             "std::cell::RefCell", "std::sync::Mutex"};
    return ok.count(path) != 0;
  }

  // A std container implemented in C++ other than those (`RefCell`, `VecDeque`, ..) drops
  // what it holds in C++, where no await can be inserted.
  void holder(TypeId t, Span at) {
    std::function<bool(TypeId)> bad = [&](TypeId u) {
      const sema::TypeData& d = p_.types.get(u);
      if (d.kind == TyKind::Ref || borrow_guard(p_, u)) return false;
      if (d.kind == TyKind::Adt && p_.adts[d.id].is_std && !awaits_elements(u)) {
        for (TypeId e : d.elems) {
          if (glue(e)) {
            if (!holders_.insert(u.index).second) return true;  // (once per type)
            report(at, fmt::format("a `{}` holding values whose drop can suspend", p_.type_name(u)));
            return true;
          }
        }
      }
      return d.kind == TyKind::Adt && !p_.adts[d.id].is_std ? false : p_.any_part(u, bad);
    };
    bad(t);
  }

  // A std type written in ASR (a struct of stdlib/std; `is_std` marks those C++ implements).
  bool asr_written(TypeId t) const {
    const sema::TypeData& d = p_.types.get(t);
    return d.kind == TyKind::Adt && !p_.adts[d.id].is_std && p_.modules[p_.adts[d.id].module].is_std;
  }

  // A call of a trait method (`IntoIterator::into_iter`) that runs an impl std writes in ASR
  // (`impl<T> IntoIterator for Vec<T>`), whose drops the lowering awaits like any other code's.
  bool runs_asr_impl(const sema::FnDef& f, const sema::ExprInfo& in) const {
    if (f.trait == sema::kNone || f.impl != sema::kNone || in.type_args.empty()) return false;
    TypeId self = in.type_args[0];
    while (p_.types.kind(self) == TyKind::Ref) self = p_.types.pointee(self);
    sema::ImplId i = p_.find_impl(f.trait, self);
    if (i == sema::kNone) return false;
    for (sema::FnId m : p_.impls[i].methods) {
      if (p_.fns[m].name == f.name) return p_.fns[m].item && p_.fns[m].item->body;
    }
    return false;
  }

  void expr(const ast::Expr& e) {
    using K = ast::ExprKind;
    const sema::ExprInfo& in = p_.info(e);
    holder(in.type, e.span);
    switch (e.kind) {
      case K::For:
        // (over a `Vec` or an array itself, the loop owns it: lower_loop awaits each drop; so
        // it does over an iterator that std writes in ASR, `v.into_iter()`)
        if (e.iter && p_.types.kind(p_.info(*e.iter).type) != TyKind::Ref && glue(p_.info(*e.iter).type) &&
            (in.builtin == sema::ExprInfo::Builtin::IntoIter
                 ? !asr_written(in.type_args.size() > 1 ? in.type_args[1] : p_.info(*e.iter).type)
                 : !(p_.is_vec(p_.info(*e.iter).type) || p_.types.kind(p_.info(*e.iter).type) == TyKind::Array))) {
          report(e.iter->span, fmt::format("a `for` loop taking values whose drop can suspend out of a `{}`; "
                                           "loop with `while let Some(x) = v.pop()` instead",
                                           p_.type_name(p_.info(*e.iter).type)));
        }
        break;
      default:
        break;
    }
    if ((e.kind == K::Call || e.kind == K::MethodCall) && in.callee != sema::kNone) {
      const sema::FnDef& f = p_.fns[in.callee];
      bool in_cxx = f.is_std && !(f.item && f.item->body) && !runs_asr_impl(f, in);
      if (in_cxx && !keeps_values(f.path) && f.path != "std::mem::drop" && !drops_elements(f.path)) {
        for (TypeId a : in.type_args) {
          if (!glue(a)) continue;
          report(e.span, fmt::format("`{}` with values whose drop can suspend (std implements it in C++, which "
                                     "would drop them without waiting)", f.path));
          break;
        }
      }
    }
  }

  const sema::Program& p_;
  const Effects& fx_;
  Diagnostics& diags_;
  std::set<std::pair<uint32_t, uint32_t>> reported_;
  std::set<uint32_t> holders_;
};

}  // namespace

void check_async_drops(const sema::Program& p, const Effects& fx, Diagnostics& diags) {
  if (!fx.any_async_drop) return;
  AsyncDropCheck(p, fx, diags).run();
}

// ------------------------------------------------------------------ the lowering pass
namespace detail {

// The temporaries of the body whose drop may suspend: lowered into variables (dropped, and
// awaited, at the end of their statement).
void FnLowerer::find_async_temporaries(const ast::Block& body) {
  if (!fx_.any_async_drop) return;
  walk_block_if(body, [&](const ast::Expr& e) {
    if (e.kind == ast::ExprKind::AddrOf) return;  // (`&make()` is lowered into a variable already)
    each_temporary(p_, e, [&](const ast::Expr& t) {
      if (async_drop_glue(p_, fx_, p_.info(t).type, /*params=*/true)) async_temps_.insert(t.id);
    });
  }, [](const ast::Expr&) { return true; });
}

bool FnLowerer::has_async_temporary(const ast::Expr& e) const {
  if (async_temps_.empty()) return false;
  bool found = false;
  walk_expr_if(e, [&](const ast::Expr& x) { found = found || async_temps_.count(x.id) != 0; },
               [](const ast::Expr& x) { return x.kind != ast::ExprKind::Closure; });
  return found;
}

bool FnLowerer::async_dropped(uint32_t v) const {
  const lir::Var& var = out_.vars[v];
  if (var.forwarding || var.ref_storage || var.is_static || T.kind(var.type) == TyKind::Ref) return false;
  return async_drop_glue(p_, fx_, var.type, /*params=*/true);
}

// Rust drops a scope's values in reverse order at every way out of it. A value whose drop can
// suspend (`g`) turns the rest of its scope into a Guarded statement: run in a `try`, then
// `co_await drop_async(g)`, then the exception (if any) rethrown. C++ destructors still drop
// everything else, in the right order, on the way: the values declared after `g` are
// destroyed when the `try` block ends, before `g`'s drop; those declared before it, after.
// A `return`, `break` or `continue` that leaves the scope awaits the drops itself, and drops
// the other values with an observable drop declared after the first such value now, so that
// the order stays Rust's.
void FnLowerer::insert_async_drops(std::vector<Stmt>& body) {
  if (!fx_.any_async_drop || !async_) return;
  AsyncScopes saved = std::move(async_scopes_);
  async_scopes_ = {};
  async_scopes_.dry = true;
  async_drop_scope(body);  // (first, the depth of each label: a `goto` may jump forward to one)
  async_scopes_.dry = false;
  async_scopes_.live.clear();
  async_drop_scope(body);
  async_scopes_ = std::move(saved);
}

void FnLowerer::async_drop_scope(std::vector<Stmt>& stmts) {
  AsyncScopes& st = async_scopes_;
  size_t base = st.live.size();
  for (size_t i = 0; i < stmts.size(); ++i) {
    Stmt& s = stmts[i];
    switch (s.kind) {
      case StmtKind::If:
        async_drop_scope(s.body);
        async_drop_scope(s.else_body);
        break;
      case StmtKind::Block:
        async_drop_scope(s.body);
        break;
      case StmtKind::Loop:
        st.loops.push_back(st.live.size());
        async_drop_scope(s.body);
        st.loops.pop_back();
        break;
      case StmtKind::Label:
        if (st.dry) st.labels[s.label] = st.live.size();
        break;
      case StmtKind::Return: case StmtKind::Break: case StmtKind::Continue:
        if (!st.dry) async_drops_at_exit(s);
        break;
      default:
        break;
    }
    if (s.kind != StmtKind::Decl) continue;
    bool guarded = async_dropped(s.var);
    if (!guarded && !p_.needs_drop(out_.vars[s.var].type)) continue;
    st.live.push_back({s.var, guarded});
    if (!guarded || st.dry) continue;
    // The rest of the scope runs in `g`'s guard.
    Stmt g{StmtKind::Guarded, s.span};
    g.var = s.var;
    g.unwinding = names_.fresh(out_.vars[s.var].name + "_unwinding");
    g.body.assign(std::make_move_iterator(stmts.begin() + static_cast<ptrdiff_t>(i) + 1),
                  std::make_move_iterator(stmts.end()));
    stmts.resize(i + 1);
    async_drop_scope(g.body);
    stmts.push_back(std::move(g));
    break;
  }
  st.live.resize(base);
}

// A jump out of scopes that hold values whose drop can suspend: their drops, awaited here.
void FnLowerer::async_drops_at_exit(Stmt& s) {
  AsyncScopes& st = async_scopes_;
  size_t keep = 0;  // (a `return` leaves every scope)
  if (s.kind != StmtKind::Return) {
    if (!s.label.empty()) {
      auto it = st.labels.find(s.label);
      keep = it != st.labels.end() ? it->second : st.live.size();
    } else {
      keep = st.loops.empty() ? st.live.size() : st.loops.back();
    }
  }
  size_t first = st.live.size();
  for (size_t k = keep; k < st.live.size(); ++k) {
    if (st.live[k].guarded) {
      first = k;
      break;
    }
  }
  if (first == st.live.size()) return;
  std::vector<Stmt> seq;
  Stmt jump = std::move(s);
  // (the value returned is computed before anything is dropped: it may read them)
  // (also a variable: `return g;` moves `g` out before the drops, which then skip it)
  if (jump.kind == StmtKind::Return && jump.value && !is_unit(jump.value->type) &&
      jump.value->kind != lir::ExprKind::Unreachable) {
    uint32_t r = new_var("result", jump.value->type, false, true);
    Stmt d{StmtKind::Decl, jump.span};
    d.var = r;
    d.value = consumed(std::move(*jump.value));  // (a temporary returned moves into `result`)
    seq.push_back(std::move(d));
    Expr v = var_expr(r);
    v.moved = T.kind(v.type) != TyKind::Ref;
    jump.value = std::move(v);
  }
  for (size_t k = st.live.size(); k-- > first;) {
    Stmt d{st.live[k].guarded ? StmtKind::DropAsync : StmtKind::DropNow, jump.span};
    d.value = var_expr(st.live[k].var);
    seq.push_back(std::move(d));
  }
  seq.push_back(std::move(jump));
  Stmt blk{StmtKind::Block, seq.back().span};
  blk.body = std::move(seq);
  s = std::move(blk);
}

// `for x in v` over a `Vec` or an array by value whose elements have an observable drop: the
// sequence `seq` moves into a variable of its own (the loop's `vec::IntoIter`, declared in
// `for_owned`, before the loop), and each iteration (in `cur_`) moves the next element out
// into a declared (so dropped, and awaited if that can suspend) loop variable. Leaving the
// loop early drops the elements not yet taken there, as Rust drops the rest of an `IntoIter`
// (first to last; an array's, whose drop cannot suspend, last to first: C++'s order).
void FnLowerer::owned_for_head(const ast::Expr& e, Expr seq, TypeId elem, std::vector<Stmt>& for_owned) {
  uint32_t items = new_var("items", seq.type, true, true);
  Stmt d = decl(items, std::move(seq), e.iter->span);
  d.move_init = true;
  for_owned.push_back(std::move(d));
  uint32_t next = new_var("next_index", T.int_(sema::IntTy::Usize), true, true);
  Expr zero{lir::ExprKind::IntLit, T.int_(sema::IntTy::Usize), e.iter->span, "0"};
  for_owned.push_back(decl(next, std::move(zero), e.iter->span));
  Expr more{lir::ExprKind::Runtime, T.bool_(), e.iter->span, "owned_iter_more"};
  more.args.push_back(var_expr(items));
  more.args.push_back(var_expr(next));
  Stmt brk{StmtKind::If, e.iter->span};
  brk.value = negate(std::move(more));
  brk.body.push_back(Stmt{StmtKind::Break, e.iter->span});
  emit(std::move(brk));
  Expr take{lir::ExprKind::Runtime, elem, e.iter->span, "owned_iter_take"};
  take.args.push_back(var_expr(items));
  take.args.push_back(var_expr(next));
  const ast::Pat* pat = e.pat.get();
  while (pat->kind == ast::PatKind::Paren) pat = pat->sub.get();
  auto it = p_.pat_locals.find(pat);
  if (pat->kind == ast::PatKind::Ident && it != p_.pat_locals.end() && !pat->sub && def_.locals[it->second].type == elem) {
    emit(decl(var_for_local(it->second), std::move(take), e.pat->span));
  } else {
    uint32_t item = new_var(pat->kind == ast::PatKind::Wild ? "unused" : "item", elem, true, true);
    emit(decl(item, std::move(take), e.pat->span));
    moving_bindings(*e.pat, var_expr(item), e.pat->span);
  }
}

}  // namespace detail
}  // namespace asr::lower
