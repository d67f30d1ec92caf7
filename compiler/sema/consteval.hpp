#pragma once
// The compile-time evaluator of constants (consteval.cpp: expressions; consteval_fn.cpp:
// statements, places, patterns and calls of `const fn`s, which it interprets).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sema/context.hpp"

namespace asr::sema {

class ConstEval {
 public:
  using V = ConstValue;
  // `at`: the constant's name (where a long evaluation is reported).
  ConstEval(Context& cx, Span at) : cx_(cx), p_(cx.prog), T(cx.prog.types), at_(at) {}

  // The initializer of the constant, checked by the hidden function `checker`.
  std::optional<V> run(const ast::Expr& init, FnId checker);

 private:
  // -------------------------------------------------------------- expressions (consteval.cpp)
  std::optional<V> eval(const ast::Expr& e);
  V make(V::Kind k, TypeId t) const {
    V v;
    v.kind = k;
    v.type = t;
    return v;
  }
  void unsupported(Span span, const char* what);
  // A failed evaluation (E0080): reported where the constant's initializer called the
  // `const fn` that failed, with a note for each call it happened inside.
  void fail(Span span, const std::string& why);
  bool fits(IntTy it, __int128 v) const;
  unsigned __int128 mask(IntTy it, unsigned __int128 v) const;
  __int128 as_signed(IntTy it, unsigned __int128 bits) const;
  V int_value(TypeId t, __int128 v) const;
  // An integer as rustc's messages print it: `200_u8`, `-1_i32`, `u8::MAX`, `i32::MIN`.
  std::string int_text(const V& v) const;
  std::optional<V> literal(const ast::Expr& e, TypeId t);
  std::optional<V> path(const ast::Expr& e, const ExprInfo& in);
  std::optional<V> unary(const ast::Expr& e, TypeId t);
  std::optional<V> binary(const ast::Expr& e, TypeId t);
  // The arithmetic of `l op r` (also of `x op= r`), `t` their type.
  std::optional<V> arith(const ast::Expr& e, ast::BinOp op, const V& l, const V& r, TypeId t);
  bool add128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const;
  bool sub128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const;
  bool mul128(IntTy it, unsigned __int128 a, unsigned __int128 b, __int128& out) const;
  std::optional<V> overflow(const ast::Expr& e, ast::BinOp op, const V& l, const V& r);
  std::optional<V> compare(const ast::Expr& e, ast::BinOp op, const V& l, const V& r, TypeId t);
  std::optional<V> cast(const ast::Expr& e, TypeId t);

  // ----------------------------------------------------- bodies and calls (consteval_fn.cpp)
  // The type of `e` in the function being interpreted (generic parameters substituted).
  TypeId type_of(const ast::Expr& e);
  TypeId subst(TypeId t);
  static const V& peel(const V& v);  // what a reference refers to (values are copied)
  bool step(Span span);              // counts work; false (reported) past the limit
  std::optional<V> block(const ast::Block& b, const ast::Expr* labelled);
  bool stmt(const ast::Stmt& s);
  std::optional<V> if_expr(const ast::Expr& e);
  std::optional<V> loop(const ast::Expr& e);
  enum class LoopExit : uint8_t { Continue, Break, Propagate };
  LoopExit loop_exit(const ast::Expr& e);
  std::optional<V> match(const ast::Expr& e);
  std::optional<V> index(const ast::Expr& e);
  std::optional<V> assign(const ast::Expr& e);
  std::optional<V> jump(const ast::Expr& e);
  std::optional<V> macro(const ast::Expr& e);
  std::optional<V> call(const ast::Expr& e);
  std::optional<V> method_call(const ast::Expr& e);
  std::optional<V> prim_method(const ast::Expr& e, const std::string& name, std::vector<V> args);
  // Runs `fn` with the arguments (self first), the caller's expression `at`.
  // `self_out`: where a `&mut self` method's final `self` is written back.
  std::optional<V> invoke(FnId fn, std::vector<V> args, const std::vector<TypeId>& type_args, const ast::Expr& at,
                          V* self_out = nullptr);
  // The place `e` names (a local, a field or an element of one), or null (reported).
  V* place(const ast::Expr& e);
  // Whether `v` matches `p` (binding its names); nullopt: not supported (reported).
  std::optional<bool> bind(const ast::Pat& p, const V& v);
  std::optional<bool> pat_equals(const ast::Pat& p, const ast::Expr& lit, const V& v);
  int compare_values(const V& a, const V& b) const;  // -1, 0, 1 (same type)

  Context& cx_;
  Program& p_;
  TypeTable& T;
  Span at_;

  // One activation of the initializer or of a `const fn`.
  struct Frame {
    FnId fn = kNone;
    std::vector<std::optional<V>> locals;  // by LocalId of fn
    TypeTable::Subst subst;                // the fn's generic parameters, from the call
    Span call;                             // where the caller called it
  };
  std::vector<Frame> frames_;
  // A `break`, `continue` or `return` on its way out: eval returns nullopt with `flow_` set
  // (an error returns nullopt with Normal).
  enum class Flow : uint8_t { Normal, Break, Continue, Return } flow_ = Flow::Normal;
  std::string flow_label_;           // Break/Continue: the label (empty: the innermost loop)
  std::optional<V> flow_value_;      // Break/Return: the value
  uint64_t steps_ = 0;
  bool reported_ = false;            // a failure was reported (no second message)
};

}  // namespace asr::sema
