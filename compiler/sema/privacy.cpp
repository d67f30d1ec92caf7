// Privacy, as rustc checks it: an item, field or method is visible in the module that its
// visibility names (its own module unless `pub`, `pub(super)`, `pub(in path)`) and in that
// module's descendants. Uses from elsewhere are E0603 (items), E0616 (field access), E0451
// (fields in struct literals and patterns) and E0624 (methods and associated functions).

#include <fmt/format.h>

#include "sema/context.hpp"

namespace asr::sema {

ModuleId Context::vis_scope(const ast::Visibility& v, ModuleId m) const {
  m = real_module(m);
  if (prog.modules[m].is_std) return kNone;  // (std's declarations are all usable)
  switch (v.kind) {
    case ast::VisKind::Pub:
    case ast::VisKind::PubCrate:  // (one crate: the same as `pub` for its own code)
      return kNone;
    case ast::VisKind::Private:
    case ast::VisKind::PubSelf:
      return m;
    case ast::VisKind::PubSuper:
      return prog.modules[m].parent == kNone ? kNone : real_module(prog.modules[m].parent);
    case ast::VisKind::PubIn: {
      // `pub(in crate::a)`, `pub(in super)`, `pub(in self::b)`: an ancestor of `m`.
      ModuleId cur = m;
      for (const auto& seg : v.in_path.segments) {
        const std::string& n = seg.name.name;
        if (n == "crate") {
          while (prog.modules[cur].parent != kNone) cur = prog.modules[cur].parent;
        } else if (n == "super") {
          if (prog.modules[cur].parent == kNone) return kNone;
          cur = real_module(prog.modules[cur].parent);
        } else if (n != "self") {
          const Decl* d = lookup(cur, n, Ns::Type);
          if (!d || d->kind != Decl::Kind::Module) return m;
          cur = d->id;
        }
      }
      return prog.modules[cur].parent == kNone ? kNone : cur;
    }
  }
  return kNone;
}

bool Context::visible(ModuleId vis, ModuleId from) const {
  if (vis == kNone) return true;
  for (ModuleId m = from; m != kNone; m = prog.modules[m].parent) {
    if (m == vis) return true;
  }
  return false;
}

bool Context::check_visible(const Decl& d, ModuleId from, Span span, Ns ns) {
  if (visible(d.vis, from)) return true;
  std::string what = "item", name;
  switch (d.kind) {
    case Decl::Kind::Module: what = "module"; name = prog.modules[d.id].name; break;
    case Decl::Kind::Adt: {
      const AdtDef& ad = prog.adts[d.id];
      name = ad.name;
      if (ad.is_enum) what = "enum";
      else if (ns == Ns::Value && ad.kind == ast::StructKind::Unit) what = "unit struct";
      else if (ns == Ns::Value && ad.kind == ast::StructKind::Tuple) what = "tuple struct";
      else what = "struct";
      break;
    }
    case Decl::Kind::Fn: what = "function"; name = prog.fns[d.id].name; break;
    case Decl::Kind::Const: what = prog.consts[d.id].is_static ? "static" : "constant"; name = prog.consts[d.id].name; break;
    case Decl::Kind::Trait: what = "trait"; name = prog.traits[d.id].name; break;
    case Decl::Kind::Alias: what = "type alias"; name = aliases[d.id].item->name.name; break;
    case Decl::Kind::Variant: what = "enum"; name = prog.adts[d.id].name; break;
    case Decl::Kind::DefaultFn: return true;
  }
  private_error(DiagKind::PrivateItem, span, what, name);
  return false;
}

bool Context::check_ctor_visible(AdtId adt, ModuleId from, Span span) {
  // `Tup(1, 2)` needs every field: a tuple struct with a private field has a private constructor.
  const AdtDef& ad = prog.adts[adt];
  if (ad.is_enum || ad.kind != ast::StructKind::Tuple) return true;
  for (const FieldDef& f : ad.fields) {
    if (!visible(f.vis, from)) {
      private_error(DiagKind::PrivateItem, span, "tuple struct constructor", ad.name);
      return false;
    }
  }
  return true;
}

bool Context::check_field_visible(AdtId adt, uint32_t variant, size_t field, ModuleId from, Span span, bool access) {
  if (variant != kNone || adt == kNone) return true;  // (variant fields are as visible as their enum)
  const AdtDef& ad = prog.adts[adt];
  if (field >= ad.fields.size() || visible(ad.fields[field].vis, from)) return true;
  private_error(access ? DiagKind::PrivateFieldAccess : DiagKind::PrivateField, span, ad.fields[field].name, ad.name);
  return false;
}

bool Context::check_fn_visible(FnId fn, ModuleId from, Span span) {
  const FnDef& f = prog.fns[fn];
  if (f.trait != kNone || f.impl != kNone || visible(f.vis, from)) return true;  // (trait items are public)
  private_error(DiagKind::PrivateMethod, span,
                f.self_kind == ast::SelfKind::None ? "associated function" : "method", f.name);
  return false;
}

std::optional<Decl> Context::assoc_visible(std::optional<Decl> d, ModuleId from) {
  if (!d || from == kNone) return d;
  if (d->kind == Decl::Kind::Fn) check_fn_visible(d->id, from, d->span);
  if (d->kind == Decl::Kind::Const && prog.consts[d->id].item) {
    const ConstDef& c = prog.consts[d->id];
    if (!visible(vis_scope(c.item->vis, c.module), from)) private_error(DiagKind::PrivateMethod, d->span, "associated constant", c.name);
  }
  return d;
}

void Context::private_error(DiagKind kind, Span span, const std::string& a, const std::string& b) {
  // Paths may be resolved more than once (a probe, then the real resolution): report once.
  if (!private_reported_.insert(fmt::format("{}:{}:{}", span.file.index, span.begin, a)).second) return;
  diags.report(kind, span, a, b);
}

}  // namespace asr::sema
