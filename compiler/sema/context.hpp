#pragma once
// Internal to sema: the crate-wide context shared by item collection and body checking.

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "diagnostics/diagnostics.hpp"
#include "sema/program.hpp"

namespace asr::sema {

// One namespace entry of a module: a module, struct or fn (imports are resolved into these).
struct Decl {
  enum class Kind : uint8_t { Module, Adt, Fn, Variant, DefaultFn /* derived `T::default` */, Const, Trait, Alias } kind;
  uint32_t id;        // ModuleId / AdtId / FnId / TraitId / AliasId; Variant: the enum's AdtId
  Span span;
  uint32_t variant = kNone;  // Variant: its index
  // Fn of a trait reached through a type (`Circle::name`): the type that is `Self`.
  TypeId self_type{0};
  bool via_type = false;
  ModuleId vis = kNone;  // visible only in this module and its descendants (kNone: everywhere)
};

struct ModuleScope {
  std::unordered_map<std::string, Decl> types;   // modules, structs and enums
  std::unordered_map<std::string, Decl> values;  // fns
  struct PendingUse {
    std::vector<std::string> path;
    std::string alias;
    bool glob = false;
    Span span;
    ModuleId vis = kNone;  // the `use` item's visibility, given to what it imports
  };
  std::vector<PendingUse> uses;
};

class Context {
 public:
  Context(Program& p, Diagnostics& d) : prog(p), diags(d) {}

  Program& prog;
  Diagnostics& diags;
  std::vector<ModuleScope> scopes;  // parallel to prog.modules
  ModuleScope prelude;              // names every module sees below its own
  void build_prelude();
  ModuleId std_root = kNone;

  // Names of generic parameters in scope, and what `Self` means, while lowering the types of
  // one item or body (set by the Collector and by check_function).
  struct TypeEnv {
    std::vector<std::pair<std::string, TypeId>> params;
    std::optional<TypeId> self_type;
    // Inside a trait or a trait impl: what `Self::Name` means for its associated types.
    std::vector<std::pair<std::string, TypeId>> self_assoc;
  };
  TypeEnv env;
  TypeEnv env_of(FnId fn) const;
  // The bounds written on a generic parameter (`T: A + B`), added to its definition.
  void add_bounds(ParamId param, const std::vector<ast::TypeBound>& bounds, ModuleId from);
  // `Self::Name`, `T::Name`, `<T as Trait>::Name` (nullopt: not an associated type path).
  std::optional<TypeId> assoc_type_path(const ast::Path& p, ModuleId from, AdtId self_adt);
  // A trait named in a bound or an impl: a user trait, or a built-in one (`Clone`, `Ord`..).
  // A user trait, a built-in one, or neither: `Sized`, which every ASR type implements.
  // `args`: a generic trait's type arguments (defaults filled in, `Self` as `self`);
  // `assoc`: associated type bindings (`Add<Output = T>`).
  struct TraitRef {
    TraitId user = kNone;
    std::optional<Trait> builtin;
    std::vector<TypeId> args;
    std::vector<std::pair<uint32_t, TypeId>> assoc;
  };
  std::optional<TraitRef> resolve_trait(const ast::Path& path, ModuleId from, bool report = true,
                                        std::optional<TypeId> self = std::nullopt);
  // The trait arguments and bindings written on the last segment of a trait path.
  bool trait_args(TraitRef& r, const ast::PathSegment& seg, ModuleId from, std::optional<TypeId> self, bool report);
  void add_trait_bound(ParamId param, TraitRef trait);
  // `Fn(A) -> R`, `FnMut(..)`, `FnOnce(..)` written as a bound (fn_traits.cpp).
  static bool is_fn_trait_bound(const ast::TypeBound& b);
  std::optional<FnBound> lower_fn_bound(const ast::TypeBound& b, ModuleId from);
  void add_fn_bound(ParamId param, const ast::TypeBound& b, ModuleId from);
  // `impl Trait` as the type of parameter of `fn`: an anonymous generic parameter of the fn.
  TypeId impl_trait_param(FnId fn, const ast::Type& t, ModuleId from);
  // `-> impl Fn(A) -> R`: the opaque closure type `fn` returns.
  TypeId impl_trait_return(FnId fn, const ast::Type& t, ModuleId from);
  TypeId opaque_return(FnId fn, const ast::Type& t, ModuleId from);
  void add_impl_trait_bounds(ParamId id, const ast::Type& t, ModuleId from);
  // `Fn(i32) -> i32` for messages.
  std::string fn_bound_text(const FnBound& b) const;

  ModuleId add_module(std::string name, ModuleId parent, bool is_std);
  ModuleId module_by_path(const std::string& path) const;
  // The nearest enclosing module that is not a function body's item scope.
  ModuleId real_module(ModuleId m) const;

  // Resolves `path` (as seen from `from`) to a declaration in the given namespace.
  // Reports a diagnostic and returns nullopt on failure. `self_adt` is what `Self` means.
  enum class Ns { Type, Value };
  std::optional<Decl> resolve_path(const ast::Path& path, ModuleId from, Ns ns, AdtId self_adt,
                                   bool report = true);
  // `Type::name` for a struct or enum: a variant or an associated function.
  std::optional<Decl> assoc_decl(AdtId adt, const ast::Ident& name, Ns ns, bool report);
  // `d`, after reporting a private associated function (privacy.cpp).
  std::optional<Decl> assoc_visible(std::optional<Decl> d, ModuleId from);
  // Looks up one name in a module (no diagnostics).
  const Decl* lookup(ModuleId m, const std::string& name, Ns ns) const;

  // `type Name = T;` items, resolved on first use (cycles are reported).
  struct AliasDef {
    const ast::Item* item;
    ModuleId module;
    enum class State : uint8_t { Pending, Resolving, Done } state = State::Pending;
    TypeId type;                  // may mention `params`
    std::vector<ParamId> params;  // `type Res<T> = Result<T, Error>;`
  };
  std::vector<AliasDef> aliases;
  TypeId alias_type(uint32_t alias);

  // The length of an array type or `[x; N]` (a literal or a `usize` constant).
  std::optional<uint64_t> array_len(const ast::Expr& e, ModuleId from);
  std::optional<uint64_t> length_const(const ast::Expr& x, ModuleId from);
  // The same as a type-level term: a Const, or the Param of a `const N: usize` in scope.
  std::optional<TypeId> array_len_type(const ast::Expr& e, ModuleId from);
  // One generic argument: a type, or a const argument (a literal, a `usize` constant, or a
  // const parameter, which the parser reads as a type path `N`).
  TypeId lower_generic_arg(const ast::GenericArg& a, ModuleId from, AdtId self_adt);
  // Checks each argument against its parameter's kind (type or const), reporting E0747.
  bool generic_arg_kinds_ok(const std::vector<ParamId>& params, const std::vector<TypeId>& args, Span span);
  // Converts a written type. Unsupported forms are reported and give the error type.
  TypeId lower_type(const ast::Type& t, ModuleId from, AdtId self_adt);

  // `dyn Trait` / `dyn Fn(A) -> R` (dyn_traits.cpp). The traits are checked to be dyn
  // compatible once every signature is known (check_dyn_compatible).
  TypeId lower_dyn(const ast::Type& t, ModuleId from);
  std::vector<std::pair<TraitId, Span>> dyn_uses;
  bool signatures_done = false;
  // While signatures are collected: lowers the signatures of every `const fn` (once), so that
  // an array length in a type may call one (set by the Collector).
  std::function<void()> const_fn_signatures;
  // Hidden constants of array lengths (ConstDef::init), by expression.
  std::unordered_map<const ast::Expr*, uint32_t> length_consts;
  bool unsized_ok = false;  // lower_type: the type being lowered is behind `&` or in `Box<..>`
  bool const_param_ok = false;  // lower_type: a generic argument, which may name a const parameter
  // Set while a function body lowers a written type: `_` becomes a fresh inference variable
  // (`let v: Vec<_>`, `collect::<Vec<_>>()`). Unset in item signatures, where `_` is E0121.
  std::function<TypeId()> placeholder_var;

  void unsupported(Span span, const std::string& what) {
    diags.report(DiagKind::Unsupported, span, what);
  }

  std::string describe(const ast::Path& p) const;

  // Privacy (privacy.cpp). The module a visibility restricts an item of module `m` to
  // (kNone: visible everywhere).
  ModuleId vis_scope(const ast::Visibility& v, ModuleId m) const;
  bool visible(ModuleId vis, ModuleId from) const;
  // Each reports its error (E0603, E0616/E0451, E0624) and returns false if not visible.
  bool check_visible(const Decl& d, ModuleId from, Span span, Ns ns);
  bool check_ctor_visible(AdtId adt, ModuleId from, Span span);
  // `access`: a field access `x.f` (E0616), else a field in a literal or pattern (E0451).
  bool check_field_visible(AdtId adt, uint32_t variant, size_t field, ModuleId from, Span span, bool access);
  bool check_fn_visible(FnId fn, ModuleId from, Span span);
  // Whether `name` is a generic parameter of a function whose body declares the items of
  // `from` (they cannot use it: rustc's E0401; body_items.cpp).
  bool outer_generic(ModuleId from, const std::string& name) const;

 private:
  void private_error(DiagKind kind, Span span, const std::string& a, const std::string& b);
  std::unordered_set<std::string> private_reported_;
};

bool has_type_params(const ast::Generics& g);
bool lifetimes_only(const ast::GenericArgs& a);

// True for std names (`Vec`, `Some`, ...) that are not implemented yet: reported as unsupported.
bool is_later_std_name(const std::string& name);

// Checks that trait impls match their traits (traits.cpp).
void check_impls(Context& cx);
// Reports `dyn Trait` of traits that are not dyn compatible (E0038; dyn_traits.cpp).
void check_dyn_compatible(Context& cx);
// Checks the body of one function (check_fn.cpp).
void check_function(Context& cx, FnId fn);
// Type-checks a constant's initializer (check_fn.cpp) and evaluates it (consteval.cpp).
void check_const(Context& cx, uint32_t index);
const ConstValue* eval_const(Context& cx, uint32_t index);
// Checks a function's body once (type check, then the const rules of a `const fn`), whenever
// asked first: by a constant that calls the const fn, or in source order.
void check_body(Context& cx, FnId fn);
// The rules of rustc's const checking (E0015 and friends) on a const fn's body or a
// constant's initializer (const_check.cpp); `where` is `constant functions`, `constants`, ..
void check_const_rules(Context& cx, const ast::Expr& e, const char* where);
void check_const_rules(Context& cx, const ast::Block& b, const char* where);
// Reports uses of moved or uninitialised values (moves.cpp); run on type-checked bodies.
void check_moves(Context& cx, FnId fn);

}  // namespace asr::sema
