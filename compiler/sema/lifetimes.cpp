// E0106 (missing lifetime specifier) for struct fields and for return types whose lifetime
// elision fails, as rustc reports it: at the `&`, "expected named lifetime parameter".

#include "sema/lifetimes.hpp"

#include <functional>

namespace asr::sema {
namespace {

Span amp(const ast::Type& t) { return Span{t.span.file, t.span.begin, t.span.begin + 1}; }

// Calls `fn` for every `&` without a lifetime in `t`.
void each_elided_ref(const ast::Type& t, const std::function<void(const ast::Type&)>& fn) {
  if (t.kind == ast::TypeKind::FnPtr) return;  // (`fn(&T) -> &U` has its own elision)
  if (t.kind == ast::TypeKind::Ref && !t.lifetime) fn(t);
  if (t.elem) each_elided_ref(*t.elem, fn);
  for (const auto& e : t.elems) if (e) each_elided_ref(*e, fn);
  if (t.kind == ast::TypeKind::Path) {
    for (const auto& seg : t.path.segments) {
      if (!seg.generics || seg.generics->parenthesized) continue;  // (`Fn(&T) -> &U` has its own elision)
      for (const auto& a : seg.generics->args) if (a.type) each_elided_ref(*a.type, fn);
    }
  }
}

// The lifetime positions in a parameter's type: each `&`, each lifetime argument, and the
// lifetime parameters of a struct named without them (`Parser` for `Parser<'a>`).
size_t lifetime_positions(const Program& p, const ast::Type& t, TypeId lowered) {
  size_t n = 0;
  bool explicit_args = false;
  std::function<void(const ast::Type&)> walk = [&](const ast::Type& x) {
    if (x.kind == ast::TypeKind::FnPtr) return;  // (its lifetimes are its own)
    if (x.kind == ast::TypeKind::Ref) ++n;
    if (x.elem) walk(*x.elem);
    for (const auto& e : x.elems) if (e) walk(*e);
    if (x.kind == ast::TypeKind::Path) {
      for (const auto& seg : x.path.segments) {
        if (!seg.generics || seg.generics->parenthesized) continue;
        for (const auto& a : seg.generics->args) {
          if (a.kind == ast::GenericArgKind::Lifetime) {
            ++n;
            explicit_args = true;
          }
          if (a.type) walk(*a.type);
        }
      }
    }
  };
  walk(t);
  if (explicit_args) return n;
  // Hidden lifetimes of the structs and enums the type names.
  std::function<void(TypeId)> hidden = [&](TypeId ty) {
    const TypeData& d = p.types.get(ty);
    if (d.kind == TyKind::Adt && p.adts[d.id].item) {
      for (const auto& g : p.adts[d.id].item->generics.params) n += g.kind == ast::GenericParamKind::Lifetime ? 1 : 0;
    }
    if (d.kind == TyKind::Adt || d.kind == TyKind::Tuple || d.kind == TyKind::Array || d.kind == TyKind::Ref) {
      for (TypeId e : d.elems) hidden(e);
    }
  };
  hidden(lowered);
  return n;
}

}  // namespace

void check_field_lifetimes(Context& cx, const ast::Type& field_type) {
  each_elided_ref(field_type, [&](const ast::Type& r) { cx.diags.report(DiagKind::MissingLifetime, amp(r)); });
}

void check_return_lifetimes(Context& cx, const FnDef& f, const ast::FnDecl& decl) {
  if (!decl.ret || decl.ret->kind == ast::TypeKind::ImplTrait) return;
  if (decl.self_kind == ast::SelfKind::Ref || decl.self_kind == ast::SelfKind::RefMut) return;  // `&self`'s lifetime
  const ast::Type* first = nullptr;
  each_elided_ref(*decl.ret, [&](const ast::Type& r) { if (!first) first = &r; });
  if (!first) return;
  size_t inputs = 0;
  for (size_t i = 0; i < decl.params.size() && i < f.params.size(); ++i) {
    if (decl.params[i].type) inputs += lifetime_positions(cx.prog, *decl.params[i].type, f.params[i].type);
  }
  if (decl.self_kind == ast::SelfKind::Typed && decl.self_type) inputs += lifetime_positions(cx.prog, *decl.self_type, f.self_type);
  if (inputs == 1) return;
  auto& d = cx.diags.report(DiagKind::MissingLifetime, amp(*first));
  d.notes.push_back({Span{}, inputs == 0 ? "this function's return type contains a borrowed value, but there is no value for it to be borrowed from"
                                         : "this function's return type contains a borrowed value, but the signature does not say which one of its parameters it is borrowed from"});
}

}  // namespace asr::sema
