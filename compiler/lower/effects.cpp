#include "lower/effects.hpp"

#include <fmt/format.h>

#include <deque>

#include "lower/walk.hpp"

namespace asr::lower {

void check_builtin_impl_effects(const sema::Program& p, const Effects& fx, Diagnostics& diags) {
  // A function pointer is a plain C++ one, called without an await.
  for (auto [f, span] : p.fn_values) {
    if (!fx.suspends[f]) continue;
    diags.report(DiagKind::Unsupported, span, fmt::format("a function that can suspend as a value (`{}`)", p.fns[f].path));
  }
  // `-> impl Trait` is deduced by C++ from a plain function's body (a coroutine's `Task<T>`
  // needs T spelled out).
  for (sema::FnId f : p.user_fns) {
    const sema::TypeData& r = p.types.get(p.fns[f].ret);
    if (!fx.suspends[f] || r.kind != sema::TyKind::Param || p.params[r.id].opaque_of != f) continue;
    diags.report(DiagKind::Unsupported, p.fns[f].item->fn.ret->span,
                 fmt::format("an `impl Trait` return type on a function that can suspend (`{}`)", p.fns[f].path));
  }
  for (sema::ImplId i : p.user_impls) {
    const sema::ImplDef& im = p.impls[i];
    const sema::TraitDef& td = p.traits[im.trait];
    if (p.modules[im.module].is_std) continue;  // (std's impls suspend only through the crate's)
    // (`Deref` runs in implicit auto-derefs and coercions, where lowering inserts no await)
    bool deref = td.lang == "deref" || td.lang == "deref_mut" || td.lang == "into_iterator";
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

Effects infer_effects(const sema::Program& p) {
  Effects fx;
  size_t n = p.fns.size();
  fx.suspends.assign(n, false);
  fx.calls.resize(n);
  fx.witness.assign(n, -1);
  for (sema::FnId f : p.user_fns) {
    if (!p.fns[f].item || !p.fns[f].item->body) continue;
    // Direct calls in evaluation order (a call's arguments run before it).
    walk_block(*p.fns[f].item->body, [&](const ast::Expr& e) {
      // (operators on types with operator-trait impls and `?` converting with `From` call too)
      using K = ast::ExprKind;
      // (and `write!` into an `io::Write`: its `write_fmt`)
      if (e.kind != K::Call && e.kind != K::MethodCall && e.kind != K::Binary && e.kind != K::Unary &&
          e.kind != K::CompoundAssign && e.kind != K::Try && e.kind != K::Index && e.kind != K::For &&
          e.kind != K::MacroCall) {
        return;
      }
      if (e.kind == K::For && p.info(e).builtin == sema::ExprInfo::Builtin::IntoIter) {
        sema::FnId into = p.trait_method(p.lang_trait("into_iterator"), "into_iter");
        if (into != sema::kNone) fx.calls[f].push_back({into, e.iter->span, sema::TypeId{}});
      }
      if (sema::FnId c = p.info(e).callee; c != sema::kNone) {
        // A method called through `dyn Trait` may reach every impl: the trait's declaration
        // (linked below with each impl's method) stands for all of them.
        const auto& targs = p.info(e).type_args;
        bool dyn = p.fns[c].trait != sema::kNone && !targs.empty() && p.types.kind(targs[0]) == sema::TyKind::Dyn;
        fx.calls[f].push_back({c, e.span, dyn ? targs[0] : sema::TypeId{}});
      }
    });
  }
  // A trait method has one calling convention for all its impls: it suspends if the provided
  // body or any impl's does, and then every impl is a coroutine. Calls through the trait name
  // the trait's declaration, so link it both ways with each impl's method.
  for (const sema::ImplDef& im : p.impls) {
    for (sema::FnId m : im.methods) {
      sema::FnId decl = p.trait_method(im.trait, p.fns[m].name);
      if (decl == sema::kNone) continue;
      fx.calls[decl].push_back({m, p.fns[m].span});
      fx.calls[m].push_back({decl, p.fns[m].span});
    }
  }
  // Reverse edges, then a BFS from the suspension points: the first time a function is
  // reached gives a shortest chain to a primitive, and only reachable ones suspend. This is
  // the least fixpoint of  suspends(f) = primitive(f) or any callee suspends.
  std::vector<std::vector<std::pair<sema::FnId, int>>> callers(n);
  for (size_t f = 0; f < n; ++f) {
    for (size_t i = 0; i < fx.calls[f].size(); ++i) {
      callers[fx.calls[f][i].callee].push_back({static_cast<sema::FnId>(f), static_cast<int>(i)});
    }
  }
  std::deque<sema::FnId> queue;
  for (size_t f = 0; f < n; ++f) {
    if (p.fns[f].is_std && p.fns[f].std_suspends) {
      fx.suspends[f] = true;
      queue.push_back(static_cast<sema::FnId>(f));
    }
  }
  while (!queue.empty()) {
    sema::FnId g = queue.front();
    queue.pop_front();
    for (auto [caller, idx] : callers[g]) {
      if (fx.suspends[caller]) continue;
      fx.suspends[caller] = true;
      fx.witness[caller] = idx;
      queue.push_back(caller);
    }
  }
  return fx;
}

std::string explain_chain(const sema::Program& p, const Effects& fx, sema::FnId fn,
                          const SourceManager& sources) {
  std::string out = p.fns[fn].path;
  sema::FnId cur = fn;
  for (size_t guard = 0; guard < p.fns.size() + 1; ++guard) {
    if (p.fns[cur].is_std) break;
    int w = fx.witness[cur];
    if (w < 0) break;
    const CallSite& cs = fx.calls[cur][w];
    const sema::FnDef& callee = p.fns[cs.callee];
    if (callee.is_std) {
      out += fmt::format(" -> {} (std)", callee.path);
      break;
    }
    LineCol lc = sources.line_col(cs.span);
    const sema::FnDef& from = p.fns[cur];
    if (cs.via_dyn.index != 0) {
      out += fmt::format(" -> calls `{}` through `{}` ({}:{}:{})", callee.path, p.type_name(cs.via_dyn),
                         sources.name(cs.span.file), lc.line, lc.col);
    } else if (from.trait != sema::kNone && from.impl == sema::kNone && callee.impl != sema::kNone) {
      // From a trait method to the impl that makes it suspend.
      const sema::ImplDef& im = p.impls[callee.impl];
      out += fmt::format("; `impl {} for {}` suspends because {} ({}:{}:{})", p.traits[im.trait].path,
                         p.type_name(im.self_type), callee.path, sources.name(cs.span.file), lc.line, lc.col);
    } else {
      out += fmt::format(" -> {} ({}:{}:{})", callee.path, sources.name(cs.span.file), lc.line, lc.col);
    }
    cur = cs.callee;
  }
  return out;
}

std::string effects_report(const sema::Program& p, const Effects& fx, const SourceManager& sources) {
  std::string out;
  for (sema::FnId f : p.user_fns) {
    const sema::FnDef& d = p.fns[f];
    if (p.modules[d.module].is_std) continue;  // std's functions written in ASR
    LineCol lc = sources.line_col(d.span);
    if (fx.suspends[f]) {
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
