#include "emit/dyn.hpp"

#include <fmt/format.h>

#include "lower/cpp_names.hpp"

namespace asr::emit {

using sema::TyKind;
using sema::TypeId;

namespace {

// The methods a trait object can call: the trait's and its supertraits' that take `self`
// by reference (one taking `self` by value cannot be called through a pointer: sema says so).
struct Slot {
  sema::TraitId trait;
  sema::FnId fn;
  std::string name;  // the vtable member: `area`, or `Animal_name` for a supertrait's method
};

std::vector<Slot> slots(const DynSpelling& s, sema::TraitId trait) {
  std::vector<Slot> out;
  if (s.p.traits[trait].builtin) return out;  // `dyn Display`: only formatted (sema allows no calls)
  for (sema::FnId f : s.p.dyn_methods(trait)) {
    const sema::FnDef& d = s.p.fns[f];
    if (d.self_kind != ast::SelfKind::Ref && d.self_kind != ast::SelfKind::RefMut) continue;
    std::string name = s.m.fn_names[f].empty() ? d.name : s.m.fn_names[f];
    if (d.trait != trait) name = s.m.trait_names[d.trait] + "_" + name;
    out.push_back({d.trait, f, name});
  }
  return out;
}

bool suspends(const DynSpelling& s, sema::FnId f) { return f < s.m.fn_suspends.size() && s.m.fn_suspends[f]; }

std::string ret(const DynSpelling& s, sema::FnId f) {
  std::string r = s.return_type(s.p.fns[f].ret);
  return suspends(s, f) ? "::asr::Task<" + r + ">" : r;
}

// `double k, int32_t n` and `k, n` of a method's parameters after `self`.
std::pair<std::string, std::string> params(const DynSpelling& s, sema::FnId f) {
  std::string decl, names;
  const sema::FnDef& d = s.p.fns[f];
  for (size_t i = 0; i < d.params.size(); ++i) {
    // The ASR name where it is one (`self` is taken; a pattern parameter has none).
    std::string n = d.params[i].name;
    if (n.empty() || n == "_" || n == "self" || n == "f") n = fmt::format("arg{}", i);
    n = lower::mangle(n);
    decl += fmt::format(", {} {}", s.type(d.params[i].type), n);
    names += ", " + n;
  }
  return {decl, names};
}

const char* self_ptr(const sema::FnDef& d) { return d.self_kind == ast::SelfKind::RefMut ? "void*" : "const void*"; }

}  // namespace

std::string dyn_type(const DynSpelling& s, TypeId dyn) {
  const sema::TypeData& d = s.p.types.get(dyn);
  if (d.sub == 0) return s.dyn_ref(d.id);
  std::string sig = s.return_type(d.elems[0]) + "(";
  for (size_t i = 1; i < d.elems.size(); ++i) sig += (i > 1 ? ", " : "") + s.type(d.elems[i]);
  return "::asr::DynFn<" + sig + ")>";
}

std::vector<std::string> dyn_struct(const DynSpelling& s, sema::TraitId trait) {
  std::string name = "dyn_" + s.m.trait_names[trait];
  std::vector<std::string> out = {
      fmt::format("// dyn {}: the address of a value whose type implements {}, and that type's vtable", s.p.traits[trait].name,
                  s.p.traits[trait].name),
      fmt::format("struct {}_vtable;", name),
      fmt::format("struct {} {{", name),
      fmt::format("  using vtable_type = {}_vtable;", name),
      fmt::format("  const {}_vtable* vtable = nullptr;", name),
      "  void* self = nullptr;",
      fmt::format("  template <class T> static {} of(const T& value);", name),
  };
  // (`Box<dyn ..>` awaits its value's drop through the vtable: asr/std/async_drop.hpp)
  if (s.async_drop(trait)) out.push_back("  static constexpr bool async_drop = true;");
  out.push_back("};");
  return out;
}

std::vector<std::string> dyn_vtable(const DynSpelling& s, sema::TraitId trait) {
  std::string name = "dyn_" + s.m.trait_names[trait];
  TypeId self = s.p.types.dyn_trait(trait);
  bool display = s.p.dyn_implements(self, sema::Trait::Display);
  bool debug = s.p.dyn_implements(self, sema::Trait::Debug);
  std::vector<Slot> ss = slots(s, trait);
  std::vector<std::string> out;
  out.push_back(fmt::format("struct {}_vtable {{", name));
  out.push_back("  void (*drop)(void* self);  // Box<dyn ..> frees its value through these two");
  out.push_back("  void* (*clone)(const void* self);");
  bool async_drop = s.async_drop(trait);
  if (async_drop) out.push_back("  ::asr::Task<> (*drop_async)(void* self);  // (some boxed type's drop suspends)");
  for (const Slot& sl : ss) {
    const sema::FnDef& d = s.p.fns[sl.fn];
    out.push_back(fmt::format("  {} (*{})({} self{});", ret(s, sl.fn), sl.name, self_ptr(d), params(s, sl.fn).first));
  }
  if (display) out.push_back("  void (*display)(const void* self, ::asr::Formatter& f);");
  if (debug) out.push_back("  void (*debug)(const void* self, ::asr::Formatter& f);");
  out.push_back("};");
  // One vtable per implementing type, each entry calling that type's impl.
  out.push_back("template <class T>");
  out.push_back(fmt::format("inline constexpr {}_vtable {}_vtable_for = {{", name, name));
  out.push_back("    [](void* self) { delete static_cast<T*>(self); },");
  out.push_back("    &::asr::dyn_clone<T>,");
  if (async_drop) out.push_back("    &::asr::dyn_drop_async<T>,");
  for (const Slot& sl : ss) {
    const sema::FnDef& d = s.p.fns[sl.fn];
    auto [decl, names] = params(s, sl.fn);
    bool mut = d.self_kind == ast::SelfKind::RefMut;
    out.push_back(fmt::format("    []({} self{}) -> {} {{ return {}<T>::{}(*static_cast<{}T*>(self){}); }},", self_ptr(d), decl,
                              ret(s, sl.fn), s.trait_ref(sl.trait), s.m.fn_names[sl.fn], mut ? "" : "const ", names));
  }
  if (display) {
    out.push_back("    [](const void* self, ::asr::Formatter& f) { ::asr::Display<T>::fmt(*static_cast<const T*>(self), f); },");
  }
  if (debug) {
    out.push_back("    [](const void* self, ::asr::Formatter& f) { ::asr::Debug<T>::fmt(*static_cast<const T*>(self), f); },");
  }
  out.push_back("};");
  out.push_back(fmt::format("template <class T> {} {}::of(const T& value) {{", name, name));
  out.push_back(fmt::format("  return {}{{&{}_vtable_for<T>, const_cast<T*>(&value)}};", name, name));
  out.push_back("}");
  return out;
}

std::vector<std::pair<sema::TraitId, std::vector<std::string>>> dyn_trait_impls(const DynSpelling& s, sema::TraitId trait) {
  std::vector<std::pair<sema::TraitId, std::vector<std::string>>> out;
  std::string name = s.dyn_ref(trait);
  std::vector<Slot> ss = slots(s, trait);
  for (const Slot& sl : ss) {
    if (std::find_if(out.begin(), out.end(), [&](auto& o) { return o.first == sl.trait; }) != out.end()) continue;
    std::vector<std::string> lines;
    lines.push_back(fmt::format("template <> struct {}<{}> {{", s.m.trait_names[sl.trait], name));
    for (const Slot& x : ss) {
      if (x.trait != sl.trait) continue;
      auto [decl, names] = params(s, x.fn);
      lines.push_back(fmt::format("  static {} {}(const {}& self{}) {{ return self.vtable->{}(self.self{}); }}", ret(s, x.fn),
                                  s.m.fn_names[x.fn], name, decl, x.name, names));
    }
    lines.push_back("};");
    out.push_back({sl.trait, std::move(lines)});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> dyn_format_tables(const DynSpelling& s, sema::TraitId trait) {
  std::vector<std::pair<std::string, std::string>> out;
  TypeId self = s.p.types.dyn_trait(trait);
  std::string name = s.dyn_ref(trait);
  for (auto [t, table, slot] : {std::tuple{sema::Trait::Display, "Display", "display"}, std::tuple{sema::Trait::Debug, "Debug", "debug"}}) {
    if (!s.p.dyn_implements(self, t)) continue;
    out.push_back({table, fmt::format("static void fmt(const {}& v, ::asr::Formatter& f) {{ v.vtable->{}(v.self, f); }}", name, slot)});
  }
  return out;
}

std::string dyn_coercion(const DynSpelling& s, TypeId from, TypeId to, std::string value) {
  const sema::TypeTable& T = s.p.types;
  TypeId inner;
  if (T.kind(to) == TyKind::Ref) {
    TypeId x = T.kind(from) == TyKind::Ref ? T.pointee(from) : from;
    TypeId y = T.pointee(to);
    while (x != y && s.p.is_box(x, &inner)) {  // `&Box<T>` as `&T`
      value = "*" + (value.find_first_of(" *") == std::string::npos ? value : "(" + value + ")");
      x = inner;
    }
    if (x == y || T.kind(y) != TyKind::Dyn) return value;
    return fmt::format("{}::of({})", dyn_type(s, y), value);
  }
  if (s.p.is_box(to, &inner)) return fmt::format("::asr::box_dyn<{}>({})", dyn_type(s, inner), value);
  return value;
}

}  // namespace asr::emit
