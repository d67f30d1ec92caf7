#include "lower/effects.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "lower/async_drop.hpp"
#include "lower/std_use.hpp"
#include "lower/walk.hpp"


namespace asr::lower {

void check_builtin_impl_effects(const sema::Program& p, const Effects& fx, Diagnostics& diags) {
  if (fx.truncated) {
    Span where = p.main != sema::kNone ? p.fns[p.main].span : Span{};
    diags.report(DiagKind::Unsupported, where,
                 "a program whose generic functions have more than 500,000 instances (effect analysis)");
  }
  // std's functions written in C++ call what they are given as plain C++: a closure that can
  // suspend (or a value holding one, an iterator adaptor over it) cannot go there.
  for (const Effects::CxxCall& c : fx.cxx_calls) {
    const sema::FnDef& f = p.fns[c.callee];
    for (size_t i = 0; i < c.args.size() && i < f.generics.size(); ++i) {
      const sema::GenericParamDef& g = p.params[f.generics[i]];
      if (!g.fn_bound && g.traits.empty()) continue;  // (only stored, never called)
      if (!holds_suspending_closure(p, fx, c.args[i])) continue;
      // (at the argument that holds the closure, if it is one of the call's)
      Span at = c.call->span;
      for (const auto& a : c.call->args) {
        if (holds_suspending_closure(p, fx, p.info(*a).type)) {
          at = a->span;
          break;
        }
      }
      diags.report(DiagKind::Unsupported, at,
                   fmt::format("a closure that can suspend given to `{}` (std implements it in C++, which cannot "
                               "wait for the closure)", f.path));
      break;
    }
  }
  for (auto [c, span] : p.fn_ptr_closures) {
    if (c < fx.closure_suspends.size() && fx.closure_suspends[c]) {
      diags.report(DiagKind::Unsupported, span, "a closure that can suspend as a function pointer");
    }
  }
  for (const auto& [span, co] : p.coercions) {
    sema::TypeId to = co.to, inner;
    if (p.types.kind(to) == sema::TyKind::Ref) to = p.types.pointee(to);
    if (p.is_box(to, &inner)) to = inner;
    if (!p.types.is_dyn_fn(to)) continue;
    if (!holds_suspending_closure(p, fx, co.from)) continue;
    Span s{FileId{std::get<0>(span)}, std::get<1>(span), std::get<2>(span)};
    diags.report(DiagKind::Unsupported, s, fmt::format("a closure that can suspend as a trait object (`{}`)", p.type_name(co.to)));
  }
  // A function pointer is a plain C++ one, called without an await.
  for (auto [f, span] : p.fn_values) {
    if (!fx.suspends[f]) continue;
    diags.report(DiagKind::Unsupported, span, fmt::format("a function that can suspend as a value (`{}`)", p.fns[f].path));
  }
  // `-> impl Trait` is deduced by C++ from a plain function's body (a coroutine's `Task<T>`
  // needs T spelled out).
  for (sema::FnId f : p.user_fns) {
    const sema::TypeData& r = p.types.get(p.fns[f].ret);
    bool opaque = (r.kind == sema::TyKind::Param && p.params[r.id].opaque_of == f) ||
                  (r.kind == sema::TyKind::Closure && !p.closures[r.id].expr && p.closures[r.id].owner == f);  // (`impl Fn`)
    if (!fx.suspends[f] || !opaque || !p.fns[f].item || !p.fns[f].item->fn.ret) continue;
    diags.report(DiagKind::Unsupported, p.fns[f].item->fn.ret->span,
                 fmt::format("an `impl Trait` return type on a function that can suspend (`{}`)", p.fns[f].path));
  }
  for (sema::ImplId i : p.user_impls) {
    const sema::ImplDef& im = p.impls[i];
    const sema::TraitDef& td = p.traits[im.trait];
    if (p.modules[im.module].is_std) continue;  // (std's impls suspend only through the crate's)
    // (`Deref` runs in implicit auto-derefs and coercions, where lowering inserts no await)
    bool deref = td.lang == "deref" || td.lang == "deref_mut" || td.lang == "into_iterator";
    if (td.lang == "drop") continue;  // (async drop: lowering awaits it, lower/async_drop.cpp)
    if (!deref && (!td.builtin || *td.builtin == sema::Trait::Display || *td.builtin == sema::Trait::Debug)) continue;
    for (sema::FnId f : im.methods) {
      // (std's impls, Vec's `Deref`, suspend only through a crate impl's: that one is reported)
      if (!fx.suspends[f] || p.modules[p.fns[f].module].is_std) continue;
      diags.report(DiagKind::Unsupported, p.fns[f].span,
                   fmt::format("an `impl {}` whose `{}` can suspend (it runs inside {})", td.name, p.fns[f].name,
                               td.lang == "into_iterator" ? "`for` loops" : deref ? "implicit dereferences" : "operators and copies"));
    }
  }
}

namespace {

using sema::FnId;
using sema::TyKind;
using sema::TypeId;
using NodeKind = Effects::NodeKind;

// Past this many instances the analysis stops following calls (reported: the program is
// rejected rather than compiled with a guess).
constexpr size_t kMaxNodes = 500000;

class Collector {
 public:
  Collector(const sema::Program& p, Effects& fx) : p_(p), T(p.types), fx_(fx) {  // (types: a cache, see Program)
    has_drop_impls_ = p.has_drop_impls();
    if (has_drop_impls_) drop_method_ = p.trait_method(p.lang_trait("drop"), "drop");
    has_drop_impls_ = has_drop_impls_ && drop_method_ != sema::kNone;
  }

  void run() {
    fx_.callees.resize(p_.fns.size());
    for (FnId f : p_.user_fns) {
      const sema::FnDef& d = p_.fns[f];
      if (!d.item || !d.item->body) continue;
      std::vector<TypeId> own;  // a generic function at its own parameters: what holds whatever they are
      for (sema::ParamId g : d.generics) own.push_back(T.param(g));
      fn_node(f, std::move(own));
    }
    while (!queue_.empty()) {
      Pending w = std::move(queue_.back());
      queue_.pop_back();
      walk(w);
    }
    link_dyn_impls();
    for (auto& [key, site] : abstract_sites_) fx_.sites.try_emplace(key, site);
  }

 private:
  struct Pending {
    uint32_t node;                  // whose calls these are (a fn instance or a closure)
    const ast::Expr* closure = nullptr;  // a closure's body, else the fn's
    FnId fn;                        // the fn instance whose type arguments apply
    std::vector<TypeId> args;
  };

  uint32_t add_node(NodeKind k, uint32_t id, std::vector<TypeId> args) {
    fx_.nodes.push_back({k, id, std::move(args)});
    fx_.edges.emplace_back();
    return static_cast<uint32_t>(fx_.nodes.size() - 1);
  }

  uint32_t fn_node(FnId f, std::vector<TypeId> args) {
    auto key = std::make_pair(f, args);
    if (auto it = fn_nodes_.find(key); it != fn_nodes_.end()) return it->second;
    if (fx_.nodes.size() >= kMaxNodes) {
      fx_.truncated = true;
      return ~0u;
    }
    uint32_t n = add_node(NodeKind::Fn, f, args);
    fn_nodes_.emplace(std::move(key), n);
    queue_.push_back({n, nullptr, f, std::move(args)});
    return n;
  }

  // One closure expression in one instance of the function around it (`creator`: the type
  // arguments of that instance), as C++ has one lambda type per template instantiation.
  uint32_t closure_node(uint32_t c, const std::vector<TypeId>& creator) {
    auto key = std::make_pair(c, creator);
    if (auto it = closure_nodes_.find(key); it != closure_nodes_.end()) return it->second;
    uint32_t n = add_node(NodeKind::Closure, c, creator);
    closure_nodes_.emplace(std::move(key), n);
    return n;
  }

 public:
  // The instance node of `f` at `args`, if the walk made one.
  uint32_t find_fn_node(FnId f, const std::vector<TypeId>& args) const {
    auto it = fn_nodes_.find(std::make_pair(f, args));
    return it == fn_nodes_.end() ? ~0u : it->second;
  }

 private:

  uint32_t keyed_node(std::unordered_map<FnId, uint32_t>& index, NodeKind k, FnId f) {
    auto it = index.find(f);
    if (it != index.end()) return it->second;
    uint32_t n = add_node(k, f, {});
    index.emplace(f, n);
    return n;
  }

  // `t` in the instance being walked: parameters substituted, `impl Trait` return types
  // replaced by what their function returns, associated types by the impls'.
  TypeId concrete(TypeId t) {
    if (cur_args_.empty()) {  // (a non-generic instance: the same answer every time)
      auto [it, fresh] = plain_types_.try_emplace(t.index, TypeId{});
      if (fresh) it->second = p_.normalize(reveal(t, 0));
      return it->second;
    }
    if (!subst_.empty()) t = p_.types.subst(t, subst_);
    return p_.normalize(reveal(t, 0));
  }

  // (A closure's type is tagged with the type arguments of the instance that made it, its
  // `elems`, which sema leaves empty: two instances' closures are two types, as in C++.)
  TypeId reveal(TypeId t, int depth) {
    const sema::TypeData d = T.get(t);  // (a copy: interning may grow the table)
    if (depth > 64) return t;
    if (d.kind == TyKind::Closure && d.elems.empty()) {
      const sema::ClosureDef& cd = p_.closures[d.id];
      if (!cd.expr) {  // `impl Fn` returned by `cd.owner`: the closure its body returns
        if (cd.concrete.index == 0 || cd.concrete == t) return t;
        return reveal(cd.concrete, depth + 1);
      }
      if (cd.owner != cur_fn_ || cur_args_.empty()) return t;
      return p_.types.intern({TyKind::Closure, 0, d.id, cur_args_});
    }
    if (d.kind == TyKind::Param) {
      const sema::GenericParamDef& pd = p_.params[d.id];
      if (pd.opaque_of == sema::kNone || pd.opaque_concrete.index == 0) return t;
      sema::TypeTable::Subst map;
      const sema::FnDef& owner = p_.fns[pd.opaque_of];
      for (size_t i = 0; i < owner.generics.size() && i < d.elems.size(); ++i) map.push_back({owner.generics[i], d.elems[i]});
      TypeId c = map.empty() ? pd.opaque_concrete : p_.types.subst(pd.opaque_concrete, map);
      return reveal(p_.normalize(c), depth + 1);
    }
    if (d.elems.empty()) return t;
    sema::TypeData nd = d;
    bool changed = false;
    for (TypeId& e : nd.elems) {
      TypeId r = reveal(e, depth + 1);
      changed = changed || r != e;
      e = r;
    }
    return changed ? p_.types.intern(std::move(nd)) : t;
  }

  // A call site as seen from one instance of its function. Only concrete instances exist in
  // the C++ program (templates are instantiated from non-generic code), so an instance at
  // parameters counts only for sites no concrete instance reaches.
  void record(const ast::Expr& e, unsigned slot, FnId resolved, uint32_t node) {
    uint64_t key = (static_cast<uint64_t>(e.id) << 1) | slot;
    auto& sites = abstract_ ? abstract_sites_ : fx_.sites;
    auto [it, fresh] = sites.try_emplace(key, Effects::Site{resolved, node, false});
    if (!fresh && (it->second.resolved != resolved || it->second.node != node)) it->second.varies = true;
  }

  void edge(uint32_t to, Span span, TypeId via_dyn = {}) {
    if (to != ~0u) fx_.edges[cur_].push_back({to, span, via_dyn});
  }

  // A call of `c` at the (concrete) type arguments `args`; returns the function run and its node.
  std::pair<FnId, uint32_t> call(FnId c, std::vector<TypeId> args, Span span) {
    const sema::FnDef& f = p_.fns[c];
    if (f.trait != sema::kNone && f.impl == sema::kNone && !args.empty()) {
      TypeId self = args[0];
      if (T.kind(self) == TyKind::Dyn) {
        uint32_t n = keyed_node(dyn_nodes_, NodeKind::Dyn, c);
        edge(n, span, self);
        return {c, n};
      }
      const sema::TraitDef& td = p_.traits[f.trait];
      std::vector<TypeId> trait_args;
      for (size_t k = 1; k <= td.params.size() && k < args.size(); ++k) trait_args.push_back(args[k]);
      auto key = std::make_tuple(f.trait, self, trait_args);
      auto cached = impls_.find(key);
      if (cached == impls_.end()) {
        sema::TypeTable::Subst found;
        sema::ImplId i = T.kind(self) == TyKind::Error ? sema::kNone : p_.find_impl(f.trait, self, &found, &trait_args);
        if (i != sema::kNone) i = emitted_impl(p_, i);  // (std's `usize` impls are emitted as the `u64` ones)
        cached = impls_.emplace(std::move(key), std::make_pair(i, std::move(found))).first;
      }
      sema::ImplId im = cached->second.first;
      const sema::TypeTable::Subst& map = cached->second.second;
      if (im != sema::kNone) {
        for (FnId m : p_.impls[im].methods) {
          if (p_.fns[m].name != f.name) continue;
          const sema::FnDef& fm = p_.fns[m];
          std::vector<TypeId> margs;
          size_t own = fm.own_generics;
          for (size_t i = 0; i + own < fm.generics.size(); ++i) {
            TypeId a = T.param(fm.generics[i]);
            for (auto& [k, v] : map) if (k == fm.generics[i]) a = v;
            margs.push_back(a);
          }
          for (size_t i = 0; i < own; ++i) {
            margs.push_back(args.size() >= own ? args[args.size() - own + i] : T.param(fm.generics[fm.generics.size() - own + i]));
          }
          return call(m, std::move(margs), span);
        }
      }
      // (not overridden: the provided body, at Self; or a built-in impl, which never suspends)
    }
    if (f.item && f.item->body) {
      uint32_t n = fn_node(c, std::move(args));
      edge(n, span);
      return {c, n};
    }
    // (a suspending one too: `spawn_blocking` runs its closure as plain C++ on another thread)
    if (f.is_std && !f.std_awaits_closures &&
        std::any_of(args.begin(), args.end(), [&](TypeId a) { return mentions_closure(a); })) {
      fx_.cxx_calls.push_back({c, std::move(args), call_expr_});
    }
    if (f.is_std && f.std_suspends) {
      uint32_t n = keyed_node(primitive_nodes_, NodeKind::Primitive, c);
      edge(n, span);
      return {c, n};
    }
    return {c, ~0u};
  }

  bool mentions_closure(TypeId t) const {
    if (T.kind(t) == TyKind::Closure) return true;
    for (TypeId e : T.get(t).elems) if (mentions_closure(e)) return true;
    return false;
  }

  std::vector<TypeId> concrete_all(const std::vector<TypeId>& ts) {
    std::vector<TypeId> out;
    out.reserve(ts.size());
    for (TypeId t : ts) out.push_back(concrete(t));
    return out;
  }

  // The closure a callee value of type `t` is (through references); ~0u for parameters
  // bounded by `Fn..`, trait objects and fn pointers, which never suspend.
  uint32_t called_closure(TypeId t) {
    for (int guard = 0; guard < 16 && T.kind(t) == TyKind::Ref; ++guard) t = T.pointee(t);
    if (T.kind(t) != TyKind::Closure) return ~0u;
    uint32_t c = T.get(t).id;
    if (!p_.closures[c].expr) {
      TypeId real = concrete(p_.closures[c].concrete);
      if (real.index == 0 || T.kind(real) != TyKind::Closure || T.get(real).id == c) return ~0u;
      return called_closure(real);
    }
    return closure_node(c, T.get(t).elems);
  }

  void walk(const Pending& w) {
    cur_ = w.node;
    cur_fn_ = w.fn;
    cur_args_ = w.args;
    abstract_ = std::any_of(w.args.begin(), w.args.end(), [&](TypeId a) { return T.has_params(a); });
    // (the walk at the function's own parameters, once per body: its callees, as named)
    identity_ = w.args.size() == p_.fns[w.fn].generics.size();
    for (size_t i = 0; identity_ && i < w.args.size(); ++i) identity_ = w.args[i] == T.param(p_.fns[w.fn].generics[i]);
    subst_.clear();
    const sema::FnDef& d = p_.fns[w.fn];
    for (size_t i = 0; i < d.generics.size() && i < w.args.size(); ++i) {
      if (w.args[i] != T.param(d.generics[i])) subst_.push_back({d.generics[i], w.args[i]});
    }
    if (w.closure) {
      local_drop_edges(w.fn, fx_.nodes[w.node].id);
      visit(*w.closure);
    } else {
      local_drop_edges(w.fn, ~0u);
      discards(*d.item->body);
      visit_block(*d.item->body);
    }
  }

  // The locals (parameters included) of `fn`'s body, or of its closure `closure`, are dropped
  // at the end of their scopes; those of a closure inside, by that closure.
  void local_drop_edges(FnId fn, uint32_t closure) {
    if (!has_drop_impls_) return;
    const sema::FnDef& d = p_.fns[fn];
    size_t first = 0, end = d.locals.size();
    if (closure != ~0u) {
      first = p_.closures[closure].first_local;
      end = std::min<size_t>(p_.closures[closure].end_local, end);
    }
    std::vector<bool> inner(end > first ? end - first : 0, false);
    for (uint32_t c = 0; c < p_.closures.size(); ++c) {
      const sema::ClosureDef& cd = p_.closures[c];
      if (c == closure || cd.owner != fn || !cd.expr || cd.first_local < first || cd.end_local > end) continue;
      for (size_t l = cd.first_local; l < cd.end_local; ++l) inner[l - first] = true;
    }
    for (size_t l = first; l < end; ++l) {
      if (!inner[l - first]) drop_edges(d.locals[l].type, d.locals[l].span);
    }
  }

  // Values a block's statements drop at once: an expression statement's (`make();`), `let _ =`'s.
  // (Values bound to variables are the locals'; values moved on are their new owner's.)
  void discards(const ast::Block& b) {
    if (!has_drop_impls_) return;
    for (const auto& st : b.stmts) {
      if (st->expr) drop_edges(p_.info(*st->expr).type, st->expr->span);
      if (st->kind == ast::StmtKind::Let && st->init && st->pat && st->pat->kind == ast::PatKind::Wild) {
        drop_edges(p_.info(*st->init).type, st->init->span);
      }
    }
  }

  // Owning a value runs the `drop`s of its type when it goes away: for the effects, a call of
  // each (a function that owns a value whose drop suspends, suspends).
  void drop_edges(TypeId t, Span span) {
    if (!has_drop_impls_ || T.kind(t) == TyKind::Ref) return;
    t = concrete(t);
    if (!drop_edge_done_.insert({cur_, t.index}).second) return;
    std::vector<TypeId> owners;
    drop_impl_types(p_, t, owners);
    for (TypeId owner : owners) {
      auto [r, n] = call(drop_method_, {owner}, span);
      (void)r;
      (void)n;
    }
  }

  void visit_block(const ast::Block& b) {
    walk_block_if(b, [this](const ast::Expr& e) { call_site(e); }, not_closure);
  }
  void visit(const ast::Expr& e) {
    walk_expr_if(e, [this](const ast::Expr& x) { call_site(x); }, not_closure);
  }
  static bool not_closure(const ast::Expr& e) { return e.kind != ast::ExprKind::Closure; }

  // Calls in evaluation order (a call's arguments before it); a closure's body is its own node.
  void call_site(const ast::Expr& e) {
    using K = ast::ExprKind;
    if (e.kind == K::Lit || e.kind == K::Path) return;
    if (e.kind == K::Assign && e.lhs) drop_edges(p_.info(*e.lhs).type, e.span);  // (the old value)
    if (has_drop_impls_) each_temporary(p_, e, [&](const ast::Expr& t) { drop_edges(p_.info(t).type, t.span); });
    if (e.block && e.kind != K::Closure) discards(*e.block);
    if (e.kind == K::Closure) {
      uint32_t c = T.get(p_.info(e).type).id;
      uint32_t n = closure_node(c, cur_args_);
      if (closure_walks_.insert(n).second && e.body) queue_.push_back({n, e.body.get(), cur_fn_, cur_args_});
      return;
    }
    const sema::ExprInfo& in = p_.info(e);
    if (identity_ && in.callee != sema::kNone) fx_.callees[cur_fn_].push_back(in.callee);
    if (e.kind == K::MethodCall && in.callee != sema::kNone && drops_elements(p_.fns[in.callee].path)) {
      TypeId held = p_.info(*e.operand).type;
      while (T.kind(held) == TyKind::Ref) held = T.pointee(held);
      drop_edges(held, e.span);  // (`v.clear()` drops what `v` holds)
    }
    if (e.kind == K::For && in.builtin == sema::ExprInfo::Builtin::IntoIter) {
      // `for x in it`: `IntoIterator::into_iter(it)`, then `next` until `None` (as lowered:
      // through `&mut I`, the iterator itself).
      FnId into = p_.trait_method(p_.lang_trait("into_iterator"), "into_iter");
      if (identity_ && into != sema::kNone) fx_.callees[cur_fn_].push_back(into);
      call_expr_ = &e;
      if (into != sema::kNone) {
        auto [r, n] = call(into, {concrete(in.type_args[0])}, e.iter->span);
        record(e, 0, r, n);
      }
      TypeId it = concrete(in.type_args[1]);
      if (T.kind(it) == TyKind::Ref && T.ref_mut(it) && p_.implements(T.pointee(it), p_.fns[in.callee].trait)) it = T.pointee(it);
      auto [r, n] = call(in.callee, {it}, e.iter->span);
      record(e, 1, r, n);
      return;
    }
    if (in.builtin == sema::ExprInfo::Builtin::CallValue && e.operand) {
      uint32_t n = called_closure(concrete(p_.info(*e.operand).type));
      edge(n, e.span);
      record(e, 0, sema::kNone, n);
      return;
    }
    if (e.kind != K::Call && e.kind != K::MethodCall && e.kind != K::Binary && e.kind != K::Unary &&
        e.kind != K::CompoundAssign && e.kind != K::Try && e.kind != K::Index && e.kind != K::MacroCall) {
      return;
    }
    if (in.callee == sema::kNone) return;
    call_expr_ = &e;
    auto [r, n] = call(in.callee, concrete_all(in.type_args), e.span);
    record(e, 0, r, n);
  }

  // A trait used as `dyn Trait` has one calling convention: each impl of a method (and the
  // provided body) suspends if one does, and the call through the object reaches them all.
  void link_dyn_impls() {
    std::vector<bool> dyn_trait(p_.traits.size(), false);
    for (sema::TraitId t : p_.dyn_traits) dyn_trait[t] = true;
    size_t n = fx_.nodes.size();
    for (size_t i = 0; i < n; ++i) {
      const Effects::Node& node = fx_.nodes[i];
      if (node.kind != NodeKind::Fn) continue;
      const sema::FnDef& f = p_.fns[node.id];
      sema::TraitId t = f.impl != sema::kNone ? p_.impls[f.impl].trait : f.trait;
      if (t == sema::kNone || !dyn_trait[t]) continue;
      FnId decl = p_.trait_method(t, f.name);
      if (decl == sema::kNone) continue;
      uint32_t d = keyed_node(dyn_nodes_, NodeKind::Dyn, decl);
      fx_.edges[d].push_back({static_cast<uint32_t>(i), f.span, {}});
      fx_.edges[i].push_back({d, f.span, {}});
    }
  }

  const sema::Program& p_;
  sema::TypeTable& T;
  Effects& fx_;
  std::map<std::pair<FnId, std::vector<TypeId>>, uint32_t> fn_nodes_;
  std::map<std::pair<uint32_t, std::vector<TypeId>>, uint32_t> closure_nodes_;
  std::unordered_map<FnId, uint32_t> dyn_nodes_, primitive_nodes_;
  std::set<uint32_t> closure_walks_;  // closure nodes whose body was walked
  std::vector<Pending> queue_;
  std::unordered_map<uint32_t, TypeId> plain_types_;  // concrete() in non-generic instances
  // find_impl's answers: (trait, self, trait arguments) -> the impl and its parameters' types
  std::map<std::tuple<sema::TraitId, TypeId, std::vector<TypeId>>, std::pair<sema::ImplId, sema::TypeTable::Subst>> impls_;
  std::unordered_map<uint64_t, Effects::Site> abstract_sites_;
  bool has_drop_impls_ = false;
  FnId drop_method_ = sema::kNone;   // `Drop::drop`
  std::set<std::pair<uint32_t, uint32_t>> drop_edge_done_;  // (node, type) linked to its drops
  bool abstract_ = false;  // the instance being walked is at (some) parameters
  bool identity_ = false;  // ... at exactly the function's own parameters
  uint32_t cur_ = 0;
  const ast::Expr* call_expr_ = nullptr;  // the call being followed
  FnId cur_fn_ = 0;
  std::vector<TypeId> cur_args_;
  sema::TypeTable::Subst subst_;
};

}  // namespace

bool holds_suspending_closure(const sema::Program& p, const Effects& fx, sema::TypeId t) {
  const sema::TypeData& d = p.types.get(t);
  if (d.kind == sema::TyKind::Closure) {
    const sema::ClosureDef& cd = p.closures[d.id];
    if (!cd.expr && cd.concrete.index != 0 && cd.concrete != t) return holds_suspending_closure(p, fx, cd.concrete);
    return d.id < fx.closure_suspends.size() && fx.closure_suspends[d.id];
  }
  for (sema::TypeId e : d.elems) if (holds_suspending_closure(p, fx, e)) return true;
  return false;
}

// A trait method's callees include every impl's method of that name, and back (std_use keeps
// what a call through the trait may reach).
static void link_trait_callees(const sema::Program& p, Effects& fx) {
  for (const sema::ImplDef& im : p.impls) {
    for (sema::FnId m : im.methods) {
      sema::FnId decl = p.trait_method(im.trait, p.fns[m].name);
      if (decl == sema::kNone) continue;
      fx.callees[decl].push_back(m);
      fx.callees[m].push_back(decl);
    }
  }
}

namespace {

// The least fixpoint: a BFS over reversed edges from the primitives (and the closure instances
// `forced` to be coroutines); the first time a node is reached gives a shortest chain.
void propagate(Effects& fx, const std::vector<std::vector<std::pair<uint32_t, int>>>& callers,
               const std::vector<bool>& forced) {
  size_t n = fx.nodes.size();
  fx.node_suspends.assign(n, false);
  fx.witness.assign(n, -1);
  std::deque<uint32_t> queue;
  auto run = [&] {
    while (!queue.empty()) {
      uint32_t g = queue.front();
      queue.pop_front();
      for (auto [caller, idx] : callers[g]) {
        if (fx.node_suspends[caller]) continue;
        fx.node_suspends[caller] = true;
        fx.witness[caller] = idx;
        queue.push_back(caller);
      }
    }
  };
  // (the forced ones last, so that explanations go through a real suspension point if any)
  for (int phase = 0; phase < 2; ++phase) {
    for (size_t a = 0; a < n; ++a) {
      bool source = phase == 0 ? fx.nodes[a].kind == NodeKind::Primitive : forced[a];
      if (!source || fx.node_suspends[a]) continue;
      fx.node_suspends[a] = true;
      queue.push_back(static_cast<uint32_t>(a));
    }
    run();
  }
}

// Per function: a coroutine if some instance suspends; twice if others do not. An instance
// at a generic function's own parameters stands for the instances the program never makes
// (it says whether the body suspends whatever they are), so it counts only when the
// function has no concrete instance.
void summarise(const sema::Program& p, Effects& fx, std::vector<uint8_t>& has_concrete) {
  size_t nf = p.fns.size();
  fx.suspends.assign(nf, false);
  fx.twin.assign(nf, false);
  fx.example.assign(nf, ~0u);
  fx.closure_suspends.assign(p.closures.size(), false);
  fx.trait_method_may_suspend.assign(nf, false);
  std::vector<uint8_t> concrete_sync(nf, 0), abstract_sync(nf, 0);
  has_concrete.assign(nf, 0);
  for (size_t a = 0; a < fx.nodes.size(); ++a) {
    const Effects::Node& node = fx.nodes[a];
    bool s = fx.node_suspends[a];
    switch (node.kind) {
      case NodeKind::Closure:
        fx.closure_suspends[node.id] = fx.closure_suspends[node.id] || s;
        break;
      case NodeKind::Primitive:
        fx.suspends[node.id] = true;
        break;
      case NodeKind::Dyn:
        if (s) {
          fx.suspends[node.id] = true;
          fx.trait_method_may_suspend[node.id] = true;
          if (fx.example[node.id] == ~0u) fx.example[node.id] = static_cast<uint32_t>(a);
        }
        break;
      case NodeKind::Fn: {
        bool concrete = std::none_of(node.args.begin(), node.args.end(), [&](TypeId t) { return p.types.has_params(t); });
        if (concrete) has_concrete[node.id] = 1;
        if (!s) {
          (concrete ? concrete_sync : abstract_sync)[node.id] = 1;
          break;
        }
        fx.suspends[node.id] = true;
        if (fx.example[node.id] == ~0u) fx.example[node.id] = static_cast<uint32_t>(a);
        const sema::FnDef& f = p.fns[node.id];
        sema::TraitId t = f.impl != sema::kNone ? p.impls[f.impl].trait : f.trait;
        if (t != sema::kNone) {
          FnId decl = p.trait_method(t, f.name);
          if (decl != sema::kNone) fx.trait_method_may_suspend[decl] = true;
        }
        break;
      }
    }
  }
  for (size_t f = 0; f < nf; ++f) {
    bool sync = has_concrete[f] ? concrete_sync[f] : abstract_sync[f];
    fx.twin[f] = fx.suspends[f] && sync && p.fns[f].item && p.fns[f].item->body;
  }
}

}  // namespace

Effects infer_effects(const sema::Program& p) {
  Effects fx;
  Collector collector(p, fx);
  collector.run();
  link_trait_callees(p, fx);
  size_t n = fx.nodes.size();
  std::vector<std::vector<std::pair<uint32_t, int>>> callers(n);
  for (size_t a = 0; a < n; ++a) {
    for (size_t i = 0; i < fx.edges[a].size(); ++i) {
      callers[fx.edges[a][i].to].push_back({static_cast<uint32_t>(a), static_cast<int>(i)});
    }
  }
  // A closure is one lambda in each version of the function around it (the plain one and the
  // coroutine twin), shared by the instances of that version: if one of them suspends, the
  // lambda is a coroutine for all of them. Such instances are forced to suspend and the
  // fixpoint recomputed, until the versions agree (the forced set only grows).
  std::vector<bool> forced(n, false);
  std::vector<uint8_t> has_concrete;
  fx.closure_version.clear();
  for (int round = 0;; ++round) {
    propagate(fx, callers, forced);
    summarise(p, fx, has_concrete);
    fx.closure_version.assign(p.closures.size(), {false, false});
    std::vector<std::pair<uint32_t, int>> members;  // closure node, version
    for (size_t a = 0; a < n; ++a) {
      const Effects::Node& node = fx.nodes[a];
      if (node.kind != NodeKind::Closure) continue;
      FnId owner = p.closures[node.id].owner;
      bool concrete = std::none_of(node.args.begin(), node.args.end(), [&](TypeId t) { return p.types.has_params(t); });
      if (!concrete && has_concrete[owner]) continue;  // (never instantiated in C++)
      uint32_t made_by = collector.find_fn_node(owner, node.args);
      int version = fx.twin[owner] && made_by != ~0u && fx.node_suspends[made_by] ? 1 : 0;
      members.push_back({static_cast<uint32_t>(a), version});
      if (fx.node_suspends[a]) fx.closure_version[node.id][version] = true;
    }
    bool changed = false;
    for (auto [a, version] : members) {
      if (fx.node_suspends[a] || !fx.closure_version[fx.nodes[a].id][version]) continue;
      forced[a] = true;
      changed = true;
    }
    if (!changed) break;
  }
  fx.adt_async_drop.assign(p.adts.size(), false);
  for (sema::AdtId a = 0; a < p.adts.size(); ++a) {
    if (p.adts[a].drop_impl == sema::kNone) continue;
    for (FnId m : p.impls[p.adts[a].drop_impl].methods) {
      if (m < fx.suspends.size() && fx.suspends[m]) fx.adt_async_drop[a] = true;
    }
    fx.any_async_drop = fx.any_async_drop || fx.adt_async_drop[a];
  }
  return fx;
}

std::string explain_chain(const sema::Program& p, const Effects& fx, sema::FnId fn,
                          const SourceManager& sources) {
  std::string out = p.fns[fn].path;
  uint32_t cur = fn < fx.example.size() ? fx.example[fn] : ~0u;
  for (size_t guard = 0; cur != ~0u && guard < fx.nodes.size() + 1; ++guard) {
    int w = fx.witness[cur];
    if (w < 0) {
      if (fx.nodes[cur].kind == Effects::NodeKind::Closure) out += " (a coroutine lambda: in another instance it suspends)";
      break;
    }
    const Effects::Edge& e = fx.edges[cur][w];
    const Effects::Node& from = fx.nodes[cur];
    const Effects::Node& to = fx.nodes[e.to];
    LineCol lc = sources.line_col(e.span);
    std::string at = fmt::format("{}:{}:{}", sources.name(e.span.file), lc.line, lc.col);
    switch (to.kind) {
      case Effects::NodeKind::Primitive:
        out += fmt::format(" -> {} (std)", p.fns[to.id].path);
        return out;
      case Effects::NodeKind::Closure:
        out += fmt::format(" -> {{closure}} ({})", at);
        break;
      case Effects::NodeKind::Dyn:
        if (e.via_dyn.index != 0) {
          out += fmt::format(" -> calls `{}` through `{}` ({})", p.fns[to.id].path, p.type_name(e.via_dyn), at);
        } else {
          // (an impl of a trait used as `dyn`: one calling convention for all of them)
          out += fmt::format(", an impl of `{}`, which is called through `dyn {}`", p.fns[to.id].path,
                             p.traits[p.fns[to.id].trait].name);
        }
        break;
      case Effects::NodeKind::Fn: {
        const sema::FnDef& callee = p.fns[to.id];
        if (from.kind == Effects::NodeKind::Dyn && callee.impl != sema::kNone) {
          // From a call through `dyn Trait` to the impl that makes it suspend.
          const sema::ImplDef& im = p.impls[callee.impl];
          out += fmt::format("; `impl {} for {}` suspends because {} ({})", p.traits[im.trait].path,
                             p.type_name(im.self_type), callee.path, at);
        } else {
          out += fmt::format(" -> {} ({})", callee.path, at);
        }
        break;
      }
    }
    cur = e.to;
  }
  return out;
}

std::string effects_report(const sema::Program& p, const Effects& fx, const SourceManager& sources) {
  std::string out;
  for (sema::FnId f : p.user_fns) {
    const sema::FnDef& d = p.fns[f];
    if (p.modules[d.module].is_std) continue;  // std's functions written in ASR
    LineCol lc = sources.line_col(d.span);
    if (fx.twin[f]) {
      out += fmt::format("{} ({}:{}:{}): suspends for some type arguments (a plain function and a coroutine `_co`): {}\n",
                         d.path, sources.name(d.span.file), lc.line, lc.col, explain_chain(p, fx, f, sources));
    } else if (fx.suspends[f]) {
      out += fmt::format("{} ({}:{}:{}): suspends: {}\n", d.path, sources.name(d.span.file), lc.line, lc.col,
                         explain_chain(p, fx, f, sources));
    } else {
      out += fmt::format("{} ({}:{}:{}): sync (plain C++ function, no coroutine frame)\n", d.path,
                         sources.name(d.span.file), lc.line, lc.col);
    }
  }
  return out;
}

}  // namespace asr::lower
