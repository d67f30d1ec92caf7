// AST builder: paths, types, patterns.

#include "syntax/ast_builder.hpp"

namespace asr::syntax::builder {

// ------------------------------------------------------------------------------- paths
PathSegment Builder::seg(G::PathIdentContext* c) {
  PathSegment s;
  s.name = Ident{std::string(text(sp(c))), sp(c)};
  return s;
}

Path Builder::simple_path(G::SimplePathContext* c) {
  Path p;
  p.span = sp(c);
  p.global = c->getStart()->getType() == G::PathSep;
  for (auto* pi : c->pathIdent()) p.segments.push_back(seg(pi));
  return p;
}

// `<T as Tr>::` of a qualified path (expression or type): the self type, then the trait's
// segments (counted in qself_trait_len); the caller appends the segments after `>`.
Path Builder::qualified_path_prefix(ParserRuleContext* whole, G::Type_Context* self, G::TypePathContext* trait) {
  Path p;
  p.span = sp(whole);
  p.qself = type(self);
  if (trait) {
    Path tr = type_path(trait);
    p.qself_trait_len = tr.segments.size();
    for (auto& s : tr.segments) p.segments.push_back(std::move(s));
  }
  return p;
}

// `a::b::<T>::c`: the segments and generic arguments among `c`'s children (pathExpr, castPath).
Path Builder::plain_path(ParserRuleContext* c) {
  Path p;
  p.span = sp(c);
  p.global = c->getStart()->getType() == G::PathSep;
  size_t n = 0;
  for (auto* ch : c->children) n += as<G::PathIdentContext>(ch) != nullptr;
  p.segments.reserve(n);
  for (auto* ch : c->children) {
    if (auto* pi = as<G::PathIdentContext>(ch)) p.segments.push_back(seg(pi));
    else if (auto* ga = as<G::GenericArgsContext>(ch)) attach_generics(p, ga);
  }
  return p;
}

// Expression / pattern paths: `a::b::<T>::c`, `<T as Tr>::x`.
Path Builder::path_expr(G::PathExprContext* c) {
  auto* q = c->qualifiedPathExpr();
  if (!q) return plain_path(c);
  Path p = qualified_path_prefix(c, q->type_(), q->typePath());
  bool after_gt = false;
  for (auto* ch : q->children) {
    int t = term_type(ch);
    if (t == G::Gt) after_gt = true;
    if (!after_gt) continue;
    if (auto* pi = as<G::PathIdentContext>(ch)) p.segments.push_back(seg(pi));
    else if (auto* ga = as<G::GenericArgsContext>(ch)) attach_generics(p, ga);
  }
  return p;
}

void Builder::attach_generics(Path& p, G::GenericArgsContext* ga) {
  if (p.segments.empty()) return;
  if (p.segments.back().generics) err(sp(ga), "unexpected generic arguments");
  p.segments.back().generics = generic_args(ga);
}

Path Builder::type_path(G::TypePathContext* c) {
  if (auto* s = c->typePathSimple()) return type_path_simple(s);
  auto* q = c->qualifiedPathType();
  Path p = qualified_path_prefix(c, q->type_(), q->typePath());
  for (auto* ts : q->typeSeg()) p.segments.push_back(type_seg(ts));
  if (auto* fs = q->fnSugar()) attach_fn_sugar(p, fs);
  return p;
}

Path Builder::type_path_simple(G::TypePathSimpleContext* c) {
  Path p;
  p.span = sp(c);
  p.global = c->getStart()->getType() == G::PathSep;
  size_t n = 0;
  for (auto* ch : c->children) n += as<G::PathIdentContext>(ch) != nullptr;
  p.segments.reserve(n);
  for (auto* ch : c->children) {
    if (auto* ts = as<G::TypeSegContext>(ch)) p.segments.push_back(type_seg(ts));
    else if (auto* ga = as<G::GenericArgsContext>(ch)) attach_generics(p, ga);
    else if (auto* fs = as<G::FnSugarContext>(ch)) attach_fn_sugar(p, fs);
  }
  return p;
}

PathSegment Builder::type_seg(G::TypeSegContext* c) {
  PathSegment s = seg(c->pathIdent());
  if (auto* ga = c->genericArgs()) s.generics = generic_args(ga);
  return s;
}

void Builder::attach_fn_sugar(Path& p, G::FnSugarContext* fs) {
  if (p.segments.empty()) return;
  auto ga = std::make_unique<GenericArgs>();
  ga->span = sp(fs);
  ga->parenthesized = true;
  for (auto* t : fs->type_()) ga->inputs.push_back(type(t));
  check_list(fs);
  if (auto* r = fs->typeNoBounds()) ga->output = type_no_bounds(r);
  if (p.segments.back().generics) err(sp(fs), "unexpected parenthesized arguments");
  p.segments.back().generics = std::move(ga);
}

std::unique_ptr<GenericArgs> Builder::generic_args(G::GenericArgsContext* c) {
  auto g = std::make_unique<GenericArgs>();
  g->span = sp(c);
  check_list(c);
  for (auto* a : c->genericArg()) {
    GenericArg ga;
    ga.span = sp(a);
    if (auto* lt = tok(a, G::Lifetime)) {
      ga.kind = GenericArgKind::Lifetime;
      ga.lifetime = lifetime(lt);
    } else if (auto* lit = a->literal()) {
      ga.kind = GenericArgKind::Const;
      auto v = literal(lit);
      ga.value = tok(a, G::Minus) ? negated(std::move(v), sp(a)) : std::move(v);
    } else if (auto* b = a->block()) {
      ga.kind = GenericArgKind::Const;
      ga.value = block_expr(b);
    } else {
      auto ts = a->type_();
      if (tok(a, G::Eq) || a->typeBounds()) {
        auto t0 = type(ts[0]);
        if (t0->kind == TypeKind::Path && t0->path.segments.size() == 1 && !t0->path.qself) {
          ga.name = t0->path.segments[0].name;
        } else {
          err(t0->span, "expected an associated type name before `=` or `:`");
        }
        if (tok(a, G::Eq)) {
          ga.kind = GenericArgKind::Binding;
          ga.type = type(ts[1]);
        } else {
          ga.kind = GenericArgKind::Constraint;
          ga.bounds = type_bounds(a->typeBounds());
        }
      } else {
        ga.kind = GenericArgKind::Type;
        ga.type = type(ts[0]);
      }
    }
    g->args.push_back(std::move(ga));
  }
  return g;
}

// ------------------------------------------------------------------------------- types
P<Type> Builder::type(G::Type_Context* c) {
  DepthGuard g(*this, c);
  int f = first(c);
  if (c->typeBounds()) {
    auto t = mktype(f == G::Impl ? TypeKind::ImplTrait : TypeKind::DynTrait, sp(c));
    t->bounds = type_bounds(c->typeBounds());
    return t;
  }
  if (auto* n = c->typePath()) return path_type(n, sp(c));
  if (auto* n = c->typeNoBoundsNoPathNoNever()) return type_np(n);
  return mktype(TypeKind::Never, sp(c));
}

P<Type> Builder::type_no_bounds(G::TypeNoBoundsContext* c) {
  DepthGuard g(*this, c);
  int f = first(c);
  if (auto* b = c->typeBound()) {
    auto t = mktype(f == G::Impl ? TypeKind::ImplTrait : TypeKind::DynTrait, sp(c));
    t->bounds.push_back(type_bound(b));
    return t;
  }
  if (auto* n = c->typePath()) return path_type(n, sp(c));
  if (auto* n = c->typeNoBoundsNoPathNoNever()) return type_np(n);
  return mktype(TypeKind::Never, sp(c));
}

P<Type> Builder::path_type(G::TypePathContext* p, Span s) {
  auto t = mktype(TypeKind::Path, s);
  t->path = type_path(p);
  return t;
}

// The forms that full types (typeNoBoundsNoPathNoNever) and cast types (castType) share:
// `&'a mut T`, `&&T`, `*const T`, `[T; N]`, `[T]`, `(T)`, `(T, U)`, `_`. The pointee of a
// reference or pointer is a typeNoBounds or again a castType. Returns null for other forms.
template <class C>
P<Type> Builder::shared_type_form(C* c, int f, Span s) {
  switch (f) {
    case G::And: case G::AndAnd: {
      auto t = mktype(TypeKind::Ref, s);
      if (auto* lt = tok(c, G::Lifetime)) t->lifetime = lifetime(lt);
      t->is_mut = tok(c, G::Mut) != nullptr;
      t->elem = pointee(c);
      if (f == G::AndAnd) {
        auto outer = mktype(TypeKind::Ref, s);
        outer->elem = std::move(t);
        return outer;
      }
      return t;
    }
    case G::Star: {
      auto t = mktype(TypeKind::RawPtr, s);
      t->is_mut = tok(c, G::Mut) != nullptr;
      t->elem = pointee(c);
      return t;
    }
    case G::LBracket: {
      auto ts = c->type_();
      auto t = mktype(c->expr() ? TypeKind::Array : TypeKind::Slice, s);
      t->elem = type(ts[0]);
      if (c->expr()) t->len = expr(c->expr());
      return t;
    }
    case G::LParen: {
      auto ts = c->type_();
      // Cast types have never reported an empty tuple element (`x as (A,,B)`); kept so.
      if constexpr (!std::is_same_v<C, G::CastTypeContext>) check_list(c);
      bool comma = tok(c, G::Comma) != nullptr;
      if (ts.size() == 1 && !comma) {
        auto t = mktype(TypeKind::Paren, s);
        t->elem = type(ts[0]);
        return t;
      }
      auto t = mktype(TypeKind::Tuple, s);
      for (auto* x : ts) t->elems.push_back(type(x));
      return t;
    }
    case G::Underscore: return mktype(TypeKind::Infer, s);
    default: return nullptr;
  }
}

P<Type> Builder::pointee(G::TypeNoBoundsNoPathNoNeverContext* c) { return type_no_bounds(c->typeNoBounds()); }
P<Type> Builder::pointee(G::CastTypeContext* c) { return cast_type(c->castType()); }

P<Type> Builder::type_np(G::TypeNoBoundsNoPathNoNeverContext* c) {
  Span s = sp(c);
  if (auto t = shared_type_form(c, first(c), s)) return t;
  if (c->fnPtrType()) return fn_ptr(c->fnPtrType(), s);
  // for<'a> path (only meaningful in where clauses; kept as the path type)
  auto t = mktype(TypeKind::Path, s);
  if (auto* tp = c->typePath()) t->path = type_path(tp);
  return t;
}

P<Type> Builder::fn_ptr(G::FnPtrTypeContext* c, Span s) {
  auto t = mktype(TypeKind::FnPtr, s);
  if (auto* ps = c->fnPtrParams()) {
    check_list(ps);
    for (auto* p : ps->fnPtrParam()) {
      auto ts = p->type_();
      if (ts.empty()) continue;  // `...`
      t->elems.push_back(type(ts.size() == 2 ? ts[1] : ts[0]));
    }
  }
  if (auto* r = c->typeNoBounds()) t->ret = type_no_bounds(r);
  return t;
}

P<Type> Builder::cast_type(G::CastTypeContext* c) {
  DepthGuard g(*this, c);
  Span s = sp(c);
  if (auto* p = c->castPath()) {
    if (!tok(c, G::Dyn)) {
      auto t = mktype(TypeKind::Path, s);
      t->path = plain_path(p);
      return t;
    }
    TypeBound b;  // `dyn Shape`
    b.trait = plain_path(p);
    b.span = sp(p);
    auto t = mktype(TypeKind::DynTrait, s);
    t->bounds.push_back(std::move(b));
    return t;
  }
  if (auto t = shared_type_form(c, first(c), s)) return t;
  return mktype(TypeKind::Never, s);  // `!`
}

P<Type> Builder::impl_type(G::ImplTypeContext* c) {
  if (auto* p = c->typePathSimple()) {
    auto t = mktype(TypeKind::Path, sp(c));
    t->path = type_path_simple(p);
    return t;
  }
  if (c->typeBounds()) {
    auto t = mktype(TypeKind::DynTrait, sp(c));
    t->bounds = type_bounds(c->typeBounds());
    return t;
  }
  return type_np(c->typeNoBoundsNoPathNoNever());
}

std::vector<TypeBound> Builder::type_bounds(G::TypeBoundsContext* c) {
  std::vector<TypeBound> v;
  if (!c) return v;
  for (auto* b : c->typeBound()) v.push_back(type_bound(b));
  return v;
}

TypeBound Builder::type_bound(G::TypeBoundContext* c) {
  if (auto* inner = c->typeBound()) return type_bound(inner);
  TypeBound b;
  b.span = sp(c);
  if (auto* lt = tok(c, G::Lifetime)) {
    b.is_lifetime = true;
    b.lifetime = lifetime(lt);
    return b;
  }
  b.maybe = tok(c, G::Question) != nullptr;
  if (auto* fl = c->forLifetimes()) b.for_lifetimes = for_lifetimes(fl);
  b.trait = type_path(c->typePath());
  return b;
}

std::vector<Lifetime> Builder::for_lifetimes(G::ForLifetimesContext* c) {
  std::vector<Lifetime> v;
  for (auto* gp : c->genericParam()) {
    if (auto* lt = tok(gp, G::Lifetime)) v.push_back(lifetime(lt));
    else err(sp(gp), "only lifetime parameters can be used in `for<..>`");
  }
  return v;
}

// ------------------------------------------------------------------------------- patterns
P<Pat> Builder::pattern(G::PatternContext* c) {
  auto alts = c->patNoTopAlt();
  if (alts.size() == 1) return pat_no_top_alt(alts[0]);
  auto p = mkpat(PatKind::Or, sp(c));
  for (auto* a : alts) p->elems.push_back(pat_no_top_alt(a));
  return p;
}

P<Pat> Builder::pat_no_top_alt(G::PatNoTopAltContext* c) {
  DepthGuard g(*this, c);
  if (auto* nm = c->patNoMut()) return pat_no_mut(nm);
  auto p = mkpat(PatKind::Ident, sp(c));
  p->is_mut = true;
  p->name = ident_ctx(c->bindName());
  if (auto* sub = c->patNoTopAlt()) p->sub = pat_no_top_alt(sub);
  return p;
}

P<Expr> Builder::lit_pat(G::LitPatContext* c) {
  if (auto* l = c->literal()) return literal(l);
  // Minus (IntLit | FloatLit)
  auto* t = c->getToken(G::IntLit, 0);
  if (!t) t = c->getToken(G::FloatLit, 0);
  return negated(literal_token(t->getSymbol()), sp(c));
}

P<Expr> Builder::range_end(G::PatRangeEndContext* c) {
  if (auto* l = c->litPat()) return lit_pat(l);
  auto e = mk(ExprKind::Path, sp(c));
  e->path = path_expr(c->pathExpr());
  return e;
}

void Builder::pat_list(ParserRuleContext* c, const std::vector<G::PatternContext*>& ps, std::vector<P<Pat>>& out) {
  check_list(c);
  for (auto* x : ps) out.push_back(pattern(x));
}

P<Pat> Builder::pat_no_mut(G::PatNoMutContext* c) {
  DepthGuard g(*this, c);
  Span s = sp(c);
  int f = first(c);
  switch (f) {
    case G::Underscore: return mkpat(PatKind::Wild, s);
    case G::DotDot: {
      if (auto* e = c->patRangeEnd()) {
        auto p = mkpat(PatKind::Range, s);
        p->hi = range_end(e);
        return p;
      }
      return mkpat(PatKind::Rest, s);
    }
    case G::DotDotEq: {
      auto p = mkpat(PatKind::Range, s);
      p->inclusive = true;
      p->hi = range_end(c->patRangeEnd());
      return p;
    }
    case G::Ref: {
      auto p = mkpat(PatKind::Ident, s);
      p->by_ref = true;
      p->is_mut = tok(c, G::Mut) != nullptr;
      p->name = ident_ctx(c->bindName());
      if (auto* sub = c->patNoTopAlt()) p->sub = pat_no_top_alt(sub);
      return p;
    }
    case G::And: case G::AndAnd: {
      auto p = mkpat(PatKind::Ref, s);
      if (auto* lt = tok(c, G::Lifetime)) {
        if (param_lifetime_) *param_lifetime_ = lifetime(lt);
        else err(sp(lt), "unexpected lifetime in a pattern");
      }
      param_lifetime_ = nullptr;
      p->is_mut = tok(c, G::Mut) != nullptr;
      if (auto* sub = c->patNoTopAlt()) p->sub = pat_no_top_alt(sub);
      else p->sub = pat_no_mut(c->patNoMut());
      if (f == G::AndAnd) {
        auto outer = mkpat(PatKind::Ref, s);
        outer->sub = std::move(p);
        return outer;
      }
      return p;
    }
    case G::LParen: {
      auto ps = c->pattern();
      if (ps.size() == 1 && !tok(c, G::Comma)) {
        auto p = mkpat(PatKind::Paren, s);
        p->sub = pattern(ps[0]);
        return p;
      }
      auto p = mkpat(PatKind::Tuple, s);
      pat_list(c, ps, p->elems);
      return p;
    }
    case G::LBracket: {
      auto p = mkpat(PatKind::Slice, s);
      pat_list(c, c->pattern(), p->elems);
      return p;
    }
    case G::Box: {
      auto p = mkpat(PatKind::Box, s);
      p->sub = pat_no_top_alt(c->patNoTopAlt());
      return p;
    }
    default: break;
  }
  param_lifetime_ = nullptr;
  if (auto* lp = c->litPat()) {
    if (auto* ro = c->patRangeOp()) {
      auto p = mkpat(PatKind::Range, s);
      p->lo = lit_pat(lp);
      p->inclusive = first(ro) != G::DotDot;
      if (auto* e = c->patRangeEnd()) p->hi = range_end(e);
      return p;
    }
    auto p = mkpat(PatKind::Literal, s);
    p->lit = lit_pat(lp);
    return p;
  }
  // path-led
  Path path = path_expr(c->pathExpr());
  if (auto* ro = c->patRangeOp()) {
    auto p = mkpat(PatKind::Range, s);
    auto lo = mk(ExprKind::Path, path.span);
    lo->path = std::move(path);
    p->lo = std::move(lo);
    p->inclusive = first(ro) != G::DotDot;
    if (auto* e = c->patRangeEnd()) p->hi = range_end(e);
    return p;
  }
  if (tok(c, G::LParen)) {
    auto p = mkpat(PatKind::TupleStruct, s);
    p->path = std::move(path);
    pat_list(c, c->pattern(), p->elems);
    return p;
  }
  if (tok(c, G::LBrace)) {
    auto p = mkpat(PatKind::Struct, s);
    p->path = std::move(path);
    if (auto* fs = c->structPatFields()) {
      check_list(fs);
      for (auto* f : fs->structPatField()) {
        if (tok(f, G::DotDot)) {
          p->has_rest = true;
          continue;
        }
        FieldPat fp;
        fp.span = sp(f);
        if (auto* pt = f->pattern()) {
          TerminalNode* n = tok(f, G::Ident);
          if (!n) n = tok(f, G::IntLit);
          fp.name = Ident{std::string(text(n)), sp(n)};
          fp.pat = pattern(pt);
        } else {
          fp.name = ident(tok(f, G::Ident));
          fp.is_ref = tok(f, G::Ref) != nullptr;
          fp.is_mut = tok(f, G::Mut) != nullptr;
          fp.shorthand = true;
          // `Point { ref mut x }` is `Point { x: ref mut x }`.
          fp.pat = mkpat(PatKind::Ident, fp.span);
          fp.pat->name = fp.name;
          fp.pat->by_ref = fp.is_ref;
          fp.pat->is_mut = fp.is_mut;
        }
        p->fields.push_back(std::move(fp));
      }
    }
    return p;
  }
  if (tok(c, G::Not)) {
    auto p = mkpat(PatKind::MacroCall, s);
    p->path = std::move(path);
    return p;
  }
  bool single = path.segments.size() == 1 && !path.global && !path.qself &&
                !path.segments[0].generics;
  if (single && path.segments[0].name.name != "self" && path.segments[0].name.name != "Self" &&
      path.segments[0].name.name != "crate" && path.segments[0].name.name != "super") {
    auto p = mkpat(PatKind::Ident, s);
    p->name = path.segments[0].name;
    if (auto* sub = c->patNoTopAlt()) p->sub = pat_no_top_alt(sub);
    return p;
  }
  if (auto* sub = c->patNoTopAlt()) err(sp(sub), "`@` must follow a binding name");
  auto p = mkpat(PatKind::Path, s);
  p->path = std::move(path);
  return p;
}


}  // namespace asr::syntax::builder
