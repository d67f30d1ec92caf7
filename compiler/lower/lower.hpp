#pragma once
// Public interface of the lower stage: checked Program -> LIR.

#include "lower/effects.hpp"
#include "lower/lir.hpp"

namespace asr::lower {

struct LowerOptions {
  bool release = false;  // wrapping arithmetic (rustc --release); division checks stay
};

// Lowers every crate function. `program` must have been checked without errors.
lir::Module lower_program(const sema::Program& program, const Effects& effects,
                          const LowerOptions& options);

}  // namespace asr::lower
