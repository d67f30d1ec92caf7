// Trait objects: `dyn Trait` and `dyn Fn(A) -> R` as types, rustc's dyn-compatibility rules
// (E0038), what a trait object implements, and the unsize coercions that make one
// (`&T` -> `&dyn Trait`, `Box<T>` -> `Box<dyn Trait>`, and `&Box<T>` -> `&T` on the way).
//
// A trait object is unsized: it exists only behind `&`, `&mut` or `Box`. Calls through it go
// to the trait's declaration with `Self = dyn Trait`; the C++ side is a vtable (emit/dyn.cpp).

#include <fmt/format.h>

#include <functional>

#include "sema/context.hpp"
#include "sema/fn_checker.hpp"

namespace asr::sema {

namespace {

// `trait` and its supertraits, each once, supertraits first.
std::vector<TraitId> trait_closure(const Program& p, TraitId trait) {
  std::vector<TraitId> out;
  std::function<void(TraitId)> visit = [&](TraitId t) {
    if (std::find(out.begin(), out.end(), t) != out.end()) return;
    for (TraitId s : p.traits[t].supers) visit(s);
    out.push_back(t);
  };
  visit(trait);
  return out;
}

// `fn make() -> Self where Self: Sized;`: the method is not part of the trait object.
bool requires_sized(const FnDef& f) {
  if (!f.item) return false;
  for (const auto& w : f.item->generics.where) {
    if (!w.bounded || w.bounded->kind != ast::TypeKind::Path || w.bounded->path.segments.size() != 1) continue;
    if (w.bounded->path.segments[0].name.name != "Self") continue;
    for (const auto& b : w.bounds) {
      if (!b.is_lifetime && !b.maybe && !b.trait.segments.empty() && b.trait.segments.back().name.name == "Sized") return true;
    }
  }
  return false;
}

bool mentions_param(const TypeTable& T, TypeId t, ParamId param) {
  const TypeData& d = T.get(t);
  if (d.kind == TyKind::Param && d.id == param) return true;
  for (TypeId e : d.elems) if (mentions_param(T, e, param)) return true;
  return false;
}

}  // namespace

std::string Program::dyn_name(TypeId dyn) const {
  const TypeData& d = types.get(dyn);
  if (d.sub == 0) return "dyn " + traits[d.id].path;
  std::string s = fmt::format("dyn {}(", closure_kind_name(static_cast<ClosureKind>(d.sub - 1)));
  for (size_t i = 1; i < d.elems.size(); ++i) s += (i > 1 ? ", " : "") + type_name(d.elems[i]);
  s += ")";
  if (!types.is_unit(d.elems[0])) s += " -> " + type_name(d.elems[0]);
  return s;
}

bool Program::dyn_implements(TypeId dyn, TraitId trait) const {
  const TypeData& d = types.get(dyn);
  if (d.kind != TyKind::Dyn || d.sub != 0) return false;
  for (TraitId t : trait_closure(*this, d.id)) if (t == trait) return true;
  return false;
}

bool Program::dyn_implements(TypeId dyn, Trait trait) const {
  const TypeData& d = types.get(dyn);
  if (d.kind != TyKind::Dyn || d.sub != 0) return false;
  // Only the object-safe built-in supertraits reach a trait object (the others are E0038).
  if (trait != Trait::Debug && trait != Trait::Display) return false;
  for (TraitId t : trait_closure(*this, d.id)) {
    if ((traits[t].builtin_supers >> static_cast<unsigned>(trait)) & 1u) return true;
    if (traits[t].builtin == trait) return true;  // `dyn Display` itself
  }
  return false;
}

std::vector<FnId> Program::dyn_methods(TraitId trait) const {
  std::vector<FnId> out;
  for (TraitId t : trait_closure(*this, trait)) {
    for (FnId f : traits[t].methods) if (!requires_sized(fns[f])) out.push_back(f);
  }
  return out;
}

namespace {

// Why `trait` is not dyn compatible (rustc's reasons, for what asrc supports), with where.
std::vector<std::pair<Span, std::string>> incompatibility(const Program& p, TraitId trait) {
  std::vector<std::pair<Span, std::string>> why;
  for (TraitId t : trait_closure(p, trait)) {
    const TraitDef& td = p.traits[t];
    if (td.item) {
      for (const auto& b : td.item->supertraits) {
        if (b.is_lifetime || b.maybe || b.trait.segments.empty()) continue;
        const std::string& n = b.trait.segments.back().name.name;
        if (n == "Sized" || n == "Copy" || n == "Clone" || n == "Default") {
          why.push_back({b.span, "...because it requires `Self: Sized`"});
        } else if (n == "PartialEq" || n == "Eq" || n == "PartialOrd" || n == "Ord") {
          why.push_back({b.span, "...because it uses `Self` as a type parameter"});
        }
      }
    }
    for (FnId m : td.methods) {
      const FnDef& f = p.fns[m];
      if (requires_sized(f)) continue;  // (not callable through the object)
      Span name = f.span;
      if (f.self_kind == ast::SelfKind::None) {
        why.push_back({name, fmt::format("...because associated function `{}` has no `self` parameter", f.name)});
        continue;
      }
      if (f.own_generics > 0) {
        why.push_back({name, fmt::format("...because method `{}` has generic type parameters", f.name)});
        continue;
      }
      Span in_param;
      for (size_t i = 0; i < f.params.size() && !in_param.valid(); ++i) {
        if (!mentions_param(p.types, f.params[i].type, td.self_param)) continue;
        bool typed = f.item && i < f.item->fn.params.size() && f.item->fn.params[i].type;
        in_param = typed ? f.item->fn.params[i].type->span : name;
      }
      if (in_param.valid()) {
        why.push_back({in_param, fmt::format("...because method `{}` references the `Self` type in this parameter", f.name)});
      } else if (mentions_param(p.types, f.ret, td.self_param)) {
        Span at = f.item && f.item->fn.ret ? f.item->fn.ret->span : name;
        why.push_back({at, fmt::format("...because method `{}` references the `Self` type in its return type", f.name)});
      }
    }
  }
  return why;
}

void check_use(Context& cx, TraitId trait, Span at) {
  Program& p = cx.prog;
  auto why = incompatibility(p, trait);
  if (why.empty()) {
    if (std::find(p.dyn_traits.begin(), p.dyn_traits.end(), trait) == p.dyn_traits.end()) p.dyn_traits.push_back(trait);
    return;
  }
  auto& d = cx.diags.report(DiagKind::DynIncompatible, at, p.traits[trait].path);
  d.notes.push_back({p.traits[trait].span, "this trait is not dyn compatible..."});
  for (auto& [span, text] : why) d.notes.push_back({span, text});
}

}  // namespace

void check_dyn_compatible(Context& cx) {
  cx.signatures_done = true;
  for (auto& [trait, span] : cx.dyn_uses) check_use(cx, trait, span);
}

TypeId Context::lower_dyn(const ast::Type& t, ModuleId from) {
  auto& T = prog.types;
  const ast::TypeBound* main = nullptr;
  for (const auto& b : t.bounds) {
    if (b.is_lifetime) continue;  // `dyn Trait + 'a`: lifetimes are not checked yet
    if (b.maybe) {
      diags.report(DiagKind::SyntaxError, b.span, "`?Trait` is not permitted in trait object types");
      return T.error();
    }
    // The auto traits (ASR checks sharing across tasks itself, see DESIGN.md section 2).
    const std::string& n = b.trait.segments.empty() ? "" : b.trait.segments.back().name.name;
    if ((n == "Send" || n == "Sync" || n == "Unpin") && b.trait.segments.size() == 1 && !lookup(from, n, Ns::Type)) continue;
    if (main) {
      unsupported(b.span, "trait objects of more than one trait (`dyn A + B`)");
      return T.error();
    }
    main = &b;
  }
  if (!main) {
    diags.report(DiagKind::SyntaxError, t.span, "at least one trait is required for an object type");
    return T.error();
  }
  if (is_fn_trait_bound(*main)) {
    std::optional<FnBound> fb = lower_fn_bound(*main, from);
    if (!fb) return T.error();
    std::vector<TypeId> elems{fb->ret};
    for (TypeId x : fb->params) elems.push_back(x);
    for (TypeId x : elems) {
      if (T.kind(x) == TyKind::Error) return T.error();
      if (T.has_params(x)) {
        unsupported(t.span, "`dyn Fn(..)` whose signature mentions generic parameters");
        return T.error();
      }
    }
    return T.dyn_fn(static_cast<uint8_t>(fb->kind), std::move(elems));
  }
  std::optional<TraitRef> r = resolve_trait(main->trait, from);
  if (!r) return T.error();
  if (r->builtin && (*r->builtin == Trait::Display || *r->builtin == Trait::Debug)) {
    // `dyn Display` / `dyn Debug`: formatted through the vtable (`{}` / `{:?}`).
    TraitId id = *r->builtin == Trait::Display ? prog.display_trait : prog.debug_trait;
    if (id != kNone) {
      if (std::find(prog.dyn_traits.begin(), prog.dyn_traits.end(), id) == prog.dyn_traits.end()) prog.dyn_traits.push_back(id);
      return T.dyn_trait(id);
    }
  }
  if (r->builtin || r->user == kNone) {
    std::string name = describe(main->trait);
    unsupported(t.span, fmt::format("trait objects of std traits (`dyn {}`)", name));
    return T.error();
  }
  const TraitDef& td = prog.traits[r->user];
  if (!td.params.empty()) {
    unsupported(t.span, fmt::format("trait objects of generic traits (`dyn {}<..>`)", td.name));
    return T.error();
  }
  if (!td.assoc_types.empty()) {
    unsupported(t.span, fmt::format("trait objects of traits with associated types (`dyn {}<{} = ..>`)", td.name,
                                    td.assoc_types[0].name));
    return T.error();
  }
  if (!td.lang.empty()) {
    unsupported(t.span, fmt::format("trait objects of std traits (`dyn {}`)", td.name));
    return T.error();
  }
  dyn_uses.push_back({r->user, t.span});
  if (signatures_done) check_use(*this, r->user, t.span);
  return T.dyn_trait(r->user);
}

// ------------------------------------------------------------------ coercions
bool FnChecker::coerce_unsized(TypeId a, TypeId e, Span span, bool report, bool& ok) {
  TypeId from, to;
  bool boxed = false;
  if (T.kind(a) == TyKind::Ref && T.kind(e) == TyKind::Ref) {
    if (!T.ref_mut(a) && T.ref_mut(e)) return false;
    from = shallow(T.pointee(a));
    to = shallow(T.pointee(e));
    // Deref coercion: `&Box<T>` is a `&T` (also on the way to a trait object).
    TypeId inner;
    bool peeled = false;
    while (!p_.is_box(to) && T.kind(to) != TyKind::Var && T.kind(to) != TyKind::Dyn && p_.is_box(from, &inner)) {
      from = shallow(inner);
      peeled = true;
    }
    if (peeled && T.kind(to) != TyKind::Dyn) {
      if (!unify(from, to)) return false;
      p_.coercions[{span.file.index, span.begin, span.end}] = {a, e};
  unsize_spans_.push_back(span);
      ok = true;
      return true;
    }
  } else if (p_.is_box(a, &from) && p_.is_box(e, &to)) {
    from = shallow(from);
    to = shallow(to);
    boxed = true;
  } else {
    return false;
  }
  if (T.kind(to) == TyKind::Dyn && T.kind(from) == TyKind::Dyn && from != to && T.get(to).sub == 0 &&
      p_.dyn_implements(from, T.get(to).id)) {
    cx_.unsupported(span, fmt::format("trait upcasting (`{}` as `{}`)", p_.type_name(from), p_.type_name(to)));
    ok = false;
    return true;
  }
  if (T.kind(to) != TyKind::Dyn || T.kind(from) == TyKind::Dyn) return false;
  // A literal's type is not settled yet: every number is `Display` and `Debug` (`&n` as
  // `&dyn Display` with `let n = 42;`); anything else needs a known type.
  if (T.kind(from) == TyKind::Var) {
    bool number = static_cast<VarKind>(T.get(from).sub) != VarKind::General;
    std::optional<Trait> b = T.get(to).sub == 0 ? p_.traits[T.get(to).id].builtin : std::nullopt;
    if (number && !b && T.get(to).sub == 0) {
      // `Box::new(5)` as a `Box<dyn Shape>`: the number type the trait is implemented for,
      // the literal's default (i32 / f64) first, as rustc's fallback picks.
      bool integer = static_cast<VarKind>(T.get(from).sub) == VarKind::Integer;
      TypeId fallback = integer ? T.int_(IntTy::I32) : T.float_(FloatTy::F64);
      std::vector<TypeId> fits;
      if (p_.implements(fallback, T.get(to).id)) fits.push_back(fallback);
      for (int k = 0; fits.empty() && k <= (integer ? static_cast<int>(IntTy::Usize) : 1); ++k) {
        TypeId c = integer ? T.int_(static_cast<IntTy>(k)) : T.float_(static_cast<FloatTy>(k));
        if (p_.implements(c, T.get(to).id)) fits.push_back(c);
      }
      if (fits.size() == 1) {
        unify(from, fits[0]);
        from = fits[0];
      } else {
        return false;
      }
    } else if (!number || !b || (*b != Trait::Display && *b != Trait::Debug)) {
      return false;
    }
  }
  ok = true;
  if (T.kind(from) == TyKind::Error) return true;
  const TypeData& d = T.get(to);
  std::optional<Trait> builtin = d.sub == 0 ? p_.traits[d.id].builtin : std::nullopt;
  if (d.sub == 0) {
    if (builtin ? !p_.implements(from, *builtin) : !p_.implements(from, d.id)) {
      if (report) {
        std::string ptr = boxed ? "Box<" : "&";
        std::string close = boxed ? ">" : "";
        cx_.diags.report(DiagKind::TraitBound, span, p_.type_name(resolve(from)), p_.traits[d.id].path)
            .notes.push_back({Span{}, fmt::format("required for the cast from `{}{}{}` to `{}{}{}`", ptr,
                                                  p_.type_name(resolve(from)), close, ptr, p_.dyn_name(to), close)});
      }
      ok = false;
      return true;
    }
  } else {
    FnBound want{static_cast<ClosureKind>(d.sub - 1), {}, d.elems[0]};
    for (size_t i = 1; i < d.elems.size(); ++i) want.params.push_back(d.elems[i]);
    std::optional<FnBound> have = callable_sig(from);
    if (!have) {
      if (report) cx_.diags.report(DiagKind::TraitBound, span, p_.type_name(resolve(from)), cx_.fn_bound_text(want));
      ok = false;
      return true;
    }
    if (!satisfies(*have, want, span, report)) {
      ok = false;
      return true;
    }
    // A `Box<dyn Fn>` outside a `let` is `'static` (a field, a parameter, a return value):
    // the closure must own what it captures, as rustc requires (E0373).
    if (boxed && !coerce_in_let_ && T.kind(from) == TyKind::Closure && p_.closures[T.get(from).id].owner == fn_) {
      for (const Capture& c : p_.closures[T.get(from).id].captures) {
        const LocalDef& l = p_.fns[fn_].locals[c.local];
        if (c.mode == CaptureMode::Move) continue;
        if (report) {
          std::string place = l.name;
          for (const std::string& f : c.fields) place += "." + f;
          cx_.diags.report(DiagKind::ClosureOutlives, p_.closures[T.get(from).id].span, place)
              .notes.push_back({Span{}, fmt::format("to force the closure to take ownership of `{}`, use the `move` keyword", place)});
        }
        ok = false;
        return true;
      }
    }
  }
  p_.coercions[{span.file.index, span.begin, span.end}] = {a, e};
  unsize_spans_.push_back(span);
  return true;
}

// `Box<dyn Fn(A) -> R>` expected where `Box::new(|x| ..)` is checked: the closure gets the
// signature (rustc deduces closure signatures through the coercion the same way).
void FnChecker::hint_dyn_fn(TypeId result, TypeId expected) {
  TypeId r = shallow(result), x = shallow(expected);
  TypeId ri, xi;
  if (!p_.is_box(r, &ri) || !p_.is_box(x, &xi)) return;
  ri = shallow(ri);
  xi = shallow(xi);
  if (T.kind(ri) != TyKind::Var || !T.is_dyn_fn(xi)) return;
  const TypeData& d = T.get(xi);
  FnBound b{static_cast<ClosureKind>(d.sub - 1), {}, d.elems[0]};
  for (size_t i = 1; i < d.elems.size(); ++i) b.params.push_back(d.elems[i]);
  dyn_fn_hints_.push_back({ri, std::move(b)});
}

bool FnChecker::binds_dyn(TypeId result, TypeId expected) {
  TypeId r = shallow(result), x = shallow(expected);
  if (T.kind(x) == TyKind::Dyn) return T.kind(r) == TyKind::Var;
  if (T.kind(r) != T.kind(x) || T.get(r).id != T.get(x).id || T.get(r).elems.size() != T.get(x).elems.size()) return false;
  for (size_t i = 0; i < T.get(r).elems.size(); ++i) {
    if (binds_dyn(T.get(r).elems[i], T.get(x).elems[i])) return true;
  }
  return false;
}

bool FnChecker::contains_dyn(TypeId t) const {
  const TypeData& d = T.get(t);
  if (d.kind == TyKind::Dyn) return true;
  for (TypeId e : d.elems) if (contains_dyn(e)) return true;
  return false;
}

}  // namespace asr::sema
