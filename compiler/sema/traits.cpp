// Traits and generic parameters: which types implement which traits (impls and bounds),
// trait names in bounds, and the checks that an `impl Trait for Type` matches its trait.

#include <fmt/format.h>

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

// Binds the impl's parameters so that `pattern` (an impl's self type) equals `t`.
bool match_type(const TypeTable& T, TypeId pattern, TypeId t, const std::vector<ParamId>& params,
                TypeTable::Subst& map) {
  const TypeData& p = T.get(pattern);
  if (p.kind == TyKind::Param) {
    for (ParamId q : params) {
      if (q != p.id) continue;
      for (auto& [k, v] : map) if (k == q) return v == t;
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

bool Program::has_ref_type_arg(TypeId t) const {
  const TypeData& d = types.get(t);
  if (d.kind == TyKind::Adt) {
    for (TypeId e : d.elems) {
      const TypeData& ed = types.get(e);
      if (ed.kind == TyKind::Ref && types.kind(ed.elems[0]) != TyKind::Str) return true;
    }
  }
  for (TypeId e : d.elems) if (has_ref_type_arg(e)) return true;
  return false;
}

bool Program::has_ref_to_ref(TypeId t) const {
  const TypeData& d = types.get(t);
  if (d.kind == TyKind::Ref && types.kind(d.elems[0]) == TyKind::Ref &&
      types.kind(types.pointee(d.elems[0])) != TyKind::Str) {
    return true;
  }
  for (TypeId e : d.elems) if (has_ref_to_ref(e)) return true;
  return false;
}

FnId Program::trait_method(TraitId trait, const std::string& name) const {
  for (FnId f : traits[trait].methods) if (fns[f].name == name) return f;
  for (TraitId s : traits[trait].supers) {
    if (FnId f = trait_method(s, name); f != kNone) return f;
  }
  return kNone;
}

ImplId Program::find_impl(TraitId trait, TypeId t, TypeTable::Subst* out) const {
  for (ImplId i = 0; i < impls.size(); ++i) {
    const ImplDef& im = impls[i];
    if (im.trait != trait) continue;
    TypeTable::Subst map;
    if (!match_type(types, im.self_type, t, im.params, map)) continue;
    bool bounds_ok = true;
    for (auto& [param, arg] : map) {
      const GenericParamDef& pd = params[param];
      for (unsigned b = 0; b < 10; ++b) {
        if (pd.has(static_cast<Trait>(b)) && !implements(arg, static_cast<Trait>(b))) bounds_ok = false;
      }
      for (TraitId need : pd.traits) if (!implements(arg, need)) bounds_ok = false;
    }
    if (!bounds_ok) continue;
    if (out) *out = std::move(map);
    return i;
  }
  return kNone;
}

size_t Program::matching_impls(TraitId trait, TypeId t) const {
  size_t n = 0;
  for (const ImplDef& im : impls) {
    TypeTable::Subst map;
    if (im.trait == trait && match_type(types, im.self_type, t, im.params, map)) ++n;
  }
  return n;
}

bool Program::implements(TypeId t, TraitId trait) const {
  const TypeData& d = types.get(t);
  if (d.kind == TyKind::Error) return true;
  if (d.kind == TyKind::Param) {
    for (TraitId have : params[d.id].traits) if (have == trait) return true;
    return false;
  }
  return find_impl(trait, t) != kNone;
}

Context::TypeEnv Context::env_of(FnId fn) const {
  TypeEnv env;
  const FnDef& f = prog.fns[fn];
  for (ParamId g : f.generics) env.params.push_back({prog.params[g].name, prog.types.param(g)});
  if (f.self_type.index != 0) env.self_type = f.self_type;
  return env;
}

std::optional<Context::TraitRef> Context::resolve_trait(const ast::Path& path, ModuleId from, bool report) {
  if (path.segments.empty()) return std::nullopt;
  const ast::PathSegment& last = path.segments.back();
  if (last.generics && !lifetimes_only(*last.generics)) {
    if (report) unsupported(last.generics->span, "generic traits");
    return std::nullopt;
  }
  // A user trait of that name wins over the built-in ones, as with any shadowing.
  if (std::optional<Decl> d = resolve_path(path, from, Ns::Type, kNone, false); d && d->kind == Decl::Kind::Trait) {
    if (prog.traits[d->id].builtin) return TraitRef{kNone, prog.traits[d->id].builtin};
    return TraitRef{d->id, std::nullopt};
  }
  static const std::pair<const char*, Trait> builtins[] = {
      {"Clone", Trait::Clone}, {"Copy", Trait::Copy}, {"Debug", Trait::Debug}, {"Display", Trait::Display},
      {"PartialEq", Trait::PartialEq}, {"Eq", Trait::Eq}, {"PartialOrd", Trait::PartialOrd},
      {"Ord", Trait::Ord}, {"Hash", Trait::Hash}, {"Default", Trait::Default}};
  bool std_path = path.segments.size() == 1 || path.segments[0].name.name == "std" ||
                  path.segments[0].name.name == "core" || path.segments[0].name.name == "fmt" ||
                  path.segments[0].name.name == "cmp" || path.segments[0].name.name == "hash";
  for (auto& [name, t] : builtins) {
    if (std_path && last.name.name == name) return TraitRef{kNone, t};
  }
  // Every ASR type is sized: a `Sized` bound holds everywhere (an empty TraitRef).
  if (std_path && last.name.name == "Sized") return TraitRef{};
  if (report) {
    std::optional<Decl> d = resolve_path(path, from, Ns::Type, kNone, false);
    if (d) {
      diags.report(DiagKind::NotATrait, path.span, describe(path));
    } else if (path.segments.size() == 1) {
      static const char* later[] = {"Iterator", "IntoIterator", "From", "Into", "Add", "Sub", "Mul", "Div", "Rem",
                                    "Neg", "Not", "Index", "IndexMut", "AddAssign", "SubAssign", "MulAssign",
                                    "Fn", "FnMut", "FnOnce", "Drop", "Send", "Sync", "Sized", "AsRef",
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

void Context::add_bounds(ParamId param, const std::vector<ast::TypeBound>& bounds, ModuleId from) {
  for (const auto& b : bounds) {
    if (b.is_lifetime) continue;  // lifetimes are accepted and not checked
    if (b.maybe) continue;        // `?Sized`: every ASR type is sized
    if (is_fn_trait_bound(b)) {
      add_fn_bound(param, b, from);
      continue;
    }
    if (std::optional<TraitRef> r = resolve_trait(b.trait, from)) add_trait_bound(param, *r);
  }
}

void Context::add_trait_bound(ParamId param, TraitRef r) {
  if (!r.builtin && r.user == kNone) return;  // `Sized`
  GenericParamDef& pd = prog.params[param];
  if (r.builtin) {
    pd.builtin = builtin_closure(pd.builtin | (1u << static_cast<unsigned>(*r.builtin)));
    return;
  }
  // The trait and, transitively, its supertraits.
  std::vector<TraitId> todo{r.user};
  while (!todo.empty()) {
    TraitId t = todo.back();
    todo.pop_back();
    bool have = false;
    for (TraitId x : pd.traits) have = have || x == t;
    if (have) continue;
    pd.traits.push_back(t);
    pd.builtin = builtin_closure(pd.builtin | prog.traits[t].builtin_supers);
    for (TraitId s : prog.traits[t].supers) todo.push_back(s);
  }
}

// `impl Trait for Type`: every required method written, nothing that is not in the trait,
// and each method's signature the trait's with `Self` replaced by the type.
void check_impls(Context& cx) {
  Program& p = cx.prog;
  auto& T = p.types;
  for (ImplId i : p.user_impls) {
    const ImplDef& im = p.impls[i];
    const TraitDef& tr = p.traits[im.trait];
    std::vector<std::string> missing;
    Span first_missing;
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
      TypeTable::Subst self{{tr.self_param, im.self_type}};
      auto sig_text = [&](const FnDef& g, bool is_decl) {
        std::string s = "fn(";
        bool first = true;
        if (g.self_kind != ast::SelfKind::None) {
          s += g.self_kind == ast::SelfKind::Ref ? "&" : g.self_kind == ast::SelfKind::RefMut ? "&mut " : "";
          s += p.type_name(im.self_type);
          first = false;
        }
        for (const auto& prm : g.params) {
          s += (first ? "" : ", ") + p.type_name(is_decl ? T.subst(prm.type, self) : prm.type);
          first = false;
        }
        s += ")";
        TypeId r = is_decl ? T.subst(g.ret, self) : g.ret;
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
      if (!d.generics.empty() && d.own_generics != f.own_generics) {
        cx.diags.report(DiagKind::ImplIncompatible, f.span, f.name, sig_text(d, true), sig_text(f, false));
        continue;
      }
      bool same = d.self_kind == f.self_kind && T.subst(d.ret, self) == f.ret;
      for (size_t k = 0; k < d.params.size() && same; ++k) {
        same = T.subst(d.params[k].type, self) == f.params[k].type;
      }
      if (d.own_generics > 0) same = true;  // (own generic parameters: compared by position, not checked yet)
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
