#pragma once
// Closures in the lower stage (closures.cpp): the check that no closure body can suspend.

#include "diagnostics/diagnostics.hpp"
#include "lower/effects.hpp"

namespace asr::lower {

// Reports every closure whose body calls a function that can suspend: asrc emits closures as
// plain lambdas and does not yet specialise higher-order functions per effect.
void check_closure_effects(const sema::Program& program, const Effects& effects, Diagnostics& diags);

}  // namespace asr::lower
