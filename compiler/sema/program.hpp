#pragma once
// The product of sema: every item of the crate (and of the std declarations it uses), with
// resolved types, plus side tables keyed by expression id that say what each expression
// means. Later stages read this and the AST; neither is modified after sema.

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <tuple>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sema/types.hpp"
#include "syntax/ast.hpp"

namespace asr::sema {

using FnId = uint32_t;
using AdtId = uint32_t;
using ModuleId = uint32_t;
using LocalId = uint32_t;
using TraitId = uint32_t;
using ParamId = uint32_t;
using ImplId = uint32_t;
constexpr uint32_t kNone = ~0u;

struct FieldDef {
  std::string name;
  TypeId type;
  Span span;
  ModuleId vis = kNone;  // a struct's private field: its module (kNone: `pub`)
};

// The traits asrc knows (derivable ones, plus Display for std types).
enum class Trait : uint8_t { Clone, Copy, Debug, Display, PartialEq, Eq, PartialOrd, Ord, Hash, Default };
const char* trait_name(Trait t);

// One variant of an enum: like a struct of its own, with the enum's discriminant value.
struct VariantDef {
  std::string name;
  ast::StructKind kind = ast::StructKind::Unit;
  std::vector<FieldDef> fields;
  __int128 discriminant = 0;
  Span span;
};

// A struct or an enum (an algebraic data type).
struct AdtDef {
  std::string name;          // as written in ASR
  std::string path;          // for messages, e.g. `Point` or `std::time::Duration`
  ModuleId module = 0;
  const ast::Item* item = nullptr;
  ast::StructKind kind = ast::StructKind::Named;  // structs only
  std::vector<FieldDef> fields;                    // structs only
  bool is_enum = false;
  std::vector<VariantDef> variants;                // enums only
  IntTy repr = IntTy::Isize;                       // enums: the discriminant's type
  bool fieldless() const {                         // enums whose variants are all unit
    for (const auto& v : variants) if (v.kind != ast::StructKind::Unit) return false;
    return is_enum;
  }
  std::vector<ParamId> generics;  // `struct Stack<T>`: field types mention these
  // std types only: per generic, its default (`enum ControlFlow<B, C = ()>`), lowered by
  // trait_defaults; a type written with fewer arguments gets the defaults of the rest
  std::vector<std::optional<TypeId>> defaults;
  std::unordered_map<std::string, FnId> assoc;  // inherent associated fns and methods
  // A name defined in impls for different instances (`describe` of `impl P<i32>` and of `impl
  // P<f64>`): every one of them (`assoc` holds the first).
  std::unordered_map<std::string, std::vector<FnId>> instance_methods;
  std::unordered_map<std::string, uint32_t> assoc_consts;  // associated consts (index in consts)
  bool is_std = false;
  std::string cpp_name;      // std types: the C++ type implementing it
  uint32_t traits = 0;       // bit set of Trait: derived or implemented (std types: declared so)
  uint32_t derived = 0;      // the subset that `#[derive]` generates
  // std types: the subset that holds whatever the type arguments (`#[asr::unconditional(Clone)]`:
  // an `Rc<T>` is Clone for every T)
  uint32_t unconditional = 0;
  uint32_t default_variant = kNone;  // enums deriving Default: the `#[default]` variant
  uint32_t drop_impl = kNone;        // its `impl Drop` (an ImplId), if it has one
  bool implements(Trait t) const { return (traits >> static_cast<unsigned>(t)) & 1u; }
  bool derives(Trait t) const { return (derived >> static_cast<unsigned>(t)) & 1u; }
  void add(Trait t) { traits |= 1u << static_cast<unsigned>(t); }
  Span span;
};

// The three closure traits, weakest requirement last: an `Fn` closure may be called where
// `FnMut` or `FnOnce` is expected, an `FnMut` one where `FnOnce` is.
enum class ClosureKind : uint8_t { Fn, FnMut, FnOnce };
const char* closure_kind_name(ClosureKind k);

// `F: Fn(i32, &T) -> bool`: the signature a parameter's values may be called with.
struct FnBound {
  ClosureKind kind = ClosureKind::Fn;
  std::vector<TypeId> params;
  TypeId ret;
};

// A bound on a user trait: `T: Shape`, `T: Add<Output = T>`, `T: From<i32>`.
struct TraitBound {
  TraitId trait;
  std::vector<TypeId> args;      // the trait's type arguments (defaults filled in)
  std::vector<std::pair<uint32_t, TypeId>> assoc;  // `Output = T`: associated type index, type
};

// A generic type parameter (`T: Ord + Shape`), or `Self` inside a trait. Bounds are kept
// closed under supertraits (`T: Ord` also records Eq, PartialOrd, PartialEq).
struct GenericParamDef {
  std::string name;
  uint32_t builtin = 0;          // bit set of Trait
  std::vector<TraitBound> traits;  // user traits
  bool is_self = false;          // a trait's `Self`
  // `const N: usize`: stands for a value; a Const (or a variable bound to one) takes its
  // place in substitutions, and the body reads it as a `usize` (ValueRes::ConstParam).
  bool is_const = false;
  std::optional<FnBound> fn_bound;  // `F: Fn(A) -> R` (at most one per parameter)
  bool anonymous = false;        // `impl Fn(..)` in argument position
  bool hidden = false;           // a projection's stand-in (FnDef::projections): no turbofish
  // `T: ?Sized` in std: a `dyn Trait` may stand for it (`impl<T: ?Sized> AsRef<T> for Box<T>`;
  // those bodies only reach `T` through `&`/`Box`). A user's `?Sized` is not honoured yet.
  bool maybe_unsized = false;
  // `-> impl Iterator<Item = u32>` of function `opaque_of`: callers see only the bounds; the
  // body's type (`opaque_concrete`) must satisfy them.
  FnId opaque_of = kNone;
  TypeId opaque_concrete;
  Span span;
  bool has(Trait t) const { return (builtin >> static_cast<unsigned>(t)) & 1u; }
};

// `type Output;` in a trait.
struct AssocTypeDef {
  std::string name;
  Span span;
  // `type Key: Ord + Display;`: a parameter holding the bounds (kNone if none), which every
  // `T: Trait` implies for `T::Key` and every impl's type must meet.
  ParamId bounds = kNone;
};

// `const SIDES: u32;` (or with a default value) in a trait.
struct TraitConstDef {
  std::string name;
  const ast::Item* item = nullptr;
  TypeId type;                   // may mention `Self`
  Span span;
};

// A trait declared in ASR. Its methods are FnDefs generic over `self_param`, the trait's own
// parameters (`trait Add<Rhs = Self>`) and their own; a method with a body is provided (a
// default the impls may override).
struct TraitDef {
  std::string name;
  std::string path;              // for messages
  ModuleId module = 0;
  const ast::Item* item = nullptr;
  ParamId self_param = kNone;
  std::vector<ParamId> params;   // the trait's type parameters after `Self`
  std::vector<std::optional<TypeId>> defaults;  // their defaults (may mention `Self`)
  std::vector<AssocTypeDef> assoc_types;
  std::vector<TraitConstDef> consts;
  std::string lang;              // std's operator traits: `#[asr::lang(add)]` names the operator
  // `#[asr::inherent]`: std's stand-in for inherent methods of some instances of a type
  // (`Option<&T>::copied`): in scope everywhere, as inherent methods are.
  bool inherent = false;
  std::vector<FnId> methods;     // in declaration order
  uint32_t builtin_supers = 0;   // supertraits: bit set of Trait, and user traits
  std::vector<TraitId> supers;
  std::optional<Trait> builtin;  // std's declaration of a trait built into asrc (`Clone`, ...)
  Span span;
};

// How an impl parameter that its self type and trait arguments do not mention is known:
// the return type of a callable parameter's `Fn` bound (`B` in `impl<B, I: Iterator,
// F: FnMut(I::Item) -> B> Iterator for Map<I, F>`), or an associated type a bound fixes
// (`T` in `I: Iterator<Item = &T>`; `through_ref` when the binding is `&T`).
struct ImplDerivedParam {
  ParamId param = kNone;
  ParamId from = kNone;          // the parameter whose bound determines it
  bool fn_return = false;        // `from: Fn(..) -> pattern`
  TraitId trait = kNone;         // else `from: trait<assoc = pattern>`
  uint32_t assoc = 0;
  TypeId pattern;                // mentions `param` (`B`, `Option<B>`, `&B`, `(usize, B)`)
};

// `impl Trait<Args> for Type`: `self_type` and `trait_args` may mention the impl's own
// generic parameters.
struct ImplDef {
  TraitId trait = kNone;
  TypeId self_type;
  std::vector<TypeId> trait_args;
  std::vector<TypeId> assoc_types;  // `type Output = T;`, by the trait's associated type index
  std::vector<ParamId> params;
  ModuleId module = 0;
  const ast::Item* item = nullptr;
  std::vector<FnId> methods;     // the methods written in the impl
  std::vector<uint32_t> consts;  // by the trait's const index: the value's ConstDef (written,
                                 // or the trait's default for this type); kNone if missing
  bool builtin = false;          // std's operator impls for numbers and bool (no items)
  Span span;
};

// How a closure holds a place of its environment, decided from the body as Rust 2021
// does: by shared reference if only read, by mutable reference if mutated, by value if the
// closure is `move` or the body moves the (non-Copy) value out. The place is a variable or,
// when the body only uses some of its fields, that field (`p.x`, `t.1.name`: disjoint
// captures, so the closure leaves the other fields alone).
enum class CaptureMode : uint8_t { Ref, RefMut, Move };
struct Capture {
  LocalId local;
  CaptureMode mode;
  Span span;  // the first use in the body
  std::vector<std::string> fields;  // the path from `local` to the captured place (tuple fields `0`)
};

// A closure expression (`expr` set), or the opaque `impl Fn(..) -> R` return type of `owner`
// (`expr` null: callers only know the signature and the kind).
struct ClosureDef {
  FnId owner = kNone;
  const ast::Expr* expr = nullptr;
  std::vector<TypeId> params;
  TypeId ret;
  ClosureKind kind = ClosureKind::Fn;
  std::vector<Capture> captures;  // in order of first use
  TypeId concrete;                // an `impl Fn` return type: the closure type returned
  Span span;
  // The owner's locals declared by the closure (its parameters and body): [first, end).
  LocalId first_local = 0, end_local = 0;
};

struct LocalDef {
  std::string name;
  TypeId type;
  bool is_mut = false;
  Span span;
};

struct ParamDef {
  std::string name;          // "_" for a destructuring parameter (`(a, b): (i32, i32)`)
  const ast::Pat* pattern = nullptr;  // the destructuring pattern, if any
  TypeId type;
  bool is_mut = false;
  LocalId local = kNone;
  Span span;
};

struct FnDef {
  std::string name;
  std::string path;          // for messages and effects: `Point::new`, `std::task::sleep`
  ModuleId module = 0;
  ModuleId scope = kNone;    // where names in the body resolve (a body with items: their module)
  const ast::Item* item = nullptr;
  AdtId owner = kNone;    // the impl's self type, for associated fns and methods
  ast::SelfKind self_kind = ast::SelfKind::None;
  TypeId self_type;          // what `Self` is (associated fns and methods; a trait's Self param)
  TraitId trait = kNone;     // a method declared in a trait (calls through the trait use it)
  ImplId impl = kNone;       // a method of `impl Trait for Type`
  // The generic parameters the signature may mention: the trait's `Self` or the impl's
  // parameters first, then the function's own (`own_generics` of them, at the end).
  std::vector<ParamId> generics;
  uint32_t own_generics = 0;
  // `where Self::Item: Ord`: the associated type, and the hidden own parameter (last in
  // `generics`, bounded `Ord`) that stands for it in the body and that calls bind to it.
  std::vector<std::pair<TypeId, ParamId>> projections;
  // `fn rev(self) -> Rev<Self> where Self: DoubleEndedIterator` in a trait: bounds on the
  // trait's `Self` for this method only, checked at each call.
  std::vector<TraitBound> self_bounds;
  // A method of an impl for some instances of its type only (`impl Point<f64>`,
  // `impl<const N: usize> Matrix<N, N>`): `self_type` says which; in C++ the impl's
  // parameters are the member's own template parameters.
  bool instance_impl = false;
  bool self_mut = false;     // `mut self`
  LocalId self_local = kNone;
  std::vector<ParamDef> params;
  TypeId ret;
  bool is_std = false;
  bool std_suspends = false; // #[asr::suspends]: a suspension point of the runtime
  // #[asr::awaits_closures]: the C++ implementation awaits the closures it is given (the task
  // tree's `asr::task::detail::call`), so they may suspend.
  bool std_awaits_closures = false;
  // #[asr::spawns]: the closure argument runs as a child task that may outlive the calling body
  // (`Scope::spawn`). #[asr::opens_scope]: a closure argument receives the `&Scope` children
  // are spawned on (`scope`, `supervisor`, `std::thread::scope`). See sema/task_checks.cpp.
  bool std_spawns = false;
  bool std_opens_scope = false;
  bool track_caller = false; // #[track_caller]: its panics report the caller's location
  bool is_const = false;     // `const fn`: callable in constants, evaluated by consteval
  bool sig_done = false;     // the signature was lowered (const fns: early, for array lengths)
  bool body_checked = false; // check_body ran (const fns: early, when a constant calls them)
  bool body_errors = false;  // ... and reported errors
  std::string cpp_name;      // std fns: C++ callee (free fn, or member name for methods)
  std::vector<LocalDef> locals;  // every local of the body (params and self included)
  ModuleId vis = kNone;      // visible only in this module and its descendants (kNone: everywhere)
  Span span;
};

// The value of a constant, computed by sema (consteval.cpp) as rustc does.
struct ConstValue {
  // Ref: `&[4, 5]`, `b"GET"`, `&ORIGIN` (elems[0] the value referred to, in static storage)
  // CppCall: a call of a `const fn` of std implemented in C++ (`Duration::from_millis(10)`),
  // `callee` with the arguments `elems`; emitted as that (constexpr) C++ call.
  enum class Kind : uint8_t { Int, Float, Bool, Char, Str, Unit, Tuple, Adt, Ref, CppCall } kind = Kind::Unit;
  TypeId type;
  unsigned __int128 bits = 0;   // Int: two's complement, zero-extended; Bool: 0/1; Char: code point
  double f = 0;                 // Float
  std::string s;                // Str
  uint32_t variant = ~0u;       // Adt: the enum variant (~0u for structs)
  uint32_t callee = ~0u;        // CppCall: the FnId
  std::vector<ConstValue> elems;  // Tuple elements / Adt fields in declaration order / Ref's value
};

// A `const` or `static` item (at module level or associated with a type).
struct ConstDef {
  std::string name;
  std::string path;          // for messages: `MAX`, `Grid::WIDTH`
  ModuleId module = 0;
  const ast::Item* item = nullptr;  // null for a hidden constant (below)
  // A hidden constant: an array length or const argument that is more than a literal or a
  // constant's name (`[0u8; cells(4)]`), evaluated like a `usize` constant, never emitted.
  const ast::Expr* init = nullptr;
  const ast::Expr* initializer() const { return init ? init : item->value.get(); }
  uint32_t owner = ~0u;      // AdtId for associated consts (and a trait impl's, for `Self`)
  uint32_t impl = ~0u;       // ImplId of a trait impl's const (`impl Shape for Sq { const N.. }`)
  uint32_t trait_const = ~0u;  // ... and the index of the trait's const it gives
  bool trait_default = false;  // ... taken from the trait's default (an initializer shared by impls)
  bool is_static = false;
  TypeId type;
  FnId checker = ~0u;        // the hidden function whose body type-checks the initializer
  bool checked = false;      // the initializer was type-checked
  enum class State : uint8_t { Pending, Evaluating, Done, Failed } state = State::Pending;
  ConstValue value;
  Span span;
};

// A parsed format string of println!/format!/..., normalised for the runtime: every argument
// reference is positional, implicit captures became extra arguments.
struct FormatArg {
  const ast::Expr* expr = nullptr;  // an argument written in the macro call, or
  LocalId captured = kNone;         // an implicitly captured local (`{name}`)
  TypeId type;
};

// Assert: `if !cond { panic!(format, args) }`; AssertEq/AssertNe: compare `left` and `right`,
// on failure panic with both (and `format`, if not empty); the others print or panic.
// Vec: `vec![a, b]` (args, moved in) or `vec![x; n]` (left: x, moved in; right: n).
enum class MacroKind : uint8_t { Print, Println, Eprint, Eprintln, Format, Panic, Assert, AssertEq, AssertNe, Write, Vec };

struct MacroInfo {
  MacroKind kind;
  std::string format;              // Rust format syntax, arguments positional where named
  std::vector<FormatArg> args;
  const ast::Expr* cond = nullptr;   // Assert
  const ast::Expr* left = nullptr;   // AssertEq / AssertNe; Write: the formatter (or `io::Write`r)
  const ast::Expr* right = nullptr;
};

// What a path expression refers to.
enum class ValueRes : uint8_t { None, Local, Fn, UnitStruct, TupleStructCtor, UnitVariant, VariantCtor,
                                PrimConst /* i32::MAX: res_id is a PrimConst */,
                                DefaultCtor /* `Type::default` of a type deriving Default */,
                                Const /* a `const` or `static`: res_id is its index */,
                                TraitConst /* `T::N` of a parameter: res_id the trait, variant
                                              the const's index, type_args [Self, trait args] */,
                                PrimMethod /* `i32::abs`, `char::is_whitespace`: a method of a
                                              primitive type by path; res_id indexes
                                              prim_methods.hpp's table, type_args [Self] */,
                                ConstParam /* `N` of `const N: usize`: res_id the ParamId, type_args [the Param] */ };
enum class PrimConst : uint32_t { Min, Max, Bits, Epsilon, Infinity, NegInfinity, Nan, MinPositive };

struct ExprInfo {
  TypeId type;
  ValueRes res = ValueRes::None;
  uint32_t res_id = kNone;   // LocalId / FnId / AdtId
  uint32_t variant = kNone;  // UnitVariant, VariantCtor, StructLit of a variant: its index
  FnId callee = kNone;       // Call, MethodCall: the function called
  // MethodCall receiver adjustment: how the receiver expression becomes `self`.
  enum class Recv : uint8_t { ByValue, AutoRef, AutoRefMut, Deref } recv = Recv::ByValue;
  uint32_t field = kNone;    // Field: index into the struct's fields
  uint8_t auto_derefs = 0;   // MethodCall receiver / Field / Index base: the smart pointers
                             // (Box, Deref impls) auto-dereferenced, outermost first
  bool deref_mut = false;    // those derefs (or a Unary deref) go through DerefMut
  // Path of a local (or `*b` of a Box): the move checker saw its (non-Copy) value moved out here, so the
  // generated C++ moves it (`std::move(x)`) rather than copying it.
  bool moved = false;
  uint32_t macro = kNone;    // MacroCall: index into Program::macros
  LocalId local = kNone;     // Let statements' bindings are recorded per pattern (below)
  // MethodCall of a derived trait method rather than of `callee`: `x.clone()`.
  // Prim: a method of a primitive type; `field` indexes prim_methods.hpp's table.
  // CallValue: a Call whose callee is a value (a closure, or a parameter bounded by `Fn..`).
  // Slice: a method of slices (or of an array, through auto-ref); `field` indexes slices.hpp's table.
  // IntoIter: a `for` loop over `IntoIterator::into_iter(iterable)`; type_args are the
  // iterable's type and the iterator's, callee `Iterator::next`.
  // SliceFn: a method of std's `impl<T> [T]` (stdlib/std/slice.asr) on a slice, an array or a
  // Vec: callee called with a view of the receiver.
  enum class Builtin : uint8_t { None, Clone, Prim, ArrayLen, ArrayIsEmpty, CallValue, Slice, IntoIter, SliceFn } builtin = Builtin::None;
  // Call / MethodCall of a generic function: the types given to callee.generics, in order
  // (for a trait method, the first is `Self`).
  std::vector<TypeId> type_args;
};

// What a pattern matches. Every pattern checked by sema has one.
struct PatInfo {
  TypeId type;                  // the matched type, after the references peeled below
  uint8_t derefs = 0;           // references auto-dereferenced first (default binding modes)
  uint32_t const_id = kNone;    // a constant used as a pattern (compared with `==`)
  uint32_t adt = kNone;         // Path/TupleStruct/Struct patterns (and idents naming a unit
  uint32_t variant = kNone;     // variant or struct): the ADT, and the variant for enums
  std::vector<uint32_t> fields; // Struct patterns: field index of each written field
};

struct Module {
  std::string name;
  std::string path;          // `crate`, `crate::net`, `std::task`
  ModuleId parent = kNone;
  bool is_std = false;
  // The items declared inside a function body: names not found here are looked up in the
  // parent, and `self`/`super` mean the enclosing real module.
  bool transparent = false;
  uint32_t body_of = ~0u;  // transparent: the FnId whose body declares these items
};

struct Program {
  mutable TypeTable types;  // (interning a type is a cache: queries on a const Program may add types)
  std::vector<Module> modules;
  std::vector<AdtDef> adts;
  std::vector<FnDef> fns;
  std::vector<ConstDef> consts;
  std::vector<GenericParamDef> params;
  std::vector<TraitDef> traits;
  std::vector<ImplDef> impls;
  std::vector<TraitId> user_traits;
  std::vector<ImplId> user_impls;
  std::vector<MacroInfo> macros;
  std::vector<ClosureDef> closures;  // TyKind::Closure ids
  std::vector<ExprInfo> exprs;   // indexed by ast::Expr::id
  std::unordered_map<const ast::Pat*, LocalId> pat_locals;  // binding patterns -> locals
  std::unordered_map<const ast::Pat*, PatInfo> pats;        // every checked pattern
  std::unordered_map<const ast::FieldInit*, LocalId> shorthand_locals;  // `S { x }` -> local x
  std::unordered_map<const ast::Block*, ModuleId> block_scopes;  // blocks declaring items -> their module
  FnId main = kNone;
  // Unsize coercions (dyn_traits.cpp): an expression, by its span, whose value of type `from`
  // becomes a trait object `to` (`&c` as `&dyn Shape`, a `Box<Circle>` as `Box<dyn Shape>`).
  struct Coercion { TypeId from, to; };
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, Coercion> coercions;
  const Coercion* coercion(Span s) const {
    auto it = coercions.find({s.file.index, s.begin, s.end});
    return it == coercions.end() ? nullptr : &it->second;
  }
  // Deref coercions (check_fn.cpp, coerce): an expression, by its span, whose reference
  // becomes the reference type given (`&v` as `&[i32]`, `&s` as `&str`, `&&x` as `&T`);
  // lowering inserts the derefs wherever the value lands (lower/refs.cpp, deref_to).
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, TypeId> deref_coercions;
  const TypeId* deref_coercion(Span s) const {
    auto it = deref_coercions.find({s.file.index, s.begin, s.end});
    return it == deref_coercions.end() ? nullptr : &it->second;
  }
  // Every trait used as `dyn Trait`, in order of first use (the C++ trait-object structs).
  std::vector<TraitId> dyn_traits;
  AdtId option_adt = kNone;      // std's Option and Result (the `?` operator's types)
  AdtId result_adt = kNone;
  AdtId box_adt = kNone;         // std::boxed::Box
  AdtId vec_adt = kNone;         // std::vec::Vec
  mutable TraitId deref_trait_ = kNone;  // (deref_trait()'s cache)
  mutable std::unordered_map<std::string, TraitId> lang_traits_;  // (lang_trait()'s cache)
  AdtId formatter_adt = kNone;   // std::fmt::Formatter and Error (hand-written Display/Debug)
  AdtId fmt_error_adt = kNone;
  // Functions used as values (`apply(double, 3)`, `let f: fn(i32) -> i32 = double;`), where.
  std::vector<std::pair<FnId, Span>> fn_values;
  // Closures coerced to a `fn` pointer type (`let inc: fn(i32) -> i32 = |x| x + 1;`), where.
  std::vector<std::pair<uint32_t, Span>> fn_ptr_closures;
  TraitId display_trait = kNone; // std's declarations of the built-in Display and Debug
  TraitId debug_trait = kNone;
  // std's declaration of each built-in trait (by Trait), which hand-written impls implement.
  std::array<TraitId, 10> builtin_decls = {kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone};
  std::vector<FnId> user_fns;    // functions with bodies to emit, in source order
  std::vector<AdtId> user_adts;
  std::vector<std::unique_ptr<ast::Crate>> crates;  // owns every parsed file (std + user)
  std::vector<std::string> source_paths;            // every user file read (for depfiles)
  std::vector<FileId> user_files;                   // the root file first, then `mod x;` files

  const ExprInfo& info(const ast::Expr& e) const { return exprs[e.id]; }
  const PatInfo& pat(const ast::Pat& p) const { return pats.at(&p); }
  // The fields of a struct, or of one variant of an enum.
  const std::vector<FieldDef>& fields_of(uint32_t adt, uint32_t variant) const {
    return variant == kNone ? adts[adt].fields : adts[adt].variants[variant].fields;
  }
  std::string type_name(TypeId t) const;
  std::string closure_name(uint32_t closure) const;  // `{closure}`, `impl Fn(i32) -> i32`
  // `Stack<i32>`: the substitution of Stack's parameters by the type's arguments.
  TypeTable::Subst adt_subst(TypeId adt_type) const;
  // The type of field `i` of a struct (variant kNone) or enum variant, in the instance `adt_type`.
  TypeId field_type(TypeId adt_type, uint32_t variant, size_t i) const;
  // Whether values of type `t` implement `trait` (built in for primitives, tuples and
  // references; derived for ADTs).
  bool implements(TypeId t, Trait trait) const;
  // A const generic argument (a Const, or a `const N: usize` parameter): a value, not a type,
  // so trait bounds never apply to it.
  bool is_const_arg(TypeId t) const {
    return types.kind(t) == TyKind::Const || (types.kind(t) == TyKind::Param && params[types.get(t).id].is_const);
  }
  // Whether `t` implements the user trait `trait` (through an impl, or a parameter's bounds).
  bool implements(TypeId t, TraitId trait) const;
  bool implements(TypeId t, TraitId trait, const std::vector<TypeId>& args) const;
  // The bounds of the parameter type `t`. An `impl Trait` return type of a generic function
  // carries the function's generic arguments (`evens::<u8>`'s `impl Iterator<Item = T>`
  // has `Item = u8`), which its bounds are read with.
  std::vector<TraitBound> param_bounds(TypeId t) const;
  // Of the methods named `name` in impls for some instances of `adt`, the one whose impl is
  // for `self` (which may hold inference variables); kNone if none or several.
  FnId instance_method(AdtId adt, const std::string& name, TypeId self) const;
  // The impl of `trait` (with type arguments `args`; empty: any) for `t`, with the impl's
  // parameters bound in `map`; kNone if none.
  ImplId find_impl(TraitId trait, TypeId t, TypeTable::Subst* map = nullptr,
                   const std::vector<TypeId>* args = nullptr) const;
  // The impl's parameters its self type and trait arguments leave open, and how each is
  // determined (in dependency order); nullopt if one is not determined in such a form.
  std::optional<std::vector<ImplDerivedParam>> impl_derived_params(const ImplDef& im) const;
  // The impls of `trait`, in declaration order (an index rebuilt when impls were added).
  const std::vector<ImplId>& impls_of(TraitId trait) const;
  mutable std::vector<std::vector<ImplId>> impls_by_trait_;
  mutable size_t impls_indexed_ = 0;
  // Binds the impl's parameters that only its bounds determine (see traits.cpp).
  void infer_impl_params(const ImplDef& im, TypeTable::Subst& map) const;
  std::optional<FnBound> callable_signature(TypeId t) const;
  // Whether calling a value of type `t` consumes it: an `FnOnce` closure, an `F: FnOnce(..)`
  // parameter, a `Box<dyn FnOnce(..)>` (Rust moves it into `call_once`).
  bool call_consumes(TypeId t) const;
  // A hand-written impl of a built-in trait (`impl Clone for Money`) for `t`; kNone when the
  // trait is derived, built in or absent.
  ImplId hand_written(Trait b, TypeId t) const {
    TraitId decl = builtin_decls[static_cast<unsigned>(b)];
    return decl == kNone ? kNone : find_impl(decl, t);
  }
  bool has_hand_written(Trait b) const;
  // Whether cloning a `t` may run a hand-written `Clone::clone` (`t` holds such a type in a
  // field, a tuple or an array, or is a generic parameter); Copy types clone by copying.
  bool clone_calls_impl(TypeId t) const;
  // Whether `f` holds for a part of `t`: a tuple's elements, an array's element, a struct's or
  // enum's field types (substituted), a std type's type arguments (what a `Vec<T>` holds).
  bool any_part(TypeId t, const std::function<bool(TypeId)>& f) const;
  // Drops (sema/drops.cpp). Whether the program has an `impl Drop` at all; whether dropping a
  // `t` may run one (a generic parameter or `dyn` may, if the program has one); whether a
  // struct (or an enum's variant) has two or more such fields (Rust drops them in declaration
  // order, C++ in reverse); whether the C++ type is a class rather than an aggregate for
  // either reason.
  bool has_drop_impls() const;
  bool needs_drop(TypeId t) const;
  bool drops_fields_in_order(AdtId s, uint32_t variant = kNone) const;
  bool has_drop_glue_form(AdtId s) const;
  // The bound of the only impl that would apply to `t` if it held (`Into<Feet> for Meters`
  // needs `Feet: From<Meters>`), for messages; nullopt if none or several.
  std::optional<std::pair<TypeId, TraitBound>> unmet_impl_bound(TraitId trait, TypeId t,
                                                                const std::vector<TypeId>& args) const;
  // How many impls of `trait` could apply to `t` (which may hold inference variables).
  size_t matching_impls(TraitId trait, TypeId t, const std::vector<TypeId>* args = nullptr, int depth = 0) const;
  // `t` with every associated type whose impl is known replaced by the impl's type
  // (`<Vec2 as Add>::Output` -> `Vec2`), or by a bound's (`T: Add<Output = T>`).
  TypeId normalize(TypeId t) const;
  bool has_vars(TypeId t) const;
  // The substitution of a trait's `Self` and parameters for an impl (or a bound) of it.
  TypeTable::Subst trait_subst(TraitId trait, TypeId self, const std::vector<TypeId>& args) const;
  // The trait std marks `#[asr::lang(name)]` (`add`, `neg`, `index`..); kNone if none.
  TraitId lang_trait(const std::string& name) const;
  // The type of the place `fields` (names, tuple fields `0`) inside a value of type `base`.
  TypeId place_type(TypeId base, const std::vector<std::string>& fields) const;
  // Whether the trait object `dyn` (TyKind::Dyn) implements `trait`: its trait or a supertrait.
  bool dyn_implements(TypeId dyn, TraitId trait) const;
  bool dyn_implements(TypeId dyn, Trait trait) const;  // `dyn Shape` with `trait Shape: Display`
  std::string dyn_name(TypeId dyn) const;              // `dyn Shape`, `dyn Fn(i32) -> i32`
  // The methods a `dyn Trait` vtable holds: the trait's and its supertraits', declaration order.
  std::vector<FnId> dyn_methods(TraitId trait) const;
  // Whether `t` is `Box<..>`; its boxed type in `inner`.
  bool is_box(TypeId t, TypeId* inner = nullptr) const {
    const TypeData& d = types.get(t);
    if (d.kind != TyKind::Adt || d.id != box_adt || box_adt == kNone || d.elems.empty()) return false;
    if (inner) *inner = d.elems[0];
    return true;
  }
  // Whether `t` is `Vec<..>`; its element type in `elem`.
  bool is_vec(TypeId t, TypeId* elem = nullptr) const {
    const TypeData& d = types.get(t);
    if (d.kind != TyKind::Adt || d.id != vec_adt || vec_adt == kNone) return false;
    if (elem) *elem = d.elems[0];
    return true;
  }
  // One step of `*t` for a smart pointer: `Box<T>`'s `T`, or the `Deref::Target` of a type
  // with a `Deref` impl (or bound); nullopt for references, primitives and other types.
  std::optional<TypeId> deref_target(TypeId t) const;
  // Whether `*t` of such a type may be mutated: a Box, or a type with a `DerefMut` impl.
  bool deref_mutable(TypeId t) const;
  TraitId deref_trait() const;      // std::ops::Deref / DerefMut (kNone without std)
  TraitId deref_mut_trait() const;
  // A method `name` of trait `trait` or of its supertraits; kNone if none.
  FnId trait_method(TraitId trait, const std::string& name) const;
  // std's inherent impls on primitive types (`impl str { .. }`, `impl char { .. }`, allowed in
  // stdlib/std only), by the primitive's TypeId: its associated functions and methods by name.
  std::map<uint32_t, std::unordered_map<std::string, FnId>> prim_assoc;
  FnId prim_assoc_fn(TypeId t, const std::string& name) const {
    auto it = prim_assoc.find(t.index);
    if (it == prim_assoc.end()) return kNone;
    auto f = it->second.find(name);
    return f == it->second.end() ? kNone : f->second;
  }
  // std's `impl<T> [T] { .. }` blocks (stdlib/std/slice.asr): the methods of every slice (and
  // so of arrays and Vecs), by name; a method's first generic is the element type `T`.
  std::unordered_map<std::string, FnId> slice_assoc;
  AdtId string_adt = kNone;      // std::string::String
};

}  // namespace asr::sema
