// The part of the constant evaluator that interprets bodies: blocks and statements, loops,
// `match` and patterns, assignments to places, and calls of `const fn`s (a frame of locals
// per call). Values are copied (a reference holds a copy of what it refers to): const code
// cannot write through a shared reference, and a `&mut self` method's `self` is copied back.

#include <fmt/format.h>

#include <cmath>
#include <sys/resource.h>

#include <algorithm>
#include <cstddef>

#include "sema/consteval.hpp"
#include "sema/prim_methods.hpp"

namespace asr::sema {

using ast::Expr;
using ast::ExprKind;
using V = ConstValue;

namespace {
// rustc stops at 128 nested calls; loops and calls beyond this many steps are "taking a long
// time" (rustc's `long_running_const_eval`): the compiler never hangs.
constexpr size_t kMaxFrames = 128;
constexpr uint64_t kMaxSteps = 2'000'000;
// Interpreted calls nest C++ calls: a body with deeply nested expressions could exhaust the
// compiler's stack before 128 frames; past this much stack the evaluation stops instead.
// (half the main thread's stack at most: `ulimit -s` may be small)
std::ptrdiff_t max_stack() {
  static const std::ptrdiff_t limit = [] {
    std::ptrdiff_t m = 3 << 20;
    rlimit r{};
    if (getrlimit(RLIMIT_STACK, &r) == 0 && r.rlim_cur != RLIM_INFINITY) m = std::min<std::ptrdiff_t>(m, r.rlim_cur / 2);
    return m;
  }();
  return limit;
}
thread_local const char* stack_base = nullptr;  // (of the outermost evaluation)

std::string unescape_braces(const std::string& f) {
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    out += f[i];
    if ((f[i] == '{' || f[i] == '}') && i + 1 < f.size() && f[i + 1] == f[i]) ++i;
  }
  return out;
}
}  // namespace

std::optional<V> ConstEval::run(const Expr& init, FnId checker) {
  char marker = 0;
  bool outermost = stack_base == nullptr;
  if (outermost) stack_base = &marker;
  struct Reset {
    bool on;
    ~Reset() { if (on) stack_base = nullptr; }
  } reset{outermost};
  Frame f;
  f.fn = checker;
  f.locals.resize(p_.fns[checker].locals.size());
  frames_.push_back(std::move(f));
  std::optional<V> v = eval(init);
  frames_.pop_back();
  if (!v && flow_ != Flow::Normal && !reported_) unsupported(init.span, "`break` or `return` out of a constant");
  return flow_ == Flow::Normal ? v : std::nullopt;
}

TypeId ConstEval::subst(TypeId t) {
  if (frames_.empty() || frames_.back().subst.empty() || !T.has_params(t)) return t;
  return T.subst(t, frames_.back().subst);
}

TypeId ConstEval::type_of(const Expr& e) { return subst(p_.info(e).type); }

const V& ConstEval::peel(const V& v) {
  const V* x = &v;
  while (x->kind == V::Kind::Ref && !x->elems.empty()) x = &x->elems[0];
  return *x;
}

bool ConstEval::step(Span span) {
  if (++steps_ <= kMaxSteps) return true;
  if (!reported_) {
    reported_ = true;
    cx_.diags.report(DiagKind::ConstEvalLongRunning, span)
        .notes.push_back({at_, fmt::format("the constant being evaluated (asrc stops after {} loop iterations and calls)", kMaxSteps)});
  }
  return false;
}

std::optional<V> ConstEval::block(const ast::Block& b, const Expr* labelled) {
  std::optional<V> v;
  bool ok = true;
  for (const auto& s : b.stmts) {
    if (!stmt(*s)) {
      ok = false;
      break;
    }
  }
  if (ok) v = b.tail ? eval(*b.tail) : make(V::Kind::Unit, T.unit());
  if (!v && labelled && flow_ == Flow::Break && flow_label_ == labelled->label->name) {  // `break 'a value`
    flow_ = Flow::Normal;
    v = flow_value_ ? *flow_value_ : make(V::Kind::Unit, T.unit());
    flow_value_.reset();
  }
  return v;
}

bool ConstEval::stmt(const ast::Stmt& s) {
  switch (s.kind) {
    case ast::StmtKind::Let: {
      if (!s.init) return true;  // assigned later
      std::optional<V> v = eval(*s.init);
      if (!v) return false;
      std::optional<bool> m = bind(*s.pat, *v);
      if (!m) return false;
      if (*m) return true;
      if (s.else_block) {  // `let .. else { diverges }`
        block(*s.else_block, nullptr);
        return false;
      }
      unsupported(s.pat->span, "this pattern");
      return false;
    }
    case ast::StmtKind::Expr:
    case ast::StmtKind::Semi:
    case ast::StmtKind::MacroCall: return !s.expr || eval(*s.expr).has_value();
    case ast::StmtKind::Item:
    case ast::StmtKind::Empty: return true;
  }
  return true;
}

// A condition: a boolean, `let PAT = EXPR`, or a `&&` chain of them.
std::optional<V> ConstEval::if_expr(const Expr& e) {
  std::function<std::optional<bool>(const Expr&)> cond = [&](const Expr& c) -> std::optional<bool> {
    if (c.kind == ExprKind::Let) {
      std::optional<V> v = eval(*c.operand);
      if (!v) return std::nullopt;
      return bind(*c.pat, *v);
    }
    if (c.kind == ExprKind::Binary && c.binop == ast::BinOp::And) {
      std::optional<bool> l = cond(*c.lhs);
      if (!l || !*l) return l;
      return cond(*c.rhs);
    }
    std::optional<V> v = eval(c);
    if (!v) return std::nullopt;
    return peel(*v).bits != 0;
  };
  if (e.kind == ExprKind::While) {
    while (true) {
      if (!step(e.span)) return std::nullopt;
      std::optional<bool> c = cond(*e.cond);
      if (!c) return std::nullopt;
      if (!*c) return make(V::Kind::Unit, T.unit());
      if (!block(*e.block, nullptr)) {
        LoopExit exit = loop_exit(e);
        if (exit == LoopExit::Continue) continue;
        if (exit == LoopExit::Break) return make(V::Kind::Unit, T.unit());
        return std::nullopt;
      }
    }
  }
  std::optional<bool> c = cond(*e.cond);
  if (!c) return std::nullopt;
  if (*c) return block(*e.block, nullptr);
  if (e.else_branch) return eval(*e.else_branch);
  return make(V::Kind::Unit, T.unit());
}

std::optional<V> ConstEval::loop(const Expr& e) {
  if (e.kind == ExprKind::While) return if_expr(e);
  while (true) {
    if (!step(e.span)) return std::nullopt;
    if (block(*e.block, nullptr)) continue;
    std::optional<V> value = flow_value_;
    LoopExit exit = loop_exit(e);
    if (exit == LoopExit::Continue) continue;
    if (exit == LoopExit::Break) return value ? *value : make(V::Kind::Unit, T.unit());
    return std::nullopt;
  }
}

// After the body of loop `e` stopped early: a `continue` or `break` aimed at `e` is taken
// here (the flow reset, a break's value dropped: the caller read it first); anything else
// (an error, a `return`, a jump to an outer label) propagates.
ConstEval::LoopExit ConstEval::loop_exit(const Expr& e) {
  bool ours = flow_label_.empty() || (e.label && flow_label_ == e.label->name);
  if (!ours || (flow_ != Flow::Continue && flow_ != Flow::Break)) return LoopExit::Propagate;
  LoopExit exit = flow_ == Flow::Continue ? LoopExit::Continue : LoopExit::Break;
  flow_ = Flow::Normal;
  flow_value_.reset();
  return exit;
}

std::optional<V> ConstEval::jump(const Expr& e) {
  std::optional<V> v;
  if (e.operand) {
    v = eval(*e.operand);
    if (!v) return std::nullopt;
  }
  flow_ = e.kind == ExprKind::Break ? Flow::Break : e.kind == ExprKind::Continue ? Flow::Continue : Flow::Return;
  flow_label_ = e.label && e.kind != ExprKind::Return ? e.label->name : "";
  flow_value_ = std::move(v);
  return std::nullopt;
}

std::optional<V> ConstEval::match(const Expr& e) {
  std::optional<V> scrutinee = eval(*e.iter);
  if (!scrutinee) return std::nullopt;
  for (const auto& arm : e.arms) {
    std::optional<bool> m = bind(*arm.pat, *scrutinee);
    if (!m) return std::nullopt;
    if (!*m) continue;
    if (arm.guard) {
      if (arm.guard->kind == ExprKind::Let) {
        unsupported(arm.guard->span, "`if let` guards");
        return std::nullopt;
      }
      std::optional<V> g = eval(*arm.guard);
      if (!g) return std::nullopt;
      if (!peel(*g).bits) continue;
    }
    return eval(*arm.body);
  }
  unsupported(e.span, "a `match` no arm of which matched");
  return std::nullopt;
}

std::optional<V> ConstEval::index(const Expr& e) {
  if (p_.info(e).callee != kNone) {  // `Index` of a std collection
    unsupported(e.span, "indexing this type");
    return std::nullopt;
  }
  std::optional<V> base = eval(*e.lhs);
  if (!base) return std::nullopt;
  std::optional<V> i = eval(*e.rhs);
  if (!i) return std::nullopt;
  const V& b = peel(*base);
  if (i->kind != V::Kind::Int || b.kind != V::Kind::Tuple) {
    unsupported(e.span, "this indexing");
    return std::nullopt;
  }
  if (i->bits >= b.elems.size()) {
    fail(e.span, fmt::format("index out of bounds: the length is {} but the index is {}", b.elems.size(), u128_text(i->bits)));
    return std::nullopt;
  }
  return b.elems[static_cast<size_t>(i->bits)];
}

V* ConstEval::place(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Paren: return place(*e.operand);
    case ExprKind::Path: {
      const ExprInfo& in = p_.info(e);
      if (in.res != ValueRes::Local || frames_.empty() || in.res_id >= frames_.back().locals.size()) break;
      std::optional<V>& x = frames_.back().locals[in.res_id];
      if (!x) break;
      return &*x;
    }
    case ExprKind::Field:
    case ExprKind::TupleField: {
      V* base = place(*e.operand);
      if (!base) return nullptr;
      while (base->kind == V::Kind::Ref && !base->elems.empty()) base = &base->elems[0];
      uint32_t f = p_.info(e).field;
      if (f >= base->elems.size()) break;
      return &base->elems[f];
    }
    case ExprKind::Index: {
      if (p_.info(e).callee != kNone) break;
      std::optional<V> i = eval(*e.rhs);
      if (!i) return nullptr;
      V* base = place(*e.lhs);
      if (!base) return nullptr;
      while (base->kind == V::Kind::Ref && !base->elems.empty()) base = &base->elems[0];
      if (i->kind != V::Kind::Int || base->kind != V::Kind::Tuple) break;
      if (i->bits >= base->elems.size()) {
        fail(e.span, fmt::format("index out of bounds: the length is {} but the index is {}", base->elems.size(), u128_text(i->bits)));
        return nullptr;
      }
      return &base->elems[static_cast<size_t>(i->bits)];
    }
    case ExprKind::Unary: {
      if (e.unop != ast::UnOp::Deref || p_.info(e).callee != kNone) break;
      V* base = place(*e.operand);
      if (!base) return nullptr;
      while (base->kind == V::Kind::Ref && !base->elems.empty()) base = &base->elems[0];
      return base;
    }
    default: break;
  }
  unsupported(e.span, "assigning to this place");
  return nullptr;
}

std::optional<V> ConstEval::assign(const Expr& e) {
  V unit = make(V::Kind::Unit, T.unit());
  if (p_.info(e).callee != kNone) {  // `AddAssign` of a user type
    unsupported(e.span, "this operator");
    return std::nullopt;
  }
  std::optional<V> r = eval(*e.rhs);  // (the right side first, as for Rust's primitive types)
  if (!r) return std::nullopt;
  if (e.kind == ExprKind::CompoundAssign) {
    V* p = place(*e.lhs);
    if (!p) return std::nullopt;
    std::optional<V> v = arith(e, e.binop, *p, peel(*r), type_of(*e.lhs));
    if (!v) return std::nullopt;
    *p = std::move(*v);
    return unit;
  }
  // `x = v` (also the first assignment of `let x;`), `_ = v`, `(a, b) = (b, a)`.
  std::function<bool(const Expr&, V)> to = [&](const Expr& lhs, V v) -> bool {
    if (lhs.kind == ExprKind::Underscore) return true;
    if (lhs.kind == ExprKind::Tuple) {
      const V& t = peel(v);
      for (size_t i = 0; i < lhs.args.size() && i < t.elems.size(); ++i) {
        if (!to(*lhs.args[i], t.elems[i])) return false;
      }
      return true;
    }
    const ExprInfo& in = p_.info(lhs);
    if (lhs.kind == ExprKind::Path && in.res == ValueRes::Local && in.res_id < frames_.back().locals.size()) {
      frames_.back().locals[in.res_id] = std::move(v);
      return true;
    }
    V* p = place(lhs);
    if (!p) return false;
    *p = std::move(v);
    return true;
  };
  if (!to(*e.lhs, std::move(*r))) return std::nullopt;
  return unit;
}

std::optional<V> ConstEval::macro(const Expr& e) {
  const ExprInfo& in = p_.info(e);
  if (in.macro >= p_.macros.size()) {
    unsupported(e.span, "this macro");
    return std::nullopt;
  }
  const MacroInfo& mi = p_.macros[in.macro];
  if ((mi.kind == MacroKind::Panic || mi.kind == MacroKind::Assert) && mi.args.empty()) {
    if (mi.kind == MacroKind::Assert) {
      std::optional<V> c = eval(*mi.cond);
      if (!c) return std::nullopt;
      if (peel(*c).bits) return make(V::Kind::Unit, T.unit());
    }
    fail(e.span, "evaluation panicked: " + unescape_braces(mi.format));
    return std::nullopt;
  }
  if (mi.kind == MacroKind::Panic && mi.format == "{}" && mi.args.size() == 1 && mi.args[0].expr) {  // `expect`'s
    std::optional<V> m = eval(*mi.args[0].expr);
    if (!m) return std::nullopt;
    if (peel(*m).kind == V::Kind::Str) {
      fail(e.span, "evaluation panicked: " + peel(*m).s);
      return std::nullopt;
    }
  }
  unsupported(e.span, "this macro");
  return std::nullopt;
}

std::optional<V> ConstEval::call(const Expr& e) {
  const ExprInfo& in = p_.info(e);
  const ExprInfo& ci = p_.info(*e.operand);
  std::vector<V> args;
  for (const auto& a : e.args) {
    std::optional<V> x = eval(*a);
    if (!x) return std::nullopt;
    args.push_back(std::move(*x));
  }
  switch (ci.res) {
    case ValueRes::TupleStructCtor:
    case ValueRes::VariantCtor: {
      V v = make(V::Kind::Adt, type_of(e));
      v.variant = ci.res == ValueRes::VariantCtor ? ci.variant : ~0u;
      v.elems = std::move(args);
      return v;
    }
    case ValueRes::PrimMethod: return prim_method(e, sema::prim_method(ci.res_id).name, std::move(args));
    case ValueRes::Fn: {
      std::vector<TypeId> type_args = in.type_args.empty() ? ci.type_args : in.type_args;
      for (TypeId& t : type_args) t = subst(t);
      return invoke(in.callee != kNone ? in.callee : ci.res_id, std::move(args), type_args, e);
    }
    default: break;
  }
  unsupported(e.span, "this call");
  return std::nullopt;
}

std::optional<V> ConstEval::method_call(const Expr& e) {
  const ExprInfo& in = p_.info(e);
  V* self_place = nullptr;
  std::optional<V> recv;
  if (in.recv == ExprInfo::Recv::AutoRefMut && in.builtin == ExprInfo::Builtin::None) {
    self_place = place(*e.operand);  // `v.push_one(3)` on a `&mut self` const fn: written back
    if (!self_place) return std::nullopt;
    recv = peel(*self_place);
  } else {
    recv = eval(*e.operand);
    if (!recv) return std::nullopt;
  }
  std::vector<V> args;
  args.push_back(peel(*recv));
  for (const auto& a : e.args) {
    std::optional<V> x = eval(*a);
    if (!x) return std::nullopt;
    args.push_back(std::move(*x));
  }
  switch (in.builtin) {
    case ExprInfo::Builtin::Prim: return prim_method(e, e.name.name, std::move(args));
    case ExprInfo::Builtin::ArrayLen: return int_value(T.int_(IntTy::Usize), static_cast<__int128>(args[0].elems.size()));
    case ExprInfo::Builtin::ArrayIsEmpty: {
      V b = make(V::Kind::Bool, T.bool_());
      b.bits = args[0].elems.empty();
      return b;
    }
    case ExprInfo::Builtin::None: break;
    default: unsupported(e.span, "this method"); return std::nullopt;
  }
  if (in.callee == kNone) {
    unsupported(e.span, "this method");
    return std::nullopt;
  }
  std::vector<TypeId> type_args = in.type_args;
  for (TypeId& t : type_args) t = subst(t);
  if (self_place) {
    V* out = self_place;
    return invoke(in.callee, std::move(args), type_args, e, out);
  }
  return invoke(in.callee, std::move(args), type_args, e);
}

std::optional<V> ConstEval::invoke(FnId fn, std::vector<V> args, const std::vector<TypeId>& type_args, const Expr& at,
                                   V* self_out) {
  const FnDef& f = p_.fns[fn];
  if (!f.is_const) {  // (reported by the const rules, which run before any evaluation)
    unsupported(at.span, "calling a function that is not a `const fn`");
    return std::nullopt;
  }
  if (f.is_std && (!f.item || !f.item->body)) {
    // A const fn of std implemented in C++ that makes a value of a C++ type
    // (`Duration::from_secs`): the call is the value, emitted as a constexpr C++ call.
    TypeId t = type_of(at);
    if (T.kind(t) == TyKind::Adt && p_.adts[T.get(t).id].is_std) {
      // (`Duration::new` panics when the nanoseconds' carry overflows the seconds: std's panic
      // at compile time, never a constexpr call that fails in the C++ compiler)
      if (f.path == "std::time::Duration::new" && args.size() == 2 && peel(args[0]).kind == V::Kind::Int &&
          peel(args[1]).kind == V::Kind::Int) {
        unsigned __int128 secs = peel(args[0]).bits, carry = peel(args[1]).bits / 1000000000u;
        if (secs + carry > static_cast<unsigned __int128>(UINT64_MAX)) {
          fail(at.span, "evaluation panicked: overflow in Duration::new");
          return std::nullopt;
        }
      }
      V v = make(V::Kind::CppCall, t);
      v.callee = fn;
      v.elems = std::move(args);
      return v;
    }
    if (!args.empty() && peel(args[0]).kind == V::Kind::Str && (f.name == "len" || f.name == "is_empty")) {
      size_t n = peel(args[0]).s.size();
      if (f.name == "len") return int_value(t, static_cast<__int128>(n));
      V b = make(V::Kind::Bool, t);
      b.bits = n == 0;
      return b;
    }
    unsupported(at.span, fmt::format("calling `{}`", f.path).c_str());
    return std::nullopt;
  }
  check_body(cx_, fn);
  if (p_.fns[fn].body_errors) {
    reported_ = true;
    return std::nullopt;
  }
  char probe = 0;
  if (stack_base && stack_base - &probe > max_stack()) {
    unsupported(at.span, "const evaluation nested this deeply (the compiler's stack)");
    return std::nullopt;
  }
  if (frames_.size() > kMaxFrames) {
    fail(at.span, "reached the configured maximum number of stack frames");
    return std::nullopt;
  }
  if (!step(at.span)) return std::nullopt;
  const FnDef& g = p_.fns[fn];  // (check_body may have added functions)
  Frame fr;
  fr.fn = fn;
  fr.call = at.span;
  fr.locals.resize(g.locals.size());
  for (size_t i = 0; i < g.generics.size() && i < type_args.size(); ++i) fr.subst.push_back({g.generics[i], type_args[i]});
  size_t k = 0;
  if (g.self_kind != ast::SelfKind::None && g.self_local < fr.locals.size() && k < args.size()) fr.locals[g.self_local] = args[k++];
  frames_.push_back(std::move(fr));
  for (const ParamDef& prm : g.params) {
    if (k >= args.size()) break;
    if (prm.local < frames_.back().locals.size()) frames_.back().locals[prm.local] = args[k];
    if (prm.pattern) {
      std::optional<bool> m = bind(*prm.pattern, args[k]);
      if (!m || !*m) {
        frames_.pop_back();
        return std::nullopt;
      }
    }
    ++k;
  }
  std::optional<V> v = block(*g.item->body, nullptr);
  if (!v && flow_ == Flow::Return) {
    flow_ = Flow::Normal;
    v = flow_value_ ? *flow_value_ : make(V::Kind::Unit, T.unit());
    flow_value_.reset();
  }
  if (v && self_out && g.self_local < frames_.back().locals.size() && frames_.back().locals[g.self_local]) {
    *self_out = *frames_.back().locals[g.self_local];
  }
  frames_.pop_back();
  return v;
}

int ConstEval::compare_values(const V& a0, const V& b0) const {
  const V& a = peel(a0);
  const V& b = peel(b0);
  auto cmp = [](auto x, auto y) { return x < y ? -1 : x > y ? 1 : 0; };
  switch (a.kind) {
    case V::Kind::Int: {
      IntTy it = T.int_ty(a.type);
      if (int_signed(it)) return cmp(as_signed(it, a.bits), as_signed(it, b.bits));
      return cmp(a.bits, b.bits);
    }
    case V::Kind::Float: return cmp(a.f, b.f);
    case V::Kind::Str: return cmp(a.s, b.s);
    case V::Kind::Tuple:
    case V::Kind::Adt: {
      if (a.variant != b.variant) return cmp(a.variant, b.variant);
      for (size_t i = 0; i < a.elems.size() && i < b.elems.size(); ++i) {
        if (int c = compare_values(a.elems[i], b.elems[i])) return c;
      }
      return cmp(a.elems.size(), b.elems.size());
    }
    default: return cmp(a.bits, b.bits);
  }
}

std::optional<bool> ConstEval::pat_equals(const ast::Pat& p, const Expr& lit, const V& v) {
  (void)p;
  std::optional<V> x = eval(lit);
  if (!x) return std::nullopt;
  return compare_values(v, *x) == 0;
}

std::optional<bool> ConstEval::bind(const ast::Pat& p, const V& v0) {
  auto pi_it = p_.pats.find(&p);
  const PatInfo* pi = pi_it == p_.pats.end() ? nullptr : &pi_it->second;
  const V& v = peel(v0);
  // The elements of a tuple, tuple struct or array against `elems` (one `..` allowed).
  auto seq = [&](const std::vector<ast::P<ast::Pat>>& pats, const std::vector<V>& vals) -> std::optional<bool> {
    size_t rest = pats.size();
    for (size_t i = 0; i < pats.size(); ++i) {
      if (pats[i]->kind == ast::PatKind::Rest) rest = i;
      else if (pats[i]->kind == ast::PatKind::Ident && pats[i]->sub && pats[i]->sub->kind == ast::PatKind::Rest) {
        unsupported(pats[i]->span, "binding the rest of a slice");
        return std::nullopt;
      }
    }
    size_t after = rest == pats.size() ? 0 : pats.size() - rest - 1;
    size_t before = rest == pats.size() ? pats.size() : rest;
    if (before + after > vals.size()) return false;
    for (size_t i = 0; i < before; ++i) {
      std::optional<bool> m = bind(*pats[i], vals[i]);
      if (!m || !*m) return m;
    }
    for (size_t i = 0; i < after; ++i) {
      std::optional<bool> m = bind(*pats[rest + 1 + i], vals[vals.size() - after + i]);
      if (!m || !*m) return m;
    }
    return true;
  };
  switch (p.kind) {
    case ast::PatKind::Wild:
    case ast::PatKind::Rest: return true;
    case ast::PatKind::Paren: return bind(*p.sub, v0);
    case ast::PatKind::Ref: return bind(*p.sub, v);
    case ast::PatKind::Ident: {
      if (pi && pi->const_id != kNone) {  // a constant's name
        const ConstValue* c = eval_const(cx_, pi->const_id);
        if (!c) return std::nullopt;
        return compare_values(v, *c) == 0;
      }
      auto it = p_.pat_locals.find(&p);
      if (it == p_.pat_locals.end()) {  // a unit variant or struct
        return !pi || pi->variant == kNone || v.variant == pi->variant;
      }
      if (p.sub) {
        std::optional<bool> m = bind(*p.sub, v0);
        if (!m || !*m) return m;
      }
      if (it->second < frames_.back().locals.size()) frames_.back().locals[it->second] = v0;
      return true;
    }
    case ast::PatKind::Literal: return pat_equals(p, *p.lit, v);
    case ast::PatKind::Range: {
      if (p.lo) {
        std::optional<V> lo = eval(*p.lo);
        if (!lo) return std::nullopt;
        if (compare_values(v, *lo) < 0) return false;
      }
      if (p.hi) {
        std::optional<V> hi = eval(*p.hi);
        if (!hi) return std::nullopt;
        int c = compare_values(v, *hi);
        if (c > 0 || (c == 0 && !p.inclusive)) return false;
      }
      return true;
    }
    case ast::PatKind::Path: {
      if (pi && pi->const_id != kNone) {
        const ConstValue* c = eval_const(cx_, pi->const_id);
        if (!c) return std::nullopt;
        return compare_values(v, *c) == 0;
      }
      return !pi || pi->variant == kNone || v.variant == pi->variant;
    }
    case ast::PatKind::Tuple: return seq(p.elems, v.elems);
    case ast::PatKind::Slice:
      if (v.kind != V::Kind::Tuple) break;
      return seq(p.elems, v.elems);
    case ast::PatKind::TupleStruct:
      if (pi && pi->variant != kNone && v.variant != pi->variant) return false;
      return seq(p.elems, v.elems);
    case ast::PatKind::Struct: {
      if (!pi) break;
      if (pi->variant != kNone && v.variant != pi->variant) return false;
      for (size_t i = 0; i < p.fields.size() && i < pi->fields.size(); ++i) {
        if (pi->fields[i] >= v.elems.size()) return std::nullopt;
        std::optional<bool> m = bind(*p.fields[i].pat, v.elems[pi->fields[i]]);
        if (!m || !*m) return m;
      }
      return true;
    }
    case ast::PatKind::Or:
      for (const auto& alt : p.elems) {
        std::optional<bool> m = bind(*alt, v0);
        if (!m || *m) return m;
      }
      return false;
    default: break;
  }
  unsupported(p.span, "this pattern");
  return std::nullopt;
}

}  // namespace asr::sema
