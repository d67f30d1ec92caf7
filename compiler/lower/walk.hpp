#pragma once
// Visits every expression of a function body, children before parents, in Rust's evaluation
// order (a call's arguments before the call itself). Shared by the analyses of `lower`.

#include "syntax/ast.hpp"

namespace asr::lower {

template <class Visit>
void walk_expr(const ast::Expr& e, Visit&& visit);

template <class Visit>
void walk_block(const ast::Block& b, Visit&& visit) {
  for (const auto& s : b.stmts) {
    if (s->init) walk_expr(*s->init, visit);
    if (s->else_block) walk_block(*s->else_block, visit);
    if (s->expr) walk_expr(*s->expr, visit);
  }
  if (b.tail) walk_expr(*b.tail, visit);
}

template <class Visit>
void walk_expr(const ast::Expr& e, Visit&& visit) {
  // (leaves, about half of all expressions: their child fields, spread over several cache
  // lines of the node, are all empty)
  if (e.kind == ast::ExprKind::Lit || e.kind == ast::ExprKind::Path) {
    visit(e);
    return;
  }
  if (e.operand) walk_expr(*e.operand, visit);
  if (e.lhs) walk_expr(*e.lhs, visit);
  if (e.rhs) walk_expr(*e.rhs, visit);
  if (e.cond) walk_expr(*e.cond, visit);
  if (e.iter) walk_expr(*e.iter, visit);
  for (const auto& a : e.args) walk_expr(*a, visit);
  for (const auto& f : e.fields) if (f.value) walk_expr(*f.value, visit);
  if (e.base) walk_expr(*e.base, visit);
  if (e.block) walk_block(*e.block, visit);
  if (e.else_branch) walk_expr(*e.else_branch, visit);
  for (const auto& a : e.margs) if (a.value) walk_expr(*a.value, visit);
  if (e.repeat_count) walk_expr(*e.repeat_count, visit);  // `vec![x; n]`
  for (const auto& arm : e.arms) {
    if (arm.guard) walk_expr(*arm.guard, visit);
    if (arm.body) walk_expr(*arm.body, visit);
  }
  if (e.body) walk_expr(*e.body, visit);
  visit(e);
}

}  // namespace asr::lower
