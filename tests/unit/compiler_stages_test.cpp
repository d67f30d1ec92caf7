// Unit tests for the compiler stages below the parser: diagnostics rendering, C++ naming,
// literal escaping, format strings, and (through the pipeline) effects and lowering.

#include <gtest/gtest.h>

#include <algorithm>

#include <set>

#include "diagnostics/diagnostics.hpp"
#include "driver/pipeline.hpp"
#include "emit/emit.hpp"
#include "lower/cpp_names.hpp"
#include "sema/format.hpp"

namespace asr {
namespace {

TEST(Diagnostics, RendersLocationSnippetAndCaret) {
  SourceManager sm;
  FileId f = sm.add("t.asr", "fn main() {\n    let x = 1 +;\n}\n");
  Diagnostics d(sm);
  d.report(DiagKind::UnexpectedToken, Span{f, 27, 28}, "expression", "`;`");
  std::string out = d.render(false);
  EXPECT_NE(out.find("t.asr:2:16: error: expected expression, found `;`\n"), std::string::npos) << out;
  EXPECT_NE(out.find("2 |     let x = 1 +;\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  |                ^\n"), std::string::npos) << out;
  EXPECT_NE(out.find("could not compile due to 1 previous error"), std::string::npos);
}

TEST(Diagnostics, ColumnsCountCodePoints) {
  SourceManager sm;
  FileId f = sm.add("u.asr", "let é = ü;\n");
  // `ü` is at byte 9 (é is two bytes); rustc reports column 9, not 10.
  EXPECT_EQ(sm.line_col(f, 9).col, 9u);
  EXPECT_EQ(sm.line_col(f, 9).line, 1u);
}

// Columns count code points, also on long lines mixing ASCII and multi-byte characters (the
// count goes 8 bytes at a time).
TEST(Diagnostics, ColumnsOnLongMixedLines) {
  SourceManager sm;
  std::string line = "ab é 日本 x😀y ";
  std::string text;
  for (int i = 0; i < 12; ++i) text += line;
  text += "\nsecond";
  FileId f = sm.add("m.asr", text);
  uint32_t cps = 0;
  for (uint32_t off = 0; off <= text.size(); ++off) {
    if (off == text.size() || (static_cast<unsigned char>(text[off]) & 0xC0) != 0x80) {
      LineCol lc = sm.line_col(f, off);
      if (off <= text.find('\n')) {
        EXPECT_EQ(lc.line, 1u) << off;
        EXPECT_EQ(lc.col, cps + 1) << off;
      }
      ++cps;
    }
  }
}

// line_col remembers the previous query's line (the emitter asks in source order); answers
// must not depend on the order of the queries or on which file was asked before.
TEST(Diagnostics, LineColInAnyOrder) {
  SourceManager sm;
  std::string text;
  for (int i = 0; i < 200; ++i) text += std::string(static_cast<size_t>(i % 7), ' ') + "x\n";
  FileId f = sm.add("a.asr", text);
  FileId g = sm.add("b.asr", "\n\nz");
  std::vector<uint32_t> line_start;
  for (uint32_t i = 0, start = 0; i < text.size(); ++i)
    if (i == 0 || text[i - 1] == '\n') line_start.push_back(start = i);
  auto expect = [&](uint32_t off) {
    uint32_t line = static_cast<uint32_t>(std::upper_bound(line_start.begin(), line_start.end(), off) -
                                          line_start.begin());
    LineCol lc = sm.line_col(f, off);
    EXPECT_EQ(lc.line, line) << off;
    EXPECT_EQ(lc.col, off - line_start[line - 1] + 1) << off;
  };
  for (uint32_t off = 0; off < text.size(); ++off) expect(off);
  for (uint32_t off = static_cast<uint32_t>(text.size()); off-- > 0;) expect(off);
  for (uint32_t k = 0; k < 1000; ++k) {
    expect((k * 7919u) % static_cast<uint32_t>(text.size()));
    EXPECT_EQ(sm.line_col(g, 2).line, 3u);
  }
  EXPECT_EQ(sm.line_col(f, static_cast<uint32_t>(text.size())).line, 201u);  // end of file
}

TEST(Diagnostics, EveryKindHasAValidTemplate) {
  std::set<std::string_view> names;
  for (DiagKind k : all_diag_kinds()) {
    const DiagInfo& info = diag_info(k);
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    ASSERT_FALSE(info.format.empty()) << info.name;
    // Message style: lowercase start (or a backtick / placeholder), no trailing period.
    char c = info.format[0];
    EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '`' || c == '{') << info.name;
    EXPECT_NE(info.format.back(), '.') << info.name;
    // The template must format with string arguments.
    EXPECT_NO_THROW(fmt::format(fmt::runtime(info.format), "a", "b", "c", "d", "e", "f")) << info.name;
  }
}

TEST(Diagnostics, StopsAtTheErrorLimit) {
  SourceManager sm;
  FileId f = sm.add("t.asr", "x\n");
  Diagnostics d(sm);
  d.set_max_errors(3);
  for (int i = 0; i < 10; ++i) d.report(DiagKind::UnknownCharacter, Span{f, 0, 1}, "`x`");
  EXPECT_EQ(d.error_count(), 3u);
  EXPECT_TRUE(d.saturated());
}

TEST(CppNames, KeywordsAndReservedNamesAreMangled) {
  EXPECT_EQ(lower::mangle("new"), "new_");
  EXPECT_EQ(lower::mangle("co_await"), "co_await_");
  EXPECT_EQ(lower::mangle("errno"), "errno_");
  EXPECT_EQ(lower::mangle("int32_t"), "int32_t_");
  EXPECT_EQ(lower::mangle("_Upper"), "u_Upper");
  EXPECT_EQ(lower::mangle("a__b"), "a_u_b");
  EXPECT_EQ(lower::mangle("asr_x"), "asr_x_");
  EXPECT_FALSE(lower::needs_mangling("point"));
  EXPECT_FALSE(lower::needs_mangling("_private"));
}

TEST(CppNames, CollisionsAfterManglingGetNumbers) {
  lower::NameScope s;
  EXPECT_EQ(s.fresh("new_"), "new_");
  EXPECT_EQ(s.fresh("new"), "new_2");  // `new` -> `new_`, taken
  EXPECT_EQ(s.fresh("x"), "x");
  EXPECT_EQ(s.fresh("x"), "x_2");      // shadowing in Rust, distinct in C++
  EXPECT_EQ(s.fresh("x"), "x_3");
}

TEST(Literals, StringsCannotEscapeTheirQuotes) {
  EXPECT_EQ(emit::cpp_string_literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(emit::cpp_string_literal("?\?="), "\"?\\?=\"");
  EXPECT_EQ(emit::cpp_string_literal("{:?}"), "\"{:?}\"");
  EXPECT_EQ(emit::cpp_string_literal(std::string("\0" "1", 2)), "\"\\0001\"");
  EXPECT_EQ(emit::cpp_string_literal("\xC3\xA9"), "\"\\303\\251\"");
  EXPECT_EQ(emit::cpp_string_literal("*/ #define X"), "\"*/ #define X\"");
  EXPECT_EQ(emit::cpp_char_literal('\''), "U'\\''");
  EXPECT_EQ(emit::cpp_char_literal(0x1F600), "char32_t{0x1F600}");
}

TEST(Literals, CommentTextHasNoLineBreaks) {
  EXPECT_EQ(emit::comment_safe("a\nb\rc"), "a b c");
  EXPECT_EQ(emit::comment_safe("x\xE2\x80\xA8y\xE2\x80\xA9z\xC2\x85w"), "x y z w");
  EXPECT_EQ(emit::comment_safe("end\\"), "end\\ ");
}

TEST(FormatStrings, ParsesRustSpecs) {
  std::vector<sema::FormatPiece> pieces;
  ASSERT_FALSE(sema::parse_format("x={x:>8.2} {0:#x} {:?} {{}} {:*^5} {:.*}", pieces));
  EXPECT_EQ(sema::print_format(pieces), "x={x:>8.2} {0:#x} {:?} {{}} {:*^5} {:.*}");
  std::vector<sema::FormatPiece> p2;
  ASSERT_FALSE(sema::parse_format("{:0$} {:w$.p$}", p2));
  EXPECT_EQ(sema::print_format(p2), "{:0$} {:w$.p$}");
}

TEST(FormatStrings, ReportsErrors) {
  std::vector<sema::FormatPiece> pieces;
  auto e1 = sema::parse_format("a } b", pieces);
  ASSERT_TRUE(e1);
  EXPECT_EQ(e1->offset, 2u);
  pieces.clear();
  auto e2 = sema::parse_format("{:z}", pieces);
  ASSERT_TRUE(e2);
  EXPECT_NE(e2->message.find("unknown format trait"), std::string::npos);
  pieces.clear();
  EXPECT_TRUE(sema::parse_format("{", pieces));
}

// ---- through the pipeline

struct Compiled {
  bool ok;
  std::string out;
  std::string errors;
};

Compiled compile(const std::string& src, driver::EmitKind emit = driver::EmitKind::Cpp) {
  SourceManager sm;
  Diagnostics d(sm);
  driver::CompileOptions o;
  o.emit = emit;
  o.line_directives = false;
  auto r = driver::compile_source("t.asr", src, o, sm, d);
  return {r.ok, r.output, d.render(false)};
}

TEST(Effects, SyncFunctionsStayPlainCpp) {
  auto c = compile("fn add(a: i32, b: i32) -> i32 { a + b }\nfn main() { println!(\"{}\", add(1, 2)); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("int32_t add(int32_t a, int32_t b) {"), std::string::npos) << c.out;
  EXPECT_EQ(c.out.find("co_await"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("run_main_sync"), std::string::npos) << c.out;
}

TEST(Effects, ReachingSleepMakesACoroutine) {
  auto c = compile(
      "use std::task::sleep;\nuse std::time::Duration;\n"
      "fn leaf() { sleep(Duration::from_millis(1)); }\n"
      "fn mid() -> i32 { leaf(); 1 }\n"
      "fn pure(x: i32) -> i32 { x * 2 }\n"
      "fn main() { let v = mid(); println!(\"{}\", pure(v)); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("::asr::Task<void> leaf() {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("::asr::Task<int32_t> mid() {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("int32_t pure(int32_t x) {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("co_await leaf();"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("co_return 1;"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("const int32_t v = co_await mid();"), std::string::npos) << c.out;
}

TEST(Effects, MutualRecursionWithoutSleepIsSync) {
  auto c = compile(
      "fn even(n: u32) -> bool { if n == 0 { true } else { odd(n - 1) } }\n"
      "fn odd(n: u32) -> bool { if n == 0 { false } else { even(n - 1) } }\n"
      "fn main() { println!(\"{}\", even(10)); }\n",
      driver::EmitKind::Effects);
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("even (t.asr:1:4): sync"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("odd (t.asr:2:4): sync"), std::string::npos) << c.out;
}

TEST(Effects, ReportsTheShortestChain) {
  auto c = compile(
      "use std::task::sleep;\nuse std::time::Duration;\n"
      "fn a() { b(); c(); }\nfn b() { c(); }\nfn c() { sleep(Duration::from_secs(1)); }\n"
      "fn main() { a(); }\n",
      driver::EmitKind::Effects);
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("a (t.asr:3:4): suspends: a -> c (t.asr:3:15) -> std::task::sleep (std)"), std::string::npos) << c.out;
}

// ---- effects per instance (the fixpoint over the instance graph)

const char* kSources =
    "use std::thread::sleep;\nuse std::time::Duration;\n"
    "trait Source { fn read(&self) -> u32; }\n"
    "struct Quick(u32);\nstruct Slow(u32);\n"
    "impl Source for Quick { fn read(&self) -> u32 { self.0 } }\n"
    "impl Source for Slow { fn read(&self) -> u32 { sleep(Duration::from_millis(1)); self.0 } }\n";

TEST(Effects, GenericFunctionWithDifferingInstancesIsEmittedTwice) {
  std::string src = std::string(kSources) +
                    "fn apply<F: Fn(u32) -> u32>(f: F, x: u32) -> u32 { f(x) }\n"
                    "fn main() { println!(\"{} {}\", apply(|x| x + 1, 1), apply(|x| Slow(x).read(), 2)); }\n";
  auto fx = compile(src, driver::EmitKind::Effects);
  ASSERT_TRUE(fx.ok) << fx.errors;
  EXPECT_NE(fx.out.find("apply (t.asr:8:4): suspends for some type arguments"), std::string::npos) << fx.out;
  auto c = compile(src);
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("template <class F> inline uint32_t apply(F f, uint32_t x) {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("template <class F> inline ::asr::Task<uint32_t> apply_co(F f, uint32_t x) {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("co_await ::asr::call_co(f, x)"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("co_await ::crate::apply_co<decltype(closure_2)>"), std::string::npos) << c.out;
}

TEST(Effects, GenericFunctionWhoseInstancesAllSuspendIsOneCoroutine) {
  std::string src = std::string(kSources) +
                    "fn apply<F: Fn(u32) -> u32>(f: F, x: u32) -> u32 { f(x) }\n"
                    "fn main() { println!(\"{}\", apply(|x| Slow(x).read(), 2)); }\n";
  auto c = compile(src);
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("inline ::asr::Task<uint32_t> apply(F f, uint32_t x) {"), std::string::npos) << c.out;
  EXPECT_EQ(c.out.find("apply_co"), std::string::npos) << c.out;
}

TEST(Effects, ImplsKeepTheirOwnEffectWithoutDyn) {
  std::string src = std::string(kSources) +
                    "fn get<S: Source>(s: &S) -> u32 { s.read() }\n"
                    "fn main() { println!(\"{} {}\", get(&Quick(1)), get(&Slow(2))); }\n";
  auto fx = compile(src, driver::EmitKind::Effects);
  ASSERT_TRUE(fx.ok) << fx.errors;
  EXPECT_NE(fx.out.find("<Quick as Source>::read (t.asr:6:28): sync"), std::string::npos) << fx.out;
  EXPECT_NE(fx.out.find("get (t.asr:8:4): suspends for some type arguments"), std::string::npos) << fx.out;
  auto c = compile(src);
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("co_await Source_co<S>::read(s)"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("::crate::get<Quick>("), std::string::npos) << c.out;
}

TEST(Effects, DynTraitImplsShareOneCallingConvention) {
  std::string src = std::string(kSources) +
                    "fn main() { let v: Vec<Box<dyn Source>> = vec![Box::new(Quick(1)), Box::new(Slow(2))];\n"
                    "  for s in &v { println!(\"{}\", s.read()); } }\n";
  auto fx = compile(src, driver::EmitKind::Effects);
  ASSERT_TRUE(fx.ok) << fx.errors;
  EXPECT_NE(fx.out.find("<Quick as Source>::read (t.asr:6:28): suspends: <Quick as Source>::read, an impl of "
                        "`Source::read`, which is called through `dyn Source`; `impl Source for Slow` suspends"),
            std::string::npos)
      << fx.out;
}

TEST(Effects, RecursionThroughAGenericFunctionFollowsItsArguments) {
  std::string src = std::string(kSources) +
                    "fn rec<F: Fn(u32) -> u32>(f: &F, n: u32) -> u32 { if n == 0 { f(0) } else { rec(f, n - 1) } }\n"
                    "fn plain() -> u32 { rec(&|x| x + 1, 3) }\n"
                    "fn slow() -> u32 { rec(&|x| Slow(x).read(), 3) }\n"
                    "fn main() { println!(\"{} {}\", plain(), slow()); }\n";
  auto fx = compile(src, driver::EmitKind::Effects);
  ASSERT_TRUE(fx.ok) << fx.errors;
  EXPECT_NE(fx.out.find("plain (t.asr:9:4): sync"), std::string::npos) << fx.out;
  EXPECT_NE(fx.out.find("slow (t.asr:10:4): suspends: slow -> rec (t.asr:10:20) -> {closure}"), std::string::npos) << fx.out;
  EXPECT_NE(fx.out.find("rec (t.asr:8:4): suspends for some type arguments"), std::string::npos) << fx.out;
}

TEST(Effects, MutualRecursionThroughGenericsWithoutSleepIsSync) {
  std::string src = std::string(kSources) +
                    "fn even<S: Source>(s: &S, n: u32) -> bool { if n == 0 { s.read() > 0 } else { odd(s, n - 1) } }\n"
                    "fn odd<S: Source>(s: &S, n: u32) -> bool { if n == 0 { false } else { even(s, n - 1) } }\n"
                    "fn main() { println!(\"{}\", even(&Quick(1), 4)); }\n";
  auto fx = compile(src, driver::EmitKind::Effects);
  ASSERT_TRUE(fx.ok) << fx.errors;
  EXPECT_NE(fx.out.find("even (t.asr:8:4): sync"), std::string::npos) << fx.out;
  EXPECT_NE(fx.out.find("odd (t.asr:9:4): sync"), std::string::npos) << fx.out;
  EXPECT_NE(fx.out.find("main (t.asr:10:4): sync"), std::string::npos) << fx.out;
}

TEST(Effects, OneLambdaPerVersionIsACoroutineIfOneInstanceSuspends) {
  // `make` never suspends (it only makes the closure), so its one lambda serves Quick and
  // Slow alike: it is a coroutine, and Quick's closure is awaited too.
  std::string src = std::string(kSources) +
                    "fn make<S: Source>(s: S) -> impl Fn() -> u32 { move || s.read() }\n"
                    "fn main() { let q = make(Quick(1)); println!(\"{}\", q()); let s = make(Slow(2)); println!(\"{}\", s()); }\n";
  auto fx = compile(src, driver::EmitKind::Effects);
  ASSERT_TRUE(fx.ok) << fx.errors;
  EXPECT_NE(fx.out.find("make (t.asr:8:4): sync"), std::string::npos) << fx.out;
  auto c = compile(src);
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("-> ::asr::Task<uint32_t> {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("co_await q()"), std::string::npos) << c.out;
}

TEST(Effects, SuspendingClosureWhereCppWouldCallItIsRejected) {
  std::string src = std::string(kSources) +
                    "fn main() { let mut v = vec![2u32, 1]; v.sort_by_key(|&x| Slow(x).read()); println!(\"{:?}\", v); }\n";
  auto c = compile(src);
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("a closure that can suspend given to `"), std::string::npos) << c.errors;
  EXPECT_NE(c.errors.find("sort_by_key` (std implements it in C++"), std::string::npos) << c.errors;
}

TEST(Lowering, SuspendingArgumentsAreAwaitedInOrder) {
  auto c = compile(
      "use std::task::sleep;\nuse std::time::Duration;\n"
      "fn f(x: i32) -> i32 { sleep(Duration::from_millis(1)); x }\n"
      "fn g(a: i32, b: i32) -> i32 { a - b }\n"
      "fn main() { println!(\"{}\", g(f(1), f(2))); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  size_t first = c.out.find("co_await f(1)");
  size_t second = c.out.find("co_await f(2)");
  ASSERT_NE(first, std::string::npos) << c.out;
  ASSERT_NE(second, std::string::npos) << c.out;
  EXPECT_LT(first, second);
}

TEST(Lowering, SideEffectingArgumentsKeepRustOrder) {
  // C++ leaves argument evaluation order unspecified; Rust evaluates left to right.
  auto c = compile(
      "fn p(x: i32) -> i32 { println!(\"{}\", x); x }\n"
      "fn g(a: i32, b: i32) -> i32 { a + b }\n"
      "fn main() { let s = g(p(1), p(2)); println!(\"{}\", s); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("const int32_t t = p(1);"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("g(t, p(2))"), std::string::npos) << c.out;
}

TEST(Lowering, IfExpressionBecomesConditionalWhenSimple) {
  auto c = compile("fn m(a: i32, b: i32) -> i32 { if a > b { a } else { b } }\nfn main() { println!(\"{}\", m(1, 2)); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("return (a > b) ? a : b;"), std::string::npos) << c.out;
}

TEST(Lowering, ShadowedLocalsGetDistinctNames) {
  auto c = compile("fn main() { let x = 1; let x = x + 1; println!(\"{}\", x); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("const int32_t x_2 = ::asr::add(x, 1, {asr_file, 1, 32});"), std::string::npos) << c.out;
}

TEST(Lowering, LabelledBreakUsesGoto) {
  auto c = compile(
      "fn main() { let mut n = 0; 'outer: loop { loop { n += 1; if n > 3 { break 'outer; } } } println!(\"{}\", n); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("goto outer_end;"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("outer_end:;"), std::string::npos) << c.out;
}

TEST(Sema, ReportsTypeErrorsInRustVocabulary) {
  auto c = compile("fn main() { let x: i32 = true; }\n");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("t.asr:1:26: error: mismatched types: expected `i32`, found `bool`"), std::string::npos) << c.errors;
}

TEST(Sema, IntegerLiteralsDefaultAndCheckRange) {
  auto c = compile("fn main() { let a: u8 = 256; }\n");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("literal out of range for `u8`"), std::string::npos) << c.errors;
  auto ok = compile("fn main() { let a = -128i8; let b: i64 = 1 << 40; println!(\"{a} {b}\"); }\n");
  EXPECT_TRUE(ok.ok) << ok.errors;
}

TEST(Sema, RejectsUnsupportedConstructsByName) {
  auto c = compile("trait T { type Item<X>; }\nfn main() {}\n");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("asrc does not support generic associated types yet"), std::string::npos) << c.errors;
}

TEST(Sema, ItemsInNestedBlocksLiveInTheirBlock) {
  auto c = compile(
      "fn main() { { fn f() -> i32 { 1 } println!(\"{}\", f()); } { struct P(u8); fn f() -> P { P(2) } "
      "println!(\"{}\", f().0); } }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("namespace main_items {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("namespace main_items2 {"), std::string::npos) << c.out;
  auto bad = compile("fn main() { let x = 1; fn g() -> i32 { x } { fn h() {} } h(); }\n");
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.errors.find("t.asr:1:40: error: can't capture dynamic environment in a fn item"), std::string::npos) << bad.errors;
  EXPECT_NE(bad.errors.find("cannot find function `h` in this scope"), std::string::npos) << bad.errors;
}

TEST(Lowering, NestedOrPatternBindingPicksItsAlternative) {
  auto c = compile(
      "fn f(t: (Option<i32>, i32)) -> i32 { match t { (Some(a) | None, a2) if false => a2, ((Some(n), _) | (None, n)) => n } }\n"
      "fn main() { println!(\"{}\", f((None, 4))); }\n");
  EXPECT_FALSE(c.ok);  // `a` is not bound by `None`
  EXPECT_NE(c.errors.find("variable `a` is not bound in all patterns"), std::string::npos) << c.errors;
  auto ok = compile(
      "fn f(t: (Option<i32>, i32)) -> i32 { match t { (Some(n), _) | (None, n) => n } }\n"
      "fn g(t: (Option<i32>, i32)) -> i32 { match t { (Some(n) | Some(n), _) => n, (None, k) => k } }\n"
      "fn main() { println!(\"{} {}\", f((None, 4)), g((Some(1), 2))); }\n");
  ASSERT_TRUE(ok.ok) << ok.errors;
  EXPECT_NE(ok.out.find("? "), std::string::npos) << ok.out;
}

TEST(Lowering, DisjointCaptureIsAnInitCapture) {
  auto c = compile(
      "struct P { x: i32, y: i32 }\n"
      "fn main() { let mut p = P { x: 1, y: 2 }; let mut c = || p.x += 1; c(); println!(\"{} {}\", p.x, p.y); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("[&p_x = p.x]"), std::string::npos) << c.out;
}

TEST(Drops, ATypeWithDropIsAClassWithADropFlag) {
  auto c = compile(
      "struct G { name: String }\n"
      "impl Drop for G { fn drop(&mut self) { println!(\"{}\", self.name); } }\n"
      "fn main() { let g = G { name: String::from(\"a\") }; let h = g; println!(\"{}\", h.name); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("explicit G(::asr::String name) : name(std::move(name)) {}"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("::asr::DropFlag live;"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("if (live) ::crate::asr_std::ops::Drop<G>::drop(*this);"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("G h = std::move(g);"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("G g{::crate::asr_std::convert::From<::asr::String, ::asr::Str>::from(::asr::Str(\"a\"))};"), std::string::npos) << c.out;
}

TEST(Drops, FieldsThatNeedDroppingAreDroppedInDeclarationOrder) {
  auto c = compile(
      "struct G(u8);\nimpl Drop for G { fn drop(&mut self) {} }\n"
      "struct P { a: G, n: i32, b: G }\nstruct Q { a: G, n: i32 }\n"
      "fn main() { let _p = P { a: G(1), n: 2, b: G(3) }; let _q = Q { a: G(4), n: 5 }; }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("~P() noexcept(false) { ::asr::drop_in_order(a, b); }"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("P _p{G{uint8_t(1)}, 2, G{uint8_t(3)}};"), std::string::npos) << c.out;  // (a constructor)
  EXPECT_NE(c.out.find("Q _q{.a = G{uint8_t(4)}, .n = 5};"), std::string::npos) << c.out;  // (one: an aggregate)
  auto plain = compile("struct P { a: String, b: String }\nfn main() { let p = P { a: String::new(), b: String::new() }; println!(\"{}{}\", p.a, p.b); }\n");
  ASSERT_TRUE(plain.ok) << plain.errors;
  EXPECT_EQ(plain.out.find("drop_in_order"), std::string::npos) << plain.out;  // (no `impl Drop`: unchanged)
}

TEST(Drops, ParametersAreDroppedWhenTheCalleeEnds) {
  auto c = compile(
      "struct G(u8);\nimpl Drop for G { fn drop(&mut self) {} }\n"
      "fn take(g: G) -> u8 { g.0 }\nfn main() { println!(\"{}\", take(G(1))); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("uint8_t take(G g_in) {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("G g = std::move(g_in);"), std::string::npos) << c.out;
}

TEST(Drops, RustsRulesAreChecked) {
  auto c = compile(
      "#[derive(Clone, Copy)] struct C;\nimpl Drop for C { fn drop(&mut self) {} }\n"
      "struct S { n: String }\nimpl Drop for S { fn drop(&mut self) {} }\n"
      "fn main() { let mut s = S { n: String::new() }; s.drop(); let n = s.n; }\n");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("t.asr:1:31: error: the trait `Copy` cannot be implemented for this type; the type has a destructor"),
            std::string::npos) << c.errors;
  EXPECT_NE(c.errors.find("t.asr:5:51: error: explicit use of destructor method"), std::string::npos) << c.errors;
  EXPECT_NE(c.errors.find("t.asr:5:67: error: cannot move out of type `S`, which implements the `Drop` trait"),
            std::string::npos) << c.errors;
}

// A `drop` that suspends: owning such a value makes a function suspend (creating one and
// returning it, or borrowing one, does not); its scope's rest is guarded and the drop awaited.
TEST(AsyncDrop, OwningAValueWhoseDropSuspendsIsASuspension) {
  auto c = compile(
      "use std::task::sleep;\nuse std::time::Duration;\n"
      "struct C(u8);\nimpl Drop for C { fn drop(&mut self) { sleep(Duration::from_millis(1)); } }\n"
      "fn make(n: u8) -> C { C(n) }\nfn peek(c: &C) -> u8 { c.0 }\n"
      "fn hold(n: u8) -> u8 { let c = make(n); if n > 1 { return peek(&c); } 0 }\n"
      "fn main() { println!(\"{}\", hold(2)); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("inline C make(uint8_t n) {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("inline uint8_t peek(const C& c) {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("inline ::asr::Task<uint8_t> hold(uint8_t n) {"), std::string::npos) << c.out;
  // (the return awaits the drop after computing its value; the end of the scope awaits it too)
  EXPECT_NE(c.out.find("const uint8_t result = ::crate::peek(c);\n"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("co_await ::asr::drop_async(c);\n"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("co_return std::move(result);"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("} catch (...) {  // a panic or a cancellation unwinding past `c`"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("if (c_unwinding) std::rethrow_exception(c_unwinding);"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("template <> struct AsyncDrop<::crate::C> {"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("if (live) ::asr::async_drop_missed(\"C\");"), std::string::npos) << c.out;
}

TEST(AsyncDrop, ValuesItCannotAwaitAreRejectedByName) {
  auto c = compile(
      "use std::task::sleep;\nuse std::time::Duration;\n"
      "struct C(u8);\nimpl Drop for C { fn drop(&mut self) { sleep(Duration::from_millis(1)); } }\n"
      "fn main() { let n = C(1).0; let r = std::collections::VecDeque::from(vec![C(2)]); println!(\"{}\", n); drop(r); }\n");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("t.asr:5:37: error: asrc does not support a `std::collections::vec_deque::VecDeque<C>` holding values "
                          "whose drop can suspend yet"),
            std::string::npos) << c.errors;
  EXPECT_EQ(c.errors.find("temporary"), std::string::npos) << c.errors;  // (`C(1).0`: a variable, dropped after the `let`)
}

TEST(ConstEval, ConstFnCallsAreEvaluatedToLiterals) {
  auto c = compile(
      "const fn fib(n: u64) -> u64 { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\n"
      "const fn table() -> [u8; 4] { let mut t = [0u8; 4]; let mut i = 0; while i < 4 { t[i] = (i * i) as u8; i += 1; } t }\n"
      "const F: u64 = fib(20);\nconst T: [u8; 4] = table();\n"
      "fn main() { let a = [0u8; fib(5) as usize]; println!(\"{} {:?} {} {}\", F, T, a.len(), fib(3)); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("constexpr uint64_t F = 6765UL;"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("{uint8_t(0), uint8_t(1), uint8_t(4), uint8_t(9)}"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("std::array<uint8_t, 5>"), std::string::npos) << c.out;
}

TEST(ConstEval, CppConstFnBecomesAConstexprCall) {
  auto c = compile(
      "use std::time::Duration;\nconst TICK: Duration = Duration::from_millis(10);\n"
      "fn main() { println!(\"{:?} {:?}\", TICK, Duration::ZERO); }\n");
  ASSERT_TRUE(c.ok) << c.errors;
  EXPECT_NE(c.out.find("constexpr ::asr::time::Duration TICK = ::asr::time::Duration::from_millis(10UL);"), std::string::npos)
      << c.out;
}

TEST(ConstEval, FailuresPointAtTheCallAndInsideIt) {
  auto c = compile("const fn inc(x: u8) -> u8 {\n    x + 1\n}\nconst A: u8 = inc(255);\nfn main() { println!(\"{}\", A); }\n");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("t.asr:4:15: error: attempt to compute `u8::MAX + 1_u8`, which would overflow"), std::string::npos)
      << c.errors;
  EXPECT_NE(c.errors.find("t.asr:2:5: note: inside `inc`"), std::string::npos) << c.errors;
}

TEST(ConstEval, RunawayLoopsAndRecursionStop) {
  auto loop = compile("const fn spin() -> u32 { let mut i = 0u32; loop { i = i.wrapping_add(1); } }\n"
                      "const S: u32 = spin();\nfn main() { println!(\"{}\", S); }\n");
  EXPECT_FALSE(loop.ok);
  EXPECT_NE(loop.errors.find("constant evaluation is taking a long time"), std::string::npos) << loop.errors;
  auto rec = compile("const fn down(n: u64) -> u64 { down(n + 1) }\nconst D: u64 = down(0);\nfn main() { println!(\"{}\", D); }\n");
  EXPECT_FALSE(rec.ok);
  EXPECT_NE(rec.errors.find("reached the configured maximum number of stack frames"), std::string::npos) << rec.errors;
}

TEST(ConstEval, ConstRulesRejectNonConstCallsEvenIfNeverEvaluated) {
  auto c = compile("fn plain() -> u32 { 3 }\nconst fn f() -> u32 { plain() }\nfn main() { println!(\"{}\", f()); }\n");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("cannot call non-const function `plain` in constant functions"), std::string::npos) << c.errors;
}

TEST(Sema, PrivateItemsAreVisibleOnlyInTheirModule) {
  auto c = compile(
      "mod a { fn f() {} pub(super) fn g() {} pub mod b { pub fn h() { super::f(); } } pub struct S { x: i32 } }\n"
      "fn main() { a::g(); a::b::h(); a::f(); }\n");
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.errors.find("t.asr:2:35: error: function `f` is private"), std::string::npos) << c.errors;
  EXPECT_EQ(c.errors.find("`g` is private"), std::string::npos) << c.errors;
  EXPECT_EQ(c.errors.find("`h` is private"), std::string::npos) << c.errors;
}

}  // namespace
}  // namespace asr
