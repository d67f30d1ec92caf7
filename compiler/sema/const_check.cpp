// rustc's const checking: what the body of a `const fn` and the initializer of a constant may
// do, checked whether or not they are ever evaluated (E0015 and friends). Runs on bodies the
// type checker has annotated; closures and nested items are not part of the body checked.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "sema/context.hpp"
#include "sema/prim_methods.hpp"

namespace asr::sema {
namespace {

using ast::Expr;
using ast::ExprKind;

class ConstRules {
 public:
  ConstRules(Context& cx, const char* where) : cx_(cx), p_(cx.prog), where_(where) {}

  void expr(const Expr& e) {
    const ExprInfo& in = p_.info(e);
    switch (e.kind) {
      case ExprKind::Closure: return;  // (its body is not the const fn's)
      case ExprKind::For:
        cx_.diags.report(DiagKind::ForInConst, e.iter->span, iterable_name(e, in), where_);
        break;
      case ExprKind::Try:  // (E0658)
        cx_.diags.report(DiagKind::TryInConst, e.span, p_.type_name(p_.info(*e.operand).type), where_);
        break;
      case ExprKind::Call: call(e, in); break;
      case ExprKind::MethodCall: method_call(e, in); break;
      case ExprKind::Binary:
      case ExprKind::Unary:
      case ExprKind::Index:
      case ExprKind::CompoundAssign:
        if (in.callee != kNone && !(e.kind == ExprKind::Binary && builtin_compare(e))) {
          cx_.diags.report(DiagKind::NonConstOperator, e.span, where_);
        }
        break;
      case ExprKind::MacroCall: macro(e, in); break;
      default: break;
    }
    for (const Expr* c : {e.operand.get(), e.lhs.get(), e.rhs.get(), e.cond.get(), e.iter.get(), e.base.get(),
                          e.else_branch.get(), e.repeat_count.get()}) {
      if (c) expr(*c);
    }
    if (e.block) block(*e.block);
    for (const auto& a : e.args) expr(*a);
    for (const auto& f : e.fields) if (f.value) expr(*f.value);
    for (const auto& m : e.margs) if (m.value) expr(*m.value);
    for (const auto& arm : e.arms) {
      if (arm.guard) expr(*arm.guard);
      if (arm.body) expr(*arm.body);
    }
  }

  void block(const ast::Block& b) {
    for (const auto& s : b.stmts) {
      if (s->kind == ast::StmtKind::Item) continue;
      if (s->init) expr(*s->init);
      if (s->else_block) block(*s->else_block);
      if (s->expr) expr(*s->expr);
    }
    if (b.tail) expr(*b.tail);
  }

 private:
  // `==` of strings and other primitives resolves to PartialEq in sema; rustc's const
  // checking rejects it too, except for the primitive scalar types.
  bool builtin_compare(const Expr& e) const {
    TypeId t = p_.info(*e.lhs).type;
    while (p_.types.kind(t) == TyKind::Ref) t = p_.types.pointee(t);
    TyKind k = p_.types.kind(t);
    return k == TyKind::Int || k == TyKind::Float || k == TyKind::Bool || k == TyKind::Char;
  }

  // rustc's name of the iterable's type (an integer range is checked without one).
  std::string iterable_name(const Expr& e, const ExprInfo& in) const {
    TypeId t = in.type_args.empty() ? p_.info(*e.iter).type : in.type_args[0];
    const Expr* it = e.iter.get();
    while (it->kind == ExprKind::Paren) it = it->operand.get();
    if (p_.types.kind(t) == TyKind::Error && it->kind == ExprKind::Range && (it->lhs || it->rhs)) {
      TypeId elem = p_.info(it->lhs ? *it->lhs : *it->rhs).type;
      const char* kind = !it->rhs ? "RangeFrom" : it->inclusive ? "RangeInclusive" : "Range";
      return fmt::format("std::ops::{}<{}>", kind, p_.type_name(elem));
    }
    return p_.type_name(t);
  }

  // `self_ty`: the receiver's type, for a trait method (`<u32 as ToString>::to_string`).
  void non_const_fn(FnId f, Span span, std::optional<TypeId> self_ty = std::nullopt) {
    const FnDef& d = p_.fns[f];
    if (d.is_const) return;
    const char* what = d.self_kind != ast::SelfKind::None ? "method"
                       : d.self_type.index != 0 || d.owner != kNone ? "associated function" : "function";
    std::string path = d.path;
    if (d.trait != kNone && self_ty) path = fmt::format("<{} as {}>::{}", p_.type_name(*self_ty), p_.traits[d.trait].name, d.name);
    cx_.diags.report(DiagKind::NonConstCall, span, what, path, where_);
  }

  void call(const Expr& e, const ExprInfo& in) {
    const ExprInfo& ci = p_.info(*e.operand);
    if (in.builtin == ExprInfo::Builtin::CallValue) {
      cx_.diags.report(DiagKind::NonConstClosureCall, e.span, where_);
      return;
    }
    switch (ci.res) {
      case ValueRes::Fn: non_const_fn(in.callee != kNone ? in.callee : ci.res_id, e.span); break;
      case ValueRes::DefaultCtor:
        cx_.diags.report(DiagKind::NonConstCall, e.span, "associated function",
                         fmt::format("<{} as Default>::default", p_.type_name(in.type)), where_);
        break;
      case ValueRes::PrimMethod:
        if (!ci.type_args.empty()) prim(ci.type_args[0], prim_method(ci.res_id).name, e.span);
        break;
      default: break;
    }
  }

  void method_call(const Expr& e, const ExprInfo& in) {
    Span at{e.name.span.file, e.name.span.begin, e.span.end};  // `m(..)`, as rustc
    TypeId recv = p_.info(*e.operand).type;
    while (p_.types.kind(recv) == TyKind::Ref) recv = p_.types.pointee(recv);
    switch (in.builtin) {
      case ExprInfo::Builtin::None:
        if (in.callee != kNone) non_const_fn(in.callee, at, recv);
        break;
      case ExprInfo::Builtin::Prim: prim(recv, e.name.name, at); break;
      case ExprInfo::Builtin::ArrayLen:
      case ExprInfo::Builtin::ArrayIsEmpty: break;  // const in Rust
      case ExprInfo::Builtin::Clone:
        cx_.diags.report(DiagKind::NonConstCall, at, "method", fmt::format("<{} as Clone>::clone", p_.type_name(recv)), where_);
        break;
      default:
        cx_.diags.report(DiagKind::NonConstCall, at, "method", fmt::format("{}::{}", p_.type_name(recv), e.name.name), where_);
        break;
    }
  }

  // Methods of the primitive types: most are const in Rust; these are not (checked against
  // rustc 1.95).
  void prim(TypeId self, std::string_view name, Span at) {
    static constexpr std::array<std::string_view, 25> float_non_const = {
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "cbrt", "cos", "cosh", "div_euclid", "exp", "exp2",
        "hypot", "ln", "log", "log10", "log2", "powf", "powi", "rem_euclid", "sin", "sinh", "sqrt", "tan"};
    std::string ty = p_.type_name(self);
    TyKind k = p_.types.kind(self);
    if (k == TyKind::Float &&
        (std::find(float_non_const.begin(), float_non_const.end(), name) != float_non_const.end() || name == "tanh")) {
      cx_.diags.report(DiagKind::NonConstCall, at, "method", fmt::format("{0}::<impl {0}>::{1}", ty, name), where_);
    } else if (k == TyKind::Int && (name == "min" || name == "max" || name == "clamp")) {
      cx_.diags.report(DiagKind::CondConstMethod, at, fmt::format("<{} as Ord>::{}", ty, name), where_);
    }
  }

  void macro(const Expr& e, const ExprInfo& in) {
    if (in.macro >= p_.macros.size()) return;
    const MacroInfo& mi = p_.macros[in.macro];
    switch (mi.kind) {
      case MacroKind::Panic:
      case MacroKind::Assert:
        if (mi.args.empty()) return;  // a literal message: const
        break;
      case MacroKind::AssertEq:
      case MacroKind::AssertNe:
        cx_.diags.report(DiagKind::NonConstCall, e.span, "function", "core::panicking::assert_failed", where_);
        return;
      case MacroKind::Vec: cx_.diags.report(DiagKind::ConstAllocation, e.span, where_); return;
      default: break;
    }
    cx_.diags.report(DiagKind::NonConstFormat, e.span, where_);
  }

  Context& cx_;
  Program& p_;
  const char* where_;
};

}  // namespace

void check_const_rules(Context& cx, const ast::Expr& e, const char* where) { ConstRules(cx, where).expr(e); }

void check_const_rules(Context& cx, const ast::Block& b, const char* where) { ConstRules(cx, where).block(b); }

}  // namespace asr::sema
