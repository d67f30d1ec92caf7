#pragma once
// Where the borrows held by a scope body's locals come from (borrow_origins.cpp), for the
// spawn checks of task_checks.cpp.

#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sema/program.hpp"

namespace asr::sema {

class BorrowOrigins {
 public:
  // The locals [first, end) of `fn` are the scope body's; `body` is its expression.
  BorrowOrigins(const Program& p, const FnDef& fn, LocalId first, LocalId end, const ast::Expr& body);
  // Whether every borrow `l` may hold was taken from something declared outside the body.
  bool from_outside(LocalId l);

 private:
  bool inside(LocalId l) const;
  void bound_by(const ast::Pat& pat, const ast::Expr* from);
  void collect(const ast::Block& b);
  void collect(const ast::Expr& e);
  bool mentions_only_outside(const ast::Expr& e, bool borrowed);
  bool local_only_outside(LocalId l, bool borrowed);
  bool holds_ref(TypeId t) const;
  const ast::Expr* item_closure(const ast::Expr& e) const;
  bool keeps_items(const ast::Expr& e) const;

  const Program& p_;
  const FnDef& fn_;
  LocalId first_, end_;
  std::unordered_map<LocalId, std::vector<const ast::Expr*>> sources_;  // (null: unknown)
  std::unordered_map<LocalId, bool> verdict_;
  std::unordered_set<const ast::Expr*> fed_;  // closures whose parameter an adaptor binds
  bool borrowed_itself_ = false;  // inside `&local`: the local itself is borrowed
};

}  // namespace asr::sema
