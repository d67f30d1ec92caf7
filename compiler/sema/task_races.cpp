// Data-race freedom between a scope's body and its children (DESIGN.md §2).
//
// A closure spawned on a scope runs concurrently with the rest of the scope's body and with
// the siblings spawned after it. So, from the spawn on, a place the closure borrows mutably
// may not be used, and one it borrows shared may not be mutated or moved, by the body or by
// another closure (a sibling's captures are uses at the sibling's spawn), until:
//
// * the child is joined: `let h = s.spawn(..)` and later, in the same block, `h.join()`
//   (or `h.try_join()`, `h.cancel()`) where it is reached unconditionally (not inside an
//   `if`/`match` arm, a loop, a closure, the right of `&&`/`||`, nor after a `break`,
//   `continue`, `return` or `?` between the spawn and the join);
// * or the scope's body ends (every child is waited for there).
//
// A spawn inside a loop (or inside a closure that may be called again: not `FnOnce`, nor given
// where an `FnOnce` is expected, as a spawned closure or a nested scope's body is) that is not
// joined in the same iteration still runs when the loop comes round: the whole loop counts as
// after the spawn, so a closure that borrows mutably conflicts with its own next spawn.
//
// rustc is stricter for `std::thread::scope` (a borrow by a scoped thread lasts until the
// scope ends, even after `join`), so every program it accepts passes here. Moves into a
// closure (`move ||`) are checked by the move checker instead: the value is gone.

#include <fmt/format.h>

#include <algorithm>

#include "sema/task_races.hpp"

namespace asr::sema {

namespace {

using ast::Expr;
using ast::ExprKind;

const Expr& strip(const Expr& e) {
  const Expr* x = &e;
  while (x->kind == ExprKind::Paren && x->operand) x = x->operand.get();
  return *x;
}

// An ancestor on the way from the scope's body to a spawn: an expression, or a statement of a
// block (with the block and the statement's index).
struct Anc {
  const Expr* e = nullptr;
  const ast::Block* block = nullptr;
  size_t stmt = 0;
};

class Walker {
 public:
  explicit Walker(const Program& p) : p_(p) {}

  // Calls `fe` for each child expression of `e` and `fb` for each block directly in it.
  template <class FE, class FB>
  void children(const Expr& e, FE&& fe, FB&& fb) const {
    if (e.kind == ExprKind::MacroCall) {
      const ExprInfo& in = p_.info(e);
      if (in.macro != kNone) {
        const MacroInfo& mi = p_.macros[in.macro];
        if (mi.cond) fe(*mi.cond);
        if (mi.left) fe(*mi.left);
        if (mi.right) fe(*mi.right);
        for (const auto& a : mi.args) if (a.expr) fe(*a.expr);
      }
      if (e.repeat_count) fe(*e.repeat_count);
      return;
    }
    if (e.operand) fe(*e.operand);
    if (e.lhs) fe(*e.lhs);
    if (e.rhs) fe(*e.rhs);
    if (e.cond) fe(*e.cond);
    if (e.iter) fe(*e.iter);
    for (const auto& a : e.args) fe(*a);
    for (const auto& f : e.fields) if (f.value) fe(*f.value);
    if (e.base) fe(*e.base);
    for (const auto& arm : e.arms) {
      if (arm.guard) fe(*arm.guard);
      if (arm.body) fe(*arm.body);
    }
    if (e.block) fb(*e.block);
    if (e.else_branch) fe(*e.else_branch);
    if (e.body) fe(*e.body);
  }

  // The ancestors of `target` under `e` (outermost first); false if it is not there.
  bool path(const Expr& e, const Expr* target, std::vector<Anc>& out) const {
    if (&e == target) return true;
    out.push_back(Anc{&e});
    bool found = false;
    children(e, [&](const Expr& c) { found = found || path(c, target, out); },
             [&](const ast::Block& b) { found = found || path(b, target, out); });
    if (!found) out.pop_back();
    return found;
  }
  bool path(const ast::Block& b, const Expr* target, std::vector<Anc>& out) const {
    for (size_t i = 0; i < b.stmts.size(); ++i) {
      out.push_back(Anc{nullptr, &b, i});
      if (stmt_path(*b.stmts[i], target, out)) return true;
      out.pop_back();
    }
    if (b.tail) {
      out.push_back(Anc{nullptr, &b, b.stmts.size()});
      if (path(*b.tail, target, out)) return true;
      out.pop_back();
    }
    return false;
  }

  // The first call `h.join()` / `h.try_join()` / `h.cancel()` in `e` that is reached whenever
  // `e` is evaluated, or null. `exits` is set if a `break`, `continue`, `return` or `?` comes
  // first (in source order): the join may then be skipped.
  const Expr* join_in(const Expr& e, LocalId h, bool& exits) const {
    const Expr* best = nullptr;
    auto take = [&](const Expr* j) {
      if (j && (!best || j->span.begin < best->span.begin)) best = j;
    };
    switch (e.kind) {
      case ExprKind::MethodCall: {
        const Expr& r = strip(*e.operand);
        const std::string& m = e.name.name;
        if ((m == "join" || m == "try_join" || m == "cancel") && r.kind == ExprKind::Path &&
            p_.info(r).res == ValueRes::Local && p_.info(r).res_id == h) {
          return &e;
        }
        break;
      }
      case ExprKind::Break: case ExprKind::Continue: case ExprKind::Return: case ExprKind::Try:
        exits = true;
        if (e.operand) take(join_in(*e.operand, h, exits));
        return best;
      case ExprKind::If:  // only the condition is always evaluated
      case ExprKind::While:
        if (e.cond) take(join_in(*e.cond, h, exits));
        any_exit(e, exits);
        return best;
      case ExprKind::Match:
      case ExprKind::For:
        if (e.iter) take(join_in(*e.iter, h, exits));
        any_exit(e, exits);
        return best;
      case ExprKind::Loop:
        any_exit(e, exits);
        return nullptr;
      case ExprKind::Closure: return nullptr;
      case ExprKind::Binary:
        if (e.binop == ast::BinOp::And || e.binop == ast::BinOp::Or) {
          take(join_in(*e.lhs, h, exits));
          any_exit(*e.rhs, exits);
          return best;
        }
        break;
      default: break;
    }
    children(e, [&](const Expr& c) { take(join_in(c, h, exits)); },
             [&](const ast::Block& b) { take(join_in(b, 0, h, exits)); });
    return best;
  }
  // The same for the statements of `b` from `from` on, and its tail.
  const Expr* join_in(const ast::Block& b, size_t from, LocalId h, bool& exits) const {
    for (size_t i = from; i < b.stmts.size(); ++i) {
      const ast::Stmt& s = *b.stmts[i];
      const Expr* j = nullptr;
      if (s.init) j = join_in(*s.init, h, exits);
      if (!j && s.else_block) any_exit(*s.else_block, exits);
      if (!j && s.expr) j = join_in(*s.expr, h, exits);
      if (j) return j;
    }
    return b.tail ? join_in(*b.tail, h, exits) : nullptr;
  }

 private:
  // Sets `exits` if `e` holds a `break`, `continue`, `return` or `?` (outside closures).
  void any_exit(const Expr& e, bool& exits) const {
    if (exits) return;
    if (e.kind == ExprKind::Break || e.kind == ExprKind::Continue || e.kind == ExprKind::Return ||
        e.kind == ExprKind::Try) {
      exits = true;
      return;
    }
    if (e.kind == ExprKind::Closure) return;
    children(e, [&](const Expr& c) { any_exit(c, exits); }, [&](const ast::Block& b) { any_exit(b, exits); });
  }
  void any_exit(const ast::Block& b, bool& exits) const {
    for (const auto& s : b.stmts) {
      if (s->init) any_exit(*s->init, exits);
      if (s->else_block) any_exit(*s->else_block, exits);
      if (s->expr) any_exit(*s->expr, exits);
    }
    if (b.tail) any_exit(*b.tail, exits);
  }
  bool stmt_path(const ast::Stmt& s, const Expr* target, std::vector<Anc>& out) const {
    if (s.init && path(*s.init, target, out)) return true;
    if (s.else_block && path(*s.else_block, target, out)) return true;
    if (s.expr && path(*s.expr, target, out)) return true;
    return false;
  }

  const Program& p_;
};

bool overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t n = std::min(a.size(), b.size());
  return std::equal(a.begin(), a.begin() + static_cast<long>(n), b.begin());
}

bool within(Span inner, Span outer) {
  return inner.file == outer.file && inner.begin >= outer.begin && inner.end <= outer.end;
}

// Is the closure `c` called at most once: an `FnOnce` closure, or the argument of a call
// (`parent`) whose parameter for it is bounded by `FnOnce` (`s.spawn(..)`, `scope(..)`,
// `timeout(..)`, a user function taking `F: FnOnce()`)?
bool called_once(const Program& p, const std::function<TypeId(TypeId)>& resolve, const Expr* parent, const Expr& c) {
  const TypeTable& T = p.types;
  TypeId ct = resolve(p.info(c).type);
  if (T.kind(ct) != TyKind::Closure) return false;
  if (p.closures[T.get(ct).id].kind == ClosureKind::FnOnce) return true;
  if (parent == nullptr || (parent->kind != ExprKind::Call && parent->kind != ExprKind::MethodCall)) return false;
  bool is_arg = false;
  for (const auto& a : parent->args) is_arg = is_arg || &strip(*a) == &c;
  if (!is_arg) return false;
  const ExprInfo& ci = p.info(*parent);
  if (ci.callee == kNone) return false;
  const FnDef& f = p.fns[ci.callee];
  for (size_t i = 0; i < f.generics.size() && i < ci.type_args.size(); ++i) {
    const GenericParamDef& pd = p.params[f.generics[i]];
    if (pd.fn_bound && pd.fn_bound->kind == ClosureKind::FnOnce && resolve(ci.type_args[i]) == ct) return true;
  }
  return false;
}

}  // namespace

void check_task_races(Program& p, Context& cx, FnId fn, const std::function<TypeId(TypeId)>& resolve,
                      const std::vector<SpawnSite>& spawns) {
  const FnDef& fd = p.fns[fn];
  Walker w(p);
  // The uses in each scope body, in source order (walked once per body).
  std::vector<std::pair<const ClosureDef*, std::vector<Capture>>> body_uses;
  auto uses_of = [&](const ClosureDef* b) -> const std::vector<Capture>& {
    for (const auto& [k, u] : body_uses) if (k == b) return u;
    std::vector<Capture> u;
    walk_uses(p, fn, resolve, *b->expr->body, [&](const Capture& c) { u.push_back(c); });
    std::stable_sort(u.begin(), u.end(), [](const Capture& a, const Capture& b) { return a.span.begin < b.span.begin; });
    body_uses.push_back({b, std::move(u)});
    return body_uses.back().second;
  };
  auto place_name = [&](LocalId l, const std::vector<std::string>& fields) {
    std::string place = fd.locals[l].name;
    for (const std::string& f : fields) place += "." + f;
    return place;
  };
  std::vector<std::pair<uint32_t, uint32_t>> reported;  // (file, begin) of uses reported

  for (const SpawnSite& sp : spawns) {
    const Expr& body = *sp.body->expr->body;
    std::vector<Anc> anc;
    if (!w.path(body, sp.call, anc)) continue;
    // The region after the spawn in which the child may run: [begin, end).
    uint32_t begin = sp.call->span.end, end = body.span.end;
    bool joined = false;
    // `let h = s.spawn(..);` and an unconditional `h.join()` later in that block.
    if (!anc.empty() && anc.back().block && anc.back().stmt < anc.back().block->stmts.size()) {
      const ast::Block& blk = *anc.back().block;
      const ast::Stmt& st = *blk.stmts[anc.back().stmt];
      if (st.kind == ast::StmtKind::Let && st.init && &strip(*st.init) == sp.call && st.pat) {
        if (auto it = p.pat_locals.find(st.pat.get()); it != p.pat_locals.end()) {
          bool exits = false;
          if (const Expr* j = w.join_in(blk, anc.back().stmt + 1, it->second, exits); j && !exits) {
            end = j->span.end;
            joined = true;
          }
        }
      }
    }
    // Not joined in its iteration: a spawn in a loop or a closure runs on when that comes round.
    bool repeats = false;
    if (!joined) {
      for (size_t i = 0; i < anc.size(); ++i) {
        const Anc& a = anc[i];
        if (!a.e || a.e == &body) continue;
        ExprKind k = a.e->kind;
        if (k == ExprKind::Closure && called_once(p, resolve, i > 0 ? anc[i - 1].e : nullptr, *a.e)) continue;
        if (k == ExprKind::Loop || k == ExprKind::While || k == ExprKind::For || k == ExprKind::Closure) {
          begin = a.e->span.begin;
          repeats = true;
          break;
        }
      }
    }
    const std::vector<Capture>& uses = uses_of(sp.body);
    for (const Capture& c : sp.closure->captures) {
      if (c.mode == CaptureMode::Move) continue;
      // (a local of the body borrowed by a child is E0373, reported already)
      if (c.local >= sp.body->first_local && c.local < sp.body->end_local) continue;
      for (const Capture& u : uses) {
        if (u.local != c.local || !overlaps(u.fields, c.fields)) continue;
        if (u.span.file != body.span.file || u.span.begin < begin || u.span.begin >= end) continue;
        if (c.mode == CaptureMode::Ref && u.mode == CaptureMode::Ref) continue;
        // Outside a repeated spawn, the closure's own uses are the spawn itself.
        if (!repeats && within(u.span, sp.closure->span)) continue;
        std::pair<uint32_t, uint32_t> key{u.span.file.index, u.span.begin};
        if (std::find(reported.begin(), reported.end(), key) != reported.end()) continue;
        reported.push_back(key);
        std::string place = place_name(u.local, u.fields), cplace = place_name(c.local, c.fields);
        const char* what = u.mode == CaptureMode::Ref ? "use" : u.mode == CaptureMode::RefMut ? "mutate or borrow as mutable"
                                                                                              : "move out of";
        Diagnostic& d = cx.diags.report(DiagKind::TaskBorrowConflict, u.span, what, place,
                                        c.mode == CaptureMode::RefMut ? " mutably" : "");
        d.notes.push_back({c.span, fmt::format("`{}` is borrowed{} by the task spawned here", cplace,
                                               c.mode == CaptureMode::RefMut ? " mutably" : "")});
        if (repeats && within(u.span, sp.closure->span)) {
          d.notes.push_back({Span{}, "the task is spawned in a loop (or a closure) and not joined there: the one spawned "
                                     "before may still run when it is spawned again"});
        } else {
          d.notes.push_back({Span{}, "the task may run until it is joined (`handle.join()`) or its scope ends; join it "
                                     "first, or move a copy into the closure"});
        }
      }
    }
  }
}

}  // namespace asr::sema
