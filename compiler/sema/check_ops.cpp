// Operators on types that are not primitives: `a + b`, `-a`, `a += b` call the methods of
// std's operator traits (stdlib/std/ops.asr, `#[asr::lang = "add"]`..) through the operand
// type's impl, or through a parameter's bound (`T: Add<Output = T>`).

#include <fmt/format.h>

#include "sema/fn_checker.hpp"

namespace asr::sema {

namespace {

const char* binop_lang(ast::BinOp op, bool assign) {
  using B = ast::BinOp;
  switch (op) {
    case B::Add: return assign ? "add_assign" : "add";
    case B::Sub: return assign ? "sub_assign" : "sub";
    case B::Mul: return assign ? "mul_assign" : "mul";
    case B::Div: return assign ? "div_assign" : "div";
    case B::Rem: return assign ? "rem_assign" : "rem";
    case B::BitAnd: return assign ? "bitand_assign" : "bitand";
    case B::BitOr: return assign ? "bitor_assign" : "bitor";
    case B::BitXor: return assign ? "bitxor_assign" : "bitxor";
    case B::Shl: return assign ? "shl_assign" : "shl";
    case B::Shr: return assign ? "shr_assign" : "shr";
    default: return nullptr;
  }
}

// rustc's verb in "cannot add `X` to `Y`".
const char* binop_verb(ast::BinOp op) {
  using B = ast::BinOp;
  switch (op) {
    case B::Add: return "add";
    case B::Sub: return "subtract";
    case B::Mul: return "multiply";
    case B::Div: return "divide";
    case B::Rem: return "calculate the remainder of";
    default: return nullptr;
  }
}

// rustc's wording: "cannot add `Rhs` to `Self`", "cannot subtract `Rhs` from `Self`",
// "cannot multiply `Self` by `Rhs`", "cannot calculate the remainder of `Self` divided by `Rhs`".
std::string operator_message(const Program& p, ast::BinOp op, TypeId self, TypeId rhs) {
  using B = ast::BinOp;
  if (op == B::Add) return fmt::format("cannot add `{}` to `{}`", p.type_name(rhs), p.type_name(self));
  if (op == B::Sub) return fmt::format("cannot subtract `{}` from `{}`", p.type_name(rhs), p.type_name(self));
  const char* prep = op == B::Rem ? "divided by" : "by";
  return fmt::format("cannot {} `{}` {} `{}`", binop_verb(op), p.type_name(self), prep, p.type_name(rhs));
}

}  // namespace

// Whether the operand type takes its operators from trait impls rather than built in.
bool FnChecker::uses_operator_traits(TypeId t) {
  TypeId s = shallow(t);
  if (T.kind(s) == TyKind::Assoc) s = shallow(normalize_assoc(s));
  TyKind k = T.kind(s);
  if (k == TyKind::Adt && p_.adts[T.get(s).id].is_std) {
    // A std type implemented in C++ has its operators built in (`Duration + Duration`), unless
    // std declares them as impls (`impl Add<&str> for String`).
    for (const ImplDef& im : p_.impls) {
      const std::string& lang = p_.traits[im.trait].lang;
      bool op = !lang.empty() && lang != "deref" && lang != "deref_mut" && lang != "iterator" && lang != "into_iterator" &&
                lang != "from";
      if (!im.builtin && op && T.kind(im.self_type) == TyKind::Adt &&
          T.get(im.self_type).id == T.get(s).id) {
        return true;
      }
    }
    return false;
  }
  if (k == TyKind::Adt) return true;
  if (k == TyKind::Ref) {
    // `&a | &b` on sets, `&v + &w` with `impl Add<&V> for &V`: a reference to a struct or enum
    // has no built-in operators, only impls for the reference type.
    TypeId inner = shallow(T.pointee(s));
    if (T.kind(inner) != TyKind::Adt) return false;
    for (const ImplDef& im : p_.impls) {
      if (!im.builtin && T.kind(im.self_type) == TyKind::Ref && !p_.traits[im.trait].lang.empty()) {
        TypeId target = T.pointee(im.self_type);
        if (T.kind(target) == TyKind::Adt && T.get(target).id == T.get(inner).id) return true;
      }
    }
    return false;
  }
  return k == TyKind::Param || k == TyKind::Assoc;
}

// `e` calls the operator trait method `m` with `Self = self`: the call's instantiation, and
// its right operand (`e.rhs`) checked against the method's parameter. When an impl already
// fixed that parameter (`known`), a mismatch is reported as one, as rustc does.
FnChecker::OperatorCall FnChecker::operator_call(const Expr& e, FnId m, TypeId self, std::optional<TypeId> checked_rhs) {
  OperatorCall oc;
  p_.exprs[e.id].callee = m;
  oc.subst = instantiate(m, e, self, nullptr);
  TypeId param = inst(p_.fns[m].params[0].type, oc.subst);
  oc.operand = checked_rhs ? *checked_rhs : check_expr(*e.rhs, param);
  oc.known = !contains_var(resolve(param));
  oc.fits = coerce(oc.operand, param, e.rhs->span, oc.known);
  return oc;
}

std::optional<TypeId> FnChecker::overloaded_binary(const Expr& e, ast::BinOp op, TypeId lt, bool assign,
                                                   std::optional<TypeId> checked_rhs) {
  if (!uses_operator_traits(lt)) return std::nullopt;
  const char* lang = binop_lang(op, assign);
  TraitId tr = lang ? p_.lang_trait(lang) : kNone;
  if (tr == kNone) return std::nullopt;
  TypeId self = resolve(lt);
  FnId m = p_.traits[tr].methods.empty() ? kNone : p_.traits[tr].methods[0];
  if (m == kNone) return std::nullopt;
  if (!p_.implements(self, tr) && T.kind(self) != TyKind::Error) {
    // Not implemented for any right-hand side.
    TypeId rt = resolve(checked_rhs ? *checked_rhs : check_expr(*e.rhs, kNoExpectId()));
    std::string text = assign ? std::string(ast::binop_str(op)) + "=" : ast::binop_str(op);
    const char* verb = binop_verb(op);
    auto& d = verb && !assign ? cx_.diags.report(DiagKind::TraitBoundOperator, e.span, operator_message(p_, op, self, rt))
                              : cx_.diags.report(DiagKind::BinaryOpUnsupported, assign ? e.lhs->span : e.span, text,
                                                 p_.type_name(self));
    if (T.kind(self) == TyKind::Param) {
      d.notes.push_back({p_.params[T.get(self).id].span,
                         fmt::format("consider restricting type parameter `{0}` with trait `{1}`: `{0}: {1}`",
                                     p_.type_name(self), p_.traits[tr].name)});
    } else {
      d.notes.push_back({Span{}, fmt::format("an implementation of `{}` might be missing for `{}`",
                                             p_.traits[tr].path, p_.type_name(self))});
    }
    return T.error();
  }
  OperatorCall oc = operator_call(e, m, self, checked_rhs);
  TypeTable::Subst& s = oc.subst;
  TypeId rt = oc.operand;
  bool known = oc.known;
  bool fits = oc.fits;
  if (fits && !known && !contains_var(resolve(rt)) && !p_.implements(self, tr, {resolve(rt)})) {
    fits = false;
    if (!bound_checks_.empty() && bound_checks_.back().expr == e.id) bound_checks_.pop_back();  // (reported here)
  }
  if (!fits) {
    if (known) return T.error();
    const char* verb = binop_verb(op);
    if (verb && !assign) {
      cx_.diags.report(DiagKind::TraitBoundOperator, e.span, operator_message(p_, op, self, resolve(rt)));
    } else {
      cx_.diags.report(DiagKind::BinaryOpTypes, e.span, assign ? std::string(ast::binop_str(op)) + "=" : ast::binop_str(op),
                       p_.type_name(self), p_.type_name(resolve(rt)));
    }
    return T.error();
  }
  if (assign) return T.unit();
  return inst(p_.fns[m].ret, s);
}

// `2.0 * v` with `impl Mul<Vec2> for f64`: a number on the left, a type of the crate on the
// right; the only impl of the operator's trait for that right operand decides the number type.
std::optional<TypeId> FnChecker::number_lhs_operator(const Expr& e, ast::BinOp op, TypeId lt, TypeId rt) {
  TypeId r = resolve(rt), l = resolve(lt);
  if (!uses_operator_traits(r) || T.kind(r) == TyKind::Param) return std::nullopt;
  const char* lang = binop_lang(op, false);
  TraitId tr = lang ? p_.lang_trait(lang) : kNone;
  if (tr == kNone || p_.traits[tr].methods.empty()) return std::nullopt;
  auto fits = [&](TypeId self) {
    if (T.kind(l) == TyKind::Var) {
      VarKind k = static_cast<VarKind>(T.get(l).sub);
      return k == VarKind::General || (k == VarKind::Integer && T.kind(self) == TyKind::Int) ||
             (k == VarKind::Float && T.kind(self) == TyKind::Float);
    }
    return self == l;
  };
  std::optional<TypeId> self;
  for (const ImplDef& im : p_.impls) {
    if (im.trait != tr || im.builtin || !im.params.empty() || im.trait_args.size() != 1 || im.trait_args[0] != r) continue;
    if (!fits(im.self_type)) continue;
    if (self) return std::nullopt;  // several: let the built-in operator's error speak
    self = im.self_type;
  }
  if (!self) return std::nullopt;
  unify(l, *self);
  FnId m = p_.traits[tr].methods[0];
  p_.exprs[e.id].callee = m;
  TypeTable::Subst s = instantiate(m, e, *self, nullptr);
  if (p_.exprs[e.id].type_args.size() > 1) unify(p_.exprs[e.id].type_args[1], r);
  return inst(p_.fns[m].ret, s);
}

std::optional<TypeId> FnChecker::overloaded_index(const Expr& e, TypeId base) {
  TraitId tr = p_.lang_trait("index");
  if (tr == kNone || p_.traits[tr].methods.empty()) return std::nullopt;
  TypeId self = resolve(base);
  if (!p_.implements(self, tr)) {
    check_expr(*e.rhs, kNoExpectId());
    cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("cannot index into a value of type `{}`", p_.type_name(self)));
    return T.error();
  }
  FnId m = p_.traits[tr].methods[0];
  OperatorCall oc = operator_call(e, m, self);
  TypeTable::Subst& s = oc.subst;
  TypeId it = oc.operand;
  if (!oc.fits) {
    if (!oc.known) {
      cx_.diags.report(DiagKind::SyntaxError, e.rhs->span,
                       fmt::format("the type `{}` cannot be indexed by `{}`", p_.type_name(self), p_.type_name(resolve(it))));
    }
    return T.error();
  }
  TypeId ret = inst(p_.fns[m].ret, s);  // `&Self::Output`: the place is the referenced element
  return T.kind(ret) == TyKind::Ref ? T.pointee(ret) : ret;
}

bool FnChecker::use_index_mut(const Expr& e) {
  ExprInfo& inf = p_.exprs[e.id];
  TraitId tr = p_.lang_trait("index_mut");
  if (tr == kNone || p_.traits[tr].methods.empty()) return false;
  if (inf.callee == p_.traits[tr].methods[0]) return true;  // (already switched)
  TypeId self = inf.type_args.empty() ? T.error() : resolve(inf.type_args[0]);
  std::vector<TypeId> args(inf.type_args.begin() + 1, inf.type_args.end());
  for (TypeId& a : args) a = resolve(a);
  if (!p_.implements(self, tr, args)) {
    cx_.diags.report(DiagKind::SyntaxError, e.span, fmt::format("cannot assign to data in an index of `{}`", p_.type_name(self)))
        .notes.push_back({Span{}, fmt::format("trait `IndexMut` is required to modify indexed content, but it is not implemented for `{}`",
                                              p_.type_name(self))});
    return false;
  }
  inf.callee = p_.traits[tr].methods[0];  // same generics: [Self, Idx]
  return true;
}

std::optional<std::string> FnChecker::operator_bound_text(TraitId trait, TypeId self, const std::vector<TypeId>& args) const {
  static const std::pair<const char*, ast::BinOp> ops[] = {
      {"add", ast::BinOp::Add}, {"sub", ast::BinOp::Sub}, {"mul", ast::BinOp::Mul}, {"div", ast::BinOp::Div}, {"rem", ast::BinOp::Rem}};
  for (auto& [lang, op] : ops) {
    if (p_.traits[trait].lang != lang || args.size() != 1) continue;
    return operator_message(p_, op, self, args[0]);
  }
  return std::nullopt;
}

std::optional<TypeId> FnChecker::overloaded_unary(const Expr& e, TypeId t) {
  if (!uses_operator_traits(t)) return std::nullopt;
  TraitId tr = p_.lang_trait(e.unop == ast::UnOp::Neg ? "neg" : "not");
  if (tr == kNone || p_.traits[tr].methods.empty()) return std::nullopt;
  TypeId self = resolve(t);
  if (!p_.implements(self, tr)) {
    cx_.diags.report(DiagKind::UnaryOpType, e.span, e.unop == ast::UnOp::Neg ? "-" : "!", p_.type_name(self));
    return T.error();
  }
  FnId m = p_.traits[tr].methods[0];
  p_.exprs[e.id].callee = m;
  TypeTable::Subst s = instantiate(m, e, self, nullptr);
  return inst(p_.fns[m].ret, s);
}

}  // namespace asr::sema
