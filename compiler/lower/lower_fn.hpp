#pragma once
// Internal to the lower stage: the lowerer of one function body, shared by lower_fn.cpp
// (statements, expressions, loops) and patterns.cpp (patterns, `match`, `if let`).

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lower/cpp_names.hpp"
#include "lower/lower.hpp"

namespace asr::lower::detail {

using ast::ExprKind;
using lir::Expr;
using lir::Stmt;
using lir::StmtKind;
using sema::TypeId;
using sema::TyKind;

// Where the value of a block-like expression goes.
struct Dest {
  enum class Kind : uint8_t { Discard, Var, Return } kind = Kind::Discard;
  uint32_t var = 0;
  static Dest discard() { return {}; }
  static Dest into(uint32_t v) { return {Kind::Var, v}; }
  static Dest ret() { return {Kind::Return, 0}; }
};

}  // namespace asr::lower::detail

namespace asr::lower {
// `Default::default()` of a type, as a LIR expression (also used for the generated
// `asr::DefaultOf` specialisations of types deriving Default).
lir::Expr default_value(const sema::Program& p, sema::TypeId t, Span span);
}  // namespace asr::lower

namespace asr::lower::detail {

class FnLowerer {
 public:
  FnLowerer(const sema::Program& p, const Effects& fx, const LowerOptions& opt, sema::FnId fn,
            lir::Function& out, const std::unordered_set<std::string>& item_names);
  void run();

 private:
  // ------------------------------------------------------------------ variables
  uint32_t new_var(const std::string& asr_name, TypeId type, bool is_mut, bool is_temp);
  uint32_t var_for_local(sema::LocalId l);
  Expr var_expr(uint32_t v);
  void emit(Stmt s) { cur_->push_back(std::move(s)); }
  Stmt decl(uint32_t var, std::optional<Expr> init, Span span);
  Expr as_value(Expr x);
  Expr spill(Expr x, const std::string& hint = "t");
  Expr moved_out(const sema::ExprInfo& in, Expr x);
  Expr move_out(Expr x);  // `std::move(x)`
  // An awaited call inside an expression: its own statement (A-normal form), the value in a
  // temporary named after `hint` (or `()` for a unit result).
  Expr awaited_value(Expr call, const std::string& hint);
  // The locals that name an awaited call's value (a temporary): they move into a by-value
  // parameter (`m.lock().unwrap()`).
  std::unordered_set<uint32_t> awaited_temps_;

  // ------------------------------------------------------------------ purity
  static bool impure(const Expr& x);
  // `borrowed_first`: ops[0] is a place a method borrows (`&mut self`): spilled, it is named by
  // reference, not copied.
  std::vector<Expr> lower_operands(const std::vector<const ast::Expr*>& ops, bool sequenced = false, bool borrowed_first = false);

  // ------------------------------------------------------------------ statements
  void lower_block_stmts(const ast::Block& b);
  void lower_stmt(const ast::Stmt& s);

  // ------------------------------------------------------------------ patterns
  Expr scrutinee(const ast::Expr& e, const char* hint = "scrutinee");
  Expr bool_op(const char* op, Expr a, Expr b, Span span);
  Expr conjunction(std::vector<Expr> tests, Span span);
  Expr negate(Expr c);
  Expr peeled(const ast::Pat& pat, const Expr& place);
  Expr field_of(const Expr& base, const sema::PatInfo& pi, uint32_t index, Span span);
  template <typename Fn>
  void each_element(const ast::Pat& pat, const Expr& place, Fn&& fn);
  template <typename Fn>
  void each_field(const ast::Pat& pat, const Expr& place, Fn&& fn);
  void pattern_tests(const ast::Pat& pat, const Expr& place, std::vector<Expr>& tests);
  void pattern_bindings(const ast::Pat& pat, const Expr& place, Span span);
  void moving_bindings(const ast::Pat& pat, const Expr& place, Span span);
  void or_bindings(const ast::Pat& pat, const Expr& place, Span span);

  // One way through a match-like construct: a pattern (null: always matches), an optional
  // guard, and the code to run.
  struct Arm {
    const ast::Pat* pat;
    const ast::Expr* guard;
    std::function<void()> body;
    Span span;
  };

  void lower_arms(const Expr& place, std::vector<Arm> arms, bool exhaustive, Span span);
  static bool ends_in_jump(const std::vector<Stmt>& stmts);
  static bool T_never(const Expr& x) { return x.kind == lir::ExprKind::Format && x.macro == sema::MacroKind::Panic; }
  bool binds(const ast::Pat& p) const;
  void emit_scoped(Stmt blk);
  void lower_match(const ast::Expr& e, Dest d);
  void lower_if_let(const ast::Expr& e, Dest d);
  bool is_unit(TypeId t) const { return T.is_unit(t); }
  bool is_never(const ast::Expr& e) const { return T.kind(p_.info(e).type) == TyKind::Never; }
  bool is_place(const ast::Expr& e) const;
  Expr lower_index(const ast::Expr& e, bool as_place);
  // Slices (slices.cpp).
  Expr as_view(Expr x, bool mut, Span span);
  Expr lower_range_index(const ast::Expr& e, bool as_place);
  Expr lower_slice_method(const ast::Expr& e);
  // `a..b` as a value: the std::ops range struct; a `for` over one held in a value.
  Expr lower_range_value(const ast::Expr& e);
  std::optional<Expr> range_value_walk(const ast::Expr& e);
  // Slice patterns: the length test a pattern on a slice needs (none on arrays), and each
  // sub-pattern with the place it matches (`rest @ ..` with the middle part).
  std::optional<Expr> slice_length_test(const ast::Pat& pat, const Expr& place);
  void slice_elements(const ast::Pat& pat, const Expr& place, const std::function<void(const ast::Pat&, const Expr&)>& fn);
  Expr lower_try(const ast::Expr& e);
  Expr moved_payload(Expr x);
  static bool is_block_like(const ast::Expr& e);
  void deliver(Dest d, Expr v, Span span);
  uint32_t lower_into_iter_head(const ast::Expr& e);  // `for` over an IntoIterator
  Expr lower_slice_fn(const ast::Expr& e);            // `s.windows(2)`: std's `impl<T> [T]`
  void lower_iter_next(const ast::Expr& e, uint32_t iter);
  void lower_into(const ast::Expr& e, Dest d);
  std::optional<Expr> try_simple_value(const ast::Expr& e, std::optional<uint32_t> into = std::nullopt,
                                       bool* declared = nullptr);
  bool simple_if(const ast::Expr& e) const;
  bool simple_branch(const ast::Block& b) const;
  void lower_if(const ast::Expr& e, Dest d);

  // ------------------------------------------------------------------ loops and labels
  struct LoopTarget {
    std::string label;      // Rust label (without quote), may be empty
    bool is_loop;           // C++ loop (loop/while) vs labelled block
    Dest dest;              // where `break value` goes
    std::string break_label, continue_label;  // C++ goto labels (allocated on demand)
  };

  void lower_labelled_block(const ast::Expr& e, Dest d);
  void lower_loop(const ast::Expr& e, Dest d);
  Expr lower_range(const ast::Expr& it);
  LoopTarget* target(const ast::Expr& e, bool is_continue, bool& via_goto);
  std::string goto_label(const std::string& rust_label, const char* kind);
  void lower_break(const ast::Expr& e);
  void lower_continue(const ast::Expr& e);

  // ------------------------------------------------------------------ assignment
  void lower_assign(const ast::Expr& e);
  Expr lower_place(const ast::Expr& e);

  // ------------------------------------------------------------------ expressions
  Expr lit_int(const ast::Expr& e, bool negate);
  Expr prim_const(const sema::ExprInfo& in, Span span);
  Expr arith(ast::BinOp op, Expr l, Expr r, TypeId type, Span span);
  Expr lower_expr(const ast::Expr& e, bool top = false);  // (with sema's unsize coercions: dyn.cpp)
  Expr lower_expr_plain(const ast::Expr& e, bool top);
  // ------------------------------------------------------------------ Box and trait objects (dyn.cpp)
  Expr unsize(Expr v, TypeId to);
  Expr lower_fn_value(const ast::Expr& e);
  Expr coerce_to(Expr v, TypeId to);  // `v` into a place of type `to` (a trait object if it is one)
  // `n` auto-deref steps through smart pointers: `*b` of a Box, `*Deref::deref(&v)` (or
  // `DerefMut::deref_mut` where `mut`) of other pointers.
  Expr auto_deref(Expr v, unsigned n, bool mut);
  bool is_smart_deref(const ast::Expr& e) const;  // `*p` of a Box or a `Deref` type
  Expr lower_binary(const ast::Expr& e);
  Expr operator_call(const ast::Expr& e, std::vector<Expr> args);
  Expr lower_call(const ast::Expr& e, bool top);
  // Whether (and how) the call `c` made at `site` is awaited, from the effects of its callee
  // instances and the mode of the code around it (a coroutine, or plain).
  void call_effect(Expr& c, const ast::Expr& site, unsigned slot = 0);
  bool holds_ref(TypeId t) const;
  bool adt_has_ref_field(uint32_t adt) const;
  mutable std::vector<int8_t> adt_ref_fields_;  // per struct/enum: -1 not known yet, 0 no, 1 yes
  Expr lower_struct_lit(const ast::Expr& e);
  Expr spill_member(Expr x);
  Expr consumed(Expr x);
  Expr default_value(TypeId t, Span span);
  Expr shorthand_value(const ast::FieldInit& f);
  Expr lower_macro(const ast::Expr& e);
  Expr lower_closure(const ast::Expr& e, bool top);     // closures.cpp
  Expr lower_value_call(const ast::Expr& e, bool top);  // closures.cpp
  // Inside a closure body: the variable holding the captured field `e` (`p.x`), if any.
  std::optional<Expr> captured_field(const ast::Expr& e);           // closures.cpp
  Expr capture_source(sema::LocalId l, const std::vector<std::string>& fields);  // closures.cpp
  Expr lower_assert(const ast::Expr& e, const sema::MacroInfo& mi);

  // ------------------------------------------------------------------ references (refs.cpp)
  // A reference `&U` is represented by the C++ lvalue of the `U` it refers to, except where
  // it is stored in an `asr::Ref` (Expr::ref_object). These convert between the two.
  Expr transparent(Expr x);       // the lvalue form (`(*x)` for a stored reference)
  Expr deref_place(Expr x);       // `*x` as a place of the pointee type (maybe a stored ref)
  Expr deref_value(Expr x) { return transparent(deref_place(std::move(x))); }
  Expr deref_all(Expr x);         // through every reference: the lvalue of the final pointee
  // The runtime function of primitive method `index` (asr::num::NAME, the wrapping variant in
  // --release; `var` = 1 if it takes the caller's location), as a call (Runtime, arguments to
  // add) or as a value (PrimRef).
  Expr prim_function(lir::ExprKind kind, uint32_t index, TypeId type, Span span) const;
  Expr deref_to(Expr x, TypeId want);  // deref coercion: `&&T` where `&T` is expected
  Expr stored(Expr x);            // marks a field/element/generic result of reference type
  bool returns_stored(sema::FnId callee) const;
  // The `asr::Ref` object of the reference `x` (for `&x`); `promoted`: a `'static` one.
  Expr ref_object(Expr x, Span span, bool promoted = false);
  bool promotable(const ast::Expr& e) const;  // `&5`: rustc promotes it to a `'static`

  // ------------------------------------------------------------------ async drop (async_drop.cpp)
  bool async_dropped(uint32_t var) const;  // a variable whose drop may suspend (awaited)
  void owned_for_head(const ast::Expr& e, Expr seq, TypeId elem, std::vector<Stmt>& for_owned);
  void find_async_temporaries(const ast::Block& body);
  bool has_async_temporary(const ast::Expr& e) const;  // (closures' bodies aside)
  std::unordered_set<uint32_t> async_temps_;  // by ast::Expr id
  uint32_t spilling_temp_ = ~0u;             // the one being lowered into its variable
  // Awaits such drops at every exit of their scopes in `body` (a function's or a closure's).
  void insert_async_drops(std::vector<Stmt>& body);
  void async_drop_scope(std::vector<Stmt>& stmts);
  void async_drops_at_exit(Stmt& jump);
  struct AsyncScopes {
    struct Live {
      uint32_t var;
      bool guarded;  // its drop may suspend (else: an observable synchronous drop)
    };
    std::vector<Live> live;                            // the enclosing scopes' values, in order
    std::vector<size_t> loops;                         // live.size() at each enclosing loop's body
    std::unordered_map<std::string, size_t> labels;    // live.size() at each goto label
    bool dry = false;                                  // the first pass: labels only
  } async_scopes_;

  const sema::Program& p_;
  const sema::TypeTable& T;
  const Effects& fx_;
  const LowerOptions& opt_;
  const sema::FnDef& def_;
  lir::Function& out_;
  std::vector<uint32_t> local_var_;
  NameScope names_;
  std::vector<Stmt>* cur_ = nullptr;
  std::vector<LoopTarget> loops_;
  // Fields captured alone by the closures being lowered: "local.f.g" -> the lambda's variable.
  std::unordered_map<std::string, uint32_t> captured_fields_;
  TypeId closure_ret_{};      // inside a closure body: its return type (what `?` returns early)
  bool in_closure_ = false;
  // The code being lowered is a coroutine (the function, or the closure around it): calls
  // that suspend are awaited. In plain code every callee instance is known not to suspend.
  bool async_ = false;
  // A `match` arm without a guard binds by moving out of the scrutinee, as Rust does (with a
  // guard the bindings are made before the guard runs, so they copy: a failed guard must
  // leave the value for the next arm).
  bool move_bindings_ = false;
  // Lowering what a `&mut` borrows (`&mut [0; 3][..]`, a `&mut self` slice method's receiver):
  // rustc promotes no temporary to a constant there.
  bool mut_borrow_ = false;
  // Reference locals whose own address is taken (`&r`) or that are re-pointed parameters:
  // declared as `asr::Ref`s (found before lowering, so that closures capture them right).
  std::vector<bool> ref_storage_locals_;
  void find_ref_storage_locals();
  bool self_is_reference(const ast::Expr& e) const;
};

}  // namespace asr::lower::detail
