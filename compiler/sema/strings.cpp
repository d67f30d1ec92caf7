// Comparisons between the string types, as std's impls allow them: `String == &str`,
// `"x" == s`, `&String == &str`, ... (`PartialEq<str> for String`, `PartialEq<&str> for
// String`, `PartialEq<String> for str` and `for &str`, and `&A == &B` where `A == B`). Only
// `==`/`!=` mix types; `<` and friends need the same type on both sides, as in Rust.

#include <fmt/format.h>

#include "sema/fn_checker.hpp"

namespace asr::sema {

// `String`, `str` or `&str` after peeling the references both sides share: the pair is one
// of std's `PartialEq` impls between different string types.
bool FnChecker::string_sides(TypeId l, TypeId r) const {
  auto is_string = [&](TypeId t) { return T.kind(t) == TyKind::Adt && T.get(t).id == p_.string_adt && p_.string_adt != kNone; };
  auto is_str = [&](TypeId t) { return T.kind(t) == TyKind::Str; };
  auto is_str_ref = [&](TypeId t) { return T.kind(t) == TyKind::Ref && is_str(T.pointee(t)); };
  while (T.kind(l) == TyKind::Ref && T.kind(r) == TyKind::Ref) l = T.pointee(l), r = T.pointee(r);
  if (is_string(l)) return is_str(r) || is_str_ref(r);
  if (is_string(r)) return is_str(l) || is_str_ref(l);
  return false;
}

bool FnChecker::string_comparison(const Expr& e, TypeId l, TypeId r) {
  TypeId a = resolve(l), b = resolve(r);
  if (!string_sides(a, b)) return false;
  if (!is_eq_op(e.binop)) {
    // (std has no `PartialOrd` between different string types: rustc expects the left type)
    cx_.diags.report(DiagKind::MismatchedTypes, e.rhs->span, "`" + p_.type_name(a) + "`", "`" + p_.type_name(b) + "`");
  }
  return true;
}

// `"a" + "b"`: `+` needs an owned `String` on the left (rustc's E0369 and its advice).
bool FnChecker::str_concat_error(const Expr& e, TypeId l, TypeId r) {
  TypeId a = resolve(l), b = resolve(r);
  auto str_ref = [&](TypeId t) {
    while (T.kind(t) == TyKind::Ref && T.kind(T.pointee(t)) == TyKind::Ref) t = T.pointee(t);
    return T.kind(t) == TyKind::Ref && T.kind(T.pointee(t)) == TyKind::Str;
  };
  bool string_r = str_ref(b) || (T.kind(b) == TyKind::Ref && T.kind(T.pointee(b)) == TyKind::Adt &&
                                 T.get(T.pointee(b)).id == p_.string_adt);
  if (e.binop != ast::BinOp::Add || !str_ref(a) || !string_r) return false;
  cx_.diags.report(DiagKind::TraitBoundOperator, e.span, fmt::format("cannot add `{}` to `{}`", p_.type_name(b), p_.type_name(a)))
      .notes.push_back({e.lhs->span, "string concatenation requires an owned `String` on the left: `.to_owned()`"});
  return true;
}

}  // namespace asr::sema
