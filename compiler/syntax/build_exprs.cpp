// AST builder: blocks and statements, expressions, precedence climbing.

#include "syntax/ast_builder.hpp"

namespace asr::syntax::builder {

// ------------------------------------------------------------------------------- blocks
P<Block> Builder::block(G::BlockContext* c) {
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
    // the statement's alternative of blockBody: its first token follows the attributes
    G::BlockBodyContext* s = body;
    const Token* s_start = nullptr;
    for (ParseTree* ch : s->children) {
      if (as<G::AttrContext>(ch)) continue;
      s_start = is_term(ch) ? static_cast<TerminalNode*>(ch)->getSymbol() : static_cast<ParserRuleContext*>(ch)->start;
      break;
    }
    body = nullptr;
    int f = static_cast<int>(lt(s_start)->getType());
    bool blocklike = false;
    if (f == G::RBrace) break;
    if (f == G::Semi) {
      if (last_was_blocklike && !blk->stmts.empty() &&
          (blk->stmts.back()->kind == StmtKind::Expr || blk->stmts.back()->kind == StmtKind::MacroCall)) {
        if (blk->stmts.back()->kind == StmtKind::Expr) blk->stmts.back()->kind = StmtKind::Semi;
        blk->stmts.back()->span.end = sp(s_start).end;
      } else {
        auto st = std::make_unique<Stmt>();
        st->kind = StmtKind::Empty;
        st->span = sp(s_start);
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
          e = mk(ExprKind::Unsafe, Span{bc_.file, sp(s_start).begin, sp(b).end});
        } else {
          e = mk(ExprKind::Async, Span{bc_.file, sp(s_start).begin, sp(b).end});
          e->is_move = tok(s, G::Move) != nullptr;
          bc_.diags.report(DiagKind::AsyncKeyword, sp(s_start));
        }
        e->block = block(b);
        body = block_like_cont(*blk, std::move(e), s->blockLikeCont(), blocklike);
      } else {
        Quals q;
        add_qual(q, s_start);
        for (auto* iq : s->itemQual()) add_qual(q, iq->getStart());
        Span is{bc_.file, sp(s_start).begin, sp(s->itemCore()).end};
        push_item_stmt(*blk, item_core(s->itemCore(), q, Visibility{}, std::move(pending), is));
        body = s->blockBody();
      }
    } else if (auto* bl = s->blockLikeStart()) {
      body = block_like_cont(*blk, block_like_start(bl), s->blockLikeCont(), blocklike);
    } else if (auto* pe = s->pathExpr()) {
      body = path_stmt(*blk, pe, s->pathStmtRest(), blocklike);
    } else if (auto* es = s->exprSSNoPath()) {
      body = stmt_or_tail(*blk, expr_ss_no_path(es), tok(s, G::Semi), s->blockBody());
    }
    last_was_blocklike = blocklike;
  }
  if (!blk->tail && !blk->stmts.empty() && blk->stmts.back()->kind == StmtKind::Expr) {
    blk->tail = std::move(blk->stmts.back()->expr);
    blk->stmts.pop_back();
  }
  return blk;
}

// Appends the expression statement `e`, spanning `e` and the `;` if given.
void Builder::push_expr_stmt(Block& blk, StmtKind k, P<Expr> e, TerminalNode* semi) {
  auto st = std::make_unique<Stmt>();
  st->kind = k;
  st->span = semi ? Span{bc_.file, e->span.begin, sp(semi).end} : e->span;
  st->expr = std::move(e);
  blk.stmts.push_back(std::move(st));
}

// `e;` is a statement, after which the block goes on with `next`; `e` without `;` ends the
// block as its tail (returns null).
G::BlockBodyContext* Builder::stmt_or_tail(Block& blk, P<Expr> e, TerminalNode* semi, G::BlockBodyContext* next) {
  if (!semi) {
    blk.tail = std::move(e);
    return nullptr;
  }
  StmtKind k = e->kind == ExprKind::MacroCall ? StmtKind::MacroCall : StmtKind::Semi;
  push_expr_stmt(blk, k, std::move(e), semi);
  return next;
}

// `(a, b) = (b, a % b)`, `[x, _] = arr`, `_ = f()`: a destructuring assignment, desugared as
// rustc does into `{ let (lhs$0, lhs$1) = (b, a % b); a = lhs$0; b = lhs$1; }` (the value
// first, then each place in order; `$` keeps the temporaries' names out of the user's way).
P<Expr> Builder::destructuring_assign(P<Expr> lhs, P<Expr> rhs, Span span) {
  std::vector<P<Stmt>> assigns;
  uint32_t temps = 0;
  std::function<P<Pat>(P<Expr>)> to_pat = [&](P<Expr> e) -> P<Pat> {
    switch (e->kind) {
      case ExprKind::Tuple:
      case ExprKind::Array: {
        auto p = mkpat(e->kind == ExprKind::Tuple ? PatKind::Tuple : PatKind::Slice, e->span);
        for (auto& a : e->args) p->elems.push_back(to_pat(std::move(a)));
        return p;
      }
      case ExprKind::Underscore: return mkpat(PatKind::Wild, e->span);
      case ExprKind::Range:
        if (!e->lhs && !e->rhs) return mkpat(PatKind::Rest, e->span);  // `(a, ..) = t`
        break;
      default: break;
    }
    // A place: bound to a temporary, then assigned from it.
    Ident temp{"lhs$" + std::to_string(temps++), e->span};
    auto p = mkpat(PatKind::Ident, e->span);
    p->name = temp;
    auto use = mk(ExprKind::Path, e->span);
    use->path.segments.push_back(PathSegment{temp, nullptr});
    use->path.span = e->span;
    auto assign = mk(ExprKind::Assign, e->span);
    assign->lhs = std::move(e);
    assign->rhs = std::move(use);
    auto st = std::make_unique<Stmt>();
    st->kind = StmtKind::Semi;
    st->span = assign->span;
    st->expr = std::move(assign);
    assigns.push_back(std::move(st));
    return p;
  };
  auto let = std::make_unique<Stmt>();
  let->kind = StmtKind::Let;
  let->span = span;
  let->pat = to_pat(std::move(lhs));
  let->init = std::move(rhs);
  auto e = mk(ExprKind::Block, span);
  e->block = std::make_unique<Block>();
  e->block->span = span;
  e->block->stmts.push_back(std::move(let));
  for (auto& st : assigns) e->block->stmts.push_back(std::move(st));
  return e;
}

// `e` followed by the operators and operands of `rest`, precedence-climbed.
P<Expr> Builder::expr_continued(P<Expr> e, G::ExprRestContext* rest) {
  std::vector<Elem> elems;
  push_operand(elems, std::move(e));
  flatten_rest(elems, rest);
  return climb(elems);
}

void Builder::push_item_stmt(Block& blk, P<Item> it) {
  ++item_stmts_;
  auto st = std::make_unique<Stmt>();
  st->kind = StmtKind::Item;
  st->span = it->span;
  st->item = std::move(it);
  blk.stmts.push_back(std::move(st));
}

// A statement starting with a path (`m! { }`, `m!(..);`, `x = 1;`, `S { .. }.f()`, ...).
G::BlockBodyContext* Builder::path_stmt(Block& blk, G::PathExprContext* pe, G::PathStmtRestContext* r, bool& blocklike) {
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
        push_expr_stmt(blk, StmtKind::MacroCall, std::move(e), nullptr);
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
  P<Expr> full = expr_continued(postfix_ops(std::move(e), r->postfixOp()), r->exprRest());
  return stmt_or_tail(blk, std::move(full), tok(r, G::Semi), r->blockBody());
}

// Handles what follows a block-like expression statement; returns the next blockBody.
G::BlockBodyContext* Builder::block_like_cont(Block& blk, P<Expr> e, G::BlockLikeContContext* c, bool& blocklike) {
  if (!c->stmtCont()) {
    push_expr_stmt(blk, StmtKind::Expr, std::move(e), nullptr);
    blocklike = true;
    return c->blockBody();
  }
  // After `?` or `.x` the expression is no macro call, so the statement is always `Semi`.
  P<Expr> full = expr_continued(apply_postfix_ops(std::move(e), c->stmtCont()), c->exprRest());
  return stmt_or_tail(blk, std::move(full), tok(c, G::Semi), c->blockBody());
}

P<Expr> Builder::apply_postfix_ops(P<Expr> e, G::StmtContContext* c) {
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
// expr / exprSS / exprSSNoPath / exprNS: `prefixLow | rangePrefix | operand exprRest`, where
// only the first operand's rule differs between the copies (`push_first` pushes it).
template <class C, class PushFirst>
P<Expr> Builder::expr_sequence(C* c, PushFirst push_first) {
  DepthGuard g(*this, c);
  if (auto* pl = prefix_low_child(c)) return prefix_low(pl);
  // (the element lists are recycled: one malloc less per expression)
  std::vector<Elem> elems;
  if (!elem_pool_.empty()) {
    elems = std::move(elem_pool_.back());
    elem_pool_.pop_back();
  }
  if (auto* rp = range_prefix_child(c)) {
    flatten_range_prefix(elems, rp);
  } else {
    push_first(elems);
    flatten_rest(elems, rest_child(c));
  }
  P<Expr> e = climb(elems);
  elems.clear();
  elem_pool_.push_back(std::move(elems));
  return e;
}

P<Expr> Builder::expr(G::ExprContext* c) {
  return expr_sequence(c, [&](std::vector<Elem>& v) { push_operand(v, c->operand()); });
}

P<Expr> Builder::expr_ss(G::ExprSSContext* c) {
  return expr_sequence(c, [&](std::vector<Elem>& v) { push_operand(v, operand_ss(c->operandSS())); });
}

P<Expr> Builder::expr_ss_no_path(G::ExprSSNoPathContext* c) {
  return expr_sequence(c, [&](std::vector<Elem>& v) {
    auto* o = c->operandSSNoPath();
    P<Expr> first_e;
    if (auto* pr = o->primary()) first_e = apply_unary(postfix_ops(primary_any(pr), o->postfixOp()), o->unaryOp());
    else first_e = postfix_ops(primary_no_path(o->primarySSNoPath()), o->postfixOp());
    push_operand(v, std::move(first_e));
  });
}

P<Expr> Builder::expr_ns(G::ExprNSContext* c) {
  return expr_sequence(c, [&](std::vector<Elem>& v) { push_operand(v, c->operandNS()); });
}

P<Expr> Builder::primary_no_path(G::PrimarySSNoPathContext* c) {
  Span s = sp(c);
  if (is_literal_token(first(c))) return literal_token(c->start);
  if (auto* pb = c->parenBody()) return paren(pb, s);
  if (auto* ab = c->arrayBody()) return array(ab, s);
  return mk(ExprKind::Underscore, s);
}

void Builder::bin_op(std::vector<Elem>& v, G::BinOpContext* c) {
  Span s = sp(c);
  const auto& kids = c->children;
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

// rangePrefix / rangePrefixNS: `..`, `..=` with an optional operand and the rest after it.
template <class RangePrefix>
void Builder::flatten_range_prefix(std::vector<Elem>& v, RangePrefix* rp) {
  push_op(v, OpK::PrefixRange, sp(rp->rangeOp()), BinOp::Add, first(rp->rangeOp()) == G::DotDotEq);
  if (auto* o = operand_child(rp)) {
    push_operand(v, o);
    flatten_rest(v, rest_child(rp));
  }
}

// exprRest / exprRestNS: appends the operators and operands after the first operand.
template <class Rest>
void Builder::flatten_rest(std::vector<Elem>& v, Rest* r) {
  while (r && !r->children.empty()) {
    if (auto* b = r->binOp()) {
      bin_op(v, b);
      if (auto* o = operand_child(r)) {
        push_operand(v, o);
        r = rest_child(r);
        continue;
      }
      if (auto* pl = prefix_low_child(r)) push_operand(v, prefix_low(pl));
      else if (auto* rp = range_prefix_child(r)) flatten_range_prefix(v, rp);
      return;
    }
    if (auto* ct = r->castType()) {
      Elem el;
      el.is_op = true;
      el.op = OpK::As;
      el.span = sp(tok(r, G::As));
      el.type = cast_type(ct);
      v.push_back(std::move(el));
      r = rest_child(r);
      continue;
    }
    if (auto* ro = r->rangeOp()) {
      push_op(v, OpK::Range, sp(ro), BinOp::Add, first(ro) == G::DotDotEq);
      if (auto* o = operand_child(r)) {
        push_operand(v, o);
        r = rest_child(r);
        continue;
      }
      return;
    }
    return;
  }
}

P<Expr> Builder::climb(std::vector<Elem>& v) {
  if (v.size() > 2 * kMaxChain) {
    Span s = v[0].is_op ? v[0].span : v[0].expr ? v[0].expr->span : Span{};
    throw TooDeep{s, static_cast<uint32_t>(kMaxChain)};
  }
  Cursor c{v, 0};
  P<Expr> e = climb_expr(c, 0);
  return e;
}

P<Expr> Builder::climb_atom(Cursor& c) {
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

P<Expr> Builder::climb_expr(Cursor& c, int min_prec) {
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
        if (op.op == OpK::Assign && (lhs->kind == ExprKind::Tuple || lhs->kind == ExprKind::Array ||
                                     lhs->kind == ExprKind::Underscore)) {
          Span s = lhs->span.to(rhs->span);
          lhs = destructuring_assign(std::move(lhs), std::move(rhs), s);
          break;
        }
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
P<Expr> Builder::apply_unary(P<Expr> e, const std::vector<G::UnaryOpContext*>& ops) {
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

void Builder::push_operand(std::vector<Elem>& v, G::OperandContext* c) { push_operand(v, operand(c)); }

P<Expr> Builder::operand(G::OperandContext* c) {
  return apply_unary(postfix_ops(primary_any(c->primary()), c->postfixOp()), c->unaryOp());
}

P<Expr> Builder::operand_ss(G::OperandSSContext* c) {
  if (auto* pr = c->primary()) return apply_unary(postfix_ops(primary_any(pr), c->postfixOp()), c->unaryOp());
  return postfix_ops(primary_any(c->primarySS()), c->postfixOp());
}

void Builder::push_operand(std::vector<Elem>& v, G::OperandNSContext* c) {
  if (auto* lp = c->letPrefix()) {
    Elem el;
    el.is_op = true;
    el.op = OpK::Let;
    el.span = sp(lp);
    el.pat = pattern(lp->pattern());
    v.push_back(std::move(el));
  }
  push_operand(v, apply_unary(postfix_ops(primary_any(c->primaryNS()), c->postfixOp()), c->unaryOp()));
}

P<Expr> Builder::postfix_ops(P<Expr> e, const std::vector<G::PostfixOpContext*>& ops) {
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
P<Expr> Builder::postfix_op(P<Expr> e, G::PostfixOpContext* op, G::PostfixOpContext* next, bool& used) {
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
      x->name.span = sp(op);  // `[i]`: where an overloaded index (Vec's) panics, as rustc reports it
      x->lhs = std::move(e);
      x->rhs = expr(op->expr());
      return x;
    }
  }
}

void Builder::call_args(G::CallArgsContext* c, std::vector<P<Expr>>& out) {
  if (!c) return;
  check_list(c);
  for (auto* x : c->expr()) out.push_back(expr(x));
}

P<Expr> Builder::dot_suffix(P<Expr> e, G::DotSuffixContext* ds, TerminalNode* dot, G::PostfixOpContext* next, bool& used) {
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
P<Expr> Builder::primary_any(C* c) {
  Span s = sp(c);
  if (is_literal_token(first(c))) return literal_token(c->start);
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

P<Expr> Builder::block_like_start(G::BlockLikeStartContext* c) { return block_like_parts(c, sp(c)); }

template <class C>
P<Expr> Builder::block_like_parts(C* c, Span s) {
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

P<Expr> Builder::if_expr(G::IfExprContext* c) {
  DepthGuard g(*this, c);
  auto e = mk(ExprKind::If, sp(c));
  e->cond = expr_ns(c->exprNS());
  auto bs = c->block();
  e->block = block(bs[0]);
  if (auto* ei = c->ifExpr()) e->else_branch = if_expr(ei);
  else if (bs.size() > 1) {
    e->else_branch = block_expr(bs[1]);
  }
  return e;
}

P<Expr> Builder::match_expr(G::MatchExprContext* c) {
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
    if (auto* sc = a->stmtCont()) body = expr_continued(apply_postfix_ops(std::move(body), sc), a->exprRest());
    arm.span = Span{bc_.file, arm.pat->span.begin, body->span.end};
    arm.body = std::move(body);
    e->arms.push_back(std::move(arm));
    a = a->matchArms();
  }
  return e;
}

P<Expr> Builder::prefix_low(G::PrefixLowContext* c) {
  DepthGuard g(*this, c);
  if (auto* cl = c->closure()) {
    P<Expr> e = closure(cl, cl->expr(), nullptr);
    int f = first(c);
    if (f != G::And && f != G::AndAnd) return e;
    // `&|x| x + 1` (`&&|x| ..` is a reference to one)
    for (int k = f == G::AndAnd ? 2 : 1; k-- > 0;) {
      auto a = mk(ExprKind::AddrOf, Span{bc_.file, sp(c).begin, e->span.end});
      a->is_mut = k == 0 && tok(c, G::Mut) != nullptr;
      a->operand = std::move(e);
      e = std::move(a);
    }
    return e;
  }
  return jump(c, c->expr() ? expr(c->expr()) : nullptr);
}

P<Expr> Builder::prefix_low(G::PrefixLowNSContext* c) {
  DepthGuard g(*this, c);
  if (auto* cl = c->closureNS()) return closure(cl, nullptr, cl->exprNS());
  return jump(c, c->exprNS() ? expr_ns(c->exprNS()) : nullptr);
}

P<Expr> Builder::jump(ParserRuleContext* c, P<Expr> value) {
  int f = first(c);
  ExprKind k = f == G::Return ? ExprKind::Return : f == G::Break ? ExprKind::Break
             : f == G::Continue ? ExprKind::Continue : ExprKind::Yield;
  auto e = mk(k, sp(c));
  if (auto* lt = tok(c, G::Lifetime)) e->label = lifetime(lt);
  e->operand = std::move(value);
  return e;
}

template <class C>
P<Expr> Builder::closure(C* c, G::ExprContext* body, G::ExprNSContext* body_ns) {
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
    e->body = block_expr(c->block());
  } else if (body) {
    e->body = expr(body);
  } else if (body_ns) {
    e->body = expr_ns(body_ns);
  }
  return e;
}

P<Expr> Builder::paren(G::ParenBodyContext* c, Span s) {
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

P<Expr> Builder::array(G::ArrayBodyContext* c, Span s) {
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

P<Expr> Builder::struct_lit(Path p, G::StructLitBodyContext* c, Span s) {
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


}  // namespace asr::syntax::builder
