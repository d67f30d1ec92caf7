// Where the borrows held by a local of a scope's body come from (task_checks.cpp): a local
// moved into a spawned closure may hold a borrow only if that borrow outlives the `scope`
// call, i.e. it was taken from something declared outside the scope's body.
//
// asrc has no lifetimes, so this follows how each local got its values, syntactically and
// conservatively: a local bound by `let x = e`, `for x in e`, a `let`/`if let`/`while let`/
// `match` pattern on `e`, or assigned `x = e`, may borrow from what `e` mentions. It borrows
// from outside the body if, in every such `e`, every local mentioned is
//   * declared outside the scope's body, or
//   * a body local whose type holds no borrow (holds_ref), used by value (not under `&`, not
//     as a method's receiver: `&view[k * n..]` copies `k`; `Conn { stream, closed }` moves
//     the `TcpStream`), or
//   * a body local of reference type that itself borrows from outside (recursively), used
//     other than as `&local` (`&chunk[1..]` reborrows through `chunk`).
// The parameter of a closure given to an iterator adaptor that passes it each item by value
// (`it.map(|c| ..)`) is bound from `it`, as `for c in it` would be. A local bound any other way
// (another closure's parameter, a pattern of a function parameter) is not known to: the
// check keeps rejecting it.
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "sema/borrow_origins.hpp"

namespace asr::sema {

BorrowOrigins::BorrowOrigins(const Program& p, const FnDef& fn, LocalId first, LocalId end, const ast::Expr& body)
    : p_(p), fn_(fn), first_(first), end_(end) {
  collect(body);
}

bool BorrowOrigins::inside(LocalId l) const { return l >= first_ && l < end_; }

// ---- where locals get their values

void BorrowOrigins::bound_by(const ast::Pat& pat, const ast::Expr* from) {
  if (auto it = p_.pat_locals.find(&pat); it != p_.pat_locals.end()) sources_[it->second].push_back(from);
  if (pat.sub) bound_by(*pat.sub, from);
  for (const auto& e : pat.elems) bound_by(*e, from);
  for (const auto& f : pat.fields) if (f.pat) bound_by(*f.pat, from);
}

void BorrowOrigins::collect(const ast::Block& b) {
  for (const auto& s : b.stmts) {
    if (s->kind == ast::StmtKind::Let) {
      if (s->pat) bound_by(*s->pat, s->init.get());  // (no initialiser: null, i.e. assigned later)
      if (s->init) collect(*s->init);
      if (s->else_block) collect(*s->else_block);
    } else if (s->expr) {
      collect(*s->expr);
    }
  }
  if (b.tail) collect(*b.tail);
}

void BorrowOrigins::collect(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::For:
      if (e.pat) bound_by(*e.pat, e.iter.get());
      break;
    case K::Let:  // `if let P = e` / `while let`
      if (e.pat) bound_by(*e.pat, e.operand.get());
      break;
    case K::Match:
      for (const auto& arm : e.arms) if (arm.pat) bound_by(*arm.pat, e.iter.get());
      break;
    case K::Assign:
      if (e.lhs && e.lhs->kind == K::Path && p_.info(*e.lhs).res == ValueRes::Local) {
        sources_[p_.info(*e.lhs).res_id].push_back(e.rhs.get());
      }
      break;
    case K::MethodCall:
      // `it.map(|c| ..)`: an adaptor that passes each item of `it` by value to its closure
      // binds the closure's parameter from `it` (`data.chunks(n).map(|c| s.spawn(move ||
      // work(c)))`: `c` borrows from `data`).
      if (const ast::Expr* f = item_closure(e)) {
        bound_by(*f->params[0].pat, e.operand.get());
        fed_.insert(f);
      }
      break;
    case K::Closure:  // (its parameters are bound by its callers: unknown)
      if (fed_.count(&e)) break;
      for (const auto& prm : e.params) if (prm.pat) bound_by(*prm.pat, nullptr);
      break;
    default: break;
  }
  for (const ast::Expr* c : {e.operand.get(), e.lhs.get(), e.rhs.get(), e.cond.get(), e.iter.get(), e.base.get(),
                             e.else_branch.get(), e.repeat_count.get(), e.body.get()}) {
    if (c) collect(*c);
  }
  if (e.block) collect(*e.block);
  for (const auto& a : e.args) collect(*a);
  for (const auto& f : e.fields) if (f.value) collect(*f.value);
  for (const auto& m : e.margs) if (m.value) collect(*m.value);
  for (const auto& arm : e.arms) {
    if (arm.guard) collect(*arm.guard);
    if (arm.body) collect(*arm.body);
  }
}

// The closure given to an `Iterator` method that calls it with each item by value, as its only
// parameter (`map`, `for_each`, ..), or null.
const ast::Expr* BorrowOrigins::item_closure(const ast::Expr& e) const {
  static const std::unordered_set<std::string> adaptors = {"map", "for_each", "filter_map", "flat_map", "map_while",
                                                           "find_map"};
  if (!e.operand || e.args.size() != 1 || !adaptors.count(e.name.name)) return nullptr;
  FnId callee = p_.info(e).callee;
  if (callee == kNone || p_.fns[callee].trait == kNone || p_.fns[callee].trait != p_.lang_trait("iterator")) return nullptr;
  const ast::Expr* f = e.args[0].get();
  while (f->kind == ast::ExprKind::Paren) f = f->operand.get();
  if (f->kind != ast::ExprKind::Closure || f->params.size() != 1 || !f->params[0].pat) return nullptr;
  return f;
}

// An `Iterator` method whose items are its receiver's, whatever its closure does (`filter`, ..).
bool BorrowOrigins::keeps_items(const ast::Expr& e) const {
  static const std::unordered_set<std::string> filters = {"filter", "skip_while", "take_while", "inspect"};
  if (!filters.count(e.name.name)) return false;
  FnId callee = p_.info(e).callee;
  return callee != kNone && p_.fns[callee].trait != kNone && p_.fns[callee].trait == p_.lang_trait("iterator");
}

// ---- whether those values borrow from outside

bool BorrowOrigins::from_outside(LocalId l) {
  if (!inside(l)) return true;
  if (auto it = verdict_.find(l); it != verdict_.end()) return it->second;
  verdict_[l] = false;  // (a cycle through assignments proves nothing)
  auto it = sources_.find(l);
  bool ok = it != sources_.end() && !it->second.empty();
  if (ok) {
    for (const ast::Expr* src : it->second) ok = ok && src && mentions_only_outside(*src, false);
  }
  verdict_[l] = ok;
  return ok;
}

// `borrowed`: `e` is (part of) a place that is borrowed here: under `&`, or a method's receiver.
bool BorrowOrigins::mentions_only_outside(const ast::Expr& e, bool borrowed) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::Path: {
      const ExprInfo& in = p_.info(e);
      if (in.res != ValueRes::Local) return true;
      return local_only_outside(in.res_id, borrowed);
    }
    case K::AddrOf: {
      // `&local` borrows the local itself; `&local[..]`, `&local.f` go through it
      bool direct = e.operand && e.operand->kind == K::Path;
      bool saved = borrowed_itself_;
      borrowed_itself_ = direct;
      bool ok = mentions_only_outside(*e.operand, true);
      borrowed_itself_ = saved;
      return ok;
    }
    case K::Field:
    case K::TupleField: return mentions_only_outside(*e.operand, borrowed);
    case K::Index: return mentions_only_outside(*e.lhs, borrowed) && mentions_only_outside(*e.rhs, false);
    case K::MethodCall: {
      bool ok = mentions_only_outside(*e.operand, true);
      // (`it.filter(|x| ..)` yields `it`'s items: its closure puts no borrow into them)
      if (keeps_items(e)) return ok;
      for (const auto& a : e.args) ok = ok && mentions_only_outside(*a, false);
      return ok;
    }
    case K::Closure: return false;  // (what it captures is not followed)
    case K::Block:
    case K::If:
    case K::Match:
    case K::Loop:
    case K::While:
    case K::For: return false;  // (statements inside are not followed)
    default: break;
  }
  for (const ast::Expr* c : {e.operand.get(), e.lhs.get(), e.rhs.get(), e.cond.get(), e.iter.get(), e.base.get(),
                             e.else_branch.get(), e.repeat_count.get(), e.body.get()}) {
    if (c && !mentions_only_outside(*c, false)) return false;
  }
  if (e.block) return false;
  for (const auto& a : e.args) if (!mentions_only_outside(*a, false)) return false;
  for (const auto& f : e.fields) {
    if (f.value && !mentions_only_outside(*f.value, false)) return false;
    if (!f.value) {  // shorthand `S { x }`: the local `x`, by value
      auto it = p_.shorthand_locals.find(&f);
      if (it == p_.shorthand_locals.end() || !local_only_outside(it->second, false)) return false;
    }
  }
  for (const auto& m : e.margs) if (m.value && !mentions_only_outside(*m.value, false)) return false;
  return e.arms.empty();
}

// A mention of the local `l`: declared outside the body; a reference that itself borrows from
// outside (not borrowed itself: `&r`); or a value that holds no borrow at all, used by value
// (moved or copied: `Conn { stream, .. }` with a `TcpStream`).
bool BorrowOrigins::local_only_outside(LocalId l, bool borrowed) {
  if (!inside(l)) return true;
  TypeId t = fn_.locals[l].type;
  if (p_.types.kind(t) == TyKind::Ref) return !borrowed_itself_ && from_outside(l);
  return !borrowed && !holds_ref(t);
}

// Whether a value of type `t` may hold a borrow: a reference, a trait object, a closure, or a
// type parameter, among its type arguments; or a struct or enum declared with a lifetime
// parameter (`struct Conn<'a>`, `MutexGuard<'a, T>`: without one, a field can hold only a
// `'static` borrow, or one through a type argument).
bool BorrowOrigins::holds_ref(TypeId t) const {
  const TypeData& d = p_.types.get(t);
  if (d.kind == TyKind::Ref || d.kind == TyKind::Dyn || d.kind == TyKind::Param || d.kind == TyKind::Closure) return true;
  for (TypeId x : d.elems) if (holds_ref(x)) return true;
  if (d.kind != TyKind::Adt) return false;
  const ast::Item* item = p_.adts[d.id].item;
  if (item == nullptr) return true;  // (not declared in source: assume it may)
  for (const ast::GenericParam& g : item->generics.params) if (g.kind == ast::GenericParamKind::Lifetime) return true;
  return false;
}

}  // namespace asr::sema
