// Box and trait objects in the lowering: `*b` of a Box is a real dereference in C++ (a
// reference is not), auto-deref through Boxes for methods and fields, and the unsize
// coercions sema recorded (`&c` as `&dyn Shape`, `Box<Circle>` as `Box<dyn Shape>`).

#include "lower/lower_fn.hpp"

namespace asr::lower::detail {

namespace {

// A trait object behind a reference or a Box: values of other types flowing into such a
// place are converted (emit: `dyn_Shape::of(c)`, `::asr::box_dyn<dyn_Shape>(b)`).
bool holds_dyn(const sema::Program& p, TypeId t) {
  const sema::TypeTable& T = p.types;
  TypeId inner;
  if (T.kind(t) == TyKind::Ref) return T.kind(T.pointee(t)) == TyKind::Dyn;
  if (p.is_box(t, &inner)) return T.kind(inner) == TyKind::Dyn;
  return false;
}

}  // namespace

Expr FnLowerer::lower_expr(const ast::Expr& e, bool top) {
  if (const TypeId* to = p_.deref_coercion(e.span)) {
    Expr x = lower_expr_plain(e, top);
    return x.awaited ? x : deref_to(std::move(x), *to);
  }
  const sema::Program::Coercion* c = p_.coercion(e.span);
  if (!c || p_.info(e).type == c->to || T.kind(p_.info(e).type) == TyKind::Never) return lower_expr_plain(e, top);
  if (is_block_like(e)) {
    // Each branch is converted where it delivers its value (deliver -> coerce_to).
    uint32_t v = new_var("t", c->to, true, true);
    emit(decl(v, std::nullopt, e.span));
    lower_into(e, Dest::into(v));
    return var_expr(v);
  }
  return unsize(lower_expr_plain(e, top), c->to);
}

Expr FnLowerer::unsize(Expr v, TypeId to) {
  if (v.type == to || v.kind == lir::ExprKind::Unreachable) return v;
  Expr c{lir::ExprKind::Coerce, to, v.span};
  c.args.push_back(std::move(v));
  return c;
}

Expr FnLowerer::coerce_to(Expr v, TypeId to) {
  if (v.type == to || T.kind(v.type) == TyKind::Never || !holds_dyn(p_, to)) return v;
  if (T.kind(v.type) == TyKind::Error) return v;
  return unsize(std::move(v), to);
}

Expr FnLowerer::auto_deref(Expr v, unsigned n, bool mut) {
  for (unsigned i = 0; i < n; ++i) {
    TypeId t = v.type, inner = v.type;
    while (T.kind(t) == TyKind::Ref) t = T.pointee(t);  // (references are C++ references)
    if (p_.is_box(t, &inner)) {
      Expr d{lir::ExprKind::Unary, inner, v.span, "*"};
      d.args.push_back(std::move(v));
      v = std::move(d);
      continue;
    }
    std::optional<TypeId> target = p_.deref_target(t);
    sema::TraitId tr = mut ? p_.deref_mut_trait() : p_.deref_trait();
    if (!target || tr == sema::kNone) break;
    // `Deref<W>::deref(w)`: a reference to the target (sema rejects impls that suspend).
    Expr c{lir::ExprKind::Call, p_.types.ref(*target, mut), v.span};
    c.callee = p_.traits[tr].methods[0];
    c.type_args = {t};
    Expr self = deref_all(std::move(v));
    if (mut && (self.kind == lir::ExprKind::Call || self.kind == lir::ExprKind::CallValue || self.kind == lir::ExprKind::Runtime)) {
      // A temporary (`*cell.borrow_mut() += 1`): Rust keeps it to the end of the statement,
      // as C++ does; `asr::lvalue` lets `DerefMut::deref_mut` take it by `&`.
      Expr l{lir::ExprKind::Runtime, self.type, self.span, "lvalue"};
      l.args.push_back(std::move(self));
      self = std::move(l);
    }
    c.args.push_back(std::move(self));
    v = deref_all(std::move(c));
  }
  return v;
}

bool FnLowerer::is_smart_deref(const ast::Expr& e) const {
  if (e.kind != ExprKind::Unary || e.unop != ast::UnOp::Deref) return false;
  TypeId t = p_.info(*e.operand).type;
  return T.kind(t) != TyKind::Ref && p_.deref_target(t).has_value();
}

}  // namespace asr::lower::detail
