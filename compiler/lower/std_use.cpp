#include "lower/std_use.hpp"

#include <set>
#include <unordered_map>

#include "lower/walk.hpp"

namespace asr::lower {
namespace {

class UseFinder {
 public:
  UseFinder(const sema::Program& p, const Effects& fx) : p_(p), fx_(fx) {
    used_.fns.assign(p.fns.size(), false);
    used_.adts.assign(p.adts.size(), false);
    used_.traits.assign(p.traits.size(), false);
    used_.impls.assign(p.impls.size(), false);
    used_.consts.assign(p.consts.size(), false);
  }

  UsedItems run() {
    for (sema::FnId f : p_.user_fns) if (!p_.modules[p_.fns[f].module].is_std) use_fn(f);
    for (sema::AdtId a : p_.user_adts) if (!p_.modules[p_.adts[a].module].is_std) use_type(p_.types.adt(a));
    // The crate's impls are used through formatting or generic code even without a visible call.
    for (sema::ImplId i : p_.user_impls) {
      if (p_.modules[p_.impls[i].module].is_std) continue;
      used_.impls[i] = true;
      used_.traits[p_.impls[i].trait] = true;
      for (sema::FnId f : p_.impls[i].methods) use_fn(f);
      // The operators of a hand-written `PartialEq`/`PartialOrd` call its provided methods.
      const sema::TraitDef& td = p_.traits[p_.impls[i].trait];
      if (td.builtin) {
        for (sema::FnId f : td.methods) if (p_.fns[f].item && p_.fns[f].item->body) use_fn(f);
      }
    }
    // Generic code names the traits of its bounds (`Add<T, T>::add`).
    for (sema::TraitId t : p_.user_traits) used_.traits[t] = true;
    while (!todo_.empty()) {
      sema::FnId f = todo_.back();
      todo_.pop_back();
      scan(f);
    }
    // A trait's impls may name its supertraits' associated types (`ExactSizeIterator for
    // Map<I, F>` names `<I as Iterator>::Item`).
    for (bool grew = true; grew;) {
      grew = false;
      for (sema::TraitId t = 0; t < p_.traits.size(); ++t) {
        if (!used_.traits[t]) continue;
        for (sema::TraitId s : p_.traits[t].supers) if (!used_.traits[s]) used_.traits[s] = grew = true;
      }
    }
    // ... and a used std impl's provided methods name its type's impls of the supertraits
    // (`nth_back` of `DoubleEndedIterator for Chars` returns `Iterator_types<Chars>::Item`).
    for (bool grew = true; grew;) {
      grew = false;
      for (sema::ImplId i = 0; i < p_.impls.size(); ++i) {
        if (!used_.impls[i]) continue;
        for (sema::TraitId s : p_.traits[p_.impls[i].trait].supers) {
          sema::ImplId j = p_.find_impl(s, p_.impls[i].self_type);  // (`Split<P>`'s, whatever its parameter's name)
          if (j == sema::kNone || used_.impls[j] || p_.impls[j].builtin || !p_.modules[p_.impls[j].module].is_std) continue;
          used_.impls[j] = grew = true;
        }
      }
    }
    drop_pointer_sized_twins();
    return std::move(used_);
  }

 private:
  // Only the `i64`/`u64` twin of std's impls for `isize`/`usize` is emitted (emitted_impl).
  void drop_pointer_sized_twins() {
    for (sema::ImplId i = 0; i < p_.impls.size(); ++i) {
      if (!used_.impls[i]) continue;
      sema::ImplId twin = emitted_impl(p_, i);
      if (twin == i || !used_.impls[twin]) continue;
      used_.impls[i] = false;
      for (sema::FnId m : p_.impls[i].methods) used_.fns[m] = false;
    }
  }

  void use_fn(sema::FnId f) {
    if (used_.fns[f]) return;
    const sema::FnDef& d = p_.fns[f];
    if (d.impl != sema::kNone && p_.modules[p_.impls[d.impl].module].is_std && wait_for_type(d.impl, f)) return;
    used_.fns[f] = true;
    todo_.push_back(f);
    if (d.impl != sema::kNone) used_.impls[d.impl] = true, used_.traits[p_.impls[d.impl].trait] = true;
    if (d.trait == sema::kNone) return;
    // A call through a trait may reach any impl: std's impls of that method are used too,
    // once the program has a value of the impl's type (the others wait in `waiting_`).
    used_.traits[d.trait] = true;
    for (sema::ImplId i = 0; i < p_.impls.size(); ++i) {
      if (p_.impls[i].trait != d.trait || !p_.modules[p_.impls[i].module].is_std) continue;
      for (sema::FnId m : p_.impls[i].methods) if (p_.fns[m].name == d.name) use_fn(m);
    }
  }

  // A value of std impl `i`'s type can exist only if its self type (behind references) is not
  // a struct or enum, or is one the program uses: otherwise `m` (kNone: the impl itself, for a
  // vtable) waits for that type. True if it waits.
  bool wait_for_type(sema::ImplId i, sema::FnId m) {
    sema::TypeId t = p_.impls[i].self_type;
    while (p_.types.kind(t) == sema::TyKind::Ref) t = p_.types.pointee(t);
    if (p_.types.kind(t) != sema::TyKind::Adt || used_.adts[p_.types.get(t).id]) return false;
    waiting_[p_.types.get(t).id].push_back({i, m});
    return true;
  }

  // Struct or enum `adt` just became used: the impl methods waiting for it.
  void wake(sema::AdtId adt) {
    auto it = waiting_.find(adt);
    if (it == waiting_.end()) return;
    std::vector<std::pair<sema::ImplId, sema::FnId>> woken = std::move(it->second);
    waiting_.erase(it);
    for (auto [i, m] : woken) {
      used_.impls[i] = true;
      if (m != sema::kNone) use_fn(m);
      use_type(p_.impls[i].self_type);
    }
  }

  void use_type(sema::TypeId t) {
    // (each type once: the walk meets the same few types at every expression)
    if (t.index >= types_seen_.size()) types_seen_.resize(std::max<size_t>(t.index + 1, types_seen_.size() * 2), false);
    if (types_seen_[t.index]) return;
    types_seen_[t.index] = true;
    const sema::TypeData& d = p_.types.get(t);
    if (d.kind == sema::TyKind::Adt && !used_.adts[d.id]) {
      used_.adts[d.id] = true;
      wake(d.id);
      const sema::AdtDef& ad = p_.adts[d.id];
      for (const auto& f : ad.fields) use_type(f.type);
      for (const auto& v : ad.variants) for (const auto& f : v.fields) use_type(f.type);
      // std's hand-written `Debug`/`Display` impls (the ranges'): formatting may reach them;
      // its `Deref`/`DerefMut` impls (Vec's, String's): auto-deref and deref coercions call them.
      for (sema::ImplId i = 0; i < p_.impls.size(); ++i) {
        const sema::ImplDef& im = p_.impls[i];
        // (and std's hand-written comparisons, `Reverse`'s: the operators call them)
        if (im.trait != p_.debug_trait && im.trait != p_.display_trait && im.trait != p_.deref_trait() &&
            im.trait != p_.deref_mut_trait() && !compares(im.trait)) {
          continue;
        }
        if (!p_.modules[im.module].is_std || p_.types.kind(im.self_type) != sema::TyKind::Adt ||
            p_.types.get(im.self_type).id != d.id) {
          continue;
        }
        used_.impls[i] = true;
        used_.traits[im.trait] = true;
        for (sema::FnId m : im.methods) use_fn(m);
        if (compares(im.trait)) {
          for (sema::FnId m : p_.traits[im.trait].methods) if (p_.fns[m].item && p_.fns[m].item->body) use_fn(m);
        }
      }
    }
    if (d.kind == sema::TyKind::Dyn && d.sub == 0) use_dyn_trait(d.id);
    if (d.kind == sema::TyKind::Assoc) used_.traits[d.id] = true;  // (`typename Iterator_types<I>::Item`)
    for (sema::TypeId e : d.elems) use_type(e);
  }

  // A `dyn Trait` of std's (`Box<dyn Error>`): its vtable calls the trait's and supertraits'
  // methods on whatever type is boxed, so std's impls of them are used too.
  void use_dyn_trait(sema::TraitId t) {
    used_.traits[t] = true;
    if (p_.traits[t].builtin || !dyn_seen_.insert(t).second) return;  // (`dyn Debug`: no vtable calls)
    for (sema::TraitId s : p_.traits[t].supers) use_dyn_trait(s);
    if (!p_.modules[p_.traits[t].module].is_std) return;
    for (sema::FnId f : p_.traits[t].methods) use_fn(f);
    for (sema::ImplId i = 0; i < p_.impls.size(); ++i) {
      if (p_.impls[i].trait != t || !p_.modules[p_.impls[i].module].is_std || p_.impls[i].builtin) continue;
      if (wait_for_type(i, sema::kNone)) {
        for (sema::FnId m : p_.impls[i].methods) wait_for_type(i, m);
        continue;
      }
      used_.impls[i] = true;
      use_type(p_.impls[i].self_type);
      for (sema::FnId m : p_.impls[i].methods) use_fn(m);
    }
  }

  bool compares(sema::TraitId t) const {
    auto b = p_.traits[t].builtin;
    return b && (*b == sema::Trait::PartialEq || *b == sema::Trait::PartialOrd || *b == sema::Trait::Ord);
  }

  void scan(sema::FnId f) {
    const sema::FnDef& d = p_.fns[f];
    for (const auto& l : d.locals) use_type(l.type);
    for (const auto& prm : d.params) use_type(prm.type);
    use_type(d.ret);
    for (sema::FnId c : fx_.callees[f]) use_fn(c);
    if (!d.item || !d.item->body) return;
    walk_block(*d.item->body, [&](const ast::Expr& e) {
      const sema::ExprInfo& in = p_.info(e);
      use_type(in.type);
      for (sema::TypeId a : in.type_args) use_type(a);
      if (e.kind == ast::ExprKind::Path && in.res == sema::ValueRes::Fn) use_fn(in.res_id);  // (a function as a value)
      if (e.kind == ast::ExprKind::Path && in.res == sema::ValueRes::Const && in.res_id < used_.consts.size()) used_.consts[in.res_id] = true;
    });
  }

  const sema::Program& p_;
  const Effects& fx_;
  UsedItems used_;
  std::vector<sema::FnId> todo_;
  std::set<sema::TraitId> dyn_seen_;
  std::vector<bool> types_seen_;  // by TypeId index
  // std impl methods (kNone: the impl) waiting for their struct or enum to be used
  std::unordered_map<sema::AdtId, std::vector<std::pair<sema::ImplId, sema::FnId>>> waiting_;
};

}  // namespace

UsedItems used_items(const sema::Program& program, const Effects& effects) {
  return UseFinder(program, effects).run();
}

namespace {
// The same type once `usize`/`isize` are read as `u64`/`i64` (their C++ spelling).
bool same_in_cpp(const sema::TypeTable& T, sema::TypeId a, sema::TypeId b) {
  if (a == b) return true;
  auto canon = [&](sema::TypeId t) {
    sema::IntTy k = T.int_ty(t);
    return k == sema::IntTy::Usize ? sema::IntTy::U64 : k == sema::IntTy::Isize ? sema::IntTy::I64 : k;
  };
  const sema::TypeData& x = T.get(a);
  const sema::TypeData& y = T.get(b);
  if (x.kind != y.kind) return false;
  if (x.kind == sema::TyKind::Int) return canon(a) == canon(b);
  if (x.sub != y.sub || x.id != y.id || x.elems.size() != y.elems.size()) return false;
  for (size_t i = 0; i < x.elems.size(); ++i) if (!same_in_cpp(T, x.elems[i], y.elems[i])) return false;
  return true;
}
}  // namespace

sema::ImplId emitted_impl(const sema::Program& p, sema::ImplId i) {
  const auto& T = p.types;
  const sema::ImplDef& im = p.impls[i];
  if (im.builtin || !p.modules[im.module].is_std || T.kind(im.self_type) != sema::TyKind::Int) return i;
  sema::IntTy k = T.int_ty(im.self_type);
  if (k != sema::IntTy::Isize && k != sema::IntTy::Usize) return i;
  sema::TypeId twin = T.int_(k == sema::IntTy::Isize ? sema::IntTy::I64 : sema::IntTy::U64);
  for (sema::ImplId j = 0; j < p.impls.size(); ++j) {
    const sema::ImplDef& o = p.impls[j];
    if (j == i || o.trait != im.trait || o.self_type != twin || o.trait_args.size() != im.trait_args.size() ||
        !p.modules[o.module].is_std) {
      continue;
    }
    bool same = true;
    for (size_t a = 0; a < o.trait_args.size(); ++a) same = same && same_in_cpp(T, o.trait_args[a], im.trait_args[a]);
    if (same) return j;
  }
  return i;
}

}  // namespace asr::lower
