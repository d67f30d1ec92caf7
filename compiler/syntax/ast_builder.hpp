#pragma once
// The AST builder: parse tree (ANTLR contexts) -> AST (syntax/ast.hpp). One class, `Builder`,
// with its member functions split by what they build:
//   ast_builder.cpp           entry point, shared helpers, attributes, literals, macro calls
//   build_items.cpp           items, generics and where clauses, fn parameters, use trees
//   build_types_patterns.cpp  paths, types, patterns
//   build_exprs.cpp           blocks and statements, expressions, precedence climbing
//
// Expressions arrive as flat operand/operator sequences (see AsrParser.g4, `exprRest`);
// `climb` resolves precedence and associativity (Rust's table). Literals are decoded and
// validated here. Macro invocation arguments are re-parsed from their token trees with the
// `macroArgs` rule (SLL + bail); if that fails they are kept as raw text.
//
// The grammar has several copies of some rules (normal / no-struct-literal `...NS` /
// statement-start `...SS` / cast); where the copies differ only in their children, one
// template over the context type builds them all.
// Private to the syntax stage: the public entry point is build_crate (parse_internal.hpp).

#include <algorithm>
#include <cstring>

#include "syntax/parse_internal.hpp"

namespace asr::syntax::builder {

using namespace ast;
using G = gen::AsrParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

// Type tests without dynamic_cast (slow with the runtime's RTTI): our contexts are leaf
// classes deriving from AsrCtx, terminals are TerminalNodeImpl (we never build from error trees).
inline bool is_term(ParseTree* t) { return typeid(*t) == typeid(antlr4::tree::TerminalNodeImpl); }
inline int term_type(ParseTree* t) {
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

inline int prec_of(const Elem& e) {
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

inline bool is_cmp(const Elem& e) { return e.op == OpK::Bin && prec_of(e) == 6; }

// Thrown (and caught in build_crate) when the tree would be deeper than the limits below:
// the AST, its dump and its destructors are recursive, so their depth must stay bounded.
struct TooDeep {
  Span span;
  uint32_t limit;
};
constexpr uint32_t kMaxBuildDepth = 2048;   // nested expressions / types / patterns / blocks
constexpr size_t kMaxChain = 10000;         // operators in one expression, prefix operators

// The no-struct-literal copies of the expression rules (exprNS, exprRestNS, rangePrefixNS, ...)
// have the same shape as the normal ones, with `...NS` children; these pick the child of
// either copy so that one template builds both.
template <class C>
auto* operand_child(C* c) {
  if constexpr (requires { c->operandNS(); }) return c->operandNS();
  else return c->operand();
}
template <class C>
auto* rest_child(C* c) {
  if constexpr (requires { c->exprRestNS(); }) return c->exprRestNS();
  else return c->exprRest();
}
template <class C>
auto* prefix_low_child(C* c) {
  if constexpr (requires { c->prefixLowNS(); }) return c->prefixLowNS();
  else return c->prefixLow();
}
template <class C>
auto* range_prefix_child(C* c) {
  if constexpr (requires { c->rangePrefixNS(); }) return c->rangePrefixNS();
  else return c->rangePrefix();
}

class Builder {
 public:
  explicit Builder(BuildContext& bc) : bc_(bc) {
    if (bc_.next_expr_id == 0) bc_.next_expr_id = 1;
  }

  // The crate's top level, in source order: attributes and items, then crate_end().
  void crate_attr(G::AttrContext* a, Crate& out);
  void crate_item(G::ItemContext* it, Crate& out);
  void crate_end();
  // Destroys the macro arguments' parse trees (before the parse-tree arena is recycled).
  void release_sub_trees();

 private:
  BuildContext& bc_;
  std::vector<Attr> pending_;  // outer attributes waiting for their top-level item
  std::vector<std::vector<Elem>> elem_pool_;  // cleared operand/operator lists, for reuse
  std::optional<Lifetime>* param_lifetime_ = nullptr;  // set while building a fn's first param
  uint32_t depth_ = 0;
  uint32_t item_stmts_ = 0;  // items declared in blocks so far (see Item::body_has_items)

  // Parsers for macro arguments, one per macro nesting depth, reused (constructing an ANTLR
  // parser per macro call is comparatively expensive).
  struct SubParser {
    std::unique_ptr<LexTokenStream> stream;
    std::unique_ptr<FastAsrParser> parser;
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

  // ---------------------------------------------------------------- helpers (shared; small ones inline: they are hot)
  // The builder only sees trees of successful fast-pass parses, whose tokens are all LexToks
  // (a final class: these calls are not virtual).
  static const LexTok* lt(const Token* t) { return static_cast<const LexTok*>(t); }

  Span sp(ParserRuleContext* c) const {
    const LexTok* start = lt(c->start);
    const LexTok* stop = lt(c->stop);
    uint32_t b = static_cast<uint32_t>(start->getStartIndex());
    uint32_t e = b;
    if (stop && stop->getType() != Token::EOF && stop->getStopIndex() + 1 >= b &&
        stop->getTokenIndex() >= start->getTokenIndex())
      e = static_cast<uint32_t>(stop->getStopIndex()) + 1;
    return Span{bc_.file, b, e};
  }

  Span sp(const Token* tok) const {
    const LexTok* t = lt(tok);
    uint32_t b = static_cast<uint32_t>(t->getStartIndex());
    uint32_t e = t->getType() == Token::EOF ? b : static_cast<uint32_t>(t->getStopIndex()) + 1;
    return Span{bc_.file, b, e};
  }

  Span sp(TerminalNode* t) const { return sp(t->getSymbol()); }

  std::string_view text(const Token* tok) const {
    const LexTok* t = lt(tok);
    return bc_.text.substr(t->getStartIndex(), t->getStopIndex() + 1 - t->getStartIndex());
  }

  std::string_view text(TerminalNode* t) const { return text(t->getSymbol()); }

  std::string_view text(Span s) const { return bc_.text.substr(s.begin, s.end - s.begin); }

  static TerminalNode* tok(ParserRuleContext* c, int type) { return c->getToken(type, 0); }

  static int first(ParserRuleContext* c) { return static_cast<int>(lt(c->start)->getType()); }

  void err(Span s, std::string msg) { bc_.diags.report(DiagKind::SyntaxError, s, std::move(msg)); }

  P<Expr> mk(ExprKind k, Span s) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->span = s;
    e->id = bc_.next_expr_id++;
    return e;
  }

  // `-operand` (negative literals in patterns and const generic arguments).
  P<Expr> negated(P<Expr> operand, Span s) {
    auto n = mk(ExprKind::Unary, s);
    n->unop = UnOp::Neg;
    n->operand = std::move(operand);
    return n;
  }
  P<Expr> block_expr(G::BlockContext* b) {
    auto e = mk(ExprKind::Block, sp(b));
    e->block = block(b);
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
  void check_list(ParserRuleContext* c);

  // ---------------------------------------------------------------- attrs (ast_builder.cpp)
  Attr attr(G::AttrContext* c);
  size_t global_index(const Token* t) const;
  std::vector<Attr> attrs(const std::vector<G::AttrContext*>& v);

  // ---------------------------------------------------------------- paths (build_types_patterns.cpp)
  PathSegment seg(G::PathIdentContext* c);
  Path simple_path(G::SimplePathContext* c);
  // Expression / pattern paths: `a::b::<T>::c`, `<T as Tr>::x`.
  Path path_expr(G::PathExprContext* c);
  Path qualified_path_prefix(ParserRuleContext* whole, G::Type_Context* self, G::TypePathContext* trait);
  Path plain_path(ParserRuleContext* c);
  void attach_generics(Path& p, G::GenericArgsContext* ga);
  Path type_path(G::TypePathContext* c);
  Path type_path_simple(G::TypePathSimpleContext* c);
  PathSegment type_seg(G::TypeSegContext* c);
  void attach_fn_sugar(Path& p, G::FnSugarContext* fs);
  std::unique_ptr<GenericArgs> generic_args(G::GenericArgsContext* c);

  // ---------------------------------------------------------------- types (build_types_patterns.cpp)
  P<Type> type(G::Type_Context* c);
  P<Type> type_no_bounds(G::TypeNoBoundsContext* c);
  P<Type> path_type(G::TypePathContext* p, Span s);
  P<Type> type_np(G::TypeNoBoundsNoPathNoNeverContext* c);
  template <class C>
  P<Type> shared_type_form(C* c, int f, Span s);
  P<Type> pointee(G::TypeNoBoundsNoPathNoNeverContext* c);
  P<Type> pointee(G::CastTypeContext* c);
  P<Type> fn_ptr(G::FnPtrTypeContext* c, Span s);
  P<Type> cast_type(G::CastTypeContext* c);
  P<Type> impl_type(G::ImplTypeContext* c);
  std::vector<TypeBound> type_bounds(G::TypeBoundsContext* c);
  TypeBound type_bound(G::TypeBoundContext* c);
  std::vector<Lifetime> for_lifetimes(G::ForLifetimesContext* c);

  // ---------------------------------------------------------------- generics (build_items.cpp)
  void generic_params(G::GenericParamsContext* c, Generics& g);
  std::vector<TypeBound> lifetime_bounds(G::LifetimeBoundsContext* c);
  P<Expr> const_arg(G::ConstArgContext* c);
  void where_clause(G::WhereClauseContext* c, Generics& g);

  // ---------------------------------------------------------------- items (build_items.cpp)
  Visibility vis_of(ParserRuleContext* c);
  struct Quals {
    bool is_const = false, is_async = false, is_unsafe = false;
    Span async_span;
  };

  void add_qual(Quals& q, const Token* t);
  P<Item> item(G::ItemContext* c, std::vector<Attr> at);
  P<Item> new_item(ItemKind k, Span s, std::vector<Attr> at, Visibility v, const Quals& q);
  void item_list(const std::vector<ParseTree*>& children, std::vector<P<Item>>& out);
  P<Item> item_core(G::ItemCoreContext* c, Quals q, Visibility v, std::vector<Attr> at, Span s);
  P<Item> item_core_kw(G::ItemCoreKwContext* c, Quals q, Visibility v, std::vector<Attr> at, Span s);
  void check_no_quals(const Quals& q, Span s);
  template <class C>
  void struct_body(C* c, StructKind& kind, std::vector<FieldDef>& fields);
  void field_defs(G::FieldDefsContext* c, std::vector<FieldDef>& out);
  void tuple_fields(G::TupleFieldsContext* c, std::vector<FieldDef>& out);
  UseTree use_tree(G::UseTreeContext* c);
  P<Item> fn_item(G::FnItemContext* f, Quals q, Visibility v, std::vector<Attr> at, Span s, bool ext);
  static bool is_self_path_pat(const Pat& p) {
    return p.kind == PatKind::Path && p.path.segments.size() == 1 && !p.path.global &&
           p.path.segments[0].name.name == "self" && !p.path.segments[0].generics;
  }

  void fn_param(G::FnParamContext* p, FnDecl& fn, bool first_p);

  // ---------------------------------------------------------------- patterns (build_types_patterns.cpp)
  P<Pat> pattern(G::PatternContext* c);
  P<Pat> pat_no_top_alt(G::PatNoTopAltContext* c);
  P<Expr> lit_pat(G::LitPatContext* c);
  P<Expr> range_end(G::PatRangeEndContext* c);
  void pat_list(ParserRuleContext* c, const std::vector<G::PatternContext*>& ps, std::vector<P<Pat>>& out);
  P<Pat> pat_no_mut(G::PatNoMutContext* c);

  // ---------------------------------------------------------------- literals (ast_builder.cpp)
  P<Expr> literal(G::LiteralContext* c) { return literal_token(c->getStart()); }
  // The tokens of the `literal` rule (written out in the operand rules).
  static bool is_literal_token(int t) {
    switch (t) {
      case G::IntLit: case G::FloatLit: case G::StrLit: case G::RawStrLit: case G::ByteStrLit:
      case G::RawByteStrLit: case G::CStrLit: case G::CharLit: case G::ByteLit: case G::True:
      case G::False:
        return true;
      default:
        return false;
    }
  }

  void invalid_escape(Span s, std::string_view esc);
  // Decodes the escapes of a (non-raw) string/char body `[b, e)` (absolute byte offsets).
  // `byte` selects byte-literal rules (`\xFF` allowed, no `\u`). Appends UTF-8 to `out` and
  // code points to `cps` (if given). Returns false if an error was reported.
  bool decode_body(uint32_t b, uint32_t e, bool byte, std::string& out, std::vector<uint32_t>* cps);
  std::string decode_string_value(Span s, bool raw, bool byte);
  static bool valid_int_suffix(std::string_view s);
  P<Expr> literal_token(const Token* t);

  // ---------------------------------------------------------------- macros (ast_builder.cpp)
  std::string inner_text(ParserRuleContext* tt) const;
  // `tt` is a delimited token tree (delimTokenTree / braceTokenTree / parenTokenTree).
  P<Expr> macro_call(Path path, ParserRuleContext* tt, Span s);
  P<Expr> matches_macro(SubParser& sub, Span s);

  // ---------------------------------------------------------------- blocks (build_exprs.cpp)
  P<Block> block(G::BlockContext* c);
  void push_expr_stmt(Block& blk, StmtKind k, P<Expr> e, TerminalNode* semi);
  G::BlockBodyContext* stmt_or_tail(Block& blk, P<Expr> e, TerminalNode* semi, G::BlockBodyContext* next);
  P<Expr> expr_continued(P<Expr> e, G::ExprRestContext* rest);
  P<Expr> destructuring_assign(P<Expr> lhs, P<Expr> rhs, Span span);
  void push_item_stmt(Block& blk, P<Item> it);
  // A statement starting with a path (`m! { }`, `m!(..);`, `x = 1;`, `S { .. }.f()`, ...).
  G::BlockBodyContext* path_stmt(Block& blk, G::PathExprContext* pe, G::PathStmtRestContext* r, bool& blocklike);
  // Handles what follows a block-like expression statement; returns the next blockBody.
  G::BlockBodyContext* block_like_cont(Block& blk, P<Expr> e, G::BlockLikeContContext* c, bool& blocklike);
  P<Expr> apply_postfix_ops(P<Expr> e, G::StmtContContext* c);

  // ---------------------------------------------------------------- expressions (build_exprs.cpp)
  P<Expr> expr(G::ExprContext* c);
  P<Expr> expr_ss(G::ExprSSContext* c);
  P<Expr> expr_ss_no_path(G::ExprSSNoPathContext* c);
  P<Expr> primary_no_path(G::PrimarySSNoPathContext* c);
  P<Expr> expr_ns(G::ExprNSContext* c);
  template <class C, class PushFirst>
  P<Expr> expr_sequence(C* c, PushFirst push_first);
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

  void bin_op(std::vector<Elem>& v, G::BinOpContext* c);
  template <class RangePrefix>
  void flatten_range_prefix(std::vector<Elem>& v, RangePrefix* rp);
  template <class Rest>
  void flatten_rest(std::vector<Elem>& v, Rest* r);
  // --- precedence climbing over the flat list
  struct Cursor {
    std::vector<Elem>& v;
    size_t i = 0;
  };

  static bool at_operand_start(Cursor& c) {
    return c.i < c.v.size() &&
           (!c.v[c.i].is_op || c.v[c.i].op == OpK::PrefixRange || c.v[c.i].op == OpK::Let);
  }

  P<Expr> climb(std::vector<Elem>& v);
  P<Expr> climb_atom(Cursor& c);
  P<Expr> climb_expr(Cursor& c, int min_prec);
  // --- operands
  P<Expr> apply_unary(P<Expr> e, const std::vector<G::UnaryOpContext*>& ops);
  P<Expr> operand(G::OperandContext* c);
  P<Expr> operand_ss(G::OperandSSContext* c);
  void push_operand(std::vector<Elem>& v, G::OperandContext* c);
  void push_operand(std::vector<Elem>& v, G::OperandNSContext* c);  // with its `let` prefix
  P<Expr> postfix_ops(P<Expr> e, const std::vector<G::PostfixOpContext*>& ops);
  // `next` is the following op (a call after `.name` makes a method call; `used` reports that).
  P<Expr> postfix_op(P<Expr> e, G::PostfixOpContext* op, G::PostfixOpContext* next, bool& used);
  void call_args(G::CallArgsContext* c, std::vector<P<Expr>>& out);
  P<Expr> dot_suffix(P<Expr> e, G::DotSuffixContext* ds, TerminalNode* dot, G::PostfixOpContext* next, bool& used);
  // primary / primarySS / primaryNS
  template <class C>
  P<Expr> primary_any(C* c);
  template <class C>
  P<Expr> block_like_parts(C* c, Span s);
  P<Expr> block_like_start(G::BlockLikeStartContext* c);

  P<Expr> if_expr(G::IfExprContext* c);
  P<Expr> match_expr(G::MatchExprContext* c);
  P<Expr> prefix_low(G::PrefixLowContext* c);
  P<Expr> prefix_low(G::PrefixLowNSContext* c);
  P<Expr> jump(ParserRuleContext* c, P<Expr> value);
  template <class C>
  P<Expr> closure(C* c, G::ExprContext* body, G::ExprNSContext* body_ns);
  P<Expr> paren(G::ParenBodyContext* c, Span s);
  P<Expr> array(G::ArrayBodyContext* c, Span s);
  P<Expr> struct_lit(Path p, G::StructLitBodyContext* c, Span s);
};

}  // namespace asr::syntax::builder
