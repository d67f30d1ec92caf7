// AST builder: items, generics and where clauses, fn parameters, use trees.

#include "syntax/ast_builder.hpp"

namespace asr::syntax::builder {

// ------------------------------------------------------------------------------- generics
void Builder::generic_params(G::GenericParamsContext* c, Generics& g) {
  if (!c) return;
  g.span = sp(c);
  check_list(c);
  for (auto* p : c->genericParam()) {
    GenericParam gp;
    gp.span = sp(p);
    if (auto* lt = tok(p, G::Lifetime)) {
      gp.kind = GenericParamKind::Lifetime;
      Lifetime l = lifetime(lt);
      gp.name = Ident{l.name, l.span};
      if (auto* lb = p->lifetimeBounds()) gp.bounds = lifetime_bounds(lb);
    } else if (tok(p, G::Const)) {
      gp.kind = GenericParamKind::Const;
      gp.name = ident(tok(p, G::Ident));
      gp.default_type = type(p->type_());
      if (auto* ca = p->constArg()) gp.default_value = const_arg(ca);
    } else {
      gp.kind = GenericParamKind::Type;
      gp.name = ident(tok(p, G::Ident));
      gp.bounds = type_bounds(p->typeBounds());
      if (auto* t = p->type_()) gp.default_type = type(t);
    }
    g.params.push_back(std::move(gp));
  }
}

std::vector<TypeBound> Builder::lifetime_bounds(G::LifetimeBoundsContext* c) {
  std::vector<TypeBound> v;
  for (auto* ch : c->children) {
    if (term_type(ch) == G::Lifetime) {
      TypeBound b;
      b.is_lifetime = true;
      b.lifetime = lifetime(static_cast<TerminalNode*>(ch));
      b.span = b.lifetime.span;
      v.push_back(std::move(b));
    }
  }
  return v;
}

P<Expr> Builder::const_arg(G::ConstArgContext* c) {
  if (auto* l = c->literal()) {
    auto v = literal(l);
    return tok(c, G::Minus) ? negated(std::move(v), sp(c)) : std::move(v);
  }
  if (auto* b = c->block()) return block_expr(b);
  auto e = mk(ExprKind::Path, sp(c));
  e->path.span = sp(c);
  PathSegment s;
  s.name = ident(tok(c, G::Ident));
  e->path.segments.push_back(std::move(s));
  return e;
}

void Builder::where_clause(G::WhereClauseContext* c, Generics& g) {
  if (!c) return;
  check_list(c);
  for (auto* w : c->wherePred()) {
    WherePredicate wp;
    wp.span = sp(w);
    if (auto* lt = tok(w, G::Lifetime); lt && !w->type_()) {
      wp.lifetime = lifetime(lt);
      if (auto* lb = w->lifetimeBounds()) wp.bounds = lifetime_bounds(lb);
    } else {
      // `for<'a> T: ..` was parsed as part of the type.
      auto* t = w->type_();
      G::TypeNoBoundsNoPathNoNeverContext* np = t->typeNoBoundsNoPathNoNever();
      if (np && np->forLifetimes() && np->typePath()) {
        wp.for_lifetimes = for_lifetimes(np->forLifetimes());
        auto pt = mktype(TypeKind::Path, sp(np->typePath()));
        pt->path = type_path(np->typePath());
        wp.bounded = std::move(pt);
      } else {
        wp.bounded = type(t);
      }
      wp.bounds = type_bounds(w->typeBounds());
    }
    g.where.push_back(std::move(wp));
  }
}

// ------------------------------------------------------------------------------- items
Visibility Builder::vis_of(ParserRuleContext* c) {
  Visibility v;
  if (!c) return v;
  v.span = sp(c);
  v.kind = VisKind::Pub;
  if (tok(c, G::Crate)) v.kind = VisKind::PubCrate;
  else if (tok(c, G::SelfValue)) v.kind = VisKind::PubSelf;
  else if (tok(c, G::Super)) v.kind = VisKind::PubSuper;
  else if (tok(c, G::In)) {
    v.kind = VisKind::PubIn;
    if (auto* sp_ = as<G::VisContext>(c)) v.in_path = simple_path(sp_->simplePath());
    else if (auto* st = as<G::VisTupleContext>(c)) v.in_path = simple_path(st->simplePath());
  }
  return v;
}

void Builder::add_qual(Quals& q, const Token* t) {
  switch (t->getType()) {
    case G::Const: q.is_const = true; break;
    case G::Async: q.is_async = true; q.async_span = sp(t); break;
    case G::Unsafe: q.is_unsafe = true; break;
    default: break;
  }
}

P<Item> Builder::item(G::ItemContext* c, std::vector<Attr> at) {
  Quals q;
  for (auto* iq : c->itemQual()) add_qual(q, iq->getStart());
  return item_core(c->itemCore(), q, vis_of(c->vis()), std::move(at), sp(c));
}

P<Item> Builder::new_item(ItemKind k, Span s, std::vector<Attr> at, Visibility v, const Quals& q) {
  auto it = std::make_unique<Item>();
  it->kind = k;
  it->span = s;
  it->attrs = std::move(at);
  it->vis = std::move(v);
  it->is_const = q.is_const;
  it->is_async = q.is_async;
  it->is_unsafe = q.is_unsafe;
  it->async_span = q.async_span;
  return it;
}

void Builder::item_list(const std::vector<ParseTree*>& children, std::vector<P<Item>>& out) {
  std::vector<Attr> pending;
  for (auto* ch : children) {
    if (auto* a = as<G::AttrContext>(ch)) {
      Attr at = attr(a);
      if (!at.inner) pending.push_back(std::move(at));  // inner attrs of a body: ignored
    } else if (auto* it = as<G::ItemContext>(ch)) {
      out.push_back(item(it, std::move(pending)));
      pending.clear();
    }
  }
  for (auto& a : pending) err(a.span, "expected item after attributes");
}

P<Item> Builder::item_core(G::ItemCoreContext* c, Quals q, Visibility v, std::vector<Attr> at, Span s) {
  if (auto* kw = c->itemCoreKw()) return item_core_kw(kw, q, std::move(v), std::move(at), s);
  if (auto* il = c->identLedItem()) {
    TerminalNode* name = tok(c, G::Ident);
    if (il->type_()) {  // const NAME: T = v;
      auto it = new_item(ItemKind::Const, s, std::move(at), std::move(v), q);
      if (!q.is_const) err(sp(name), "expected item, found `" + std::string(text(name)) + "`");
      it->is_const = false;
      it->name = ident(name);
      it->type = type(il->type_());
      if (auto* e = il->expr()) it->value = expr(e);
      return it;
    }
    if (il->delimTokenTree()) {
      Path p;
      PathSegment s0;
      s0.name = ident(name);
      p.segments.push_back(std::move(s0));
      for (auto* pi : il->pathIdent()) p.segments.push_back(seg(pi));
      p.span = Span{bc_.file, sp(name).begin, p.segments.back().name.span.end};
      auto* tt = il->delimTokenTree();
      TerminalNode* mname = il->getToken(G::Ident, 0);
      if (p.segments.size() == 1 && p.segments[0].name.name == "macro_rules" && mname) {
        auto it = new_item(ItemKind::MacroRules, s, std::move(at), std::move(v), q);
        it->name = ident(mname);
        it->raw_tokens = inner_text(tt);
        return it;
      }
      auto it = new_item(ItemKind::MacroCall, s, std::move(at), std::move(v), q);
      if (mname) err(sp(mname), "unexpected identifier after `!`");
      Span ms{bc_.file, sp(name).begin, sp(tt).end};
      it->macro = macro_call(std::move(p), tt, ms);
      if (it->macro->delim != MacroDelim::Brace && !tok(il, G::Semi))
        bc_.diags.report(DiagKind::UnexpectedToken, Span{bc_.file, ms.end, ms.end}, "`;`",
                         "end of macro invocation");
      return it;
    }
    // union
    auto it = new_item(ItemKind::Union, s, std::move(at), std::move(v), q);
    if (text(name) != "union") err(sp(name), "expected item, found `" + std::string(text(name)) + "`");
    it->name = ident(il->getToken(G::Ident, 0));
    generic_params(il->genericParams(), it->generics);
    where_clause(il->whereClause(), it->generics);
    it->struct_kind = StructKind::Named;
    if (auto* fd = il->fieldDefs()) field_defs(fd, it->fields);
    return it;
  }
  // const _: T = v;
  auto it = new_item(ItemKind::Const, s, std::move(at), std::move(v), q);
  if (!q.is_const) err(sp(c), "expected item, found `_`");
  it->is_const = false;
  it->name = Ident{"_", sp(tok(c, G::Underscore))};
  it->type = type(c->type_());
  if (auto* e = c->expr()) it->value = expr(e);
  return it;
}

P<Item> Builder::item_core_kw(G::ItemCoreKwContext* c, Quals q, Visibility v, std::vector<Attr> at, Span s) {
  if (auto* f = c->fnItem()) return fn_item(f, q, std::move(v), std::move(at), s, false);
  if (auto* st = c->structItem()) {
    auto it = new_item(ItemKind::Struct, s, std::move(at), std::move(v), q);
    check_no_quals(q, s);
    it->name = ident(tok(st, G::Ident));
    generic_params(st->genericParams(), it->generics);
    where_clause(st->whereClause(), it->generics);
    it->struct_kind = StructKind::Unit;
    struct_body(st, it->struct_kind, it->fields);
    return it;
  }
  if (auto* en = c->enumItem()) {
    auto it = new_item(ItemKind::Enum, s, std::move(at), std::move(v), q);
    check_no_quals(q, s);
    it->name = ident(tok(en, G::Ident));
    generic_params(en->genericParams(), it->generics);
    where_clause(en->whereClause(), it->generics);
    if (auto* vs = en->variants()) {
      check_list(vs);
      for (auto* vc : vs->variant()) {
        Variant var;
        var.span = sp(vc);
        var.attrs = attrs(vc->attr());
        var.name = ident(tok(vc, G::Ident));
        struct_body(vc, var.kind, var.fields);
        if (auto* e = vc->expr()) var.discriminant = expr(e);
        it->variants.push_back(std::move(var));
      }
    }
    return it;
  }
  if (auto* tr = c->traitItem()) {
    bool alias = tok(tr, G::Eq) != nullptr;
    auto it = new_item(alias ? ItemKind::TraitAlias : ItemKind::Trait, s, std::move(at), std::move(v), q);
    it->is_const = false;
    it->name = ident(tok(tr, G::Ident));
    generic_params(tr->genericParams(), it->generics);
    where_clause(tr->whereClause(), it->generics);
    if (alias) it->bounds = type_bounds(tr->typeBounds());
    else it->supertraits = type_bounds(tr->typeBounds());
    item_list(tr->children, it->items);
    return it;
  }
  if (auto* im = c->implItem()) {
    auto it = new_item(ItemKind::Impl, s, std::move(at), std::move(v), q);
    generic_params(im->genericParams(), it->generics);
    where_clause(im->whereClause(), it->generics);
    it->negative = tok(im, G::Not) != nullptr;
    auto first_t = impl_type(im->implType());
    if (im->type_()) {
      if (first_t->kind == TypeKind::Path) it->trait_path = std::move(first_t->path);
      else err(first_t->span, "expected a trait, found type");
      it->self_type = type(im->type_());
    } else {
      if (it->negative) err(s, "inherent impls cannot be negative");
      it->self_type = std::move(first_t);
    }
    item_list(im->children, it->items);
    return it;
  }
  if (auto* m = c->modItem()) {
    auto it = new_item(ItemKind::Mod, s, std::move(at), std::move(v), q);
    check_no_quals(q, s);
    it->name = ident(tok(m, G::Ident));
    it->mod_inline = tok(m, G::LBrace) != nullptr;
    item_list(m->children, it->items);
    return it;
  }
  if (auto* u = c->useItem()) {
    auto it = new_item(ItemKind::Use, s, std::move(at), std::move(v), q);
    check_no_quals(q, s);
    it->use_tree = use_tree(u->useTree());
    return it;
  }
  if (auto* st = c->staticItem()) {
    auto it = new_item(ItemKind::Static, s, std::move(at), std::move(v), q);
    check_no_quals(q, s);
    it->is_mut_static = tok(st, G::Mut) != nullptr;
    it->name = ident(tok(st, G::Ident));
    it->type = type(st->type_());
    if (auto* e = st->expr()) it->value = expr(e);
    return it;
  }
  if (auto* ta = c->typeAliasItem()) {
    auto it = new_item(ItemKind::TypeAlias, s, std::move(at), std::move(v), q);
    check_no_quals(q, s);
    it->name = ident(tok(ta, G::Ident));
    generic_params(ta->genericParams(), it->generics);
    for (auto* w : ta->whereClause()) where_clause(w, it->generics);
    it->bounds = type_bounds(ta->typeBounds());
    if (auto* t = ta->type_()) it->type = type(t);
    return it;
  }
  auto* ex = c->externRest();
  if (tok(ex, G::Crate)) {
    auto it = new_item(ItemKind::ExternCrate, s, std::move(at), std::move(v), q);
    check_no_quals(q, s);
    auto* n = ex->getToken(G::Ident, 0);
    if (auto* sv = tok(ex, G::SelfValue)) it->name = Ident{"self", sp(sv)};
    else it->name = ident(n);
    if (tok(ex, G::As)) {
      if (auto* u = tok(ex, G::Underscore)) it->use_tree.rename = Ident{"_", sp(u)};
      else if (auto* r = ex->getToken(G::Ident, tok(ex, G::SelfValue) ? 0 : 1)) it->use_tree.rename = ident(r);
    }
    return it;
  }
  if (auto* f = ex->fnItem()) {
    for (auto* iq : ex->itemQual()) add_qual(q, iq->getStart());
    auto it = fn_item(f, q, std::move(v), std::move(at), s, true);
    return it;
  }
  auto it = new_item(ItemKind::ExternBlock, s, std::move(at), std::move(v), q);
  item_list(ex->children, it->items);
  return it;
}

void Builder::check_no_quals(const Quals& q, Span s) {
  if (q.is_const || q.is_async || q.is_unsafe) err(s, "this item cannot have `const`, `async` or `unsafe` qualifiers");
}

// The `{ fields }` or `( fields )` of a struct or an enum variant; `kind` stays as it is
// without either.
template <class C>
void Builder::struct_body(C* c, StructKind& kind, std::vector<FieldDef>& fields) {
  if (tok(c, G::LBrace)) {
    kind = StructKind::Named;
    if (auto* fd = c->fieldDefs()) field_defs(fd, fields);
  } else if (tok(c, G::LParen)) {
    kind = StructKind::Tuple;
    if (auto* tf = c->tupleFields()) tuple_fields(tf, fields);
  }
}

void Builder::field_defs(G::FieldDefsContext* c, std::vector<FieldDef>& out) {
  check_list(c);
  for (auto* f : c->fieldDef()) {
    FieldDef fd;
    fd.span = sp(f);
    fd.attrs = attrs(f->attr());
    fd.vis = vis_of(f->vis());
    fd.name = ident(tok(f, G::Ident));
    fd.type = type(f->type_());
    out.push_back(std::move(fd));
  }
}

void Builder::tuple_fields(G::TupleFieldsContext* c, std::vector<FieldDef>& out) {
  check_list(c);
  for (auto* f : c->tupleField()) {
    FieldDef fd;
    fd.span = sp(f);
    fd.attrs = attrs(f->attr());
    fd.vis = vis_of(f->visTuple());
    fd.type = type(f->type_());
    out.push_back(std::move(fd));
  }
}

UseTree Builder::use_tree(G::UseTreeContext* c) {
  UseTree t;
  t.span = sp(c);
  t.prefix.global = c->getStart()->getType() == G::PathSep;
  t.prefix.span = sp(c);
  auto* r = c->useTreeRest();
  while (r) {
    if (tok(r, G::Star)) {
      t.kind = UseTree::Kind::Glob;
      break;
    }
    if (tok(r, G::LBrace)) {
      t.kind = UseTree::Kind::Group;
      check_list(r);
      for (auto* sub : r->useTree()) t.children.push_back(use_tree(sub));
      break;
    }
    t.prefix.segments.push_back(seg(r->pathIdent()));
    if (tok(r, G::As)) {
      if (auto* u = tok(r, G::Underscore)) t.rename = Ident{"_", sp(u)};
      else t.rename = ident(tok(r, G::Ident));
      break;
    }
    r = r->useTreeRest();
  }
  return t;
}

P<Item> Builder::fn_item(G::FnItemContext* f, Quals q, Visibility v, std::vector<Attr> at, Span s, bool ext) {
  auto it = new_item(ItemKind::Fn, s, std::move(at), std::move(v), q);
  it->is_extern = ext;
  if (q.is_async) bc_.diags.report(DiagKind::AsyncKeyword, q.async_span);
  it->name = ident(tok(f, G::Ident));
  generic_params(f->genericParams(), it->generics);
  where_clause(f->whereClause(), it->generics);
  if (auto* ps = f->fnParams()) {
    check_list(ps);
    bool first_p = true;
    for (auto* p : ps->fnParam()) {
      fn_param(p, it->fn, first_p);
      first_p = false;
    }
  }
  if (auto* r = f->type_()) it->fn.ret = type(r);
  if (auto* b = f->block()) {
    uint32_t items_before = item_stmts_;
    it->body = block(b);
    it->body_has_items = item_stmts_ != items_before;
  }
  return it;
}

void Builder::fn_param(G::FnParamContext* p, FnDecl& fn, bool first_p) {
  auto pattrs = attrs(p->attr());
  (void)pattrs;
  if (!p->patNoTopAlt()) {  // `...`
    fn.variadic = true;
    return;
  }
  std::optional<Lifetime> lt;
  param_lifetime_ = &lt;
  P<Pat> pat = pat_no_top_alt(p->patNoTopAlt());
  param_lifetime_ = nullptr;
  bool has_type = p->type_() != nullptr;
  // self parameters
  bool is_self = false;
  if (is_self_path_pat(*pat)) {
    is_self = true;
    fn.self_kind = has_type ? SelfKind::Typed : SelfKind::Value;
  } else if (pat->kind == PatKind::Ident && pat->name.name == "self" && !pat->by_ref && !pat->sub) {
    is_self = true;
    fn.self_kind = has_type ? SelfKind::Typed : SelfKind::Value;
    fn.self_mut = pat->is_mut;
  } else if (pat->kind == PatKind::Ref && pat->sub && is_self_path_pat(*pat->sub) && !has_type) {
    is_self = true;
    fn.self_kind = pat->is_mut ? SelfKind::RefMut : SelfKind::Ref;
    fn.self_lifetime = lt;
  }
  if (is_self) {
    if (!first_p) err(pat->span, "`self` parameter is only allowed as the first parameter");
    fn.self_span = sp(p);
    if (has_type) fn.self_type = type(p->type_());
    return;
  }
  if (lt) err(lt->span, "unexpected lifetime in a pattern");
  if (!has_type) {
    bc_.diags.report(DiagKind::UnexpectedToken, Span{bc_.file, pat->span.end, pat->span.end}, "`:`",
                     "end of parameter");
    return;
  }
  Param prm;
  prm.span = sp(p);
  prm.pat = std::move(pat);
  prm.type = type(p->type_());
  fn.params.push_back(std::move(prm));
}


}  // namespace asr::syntax::builder
