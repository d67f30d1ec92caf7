// A walk over every expression of an item, wherever it sits: in statements and blocks, in
// patterns (literals and range ends), in types (array lengths), in generic arguments (const
// arguments) of any path, in generic parameters (const defaults), in enum discriminants and in
// item-position macros. parse.cpp renumbers the expressions of a part of a file parsed in
// parallel with it: one missed would keep a number that belongs to another part's expression
// (the syntax unit tests check that every id is reached exactly once).

#include "syntax/parse_internal.hpp"
#include "syntax/syntax.hpp"

namespace asr::syntax {

using namespace ast;

namespace {

class ExprWalker {
 public:
  explicit ExprWalker(const std::function<void(Expr&)>& fn) : fn_(fn) {}

  void item(Item& it) {
    attrs(it.attrs);
    vis(it.vis);
    generics(it.generics);
    if (it.fn.self_type) type(*it.fn.self_type);
    for (Param& p : it.fn.params) {
      pat(p.pat);
      type(p.type);
    }
    type(it.fn.ret);
    block(it.body);
    for (FieldDef& f : it.fields) field(f);
    for (Variant& v : it.variants) {
      attrs(v.attrs);
      for (FieldDef& f : v.fields) field(f);
      expr(v.discriminant);
    }
    if (it.trait_path) path(*it.trait_path);
    type(it.self_type);
    bounds(it.supertraits);
    for (P<Item>& sub : it.items)
      if (sub) item(*sub);
    type(it.type);
    expr(it.value);
    bounds(it.bounds);
    use_tree(it.use_tree);
    expr(it.macro);
  }

 private:
  const std::function<void(Expr&)>& fn_;

  void expr(P<Expr>& p) {
    if (p) expr(*p);
  }
  void type(P<Type>& p) {
    if (p) type(*p);
  }
  void pat(P<Pat>& p) {
    if (p) pat(*p);
  }
  void block(P<Block>& p) {
    if (p) block(*p);
  }

  void expr(Expr& e) {
    fn_(e);
    expr(e.lhs);
    expr(e.rhs);
    expr(e.operand);
    type(e.type);
    if (e.generics) generic_args(*e.generics);
    expr(e.base);
    block(e.block);
    expr(e.cond);
    expr(e.else_branch);
    pat(e.pat);
    expr(e.iter);
    type(e.ret_type);
    expr(e.body);
    expr(e.repeat_count);
    path(e.path);
    for (P<Expr>& a : e.args) expr(a);
    for (FieldInit& f : e.fields) expr(f.value);
    for (MatchArm& arm : e.arms) {
      pat(arm.pat);
      expr(arm.guard);
      expr(arm.body);
    }
    for (ClosureParam& cp : e.params) {
      pat(cp.pat);
      type(cp.type);
    }
    for (MacroArg& m : e.margs) expr(m.value);
  }

  void block(Block& b) {
    for (P<Stmt>& s : b.stmts) {
      if (!s) continue;
      pat(s->pat);
      type(s->type);
      expr(s->init);
      block(s->else_block);
      if (s->item) item(*s->item);
      expr(s->expr);
    }
    expr(b.tail);
  }

  void pat(Pat& p) {
    pat(p.sub);
    expr(p.lit);
    expr(p.lo);
    expr(p.hi);
    path(p.path);
    for (P<Pat>& e : p.elems) pat(e);
    for (FieldPat& f : p.fields) pat(f.pat);
  }

  void type(Type& t) {
    path(t.path);
    type(t.elem);
    expr(t.len);
    for (P<Type>& e : t.elems) type(e);
    type(t.ret);
    bounds(t.bounds);
  }

  void path(Path& p) {
    type(p.qself);
    for (PathSegment& s : p.segments)
      if (s.generics) generic_args(*s.generics);
  }

  void generic_args(GenericArgs& g) {
    for (GenericArg& a : g.args) {
      type(a.type);
      expr(a.value);
      bounds(a.bounds);
    }
    for (P<Type>& in : g.inputs) type(in);
    type(g.output);
  }

  void bounds(std::vector<TypeBound>& bs) {
    for (TypeBound& b : bs) path(b.trait);
  }

  void generics(Generics& g) {
    for (GenericParam& p : g.params) {
      bounds(p.bounds);
      type(p.default_type);
      expr(p.default_value);
    }
    for (WherePredicate& w : g.where) {
      type(w.bounded);
      bounds(w.bounds);
    }
  }

  void attrs(std::vector<Attr>& as) {
    for (Attr& a : as) path(a.path);
  }

  void field(FieldDef& f) {
    attrs(f.attrs);
    vis(f.vis);
    type(f.type);
  }

  void vis(Visibility& v) { path(v.in_path); }

  void use_tree(UseTree& u) {
    path(u.prefix);
    for (UseTree& c : u.children) use_tree(c);
  }
};

}  // namespace

void for_each_expr(ast::Item& item, const std::function<void(ast::Expr&)>& fn) { ExprWalker(fn).item(item); }

void shift_expr_ids(ast::Item& item, uint32_t delta) {
  if (delta != 0) for_each_expr(item, [delta](ast::Expr& e) { e.id += delta; });
}

}  // namespace asr::syntax
