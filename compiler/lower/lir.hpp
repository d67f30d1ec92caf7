#pragma once
// LIR: the lowered program that emit prints. It is C++-shaped but still semantic:
// - statements only (Rust's block/if/loop *expressions* are turned into statements that
//   write a variable), in A-normal form around suspension: a suspending call appears only
//   as the whole right-hand side of a declaration, assignment, expression statement or
//   return, so each statement has at most one `co_await`;
// - Rust's left-to-right evaluation order is explicit: operands that C++ would evaluate in
//   unspecified order are spilled into named temporaries;
// - every variable has its final C++ name (shadowing resolved, keywords mangled);
// - types are sema TypeIds, callees FnIds; emit decides their spelling.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sema/program.hpp"

namespace asr::lir {

using sema::FnId;
using sema::TypeId;

enum class ExprKind : uint8_t {
  IntLit, FloatLit, BoolLit, CharLit, StrLit, UnitValue,
  Var,        // a variable (local or temporary): `var`
  Call,       // call of a crate or std fn: callee, args; `awaited` if it suspends
  Checked,    // overflow-checked integer op: `op` names the runtime helper (add, sub, ...)
  Binary,     // a C++ operator that needs no check: comparisons, float math, bit ops, && ||
  Unary,      // `!` / `~` / float `-` / literal negation
  Field,      // base.field (`text` "[i]": element i of an array, from an array pattern)
  StructInit, // Type{.a = x, .b = y} (args in declaration order)
  VariantInit,  // an enum value: `var` is the variant, args its fields in declaration order
  VariantTest,  // whether args[0] (an enum place) holds variant `var`
  VariantField, // field `text` of variant `var` of args[0] (which holds that variant)
  Const,        // the constant or static `var` (index in Program::consts)
  TraitConst,   // `T::SIDES` in generic code: const `text` of trait `var`, type_args [Self, args..]
  FnRef,        // a function as a value (a pointer to it): callee, type_args as for a Call; or,
                // with args, a plain function whose parameters are args[1..] and which
                // returns args[0] (a call of the function: lower_fn_value)
  CtorRef,      // a tuple struct's or tuple variant's constructor as a value (`.map(Some)`):
                // type is the `fn(fields..) -> T`; var the variant (kNone: a struct)
  PrimRef,      // a primitive type's method as a value (`.map(i32::abs)`): the runtime function
                // `::asr::<text>`, type the `fn(..)`; `var` = 1: it takes the location last
  Runtime,      // a runtime function `::asr::<text>(args)`; `var` = 1: the caller's location is
                // passed last (the function can panic); `text` ".name": the static member
                // `name` of the result type (`::asr::Vec<int32_t>::of(1, 2)` for `vec![1, 2]`)
  RangeNew,     // an integer range `::asr::<text><T>(args)` (`range`, `range_inclusive`,
                // `range_from`); `type` is the element type T
  RangeAdapt,   // `args[0].<text>(args[1..])` (`rev`, `step_by`); `var` = 1: location passed last
  ArrayRepeat,  // `[args[0]; N]` of array type `type`
  ConstArg,     // the value of a const generic argument, type_args[0] (a Param or a Const)
  ConstStorage, // a constant's static storage `var` (Module::const_storage), what `&[2, 3]` refers to
  Cast,       // Rust `as`
  Ternary,    // cond ? a : b (only when no branch needs statements)
  Format,     // print!/println!/...: `text` is the normalised format string
  Unreachable,  // value of a diverging expression (never evaluated)
  Closure,      // a C++ lambda (`lambda`); appears only as the value of a Decl or a Return
  CallValue,    // args[0](args[1..]): a call of a closure or of an `F: Fn..` parameter
  Coerce,       // args[0] as `type`: a reference or Box made a trait object, `&Box<T>` as `&T`
                // (emit spells the conversion from the two types)
  RefDeref,     // `(*args[0])`: what the stored reference args[0] (an `asr::Ref`) refers to
  RefObject,    // the `asr::Ref` object of the ref-storage variable `var` (for `&r`)
  MoveOut,      // `std::move(args[0])`: a value moved out of a place that is not a variable
                // (`let x = *boxed;`)
};

struct Lambda;

struct Expr {
  ExprKind kind;
  TypeId type;
  Span span;            // for panic locations of Checked / Call
  std::string text;     // literal text, operator, field name, runtime helper name, format
  uint32_t var = 0;     // Var
  FnId callee = sema::kNone;
  bool awaited = false; // Call, CallValue: emitted as `co_await`
  bool twin = false;    // Call: of the coroutine twin `f_co` of a function emitted twice
  FnId runs = sema::kNone;  // Call of a trait method: the impl's method it runs, where known
  // Call, CallValue in a coroutine twin or closure whose callee varies with the type
  // arguments: awaited whatever it turns out to be (the trait's `_co` dispatcher, asr::call_co)
  bool adaptive = false;
  bool op_loc = false;  // Call of an operator trait in generic code: also passes the operator's
                        // location (numbers' impls panic there on overflow)
  sema::MacroKind macro = sema::MacroKind::Print;  // Format
  std::vector<Expr> args;
  std::vector<TypeId> type_args;  // Call of a generic fn: sema's ExprInfo::type_args
  std::shared_ptr<const Lambda> lambda;  // Closure
  // The expression's type is a reference (`&U`, not `&str`) and its C++ value is the
  // `asr::Ref` that stores it (a field, an element, a generic function's `T`), not the C++
  // lvalue of the `U` it refers to, which is how every other reference is represented.
  bool ref_object = false;
  bool moved = false;  // Var: the value moves out here (`std::move(x)`)
  bool once = false;   // CallValue: the callee is an `FnOnce`, consumed (and dropped) by the call
};

enum class StmtKind : uint8_t {
  Decl,      // T var [= init];
  Assign,    // target = value;
  Eval,      // value;
  If,        // if (cond) { then } else { else }
  Loop,      // while (true) { body }  (Rust loop/while)
  Break,     // break; or goto label
  Continue,  // continue; or goto label
  Return,    // return / co_return [value];
  Block,     // { body }
  Label,     // label: ;   (target of a labelled break / continue)
  // Async drop (asr/std/async_drop.hpp): `var` (declared just before) owns a value whose drop
  // can suspend; `body` is the rest of its scope, run in a `try` whose handler keeps the
  // exception in `unwinding`; then `co_await asr::drop_async(var)` and the exception rethrown.
  Guarded,
  DropAsync, // co_await ::asr::drop_async(value);  (a scope exit that jumps: return, break, ..)
  DropNow,   // ::asr::drop_now(value);  (a synchronous drop, to keep Rust's order at such an exit)
};

struct Stmt {
  StmtKind kind;
  Span span;
  uint32_t var = 0;                 // Decl
  std::optional<Expr> target;       // Assign
  std::optional<Expr> value;        // Decl init, Assign value, Eval, If cond, Return value
  std::vector<Stmt> body;           // If then, Loop body, Block body
  std::vector<Stmt> else_body;      // If else
  std::string label;                // Break/Continue: goto target (empty = innermost loop); Label
  std::optional<Expr> range;        // Loop: `for (var : range)` (a Rust `for` over a range)
  bool move_init = false;           // Decl: the value moves out of its place (`T x = std::move(place);`)
  std::string unwinding;            // Guarded: the C++ name of its `std::exception_ptr`
};

// A closure: captures spelled for C++ (`&total`, `limit`, `name = std::move(name)`), its
// parameters (variables of the enclosing function) and its body.
struct Lambda {
  uint32_t closure = 0;              // index in Program::closures
  // A capture of a field (`&p_x = {}`) has its place in `capture_places` (at the `{}`).
  std::vector<std::string> captures;
  std::vector<std::optional<Expr>> capture_places;
  std::vector<uint32_t> params;
  // Variables captured by value whose drop can suspend: moved into the closure's `owned`
  // tuple (asr::OwningClosure), which the lambda takes as its first parameter `owned_param`.
  std::vector<uint32_t> owned;
  std::string owned_param;
  bool is_mutable = false;           // mutates or moves out of a by-value capture
  bool suspends = false;             // a coroutine lambda returning `asr::Task<R>`
  TypeId ret;
  std::vector<Stmt> body;
};

struct Var {
  std::string name;      // final C++ name
  TypeId type;
  bool is_mut = true;    // false: may be declared `const`
  bool is_temp = false;
  // A reference variable whose own address is taken (`&r`): declared as an `asr::Ref`
  // (read as `(*r)`), so that a `&&T` has an object to point to.
  bool ref_storage = false;
  bool is_static = false;  // a promoted constant (`Some(&5)` lives as long as the program)
  // Declared `auto&&`: names a place or a temporary alike (a receiver borrowed by a method,
  // whose lifetime then lasts to the end of the block).
  bool forwarding = false;
};

struct Param {
  uint32_t var;
};

struct Function {
  FnId fn;
  std::string name;           // C++ name (mangled if needed)
  bool suspends = false;      // emitted as a coroutine returning asr::Task<T>
  // The coroutine twin of a generic function whose instances differ (`name` ends in `_co`;
  // the plain version is another Function of the same `fn`).
  bool is_twin = false;
  std::vector<FnId> dispatch;  // trait methods this body calls adaptively (Expr::adaptive)
  std::vector<std::string> why;  // call chain proving it suspends (for --annotate/effects)
  std::vector<Var> vars;
  std::vector<uint32_t> params;  // vars that are parameters (self first for methods)
  std::vector<Stmt> body;
};

struct Module {
  const sema::Program* program = nullptr;
  std::vector<Function> functions;   // crate functions, in source order
  std::vector<bool> fn_suspends;     // indexed by FnId (std fns included)
  std::vector<bool> fn_twin;         // by FnId: also emitted as a coroutine twin `name_co`
  // Trait methods called adaptively from coroutine twins: each trait with one gets a
  // dispatcher `Trait_co<Self..>` whose members await the impl's coroutine or take its value.
  std::vector<FnId> dispatched;
  std::vector<std::string> fn_names; // C++ names, indexed by FnId ("" for std fns)
  std::vector<std::string> adt_names;  // C++ names, indexed by AdtId
  std::vector<bool> adt_used;          // by AdtId: emitted (std's only where the program uses them)
  // By AdtId, for types deriving Default: `Type::default()` (for `asr::DefaultOf<Type>`).
  std::vector<std::optional<Expr>> adt_defaults;
  std::vector<std::string> trait_names;     // C++ names of traits (class templates), by TraitId
  std::vector<sema::TraitId> emitted_traits;  // user traits and std traits the program implements
  std::vector<sema::TraitId> dyn_traits;  // the traits the program uses as `dyn Trait` (sema's, minus std's unused)
  std::vector<bool> impl_used;             // by ImplId: std's impls only where the program uses them
  std::vector<bool> const_used;            // by const index: std's constants only where named
  std::vector<std::string> assoc_names;     // ... of the class template of their associated types
  std::vector<std::string> provided_names;  // ... of the class template of their provided methods
  std::vector<std::string> param_names;     // C++ names of generic parameters, by ParamId
  std::vector<std::vector<std::string>> variant_names;  // C++ names of enum variants, by AdtId
  std::vector<std::string> const_names;        // C++ names of constants, by index
  std::vector<Expr> const_values;              // their values, evaluated by sema
  // What constants refer to (`const PRIMES: &[u32] = &[2, 3, 5];`): static storage named
  // `name` in the constant's namespace, defined before the constant (ExprKind::ConstStorage).
  struct ConstStorage {
    std::string name;
    uint32_t const_index;  // the constant it belongs to
    sema::ModuleId module; // whose namespace holds it
    TypeId type;
    Expr value;
  };
  std::vector<ConstStorage> const_storage;
  bool release = false;
};

}  // namespace asr::lir
