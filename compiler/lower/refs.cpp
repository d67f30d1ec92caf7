// Lowering of references that C++ cannot hold as references: `&&T`, references stored in
// fields, tuple and array elements and generic type arguments (`Option<&T>`), which the
// generated code keeps in an `asr::Ref` (docs/generated-code.md, "References").
//
// Every other reference is represented by the C++ lvalue it refers to (`&x` is `x`, `*r` is
// `r`). An expression of reference type whose C++ value is the `asr::Ref` itself is marked
// `ref_object`; `transparent` turns it into the lvalue form with `(*x)`.

#include "lower/lower_fn.hpp"
#include "lower/walk.hpp"

namespace asr::lower::detail {

Expr FnLowerer::transparent(Expr x) {
  if (!x.ref_object) return x;
  Expr d{lir::ExprKind::RefDeref, x.type, x.span};
  x.ref_object = false;
  d.args.push_back(std::move(x));
  return d;
}

Expr FnLowerer::deref_place(Expr x) {
  if (!T.is_borrow(x.type)) return x;
  Expr d = transparent(std::move(x));
  d.type = T.pointee(d.type);
  // The pointee is itself a reference: the lvalue is the `asr::Ref` that stores it.
  d.ref_object = T.is_borrow(d.type);
  return d;
}

Expr FnLowerer::deref_all(Expr x) {
  while (T.is_borrow(x.type)) x = deref_place(std::move(x));
  return transparent(std::move(x));
}

static int borrow_depth(const sema::TypeTable& T, TypeId t) {
  int n = 0;
  while (T.is_borrow(t)) {
    ++n;
    t = T.pointee(t);
  }
  return n;
}

Expr FnLowerer::deref_to(Expr x, TypeId want) {
  x = transparent(std::move(x));
  if (T.kind(x.type) != TyKind::Ref || T.kind(want) != TyKind::Ref) return x;
  if (T.is_borrow(x.type) && T.is_borrow(want)) {
    int have = borrow_depth(T, x.type), need = borrow_depth(T, want);
    while (have > need && need > 0) {
      x = deref_value(std::move(x));
      --have;
    }
  }
  // `&p` of a smart pointer where `&Target` is expected (`&Box<T>` as `&T`, `&String` as
  // `&str`): the derefs sema's coercion went through.
  TypeId goal = T.pointee(want);
  for (unsigned steps = 0; steps < 16 && T.kind(x.type) == TyKind::Ref && T.pointee(x.type) != goal; ++steps) {
    TypeId have = T.pointee(x.type);
    if (T.kind(have) == TyKind::Ref) {
      x = deref_value(std::move(x));
      continue;
    }
    if (!p_.deref_target(have)) break;
    bool mut = T.ref_mut(want);
    Expr d = auto_deref(deref_all(std::move(x)), 1, mut);
    if (T.kind(d.type) != TyKind::Ref) d.type = p_.types.ref(d.type, mut);  // (a C++ reference is its lvalue)
    x = std::move(d);
  }
  return x;
}

Expr FnLowerer::stored(Expr x) {
  x.ref_object = T.is_borrow(x.type);
  return x;
}

// A function whose declared return type is not a reference but is instantiated with one
// (`fn pick<T>(a: T) -> T` with `T = &Point`, `Option::unwrap`) returns an `asr::Ref`.
bool FnLowerer::returns_stored(sema::FnId callee) const {
  return callee != sema::kNone && !T.is_borrow(p_.fns[callee].ret) && T.kind(p_.fns[callee].ret) != TyKind::Ref;
}

Expr FnLowerer::ref_object(Expr x, Span span, bool promoted) {
  if (x.ref_object) {
    x.ref_object = false;
    return x;
  }
  if (x.kind == lir::ExprKind::Var && T.is_borrow(out_.vars[x.var].type)) {
    // `&r` of a reference variable: it is declared as an `asr::Ref` instead.
    out_.vars[x.var].ref_storage = true;
    Expr o{lir::ExprKind::RefObject, x.type, x.span};
    o.var = x.var;
    return o;
  }
  // A reference computed by a call: store it, as Rust stores the temporary.
  uint32_t v = new_var("t", x.type, false, true);
  out_.vars[v].ref_storage = true;
  out_.vars[v].is_static = promoted;  // (`&&5`: a reference to a promoted constant is one too)
  emit(decl(v, std::move(x), span));
  Expr o{lir::ExprKind::RefObject, out_.vars[v].type, span};
  o.var = v;
  return o;
}

// rustc's constant promotion: `&` of a literal (or of arithmetic, a tuple or array of them)
// is a reference to a constant that lives as long as the program.
bool FnLowerer::promotable(const ast::Expr& e) const {
  switch (e.kind) {
    case ExprKind::Paren: return promotable(*e.operand);
    case ExprKind::Lit: return true;
    case ExprKind::AddrOf: return !e.is_mut && promotable(*e.operand);
    case ExprKind::Unary: return e.unop != ast::UnOp::Deref && p_.info(e).callee == sema::kNone && promotable(*e.operand);
    case ExprKind::Tuple:
    case ExprKind::Array:
      for (const auto& a : e.args) if (!promotable(*a)) return false;
      return true;
    case ExprKind::ArrayRepeat: return promotable(*e.lhs);  // (`&[0; 4]`)
    case ExprKind::Path: return p_.info(e).res == sema::ValueRes::Const || p_.info(e).res == sema::ValueRes::UnitVariant ||
                                p_.info(e).res == sema::ValueRes::PrimConst;
    default: return false;
  }
}

// A method call whose `self` is borrowed from a receiver that is itself a reference: a method
// of an impl for `&T` (`impl Write for &TcpStream`) taking `&self` / `&mut self`, so its
// receiver is the reference variable's own storage (check_method_on: Rust's probe order).
bool FnLowerer::self_is_reference(const ast::Expr& e) const {
  if (e.kind != ExprKind::MethodCall) return false;
  const sema::ExprInfo& in = p_.info(e);
  if (in.callee == sema::kNone || in.builtin != sema::ExprInfo::Builtin::None || in.auto_derefs != 0) return false;
  if (in.recv != sema::ExprInfo::Recv::AutoRef && in.recv != sema::ExprInfo::Recv::AutoRefMut) return false;
  return T.is_borrow(p_.info(*e.operand).type);
}

void FnLowerer::find_ref_storage_locals() {
  ref_storage_locals_.assign(def_.locals.size(), false);
  if (!def_.item || !def_.item->body) return;
  auto local_of = [&](const ast::Expr* x) -> sema::LocalId {
    while (x->kind == ExprKind::Paren) x = x->operand.get();
    if (x->kind != ExprKind::Path || p_.info(*x).res != sema::ValueRes::Local) return sema::kNone;
    sema::LocalId l = p_.info(*x).res_id;
    return T.is_borrow(def_.locals[l].type) ? l : sema::kNone;
  };
  walk_block(*def_.item->body, [&](const ast::Expr& e) {
    if (e.kind == ExprKind::AddrOf || self_is_reference(e)) {
      if (sema::LocalId l = local_of(e.operand.get()); l != sema::kNone) ref_storage_locals_[l] = true;
    }
    if (e.kind == ExprKind::Assign) {
      sema::LocalId l = local_of(e.lhs.get());
      if (l == sema::kNone) return;
      for (const auto& prm : def_.params) if (prm.local == l) ref_storage_locals_[l] = true;
    }
  });
}

}  // namespace asr::lower::detail
