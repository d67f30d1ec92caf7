#pragma once
// Internal to emit: the C++ of trait objects (docs/generated-code.md, "Trait objects").
//
// `dyn Shape` is a generated struct `dyn_Shape` holding the value's address and the vtable of
// its type; `&dyn Shape` is that struct by value, `Box<dyn Shape>` is `::asr::Box<dyn_Shape>`
// (asr/std/boxed.hpp). `dyn Fn(A) -> R` is the runtime's `::asr::DynFn<R(A)>`. Calls through a
// trait object go through the trait's class template like every trait call, specialised for
// the trait object: `Shape<dyn_Shape>::area(s)` calls `s.vtable->area(s.self)`.

#include <functional>
#include <string>
#include <vector>

#include "lower/lir.hpp"

namespace asr::emit {

// How the emitter spells things the trait-object code mentions.
struct DynSpelling {
  const sema::Program& p;
  const lir::Module& m;
  std::function<std::string(sema::TypeId)> type;         // a value or parameter type
  std::function<std::string(sema::TypeId)> return_type;  // `void` for `()`
  std::function<std::string(sema::TraitId)> trait_ref;   // `Shape`, `::crate::geo::Shape`
  std::function<std::string(sema::TraitId)> dyn_ref;     // `dyn_Shape`, `::crate::geo::dyn_Shape`
  std::function<bool(sema::TraitId)> async_drop;         // a `Box<dyn ..>` may hold a value whose drop suspends
};

// The C++ type of a trait object (TyKind::Dyn).
std::string dyn_type(const DynSpelling& s, sema::TypeId dyn);
// Declared before the structs (they may hold `Box<dyn_Shape>`): the trait object struct.
std::vector<std::string> dyn_struct(const DynSpelling& s, sema::TraitId trait);
// After the impls: the vtable and its entries for each implementing type.
std::vector<std::string> dyn_vtable(const DynSpelling& s, sema::TraitId trait);
// `dyn Shape: Shape` (and its supertraits): the trait's class template specialised for the
// trait object, calling through the vtable; each to be emitted in its trait's namespace.
std::vector<std::pair<sema::TraitId, std::vector<std::string>>> dyn_trait_impls(const DynSpelling& s, sema::TraitId trait);
// `asr::Display<dyn_Shape>` / `asr::Debug<..>` members for a trait with those supertraits:
// (table name, member text) pairs for the runtime's formatting tables.
std::vector<std::pair<std::string, std::string>> dyn_format_tables(const DynSpelling& s, sema::TraitId trait);
// `value` (of type `from`) converted to `to`: `dyn_Shape::of(c)`, `::asr::box_dyn<dyn_Shape>(b)`,
// `*b` for `&Box<T>` as `&T`.
std::string dyn_coercion(const DynSpelling& s, sema::TypeId from, sema::TypeId to, std::string value);

}  // namespace asr::emit
