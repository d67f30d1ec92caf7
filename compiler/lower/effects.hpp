#pragma once
// Effect inference: which functions can suspend, and why.
//
// A function suspends iff it can reach a std primitive declared `#[asr::suspends]`. Whether a
// generic function reaches one depends on its type arguments (`apply(|x| fetch(x))` suspends,
// `apply(|x| x + 1)` does not), so the analysis runs over *instances*, as rustc's
// monomorphisation collector does: starting from every non-generic function (and each generic
// one at its own parameters), each call is followed at the callee's concrete type arguments,
// trait methods resolved to their impls, closures to their bodies. The answer is the least
// fixpoint of `suspends(instance) = primitive or some callee instance suspends`, a BFS over the
// reversed instance graph, so recursion and mutual recursion are handled (a cycle with no path
// to a suspension point stays synchronous) and the BFS gives a shortest chain for explanations.
//
// What lowering takes from it: a function whose instances all agree is emitted once (a plain
// C++ function, or a coroutine); one whose instances differ is emitted twice, plain `f` and the
// coroutine twin `f_co`. A closure is a coroutine lambda iff one of its instances suspends.
// Each call site says whether its callee instance suspends, or that it varies with the
// caller's type arguments (then the coroutine twin awaits it adaptively: asr/await.hpp).

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "diagnostics/diagnostics.hpp"
#include "sema/program.hpp"

namespace asr::lower {

struct Effects {
  // One instance: a function at concrete type arguments (or at its own parameters), a closure
  // (all instances of one closure expression share a node: a closure has one C++ lambda), a
  // call through `dyn Trait` of a trait method (it reaches every impl), or a std primitive.
  enum class NodeKind : uint8_t { Fn, Closure, Dyn, Primitive };
  struct Node {
    NodeKind kind;
    uint32_t id;                       // FnId, closure index, trait method FnId, FnId
    std::vector<sema::TypeId> args;    // Fn: the type arguments, by FnDef::generics
  };
  struct Edge {
    uint32_t to;
    Span span;                         // the call
    sema::TypeId via_dyn{};            // a call through a trait object: its type
  };
  std::vector<Node> nodes;
  std::vector<std::vector<Edge>> edges;  // by node: its calls, in source order
  std::vector<bool> node_suspends;
  std::vector<int> witness;              // by node: the edge of a shortest chain, or -1

  std::vector<bool> suspends;            // by FnId: some instance suspends (a coroutine exists)
  std::vector<bool> twin;                // by FnId: instances differ (emitted twice: `f`, `f_co`)
  std::vector<uint32_t> example;         // by FnId: a suspending instance's node (explanations)
  std::vector<bool> closure_suspends;    // by closure index: some instance suspends
  // By closure index: its lambda is a coroutine in the plain version ([0]; the only one of a
  // function emitted once) and in the coroutine twin ([1]) of the function around it.
  std::vector<std::array<bool, 2>> closure_version;
  // By trait method declaration: some impl (or the provided body) can suspend, so a call that
  // varies with the caller's type arguments is awaited through the trait's `_co` dispatcher.
  std::vector<bool> trait_method_may_suspend;

  // A call site, by expression (slot 1: the `next` of a `for` loop, whose slot 0 is `into_iter`).
  struct Site {
    sema::FnId resolved = sema::kNone;  // the function run (a trait method: the impl's)
    uint32_t node = ~0u;                // its instance (~0u: a leaf that never suspends)
    bool varies = false;                // differs between instances of the caller
  };
  std::unordered_map<uint64_t, Site> sites;
  const Site* site(const ast::Expr& e, unsigned slot = 0) const {
    auto it = sites.find((static_cast<uint64_t>(e.id) << 1) | slot);
    return it == sites.end() ? nullptr : &it->second;
  }
  bool site_suspends(const Site& s) const { return s.node != ~0u && node_suspends[s.node]; }

  // Calls of functions std implements in C++ with their type arguments (checked once closures'
  // effects are known: C++ code cannot await a closure).
  struct CxxCall {
    sema::FnId callee;
    std::vector<sema::TypeId> args;
    const ast::Expr* call;
  };
  std::vector<CxxCall> cxx_calls;
  // By FnId: the functions its body names as callees (closures' included), and for a trait
  // method every impl's method of that name and back (what std_use keeps).
  std::vector<std::vector<sema::FnId>> callees;
  bool truncated = false;  // more instances than the analysis follows (reported)
  // By AdtId: its `impl Drop`'s `drop` can suspend (async drop: lower/async_drop.hpp).
  std::vector<bool> adt_async_drop;
  bool any_async_drop = false;
};

Effects infer_effects(const sema::Program& program);

// `f -> g (file:line:col) -> std::task::sleep (std)` for a suspending fn.
std::string explain_chain(const sema::Program& program, const Effects& effects, sema::FnId fn,
                          const SourceManager& sources);

// The methods of hand-written impls of the built-in traits (`PartialEq::eq`, `Clone::clone`,
// `Default::default`, ...) run inside C++ operators and copies, which cannot wait: one that
// can suspend is reported as not supported; so is a suspending function used as a value (a
// plain function pointer), and a closure that can suspend where C++ code would call it.
void check_builtin_impl_effects(const sema::Program& program, const Effects& effects, Diagnostics& diags);

// Whether a value of type `t` holds a closure that can suspend.
bool holds_suspending_closure(const sema::Program& program, const Effects& effects, sema::TypeId t);

// The `--emit=effects` report: every crate function, whether it suspends and why.
std::string effects_report(const sema::Program& program, const Effects& effects,
                           const SourceManager& sources);

}  // namespace asr::lower
