#pragma once
// std's items written in ASR (std::option, std::result) are compiled like the user's, but a
// program's C++ carries only those it uses: the crate's own functions and types, plus every
// std function and type reachable from them through calls and types.

#include <vector>

#include "lower/effects.hpp"
#include "sema/program.hpp"

namespace asr::lower {

struct UsedItems {
  std::vector<bool> fns;   // by FnId
  std::vector<bool> adts;  // by AdtId
  std::vector<bool> traits;  // by TraitId: a method of it is called, or an impl of it is used
  std::vector<bool> impls;   // by ImplId: the crate's own, and std's whose methods are called
  std::vector<bool> consts;  // by const index: named by a used function (`std::f64::consts::PI`)
};

UsedItems used_items(const sema::Program& program, const Effects& effects);

// `isize`/`usize` are `int64_t`/`uint64_t` in C++ (LP64), so std's impl of a trait for one of
// them and its twin for `i64`/`u64` would be one C++ specialisation twice: only the `i64`/`u64`
// one is emitted. Returns that twin of `impl` (or `impl` itself).
sema::ImplId emitted_impl(const sema::Program& program, sema::ImplId impl);

}  // namespace asr::lower
