#pragma once
// The data-race rule for scoped tasks (DESIGN.md §2), checked by task_races.cpp.

#include <functional>
#include <vector>

#include "sema/context.hpp"

namespace asr::sema {

// Every use of a local in `e` (check_closure.cpp's capture analysis: a read, a mutable use or
// a move of a place), in the order of the walk; a closure inside `e` counts as the uses of its
// captures, at their first use.
void walk_uses(Program& p, FnId owner, const std::function<TypeId(TypeId)>& resolve, const ast::Expr& e,
               const std::function<void(const Capture&)>& on_use);

// A closure written at `call` (`s.spawn(|| ..)`), spawned on the parameter of the scope body
// `body`.
struct SpawnSite {
  const ast::Expr* call;
  const ClosureDef* body;
  const ClosureDef* closure;
};

// Inside a scope's body, a place that a spawned closure borrows mutably may not be used, and
// one it borrows shared may not be mutated or moved, until the child is joined (`h.join()` of
// the local handle, unconditionally, in the block of the `let`) or the body ends. Reports
// each conflicting use, with a note at the capture.
void check_task_races(Program& p, Context& cx, FnId fn, const std::function<TypeId(TypeId)>& resolve,
                      const std::vector<SpawnSite>& spawns);

}  // namespace asr::sema
