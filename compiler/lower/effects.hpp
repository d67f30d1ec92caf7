#pragma once
// Effect inference: which functions can suspend, and why.
//
// A function suspends iff it can reach a std primitive declared `#[asr::suspends]`. The call
// graph is built from sema's resolved callees; the answer is a fixpoint over it, so recursion
// and mutual recursion are handled (a cycle with no path to a suspension point stays
// synchronous).

#include <string>
#include <vector>

#include "diagnostics/diagnostics.hpp"
#include "sema/program.hpp"

namespace asr::lower {

struct CallSite {
  sema::FnId callee;
  Span span;
};

struct Effects {
  std::vector<bool> suspends;               // by FnId
  std::vector<std::vector<CallSite>> calls; // by FnId: direct calls in source order
  // For a suspending fn: the call through which it first reaches a suspension point
  // on a shortest chain (index into calls[fn]), or -1.
  std::vector<int> witness;
};

Effects infer_effects(const sema::Program& program);

// `f -> g (file:line:col) -> std::task::sleep (std)` for a suspending fn.
std::string explain_chain(const sema::Program& program, const Effects& effects, sema::FnId fn,
                          const SourceManager& sources);

// The methods of hand-written impls of the built-in traits (`PartialEq::eq`, `Clone::clone`,
// `Default::default`, ...) run inside C++ operators and copies, which cannot wait: one that
// can suspend is reported as not supported; so is a suspending function used as a value (a
// plain function pointer).
void check_builtin_impl_effects(const sema::Program& program, const Effects& effects, Diagnostics& diags);

// The `--emit=effects` report: every crate function, whether it suspends and why.
std::string effects_report(const sema::Program& program, const Effects& effects,
                           const SourceManager& sources);

}  // namespace asr::lower
