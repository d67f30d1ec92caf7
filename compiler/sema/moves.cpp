// Move checking: a value of a non-`Copy` type may not be used after it was moved, as in
// rustc. The body is walked in evaluation order with the set of moved places ("a", "a.f");
// branches join by union (moved on any path = maybe moved = an error to use), code after
// `return`/`break`/`continue` is unreachable, and loop bodies are walked a second time with
// the state of their back edges, so a move in one iteration is seen by the next.

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "sema/context.hpp"

namespace asr::sema {
namespace {

using ast::Expr;
using ast::ExprKind;

struct State {
  bool reachable = true;
  std::map<std::string, Span> moved;  // place path -> where it was moved
  std::set<LocalId> uninit;           // `let x;` not yet assigned

  void join(const State& o) {
    if (!o.reachable) return;
    if (!reachable) {
      *this = o;
      return;
    }
    for (const auto& [k, v] : o.moved) moved.emplace(k, v);
    uninit.insert(o.uninit.begin(), o.uninit.end());
  }
};

enum class Ctx { Move, Read, Borrow };

class MoveChecker {
 public:
  MoveChecker(Context& cx, FnId fn) : cx_(cx), p_(cx.prog), T(cx.prog.types), fn_(p_.fns[fn]) {}

  void run() { block(*fn_.item->body, Ctx::Move); }

 private:
  bool is_copy(TypeId t) const {
    switch (T.kind(t)) {
      case TyKind::Adt: return p_.implements(t, Trait::Copy);  // (`Option<&mut T>` is not Copy)
      case TyKind::Param: return p_.params[T.get(t).id].has(Trait::Copy);
      case TyKind::Closure: {
        // Copy when every capture is: shared references and copied Copy values.
        const ClosureDef& cd = p_.closures[T.get(t).id];
        if (!cd.expr) return false;
        for (const Capture& c : cd.captures) {
          if (c.mode == CaptureMode::RefMut) return false;
          if (c.mode == CaptureMode::Move && !is_copy(p_.place_type(p_.fns[cd.owner].locals[c.local].type, c.fields))) return false;
        }
        return true;
      }
      // `&mut` is not Copy, but passing one to a `&mut` parameter or receiver reborrows it
      // implicitly; treating references as copies only misses `let b = a;` moves of `&mut`.
      case TyKind::Ref: return true;
      case TyKind::Tuple: {
        for (TypeId e : T.get(t).elems) if (!is_copy(e)) return false;
        return true;
      }
      case TyKind::Array: return is_copy(T.get(t).elems[0]);  // (elems[1] is the length)
      case TyKind::Slice: return is_copy(T.get(t).elems[0]);  // (`let [a, b] = v[..]` copies the elements out)
      // `I::Item` in generic code: not Copy (unless the type it stands for is known to be),
      // so its values move (`std::move`: an item is not copied, nor dropped twice)
      case TyKind::Assoc: {
        TypeId known = p_.normalize(t);
        if (known != t) return is_copy(known);
        const TypeData& d = T.get(t);  // (`type Id: Copy;` in the trait)
        const auto& assoc = p_.traits[d.id].assoc_types;
        ParamId bounds = d.sub < assoc.size() ? assoc[d.sub].bounds : kNone;
        return bounds != kNone && p_.params[bounds].has(Trait::Copy);
      }
      default: return true;  // primitives; `&mut` reborrows implicitly when passed on
    }
  }

  // "3.f.g" for a place rooted at local 3 through fields (not through references), else "".
  std::string place(const Expr& e) const {
    switch (e.kind) {
      case ExprKind::Paren: return place(*e.operand);
      case ExprKind::Path: {
        const ExprInfo& in = p_.info(e);
        return in.res == ValueRes::Local ? std::to_string(in.res_id) : "";
      }
      case ExprKind::Unary: {  // `*b` of a `Box` is a place of the box's owner
        if (e.unop != ast::UnOp::Deref || !p_.is_box(p_.info(*e.operand).type)) return "";
        return place(*e.operand);
      }
      case ExprKind::Field:
      case ExprKind::TupleField: {
        if (T.kind(p_.info(*e.operand).type) == TyKind::Ref) return "";
        std::string base = place(*e.operand);
        return base.empty() ? "" : base + "." + e.name.name;
      }
      default: return "";
    }
  }

  // A field reached through a reference (`r.name`, `self.items.0`): whether that reference
  // is `&mut`; nullopt if no reference is crossed (a temporary's field).
  std::optional<bool> behind_ref(const Expr& e) const {
    const Expr* cur = &e;
    while (cur->kind == ExprKind::Field || cur->kind == ExprKind::TupleField || cur->kind == ExprKind::Paren) {
      const Expr& base = *cur->operand;
      TypeId bt = p_.info(base).type;
      if (cur->kind != ExprKind::Paren && T.kind(bt) == TyKind::Ref) return T.ref_mut(bt);
      if (cur->kind != ExprKind::Paren && p_.exprs[cur->id].auto_derefs > 0) return std::nullopt;
      cur = &base;
    }
    return std::nullopt;
  }

  std::string display(const std::string& path) const {
    size_t dot = path.find('.');
    LocalId l = static_cast<LocalId>(std::stoul(path.substr(0, dot)));
    return fn_.locals[l].name + (dot == std::string::npos ? "" : path.substr(dot));
  }

  // (the decimal local id before the first `.`; by hand: std::stoul on a substring was 1 % of a
  // transpile)
  LocalId root(const std::string& path) const {
    LocalId l = 0;
    for (char c : path) {
      if (c == '.') break;
      l = l * 10 + static_cast<LocalId>(c - '0');
    }
    return l;
  }

  // A read or borrow of `path`: it must not be (partly) moved or uninitialised.
  void use(const std::string& path, Span at, bool borrow) {
    if (!st_.reachable) return;
    LocalId l = root(path);
    if (st_.uninit.count(l)) {
      if (!silent_) cx_.diags.report(DiagKind::UninitializedUse, at, fn_.locals[l].name);
      st_.uninit.erase(l);
      return;
    }
    for (auto it = st_.moved.begin(); it != st_.moved.end(); ++it) {
      const std::string& m = it->first;
      bool whole = path == m || path.rfind(m + ".", 0) == 0;
      bool part = m.rfind(path + ".", 0) == 0;
      if (!whole && !part) continue;
      std::string what = whole ? display(m) : display(path);
      Span moved_at = it->second;
      std::string key = fmt::format("{}:{}", at.begin, what);
      if (!silent_ && reported_.insert(key).second) {
        cx_.diags.report(DiagKind::UseOfMoved, at, borrow ? "borrow" : "use", part ? "partially " : "", what)
            .notes.push_back({moved_at, "value moved here"});
      }
      st_.moved.erase(it);  // one report per move
      return;
    }
  }

  // `Drop::drop`, or an impl's: only the compiler calls it.
  bool is_drop_method(FnId f) const {
    if (f == kNone) return false;
    const FnDef& d = p_.fns[f];
    if (d.impl != kNone) return p_.traits[p_.impls[d.impl].trait].lang == "drop";
    return d.trait != kNone && p_.traits[d.trait].lang == "drop";
  }

  void move_out(const std::string& path, Span at) {
    if (!st_.reachable) return;
    st_.moved.emplace(path, at);
  }

  // Assignment to `path` (re)initialises it and everything below it.
  void init(const std::string& path) {
    for (auto it = st_.moved.begin(); it != st_.moved.end();) {
      if (it->first == path || it->first.rfind(path + ".", 0) == 0) it = st_.moved.erase(it);
      else ++it;
    }
    if (path.find('.') == std::string::npos) st_.uninit.erase(root(path));
  }

  // ------------------------------------------------------------------ walk
  void block(const ast::Block& b, Ctx tail_ctx) {
    for (const auto& s : b.stmts) stmt(*s);
    if (b.tail) expr(*b.tail, tail_ctx);
  }

  void stmt(const ast::Stmt& s) {
    switch (s.kind) {
      case ast::StmtKind::Let: {
        const ast::Pat* pat = s.pat.get();
        while (pat && pat->kind == ast::PatKind::Paren) pat = pat->sub.get();
        std::string whole = s.init ? place(*s.init) : "";
        if (s.init && !whole.empty() && pat &&
            (pat->kind == ast::PatKind::Tuple || pat->kind == ast::PatKind::TupleStruct)) {
          // Destructuring a place moves only what the pattern binds by value.
          use(whole, s.init->span, true);
          move_bound_parts(*pat, whole, s.init->span);
        } else if (s.init && pat && pat->kind != ast::PatKind::Ident && pat->kind != ast::PatKind::Wild) {
          matched(*s.init, {pat});
        } else if (s.init) {
          expr(*s.init, Ctx::Move);
        }
        if (s.else_block) {
          State before = st_;
          block(*s.else_block, Ctx::Move);
          st_ = before;
        }
        bind(*s.pat, s.init != nullptr);
        return;
      }
      case ast::StmtKind::Expr:
      case ast::StmtKind::Semi:
      case ast::StmtKind::MacroCall:
        if (s.expr) expr(*s.expr, Ctx::Move);
        return;
      default:
        return;
    }
  }

  void move_bound_parts(const ast::Pat& pat, const std::string& path, Span at) {
    const ast::Pat* p = &pat;
    while (p->kind == ast::PatKind::Paren) p = p->sub.get();
    if (p->kind == ast::PatKind::Ident) {
      auto it = p_.pat_locals.find(p);
      if (it != p_.pat_locals.end() && !is_copy(fn_.locals[it->second].type)) move_out(path, at);
      return;
    }
    if (p->kind != ast::PatKind::Tuple && p->kind != ast::PatKind::TupleStruct) return;
    size_t rest = p->elems.size();
    for (size_t i = 0; i < p->elems.size(); ++i) if (p->elems[i]->kind == ast::PatKind::Rest) rest = i;
    size_t n = arity_of(*p, path);
    for (size_t i = 0; i < p->elems.size(); ++i) {
      if (i == rest) continue;
      size_t index = i < rest ? i : n - (p->elems.size() - i);
      move_bound_parts(*p->elems[i], path + "." + std::to_string(index), at);
    }
  }

  // Number of elements of the tuple (struct) a pattern destructures: only needed after `..`;
  // counted from the pattern's bindings' resolved element types through sema's tables.
  size_t arity_of(const ast::Pat& p, const std::string& path) const {
    bool has_rest = false;
    for (const auto& e : p.elems) has_rest = has_rest || e->kind == ast::PatKind::Rest;
    if (!has_rest) return p.elems.size();
    TypeId t = type_of_path(path);
    if (T.kind(t) == TyKind::Tuple) return T.get(t).elems.size();
    if (T.kind(t) == TyKind::Adt) return p_.adts[T.get(t).id].fields.size();
    return p.elems.size();
  }

  TypeId type_of_path(const std::string& path) const {
    size_t dot = path.find('.');
    TypeId t = fn_.locals[root(path)].type;
    while (dot != std::string::npos) {
      size_t next = path.find('.', dot + 1);
      std::string seg = path.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1);
      if (T.kind(t) == TyKind::Tuple) {
        t = T.get(t).elems[std::stoul(seg)];
      } else if (T.kind(t) == TyKind::Adt) {
        const auto& fields = p_.adts[T.get(t).id].fields;
        for (size_t i = 0; i < fields.size(); ++i) if (fields[i].name == seg) { t = p_.field_type(t, kNone, i); break; }
      }
      dot = next;
    }
    return t;
  }

  // Whether matching `pat` moves a non-`Copy` value into a binding.
  bool moves_into_binding(const ast::Pat& pat) const {
    auto it = p_.pat_locals.find(&pat);
    if (it != p_.pat_locals.end()) {
      TypeId t = fn_.locals[it->second].type;
      if (T.kind(t) != TyKind::Ref && !is_copy(t)) return true;
    }
    if (pat.sub && moves_into_binding(*pat.sub)) return true;
    for (const auto& e : pat.elems) if (moves_into_binding(*e)) return true;
    for (const auto& f : pat.fields) if (f.pat && moves_into_binding(*f.pat)) return true;
    return false;
  }

  // A pattern that moves a field out of a struct or enum with an `impl Drop` (rustc's E0509:
  // its `drop` needs the whole value): the type's name, else empty.
  std::string moves_out_of_drop(const ast::Pat& pat) const {
    auto it = p_.pats.find(&pat);
    if (it != p_.pats.end() && it->second.adt != kNone && it->second.derefs == 0 && p_.adts[it->second.adt].drop_impl != kNone) {
      bool moves = pat.sub && moves_into_binding(*pat.sub);
      for (const auto& e : pat.elems) moves = moves || moves_into_binding(*e);
      for (const auto& f : pat.fields) moves = moves || (f.pat && moves_into_binding(*f.pat));
      if (moves) return p_.type_name(it->second.type);
    }
    if (pat.sub) if (std::string n = moves_out_of_drop(*pat.sub); !n.empty()) return n;
    for (const auto& e : pat.elems) if (std::string n = moves_out_of_drop(*e); !n.empty()) return n;
    for (const auto& f : pat.fields) if (f.pat) if (std::string n = moves_out_of_drop(*f.pat); !n.empty()) return n;
    return "";
  }

  // The scrutinee of a `match` / `if let` / `while let` / `let`: read, unless a pattern
  // moves part of it into a binding (then the whole place counts as moved: conservative).
  void matched(const Expr& scrut, const std::vector<const ast::Pat*>& pats) {
    bool moves = false;
    for (const ast::Pat* p : pats) moves = moves || moves_into_binding(*p);
    for (const ast::Pat* p : pats) {
      if (std::string n = moves_out_of_drop(*p); !n.empty() && st_.reachable && !silent_) {
        cx_.diags.report(DiagKind::MoveOutOfDrop, scrut.span, n)
            .notes.push_back({p->span, "the value is moved into a binding here; bind it by reference (`ref`) instead"});
        break;
      }
    }
    std::string path = place(scrut);
    if (path.empty()) {
      expr(scrut, moves ? Ctx::Move : Ctx::Read);
      return;
    }
    use(path, scrut.span, !moves);
    if (moves) move_out(path, scrut.span);
  }

  // The condition of `if` / `while`, binding a `let` pattern's names.
  void condition(const Expr& cond) {
    if (cond.kind == ExprKind::Let) {
      matched(*cond.operand, {cond.pat.get()});
      bind(*cond.pat, true);
      return;
    }
    expr(cond, Ctx::Read);
  }

  void bind(const ast::Pat& pat, bool initialized) {
    auto it = p_.pat_locals.find(&pat);
    if (it != p_.pat_locals.end()) {
      std::string path = std::to_string(it->second);
      init(path);
      if (!initialized) st_.uninit.insert(it->second);
    }
    if (pat.sub) bind(*pat.sub, initialized);
    for (const auto& e : pat.elems) bind(*e, initialized);
    for (const auto& f : pat.fields) if (f.pat) bind(*f.pat, initialized);
  }

  void expr(const Expr& e, Ctx ctx) {
    if (!st_.reachable) return;
    const ExprInfo& in = p_.info(e);
    switch (e.kind) {
      case ExprKind::Paren: expr(*e.operand, ctx); return;
      case ExprKind::Path:
      case ExprKind::Field:
      case ExprKind::TupleField: {
        std::string path = place(e);
        if (path.empty()) {
          if (e.kind != ExprKind::Path) {
            // `let n = r.name;` with `r: &Person`: a non-Copy field cannot leave its owner
            // through a reference (rustc's E0507).
            if (ctx == Ctx::Move && !is_copy(in.type) && st_.reachable && !silent_) {
              if (std::optional<bool> mut = behind_ref(e)) {
                std::string_view text = cx_.diags.sources().text(e.span.file).substr(e.span.begin, e.span.end - e.span.begin);
                cx_.diags.report(DiagKind::MoveOutOfRef, e.span, std::string(text), *mut ? "mutable" : "shared")
                    .notes.push_back({Span{}, "consider borrowing here (`&`), or cloning the value (`.clone()`)"});
              }
            }
            expr(*e.operand, Ctx::Read);
          }
          return;
        }
        use(path, e.span, ctx == Ctx::Borrow);
        if (ctx == Ctx::Move && !is_copy(in.type) && e.kind != ExprKind::Path && !silent_) {
          TypeId owner = p_.info(*e.operand).type;
          if (T.kind(owner) == TyKind::Adt && p_.adts[T.get(owner).id].drop_impl != kNone) {  // (E0509)
            cx_.diags.report(DiagKind::MoveOutOfDrop, e.span, p_.type_name(owner))
                .notes.push_back({Span{}, "consider borrowing here (`&`), or cloning the value (`.clone()`)"});
          }
        }
        if (ctx == Ctx::Move && !is_copy(in.type)) {
          move_out(path, e.span);
          p_.exprs[e.id].moved = true;
        }
        return;
      }
      case ExprKind::AddrOf: expr(*e.operand, Ctx::Borrow); return;
      case ExprKind::Index:
        if (ctx == Ctx::Move && !is_copy(in.type) && st_.reachable) {
          TypeId base = p_.info(*e.lhs).type;
          while (T.kind(base) == TyKind::Ref) base = T.pointee(base);
          if (T.kind(in.type) == TyKind::Slice) {  // `let [a, b] = names[..]`
            cx_.diags.report(DiagKind::MoveOutOfIndex, e.span, p_.type_name(in.type), "slice")
                .notes.push_back({Span{}, "consider borrowing here: `&` before the expression binds references to the elements"});
          } else if (p_.is_vec(base)) {
            cx_.diags.report(DiagKind::MoveOutOfVecIndex, e.span, p_.type_name(base))
                .notes.push_back({Span{}, "consider borrowing here: `&` before the expression"});
          } else {
            cx_.diags.report(DiagKind::MoveOutOfIndex, e.span, p_.type_name(base), T.kind(base) == TyKind::Slice ? "slice" : "array")
                .notes.push_back({Span{}, "consider borrowing here: `&` before the expression"});
          }
        }
        expr(*e.lhs, Ctx::Borrow);
        expr(*e.rhs, Ctx::Read);
        return;
      case ExprKind::Array:
        for (const auto& a : e.args) expr(*a, Ctx::Move);
        return;
      case ExprKind::ArrayRepeat:
        expr(*e.lhs, Ctx::Move);
        return;
      case ExprKind::Unary:
        if (e.unop == ast::UnOp::Deref && !place(e).empty()) {  // `let x = *b;` moves out of the box
          use(place(e), e.span, ctx == Ctx::Borrow);
          if (ctx == Ctx::Move && !is_copy(in.type)) {
            move_out(place(e), e.span);
            p_.exprs[e.id].moved = true;
          }
          return;
        }
        // (an operator-trait method takes its operands by value: `-v` moves a non-Copy v)
        expr(*e.operand, e.unop == ast::UnOp::Deref ? Ctx::Borrow : in.callee != kNone ? Ctx::Move : Ctx::Read);
        return;
      case ExprKind::Cast: expr(*e.operand, Ctx::Read); return;
      case ExprKind::Binary: {
        if (in.callee != kNone) {  // `a + b` as `Add::add(a, b)`
          expr(*e.lhs, Ctx::Move);
          expr(*e.rhs, Ctx::Move);
          return;
        }
        expr(*e.lhs, Ctx::Read);
        if (e.binop == ast::BinOp::And || e.binop == ast::BinOp::Or) {
          State before = st_;
          expr(*e.rhs, Ctx::Read);
          st_.join(before);
        } else {
          expr(*e.rhs, Ctx::Read);
        }
        return;
      }
      case ExprKind::Assign: {
        expr(*e.rhs, Ctx::Move);
        std::string path = place(*e.lhs);
        if (path.empty()) expr(*e.lhs, Ctx::Borrow);
        else init(path);
        return;
      }
      case ExprKind::CompoundAssign:
        expr(*e.rhs, in.callee != kNone ? Ctx::Move : Ctx::Read);
        expr(*e.lhs, Ctx::Borrow);
        return;
      case ExprKind::Call:
      case ExprKind::Tuple:
        if (e.kind == ExprKind::Call && is_drop_method(in.callee) && !silent_) {  // `Drop::drop(&mut x)`
          cx_.diags.report(DiagKind::ExplicitDrop, e.operand->span)
              .notes.push_back({Span{}, "consider using the `drop` function: `drop(x)`"});
        }
        if (e.kind == ExprKind::Call && in.builtin == ExprInfo::Builtin::CallValue) {
          // Calling an `FnOnce` consumes it; other calls borrow the callee.
          expr(*e.operand, p_.call_consumes(p_.info(*e.operand).type) ? Ctx::Move : Ctx::Borrow);
        }
        for (const auto& a : e.args) expr(*a, Ctx::Move);
        return;
      case ExprKind::Closure: {
        // Creating the closure uses its captures; a by-value capture moves a non-Copy value.
        // (The body runs later, when called: it is not walked here.)
        if (T.kind(in.type) != TyKind::Closure) return;
        for (const Capture& c : p_.closures[T.get(in.type).id].captures) {
          std::string path = std::to_string(c.local);
          for (const std::string& f : c.fields) path += "." + f;  // (a field captured alone)
          use(path, e.span, c.mode != CaptureMode::Move);
          if (c.mode == CaptureMode::Move && !is_copy(p_.place_type(fn_.locals[c.local].type, c.fields))) move_out(path, e.span);
        }
        // The body, on its own: moves inside it are checked (and emitted as moves) as in any
        // body; its captures start out available, and its loops and `return` are its own.
        if (e.body) {
          State outer = std::move(st_);
          std::vector<Frame> outer_loops = std::move(loops_);
          st_ = State{};
          loops_.clear();
          expr(*e.body, Ctx::Move);
          st_ = std::move(outer);
          loops_ = std::move(outer_loops);
        }
        return;
      }
      case ExprKind::MethodCall: {
        if (is_drop_method(in.callee) && !silent_) {  // `x.drop()` (rustc's E0040)
          cx_.diags.report(DiagKind::ExplicitDrop, e.name.span)
              .notes.push_back({Span{}, "consider using the `drop` function: `drop(x)`"});
        }
        bool by_value = in.callee != kNone && p_.fns[in.callee].self_kind == ast::SelfKind::Value &&
                        in.recv == ExprInfo::Recv::ByValue;
        expr(*e.operand, by_value ? Ctx::Move : Ctx::Borrow);
        for (const auto& a : e.args) expr(*a, Ctx::Move);
        return;
      }
      case ExprKind::StructLit:
        for (const auto& f : e.fields) {
          if (f.value) {
            expr(*f.value, Ctx::Move);
          } else {
            // Shorthand `S { x }` moves the local `x`.
            auto it = p_.shorthand_locals.find(&f);
            if (it != p_.shorthand_locals.end()) {
              std::string path = std::to_string(it->second);
              use(path, f.name.span, false);
              if (!is_copy(fn_.locals[it->second].type)) move_out(path, f.name.span);
            }
          }
        }
        if (e.base) {
          // `..base` moves only the fields it provides (and only the non-`Copy` ones), which
          // cannot leave a struct with an `impl Drop` (E0509).
          if (T.kind(in.type) == TyKind::Adt && p_.adts[T.get(in.type).id].drop_impl != kNone && !silent_) {
            for (size_t k = 0; k < p_.adts[T.get(in.type).id].fields.size(); ++k) {
              const auto& fd = p_.adts[T.get(in.type).id].fields[k];
              bool listed = false;
              for (const auto& f : e.fields) listed = listed || f.name.name == fd.name;
              if (listed || is_copy(p_.field_type(in.type, kNone, k))) continue;
              cx_.diags.report(DiagKind::MoveOutOfDrop, e.span, p_.type_name(in.type))
                  .notes.push_back({e.base->span, fmt::format("field `{}` is moved out of this value", fd.name)});
              break;
            }
          }
          std::string path = place(*e.base);
          if (path.empty() || T.kind(in.type) != TyKind::Adt) {
            expr(*e.base, Ctx::Move);
            return;
          }
          for (const auto& fd : p_.adts[T.get(in.type).id].fields) {
            bool listed = false;
            for (const auto& f : e.fields) listed = listed || f.name.name == fd.name;
            if (listed) continue;
            std::string sub = path + "." + fd.name;
            use(sub, e.base->span, false);
            if (!is_copy(fd.type)) move_out(sub, e.base->span);
          }
        }
        return;
      case ExprKind::Block:
        if (e.label) {
          loops_.push_back({e.label->name, false, {}, {}});
          block(*e.block, ctx);
          Frame f = loops_.back();
          loops_.pop_back();
          for (const auto& b : f.breaks) st_.join(b);
          return;
        }
        block(*e.block, ctx);
        return;
      case ExprKind::If: {
        // A `let` condition that fails binds nothing: the else branch starts from the state
        // after the scrutinee is evaluated (a move into a binding happens only on a match,
        // so checking the else branch from the moved state is conservative).
        condition(*e.cond);
        State before = st_;
        block(*e.block, ctx);
        State after_then = st_;
        st_ = before;
        if (e.else_branch) expr(*e.else_branch, ctx);
        st_.join(after_then);
        return;
      }
      case ExprKind::While:
      case ExprKind::Loop:
        loop(e);
        return;
      case ExprKind::For:
        expr(*e.iter, Ctx::Move);  // an array by value moves (ranges are Copy)
        loop(e);
        return;
      case ExprKind::Match: {
        std::vector<const ast::Pat*> pats;
        for (const auto& arm : e.arms) pats.push_back(arm.pat.get());
        matched(*e.iter, pats);
        State before = st_;
        State after;
        after.reachable = false;
        for (const auto& arm : e.arms) {
          st_ = before;
          bind(*arm.pat, true);
          if (arm.guard) expr(*arm.guard, Ctx::Read);
          expr(*arm.body, ctx);
          after.join(st_);
        }
        st_ = after;
        return;
      }
      case ExprKind::Break: {
        if (e.operand) expr(*e.operand, Ctx::Move);
        if (Frame* f = target(e)) f->breaks.push_back(st_);
        st_.reachable = false;
        return;
      }
      case ExprKind::Continue:
        if (Frame* f = target(e)) f->continues.push_back(st_);
        st_.reachable = false;
        return;
      case ExprKind::Return:
        if (e.operand) expr(*e.operand, Ctx::Move);
        st_.reachable = false;
        return;
      case ExprKind::MacroCall: {
        if (in.macro != kNone) {
          const MacroInfo& mi = p_.macros[in.macro];
          bool vec = mi.kind == MacroKind::Vec;  // (`vec!` moves its elements in)
          if (mi.cond) expr(*mi.cond, Ctx::Read);
          if (mi.left) expr(*mi.left, vec ? Ctx::Move : Ctx::Borrow);
          if (mi.right) expr(*mi.right, vec ? Ctx::Read : Ctx::Borrow);
          for (const auto& a : p_.macros[in.macro].args) {
            if (a.expr) expr(*a.expr, vec ? Ctx::Move : Ctx::Borrow);
            else use(std::to_string(a.captured), e.span, true);
          }
          if (p_.macros[in.macro].kind == MacroKind::Panic) st_.reachable = false;
        }
        return;
      }
      default:
        // Nodes sema rejects or that hold no places; walk children conservatively.
        if (e.operand) expr(*e.operand, Ctx::Read);
        for (const auto& a : e.args) expr(*a, Ctx::Read);
        return;
    }
  }

  struct Frame {
    std::string label;
    bool is_loop;
    std::vector<State> breaks, continues;
  };

  Frame* target(const Expr& e) {
    for (auto it = loops_.rbegin(); it != loops_.rend(); ++it) {
      if (e.label ? it->label == e.label->name : it->is_loop) return &*it;
    }
    return nullptr;
  }

  void loop(const Expr& e) {
    State entry = st_;
    // First pass, silent: what state reaches the back edge?
    bool was_silent = silent_;
    silent_ = true;
    Frame probe = run_body(e);
    State back = st_;
    for (const auto& c : probe.continues) back.join(c);
    silent_ = was_silent;
    // Second pass from the join of entry and back edge, reporting.
    st_ = entry;
    st_.join(back);
    Frame f = run_body(e);
    State exit_state;
    exit_state.reachable = false;
    if (e.kind == ExprKind::While || e.kind == ExprKind::For) {
      // The condition can be false on entry or after any iteration.
      State at_cond = entry;
      at_cond.join(st_);
      for (const auto& c : f.continues) at_cond.join(c);
      exit_state.join(at_cond);
    }
    for (const auto& b : f.breaks) exit_state.join(b);
    st_ = exit_state;
  }

  Frame run_body(const Expr& e) {
    loops_.push_back({e.label ? e.label->name : "", true, {}, {}});
    if (e.kind == ExprKind::While) condition(*e.cond);
    if (e.kind == ExprKind::For) bind(*e.pat, true);
    block(*e.block, Ctx::Move);
    Frame f = loops_.back();
    loops_.pop_back();
    return f;
  }

  Context& cx_;
  Program& p_;
  const TypeTable& T;
  const FnDef& fn_;
  State st_;
  std::vector<Frame> loops_;
  bool silent_ = false;
  std::set<std::string> reported_;
};

}  // namespace

void check_moves(Context& cx, FnId fn) { MoveChecker(cx, fn).run(); }

}  // namespace asr::sema
