// Traits and generic parameters: which types implement which traits (impls and bounds),
// trait names in bounds, and the checks that an `impl Trait for Type` matches its trait.

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

#include "sema/context.hpp"

namespace asr::sema {
namespace {

// Built-in traits implied by a built-in trait (`Ord` needs `Eq` and `PartialOrd`, ...).
uint32_t builtin_closure(uint32_t bits) {
  auto bit = [](Trait t) { return 1u << static_cast<unsigned>(t); };
  for (int round = 0; round < 3; ++round) {
    if (bits & bit(Trait::Copy)) bits |= bit(Trait::Clone);
    if (bits & bit(Trait::Eq)) bits |= bit(Trait::PartialEq);
    if (bits & bit(Trait::PartialOrd)) bits |= bit(Trait::PartialEq);
    if (bits & bit(Trait::Ord)) bits |= bit(Trait::Eq) | bit(Trait::PartialOrd);
  }
  return bits;
}

// Whether a and b could become the same type once their inference variables are known.
bool may_equal(const TypeTable& T, TypeId a, TypeId b) {
  if (a == b) return true;
  const TypeData& x = T.get(a);
  const TypeData& y = T.get(b);
  auto fits = [&](const TypeData& var, const TypeData& other) {
    VarKind k = static_cast<VarKind>(var.sub);
    return k == VarKind::General || (k == VarKind::Integer && other.kind == TyKind::Int) ||
           (k == VarKind::Float && other.kind == TyKind::Float) || other.kind == TyKind::Var;
  };
  if (x.kind == TyKind::Var) return fits(x, y);
  if (y.kind == TyKind::Var) return fits(y, x);
  if (x.kind != y.kind || x.sub != y.sub || x.id != y.id || x.elems.size() != y.elems.size()) return false;
  for (size_t i = 0; i < x.elems.size(); ++i) if (!may_equal(T, x.elems[i], y.elems[i])) return false;
  return true;
}

// Binds the impl's parameters so that `pattern` (an impl's self type) equals `t`.
bool match_type(const TypeTable& T, TypeId pattern, TypeId t, const std::vector<ParamId>& params,
                TypeTable::Subst& map) {
  const TypeData& p = T.get(pattern);
  if (p.kind == TyKind::Param) {
    for (ParamId q : params) {
      if (q != p.id) continue;
      for (auto& [k, v] : map) if (k == q) return v == t || may_equal(T, v, t);
      map.push_back({q, t});
      return true;
    }
  }
  if (pattern == t) return true;
  const TypeData& d = T.get(t);
  if (d.kind == TyKind::Var) {
    // Not inferred yet: a literal's variable fits any type of its kind.
    VarKind k = static_cast<VarKind>(d.sub);
    return k == VarKind::General || (k == VarKind::Integer && p.kind == TyKind::Int) ||
           (k == VarKind::Float && p.kind == TyKind::Float);
  }
  if (p.kind != d.kind || p.sub != d.sub || p.id != d.id || p.elems.size() != d.elems.size()) return false;
  for (size_t i = 0; i < p.elems.size(); ++i) {
    if (!match_type(T, p.elems[i], d.elems[i], params, map)) return false;
  }
  return true;
}

}  // namespace

const std::vector<ImplId>& Program::impls_of(TraitId trait) const {
  if (impls_indexed_ != impls.size()) {  // (impls are only ever appended)
    impls_by_trait_.assign(traits.size(), {});
    for (ImplId i = 0; i < impls.size(); ++i) {
      if (impls[i].trait >= impls_by_trait_.size()) impls_by_trait_.resize(impls[i].trait + 1);
      impls_by_trait_[impls[i].trait].push_back(i);
    }
    impls_indexed_ = impls.size();
  }
  static const std::vector<ImplId> none;
  return trait < impls_by_trait_.size() ? impls_by_trait_[trait] : none;
}

TypeTable::Subst Program::adt_subst(TypeId adt_type) const {
  TypeTable::Subst s;
  const TypeData& d = types.get(adt_type);
  if (d.kind != TyKind::Adt) return s;
  const AdtDef& ad = adts[d.id];
  for (size_t i = 0; i < ad.generics.size() && i < d.elems.size(); ++i) s.push_back({ad.generics[i], d.elems[i]});
  return s;
}

TypeId Program::field_type(TypeId adt_type, uint32_t variant, size_t i) const {
  const TypeData& d = types.get(adt_type);
  TypeId declared = fields_of(d.id, variant)[i].type;
  if (d.elems.empty()) return declared;
  return types.subst(declared, adt_subst(adt_type));
}

FnId Program::trait_method(TraitId trait, const std::string& name) const {
  for (FnId f : traits[trait].methods) if (fns[f].name == name) return f;
  for (TraitId s : traits[trait].supers) {
    if (FnId f = trait_method(s, name); f != kNone) return f;
  }
  return kNone;
}

ImplId Program::find_impl(TraitId trait, TypeId t, TypeTable::Subst* out, const std::vector<TypeId>* args) const {
  for (ImplId i : impls_of(trait)) {
    const ImplDef& im = impls[i];
    TypeTable::Subst map;
    if (!match_type(types, im.self_type, t, im.params, map)) continue;
    bool args_ok = true;
    for (size_t k = 0; args && k < args->size() && k < im.trait_args.size() && args_ok; ++k) {
      args_ok = match_type(types, im.trait_args[k], (*args)[k], im.params, map);
    }
    if (!args_ok) continue;
    infer_impl_params(im, map);
    bool bounds_ok = true;
    for (auto& [param, arg] : map) {
      const GenericParamDef& pd = params[param];
      for (unsigned b = 0; b < 10; ++b) {
        if (pd.has(static_cast<Trait>(b)) && !implements(arg, static_cast<Trait>(b))) bounds_ok = false;
      }
      for (const TraitBound& need : pd.traits) {
        if (!implements(arg, need.trait, types.subst_all(need.args, map))) bounds_ok = false;
      }
      // `impl<F: FnMut(char) -> bool> Pattern for F`: only for what can be called so
      if (pd.fn_bound && types.kind(arg) != TyKind::Var && types.kind(arg) != TyKind::Error) {
        std::optional<FnBound> sig = callable_signature(arg);
        if (!sig || sig->params.size() != pd.fn_bound->params.size()) bounds_ok = false;
      }
    }
    if (!bounds_ok) continue;
    if (out) *out = std::move(map);
    return i;
  }
  return kNone;
}

// The impl's parameters that its self type does not mention, from the bounds of those it
// does: `B` in `impl<B, I: Iterator, F: FnMut(I::Item) -> B> Iterator for Map<I, F>` is F's
// return type; `T` in `impl<I: Iterator<Item = &T>, T> .. for Cloned<I>` is what I yields.
void Program::infer_impl_params(const ImplDef& im, TypeTable::Subst& map) const {
  auto bound_to = [&](ParamId q) -> std::optional<TypeId> {
    for (auto& [k, v] : map) if (k == q) return v;
    return std::nullopt;
  };
  auto try_match = [&](TypeId pattern, TypeId actual) {
    TypeTable::Subst trial = map;
    TypeId want = normalize(types.subst(pattern, map));
    if (!types.has_params(want)) return false;
    if (!match_type(types, want, actual, im.params, trial)) return false;
    bool grew = trial.size() > map.size();
    map = std::move(trial);
    return grew;
  };
  for (int round = 0; round < 8 && map.size() < im.params.size(); ++round) {
    bool progress = false;
    for (ParamId q : im.params) {
      std::optional<TypeId> arg = bound_to(q);
      if (!arg) continue;
      const GenericParamDef& pd = params[q];
      if (pd.fn_bound) {
        if (std::optional<FnBound> sig = callable_signature(*arg); sig && sig->params.size() == pd.fn_bound->params.size()) {
          for (size_t i = 0; i < sig->params.size(); ++i) progress = try_match(pd.fn_bound->params[i], sig->params[i]) || progress;
          progress = try_match(pd.fn_bound->ret, sig->ret) || progress;
        }
      }
      for (const TraitBound& b : pd.traits) {
        for (auto& [k, want] : b.assoc) {
          std::vector<TypeId> elems{*arg};
          for (TypeId a : b.args) elems.push_back(types.subst(a, map));
          TypeId actual = normalize(types.assoc(b.trait, k, std::move(elems)));
          if (types.kind(actual) != TyKind::Assoc) progress = try_match(want, actual) || progress;
        }
      }
    }
    if (!progress) break;
  }
}

std::optional<std::vector<ImplDerivedParam>> Program::impl_derived_params(const ImplDef& im) const {
  std::vector<ParamId> known;
  auto mentions = [&](auto& self, TypeId t, ParamId q) -> bool {
    const TypeData& d = types.get(t);
    if (d.kind == TyKind::Param && d.id == q) return true;
    for (TypeId e : d.elems) if (self(self, e, q)) return true;
    return false;
  };
  // `q` occurs in `t` through type arguments, tuple elements and references only (where C++
  // can take it apart again: lower/emit's derived_aliases).
  auto reachable = [&](auto& self, TypeId t, ParamId q) -> bool {
    const TypeData& d = types.get(t);
    if (d.kind == TyKind::Param) return d.id == q;
    if (d.kind != TyKind::Adt && d.kind != TyKind::Tuple && d.kind != TyKind::Ref) return false;
    for (TypeId e : d.elems) if (self(self, e, q)) return true;
    return false;
  };
  std::vector<ParamId> open;
  for (ParamId q : im.params) {
    bool in_head = mentions(mentions, im.self_type, q);
    for (TypeId a : im.trait_args) in_head = in_head || mentions(mentions, a, q);
    (in_head ? known : open).push_back(q);
  }
  std::vector<ImplDerivedParam> out;
  while (!open.empty()) {
    bool progress = false;
    for (size_t i = 0; i < open.size(); ++i) {
      ParamId q = open[i];
      std::optional<ImplDerivedParam> how;
      for (ParamId from : known) {
        const GenericParamDef& pd = params[from];
        if (pd.fn_bound && reachable(reachable, pd.fn_bound->ret, q)) {
          bool args_known = true;  // (the arguments name only parameters known already)
          for (TypeId a : pd.fn_bound->params) {
            for (ParamId o : open) args_known = args_known && !mentions(mentions, a, o);
          }
          if (args_known) how = ImplDerivedParam{q, from, true, kNone, 0, pd.fn_bound->ret};
        }
        for (const TraitBound& b : pd.traits) {
          for (auto& [k, t] : b.assoc) {
            if (reachable(reachable, t, q)) how = ImplDerivedParam{q, from, false, b.trait, k, t};
          }
        }
        if (how) break;
      }
      if (!how) continue;
      out.push_back(*how);
      known.push_back(q);
      open.erase(open.begin() + static_cast<long>(i));
      progress = true;
      break;
    }
    if (!progress) return std::nullopt;
  }
  return out;
}

// The signature of a value that can be called: a closure, a function pointer, a parameter
// bounded by `Fn..`.
std::optional<FnBound> Program::callable_signature(TypeId t) const {
  const TypeData& d = types.get(t);
  if (d.kind == TyKind::Closure) {
    const ClosureDef& c = closures[d.id];
    return FnBound{c.kind, c.params, c.ret};
  }
  if (d.kind == TyKind::FnPtr) {
    FnBound b{ClosureKind::Fn, d.elems, d.elems.back()};
    b.params.pop_back();
    return b;
  }
  if (d.kind == TyKind::Param && params[d.id].fn_bound) {
    FnBound b = *params[d.id].fn_bound;
    if (d.elems.empty() || params[d.id].opaque_of == kNone) return b;
    // `compose::<i32, i32, i32>`'s `impl Fn(A) -> C`: `Fn(i32) -> i32`
    const FnDef& f = fns[params[d.id].opaque_of];
    TypeTable::Subst map;
    for (size_t i = 0; i < f.generics.size() && i < d.elems.size(); ++i) map.push_back({f.generics[i], d.elems[i]});
    b.params = types.subst_all(std::move(b.params), map);
    b.ret = types.subst(b.ret, map);
    return b;
  }
  return std::nullopt;
}

bool Program::call_consumes(TypeId t) const {
  if (types.kind(t) == TyKind::Closure) return closures[types.get(t).id].kind == ClosureKind::FnOnce;
  if (TypeId inner; is_box(t, &inner) && types.is_dyn_fn(inner)) {
    return types.get(inner).sub - 1 == static_cast<uint8_t>(ClosureKind::FnOnce);
  }
  if (types.kind(t) == TyKind::Param && params[types.get(t).id].fn_bound) {
    return params[types.get(t).id].fn_bound->kind == ClosureKind::FnOnce;
  }
  return false;
}

std::optional<std::pair<TypeId, TraitBound>> Program::unmet_impl_bound(TraitId trait, TypeId t,
                                                                      const std::vector<TypeId>& args) const {
  std::optional<std::pair<TypeId, TraitBound>> found;
  for (ImplId i : impls_of(trait)) {
    const ImplDef& im = impls[i];
    TypeTable::Subst map;
    if (im.trait != trait || !match_type(types, im.self_type, t, im.params, map)) continue;
    bool args_ok = true;
    for (size_t k = 0; k < args.size() && k < im.trait_args.size() && args_ok; ++k) {
      args_ok = match_type(types, im.trait_args[k], args[k], im.params, map);
    }
    if (!args_ok) continue;
    if (found) return std::nullopt;  // several candidates: say nothing more precise
    for (auto& [param, arg] : map) {
      for (const TraitBound& need : params[param].traits) {
        std::vector<TypeId> need_args = types.subst_all(need.args, map);
        if (!implements(arg, need.trait, need_args)) found = {{arg, TraitBound{need.trait, need_args, {}}}};
      }
    }
  }
  return found;
}

size_t Program::matching_impls(TraitId trait, TypeId t, const std::vector<TypeId>* args, int depth) const {
  size_t n = 0;
  for (ImplId i : impls_of(trait)) {
    const ImplDef& im = impls[i];
    TypeTable::Subst map;
    if (im.trait != trait || !match_type(types, im.self_type, t, im.params, map)) continue;
    bool args_ok = true;
    for (size_t k = 0; args && k < args->size() && k < im.trait_args.size() && args_ok; ++k) {
      args_ok = match_type(types, im.trait_args[k], (*args)[k], im.params, map);
    }
    // A blanket impl whose bounds cannot hold for what is known of the type does not count
    // (`impl<I: Iterator> IntoIterator for I` for `Vec<{integer}>`, which no impl makes an
    // iterator).
    for (auto& [param, arg] : map) {
      if (!args_ok || depth >= 3) break;
      if (types.kind(arg) == TyKind::Var || types.kind(arg) == TyKind::Param) continue;
      for (const TraitBound& need : params[param].traits) {
        if (has_vars(arg) ? !traits[need.trait].builtin && matching_impls(need.trait, arg, nullptr, depth + 1) == 0
                          : !implements(arg, need.trait, types.subst_all(need.args, map))) {
          args_ok = false;
          break;
        }
      }
    }
    if (args_ok) ++n;
  }
  return n;
}

bool Program::has_hand_written(Trait b) const {
  TraitId decl = builtin_decls[static_cast<unsigned>(b)];
  for (ImplId i : user_impls) if (decl != kNone && impls[i].trait == decl) return true;
  return false;
}

bool Program::any_part(TypeId t, const std::function<bool(TypeId)>& f) const {
  const TypeData& d = types.get(t);
  switch (d.kind) {
    case TyKind::Tuple:
      for (TypeId e : d.elems) if (f(e)) return true;
      return false;
    case TyKind::Array: return f(d.elems[0]);  // (elems[1] is the length)
    case TyKind::Adt: {
      const AdtDef& ad = adts[d.id];
      if (ad.is_std) {  // `Vec<T>`, `Box<T>` (implemented in C++): what they hold
        for (TypeId e : d.elems) if (f(e)) return true;
        return false;
      }
      for (size_t i = 0; i < ad.fields.size(); ++i) if (f(field_type(t, kNone, i))) return true;
      for (size_t v = 0; v < ad.variants.size(); ++v) {
        for (size_t i = 0; i < ad.variants[v].fields.size(); ++i) {
          if (f(field_type(t, static_cast<uint32_t>(v), i))) return true;
        }
      }
      return false;
    }
    default: return false;
  }
}

bool Program::clone_calls_impl(TypeId t) const {
  std::vector<TypeId> seen;  // (recursive types)
  std::function<bool(TypeId)> calls = [&](TypeId t) {
    if (types.kind(t) == TyKind::Param) return true;
    if (types.kind(t) == TyKind::Adt) {
      if (hand_written(Trait::Clone, t) != kNone) return true;
      if (implements(t, Trait::Copy) || std::find(seen.begin(), seen.end(), t) != seen.end()) return false;
      seen.push_back(t);
    }
    return any_part(t, calls);
  };
  return calls(t);
}

bool Program::implements(TypeId t, TraitId trait) const {
  return implements(t, trait, {});
}

FnId Program::instance_method(AdtId adt, const std::string& name, TypeId self) const {
  auto it = adts[adt].instance_methods.find(name);
  if (it == adts[adt].instance_methods.end()) return kNone;
  FnId found = kNone;
  for (FnId f : it->second) {
    TypeTable::Subst map;
    if (!match_type(types, fns[f].self_type, self, fns[f].generics, map)) continue;
    if (found != kNone) return kNone;
    found = f;
  }
  return found;
}

std::vector<TraitBound> Program::param_bounds(TypeId t) const {
  const TypeData& d = types.get(t);
  const GenericParamDef& pd = params[d.id];
  if (d.elems.empty() || pd.opaque_of == kNone) return pd.traits;
  const FnDef& f = fns[pd.opaque_of];
  TypeTable::Subst map;
  for (size_t i = 0; i < f.generics.size() && i < d.elems.size(); ++i) map.push_back({f.generics[i], d.elems[i]});
  std::vector<TraitBound> out = pd.traits;
  for (TraitBound& b : out) {
    b.args = types.subst_all(std::move(b.args), map);
    for (auto& [k, bound] : b.assoc) bound = types.subst(bound, map);
  }
  return out;
}

bool Program::implements(TypeId t, TraitId trait, const std::vector<TypeId>& args) const {
  const TypeData& d = types.get(t);
  if (d.kind == TyKind::Error) return true;
  if (d.kind == TyKind::Dyn) {  // (`dyn Shape` with `trait Shape: Display` is Display)
    return args.empty() && (dyn_implements(t, trait) || (traits[trait].builtin && dyn_implements(t, *traits[trait].builtin)));
  }
  std::optional<Trait> builtin = traits[trait].builtin;
  if (d.kind == TyKind::Assoc && d.sub < traits[d.id].assoc_types.size() && traits[d.id].assoc_types[d.sub].bounds != kNone) {
    // `Self::Key` with `type Key: Ord + Shape;`: its declared bounds
    const GenericParamDef& b = params[traits[d.id].assoc_types[d.sub].bounds];
    for (const TraitBound& have : b.traits) if (have.trait == trait && (args.empty() || have.args == args)) return true;
    if (builtin && b.has(*builtin)) return true;
  }
  if (d.kind == TyKind::Param) {
    ParamId q = d.id;  // (param_bounds may intern types, moving `d`)
    for (const TraitBound& have : param_bounds(t)) {
      if (have.trait == trait && (args.empty() || have.args == args)) return true;
    }
    if (builtin) return params[q].has(*builtin);
    // A blanket impl whose bounds the parameter's imply (`T: Iterator` is `IntoIterator`).
    return find_impl(trait, t, nullptr, args.empty() ? nullptr : &args) != kNone;
  }
  if (builtin) return implements(t, *builtin);  // (derived, or by hand)
  return find_impl(trait, t, nullptr, args.empty() ? nullptr : &args) != kNone;
}

TypeTable::Subst Program::trait_subst(TraitId trait, TypeId self, const std::vector<TypeId>& args) const {
  const TraitDef& td = traits[trait];
  TypeTable::Subst s{{td.self_param, self}};
  for (size_t k = 0; k < td.params.size() && k < args.size(); ++k) s.push_back({td.params[k], args[k]});
  return s;
}

TraitId Program::lang_trait(const std::string& name) const {
  if (auto it = lang_traits_.find(name); it != lang_traits_.end() && it->second < traits.size() && traits[it->second].lang == name) {
    return it->second;
  }
  for (TraitId t = 0; t < traits.size(); ++t) {
    if (traits[t].lang == name) return lang_traits_[name] = t;
  }
  return kNone;
}

TraitId Program::deref_trait() const {
  // (looked up once: std's traits are all known before any body is checked)
  if (deref_trait_ == kNone) deref_trait_ = lang_trait("deref");
  return deref_trait_;
}

TraitId Program::deref_mut_trait() const { return lang_trait("deref_mut"); }

std::optional<TypeId> Program::deref_target(TypeId t) const {
  if (TypeId inner; is_box(t, &inner)) return inner;
  TyKind k = types.kind(t);
  if (k != TyKind::Adt && k != TyKind::Param) return std::nullopt;
  TraitId tr = deref_trait();
  if (tr == kNone) return std::nullopt;
  if (k == TyKind::Param) {
    if (!implements(t, tr)) return std::nullopt;
    return normalize(types.assoc(tr, 0, {t}));  // (the bound's `Target = X`, or the projection)
  }
  TypeTable::Subst map;
  ImplId i = find_impl(tr, t, &map);
  if (i == kNone || impls[i].assoc_types.empty()) return std::nullopt;
  return normalize(types.subst(impls[i].assoc_types[0], map));
}

bool Program::deref_mutable(TypeId t) const {
  if (is_box(t)) return true;
  TraitId tr = deref_mut_trait();
  if (tr == kNone) return false;
  return types.kind(t) == TyKind::Param ? implements(t, tr) : find_impl(tr, t) != kNone;
}

TypeId Program::normalize(TypeId t) const {
  const TypeData& d = types.get(t);
  if (d.elems.empty()) return t;
  TypeData copy = d;  // (interning may reallocate the table)
  bool changed = false;
  for (TypeId& e : copy.elems) {
    TypeId n = normalize(e);
    changed = changed || n != e;
    e = n;
  }
  TypeId self = changed ? types.intern(copy) : t;
  if (copy.kind != TyKind::Assoc) return self;
  TypeId on = copy.elems[0];
  std::vector<TypeId> args(copy.elems.begin() + 1, copy.elems.end());
  if (types.kind(on) == TyKind::Param) {
    bool bounded = false;
    for (const TraitBound& b : param_bounds(on)) {
      if (b.trait != copy.id || b.args != args) continue;
      bounded = true;
      for (auto& [k, bound] : b.assoc) if (k == copy.sub) return bound;
    }
    if (bounded) return self;
    // A blanket impl that applies through the parameter's bounds (`impl<I: Iterator>
    // IntoIterator for I` gives `<T as IntoIterator>::IntoIter = T` for `T: Iterator`).
    TypeTable::Subst map;
    ImplId i = find_impl(copy.id, on, &map, &args);
    if (i == kNone || copy.sub >= impls[i].assoc_types.size() || types.kind(impls[i].self_type) != TyKind::Param) return self;
    return normalize(types.subst(impls[i].assoc_types[copy.sub], map));
  }
  // (a type holding parameters selects its impl too: `<Wrapper<T> as Deref>::Target` is the
  // `Target` of `impl<U> Deref for Wrapper<U>` with U = T, the impl's bounds checked on T's)
  // (with inference variables in it, only if a single impl can apply: `Iter<{integer}>`)
  if (has_vars(on) && matching_impls(copy.id, on, &args) != 1) return self;
  TypeTable::Subst map;
  ImplId i = find_impl(copy.id, on, &map, &args);
  if (i == kNone || copy.sub >= impls[i].assoc_types.size()) return self;
  return normalize(types.subst(impls[i].assoc_types[copy.sub], map));
}

bool Program::has_vars(TypeId t) const {
  const TypeData& d = types.get(t);
  if (d.kind == TyKind::Var) return true;
  for (TypeId e : d.elems) if (has_vars(e)) return true;
  return false;
}

Context::TypeEnv Context::env_of(FnId fn) const {
  TypeEnv env;
  const FnDef& f = prog.fns[fn];
  for (ParamId g : f.generics) env.params.push_back({prog.params[g].name, prog.types.param(g)});
  if (f.self_type.index != 0) env.self_type = f.self_type;
  if (f.impl != kNone) {
    const ImplDef& im = prog.impls[f.impl];
    const TraitDef& td = prog.traits[im.trait];
    for (size_t k = 0; k < td.assoc_types.size() && k < im.assoc_types.size(); ++k) {
      env.self_assoc.push_back({td.assoc_types[k].name, im.assoc_types[k]});
    }
  }
  return env;
}

std::optional<TypeId> Context::assoc_type_path(const ast::Path& p, ModuleId from, AdtId self_adt) {
  auto& T = prog.types;
  // The associated type `name` of a trait bound on the parameter `on` (or on a trait's `Self`).
  auto from_bounds = [&](TypeId on, const ast::Ident& name) -> TypeId {
    const GenericParamDef& pd = prog.params[T.get(on).id];
    std::optional<TypeId> found;
    // The bounds, then their supertraits (`Self::Target` in `trait DerefMut: Deref`).
    std::vector<TraitBound> bounds = pd.traits;
    for (size_t i = 0; i < bounds.size() && i < 64; ++i) {
      for (TraitId sup : prog.traits[bounds[i].trait].supers) {
        bool seen = false;
        for (const TraitBound& b : bounds) seen = seen || b.trait == sup;
        if (!seen) bounds.push_back(TraitBound{sup});
      }
    }
    for (const TraitBound& b : bounds) {
      const TraitDef& td = prog.traits[b.trait];
      for (uint32_t k = 0; k < td.assoc_types.size(); ++k) {
        if (td.assoc_types[k].name != name.name) continue;
        TypeId t = T.error();
        bool bound = false;
        for (auto& [i, to] : b.assoc) if (i == k) t = to, bound = true;
        if (!bound) {
          std::vector<TypeId> elems{on};
          elems.insert(elems.end(), b.args.begin(), b.args.end());
          t = T.assoc(b.trait, k, std::move(elems));
        }
        if (found && *found != t) {
          diags.report(DiagKind::AmbiguousAssocType, name.span, name.name, pd.name);
          return T.error();
        }
        found = t;
      }
    }
    if (!found) {
      diags.report(DiagKind::UnknownAssocType, name.span, name.name, pd.name);
      return T.error();
    }
    return *found;
  };
  if (p.qself) {
    // `<T as Trait>::Name`
    if (p.qself_trait_len == 0 || p.segments.size() != p.qself_trait_len + 1) {
      unsupported(p.span, "this form of qualified path");
      return T.error();
    }
    TypeId on = lower_type(*p.qself, from, self_adt);
    ast::Path trait_path;
    trait_path.span = p.span;
    trait_path.global = p.global;
    for (size_t i = 0; i < p.qself_trait_len; ++i) {
      ast::PathSegment seg;
      seg.name = p.segments[i].name;
      trait_path.segments.push_back(std::move(seg));
    }
    const ast::Ident& name = p.segments.back().name;
    std::optional<Decl> d = resolve_path(trait_path, from, Ns::Type, self_adt);
    if (!d) return T.error();
    if (d->kind != Decl::Kind::Trait) {
      diags.report(DiagKind::NotATrait, trait_path.span, describe(trait_path));
      return T.error();
    }
    std::optional<TraitRef> r = TraitRef{d->id, std::nullopt, {}, {}};
    if (!trait_args(*r, p.segments[p.qself_trait_len - 1], from, on, true)) return T.error();
    const TraitDef& td = prog.traits[r->user];
    for (uint32_t k = 0; k < td.assoc_types.size(); ++k) {
      if (td.assoc_types[k].name != name.name) continue;
      if (T.kind(on) != TyKind::Param && T.kind(on) != TyKind::Error && T.kind(on) != TyKind::Assoc && !prog.implements(on, r->user, r->args)) {
        diags.report(DiagKind::TraitBound, p.span, prog.type_name(on), td.path);
        return T.error();
      }
      std::vector<TypeId> elems{on};
      elems.insert(elems.end(), r->args.begin(), r->args.end());
      return prog.normalize(T.assoc(r->user, k, std::move(elems)));
    }
    diags.report(DiagKind::UnknownAssocType, name.span, name.name, td.path);
    return T.error();
  }
  if (p.segments.size() != 2 || p.global || p.segments[0].generics || p.segments[1].generics) return std::nullopt;
  const std::string& first = p.segments[0].name.name;
  const ast::Ident& name = p.segments[1].name;
  if (first == "Self") {
    for (auto& [n, t] : env.self_assoc) if (n == name.name) return t;
    if (env.self_type && T.kind(*env.self_type) == TyKind::Param) return from_bounds(*env.self_type, name);
    return std::nullopt;
  }
  for (auto it = env.params.rbegin(); it != env.params.rend(); ++it) {
    if (it->first == first) return T.kind(it->second) == TyKind::Param ? from_bounds(it->second, name) : T.error();
  }
  return std::nullopt;
}

std::optional<Context::TraitRef> Context::resolve_trait(const ast::Path& path, ModuleId from, bool report,
                                                       std::optional<TypeId> self) {
  if (path.segments.empty()) return std::nullopt;
  const ast::PathSegment& last = path.segments.back();
  bool has_args = last.generics && !lifetimes_only(*last.generics);
  // A user trait of that name wins over the built-in ones, as with any shadowing.
  if (std::optional<Decl> d = resolve_path(path, from, Ns::Type, kNone, false); d && d->kind == Decl::Kind::Trait) {
    if (prog.traits[d->id].builtin && !has_args) return TraitRef{kNone, prog.traits[d->id].builtin, {}, {}};
    TraitRef r{d->id, std::nullopt, {}, {}};
    if (!trait_args(r, last, from, self, report)) return std::nullopt;
    return r;
  }
  static const std::pair<const char*, Trait> builtins[] = {
      {"Clone", Trait::Clone}, {"Copy", Trait::Copy}, {"Debug", Trait::Debug}, {"Display", Trait::Display},
      {"PartialEq", Trait::PartialEq}, {"Eq", Trait::Eq}, {"PartialOrd", Trait::PartialOrd},
      {"Ord", Trait::Ord}, {"Hash", Trait::Hash}, {"Default", Trait::Default}};
  bool std_path = path.segments.size() == 1 || path.segments[0].name.name == "std" ||
                  path.segments[0].name.name == "core" || path.segments[0].name.name == "fmt" ||
                  path.segments[0].name.name == "cmp" || path.segments[0].name.name == "hash";
  for (auto& [name, t] : builtins) {
    if (!std_path || last.name.name != name) continue;
    if (!has_args) return TraitRef{kNone, t, {}, {}};
    // `PartialEq<Rhs>`: std's declaration of the trait, with its arguments.
    TraitId decl = prog.builtin_decls[static_cast<unsigned>(t)];
    if (decl == kNone) break;
    TraitRef r{decl, std::nullopt, {}, {}};
    if (!trait_args(r, last, from, self, report)) return std::nullopt;
    return r;
  }
  if (has_args) {
    if (report) unsupported(last.generics->span, "generic arguments on this trait");
    return std::nullopt;
  }
  // Every ASR type is sized: a `Sized` bound holds everywhere (an empty TraitRef).
  if (std_path && last.name.name == "Sized") return TraitRef{};
  if (report) {
    std::optional<Decl> d = resolve_path(path, from, Ns::Type, kNone, false);
    if (d) {
      diags.report(DiagKind::NotATrait, path.span, describe(path));
    } else if (path.segments.size() == 1) {
      static const char* later[] = {"Iterator", "IntoIterator", "From", "Into", "Index", "IndexMut", "Fn", "FnMut", "FnOnce", "Send", "Sync", "Sized", "AsRef",
                                    "Borrow", "Deref", "DerefMut", "ToString", "FromStr", "Error", "Write",
                                    "Read", "Sum", "Product", "Extend", "FromIterator", "TryFrom", "TryInto"};
      bool known = false;
      for (const char* n : later) known = known || last.name.name == n;
      if (known) unsupported(path.span, fmt::format("the trait `{}`", last.name.name));
      else diags.report(DiagKind::UnresolvedTrait, path.span, last.name.name);
    } else {
      diags.report(DiagKind::UnresolvedTrait, path.span, describe(path));
    }
  }
  return std::nullopt;
}

bool Context::trait_args(TraitRef& r, const ast::PathSegment& seg, ModuleId from, std::optional<TypeId> self,
                         bool report) {
  const TraitDef& td = prog.traits[r.user];
  auto& T = prog.types;
  if (seg.generics) {
    for (const auto& a : seg.generics->args) {
      if (a.kind == ast::GenericArgKind::Lifetime) continue;
      if (a.kind == ast::GenericArgKind::Type && a.type) {
        r.args.push_back(lower_type(*a.type, from, kNone));
      } else if (a.kind == ast::GenericArgKind::Binding && a.type) {
        uint32_t k = kNone;
        for (uint32_t i = 0; i < td.assoc_types.size(); ++i) if (td.assoc_types[i].name == a.name.name) k = i;
        if (k == kNone) {
          if (report) diags.report(DiagKind::UnknownAssocType, a.name.span, a.name.name, td.path);
          return false;
        }
        r.assoc.push_back({k, lower_type(*a.type, from, kNone)});
      } else {
        if (report) unsupported(a.span, "this kind of generic argument on a trait");
        return false;
      }
    }
  }
  if (r.args.size() > td.params.size()) {
    if (report) {
      size_t n = td.params.size();
      diags.report(DiagKind::WrongTypeArgCount, seg.generics->span, fmt::format("trait `{}`", td.path), n,
                   n == 1 ? "" : "s", r.args.size(), r.args.size() == 1 ? "" : "s", r.args.size() == 1 ? "was" : "were");
    }
    return false;
  }
  // Missing arguments take their defaults (`Add` is `Add<Self>`).
  for (size_t k = r.args.size(); k < td.params.size(); ++k) {
    if (!td.defaults[k]) {
      if (report) {
        size_t n = td.params.size();
        Span at = seg.generics ? seg.generics->span : seg.name.span;
        diags.report(DiagKind::WrongTypeArgCount, at, fmt::format("trait `{}`", td.path), n, n == 1 ? "" : "s",
                     r.args.size(), r.args.size() == 1 ? "" : "s", r.args.size() == 1 ? "was" : "were");
      }
      return false;
    }
    TypeTable::Subst s{{td.self_param, self ? *self : T.error()}};
    for (size_t j = 0; j < k; ++j) s.push_back({td.params[j], r.args[j]});
    r.args.push_back(T.subst(*td.defaults[k], s));
  }
  return true;
}

void Context::add_bounds(ParamId param, const std::vector<ast::TypeBound>& bounds, ModuleId from) {
  for (const auto& b : bounds) {
    if (b.is_lifetime) continue;  // lifetimes are accepted and not checked
    if (b.maybe) {  // `?Sized`: every ASR type is sized (but std's may take a `dyn Trait`)
      if (prog.modules[from].is_std) prog.params[param].maybe_unsized = true;
      continue;
    }
    if (is_fn_trait_bound(b)) {
      add_fn_bound(param, b, from);
      continue;
    }
    if (std::optional<TraitRef> r = resolve_trait(b.trait, from, true, prog.types.param(param))) add_trait_bound(param, *r);
  }
}

void Context::add_trait_bound(ParamId param, TraitRef r) {
  if (!r.builtin && r.user == kNone) return;  // `Sized`
  GenericParamDef& pd = prog.params[param];
  if (r.builtin) {
    pd.builtin = builtin_closure(pd.builtin | (1u << static_cast<unsigned>(*r.builtin)));
    return;
  }
  // The trait and, transitively, its supertraits (which take no arguments).
  std::vector<TraitBound> todo{TraitBound{r.user, r.args, r.assoc}};
  while (!todo.empty()) {
    TraitBound t = std::move(todo.back());
    todo.pop_back();
    bool have = false;
    for (TraitBound& x : pd.traits) {
      if (x.trait != t.trait || x.args != t.args) continue;
      have = true;
      for (auto& b : t.assoc) x.assoc.push_back(b);
    }
    if (have) continue;
    pd.builtin = builtin_closure(pd.builtin | prog.traits[t.trait].builtin_supers);
    for (TraitId s : prog.traits[t.trait].supers) todo.push_back(TraitBound{s, {}, {}});
    pd.traits.push_back(std::move(t));
  }
}

// `impl Trait for Type`: every required method written, nothing that is not in the trait,
// and each method's signature the trait's with `Self` replaced by the type.
// A blanket impl (`impl<T: Display> Greet for T`) and another impl of the trait for a type
// that meets its bounds (`impl Greet for i32`), or a second blanket impl, overlap: rustc's E0119.
static void check_blanket_overlaps(Context& cx) {
  Program& p = cx.prog;
  auto& T = p.types;
  auto meets = [&](TypeId t, ParamId q) {
    const GenericParamDef& pd = p.params[q];
    for (unsigned b = 0; b < 10; ++b) {
      if (pd.has(static_cast<Trait>(b)) && !p.implements(t, static_cast<Trait>(b))) return false;
    }
    for (const TraitBound& need : pd.traits) {
      // (arguments naming the blanket impl's parameters: any arguments)
      bool open = std::any_of(need.args.begin(), need.args.end(), [&](TypeId a) { return T.has_params(a); });
      if (!p.implements(t, need.trait, open ? std::vector<TypeId>{} : need.args)) return false;
    }
    return true;
  };
  for (ImplId b : p.user_impls) {
    const ImplDef& blanket = p.impls[b];
    if (p.modules[blanket.module].is_std || T.kind(blanket.self_type) != TyKind::Param) continue;
    for (ImplId o : p.impls_of(blanket.trait)) {
      const ImplDef& other = p.impls[o];
      if (o == b || other.trait_args.size() != blanket.trait_args.size()) continue;
      bool same_args = true;  // (`impl<T> From<T> for X` and `From<u8>`: other arguments, no overlap)
      for (size_t k = 0; k < other.trait_args.size(); ++k) {
        same_args = same_args && (other.trait_args[k] == blanket.trait_args[k] || T.has_params(blanket.trait_args[k]) ||
                                  T.has_params(other.trait_args[k]));
      }
      if (!same_args) continue;
      bool other_blanket = T.kind(other.self_type) == TyKind::Param;
      if (other_blanket && o < b) continue;  // (reported once, at the later one)
      if (!other_blanket && (T.has_params(other.self_type) || !meets(other.self_type, T.get(blanket.self_type).id))) continue;
      const ImplDef& later = other_blanket || other.span.begin > blanket.span.begin ? other : blanket;
      const ImplDef& first = &later == &blanket ? other : blanket;
      if (other_blanket) {
        cx.diags.report(DiagKind::ConflictingBlanketImpls, later.span, p.traits[blanket.trait].name)
            .notes.push_back({first.span, "first implementation here"});
      } else {
        cx.diags.report(DiagKind::ConflictingTraitImpl, later.span, p.traits[blanket.trait].name, p.type_name(other.self_type))
            .notes.push_back({first.span, "first implementation here"});
      }
    }
  }
}

void check_impls(Context& cx) {
  Program& p = cx.prog;
  auto& T = p.types;
  // Impls of one trait for `i64` and `isize` (`u64`, `usize`) would be one C++ specialisation.
  std::map<std::pair<TraitId, std::vector<TypeId>>, ImplId> twins;
  for (ImplId i : p.user_impls) {
    const ImplDef& im = p.impls[i];
    if (p.modules[im.module].is_std) continue;
    std::vector<TypeId> key{T.cpp_twin(im.self_type)};
    for (TypeId a : im.trait_args) key.push_back(T.cpp_twin(a));
    auto [it, fresh] = twins.insert({{im.trait, key}, i});
    if (!fresh) {
      cx.unsupported(im.span, fmt::format("implementing `{}` for both `{}` and `{}` (the same C++ type)", p.traits[im.trait].name,
                                          p.type_name(p.impls[it->second].self_type), p.type_name(im.self_type)));
    }
  }
  check_blanket_overlaps(cx);
  for (ImplId i : p.user_impls) {
    const ImplDef& im = p.impls[i];
    const TraitDef& tr = p.traits[im.trait];
    if (!p.impl_derived_params(im)) {
      // rustc's E0207 covers parameters nothing determines; asrc also needs the determining
      // bound in one of the forms C++ can compute (`F: Fn(..) -> B`, `I: Tr<Assoc = B>`).
      cx.diags.report(DiagKind::UnconstrainedImplParam, im.span);
    }
    std::vector<std::string> missing;
    Span first_missing;
    for (uint32_t k = 0; k < tr.assoc_types.size(); ++k) {
      const AssocTypeDef& a = tr.assoc_types[k];
      bool written = false;
      for (const auto& member : im.item->items) {
        if (member->kind != ast::ItemKind::TypeAlias || member->name.name != a.name) continue;
        written = true;
        // `type Key = f64;` for `type Key: Ord;`
        TypeId at = k < im.assoc_types.size() ? im.assoc_types[k] : T.error();
        if (a.bounds == kNone || T.kind(at) == TyKind::Error) continue;
        const GenericParamDef& b = p.params[a.bounds];
        for (int t = 9; t >= 0; --t) {  // (the bound written: `Ord` rather than the `Eq` it implies)
          if (b.has(static_cast<Trait>(t)) && !p.implements(at, static_cast<Trait>(t))) {
            cx.diags.report(DiagKind::TraitBound, member->type ? member->type->span : member->span, p.type_name(at),
                            trait_name(static_cast<Trait>(t)))
                .notes.push_back({a.span, fmt::format("required by a bound on `{}::{}`", tr.name, a.name)});
            break;
          }
        }
        for (const TraitBound& tb : b.traits) {
          if (p.traits[tb.trait].builtin || p.implements(at, tb.trait, tb.args)) continue;
          cx.diags.report(DiagKind::TraitBound, member->type ? member->type->span : member->span, p.type_name(at),
                          p.traits[tb.trait].name)
              .notes.push_back({a.span, fmt::format("required by a bound on `{}::{}`", tr.name, a.name)});
        }
      }
      if (written) continue;
      if (missing.empty()) first_missing = a.span;
      missing.push_back(a.name);
    }
    for (size_t k = 0; k < tr.consts.size() && k < im.consts.size(); ++k) {
      uint32_t c = im.consts[k];
      if (c == kNone) {
        if (!tr.consts[k].item->value) {
          if (missing.empty()) first_missing = tr.consts[k].span;
          missing.push_back(tr.consts[k].name);
        }
        continue;
      }
      if (p.consts[c].item == tr.consts[k].item) continue;  // the trait's default
      TypeId want = p.normalize(T.subst(tr.consts[k].type, p.trait_subst(im.trait, im.self_type, im.trait_args)));
      TypeId have = p.consts[c].type;
      if (T.kind(want) != TyKind::Error && T.kind(have) != TyKind::Error && want != have) {
        cx.diags.report(DiagKind::ImplConstType, p.consts[c].item->type->span, p.consts[c].name, p.type_name(want),
                        p.type_name(have));
      }
    }
    for (FnId decl : tr.methods) {
      const FnDef& d = p.fns[decl];
      FnId found = kNone;
      for (FnId m : im.methods) if (p.fns[m].name == d.name) found = m;
      if (found == kNone) {
        if (!d.item->body) {
          if (missing.empty()) first_missing = d.span;
          missing.push_back(d.name);
        }
        continue;
      }
      const FnDef& f = p.fns[found];
      TypeTable::Subst self = p.trait_subst(im.trait, im.self_type, im.trait_args);
      auto decl_type = [&](TypeId t) { return p.normalize(T.subst(t, self)); };
      auto sig_text = [&](const FnDef& g, bool is_decl) {
        std::string s = "fn(";
        bool first = true;
        if (g.self_kind != ast::SelfKind::None) {
          s += g.self_kind == ast::SelfKind::Ref ? "&" : g.self_kind == ast::SelfKind::RefMut ? "&mut " : "";
          s += p.type_name(im.self_type);
          first = false;
        }
        for (const auto& prm : g.params) {
          s += (first ? "" : ", ") + p.type_name(is_decl ? decl_type(prm.type) : prm.type);
          first = false;
        }
        s += ")";
        TypeId r = is_decl ? decl_type(g.ret) : g.ret;
        if (!T.is_unit(r)) s += " -> " + p.type_name(r);
        return s;
      };
      if ((d.self_kind == ast::SelfKind::None) != (f.self_kind == ast::SelfKind::None)) {
        if (d.self_kind == ast::SelfKind::None) {
          cx.diags.report(DiagKind::ImplSelfMismatch, f.span, f.name, "has a `self` declaration in the impl, but not in the trait");
        } else {
          cx.diags.report(DiagKind::ImplSelfMismatch, f.span, f.name, "has a `self` declaration in the trait, but not in the impl");
        }
        continue;
      }
      if (d.params.size() != f.params.size()) {
        cx.diags.report(DiagKind::ImplParamCount, f.span, f.name, f.params.size(), f.params.size() == 1 ? "" : "s",
                        tr.name, d.params.size());
        continue;
      }
      // (hidden parameters, `where Self::Item: Ord` on the trait's method, are not written in impls)
      if (!d.generics.empty() && d.own_generics - d.projections.size() != f.own_generics - f.projections.size()) {
        cx.diags.report(DiagKind::ImplIncompatible, f.span, f.name, sig_text(d, true), sig_text(f, false));
        continue;
      }
      bool same = d.self_kind == f.self_kind && decl_type(d.ret) == p.normalize(f.ret);
      for (size_t k = 0; k < d.params.size() && same; ++k) {
        same = decl_type(d.params[k].type) == p.normalize(f.params[k].type);
      }
      if (d.own_generics > 0) same = true;
      if (T.kind(decl_type(d.ret)) == TyKind::Error) same = true;  // (a missing associated type, reported)  // (own generic parameters: compared by position, not checked yet)
      if (!same) cx.diags.report(DiagKind::ImplIncompatible, f.span, f.name, sig_text(d, true), sig_text(f, false));
    }
    for (FnId m : im.methods) {
      bool member = false;
      for (FnId d : tr.methods) member = member || p.fns[d].name == p.fns[m].name;
      if (!member) {
        cx.diags.report(DiagKind::NotTraitMember, p.fns[m].span, p.fns[m].name, tr.name);
      }
    }
    if (!missing.empty()) {
      std::string list;
      for (size_t k = 0; k < missing.size(); ++k) list += (k ? ", `" : "`") + missing[k] + "`";
      cx.diags.report(DiagKind::MissingTraitItems, im.span, list)
          .notes.push_back({first_missing, fmt::format("`{}` is declared in trait `{}`", missing[0], tr.name)});
    }
    // Supertraits must be implemented too.
    for (TraitId s : tr.supers) {
      if (!p.implements(im.self_type, s)) {
        cx.diags.report(DiagKind::TraitBound, im.span, p.type_name(im.self_type), p.traits[s].name)
            .notes.push_back({tr.span, fmt::format("required by a bound in `{}`", tr.name)});
      }
    }
    if (tr.builtin && im.item && im.item->self_type) {
      // std's supertraits of the built-in traits: `Eq: PartialEq`, `Ord: Eq + PartialOrd`, ...
      std::vector<Trait> needs;
      switch (*tr.builtin) {
        case Trait::Eq: case Trait::PartialOrd: needs = {Trait::PartialEq}; break;
        case Trait::Ord: needs = {Trait::PartialOrd, Trait::Eq}; break;
        case Trait::Copy: needs = {Trait::Clone}; break;
        default: break;
      }
      Span at = im.item->self_type->span;
      for (Trait t : needs) {
        if (p.implements(im.self_type, t)) continue;
        std::string self = p.type_name(im.self_type);
        if (t == Trait::PartialEq || t == Trait::PartialOrd) cx.diags.report(DiagKind::CannotCompare, at, self, self);
        else cx.diags.report(DiagKind::TraitBound, at, self, trait_name(t));
      }
    }
    for (unsigned b = 0; b < 10; ++b) {
      Trait t = static_cast<Trait>(b);
      if (((tr.builtin_supers >> b) & 1u) && !p.implements(im.self_type, t)) {
        cx.diags.report(DiagKind::TraitBound, im.span, p.type_name(im.self_type), trait_name(t))
            .notes.push_back({tr.span, fmt::format("required by a bound in `{}`", tr.name)});
      }
    }
  }
}

}  // namespace asr::sema
