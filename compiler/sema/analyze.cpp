// Item collection: module tree, declarations, `use` imports, struct fields and function
// signatures. Bodies are checked afterwards by check_fn.cpp, once every signature is known.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <utility>

#include "sema/body_items.hpp"
#include "sema/context.hpp"
#include "sema/lifetimes.hpp"
#include "sema/sema.hpp"

namespace asr::sema {

std::string Program::type_name(TypeId t) const {
  const TypeData& d = types.get(t);
  switch (d.kind) {
    case TyKind::Error: return "{error}";
    case TyKind::Never: return "!";
    case TyKind::Bool: return "bool";
    case TyKind::Char: return "char";
    case TyKind::Int: return int_ty_name(static_cast<IntTy>(d.sub));
    case TyKind::Float: return d.sub == 0 ? "f32" : "f64";
    case TyKind::Str: return "str";
    case TyKind::Tuple: {
      std::string s = "(";
      for (size_t i = 0; i < d.elems.size(); ++i) s += (i ? ", " : "") + type_name(d.elems[i]);
      if (d.elems.size() == 1) s += ",";
      return s + ")";
    }
    case TyKind::Ref: return (d.sub ? "&mut " : "&") + type_name(d.elems[0]);
    case TyKind::Array: return fmt::format("[{}; {}]", type_name(d.elems[0]), type_name(d.elems[1]));
    case TyKind::Const: return std::to_string(d.id);
    case TyKind::Slice: return "[" + type_name(d.elems[0]) + "]";
    case TyKind::Adt: {
      if (d.elems.empty()) return adts[d.id].path;
      std::string s = adts[d.id].path + "<";
      for (size_t i = 0; i < d.elems.size(); ++i) s += (i ? ", " : "") + type_name(d.elems[i]);
      return s + ">";
    }
    case TyKind::Param: return params[d.id].name;
    case TyKind::Closure: return closure_name(d.id);
    case TyKind::FnPtr: {
      std::string s = "fn(";
      for (size_t i = 0; i + 1 < d.elems.size(); ++i) s += (i ? ", " : "") + type_name(d.elems[i]);
      s += ")";
      if (!types.is_unit(d.elems.back())) s += " -> " + type_name(d.elems.back());
      return s;
    }
    case TyKind::Dyn: return dyn_name(t);
    case TyKind::Assoc: {
      std::string s = "<" + type_name(d.elems[0]) + " as " + traits[d.id].path;
      if (d.elems.size() > 1) {
        s += "<";
        for (size_t i = 1; i < d.elems.size(); ++i) s += (i > 1 ? ", " : "") + type_name(d.elems[i]);
        s += ">";
      }
      return s + ">::" + traits[d.id].assoc_types[d.sub].name;
    }
    case TyKind::Var:
      switch (static_cast<VarKind>(d.sub)) {
        case VarKind::Integer: return "{integer}";
        case VarKind::Float: return "{float}";
        case VarKind::General: return "_";
      }
  }
  return "?";
}

const char* trait_name(Trait t) {
  switch (t) {
    case Trait::Clone: return "Clone";
    case Trait::Copy: return "Copy";
    case Trait::Debug: return "Debug";
    case Trait::Display: return "Display";
    case Trait::PartialEq: return "PartialEq";
    case Trait::Eq: return "Eq";
    case Trait::PartialOrd: return "PartialOrd";
    case Trait::Ord: return "Ord";
    case Trait::Hash: return "Hash";
    case Trait::Default: return "Default";
  }
  return "?";
}

bool Program::implements(TypeId t, Trait trait) const {
  const TypeData& d = types.get(t);
  switch (d.kind) {
    case TyKind::Error: return true;  // already reported
    case TyKind::Int: case TyKind::Bool: case TyKind::Char: return true;
    case TyKind::Float: return trait != Trait::Eq && trait != Trait::Ord && trait != Trait::Hash;
    case TyKind::Str: return trait != Trait::Copy && trait != Trait::Clone && trait != Trait::Default;
    case TyKind::Ref:
      if (trait == Trait::Default) return types.kind(d.elems[0]) == TyKind::Str || types.kind(d.elems[0]) == TyKind::Slice;  // "", []
      if ((trait == Trait::Copy || trait == Trait::Clone) && d.sub != 0) return false;  // `&mut T`
      if (trait == Trait::Copy || trait == Trait::Clone) return true;
      return implements(d.elems[0], trait);
    case TyKind::Tuple:
      if (d.elems.empty()) return true;
      if (trait == Trait::Display || d.elems.size() > 12) return false;
      for (TypeId e : d.elems) if (!implements(e, trait)) return false;
      return true;
    case TyKind::Adt:
      // A derive on a generic type holds where its arguments implement the trait too.
      if (!adts[d.id].implements(trait)) return false;
      if ((adts[d.id].unconditional >> static_cast<unsigned>(trait)) & 1u) return true;
      for (TypeId e : d.elems) if (!is_const_arg(e) && !implements(e, trait)) return false;
      return true;
    case TyKind::Array:
      // (std implements Default for arrays of up to 32 elements, by macro)
      if (trait == Trait::Default && !(types.array_len(t) && *types.array_len(t) <= 32)) return false;
      return trait != Trait::Display && implements(d.elems[0], trait);
    case TyKind::FnPtr: return trait == Trait::Copy || trait == Trait::Clone;  // (asrc does not compare or print them)
    case TyKind::Slice:  // unsized: no Copy/Clone/Default of its own (`&[T]` has them)
      return trait != Trait::Display && trait != Trait::Copy && trait != Trait::Clone && trait != Trait::Default &&
             implements(d.elems[0], trait);
    case TyKind::Never: return trait != Trait::Default;
    case TyKind::Param: return params[d.id].has(trait);
    case TyKind::Dyn: return dyn_implements(t, trait);
    case TyKind::Assoc: {  // `Self::Key` with `type Key: Ord;`: its declared bounds
      ParamId b = d.sub < traits[d.id].assoc_types.size() ? traits[d.id].assoc_types[d.sub].bounds : kNone;
      return b != kNone && params[b].has(trait);
    }
    case TyKind::Var:
      // Not inferred yet: `{float}` lacks what floats lack; anything else is assumed to (impl
      // selection re-checks the resolved type at the end of the body: FnChecker::finish).
      if (static_cast<VarKind>(d.sub) == VarKind::Float) return trait != Trait::Eq && trait != Trait::Ord && trait != Trait::Hash;
      return true;
    default: return false;
  }
}

ModuleId Context::add_module(std::string name, ModuleId parent, bool is_std) {
  Module m;
  m.name = name;
  m.parent = parent;
  m.is_std = is_std;
  m.path = parent == kNone ? name : prog.modules[parent].path + "::" + name;
  prog.modules.push_back(std::move(m));
  scopes.emplace_back();
  ModuleId id = static_cast<ModuleId>(prog.modules.size() - 1);
  if (parent != kNone) scopes[parent].types[name] = Decl{Decl::Kind::Module, id, {}};
  return id;
}

ModuleId Context::module_by_path(const std::string& path) const {
  for (size_t i = 0; i < prog.modules.size(); ++i) {
    if (prog.modules[i].path == path) return static_cast<ModuleId>(i);
  }
  return kNone;
}

const Decl* Context::lookup(ModuleId m, const std::string& name, Ns ns) const {
  const auto& table = ns == Ns::Type ? scopes[m].types : scopes[m].values;
  auto it = table.find(name);
  if (it == table.end() && prog.modules[m].transparent) return lookup(prog.modules[m].parent, name, ns);
  if (it == table.end()) {
    // The prelude, below every module's own names: `Option`, `Some`, `Result`, `Ok`, ...
    const auto& prelude_table = ns == Ns::Type ? prelude.types : prelude.values;
    auto p = prelude_table.find(name);
    return p == prelude_table.end() ? nullptr : &p->second;
  }
  return &it->second;
}

void Context::build_prelude() {
  if (ModuleId fmt_mod = module_by_path("std::fmt"); fmt_mod != kNone) {
    const auto& types = scopes[fmt_mod].types;
    if (auto it = types.find("Formatter"); it != types.end()) prog.formatter_adt = it->second.id;
    if (auto it = types.find("Error"); it != types.end()) prog.fmt_error_adt = it->second.id;
    if (auto it = types.find("Display"); it != types.end()) prog.display_trait = it->second.id;
    if (auto it = types.find("Debug"); it != types.end()) prog.debug_trait = it->second.id;
  }
  // `From`, `Into`, `AsRef` and `AsMut` are in Rust's prelude too (and, since the 2021
  // edition, `TryFrom` and `TryInto`).
  if (ModuleId conv = module_by_path("std::convert"); conv != kNone) {
    for (const char* name : {"From", "Into", "TryFrom", "TryInto", "AsRef", "AsMut"}) {
      if (auto it = scopes[conv].types.find(name); it != scopes[conv].types.end()) prelude.types[name] = it->second;
    }
  }
  // So are `Iterator` and `IntoIterator` (and, for `v.iter().rev()`, `DoubleEndedIterator`).
  if (ModuleId iter = module_by_path("std::iter"); iter != kNone) {
    for (const char* name : {"Iterator", "IntoIterator", "DoubleEndedIterator", "ExactSizeIterator", "FromIterator", "Extend"}) {
      if (auto it = scopes[iter].types.find(name); it != scopes[iter].types.end()) prelude.types[name] = it->second;
    }
  }
  // `Box` is in Rust's prelude too.
  if (ModuleId boxed = module_by_path("std::boxed"); boxed != kNone) {
    if (auto it = scopes[boxed].types.find("Box"); it != scopes[boxed].types.end()) {
      prelude.types["Box"] = it->second;
      prog.box_adt = it->second.id;
      prog.adts[it->second.id].path = "Box";  // as rustc names it
    }
  }
  // `Vec` too.
  if (ModuleId vec = module_by_path("std::vec"); vec != kNone) {
    if (auto it = scopes[vec].types.find("Vec"); it != scopes[vec].types.end()) {
      prelude.types["Vec"] = it->second;
      prog.vec_adt = it->second.id;
      prog.adts[it->second.id].path = "Vec";  // as rustc names it
    }
  }
  // `String` and `ToString` are in Rust's prelude too.
  if (ModuleId string = module_by_path("std::string"); string != kNone) {
    for (const char* name : {"String", "ToString"}) {
      auto it = scopes[string].types.find(name);
      if (it == scopes[string].types.end()) continue;
      prelude.types[name] = it->second;
      if (it->second.kind == Decl::Kind::Adt) {
        prog.string_adt = it->second.id;
        prog.adts[it->second.id].path = "String";  // as rustc names it
      }
    }
  }
  // `ToOwned` too (`slice.to_owned()`, `v.to_owned()`).
  if (ModuleId borrow = module_by_path("std::borrow"); borrow != kNone) {
    if (auto it = scopes[borrow].types.find("ToOwned"); it != scopes[borrow].types.end()) prelude.types["ToOwned"] = it->second;
  }
  // `Drop` too (`impl Drop for Connection`).
  if (ModuleId ops = module_by_path("std::ops"); ops != kNone) {
    if (auto it = scopes[ops].types.find("Drop"); it != scopes[ops].types.end()) prelude.types["Drop"] = it->second;
  }
  // `drop` (std::mem::drop) is in Rust's prelude too.
  if (ModuleId mem = module_by_path("std::mem"); mem != kNone) {
    if (auto it = scopes[mem].values.find("drop"); it != scopes[mem].values.end()) prelude.values["drop"] = it->second;
  }
  // `use std::option::Option::{self, *}; use std::result::Result::{self, *};` in every module.
  for (const char* path : {"std::option", "std::result"}) {
    ModuleId m = module_by_path(path);
    if (m == kNone) continue;
    for (const auto& [name, d] : scopes[m].types) {
      if (d.kind != Decl::Kind::Adt) continue;
      prelude.types[name] = d;
      if (name == "Option") prog.option_adt = d.id;
      if (name == "Result") prog.result_adt = d.id;
      const ast::Item& item = *prog.adts[d.id].item;  // (variants are collected later)
      for (size_t v = 0; v < item.variants.size(); ++v) {
        Decl vd{Decl::Kind::Variant, d.id, item.variants[v].name.span, static_cast<uint32_t>(v)};
        prelude.values[item.variants[v].name.name] = vd;
        prelude.types[item.variants[v].name.name] = vd;
      }
    }
  }
}

ModuleId Context::real_module(ModuleId m) const {
  while (prog.modules[m].transparent) m = prog.modules[m].parent;
  return m;
}

std::string Context::describe(const ast::Path& p) const {
  std::string s = p.global ? "::" : "";
  for (size_t i = 0; i < p.segments.size(); ++i) s += (i ? "::" : "") + p.segments[i].name.name;
  return s;
}

std::optional<Decl> Context::resolve_path(const ast::Path& path, ModuleId from, Ns ns,
                                          AdtId self_adt, bool report) {
  if (path.qself) {
    if (report) unsupported(path.span, "qualified paths (`<T as Trait>::..`)");
    return std::nullopt;
  }
  ModuleId crate_root = from;
  while (prog.modules[crate_root].parent != kNone) crate_root = prog.modules[crate_root].parent;

  ModuleId cur = from;
  size_t i = 0;
  const auto& segs = path.segments;
  if (!segs.empty() && (segs[0].name.name == "self" || segs[0].name.name == "super")) cur = real_module(from);
  if (segs.empty()) return std::nullopt;
  // (Generic arguments of types and functions are read by the callers: lower_type, check_path.)
  if (path.global) {
    cur = std_root;  // `::std::..`: in edition 2021 a leading `::` names an extern crate
    if (segs[0].name.name != "std") {
      if (report) diags.report(DiagKind::UnresolvedPath, segs[0].name.span, segs[0].name.name, "the crate root");
      return std::nullopt;
    }
    i = 1;
  }
  // Leading keywords.
  while (i < segs.size() - 1 || (i < segs.size() && segs.size() == 1)) {
    const std::string& n = segs[i].name.name;
    if (n == "crate") { cur = crate_root; ++i; }
    else if (n == "self" && i == 0 && segs.size() > 1) { ++i; }
    else if (n == "super") {
      if (prog.modules[cur].parent == kNone) {
        if (report) diags.report(DiagKind::UnresolvedPath, segs[i].name.span, "super", "the crate root");
        return std::nullopt;
      }
      cur = prog.modules[cur].parent;
      ++i;
    } else break;
    if (i >= segs.size()) {
      if (report) diags.report(DiagKind::NotAValue, path.span, "module", describe(path));
      return std::nullopt;
    }
  }
  // Intermediate segments are modules (or `Self` / a struct followed by an associated item).
  bool hidden = false;  // a private segment was reported
  for (; i + 1 < segs.size(); ++i) {
    const std::string& n = segs[i].name.name;
    if (n == "Self" && self_adt != kNone) {
      if (i + 2 != segs.size()) {
        if (report) unsupported(path.span, "associated types");
        return std::nullopt;
      }
      return assoc_decl(self_adt, segs[i + 1].name, ns, report);
    }
    const Decl* d = lookup(cur, n, Ns::Type);
    if (!d && i == 0 && n == "std" && std_root != kNone) {
      cur = std_root;
      continue;
    }
    if (!d) {
      if (report) {
        static const char* prims[] = {"i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32",
                                      "u64", "u128", "usize", "f32", "f64", "bool", "char", "str"};
        bool prim = false;
        for (const char* x : prims) prim = prim || n == x;
        if (i == 0 && prim) unsupported(path.span, fmt::format("associated items of primitive types (`{}`)", describe(path)));
        else if (i == 0 && is_later_std_name(n)) unsupported(segs[i].name.span, fmt::format("`{}`", n));
        else if (i == 0) diags.report(DiagKind::UndeclaredPathRoot, segs[i].name.span,
                                      std::isupper(static_cast<unsigned char>(n[0])) ? "type" : "crate or module", n);
        else diags.report(DiagKind::UnresolvedPath, segs[i].name.span, n, prog.modules[cur].path);
      }
      return std::nullopt;
    }
    // (only the first private segment is reported, as rustc does)
    if (!hidden && !check_visible(*d, from, segs[i].name.span, Ns::Type)) hidden = true;
    if (d->kind == Decl::Kind::Alias) {
      // `Alias::new()`: through the aliased struct or enum.
      TypeId t = alias_type(d->id);
      if (prog.types.kind(t) != TyKind::Adt || i + 2 != segs.size()) {
        if (report && prog.types.kind(t) != TyKind::Error) unsupported(path.span, "paths through this type alias");
        return std::nullopt;
      }
      return assoc_visible(assoc_decl(prog.types.get(t).id, segs[i + 1].name, ns, report), hidden ? kNone : from);
    }
    if (d->kind == Decl::Kind::Adt) {
      if (i + 2 != segs.size()) {
        if (report) unsupported(path.span, "associated types");
        return std::nullopt;
      }
      return assoc_visible(assoc_decl(d->id, segs[i + 1].name, ns, report), hidden ? kNone : from);
    }
    if (d->kind == Decl::Kind::Trait && i + 2 == segs.size() && ns == Ns::Value) {
      // `Shape::area(&c)`: the trait's method; `Self` comes from the arguments.
      for (FnId f : prog.traits[d->id].methods) {
        if (prog.fns[f].name != segs[i + 1].name.name) continue;
        return Decl{Decl::Kind::Fn, f, segs[i + 1].name.span};
      }
      if (report) diags.report(DiagKind::NoAssociatedItem, segs[i + 1].name.span, segs[i + 1].name.name, prog.traits[d->id].path);
      return std::nullopt;
    }
    if (d->kind != Decl::Kind::Module) {
      if (report) diags.report(DiagKind::UnresolvedPath, segs[i].name.span, n, prog.modules[cur].path);
      return std::nullopt;
    }
    if (segs[i].generics && !lifetimes_only(*segs[i].generics)) {
      if (report) diags.report(DiagKind::SyntaxError, segs[i].generics->span, "type arguments are not allowed on modules");
      return std::nullopt;
    }
    cur = d->id;
  }
  const auto& last = segs.back();
  const Decl* d = lookup(cur, last.name.name, ns);
  if (!d && ns == Ns::Type && last.name.name == "Self" && self_adt != kNone) {
    return Decl{Decl::Kind::Adt, self_adt, last.name.span};
  }
  if (!d && ns == Ns::Type && segs.size() == 1 && last.name.name == "std" && std_root != kNone) {
    return Decl{Decl::Kind::Module, std_root, last.name.span};
  }
  if (!d && report) {
    const char* what = ns == Ns::Type ? "type" : "value";
    if (segs.size() == 1) {
      if (ns == Ns::Type && outer_generic(from, last.name.name)) diags.report(DiagKind::OuterGeneric, last.name.span);
      else diags.report(DiagKind::UnresolvedName, last.name.span, what, last.name.name);
    } else {
      diags.report(DiagKind::UnresolvedPath, last.name.span, last.name.name, prog.modules[cur].path);
    }
  }
  if (!d) return std::nullopt;
  if (!hidden && check_visible(*d, from, last.name.span, ns) && ns == Ns::Value && d->kind == Decl::Kind::Adt) {
    check_ctor_visible(d->id, from, last.name.span);
  }
  return *d;
}

// `Type::name`: an enum's variant (in both namespaces), or an associated function.
std::optional<Decl> Context::assoc_decl(AdtId adt, const ast::Ident& name, Ns ns, bool report) {
  const AdtDef& ad = prog.adts[adt];
  for (size_t v = 0; v < ad.variants.size(); ++v) {
    if (ad.variants[v].name == name.name) {
      return Decl{Decl::Kind::Variant, adt, name.span, static_cast<uint32_t>(v)};
    }
  }
  if (auto c = ad.assoc_consts.find(name.name); c != ad.assoc_consts.end() && ns == Ns::Value) {
    return Decl{Decl::Kind::Const, c->second, name.span};
  }
  auto it = ad.assoc.find(name.name);
  if (it == ad.assoc.end() && name.name == "default" && ns == Ns::Value && ad.implements(Trait::Default) &&
      prog.hand_written(Trait::Default, prog.types.adt(adt)) == kNone) {
    return Decl{Decl::Kind::DefaultFn, adt, name.span};
  }
  if (it == ad.assoc.end() && ns == Ns::Value) {
    // A function of a trait the type implements (`Circle::name()`), or one of its constants.
    TypeId self = prog.types.adt(adt);
    for (const ImplDef& im : prog.impls) {
      if (im.self_type != self) continue;
      const TraitDef& td = prog.traits[im.trait];
      for (size_t k = 0; k < td.consts.size() && k < im.consts.size(); ++k) {
        if (td.consts[k].name == name.name && im.consts[k] != kNone) return Decl{Decl::Kind::Const, im.consts[k], name.span};
      }
    }
    for (const ImplDef& im : prog.impls) {
      // (std's blanket impls, `impl<T> From<T> for T`, apply to every type)
      bool blanket = prog.types.kind(im.self_type) == TyKind::Param && prog.find_impl(im.trait, self) != kNone;
      // (a generic type's impls name it with the impl's parameters: `impl<T> FromIterator<T>
      // for HashSet<T>` gives `HashSet::from_iter`)
      bool generic = !ad.generics.empty() && prog.types.kind(im.self_type) == TyKind::Adt &&
                     prog.types.get(im.self_type).id == adt;
      if (im.self_type != self && !blanket && !generic) continue;
      for (FnId f : prog.traits[im.trait].methods) {
        if (prog.fns[f].name != name.name) continue;
        Decl d{Decl::Kind::Fn, f, name.span};
        d.self_type = self;
        d.via_type = true;
        return d;
      }
    }
  }
  if (it == ad.assoc.end() && ns == Ns::Value && adt == prog.string_adt && report) {
    // std's `String` functions that need `Vec` or iterators (the collections issue).
    for (const char* later : {"from_utf8", "from_utf8_lossy", "from_utf16", "from_utf16_lossy", "from_iter", "from_utf8_unchecked"}) {
      if (name.name != later) continue;
      unsupported(name.span, fmt::format("`String::{}`", later));
      return std::nullopt;
    }
  }
  if (it == ad.assoc.end() || ns != Ns::Value) {
    if (report) {
      if (ad.is_enum) diags.report(DiagKind::NoVariant, name.span, name.name, ad.path);
      else diags.report(DiagKind::NoAssociatedItem, name.span, name.name, ad.path);
    }
    return std::nullopt;
  }
  return Decl{Decl::Kind::Fn, it->second, name.span};
}

// Lifetimes are parsed and not checked (there is no borrow checker yet): a generic list
// of lifetimes only is accepted and ignored.
bool has_type_params(const ast::Generics& g) {
  for (const auto& p : g.params) if (p.kind != ast::GenericParamKind::Lifetime) return true;
  for (const auto& w : g.where) if (w.bounded) return true;
  return false;
}

bool lifetimes_only(const ast::GenericArgs& a) {
  if (a.parenthesized) return false;
  for (const auto& arg : a.args) if (arg.kind != ast::GenericArgKind::Lifetime) return false;
  return true;
}

bool is_later_std_name(const std::string& n) {
  // Prelude and common std names that later issues implement: named in the diagnostic.
  static const char* names[] = {"String", "HashMap", "HashSet", "VecDeque", "BTreeMap", "BTreeSet",
                                "BinaryHeap", "Rc", "Arc", "RefCell", "Cell", "Mutex", "RwLock"};
  for (const char* x : names) if (n == x) return true;
  return false;
}

TypeId Context::lower_type(const ast::Type& t, ModuleId from, AdtId self_adt) {
  auto& T = prog.types;
  bool may_be_unsized = unsized_ok;  // (set by the enclosing `&` or `Box<..>` only)
  unsized_ok = false;
  bool may_be_const = std::exchange(const_param_ok, false);
  if (t.kind == ast::TypeKind::DynTrait && !may_be_unsized) {
    TypeId d = lower_dyn(t, from);
    if (T.kind(d) == TyKind::Dyn) {
      diags.report(DiagKind::SyntaxError, t.span,
                   fmt::format("the size for values of type `{}` cannot be known at compilation time", prog.type_name(d)))
          .notes.push_back({Span{}, "a trait object lives behind a pointer: `&dyn ..`, `&mut dyn ..` or `Box<dyn ..>`"});
    }
    return T.error();
  }
  if (t.kind == ast::TypeKind::Paren) unsized_ok = may_be_unsized;
  switch (t.kind) {
    case ast::TypeKind::Paren:
      return lower_type(*t.elem, from, self_adt);
    case ast::TypeKind::Tuple: {
      if (t.elems.size() > 12) {
        unsupported(t.span, "tuples of more than 12 elements");
        return T.error();
      }
      std::vector<TypeId> elems;
      for (const auto& e : t.elems) elems.push_back(lower_type(*e, from, self_adt));
      return T.tuple(std::move(elems));
    }
    case ast::TypeKind::Never:
      return T.never();
    case ast::TypeKind::Ref: {
      if (t.elem->kind == ast::TypeKind::Slice) {  // `&[T]` / `&mut [T]`
        TypeId elem = lower_type(*t.elem->elem, from, self_adt);
        if (T.kind(elem) == TyKind::Error) return elem;
        return T.ref(T.slice(elem), t.is_mut);
      }
      unsized_ok = true;  // `&dyn Trait`
      TypeId inner = lower_type(*t.elem, from, self_adt);
      return T.ref(inner, t.is_mut);
    }
    case ast::TypeKind::Path: {
      const ast::Path& p = t.path;
      if (std::optional<TypeId> a = assoc_type_path(p, from, self_adt)) return *a;
      if (p.segments.size() == 1 && !p.global && !p.qself && !p.segments[0].generics) {
        const std::string& n = p.segments[0].name.name;
        for (auto it = env.params.rbegin(); it != env.params.rend(); ++it) {
          if (it->first != n) continue;
          if (T.kind(it->second) == TyKind::Param && prog.params[T.get(it->second).id].is_const && !may_be_const) {
            diags.report(DiagKind::NotAType, t.span, "const parameter", n);
            return T.error();
          }
          return it->second;
        }
        if (n == "Self" && env.self_type) return *env.self_type;
      }
      if (p.segments.size() == 1 && !p.global && is_later_std_name(p.segments[0].name.name) &&
          !lookup(from, p.segments[0].name.name, Ns::Type)) {
        unsupported(t.span, fmt::format("the type `{}`", p.segments[0].name.name));
        return T.error();
      }
      if (p.segments.size() == 1 && !p.global && !p.segments[0].generics) {
        static const std::pair<const char*, IntTy> ints[] = {
            {"i8", IntTy::I8},   {"i16", IntTy::I16}, {"i32", IntTy::I32},   {"i64", IntTy::I64},
            {"i128", IntTy::I128}, {"isize", IntTy::Isize}, {"u8", IntTy::U8}, {"u16", IntTy::U16},
            {"u32", IntTy::U32}, {"u64", IntTy::U64}, {"u128", IntTy::U128}, {"usize", IntTy::Usize}};
        const std::string& n = p.segments[0].name.name;
        // Primitive names can be shadowed by user types, as in Rust.
        if (!lookup(from, n, Ns::Type)) {
          for (auto& [name, ty] : ints) if (n == name) return T.int_(ty);
          if (n == "f32") return T.float_(FloatTy::F32);
          if (n == "f64") return T.float_(FloatTy::F64);
          if (n == "bool") return T.bool_();
          if (n == "char") return T.char_();
          if (n == "str") return T.str();
        }
      }
      std::optional<Decl> d = resolve_path(p, from, Ns::Type, self_adt);
      if (!d) return T.error();
      if (d->kind == Decl::Kind::Alias) {
        TypeId aliased = alias_type(d->id);
        const std::vector<ParamId>& params = aliases[d->id].params;
        std::vector<TypeId> args;
        const ast::GenericArgs* ga = p.segments.back().generics.get();
        for (size_t k = 0; ga && k < ga->args.size(); ++k) {
          const ast::GenericArg& a = ga->args[k];
          if (a.kind == ast::GenericArgKind::Lifetime) continue;
          if (a.kind != ast::GenericArgKind::Type && a.kind != ast::GenericArgKind::Const) {
            unsupported(a.span, "this kind of generic argument");
            return T.error();
          }
          args.push_back(lower_generic_arg(a, from, self_adt));
        }
        if (args.empty() && !params.empty()) {
          diags.report(DiagKind::MissingGenerics, p.span, "type alias", aliases[d->id].item->name.name);
          return T.error();
        }
        if (args.size() != params.size()) {
          size_t n = params.size();
          diags.report(DiagKind::WrongTypeArgCount, ga ? ga->span : p.span, "type alias", n, n == 1 ? "" : "s", args.size(),
                       args.size() == 1 ? "" : "s", args.size() == 1 ? "was" : "were");
          return T.error();
        }
        if (params.empty()) return aliased;
        if (!generic_arg_kinds_ok(params, args, ga->span)) return T.error();
        TypeTable::Subst s;
        for (size_t k = 0; k < params.size(); ++k) s.push_back({params[k], args[k]});
        return T.subst(aliased, s);
      }
      if (d->kind != Decl::Kind::Adt) {
        diags.report(DiagKind::NotAType, p.span, d->kind == Decl::Kind::Trait ? "trait" : "module", describe(p));
        return T.error();
      }
      std::vector<TypeId> args;
      const ast::GenericArgs* ga = p.segments.back().generics.get();
      if (ga && !lifetimes_only(*ga)) {
        for (const auto& a : ga->args) {
          unsized_ok = d->id == prog.box_adt;  // `Box<dyn Trait>`
          if (a.kind == ast::GenericArgKind::Type || a.kind == ast::GenericArgKind::Const) {
            args.push_back(lower_generic_arg(a, from, self_adt));
          } else if (a.kind != ast::GenericArgKind::Lifetime) {
            unsupported(a.span, "this kind of generic argument");
          }
        }
      }
      const AdtDef& ad = prog.adts[d->id];
      if (p.segments.back().name.name == "Self" && args.empty() && !ad.generics.empty()) {
        for (ParamId g : ad.generics) args.push_back(T.param(g));  // `Self` inside the type's own items
      }
      if (!args.empty() && args.size() < ad.generics.size() && ad.defaults.size() == ad.generics.size()) {
        // `ControlFlow<i32>`: the missing arguments are the (std) type's defaults, which may
        // mention the parameters before them.
        TypeTable::Subst s;
        for (size_t k = 0; k < args.size(); ++k) s.push_back({ad.generics[k], args[k]});
        while (args.size() < ad.generics.size() && ad.defaults[args.size()]) {
          args.push_back(T.subst(*ad.defaults[args.size()], s));
          s.push_back({ad.generics[args.size() - 1], args.back()});
        }
      }
      if (args.size() != ad.generics.size()) {
        size_t n = ad.generics.size();
        diags.report(DiagKind::WrongTypeArgCount, p.span, fmt::format("{} `{}`", ad.is_enum ? "enum" : "struct", ad.path), n,
                     n == 1 ? "" : "s", args.size(), args.size() == 1 ? "" : "s", args.size() == 1 ? "was" : "were");
        return T.error();
      }
      if (!generic_arg_kinds_ok(ad.generics, args, p.span)) return T.error();
      return T.adt(d->id, std::move(args));
    }
    case ast::TypeKind::Slice: {
      // `[T]` by value: only references to it (`&[T]`, lowered in the Ref case) are sized; an
      // impl's self type may be it (`impl Tagged for [T]`).
      TypeId elem = lower_type(*t.elem, from, self_adt);
      if (may_be_unsized && T.kind(elem) != TyKind::Error) return T.slice(elem);
      if (T.kind(elem) != TyKind::Error) diags.report(DiagKind::UnsizedType, t.span, "[" + prog.type_name(elem) + "]");
      return T.error();
    }
    case ast::TypeKind::Array: {
      TypeId elem = lower_type(*t.elem, from, self_adt);
      std::optional<TypeId> n = array_len_type(*t.len, from);
      if (!n) return T.error();
      return T.array_of(elem, *n);
    }
    case ast::TypeKind::RawPtr: diags.report(DiagKind::NotInAsr, t.span, "raw pointer types"); return T.error();
    case ast::TypeKind::Infer:
      if (placeholder_var) return placeholder_var();
      diags.report(DiagKind::PlaceholderInSignature, t.span);
      return T.error();
    case ast::TypeKind::FnPtr: {  // `fn(i32, &str) -> bool`
      std::vector<TypeId> params;
      for (const auto& p : t.elems) params.push_back(lower_type(*p, from, self_adt));
      TypeId ret = t.ret ? lower_type(*t.ret, from, self_adt) : T.unit();
      return T.fn_ptr(std::move(params), ret);
    }
    case ast::TypeKind::ImplTrait: unsupported(t.span, "`impl Trait` types"); return T.error();
    case ast::TypeKind::DynTrait: return lower_dyn(t, from);
  }
  return T.error();
}

TypeId Context::alias_type(uint32_t a) {
  AliasDef& al = aliases[a];
  if (al.state == AliasDef::State::Done) return al.type;
  if (al.state == AliasDef::State::Resolving) {
    diags.report(DiagKind::ConstCycle, al.item->name.span, "type alias", al.item->name.name);
    al.state = AliasDef::State::Done;
    al.type = prog.types.error();
    return al.type;
  }
  al.state = AliasDef::State::Resolving;
  TypeEnv saved = std::move(env);  // (the alias is read in its own module, with its own generics)
  env = {};
  auto saved_placeholder = std::exchange(placeholder_var, nullptr);  // (an alias is an item: no `_`)
  for (ParamId q : al.params) env.params.push_back({prog.params[q].name, prog.types.param(q)});
  TypeId t = lower_type(*aliases[a].item->type, aliases[a].module, kNone);
  env = std::move(saved);
  placeholder_var = std::move(saved_placeholder);
  if (al.state == AliasDef::State::Resolving) {
    al.type = t;
    al.state = AliasDef::State::Done;
  }
  return al.type;
}

// An array length or const argument without its parentheses and braces (`(N)`, `{ N }`).
static const ast::Expr* length_operand(const ast::Expr& e) {
  const ast::Expr* x = &e;
  while (x->kind == ast::ExprKind::Paren || (x->kind == ast::ExprKind::Block && x->block->stmts.empty() && x->block->tail)) {
    x = x->kind == ast::ExprKind::Paren ? x->operand.get() : x->block->tail.get();
  }
  return x;
}

std::optional<TypeId> Context::array_len_type(const ast::Expr& e, ModuleId from) {
  const ast::Expr* x = length_operand(e);
  if (x->kind == ast::ExprKind::Path && x->path.segments.size() == 1 && !x->path.global && !x->path.qself &&
      !x->path.segments[0].generics) {
    for (auto it = env.params.rbegin(); it != env.params.rend(); ++it) {
      if (it->first != x->path.segments[0].name.name) continue;
      if (prog.types.kind(it->second) == TyKind::Param && prog.params[prog.types.get(it->second).id].is_const) return it->second;
      break;
    }
  }
  std::optional<uint64_t> n = array_len(*x, from);
  if (!n) return std::nullopt;
  return prog.types.const_(static_cast<uint32_t>(*n));
}

TypeId Context::lower_generic_arg(const ast::GenericArg& a, ModuleId from, AdtId self_adt) {
  if (a.kind == ast::GenericArgKind::Const) {
    std::optional<TypeId> n = a.value ? array_len_type(*a.value, from) : std::nullopt;
    return n ? *n : prog.types.error();
  }
  if (!a.type) return prog.types.error();
  if (a.type->kind == ast::TypeKind::Path) const_param_ok = true;  // (`IntoIter<T, N>`)
  TypeId t = lower_type(*a.type, from, self_adt);
  const_param_ok = false;
  return t;
}

bool Context::generic_arg_kinds_ok(const std::vector<ParamId>& params, const std::vector<TypeId>& args, Span span) {
  auto& T = prog.types;
  for (size_t i = 0; i < params.size() && i < args.size(); ++i) {
    const TypeData& d = T.get(args[i]);
    if (d.kind == TyKind::Error || d.kind == TyKind::Var) continue;
    bool is_const = d.kind == TyKind::Const || (d.kind == TyKind::Param && prog.params[d.id].is_const);
    if (is_const == prog.params[params[i]].is_const) continue;
    diags.report(DiagKind::GenericArgKind, span, is_const ? "constant" : "type", is_const ? "type" : "constant");
    return false;
  }
  return true;
}

static bool calls_something(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Call || e.kind == ast::ExprKind::MethodCall || e.kind == ast::ExprKind::MacroCall) return true;
  for (const ast::Expr* c : {e.operand.get(), e.lhs.get(), e.rhs.get()}) {
    if (c && calls_something(*c)) return true;
  }
  return false;
}

// `[0u8; cells(4)]`: a length that calls a const fn is a hidden `usize` constant, checked and
// evaluated like one (once per expression).
std::optional<uint64_t> Context::length_const(const ast::Expr& x, ModuleId from) {
  uint32_t c;
  if (auto it = length_consts.find(&x); it != length_consts.end()) {
    c = it->second;
  } else {
    ConstDef d;
    d.name = "{constant}";
    d.path = "{constant}";
    d.module = from;
    d.init = &x;
    d.type = prog.types.int_(IntTy::Usize);
    d.span = x.span;
    FnDef f;
    f.name = d.name;
    f.path = d.path;
    f.module = from;
    f.span = x.span;
    f.ret = d.type;
    f.sig_done = true;
    prog.fns.push_back(std::move(f));
    d.checker = static_cast<FnId>(prog.fns.size() - 1);
    prog.consts.push_back(std::move(d));
    c = static_cast<uint32_t>(prog.consts.size() - 1);
    length_consts[&x] = c;
  }
  if (const_fn_signatures) const_fn_signatures();
  const ConstValue* v = eval_const(*this, c);
  if (!v) return std::nullopt;
  if (v->bits > 100000000) {
    unsupported(x.span, "arrays of more than 100,000,000 elements");
    return std::nullopt;
  }
  return static_cast<uint64_t>(v->bits);
}

// The length of an array type or repeat expression: an integer literal or a `usize`
// constant (evaluated), reported otherwise.
std::optional<uint64_t> Context::array_len(const ast::Expr& e, ModuleId from) {
  const ast::Expr* x = length_operand(e);
  if (calls_something(*x)) return length_const(*x, from);
  if (x->kind == ast::ExprKind::Lit && x->lit.kind == ast::LitKind::Int &&
      (x->lit.suffix.empty() || x->lit.suffix == "usize")) {
    unsigned __int128 v = x->lit.int_value;
    if (x->lit.int_overflow || v > 100000000) {
      unsupported(x->span, "arrays of more than 100,000,000 elements");
      return std::nullopt;
    }
    return static_cast<uint64_t>(v);
  }
  if (x->kind == ast::ExprKind::Path) {
    std::optional<Decl> d = resolve_path(x->path, from, Ns::Value, kNone);
    if (!d) return std::nullopt;
    if (d->kind == Decl::Kind::Const) {
      uint32_t c = d->id;
      // Array lengths are needed while signatures are collected: check the constant now.
      if (prog.types.kind(prog.consts[c].type) == TyKind::Int && prog.types.int_ty(prog.consts[c].type) == IntTy::Usize) {
        if (!prog.consts[c].checked && const_fn_signatures) const_fn_signatures();
        if (!prog.consts[c].checked) check_const(*this, c);
        if (const ConstValue* v = eval_const(*this, c)) {
          if (v->bits > 100000000) {
            unsupported(x->span, "arrays of more than 100,000,000 elements");
            return std::nullopt;
          }
          return static_cast<uint64_t>(v->bits);
        }
        return std::nullopt;
      }
      diags.report(DiagKind::MismatchedTypes, x->span, "`usize`", "`" + prog.type_name(prog.consts[c].type) + "`");
      return std::nullopt;
    }
  }
  // `N + 1`, `2 * N`, `N / 2`: arithmetic on lengths, evaluated like rustc (no overflow).
  if (x->kind == ast::ExprKind::Binary && (x->binop == ast::BinOp::Add || x->binop == ast::BinOp::Sub ||
                                           x->binop == ast::BinOp::Mul || x->binop == ast::BinOp::Div)) {
    std::optional<uint64_t> a = array_len(*x->lhs, from);
    if (!a) return std::nullopt;
    std::optional<uint64_t> b = array_len(*x->rhs, from);
    if (!b) return std::nullopt;
    uint64_t r = 0;
    bool bad = x->binop == ast::BinOp::Add   ? __builtin_add_overflow(*a, *b, &r)
               : x->binop == ast::BinOp::Sub ? __builtin_sub_overflow(*a, *b, &r)
               : x->binop == ast::BinOp::Mul ? __builtin_mul_overflow(*a, *b, &r)
                                             : (*b == 0 || ((r = *a / *b), false));
    if (!bad && r <= 100000000) return r;
  }
  unsupported(x->span, "array lengths other than integer literals and `usize` constants");
  return std::nullopt;
}

namespace {

const ast::Attr* find_attr(const std::vector<ast::Attr>& attrs, std::string_view a, std::string_view b = {}) {
  for (const auto& at : attrs) {
    const auto& segs = at.path.segments;
    if (b.empty() && segs.size() == 1 && segs[0].name.name == a) return &at;
    if (!b.empty() && segs.size() == 2 && segs[0].name.name == a && segs[1].name.name == b) return &at;
  }
  return nullptr;
}

std::string attr_string(const ast::Attr& at) {
  if (at.str_value) return *at.str_value;
  return at.args;
}

// Walks the AST items of every crate, declaring names, then fills in signatures.
class Collector {
  struct ImplRef { const ast::Item* item; ModuleId module; bool is_std; };

 public:
  Collector(Context& cx) : cx_(cx), p_(cx.prog) {}

  void declare_items(const std::vector<ast::P<ast::Item>>& items, ModuleId m, bool is_std) {
    for (const auto& it : items) declare(*it, m, is_std);
  }

  void resolve_uses() {
    // Imports may refer to other imports: iterate to a fixpoint, then report the rest.
    bool progress = true;
    while (progress) {
      progress = false;
      for (ModuleId m = 0; m < cx_.scopes.size(); ++m) {
        auto& uses = cx_.scopes[m].uses;
        for (size_t i = 0; i < uses.size();) {
          if (try_use(m, uses[i], false)) {
            uses.erase(uses.begin() + static_cast<long>(i));
            progress = true;
          } else {
            ++i;
          }
        }
      }
    }
    for (ModuleId m = 0; m < cx_.scopes.size(); ++m) {
      for (auto& u : cx_.scopes[m].uses) try_use(m, u, true);
      cx_.scopes[m].uses.clear();
    }
  }

  void signatures() {
    // An array length in a type may call a const fn (`[u8; cells(4)]`, or a constant whose
    // initializer does): their signatures are lowered first, when that happens.
    bool const_sigs = false;
    cx_.const_fn_signatures = [this, const_sigs]() mutable {
      if (const_sigs) return;
      const_sigs = true;
      Context::TypeEnv env = std::move(cx_.env);
      bool unsized_ok = cx_.unsized_ok, const_param_ok = cx_.const_param_ok;
      cx_.unsized_ok = cx_.const_param_ok = false;
      for (auto& pf : pending_fns_) {
        if (p_.fns[pf.fn].is_const) fn_signature(pf.fn);
      }
      cx_.env = std::move(env);
      cx_.unsized_ok = unsized_ok;
      cx_.const_param_ok = const_param_ok;
    };
    // Constants first: array lengths in field and parameter types may name them.
    // (by index: a type's array length may add a hidden constant)
    for (size_t i = 0; i < p_.consts.size(); ++i) {
      if (!p_.consts[i].item) continue;  // (hidden: a `usize`)
      const ast::Item& item = *p_.consts[i].item;
      TypeId t = p_.types.error();
      if (!item.type) {
        cx_.diags.report(DiagKind::SyntaxError, item.span, fmt::format("missing type for `{}` item", p_.consts[i].is_static ? "static" : "const"));
      } else {
        t = cx_.lower_type(*item.type, p_.consts[i].module, p_.consts[i].owner);
      }
      p_.consts[i].type = t;
      p_.fns[p_.consts[i].checker].ret = t;
    }
    trait_bounds();
    for (ImplId i : p_.user_impls) {
      if (p_.traits[p_.impls[i].trait].lang == "drop" && !p_.modules[p_.impls[i].module].is_std) check_drop_bounds(i);
    }
    // `type Item = I::Item;` in `impl<I: Iterator> ..`: after the impl's bounds.
    for (ImplId i : p_.user_impls) impl_assoc_types(i);
    for (TraitId t = 0; t < p_.traits.size(); ++t) {
      TraitDef& td = p_.traits[t];
      if (td.consts.empty()) continue;
      cx_.env = {};
      cx_.env.self_type = p_.types.param(td.self_param);
      for (ParamId q : td.params) cx_.env.params.push_back({p_.params[q].name, p_.types.param(q)});
      for (auto& c : td.consts) c.type = cx_.lower_type(*c.item->type, td.module, kNone);
      cx_.env = {};
    }
    for (auto& [item, sid] : struct_items_) struct_fields(*item, sid);
    for (auto& [item, id] : enum_items_) enum_variants(*item, id);
    check_infinite_size();
    check_derives();
    // (a `const` is a new value at each use, dropped there; a `static` is never dropped: the
    // C++ constants are neither)
    for (const ConstDef& cd : p_.consts) {
      if (cd.item && !p_.modules[cd.module].is_std && p_.needs_drop(cd.type)) {
        cx_.unsupported(cd.item->span, fmt::format("a `{}` of a type with an `impl Drop` (`{}`)", cd.is_static ? "static" : "const",
                                                   p_.type_name(cd.type)));
      }
    }
    for (auto& pf : pending_fns_) fn_signature(pf.fn);
    cx_.const_fn_signatures = nullptr;
  }

 private:
  // ------------------------------------------------------------------ traits and generics
  TraitId new_trait(const ast::Item& item, ModuleId m, bool is_std) {
    TraitDef t;
    t.name = item.name.name;
    std::string prefix = module_prefix(m);
    t.path = prefix.empty() ? t.name : prefix + "::" + t.name;
    t.module = m;
    t.item = &item;
    t.span = item.name.span;
    if (const ast::Attr* b = is_std ? find_attr(item.attrs, "asr", "builtin") : nullptr) {
      for (unsigned k = 0; k < 10; ++k) {
        if (attr_string(*b) == trait_name(static_cast<Trait>(k))) t.builtin = static_cast<Trait>(k);
      }
      if (t.builtin) p_.builtin_decls[static_cast<unsigned>(*t.builtin)] = static_cast<TraitId>(p_.traits.size());
    }
    if (const ast::Attr* l = is_std ? find_attr(item.attrs, "asr", "lang") : nullptr) t.lang = attr_string(*l);
    t.inherent = is_std && find_attr(item.attrs, "asr", "inherent") != nullptr;
    if (item.is_unsafe) cx_.diags.report(DiagKind::NotInAsr, item.span, "`unsafe`");
    TraitId id = static_cast<TraitId>(p_.traits.size());
    t.self_param = new_param("Self", item.name.span);
    p_.params[t.self_param].is_self = true;
    // `trait Add<Rhs = Self>`: the defaults are lowered once every type is known (trait_bounds).
    t.params = declare_generics(item.generics, m, /*allow_defaults=*/true);
    for (const auto& gp : item.generics.params) {
      if (gp.kind != ast::GenericParamKind::Type) continue;
      if (gp.default_type) pending_defaults_.push_back({id, t.defaults.size(), gp.default_type.get(), m});
      t.defaults.push_back(std::nullopt);
    }
    p_.traits.push_back(std::move(t));
    if (!is_std) p_.user_traits.push_back(id);
    std::vector<ParamId> method_generics{p_.traits[id].self_param};
    for (ParamId q : p_.traits[id].params) method_generics.push_back(q);
    for (const auto& member : item.items) {
      if (member->kind == ast::ItemKind::TypeAlias) {
        assoc_type_decl(id, *member);
        continue;
      }
      if (member->kind == ast::ItemKind::Const) {
        bool dup = false;
        for (const auto& c : p_.traits[id].consts) dup = dup || c.name == member->name.name;
        for (FnId f : p_.traits[id].methods) dup = dup || p_.fns[f].name == member->name.name;
        if (dup) {
          cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
          continue;
        }
        if (!member->type) {
          cx_.diags.report(DiagKind::SyntaxError, member->span, "missing type for `const` item");
          continue;
        }
        p_.traits[id].consts.push_back({member->name.name, member.get(), p_.types.error(), member->name.span});
        continue;
      }
      if (member->kind != ast::ItemKind::Fn) {
        cx_.unsupported(member->span, "this item in a trait");
        continue;
      }
      bool dup = false;
      for (const auto& c : p_.traits[id].consts) dup = dup || c.name == member->name.name;
      for (FnId f : p_.traits[id].methods) dup = dup || p_.fns[f].name == member->name.name;
      if (dup) {
        cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
        continue;
      }
      FnId f = new_fn(*member, m, kNone, is_std, /*needs_body=*/false, method_generics);
      FnDef& fd = p_.fns[f];
      if (fd.is_const) cx_.diags.report(DiagKind::ConstFnInTrait, member->span, "traits");  // (E0379)
      fd.is_const = false;
      fd.trait = id;
      fd.self_type = p_.types.param(p_.traits[id].self_param);
      fd.path = p_.traits[id].path + "::" + fd.name;
      p_.traits[id].methods.push_back(f);
    }
    return id;
  }

  // `type Item;` in a trait (bounds and defaults on it are not supported yet).
  void assoc_type_decl(TraitId id, const ast::Item& member) {
    TraitDef& td = p_.traits[id];
    for (const auto& a : td.assoc_types) {
      if (a.name == member.name.name) {
        cx_.diags.report(DiagKind::DuplicateDefinition, member.name.span, member.name.name);
        return;
      }
    }
    for (FnId f : td.methods) {
      if (p_.fns[f].name == member.name.name) cx_.diags.report(DiagKind::DuplicateDefinition, member.name.span, member.name.name);
    }
    if (member.type) cx_.unsupported(member.type->span, "defaults of associated types");
    if (has_type_params(member.generics)) cx_.unsupported(member.generics.span, "generic associated types");
    td.assoc_types.push_back({member.name.name, member.name.span});
    bool bounded = false;
    for (const auto& b : member.bounds) bounded = bounded || (!b.is_lifetime && !b.maybe);
    if (bounded) {
      td.assoc_types.back().bounds = new_param(td.name + "::" + member.name.name, member.name.span);
      pending_bounds_.push_back({td.assoc_types.back().bounds, &member.bounds, td.module});
      assoc_bound_traits_[td.assoc_types.back().bounds] = static_cast<TraitId>(&td - p_.traits.data());
    }
  }

  ParamId new_param(const std::string& name, Span span) {
    GenericParamDef g;
    g.name = name;
    g.span = span;
    p_.params.push_back(std::move(g));
    return static_cast<ParamId>(p_.params.size() - 1);
  }

  // The type parameters an item declares (lifetimes are accepted and ignored); their bounds
  // are added once every trait is known (trait_bounds).
  std::vector<ParamId> declare_generics(const ast::Generics& g, ModuleId m, bool allow_defaults = false) {
    std::vector<ParamId> out;
    for (const auto& gp : g.params) {
      if (gp.kind == ast::GenericParamKind::Lifetime) continue;
      for (ParamId q : out) {
        if (p_.params[q].name == gp.name.name) {
          cx_.diags.report(DiagKind::DuplicateDefinition, gp.name.span, gp.name.name);
        }
      }
      if (gp.kind == ast::GenericParamKind::Const) {
        out.push_back(new_param(gp.name.name, gp.name.span));
        p_.params[out.back()].is_const = true;
        const ast::Type* ty = gp.default_type.get();
        bool is_usize = ty && ty->kind == ast::TypeKind::Path && ty->path.segments.size() == 1 &&
                        !ty->path.segments[0].generics && ty->path.segments[0].name.name == "usize";
        if (!is_usize && ty) cx_.unsupported(ty->span, "const generic parameters of types other than `usize`");
        if (gp.default_value) cx_.unsupported(gp.default_value->span, "defaults of const generic parameters");
        continue;
      }
      if (gp.default_type && !allow_defaults) cx_.unsupported(gp.default_type->span, "default type parameters");
      ParamId id = new_param(gp.name.name, gp.name.span);
      out.push_back(id);
      pending_bounds_.push_back({id, &gp.bounds, m});
    }
    pending_wheres_.push_back({&g, m, out});
    return out;
  }

  // std implements the operator traits for numbers and bool (in Rust, by macro in core):
  // impls without items, so that bounds like `T: Add<Output = T>` hold for `i32`. Their C++
  // is a specialisation per trait for all these types at once (emit, asr/std/ops.hpp).
 public:
  void primitive_op_impls() {
    auto& T = p_.types;
    std::vector<TypeId> ints, floats{T.float_(FloatTy::F32), T.float_(FloatTy::F64)}, signed_ints;
    for (int k = 0; k < 12; ++k) {
      ints.push_back(T.int_(static_cast<IntTy>(k)));
      if (int_signed(static_cast<IntTy>(k))) signed_ints.push_back(ints.back());
    }
    for (TraitId t = 0; t < p_.traits.size(); ++t) {
      std::string lang = p_.traits[t].lang;
      if (lang.empty() || lang == "from") continue;
      if (lang.size() > 7 && lang.compare(lang.size() - 7, 7, "_assign") == 0) lang.resize(lang.size() - 7);
      std::vector<TypeId> types;
      if (lang == "add" || lang == "sub" || lang == "mul" || lang == "div" || lang == "rem") {
        types = ints;
        types.insert(types.end(), floats.begin(), floats.end());
      } else if (lang == "bitand" || lang == "bitor" || lang == "bitxor" || lang == "not") {
        types = ints;
        types.push_back(T.bool_());
      } else if (lang == "shl" || lang == "shr") {
        types = ints;
      } else if (lang == "neg") {
        types = signed_ints;
        types.insert(types.end(), floats.begin(), floats.end());
      }
      for (TypeId ty : types) {
        ImplDef d;
        d.trait = t;
        d.self_type = ty;
        d.module = p_.traits[t].module;
        d.span = p_.traits[t].span;
        d.builtin = true;
        for (size_t k = 0; k < p_.traits[t].params.size(); ++k) d.trait_args.push_back(ty);
        d.assoc_types.assign(p_.traits[t].assoc_types.size(), ty);
        p_.impls.push_back(std::move(d));
      }
    }
  }

  // `trait Add<Rhs = Self>`: defaults are lowered before impls name the trait. (Also those of
  // std's types, `enum ControlFlow<B, C = ()>`, before any signature names the type.)
  void trait_defaults() {
    for (auto& pd : pending_defaults_) {
      const TraitDef& td = p_.traits[pd.trait];
      cx_.env = {};
      cx_.env.self_type = p_.types.param(td.self_param);
      for (size_t k = 0; k < pd.index; ++k) cx_.env.params.push_back({p_.params[td.params[k]].name, p_.types.param(td.params[k])});
      TypeId d = cx_.lower_type(*pd.type, pd.module, kNone);
      p_.traits[pd.trait].defaults[pd.index] = d;
    }
    for (auto& pd : pending_adt_defaults_) {
      AdtDef& ad = p_.adts[pd.adt];
      cx_.env = {};
      for (size_t k = 0; k < pd.index; ++k) cx_.env.params.push_back({p_.params[ad.generics[k]].name, p_.types.param(ad.generics[k])});
      ad.defaults[pd.index] = cx_.lower_type(*pd.type, pd.module, kNone);
    }
    cx_.env = {};
  }

  // A std type's default type arguments, lowered later by trait_defaults.
  void adt_defaults(const ast::Item& item, AdtId id, ModuleId m) {
    for (const auto& gp : item.generics.params) {
      if (gp.kind != ast::GenericParamKind::Type) continue;
      if (gp.default_type) pending_adt_defaults_.push_back({id, p_.adts[id].defaults.size(), gp.default_type.get(), m});
      p_.adts[id].defaults.push_back(std::nullopt);
    }
  }

 private:
  void trait_bounds() {
    for (TraitId t = 0; t < p_.traits.size(); ++t) {  // (std's too: `trait DerefMut: Deref`)
      TraitDef& td = p_.traits[t];
      for (const auto& b : td.item->supertraits) {
        if (b.is_lifetime || b.maybe) continue;
        auto r = cx_.resolve_trait(b.trait, td.module);
        if (!r) continue;
        if (r->builtin) td.builtin_supers |= 1u << static_cast<unsigned>(*r->builtin);
        else if (r->user == kNone) continue;  // `Sized`
        else if (r->user == t) cx_.diags.report(DiagKind::ConstCycle, b.span, "the supertraits of", td.name);
        else p_.traits[t].supers.push_back(r->user);
      }
    }
    // Inside a trait, `Self` implements it (with the trait's own parameters as arguments).
    for (TraitId t = 0; t < p_.traits.size(); ++t) {
      Context::TraitRef self_ref{t, std::nullopt, {}, {}};
      for (ParamId q : p_.traits[t].params) self_ref.args.push_back(p_.types.param(q));
      cx_.add_trait_bound(p_.traits[t].self_param, self_ref);
    }
    // Closure bounds (`F: Fn(T) -> U`) name the item's other parameters.
    // (the last item declaring a parameter gives its environment: an index, not a search of
    // every item per bound, which was quadratic in the size of the crate)
    std::unordered_map<ParamId, size_t> where_of;
    for (size_t i = 0; i < pending_wheres_.size(); ++i) {
      for (ParamId x : pending_wheres_[i].params) where_of[x] = i;
    }
    auto env_with = [&](ParamId q) {
      auto it = where_of.find(q);
      if (it == where_of.end()) return;
      cx_.env = {};
      for (ParamId x : pending_wheres_[it->second].params) {
        cx_.env.params.push_back({p_.params[x].name, p_.types.param(x)});
        if (p_.params[x].is_self) cx_.env.self_type = p_.types.param(x);  // (a trait method's `Self::Item`)
      }
    };
    for (auto& pb : pending_bounds_) {
      env_with(pb.param);
      if (auto it = assoc_bound_traits_.find(pb.param); it != assoc_bound_traits_.end()) {
        // `type IntoIter: Iterator<Item = Self::Item>`: in the trait's environment
        cx_.env = {};
        cx_.env.self_type = p_.types.param(p_.traits[it->second].self_param);
        for (ParamId q : p_.traits[it->second].params) cx_.env.params.push_back({p_.params[q].name, p_.types.param(q)});
      }
      cx_.add_bounds(pb.param, *pb.bounds, pb.module);
    }
    for (auto& pw : pending_wheres_) {
      if (!pw.params.empty()) env_with(pw.params[0]);
      for (const auto& w : pw.generics->where) {
        if (!w.bounded) continue;  // 'a: 'b
        const ast::Type& bt = *w.bounded;
        ParamId target = kNone;
        if (bt.kind == ast::TypeKind::Path && bt.path.segments.size() == 1 && !bt.path.segments[0].generics) {
          for (ParamId q : pw.params) if (p_.params[q].name == bt.path.segments[0].name.name) target = q;
        }
        if (target == kNone && pw.fn != kNone && bt.kind == ast::TypeKind::Path && !bt.path.qself &&
            bt.path.segments.size() == 2 && !bt.path.segments[0].generics && !bt.path.segments[1].generics) {
          // `where T::Item: Display`: a hidden parameter stands for the projection.
          if (projection_bound(pw, bt, w.bounds)) continue;
        }
        if (target == kNone && pw.fn == kNone && bt.kind == ast::TypeKind::Path && !bt.path.qself &&
            bt.path.segments.size() == 2 && !bt.path.segments[0].generics && !bt.path.segments[1].generics &&
            impl_projection_bound(pw, bt, w.bounds)) {
          continue;
        }
        if (target == kNone) {
          cx_.unsupported(bt.span, "`where` clauses on types other than the item's own type parameters");
          continue;
        }
        if (p_.params[target].is_self && pw.fn != kNone && p_.fns[pw.fn].trait != kNone) {
          // A trait method's `where Self: Tr`: also checked at each call of this method (the
          // body may use it: `Self` carries it, as before).
          for (const auto& b : w.bounds) {
            if (b.is_lifetime || b.maybe || Context::is_fn_trait_bound(b)) continue;
            std::optional<Context::TraitRef> r = cx_.resolve_trait(b.trait, pw.module, false, p_.types.param(target));
            if (r && !r->builtin && r->user != kNone) p_.fns[pw.fn].self_bounds.push_back(TraitBound{r->user, r->args, r->assoc});
          }
        }
        cx_.add_bounds(target, w.bounds, pw.module);
      }
    }
    cx_.env = {};
    implied_impl_assoc_bounds();
  }

  struct PendingDefault { TraitId trait; size_t index; const ast::Type* type; ModuleId module; };
  std::vector<PendingDefault> pending_defaults_;
  struct PendingAdtDefault { AdtId adt; size_t index; const ast::Type* type; ModuleId module; };
  std::vector<PendingAdtDefault> pending_adt_defaults_;
  struct PendingBounds { ParamId param; const std::vector<ast::TypeBound>* bounds; ModuleId module; };
  std::vector<PendingBounds> pending_bounds_;
  std::unordered_map<ParamId, TraitId> assoc_bound_traits_;  // AssocTypeDef::bounds -> its trait
  struct PendingWhere {
    const ast::Generics* generics;
    ModuleId module;
    std::vector<ParamId> params;
    FnId fn = kNone;  // a function's own `where` (projections may be bounded there)
  };
  std::vector<PendingWhere> pending_wheres_;

  // `impl<I: Iterator> .. where I::Item: Clone`: the same as `impl<I: Iterator<Item = H>, H:
  // Clone>`, a parameter the impl derives from I's bound (ImplDerivedParam) with those bounds.
  bool impl_projection_bound(const PendingWhere& pw, const ast::Type& bt, const std::vector<ast::TypeBound>& bounds) {
    if (pw.params.empty()) return false;
    ImplId impl = kNone;
    for (ImplId i : p_.user_impls) if (p_.impls[i].params == pw.params) impl = i;
    if (impl == kNone) {
      // An inherent impl: each method gets the bound, as if written on the method itself.
      bool any = false;
      for (FnId f = 0; f < p_.fns.size(); ++f) {
        const FnDef& fd = p_.fns[f];
        if (fd.owner == kNone || fd.impl != kNone || fd.trait != kNone || fd.generics.size() < pw.params.size() ||
            !std::equal(pw.params.begin(), pw.params.end(), fd.generics.begin())) {
          continue;
        }
        PendingWhere method = pw;
        method.fn = f;
        if (!projection_bound(method, bt, bounds)) return false;
        any = true;
      }
      return any;
    }
    ParamId x = kNone;
    for (ParamId q : pw.params) if (p_.params[q].name == bt.path.segments[0].name.name) x = q;
    if (x == kNone) return false;
    const std::string& name = bt.path.segments[1].name.name;
    for (TraitBound& tb : p_.params[x].traits) {
      const TraitDef& td = p_.traits[tb.trait];
      for (uint32_t k = 0; k < td.assoc_types.size(); ++k) {
        if (td.assoc_types[k].name != name) continue;
        for (auto& [have, t] : tb.assoc) {
          if (have != k) continue;
          if (p_.types.kind(t) != TyKind::Param) return false;  // (`I: Iterator<Item = u8>, I::Item: ..`)
          cx_.add_bounds(p_.types.get(t).id, bounds, pw.module);
          return true;
        }
        size_t b = &tb - p_.params[x].traits.data();  // (new_param may move `tb`)
        ParamId h = add_derived_impl_param(impl, x, b, k, cx_.describe(bt.path), bt.span);
        cx_.add_bounds(h, bounds, pw.module);
        return true;
      }
    }
    return false;
  }

  // A hidden own parameter of `f` standing for the projection `proj` (`T::Item`), which the
  // body reads it as and calls bind to it (FnDef::projections).
  ParamId add_projection_param(FnId f, TypeId proj, const std::string& name, Span span) {
    ParamId h = new_param(name, span);
    p_.params[h].hidden = true;
    FnDef& g = p_.fns[f];
    g.generics.push_back(h);
    g.own_generics += 1;
    g.projections.push_back({proj, h});
    return h;
  }

  // A parameter of impl `i` standing for `<X as ..>::Name` (associated type `k` of bound `b`
  // of its parameter `x`), derived from that bound (`impl<I: Iterator<Item = H>, H: ..>`).
  ParamId add_derived_impl_param(ImplId i, ParamId x, size_t b, uint32_t k, const std::string& name, Span span) {
    ParamId h = new_param(name, span);
    p_.params[h].hidden = true;
    p_.impls[i].params.push_back(h);
    p_.params[x].traits[b].assoc.push_back({k, p_.types.param(h)});
    return h;
  }

  // (the bounds name the trait's `Self` and parameters: `Iterator<Item = Self::Item>` of
  // `I: IntoIterator<Item = u32>` is `Iterator<Item = <I as IntoIterator>::Item>`, u32)
  void copy_assoc_bounds(ParamId to, ParamId from, TypeId self, const TraitBound& of) {
    TypeTable::Subst map{{p_.traits[of.trait].self_param, self}};
    for (size_t k = 0; k < p_.traits[of.trait].params.size() && k < of.args.size(); ++k) {
      map.push_back({p_.traits[of.trait].params[k], of.args[k]});
    }
    p_.params[to].builtin |= p_.params[from].builtin;
    for (TraitBound tb : p_.params[from].traits) {
      tb.args = p_.types.subst_all(std::move(tb.args), map);
      for (auto& [k, t] : tb.assoc) t = p_.normalize(p_.types.subst(t, map));
      p_.params[to].traits.push_back(std::move(tb));
    }
  }

  // `T`'s bounds with bounded associated types not bound already: (bound index, associated
  // type index, the parameter holding its bounds).
  std::vector<std::tuple<size_t, uint32_t, ParamId>> implied_assoc(ParamId q) const {
    std::vector<std::tuple<size_t, uint32_t, ParamId>> out;
    const auto& traits = p_.params[q].traits;
    for (size_t b = 0; b < traits.size(); ++b) {
      const TraitDef& td = p_.traits[traits[b].trait];
      for (uint32_t k = 0; k < td.assoc_types.size(); ++k) {
        if (td.assoc_types[k].bounds == kNone) continue;
        bool bound = false;
        for (auto& [have, t] : traits[b].assoc) bound = bound || have == k;
        if (!bound) out.push_back({b, k, td.assoc_types[k].bounds});
      }
    }
    return out;
  }

  // `trait Item { type Key: Ord; }`: every `T: Item` implies `T::Key: Ord`. A function (or a
  // method of a trait or an inherent impl) gets it as a hidden parameter, like `where T::Key:
  // Ord` (after its signature: `impl IntoIterator<Item = u32>` parameters are made there).
  void implied_fn_assoc_bounds(FnId f) {
    if (p_.fns[f].impl != kNone || p_.modules[p_.fns[f].module].is_std) return;
    std::vector<ParamId> generics = p_.fns[f].generics;
    for (ParamId q : generics) {
      // (a trait's own methods: calls name the impls' methods, which take no such parameter;
      // `Self::Key` meets its bounds there through Program::implements)
      if (p_.params[q].is_self) continue;
      for (auto [b, k, bounds] : implied_assoc(q)) {
        const TraitBound& tb = p_.params[q].traits[b];
        std::vector<TypeId> self_and_args{p_.types.param(q)};
        for (TypeId a : tb.args) self_and_args.push_back(a);
        TypeId proj = p_.types.assoc(tb.trait, k, std::move(self_and_args));
        ParamId have = kNone;
        for (auto& [t, h] : p_.fns[f].projections) if (t == proj) have = h;
        if (have != kNone) {  // (`where T::Key: Display` too: its hidden parameter gets both)
          copy_assoc_bounds(have, bounds, p_.types.param(q), p_.params[q].traits[b]);
          continue;
        }
        std::string name = p_.params[q].name + "::" + p_.traits[tb.trait].assoc_types[k].name;
        ParamId h = add_projection_param(f, proj, name, p_.params[bounds].span);
        copy_assoc_bounds(h, bounds, p_.types.param(q), p_.params[q].traits[b]);
      }
    }
  }

  // ... and a trait impl gets a parameter derived from the bound (`impl<T: Item<Key = K>, K: Ord>`).
  void implied_impl_assoc_bounds() {
    for (ImplId i : p_.user_impls) {
      std::vector<ParamId> params = p_.impls[i].params;
      for (ParamId q : params) {
        for (auto [b, k, bounds] : implied_assoc(q)) {
          TraitBound of = p_.params[q].traits[b];  // (before the binding is added to it)
          std::string name = p_.params[q].name + "::" + p_.traits[of.trait].assoc_types[k].name;
          ParamId h = add_derived_impl_param(i, q, b, k, name, p_.params[bounds].span);
          copy_assoc_bounds(h, bounds, p_.types.param(q), of);
        }
      }
    }
  }

  // `where X::Name: Bounds` on a function (X one of its parameters or `Self`): a hidden own
  // parameter with those bounds stands for `<X as Trait>::Name` (FnDef::projections).
  bool projection_bound(const PendingWhere& pw, const ast::Type& bt, const std::vector<ast::TypeBound>& bounds) {
    std::optional<TypeId> proj = cx_.assoc_type_path(bt.path, pw.module, kNone);
    if (!proj || p_.types.kind(*proj) != TyKind::Assoc) return false;
    FnDef& f = p_.fns[pw.fn];
    for (auto& [t, q] : f.projections) {
      if (t == *proj) {  // (a second `where` on the same projection adds bounds)
        cx_.add_bounds(q, bounds, pw.module);
        return true;
      }
    }
    ParamId h = add_projection_param(pw.fn, *proj, cx_.describe(bt.path), bt.span);
    cx_.add_bounds(h, bounds, pw.module);
    return true;
  }


 public:

 private:
  struct PendingFn { FnId fn; };

  // Declares `item` in module `m`, with its visibility (`pub`, `pub(super)`, private).
  void declare(const ast::Item& item, ModuleId m, bool is_std) {
    size_t uses = cx_.scopes[m].uses.size();
    declare_item(item, m, is_std);
    ModuleId vis = cx_.vis_scope(item.vis, m);
    if (vis == kNone) return;
    auto& scope = cx_.scopes[m];
    for (size_t i = uses; i < scope.uses.size(); ++i) scope.uses[i].vis = vis;
    for (auto* table : {&scope.types, &scope.values}) {
      auto it = table->find(item.name.name);
      if (it == table->end()) continue;
      bool mine = it->second.span.begin == item.name.span.begin && it->second.span.file == item.name.span.file;
      if (mine || (item.kind == ast::ItemKind::Mod && it->second.kind == Decl::Kind::Module)) it->second.vis = vis;
    }
  }

  void declare_item(const ast::Item& item, ModuleId m, bool is_std) {
    auto& scope = cx_.scopes[m];
    auto dup = [&](std::unordered_map<std::string, Decl>& table, const std::string& name, Span span) {
      if (table.count(name)) {
        cx_.diags.report(DiagKind::DuplicateDefinition, span, name);
        return true;
      }
      return false;
    };
    switch (item.kind) {
      case ast::ItemKind::Fn: {
        if (dup(scope.values, item.name.name, item.name.span)) return;
        FnId id = new_fn(item, m, kNone, is_std);
        // (re-fetched: the items of the fn's body may have added modules, moving `scope`)
        cx_.scopes[m].values[item.name.name] = Decl{Decl::Kind::Fn, id, item.name.span};
        break;
      }
      case ast::ItemKind::Struct: {
        if (dup(scope.types, item.name.name, item.name.span)) return;
        AdtId sid = new_adt(item, m, is_std);
        p_.adts[sid].kind = item.struct_kind;
        p_.adts[sid].generics = declare_generics(item.generics, m, /*allow_defaults=*/is_std);
        if (is_std) adt_defaults(item, sid, m);
        scope.types[item.name.name] = Decl{Decl::Kind::Adt, sid, item.name.span};
        if (item.struct_kind != ast::StructKind::Named && !scope.values.count(item.name.name)) {
          // A unit struct's name is also a value (its only instance); a tuple struct's name is
          // its constructor function.
          scope.values[item.name.name] = Decl{Decl::Kind::Adt, sid, item.name.span};
        }
        struct_items_.push_back({&item, sid});
        break;
      }
      case ast::ItemKind::Impl:
        impls_.push_back({&item, m, is_std});
        break;
      case ast::ItemKind::Use:
        flatten_use(item.use_tree, {}, scope.uses);
        break;
      case ast::ItemKind::Mod:
        if (!item.mod_inline) {
          // `mod name;`: the driver parsed `name.asr`; its items arrive as their own CrateInput.
          if (dup(scope.types, item.name.name, item.name.span)) return;
          ModuleId sub = cx_.add_module(item.name.name, m, is_std);
          (void)sub;
          return;
        }
        {
          if (dup(scope.types, item.name.name, item.name.span)) return;
          ModuleId sub = cx_.add_module(item.name.name, m, is_std);
          declare_items(item.items, sub, is_std);
        }
        break;
      case ast::ItemKind::Enum: {
        if (dup(scope.types, item.name.name, item.name.span)) return;
        AdtId id = new_adt(item, m, is_std);
        p_.adts[id].is_enum = true;
        p_.adts[id].generics = declare_generics(item.generics, m, /*allow_defaults=*/is_std);
        if (is_std) adt_defaults(item, id, m);
        scope.types[item.name.name] = Decl{Decl::Kind::Adt, id, item.name.span};
        enum_items_.push_back({&item, id});
        break;
      }
      case ast::ItemKind::Union: diags().report(DiagKind::NotInAsr, item.span, "`union`"); break;
      case ast::ItemKind::Trait: {
        if (dup(scope.types, item.name.name, item.name.span)) return;
        TraitId id = new_trait(item, m, is_std);
        cx_.scopes[m].types[item.name.name] = Decl{Decl::Kind::Trait, id, item.name.span};  // (as for Fn)
        break;
      }
      case ast::ItemKind::TraitAlias: cx_.unsupported(item.span, "trait aliases"); break;
      case ast::ItemKind::Const:
      case ast::ItemKind::Static: {
        if (item.kind == ast::ItemKind::Static && item.is_mut_static) {
          diags().report(DiagKind::NotInAsr, item.span, "`static mut` (shared mutable state needs `unsafe`)");
          return;
        }
        if (item.name.name == "_") {
          cx_.unsupported(item.span, "unnamed constants (`const _`)");
          return;
        }
        if (dup(scope.values, item.name.name, item.name.span)) return;
        uint32_t c = new_const(item, m, kNone);
        scope.values[item.name.name] = Decl{Decl::Kind::Const, c, item.name.span};
        break;
      }
      case ast::ItemKind::TypeAlias: {
        if (dup(scope.types, item.name.name, item.name.span)) return;
        if (!item.type) return;
        cx_.aliases.push_back({&item, m});
        // (bounds on an alias's parameters are not enforced, as in rustc)
        cx_.aliases.back().params = declare_generics(item.generics, m);
        scope.types[item.name.name] = Decl{Decl::Kind::Alias, static_cast<uint32_t>(cx_.aliases.size() - 1), item.name.span};
        break;
      }
      case ast::ItemKind::MacroRules: cx_.unsupported(item.span, "`macro_rules!` macros"); break;
      case ast::ItemKind::MacroCall: cx_.unsupported(item.span, "macro invocations in item position"); break;
      case ast::ItemKind::ExternCrate: diags().report(DiagKind::NotInAsr, item.span, "`extern crate`"); break;
      case ast::ItemKind::ExternBlock: diags().report(DiagKind::NotInAsr, item.span, "`extern` blocks"); break;
    }
  }

  Diagnostics& diags() { return cx_.diags; }

  // How items of module `m` are named in messages: `net::` for `crate::net`, nothing at the
  // root; items inside function bodies are named like those of the enclosing module.
  std::string module_prefix(ModuleId m) const {
    m = cx_.real_module(m);
    if (m == 0 || p_.modules[m].path == "crate") return "";
    return strip_crate(p_.modules[m].path);
  }

  uint32_t new_const(const ast::Item& item, ModuleId m, AdtId owner) {
    ConstDef c;
    c.name = item.name.name;
    c.module = m;
    c.item = &item;
    c.owner = owner;
    c.is_static = item.kind == ast::ItemKind::Static;
    c.span = item.name.span;
    std::string prefix = owner != kNone ? p_.adts[owner].path : module_prefix(m);
    c.path = prefix.empty() ? c.name : prefix + "::" + c.name;
    if (!item.value) diags().report(DiagKind::SyntaxError, item.span, "free constant item without body");
    // The initializer is type-checked like the body of a function returning the type.
    FnDef f;
    f.name = c.name;
    f.path = c.path;
    f.module = m;
    f.item = &item;
    f.owner = owner;
    f.span = c.span;
    p_.fns.push_back(std::move(f));
    c.checker = static_cast<FnId>(p_.fns.size() - 1);
    p_.consts.push_back(std::move(c));
    return static_cast<uint32_t>(p_.consts.size() - 1);
  }

  AdtId new_adt(const ast::Item& item, ModuleId m, bool is_std) {
    bool in_std = is_std;  // (`is_std` below: implemented in C++)
    AdtDef sd;
    sd.name = item.name.name;
    sd.path = module_prefix(m).empty() ? item.name.name : module_prefix(m) + "::" + item.name.name;
    sd.module = m;
    sd.item = &item;
    // A std type declared with `#[asr::cpp]` is implemented in C++; any other std type is
    // written in ASR and compiled like the user's (std::option, std::result).
    if (is_std && !find_attr(item.attrs, "asr", "cpp")) {
      is_std = false;
      sd.path = item.name.name;  // rustc names prelude types unqualified: `Option<i32>`
    }
    sd.is_std = is_std;
    sd.span = item.name.span;
    if (is_std) {
      if (auto* a = find_attr(item.attrs, "asr", "cpp")) sd.cpp_name = attr_string(*a);
      if (find_attr(item.attrs, "asr", "display")) sd.add(Trait::Display);
    }
    derives(item, sd);
    if (const ast::Attr* a = in_std ? find_attr(item.attrs, "asr", "unconditional") : nullptr) {
      for (const auto& d : a->arg_idents) {
        for (Trait t : {Trait::Clone, Trait::Copy, Trait::Debug, Trait::PartialEq, Trait::Eq, Trait::PartialOrd,
                        Trait::Ord, Trait::Hash, Trait::Default}) {
          if (d.name != trait_name(t)) continue;
          sd.add(t);
          sd.unconditional |= 1u << static_cast<unsigned>(t);
        }
      }
    }
    p_.adts.push_back(std::move(sd));
    AdtId id = static_cast<AdtId>(p_.adts.size() - 1);
    if (!is_std) p_.user_adts.push_back(id);
    return id;
  }

  // Variants, their fields and discriminants (after every type name is declared).
  void enum_variants(const ast::Item& item, AdtId id) {
    if (const ast::Attr* r = find_attr(item.attrs, "repr")) {
      static const std::pair<const char*, IntTy> ints[] = {
          {"i8", IntTy::I8},   {"i16", IntTy::I16}, {"i32", IntTy::I32},   {"i64", IntTy::I64},
          {"i128", IntTy::I128}, {"isize", IntTy::Isize}, {"u8", IntTy::U8}, {"u16", IntTy::U16},
          {"u32", IntTy::U32}, {"u64", IntTy::U64}, {"u128", IntTy::U128}, {"usize", IntTy::Usize}};
      bool found = false;
      for (const auto& a : r->arg_idents) {
        for (auto& [n, t] : ints) if (a.name == n) { p_.adts[id].repr = t; found = true; }
      }
      if (!found) cx_.unsupported(r->span, fmt::format("`#[repr({})]`", r->args));
    }
    if (item.variants.empty()) cx_.unsupported(item.span, "enums without variants");
    __int128 next = 0;
    bool have_prev = false;
    std::vector<std::pair<__int128, Span>> seen;
    for (const auto& v : item.variants) {
      VariantDef vd;
      vd.name = v.name.name;
      vd.kind = v.kind;
      vd.span = v.name.span;
      for (const auto& prev : p_.adts[id].variants) {
        if (prev.name == vd.name) cx_.diags.report(DiagKind::DuplicateDefinition, vd.span, vd.name);
      }
      cx_.env = adt_env(id);
      vd.fields = fields_of(v.fields, v.kind, id);
      cx_.env = {};
      Span at = v.discriminant ? v.discriminant->span : vd.span;
      if (v.discriminant) {
        if (v.kind != ast::StructKind::Unit) {
          cx_.unsupported(v.discriminant->span, "explicit discriminants on variants with fields");
        }
        if (std::optional<__int128> d = const_int(*v.discriminant)) {
          next = *d;
        } else {
          cx_.unsupported(v.discriminant->span, "discriminants other than integer literals");
        }
      } else if (have_prev) {
        next += 1;
      }
      have_prev = true;
      vd.discriminant = next;
      IntTy repr = p_.adts[id].repr;
      if (!fits(next, repr)) {
        cx_.diags.report(DiagKind::SyntaxError, at,
                         fmt::format("discriminant value `{}` does not fit the enum's `{}` representation",
                                     i128_text(next), int_ty_name(repr)));
      }
      for (const auto& [val, sp] : seen) {
        if (val == next) {
          cx_.diags.report(DiagKind::SyntaxError, at,
                           fmt::format("discriminant value `{}` assigned more than once", i128_text(next)))
              .notes.push_back({sp, "first assigned here"});
        }
      }
      seen.push_back({next, at});
      p_.adts[id].variants.push_back(std::move(vd));
    }
  }

  static bool fits(__int128 v, IntTy t) {
    unsigned bits = int_bits(t);
    if (int_signed(t)) {
      __int128 max = (static_cast<__int128>(1) << (bits - 1)) - 1;
      return v >= -max - 1 && v <= max;
    }
    if (v < 0) return false;
    return bits >= 127 || v < (static_cast<__int128>(1) << bits);
  }

  // An integer literal discriminant, maybe negated.
  std::optional<__int128> const_int(const ast::Expr& e) {
    if (e.kind == ast::ExprKind::Paren) return const_int(*e.operand);
    if (e.kind == ast::ExprKind::Unary && e.unop == ast::UnOp::Neg) {
      auto v = const_int(*e.operand);
      if (v) return -*v;
      return std::nullopt;
    }
    if (e.kind != ast::ExprKind::Lit || e.lit.kind != ast::LitKind::Int) return std::nullopt;
    if (e.lit.int_overflow || e.lit.int_value >> 126) return std::nullopt;
    return static_cast<__int128>(e.lit.int_value);
  }

  static std::string strip_crate(const std::string& path) {
    if (path.rfind("crate::", 0) == 0) return path.substr(7);
    return path;
  }

  void derives(const ast::Item& item, AdtDef& sd) {
    static const std::pair<const char*, Trait> derivable[] = {
        {"Clone", Trait::Clone}, {"Copy", Trait::Copy}, {"Debug", Trait::Debug},
        {"PartialEq", Trait::PartialEq}, {"Eq", Trait::Eq}, {"PartialOrd", Trait::PartialOrd},
        {"Ord", Trait::Ord}, {"Hash", Trait::Hash}, {"Default", Trait::Default}};
    for (const auto& at : item.attrs) {
      if (at.path.segments.size() != 1 || at.path.segments[0].name.name != "derive") continue;
      for (const auto& d : at.arg_idents) {
        bool known = false;
        for (auto& [name, trait] : derivable) {
          if (d.name != name) continue;
          known = true;
          if (sd.implements(trait) && !sd.is_std) cx_.diags.report(DiagKind::ConflictingImpl, d.span, name, sd.path);
          sd.add(trait);
          sd.derived |= 1u << static_cast<unsigned>(trait);
        }
        if (!known) cx_.diags.report(DiagKind::UnknownDerive, d.span, d.name);
      }
    }
  }

  // A derive needs its supertraits derived too, and every field to implement the trait
  // (rustc checks the same through the generated impls).
  void check_derives() {
    for (AdtId id : p_.user_adts) {
      AdtDef& ad = p_.adts[id];
      // A derive on `S<T>` bounds T by the trait (`impl<T: Clone> Clone for S<T>`): inside the
      // check, the parameters implement everything.
      std::vector<uint32_t> saved;
      for (ParamId g : ad.generics) saved.push_back(std::exchange(p_.params[g].builtin, ~0u));
      check_derives_of(id);
      for (size_t k = 0; k < ad.generics.size(); ++k) p_.params[ad.generics[k]].builtin = saved[k];
    }
  }

  void check_derives_of(AdtId id) {
    static const std::pair<Trait, Trait> requires_[] = {
        {Trait::Copy, Trait::Clone}, {Trait::Eq, Trait::PartialEq}, {Trait::PartialOrd, Trait::PartialEq},
        {Trait::Ord, Trait::Eq}, {Trait::Ord, Trait::PartialOrd}};
    {
      AdtDef& ad = p_.adts[id];
      const ast::Attr* derive_attr = find_attr(ad.item->attrs, "derive");
      Span at = derive_attr ? derive_attr->span : ad.span;
      for (auto [t, sup] : requires_) {
        if (ad.derives(t) && !ad.implements(sup)) {  // (hand-written impls: check_impls)
          bool cmp = sup == Trait::PartialEq || sup == Trait::PartialOrd;
          auto& d = cmp ? cx_.diags.report(DiagKind::CannotCompare, at, ad.path, ad.path)
                        : cx_.diags.report(DiagKind::TraitBound, at, ad.path, trait_name(sup));
          d.notes.push_back({Span{}, fmt::format("required by `#[derive({})]`, which needs `{}` too", trait_name(t), trait_name(sup))});
        }
      }
      for (Trait t : {Trait::Clone, Trait::Copy, Trait::Debug, Trait::PartialEq, Trait::Eq, Trait::PartialOrd,
                      Trait::Ord, Trait::Hash}) {
        if (!((ad.derived >> static_cast<unsigned>(t)) & 1u)) continue;
        auto check_fields = [&](const std::vector<FieldDef>& fields) {
          for (const auto& f : fields) {
            if (p_.types.kind(f.type) == TyKind::Error || p_.implements(f.type, t)) continue;
            std::string ty = p_.type_name(f.type);
            auto& d = t == Trait::Debug ? cx_.diags.report(DiagKind::FormatTrait, f.span, ty, "Debug")
                      : t == Trait::PartialEq || t == Trait::PartialOrd
                          ? cx_.diags.report(DiagKind::CannotCompare, f.span, ty, ty)
                          : cx_.diags.report(DiagKind::TraitBound, f.span, ty, trait_name(t));
            d.notes.push_back({at, fmt::format("required by `#[derive({})]` on `{}`", trait_name(t), ad.path)});
          }
        };
        check_fields(ad.fields);
        for (const auto& v : ad.variants) check_fields(v.fields);
      }
      if (ad.derives(Trait::Default)) {
        if (!ad.is_enum) {
          for (const auto& f : ad.fields) {
            if (p_.types.kind(f.type) == TyKind::Error || p_.implements(f.type, Trait::Default)) continue;
            cx_.diags.report(DiagKind::TraitBound, f.span, p_.type_name(f.type), "Default")
                .notes.push_back({at, fmt::format("required by `#[derive(Default)]` on `{}`", ad.path)});
          }
        } else {
          for (size_t v = 0; v < ad.item->variants.size(); ++v) {
            if (!find_attr(ad.item->variants[v].attrs, "default")) continue;
            if (ad.default_variant != kNone) {
              cx_.diags.report(DiagKind::SyntaxError, ad.item->variants[v].name.span, "multiple declared defaults");
            } else if (ad.variants[v].kind != ast::StructKind::Unit) {
              cx_.diags.report(DiagKind::SyntaxError, ad.item->variants[v].name.span,
                               "the `#[default]` attribute may only be used on unit enum variants");
            }
            ad.default_variant = static_cast<uint32_t>(v);
          }
          if (ad.default_variant == kNone) {
            cx_.diags.report(DiagKind::SyntaxError, at, "`#[derive(Default)]` on enum with no `#[default]`")
                .notes.push_back({Span{}, "make a unit variant default by placing `#[default]` above it"});
          }
        }
      }
    }
  }

  FnId new_fn(const ast::Item& item, ModuleId m, AdtId owner, bool is_std, bool needs_body = true,
             std::vector<ParamId> outer_generics = {}) {
    if (is_std && item.body) is_std = false;  // written in ASR: checked and emitted like user code
    FnDef f;
    f.track_caller = find_attr(item.attrs, "track_caller") != nullptr;
    f.name = item.name.name;
    f.module = m;
    f.item = &item;
    f.owner = owner;
    f.is_std = is_std;
    f.span = item.name.span;
    f.self_kind = item.fn.self_kind;
    f.self_mut = item.fn.self_mut;
    f.vis = cx_.vis_scope(item.vis, m);
    std::string prefix = owner != kNone ? p_.adts[owner].path : module_prefix(m);
    f.path = prefix.empty() ? f.name : prefix + "::" + f.name;
    if (is_std) {
      f.std_suspends = find_attr(item.attrs, "asr", "suspends") != nullptr;
      f.std_awaits_closures = find_attr(item.attrs, "asr", "awaits_closures") != nullptr;
      f.std_spawns = find_attr(item.attrs, "asr", "spawns") != nullptr;
      f.std_opens_scope = find_attr(item.attrs, "asr", "opens_scope") != nullptr;
      if (auto* a = find_attr(item.attrs, "asr", "cpp")) f.cpp_name = attr_string(*a);
      else f.cpp_name = f.name;
    } else if (!item.body && needs_body) {
      cx_.diags.report(DiagKind::SyntaxError, item.span, owner == kNone ? "free function without a body"
                                                                         : "associated function in `impl` without body");
    }
    f.is_const = item.is_const;
    if (item.is_unsafe) cx_.diags.report(DiagKind::NotInAsr, item.span, "`unsafe`");
    if (item.is_extern) cx_.diags.report(DiagKind::NotInAsr, item.span, "`extern` functions");
    if (owner != kNone) f.self_type = p_.types.adt(owner);
    std::vector<ParamId> own = declare_generics(item.generics, m);
    auto& where_params = pending_wheres_.back().params;  // `where` may also bound the impl's
    where_params.insert(where_params.end(), outer_generics.begin(), outer_generics.end());
    f.generics = std::move(outer_generics);
    f.generics.insert(f.generics.end(), own.begin(), own.end());
    f.own_generics = static_cast<uint32_t>(own.size());
    p_.fns.push_back(std::move(f));
    FnId id = static_cast<FnId>(p_.fns.size() - 1);
    pending_wheres_.back().fn = id;
    if (!is_std && item.body) p_.user_fns.push_back(id);
    pending_fns_.push_back({id});
    if (item.body && item.body_has_items) body_items(id, *item.body, m, is_std);
    return id;
  }

  // Items declared in a block of a function body (`fn main() { struct P; const N: u32 = 3; .. }`)
  // live in a module of their own, visible from the whole block as in rustc (before their
  // declaration too); names not found there resolve in the enclosing block's module, then in
  // the function's. The outermost block's module is emitted as namespace `main_items`, a
  // nested block's as `main_items::block` (`block2`, ... for its siblings).
  void body_items(FnId fn, const ast::Block& body, ModuleId m, bool is_std) {
    std::vector<std::pair<const ast::Block*, ModuleId>> done;  // outermost first
    blocks_with_items(body, [&](const ast::Block& b) {
      ModuleId parent = m;
      for (const auto& [outer, mod] : done) {
        if (outer->span.begin <= b.span.begin && b.span.end <= outer->span.end) parent = mod;
      }
      std::string base = parent == m ? p_.fns[fn].name + "_items" : "block";
      std::string name = base;
      for (int k = 2; cx_.lookup(parent, name, Context::Ns::Type) || cx_.lookup(parent, name, Context::Ns::Value) ||
                      cx_.scopes[parent].types.count(name);
           ++k) {
        name = base + std::to_string(k);
      }
      ModuleId sub = cx_.add_module(name, parent, is_std);
      p_.modules[sub].transparent = true;
      p_.modules[sub].body_of = fn;
      p_.block_scopes[&b] = sub;
      if (&b == &body) p_.fns[fn].scope = sub;
      done.push_back({&b, sub});
    });
    // Declared once every block has its module (a nested fn's own items come after).
    for (const auto& [b, sub] : done) {
      for (const auto& st : b->stmts) if (st->kind == ast::StmtKind::Item && st->item) declare(*st->item, sub, is_std);
    }
  }

  void flatten_use(const ast::UseTree& t, std::vector<std::string> prefix,
                   std::vector<ModuleScope::PendingUse>& out) {
    for (const auto& seg : t.prefix.segments) prefix.push_back(seg.name.name);
    switch (t.kind) {
      case ast::UseTree::Kind::Simple: {
        if (prefix.empty()) return;
        std::string alias = t.rename ? t.rename->name : prefix.back();
        if (prefix.back() == "self" && prefix.size() > 1) {
          prefix.pop_back();
          if (!t.rename) alias = prefix.back();
        }
        out.push_back({prefix, alias, false, t.span});
        break;
      }
      case ast::UseTree::Kind::Glob:
        out.push_back({prefix, "", true, t.span});
        break;
      case ast::UseTree::Kind::Group:
        for (const auto& c : t.children) flatten_use(c, prefix, out);
        break;
    }
  }

  // Resolves one import; returns true when done (imported, or reported if `final`).
  bool try_use(ModuleId m, const ModuleScope::PendingUse& u, bool final) {
    ModuleId crate_root = m;
    while (p_.modules[crate_root].parent != kNone) crate_root = p_.modules[crate_root].parent;
    ModuleId cur = m;
    size_t i = 0;
    const std::string& first = u.path[0];
    if (first == "self" || first == "super") cur = cx_.real_module(m);
    if (first == "crate") { cur = crate_root; i = 1; }
    else if (first == "self") { i = 1; }
    else if (first == "super") {
      while (i < u.path.size() && u.path[i] == "super") {
        if (p_.modules[cur].parent == kNone) break;
        cur = p_.modules[cur].parent;
        ++i;
      }
    } else if (!cx_.lookup(m, first, Context::Ns::Type) && first == "std") {
      cur = cx_.std_root;
      i = 1;
    }
    size_t end = u.glob ? u.path.size() : u.path.size() - 1;
    for (; i < end; ++i) {
      const Decl* d = cx_.lookup(cur, u.path[i], Context::Ns::Type);
      if (d) cx_.check_visible(*d, m, u.span, Context::Ns::Type);
      if (d && d->kind == Decl::Kind::Adt && i + 1 == end && p_.adts[d->id].is_enum) {
        return import_variants(m, d->id, u, final);
      }
      if (!d || d->kind != Decl::Kind::Module) {
        if (final) {
          if (d && d->kind == Decl::Kind::Adt) cx_.unsupported(u.span, "importing associated items");
          else cx_.diags.report(DiagKind::UnresolvedPath, u.span, u.path[i], p_.modules[cur].path);
        }
        return final;
      }
      cur = d->id;
    }
    auto& scope = cx_.scopes[m];
    // What an import brings in is as visible as the `use` (only visible items come with `*`).
    auto imported = [&](Decl d) { d.vis = u.vis; return d; };
    if (u.glob) {
      for (auto& [n, d] : cx_.scopes[cur].types) if (cx_.visible(d.vis, m)) scope.types.emplace(n, imported(d));
      for (auto& [n, d] : cx_.scopes[cur].values) if (cx_.visible(d.vis, m)) scope.values.emplace(n, imported(d));
      return true;
    }
    const std::string& last = u.path.back();
    const Decl* t = cx_.lookup(cur, last, Context::Ns::Type);
    const Decl* v = cx_.lookup(cur, last, Context::Ns::Value);
    if (!t && !v) {
      if (final) cx_.diags.report(DiagKind::UnresolvedPath, u.span, last, p_.modules[cur].path);
      return final;
    }
    if (t) cx_.check_visible(*t, m, u.span, Context::Ns::Type);
    else cx_.check_visible(*v, m, u.span, Context::Ns::Value);
    if (u.alias == "_") return true;
    if (t) scope.types[u.alias] = imported(*t);
    if (v) scope.values[u.alias] = imported(*v);
    return true;
  }

  // `use Enum::*;` / `use Enum::Variant;`: variants live in both namespaces.
  bool import_variants(ModuleId m, AdtId id, const ModuleScope::PendingUse& u, bool final) {
    auto& scope = cx_.scopes[m];
    const auto& variants = p_.adts[id].item->variants;
    for (size_t v = 0; v < variants.size(); ++v) {
      const std::string& name = variants[v].name.name;
      if (!u.glob && name != u.path.back()) continue;
      Decl d{Decl::Kind::Variant, id, variants[v].name.span, static_cast<uint32_t>(v)};
      d.vis = u.vis;
      std::string alias = u.glob ? name : u.alias;
      if (alias == "_") return true;
      if (u.glob) {
        scope.types.emplace(alias, d);  // explicit items shadow glob imports
        scope.values.emplace(alias, d);
      } else {
        scope.types[alias] = d;
        scope.values[alias] = d;
      }
      if (!u.glob) return true;
    }
    if (u.glob) return true;
    if (final) cx_.diags.report(DiagKind::UnresolvedPath, u.span, u.path.back(), p_.adts[id].path);
    return final;
  }

  // A struct that contains itself by value (directly, through other structs, enums or tuples) has
  // no finite size; rustc rejects it (E0072), and C++ could not compile it.
  void check_infinite_size() {
    std::vector<int> state(p_.adts.size(), 0);  // 0 new, 1 on the DFS stack, 2 done
    std::function<bool(AdtId)> visit;
    std::function<bool(TypeId)> visit_type = [&](TypeId t) -> bool {
      const TypeData& d = p_.types.get(t);
      if (d.kind == TyKind::Adt) return visit(d.id);
      if (d.kind == TyKind::Tuple) {
        for (TypeId e : d.elems) if (visit_type(e)) return true;
      }
      return false;
    };
    visit = [&](AdtId s) -> bool {
      if (state[s] == 1) return true;
      if (state[s] == 2) return false;
      state[s] = 1;
      auto check = [&](std::vector<FieldDef>& fields) {
        for (auto& f : fields) {
          if (visit_type(f.type)) {
            if (state[s] == 1) {
              cx_.diags.report(DiagKind::RecursiveType, p_.adts[s].span, p_.adts[s].path)
                  .notes.push_back({f.span, "recursive without indirection (`Box` is not supported yet)"});
            }
            f.type = p_.types.error();  // break the cycle for later stages
          }
        }
      };
      check(p_.adts[s].fields);
      for (auto& v : p_.adts[s].variants) check(v.fields);
      state[s] = 2;
      return false;
    };
    for (AdtId s : p_.user_adts) visit(s);
  }

  void struct_fields(const ast::Item& item, AdtId sid) {
    cx_.env = adt_env(sid);
    p_.adts[sid].fields = fields_of(item.fields, item.struct_kind, sid);
    cx_.env = {};
  }

  // Field types may name the type's generic parameters, and `Self`.
  Context::TypeEnv adt_env(AdtId id) {
    Context::TypeEnv env;
    std::vector<TypeId> args;
    for (ParamId g : p_.adts[id].generics) {
      env.params.push_back({p_.params[g].name, p_.types.param(g)});
      args.push_back(p_.types.param(g));
    }
    env.self_type = p_.types.adt(id, std::move(args));
    return env;
  }

  std::vector<FieldDef> fields_of(const std::vector<ast::FieldDef>& defs, ast::StructKind kind, AdtId owner) {
    std::vector<FieldDef> fields;
    for (size_t i = 0; i < defs.size(); ++i) {
      const auto& f = defs[i];
      // Tuple fields are named by position: `0`, `1`, ... (`m.0`).
      std::string name = kind == ast::StructKind::Tuple ? std::to_string(i) : f.name.name;
      Span span = kind == ast::StructKind::Tuple ? f.span : f.name.span;
      for (const auto& prev : fields) {
        if (prev.name == name) cx_.diags.report(DiagKind::DuplicateField, span, name);
      }
      TypeId t = cx_.lower_type(*f.type, p_.adts[owner].module, owner);
      if (p_.types.kind(t) == TyKind::Ref && p_.types.kind(p_.types.pointee(t)) == TyKind::Dyn) {
        cx_.unsupported(f.type->span, "`&dyn Trait` struct fields");
      }
      check_field_lifetimes(cx_, *f.type);  // (E0106: `&'a Item`)
      // (an enum's variant fields are as visible as the enum)
      fields.push_back({name, t, span, p_.adts[owner].is_enum ? kNone : cx_.vis_scope(f.vis, p_.adts[owner].module)});
    }
    return fields;
  }

 public:
  void collect_impls() {
    // (by index, and by copy: a method body's own `impl` blocks are appended as its
    // function is declared, and collected in turn)
    for (size_t i = 0; i < impls_.size(); ++i) {
      const ImplRef im = impls_[i];
      const ast::Item& item = *im.item;
      if (item.trait_path) {
        trait_impl(im);
        continue;
      }
      std::vector<ParamId> params = declare_generics(item.generics, im.module);
      for (ParamId q : params) cx_.env.params.push_back({p_.params[q].name, p_.types.param(q)});
      // (std's `impl<T> [T]`: the one place a slice is named by value)
      TypeId self = im.is_std && item.self_type->kind == ast::TypeKind::Slice
                        ? p_.types.slice(cx_.lower_type(*item.self_type->elem, im.module, kNone))
                        : cx_.lower_type(*item.self_type, im.module, kNone);
      cx_.env = {};
      if (p_.types.kind(self) != TyKind::Adt) {
        if (im.is_std && params.empty() && prim_impl(self)) {
          prim_inherent_impl(item, im, self);
          continue;
        }
        if (im.is_std && params.size() == 1 && p_.types.kind(self) == TyKind::Slice &&
            p_.types.get(self).elems[0] == p_.types.param(params[0])) {
          slice_inherent_impl(item, im, self, params);
          continue;
        }
        if (!im.is_std && (prim_impl(self) || p_.types.kind(self) == TyKind::Ref || p_.types.kind(self) == TyKind::Slice)) {
          cx_.diags.report(DiagKind::SyntaxError, item.self_type->span, "cannot define inherent `impl` for primitive types")
              .notes.push_back({Span{}, "consider using an extension trait instead"});
          continue;
        }
        if (p_.types.kind(self) != TyKind::Error) cx_.unsupported(item.self_type->span, "inherent impls on this type");
        continue;
      }
      AdtId sid = p_.types.get(self).id;
      // `impl<T> Stack<T>`: the impl's parameters stand for the type's, in order (its C++
      // members are those of the class template `Stack<T>`).
      bool same_params = params.size() == p_.types.get(self).elems.size();
      for (size_t k = 0; same_params && k < params.size(); ++k) {
        same_params = p_.types.get(self).elems[k] == p_.types.param(params[k]);
      }
      if (!same_params && p_.adts[sid].is_std) {
        cx_.unsupported(item.self_type->span, "inherent impls for some instances of a generic std type only");
        continue;
      }
      for (const auto& member : item.items) {
        if (member->kind == ast::ItemKind::Const) {
          auto& consts = p_.adts[sid].assoc_consts;
          if (consts.count(member->name.name) || p_.adts[sid].assoc.count(member->name.name)) {
            cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
            continue;
          }
          if (!same_params) {
            cx_.unsupported(member->span, "associated constants in impls for some instances of a generic type");
            continue;
          }
          if (!params.empty()) {
            cx_.unsupported(member->span, "associated constants in generic impls");
            continue;
          }
          consts[member->name.name] = new_const(*member, im.module, sid);
          continue;
        }
        if (member->kind != ast::ItemKind::Fn) {
          cx_.unsupported(member->span, "associated items other than functions and constants");
          continue;
        }
        auto& assoc = p_.adts[sid].assoc;
        // (rustc allows one name in impls for different instances: `impl P<i32>`, `impl P<f64>`)
        bool another_instance = assoc.count(member->name.name) && !same_params &&
                                p_.fns[assoc[member->name.name]].instance_impl;
        for (FnId other : p_.adts[sid].instance_methods[member->name.name]) {
          another_instance = another_instance && p_.fns[other].self_type != self;
        }
        if (assoc.count(member->name.name) && !another_instance) {
          cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
          continue;
        }
        FnId f = new_fn(*member, im.module, sid, im.is_std, true, params);
        p_.fns[f].self_type = self;
        p_.fns[f].instance_impl = !same_params;
        if (!same_params) p_.adts[sid].instance_methods[member->name.name].push_back(f);
        if (another_instance) continue;  // (`assoc` keeps the first; calls choose by the receiver's type)
        // A method written in ASR of a std type implemented in C++ (`String::pop`) cannot be a
        // member of the C++ class: it is a free function of the std module's namespace.
        if (p_.adts[sid].is_std && member->body) p_.fns[f].owner = kNone;
        assoc[member->name.name] = f;
      }
    }
  }

  // std's `impl str { .. }` / `impl char { .. }` (Rust's std has them in core; users cannot
  // write inherent impls on primitives: rustc's E0390).
  bool prim_impl(TypeId self) const {
    switch (p_.types.kind(self)) {
      case TyKind::Str: case TyKind::Char: case TyKind::Int: case TyKind::Float: case TyKind::Bool: return true;
      default: return false;
    }
  }

  void prim_inherent_impl(const ast::Item& item, const ImplRef& im, TypeId self) {
    auto& assoc = p_.prim_assoc[self.index];
    for (const auto& member : item.items) {
      if (member->kind != ast::ItemKind::Fn) {
        cx_.unsupported(member->span, "associated items other than functions on primitive types");
        continue;
      }
      if (assoc.count(member->name.name)) {
        cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
        continue;
      }
      FnId f = new_fn(*member, im.module, kNone, im.is_std, true, {});
      p_.fns[f].self_type = self;
      p_.fns[f].path = p_.type_name(self) + "::" + member->name.name;
      assoc[member->name.name] = f;
    }
  }

  // std's `impl<T> [T] { .. }` (several blocks, with different bounds on `T`).
  void slice_inherent_impl(const ast::Item& item, const ImplRef& im, TypeId self, const std::vector<ParamId>& params) {
    for (const auto& member : item.items) {
      if (member->kind != ast::ItemKind::Fn) {
        cx_.unsupported(member->span, "associated items other than functions on slices");
        continue;
      }
      if (p_.slice_assoc.count(member->name.name)) {
        cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
        continue;
      }
      FnId f = new_fn(*member, im.module, kNone, im.is_std, true, params);
      p_.fns[f].self_type = self;
      p_.fns[f].path = "[T]::" + member->name.name;
      p_.slice_assoc[member->name.name] = f;
    }
  }

  void trait_impl(const ImplRef& im) {
    const ast::Item& item = *im.item;
    if (item.negative) {
      cx_.diags.report(DiagKind::NotInAsr, item.span, "negative impls (`impl !Trait for T`)");
      return;
    }
    // The impl's parameters and self type first: trait arguments may name them (and
    // default to `Self`).
    std::vector<ParamId> params = declare_generics(item.generics, im.module);
    for (ParamId q : params) cx_.env.params.push_back({p_.params[q].name, p_.types.param(q)});
    cx_.unsized_ok = true;  // (`impl Tagged for [T]`: Self may be unsized, used as `&self`)
    TypeId self_type = cx_.lower_type(*item.self_type, im.module, kNone);
    std::optional<Context::TraitRef> tr = cx_.resolve_trait(*item.trait_path, im.module, true, self_type);
    cx_.env = {};
    if (!tr) return;
    if (!tr->assoc.empty()) {
      cx_.diags.report(DiagKind::SyntaxError, item.trait_path->span, "associated item constraints are not allowed here");
      return;
    }
    if (tr->builtin) {
      // A hand-written `impl PartialEq for T` / `impl fmt::Display for T`: an impl of std's
      // declaration of the trait (`PartialEq` is `PartialEq<Self>`).
      if (*tr->builtin == Trait::Hash) {
        cx_.unsupported(item.trait_path->span, "implementing `Hash` by hand (derive it instead)");
        return;
      }
      TraitId decl = p_.builtin_decls[static_cast<unsigned>(*tr->builtin)];
      if (decl == kNone) return;
      tr = Context::TraitRef{decl, std::nullopt, std::vector<TypeId>(p_.traits[decl].params.size(), self_type), {}};
    } else if (tr->user != kNone && p_.traits[tr->user].builtin) {
      // `impl PartialEq<Other> for T`: comparisons between different types are not built in.
      bool self_args = true;
      for (TypeId a : tr->args) self_args = self_args && a == self_type;
      if (!self_args) {
        cx_.unsupported(item.trait_path->span, fmt::format("implementing `{}` with a right-hand type other than `Self`",
                                                           p_.traits[tr->user].name));
        return;
      }
    }
    if (tr->user == kNone) {
      cx_.diags.report(DiagKind::SyntaxError, item.span, "explicit impls for the `Sized` trait are not permitted");
      return;
    }
    ImplDef d;
    d.trait = tr->user;
    d.module = im.module;
    d.item = &item;
    d.span = item.span;
    d.params = std::move(params);
    d.self_type = self_type;
    d.trait_args = tr->args;
    if (p_.types.kind(d.self_type) == TyKind::Error) return;
    if (!im.is_std && p_.modules[p_.traits[d.trait].module].is_std) {
      // Rust's orphan rule: a std trait only for a type of the crate (or with one as argument).
      auto local = [&](TypeId t) {
        while (p_.types.kind(t) == TyKind::Ref) t = p_.types.pointee(t);
        return p_.types.kind(t) == TyKind::Adt && !p_.adts[p_.types.get(t).id].is_std;
      };
      bool ok = local(d.self_type);
      for (TypeId a : d.trait_args) ok = ok || local(a);
      if (!ok && p_.types.kind(d.self_type) == TyKind::Param) {
        cx_.diags.report(DiagKind::OrphanTypeParam, item.self_type->span, p_.type_name(d.self_type))
            .notes.push_back({Span{}, "only traits defined in the current crate can be implemented for a type parameter"});
        return;
      }
      if (!ok) {
        bool prim = p_.types.kind(d.self_type) != TyKind::Adt;
        cx_.diags.report(DiagKind::OrphanImpl, item.span, prim ? "primitive types" : "types defined outside of the crate")
            .notes.push_back({item.self_type->span, fmt::format("`{}` is not defined in the current crate", p_.type_name(d.self_type))});
        return;
      }
    }
    if (p_.traits[d.trait].lang == "drop" && !im.is_std && !drop_impl_allowed(d, item)) return;
    for (ImplId other = 0; other < p_.impls.size(); ++other) {
      const ImplDef& o = p_.impls[other];
      if (o.trait == d.trait && o.self_type == d.self_type && o.trait_args == d.trait_args) {
        std::string trait_text = p_.traits[d.trait].name;
        if (!d.trait_args.empty()) {
          trait_text += "<";
          for (size_t k = 0; k < d.trait_args.size(); ++k) trait_text += (k ? ", " : "") + p_.type_name(d.trait_args[k]);
          trait_text += ">";
        }
        cx_.diags.report(DiagKind::ConflictingTraitImpl, item.span, trait_text, p_.type_name(d.self_type))
            .notes.push_back({o.span, "first implementation here"});
        return;
      }
    }
    if (std::optional<Trait> b = p_.traits[d.trait].builtin; b && p_.types.kind(d.self_type) == TyKind::Adt) {
      AdtDef& ad = p_.adts[p_.types.get(d.self_type).id];
      if (ad.implements(*b)) {
        cx_.diags.report(DiagKind::ConflictingTraitImpl, item.span, trait_name(*b), p_.type_name(d.self_type))
            .notes.push_back({ad.span, "the type also derives it"});
        return;
      }
      if (*b == Trait::Copy && ad.drop_impl != kNone) {
        cx_.diags.report(DiagKind::CopyWithDestructor, item.span)
            .notes.push_back({p_.impls[ad.drop_impl].span, "this type has a destructor: the `Drop` impl"});
        return;
      }
      ad.add(*b);
      // `impl<T> Display for W<T>` (every argument a distinct parameter, no bounds): it holds
      // for every `W<..>`, not only where the arguments implement the trait too (a derive).
      bool unbounded = item.generics.where.empty();
      for (const auto& gp : item.generics.params) unbounded = unbounded && gp.bounds.empty();
      std::vector<TypeId> seen;
      for (TypeId e : p_.types.get(d.self_type).elems) {
        if (p_.is_const_arg(e)) continue;
        unbounded = unbounded && p_.types.kind(e) == TyKind::Param && std::find(seen.begin(), seen.end(), e) == seen.end();
        seen.push_back(e);
      }
      if (unbounded) ad.unconditional |= 1u << static_cast<unsigned>(*b);
    }
    ImplId id = static_cast<ImplId>(p_.impls.size());
    if (p_.traits[d.trait].lang == "drop" && !im.is_std) p_.adts[p_.types.get(d.self_type).id].drop_impl = id;
    p_.impls.push_back(std::move(d));
    p_.user_impls.push_back(id);  // (std's are written in ASR too)
    impl_consts(id, im);  // (associated types: signatures, once the bounds they may use are known)
    for (const auto& member : item.items) {
      if (member->kind == ast::ItemKind::TypeAlias || member->kind == ast::ItemKind::Const) continue;
      if (member->kind != ast::ItemKind::Fn) {
        cx_.unsupported(member->span, "this item in a trait impl");
        continue;
      }
      bool dup = false;
      for (FnId f : p_.impls[id].methods) dup = dup || p_.fns[f].name == member->name.name;
      if (dup) {
        cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
        continue;
      }
      FnId f = new_fn(*member, im.module, kNone, im.is_std, true, p_.impls[id].params);
      FnDef& fd = p_.fns[f];
      if (fd.is_const) cx_.diags.report(DiagKind::ConstFnInTrait, member->span, "trait impls");  // (E0379)
      fd.is_const = false;
      fd.impl = id;
      fd.self_type = p_.impls[id].self_type;
      fd.path = fmt::format("<{} as {}>::{}", p_.type_name(fd.self_type), p_.traits[p_.impls[id].trait].path, fd.name);
      if (fd.track_caller && !p_.modules[im.module].is_std) {
        // (calls through the trait pass no location unless its declaration takes one)
        FnId decl = p_.trait_method(p_.impls[id].trait, fd.name);
        if (decl != kNone && !p_.fns[decl].track_caller) {
          cx_.unsupported(member->name.span, "`#[track_caller]` on a method of a trait impl");
          fd.track_caller = false;
        }
      }
      p_.impls[id].methods.push_back(f);
    }
  }

  // E0367 (once the bounds are known): a `Drop` impl asks no more of the type's parameters
  // than the type itself does.
  void check_drop_bounds(ImplId i) {
    const ImplDef& d = p_.impls[i];
    const AdtDef& ad = p_.adts[p_.types.get(d.self_type).id];
    for (size_t k = 0; k < d.params.size() && k < ad.generics.size(); ++k) {
      const GenericParamDef& mine = p_.params[d.params[k]];
      const GenericParamDef& theirs = p_.params[ad.generics[k]];
      std::string extra;
      for (unsigned b = 0; b < 32 && extra.empty(); ++b) {
        if ((mine.builtin >> b & 1u) && !(theirs.builtin >> b & 1u)) extra = trait_name(static_cast<Trait>(b));
      }
      for (const TraitBound& tb : mine.traits) {
        bool held = false;
        for (const TraitBound& o : theirs.traits) held = held || (o.trait == tb.trait && o.args == tb.args);
        if (!held && extra.empty()) extra = p_.traits[tb.trait].path;
      }
      if (!extra.empty()) {
        cx_.diags.report(DiagKind::DropExtraBound, d.span, fmt::format("{}: {}", mine.name, extra), ad.is_enum ? "enum" : "struct")
            .notes.push_back({ad.span, "the implementor must specify the same requirement"});
        return;
      }
    }
  }

  // Rust's rules for `impl Drop` (E0120, E0366, E0367, E0184): for a local struct or enum
  // itself, generic over exactly its own parameters and asking no more of them, and not `Copy`.
  bool drop_impl_allowed(const ImplDef& d, const ast::Item& item) {
    const auto& T = p_.types;
    if (T.kind(d.self_type) != TyKind::Adt) {
      cx_.diags.report(DiagKind::DropOnNonAdt, item.self_type->span);
      return false;
    }
    AdtDef& ad = p_.adts[T.get(d.self_type).id];
    const std::vector<TypeId>& args = T.get(d.self_type).elems;
    for (size_t k = 0; k < args.size(); ++k) {
      bool own = T.kind(args[k]) == TyKind::Param && k < d.params.size() && T.get(args[k]).id == d.params[k];
      for (size_t j = 0; own && j < k; ++j) own = args[j] != args[k];
      if (!own) {
        auto& diag = cx_.diags.report(DiagKind::DropSpecialized, item.span);
        diag.notes.push_back({Span{}, fmt::format("`{}` is not a generic parameter", p_.type_name(args[k]))});
        diag.notes.push_back({ad.span, "use the same sequence of generic lifetime, type and const parameters as the type definition"});
        return false;
      }
    }
    if (ad.implements(Trait::Copy)) {
      cx_.diags.report(DiagKind::CopyWithDestructor, ad.item ? ad.item->name.span : ad.span)
          .notes.push_back({item.span, "this type has a destructor: the `Drop` impl"});
      return false;
    }
    return true;
  }

  // `const SIDES: u32 = 4;` in an impl: one constant per trait const, written or the trait's
  // default (checked with `Self` the impl's type). Only impls for a struct or an enum, not
  // generic, can have them for now.
  void impl_consts(ImplId id, const ImplRef& im) {
    const ast::Item& item = *im.item;
    const TraitDef& td = p_.traits[p_.impls[id].trait];
    TypeId self = p_.impls[id].self_type;
    bool can_have = p_.types.kind(self) == TyKind::Adt && p_.impls[id].params.empty();
    if (!can_have && !td.consts.empty()) {
      // (generic code reads `T::N` from the impl, which would have none)
      cx_.unsupported(item.self_type->span, p_.impls[id].params.empty()
                                                ? "associated constants in impls for types other than structs and enums"
                                                : "associated constants in generic impls");
      return;
    }
    p_.impls[id].consts.assign(td.consts.size(), kNone);
    auto add = [&](const ast::Item& def, ModuleId m, uint32_t k, bool is_default) {
      uint32_t c = new_const(def, m, p_.types.get(self).id);
      p_.consts[c].impl = id, p_.consts[c].trait_const = k, p_.consts[c].trait_default = is_default;
      p_.consts[c].path = fmt::format("<{} as {}>::{}", p_.type_name(self), td.name, td.consts[k].name);
      p_.impls[id].consts[k] = c;
    };
    for (const auto& member : item.items) {
      if (member->kind != ast::ItemKind::Const) continue;
      uint32_t k = kNone;
      for (uint32_t j = 0; j < td.consts.size(); ++j) if (td.consts[j].name == member->name.name) k = j;
      if (k == kNone) {
        cx_.diags.report(DiagKind::NotTraitConst, member->name.span, member->name.name, td.name);
        continue;
      }
      if (p_.impls[id].consts[k] != kNone) {
        cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
        continue;
      }
      add(*member, im.module, k, false);
    }
    for (uint32_t k = 0; can_have && k < td.consts.size(); ++k) {
      if (p_.impls[id].consts[k] != kNone || !td.consts[k].item->value) continue;
      add(*td.consts[k].item, td.module, k, true);  // the trait's default, evaluated for this type
    }
  }

  // `type Output = Vec2;` in an impl: one for each of the trait's associated types.
  void impl_assoc_types(ImplId id) {
    const ast::Item& item = *p_.impls[id].item;
    const TraitDef& td = p_.traits[p_.impls[id].trait];
    p_.impls[id].assoc_types.assign(td.assoc_types.size(), p_.types.error());
    std::vector<bool> seen(td.assoc_types.size(), false);
    cx_.env = {};
    for (ParamId q : p_.impls[id].params) cx_.env.params.push_back({p_.params[q].name, p_.types.param(q)});
    cx_.env.self_type = p_.impls[id].self_type;
    for (const auto& member : item.items) {
      if (member->kind != ast::ItemKind::TypeAlias) continue;
      uint32_t k = kNone;
      for (uint32_t i = 0; i < td.assoc_types.size(); ++i) if (td.assoc_types[i].name == member->name.name) k = i;
      if (k == kNone) {
        cx_.diags.report(DiagKind::NotTraitTypeMember, member->name.span, member->name.name, td.name);
        continue;
      }
      if (seen[k]) {
        cx_.diags.report(DiagKind::DuplicateDefinition, member->name.span, member->name.name);
        continue;
      }
      seen[k] = true;
      if (!member->type) continue;
      TypeId t;
      if (td.lang == "deref" && member->type->kind == ast::TypeKind::Slice) {
        // `type Target = [T];` (std::vec): Deref's target may be unsized (`Target: ?Sized`).
        TypeId elem = cx_.lower_type(*member->type->elem, p_.impls[id].module, kNone);
        t = p_.types.kind(elem) == TyKind::Error ? elem : p_.types.slice(elem);
      } else {
        t = cx_.lower_type(*member->type, p_.impls[id].module, kNone);
      }
      p_.impls[id].assoc_types[k] = t;
      cx_.env.self_assoc.push_back({member->name.name, t});
    }
    cx_.env = {};  // (missing ones are reported by check_impls, with the missing methods)
  }

 private:
  void fn_signature(FnId id) {
    if (p_.fns[id].sig_done) return;
    p_.fns[id].sig_done = true;
    FnDef& f = p_.fns[id];
    const ast::Item& item = *f.item;
    auto& T = p_.types;
    cx_.env = cx_.env_of(id);
    if (f.self_kind != ast::SelfKind::None) {
      if (f.self_type.index == 0) {
        cx_.diags.report(DiagKind::SyntaxError, item.fn.self_span, "`self` parameter is only allowed in associated functions");
      }
      if (f.self_kind == ast::SelfKind::Typed) cx_.unsupported(item.fn.self_span, "typed `self` parameters");
    }
    for (const auto& prm : item.fn.params) {
      ParamDef pd;
      pd.span = prm.span;
      const ast::Type* ty = prm.type.get();
      bool ref_to_impl = ty && ty->kind == ast::TypeKind::Ref && ty->elem && ty->elem->kind == ast::TypeKind::ImplTrait;
      pd.type = !ty ? T.error()
                : ty->kind == ast::TypeKind::ImplTrait ? cx_.impl_trait_param(id, *ty, f.module)
                // `it: &mut impl Iterator<Item = u32>`: a reference to an anonymous parameter
                : ref_to_impl ? T.ref(cx_.impl_trait_param(id, *ty->elem, f.module), ty->is_mut)
                              : cx_.lower_type(*ty, f.module, f.owner);
      if (prm.pat && prm.pat->kind == ast::PatKind::Ident && !prm.pat->sub && !prm.pat->by_ref) {
        pd.name = prm.pat->name.name;
        pd.is_mut = prm.pat->is_mut;
        for (const auto& earlier : f.params) {
          if (earlier.name == pd.name && pd.name != "_") {
            cx_.diags.report(DiagKind::DuplicateParam, prm.pat->name.span, pd.name);
          }
        }
      } else if (prm.pat && prm.pat->kind == ast::PatKind::Wild) {
        pd.name = "_";
      } else if (prm.pat) {
        pd.name = "_";  // the value, unnamed; the body binds the pattern's names
        pd.pattern = prm.pat.get();
      }
      f.params.push_back(std::move(pd));
    }
    f.ret = !item.fn.ret ? T.unit()
            : item.fn.ret->kind == ast::TypeKind::ImplTrait ? cx_.impl_trait_return(id, *item.fn.ret, f.module)
                                                            : cx_.lower_type(*item.fn.ret, f.module, f.owner);
    check_return_lifetimes(cx_, f, item.fn);
    implied_fn_assoc_bounds(id);
    if (item.fn.variadic) cx_.diags.report(DiagKind::NotInAsr, item.span, "variadic functions");
    cx_.env = {};
  }

  Context& cx_;
  Program& p_;
  std::vector<std::pair<const ast::Item*, AdtId>> struct_items_;
  std::vector<std::pair<const ast::Item*, AdtId>> enum_items_;
  std::vector<ImplRef> impls_;
  std::vector<PendingFn> pending_fns_;
};

}  // namespace

std::unique_ptr<Program> analyze(std::vector<CrateInput> crates, uint32_t expr_count,
                                 Diagnostics& diags) {
  auto prog = std::make_unique<Program>();
  Context cx(*prog, diags);
  prog->exprs.resize(expr_count + 1);
  ModuleId crate_root = cx.add_module("crate", kNone, false);
  cx.std_root = cx.add_module("std", kNone, true);
  Collector col(cx);
  std::string crate_name = "main";
  FileId user_file{};
  for (auto& in : crates) {
    if (!in.is_std && in.module_path == "crate") {
      crate_name = in.crate_name;
      user_file = in.crate->file;
    }
    if (!in.is_std) prog->user_files.push_back(in.crate->file);
    ModuleId m = cx.module_by_path(in.module_path);
    if (m == kNone) {
      // std submodules: create the chain `std::a::b`.
      std::string path = in.module_path;
      ModuleId parent = cx.std_root;
      size_t start = path.find("::");
      while (start != std::string::npos) {
        size_t next = path.find("::", start + 2);
        std::string seg = path.substr(start + 2, next == std::string::npos ? std::string::npos : next - start - 2);
        ModuleId existing = cx.lookup(parent, seg, Context::Ns::Type) ? cx.lookup(parent, seg, Context::Ns::Type)->id : kNone;
        parent = existing != kNone ? existing : cx.add_module(seg, parent, true);
        start = next;
      }
      m = parent;
    }
    for (const auto& a : in.crate->attrs) {
      (void)a;  // inner attributes (`#![allow(..)]`) have no effect yet
    }
    col.declare_items(in.crate->items, m, in.is_std);
    prog->crates.push_back(std::move(in.crate));
  }
  cx.build_prelude();
  col.resolve_uses();
  col.trait_defaults();
  col.primitive_op_impls();
  col.collect_impls();
  col.resolve_uses();  // (those in the bodies of the impls' methods, declared by collect_impls)
  col.signatures();
  check_impls(cx);
  check_dyn_compatible(cx);

  // `fn main()` in the crate root.
  if (const Decl* d = cx.lookup(crate_root, "main", Context::Ns::Value); d && d->kind == Decl::Kind::Fn) {
    prog->main = d->id;
    const FnDef& m = prog->fns[d->id];
    // `fn main()` or `fn main() -> Result<(), E>` (an `Err` is printed and exits with 1).
    const TypeData& rd = prog->types.get(m.ret);
    bool result_main = rd.kind == TyKind::Adt && rd.id == prog->result_adt && prog->types.is_unit(rd.elems[0]);
    if (!m.params.empty() || (m.ret != prog->types.unit() && !result_main)) {
      diags.report(DiagKind::MainSignature, m.span);
    } else if (result_main && !prog->implements(rd.elems[1], Trait::Debug)) {
      diags.report(DiagKind::FormatTrait, m.item->fn.ret->span, prog->type_name(rd.elems[1]), "Debug")
          .notes.push_back({Span{}, "`main` returning `Result<(), E>` prints an error with `{:?}`"});
    }
  } else {
    diags.report(DiagKind::NoMain, Span{user_file, 0, 0}, crate_name)
        .notes.push_back({Span{}, "consider adding a `main` function to the file"});
  }

  // A trait's default for a constant is one initializer checked once per impl (with `Self`
  // that impl's type): each is evaluated right after its check, before the next overwrites
  // what sema recorded about the initializer's expressions.
  auto shared = [&](uint32_t c) { return prog->consts[c].trait_default; };
  for (uint32_t c = 0; c < prog->consts.size(); ++c) {
    if (!prog->consts[c].checked && !shared(c)) check_const(cx, c);
  }
  for (uint32_t c = 0; c < prog->consts.size(); ++c) {
    if (!shared(c)) continue;
    check_const(cx, c);
    if (prog->consts[c].state == ConstDef::State::Pending) eval_const(cx, c);
  }
  for (uint32_t c = 0; c < prog->consts.size(); ++c) {
    if (prog->consts[c].state == ConstDef::State::Pending) eval_const(cx, c);
  }
  for (FnId f : prog->user_fns) {
    if (diags.saturated()) break;
    check_body(cx, f);
    // Move errors on a body with type errors would mostly be noise.
    if (!prog->fns[f].body_errors) check_moves(cx, f);
  }
  return prog;
}

}  // namespace asr::sema
