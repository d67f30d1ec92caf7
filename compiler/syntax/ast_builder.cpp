// Parse tree (ANTLR contexts) -> AST (syntax/ast.hpp).
//
// Expressions arrive as flat operand/operator sequences (see AsrParser.g4, `exprRest`);
// `Climber` resolves precedence and associativity (Rust's table). Literals are decoded and
// validated here. Macro invocation arguments are re-parsed from their token trees with the
// `macroArgs` rule (SLL + bail); if that fails they are kept as raw text.

#include <algorithm>
#include <cstring>

#include "syntax/parse_internal.hpp"

namespace asr::syntax {

using namespace ast;
using G = gen::AsrParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

namespace {

// Type tests without dynamic_cast (slow with the runtime's RTTI): our contexts are leaf
// classes deriving from AsrCtx, terminals are TerminalNodeImpl (we never build from error trees).
bool is_term(ParseTree* t) { return typeid(*t) == typeid(antlr4::tree::TerminalNodeImpl); }
int term_type(ParseTree* t) {
  if (is_term(t)) return static_cast<int>(static_cast<TerminalNode*>(t)->getSymbol()->getType());
  return -2;
}
template <class T>
T* as(ParseTree* t) {
  return antlrcpp::is<T*>(t) ? static_cast<T*>(t) : nullptr;
}

enum class OpK { Bin, Assign, CompoundAssign, Range, As, PrefixRange, Let };

struct Elem {
  bool is_op = false;
  // operand
  P<Expr> expr;   // may be null for a missing range operand
  // operator
  OpK op = OpK::Bin;
  BinOp bin = BinOp::Add;
  bool inclusive = false;
  P<Type> type;   // As
  P<Pat> pat;     // Let
  Span span;      // operator span
};

int prec_of(const Elem& e) {
  switch (e.op) {
    case OpK::As: return 13;
    case OpK::Bin:
      switch (e.bin) {
        case BinOp::Mul: case BinOp::Div: case BinOp::Rem: return 12;
        case BinOp::Add: case BinOp::Sub: return 11;
        case BinOp::Shl: case BinOp::Shr: return 10;
        case BinOp::BitAnd: return 9;
        case BinOp::BitXor: return 8;
        case BinOp::BitOr: return 7;
        case BinOp::Eq: case BinOp::Ne: case BinOp::Lt: case BinOp::Le: case BinOp::Gt:
        case BinOp::Ge: return 6;
        case BinOp::And: return 5;
        case BinOp::Or: return 4;
      }
      return 0;
    case OpK::Range: return 3;
    case OpK::Assign: case OpK::CompoundAssign: return 2;
    default: return 0;
  }
}

bool is_cmp(const Elem& e) { return e.op == OpK::Bin && prec_of(e) == 6; }

// Thrown (and caught in build_crate) when the tree would be deeper than the limits below:
// the AST, its dump and its destructors are recursive, so their depth must stay bounded.
struct TooDeep {
  Span span;
  uint32_t limit;
};
constexpr uint32_t kMaxBuildDepth = 2048;   // nested expressions / types / patterns / blocks
constexpr size_t kMaxChain = 10000;         // operators in one expression, prefix operators

class Builder {
 public:
  explicit Builder(BuildContext& bc) : bc_(bc) {
    if (bc_.next_expr_id == 0) bc_.next_expr_id = 1;
  }

  void crate(G::Crate_Context* c, Crate& out) {
    std::vector<Attr> pending;
    for (auto* ch : c->children) {
      if (auto* a = as<G::AttrContext>(ch)) {
        Attr at = attr(a);
        if (at.inner) {
          if (out.items.empty() && pending.empty()) out.attrs.push_back(std::move(at));
          else err(at.span, "an inner attribute is not permitted in this context");
        } else {
          pending.push_back(std::move(at));
        }
      } else if (auto* it = as<G::ItemContext>(ch)) {
        out.items.push_back(item(it, std::move(pending)));
        pending.clear();
      }
    }
    for (auto& a : pending) err(a.span, "expected item after attributes");
  }

 private:
  BuildContext& bc_;
  std::optional<Lifetime>* param_lifetime_ = nullptr;  // set while building a fn's first param
  uint32_t depth_ = 0;

  // Parsers for macro arguments, one per macro nesting depth, reused (constructing an ANTLR
  // parser per macro call is comparatively expensive).
  struct SubParser {
    std::unique_ptr<LexTokenStream> stream;
    std::unique_ptr<G> parser;
  };
  std::vector<SubParser> subs_;
  size_t sub_depth_ = 0;

  struct DepthGuard {
    Builder& b;
    DepthGuard(Builder& builder, ParserRuleContext* c) : b(builder) {
      if (++b.depth_ > kMaxBuildDepth) throw TooDeep{b.sp(c), kMaxBuildDepth};
    }
    ~DepthGuard() { --b.depth_; }
  };

  // ------------------------------------------------------------------------------- helpers
  Span sp(ParserRuleContext* c) const {
    uint32_t b = static_cast<uint32_t>(c->getStart()->getStartIndex());
    const Token* stop = c->getStop();
    uint32_t e = b;
    if (stop && stop->getType() != Token::EOF && stop->getStopIndex() + 1 >= b &&
        stop->getTokenIndex() >= c->getStart()->getTokenIndex())
      e = static_cast<uint32_t>(stop->getStopIndex()) + 1;
    return Span{bc_.file, b, e};
  }
  Span sp(const Token* t) const {
    uint32_t b = static_cast<uint32_t>(t->getStartIndex());
    uint32_t e = t->getType() == Token::EOF ? b : static_cast<uint32_t>(t->getStopIndex()) + 1;
    return Span{bc_.file, b, e};
  }
  Span sp(TerminalNode* t) const { return sp(t->getSymbol()); }
  std::string_view text(const Token* t) const {
    return bc_.text.substr(t->getStartIndex(), t->getStopIndex() + 1 - t->getStartIndex());
  }
  std::string_view text(TerminalNode* t) const { return text(t->getSymbol()); }
  std::string_view text(Span s) const { return bc_.text.substr(s.begin, s.end - s.begin); }
  static TerminalNode* tok(ParserRuleContext* c, int type) { return c->getToken(type, 0); }
  static int first(ParserRuleContext* c) { return static_cast<int>(c->getStart()->getType()); }

  void err(Span s, std::string msg) { bc_.diags.report(DiagKind::SyntaxError, s, std::move(msg)); }

  P<Expr> mk(ExprKind k, Span s) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->span = s;
    e->id = bc_.next_expr_id++;
    return e;
  }
  static P<Pat> mkpat(PatKind k, Span s) {
    auto p = std::make_unique<Pat>();
    p->kind = k;
    p->span = s;
    return p;
  }
  static P<Type> mktype(TypeKind k, Span s) {
    auto t = std::make_unique<Type>();
    t->kind = k;
    t->span = s;
    return t;
  }
  Ident ident(TerminalNode* t) const {
    std::string_view s = text(t);
    if (s.size() > 2 && s[0] == 'r' && s[1] == '#') s.remove_prefix(2);
    return Ident{std::string(s), sp(t)};
  }
  Ident ident_ctx(ParserRuleContext* c) const {
    std::string_view s = text(sp(c));
    if (s.size() > 2 && s[0] == 'r' && s[1] == '#') s.remove_prefix(2);
    return Ident{std::string(s), sp(c)};
  }
  Lifetime lifetime(TerminalNode* t) const {
    std::string_view s = text(t);
    if (!s.empty() && s[0] == '\'') s.remove_prefix(1);
    return Lifetime{std::string(s), sp(t)};
  }

  // Reports a missing element in a `x? (',' x?)*` list: a comma right after `(`/a comma.
  void check_list(ParserRuleContext* c, int open_type = -3) {
    bool prev_sep = true;  // at start
    bool any = false;
    for (auto* ch : c->children) {
      int t = term_type(ch);
      if (t == G::Comma) {
        if (prev_sep && (any || open_type != -3 || true)) {
          auto* tn = static_cast<TerminalNode*>(ch);
          bc_.diags.report(DiagKind::UnexpectedToken, sp(tn), "expression", "`,`");
          return;
        }
        prev_sep = true;
      } else if (t == -2) {
        prev_sep = false;
        any = true;
      } else {
        // delimiters etc.
      }
    }
  }

  // ------------------------------------------------------------------------------- attrs
  Attr attr(G::AttrContext* c) {
    Attr a;
    a.span = sp(c);
    a.inner = tok(c, G::Not) != nullptr;
    a.path = simple_path(c->simplePath());
    if (auto* in = c->attrInput()) {
      if (auto* tt = in->delimTokenTree()) {
        const Token* open = tt->getStart();
        const Token* close = tt->getStop();
        size_t b = open->getStopIndex() + 1, e = close->getStartIndex();
        a.args = std::string(bc_.text.substr(b, e > b ? e - b : 0));
        // arg_idents: `a, b::c, d` ; str_value: `("x")`
        std::vector<Ident> ids;
        bool simple = true;
        std::string cur;
        Span cur_span{};
        bool expect_seg = true;
        size_t gi = global_index(open) + 1, ge = global_index(close);
        if (ge == gi + 1 && (bc_.toks[gi].type == G::StrLit || bc_.toks[gi].type == G::RawStrLit)) {
          const LexToken& lt = bc_.toks[gi];
          Span s{bc_.file, lt.begin, lt.end};
          a.str_value = decode_string_value(s, lt.type == G::RawStrLit, false);
        }
        for (size_t i = gi; i < ge && simple; ++i) {
          const LexToken& lt = bc_.toks[i];
          std::string_view tx = bc_.text.substr(lt.begin, lt.end - lt.begin);
          if (expect_seg && (lt.type == G::Ident || lt.type == G::SelfValue || lt.type == G::Crate ||
                             lt.type == G::Super || lt.type == G::SelfType)) {
            if (cur.empty()) cur_span = Span{bc_.file, lt.begin, lt.end};
            cur += tx;
            cur_span.end = lt.end;
            expect_seg = false;
          } else if (!expect_seg && lt.type == G::PathSep) {
            cur += "::";
            expect_seg = true;
          } else if (!expect_seg && lt.type == G::Comma) {
            ids.push_back(Ident{cur, cur_span});
            cur.clear();
            expect_seg = true;
          } else {
            simple = false;
          }
        }
        if (simple) {
          if (!cur.empty()) ids.push_back(Ident{cur, cur_span});
          a.arg_idents = std::move(ids);
        }
      } else if (auto* e = in->expr()) {
        auto v = expr(e);
        a.args = std::string(text(sp(e)));
        if (v->kind == ExprKind::Lit &&
            (v->lit.kind == LitKind::Str || v->lit.kind == LitKind::RawStr))
          a.str_value = v->lit.value;
      }
    }
    return a;
  }

  size_t global_index(const Token* t) const {
    uint32_t b = static_cast<uint32_t>(t->getStartIndex());
    auto it = std::lower_bound(bc_.toks.begin(), bc_.toks.end(), b,
                               [](const LexToken& x, uint32_t v) { return x.begin < v; });
    return static_cast<size_t>(it - bc_.toks.begin());
  }

  std::vector<Attr> attrs(const std::vector<G::AttrContext*>& v) {
    std::vector<Attr> out;
    for (auto* a : v) {
      out.push_back(attr(a));
      if (out.back().inner) err(out.back().span, "an inner attribute is not permitted in this context");
    }
    return out;
  }

  // ------------------------------------------------------------------------------- paths
  PathSegment seg(G::PathIdentContext* c) {
    PathSegment s;
    s.name = Ident{std::string(text(sp(c))), sp(c)};
    return s;
  }
  Path simple_path(G::SimplePathContext* c) {
    Path p;
    p.span = sp(c);
    p.global = c->getStart()->getType() == G::PathSep;
    for (auto* pi : c->pathIdent()) p.segments.push_back(seg(pi));
    return p;
  }

  // Expression / pattern paths: `a::b::<T>::c`, `<T as Tr>::x`.
  Path path_expr(G::PathExprContext* c) {
    if (auto* q = c->qualifiedPathExpr()) {
      Path p;
      p.span = sp(c);
      p.qself = type(q->type_());
      if (auto* tp = q->typePath()) {
        Path tr = type_path(tp);
        p.qself_trait_len = tr.segments.size();
        for (auto& s : tr.segments) p.segments.push_back(std::move(s));
      }
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
    Path p;
    p.span = sp(c);
    p.global = c->getStart()->getType() == G::PathSep;
    for (auto* ch : c->children) {
      if (auto* pi = as<G::PathIdentContext>(ch)) p.segments.push_back(seg(pi));
      else if (auto* ga = as<G::GenericArgsContext>(ch)) attach_generics(p, ga);
    }
    return p;
  }
  void attach_generics(Path& p, G::GenericArgsContext* ga) {
    if (p.segments.empty()) return;
    if (p.segments.back().generics) err(sp(ga), "unexpected generic arguments");
    p.segments.back().generics = generic_args(ga);
  }

  Path type_path(G::TypePathContext* c) {
    if (auto* s = c->typePathSimple()) return type_path_simple(s);
    auto* q = c->qualifiedPathType();
    Path p;
    p.span = sp(c);
    p.qself = type(q->type_());
    if (auto* tp = q->typePath()) {
      Path tr = type_path(tp);
      p.qself_trait_len = tr.segments.size();
      for (auto& s : tr.segments) p.segments.push_back(std::move(s));
    }
    for (auto* ts : q->typeSeg()) p.segments.push_back(type_seg(ts));
    if (auto* fs = q->fnSugar()) attach_fn_sugar(p, fs);
    return p;
  }
  Path type_path_simple(G::TypePathSimpleContext* c) {
    Path p;
    p.span = sp(c);
    p.global = c->getStart()->getType() == G::PathSep;
    for (auto* ch : c->children) {
      if (auto* ts = as<G::TypeSegContext>(ch)) p.segments.push_back(type_seg(ts));
      else if (auto* ga = as<G::GenericArgsContext>(ch)) attach_generics(p, ga);
      else if (auto* fs = as<G::FnSugarContext>(ch)) attach_fn_sugar(p, fs);
    }
    return p;
  }
  PathSegment type_seg(G::TypeSegContext* c) {
    PathSegment s = seg(c->pathIdent());
    if (auto* ga = c->genericArgs()) s.generics = generic_args(ga);
    return s;
  }
  void attach_fn_sugar(Path& p, G::FnSugarContext* fs) {
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
  Path cast_path(G::CastPathContext* c) {
    Path p;
    p.span = sp(c);
    p.global = c->getStart()->getType() == G::PathSep;
    for (auto* ch : c->children) {
      if (auto* pi = as<G::PathIdentContext>(ch)) p.segments.push_back(seg(pi));
      else if (auto* ga = as<G::GenericArgsContext>(ch)) attach_generics(p, ga);
    }
    return p;
  }

  std::unique_ptr<GenericArgs> generic_args(G::GenericArgsContext* c) {
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
        if (tok(a, G::Minus)) {
          auto n = mk(ExprKind::Unary, sp(a));
          n->unop = UnOp::Neg;
          n->operand = std::move(v);
          v = std::move(n);
        }
        ga.value = std::move(v);
      } else if (auto* b = a->block()) {
        ga.kind = GenericArgKind::Const;
        auto e = mk(ExprKind::Block, sp(b));
        e->block = block(b);
        ga.value = std::move(e);
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
  P<Type> type(G::Type_Context* c) {
    DepthGuard g(*this, c);
    int f = first(c);
    if (c->typeBounds()) {
      auto t = mktype(f == G::Impl ? TypeKind::ImplTrait : TypeKind::DynTrait, sp(c));
      t->bounds = type_bounds(c->typeBounds());
      return t;
    }
    if (auto* n = c->typeNoBoundsNoNever()) return type_nnn(n);
    return mktype(TypeKind::Never, sp(c));
  }
  P<Type> type_no_bounds(G::TypeNoBoundsContext* c) {
    DepthGuard g(*this, c);
    int f = first(c);
    if (auto* b = c->typeBound()) {
      auto t = mktype(f == G::Impl ? TypeKind::ImplTrait : TypeKind::DynTrait, sp(c));
      t->bounds.push_back(type_bound(b));
      return t;
    }
    if (auto* n = c->typeNoBoundsNoNever()) return type_nnn(n);
    return mktype(TypeKind::Never, sp(c));
  }
  P<Type> type_nnn(G::TypeNoBoundsNoNeverContext* c) {
    if (auto* p = c->typePath()) {
      auto t = mktype(TypeKind::Path, sp(c));
      t->path = type_path(p);
      return t;
    }
    return type_np(c->typeNoBoundsNoPathNoNever());
  }
  P<Type> type_np(G::TypeNoBoundsNoPathNoNeverContext* c) {
    int f = first(c);
    Span s = sp(c);
    switch (f) {
      case G::And: case G::AndAnd: {
        auto t = mktype(TypeKind::Ref, s);
        if (auto* lt = tok(c, G::Lifetime)) t->lifetime = lifetime(lt);
        t->is_mut = tok(c, G::Mut) != nullptr;
        t->elem = type_no_bounds(c->typeNoBounds());
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
        t->elem = type_no_bounds(c->typeNoBounds());
        return t;
      }
      case G::LBracket: {
        auto ts = c->type_();
        if (c->expr()) {
          auto t = mktype(TypeKind::Array, s);
          t->elem = type(ts[0]);
          t->len = expr(c->expr());
          return t;
        }
        auto t = mktype(TypeKind::Slice, s);
        t->elem = type(ts[0]);
        return t;
      }
      case G::LParen: {
        auto ts = c->type_();
        check_list(c);
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
      default: break;
    }
    if (c->fnPtrType()) return fn_ptr(c->fnPtrType(), s);
    // for<'a> path (only meaningful in where clauses; kept as the path type)
    auto t = mktype(TypeKind::Path, s);
    if (auto* tp = c->typePath()) t->path = type_path(tp);
    return t;
  }
  P<Type> fn_ptr(G::FnPtrTypeContext* c, Span s) {
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
  P<Type> cast_type(G::CastTypeContext* c) {
    DepthGuard g(*this, c);
    int f = first(c);
    Span s = sp(c);
    if (auto* p = c->castPath()) {
      auto t = mktype(TypeKind::Path, s);
      t->path = cast_path(p);
      return t;
    }
    switch (f) {
      case G::And: case G::AndAnd: {
        auto t = mktype(TypeKind::Ref, s);
        if (auto* lt = tok(c, G::Lifetime)) t->lifetime = lifetime(lt);
        t->is_mut = tok(c, G::Mut) != nullptr;
        t->elem = cast_type(c->castType());
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
        t->elem = cast_type(c->castType());
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
      default: return mktype(TypeKind::Never, s);
    }
  }
  P<Type> impl_type(G::ImplTypeContext* c) {
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

  std::vector<TypeBound> type_bounds(G::TypeBoundsContext* c) {
    std::vector<TypeBound> v;
    if (!c) return v;
    for (auto* b : c->typeBound()) v.push_back(type_bound(b));
    return v;
  }
  TypeBound type_bound(G::TypeBoundContext* c) {
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
  std::vector<Lifetime> for_lifetimes(G::ForLifetimesContext* c) {
    std::vector<Lifetime> v;
    for (auto* gp : c->genericParam()) {
      if (auto* lt = tok(gp, G::Lifetime)) v.push_back(lifetime(lt));
      else err(sp(gp), "only lifetime parameters can be used in `for<..>`");
    }
    return v;
  }

  // ------------------------------------------------------------------------------- generics
  void generic_params(G::GenericParamsContext* c, Generics& g) {
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
  std::vector<TypeBound> lifetime_bounds(G::LifetimeBoundsContext* c) {
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
  P<Expr> const_arg(G::ConstArgContext* c) {
    if (auto* l = c->literal()) {
      auto v = literal(l);
      if (tok(c, G::Minus)) {
        auto n = mk(ExprKind::Unary, sp(c));
        n->unop = UnOp::Neg;
        n->operand = std::move(v);
        return n;
      }
      return v;
    }
    if (auto* b = c->block()) {
      auto e = mk(ExprKind::Block, sp(b));
      e->block = block(b);
      return e;
    }
    auto e = mk(ExprKind::Path, sp(c));
    e->path.span = sp(c);
    PathSegment s;
    s.name = ident(tok(c, G::Ident));
    e->path.segments.push_back(std::move(s));
    return e;
  }
  void where_clause(G::WhereClauseContext* c, Generics& g) {
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
        auto* nnn = t->typeNoBoundsNoNever();
        G::TypeNoBoundsNoPathNoNeverContext* np = nnn ? nnn->typeNoBoundsNoPathNoNever() : nullptr;
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
  Visibility vis_of(ParserRuleContext* c) {
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

  struct Quals {
    bool is_const = false, is_async = false, is_unsafe = false;
    Span async_span;
  };
  void add_qual(Quals& q, const Token* t) {
    switch (t->getType()) {
      case G::Const: q.is_const = true; break;
      case G::Async: q.is_async = true; q.async_span = sp(t); break;
      case G::Unsafe: q.is_unsafe = true; break;
      default: break;
    }
  }

  P<Item> item(G::ItemContext* c, std::vector<Attr> at) {
    Quals q;
    for (auto* iq : c->itemQual()) add_qual(q, iq->getStart());
    return item_core(c->itemCore(), q, vis_of(c->vis()), std::move(at), sp(c));
  }

  P<Item> new_item(ItemKind k, Span s, std::vector<Attr> at, Visibility v, const Quals& q) {
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

  void item_list(const std::vector<ParseTree*>& children, std::vector<P<Item>>& out) {
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

  P<Item> item_core(G::ItemCoreContext* c, Quals q, Visibility v, std::vector<Attr> at, Span s) {
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

  P<Item> item_core_kw(G::ItemCoreKwContext* c, Quals q, Visibility v, std::vector<Attr> at, Span s) {
    if (auto* f = c->fnItem()) return fn_item(f, q, std::move(v), std::move(at), s, false);
    if (auto* st = c->structItem()) {
      auto it = new_item(ItemKind::Struct, s, std::move(at), std::move(v), q);
      check_no_quals(q, s);
      it->name = ident(tok(st, G::Ident));
      generic_params(st->genericParams(), it->generics);
      where_clause(st->whereClause(), it->generics);
      if (tok(st, G::LBrace)) {
        it->struct_kind = StructKind::Named;
        if (auto* fd = st->fieldDefs()) field_defs(fd, it->fields);
      } else if (tok(st, G::LParen)) {
        it->struct_kind = StructKind::Tuple;
        if (auto* tf = st->tupleFields()) tuple_fields(tf, it->fields);
      } else {
        it->struct_kind = StructKind::Unit;
      }
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
          if (tok(vc, G::LBrace)) {
            var.kind = StructKind::Named;
            if (auto* fd = vc->fieldDefs()) field_defs(fd, var.fields);
          } else if (tok(vc, G::LParen)) {
            var.kind = StructKind::Tuple;
            if (auto* tf = vc->tupleFields()) tuple_fields(tf, var.fields);
          }
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

  void check_no_quals(const Quals& q, Span s) {
    if (q.is_const || q.is_async || q.is_unsafe) err(s, "this item cannot have `const`, `async` or `unsafe` qualifiers");
  }

  void field_defs(G::FieldDefsContext* c, std::vector<FieldDef>& out) {
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
  void tuple_fields(G::TupleFieldsContext* c, std::vector<FieldDef>& out) {
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

  UseTree use_tree(G::UseTreeContext* c) {
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

  P<Item> fn_item(G::FnItemContext* f, Quals q, Visibility v, std::vector<Attr> at, Span s, bool ext) {
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
    if (auto* b = f->block()) it->body = block(b);
    return it;
  }

  static bool is_self_path_pat(const Pat& p) {
    return p.kind == PatKind::Path && p.path.segments.size() == 1 && !p.path.global &&
           p.path.segments[0].name.name == "self" && !p.path.segments[0].generics;
  }

  void fn_param(G::FnParamContext* p, FnDecl& fn, bool first_p) {
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

  // ------------------------------------------------------------------------------- patterns
  P<Pat> pattern(G::PatternContext* c) {
    auto alts = c->patNoTopAlt();
    if (alts.size() == 1) return pat_no_top_alt(alts[0]);
    auto p = mkpat(PatKind::Or, sp(c));
    for (auto* a : alts) p->elems.push_back(pat_no_top_alt(a));
    return p;
  }
  P<Pat> pat_no_top_alt(G::PatNoTopAltContext* c) {
    DepthGuard g(*this, c);
    if (auto* nm = c->patNoMut()) return pat_no_mut(nm);
    auto p = mkpat(PatKind::Ident, sp(c));
    p->is_mut = true;
    p->name = ident_ctx(c->bindName());
    if (auto* sub = c->patNoTopAlt()) p->sub = pat_no_top_alt(sub);
    return p;
  }
  P<Expr> lit_pat(G::LitPatContext* c) {
    if (auto* l = c->literal()) return literal(l);
    // Minus (IntLit | FloatLit)
    auto* t = c->getToken(G::IntLit, 0);
    if (!t) t = c->getToken(G::FloatLit, 0);
    auto lit = literal_token(t->getSymbol());
    auto n = mk(ExprKind::Unary, sp(c));
    n->unop = UnOp::Neg;
    n->operand = std::move(lit);
    return n;
  }
  P<Expr> range_end(G::PatRangeEndContext* c) {
    if (auto* l = c->litPat()) return lit_pat(l);
    auto e = mk(ExprKind::Path, sp(c));
    e->path = path_expr(c->pathExpr());
    return e;
  }
  void pat_list(ParserRuleContext* c, const std::vector<G::PatternContext*>& ps, std::vector<P<Pat>>& out) {
    check_list(c);
    for (auto* x : ps) out.push_back(pattern(x));
  }
  P<Pat> pat_no_mut(G::PatNoMutContext* c) {
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

  // ------------------------------------------------------------------------------- literals
  P<Expr> literal(G::LiteralContext* c) { return literal_token(c->getStart()); }

  void invalid_escape(Span s, std::string_view esc) {
    bc_.diags.report(DiagKind::InvalidEscape, s, std::string(esc));
  }

  // Decodes the escapes of a (non-raw) string/char body `[b, e)` (absolute byte offsets).
  // `byte` selects byte-literal rules (`\xFF` allowed, no `\u`). Appends UTF-8 to `out` and
  // code points to `cps` (if given). Returns false if an error was reported.
  bool decode_body(uint32_t b, uint32_t e, bool byte, std::string& out, std::vector<uint32_t>* cps) {
    std::string_view s = bc_.text;
    bool ok = true;
    auto put = [&](uint32_t cp) {
      if (cps) cps->push_back(cp);
      if (byte || cp < 0x80) out += static_cast<char>(cp);
      else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
      else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F));
      } else {
        out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F));
      }
    };
    auto hexv = [](char ch) -> int {
      if (ch >= '0' && ch <= '9') return ch - '0';
      if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
      if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
      return -1;
    };
    uint32_t i = b;
    while (i < e) {
      char ch = s[i];
      if (ch != '\\') {
        size_t len = 1;
        uint32_t cp = static_cast<unsigned char>(ch);
        if (cp >= 0x80) cp = decode_utf8(s, i, len);
        if (cps) cps->push_back(cp);
        out.append(s.substr(i, len));
        i += static_cast<uint32_t>(len);
        continue;
      }
      if (i + 1 >= e) { invalid_escape(Span{bc_.file, i, i + 1}, "\\"); return false; }
      char n = s[i + 1];
      switch (n) {
        case 'n': put('\n'); i += 2; continue;
        case 'r': put('\r'); i += 2; continue;
        case 't': put('\t'); i += 2; continue;
        case '\\': put('\\'); i += 2; continue;
        case '0': put(0); i += 2; continue;
        case '\'': put('\''); i += 2; continue;
        case '"': put('"'); i += 2; continue;
        case '\n': case '\r': {
          // line continuation: skip the newline and leading whitespace
          i += 1;
          while (i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
          continue;
        }
        case 'x': {
          int h1 = i + 2 < e ? hexv(s[i + 2]) : -1;
          int h2 = i + 3 < e ? hexv(s[i + 3]) : -1;
          if (h1 < 0 || h2 < 0) {
            bc_.diags.report(DiagKind::InvalidEscape, Span{bc_.file, i, std::min(e, i + 4)},
                             std::string(s.substr(i, std::min<uint32_t>(4, e - i))));
            return false;
          }
          uint32_t v = uint32_t(h1 * 16 + h2);
          if (!byte && v > 0x7F) {
            bc_.diags.report(DiagKind::InvalidUnicodeEscape, Span{bc_.file, i, i + 4},
                             "out of range hex escape: must be a character in the range [\\x00-\\x7f]");
            ok = false;
          }
          put(v);
          i += 4;
          continue;
        }
        case 'u': {
          if (byte) {
            bc_.diags.report(DiagKind::InvalidUnicodeEscape, Span{bc_.file, i, i + 2},
                             "unicode escape in byte string");
            return false;
          }
          if (i + 2 >= e || s[i + 2] != '{') {
            bc_.diags.report(DiagKind::InvalidUnicodeEscape, Span{bc_.file, i, i + 2},
                             "incorrect unicode escape sequence");
            return false;
          }
          uint32_t k = i + 3;
          uint32_t v = 0;
          int digits = 0;
          bool bad = false;
          while (k < e && s[k] != '}') {
            if (s[k] != '_') {
              int h = hexv(s[k]);
              if (h < 0) { bad = true; break; }
              if (digits < 7) v = v * 16 + uint32_t(h);
              ++digits;
            }
            ++k;
          }
          if (bad || k >= e) {
            bc_.diags.report(DiagKind::InvalidUnicodeEscape, Span{bc_.file, i, std::min(k + 1, e)},
                             "invalid character in unicode escape");
            return false;
          }
          Span es{bc_.file, i, k + 1};
          if (digits == 0) {
            bc_.diags.report(DiagKind::InvalidUnicodeEscape, es, "empty unicode escape");
            ok = false;
          } else if (digits > 6) {
            bc_.diags.report(DiagKind::InvalidUnicodeEscape, es, "overlong unicode escape (must have at most 6 hex digits)");
            ok = false;
          } else if (v > 0x10FFFF) {
            bc_.diags.report(DiagKind::InvalidUnicodeEscape, es, "invalid unicode character escape: must be at most 10FFFF");
            ok = false;
          } else if (v >= 0xD800 && v <= 0xDFFF) {
            bc_.diags.report(DiagKind::InvalidUnicodeEscape, es, "invalid unicode character escape: must not be a surrogate");
            ok = false;
          } else {
            put(v);
          }
          i = k + 1;
          continue;
        }
        default: {
          size_t len = 1;
          if (static_cast<unsigned char>(n) >= 0x80) decode_utf8(s, i + 1, len);
          invalid_escape(Span{bc_.file, i, uint32_t(i + 1 + len)}, s.substr(i, 1 + len));
          return false;
        }
      }
    }
    return ok;
  }

  std::string decode_string_value(Span s, bool raw, bool byte) {
    std::string_view t = text(s);
    size_t q = t.find('"');
    if (raw) {
      size_t hashes = 0;
      size_t k = t.find_first_of("#\"");
      while (k < t.size() && t[k] == '#') { ++hashes; ++k; }
      size_t begin = k + 1;
      size_t end = t.size() >= begin + 1 + hashes ? t.size() - 1 - hashes : begin;
      return std::string(t.substr(begin, end > begin ? end - begin : 0));
    }
    std::string out;
    uint32_t b = s.begin + uint32_t(q) + 1;
    uint32_t e = s.end > b && t.back() == '"' && t.size() > q + 1 ? s.end - 1 : s.end;
    decode_body(b, e, byte, out, nullptr);
    return out;
  }

  static bool valid_int_suffix(std::string_view s) {
    static const char* k[] = {"u8", "u16", "u32", "u64", "u128", "usize",
                              "i8", "i16", "i32", "i64", "i128", "isize"};
    for (auto* x : k) if (s == x) return true;
    return false;
  }

  P<Expr> literal_token(const Token* t) {
    Span s = sp(t);
    auto e = mk(ExprKind::Lit, s);
    Literal& L = e->lit;
    std::string_view tx = text(t);
    L.text = std::string(tx);
    switch (t->getType()) {
      case G::True: L.kind = LitKind::Bool; L.bool_value = true; break;
      case G::False: L.kind = LitKind::Bool; L.bool_value = false; break;
      case G::IntLit: {
        L.kind = LitKind::Int;
        size_t i = 0;
        if (tx.size() > 2 && tx[0] == '0' && (tx[1] == 'x' || tx[1] == 'o' || tx[1] == 'b')) {
          L.radix = tx[1] == 'x' ? 16 : tx[1] == 'o' ? 8 : 2;
          i = 2;
        }
        size_t ds = i;
        auto is_digit = [&](char ch) {
          if (ch == '_') return true;
          if (L.radix == 16) return std::isxdigit(static_cast<unsigned char>(ch)) != 0;
          return ch >= '0' && ch <= '9';
        };
        while (i < tx.size() && is_digit(tx[i])) ++i;
        for (size_t k = ds; k < i; ++k) if (tx[k] != '_') L.value += tx[k];
        L.suffix = std::string(tx.substr(i));
        if (L.value.empty()) {
          bc_.diags.report(DiagKind::InvalidNumber, s, L.text, "no valid digits found for number");
        } else if (!L.suffix.empty() && !valid_int_suffix(L.suffix)) {
          bc_.diags.report(DiagKind::InvalidNumber, s, L.text,
                           "invalid suffix `" + L.suffix + "` for number literal");
        } else {
          for (char ch : L.value) {
            unsigned d = unsigned(ch - '0');
            if (L.radix < 10 && d >= L.radix) {
              bc_.diags.report(DiagKind::InvalidNumber, s, L.text,
                               fmt::format("invalid digit for a base {} literal", L.radix));
              break;
            }
          }
        }
        break;
      }
      case G::FloatLit: {
        L.kind = LitKind::Float;
        size_t i = 0;
        while (i < tx.size()) {
          char ch = tx[i];
          if ((ch >= '0' && ch <= '9') || ch == '_' || ch == '.') { ++i; continue; }
          if ((ch == 'e' || ch == 'E') && i + 1 < tx.size() &&
              ((tx[i + 1] >= '0' && tx[i + 1] <= '9') || tx[i + 1] == '+' || tx[i + 1] == '-' || tx[i + 1] == '_')) {
            i += 2;
            continue;
          }
          break;
        }
        for (size_t k = 0; k < i; ++k) if (tx[k] != '_') L.value += tx[k];
        L.suffix = std::string(tx.substr(i));
        if (!L.suffix.empty() && L.suffix != "f32" && L.suffix != "f64")
          bc_.diags.report(DiagKind::InvalidNumber, s, L.text,
                           "invalid suffix `" + L.suffix + "` for float literal");
        break;
      }
      case G::StrLit: L.kind = LitKind::Str; L.value = decode_string_value(s, false, false); break;
      case G::CStrLit: L.kind = LitKind::CStr; L.value = decode_string_value(s, false, false); break;
      case G::ByteStrLit: L.kind = LitKind::ByteStr; L.value = decode_string_value(s, false, true); break;
      case G::RawStrLit: L.kind = LitKind::RawStr; L.value = decode_string_value(s, true, false); break;
      case G::RawByteStrLit: L.kind = LitKind::ByteStr; L.value = decode_string_value(s, true, true); break;
      case G::CharLit: case G::ByteLit: {
        bool byte = t->getType() == G::ByteLit;
        L.kind = byte ? LitKind::Byte : LitKind::Char;
        uint32_t b = s.begin + (byte ? 2 : 1);
        uint32_t en = s.end > b ? s.end - 1 : b;
        std::vector<uint32_t> cps;
        std::string out;
        if (decode_body(b, en, byte, out, &cps)) {
          // the lexer already reported empty / multi-code-point literals
          if (cps.size() == 1) {
            L.char_value = cps[0];
            if (byte && cps[0] > 0xFF)
              err(s, "non-ASCII character in byte literal");
          }
        }
        L.value = out;
        break;
      }
      default: break;
    }
    return e;
  }

  // ------------------------------------------------------------------------------- macros
  std::string inner_text(ParserRuleContext* tt) const {
    const Token* open = tt->getStart();
    const Token* close = tt->getStop();
    size_t b = open->getStopIndex() + 1, e = close->getStartIndex();
    return std::string(bc_.text.substr(b, e > b ? e - b : 0));
  }

  // `tt` is a delimited token tree (delimTokenTree / braceTokenTree / parenTokenTree).
  P<Expr> macro_call(Path path, ParserRuleContext* tt, Span s) {
    auto e = mk(ExprKind::MacroCall, s);
    e->path = std::move(path);
    int open_t = static_cast<int>(tt->getStart()->getType());
    e->delim = open_t == G::LParen ? MacroDelim::Paren : open_t == G::LBracket ? MacroDelim::Bracket : MacroDelim::Brace;
    size_t gi = global_index(tt->getStart()) + 1;
    size_t ge = global_index(tt->getStop());
    if (ge <= gi) return e;  // no arguments
    // Re-parse the tokens as macro arguments.
    if (subs_.size() <= sub_depth_) subs_.emplace_back();
    SubParser& sub = subs_[sub_depth_];
    auto stream = std::make_unique<LexTokenStream>(bc_.text, bc_.toks, gi, ge,
                                                   static_cast<uint32_t>(tt->getStop()->getStartIndex()));
    if (!sub.parser) {
      sub.parser = std::make_unique<G>(stream.get());
      sub.parser->removeErrorListeners();
      sub.parser->setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
      sub.parser->getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::SLL);
    } else {
      sub.parser->setTokenStream(stream.get());
    }
    sub.parser->getTreeTracker().reset();  // the previous argument tree at this depth
    sub.stream = std::move(stream);
    G::MacroArgsContext* args = nullptr;
    try {
      args = sub.parser->macroArgs();
    } catch (...) {
      args = nullptr;
    }
    if (!args) {
      e->macro_args_parsed = false;
      e->raw_tokens = inner_text(tt);
      return e;
    }
    ++sub_depth_;
    struct Pop {
      size_t& d;
      ~Pop() { --d; }
    } pop{sub_depth_};
    check_list(args);
    auto exprs = args->expr();
    bool has_repeat = tok(args, G::Semi) != nullptr;
    for (size_t i = 0; i < exprs.size(); ++i) {
      if (has_repeat && i + 1 == exprs.size()) {
        e->repeat_count = expr(exprs[i]);
        break;
      }
      MacroArg a;
      a.span = sp(exprs[i]);
      P<Expr> v = expr(exprs[i]);
      if (v->kind == ExprKind::Assign && v->lhs && v->lhs->kind == ExprKind::Path &&
          v->lhs->path.segments.size() == 1 && !v->lhs->path.global &&
          !v->lhs->path.segments[0].generics) {
        a.name = v->lhs->path.segments[0].name;
        a.value = std::move(v->rhs);
      } else {
        a.value = std::move(v);
      }
      e->margs.push_back(std::move(a));
    }
    if (has_repeat && exprs.size() != 2)
      err(sp(args), "expected `[value; count]`");
    return e;
  }

  // ------------------------------------------------------------------------------- blocks
 public:
  P<Block> block(G::BlockContext* c) {
    DepthGuard g(*this, c);
    auto blk = std::make_unique<Block>();
    blk->span = sp(c);
    G::BlockBodyContext* body = c->blockBody();
    bool last_was_blocklike = false;
    while (body) {
      std::vector<Attr> pending;
      for (auto* a : body->attr()) {
        Attr at = attr(a);
        if (!at.inner) pending.push_back(std::move(at));
      }
      G::StmtOrEndContext* s = body->stmtOrEnd();
      body = nullptr;
      int f = first(s);
      bool blocklike = false;
      if (f == G::RBrace) break;
      if (f == G::Semi) {
        if (last_was_blocklike && !blk->stmts.empty() &&
            (blk->stmts.back()->kind == StmtKind::Expr || blk->stmts.back()->kind == StmtKind::MacroCall)) {
          if (blk->stmts.back()->kind == StmtKind::Expr) blk->stmts.back()->kind = StmtKind::Semi;
          blk->stmts.back()->span.end = sp(s->getStart()).end;
        } else {
          auto st = std::make_unique<Stmt>();
          st->kind = StmtKind::Empty;
          st->span = sp(s->getStart());
          blk->stmts.push_back(std::move(st));
        }
        body = s->blockBody();
      } else if (auto* l = s->letStmt()) {
        auto st = std::make_unique<Stmt>();
        st->kind = StmtKind::Let;
        st->span = sp(l);
        st->pat = pattern(l->pattern());
        if (auto* t = l->type_()) st->type = type(t);
        if (auto* e = l->expr()) st->init = expr(e);
        if (auto* b = l->block()) st->else_block = block(b);
        blk->stmts.push_back(std::move(st));
        body = s->blockBody();
      } else if (auto* si = s->stmtItem()) {
        Quals q;
        for (auto* ch : si->children) {
          int t = term_type(ch);
          if (t == G::Const) add_qual(q, static_cast<TerminalNode*>(ch)->getSymbol());
        }
        for (auto* iq : si->itemQual()) add_qual(q, iq->getStart());
        P<Item> it;
        if (auto* kw = si->itemCoreKw()) it = item_core_kw(kw, q, Visibility{}, std::move(pending), sp(si));
        else it = item_core(si->itemCore(), q, vis_of(si->vis()), std::move(pending), sp(si));
        push_item_stmt(*blk, std::move(it));
        body = s->blockBody();
      } else if (f == G::Unsafe || f == G::Async) {
        if (auto* b = s->block()) {
          P<Expr> e;
          if (f == G::Unsafe) {
            e = mk(ExprKind::Unsafe, Span{bc_.file, sp(s->getStart()).begin, sp(b).end});
          } else {
            e = mk(ExprKind::Async, Span{bc_.file, sp(s->getStart()).begin, sp(b).end});
            e->is_move = tok(s, G::Move) != nullptr;
            bc_.diags.report(DiagKind::AsyncKeyword, sp(s->getStart()));
          }
          e->block = block(b);
          body = block_like_cont(*blk, std::move(e), s->blockLikeCont(), blocklike);
        } else {
          Quals q;
          add_qual(q, s->getStart());
          for (auto* iq : s->itemQual()) add_qual(q, iq->getStart());
          Span is{bc_.file, sp(s->getStart()).begin, sp(s->itemCore()).end};
          push_item_stmt(*blk, item_core(s->itemCore(), q, Visibility{}, std::move(pending), is));
          body = s->blockBody();
        }
      } else if (auto* bl = s->blockLikeStart()) {
        body = block_like_cont(*blk, block_like_start(bl), s->blockLikeCont(), blocklike);
      } else if (auto* pe = s->pathExpr()) {
        body = path_stmt(*blk, pe, s->pathStmtRest(), blocklike);
      } else if (auto* es = s->exprSSNoPath()) {
        P<Expr> e = expr_ss_no_path(es);
        if (tok(s, G::Semi)) {
          auto st = std::make_unique<Stmt>();
          st->kind = e->kind == ExprKind::MacroCall ? StmtKind::MacroCall : StmtKind::Semi;
          st->span = Span{bc_.file, e->span.begin, sp(tok(s, G::Semi)).end};
          st->expr = std::move(e);
          blk->stmts.push_back(std::move(st));
          body = s->blockBody();
        } else {
          blk->tail = std::move(e);
        }
      }
      last_was_blocklike = blocklike;
    }
    if (!blk->tail && !blk->stmts.empty() && blk->stmts.back()->kind == StmtKind::Expr) {
      blk->tail = std::move(blk->stmts.back()->expr);
      blk->stmts.pop_back();
    }
    return blk;
  }

 private:
  void push_item_stmt(Block& blk, P<Item> it) {
    auto st = std::make_unique<Stmt>();
    st->kind = StmtKind::Item;
    st->span = it->span;
    st->item = std::move(it);
    blk.stmts.push_back(std::move(st));
  }

  // A statement starting with a path (`m! { }`, `m!(..);`, `x = 1;`, `S { .. }.f()`, ...).
  G::BlockBodyContext* path_stmt(Block& blk, G::PathExprContext* pe, G::PathStmtRestContext* r, bool& blocklike) {
    Path p = path_expr(pe);
    Span ps = sp(pe);
    P<Expr> e;
    if (tok(r, G::Not)) {
      if (auto* name = tok(r, G::Ident)) {  // macro_rules! name { .. } inside a block
        ParserRuleContext* tt = r->braceTokenTree();
        if (!tt) tt = r->parenTokenTree();
        Quals q;
        auto it = new_item(ItemKind::MacroRules, Span{bc_.file, ps.begin, sp(r).end}, {}, Visibility{}, q);
        if (p.segments.size() != 1 || p.segments[0].name.name != "macro_rules")
          err(sp(name), "unexpected identifier after `!`");
        it->name = ident(name);
        it->raw_tokens = inner_text(tt);
        push_item_stmt(blk, std::move(it));
        return r->blockBody();
      }
      if (auto* bt = r->braceTokenTree()) {
        e = macro_call(std::move(p), bt, Span{bc_.file, ps.begin, sp(bt).end});
        G::BlockLikeContContext* c = r->blockLikeCont();
        if (!c->stmtCont()) {
          auto st = std::make_unique<Stmt>();
          st->kind = StmtKind::MacroCall;
          st->span = e->span;
          st->expr = std::move(e);
          blk.stmts.push_back(std::move(st));
          blocklike = true;
          return c->blockBody();
        }
        return block_like_cont(blk, std::move(e), c, blocklike);
      }
      auto* pt = r->parenTokenTree();
      e = macro_call(std::move(p), pt, Span{bc_.file, ps.begin, sp(pt).end});
    } else if (auto* sb = r->structLitBody()) {
      e = struct_lit(std::move(p), sb, Span{bc_.file, ps.begin, sp(sb).end});
    } else {
      e = mk(ExprKind::Path, ps);
      e->path = std::move(p);
    }
    e = postfix_ops(std::move(e), r->postfixOp());
    std::vector<Elem> elems;
    push_operand(elems, std::move(e));
    flatten_rest(elems, r->exprRest());
    P<Expr> full = climb(elems);
    if (auto* semi = tok(r, G::Semi)) {
      auto st = std::make_unique<Stmt>();
      st->kind = full->kind == ExprKind::MacroCall ? StmtKind::MacroCall : StmtKind::Semi;
      st->span = Span{bc_.file, full->span.begin, sp(semi).end};
      st->expr = std::move(full);
      blk.stmts.push_back(std::move(st));
      return r->blockBody();
    }
    blk.tail = std::move(full);
    return nullptr;
  }

  // Handles what follows a block-like expression statement; returns the next blockBody.
  G::BlockBodyContext* block_like_cont(Block& blk, P<Expr> e, G::BlockLikeContContext* c, bool& blocklike) {
    if (!c->stmtCont()) {
      G::BlockBodyContext* next = c->blockBody();
      auto st = std::make_unique<Stmt>();
      st->kind = StmtKind::Expr;
      st->span = e->span;
      st->expr = std::move(e);
      blk.stmts.push_back(std::move(st));
      blocklike = true;
      return next;
    }
    e = apply_postfix_ops(std::move(e), c->stmtCont());
    std::vector<Elem> elems;
    push_operand(elems, std::move(e));
    flatten_rest(elems, c->exprRest());
    P<Expr> full = climb(elems);
    if (auto* semi = tok(c, G::Semi)) {
      auto st = std::make_unique<Stmt>();
      st->kind = StmtKind::Semi;
      st->span = Span{bc_.file, full->span.begin, sp(semi).end};
      st->expr = std::move(full);
      blk.stmts.push_back(std::move(st));
      return c->blockBody();
    }
    blk.tail = std::move(full);
    return nullptr;
  }

  P<Expr> apply_postfix_ops(P<Expr> e, G::StmtContContext* c) {
    // stmtCont : ( Question | Dot dotSuffix ) postfixOp*
    std::vector<ParseTree*> ops;
    if (tok(c, G::Question)) {
      auto t = mk(ExprKind::Try, Span{bc_.file, e->span.begin, sp(tok(c, G::Question)).end});
      t->operand = std::move(e);
      e = std::move(t);
    }
    auto pops = c->postfixOp();
    size_t i = 0;
    if (auto* ds = c->dotSuffix()) {
      G::PostfixOpContext* call = pops.empty() ? nullptr : pops[0];
      bool used_call = false;
      e = dot_suffix(std::move(e), ds, tok(c, G::Dot), call, used_call);
      if (used_call) i = 1;
    }
    for (; i < pops.size(); ++i) {
      G::PostfixOpContext* next = i + 1 < pops.size() ? pops[i + 1] : nullptr;
      bool used = false;
      e = postfix_op(std::move(e), pops[i], next, used);
      if (used) ++i;
    }
    return e;
  }

  // ------------------------------------------------------------------------------- expressions
 public:
  P<Expr> expr(G::ExprContext* c) {
    DepthGuard g(*this, c);
    if (auto* pl = c->prefixLow()) return prefix_low(pl);
    std::vector<Elem> elems;
    if (auto* rp = c->rangePrefix()) {
      flatten_range_prefix(elems, rp);
    } else {
      push_operand(elems, operand(c->operand()));
      flatten_rest(elems, c->exprRest());
    }
    return climb(elems);
  }

 private:
  P<Expr> expr_ss(G::ExprSSContext* c) {
    DepthGuard g(*this, c);
    if (auto* pl = c->prefixLow()) return prefix_low(pl);
    std::vector<Elem> elems;
    if (auto* rp = c->rangePrefix()) {
      flatten_range_prefix(elems, rp);
    } else {
      push_operand(elems, operand_ss(c->operandSS()));
      flatten_rest(elems, c->exprRest());
    }
    return climb(elems);
  }
  P<Expr> expr_ss_no_path(G::ExprSSNoPathContext* c) {
    DepthGuard g(*this, c);
    if (auto* pl = c->prefixLow()) return prefix_low(pl);
    std::vector<Elem> elems;
    if (auto* rp = c->rangePrefix()) {
      flatten_range_prefix(elems, rp);
    } else {
      auto* o = c->operandSSNoPath();
      P<Expr> first_e;
      if (auto* pr = o->primary()) first_e = apply_unary(postfix_ops(primary_any(pr), o->postfixOp()), o->unaryOp());
      else first_e = postfix_ops(primary_no_path(o->primarySSNoPath()), o->postfixOp());
      push_operand(elems, std::move(first_e));
      flatten_rest(elems, c->exprRest());
    }
    return climb(elems);
  }
  P<Expr> primary_no_path(G::PrimarySSNoPathContext* c) {
    Span s = sp(c);
    if (auto* l = c->literal()) return literal(l);
    if (auto* pb = c->parenBody()) return paren(pb, s);
    if (auto* ab = c->arrayBody()) return array(ab, s);
    return mk(ExprKind::Underscore, s);
  }
  P<Expr> expr_ns(G::ExprNSContext* c) {
    DepthGuard g(*this, c);
    if (auto* pl = c->prefixLowNS()) return prefix_low_ns(pl);
    std::vector<Elem> elems;
    if (auto* rp = c->rangePrefixNS()) {
      flatten_range_prefix_ns(elems, rp);
    } else {
      push_operand_ns(elems, c->operandNS());
      flatten_rest_ns(elems, c->exprRestNS());
    }
    return climb(elems);
  }

  void push_operand(std::vector<Elem>& v, P<Expr> e) {
    Elem el;
    el.is_op = false;
    el.expr = std::move(e);
    v.push_back(std::move(el));
  }
  void push_op(std::vector<Elem>& v, OpK k, Span s, BinOp b = BinOp::Add, bool incl = false) {
    Elem el;
    el.is_op = true;
    el.op = k;
    el.bin = b;
    el.inclusive = incl;
    el.span = s;
    v.push_back(std::move(el));
  }

  void bin_op(std::vector<Elem>& v, G::BinOpContext* c) {
    Span s = sp(c);
    auto kids = c->children;
    int t0 = term_type(kids[0]);
    if (t0 == G::Gt && kids.size() == 2) {
      int t1 = term_type(kids[1]);
      auto* a = static_cast<TerminalNode*>(kids[0])->getSymbol();
      auto* b = static_cast<TerminalNode*>(kids[1])->getSymbol();
      if (a->getStopIndex() + 1 != b->getStartIndex()) {
        bc_.diags.report(DiagKind::UnexpectedToken, sp(b), "expression",
                         t1 == G::Gt ? "`>`" : "`>=`");
      }
      if (t1 == G::Gt) push_op(v, OpK::Bin, s, BinOp::Shr);
      else push_op(v, OpK::CompoundAssign, s, BinOp::Shr);
      return;
    }
    switch (t0) {
      case G::Plus: return push_op(v, OpK::Bin, s, BinOp::Add);
      case G::Minus: return push_op(v, OpK::Bin, s, BinOp::Sub);
      case G::Star: return push_op(v, OpK::Bin, s, BinOp::Mul);
      case G::Slash: return push_op(v, OpK::Bin, s, BinOp::Div);
      case G::Percent: return push_op(v, OpK::Bin, s, BinOp::Rem);
      case G::Caret: return push_op(v, OpK::Bin, s, BinOp::BitXor);
      case G::And: return push_op(v, OpK::Bin, s, BinOp::BitAnd);
      case G::Or: return push_op(v, OpK::Bin, s, BinOp::BitOr);
      case G::AndAnd: return push_op(v, OpK::Bin, s, BinOp::And);
      case G::OrOr: return push_op(v, OpK::Bin, s, BinOp::Or);
      case G::Shl: return push_op(v, OpK::Bin, s, BinOp::Shl);
      case G::Gt: return push_op(v, OpK::Bin, s, BinOp::Gt);
      case G::Lt: return push_op(v, OpK::Bin, s, BinOp::Lt);
      case G::Le: return push_op(v, OpK::Bin, s, BinOp::Le);
      case G::Ge: return push_op(v, OpK::Bin, s, BinOp::Ge);
      case G::EqEq: return push_op(v, OpK::Bin, s, BinOp::Eq);
      case G::Ne: return push_op(v, OpK::Bin, s, BinOp::Ne);
      case G::Eq: return push_op(v, OpK::Assign, s);
      case G::PlusEq: return push_op(v, OpK::CompoundAssign, s, BinOp::Add);
      case G::MinusEq: return push_op(v, OpK::CompoundAssign, s, BinOp::Sub);
      case G::StarEq: return push_op(v, OpK::CompoundAssign, s, BinOp::Mul);
      case G::SlashEq: return push_op(v, OpK::CompoundAssign, s, BinOp::Div);
      case G::PercentEq: return push_op(v, OpK::CompoundAssign, s, BinOp::Rem);
      case G::CaretEq: return push_op(v, OpK::CompoundAssign, s, BinOp::BitXor);
      case G::AndEq: return push_op(v, OpK::CompoundAssign, s, BinOp::BitAnd);
      case G::OrEq: return push_op(v, OpK::CompoundAssign, s, BinOp::BitOr);
      case G::ShlEq: return push_op(v, OpK::CompoundAssign, s, BinOp::Shl);
      default: return push_op(v, OpK::Bin, s, BinOp::Add);
    }
  }

  void flatten_range_prefix(std::vector<Elem>& v, G::RangePrefixContext* rp) {
    push_op(v, OpK::PrefixRange, sp(rp->rangeOp()), BinOp::Add, first(rp->rangeOp()) == G::DotDotEq);
    if (auto* o = rp->operand()) {
      push_operand(v, operand(o));
      flatten_rest(v, rp->exprRest());
    }
  }
  void flatten_range_prefix_ns(std::vector<Elem>& v, G::RangePrefixNSContext* rp) {
    push_op(v, OpK::PrefixRange, sp(rp->rangeOp()), BinOp::Add, first(rp->rangeOp()) == G::DotDotEq);
    if (auto* o = rp->operandNS()) {
      push_operand_ns(v, o);
      flatten_rest_ns(v, rp->exprRestNS());
    }
  }

  void flatten_rest(std::vector<Elem>& v, G::ExprRestContext* r) {
    while (r && !r->children.empty()) {
      if (auto* b = r->binOp()) {
        bin_op(v, b);
        if (auto* o = r->operand()) {
          push_operand(v, operand(o));
          r = r->exprRest();
          continue;
        }
        if (auto* pl = r->prefixLow()) push_operand(v, prefix_low(pl));
        else if (auto* rp = r->rangePrefix()) flatten_range_prefix(v, rp);
        return;
      }
      if (auto* ct = r->castType()) {
        Elem el;
        el.is_op = true;
        el.op = OpK::As;
        el.span = sp(tok(r, G::As));
        el.type = cast_type(ct);
        v.push_back(std::move(el));
        r = r->exprRest();
        continue;
      }
      if (auto* ro = r->rangeOp()) {
        push_op(v, OpK::Range, sp(ro), BinOp::Add, first(ro) == G::DotDotEq);
        if (auto* o = r->operand()) {
          push_operand(v, operand(o));
          r = r->exprRest();
          continue;
        }
        return;
      }
      return;
    }
  }
  void flatten_rest_ns(std::vector<Elem>& v, G::ExprRestNSContext* r) {
    while (r && !r->children.empty()) {
      if (auto* b = r->binOp()) {
        bin_op(v, b);
        if (auto* o = r->operandNS()) {
          push_operand_ns(v, o);
          r = r->exprRestNS();
          continue;
        }
        if (auto* pl = r->prefixLowNS()) push_operand(v, prefix_low_ns(pl));
        else if (auto* rp = r->rangePrefixNS()) flatten_range_prefix_ns(v, rp);
        return;
      }
      if (auto* ct = r->castType()) {
        Elem el;
        el.is_op = true;
        el.op = OpK::As;
        el.span = sp(tok(r, G::As));
        el.type = cast_type(ct);
        v.push_back(std::move(el));
        r = r->exprRestNS();
        continue;
      }
      if (auto* ro = r->rangeOp()) {
        push_op(v, OpK::Range, sp(ro), BinOp::Add, first(ro) == G::DotDotEq);
        if (auto* o = r->operandNS()) {
          push_operand_ns(v, o);
          r = r->exprRestNS();
          continue;
        }
        return;
      }
      return;
    }
  }

  // --- precedence climbing over the flat list
  struct Cursor {
    std::vector<Elem>& v;
    size_t i = 0;
  };
  static bool at_operand_start(Cursor& c) {
    return c.i < c.v.size() &&
           (!c.v[c.i].is_op || c.v[c.i].op == OpK::PrefixRange || c.v[c.i].op == OpK::Let);
  }
  P<Expr> climb(std::vector<Elem>& v) {
    if (v.size() > 2 * kMaxChain) {
      Span s = v[0].is_op ? v[0].span : v[0].expr ? v[0].expr->span : Span{};
      throw TooDeep{s, static_cast<uint32_t>(kMaxChain)};
    }
    Cursor c{v, 0};
    P<Expr> e = climb_expr(c, 0);
    return e;
  }
  P<Expr> climb_atom(Cursor& c) {
    Elem& el = c.v[c.i];
    if (!el.is_op) {
      ++c.i;
      return std::move(el.expr);
    }
    if (el.op == OpK::PrefixRange) {
      ++c.i;
      auto r = mk(ExprKind::Range, el.span);
      r->inclusive = el.inclusive;
      if (at_operand_start(c)) {
        r->rhs = climb_expr(c, 4);
        r->span = r->span.to(r->rhs->span);
      } else if (el.inclusive) {
        err(el.span, "inclusive range with no end");
      }
      return r;
    }
    if (el.op == OpK::Let) {
      ++c.i;
      auto l = mk(ExprKind::Let, el.span);
      l->pat = std::move(el.pat);
      l->operand = climb_expr(c, 6);
      l->span = l->span.to(l->operand->span);
      return l;
    }
    // should not happen: an operator where an operand is expected
    ++c.i;
    return mk(ExprKind::Tuple, el.span);
  }
  P<Expr> climb_expr(Cursor& c, int min_prec) {
    P<Expr> lhs = climb_atom(c);
    while (c.i < c.v.size()) {
      Elem& op = c.v[c.i];
      if (!op.is_op || op.op == OpK::PrefixRange || op.op == OpK::Let) break;
      int p = prec_of(op);
      if (p < min_prec) break;
      ++c.i;
      switch (op.op) {
        case OpK::As: {
          auto e = mk(ExprKind::Cast, lhs->span.to(op.type->span));
          e->operand = std::move(lhs);
          e->type = std::move(op.type);
          lhs = std::move(e);
          break;
        }
        case OpK::Range: {
          auto e = mk(ExprKind::Range, lhs->span.to(op.span));
          e->inclusive = op.inclusive;
          e->lhs = std::move(lhs);
          if (at_operand_start(c)) {
            e->rhs = climb_expr(c, p + 1);
            e->span = e->span.to(e->rhs->span);
          } else if (op.inclusive) {
            err(op.span, "inclusive range with no end");
          }
          lhs = std::move(e);
          if (c.i < c.v.size() && c.v[c.i].is_op && c.v[c.i].op == OpK::Range)
            err(c.v[c.i].span, "range operators cannot be chained");
          break;
        }
        case OpK::Assign: case OpK::CompoundAssign: {
          auto rhs = climb_expr(c, p);  // right associative
          auto e = mk(op.op == OpK::Assign ? ExprKind::Assign : ExprKind::CompoundAssign, lhs->span.to(rhs->span));
          e->binop = op.bin;
          e->lhs = std::move(lhs);
          e->rhs = std::move(rhs);
          lhs = std::move(e);
          break;
        }
        default: {
          auto rhs = climb_expr(c, p + 1);
          auto e = mk(ExprKind::Binary, lhs->span.to(rhs->span));
          e->binop = op.bin;
          e->lhs = std::move(lhs);
          e->rhs = std::move(rhs);
          lhs = std::move(e);
          if (p == 6 && c.i < c.v.size() && c.v[c.i].is_op && is_cmp(c.v[c.i]))
            err(c.v[c.i].span, "comparison operators cannot be chained");
          break;
        }
      }
    }
    return lhs;
  }

  // --- operands
  P<Expr> apply_unary(P<Expr> e, const std::vector<G::UnaryOpContext*>& ops) {
    if (ops.size() > kMaxChain) throw TooDeep{sp(ops[0]), static_cast<uint32_t>(kMaxChain)};
    for (size_t k = ops.size(); k-- > 0;) {
      auto* u = ops[k];
      Span s = Span{bc_.file, sp(u).begin, e->span.end};
      int f = first(u);
      if (f == G::And || f == G::AndAnd) {
        auto a = mk(ExprKind::AddrOf, s);
        a->is_mut = tok(u, G::Mut) != nullptr;
        a->operand = std::move(e);
        e = std::move(a);
        if (f == G::AndAnd) {
          auto o = mk(ExprKind::AddrOf, s);
          o->operand = std::move(e);
          e = std::move(o);
        }
        continue;
      }
      auto n = mk(ExprKind::Unary, s);
      n->unop = f == G::Minus ? UnOp::Neg : f == G::Not ? UnOp::Not : UnOp::Deref;
      n->operand = std::move(e);
      e = std::move(n);
    }
    return e;
  }
  P<Expr> operand(G::OperandContext* c) {
    return apply_unary(postfix_ops(primary_any(c->primary()), c->postfixOp()), c->unaryOp());
  }
  P<Expr> operand_ss(G::OperandSSContext* c) {
    if (auto* pr = c->primary()) return apply_unary(postfix_ops(primary_any(pr), c->postfixOp()), c->unaryOp());
    return postfix_ops(primary_any(c->primarySS()), c->postfixOp());
  }
  void push_operand_ns(std::vector<Elem>& v, G::OperandNSContext* c) {
    if (auto* lp = c->letPrefix()) {
      Elem el;
      el.is_op = true;
      el.op = OpK::Let;
      el.span = sp(lp);
      el.pat = pattern(lp->pattern());
      v.push_back(std::move(el));
    }
    auto* pe = c->postfixExprNS();
    push_operand(v, apply_unary(postfix_ops(primary_any(pe->primaryNS()), pe->postfixOp()), c->unaryOp()));
  }
  P<Expr> postfix_ops(P<Expr> e, const std::vector<G::PostfixOpContext*>& ops) {
    if (ops.size() > kMaxChain) throw TooDeep{sp(ops[0]), static_cast<uint32_t>(kMaxChain)};
    for (size_t i = 0; i < ops.size(); ++i) {
      G::PostfixOpContext* next = i + 1 < ops.size() ? ops[i + 1] : nullptr;
      bool used = false;
      e = postfix_op(std::move(e), ops[i], next, used);
      if (used) ++i;
    }
    return e;
  }
  // `next` is the following op (a call after `.name` makes a method call; `used` reports that).
  P<Expr> postfix_op(P<Expr> e, G::PostfixOpContext* op, G::PostfixOpContext* next, bool& used) {
    int f = first(op);
    Span s{bc_.file, e->span.begin, sp(op).end};
    switch (f) {
      case G::Question: {
        auto t = mk(ExprKind::Try, s);
        t->operand = std::move(e);
        return t;
      }
      case G::Dot: return dot_suffix(std::move(e), op->dotSuffix(), tok(op, G::Dot), next, used);
      case G::LParen: {
        auto c = mk(ExprKind::Call, s);
        c->operand = std::move(e);
        call_args(op->callArgs(), c->args);
        return c;
      }
      default: {
        auto x = mk(ExprKind::Index, s);
        x->lhs = std::move(e);
        x->rhs = expr(op->expr());
        return x;
      }
    }
  }
  void call_args(G::CallArgsContext* c, std::vector<P<Expr>>& out) {
    if (!c) return;
    check_list(c);
    for (auto* x : c->expr()) out.push_back(expr(x));
  }
  P<Expr> dot_suffix(P<Expr> e, G::DotSuffixContext* ds, TerminalNode* dot, G::PostfixOpContext* next, bool& used) {
    Span s{bc_.file, e->span.begin, sp(ds).end};
    int f = first(ds);
    if (f == G::Await) {
      bc_.diags.report(DiagKind::AwaitKeyword, Span{bc_.file, sp(dot).begin, sp(ds).end});
      auto a = mk(ExprKind::Await, s);
      a->operand = std::move(e);
      return a;
    }
    if (f == G::IntLit) {
      auto t = mk(ExprKind::TupleField, s);
      std::string_view tx = text(ds->getStart());
      t->name = Ident{std::string(tx), sp(ds)};
      bool digits = !tx.empty() && std::all_of(tx.begin(), tx.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      if (!digits) err(sp(ds), "invalid tuple index `" + std::string(tx) + "`");
      t->operand = std::move(e);
      return t;
    }
    Ident name = ident(tok(ds, G::Ident));
    if (next && first(next) == G::LParen) {
      used = true;
      auto m = mk(ExprKind::MethodCall, Span{bc_.file, e->span.begin, sp(next).end});
      m->operand = std::move(e);
      m->name = std::move(name);
      if (auto* ga = ds->genericArgs()) m->generics = generic_args(ga);
      call_args(next->callArgs(), m->args);
      return m;
    }
    if (auto* ga = ds->genericArgs()) err(sp(ga), "field expressions cannot have generic arguments");
    auto fe = mk(ExprKind::Field, s);
    fe->operand = std::move(e);
    fe->name = std::move(name);
    return fe;
  }

  // primary / primarySS / primaryNS
  template <class C>
  P<Expr> primary_any(C* c) {
    Span s = sp(c);
    if (auto* l = c->literal()) return literal(l);
    if (auto* pe = c->pathExpr()) {
      Path p = path_expr(pe);
      if (auto* tt = c->delimTokenTree()) return macro_call(std::move(p), tt, s);
      if constexpr (requires { c->structLitBody(); }) {
        if (auto* sb = c->structLitBody()) return struct_lit(std::move(p), sb, s);
      }
      auto e = mk(ExprKind::Path, s);
      e->path = std::move(p);
      return e;
    }
    if (auto* pb = c->parenBody()) return paren(pb, s);
    if (auto* ab = c->arrayBody()) return array(ab, s);
    int f = first(c);
    if (f == G::Underscore) return mk(ExprKind::Underscore, s);
    if constexpr (std::is_same_v<C, G::PrimarySSContext>) {
      return mk(ExprKind::Tuple, s);  // unreachable
    } else {
      if (f == G::Async) {
        bc_.diags.report(DiagKind::AsyncKeyword, sp(c->getStart()));
        auto e = mk(ExprKind::Async, s);
        e->is_move = tok(c, G::Move) != nullptr;
        e->block = block(c->block());
        return e;
      }
      if constexpr (std::is_same_v<C, G::PrimaryContext>) {
        auto* bl = c->blockLike();
        if (auto* st = bl->blockLikeStart()) return block_like_start(st);
        auto e = mk(ExprKind::Unsafe, sp(bl));
        e->block = block(bl->block());
        return e;
      } else {
        // primaryNS: the block-like alternatives are inline
        if (f == G::Unsafe) {
          auto e = mk(ExprKind::Unsafe, s);
          e->block = block(c->block());
          return e;
        }
        return block_like_parts(c, s);
      }
    }
  }

  template <class C>
  P<Expr> block_like_parts(C* c, Span s) {
    std::optional<Lifetime> label;
    if (auto* lt = tok(c, G::Lifetime)) label = lifetime(lt);
    P<Expr> e;
    if (auto* x = c->ifExpr()) e = if_expr(x);
    else if (auto* x = c->matchExpr()) e = match_expr(x);
    else if (auto* x = c->loopExpr()) {
      e = mk(ExprKind::Loop, sp(x));
      e->block = block(x->block());
    } else if (auto* x = c->whileExpr()) {
      e = mk(ExprKind::While, sp(x));
      e->cond = expr_ns(x->exprNS());
      e->block = block(x->block());
    } else if (auto* x = c->forExpr()) {
      e = mk(ExprKind::For, sp(x));
      e->pat = pattern(x->pattern());
      e->iter = expr_ns(x->exprNS());
      e->block = block(x->block());
    } else {
      e = mk(ExprKind::Block, s);
      e->block = block(c->block());
    }
    if (label) {
      if (e->kind == ExprKind::If || e->kind == ExprKind::Match)
        err(label->span, "labels are only allowed on loops and blocks");
      e->label = std::move(label);
      e->span = s;
    }
    return e;
  }

  P<Expr> block_like_start(G::BlockLikeStartContext* c) { return block_like_parts(c, sp(c)); }

  P<Expr> if_expr(G::IfExprContext* c) {
    DepthGuard g(*this, c);
    auto e = mk(ExprKind::If, sp(c));
    e->cond = expr_ns(c->exprNS());
    auto bs = c->block();
    e->block = block(bs[0]);
    if (auto* ei = c->ifExpr()) e->else_branch = if_expr(ei);
    else if (bs.size() > 1) {
      auto b = mk(ExprKind::Block, sp(bs[1]));
      b->block = block(bs[1]);
      e->else_branch = std::move(b);
    }
    return e;
  }

  P<Expr> match_expr(G::MatchExprContext* c) {
    auto e = mk(ExprKind::Match, sp(c));
    e->iter = expr_ns(c->exprNS());
    G::MatchArmsContext* a = c->matchArms();
    while (a && a->pattern()) {
      MatchArm arm;
      arm.pat = pattern(a->pattern());
      if (auto* g = a->expr()) arm.guard = expr(g);
      P<Expr> body;
      if (auto* bl = a->blockLikeStart()) body = block_like_start(bl);
      else if (auto* ub = a->block()) {
        body = mk(ExprKind::Unsafe, Span{bc_.file, sp(tok(a, G::Unsafe)).begin, sp(ub).end});
        body->block = block(ub);
      } else body = expr_ss(a->exprSS());
      if (auto* sc = a->stmtCont()) {
        body = apply_postfix_ops(std::move(body), sc);
        std::vector<Elem> elems;
        push_operand(elems, std::move(body));
        flatten_rest(elems, a->exprRest());
        body = climb(elems);
      }
      arm.span = Span{bc_.file, arm.pat->span.begin, body->span.end};
      arm.body = std::move(body);
      e->arms.push_back(std::move(arm));
      a = a->matchArms();
    }
    return e;
  }

  P<Expr> prefix_low(G::PrefixLowContext* c) {
    DepthGuard g(*this, c);
    if (auto* cl = c->closure()) return closure(cl, cl->expr(), nullptr);
    return jump(c, c->expr() ? expr(c->expr()) : nullptr);
  }
  P<Expr> prefix_low_ns(G::PrefixLowNSContext* c) {
    DepthGuard g(*this, c);
    if (auto* cl = c->closureNS()) return closure(cl, nullptr, cl->exprNS());
    return jump(c, c->exprNS() ? expr_ns(c->exprNS()) : nullptr);
  }
  P<Expr> jump(ParserRuleContext* c, P<Expr> value) {
    int f = first(c);
    ExprKind k = f == G::Return ? ExprKind::Return : f == G::Break ? ExprKind::Break
               : f == G::Continue ? ExprKind::Continue : ExprKind::Yield;
    auto e = mk(k, sp(c));
    if (auto* lt = tok(c, G::Lifetime)) e->label = lifetime(lt);
    e->operand = std::move(value);
    return e;
  }
  template <class C>
  P<Expr> closure(C* c, G::ExprContext* body, G::ExprNSContext* body_ns) {
    auto e = mk(ExprKind::Closure, sp(c));
    e->is_move = tok(c, G::Move) != nullptr;
    // `async` closures stay plain closures in the AST, after the dedicated diagnostic.
    if (auto* a = tok(c, G::AsyncClosure)) bc_.diags.report(DiagKind::AsyncKeyword, sp(a));
    if (auto* ps = c->closureParams()) {
      check_list(ps);
      for (auto* p : ps->closureParam()) {
        ClosureParam cp;
        cp.span = sp(p);
        cp.pat = pat_no_top_alt(p->patNoTopAlt());
        if (auto* t = p->type_()) cp.type = type(t);
        e->params.push_back(std::move(cp));
      }
    }
    if (auto* rt = c->typeNoBounds()) {
      e->ret_type = type_no_bounds(rt);
      auto b = mk(ExprKind::Block, sp(c->block()));
      b->block = block(c->block());
      e->body = std::move(b);
    } else if (body) {
      e->body = expr(body);
    } else if (body_ns) {
      e->body = expr_ns(body_ns);
    }
    return e;
  }

  P<Expr> paren(G::ParenBodyContext* c, Span s) {
    auto xs = c->expr();
    bool comma = tok(c, G::Comma) != nullptr;
    if (xs.size() == 1 && !comma) {
      auto e = mk(ExprKind::Paren, s);
      e->operand = expr(xs[0]);
      return e;
    }
    check_list(c);
    auto e = mk(ExprKind::Tuple, s);
    for (auto* x : xs) e->args.push_back(expr(x));
    return e;
  }
  P<Expr> array(G::ArrayBodyContext* c, Span s) {
    auto xs = c->expr();
    if (tok(c, G::Semi)) {
      auto e = mk(ExprKind::ArrayRepeat, s);
      e->lhs = expr(xs[0]);
      e->rhs = expr(xs[1]);
      return e;
    }
    check_list(c);
    auto e = mk(ExprKind::Array, s);
    for (auto* x : xs) e->args.push_back(expr(x));
    return e;
  }
  P<Expr> struct_lit(Path p, G::StructLitBodyContext* c, Span s) {
    auto e = mk(ExprKind::StructLit, s);
    e->path = std::move(p);
    G::StructLitInnerContext* in = c->structLitInner();
    while (in) {
      if (tok(in, G::DotDot)) {
        if (auto* b = in->expr()) e->base = expr(b);
        else err(sp(in), "base expression required after `..`");
        break;
      }
      auto* f = in->structLitField();
      FieldInit fi;
      fi.span = sp(f);
      TerminalNode* n = tok(f, G::Ident);
      if (n) fi.name = ident(n);
      else {
        n = tok(f, G::IntLit);
        fi.name = Ident{std::string(text(n)), sp(n)};
      }
      if (auto* v = f->expr()) fi.value = expr(v);
      e->fields.push_back(std::move(fi));
      in = in->structLitInner();
    }
    return e;
  }
};

}  // namespace

void build_crate(G::Crate_Context* tree, BuildContext& bc, Crate& out) {
  Builder b(bc);
  try {
    b.crate(tree, out);
  } catch (TooDeep& td) {
    bc.diags.report(DiagKind::NestingTooDeep, td.span, td.limit);
    out.items.clear();
    out.attrs.clear();
  }
}

}  // namespace asr::syntax
