// Patterns: `let`, `match`, `if let`, `while let`, `let else`. Checking a pattern declares
// its bindings and records what each sub-pattern matches (Program::pats); exhaustiveness is
// checked at the end of the body, once types are resolved (exhaustive.cpp).

#include <fmt/format.h>

#include <algorithm>

#include "sema/exhaustive.hpp"
#include "sema/fn_checker.hpp"

namespace asr::sema {

namespace {

// Whether a pattern binds any name (an ident that is not a unit variant or struct).
bool binds(const Program& prog, const ast::Pat& p) {
  if (p.kind == ast::PatKind::Ident) {
    auto it = prog.pats.find(&p);
    if (it == prog.pats.end() || (it->second.adt == kNone && it->second.const_id == kNone)) return true;
  }
  if (p.sub && binds(prog, *p.sub)) return true;
  for (const auto& e : p.elems) if (binds(prog, *e)) return true;
  for (const auto& f : p.fields) if (f.pat && binds(prog, *f.pat)) return true;
  return false;
}

// The binding patterns of `p` (of its first alternative where it has `|`).
void binding_pats(const Program& prog, const ast::Pat& p, std::vector<const ast::Pat*>& out) {
  if (p.kind == ast::PatKind::Ident && prog.pat_locals.count(&p)) out.push_back(&p);
  if (p.kind == ast::PatKind::Or) {
    if (!p.elems.empty()) binding_pats(prog, *p.elems[0], out);
    return;
  }
  if (p.sub) binding_pats(prog, *p.sub, out);
  for (const auto& e : p.elems) binding_pats(prog, *e, out);
  for (const auto& f : p.fields) if (f.pat) binding_pats(prog, *f.pat, out);
}

std::string plural(size_t n) { return n == 1 ? "" : "s"; }

}  // namespace

// ------------------------------------------------------------------ statements
bool FnChecker::check_let(const ast::Stmt& s) {
  TypeId declared = s.type ? body_type(*s.type) : fresh(VarKind::General);
  bool diverges = false;
  if (s.init) {
    TypeId t = check_expr(*s.init, declared);
    // `let x = a[1..];` is a slice by value; `let [a, b] = v[..] else { .. }` only copies elements out.
    bool elements = s.pat->kind == ast::PatKind::Slice && T.kind(shallow(t)) == TyKind::Slice;
    if (!elements && (T.kind(shallow(t)) == TyKind::Slice || T.kind(shallow(t)) == TyKind::Str)) {
      cx_.diags.report(DiagKind::UnsizedType, s.pat->span, p_.type_name(resolve(t)))
          .notes.push_back({Span{}, "all local variables must have a statically known size; borrow it: `&a[..]`"});
      t = T.error();
    }
    coerce_in_let_ = s.type != nullptr;
    coerce(t, declared, s.init->span);
    coerce_in_let_ = false;
    diverges = T.kind(shallow(t)) == TyKind::Never;
  }
  if (s.else_block) {
    // The `else` block runs without the pattern's bindings, and must not fall through.
    TypeId b = check_block(*s.else_block, T.never());
    if (T.kind(shallow(b)) != TyKind::Never && T.kind(shallow(b)) != TyKind::Error) {
      cx_.diags.report(DiagKind::SyntaxError, s.else_block->span, "`else` clause of `let...else` does not diverge")
          .notes.push_back({Span{}, "try adding a diverging expression, such as `return` or `panic!(..)`"});
    }
  }
  if (T.kind(resolve(declared)) == TyKind::Dyn) {  // `let x = *r;` with `r: &dyn Trait`
    cx_.diags.report(DiagKind::SyntaxError, s.pat->span,
                     fmt::format("the size for values of type `{}` cannot be known at compilation time", p_.type_name(resolve(declared))));
    declared = T.error();
  }
  PatCtx pc;
  pc.initialized = s.init != nullptr;
  check_pat(*s.pat, declared, BindMode::Move, pc);
  if (!s.else_block) coverage_.push_back({{{s.pat.get(), false}}, declared, s.pat->span, CoverageKind::Let});
  return diverges;
}

// `let PAT = EXPR` as the condition of `if` / `while`: declares the bindings in the current
// scope (the caller's scope for the then-branch or loop body).
void FnChecker::check_let_cond(const Expr& cond) {
  TypeId st = check_expr(*cond.operand, kNoExpectId());
  PatCtx pc;
  check_pat(*cond.pat, st, BindMode::Move, pc);
  p_.exprs[cond.id].type = T.bool_();
  visited_.push_back(cond.id);
}

TypeId FnChecker::check_match(const Expr& e, TypeId expected) {
  TypeId st = check_expr(*e.iter, kNoExpectId());
  std::vector<MatchRow> rows;
  bool have = false;
  TypeId result = T.never();
  // The arms are alternatives: a `let x;` may be initialised once in each.
  const std::unordered_set<LocalId> before = assigned_once_;
  std::unordered_set<LocalId> in_arms;
  for (const auto& arm : e.arms) {
    assigned_once_ = before;
    push_scope();
    PatCtx pc;
    check_pat(*arm.pat, st, BindMode::Move, pc);
    if (arm.guard) {
      TypeId g = check_expr(*arm.guard, T.bool_());
      coerce(g, T.bool_(), arm.guard->span);
    }
    TypeId hint = has_expect(expected) ? expected : (have ? result : kNoExpectId());
    TypeId bt = check_expr(*arm.body, hint);
    Span bspan = arm.body->span;
    if (arm.body->kind == ExprKind::Block && arm.body->block->tail) bspan = arm.body->block->tail->span;
    if (expects_slice_ref(expected) && T.kind(shallow(bt)) != TyKind::Never) {
      // Arms of different array types all unsize to the expected `&[T]`.
      coerce(bt, expected, bspan);
      result = expected;
      have = true;
    } else if (!have || T.kind(shallow(result)) == TyKind::Never) {
      if (has_expect(expected)) coerce(bt, expected, bspan);
      result = bt;
      have = true;
    } else if (T.kind(shallow(bt)) != TyKind::Never && !coerce(bt, result, bspan, false)) {
      cx_.diags.report(DiagKind::MismatchedTypes, bspan, mismatch_name(resolve(result)), mismatch_name(resolve(bt)))
          .notes.push_back({Span{}, "`match` arms have incompatible types"});
      result = T.error();
    }
    pop_scope();
    rows.push_back({arm.pat.get(), arm.guard != nullptr});
    in_arms.insert(assigned_once_.begin(), assigned_once_.end());
  }
  if (!e.arms.empty()) assigned_once_ = std::move(in_arms);
  coverage_.push_back({std::move(rows), st, e.iter->span, CoverageKind::Match});
  return result;
}

// ------------------------------------------------------------------ patterns
void FnChecker::check_pat(const ast::Pat& pat, TypeId expected, BindMode mode, PatCtx& pc) {
  PatInfo pi;
  pats_seen_.push_back(&pat);
  if (!pc.initialized && pat.kind != ast::PatKind::Ident && pat.kind != ast::PatKind::Wild &&
      pat.kind != ast::PatKind::Paren) {
    cx_.unsupported(pat.span, "destructuring a binding declared without a value");
    p_.pats[&pat] = pi;
    return;
  }
  // Default binding modes (RFC 2005): a non-reference pattern matched against a reference
  // matches the referent, and its bindings become references.
  TypeId t = expected;
  bool peels = false;
  switch (pat.kind) {
    case ast::PatKind::Literal:
    case ast::PatKind::Range:
    case ast::PatKind::Path:
    case ast::PatKind::Tuple:
    case ast::PatKind::TupleStruct:
    case ast::PatKind::Struct:
    case ast::PatKind::Slice:
      peels = true;
      break;
    case ast::PatKind::Ident:
      peels = unit_item_pattern(pat) != nullptr;
      break;
    default:
      break;
  }
  if (peels) {
    bool str_lit = pat.kind == ast::PatKind::Literal && unparen_lit(*pat.lit).lit.kind != ast::LitKind::Int &&
                   (unparen_lit(*pat.lit).lit.kind == ast::LitKind::Str || unparen_lit(*pat.lit).lit.kind == ast::LitKind::RawStr);
    while (true) {
      TypeId s = shallow(t);
      if (T.kind(s) != TyKind::Ref) break;
      if (str_lit && T.kind(shallow(T.pointee(s))) == TyKind::Str) break;  // `"add"` is a `&str` itself
      bool m = T.ref_mut(s);
      if (mode == BindMode::Move) mode = m ? BindMode::RefMut : BindMode::Ref;
      else if (mode == BindMode::RefMut && !m) mode = BindMode::Ref;
      t = T.pointee(s);
      ++pi.derefs;
    }
  }
  pi.type = t;
  switch (pat.kind) {
    case ast::PatKind::Wild:
      break;
    case ast::PatKind::Paren:
      check_pat(*pat.sub, expected, mode, pc);
      pi = p_.pats[pat.sub.get()];
      break;
    case ast::PatKind::Rest:
      cx_.diags.report(DiagKind::SyntaxError, pat.span, "`..` patterns are not allowed here")
          .notes.push_back({Span{}, "only allowed in tuple, tuple struct and slice patterns"});
      break;
    case ast::PatKind::Ident:
      if (const Decl* d = unit_item_pattern(pat)) {
        adt_path_pattern(pat, *d, t, pi);
        break;
      }
      bind_ident(pat, t, mode, pc);
      break;
    case ast::PatKind::Literal: {
      if (unparen_lit(*pat.lit).lit.kind == ast::LitKind::ByteStr) {
        cx_.unsupported(pat.span, "byte string literal patterns (compare with `==`)");
        break;
      }
      TypeId lt = check_expr(*pat.lit, t);
      TypeId r = shallow(lt);
      if (T.kind(r) == TyKind::Error) break;
      if (!coerce(lt, t, pat.span, false)) pattern_mismatch(t, p_.type_name(resolve(lt)), pat.span);
      break;
    }
    case ast::PatKind::Range: {
      for (const ast::Expr* bound : {pat.lo.get(), pat.hi.get()}) {
        if (!bound) continue;
        TypeId bt = check_expr(*bound, t);
        if (!coerce(bt, t, bound->span, false)) pattern_mismatch(t, p_.type_name(resolve(bt)), bound->span);
      }
      ranges_.push_back(&pat);
      break;
    }
    case ast::PatKind::Path: {
      std::optional<Decl> d = cx_.resolve_path(pat.path, scope(), Context::Ns::Value, self_adt());
      if (!d) { pi.type = T.error(); break; }
      adt_path_pattern(pat, *d, t, pi);
      break;
    }
    case ast::PatKind::TupleStruct:
      tuple_struct_pattern(pat, t, mode, pc, pi);
      break;
    case ast::PatKind::Struct:
      struct_pattern(pat, t, mode, pc, pi);
      break;
    case ast::PatKind::Tuple: {
      TypeId s = shallow(t);
      size_t rest = rest_index(pat);
      size_t fixed = pat.elems.size() - (rest < pat.elems.size() ? 1 : 0);
      if (T.kind(s) == TyKind::Var && rest == pat.elems.size()) {
        std::vector<TypeId> vars;
        for (size_t i = 0; i < fixed; ++i) vars.push_back(fresh(VarKind::General));
        TypeId tup = T.tuple(vars);
        unify(s, tup);
        s = tup;
      }
      if (T.kind(s) == TyKind::Error) {
        elements(pat, {}, mode, pc, nullptr);
        break;
      }
      if (T.kind(s) != TyKind::Tuple) {
        pattern_mismatch(t, "tuple", pat.span);
        elements(pat, {}, mode, pc, nullptr);
        break;
      }
      // (a copy: checking the elements may add types, moving the table's storage)
      std::vector<TypeId> elems = T.get(s).elems;
      elements(pat, elems, mode, pc, "tuple");
      break;
    }
    case ast::PatKind::Ref: {
      TypeId s = shallow(t);
      if (T.kind(s) == TyKind::Error) {
        check_pat(*pat.sub, T.error(), BindMode::Move, pc);
        break;
      }
      if (T.kind(s) == TyKind::Var && static_cast<VarKind>(T.get(s).sub) == VarKind::General) {
        // Not known yet (a closure's parameter): the pattern says it is a reference.
        TypeId inner = fresh(VarKind::General);
        unify(s, T.ref(inner, pat.is_mut));
        check_pat(*pat.sub, inner, BindMode::Move, pc);
        break;
      }
      if (T.kind(s) != TyKind::Ref || T.ref_mut(s) != pat.is_mut) {
        pattern_mismatch(t, pat.is_mut ? "`&mut _`" : "`&_`", pat.span);
        check_pat(*pat.sub, T.error(), BindMode::Move, pc);
        break;
      }
      // (inside a pattern matched by reference, `&n` takes the reference the place holds and
      // binds by value again: `|(_, &n)|` over `&(&str, &i32)` gives `n: i32`, as in rustc)
      check_pat(*pat.sub, T.pointee(s), BindMode::Move, pc);
      break;
    }
    case ast::PatKind::Or:
      or_pattern(pat, t, mode, pc);
      break;
    case ast::PatKind::Slice: {
      slice_pattern(pat, t, mode, pc, pi);
      break;
    }
    case ast::PatKind::Box:
      cx_.diags.report(DiagKind::NotInAsr, pat.span, "`box` patterns");
      break;
    case ast::PatKind::MacroCall:
      cx_.unsupported(pat.span, "macro invocations in patterns");
      break;
  }
  p_.pats[&pat] = std::move(pi);
}

const ast::Expr& FnChecker::unparen_lit(const ast::Expr& e) {
  const ast::Expr* x = &e;
  while (x->kind == ExprKind::Paren || x->kind == ExprKind::Unary) x = x->operand.get();
  return *x;
}

void FnChecker::pattern_mismatch(TypeId expected, const std::string& found, Span span) {
  std::string f = found;
  if (!f.empty() && f[0] != '`') f = "`" + f + "`";
  cx_.diags.report(DiagKind::PatternMismatch, span, mismatch_name(resolve(expected)), f);
}

// An identifier pattern naming a unit struct or unit variant in scope matches that value
// instead of binding a new name (`None`, `Red` after `use Color::*`).
const Decl* FnChecker::unit_item_pattern(const ast::Pat& pat) {
  if (pat.kind != ast::PatKind::Ident || pat.by_ref || pat.is_mut || pat.sub) return nullptr;
  const Decl* d = cx_.lookup(scope(), pat.name.name, Context::Ns::Value);
  if (!d) return nullptr;
  if (d->kind == Decl::Kind::Variant || d->kind == Decl::Kind::Const) return d;
  if (d->kind == Decl::Kind::Adt && p_.adts[d->id].kind != ast::StructKind::Named) return d;
  return nullptr;
}

std::string FnChecker::decl_what(const Decl& d) const {
  if (d.kind == Decl::Kind::Variant) {
    const VariantDef& v = p_.adts[d.id].variants.empty() ? VariantDef{} : p_.adts[d.id].variants[d.variant];
    switch (v.kind) {
      case ast::StructKind::Unit: return "unit variant";
      case ast::StructKind::Tuple: return "tuple variant";
      case ast::StructKind::Named: return "struct variant";
    }
  }
  if (d.kind == Decl::Kind::Alias) return "type alias";
  if (d.kind == Decl::Kind::Adt) {
    if (p_.adts[d.id].is_enum) return "enum";
    switch (p_.adts[d.id].kind) {
      case ast::StructKind::Unit: return "unit struct";
      case ast::StructKind::Tuple: return "tuple struct";
      case ast::StructKind::Named: return "struct";
    }
  }
  if (d.kind == Decl::Kind::Fn) return "function";
  if (d.kind == Decl::Kind::Const) return p_.consts[d.id].is_static ? "static" : "constant";
  return "module";
}

std::string FnChecker::decl_path(const Decl& d) const {
  if (d.kind == Decl::Kind::Variant) return p_.adts[d.id].path + "::" + p_.adts[d.id].variants[d.variant].name;
  if (d.kind == Decl::Kind::Adt) return p_.adts[d.id].path;
  if (d.kind == Decl::Kind::Fn) return p_.fns[d.id].path;
  if (d.kind == Decl::Kind::Const) return p_.consts[d.id].path;
  return p_.modules[d.id].path;
}

// Records a resolved struct/variant pattern and checks the matched type is that ADT.
bool FnChecker::adt_pattern_type(const ast::Pat& pat, const Decl& d, TypeId t, PatInfo& pi, TypeId* inst) {
  pi.adt = d.id;
  pi.variant = d.kind == Decl::Kind::Variant ? d.variant : kNone;
  TypeId at = instance(d.id);
  // (`Some::<u8>(x)`, `E::<i32>::V(x)`, `W::<u8> { x }`: the arguments written on the path)
  std::optional<TypeId> written;
  if (pat.kind != ast::PatKind::Ident) {
    written = d.kind == Decl::Kind::Variant ? variant_type(pat.path, d.id, d.variant, true)
              : d.kind == Decl::Kind::Adt   ? struct_type(pat.path, d.id)
                                            : std::nullopt;
    if (written) unify(at, *written);
  }
  if (inst) *inst = at;
  if (T.kind(shallow(t)) == TyKind::Error) return false;
  if (!unify(t, at)) {
    pattern_mismatch(t, written ? p_.type_name(resolve(*written)) : p_.adts[d.id].path, pat.span);
    return false;
  }
  return true;
}

void FnChecker::adt_path_pattern(const ast::Pat& pat, const Decl& d, TypeId t, PatInfo& pi) {
  if (d.kind == Decl::Kind::Const) {
    // A constant matches values equal to it (only types compared structurally by rustc that
    // asrc can test with `==` are accepted).
    const ConstDef& c = p_.consts[d.id];
    TyKind k = T.kind(c.type);
    bool scalar = k == TyKind::Int || k == TyKind::Char || k == TyKind::Bool || k == TyKind::Float ||
                  (k == TyKind::Ref && T.kind(T.pointee(c.type)) == TyKind::Str) || k == TyKind::Error;
    if (!scalar) {
      cx_.unsupported(pat.span, "constants of this type in patterns");
      pi.type = T.error();
      return;
    }
    pi.const_id = d.id;
    if (!unify(t, c.type)) pattern_mismatch(t, p_.type_name(c.type), pat.span);
    return;
  }
  bool unit = (d.kind == Decl::Kind::Variant && p_.adts[d.id].variants[d.variant].kind == ast::StructKind::Unit) ||
              (d.kind == Decl::Kind::Adt && !p_.adts[d.id].is_enum && p_.adts[d.id].kind == ast::StructKind::Unit);
  if (!unit) {
    cx_.diags.report(DiagKind::PatternNotFound, pat.span, "unit struct, unit variant or constant", decl_what(d), decl_path(d));
    pi.type = T.error();
    return;
  }
  adt_pattern_type(pat, d, t, pi);
}

void FnChecker::tuple_struct_pattern(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc, PatInfo& pi) {
  std::optional<Decl> d = cx_.resolve_path(pat.path, scope(), Context::Ns::Value, self_adt());
  bool tuple_like = d && ((d->kind == Decl::Kind::Variant && p_.adts[d->id].variants[d->variant].kind == ast::StructKind::Tuple) ||
                          (d->kind == Decl::Kind::Adt && !p_.adts[d->id].is_enum && p_.adts[d->id].kind == ast::StructKind::Tuple));
  if (d && !tuple_like) {
    cx_.diags.report(DiagKind::PatternNotFound, pat.span, "tuple struct or tuple variant", decl_what(*d), decl_path(*d));
  }
  TypeId inst;
  if (!tuple_like || !adt_pattern_type(pat, *d, t, pi, &inst)) {
    elements(pat, {}, mode, pc, nullptr);
    if (!tuple_like) pi.type = T.error();
    return;
  }
  std::vector<TypeId> elems;
  for (size_t i = 0; i < p_.fields_of(pi.adt, pi.variant).size(); ++i) elems.push_back(field_ty(inst, pi.variant, i));
  elements(pat, elems, mode, pc, d->kind == Decl::Kind::Variant ? "tuple variant" : "tuple struct");
}

void FnChecker::struct_pattern(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc, PatInfo& pi) {
  std::optional<Decl> d = cx_.resolve_path(pat.path, scope(), Context::Ns::Type, self_adt());
  bool ok = d && (d->kind == Decl::Kind::Variant || (d->kind == Decl::Kind::Adt && !p_.adts[d->id].is_enum));
  if (d && !ok) cx_.diags.report(DiagKind::PatternNotFound, pat.span, "struct, variant or union type", decl_what(*d), decl_path(*d));
  if (d && d->kind == Decl::Kind::Adt && p_.adts[d->id].is_std) {
    cx_.diags.report(DiagKind::SyntaxError, pat.span, fmt::format("pattern requires `..` due to inaccessible fields of `{}`", p_.adts[d->id].path));
    ok = false;
  }
  TypeId inst;
  if (!ok || !adt_pattern_type(pat, *d, t, pi, &inst)) {
    for (const auto& f : pat.fields) if (f.pat) check_pat(*f.pat, T.error(), mode, pc);
    if (!ok) pi.type = T.error();
    return;
  }
  const auto& defs = p_.fields_of(pi.adt, pi.variant);
  std::vector<bool> seen(defs.size(), false);
  for (const auto& fp : pat.fields) {
    uint32_t idx = kNone;
    for (size_t i = 0; i < defs.size(); ++i) if (defs[i].name == fp.name.name) idx = static_cast<uint32_t>(i);
    pi.fields.push_back(idx);
    if (idx == kNone) {
      cx_.diags.report(DiagKind::NoFieldInPattern, fp.name.span, d->kind == Decl::Kind::Variant ? "variant" : "struct",
                       decl_path(*d), fp.name.name);
      if (fp.pat) check_pat(*fp.pat, T.error(), mode, pc);
      continue;
    }
    if (seen[idx]) {
      cx_.diags.report(DiagKind::SyntaxError, fp.name.span,
                       fmt::format("field `{}` bound multiple times in the pattern", fp.name.name));
    }
    seen[idx] = true;
    cx_.check_field_visible(pi.adt, pi.variant, idx, scope(), fp.name.span, false);
    if (fp.pat) check_pat(*fp.pat, field_ty(inst, pi.variant, idx), mode, pc);
  }
  if (!pat.has_rest) {
    auto [count, list] = missing_fields(defs, seen);
    if (count) {
      cx_.diags.report(DiagKind::MissingPatternFields, pat.span, plural(count), list)
          .notes.push_back({Span{}, "include the missing fields, or ignore them with `..`"});
    }
  }
}

size_t FnChecker::rest_index(const ast::Pat& pat) {
  size_t rest = pat.elems.size();
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    if (pat.elems[i]->kind != ast::PatKind::Rest) continue;
    if (rest != pat.elems.size()) {
      cx_.diags.report(DiagKind::SyntaxError, pat.elems[i]->span, "`..` can only be used once per tuple pattern");
    }
    rest = i;
  }
  return rest;
}

// The element patterns of a tuple or tuple-struct pattern (with at most one `..`); `what`
// names the matched thing for arity errors (null: only declare the bindings, as errors).
void FnChecker::elements(const ast::Pat& pat, const std::vector<TypeId>& elems, BindMode mode, PatCtx& pc,
                         const char* what) {
  size_t rest = rest_index(pat);
  size_t fixed = pat.elems.size() - (rest < pat.elems.size() ? 1 : 0);
  size_t n = elems.size();
  bool arity_ok = rest == pat.elems.size() ? n == fixed : n >= fixed;
  if (what && !arity_ok) {
    if (std::string(what) == "tuple") {
      cx_.diags.report(DiagKind::TuplePatternArity, pat.span, n, plural(n), fixed, plural(fixed));
    } else {
      cx_.diags.report(DiagKind::TupleStructPatternArity, pat.span, fixed, plural(fixed), what, n, plural(n));
    }
  }
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    if (i == rest) continue;
    size_t index = i < rest ? i : n - (pat.elems.size() - i);
    TypeId et = what && arity_ok ? elems[index] : T.error();
    check_pat(*pat.elems[i], et, mode, pc);
  }
}

void FnChecker::bind_ident(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc) {
  const std::string& name = pat.name.name;
  TypeId bt = t;
  if (pat.by_ref) bt = T.ref(t, pat.is_mut);      // `ref x`, `ref mut x`
  else if (pat.is_mut) bt = t;                      // `mut x` binds by value (edition 2021)
  else if (mode == BindMode::Ref) bt = T.ref(t, false);
  else if (mode == BindMode::RefMut) bt = T.ref(t, true);
  bool is_mut = pat.is_mut && !pat.by_ref;
  for (const auto& [n, l] : pc.bound) {
    if (n == name) {
      cx_.diags.report(DiagKind::DuplicateBinding, pat.name.span, name);
      break;
    }
  }
  LocalId id = kNone;
  for (const auto& [n, l] : pc.reuse) if (n == name) id = l;
  if (id != kNone) {
    // A later alternative of an or-pattern: the same variable, so the same type.
    if (!unify(p_.fns[fn_].locals[id].type, bt)) {
      cx_.diags.report(DiagKind::MismatchedTypes, pat.span, mismatch_name(resolve(p_.fns[fn_].locals[id].type)),
                       mismatch_name(resolve(bt)))
          .notes.push_back({Span{}, "in the same arm, a binding must have the same type in all alternatives"});
    }
  } else {
    id = declare(name, bt, is_mut, pat.name.span);
    if (!pc.initialized) deferred_init_.push_back(id);
  }
  pc.bound.push_back({name, id});
  p_.pat_locals[&pat] = id;
  if (pat.sub && !(rest_binding_ && pat.sub->kind == ast::PatKind::Rest)) check_pat(*pat.sub, t, mode, pc);
}

void FnChecker::or_pattern(const ast::Pat& pat, TypeId t, BindMode mode, PatCtx& pc) {
  std::vector<std::pair<std::string, LocalId>> first;
  for (size_t i = 0; i < pat.elems.size(); ++i) {
    PatCtx alt;
    alt.initialized = pc.initialized;
    alt.bound = pc.bound;
    alt.reuse = pc.reuse;
    if (i > 0) alt.reuse.insert(alt.reuse.end(), first.begin(), first.end());
    size_t before = alt.bound.size();
    check_pat(*pat.elems[i], t, mode, alt);
    std::vector<std::pair<std::string, LocalId>> mine(alt.bound.begin() + static_cast<long>(before), alt.bound.end());
    if (i == 0) {
      first = mine;
      continue;
    }
    for (const auto& [n, l] : first) {
      bool found = false;
      for (const auto& m : mine) found = found || m.first == n;
      if (!found) cx_.diags.report(DiagKind::OrPatternBinding, pat.elems[i]->span, n);
    }
    for (const auto& [n, l] : mine) {
      bool found = false;
      for (const auto& f : first) found = found || f.first == n;
      if (!found) cx_.diags.report(DiagKind::OrPatternBinding, pat.elems[0]->span, n);
    }
    // `Ok(ref x) | Err(x)`: every alternative must bind a name the same way (E0409).
    std::vector<const ast::Pat*> a, b;
    binding_pats(p_, *pat.elems[0], a);
    binding_pats(p_, *pat.elems[i], b);
    for (const ast::Pat* x : b) {
      for (const ast::Pat* y : a) {
        if (x->name.name == y->name.name && (x->by_ref != y->by_ref || x->is_mut != y->is_mut)) {
          cx_.diags.report(DiagKind::OrPatternBindingMode, x->name.span, x->name.name);
        }
      }
    }
  }
  pc.bound.insert(pc.bound.end(), first.begin(), first.end());
}

// ------------------------------------------------------------------ end of body
void FnChecker::finish_patterns() {
  for (const ast::Pat* p : pats_seen_) {
    auto it = p_.pats.find(p);
    if (it == p_.pats.end()) continue;
    TypeId r = resolve(it->second.type);
    it->second.type = contains_var(r) ? T.error() : r;
  }
  for (const ast::Pat* p : ranges_) {
    TypeId t = p_.pats.at(p).type;
    if (T.kind(t) == TyKind::Error) continue;
    if (T.kind(t) != TyKind::Int && T.kind(t) != TyKind::Char && T.kind(t) != TyKind::Float) {
      cx_.diags.report(DiagKind::InvalidRangePattern, p->span, "only `char` and numeric types are allowed in range patterns");
      continue;
    }
    std::optional<PatKey> lo = p->lo ? pattern_key(p_, *p->lo) : std::optional<PatKey>(0);
    std::optional<PatKey> hi = p->hi ? pattern_key(p_, *p->hi) : std::nullopt;
    if (!lo || !hi) continue;
    if (p->inclusive && *lo > *hi) {
      cx_.diags.report(DiagKind::InvalidRangePattern, p->span, "lower range bound must be less than or equal to upper");
    } else if (!p->inclusive && *lo >= *hi) {
      cx_.diags.report(DiagKind::InvalidRangePattern, p->span, "lower range bound must be less than upper");
    }
  }
  if (cx_.diags.error_count() != errors_before_) return;  // coverage of ill-typed patterns would be noise
  for (const auto& pc : coverage_) {
    TypeId t = resolve(pc.type);
    if (contains_var(t) || T.kind(t) == TyKind::Error) continue;
    Coverage c = check_coverage(p_, t, pc.rows);
    if (c.exhaustive()) continue;
    if (pc.kind == CoverageKind::Match) {
      auto& d = cx_.diags.report(DiagKind::NonExhaustive, pc.span, c.describe());
      d.notes.push_back({Span{}, fmt::format("the matched value is of type `{}`", p_.type_name(t))});
      d.notes.push_back({Span{}, "ensure that all possible cases are being handled by adding a match arm with a "
                                 "wildcard pattern or more match arms"});
    } else {
      bool param = pc.kind == CoverageKind::Param || pc.kind == CoverageKind::For;
      auto& d = cx_.diags.report(DiagKind::RefutablePattern, pc.span,
                                 pc.kind == CoverageKind::For ? "`for` loop binding"
                                 : param                      ? "function argument"
                                                              : "local binding");
      d.notes.push_back({Span{}, fmt::format("{} not covered", c.describe())});
      if (param) continue;
      d.notes.push_back({Span{}, "`let` bindings require an \"irrefutable pattern\", like a `struct` or an `enum` "
                                 "with only one variant"});
      d.notes.push_back({Span{}, "you might want to use `let else` to handle the variants that aren't matched"});
    }
  }
}

}  // namespace asr::sema
