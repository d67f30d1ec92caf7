#pragma once
// Lifetimes: asrc accepts lifetime parameters and annotations wherever rustc does and checks
// only what rustc checks before borrow checking: a reference stored in a struct or enum needs
// a named lifetime, and a returned reference needs one that elision can infer (E0106).

#include "sema/context.hpp"

namespace asr::sema {

// Every `&` in a field's type must name its lifetime (`&'a Item`).
void check_field_lifetimes(Context& cx, const ast::Type& field_type);
// A reference in the return type of `decl` without a lifetime must get it by elision: from
// `&self`, or from the only lifetime among the parameters' types.
void check_return_lifetimes(Context& cx, const FnDef& f, const ast::FnDecl& decl);

}  // namespace asr::sema
