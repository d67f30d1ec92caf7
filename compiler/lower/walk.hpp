#pragma once
// Visits every expression of a function body, children before parents, in Rust's evaluation
// order (a call's arguments before the call itself). Shared by the analyses of `lower`.

#include "syntax/ast.hpp"

namespace asr::lower {

// `descend(e)` false: `e`'s children are skipped (`e` itself is still visited), as the effect
// analysis does for closures, whose bodies it walks on their own.
template <class Visit, class Descend>
void walk_expr_if(const ast::Expr& e, Visit&& visit, Descend&& descend);

template <class Visit, class Descend>
void walk_block_if(const ast::Block& b, Visit&& visit, Descend&& descend) {
  for (const auto& s : b.stmts) {
    if (s->init) walk_expr_if(*s->init, visit, descend);
    if (s->else_block) walk_block_if(*s->else_block, visit, descend);
    if (s->expr) walk_expr_if(*s->expr, visit, descend);
  }
  if (b.tail) walk_expr_if(*b.tail, visit, descend);
}

template <class Visit, class Descend>
void walk_expr_if(const ast::Expr& e, Visit&& visit, Descend&& descend) {
  // (leaves, about half of all expressions: their child fields, spread over several cache
  // lines of the node, are all empty)
  if (e.kind == ast::ExprKind::Lit || e.kind == ast::ExprKind::Path || !descend(e)) {
    visit(e);
    return;
  }
  if (e.operand) walk_expr_if(*e.operand, visit, descend);
  if (e.lhs) walk_expr_if(*e.lhs, visit, descend);
  if (e.rhs) walk_expr_if(*e.rhs, visit, descend);
  if (e.cond) walk_expr_if(*e.cond, visit, descend);
  if (e.iter) walk_expr_if(*e.iter, visit, descend);
  for (const auto& a : e.args) walk_expr_if(*a, visit, descend);
  for (const auto& f : e.fields) if (f.value) walk_expr_if(*f.value, visit, descend);
  if (e.base) walk_expr_if(*e.base, visit, descend);
  if (e.block) walk_block_if(*e.block, visit, descend);
  if (e.else_branch) walk_expr_if(*e.else_branch, visit, descend);
  for (const auto& a : e.margs) if (a.value) walk_expr_if(*a.value, visit, descend);
  if (e.repeat_count) walk_expr_if(*e.repeat_count, visit, descend);  // `vec![x; n]`
  for (const auto& arm : e.arms) {
    if (arm.guard) walk_expr_if(*arm.guard, visit, descend);
    if (arm.body) walk_expr_if(*arm.body, visit, descend);
  }
  if (e.body) walk_expr_if(*e.body, visit, descend);
  visit(e);
}

inline constexpr auto kEveryChild = [](const ast::Expr&) { return true; };

template <class Visit>
void walk_block(const ast::Block& b, Visit&& visit) {
  walk_block_if(b, visit, kEveryChild);
}

template <class Visit>
void walk_expr(const ast::Expr& e, Visit&& visit) {
  walk_expr_if(e, visit, kEveryChild);
}

}  // namespace asr::lower
