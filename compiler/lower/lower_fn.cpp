// Lowering of function bodies to LIR: expressions become statements where C++ needs them
// to, suspending calls are awaited at statement level, evaluation order is made explicit.

#include <algorithm>
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <functional>
#include <utility>

#include "lower/async_drop.hpp"
#include "lower/cpp_names.hpp"
#include "sema/prim_methods.hpp"
#include "lower/lower.hpp"
#include "lower/lower_fn.hpp"
#include "sema/slices.hpp"
#include "lower/std_use.hpp"

namespace asr::lower {
namespace detail {

FnLowerer::FnLowerer(const sema::Program& p, const Effects& fx, const LowerOptions& opt, sema::FnId fn,
                     lir::Function& out, const std::unordered_set<std::string>& item_names)
    : p_(p), T(p.types), fx_(fx), opt_(opt), def_(p.fns[fn]), out_(out) {
  // Locals never shadow an item the body may name (a temporary called `fetch` would hide
  // the function `fetch`).
  names_.reserve_all(&item_names);
}

void FnLowerer::run() {
  async_ = out_.suspends;
  local_var_.assign(def_.locals.size(), ~0u);
  find_ref_storage_locals();
  // A reference parameter that is re-pointed or borrowed (`&r`) is an `asr::Ref` in the body;
  // the C++ parameter stays a reference (`r_in`), so the function keeps the C++ type of its
  // Rust signature (a function pointer to it is an `asr::FnPtr` like any other).
  std::vector<std::pair<uint32_t, sema::LocalId>> ref_params;
  // A parameter whose drop is observable (`impl Drop`) is moved into a local of the body
  // (`d_in` -> `d`): Rust drops it when the function ends, after its locals, while C++ would
  // destroy the parameter at the end of the caller's full-expression.
  std::vector<std::pair<uint32_t, sema::LocalId>> owned_params;
  auto param = [&](sema::LocalId l) {
    TypeId t = def_.locals[l].type;
    if (!ref_storage_locals_[l] && T.kind(t) != sema::TyKind::Ref && p_.needs_drop(t)) {
      uint32_t in = new_var(def_.locals[l].name + "_in", t, false, false);
      out_.params.push_back(in);
      owned_params.push_back({in, l});
      return;
    }
    if (!ref_storage_locals_[l]) return out_.params.push_back(var_for_local(l));
    uint32_t local = var_for_local(l);
    uint32_t in = new_var(def_.locals[l].name + "_in", def_.locals[l].type, false, false);
    out_.params.push_back(in);
    ref_params.push_back({in, l});
    (void)local;
  };
  if (def_.self_local != sema::kNone) param(def_.self_local);
  for (const auto& prm : def_.params) {
    if (prm.local == sema::kNone) continue;
    if (prm.pattern) local_var_[prm.local] = new_var("arg", prm.type, false, false);
    param(prm.local);
  }
  cur_ = &out_.body;
  for (auto [in, l] : ref_params) emit(decl(var_for_local(l), var_expr(in), def_.span));
  for (auto [in, l] : owned_params) {
    Expr moved = var_expr(in);
    moved.moved = true;
    emit(decl(var_for_local(l), std::move(moved), def_.span));
  }
  // Destructuring parameters bind their names first thing in the body.
  for (const auto& prm : def_.params) {
    if (prm.pattern) pattern_bindings(*prm.pattern, var_expr(var_for_local(prm.local)), prm.pattern->span);
  }
  const ast::Block& body = *def_.item->body;
  find_async_temporaries(body);
  lower_block_stmts(body);
  if (body.tail) lower_into(*body.tail, Dest::ret());
  insert_async_drops(out_.body);
}

// ------------------------------------------------------------------ variables
uint32_t FnLowerer::new_var(const std::string& asr_name, TypeId type, bool is_mut, bool is_temp) {
  out_.vars.push_back(lir::Var{names_.fresh(asr_name), type, is_mut, is_temp});
  return static_cast<uint32_t>(out_.vars.size() - 1);
}

uint32_t FnLowerer::var_for_local(sema::LocalId l) {
  if (local_var_[l] == ~0u) {
    const sema::LocalDef& d = def_.locals[l];
    local_var_[l] = new_var(d.name == "_" ? "unused" : d.name, d.type, d.is_mut, false);
    out_.vars[local_var_[l]].ref_storage = ref_storage_locals_[l];
  }
  return local_var_[l];
}

Expr FnLowerer::var_expr(uint32_t v) {
  Expr e{lir::ExprKind::Var, out_.vars[v].type};
  e.var = v;
  return e;
}

Stmt FnLowerer::decl(uint32_t var, std::optional<Expr> init, Span span) {
  Stmt s{StmtKind::Decl, span};
  s.var = var;
  if (init) {
    init = coerce_to(std::move(*init), out_.vars[var].type);
    if (!init->awaited) init = deref_to(std::move(*init), out_.vars[var].type);  // (deref coercion)
  }
  s.value = std::move(init);
  return s;
}

// A call or print of type `()` is `void` in C++: where its value is needed, run it as a
// statement and use `::asr::Unit{}` instead.
// A call of type `!` (e.g. `panic!`, a `-> !` fn) likewise runs as a statement; its "value"
// is never used.
Expr FnLowerer::as_value(Expr x) {
  bool never = T.kind(x.type) == TyKind::Never;
  if ((is_unit(x.type) || never) &&
      (x.kind == lir::ExprKind::Call || x.kind == lir::ExprKind::Format || x.kind == lir::ExprKind::CallValue)) {
    Stmt s{StmtKind::Eval, x.span};
    TypeId t = x.type;
    s.value = std::move(x);
    Span span = s.span;
    emit(std::move(s));
    return Expr{never ? lir::ExprKind::Unreachable : lir::ExprKind::UnitValue, never ? t : T.unit(), span};
  }
  return x;
}

// Stores `x` in a new temporary and returns the temporary. `hint` names it.
Expr FnLowerer::awaited_value(Expr call, const std::string& hint) {
  if (!is_unit(call.type)) {
    Expr v = spill(std::move(call), hint);
    if (v.kind == lir::ExprKind::Var) awaited_temps_.insert(v.var);
    return v;
  }
  Span span = call.span;
  TypeId type = call.type;
  Stmt s{StmtKind::Eval, span};
  s.value = std::move(call);
  emit(std::move(s));
  return Expr{lir::ExprKind::UnitValue, type, span};
}

// A place whose value the move checker saw leave (`let d = *b;`, `let n = pair.first;`):
// `std::move` it, so that the value is not copied (and dropped twice).
Expr FnLowerer::moved_out(const sema::ExprInfo& in, Expr x) {
  return in.moved ? move_out(std::move(x)) : x;
}

Expr FnLowerer::move_out(Expr x) {
  Expr m{lir::ExprKind::MoveOut, x.type, x.span};
  m.args.push_back(std::move(x));
  return m;
}

Expr FnLowerer::spill(Expr x, const std::string& hint) {
  x = as_value(std::move(x));
  if (x.kind == lir::ExprKind::UnitValue) return x;
  uint32_t v = new_var(hint, x.type, false, true);
  Span span = x.span;
  emit(decl(v, std::move(x), span));
  return var_expr(v);
}

// ------------------------------------------------------------------ purity
// Whether evaluating `x` can have an observable effect (a call, a print, a panic) whose
// order relative to its siblings matters.
bool FnLowerer::impure(const Expr& x) {
  switch (x.kind) {
    case lir::ExprKind::Call:
    case lir::ExprKind::CallValue:
    case lir::ExprKind::Checked:
    case lir::ExprKind::Format:
    case lir::ExprKind::Runtime:
      return true;
    case lir::ExprKind::Cast:
      break;
    default:
      break;
  }
  for (const auto& a : x.args) if (impure(a)) return true;
  return false;
}

// Lowers operands left to right so that C++ evaluates them in the same order: when a
// later operand needs statements, or two operands have effects, earlier ones are spilled.
// `sequenced`: the operands end up in a braced initialiser, which C++ evaluates left to
// right, so operands with effects need no temporaries unless a later one needs statements.
std::vector<Expr> FnLowerer::lower_operands(const std::vector<const ast::Expr*>& ops, bool sequenced, bool borrowed_first) {
  std::vector<Expr> res;
  auto spill_at = [&](size_t k, Expr r) {
    if (k != 0 || !borrowed_first || T.kind(r.type) == TyKind::Ref || r.awaited ||
        (r.kind != lir::ExprKind::Field && !(r.kind == lir::ExprKind::Call && r.ref_object) && r.kind != lir::ExprKind::Runtime &&
         r.kind != lir::ExprKind::RefDeref)) {
      return spill(std::move(r));
    }
    // `acc.history.push(-x)` through a `RefMut`: the borrowed place, by reference (or the
    // temporary a runtime call made: `x.abs().partial_cmp(&y)`).
    uint32_t v = new_var("place", const_cast<sema::TypeTable&>(T).ref(r.type, true), true, true);
    out_.vars[v].forwarding = true;
    Span span = r.span;
    emit(decl(v, std::move(r), span));
    return deref_value(var_expr(v));
  };
  for (const ast::Expr* op : ops) {
    std::vector<Stmt> buf;
    std::vector<Stmt>* saved = cur_;
    cur_ = &buf;
    Expr x = lower_expr(*op);
    cur_ = saved;
    if (!buf.empty()) {
      for (size_t k = 0; k < res.size(); ++k) if (impure(res[k])) res[k] = spill_at(k, std::move(res[k]));
      for (auto& s : buf) emit(std::move(s));
    }
    res.push_back(std::move(x));
  }
  size_t impure_count = 0;
  for (const auto& r : res) impure_count += impure(r) ? 1 : 0;
  if (impure_count >= 2 && !sequenced) {
    size_t seen = 0;
    for (size_t k = 0; k < res.size(); ++k) {
      if (!impure(res[k])) continue;
      if (++seen == impure_count) break;
      res[k] = spill_at(k, std::move(res[k]));
    }
  }
  return res;
}

// ------------------------------------------------------------------ statements
void FnLowerer::lower_block_stmts(const ast::Block& b) {
  for (const auto& s : b.stmts) lower_stmt(*s);
}

void FnLowerer::lower_stmt(const ast::Stmt& s) {
  switch (s.kind) {
    case ast::StmtKind::Empty:
    case ast::StmtKind::Item:
      return;
    case ast::StmtKind::Let: {
      const ast::Pat& pat = *s.pat;
      const ast::Pat* bind = &pat;
      while (bind->kind == ast::PatKind::Paren) bind = bind->sub.get();
      if (bind->kind == ast::PatKind::Wild) {
        if (s.init) lower_into(*s.init, Dest::discard());
        return;
      }
      if (bind->kind != ast::PatKind::Ident || s.else_block) {
        // `let (a, b) = init;`, `let Some(x) = init else { .. };`: the value (or the place
        // it is in), then the test for `let else`, then one binding per name.
        Expr place = scrutinee(*s.init, bind->kind == ast::PatKind::Tuple ? "tuple" : "value");
        if (s.else_block) {
          std::vector<Expr> tests;
          pattern_tests(*bind, place, tests);
          if (!tests.empty()) {
            Stmt st{StmtKind::If, s.span};
            st.value = negate(conjunction(std::move(tests), s.span));
            auto* saved = cur_;
            cur_ = &st.body;
            lower_block_stmts(*s.else_block);
            if (s.else_block->tail) lower_into(*s.else_block->tail, Dest::discard());
            cur_ = saved;
            emit(std::move(st));
          }
        }
        moving_bindings(*bind, place, s.span);
        return;
      }
      sema::LocalId l = p_.pat_locals.at(bind);
      if (!s.init) {
        emit(decl(var_for_local(l), std::nullopt, s.span));
        return;
      }
      if (is_never(*s.init)) {
        lower_into(*s.init, Dest::discard());
        return;
      }
      if (is_unit(p_.info(*s.init).type)) {
        lower_into(*s.init, Dest::discard());
        Expr u{lir::ExprKind::UnitValue, T.unit()};
        emit(decl(var_for_local(l), u, s.span));
        return;
      }
      if (is_block_like(*s.init)) {
        // Declare first (the name is not in scope inside the initialiser in Rust, but the
        // variable's C++ name is unique within the function, so no capture can happen).
        bool declared = false;
        std::optional<Expr> simple = try_simple_value(*s.init, var_for_local(l), &declared);
        if (simple) {
          if (!declared) emit(decl(var_for_local(l), std::move(*simple), s.span));
          return;
        }
        uint32_t v = var_for_local(l);
        emit(decl(v, std::nullopt, s.span));
        lower_into(*s.init, Dest::into(v));
        return;
      }
      if (async_ && has_async_temporary(*s.init) && T.kind(def_.locals[l].type) != TyKind::Ref) {
        // (a temporary whose drop can suspend ends with the statement, after the value is stored:
        // `let n = Conn::open(1).id;`; one borrowed by a reference variable lives on, as in Rust)
        uint32_t v = var_for_local(l);
        emit(decl(v, std::nullopt, s.span));
        Stmt blk{StmtKind::Block, s.span};
        auto* saved = cur_;
        cur_ = &blk.body;
        lower_into(*s.init, Dest::into(v));
        cur_ = saved;
        emit(std::move(blk));
        return;
      }
      Expr init = lower_expr(*s.init, /*top=*/true);
      emit(decl(var_for_local(l), std::move(init), s.span));
      return;
    }
    case ast::StmtKind::Expr:
    case ast::StmtKind::Semi:
    case ast::StmtKind::MacroCall: {
      if (!s.expr) return;
      // Temporaries named while lowering the statement (`let receiver = cell.borrow_mut();`)
      // are dropped at its end, as Rust drops a statement's temporaries: a block around it.
      std::vector<Stmt> buf;
      std::vector<Stmt>* saved = cur_;
      cur_ = &buf;
      lower_into(*s.expr, Dest::discard());
      cur_ = saved;
      bool temps = false;  // (one whose C++ type may have a destructor)
      for (size_t i = 0; i < buf.size(); ++i) {
        if (buf[i].kind != StmtKind::Decl) continue;
        if (async_dropped(buf[i].var)) temps = true;  // (its drop, awaited at the statement's end)
        if (i + 1 == buf.size()) continue;
        TyKind k = T.kind(out_.vars[buf[i].var].type);
        temps = temps || (k != TyKind::Int && k != TyKind::Float && k != TyKind::Bool && k != TyKind::Char && k != TyKind::Ref);
      }
      if (!temps) {
        for (auto& st : buf) emit(std::move(st));
        return;
      }
      Stmt b{StmtKind::Block, s.span};
      b.body = std::move(buf);
      emit(std::move(b));
      return;
    }
  }
}

bool FnLowerer::is_place(const ast::Expr& e) const {
  switch (e.kind) {
    case ExprKind::Paren: return is_place(*e.operand);
    case ExprKind::Path: return p_.info(e).res == sema::ValueRes::Local;
    case ExprKind::Field:
    case ExprKind::TupleField: return is_place(*e.operand) || T.kind(p_.info(*e.operand).type) == TyKind::Ref;
    case ExprKind::Index: return is_place(*e.lhs) || T.kind(p_.info(*e.lhs).type) == TyKind::Ref;
    case ExprKind::Unary: return e.unop == ast::UnOp::Deref;
    default: return false;
  }
}

// `a[i]`: `::asr::index(a, i, loc)`, a reference to the element (also assignable).
Expr FnLowerer::lower_index(const ast::Expr& e, bool as_place) {
  if (e.rhs->kind == ExprKind::Range) return lower_range_index(e, as_place);
  if (p_.info(e).callee != sema::kNone) {
    // `grid[(r, c)]` through `Index::index(&grid, (r, c))` (`IndexMut::index_mut` where the
    // place is modified): the C++ call returns a reference to the element.
    std::vector<Expr> ops;
    ops.push_back(auto_deref(deref_all(is_place(*e.lhs) ? lower_place(*e.lhs) : lower_expr(*e.lhs)), p_.info(e).auto_derefs, p_.info(e).deref_mut));
    ops.push_back(lower_expr(*e.rhs));
    if (impure(ops[1])) ops[1] = spill(std::move(ops[1]), "index");
    return stored(operator_call(e, std::move(ops)));  // (returns `const Output&`)
  }
  Expr base = auto_deref(deref_all(as_place && is_place(*e.lhs) ? lower_place(*e.lhs) : lower_expr(*e.lhs)), p_.info(e).auto_derefs, p_.info(e).deref_mut);
  Expr i = lower_expr(*e.rhs);
  if (impure(i)) i = spill(std::move(i), "index");
  TypeId bt = p_.info(*e.lhs).type;
  while (T.kind(bt) == TyKind::Ref) bt = T.pointee(bt);
  // (a Vec's `Index::index` panics where rustc reports it: at the `[i]`)
  Expr x{lir::ExprKind::Runtime, p_.info(e).type, p_.is_vec(bt) && e.name.span.valid() ? e.name.span : e.span, "index"};
  x.var = 1;
  x.args.push_back(std::move(base));
  x.args.push_back(std::move(i));
  return stored(std::move(x));
}

bool FnLowerer::is_block_like(const ast::Expr& e) {
  switch (e.kind) {
    case ExprKind::Block:
    case ExprKind::If:
    case ExprKind::Loop:
    case ExprKind::While:
    case ExprKind::For:
    case ExprKind::Match:
      return true;
    case ExprKind::Paren:
      return is_block_like(*e.operand);
    default:
      return false;
  }
}

// Applies a destination to a computed value.
void FnLowerer::deliver(Dest d, Expr v, Span span) {
  if (T.kind(v.type) == TyKind::Never) v = as_value(std::move(v));
  if (v.kind == lir::ExprKind::Unreachable) return;
  switch (d.kind) {
    case Dest::Kind::Discard:
      if (async_ && T.kind(v.type) != TyKind::Ref && async_drop_glue(p_, fx_, v.type, /*params=*/true)) {
        // (a value whose drop can suspend, dropped at the end of the statement: a variable in
        // a block of its own, whose end awaits the drop)
        Stmt blk{StmtKind::Block, span};
        uint32_t t = new_var("dropped", v.type, false, true);
        blk.body.push_back(decl(t, std::move(v), span));
        emit(std::move(blk));
        return;
      }
      if (impure(v) || v.awaited) {
        Stmt s{StmtKind::Eval, span};
        s.value = std::move(v);
        emit(std::move(s));
      }
      return;
    case Dest::Kind::Var: {
      Stmt s{StmtKind::Assign, span};
      s.target = var_expr(d.var);
      s.value = coerce_to(as_value(std::move(v)), out_.vars[d.var].type);
      if (!s.value->awaited) s.value = deref_to(std::move(*s.value), out_.vars[d.var].type);  // (deref coercion)
      emit(std::move(s));
      return;
    }
    case Dest::Kind::Return: {
      if (is_unit(v.type)) {
        deliver(Dest::discard(), std::move(v), span);
        return;
      }
      Stmt s{StmtKind::Return, span};
      s.value = coerce_to(std::move(v), in_closure_ ? closure_ret_ : def_.ret);
      if (!in_closure_ && !s.value->awaited) s.value = deref_to(std::move(*s.value), def_.ret);  // (deref coercion)
      emit(std::move(s));
      return;
    }
  }
}

// Lowers `e` so that its value ends up in `d`.
void FnLowerer::lower_into(const ast::Expr& e, Dest d) {
  switch (e.kind) {
    case ExprKind::Paren:
      lower_into(*e.operand, d);
      return;
    case ExprKind::Block: {
      if (e.label) {
        lower_labelled_block(e, d);
        return;
      }
      Stmt blk{StmtKind::Block, e.span};
      std::vector<Stmt>* saved = cur_;
      cur_ = &blk.body;
      lower_block_stmts(*e.block);
      if (e.block->tail) lower_into(*e.block->tail, d);
      cur_ = saved;
      // A block with only declarations-free statements could be flattened, but the braces
      // keep Rust's scoping visible; drop them only when empty.
      if (!blk.body.empty()) emit(std::move(blk));
      return;
    }
    case ExprKind::If:
      if (e.cond->kind == ExprKind::Let) lower_if_let(e, d);
      else lower_if(e, d);
      return;
    case ExprKind::Match:
      lower_match(e, d);
      return;
    case ExprKind::Loop:
    case ExprKind::While:
    case ExprKind::For:
      lower_loop(e, d);
      return;
    case ExprKind::Return: {
      Stmt s{StmtKind::Return, e.span};
      if (e.operand) {
        if (is_block_like(*e.operand) && !is_unit(p_.info(*e.operand).type)) {
          lower_into(*e.operand, Dest::ret());
          return;
        }
        Expr v = lower_expr(*e.operand, true);
        if (v.kind == lir::ExprKind::Unreachable) return;
        if (is_unit(v.type)) {
          deliver(Dest::discard(), std::move(v), e.span);
        } else {
          s.value = in_closure_ || v.awaited ? std::move(v) : deref_to(std::move(v), def_.ret);  // (deref coercion)
        }
      }
      emit(std::move(s));
      return;
    }
    case ExprKind::Break:
      lower_break(e);
      return;
    case ExprKind::Continue:
      lower_continue(e);
      return;
    case ExprKind::Assign:
    case ExprKind::CompoundAssign:
      lower_assign(e);
      return;
    default: {
      Expr v = lower_expr(e, true);
      deliver(d, std::move(v), e.span);
      return;
    }
  }
}

// A block-like expression whose value needs no statements (e.g. `if c { 1 } else { 2 }`)
// becomes an expression; otherwise nullopt and nothing is emitted.
// With `into`, a value that needs statements after all is written straight into that
// variable (declared here; `*declared` is set) instead of a temporary.
std::optional<Expr> FnLowerer::try_simple_value(const ast::Expr& e, std::optional<uint32_t> into,
                                                bool* declared) {
  if (e.kind == ExprKind::Paren) return try_simple_value(*e.operand, into, declared);
  if (e.kind == ExprKind::Block && !e.label && e.block->stmts.empty() && e.block->tail &&
      !is_block_like(*e.block->tail)) {
    std::vector<Stmt> buf;
    auto* saved = cur_;
    cur_ = &buf;
    Expr v = lower_expr(*e.block->tail, true);
    cur_ = saved;
    if (buf.empty() && !v.awaited) return v;
    for (auto& s : buf) emit(std::move(s));
    return v;  // statements already emitted in order: still correct
  }
  if (e.kind != ExprKind::If || !e.else_branch || e.cond->kind == ExprKind::Let) return std::nullopt;
  if (!simple_if(e)) return std::nullopt;
  // Lower the condition and both values into scratch buffers; use `?:` only if none of
  // them needs a statement (no awaits, no spilled operands).
  std::vector<Stmt> cbuf, abuf, bbuf;
  auto* saved = cur_;
  cur_ = &cbuf;
  Expr c = lower_expr(*e.cond);
  cur_ = &abuf;
  Expr a = lower_expr(*e.block->tail, true);
  cur_ = &bbuf;
  Expr b = e.else_branch->kind == ExprKind::If ? *try_simple_value(*e.else_branch)  // else-if chain: nested `?:`
                                               : lower_expr(*e.else_branch->block->tail, true);
  cur_ = saved;
  if (!cbuf.empty() || !abuf.empty() || !bbuf.empty() || a.awaited || b.awaited) {
    // Cannot use ?: — undo is not possible, so emit the general form from these pieces.
    for (auto& s : cbuf) emit(std::move(s));
    uint32_t v = into ? *into : new_var("t", p_.info(e).type, true, true);
    if (into) out_.vars[v].is_mut = true;  // assigned in the branches: cannot be const
    if (declared) *declared = true;
    emit(decl(v, std::nullopt, e.span));
    Stmt st{StmtKind::If, e.span};
    st.value = std::move(c);
    st.body = std::move(abuf);
    st.else_body = std::move(bbuf);
    {
      auto* s2 = cur_;
      cur_ = &st.body;
      deliver(Dest::into(v), std::move(a), e.span);
      cur_ = &st.else_body;
      deliver(Dest::into(v), std::move(b), e.span);
      cur_ = s2;
    }
    emit(std::move(st));
    return var_expr(v);
  }
  Expr t{lir::ExprKind::Ternary, p_.info(e).type, e.span};
  t.args.push_back(std::move(c));
  t.args.push_back(std::move(a));
  t.args.push_back(std::move(b));
  return t;
}

// `if c { x } else if d { y } else { z }` with plain values in every branch.
bool FnLowerer::simple_if(const ast::Expr& e) const {
  if (e.kind != ExprKind::If || !e.else_branch || e.cond->kind == ExprKind::Let || !simple_branch(*e.block)) return false;
  if (e.else_branch->kind == ExprKind::Block) return simple_branch(*e.else_branch->block);
  return simple_if(*e.else_branch);
}

bool FnLowerer::simple_branch(const ast::Block& b) const {
  return b.stmts.empty() && b.tail && !is_block_like(*b.tail) && !is_never(*b.tail) &&
         b.tail->kind != ExprKind::MacroCall;
}

void FnLowerer::lower_if(const ast::Expr& e, Dest d) {
  if (d.kind != Dest::Kind::Discard) {
    if (auto v = try_simple_value(e)) {
      deliver(d, std::move(*v), e.span);
      return;
    }
  }
  std::vector<Stmt> cbuf;
  auto* outer = cur_;
  cur_ = &cbuf;
  Expr c = lower_expr(*e.cond);
  cur_ = outer;
  if (!cbuf.empty() && e.cond->kind != ExprKind::Let) {
    // The condition needed named temporaries (an awaited call, an operand kept in order):
    // Rust drops them before the branch runs (a `MutexGuard` of `if m.lock().unwrap().x`
    // must not be held in the body), so they live in a block of their own.
    uint32_t cv = new_var("cond", T.bool_(), true, true);
    emit(decl(cv, std::nullopt, e.cond->span));
    Stmt blk{StmtKind::Block, e.cond->span};
    cur_ = &blk.body;
    for (auto& x : cbuf) emit(std::move(x));
    deliver(Dest::into(cv), std::move(c), e.cond->span);
    cur_ = outer;
    emit(std::move(blk));
    c = var_expr(cv);
  } else {
    for (auto& x : cbuf) emit(std::move(x));
  }
  Stmt st{StmtKind::If, e.span};
  st.value = std::move(c);
  auto* saved = cur_;
  cur_ = &st.body;
  lower_block_stmts(*e.block);
  if (e.block->tail) lower_into(*e.block->tail, d);
  if (e.else_branch) {
    cur_ = &st.else_body;
    lower_into(*e.else_branch, d);
    // `else { if .. }` flattening: an else body that is exactly one If prints as `else if`.
  }
  cur_ = saved;
  emit(std::move(st));
}

// ------------------------------------------------------------------ loops and labels
void FnLowerer::lower_labelled_block(const ast::Expr& e, Dest d) {
  loops_.push_back({e.label->name, false, d, {}, {}});
  Stmt blk{StmtKind::Block, e.span};
  auto* saved = cur_;
  cur_ = &blk.body;
  lower_block_stmts(*e.block);
  if (e.block->tail) lower_into(*e.block->tail, d);
  cur_ = saved;
  emit(std::move(blk));
  LoopTarget lt = std::move(loops_.back());
  loops_.pop_back();
  if (!lt.break_label.empty()) {
    Stmt l{StmtKind::Label, e.span};
    l.label = lt.break_label;
    emit(std::move(l));
  }
}

// The iterator of a `for` loop over an `IntoIterator`, declared before the loop (in `cur_`);
// returns its variable. The loop body then starts with lower_iter_next.
uint32_t FnLowerer::lower_into_iter_head(const ast::Expr& e) {
  const sema::ExprInfo& in = p_.info(e);
  sema::TraitId into = p_.lang_trait("into_iterator");
  TypeId it_type = in.type_args[1];
  Expr src = lower_expr(*e.iter);
  Expr c{lir::ExprKind::Call, it_type, e.iter->span};
  c.callee = p_.trait_method(into, "into_iter");
  c.type_args = {in.type_args[0]};
  c.args.push_back(consumed(std::move(src)));  // (an awaited call's value moves in)
  call_effect(c, e, 0);
  uint32_t iter = new_var("iter", it_type, true, true);
  emit(decl(iter, std::move(c), e.iter->span));
  return iter;
}

void FnLowerer::lower_iter_next(const ast::Expr& e, uint32_t iter) {
  const sema::ExprInfo& in = p_.info(e);
  TypeId it = in.type_args[1];
  // `for x in &mut it`: the iterator it points to, advanced directly (all std's `impl Iterator
  // for &mut I` does; the loop's variable is a C++ reference to it)
  if (T.kind(it) == TyKind::Ref && T.ref_mut(it) && p_.implements(T.pointee(it), p_.fns[in.callee].trait)) it = T.pointee(it);
  TypeId option = p_.fns[in.callee].ret;
  {
    sema::TypeTable::Subst map{{p_.traits[p_.fns[in.callee].trait].self_param, it}};
    option = p_.normalize(p_.types.subst(option, map));
  }
  Expr c{lir::ExprKind::Call, option, e.iter->span};
  c.callee = in.callee;
  c.type_args = {it};
  c.args.push_back(var_expr(iter));
  call_effect(c, e, 1);
  uint32_t next = new_var("next", option, true, true);
  emit(decl(next, std::move(c), e.iter->span));
  const uint32_t some = 1;  // Option's variants: None, Some(T)
  Expr test{lir::ExprKind::VariantTest, T.bool_(), e.iter->span};
  test.var = some;
  test.args.push_back(var_expr(next));
  Stmt brk{StmtKind::If, e.iter->span};
  brk.value = negate(std::move(test));
  brk.body.push_back(Stmt{StmtKind::Break, e.iter->span});
  emit(std::move(brk));
  const auto& fields = p_.fields_of(T.get(option).id, some);
  Expr item{lir::ExprKind::VariantField, p_.field_type(option, some, 0), e.pat->span, fields[0].name};
  item.var = some;
  item.args.push_back(var_expr(next));
  moving_bindings(*e.pat, stored(std::move(item)), e.pat->span);
}

void FnLowerer::lower_loop(const ast::Expr& e, Dest d) {
  Dest inner = Dest::discard();
  if (e.kind == ExprKind::Loop && !is_never(e) && !is_unit(p_.info(e).type)) inner = d;
  std::string label = e.label ? e.label->name : "";
  loops_.push_back({label, true, inner, {}, {}});
  Stmt loop{StmtKind::Loop, e.span};
  auto* saved = cur_;
  cur_ = &loop.body;
  std::vector<Stmt> for_bindings;
  std::vector<Stmt> for_owned;  // (a `for` over owned elements whose drop can suspend: before the loop)
  if (e.kind == ExprKind::For && p_.info(e).builtin == sema::ExprInfo::Builtin::IntoIter) {
    // auto iter = IntoIterator<X>::into_iter(x);
    // while (true) { auto next = Iterator<I>::next(iter); if (!next.is_Some()) break; PAT = next.0; .. }
    cur_ = saved;
    uint32_t iter = lower_into_iter_head(e);
    cur_ = &loop.body;
    lower_iter_next(e, iter);
  } else if (e.kind == ExprKind::For) {
    // for (T i : ::asr::range<T>(a, b).rev()) { .. } — the range is evaluated once, first.
    cur_ = saved;
    loop.range = lower_range(*e.iter);
    const ast::Pat* pat = e.pat.get();
    while (pat->kind == ast::PatKind::Paren) pat = pat->sub.get();
    auto it = p_.pat_locals.find(pat);
    TypeId elem = p_.pat(*e.pat).type;
    if (p_.pat(*e.pat).derefs == 0 && pat->kind == ast::PatKind::Ident && it != p_.pat_locals.end()) {
      elem = def_.locals[it->second].type;
    }
    if (p_.pat(*e.pat).derefs > 0 && (T.kind(loop.range->type) == TyKind::Array || p_.is_vec(loop.range->type))) {
      // `for (n, v) in &pairs`: the loop variable refers to the element (a copy would leave
      // `v` pointing into the copy once the iteration ends).
      const ast::Expr* it_expr = e.iter.get();
      while (it_expr->kind == ExprKind::Paren) it_expr = it_expr->operand.get();
      bool is_mut = (it_expr->kind == ExprKind::AddrOf && it_expr->is_mut) ||
                    (it_expr->kind == ExprKind::MethodCall && it_expr->name.name == "iter_mut");
      elem = p_.types.ref(T.get(loop.range->type).elems[0], is_mut);
    }
    // `for x in v` over a Vec or an array by value: each element is moved out into the loop
    // variable (emit: the `_slot` form), which the body may consume (`h.join()`), so neither
    // it nor what a pattern binds from it is `const`.
    TyKind range_kind = T.kind(loop.range->type);
    // (an array of Copy elements stays usable after the loop: its elements are copied)
    bool owned = T.kind(elem) != TyKind::Ref && (p_.is_vec(loop.range->type) ||
                                                 (range_kind == TyKind::Array && !p_.implements(elem, sema::Trait::Copy)));
    if (owned && ((async_ && async_drop_glue(p_, fx_, elem, /*params=*/true)) || p_.needs_drop(elem))) {
      // (elements with an observable drop: async_drop.cpp)
      Expr seq = std::move(*loop.range);
      loop.range.reset();
      cur_ = &for_bindings;
      owned_for_head(e, std::move(seq), elem, for_owned);
    } else if (pat->kind == ast::PatKind::Ident && it != p_.pat_locals.end() && !pat->sub &&
        def_.locals[it->second].type == elem) {
      loop.var = var_for_local(it->second);
    } else {
      loop.var = new_var(pat->kind == ast::PatKind::Wild ? "unused" : "item", elem, owned, true);
      cur_ = &for_bindings;
      if (owned) moving_bindings(*e.pat, var_expr(loop.var), e.pat->span);
      else pattern_bindings(*e.pat, var_expr(loop.var), e.pat->span);
    }
    cur_ = &loop.body;
    for (auto& st : for_bindings) emit(std::move(st));
  } else if (e.kind == ExprKind::While && e.cond->kind == ExprKind::Let) {
    // while let PAT = EXPR { .. }: each iteration tests, leaves, or binds and runs.
    Expr place = scrutinee(*e.cond->operand);
    std::vector<Expr> tests;
    pattern_tests(*e.cond->pat, place, tests);
    if (!tests.empty()) {
      Stmt brk{StmtKind::If, e.cond->span};
      brk.value = negate(conjunction(std::move(tests), e.cond->span));
      brk.body.push_back(Stmt{StmtKind::Break, e.cond->span});
      emit(std::move(brk));
    }
    moving_bindings(*e.cond->pat, place, e.cond->span);
  } else if (e.kind == ExprKind::While) {
    std::vector<Stmt> cbuf;
    cur_ = &cbuf;
    Expr c = lower_expr(*e.cond);
    cur_ = &loop.body;
    if (cbuf.empty()) {
      loop.value = std::move(c);  // while (c) { ... }
    } else {
      for (auto& s : cbuf) emit(std::move(s));
      Stmt brk{StmtKind::If, e.cond->span};
      Expr neg{lir::ExprKind::Unary, T.bool_(), e.cond->span, "!"};
      neg.args.push_back(std::move(c));
      brk.value = std::move(neg);
      brk.body.push_back(Stmt{StmtKind::Break, e.cond->span});
      emit(std::move(brk));
    }
  }
  // The body goes in its own C++ block so that a `continue` label after it never jumps
  // into the scope of the body's variables.
  Stmt body{StmtKind::Block, e.block->span};
  cur_ = &body.body;
  lower_block_stmts(*e.block);
  if (e.block->tail) lower_into(*e.block->tail, Dest::discard());
  cur_ = &loop.body;
  LoopTarget& lt = loops_.back();
  if (!lt.continue_label.empty()) {
    emit(std::move(body));
    Stmt l{StmtKind::Label, e.span};
    l.label = lt.continue_label;
    emit(std::move(l));
  } else {
    for (auto& s : body.body) emit(std::move(s));
  }
  cur_ = saved;
  if (!for_owned.empty()) {
    // (the sequence's scope is the loop: its remaining elements are dropped as it ends)
    Stmt blk{StmtKind::Block, e.span};
    blk.body = std::move(for_owned);
    blk.body.push_back(std::move(loop));
    emit(std::move(blk));
  } else {
    emit(std::move(loop));
  }
  LoopTarget done = std::move(loops_.back());
  loops_.pop_back();
  if (!done.break_label.empty()) {
    Stmt l{StmtKind::Label, e.span};
    l.label = done.break_label;
    emit(std::move(l));
  }
  (void)d;
}

// The range a `for` loop walks, with its adaptors (sema checked the shape), or the array.
Expr FnLowerer::lower_range(const ast::Expr& it) {
  const ast::Expr* x = &it;
  while (x->kind == ExprKind::Paren) x = x->operand.get();
  if (x->kind == ExprKind::MethodCall && (x->name.name == "iter" || x->name.name == "iter_mut") && p_.info(*x).callee == sema::kNone) {
    Expr a = auto_deref(is_place(*x->operand) ? lower_place(*x->operand) : lower_expr(*x->operand), p_.info(*x).auto_derefs, p_.info(*x).deref_mut);
    TypeId at = a.type;
    while (T.kind(at) == TyKind::Ref) at = T.pointee(at);
    a.type = at;
    return a;
  }
  bool adaptor = x->kind == ExprKind::MethodCall && (x->name.name == "rev" || x->name.name == "step_by") &&
                 p_.info(*x).callee == sema::kNone;
  if (x->kind != ExprKind::Range && !adaptor) {
    if (std::optional<Expr> r = range_value_walk(*x)) return std::move(*r);
    // An array (or a reference to one, or a call returning one): C++ iterates std::array directly.
    const ast::Expr* arr = x->kind == ExprKind::AddrOf ? x->operand.get() : x;
    Expr a = is_place(*arr) ? lower_place(*arr) : lower_expr(*arr);
    TypeId at = p_.info(*arr).type;
    while (T.kind(at) == TyKind::Ref) at = T.pointee(at);
    a.type = at;
    return a;
  }
  if (adaptor) {
    Expr base = lower_range(*x->operand);
    Expr a{lir::ExprKind::RangeAdapt, base.type, x->span, x->name.name};
    a.var = x->name.name == "step_by" ? 1 : 0;
    a.args.push_back(std::move(base));
    for (const auto& arg : x->args) a.args.push_back(lower_expr(*arg));
    return a;
  }
  TypeId elem = p_.info(*x->lhs).type;
  Expr r{lir::ExprKind::RangeNew, elem, x->span, !x->rhs ? "range_from" : x->inclusive ? "range_inclusive" : "range"};
  std::vector<const ast::Expr*> bounds{x->lhs.get()};
  if (x->rhs) bounds.push_back(x->rhs.get());
  r.args = lower_operands(bounds);
  r.var = x->rhs ? 0 : 1;
  return r;
}

// Finds the target of a break/continue; sets `via_goto` if C++'s own break/continue
// would leave a different (inner) loop.
FnLowerer::LoopTarget* FnLowerer::target(const ast::Expr& e, bool is_continue, bool& via_goto) {
  via_goto = false;
  bool crossed_loop = false;
  for (auto it = loops_.rbegin(); it != loops_.rend(); ++it) {
    bool match = e.label ? it->label == e.label->name : it->is_loop;
    if (match) {
      via_goto = crossed_loop || !it->is_loop;
      return &*it;
    }
    if (it->is_loop) crossed_loop = true;
  }
  (void)is_continue;
  return nullptr;
}

std::string FnLowerer::goto_label(const std::string& rust_label, const char* kind) {
  return names_.fresh((rust_label.empty() ? std::string("block") : rust_label) + "_" + kind);
}

void FnLowerer::lower_break(const ast::Expr& e) {
  bool via_goto = false;
  LoopTarget* lt = target(e, false, via_goto);
  if (!lt) return;
  if (e.operand) {
    Dest d = lt->dest;
    if (is_block_like(*e.operand)) {
      lower_into(*e.operand, d);
    } else {
      Expr v = lower_expr(*e.operand, true);
      if (v.kind == lir::ExprKind::Unreachable) return;
      deliver(d, std::move(v), e.span);
    }
    if (d.kind == Dest::Kind::Return) return;  // the value was returned
  }
  Stmt s{StmtKind::Break, e.span};
  if (via_goto) {
    if (lt->break_label.empty()) lt->break_label = goto_label(lt->label, "end");
    s.label = lt->break_label;
  }
  emit(std::move(s));
}

void FnLowerer::lower_continue(const ast::Expr& e) {
  bool via_goto = false;
  LoopTarget* lt = target(e, true, via_goto);
  if (!lt) return;
  Stmt s{StmtKind::Continue, e.span};
  if (via_goto) {
    if (lt->continue_label.empty()) lt->continue_label = goto_label(lt->label, "next");
    s.label = lt->continue_label;
  }
  emit(std::move(s));
}

// ------------------------------------------------------------------ assignment
void FnLowerer::lower_assign(const ast::Expr& e) {
  // Rust evaluates the assigned value first, then the place, for `=` and for `op=` on
  // primitives (`v[i()] += r()` runs `r()`, then `i()`, then the bounds check); `op=`
  // through an `AddAssign`-style impl is a method call, so there the place comes first.
  if (e.kind == ExprKind::CompoundAssign && p_.info(e).callee != sema::kNone) {
    // `a += b` through `AddAssign::add_assign(&mut a, b)`: the place first, as in Rust.
    std::vector<Expr> ops;
    ops.push_back(lower_place(*e.lhs));
    ops.push_back(lower_expr(*e.rhs));
    Stmt s{StmtKind::Eval, e.span};
    s.value = operator_call(e, std::move(ops));
    emit(std::move(s));
    return;
  }
  Expr value = lower_expr(*e.rhs, e.kind == ExprKind::Assign);
  // The place's own statements (a hoisted index, an await) go after the value; a value
  // with effects is computed first into a temporary if the place has any.
  std::vector<Stmt> place_stmts;
  auto* saved = cur_;
  cur_ = &place_stmts;
  Expr target = lower_place(*e.lhs);  // (a re-pointed reference parameter: find_ref_storage_locals)
  cur_ = saved;
  if ((!place_stmts.empty() || impure(target)) && (impure(value) || value.awaited)) value = consumed(spill(std::move(value)));
  for (auto& st : place_stmts) emit(std::move(st));
  // (a reference read from where it is stored, `cur = v.get(i)?`: what it refers to, which
  // a reference variable then points at)
  if (target.kind == lir::ExprKind::Var && !out_.vars[target.var].ref_storage) value = transparent(std::move(value));
  if (e.kind == ExprKind::CompoundAssign && impure(target)) {
    // `*cell.borrow_mut() += 1`: the place is evaluated once (a reference to it).
    TypeId pt = T.kind(p_.info(*e.lhs).type) == TyKind::Ref ? T.pointee(p_.info(*e.lhs).type) : p_.info(*e.lhs).type;
    uint32_t v = new_var("place", const_cast<sema::TypeTable&>(T).ref(pt, true), true, true);
    Span span = target.span;
    emit(decl(v, std::move(target), span));
    target = deref_value(var_expr(v));
  }
  if (e.kind == ExprKind::CompoundAssign) {
    value = arith(e.binop, target, std::move(value), T.kind(p_.info(*e.lhs).type) == TyKind::Ref
                                                          ? T.pointee(p_.info(*e.lhs).type)
                                                          : p_.info(*e.lhs).type,
                  e.span);
  }
  if (e.kind == ExprKind::Assign && async_ && T.kind(target.type) != TyKind::Ref &&
      async_drop_glue(p_, fx_, target.type, /*params=*/true)) {
    // The old value's drop can suspend: awaited after the new value is computed, before it
    // is stored (C++'s assignment then finds a dropped value).
    if (value.kind != lir::ExprKind::Var) value = spill(std::move(value), "value");
    if (impure(target)) {
      uint32_t v = new_var("place", const_cast<sema::TypeTable&>(T).ref(target.type, true), true, true);
      Span span = target.span;
      emit(decl(v, std::move(target), span));
      target = deref_value(var_expr(v));
    }
    Stmt d{StmtKind::DropAsync, e.span};
    d.value = target;
    emit(std::move(d));
    value.moved = value.kind == lir::ExprKind::Var;
  }
  Stmt s{StmtKind::Assign, e.span};
  s.target = std::move(target);
  s.value = std::move(value);
  emit(std::move(s));
}

Expr FnLowerer::lower_place(const ast::Expr& e) {
  switch (e.kind) {
    case ExprKind::Paren: return lower_place(*e.operand);
    case ExprKind::Unary:  // `*r = v`: references are C++ references (or `asr::Ref`s)
      if (e.unop == ast::UnOp::Deref) {
        Expr inner = lower_place(*e.operand);
        if (is_smart_deref(e)) return auto_deref(deref_all(std::move(inner)), 1, p_.info(e).deref_mut);
        inner = deref_place(std::move(inner));
        inner.type = p_.info(e).type;
        return inner;
      }
      break;
    case ExprKind::Index: return lower_index(e, true);
    case ExprKind::Field:
    case ExprKind::TupleField: {
      if (auto c = captured_field(e)) return *c;
      Expr base = auto_deref(deref_all(lower_place(*e.operand)), p_.info(e).auto_derefs, p_.info(e).deref_mut);  // (auto-deref: `r.x` with `r: &&P`)
      std::string name = e.kind == ExprKind::Field ? e.name.name : "_" + std::to_string(p_.info(e).field);
      Expr f{lir::ExprKind::Field, p_.info(e).type, e.span, name};
      f.args.push_back(std::move(base));
      return stored(std::move(f));
    }
    default: break;
  }
  return lower_expr(e);
}

// ------------------------------------------------------------------ expressions
Expr FnLowerer::lit_int(const ast::Expr& e, bool negate) {
  Expr x{lir::ExprKind::IntLit, p_.info(e).type, e.span, (negate ? "-" : "") + sema::u128_text(e.lit.int_value)};
  return x;
}

// `i32::MAX` and friends, as literals.
Expr FnLowerer::prim_const(const sema::ExprInfo& in, Span span) {
  if (T.kind(in.type) == TyKind::Float) {
    bool f32 = T.float_ty(in.type) == sema::FloatTy::F32;
    const char* text = "";
    switch (static_cast<sema::PrimConst>(in.res_id)) {
      case sema::PrimConst::Max: text = f32 ? "3.40282347e+38" : "1.7976931348623157e+308"; break;
      case sema::PrimConst::Min: text = f32 ? "-3.40282347e+38" : "-1.7976931348623157e+308"; break;
      case sema::PrimConst::Epsilon: text = f32 ? "1.1920929e-07" : "2.220446049250313e-16"; break;
      case sema::PrimConst::MinPositive: text = f32 ? "1.17549435e-38" : "2.2250738585072014e-308"; break;
      case sema::PrimConst::Infinity: text = "__builtin_inf()"; break;
      case sema::PrimConst::NegInfinity: text = "-__builtin_inf()"; break;
      case sema::PrimConst::Nan: text = "__builtin_nan(\"\")"; break;
      default: break;
    }
    return Expr{lir::ExprKind::FloatLit, in.type, span, text};
  }
  auto it = static_cast<sema::IntTy>(in.field);
  unsigned bits = sema::int_bits(it);
  std::string text;
  auto c = static_cast<sema::PrimConst>(in.res_id);
  if (c == sema::PrimConst::Bits) {
    text = std::to_string(bits);
  } else {
    unsigned __int128 mag = 0;
    if (sema::int_signed(it)) mag = (static_cast<unsigned __int128>(1) << (bits - 1)) - (c == sema::PrimConst::Max ? 1 : 0);
    else if (c == sema::PrimConst::Max) mag = bits == 128 ? ~static_cast<unsigned __int128>(0) : (static_cast<unsigned __int128>(1) << bits) - 1;
    text = sema::u128_text(mag);
    if (c == sema::PrimConst::Min && sema::int_signed(it)) text = "-" + text;
  }
  return Expr{lir::ExprKind::IntLit, in.type, span, text};
}

Expr FnLowerer::arith(ast::BinOp op, Expr l, Expr r, TypeId type, Span span) {
  using B = ast::BinOp;
  bool is_int = T.kind(type) == TyKind::Int;
  const char* name = nullptr;
  switch (op) {
    case B::Add: name = "add"; break;
    case B::Sub: name = "sub"; break;
    case B::Mul: name = "mul"; break;
    case B::Div: name = "div"; break;
    case B::Rem: name = "rem"; break;
    case B::Shl: name = "shl"; break;
    case B::Shr: name = "shr"; break;
    default: break;
  }
  if (is_int && name) {
    std::string helper = name;
    bool wraps = opt_.release && op != B::Div && op != B::Rem;
    if (wraps) helper = "wrapping_" + helper;
    Expr x{lir::ExprKind::Checked, type, span, helper};
    x.args.push_back(std::move(l));
    x.args.push_back(std::move(r));
    return x;
  }
  Expr x{lir::ExprKind::Binary, type, span, ast::binop_str(op)};
  x.args.push_back(std::move(l));
  x.args.push_back(std::move(r));
  return x;
}

// `x?`: evaluate x once; on `Err(e)` / `None` return `Err(e)` / `None` from the function,
// otherwise the value is the payload of `Ok` / `Some`.
Expr FnLowerer::lower_try(const ast::Expr& e) {
  TypeId t = p_.info(*e.operand).type;
  bool is_result = T.get(t).id == p_.result_adt;
  // Variant indices as declared in std: Result { Ok, Err }, Option { None, Some }.
  uint32_t fail = is_result ? 1 : 0, ok = is_result ? 0 : 1;
  Expr value = lower_expr(*e.operand);
  uint32_t tmp = new_var(is_result ? "result" : "option", t, false, true);
  emit(decl(tmp, std::move(value), e.span));
  Expr test{lir::ExprKind::VariantTest, T.bool_(), e.span};
  test.var = fail;
  test.args.push_back(var_expr(tmp));
  Expr early{lir::ExprKind::VariantInit, in_closure_ ? closure_ret_ : def_.ret, e.span};
  early.var = fail;
  if (is_result) {
    Expr err{lir::ExprKind::VariantField, T.get(t).elems[1], e.span, "0"};
    err.var = fail;
    err.args.push_back(var_expr(tmp));
    err = moved_payload(std::move(err));
    if (sema::FnId conv = p_.info(e).callee; conv != sema::kNone) {
      // `?` converting the error: `Err(From<Ret, E>::from(e))`.
      Expr c{lir::ExprKind::Call, p_.info(e).type_args[0], e.span};
      c.callee = conv;
      c.type_args = p_.info(e).type_args;
      c.args.push_back(std::move(err));
      call_effect(c, e);
      err = std::move(c);
    }
    early.args.push_back(std::move(err));
  }
  Stmt ret{StmtKind::Return, e.span};
  ret.value = std::move(early);
  Stmt branch{StmtKind::If, e.span};
  branch.value = std::move(test);
  branch.body.push_back(std::move(ret));
  emit(std::move(branch));
  Expr payload{lir::ExprKind::VariantField, p_.info(e).type, e.span, "0"};
  payload.var = ok;
  payload.args.push_back(var_expr(tmp));
  if (T.kind(payload.type) == TyKind::Ref) return stored(std::move(payload));  // (`v.get(i)?`: the `asr::Ref` the Option holds)
  return moved_payload(std::move(payload));
}

// A value taken out of another (`?`'s payload, a field from `..base`): moved unless Copy.
Expr FnLowerer::moved_payload(Expr x) {
  if (T.kind(x.type) == TyKind::Ref || p_.implements(x.type, sema::Trait::Copy)) return x;
  return move_out(std::move(x));
}

Expr FnLowerer::lower_expr_plain(const ast::Expr& e, bool top) {
  if (async_ && spilling_temp_ != e.id && async_temps_.count(e.id)) {
    // (a temporary whose drop can suspend: a variable, whose drop the statement's end awaits)
    uint32_t saved = spilling_temp_;
    spilling_temp_ = e.id;
    Expr v = lower_expr_plain(e, top);
    spilling_temp_ = saved;
    return spill(std::move(v), "temporary");
  }
  const sema::ExprInfo& in = p_.info(e);
  switch (e.kind) {
    case ExprKind::Paren: {
      // A panic in a parenthesised operation is reported at the outermost `(`, as rustc does.
      Expr x = lower_expr(*e.operand, top);
      if (x.kind == lir::ExprKind::Checked || x.kind == lir::ExprKind::Cast) x.span = e.span;
      return x;
    }
    case ExprKind::Lit: {
      const ast::Literal& l = e.lit;
      switch (l.kind) {
        case ast::LitKind::Int: return lit_int(e, false);
        case ast::LitKind::Float: return Expr{lir::ExprKind::FloatLit, in.type, e.span, l.value};
        case ast::LitKind::Bool: return Expr{lir::ExprKind::BoolLit, in.type, e.span, l.bool_value ? "true" : "false"};
        case ast::LitKind::Char:
        case ast::LitKind::Byte: {
          Expr x{l.kind == ast::LitKind::Char ? lir::ExprKind::CharLit : lir::ExprKind::IntLit, in.type, e.span};
          x.var = l.char_value;
          if (l.kind == ast::LitKind::Byte) x.text = std::to_string(l.char_value);
          return x;
        }
        case ast::LitKind::ByteStr: {  // `b"hi"`: a reference to a constant array of the bytes
          Expr bytes{lir::ExprKind::StructInit, T.pointee(in.type), e.span};
          for (unsigned char c : l.value) {
            Expr b{lir::ExprKind::IntLit, T.get(T.pointee(in.type)).elems[0], e.span, std::to_string(c)};
            bytes.args.push_back(std::move(b));
          }
          uint32_t v = new_var("bytes", bytes.type, false, true);
          out_.vars[v].is_static = true;
          emit(decl(v, std::move(bytes), e.span));
          Expr x = var_expr(v);
          x.type = in.type;
          return x;
        }
        default: return Expr{lir::ExprKind::StrLit, in.type, e.span, l.value};
      }
    }
    case ExprKind::Path:
      if (in.res == sema::ValueRes::Local) {
        Expr x = var_expr(var_for_local(in.res_id));
        x.moved = in.moved;
        return x;
      }
      if (in.res == sema::ValueRes::UnitStruct) return Expr{lir::ExprKind::StructInit, in.type, e.span};
      if (in.res == sema::ValueRes::PrimConst) return prim_const(in, e.span);
      if (in.res == sema::ValueRes::ConstParam) {  // `N`: the template parameter
        Expr n{lir::ExprKind::ConstArg, in.type, e.span};
        n.type_args = in.type_args;
        return n;
      }
      if (in.res == sema::ValueRes::Const) {
        Expr c{lir::ExprKind::Const, in.type, e.span};
        c.var = in.res_id;
        return c;
      }
      if (in.res == sema::ValueRes::TupleStructCtor || in.res == sema::ValueRes::VariantCtor) {  // `.map(Some)`
        Expr c{lir::ExprKind::CtorRef, in.type, e.span};
        c.var = in.res == sema::ValueRes::VariantCtor ? in.variant : sema::kNone;
        return c;
      }
      if (in.res == sema::ValueRes::PrimMethod) {  // `.map(i32::abs)`
        return prim_function(lir::ExprKind::PrimRef, in.res_id, in.type, e.span);
      }
      if (in.res == sema::ValueRes::Fn) return lower_fn_value(e);  // `apply(double, 3)`
      if (in.res == sema::ValueRes::TraitConst) {
        Expr c{lir::ExprKind::TraitConst, in.type, e.span, p_.traits[in.res_id].consts[in.variant].name};
        c.var = in.res_id;
        c.type_args = in.type_args;
        return c;
      }
      if (in.res == sema::ValueRes::UnitVariant) {
        Expr v{lir::ExprKind::VariantInit, in.type, e.span};
        v.var = in.variant;
        return v;
      }
      return Expr{lir::ExprKind::Unreachable, in.type, e.span};
    case ExprKind::Unary: {
      if (e.unop == ast::UnOp::Deref) {
        Expr x = lower_expr(*e.operand);
        if (is_smart_deref(e)) {
          x = auto_deref(deref_all(std::move(x)), 1, false);
        } else {
          x = deref_value(std::move(x));
          x.type = in.type;
        }
        return moved_out(in, std::move(x));  // (`let d = *b;`: the value leaves the box)
      }
      if (e.unop == ast::UnOp::Neg && e.operand->kind == ExprKind::Lit && e.operand->lit.kind == ast::LitKind::Int) {
        return lit_int(*e.operand, true);
      }
      if (in.callee != sema::kNone) {  // `-v` through `Neg::neg(v)`
        std::vector<Expr> ops;
        ops.push_back(lower_expr(*e.operand));
        return operator_call(e, std::move(ops));
      }
      Expr x = lower_expr(*e.operand);
      if (e.unop == ast::UnOp::Neg && T.kind(in.type) == TyKind::Int) {
        Expr c{lir::ExprKind::Checked, in.type, e.span, opt_.release ? "wrapping_neg" : "neg"};
        c.args.push_back(std::move(x));
        return c;
      }
      const char* op = e.unop == ast::UnOp::Neg ? "-" : (T.kind(in.type) == TyKind::Bool ? "!" : "~");
      Expr u{lir::ExprKind::Unary, in.type, e.span, op};
      u.args.push_back(std::move(x));
      return u;
    }
    case ExprKind::AddrOf: {
      if (T.is_borrow(p_.info(*e.operand).type)) {
        // `&r` of a reference: its `asr::Ref` object is the place a `&&T` refers to.
        Expr x = ref_object(is_place(*e.operand) ? lower_place(*e.operand) : lower_expr(*e.operand), e.span,
                            !e.is_mut && promotable(*e.operand));
        x.type = in.type;
        return x;
      }
      bool outer_mut = std::exchange(mut_borrow_, e.is_mut);
      Expr x = lower_expr(*e.operand);
      mut_borrow_ = outer_mut;
      if (!is_place(*e.operand) && !e.is_mut && promotable(*e.operand)) {
        // `Some(&5)`: rustc promotes the constant to a `'static`; so does a C++ `static`.
        uint32_t v = new_var("t", p_.info(*e.operand).type, false, true);
        out_.vars[v].is_static = true;
        emit(decl(v, std::move(x), e.span));
        x = var_expr(v);
      } else if (!is_place(*e.operand) && T.kind(p_.info(*e.operand).type) != TyKind::Slice) {
        // (`&a[1..]`: the range index is already a view, of a named array if need be)
        // `&make()`: name the temporary so the reference has something to refer to
        // (Rust extends its lifetime; a C++ reference cannot bind a temporary mutably).
        uint32_t v = new_var("t", p_.info(*e.operand).type, e.is_mut, true);
        // `&[1, 2, 3]` of literals is promoted to a constant: a `static const` local.
        out_.vars[v].is_static = !e.is_mut && promotable(*e.operand);
        emit(decl(v, std::move(x), e.span));
        x = var_expr(v);
      }
      x.type = in.type;
      return x;
    }
    case ExprKind::Binary: return lower_binary(e);
    case ExprKind::Cast: {
      Expr x = lower_expr(*e.operand);  // (with the coercion of a reference cast: sema, check_cast)
      if (T.kind(in.type) == TyKind::Ref && (x.type == in.type || !T.is_view_ref(in.type))) {
        x.type = in.type;
        return x;
      }
      Expr c{lir::ExprKind::Cast, in.type, e.span};
      c.args.push_back(std::move(x));
      return c;
    }
    case ExprKind::Call:
    case ExprKind::MethodCall: return lower_call(e, top);
    case ExprKind::Closure: return lower_closure(e, top);
    case ExprKind::Field: {
      if (auto c = captured_field(e)) return *c;
      Expr base = auto_deref(deref_all(lower_expr(*e.operand)), in.auto_derefs, in.deref_mut);
      Expr f{lir::ExprKind::Field, in.type, e.span, e.name.name};
      f.args.push_back(std::move(base));
      return moved_out(in, transparent(stored(std::move(f))));
    }
    case ExprKind::StructLit: return lower_struct_lit(e);
    case ExprKind::Index: return transparent(lower_index(e, false));
    case ExprKind::Range: return lower_range_value(e);
    case ExprKind::Try: return lower_try(e);
    case ExprKind::ArrayRepeat: {
      Expr r{lir::ExprKind::ArrayRepeat, in.type, e.span};
      r.args.push_back(lower_expr(*e.lhs));
      return r;
    }
    case ExprKind::MacroCall: {
      Expr m = lower_macro(e);
      return top ? m : as_value(std::move(m));
    }
    case ExprKind::Tuple:
    case ExprKind::Array: {  // both are braced initialisers: `{a, b, c}`
      if (e.kind == ExprKind::Tuple && e.args.empty()) return Expr{lir::ExprKind::UnitValue, in.type, e.span};
      std::vector<const ast::Expr*> elems;
      for (const auto& a : e.args) elems.push_back(a.get());
      Expr t{lir::ExprKind::StructInit, in.type, e.span};
      t.args = lower_operands(elems, /*sequenced=*/true);
      for (Expr& a : t.args) a = consumed(std::move(a));
      return t;
    }
    case ExprKind::TupleField: {
      if (auto c = captured_field(e)) return *c;
      Expr base = auto_deref(deref_all(lower_expr(*e.operand)), in.auto_derefs, in.deref_mut);
      Expr f{lir::ExprKind::Field, in.type, e.span, "_" + std::to_string(in.field)};
      f.args.push_back(std::move(base));
      return moved_out(in, transparent(stored(std::move(f))));
    }
    case ExprKind::Assign:
    case ExprKind::CompoundAssign:
      lower_assign(e);
      return Expr{lir::ExprKind::UnitValue, T.unit(), e.span};
    case ExprKind::Return:
    case ExprKind::Break:
    case ExprKind::Continue:
      lower_into(e, Dest::discard());
      return Expr{lir::ExprKind::Unreachable, in.type, e.span};
    case ExprKind::Block:
    case ExprKind::If:
    case ExprKind::Match:
    case ExprKind::Loop:
    case ExprKind::While:
    case ExprKind::For: {
      if (is_unit(in.type) || T.kind(in.type) == TyKind::Never) {
        lower_into(e, Dest::discard());
        return Expr{is_unit(in.type) ? lir::ExprKind::UnitValue : lir::ExprKind::Unreachable, in.type, e.span};
      }
      if (auto v = try_simple_value(e)) return std::move(*v);
      uint32_t v = new_var("t", in.type, true, true);
      emit(decl(v, std::nullopt, e.span));
      lower_into(e, Dest::into(v));
      return var_expr(v);
    }
    default:
      return Expr{lir::ExprKind::Unreachable, in.type, e.span};
  }
}

Expr FnLowerer::lower_binary(const ast::Expr& e) {
  using B = ast::BinOp;
  const sema::ExprInfo& in = p_.info(e);
  if (e.binop == B::And || e.binop == B::Or) {
    Expr l = lower_expr(*e.lhs);
    std::vector<Stmt> rbuf;
    auto* saved = cur_;
    cur_ = &rbuf;
    Expr r = lower_expr(*e.rhs);
    cur_ = saved;
    if (rbuf.empty()) {
      Expr x{lir::ExprKind::Binary, in.type, e.span, ast::binop_str(e.binop)};
      x.args.push_back(std::move(l));
      x.args.push_back(std::move(r));
      return x;
    }
    // The right operand needs statements: evaluate it only when && / || would.
    uint32_t v = new_var("t", T.bool_(), true, true);
    emit(decl(v, std::move(l), e.span));
    Stmt st{StmtKind::If, e.span};
    Expr c = var_expr(v);
    if (e.binop == B::Or) {
      Expr n{lir::ExprKind::Unary, T.bool_(), e.span, "!"};
      n.args.push_back(std::move(c));
      c = std::move(n);
    }
    st.value = std::move(c);
    st.body = std::move(rbuf);
    cur_ = &st.body;
    deliver(Dest::into(v), std::move(r), e.span);
    cur_ = saved;
    emit(std::move(st));
    return var_expr(v);
  }
  std::vector<Expr> ops = lower_operands({e.lhs.get(), e.rhs.get()});
  if (in.callee != sema::kNone) return operator_call(e, std::move(ops));  // `Add::add(a, b)`
  TypeId lt = p_.info(*e.lhs).type;
  if (e.binop == B::Eq || e.binop == B::Ne || e.binop == B::Lt || e.binop == B::Le ||
      e.binop == B::Gt || e.binop == B::Ge) {
    // `&&i32 == &&i32` compares the pointees, as Rust's impls for references do.
    for (Expr& op : ops) op = deref_all(std::move(op));
    Expr x{lir::ExprKind::Binary, in.type, e.span, ast::binop_str(e.binop)};
    x.args = std::move(ops);
    return x;
  }
  (void)lt;
  return arith(e.binop, std::move(ops[0]), std::move(ops[1]), in.type, e.span);
}

void FnLowerer::call_effect(Expr& c, const ast::Expr& site, unsigned slot) {
  c.awaited = c.twin = c.adaptive = false;
  if (!async_) return;  // (plain code: every callee instance it reaches is plain)
  const Effects::Site* s = fx_.site(site, slot);
  if (!s) {
    c.awaited = fx_.suspends[c.callee];
    return;
  }
  if (!s->varies) {
    c.awaited = fx_.site_suspends(*s);
    c.twin = c.awaited && s->resolved != sema::kNone && fx_.twin[s->resolved];
    c.runs = s->resolved;
    return;
  }
  // The callee instance depends on this coroutine's type arguments.
  const sema::FnDef& f = p_.fns[c.callee];
  if (f.trait != sema::kNone && f.impl == sema::kNone) {
    if (!fx_.trait_method_may_suspend[c.callee] && !fx_.suspends[c.callee]) return;
    c.awaited = c.adaptive = true;
    if (std::find(out_.dispatch.begin(), out_.dispatch.end(), c.callee) == out_.dispatch.end()) out_.dispatch.push_back(c.callee);
    return;
  }
  c.awaited = fx_.suspends[c.callee];
  c.twin = fx_.twin[c.callee];
}

// An operator on a type with an operator-trait impl: a call of the trait's method.
Expr FnLowerer::operator_call(const ast::Expr& e, std::vector<Expr> args) {
  const sema::ExprInfo& in = p_.info(e);
  Expr c{lir::ExprKind::Call, in.type, e.span};
  c.callee = in.callee;
  c.type_args = in.type_args;
  c.args = std::move(args);
  call_effect(c, e);
  c.op_loc = !in.type_args.empty() && T.has_params(in.type_args[0]);
  if (c.awaited && !is_unit(in.type)) return awaited_value(std::move(c), p_.fns[in.callee].name + "_result");
  return c;
}

Expr FnLowerer::lower_call(const ast::Expr& e, bool top) {
  const sema::ExprInfo& in = p_.info(e);
  if (in.builtin == sema::ExprInfo::Builtin::CallValue) return lower_value_call(e, top);
  if (e.kind == ExprKind::Call && (p_.info(*e.operand).res == sema::ValueRes::TupleStructCtor ||
                                   p_.info(*e.operand).res == sema::ValueRes::VariantCtor)) {
    std::vector<const ast::Expr*> fields;
    for (const auto& a : e.args) fields.push_back(a.get());
    bool variant = p_.info(*e.operand).res == sema::ValueRes::VariantCtor;
    Expr s{variant ? lir::ExprKind::VariantInit : lir::ExprKind::StructInit, in.type, e.span};
    s.var = in.variant;
    s.args = lower_operands(fields, /*sequenced=*/true);
    for (Expr& a : s.args) a = consumed(std::move(a));  // (`Err(make())` with `make` awaited)
    return s;
  }
  if (in.builtin == sema::ExprInfo::Builtin::Prim) {
    // `x.pow(2)`, `i32::pow(x, 2)`: asr::num::pow(x, 2, loc) (the wrapping variant in --release).
    std::vector<const ast::Expr*> operands;
    if (e.kind == ExprKind::MethodCall) operands.push_back(e.operand.get());
    for (const auto& a : e.args) operands.push_back(a.get());
    Expr c = prim_function(lir::ExprKind::Runtime, in.field, in.type, e.span);
    c.args = lower_operands(operands);
    if (e.kind == ExprKind::MethodCall) c.args[0] = auto_deref(std::move(c.args[0]), in.auto_derefs, in.deref_mut);
    else if (!c.args.empty()) c.args[0] = deref_all(std::move(c.args[0]));  // (`char::is_ascii_digit(&c)`)
    return c;
  }
  if (in.builtin == sema::ExprInfo::Builtin::ArrayLen || in.builtin == sema::ExprInfo::Builtin::ArrayIsEmpty) {
    // A compile-time constant; the receiver is still evaluated if that has effects.
    Expr recv = lower_expr(*e.operand);
    if (impure(recv)) deliver(Dest::discard(), std::move(recv), e.span);
    TypeId at = p_.info(*e.operand).type;
    for (TypeId inner = at; T.kind(at) == TyKind::Ref || p_.is_box(at, &inner);) at = T.kind(at) == TyKind::Ref ? T.pointee(at) : inner;
    std::optional<uint32_t> n = T.array_len(at);
    if (!n) {  // `[T; N]` in generic code: the parameter's value
      Expr len{lir::ExprKind::ConstArg, T.int_(sema::IntTy::Usize), e.span};
      len.type_args = {T.get(at).elems[1]};
      if (in.builtin == sema::ExprInfo::Builtin::ArrayLen) return len;
      Expr zero{lir::ExprKind::IntLit, len.type, e.span, "0"};
      Expr eq{lir::ExprKind::Binary, in.type, e.span, "=="};
      eq.args.push_back(std::move(len));
      eq.args.push_back(std::move(zero));
      return eq;
    }
    if (in.builtin == sema::ExprInfo::Builtin::ArrayLen) return Expr{lir::ExprKind::IntLit, in.type, e.span, std::to_string(*n)};
    return Expr{lir::ExprKind::BoolLit, in.type, e.span, *n == 0 ? "true" : "false"};
  }
  if (in.builtin == sema::ExprInfo::Builtin::Slice) return lower_slice_method(e);
  if (in.builtin == sema::ExprInfo::Builtin::SliceFn) return lower_slice_fn(e);
  if (in.builtin == sema::ExprInfo::Builtin::Clone) {
    Expr v = lower_expr(*e.operand);  // a C++ copy is Rust's derived clone
    // (`cell.borrow().clone()`: the value behind the smart pointers)
    if (in.auto_derefs) v = auto_deref(deref_all(std::move(v)), in.auto_derefs, false);
    if (!T.is_borrow(in.type)) v = deref_all(std::move(v));  // (`rr.clone()` with `rr: &&P`)
    v.type = in.type;
    // ... unless the value may hold a type with a hand-written `impl Clone`.
    if (p_.has_hand_written(sema::Trait::Clone) && p_.clone_calls_impl(in.type)) {
      Expr c{lir::ExprKind::Runtime, in.type, e.span, "clone"};
      c.args.push_back(std::move(v));
      return c;
    }
    return v;
  }
  if (e.kind == ExprKind::Call && p_.info(*e.operand).res == sema::ValueRes::DefaultCtor) {
    return default_value(in.type, e.span);
  }
  std::vector<const ast::Expr*> args;
  if (e.kind == ExprKind::MethodCall) args.push_back(e.operand.get());
  for (const auto& a : e.args) args.push_back(a.get());
  // (a method call's location, for `#[track_caller]` callees, is its name's, as in rustc)
  Expr c{lir::ExprKind::Call, in.type, e.kind == ExprKind::MethodCall ? e.name.span : e.span};
  c.callee = in.callee;
  c.type_args = in.type_args;
  c.args = lower_operands(args, false, e.kind == ExprKind::MethodCall && in.recv != sema::ExprInfo::Recv::ByValue);
  {
    // Deref coercion of arguments (`&&T` where `&T` is expected), and a receiver reached
    // through several references (`rr.area()` with `rr: &&Shape`).
    const sema::FnDef& fd = p_.fns[in.callee];
    size_t first = fd.self_kind != ast::SelfKind::None && !c.args.empty() ? 1 : 0;
    if (e.kind == ExprKind::MethodCall && !is_place(*e.operand) && !c.args.empty() && T.kind(c.args[0].type) != TyKind::Ref &&
        (in.recv == sema::ExprInfo::Recv::AutoRef || in.auto_derefs > 0) && holds_ref(in.type)) {
      // `word.to_uppercase().as_str()`, `String::from(s).trim()`: what the result borrows
      // from must outlive the statement (a `match` scrutinee, a `let`): C++ needs the
      // temporary named.
      uint32_t v = new_var("receiver", c.args[0].type, true, true);
      Span span = c.args[0].span;
      emit(decl(v, std::move(c.args[0]), span));
      c.args[0] = var_expr(v);
    }
    if (e.kind == ExprKind::MethodCall && in.auto_derefs) c.args[0] = auto_deref(deref_all(std::move(c.args[0])), in.auto_derefs, in.deref_mut);
    if (self_is_reference(e)) {
      // `w.write_all(..)` with `w: &TcpStream` and `impl Write for &TcpStream`: the method
      // borrows the reference itself (`&mut w`), not what it points to.
      Span span = c.args[0].span;
      c.args[0] = ref_object(std::move(c.args[0]), span);
    }
    if (e.kind == ExprKind::MethodCall && !c.args.empty()) {
      if (fd.self_kind != ast::SelfKind::None) {
        while (T.is_borrow(c.args[0].type) && T.is_borrow(T.pointee(c.args[0].type))) c.args[0] = deref_value(std::move(c.args[0]));
      }
    }
    size_t np = fd.params.size();
    // An awaited call's value (named for its `co_await`) is a temporary: a parameter that
    // takes it by value moves it (a copy would duplicate a guard, or not compile).
    for (size_t i = 0; i < c.args.size(); ++i) {
      Expr& a = c.args[i];
      if (a.kind != lir::ExprKind::Var || !awaited_temps_.count(a.var)) continue;
      bool by_value = i < first ? fd.self_kind == ast::SelfKind::Value
                                : i - first < np && T.kind(fd.params[i - first].type) != TyKind::Ref;
      if (by_value) a.moved = true;
    }
    for (size_t i = first; i < c.args.size(); ++i) {
      size_t k = i - first;
      if (k >= np) break;
      TypeId want = fd.params[k].type;
      if (!fd.generics.empty() && in.type_args.size() == fd.generics.size()) {
        sema::TypeTable::Subst map;
        for (size_t g = 0; g < fd.generics.size(); ++g) map.push_back({fd.generics[g], in.type_args[g]});
        want = const_cast<sema::TypeTable&>(T).subst(want, map);
      }
      c.args[i] = deref_to(std::move(c.args[i]), want);
    }
    // A temporary the lowering named (an operand spilled for evaluation order) is used once:
    // given by value, it moves (a copy would be a second value, dropped twice).
    for (size_t i = 0; i < c.args.size(); ++i) {
      Expr& a = c.args[i];
      if (a.kind != lir::ExprKind::Var || !out_.vars[a.var].is_temp || T.kind(a.type) == TyKind::Ref) continue;
      bool by_value = i < first ? fd.self_kind == ast::SelfKind::Value : i - first < np && T.kind(fd.params[i - first].type) != TyKind::Ref;
      if (by_value && !p_.implements(a.type, sema::Trait::Copy)) a.moved = true;
    }
  }
  if (e.kind == ExprKind::MethodCall && in.recv == sema::ExprInfo::Recv::AutoRefMut && !is_place(*e.operand) &&
      !c.args.empty() && in.auto_derefs == 0) {
    // `Vm::new().run()` with `&mut self`: Rust borrows a temporary until the end of the
    // statement. (Through `DerefMut`, the receiver already is the reference it returns.)
    // (a `co_await` is a whole initialiser: C++ needs a named object; and `v.clone().pop()`
    // lowers its clone to the place `v`, which the method must not change: the copy is named)
    const ast::Expr* recv = e.operand.get();
    while (recv->kind == ExprKind::Paren) recv = recv->operand.get();
    bool copy = p_.info(*recv).builtin == sema::ExprInfo::Builtin::Clone && c.args[0].kind != lir::ExprKind::Runtime;
    if (c.args[0].awaited || (copy && T.kind(c.args[0].type) != TyKind::Ref)) {
      uint32_t v = new_var("receiver", c.args[0].type, true, true);
      Span span = c.args[0].span;
      emit(decl(v, std::move(c.args[0]), span));
      c.args[0] = var_expr(v);
    } else if (T.kind(c.args[0].type) != TyKind::Ref) {
      Expr l{lir::ExprKind::Runtime, c.args[0].type, c.args[0].span, "lvalue"};
      l.args.push_back(std::move(c.args[0]));
      c.args[0] = std::move(l);
    }
  }
  call_effect(c, e);
  if (const char* rt = drops_elements(p_.fns[in.callee].path); rt && async_ && e.kind == ExprKind::MethodCall) {
    TypeId recv = p_.info(*e.operand).type;
    while (T.kind(recv) == TyKind::Ref) recv = T.pointee(recv);
    if (async_drop_glue(p_, fx_, recv, /*params=*/true)) {
      // (the elements' drops are awaited, first to last: asr/std/async_drop.hpp)
      Expr r{lir::ExprKind::Runtime, in.type, c.span, rt};
      r.args = std::move(c.args);
      r.awaited = true;
      c = std::move(r);
    }
  }
  if (!top && is_unit(in.type)) return as_value(std::move(c));
  c.ref_object = T.is_borrow(in.type) && returns_stored(in.callee);
  if (c.awaited && !top) return awaited_value(std::move(c), p_.fns[in.callee].name + "_result");
  if (c.awaited) return c;  // (a `co_await` stays the whole initialiser: C++ converts the Ref)
  return transparent(std::move(c));
}

// Whether a value of type `t` may borrow (a reference, a `&str`, or something holding one).
bool FnLowerer::holds_ref(TypeId t) const {
  const sema::TypeData& d = T.get(t);
  if (d.kind == TyKind::Ref) return true;
  if (d.kind == TyKind::FnPtr || d.kind == TyKind::Closure) return false;
  for (TypeId x : d.elems) if (holds_ref(x)) return true;
  // (a struct that borrows through a field of its own: `Chars { rest: &str }`)
  return d.kind == TyKind::Adt && adt_has_ref_field(d.id);
}

bool FnLowerer::adt_has_ref_field(uint32_t adt) const {
  if (adt_ref_fields_.size() < p_.adts.size()) adt_ref_fields_.resize(p_.adts.size(), -1);
  if (adt_ref_fields_[adt] >= 0) return adt_ref_fields_[adt] == 1;
  adt_ref_fields_[adt] = 0;  // (a recursive type is decided by its other fields)
  bool found = false;
  auto scan = [&](const std::vector<sema::FieldDef>& fields) {
    for (const auto& f : fields) found = found || holds_ref(f.type);
  };
  scan(p_.adts[adt].fields);
  for (const auto& v : p_.adts[adt].variants) scan(v.fields);
  adt_ref_fields_[adt] = found ? 1 : 0;
  return found;
}

// A function named as a value: its address. A std method implemented as a C++ member
// (`.map(str::trim)`) or a `#[track_caller]` function (`.map(Result::unwrap)`, which takes its
// caller's location) has no address of the function pointer's type: it is called from a
// plain function made for it (emit: `+[](::asr::Str a0) -> ::asr::Str { return a0.trim(); }`).
Expr FnLowerer::lower_fn_value(const ast::Expr& e) {
  const sema::ExprInfo& in = p_.info(e);
  const sema::FnDef& fd = p_.fns[in.res_id];
  Expr f{lir::ExprKind::FnRef, in.type, e.span};
  f.callee = in.res_id;
  f.type_args = in.type_args;
  bool member = fd.is_std && !fd.cpp_name.empty() && fd.self_kind != ast::SelfKind::None;
  if ((!member && !fd.track_caller) || T.kind(in.type) != TyKind::FnPtr) return f;
  const auto& sig = T.get(in.type).elems;  // the parameters, then the return type
  Expr call{lir::ExprKind::Call, sig.back(), e.span};
  call.callee = in.res_id;
  call.type_args = in.type_args;
  std::vector<Expr> params;
  for (size_t i = 0; i + 1 < sig.size(); ++i) {
    params.push_back(var_expr(new_var("a" + std::to_string(i), sig[i], true, true)));
    call.args.push_back(params.back());
  }
  f.args.push_back(std::move(call));
  for (Expr& p : params) f.args.push_back(std::move(p));
  return f;
}

// A temporary (an awaited call's value, a spilled operand) used once, as an element of a
// tuple, array or struct: it moves there (`(a.join(), b.join())`).
Expr FnLowerer::consumed(Expr x) {
  if (x.kind == lir::ExprKind::Var && out_.vars[x.var].is_temp && T.kind(x.type) != TyKind::Ref &&
      !p_.implements(x.type, sema::Trait::Copy)) {
    x.moved = true;
  }
  return x;
}

// A field value computed ahead into a temporary, which then moves into the struct.
Expr FnLowerer::spill_member(Expr x) {
  Expr v = spill(std::move(x));
  if (v.kind == lir::ExprKind::Var && !p_.implements(v.type, sema::Trait::Copy)) v.moved = true;
  return v;
}

Expr FnLowerer::lower_struct_lit(const ast::Expr& e) {
  const sema::ExprInfo& in = p_.info(e);
  const std::vector<sema::FieldDef>& decl_fields = p_.fields_of(T.get(in.type).id, in.variant);
  // Evaluate field values in source order, then place them in declaration order.
  std::vector<const ast::Expr*> values;
  std::vector<size_t> decl_index;
  for (const auto& f : e.fields) {
    size_t idx = 0;
    for (size_t i = 0; i < decl_fields.size(); ++i) if (decl_fields[i].name == f.name.name) idx = i;
    decl_index.push_back(idx);
    values.push_back(f.value.get());
  }
  std::vector<Expr> lowered;
  {
    // Shorthand fields (`Point { x }`) read the local of that name.
    std::vector<const ast::Expr*> real;
    for (const auto* v : values) if (v) real.push_back(v);
    bool in_decl_order = true;
    for (size_t i = 0; i < decl_index.size(); ++i) if (decl_index[i] != i) in_decl_order = false;
    std::vector<Expr> lv = lower_operands(real, /*sequenced=*/in_decl_order);
    size_t k = 0;
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i]) {
        lowered.push_back(consumed(std::move(lv[k++])));
      } else {
        lowered.push_back(shorthand_value(e.fields[i]));
      }
    }
  }
  bool in_order = true;
  for (size_t i = 0; i < decl_index.size(); ++i) if (decl_index[i] != i) in_order = false;
  if (!in_order) {
    // Keep source evaluation order for values with effects.
    for (auto& x : lowered) if (impure(x)) x = spill_member(std::move(x));
  }
  Expr s{in.variant == sema::kNone ? lir::ExprKind::StructInit : lir::ExprKind::VariantInit, in.type, e.span};
  s.var = in.variant;
  s.args.resize(decl_fields.size(), Expr{lir::ExprKind::Unreachable, T.error()});
  if (e.base) {
    // `..base` is evaluated after the listed fields; the others are taken from it.
    for (auto& x : lowered) if (impure(x)) x = spill_member(std::move(x));
    Expr base = is_place(*e.base) ? lower_place(*e.base) : spill(lower_expr(*e.base, true), "base");
    base.type = in.type;
    for (size_t i = 0; i < decl_fields.size(); ++i) {
      Expr f{lir::ExprKind::Field, p_.field_type(in.type, in.variant, i), e.base->span, decl_fields[i].name};
      f.args.push_back(base);
      s.args[i] = moved_payload(std::move(f));  // (a field taken from `base` moves out of it)
    }
  }
  for (size_t i = 0; i < lowered.size(); ++i) s.args[decl_index[i]] = std::move(lowered[i]);
  return s;
}

Expr FnLowerer::default_value(TypeId t, Span span) { return lower::default_value(p_, t, span); }

}  // namespace detail

// `Default::default()` of a type, spelled out: every field's default, recursively (an enum
// is its `#[default]` variant); a generic parameter's is `::asr::default_of<T>()`.
lir::Expr default_value(const sema::Program& p, sema::TypeId t, Span span) {
  using lir::Expr;
  using sema::TyKind;
  const sema::TypeTable& T = p.types;
  const sema::TypeData& d = T.get(t);
  switch (d.kind) {
    case TyKind::Int: return Expr{lir::ExprKind::IntLit, t, span, "0"};
    case TyKind::Float: return Expr{lir::ExprKind::FloatLit, t, span, "0.0"};
    case TyKind::Bool: return Expr{lir::ExprKind::BoolLit, t, span, "false"};
    case TyKind::Char: {
      Expr c{lir::ExprKind::CharLit, t, span};
      c.var = 0;
      return c;
    }
    case TyKind::Ref: return Expr{lir::ExprKind::StrLit, t, span, ""};  // `&str`
    case TyKind::Tuple: {
      if (d.elems.empty()) return Expr{lir::ExprKind::UnitValue, t, span};
      Expr x{lir::ExprKind::StructInit, t, span};
      for (sema::TypeId e : d.elems) x.args.push_back(default_value(p, e, span));
      return x;
    }
    case TyKind::Param:
    case TyKind::Array:  // (`asr::DefaultOf<std::array<T, N>>`: each element's default)
      return Expr{lir::ExprKind::Runtime, t, span, "default_of"};
    case TyKind::Adt: {
      const sema::AdtDef& ad = p.adts[d.id];
      // A hand-written `impl Default`: `asr::DefaultOf<T>` calls it.
      if (p.hand_written(sema::Trait::Default, t) != sema::kNone) return Expr{lir::ExprKind::Runtime, t, span, "default_of"};
      if (ad.is_enum) {
        Expr v{lir::ExprKind::VariantInit, t, span};
        v.var = ad.default_variant;
        return v;
      }
      Expr x{lir::ExprKind::StructInit, t, span};
      for (size_t i = 0; i < ad.fields.size(); ++i) x.args.push_back(default_value(p, p.field_type(t, sema::kNone, i), span));
      return x;
    }
    default: return Expr{lir::ExprKind::Unreachable, t, span};
  }
}

namespace detail {

Expr FnLowerer::shorthand_value(const ast::FieldInit& f) {
  Expr v = var_expr(var_for_local(p_.shorthand_locals.at(&f)));
  if (const sema::Program::Coercion* c = p_.coercion(f.name.span)) return unsize(std::move(v), c->to);  // `S { shape }`
  // (`S { x }` moves `x`, as `S { x: x }` does; a generic `T` is copied only if `T: Copy`)
  v.moved = T.kind(v.type) != TyKind::Ref && !p_.implements(v.type, sema::Trait::Copy);
  return v;
}

Expr FnLowerer::lower_macro(const ast::Expr& e) {
  const sema::ExprInfo& in = p_.info(e);
  const sema::MacroInfo& mi = p_.macros[in.macro];
  if (mi.kind == sema::MacroKind::Assert || mi.kind == sema::MacroKind::AssertEq || mi.kind == sema::MacroKind::AssertNe) {
    return lower_assert(e, mi);
  }
  if (mi.kind == sema::MacroKind::Vec) {
    // `vec![a, b]`: `Vec<T>::of(a, b)`; `vec![x; n]`: `Vec<T>::repeat(x, n)`; `vec![]`: `Vec<T>::new_()`.
    Expr v{lir::ExprKind::Runtime, in.type, e.span, mi.left ? ".repeat" : mi.args.empty() ? ".new_" : ".of"};
    std::vector<const ast::Expr*> elems;
    if (mi.left) elems = {mi.left, mi.right};
    for (const auto& a : mi.args) elems.push_back(a.expr);
    v.args = lower_operands(elems, /*sequenced=*/true);
    return v;
  }
  std::vector<const ast::Expr*> explicit_args;
  if (mi.kind == sema::MacroKind::Write) explicit_args.push_back(mi.left);  // the formatter first
  for (const auto& a : mi.args) if (a.expr) explicit_args.push_back(a.expr);
  std::vector<Expr> lowered = lower_operands(explicit_args);
  Expr f{lir::ExprKind::Format, in.type, e.span, mi.format};
  f.macro = mi.kind;
  size_t k = 0;
  if (mi.kind == sema::MacroKind::Write) f.args.push_back(std::move(lowered[k++]));
  for (const auto& a : mi.args) {
    // (`{}` of a reference formats what it refers to, through every layer: `&&i32` prints the i32)
    if (a.expr) f.args.push_back(deref_all(std::move(lowered[k++])));
    else f.args.push_back(deref_all(var_expr(var_for_local(a.captured))));
  }
  if (mi.kind == sema::MacroKind::Write && in.callee != sema::kNone) {
    // `write!(w, ..)` into an `io::Write`: `Write<W>::write_fmt(w, ::asr::format(..))`.
    Expr c{lir::ExprKind::Call, in.type, e.span};
    c.callee = in.callee;
    c.type_args = in.type_args;
    call_effect(c, e);
    Expr dest = std::move(f.args.front());
    if (!in.type_args.empty() && T.is_borrow(in.type_args[0])) {
      // The writer is a reference (`impl Write for &TcpStream`): `write_fmt` borrows the
      // reference itself.
      while (T.kind(dest.type) == TyKind::Ref && T.is_borrow(T.pointee(dest.type))) dest = deref_value(std::move(dest));
      Span span = dest.span;
      c.args.push_back(ref_object(std::move(dest), span));
    } else {
      c.args.push_back(deref_all(std::move(dest)));
    }
    f.args.erase(f.args.begin());
    f.macro = sema::MacroKind::Format;
    f.type = p_.types.adt(p_.string_adt);
    c.args.push_back(std::move(f));
    return c;
  }
  return f;
}

// assert!(c, ..): `if (!c) panic`; assert_eq!(l, r, ..): both sides once, then
// `if (!(l == r)) ::asr::assert_eq_failed(loc, l, r[, fmt, args])`. The message's arguments
// are evaluated only on failure, as in Rust.
Expr FnLowerer::lower_assert(const ast::Expr& e, const sema::MacroInfo& mi) {
  Stmt st{StmtKind::If, e.span};
  Expr fail{lir::ExprKind::Format, T.never(), e.span, mi.format};
  fail.macro = mi.kind == sema::MacroKind::Assert ? sema::MacroKind::Panic : mi.kind;
  if (mi.kind == sema::MacroKind::Assert) {
    st.value = negate(lower_expr(*mi.cond));
  } else {
    std::vector<Expr> sides = lower_operands({mi.left, mi.right});
    for (auto& s : sides) {
      if (s.kind != lir::ExprKind::Var) s = spill(std::move(s), "side");
    }
    Expr cmp = bool_op("==", sides[0], sides[1], e.span);
    st.value = mi.kind == sema::MacroKind::AssertEq ? negate(std::move(cmp)) : std::move(cmp);
    fail.args.push_back(sides[0]);
    fail.args.push_back(sides[1]);
  }
  auto* saved = cur_;
  cur_ = &st.body;
  std::vector<const ast::Expr*> explicit_args;
  for (const auto& a : mi.args) if (a.expr) explicit_args.push_back(a.expr);
  std::vector<Expr> lowered = lower_operands(explicit_args);
  size_t k = 0;
  for (const auto& a : mi.args) {
    if (a.expr) fail.args.push_back(std::move(lowered[k++]));
    else fail.args.push_back(var_expr(var_for_local(a.captured)));
  }
  Stmt ev{StmtKind::Eval, e.span};
  ev.value = std::move(fail);
  emit(std::move(ev));
  cur_ = saved;
  emit(std::move(st));
  return Expr{lir::ExprKind::UnitValue, T.unit(), e.span};
}

}  // namespace detail

// A constant's value as a LIR literal (structs, variants and tuples as initialisers); what a
// reference refers to goes to static storage, which `storage` adds (returning its index).
using ConstStorageNamer = std::function<uint32_t(sema::TypeId, lir::Expr)>;
static lir::Expr const_expr(const sema::Program& p, const sema::ConstValue& v, Span span, const ConstStorageNamer& storage) {
  using K = sema::ConstValue::Kind;
  const sema::TypeTable& T = p.types;
  switch (v.kind) {
    case K::Int: {
      sema::IntTy it = T.int_ty(v.type);
      unsigned bits = sema::int_bits(it);
      std::string text;
      bool neg = sema::int_signed(it) && ((v.bits >> (bits - 1)) & 1);
      if (neg) {
        unsigned __int128 mag = (bits == 128 ? ~v.bits : (~v.bits & ((static_cast<unsigned __int128>(1) << bits) - 1))) + 1;
        text = "-" + sema::u128_text(mag);
      } else {
        text = sema::u128_text(v.bits);
      }
      return lir::Expr{lir::ExprKind::IntLit, v.type, span, text};
    }
    case K::Float: {
      std::string text;
      if (std::isnan(v.f)) text = "__builtin_nan(\"\")";
      else if (std::isinf(v.f)) text = v.f < 0 ? "-__builtin_inf()" : "__builtin_inf()";
      else text = fmt::format("{}", v.f);
      return lir::Expr{lir::ExprKind::FloatLit, v.type, span, text};
    }
    case K::Bool: return lir::Expr{lir::ExprKind::BoolLit, v.type, span, v.bits ? "true" : "false"};
    case K::Char: {
      lir::Expr c{lir::ExprKind::CharLit, v.type, span};
      c.var = static_cast<uint32_t>(v.bits);
      return c;
    }
    case K::Str: return lir::Expr{lir::ExprKind::StrLit, v.type, span, v.s};
    case K::Unit: return lir::Expr{lir::ExprKind::UnitValue, v.type, span};
    case K::Tuple:
    case K::Adt: {
      bool variant = v.kind == K::Adt && v.variant != ~0u;
      lir::Expr x{variant ? lir::ExprKind::VariantInit : lir::ExprKind::StructInit, v.type, span};
      x.var = v.variant;
      for (const auto& e : v.elems) x.args.push_back(const_expr(p, e, span, storage));
      return x;
    }
    case K::CppCall: {  // `Duration::from_millis(10)`: a constexpr C++ call
      lir::Expr x{lir::ExprKind::Call, v.type, span};
      x.callee = v.callee;
      for (const auto& e : v.elems) x.args.push_back(const_expr(p, e, span, storage));
      return x;
    }
    case K::Ref: {
      lir::Expr target = const_expr(p, v.elems[0], span, storage);
      lir::Expr x{lir::ExprKind::ConstStorage, v.type, span};
      x.var = storage(v.elems[0].type, std::move(target));
      return x;
    }
  }
  return lir::Expr{lir::ExprKind::Unreachable, v.type, span};
}

namespace detail {

Expr FnLowerer::prim_function(lir::ExprKind kind, uint32_t index, TypeId type, Span span) const {
  const sema::PrimMethod& pm = sema::prim_method(index);
  bool wraps = opt_.release && pm.release;
  Expr f{kind, type, span, std::string("num::") + (wraps ? pm.release : pm.name)};
  f.var = pm.panics && !wraps ? 1 : 0;
  return f;
}

}  // namespace detail

lir::Module lower_program(const sema::Program& p, const Effects& fx, const LowerOptions& opt) {
  lir::Module m;
  m.program = &p;
  m.release = opt.release;
  m.fn_suspends = fx.suspends;
  // Item names: one C++ namespace per ASR module; structs, enums and free fns share it.
  std::vector<NameScope> module_names(p.modules.size());
  m.adt_names.resize(p.adts.size());
  for (sema::AdtId s : p.user_adts) m.adt_names[s] = module_names[p.adts[s].module].fresh(p.adts[s].name);
  // A std type implemented in C++ whose methods are partly written in ASR (std::vec's `pop`):
  // those methods are static members of a struct of the same name in its std namespace.
  for (sema::FnId f : p.user_fns) {
    sema::AdtId s = p.fns[f].owner;
    if (s != sema::kNone && p.adts[s].is_std && m.adt_names[s].empty()) {
      m.adt_names[s] = module_names[p.adts[s].module].fresh(p.adts[s].name);
    }
  }
  m.fn_names.resize(p.fns.size());
  // Fields and methods share one C++ scope (Rust keeps them apart): fields keep their names.
  std::vector<NameScope> struct_members(p.adts.size());
  m.variant_names.resize(p.adts.size());
  for (sema::AdtId s : p.user_adts) {
    for (const auto& f : p.adts[s].fields) struct_members[s].reserve(field_name(f.name));
    if (!p.adts[s].is_enum) continue;
    // An enum is a struct holding `tag` (no variant has fields) or `value` (a std::variant of
    // one struct per variant); variants are members too, and none may be named like the enum.
    struct_members[s].reserve(m.adt_names[s]);
    struct_members[s].reserve(p.adts[s].fieldless() ? "tag" : "value");
    struct_members[s].reserve("Tag");
    for (const auto& v : p.adts[s].variants) m.variant_names[s].push_back(struct_members[s].fresh(v.name));
  }
  // A trait is a class template (impls specialise it); its methods are static members, named
  // alike in every impl so that `Shape<T>::area` finds the impl's.
  m.trait_names.resize(p.traits.size());
  m.provided_names.resize(p.traits.size());
  m.assoc_names.resize(p.traits.size());
  // std's traits where the program implements or calls them (`impl fmt::Display`, `a + b`).
  UsedItems used = used_items(p, fx);
  m.impl_used = used.impls;
  m.const_used = used.consts;
  for (sema::TraitId t = 0; t < p.traits.size(); ++t) {
    if (used.traits[t] && p.modules[p.traits[t].module].is_std && !p.traits[t].builtin) m.emitted_traits.push_back(t);
  }
  for (sema::ImplId i : p.user_impls) {  // (Display/Debug: declared `#[asr::builtin]`)
    sema::TraitId t = p.impls[i].trait;
    if (used.impls[i] && p.modules[p.traits[t].module].is_std &&
        std::find(m.emitted_traits.begin(), m.emitted_traits.end(), t) == m.emitted_traits.end()) {
      m.emitted_traits.push_back(t);
    }
  }
  m.emitted_traits.insert(m.emitted_traits.end(), p.user_traits.begin(), p.user_traits.end());
  for (sema::TraitId t : p.dyn_traits) {  // (std's own code names `dyn Error` whether used or not)
    if (used.traits[t] || !p.modules[p.traits[t].module].is_std) m.dyn_traits.push_back(t);
  }
  for (sema::TraitId t : m.emitted_traits) {
    const sema::TraitDef& td = p.traits[t];
    m.trait_names[t] = module_names[td.module].fresh(td.name);
    m.provided_names[t] = module_names[td.module].fresh(td.name + "_provided");
    if (!td.assoc_types.empty()) m.assoc_names[t] = module_names[td.module].fresh(td.name + "_types");
    NameScope members;
    for (sema::FnId f : td.methods) m.fn_names[f] = members.fresh(p.fns[f].name);
  }
  m.param_names.resize(p.params.size());
  for (size_t g = 0; g < p.params.size(); ++g) {
    NameScope params;  // (each item's parameters are distinct in Rust already)
    std::string name = p.params[g].anonymous ? "impl_fn" : p.params[g].name;
    if (p.params[g].hidden) {  // `Self::Item` -> `Self_Item`, `impl IntoIterator<..>::IntoIter` -> `impl_IntoIter`
      for (size_t at; (at = name.find("::")) != std::string::npos;) name.replace(at, 2, "_");
      if (name.rfind("impl ", 0) == 0) name = "impl_" + name.substr(name.rfind('_') + 1);
      for (char& c : name) if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
    }
    m.param_names[g] = params.fresh(name);
  }
  // Several `impl Fn(..)` parameters of one function are template parameters of one C++
  // template: `impl_fn`, `impl_fn_2`, ... (clear of the function's named parameters).
  for (const sema::FnDef& d : p.fns) {
    NameScope params;
    for (sema::ParamId g : d.generics) {
      if (!p.params[g].anonymous) params.reserve(m.param_names[g]);
    }
    for (sema::ParamId g : d.generics) {
      if (p.params[g].anonymous) m.param_names[g] = params.fresh("impl_fn");
    }
  }
  // A method of `impl<B> W<B>` for `struct W<A>` is a member of the class template `W<A>`:
  // the impl's parameters take the class's names.
  for (const sema::FnDef& d : p.fns) {
    if (d.owner == sema::kNone || d.instance_impl || d.impl != sema::kNone || d.trait != sema::kNone ||
        p.adts[d.owner].is_std || p.types.kind(d.self_type) != sema::TyKind::Adt) {
      continue;
    }
    const auto& class_params = p.adts[d.owner].generics;
    const auto& args = p.types.get(d.self_type).elems;
    NameScope names;
    for (size_t k = 0; k < class_params.size() && k < args.size(); ++k) {
      if (p.types.kind(args[k]) == sema::TyKind::Param) m.param_names[p.types.get(args[k]).id] = m.param_names[class_params[k]];
      names.reserve(m.param_names[class_params[k]]);
    }
    // (`impl<B> W<B> { fn f<A>(..) }`: the method's own `A` must not shadow the class's)
    for (size_t i = d.generics.size() - d.own_generics; i < d.generics.size(); ++i) {
      std::string& own = m.param_names[d.generics[i]];
      if (names.used(own)) own = names.fresh(own);
      else names.reserve(own);
    }
  }
  // A method of `impl<T> Wrapper<Vec<T>>` is a member template of `Wrapper<T>`: its own `T`
  // must not shadow the class's (`T_2`).
  for (const sema::FnDef& d : p.fns) {
    if (!d.instance_impl || d.owner == sema::kNone) continue;
    NameScope params;
    for (sema::ParamId g : p.adts[d.owner].generics) params.reserve(m.param_names[g]);
    for (sema::ParamId g : d.generics) {
      if (!params.used(m.param_names[g])) params.reserve(m.param_names[g]);
      else m.param_names[g] = params.fresh(m.param_names[g]);
    }
  }
  for (sema::FnId f : p.user_fns) {
    const sema::FnDef& d = p.fns[f];
    if (d.trait != sema::kNone) continue;  // named with its trait
    if (d.impl != sema::kNone) {
      sema::FnId decl = p.trait_method(p.impls[d.impl].trait, d.name);
      m.fn_names[f] = decl != sema::kNone ? m.fn_names[decl] : d.name;
      continue;
    }
    m.fn_names[f] = d.owner != sema::kNone ? struct_members[d.owner].fresh(d.name)
                                           : module_names[d.module].fresh(d.name);
  }
  m.const_names.resize(p.consts.size());
  for (size_t c = 0; c < p.consts.size(); ++c) {
    const sema::ConstDef& cd = p.consts[c];
    if (!cd.item) {  // hidden (an array length): never emitted
      m.const_values.push_back(lir::Expr{lir::ExprKind::Unreachable, cd.type, cd.span});
      continue;
    }
    m.const_names[c] = cd.owner != sema::kNone ? struct_members[cd.owner].fresh(cd.name)
                                               : module_names[cd.module].fresh(cd.name);
    ConstStorageNamer storage = [&](sema::TypeId type, lir::Expr value) {
      // (at namespace scope, also for an associated constant)
      sema::ModuleId ns = cd.owner != sema::kNone ? p.adts[cd.owner].module : cd.module;
      std::string name = module_names[ns].fresh(cd.name + "_data");
      m.const_storage.push_back({name, static_cast<uint32_t>(c), ns, type, std::move(value)});
      return static_cast<uint32_t>(m.const_storage.size() - 1);
    };
    m.const_values.push_back(const_expr(p, cd.value, cd.span, storage));
  }
  std::unordered_set<std::string> item_names;
  for (const auto& n : m.adt_names) if (!n.empty()) item_names.insert(n);
  for (const auto& n : m.const_names) item_names.insert(n);
  for (sema::FnId f = 0; f < m.fn_names.size(); ++f) {
    // (the ASR-written methods of a C++ std type, `Vec::first`, are always called qualified:
    // locals may keep such names)
    sema::AdtId owner = p.fns[f].owner;
    bool std_method = p.fns[f].is_std && p.fns[f].self_kind != ast::SelfKind::None;  // (`Vec::first`, `str::trim`)
    bool unused_std = p.modules[p.fns[f].module].is_std && !used.fns[f];  // (`std::io::stdin` leaves `stdin` free unless called)
    if (!m.fn_names[f].empty() && !(owner != sema::kNone && p.adts[owner].is_std) && !std_method && !unused_std) {
      item_names.insert(m.fn_names[f]);
    }
  }
  for (const auto& n : m.trait_names) if (!n.empty()) item_names.insert(n);
  for (const auto& n : m.provided_names) if (!n.empty()) item_names.insert(n);
  for (const auto& n : m.assoc_names) if (!n.empty()) item_names.insert(n);
  for (const auto& n : m.param_names) item_names.insert(n);
  m.adt_used = std::move(used.adts);
  m.adt_defaults.resize(p.adts.size());
  for (sema::AdtId a : p.user_adts) {
    if (!p.adts[a].derives(sema::Trait::Default) || !m.adt_used[a]) continue;
    std::vector<sema::TypeId> params;
    for (sema::ParamId g : p.adts[a].generics) params.push_back(p.types.param(g));
    m.adt_defaults[a] = default_value(p, p.types.adt(a, std::move(params)), p.adts[a].span);
  }
  m.fn_twin = fx.twin;
  for (sema::FnId f : p.user_fns) {
    if (!used.fns[f]) continue;  // a std function written in ASR that this program does not call
    // A function whose instances differ is lowered twice: plain, and the coroutine twin.
    for (int version = 0; version < (fx.twin[f] ? 2 : 1); ++version) {
      lir::Function out;
      out.fn = f;
      out.name = m.fn_names[f] + (version ? "_co" : "");
      out.suspends = fx.suspends[f] && (version == 1 || !fx.twin[f]);
      out.is_twin = version == 1;
      detail::FnLowerer(p, fx, opt, f, out, item_names).run();
      for (sema::FnId d : out.dispatch) {
        if (std::find(m.dispatched.begin(), m.dispatched.end(), d) == m.dispatched.end()) m.dispatched.push_back(d);
      }
      m.functions.push_back(std::move(out));
    }
  }
  return m;
}

}  // namespace asr::lower
