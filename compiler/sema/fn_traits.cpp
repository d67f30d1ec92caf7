// The closure traits in signatures: `F: Fn(A) -> R` bounds (also in `where`), `impl Fn(..)`
// (or any `impl Trait`) as a parameter type, which is an anonymous generic parameter, and
// `-> impl Fn(..)`, an opaque closure type known to callers by its signature only.

#include <fmt/format.h>

#include "sema/context.hpp"

namespace asr::sema {

const char* closure_kind_name(ClosureKind k) {
  switch (k) {
    case ClosureKind::Fn: return "Fn";
    case ClosureKind::FnMut: return "FnMut";
    case ClosureKind::FnOnce: return "FnOnce";
  }
  return "Fn";
}

TypeId Program::place_type(TypeId base, const std::vector<std::string>& fields) const {
  TypeId t = base;
  for (const std::string& f : fields) {
    const TypeData& d = types.get(t);
    if (d.kind == TyKind::Tuple) {
      t = d.elems[std::stoul(f)];
      continue;
    }
    if (d.kind != TyKind::Adt) return types.error();
    const auto& defs = adts[d.id].fields;
    size_t i = 0;
    while (i < defs.size() && defs[i].name != f) ++i;
    if (i == defs.size()) return types.error();
    t = field_type(t, kNone, i);
  }
  return t;
}

std::string Program::closure_name(uint32_t c) const {
  const ClosureDef& cd = closures[c];
  if (cd.expr) return "{closure}";
  std::string s = fmt::format("impl {}(", closure_kind_name(cd.kind));
  for (size_t i = 0; i < cd.params.size(); ++i) s += (i ? ", " : "") + type_name(cd.params[i]);
  s += ")";
  if (!types.is_unit(cd.ret)) s += " -> " + type_name(cd.ret);
  return s;
}

bool Context::is_fn_trait_bound(const ast::TypeBound& b) {
  if (b.is_lifetime || b.trait.segments.empty()) return false;
  const ast::PathSegment& last = b.trait.segments.back();
  const std::string& n = last.name.name;
  if (n != "Fn" && n != "FnMut" && n != "FnOnce") return false;
  if (b.trait.segments.size() > 1) {
    const std::string& root = b.trait.segments[0].name.name;
    if (root != "std" && root != "core") return false;
  }
  return last.generics && last.generics->parenthesized;
}

std::optional<FnBound> Context::lower_fn_bound(const ast::TypeBound& b, ModuleId from) {
  const ast::PathSegment& last = b.trait.segments.back();
  FnBound fb;
  fb.kind = last.name.name == "Fn" ? ClosureKind::Fn : last.name.name == "FnMut" ? ClosureKind::FnMut : ClosureKind::FnOnce;
  for (const auto& in : last.generics->inputs) fb.params.push_back(lower_type(*in, from, kNone));
  fb.ret = last.generics->output ? lower_type(*last.generics->output, from, kNone) : prog.types.unit();
  return fb;
}

std::string Context::fn_bound_text(const FnBound& b) const {
  std::string s = fmt::format("{}(", closure_kind_name(b.kind));
  for (size_t i = 0; i < b.params.size(); ++i) s += (i ? ", " : "") + prog.type_name(b.params[i]);
  s += ")";
  if (!prog.types.is_unit(b.ret)) s += " -> " + prog.type_name(b.ret);
  return s;
}

void Context::add_fn_bound(ParamId param, const ast::TypeBound& b, ModuleId from) {
  std::optional<FnBound> fb = lower_fn_bound(b, from);
  if (!fb) return;
  GenericParamDef& pd = prog.params[param];
  if (pd.fn_bound) {
    unsupported(b.span, fmt::format("more than one closure trait bound on `{}`", pd.name));
    return;
  }
  pd.fn_bound = std::move(*fb);
}

// The bounds of `impl A + B` on the parameter `id`, which is named after them (`impl A + B`).
void Context::add_impl_trait_bounds(ParamId id, const ast::Type& t, ModuleId from) {
  std::string name = "impl ";
  for (const ast::TypeBound& b : t.bounds) {
    if (b.is_lifetime) continue;
    if (is_fn_trait_bound(b)) {
      add_fn_bound(id, b, from);
      if (prog.params[id].fn_bound) name += (name.size() > 5 ? " + " : "") + fn_bound_text(*prog.params[id].fn_bound);
    } else {
      if (std::optional<TraitRef> r = resolve_trait(b.trait, from)) add_trait_bound(id, *r);
      name += (name.size() > 5 ? " + " : "") + describe(b.trait);
    }
  }
  prog.params[id].name = name;
}

TypeId Context::impl_trait_param(FnId fn, const ast::Type& t, ModuleId from) {
  GenericParamDef g;
  g.span = t.span;
  g.anonymous = true;
  prog.params.push_back(std::move(g));
  ParamId id = static_cast<ParamId>(prog.params.size() - 1);
  add_impl_trait_bounds(id, t, from);
  FnDef& f = prog.fns[fn];
  f.generics.push_back(id);
  f.own_generics += 1;
  return prog.types.param(id);
}

TypeId Context::impl_trait_return(FnId fn, const ast::Type& t, ModuleId from) {
  const ast::TypeBound* fn_bound = nullptr;
  for (const auto& b : t.bounds) {
    if (b.is_lifetime) continue;
    if (is_fn_trait_bound(b) && !fn_bound) {
      fn_bound = &b;
      continue;
    }
    if (!fn_bound) continue;  // (`impl Iterator<Item = u32>`: an opaque type, below)
    unsupported(b.span, "`impl Trait` in return position combining a closure trait with other traits");
    return prog.types.error();
  }
  if (!fn_bound) return opaque_return(fn, t, from);
  std::optional<FnBound> fb = lower_fn_bound(*fn_bound, from);
  if (!fb) return prog.types.error();
  bool generic = prog.types.has_params(fb->ret);
  for (TypeId p : fb->params) generic = generic || prog.types.has_params(p);
  // (`compose<A, B, C>(..) -> impl Fn(A) -> C`: an opaque type at the function's generic
  // arguments, callable through its `Fn` bound)
  if (generic) return opaque_return(fn, t, from);
  ClosureDef cd;
  cd.owner = fn;
  cd.params = fb->params;
  cd.ret = fb->ret;
  cd.kind = fb->kind;
  cd.span = t.span;
  prog.closures.push_back(std::move(cd));
  return prog.types.closure(static_cast<uint32_t>(prog.closures.size() - 1));
}

// `-> impl Iterator<Item = u32>`: an opaque type. Callers know it only by its bounds (a
// parameter that belongs to no item's generics); check_fn binds the body's type to it.
TypeId Context::opaque_return(FnId fn, const ast::Type& t, ModuleId from) {
  const FnDef& f = prog.fns[fn];
  if (f.impl != kNone || f.trait != kNone) {
    unsupported(t.span, "`impl Trait` return types of trait methods (other than `impl Fn(..)`)");
    return prog.types.error();
  }
  GenericParamDef g;
  g.span = t.span;
  g.opaque_of = fn;
  prog.params.push_back(std::move(g));
  ParamId id = static_cast<ParamId>(prog.params.size() - 1);
  add_impl_trait_bounds(id, t, from);  // (no closure trait among them: impl_trait_return)
  // With generics, the type depends on them: `evens::<u8>` returns another type than `evens::<i64>`.
  std::vector<TypeId> args;
  for (ParamId q : prog.fns[fn].generics) args.push_back(prog.types.param(q));
  return args.empty() ? prog.types.param(id) : prog.types.opaque(id, std::move(args));
}

}  // namespace asr::sema
