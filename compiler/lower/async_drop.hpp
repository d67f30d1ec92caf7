#pragma once
// Async drop: an `impl Drop` whose `drop` can suspend (DESIGN.md section 2).
//
// Such a drop cannot run in a C++ destructor, so the lowering awaits it at every exit of the
// scope that owns the value (FnLowerer::insert_async_drops), and the effect analysis counts
// owning such a value as a call of its `drop` (a function that owns one suspends). Where a
// program would hold such a value in a place whose drop generated code cannot await (a
// temporary in the middle of an expression, an `Rc`, a closure's parameter, C++ code in std
// that drops elements), check_async_drops reports it as not supported yet.

#include <functional>
#include <vector>

#include "diagnostics/diagnostics.hpp"
#include "lower/effects.hpp"
#include "sema/program.hpp"

namespace asr::lower {

// The types a closure type's values own: its whole variables captured by value (a closure
// that captures a field alone is rejected if that field's drop can suspend).
std::vector<sema::TypeId> moved_capture_types(const sema::Program& p, sema::TypeId closure);

// Each type that the program boxes as the trait object `dyn` (`Box<Conn>` as `Box<dyn Named>`).
void each_dyn_source(const sema::Program& p, sema::TypeId dyn, const std::function<void(sema::TypeId)>& f);

// Whether a `Box<dyn trait>` may hold a value whose drop can suspend.
bool dyn_async_drop(const sema::Program& p, const Effects& fx, sema::TraitId trait);

// The types with an `impl Drop` that dropping a `t` runs: `t`'s own, its fields', its
// elements', a closure's captures' (what the effect analysis links to the `drop`s).
void drop_impl_types(const sema::Program& p, sema::TypeId t, std::vector<sema::TypeId>& out);

// Whether dropping a `t` can suspend. `params`: whether a generic parameter counts as one
// that may (in generic code, which is emitted for every instance).
bool async_drop_glue(const sema::Program& p, const Effects& fx, sema::TypeId t, bool params = false);

// The children of `e` that are temporaries: values made there (a call, a struct literal, ..)
// that `e` uses in place (a field read, a method's `&self`, `&`, a comparison, a formatting
// argument), which Rust drops at the end of the statement.
void each_temporary(const sema::Program& p, const ast::Expr& e, const std::function<void(const ast::Expr&)>& f);

// The std methods written in C++ that drop elements and that the lowering replaces, for
// elements whose drop can suspend, by a runtime coroutine that awaits each drop
// (`Vec::clear` -> `co_await ::asr::vec_truncate_async(v, 0)`); the runtime function's name.
const char* drops_elements(const std::string& path);

// Reports each place where the program would hold a value whose drop can suspend but the
// generated code could not await that drop.
void check_async_drops(const sema::Program& p, const Effects& fx, Diagnostics& diags);

}  // namespace asr::lower
