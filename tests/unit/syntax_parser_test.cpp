// Parser / AST builder tests: precedence, statement rules, items, patterns, literals,
// macro arguments, error messages and robustness.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "syntax/syntax.hpp"

using namespace asr;
using namespace asr::ast;

namespace {

struct Parsed {
  SourceManager sm;
  FileId file;
  std::unique_ptr<Diagnostics> diags;
  std::unique_ptr<Crate> crate;
  uint32_t next_id = 1;
  std::string errors() const {
    std::string out;
    for (auto& d : diags->all()) {
      LineCol lc = sm.line_col(d.span);
      out += std::to_string(lc.line) + ":" + std::to_string(lc.col) + " " + d.message + "\n";
    }
    return out;
  }
  std::string dump() const { return syntax::dump_ast(*crate, sm); }
};

std::unique_ptr<Parsed> parse(const std::string& src) {
  auto p = std::make_unique<Parsed>();
  p->file = p->sm.add("t.asr", src);
  p->diags = std::make_unique<Diagnostics>(p->sm);
  p->crate = syntax::parse(p->sm, p->file, *p->diags, p->next_id);
  return p;
}

std::string type_s(const Type& t);

std::string path_s(const Path& p) {
  std::string s = p.global ? "::" : "";
  for (size_t i = 0; i < p.segments.size(); ++i) {
    if (i) s += "::";
    s += p.segments[i].name.name;
    if (auto& g = p.segments[i].generics) {
      s += "<";
      for (size_t k = 0; k < g->args.size(); ++k) {
        if (k) s += ",";
        if (g->args[k].type) s += type_s(*g->args[k].type);
      }
      s += ">";
    }
  }
  return s;
}

std::string type_s(const Type& t) {
  switch (t.kind) {
    case TypeKind::Path: return path_s(t.path);
    case TypeKind::Ref: return std::string("&") + (t.is_mut ? "mut " : "") + type_s(*t.elem);
    default: return "?";
  }
}

std::string pat_s(const Pat& p);

// Compact S-expression of an expression, for precedence tests.
std::string sx(const Expr& e) {
  auto kids = [&](std::string head, std::initializer_list<const Expr*> xs) {
    std::string s = "(";  // (not `"(" + head`: GCC 12 -Wrestrict false positive)
    s += head;
    for (auto* x : xs)
      if (x) {
        s += ' ';
        s += sx(*x);
      }
    return s + ")";
  };
  switch (e.kind) {
    case ExprKind::Lit: return e.lit.text;
    case ExprKind::Path: return path_s(e.path);
    case ExprKind::Unary: return kids(unop_str(e.unop), {e.operand.get()});
    case ExprKind::AddrOf: return kids(e.is_mut ? "&mut" : "&", {e.operand.get()});
    case ExprKind::Binary: return kids(binop_str(e.binop), {e.lhs.get(), e.rhs.get()});
    case ExprKind::Assign: return kids("=", {e.lhs.get(), e.rhs.get()});
    case ExprKind::CompoundAssign: return kids(std::string(binop_str(e.binop)) + "=", {e.lhs.get(), e.rhs.get()});
    case ExprKind::Cast: return "(as " + sx(*e.operand) + " " + type_s(*e.type) + ")";
    case ExprKind::Range:
      return std::string("(") + (e.inclusive ? "..=" : "..") + (e.lhs ? " " + sx(*e.lhs) : " _") +
             (e.rhs ? " " + sx(*e.rhs) : " _") + ")";
    case ExprKind::Call: {
      std::string s = "(call " + sx(*e.operand);
      for (auto& a : e.args) s += " " + sx(*a);
      return s + ")";
    }
    case ExprKind::MethodCall: {
      std::string s = "(." + e.name.name + " " + sx(*e.operand);
      for (auto& a : e.args) s += " " + sx(*a);
      return s + ")";
    }
    case ExprKind::Field: return "(field " + sx(*e.operand) + " " + e.name.name + ")";
    case ExprKind::TupleField: return "(tfield " + sx(*e.operand) + " " + e.name.name + ")";
    case ExprKind::Index: return kids("index", {e.lhs.get(), e.rhs.get()});
    case ExprKind::Try: return kids("?", {e.operand.get()});
    case ExprKind::Paren: return kids("paren", {e.operand.get()});
    case ExprKind::Tuple: {
      std::string s = "(tuple";
      for (auto& a : e.args) s += " " + sx(*a);
      return s + ")";
    }
    case ExprKind::Array: {
      std::string s = "(array";
      for (auto& a : e.args) s += " " + sx(*a);
      return s + ")";
    }
    case ExprKind::ArrayRepeat: return kids("repeat", {e.lhs.get(), e.rhs.get()});
    case ExprKind::StructLit: {
      std::string s = "(struct " + path_s(e.path);
      for (auto& f : e.fields) s += " " + f.name.name + (f.value ? "=" + sx(*f.value) : "");
      if (e.base) s += " .." + sx(*e.base);
      return s + ")";
    }
    case ExprKind::Block: return e.block->stmts.empty() && !e.block->tail ? "{}" : "{..}";
    case ExprKind::If: return kids("if", {e.cond.get(), e.else_branch.get()});
    case ExprKind::Match: return kids("match", {e.iter.get()});
    case ExprKind::Return: return kids("return", {e.operand.get()});
    case ExprKind::Break: return kids(e.label ? "break '" + e.label->name : "break", {e.operand.get()});
    case ExprKind::Continue: return e.label ? "(continue '" + e.label->name + ")" : "(continue)";
    case ExprKind::Closure: {
      std::string s = std::string("(closure") + (e.is_move ? " move" : "") + " [";
      for (size_t i = 0; i < e.params.size(); ++i) {
        if (i) s += " ";
        s += pat_s(*e.params[i].pat);
        if (e.params[i].type) s += ":" + type_s(*e.params[i].type);
      }
      s += "]";
      if (e.ret_type) s += " -> " + type_s(*e.ret_type);
      return s + " " + sx(*e.body) + ")";
    }
    case ExprKind::Let: return "(let " + pat_s(*e.pat) + " " + sx(*e.operand) + ")";
    case ExprKind::MacroCall: {
      std::string s = "(" + path_s(e.path) + "!";
      if (!e.macro_args_parsed) return s + " raw`" + e.raw_tokens + "`)";
      for (auto& a : e.margs) s += " " + (a.name ? a.name->name + "=" : "") + sx(*a.value);
      if (e.repeat_count) s += " ; " + sx(*e.repeat_count);
      return s + ")";
    }
    case ExprKind::Await: return kids("await", {e.operand.get()});
    case ExprKind::Underscore: return "_";
    case ExprKind::Loop: return e.label ? "(loop '" + e.label->name + ")" : "(loop)";
    case ExprKind::While: return kids("while", {e.cond.get()});
    case ExprKind::For: return "(for " + pat_s(*e.pat) + " " + sx(*e.iter) + ")";
    case ExprKind::Unsafe: return "(unsafe)";
    default: return "<?>";
  }
}

std::string pat_s(const Pat& p) {
  auto list = [&](std::string head) {
    std::string s = "(";
    s += head;
    for (auto& x : p.elems) {
      s += ' ';
      s += pat_s(*x);
    }
    return s + ")";
  };
  switch (p.kind) {
    case PatKind::Wild: return "_";
    case PatKind::Rest: return "..";
    case PatKind::Ident:
      return std::string(p.by_ref ? "ref " : "") + (p.is_mut ? "mut " : "") + p.name.name +
             (p.sub ? " @ " + pat_s(*p.sub) : "");
    case PatKind::Literal: return "lit:" + sx(*p.lit);
    case PatKind::Range:
      return "(range " + (p.lo ? sx(*p.lo) : std::string("_")) + (p.inclusive ? " ..= " : " .. ") +
             (p.hi ? sx(*p.hi) : std::string("_")) + ")";
    case PatKind::Path: return "path:" + path_s(p.path);
    case PatKind::Tuple: return list("tuple");
    case PatKind::TupleStruct: return list("ts " + path_s(p.path));
    case PatKind::Struct: {
      std::string s = "(struct " + path_s(p.path);
      for (auto& f : p.fields)
        s += std::string(" ") + (f.is_ref ? "ref " : "") + (f.is_mut ? "mut " : "") + f.name.name +
             (f.pat && !f.shorthand ? ":" + pat_s(*f.pat) : "");
      if (p.has_rest) s += " ..";
      return s + ")";
    }
    case PatKind::Ref: return std::string("(&") + (p.is_mut ? "mut " : " ") + pat_s(*p.sub) + ")";
    case PatKind::Slice: return list("slice");
    case PatKind::Or: return list("or");
    case PatKind::Paren: return "(paren " + pat_s(*p.sub) + ")";
    case PatKind::Box: return "(box " + pat_s(*p.sub) + ")";
    case PatKind::MacroCall: return "macro";
  }
  return "?";
}

const Block& main_body(const Parsed& p) {
  for (auto& it : p.crate->items)
    if (it->kind == ItemKind::Fn && it->body) return *it->body;
  static Block empty;
  ADD_FAILURE() << "no fn with a body\n" << p.errors();
  return empty;
}

// Parses `fn main() { let _ = EXPR; }` and returns the S-expression of EXPR.
std::string ex(const std::string& expr) {
  auto p = parse("fn main() { let _ = " + expr + "; }");
  if (p->diags->has_errors()) return "ERROR: " + p->errors();
  const Block& b = main_body(*p);
  if (b.stmts.size() != 1 || !b.stmts[0]->init) return "BAD";
  return sx(*b.stmts[0]->init);
}

// Parses `fn main() { STMTS }` and describes the statements: kind + S-expression each.
std::string stmts(const std::string& body) {
  auto p = parse("fn main() { " + body + " }");
  if (p->diags->has_errors()) return "ERROR: " + p->errors();
  const Block& b = main_body(*p);
  std::string s;
  for (auto& st : b.stmts) {
    if (!s.empty()) s += " | ";
    switch (st->kind) {
      case StmtKind::Expr: s += "expr " + sx(*st->expr); break;
      case StmtKind::Semi: s += "semi " + sx(*st->expr); break;
      case StmtKind::MacroCall: s += "mac " + sx(*st->expr); break;
      case StmtKind::Let: s += "let " + pat_s(*st->pat) + (st->init ? " = " + sx(*st->init) : ""); break;
      case StmtKind::Item: s += "item " + st->item->name.name; break;
      case StmtKind::Empty: s += "empty"; break;
    }
  }
  if (b.tail) s += (s.empty() ? "" : " | ") + std::string("tail ") + sx(*b.tail);
  return s;
}

// Pattern of `match x { PAT => {} }`.
std::string pt(const std::string& pat) {
  auto p = parse("fn main() { match x { " + pat + " => {} } }");
  if (p->diags->has_errors()) return "ERROR: " + p->errors();
  const Block& b = main_body(*p);
  const Expr& m = *b.tail;
  return pat_s(*m.arms.at(0).pat);
}

std::string errs(const std::string& src) { return parse(src)->errors(); }

}  // namespace

// ============================================================================ precedence

TEST(SyntaxParser, ArithmeticPrecedence) {
  EXPECT_EQ(ex("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(ex("1 * 2 + 3"), "(+ (* 1 2) 3)");
  EXPECT_EQ(ex("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(ex("a / b * c % d"), "(% (* (/ a b) c) d)");
  EXPECT_EQ(ex("(1 + 2) * 3"), "(* (paren (+ 1 2)) 3)");
}

TEST(SyntaxParser, UnaryAndPostfix) {
  EXPECT_EQ(ex("-a.b()"), "(- (.b a))");
  EXPECT_EQ(ex("!a == b"), "(== (! a) b)");
  EXPECT_EQ(ex("*a.b"), "(* (field a b))");
  EXPECT_EQ(ex("&mut a[0]"), "(&mut (index a 0))");
  EXPECT_EQ(ex("&&x"), "(& (& x))");
  EXPECT_EQ(ex("-x?"), "(- (? x))");
  EXPECT_EQ(ex("a.b.c(1).d[2]?"), "(? (index (field (.c (field a b) 1) d) 2))");
  EXPECT_EQ(ex("f(1)(2)"), "(call (call f 1) 2)");
  EXPECT_EQ(ex("t.0.1"), "(tfield (tfield t 0) 1)");
  EXPECT_EQ(ex("x.f::<i32>()"), "(.f x)");
}

TEST(SyntaxParser, CastPrecedence) {
  EXPECT_EQ(ex("a as u8 + b"), "(+ (as a u8) b)");
  EXPECT_EQ(ex("-a as i64"), "(as (- a) i64)");
  EXPECT_EQ(ex("a * b as f64"), "(* a (as b f64))");
  EXPECT_EQ(ex("x as usize < n"), "(< (as x usize) n)");
  EXPECT_EQ(ex("a as u32 as u64"), "(as (as a u32) u64)");
  EXPECT_EQ(ex("p as &mut T"), "(as p &mut T)");
}

TEST(SyntaxParser, BitAndShiftAndComparison) {
  EXPECT_EQ(ex("a | b ^ c & d << 1"), "(| a (^ b (& c (<< d 1))))");
  EXPECT_EQ(ex("a >> 2"), "(>> a 2)");
  EXPECT_EQ(ex("a == b && c < d || e"), "(|| (&& (== a b) (< c d)) e)");
  EXPECT_EQ(ex("a && b || c && d"), "(|| (&& a b) (&& c d))");
  EXPECT_EQ(ex("1 << 16 | 2 << 8 | 3"), "(| (| (<< 1 16) (<< 2 8)) 3)");
  EXPECT_EQ(ex("a >= b"), "(>= a b)");
}

TEST(SyntaxParser, ComparisonsAreNonAssociative) {
  EXPECT_EQ(errs("fn main() { let x = a < b < c; }"), "1:27 comparison operators cannot be chained\n");
}

TEST(SyntaxParser, AssignmentIsRightAssociative) {
  EXPECT_EQ(stmts("x = y = z;"), "semi (= x (= y z))");
  EXPECT_EQ(stmts("x += 1 + 2;"), "semi (+= x (+ 1 2))");
  EXPECT_EQ(stmts("a >>= 2;"), "semi (>>= a 2)");
  EXPECT_EQ(stmts("a <<= 2;"), "semi (<<= a 2)");
  EXPECT_EQ(stmts("x = || 1;"), "semi (= x (closure [] 1))");
}

TEST(SyntaxParser, RangePrecedence) {
  EXPECT_EQ(ex("a + 1..b * 2"), "(.. (+ a 1) (* b 2))");
  EXPECT_EQ(ex(".."), "(.. _ _)");
  EXPECT_EQ(ex("..5"), "(.. _ 5)");
  EXPECT_EQ(ex("3.."), "(.. 3 _)");
  EXPECT_EQ(ex("..=n"), "(..= _ n)");
  EXPECT_EQ(ex("a..=b"), "(..= a b)");
  EXPECT_EQ(ex("a || b..c"), "(.. (|| a b) c)");
  EXPECT_EQ(ex("v[1..]"), "(index v (.. 1 _))");
  EXPECT_EQ(stmts("x = 0..10;"), "semi (= x (.. 0 10))");
}

TEST(SyntaxParser, LowPrecedencePrefixForms) {
  EXPECT_EQ(stmts("return a + b;"), "semi (return (+ a b))");
  EXPECT_EQ(stmts("return;"), "semi (return)");
  EXPECT_EQ(stmts("loop { break 'a 5; }"), "tail (loop)");
  EXPECT_EQ(stmts("'a: loop { break 'a 5; }"), "tail (loop 'a)");
  EXPECT_EQ(ex("a + return b"), "(+ a (return b))");
}

// ============================================================================ statements

TEST(SyntaxParser, StructLiteralNotAllowedInIfHead) {
  EXPECT_EQ(stmts("if x == S {}"), "tail (if (== x S))");
  EXPECT_EQ(stmts("if x == (S {}) {}"), "tail (if (== x (paren (struct S))))");
  EXPECT_EQ(stmts("while x < S { }"), "tail (while (< x S))");
  EXPECT_EQ(stmts("match S { _ => {} }"), "tail (match S)");
  EXPECT_EQ(stmts("for x in v { }"), "tail (for x v)");
  EXPECT_EQ(stmts("for x in S::new() { }"), "tail (for x (call S::new))");
  EXPECT_EQ(ex("S { a: 1, b }"), "(struct S a=1 b)");
  EXPECT_EQ(ex("S { a: 1, ..d }"), "(struct S a=1 ..d)");
  EXPECT_EQ(ex("T { 0: x }"), "(struct T 0=x)");
  EXPECT_EQ(stmts("if let Some(x) = S::f(S { a }) {}"), "tail (if (let (ts Some x) (call S::f (struct S a))))");
}

TEST(SyntaxParser, BlockLikeStatements) {
  EXPECT_EQ(stmts("if a {} - 1"), "expr (if a) | tail (- 1)");
  EXPECT_EQ(stmts("{ 1 } * p"), "expr {..} | tail (* p)");
  EXPECT_EQ(stmts("match x {}.foo()"), "tail (.foo (match x))");
  EXPECT_EQ(stmts("match x {}.len() + 1;"), "semi (+ (.len (match x)) 1)");
  EXPECT_EQ(stmts("if a { 1 } else { 2 }"), "tail (if a {..})");
  EXPECT_EQ(stmts("if a {} x"), "expr (if a) | tail x");
  EXPECT_EQ(stmts("loop {} ; ;"), "semi (loop) | empty");
  EXPECT_EQ(stmts("let x = if a { 1 } else { 2 } + 3;"), "let x = (+ (if a {..}) 3)");
  EXPECT_EQ(stmts("unsafe { f() } x"), "expr (unsafe) | tail x");
  EXPECT_EQ(stmts("'a: { break 'a 1; }"), "tail {..}");
}

TEST(SyntaxParser, LetForms) {
  EXPECT_EQ(stmts("let x;"), "let x");
  EXPECT_EQ(stmts("let mut x: i32 = 5;"), "let mut x = 5");
  auto p = parse("fn main() { let Some(x) = o else { return; }; }");
  EXPECT_EQ(p->errors(), "");
  EXPECT_TRUE(main_body(*p).stmts[0]->else_block != nullptr);
}

TEST(SyntaxParser, LetChains) {
  EXPECT_EQ(stmts("if let Some(a) = x && let Ok(b) = a && b > 1 {}"),
            "tail (if (&& (&& (let (ts Some a) x) (let (ts Ok b) a)) (> b 1)))");
  EXPECT_EQ(stmts("while let Some(x) = it.next() {}"), "tail (while (let (ts Some x) (.next it)))");
}

TEST(SyntaxParser, IfElseChains) {
  EXPECT_EQ(stmts("if a {} else if b {} else {}"), "tail (if a (if b {}))");
}

TEST(SyntaxParser, TailExpressionAndSemicolons) {
  EXPECT_EQ(stmts("a; b"), "semi a | tail b");
  EXPECT_EQ(stmts("f(); g();"), "semi (call f) | semi (call g)");
  EXPECT_EQ(stmts(";;"), "empty | empty");
  EXPECT_EQ(stmts("fn inner() {} inner()"), "item inner | tail (call inner)");
}

// ============================================================================ generics / >>

TEST(SyntaxParser, ShiftTokensSplitInGenerics) {
  auto p = parse("fn f(x: Vec<Vec<i32>>) -> HashMap<u8, Vec<Option<u8>>> { x >> 1 }");
  EXPECT_EQ(p->errors(), "");
  const Item& f = *p->crate->items[0];
  EXPECT_EQ(type_s(*f.fn.params[0].type), "Vec<Vec<i32>>");
  EXPECT_EQ(type_s(*f.fn.ret), "HashMap<u8,Vec<Option<u8>>>");
  EXPECT_EQ(sx(*f.body->tail), "(>> x 1)");
  EXPECT_EQ(ex("Vec::<Vec<u8>>::new()"), "(call Vec<Vec<u8>>::new)");
}

TEST(SyntaxParser, SpacedShiftIsAnError) {
  EXPECT_EQ(errs("fn main() { let x = a > > b; }"), "1:25 expected expression, found `>`\n");
}

// ============================================================================ closures

TEST(SyntaxParser, Closures) {
  EXPECT_EQ(ex("|| 1"), "(closure [] 1)");
  EXPECT_EQ(ex("|x| x + 1"), "(closure [x] (+ x 1))");
  EXPECT_EQ(ex("move |a: i32, b| -> i32 { a }"), "(closure move [a:i32 b] -> i32 {..})");
  EXPECT_EQ(ex("|&x, (a, b)| x"), "(closure [(& x) (tuple a b)] x)");
  EXPECT_EQ(ex("v.iter().map(|x| x * 2)"), "(.map (.iter v) (closure [x] (* x 2)))");
  EXPECT_EQ(ex("| | 0"), "(closure [] 0)");
}

// ============================================================================ patterns

TEST(SyntaxParser, Patterns) {
  EXPECT_EQ(pt("_"), "_");
  EXPECT_EQ(pt("x"), "x");
  EXPECT_EQ(pt("ref mut x"), "ref mut x");
  EXPECT_EQ(pt("mut x"), "mut x");
  EXPECT_EQ(pt("x @ 1..=5"), "x @ (range 1 ..= 5)");
  EXPECT_EQ(pt("-1"), "lit:(- 1)");
  EXPECT_EQ(pt("\"s\""), "lit:\"s\"");
  EXPECT_EQ(pt("'a'..='z'"), "(range 'a' ..= 'z')");
  EXPECT_EQ(pt("0.."), "(range 0 .. _)");
  EXPECT_EQ(pt("..=9"), "(range _ ..= 9)");
  EXPECT_EQ(pt("-5..=-1"), "(range (- 5) ..= (- 1))");
  EXPECT_EQ(pt("A::MIN..=0"), "(range A::MIN ..= 0)");
  EXPECT_EQ(pt("None"), "None");
  EXPECT_EQ(pt("Color::Red"), "path:Color::Red");
  EXPECT_EQ(pt("(a, .., b)"), "(tuple a .. b)");
  EXPECT_EQ(pt("(a,)"), "(tuple a)");
  EXPECT_EQ(pt("(a)"), "(paren a)");
  EXPECT_EQ(pt("Some(x)"), "(ts Some x)");
  EXPECT_EQ(pt("P { x, y: 0, ref mut z, .. }"), "(struct P x y:lit:0 ref mut z ..)");
  EXPECT_EQ(pt("&(a, b)"), "(& (tuple a b))");
  EXPECT_EQ(pt("&mut x"), "(&mut x)");
  EXPECT_EQ(pt("&&x"), "(& (& x))");
  EXPECT_EQ(pt("[first, .., last]"), "(slice first .. last)");
  EXPECT_EQ(pt("[a, rest @ ..]"), "(slice a rest @ ..)");
  EXPECT_EQ(pt("1 | 2 | 3"), "(or lit:1 lit:2 lit:3)");
  EXPECT_EQ(pt("| A | B"), "(or A B)");
  EXPECT_EQ(pt("Some(1 | 2)"), "(ts Some (or lit:1 lit:2))");
  EXPECT_EQ(pt("true"), "lit:true");
  EXPECT_EQ(pt("b'x'"), "lit:b'x'");
}

TEST(SyntaxParser, MatchArms) {
  auto p = parse(
      "fn main() { match x {\n  1 | 2 if y => a,\n  3 => { b }\n  4 => if c { d } else { e }\n"
      "  #[cfg(x)] _ => f(),\n} }");
  EXPECT_EQ(p->errors(), "");
  const Expr& m = *main_body(*p).tail;
  ASSERT_EQ(m.arms.size(), 4u);
  EXPECT_EQ(sx(*m.arms[0].guard), "y");
  EXPECT_EQ(sx(*m.arms[1].body), "{..}");
  EXPECT_EQ(sx(*m.arms[3].body), "(call f)");
}

// ============================================================================ items

TEST(SyntaxParser, Functions) {
  auto p = parse(
      "pub const unsafe fn f<'a, T: Clone + ?Sized, const N: usize>(&'a mut self, x: &'a T) -> "
      "impl Iterator<Item = T> + 'a where T: Debug, for<'b> F: Fn(&'b u8) -> bool;\n"
      "extern \"C\" fn g(x: i32, ...);\n"
      "fn h(self: Box<Self>) {}\n"
      "fn k(mut self, (a, b): (i32, i32)) {}\n");
  EXPECT_EQ(p->errors(), "");
  const Item& f = *p->crate->items[0];
  EXPECT_EQ(f.kind, ItemKind::Fn);
  EXPECT_TRUE(f.is_const);
  EXPECT_TRUE(f.is_unsafe);
  EXPECT_EQ(f.vis.kind, VisKind::Pub);
  EXPECT_EQ(f.generics.params.size(), 3u);
  EXPECT_EQ(f.generics.params[1].bounds.size(), 2u);
  EXPECT_TRUE(f.generics.params[1].bounds[1].maybe);
  EXPECT_EQ(f.generics.params[2].kind, GenericParamKind::Const);
  EXPECT_EQ(f.fn.self_kind, SelfKind::RefMut);
  ASSERT_TRUE(f.fn.self_lifetime.has_value());
  EXPECT_EQ(f.fn.self_lifetime->name, "a");
  EXPECT_EQ(f.fn.params.size(), 1u);
  EXPECT_EQ(f.fn.ret->kind, TypeKind::ImplTrait);
  EXPECT_EQ(f.fn.ret->bounds.size(), 2u);
  EXPECT_EQ(f.generics.where.size(), 2u);
  EXPECT_EQ(f.generics.where[1].for_lifetimes.size(), 1u);
  EXPECT_EQ(f.body, nullptr);
  const Item& g = *p->crate->items[1];
  EXPECT_TRUE(g.is_extern);
  EXPECT_TRUE(g.fn.variadic);
  EXPECT_EQ(p->crate->items[2]->fn.self_kind, SelfKind::Typed);
  EXPECT_EQ(type_s(*p->crate->items[2]->fn.self_type), "Box<Self>");
  EXPECT_EQ(p->crate->items[3]->fn.self_kind, SelfKind::Value);
  EXPECT_TRUE(p->crate->items[3]->fn.self_mut);
}

TEST(SyntaxParser, StructsEnumsUnions) {
  auto p = parse(
      "#[derive(Debug, Clone)]\npub struct P<T = i32> { pub x: T, pub(crate) y: T, }\n"
      "struct U;\nstruct W(pub i32, String);\n"
      "enum E { A, B(i32), C { x: u8 } = 4, }\n"
      "union V { a: u32, b: f32 }\n");
  EXPECT_EQ(p->errors(), "");
  auto& it = p->crate->items;
  ASSERT_EQ(it.size(), 5u);
  EXPECT_EQ(it[0]->struct_kind, StructKind::Named);
  ASSERT_EQ(it[0]->attrs.size(), 1u);
  EXPECT_EQ(it[0]->attrs[0].args, "Debug, Clone");
  ASSERT_EQ(it[0]->attrs[0].arg_idents.size(), 2u);
  EXPECT_EQ(it[0]->attrs[0].arg_idents[1].name, "Clone");
  EXPECT_EQ(it[0]->fields[1].vis.kind, VisKind::PubCrate);
  EXPECT_EQ(it[1]->struct_kind, StructKind::Unit);
  EXPECT_EQ(it[2]->struct_kind, StructKind::Tuple);
  EXPECT_EQ(it[2]->fields.size(), 2u);
  EXPECT_EQ(it[2]->fields[0].vis.kind, VisKind::Pub);
  EXPECT_EQ(it[3]->variants.size(), 3u);
  EXPECT_EQ(it[3]->variants[1].kind, StructKind::Tuple);
  EXPECT_EQ(it[3]->variants[2].kind, StructKind::Named);
  EXPECT_NE(it[3]->variants[2].discriminant, nullptr);
  EXPECT_EQ(it[4]->kind, ItemKind::Union);
  EXPECT_EQ(it[4]->fields.size(), 2u);
}

TEST(SyntaxParser, TraitsAndImpls) {
  auto p = parse(
      "pub trait T: Clone + Send where Self: Sized {\n  type Item: Copy;\n  const N: usize = 3;\n"
      "  fn f(&self) -> u8;\n  fn g(&self) -> u8 { 1 }\n}\n"
      "impl<T> T for Vec<T> where T: Copy { type Item = u8; fn f(&self) -> u8 { 0 } }\n"
      "impl !Send for X {}\nimpl X { pub fn new() -> Self { X } }\nunsafe impl Sync for X {}\n"
      "trait Al = A + B;\n");
  EXPECT_EQ(p->errors(), "");
  auto& it = p->crate->items;
  ASSERT_EQ(it.size(), 6u);
  EXPECT_EQ(it[0]->kind, ItemKind::Trait);
  EXPECT_EQ(it[0]->supertraits.size(), 2u);
  ASSERT_EQ(it[0]->items.size(), 4u);
  EXPECT_EQ(it[0]->items[0]->kind, ItemKind::TypeAlias);
  EXPECT_EQ(it[0]->items[0]->bounds.size(), 1u);
  EXPECT_EQ(it[0]->items[1]->kind, ItemKind::Const);
  EXPECT_EQ(it[0]->items[2]->body, nullptr);
  EXPECT_NE(it[0]->items[3]->body, nullptr);
  EXPECT_EQ(it[1]->kind, ItemKind::Impl);
  ASSERT_TRUE(it[1]->trait_path.has_value());
  EXPECT_EQ(path_s(*it[1]->trait_path), "T");
  EXPECT_EQ(type_s(*it[1]->self_type), "Vec<T>");
  EXPECT_TRUE(it[2]->negative);
  EXPECT_FALSE(it[3]->trait_path.has_value());
  EXPECT_TRUE(it[4]->is_unsafe);
  EXPECT_EQ(it[5]->kind, ItemKind::TraitAlias);
}

TEST(SyntaxParser, UseModConstStaticTypeMacroExtern) {
  auto p = parse(
      "use std::collections::{HashMap, hash_map::Entry as E, self};\nuse a::*;\nuse b as _;\n"
      "pub(super) mod m { fn f() {} }\nmod file;\npub(in crate::a) const C: i32 = 1;\n"
      "static mut S: u8 = 0;\ntype R<T> = Result<T, E>;\n"
      "macro_rules! m { ($x:expr) => { $x }; }\nthread_local! { static X: u8 = 1; }\nfoo!(a b);\n"
      "extern crate core as c;\nextern \"C\" { fn puts(s: *const u8) -> i32; }\n"
      "#[asr::cpp(\"std::puts\")] fn q();\n#[doc = \"x\"] fn r();\n");
  EXPECT_EQ(p->errors(), "");
  auto& it = p->crate->items;
  ASSERT_EQ(it.size(), 15u);
  EXPECT_EQ(it[0]->use_tree.kind, UseTree::Kind::Group);
  EXPECT_EQ(it[0]->use_tree.children.size(), 3u);
  EXPECT_EQ(it[0]->use_tree.children[1].rename->name, "E");
  EXPECT_EQ(it[1]->use_tree.kind, UseTree::Kind::Glob);
  EXPECT_EQ(it[2]->use_tree.rename->name, "_");
  EXPECT_EQ(it[3]->vis.kind, VisKind::PubSuper);
  EXPECT_TRUE(it[3]->mod_inline);
  EXPECT_FALSE(it[4]->mod_inline);
  EXPECT_EQ(it[5]->kind, ItemKind::Const);
  EXPECT_EQ(it[5]->vis.kind, VisKind::PubIn);
  EXPECT_TRUE(it[6]->is_mut_static);
  EXPECT_EQ(it[7]->kind, ItemKind::TypeAlias);
  EXPECT_EQ(it[8]->kind, ItemKind::MacroRules);
  EXPECT_EQ(it[8]->name.name, "m");
  EXPECT_EQ(it[8]->raw_tokens, " ($x:expr) => { $x }; ");
  EXPECT_EQ(it[9]->kind, ItemKind::MacroCall);
  EXPECT_EQ(it[10]->kind, ItemKind::MacroCall);
  EXPECT_FALSE(it[10]->macro->macro_args_parsed);
  EXPECT_EQ(it[10]->macro->raw_tokens, "a b");
  EXPECT_EQ(it[11]->kind, ItemKind::ExternCrate);
  EXPECT_EQ(it[12]->kind, ItemKind::ExternBlock);
  ASSERT_EQ(it[12]->items.size(), 1u);
  EXPECT_EQ(it[12]->items[0]->body, nullptr);
  ASSERT_TRUE(it[13]->attrs[0].str_value.has_value());
  EXPECT_EQ(*it[13]->attrs[0].str_value, "std::puts");
  EXPECT_EQ(path_s(it[13]->attrs[0].path), "asr::cpp");
  EXPECT_EQ(*it[14]->attrs[0].str_value, "x");
}

TEST(SyntaxParser, InnerAttributesAndItemsInBlocks) {
  auto p = parse("#![allow(dead_code)]\nfn main() { struct L; impl L {} use x::y; const K: u8 = 1; }");
  EXPECT_EQ(p->errors(), "");
  ASSERT_EQ(p->crate->attrs.size(), 1u);
  EXPECT_TRUE(p->crate->attrs[0].inner);
  EXPECT_EQ(main_body(*p).stmts.size(), 4u);
}

TEST(SyntaxParser, Types) {
  auto p = parse(
      "type A = (&'a mut [u8], *const T, [i32; 4], (), (u8,), !, _, fn(i32) -> i32, dyn Tr + Send,"
      " <T as Iterator>::Item, Box<dyn Fn(u8) -> u8 + 'static>, for<'b> fn(&'b u8));");
  EXPECT_EQ(p->errors(), "");
  const Type& t = *p->crate->items[0]->type;
  ASSERT_EQ(t.kind, TypeKind::Tuple);
  ASSERT_EQ(t.elems.size(), 12u);
  EXPECT_EQ(t.elems[0]->kind, TypeKind::Ref);
  EXPECT_TRUE(t.elems[0]->is_mut);
  EXPECT_EQ(t.elems[0]->lifetime->name, "a");
  EXPECT_EQ(t.elems[0]->elem->kind, TypeKind::Slice);
  EXPECT_EQ(t.elems[1]->kind, TypeKind::RawPtr);
  EXPECT_EQ(t.elems[2]->kind, TypeKind::Array);
  EXPECT_EQ(t.elems[3]->kind, TypeKind::Tuple);
  EXPECT_EQ(t.elems[3]->elems.size(), 0u);
  EXPECT_EQ(t.elems[4]->elems.size(), 1u);
  EXPECT_EQ(t.elems[5]->kind, TypeKind::Never);
  EXPECT_EQ(t.elems[6]->kind, TypeKind::Infer);
  EXPECT_EQ(t.elems[7]->kind, TypeKind::FnPtr);
  EXPECT_EQ(t.elems[8]->kind, TypeKind::DynTrait);
  EXPECT_EQ(t.elems[8]->bounds.size(), 2u);
  EXPECT_EQ(t.elems[9]->path.qself->kind, TypeKind::Path);
  EXPECT_EQ(t.elems[9]->path.qself_trait_len, 1u);
  EXPECT_EQ(t.elems[9]->path.segments.size(), 2u);
  const GenericArgs& g = *t.elems[10]->path.segments[0].generics;
  const Type& dyn = *g.args[0].type;
  EXPECT_EQ(dyn.kind, TypeKind::DynTrait);
  EXPECT_TRUE(dyn.bounds[0].trait.segments[0].generics->parenthesized);
  EXPECT_EQ(dyn.bounds[1].is_lifetime, true);
  EXPECT_EQ(t.elems[11]->kind, TypeKind::FnPtr);
}

// ============================================================================ literals

TEST(SyntaxParser, LiteralDecoding) {
  auto lit = [](const std::string& src) -> Literal {
    auto p = parse("fn main() { let _ = " + src + "; }");
    EXPECT_EQ(p->errors(), "") << src;
    return main_body(*p).stmts[0]->init->lit;
  };
  Literal l = lit("0x1F_u8");
  EXPECT_EQ(l.kind, LitKind::Int);
  EXPECT_EQ(l.value, "1F");
  EXPECT_EQ(l.radix, 16u);
  EXPECT_EQ(l.suffix, "u8");
  l = lit("1_000_000i128");
  EXPECT_EQ(l.value, "1000000");
  EXPECT_EQ(l.suffix, "i128");
  l = lit("0b1010_usize");
  EXPECT_EQ(l.radix, 2u);
  EXPECT_EQ(l.value, "1010");
  l = lit("0o777");
  EXPECT_EQ(l.radix, 8u);
  l = lit("1e10");
  EXPECT_EQ(l.kind, LitKind::Float);
  EXPECT_EQ(l.value, "1e10");
  l = lit("2.5f32");
  EXPECT_EQ(l.value, "2.5");
  EXPECT_EQ(l.suffix, "f32");
  l = lit("1_0.5_0e-1_0f64");
  EXPECT_EQ(l.value, "10.50e-10");
  l = lit("\"a\\n\\t\\\\\\\"\\x41\\u{1F600}\\0\"");
  EXPECT_EQ(l.kind, LitKind::Str);
  EXPECT_EQ(l.value, std::string("a\n\t\\\"A\xF0\x9F\x98\x80") + std::string(1, '\0'));
  l = lit("\"line \\\n      continued\"");
  EXPECT_EQ(l.value, "line continued");
  l = lit("r#\"raw \"quoted\" \\n\"#");
  EXPECT_EQ(l.kind, LitKind::RawStr);
  EXPECT_EQ(l.value, "raw \"quoted\" \\n");
  l = lit("b\"\\xFFab\"");
  EXPECT_EQ(l.kind, LitKind::ByteStr);
  EXPECT_EQ(l.value, "\xFF" "ab");
  l = lit("'\\u{1F600}'");
  EXPECT_EQ(l.kind, LitKind::Char);
  EXPECT_EQ(l.char_value, 0x1F600u);
  l = lit("'é'");
  EXPECT_EQ(l.char_value, 0xE9u);
  l = lit("b'\\xFF'");
  EXPECT_EQ(l.kind, LitKind::Byte);
  EXPECT_EQ(l.char_value, 0xFFu);
  l = lit("'\\''");
  EXPECT_EQ(l.char_value, uint32_t('\''));
  l = lit("true");
  EXPECT_EQ(l.kind, LitKind::Bool);
  EXPECT_TRUE(l.bool_value);
}

TEST(SyntaxParser, LiteralErrors) {
  EXPECT_EQ(errs("fn main() { let s = \"\\q\"; }"), "1:22 unknown character escape: `\\q`\n");
  EXPECT_EQ(errs("fn main() { let s = \"\\u{110000}\"; }"),
            "1:22 invalid unicode character escape: must be at most 10FFFF\n");
  EXPECT_EQ(errs("fn main() { let s = \"\\u{D800}\"; }"),
            "1:22 invalid unicode character escape: must not be a surrogate\n");
  EXPECT_EQ(errs("fn main() { let c = 'ab'; }"), "1:21 character literal may only contain one codepoint\n");
  EXPECT_EQ(errs("fn main() { let c = ''; }"), "1:21 character literal may only contain one codepoint\n");
  EXPECT_EQ(errs("fn main() { let x = 1u7; }"), "1:21 invalid numeric literal `1u7`: invalid suffix `u7` for number literal\n");
  EXPECT_EQ(errs("fn main() { let x = 0b102; }"), "1:21 invalid numeric literal `0b102`: invalid digit for a base 2 literal\n");
  EXPECT_EQ(errs("fn main() { let x = 1.5f16; }"), "1:21 invalid numeric literal `1.5f16`: invalid suffix `f16` for float literal\n");
}

// ============================================================================ macros

TEST(SyntaxParser, StatementMacros) {
  EXPECT_EQ(stmts("thread_local! { static X: u8 = 1; } let y = 2;"),
            "mac (thread_local! raw` static X: u8 = 1; `) | let y = 2");
  EXPECT_EQ(stmts("m! {} m!(1); m![2]"), "mac (m!) | mac (m! 1) | tail (m! 2)");
  EXPECT_EQ(stmts("m! {};"), "mac (m!)");
  EXPECT_EQ(stmts("x = 1; S { a }.f(); a::b::<u8>(c)?"),
            "semi (= x 1) | semi (.f (struct S a)) | tail (? (call a::b<u8> c))");
  EXPECT_EQ(stmts("v.push(1); v"), "semi (.push v 1) | tail v");
  EXPECT_EQ(stmts("macro_rules! sq { ($x:expr) => { $x * $x }; } sq!(2)"), "item sq | tail (sq! 2)");
}

TEST(SyntaxParser, MacroArguments) {
  EXPECT_EQ(stmts("println!(\"{} {x}\", a + 1, x = 5,);"), "mac (println! \"{} {x}\" (+ a 1) x=5)");
  EXPECT_EQ(ex("vec![0u8; n * 2]"), "(vec! 0u8 ; (* n 2))");
  EXPECT_EQ(ex("vec![1, 2, 3]"), "(vec! 1 2 3)");
  EXPECT_EQ(ex("format!(\"{}\", format!(\"{}\", x))"), "(format! \"{}\" (format! \"{}\" x))");
  EXPECT_EQ(ex("my_macro!(a b => c)"), "(my_macro! raw`a b => c`)");
  EXPECT_EQ(ex("m!{}"), "(m!)");
  EXPECT_EQ(stmts("assert!(a == b, \"msg {}\", 1)"), "tail (assert! (== a b) \"msg {}\" 1)");
}

// ============================================================================ async / await

TEST(SyntaxParser, AsyncAndAwaitAreDiagnosed) {
  auto p = parse("async fn f() {}\nfn g() { let x = h().await; let b = async move { 1 }; }");
  EXPECT_EQ(p->errors(),
            "1:1 `async` is not needed in ASR: every function is async; delete `async`\n"
            "2:21 `.await` is not needed in ASR: calls that can suspend are awaited implicitly; delete `.await`\n"
            "2:37 `async` is not needed in ASR: every function is async; delete `async`\n");
  EXPECT_EQ(errs("fn g() { let f = async move |x| x + 1; let h = async || 2; }"),
            "1:18 `async` is not needed in ASR: every function is async; delete `async`\n"
            "1:48 `async` is not needed in ASR: every function is async; delete `async`\n");
  EXPECT_EQ(ex("async |x| x"), "ERROR: 1:21 `async` is not needed in ASR: every function is async; delete `async`\n");
  // ... and stay in the AST.
  EXPECT_TRUE(p->crate->items[0]->is_async);
  const Block& g = *p->crate->items[1]->body;
  EXPECT_EQ(g.stmts[0]->init->kind, ExprKind::Await);
  EXPECT_EQ(g.stmts[1]->init->kind, ExprKind::Async);
}

// ============================================================================ ids and spans

TEST(SyntaxParser, ExprIdsAreUniqueAndContinue) {
  auto p = parse("fn main() { let x = 1 + 2; }");
  EXPECT_EQ(p->crate->expr_count, 3u);
  EXPECT_EQ(p->next_id, 4u);
  // A second file continues the numbering.
  FileId f2 = p->sm.add("u.asr", "fn g() { h() }");
  auto c2 = syntax::parse(p->sm, f2, *p->diags, p->next_id);
  const Expr& call = *c2->items[0]->body->tail;
  EXPECT_EQ(call.id, 5u);
  EXPECT_EQ(call.operand->id, 4u);
  EXPECT_EQ(c2->expr_count, 5u);
}

TEST(SyntaxParser, SpansAreByteOffsetsWithNonAscii) {
  auto p = parse("fn main() { let é = \"ü\" + ö; }");
  EXPECT_EQ(p->errors(), "");
  const Expr& e = *main_body(*p).stmts[0]->init;
  EXPECT_EQ(e.span.begin, 21u);
  EXPECT_EQ(e.span.end, 30u);
  EXPECT_EQ(e.rhs->span.begin, 28u);
  LineCol lc = p->sm.line_col(e.rhs->span);
  EXPECT_EQ(lc.col, 27u);  // code points
}

TEST(SyntaxParser, DumpAst) {
  auto p = parse("fn main() {\n    let x = 1 + 2;\n}\n");
  EXPECT_EQ(p->dump(),
            "Crate\n"
            "  Fn main @1:1\n"
            "    Block @1:11\n"
            "      Let @2:5\n"
            "        PatIdent x @2:9\n"
            "        Binary + @2:13\n"
            "          Lit Int 1 value=1 radix=10 @2:13\n"
            "          Lit Int 2 value=2 radix=10 @2:17\n");
}

// ============================================================================ errors

TEST(SyntaxParser, ErrorMessages) {
  EXPECT_EQ(errs("fn main() { let x = 1 let y = 2; }"),
            "1:23 expected one of `else`, `;`, or an operator, found `let`\n");
  EXPECT_EQ(errs("fn main() { foo(1, 2; }"), "1:21 expected `)`, found `;`\n");
  EXPECT_EQ(errs("fn main() { let = 5; }"), "1:17 expected pattern, found `=`\n");
  EXPECT_EQ(errs("fn f() { x = ; }"), "1:14 expected expression, found `;`\n");
  EXPECT_EQ(errs("fn main() {"), "1:12 expected statement or `}`, found end of file\n");
  EXPECT_EQ(errs("fn main() { let x: = 3; }"), "1:20 expected type, found `=`\n");
  EXPECT_EQ(errs("impl X { fn }"), "1:13 expected identifier, found `}`\n");
  EXPECT_EQ(errs("fn main() { match x { 1 => 2 3 => 4 } }"),
            "1:30 expected one of `,`, `}`, or an operator, found `3`\n");
  EXPECT_EQ(errs("struct S { a: i32 b: i32 }"), "1:19 expected `}`, found `b`\n");
  EXPECT_EQ(errs("fn main() { f(a,,b); }"), "1:17 expected expression, found `,`\n");
  EXPECT_EQ(errs("fn main() { x.foo() y }"),
            "1:21 expected one of `.`, `;`, `?`, `}`, `[`, `(`, or an operator, found `y`\n");
  EXPECT_EQ(errs("let x = 1;"), "1:1 expected item, found `let`\n");
  EXPECT_EQ(errs("fn main() { a $ b }"),
            "1:15 expected one of `!`, `.`, `;`, `?`, `{`, `}`, `[`, `(`, or an operator, found `$`\n");
  EXPECT_EQ(errs("fn f(x) {}"), "1:7 expected `:`, found end of parameter\n");
  EXPECT_EQ(errs("fn main() { if x { } else }"), "1:22 expected statement or `}`, found `else`\n");
  EXPECT_EQ(errs("fn main() { let s = \"abc"),
            "1:21 unterminated double quote string\n");  // no cascade at end of file
}

TEST(SyntaxParser, SeveralErrorsOnePerItem) {
  // Cascades inside one item are collapsed; each new top-level item may report again.
  EXPECT_EQ(errs("fn main() {\n  let x = (1 + ;\n  let y = ] ;\n}\nfn g() { 1 +* }\nstruct S { a: }\n"),
            "2:16 expected expression, found `;`\n5:15 expected expression, found `}`\n"
            "6:15 expected type, found `}`\n");
  EXPECT_EQ(errs("fn (x: i32) -> i32 {\n    x\n}\n\nfn main() {}\n"), "1:4 expected identifier, found `(`\n");
}

// ============================================================================ robustness

TEST(SyntaxParser, EmptyInput) {
  auto p = parse("");
  EXPECT_EQ(p->errors(), "");
  EXPECT_TRUE(p->crate->items.empty());
}

TEST(SyntaxParser, DeepNestingIsRejectedNotCrashing) {
  for (const char* open : {"(", "[", "{"}) {
    std::string close = std::string(open) == "(" ? ")" : std::string(open) == "[" ? "]" : "}";
    std::string s = "fn main() { let x = ";
    for (int i = 0; i < 100000; ++i) s += open;
    for (int i = 0; i < 100000; ++i) s += close;
    s += "; }";
    auto p = parse(s);
    EXPECT_EQ(p->errors().substr(p->errors().find(' ') + 1), "nesting is too deep (more than 256 levels)\n");
  }
}

TEST(SyntaxParser, NestingBelowTheLimitParses) {
  std::string s = "fn main() { let x = ";
  for (int i = 0; i < 250; ++i) s += "(";
  s += "1";
  for (int i = 0; i < 250; ++i) s += ")";
  s += "; }";
  auto p = parse(s);
  EXPECT_EQ(p->errors(), "");
  EXPECT_FALSE(p->dump().empty());
}

TEST(SyntaxParser, LongChainsAreBounded) {
  std::string s = "fn main() { let x = ";
  for (int i = 0; i < 20000; ++i) s += "-";
  s += "1; }";
  EXPECT_EQ(errs(s), "1:21 nesting is too deep (more than 10000 levels)\n");
  std::string m = "fn main() { x";
  for (int i = 0; i < 20000; ++i) m += ".f()";
  m += "; }";
  EXPECT_EQ(errs(m), "1:14 nesting is too deep (more than 10000 levels)\n");
  std::string t = "fn main() { let x = 0";
  for (int i = 0; i < 5000; ++i) t += " + a";
  t += "; }";
  auto p = parse(t);
  EXPECT_EQ(p->errors(), "");
  EXPECT_FALSE(p->dump().empty());
}

TEST(SyntaxParser, GarbageBytes) {
  std::string g = "fn main() {";
  for (int i = 0; i < 10000; ++i) g += static_cast<char>((i * 131 + 7) & 0xFF);
  auto p = parse(g);
  EXPECT_TRUE(p->diags->has_errors());
  std::string ascii;
  for (int i = 0; i < 20000; ++i) ascii += static_cast<char>(1 + (i * 37) % 126);
  auto q = parse(ascii);
  EXPECT_TRUE(q->diags->has_errors());
}

TEST(SyntaxParser, NulBytesAndControlCharacters) {
  static const char src[] = "fn main() { \0 let x = 1; \x07 }";
  auto p = parse(std::string(src, sizeof src - 1));
  EXPECT_EQ(p->errors(), "1:13 unknown start of token: \\u{0}\n1:26 unknown start of token: \\u{7}\n");
}

TEST(SyntaxParser, ManyStatementsAndItems) {
  std::string s;
  for (int i = 0; i < 2000; ++i) s += "fn f" + std::to_string(i) + "(x: i32) -> i32 { let y = x * 2; y + 1 }\n";
  s += "fn main() {";
  for (int i = 0; i < 20000; ++i) s += " x += 1;";
  s += " }";
  auto p = parse(s);
  EXPECT_EQ(p->errors(), "");
  EXPECT_EQ(p->crate->items.size(), 2001u);
  EXPECT_EQ(p->crate->items.back()->body->stmts.size(), 20000u);
}

// ---------------------------------------------------------------------------------------------
// Expression ids and the parallel parse (parse.cpp cuts a large file into parts at top-level
// items, parses them on threads and renumbers each part's expressions with for_each_expr).

namespace {

// An expression in every place the AST holds one: bodies, nested items, patterns (literals,
// ranges), array-length types (fields, params, casts, closures' params), const generic
// arguments (types, paths, method turbofish) and parameters, enum discriminants, statics,
// trait defaults, `impl` items, macros, let-else, closures, match guards.
const char* kEveryExprPlace = R"(
use std::collections::HashMap;
#[derive(Debug, Clone)]
struct Grid<const N: usize = { 2 + 1 }> { cells: [[u8; N]; 1 + 1], tag: [char; 3] }
enum Level { Low = 1, Mid = 1 + 4, High = (2 * 5) }
static TABLE: [i64; 2 * 2] = [1, 2, 3, -4];
const LIMIT: usize = TABLE.len() + 3;
trait Shape { const SIDES: u32 = 3 + 1; fn area(&self) -> f64 { (1.5 * 2.0) as f64 } }
impl<const N: usize> Grid<N> {
  fn new() -> Self { Grid { cells: [[0; N]; 2], tag: ['a'; 3] } }
  fn sum(&self, extra: [i32; 2 + 0]) -> i32 where [u8; N]: Sized { extra[0] + self.cells.len() as i32 }
}
fn classify(x: i32, v: &[i32]) -> &'static str {
  fn inner(a: [u8; { 4 }]) -> usize { a.len() }
  let Some(first) = v.first() else { return "empty" };
  let arr: [u8; 2 + 2] = [0; 4];
  let _n = inner(arr) + Grid::<{ 1 + 2 }>::new().cells.len();
  let f = |p: [i16; 1 + 1], q| p[0] as i32 + q;
  match (x, *first) {
    (i32::MIN..=-1, _) => "negative",
    (0, y) if y > f([1, 2], 3) => "zero-big",
    (1..=9 | 100, _) => "small",
    (n @ 10..100, _) if n % 2 == 0 => "even",
    _ => { let m: HashMap<i32, [u8; 1 + 2]> = HashMap::new(); if m.is_empty() { "other" } else { "?" } }
  }
}
fn main() {
  let v = vec![1, 2, 3];
  println!("{} {:>w$}", classify(5, &v), LIMIT, w = 4 + 1);
  let total: i32 = v.iter().map(|x| x * 2).filter(|&x| x > 2).sum::<i32>();
  assert_eq!(total, 10, "sum {}", total + 0);
  'outer: for i in 0..3 { while i < 2 { break 'outer; } }
  let _c = [1u8; 3].iter().copied().collect::<Vec<u8>>();
  let _ = Level::Mid as i32 + match Level::Low { Level::Low => 1, _ => 0 };
}
)";

std::vector<std::pair<uint32_t, uint32_t>> ids_and_offsets(Crate& crate) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (auto& item : crate.items) syntax::for_each_expr(*item, [&](Expr& e) { out.emplace_back(e.id, e.span.begin); });
  std::sort(out.begin(), out.end());
  return out;
}

// A program of `copies` renamed copies of kEveryExprPlace's items (enough top-level items to
// cut into several parts).
std::string many_items(int copies) {
  std::string one = kEveryExprPlace;
  std::string out = "use std::collections::HashMap;\n";
  one = one.substr(one.find('\n', 2) + 1);  // without the `use`
  for (int i = 0; i < copies; ++i) {
    std::string c = one;
    for (const char* name : {"Grid", "Level", "TABLE", "LIMIT", "Shape", "classify", "main"}) {
      std::string from = name, to = from + "_" + std::to_string(i);
      for (size_t at = c.find(from); at != std::string::npos; at = c.find(from, at + to.size())) {
        bool word_start = at == 0 || !(std::isalnum(static_cast<unsigned char>(c[at - 1])) || c[at - 1] == '_');
        bool word_end = at + from.size() >= c.size() ||
                        !(std::isalnum(static_cast<unsigned char>(c[at + from.size()])) || c[at + from.size()] == '_');
        if (word_start && word_end) c.replace(at, from.size(), to);
      }
    }
    out += c;
  }
  return out;
}

struct PartsGuard {
  explicit PartsGuard(size_t n) { syntax::set_parse_parts(n); }
  ~PartsGuard() { syntax::set_parse_parts(0); }
};

}  // namespace

// (The builder drops a few expressions it made, e.g. the `name = value` assignment of a named
// format argument, so ids have gaps; the end-to-end check that no expression is missed is the
// `parse_parts` ctest, which compares the C++ of test programs parsed in one and many parts.)
TEST(ExprIds, ForEachExprVisitsEachExpressionOnce) {
  PartsGuard sequential(1);
  auto p = parse(kEveryExprPlace);
  ASSERT_EQ(p->errors(), "");
  auto ids = ids_and_offsets(*p->crate);
  ASSERT_GT(ids.size(), 150u);
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_GE(ids[i].first, 1u);
    EXPECT_LE(ids[i].first, p->crate->expr_count);
    if (i > 0) EXPECT_NE(ids[i].first, ids[i - 1].first) << "visited twice";
  }
  // one expression of each kind of place (see kEveryExprPlace)
  std::string src = kEveryExprPlace;
  for (const char* at : {"2 + 1 }", "1 + 1]", "1 + 4,", "2 * 2]", "3 + 1;", "2 + 0]", "{ 4 }", "1 + 2 }>",
                         "1 + 1],", "1,", "10..100", "1 + 2]>", "4 + 1)"}) {
    size_t off = src.find(at);
    ASSERT_NE(off, std::string::npos) << at;
    bool found = std::any_of(ids.begin(), ids.end(), [&](auto& x) { return x.second == off; });
    EXPECT_TRUE(found) << "no expression visited at `" << at << "`";
  }
}

TEST(ExprIds, ParallelPartsGiveTheSameTreeAndIds) {
  std::string src = many_items(9);
  std::unique_ptr<Parsed> whole;
  {
    PartsGuard sequential(1);
    whole = parse(src);
  }
  ASSERT_EQ(whole->errors(), "");
  auto expected = ids_and_offsets(*whole->crate);
  for (size_t parts : {2, 3, 5, 16}) {
    PartsGuard guard(parts);
    auto p = parse(src);
    EXPECT_EQ(p->errors(), "") << parts << " parts";
    EXPECT_EQ(p->next_id, whole->next_id) << parts << " parts";
    EXPECT_EQ(p->dump(), whole->dump()) << parts << " parts";
    EXPECT_EQ(ids_and_offsets(*p->crate), expected) << parts << " parts";
  }
}

TEST(ExprIds, ParallelPartsReportErrorsLikeOnePart) {
  std::string syntax_error = many_items(6);
  syntax_error.insert(syntax_error.rfind("fn main_5"), "fn broken( { }\n");
  std::string builder_error = many_items(6);  // (the builder's own checks, in a late part)
  builder_error.insert(builder_error.rfind("fn main_4"), "#![allow(dead_code)]\n");
  for (const std::string& src : {syntax_error, builder_error}) {
    std::string expected;
    {
      PartsGuard sequential(1);
      expected = parse(src)->errors();
    }
    ASSERT_NE(expected, "");
    for (size_t parts : {2, 4, 7}) {
      PartsGuard guard(parts);
      EXPECT_EQ(parse(src)->errors(), expected) << parts << " parts";
    }
  }
}
