#pragma once
#include <utility>
#include <functional>
// Internal to sema: the checker of one function body. Type inference, scopes and the checks
// of expressions live in check_fn.cpp; patterns, `match` and `let` in check_pat.cpp;
// formatting macros in check_macro.cpp.

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sema/context.hpp"
#include "sema/exhaustive.hpp"
#include "sema/format.hpp"

namespace asr::sema {

using ast::Expr;
using ast::ExprKind;

class FnChecker {
 public:
  FnChecker(Context& cx, FnId fn)
      : cx_(cx), p_(cx.prog), T(cx.prog.types), fn_(fn), first_var_(cx.prog.types.var_count()),
        errors_before_(cx.diags.error_count()) {}

  void run();
  // A constant's initializer, checked against the constant's type.
  void run_const(const ast::Expr& value, TypeId type);

 private:
  // ------------------------------------------------------------------ inference variables
  static constexpr uint32_t kUnbound = ~0u - 1;  // (index 0 is the error type)
  TypeId shallow(TypeId t);

  TypeId resolve(TypeId t);
  const Expr* for_expr_ = nullptr;  // the `for` loop whose iterable is being checked
  // Return types of closures whose bodies diverge (`|| panic!(..)`): what rustc's never-type
  // fallback makes `()` when nothing else decides them (`s.spawn(|| loop {})`).
  std::vector<TypeId> diverging_vars_;
  std::vector<uint32_t> late_type_args_;  // exprs whose type_args are resolved at the end (`for` over IntoIterator, `s.iter()`)
  std::vector<std::pair<ParamId, Span>> opaque_returns_;
  std::vector<Span> unsize_spans_;  // where this body's unsize coercions (Program::coercions) are
  std::vector<std::pair<Span, TypeId>> deref_coercions_;  // an expression's span, the type it coerced to  // `-> impl Trait` bound to the body's type
  void check_opaque_return(ParamId param, Span span);
  bool has_error(TypeId t) const;
  // Whether `t` mentions a type parameter that is not one of the checked function's.
  bool has_foreign_param(TypeId t) const;
  TypeId normalize_assoc(TypeId t);
  // Auto-deref through smart pointers (Box, `Deref` impls): lookups and mutable access.
  static constexpr unsigned kMaxAutoDerefs = 16;  // (a `Deref` cycle stops here, like rustc's recursion limit)
  bool has_inherent_method(TypeId t, const std::string& name) const;
  bool same_head(TypeId a, TypeId b) const;
  std::optional<TypeId> user_deref_in_chain(TypeId t, unsigned derefs);
  bool deref_chain_mutable(const Expr& base, ExprInfo& inf, Span span, bool borrow);
  void report_not_deref_mut(TypeId ptr, Span span, bool borrow);
  TypeId fn_value(const Expr& e);
  TypeId ctor_value(const Expr& e);
  std::vector<std::pair<uint32_t, Span>> fn_ptr_closures_;  // closures coerced to `fn(..)`: no captures allowed
  // A generic signature's type under `s`, with associated types normalised where known.
  TypeId inst(TypeId t, const TypeTable::Subst& s) {
    TypeId r = T.subst(t, s);
    return has_assoc(r) ? resolve(r) : r;
  }
  bool has_assoc(TypeId t) const {
    const TypeData& d = T.get(t);
    if (d.kind == TyKind::Assoc) return true;
    for (TypeId e : d.elems) if (has_assoc(e)) return true;
    return false;
  }
  void trait_args_from_self(TraitId trait, const std::vector<TypeId>& type_args);
  std::vector<std::pair<TypeId, TypeId>> pending_assoc_;  // unified before their impls were known

  TypeId fresh(VarKind k) {
    TypeId v = T.fresh_var(k);
    uint32_t n = T.get(v).id - first_var_;
    if (bindings_.size() <= n) bindings_.resize(n + 1, TypeId{kUnbound});
    return v;
  }

  void bind(TypeId var, TypeId to) {
    uint32_t n = T.get(var).id - first_var_;  // (variables of this body only)
    if (bindings_.size() <= n) bindings_.resize(n + 1, TypeId{kUnbound});
    bindings_[n] = to;
  }

  // Makes a and b the same type; false if they cannot be.
  bool unify(TypeId a, TypeId b);

  // `actual` flows into a place of type `expected` (never coerces to anything,
  // `&mut T` to `&T`). Reports a mismatch at `span`.
  bool deref_coerce(TypeId actual, TypeId expected);
  bool coerce(TypeId actual, TypeId expected, Span span, bool report = true);

  void mismatch(TypeId expected, TypeId actual, Span span) {
    cx_.diags.report(DiagKind::MismatchedTypes, span, mismatch_name(resolve(expected)), mismatch_name(resolve(actual)));
  }
  // How rustc names a type in "expected X, found Y": `i32` in backticks, but an unsuffixed
  // literal's type as "integer" / "floating-point number".
  std::string mismatch_name(TypeId t) const {
    if (T.kind(t) == TyKind::Var && static_cast<VarKind>(T.get(t).sub) == VarKind::Integer) return "integer";
    if (T.kind(t) == TyKind::Var && static_cast<VarKind>(T.get(t).sub) == VarKind::Float) return "floating-point number";
    return "`" + p_.type_name(t) + "`";
  }

  // Least upper bound of two branch types (if/else, match arms, breaks).
  TypeId join(TypeId a, TypeId b, Span span_b) {
    if (T.kind(shallow(a)) == TyKind::Never) return b;
    if (T.kind(shallow(b)) == TyKind::Never) return a;
    if (!coerce(b, a, span_b)) return T.error();
    return a;
  }

  // ------------------------------------------------------------------ scopes and locals
  LocalId declare(const std::string& name, TypeId type, bool is_mut, Span span) {
    FnDef& f = p_.fns[fn_];
    f.locals.push_back(LocalDef{name, type, is_mut, span});
    LocalId id = static_cast<LocalId>(f.locals.size() - 1);
    if (name != "_") scopes_.back()[name] = id;
    return id;
  }
  void push_scope() { scopes_.emplace_back(); }
  void pop_scope() { scopes_.pop_back(); }
  LocalId find_local(const std::string& name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto f = it->find(name);
      if (f != it->end()) return f->second;
    }
    return kNone;
  }

  // The struct or enum `Self` names (for `Self::new()`, `Self { .. }`), if any.
  AdtId self_adt() const {
    const FnDef& f = p_.fns[fn_];
    if (f.owner != kNone) return f.owner;
    if (f.self_type.index != 0 && T.kind(f.self_type) == TyKind::Adt) return T.get(f.self_type).id;
    return kNone;
  }

  // A type written in this body: `_` in it is a fresh inference variable.
  TypeId body_type(const ast::Type& t) {
    auto saved = std::exchange(cx_.placeholder_var, [this] { return fresh(VarKind::General); });
    TypeId r = cx_.lower_type(t, scope(), self_adt());
    cx_.placeholder_var = std::move(saved);
    return r;
  }

  // A generic argument written in this body (`::<Vec<_>>`, `::<3>`).
  TypeId body_generic_arg(const ast::GenericArg& a) {
    auto saved = std::exchange(cx_.placeholder_var, [this] { return fresh(VarKind::General); });
    TypeId r = cx_.lower_generic_arg(a, scope(), self_adt());
    cx_.placeholder_var = std::move(saved);
    return r;
  }

  // A value of ADT `id`: its generic parameters (if any) become fresh inference variables.
  TypeId instance(AdtId id) {
    std::vector<TypeId> args;
    for (size_t i = 0; i < p_.adts[id].generics.size(); ++i) args.push_back(fresh(VarKind::General));
    return T.adt(id, std::move(args));
  }
  // The type of field `i` (of `variant`, or of the struct) in the instance `adt_type`.
  TypeId field_ty(TypeId adt_type, uint32_t variant, size_t i) {
    return p_.field_type(shallow(adt_type), variant, i);
  }

  // The module names in this body resolve in: that of the innermost block declaring items.
  ModuleId scope() const {
    if (!block_scopes_.empty()) return block_scopes_.back();
    const FnDef& f = p_.fns[fn_];
    return f.scope != kNone ? f.scope : f.module;
  }
  std::vector<ModuleId> block_scopes_;

  ExprInfo& info(const Expr& e) {
    visited_.push_back(e.id);
    return p_.exprs[e.id];
  }

  // ------------------------------------------------------------------ blocks and statements
  TypeId check_block(const ast::Block& b, TypeId expected);

  // Returns true if the statement diverges (its expression has type `!`).
  bool check_stmt(const ast::Stmt& s);

  // ------------------------------------------------------------------ patterns (check_pat.cpp)
  enum class BindMode : uint8_t { Move, Ref, RefMut };
  struct PatCtx {
    bool initialized = true;    // false for `let x;`: only simple bindings
    std::vector<std::pair<std::string, LocalId>> bound;  // bound so far in this pattern
    std::vector<std::pair<std::string, LocalId>> reuse;  // or-alternatives: the first's locals
  };
  enum class CoverageKind : uint8_t { Match, Let, Param, For };
  struct PendingCoverage {
    std::vector<MatchRow> rows;
    TypeId type;
    Span span;
    CoverageKind kind;
  };

  bool check_let(const ast::Stmt& s);
  void check_let_cond(const Expr& cond);
  TypeId check_match(const Expr& e, TypeId expected);
  void check_pat(const ast::Pat& pat, TypeId expected, BindMode mode, PatCtx& pc);
  static const ast::Expr& unparen_lit(const ast::Expr& e);
  void pattern_mismatch(TypeId expected, const std::string& found, Span span);
  const Decl* unit_item_pattern(const ast::Pat& pat);
  std::string decl_what(const Decl& d) const;
  std::string decl_path(const Decl& d) const;
  bool adt_pattern_type(const ast::Pat& pat, const Decl& d, TypeId t, PatInfo& pi, TypeId* instance = nullptr);
  void adt_path_pattern(const ast::Pat& pat, const Decl& d, TypeId t, PatInfo& pi);
  void tuple_struct_pattern(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc, PatInfo& pi);
  void struct_pattern(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc, PatInfo& pi);
  size_t rest_index(const ast::Pat& pat);
  void elements(const ast::Pat& pat, const std::vector<TypeId>& elems, BindMode mode, PatCtx& pc, const char* what);
  void bind_ident(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc);
  void or_pattern(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc);
  void finish_patterns();

  // ------------------------------------------------------------------ slices (slices.cpp)
  // `&[T; N]` / `&mut [T; N]` flowing into `&[T]` / `&mut [T]` (unsizing coercion).
  bool unsize(TypeId actual, TypeId expected);
  // `a[i..j]` and friends: the slice type `[T]` of a range index on an array or a slice.
  std::optional<TypeId> check_range_index(const Expr& e, TypeId at, TypeId base);
  // Methods of slices, and of arrays through auto-ref (`len`, `contains`, `swap`, ...).
  std::optional<TypeId> check_slice_method(const Expr& e, TypeId rt, TypeId base, bool via_ref, bool ref_mut);
  TypeId check_slice_fn(const Expr& e, FnId fn, TypeId base, bool via_ref, bool ref_mut);
  // `==` / `<` between slices and arrays (`&[T] == [T; N]`): true if handled.
  bool slice_comparison(const Expr& e, TypeId l, TypeId r);
  // Whether `l == r` is one of those (`assert_eq!(s, [1, 2])`).
  bool slice_comparable(TypeId l, TypeId r);
  // `String == &str` and the other comparisons between different string types (strings.cpp):
  // true if handled.
  bool string_comparison(const Expr& e, TypeId l, TypeId r);
  bool string_sides(TypeId l, TypeId r) const;
  bool str_concat_error(const Expr& e, TypeId l, TypeId r);
  bool fmt_write_in_scope() const;
  bool trait_in_scope(TraitId trait) const;
  struct SliceSides;
  SliceSides slice_sides(TypeId l, TypeId r);
  // Whether the expected type is a known `&[T]` / `&mut [T]` (branches unsize to it).
  bool expects_slice_ref(TypeId expected) {
    if (!has_expect(expected)) return false;
    TypeId x = shallow(expected);
    return T.kind(x) == TyKind::Ref && T.kind(shallow(T.pointee(x))) == TyKind::Slice;
  }
  // `[a, rest @ ..]` against an array or a slice.
  void slice_pattern(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc, PatInfo& pi);
  bool rest_binding_ = false;  // checking the `rest @ ..` of a slice pattern
  // `a..b` and the other range expressions as values of std::ops's range types (ranges.cpp).
  TypeId check_range_value(const Expr& e, TypeId expected);

  // ------------------------------------------------------------------ expressions
  static constexpr uint32_t kNoExpect = ~0u;
  bool has_expect(TypeId t) const { return t.index != kNoExpect; }

  TypeId check_expr(const Expr& e, TypeId expected) {
    TypeId t = check_expr_inner(e, expected);
    p_.exprs[e.id].type = t;
    visited_.push_back(e.id);
    return t;
  }

  TypeId check_expr_inner(const Expr& e, TypeId expected);

  static TypeId kNoExpectId() { return TypeId{kNoExpect}; }

  TypeId check_lit(const Expr& e, TypeId expected);

  TypeId suffix_type(const std::string& s);

  TypeId check_path(const Expr& e, const char* what = "value");

  TypeId check_unary(const Expr& e, TypeId expected);

  bool is_arith(ast::BinOp op) const {
    using B = ast::BinOp;
    return op == B::Add || op == B::Sub || op == B::Mul || op == B::Div || op == B::Rem;
  }
  bool is_bit(ast::BinOp op) const {
    using B = ast::BinOp;
    return op == B::BitAnd || op == B::BitOr || op == B::BitXor;
  }
  bool is_shift(ast::BinOp op) const { return op == ast::BinOp::Shl || op == ast::BinOp::Shr; }
  static bool is_eq_op(ast::BinOp op) { return op == ast::BinOp::Eq || op == ast::BinOp::Ne; }
  bool is_cmp(ast::BinOp op) const {
    using B = ast::BinOp;
    return op == B::Eq || op == B::Ne || op == B::Lt || op == B::Le || op == B::Gt || op == B::Ge;
  }

  // Type of `l OP r` for arithmetic/bitwise/shift ops (also compound assignment).
  TypeId arith_result(const Expr& e, ast::BinOp op, TypeId lt, TypeId rt);

  TypeId check_binary(const Expr& e, TypeId expected);
  // ------------------------------------------------------------------ operator traits (check_ops.cpp)
  bool uses_operator_traits(TypeId t);
  // `a OP b` / `a OP= b` through std's operator trait impl (the left operand is checked);
  // nullopt when the operand's operators are built in.
  // (`checked_rhs`: the right operand's type, when it was checked already)
  std::optional<TypeId> overloaded_binary(const Expr& e, ast::BinOp op, TypeId lt, bool assign,
                                          std::optional<TypeId> checked_rhs = std::nullopt);
  std::optional<TypeId> overloaded_unary(const Expr& e, TypeId t);
  // `c[i]` on a type with `impl Index<I>`: the element type; `use_index_mut` switches a
  // mutated place to `IndexMut` (false, reported, if there is none).
  std::optional<TypeId> overloaded_index(const Expr& e, TypeId base);
  struct OperatorCall {
    TypeTable::Subst subst;
    TypeId operand;  // the right operand's type
    bool known = false, fits = false;
  };
  OperatorCall operator_call(const Expr& e, FnId m, TypeId self, std::optional<TypeId> checked_rhs = std::nullopt);
  bool use_index_mut(const Expr& e);
  std::optional<TypeId> number_lhs_operator(const Expr& e, ast::BinOp op, TypeId lt, TypeId rt);
  // "cannot add `A` to `B`" for an unmet bound on an arithmetic operator trait.
  std::optional<std::string> operator_bound_text(TraitId trait, TypeId self, const std::vector<TypeId>& args) const;
  TypeId primitive_operand(TypeId t);

  // Types with built-in `PartialEq`/`PartialOrd` (primitives, `&str`, std types that derive
  // them, tuples of such). Unresolved variables are accepted: they default to numbers.
  bool is_comparable(TypeId t, ast::BinOp op) const;

  TypeId check_cast(const Expr& e);

  // Checks arguments against parameter types.
  void check_args(const Expr& call, const std::vector<TypeId>& params, const std::vector<ast::P<Expr>>& args,
                  const char* what = "function");
  // Gives a generic callee's parameters fresh inference variables (`self_type`: what the
  // trait's `Self` is, if known); records them in the call's `type_args`, schedules the check
  // of their bounds and returns the substitution.
  TypeTable::Subst instantiate(FnId fn, const Expr& call, std::optional<TypeId> self_type,
                               const ast::GenericArgs* explicit_args);
  // The signature of `f` under `s`: `self` (if any) first, then the parameters.
  std::vector<TypeId> param_types(const FnDef& f, const TypeTable::Subst& s, bool with_self);
  // A method `name` of the traits `t` implements (bounds of a parameter, or impls).
  FnId trait_method_for(TypeId t, const ast::Ident& name, bool report_ambiguity);
  struct BoundCheck { uint32_t expr; FnId fn; Span span; };
  std::vector<BoundCheck> bound_checks_;
  // A trait method found through an impl for a type not fully inferred yet: re-checked at the end.
  struct ImplCheck { TypeId type; TraitId trait; Span span; };
  std::vector<ImplCheck> impl_checks_;
  void check_bounds(const BoundCheck& bc);
  // rustc's "select where possible": fixes inference variables from the only impl that can
  // satisfy a pending bound (`collect()` into `Vec<_>` learns `_` from
  // `impl<T> FromIterator<T> for Vec<T>`). Run at statement ends and before a method call on
  // a receiver that is not fully inferred.
  void select_where_possible();
  void convert_try_error(const Expr& e, TypeId err, TypeId ret_err);
  void resolve_pending_tries(bool last);
  struct PendingTry {
    const Expr* expr;
    TypeId err, ret_err;
  };
  std::vector<PendingTry> pending_tries_;  // `?`s whose error type is not known yet
  std::vector<TypeId> try_values_;         // the value types of the `?`s (a `()` fallback)
  void infer_from_assoc_bounds(TypeId a, ParamId param, const TypeTable::Subst& s);
  std::vector<TypeId> bound_args(const TraitBound& tb, const TypeTable::Subst& s);
  void infer_literal_from_bounds(TypeId var, ParamId param, const TypeTable::Subst& s);
  void select_impl(TraitId trait, TypeId self, std::vector<TypeId> args, int depth);
  size_t selected_upto_ = 0;  // bound_checks_ before this index are fully inferred
  // `Add<Vec2>` for messages.
  std::string bound_text(TraitId trait, const std::vector<TypeId>& args) const {
    std::string s = p_.traits[trait].path;
    if (args.empty()) return s;
    s += "<";
    for (size_t k = 0; k < args.size(); ++k) s += (k ? ", " : "") + p_.type_name(args[k]);
    return s + ">";
  }
  bool mentions(TypeId t, TypeId part) const {
    if (t == part) return true;
    for (TypeId e : T.get(t).elems) if (mentions(e, part)) return true;
    return false;
  }

  TypeId check_call(const Expr& e, TypeId expected);

  TypeId check_method_on(const Expr& e, TypeId receiver);
  TypeId into_iter_item(const Expr& src, TypeId t);
  TypeId check_method(const Expr& e);
  FnId ord_method(const std::string& name);
  TypeId check_ord_method(const Expr& e, FnId fn, TypeId base, bool via_ref, bool ref_mut);

  std::string expr_text(const Expr& e) {
    if (e.kind == ExprKind::Path && !e.path.segments.empty()) return e.path.segments.back().name.name;
    if (e.kind == ExprKind::Field || e.kind == ExprKind::TupleField) return expr_text(*e.operand) + "." + e.name.name;
    if (e.kind == ExprKind::Unary && e.unop == ast::UnOp::Deref) return "*" + expr_text(*e.operand);
    if (e.kind == ExprKind::Paren) return expr_text(*e.operand);
    if (e.kind == ExprKind::Index) return expr_text(*e.lhs) + "[_]";  // (as rustc names it)
    return "value";
  }

  TypeId check_field(const Expr& e);

  TypeId check_tuple(const Expr& e, TypeId expected);

  TypeId check_tuple_field(const Expr& e);

  TypeId check_struct_lit(const Expr& e, TypeId expected);
  TypeId check_try(const Expr& e);
  // Lets the expected type of a generic call's result inform its arguments, as rustc's
  // expectation propagation does (`let m: Maybe<u8> = Maybe::Just(3)`). A failure is not an
  // error here: the caller's coercion reports it.
  void expect_result(TypeId result, TypeId expected) {
    if (!has_expect(expected) || T.kind(shallow(expected)) == TyKind::Var || !contains_var(resolve(result))) return;
    // (an expected trait object is reached by coercion, not by inference: `Box::new(c)` as `Box<dyn Shape>`)
    if (binds_dyn(result, expected)) return hint_dyn_fn(result, expected);
    unify(result, expected);
  }

  static std::pair<size_t, std::string> missing_fields(const std::vector<FieldDef>& fields,
                                                      const std::vector<bool>& seen);
  TypeId check_if(const Expr& e, TypeId expected);

  struct LoopCtx {
    std::string label;
    bool is_loop;         // loop/while/for (accepts `continue`); false for labelled blocks
    TypeId break_type;
    bool allows_value;    // only `loop` and labelled blocks may break with a value
    bool has_break;
    const char* kind = "while";  // for messages: `while` or `for` (loops that take no value)
  };

  void check_condition(const Expr& cond);
  TypeId check_for(const Expr& e);
  TypeId check_array(const Expr& e, TypeId expected);
  TypeId check_index(const Expr& e);
  TypeId range_iterable(const Expr& it);
  bool contains_let(const Expr& e) const;

  LoopCtx* find_loop(const Expr& e, bool is_continue, const char* what);

  TypeId check_break(const Expr& e);

  // ------------------------------------------------------------------ closures (check_closure.cpp)
  TypeId check_closure(const Expr& e, TypeId expected);
  // `f(x)` where `f` is a value: a closure, or of a parameter type bounded by `Fn..`.
  TypeId check_value_call(const Expr& e, TypeId expected);
  // The signature values of type `t` can be called with (closures, `F: Fn..` parameters).
  std::optional<FnBound> callable_sig(TypeId t);
  // The signature an expected type asks a closure for: an `impl Fn` return type, or the type
  // argument of a generic call whose parameter has a closure bound.
  std::optional<FnBound> expected_sig(TypeId expected);
  // Whether a callable of signature `have` satisfies the bound `want`; reports at `span`.
  bool satisfies(const FnBound& have, const FnBound& want, Span span, bool report);
  // After a generic call's arguments: closure arguments against their parameters' bounds.
  void closure_call_bounds(const Expr& call);
  void check_fn_bound(const BoundCheck& bc, size_t i, TypeId arg, Span span);
  void finish_closures();
  // Scoped tasks (task_checks.cpp): calls of `#[asr::spawns]` / `#[asr::opens_scope]` std
  // functions, checked at the end of the body, once captures and types are known.
  void note_task_call(const Expr& e, FnId callee);
  void check_task_calls();
  std::vector<std::pair<const Expr*, FnId>> task_calls_;
  // A closure flowing into an `impl Fn` return type.
  bool coerce_closure(TypeId actual, TypeId expected, Span span, bool report, bool& ok);
  void infer_captures(uint32_t closure, const Expr& e, LocalId first_local);
  std::vector<std::pair<uint32_t, size_t>> fn_bounds_done_;  // (call, generic index) checked
  struct DeferredOp { const Expr* e; ast::BinOp op; TypeId type; };
  std::vector<DeferredOp> deferred_ops_;  // arithmetic on operands inferred later

  // ------------------------------------------------------------------ trait objects (dyn_traits.cpp)
  // `&T` -> `&dyn Trait`, `Box<T>` -> `Box<dyn Trait>` (closures -> `dyn Fn..`), and the deref
  // coercion `&Box<T>` -> `&T`: true if this is such a coercion, `ok` whether it is valid.
  bool coerce_unsized(TypeId a, TypeId e, Span span, bool report, bool& ok);
  void hint_dyn_fn(TypeId result, TypeId expected);
  bool contains_dyn(TypeId t) const;
  // Whether unifying `result` with `expected` would make an inference variable a trait object
  // (`Box<?T>` with `Box<dyn Shape>`): such an expectation is met by coercion instead.
  bool binds_dyn(TypeId result, TypeId expected);
  std::vector<std::pair<TypeId, FnBound>> dyn_fn_hints_;  // `Box::new(closure)` as `Box<dyn Fn..>`
  bool coerce_in_let_ = false;  // the coercion of a `let` with a type: `Box<dyn Fn>` may borrow
  // Auto-deref of `Box`es for a method receiver or field base (peeling references too):
  // the dereferenced type; `boxes` counts the Boxes.
  // Through references and smart pointers (counted in `derefs`) until `stop(t)` holds or no
  // deref applies: the type whose field / element / method is used.
  TypeId peel_derefs(TypeId t, uint8_t& derefs, const std::function<bool(TypeId)>& stop = {});

  // ------------------------------------------------------------------ places and mutability
  bool is_place(const Expr& e) const;

  // The root local of a place expression (x.a.b -> x), or kNone.
  // Reports if the place cannot be mutated.
  void require_mutable_place(const Expr& e, bool borrow);

  TypeId check_place(const Expr& e);

  // ------------------------------------------------------------------ macros
  TypeId check_macro(const Expr& e, TypeId expected);

  // Validates the format string and arguments, filling `mi.format` / `mi.args`.
  // `start`: the index of the format string among the macro's arguments.
  bool check_format(const Expr& e, MacroInfo& mi, size_t start = 0);
  TypeId check_assert(const Expr& e, MacroKind kind);
  TypeId check_write(const Expr& e, bool newline);
  std::optional<TypeId> check_write_io(const Expr& e, const Expr& dest, TypeId dt, bool newline);
  void write_format(const Expr& e, const Expr& dest, bool newline);
  TypeId check_vec_macro(const Expr& e, TypeId expected);  // vec_checks.cpp
  std::optional<TypeId> segment_type(const Expr& callee, AdtId adt);
  std::optional<TypeId> variant_type(const ast::Path& path, AdtId adt, uint32_t variant, bool report);
  std::optional<TypeId> struct_type(const ast::Path& path, AdtId adt);
  std::optional<TypeId> alias_instance(uint32_t alias, const ast::GenericArgs* ga, bool report);
  uint32_t begin_macro();
  TypeId check_panic_like(const Expr& e, const char* prefix);
  void note_count_arg(MacroInfo& mi, uint32_t mi_index, size_t index, size_t offset, Span span);

  // ------------------------------------------------------------------ end of body
  void finish();

  bool contains_var(TypeId t) const {
    const TypeData& d = T.get(t);
    if (d.kind == TyKind::Var) return true;
    for (TypeId e : d.elems) if (contains_var(e)) return true;
    return false;
  }

  void check_literals();

  Span negated_span(const Expr& e, bool negated) {
    for (auto& [lit, span] : neg_lit_spans_) if (lit == &e && negated) return span;
    return e.span;
  }

  Context& cx_;
  Program& p_;
  TypeTable& T;
  FnId fn_;
  TypeId ret_;
  std::vector<TypeId> bindings_;  // indexed by variable number - first_var_
  uint32_t first_var_;            // the first inference variable created by this checker
  std::vector<std::unordered_map<std::string, LocalId>> scopes_;
  std::vector<LoopCtx> loops_;
  std::vector<uint32_t> visited_;
  const Expr* negate_next_ = nullptr;
  uint32_t cur_macro_ = kNone;
  std::vector<std::pair<TypeId, Span>> negated_vars_;
  std::vector<LocalId> deferred_init_;
  std::vector<std::pair<const Expr*, bool>> int_lits_;
  std::vector<std::pair<const Expr*, Span>> neg_lit_spans_;
  std::unordered_set<LocalId> assigned_once_;
  struct CountArg { uint32_t mi; size_t index; size_t offset; Span span; };
  std::vector<CountArg> count_args_;
  struct FormatNeedsRec { uint32_t mi; std::vector<std::pair<size_t, FormatTrait>> needs; Span span; };
  std::vector<FormatNeedsRec> format_needs_;
  uint32_t errors_before_;
  struct AssertOperands { TypeId type; Span span; const char* op; };
  std::vector<AssertOperands> assert_operands_;  // assert_eq!/assert_ne!: PartialEq + Debug
  std::vector<std::pair<TypeId, Span>> copy_required_;  // `[x; N]` needs a `Copy` x
  std::vector<std::pair<TypeId, Span>> clone_required_;  // `vec![x; n]` needs a `Clone` x
  std::vector<const ast::Pat*> pats_seen_;
  std::vector<const ast::Pat*> ranges_;
  std::vector<PendingCoverage> coverage_;

 public:
  void check_format_traits(const FormatNeedsRec& fn);

  bool implements(TypeId t, FormatTrait trait) const;
};

}  // namespace asr::sema
