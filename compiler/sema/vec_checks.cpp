// `vec![..]` in the type checker. Vec itself is declared in stdlib/std/vec.asr; the macro is
// built in: `vec![a, b, c]` moves its elements into a new Vec (their type unified as an array
// literal's), `vec![x; n]` clones `x` (so `T: Clone`, as std's `from_elem`) and `n` is a
// `usize`, `vec![]` takes its element type from inference.

#include <fmt/format.h>

#include "sema/fn_checker.hpp"

namespace asr::sema {

TypeId FnChecker::check_vec_macro(const Expr& e, TypeId expected) {
  if (p_.vec_adt == kNone) {
    cx_.unsupported(e.span, "the macro `vec!`");
    return T.error();
  }
  if (!e.macro_args_parsed) {
    cx_.diags.report(DiagKind::SyntaxError, e.span, "expected an expression list or `expr; count` in `vec!`");
    return T.error();
  }
  for (const auto& a : e.margs) {
    if (a.name) {
      cx_.unsupported(a.span, "an assignment expression as an element of `vec!`");
      return T.error();
    }
  }
  // The element type: the expected Vec's, else a fresh variable (`vec![]` then `push`).
  TypeId elem;
  TypeId want = has_expect(expected) ? shallow(expected) : expected;
  if (TypeId wanted; has_expect(expected) && p_.is_vec(want, &wanted)) elem = wanted;
  else elem = fresh(VarKind::General);
  uint32_t index = begin_macro();
  MacroInfo mi;
  mi.kind = MacroKind::Vec;
  if (e.repeat_count) {
    const Expr& x = *e.margs.at(0).value;
    coerce(check_expr(x, elem), elem, x.span);
    TypeId n = check_expr(*e.repeat_count, T.int_(IntTy::Usize));
    coerce(n, T.int_(IntTy::Usize), e.repeat_count->span);
    clone_required_.push_back({elem, x.span});
    mi.left = &x;
    mi.right = e.repeat_count.get();
  } else {
    for (const auto& a : e.margs) {
      TypeId t = check_expr(*a.value, elem);
      coerce(t, elem, a.value->span);  // (into a `Vec<Box<dyn Shape>>`: each element coerces)
      FormatArg fa;
      fa.expr = a.value.get();
      fa.type = elem;
      mi.args.push_back(fa);
    }
  }
  p_.macros[index] = std::move(mi);
  p_.exprs[e.id].macro = index;
  return T.adt(p_.vec_adt, {elem});
}

}  // namespace asr::sema
