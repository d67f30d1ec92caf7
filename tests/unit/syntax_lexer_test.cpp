// Lexer tests: token kinds/texts/spans, literals, comments, and lexical errors.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "syntax/syntax.hpp"

using namespace asr;

namespace {

struct Lexed {
  SourceManager sm;
  FileId file;
  std::unique_ptr<Diagnostics> diags;
  std::vector<syntax::TokenInfo> toks;
};

std::unique_ptr<Lexed> lex(const std::string& src) {
  auto l = std::make_unique<Lexed>();
  l->file = l->sm.add("t.asr", src);
  l->diags = std::make_unique<Diagnostics>(l->sm);
  l->toks = syntax::tokenize(l->sm, l->file, *l->diags);
  return l;
}

// "Kind`text` Kind`text` ..."
std::string kinds(const std::string& src) {
  auto l = lex(src);
  std::string out;
  for (auto& t : l->toks) {
    if (!out.empty()) out += ' ';
    out += t.kind + "`" + t.text + "`";
  }
  return out;
}

std::string errors(const Lexed& l) {
  std::string out;
  for (auto& d : l.diags->all()) {
    LineCol lc = l.sm.line_col(d.span);
    out += std::to_string(lc.line) + ":" + std::to_string(lc.col) + " " + d.message + "\n";
  }
  return out;
}

}  // namespace

TEST(SyntaxLexer, BasicTokens) {
  EXPECT_EQ(kinds("fn main() { let x = 1; }"),
            "Fn`fn` Ident`main` LParen`(` RParen`)` LBrace`{` Let`let` Ident`x` Eq`=` IntLit`1` "
            "Semi`;` RBrace`}`");
}

TEST(SyntaxLexer, Punctuation) {
  EXPECT_EQ(kinds(":: -> => ..= ... .. . == != <= >= << <<= && || += -= *= /= %= ^= &= |= @ # $ ? ~ _"),
            "PathSep`::` RArrow`->` FatArrow`=>` DotDotEq`..=` DotDotDot`...` DotDot`..` Dot`.` "
            "EqEq`==` Ne`!=` Le`<=` Ge`>=` Shl`<<` ShlEq`<<=` AndAnd`&&` OrOr`||` PlusEq`+=` "
            "MinusEq`-=` StarEq`*=` SlashEq`/=` PercentEq`%=` CaretEq`^=` AndEq`&=` OrEq`|=` At`@` "
            "Pound`#` Dollar`$` Question`?` Tilde`~` Underscore`_`");
}

TEST(SyntaxLexer, GreaterThanIsAlwaysSplit) {
  // `>>` is two `>` tokens (closing two generic lists); `>>=` is `>` `>=`.
  EXPECT_EQ(kinds(">>"), "Gt`>` Gt`>`");
  EXPECT_EQ(kinds(">>="), "Gt`>` Ge`>=`");
  EXPECT_EQ(kinds("Vec<Vec<i32>>"), "Ident`Vec` Lt`<` Ident`Vec` Lt`<` Ident`i32` Gt`>` Gt`>`");
}

TEST(SyntaxLexer, KeywordsAndIdentifiers) {
  EXPECT_EQ(kinds("self Self super crate union auto default macro_rules r#match _x x_ éa"),
            "SelfValue`self` SelfType`Self` Super`super` Crate`crate` Ident`union` Ident`auto` "
            "Ident`default` Ident`macro_rules` Ident`r#match` Ident`_x` Ident`x_` Ident`éa`");
  EXPECT_EQ(kinds("async await dyn move ref where yield"),
            "Async`async` Await`await` Dyn`dyn` Move`move` Ref`ref` Where`where` Yield`yield`");
}

TEST(SyntaxLexer, UnderscoreBeforeUnknownCharacter) { EXPECT_EQ(kinds("_€"), "Underscore`_`"); }

TEST(SyntaxLexer, LifetimesAndChars) {
  EXPECT_EQ(kinds("'a 'a' '\\n' '\\'' '\\u{1F600}' 'static b'x' 'é'"),
            "Lifetime`'a` CharLit`'a'` CharLit`'\\n'` CharLit`'\\''` CharLit`'\\u{1F600}'` "
            "Lifetime`'static` ByteLit`b'x'` CharLit`'é'`");
}

TEST(SyntaxLexer, Numbers) {
  EXPECT_EQ(kinds("1 1_000 0x1F_u8 0o17 0b1010i64 1.5 1. 1e10 2.5f32 2f32 1u128 7usize"),
            "IntLit`1` IntLit`1_000` IntLit`0x1F_u8` IntLit`0o17` IntLit`0b1010i64` FloatLit`1.5` "
            "FloatLit`1.` FloatLit`1e10` FloatLit`2.5f32` FloatLit`2f32` IntLit`1u128` IntLit`7usize`");
  EXPECT_EQ(kinds("1..2"), "IntLit`1` DotDot`..` IntLit`2`");
  EXPECT_EQ(kinds("1.foo()"), "IntLit`1` Dot`.` Ident`foo` LParen`(` RParen`)`");
  // A tuple-field chain is not a float.
  EXPECT_EQ(kinds("t.0.1"), "Ident`t` Dot`.` IntLit`0` Dot`.` IntLit`1`");
}

TEST(SyntaxLexer, Strings) {
  EXPECT_EQ(kinds(R"("a\"b" r"x" r#"a"b"# br"y" b"z" c"w")"),
            R"(StrLit`"a\"b"` RawStrLit`r"x"` RawStrLit`r#"a"b"#` RawByteStrLit`br"y"` ByteStrLit`b"z"` CStrLit`c"w"`)");
}

TEST(SyntaxLexer, MultiLineStringKeepsLineNumbers) {
  auto l = lex("let s = \"a\nb\";\nx");
  ASSERT_EQ(l->toks.size(), 6u);
  EXPECT_EQ(l->toks[3].kind, "StrLit");
  LineCol lc = l->sm.line_col(l->toks[5].span);
  EXPECT_EQ(lc.line, 3u);
  EXPECT_EQ(lc.col, 1u);
}

TEST(SyntaxLexer, CommentsAreSkipped) {
  EXPECT_EQ(kinds("a // c\n/* x /* nested */ y */ b /// doc\n//! inner\nc"), "Ident`a` Ident`b` Ident`c`");
}

// Whitespace runs are skipped in one step (speed); lines and columns still count every byte.
TEST(SyntaxLexer, WhitespaceRunsAndColumns) {
  auto l = lex("  \t a \r\n\v\f   b\t\t\n        c  ");
  ASSERT_EQ(l->toks.size(), 3u);
  LineCol a = l->sm.line_col(l->toks[0].span), b = l->sm.line_col(l->toks[1].span),
          c = l->sm.line_col(l->toks[2].span);
  EXPECT_EQ(a.line, 1u);
  EXPECT_EQ(a.col, 5u);
  EXPECT_EQ(b.line, 2u);
  EXPECT_EQ(b.col, 6u);
  EXPECT_EQ(c.line, 3u);
  EXPECT_EQ(c.col, 9u);
}

// A line comment ends at the newline (found with memchr) or at the end of the file.
TEST(SyntaxLexer, LineCommentAtEndOfFile) {
  EXPECT_EQ(kinds("a // x\nb //"), "Ident`a` Ident`b`");
  EXPECT_EQ(kinds("a // é €"), "Ident`a`");
  EXPECT_EQ(kinds("//"), "");
}

// UTF-8 is validated 8 ASCII bytes at a time: a bad byte at any offset is still found.
TEST(SyntaxLexer, InvalidUtf8AtEveryOffset) {
  for (size_t k = 0; k < 20; ++k) {
    auto l = lex(std::string(k, 'a') + "\xff" + std::string(20, 'b'));
    EXPECT_EQ(errors(*l), "1:" + std::to_string(k + 1) + " source file is not valid UTF-8\n") << k;
  }
  auto ok = lex(std::string(13, 'a') + "é" + std::string(9, 'b'));
  EXPECT_FALSE(ok->diags->has_errors());
}

TEST(SyntaxLexer, ByteSpansWithNonAscii) {
  auto l = lex("let é = \"ü\"; /* ö */ x");
  ASSERT_EQ(l->toks.size(), 6u);
  EXPECT_EQ(l->toks[1].text, "é");
  EXPECT_EQ(l->toks[1].span.begin, 4u);
  EXPECT_EQ(l->toks[1].span.end, 6u);
  EXPECT_EQ(l->toks[3].text, "\"ü\"");
  EXPECT_EQ(l->toks[3].span.begin, 9u);
  EXPECT_EQ(l->toks[3].span.end, 13u);
  EXPECT_EQ(l->toks[5].text, "x");
  LineCol lc = l->sm.line_col(l->toks[5].span);
  EXPECT_EQ(lc.col, 22u);  // columns count code points
}

TEST(SyntaxLexer, ShebangAndBomAreSkipped) {
  EXPECT_EQ(kinds("\xEF\xBB\xBF#!/usr/bin/env asrc\nfn"), "Fn`fn`");
  EXPECT_EQ(kinds("#!/bin/x\nfn"), "Fn`fn`");
  // `#![...]` at the start is an inner attribute, not a shebang.
  EXPECT_EQ(kinds("#![allow(x)]"), "Pound`#` Not`!` LBracket`[` Ident`allow` LParen`(` Ident`x` RParen`)` RBracket`]`");
}

TEST(SyntaxLexer, EmptyInput) {
  auto l = lex("");
  EXPECT_TRUE(l->toks.empty());
  EXPECT_FALSE(l->diags->has_errors());
}

TEST(SyntaxLexer, UnterminatedString) {
  auto l = lex("fn main() {\n  let s = \"abc;\n}\n");
  EXPECT_EQ(errors(*l), "2:11 unterminated double quote string\n");
}

TEST(SyntaxLexer, UnterminatedRawString) {
  auto l = lex("x r#\"abc\"");
  EXPECT_EQ(errors(*l), "1:3 unterminated double quote string\n");
}

TEST(SyntaxLexer, UnterminatedBlockCommentNested) {
  auto l = lex("a /* /* */ b");
  EXPECT_EQ(errors(*l), "1:3 unterminated block comment\n");
  EXPECT_EQ(l->toks.size(), 1u);
}

TEST(SyntaxLexer, UnterminatedChar) {
  auto l = lex("let c = '\n");
  EXPECT_EQ(errors(*l), "1:9 unterminated character literal\n");
}

TEST(SyntaxLexer, CharLiteralErrors) {
  auto l = lex("'ab' ''");
  EXPECT_EQ(errors(*l),
            "1:1 character literal may only contain one codepoint\n"
            "1:6 character literal may only contain one codepoint\n");
}

TEST(SyntaxLexer, UnknownCharacters) {
  auto l = lex("a € b \x07 c \x01");
  EXPECT_EQ(errors(*l),
            "1:3 unknown start of token: €\n"
            "1:7 unknown start of token: \\u{7}\n"
            "1:11 unknown start of token: \\u{1}\n");
  EXPECT_EQ(kinds("a € b"), "Ident`a` Ident`b`");
}

TEST(SyntaxLexer, NulByte) {
  auto l = lex(std::string("a\0b", 3));
  EXPECT_EQ(errors(*l), "1:2 unknown start of token: \\u{0}\n");
  EXPECT_EQ(l->toks.size(), 2u);
}

TEST(SyntaxLexer, InvalidUtf8StopsAtFirstBadByte) {
  auto l = lex("fn main() {}\nlet x\xff\xfe = 1;");
  EXPECT_EQ(errors(*l), "2:6 source file is not valid UTF-8\n");
  EXPECT_TRUE(l->toks.empty());
}

TEST(SyntaxLexer, BinaryGarbage) {
  std::string g;
  for (int i = 0; i < 4096; ++i) g += static_cast<char>((i * 7919) & 0xFF);
  auto l = lex(g);
  EXPECT_TRUE(l->diags->has_errors());
}

TEST(SyntaxLexer, OneMegabyteLine) {
  std::string s = "let x = \"" + std::string(1 << 20, 'a') + "\"; " + std::string(1 << 18, 'b');
  auto l = lex(s);
  EXPECT_FALSE(l->diags->has_errors());
  ASSERT_EQ(l->toks.size(), 6u);
  EXPECT_EQ(l->toks[5].text.size(), size_t(1) << 18);
}

TEST(SyntaxLexer, DumpTokensFormat) {
  auto l = lex("fn f() {}\n  'a: x");
  EXPECT_EQ(syntax::dump_tokens(l->toks, l->sm),
            "1:1 Fn `fn`\n1:4 Ident `f`\n1:5 LParen `(`\n1:6 RParen `)`\n1:8 LBrace `{`\n"
            "1:9 RBrace `}`\n2:3 Lifetime `'a`\n2:5 Colon `:`\n2:7 Ident `x`\n");
}
