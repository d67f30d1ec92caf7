// Patterns: `let`, `match`, `if let`, `while let`, `let else` and parameters. Checking a
// pattern declares its bindings and records what each sub-pattern matches (Program::pats).

#include <fmt/format.h>

#include <algorithm>

#include "sema/fn_checker.hpp"

namespace asr::sema {

bool FnChecker::check_let(const ast::Stmt& s) {
  if (s.else_block) cx_.unsupported(s.span, "`let ... else`");
  TypeId declared = s.type ? cx_.lower_type(*s.type, p_.fns[fn_].module, p_.fns[fn_].owner) : fresh(VarKind::General);
  bool diverges = false;
  if (s.init) {
    TypeId t = check_expr(*s.init, declared);
    coerce(t, declared, s.init->span);
    diverges = T.kind(shallow(t)) == TyKind::Never;
  }
  if (s.else_block) check_block(*s.else_block, T.never());
  bind_pattern(*s.pat, declared, s.init != nullptr);
  return diverges;
}

// Binds the element patterns of a tuple or tuple-struct pattern (with at most one `..`).
void FnChecker::bind_elements(const ast::Pat& pat, const std::vector<TypeId>& elems, bool initialized,
                   bool tuple_struct) {
  size_t rest = pat.elems.size();
  for (size_t i = 0; i < pat.elems.size(); ++i) if (pat.elems[i]->kind == ast::PatKind::Rest) rest = i;
  size_t fixed = pat.elems.size() - (rest < pat.elems.size() ? 1 : 0);
  size_t n = elems.size();
  if (rest == pat.elems.size() ? n != fixed : n < fixed) {
    if (tuple_struct) {
      cx_.diags.report(DiagKind::TupleStructPatternArity, pat.span, fixed, fixed == 1 ? "" : "s", n, n == 1 ? "" : "s");
    } else {
      cx_.diags.report(DiagKind::TuplePatternArity, pat.span, n, n == 1 ? "" : "s", fixed, fixed == 1 ? "" : "s");
    }
    for (const auto& sub : pat.elems) bind_pattern(*sub, T.error(), initialized);
    return;
  }
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    if (i == rest) continue;
    size_t index = i < rest ? i : n - (pat.elems.size() - i);
    bind_pattern(*pat.elems[i], elems[index], initialized);
  }
}

void FnChecker::bind_pattern(const ast::Pat& pat, TypeId type, bool initialized) {
  switch (pat.kind) {
    case ast::PatKind::Ident:
      if (pat.by_ref) { cx_.unsupported(pat.span, "`ref` bindings"); return; }
      if (pat.sub) { cx_.unsupported(pat.span, "`@` patterns"); return; }
      {
        LocalId id = declare(pat.name.name, type, pat.is_mut, pat.name.span);
        p_.pat_locals[&pat] = id;
        if (!initialized) deferred_init_.push_back(id);
      }
      return;
    case ast::PatKind::Wild:
    case ast::PatKind::Rest:  // only inside tuple patterns (skipped there)
      return;
    case ast::PatKind::Paren:
      bind_pattern(*pat.sub, type, initialized);
      return;
    case ast::PatKind::TupleStruct: {
      const Decl* d = cx_.resolve_path(pat.path, p_.fns[fn_].module, Context::Ns::Type, p_.fns[fn_].owner);
      if (!d || d->kind != Decl::Kind::Adt || p_.adts[d->id].kind != ast::StructKind::Tuple) {
        if (d) cx_.unsupported(pat.span, "this pattern (enum variants are not supported yet)");
        for (const auto& sub : pat.elems) bind_pattern(*sub, T.error(), initialized);
        return;
      }
      if (!coerce(type, T.adt(d->id), pat.span)) {
        for (const auto& sub : pat.elems) bind_pattern(*sub, T.error(), initialized);
        return;
      }
      std::vector<TypeId> elems;
      for (const auto& f : p_.adts[d->id].fields) elems.push_back(f.type);
      bind_elements(pat, elems, initialized, /*tuple_struct=*/true);
      return;
    }
    case ast::PatKind::Tuple: {
      if (!initialized) {
        cx_.unsupported(pat.span, "destructuring a binding declared without a value");
        return;
      }
      size_t rest = pat.elems.size();
      for (size_t i = 0; i < pat.elems.size(); ++i) {
        if (pat.elems[i]->kind == ast::PatKind::Rest) {
          if (rest != pat.elems.size()) cx_.diags.report(DiagKind::SyntaxError, pat.elems[i]->span, "`..` can only be used once per tuple pattern");
          rest = i;
        }
      }
      TypeId t = resolve(type);
      size_t fixed = pat.elems.size() - (rest < pat.elems.size() ? 1 : 0);
      if (T.kind(t) == TyKind::Var && rest == pat.elems.size()) {
        std::vector<TypeId> vars;
        for (size_t i = 0; i < fixed; ++i) vars.push_back(fresh(VarKind::General));
        TypeId tup = T.tuple(vars);
        unify(t, tup);
        t = tup;
      }
      if (T.kind(t) == TyKind::Error) {
        for (const auto& sub : pat.elems) bind_pattern(*sub, T.error(), initialized);
        return;
      }
      if (T.kind(t) != TyKind::Tuple || (rest == pat.elems.size() ? T.get(t).elems.size() != fixed
                                                                    : T.get(t).elems.size() < fixed)) {
        if (T.kind(t) == TyKind::Tuple) {
          size_t have = T.get(t).elems.size();
          cx_.diags.report(DiagKind::TuplePatternArity, pat.span, have, have == 1 ? "" : "s", fixed,
                           fixed == 1 ? "" : "s");
        } else {
          cx_.diags.report(DiagKind::MismatchedTypes, pat.span, p_.type_name(t), "tuple");
        }
        // Still declare the bindings (as errors), so later uses do not cascade.
        for (const auto& sub : pat.elems) bind_pattern(*sub, T.error(), initialized);
        return;
      }
      bind_elements(pat, T.get(t).elems, initialized);
      return;
    }
    default:
      cx_.unsupported(pat.span, "this kind of pattern");
  }
}

}  // namespace asr::sema
