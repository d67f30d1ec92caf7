// Debug builders ({:?} and {:#?}) against rustc 1.95's output for derived Debug impls.
#include <gtest/gtest.h>

#include <string>

#include "asr/prelude.hpp"

namespace t {
struct Point {
  int32_t x;
  double y;
};
struct Wrap {
  int32_t a;
  asr::Str b;
};
struct Unit {};
struct Vec2 {  // stands in for Vec<Point>
  const Point* p;
  size_t n;
};
struct VecI {  // Vec<i32>
  size_t n;
};
struct Tuple1 {
  int32_t a;
};
struct Outer {
  asr::Str name;
  Vec2 pts;
  Tuple1 t;
  Wrap w;
  Unit u;
  VecI e;
};
struct Map {};
struct Pair {
  int32_t a;
  asr::Str b;
};
}  // namespace t

// What asrc emits for #[derive(Debug)]:
template <> struct asr::Debug<t::Point> {
  static void fmt(const t::Point& v, asr::Formatter& f) {
    asr::DebugStruct(f, "Point").field("x", v.x).field("y", v.y).finish();
  }
};
template <> struct asr::Debug<t::Wrap> {
  static void fmt(const t::Wrap& v, asr::Formatter& f) {
    asr::DebugTuple(f, "Wrap").field(v.a).field(v.b).finish();
  }
};
template <> struct asr::Debug<t::Unit> {
  static void fmt(const t::Unit&, asr::Formatter& f) { f.write_str("Unit"); }
};
template <> struct asr::Debug<t::Vec2> {
  static void fmt(const t::Vec2& v, asr::Formatter& f) {
    asr::DebugList l(f);
    for (size_t i = 0; i < v.n; ++i) l.entry(v.p[i]);
    l.finish();
  }
};
template <> struct asr::Debug<t::VecI> {
  static void fmt(const t::VecI&, asr::Formatter& f) { asr::DebugList(f).finish(); }
};
template <> struct asr::Debug<t::Tuple1> {
  static void fmt(const t::Tuple1& v, asr::Formatter& f) { asr::DebugTuple(f, "").field(v.a).finish(); }
};
template <> struct asr::Debug<t::Pair> {
  static void fmt(const t::Pair& v, asr::Formatter& f) {
    asr::DebugTuple(f, "").field(v.a).field(v.b).finish();
  }
};
template <> struct asr::Debug<t::Outer> {
  static void fmt(const t::Outer& v, asr::Formatter& f) {
    asr::DebugStruct(f, "Outer")
        .field("name", v.name)
        .field("pts", v.pts)
        .field("t", v.t)
        .field("w", v.w)
        .field("u", v.u)
        .field("e", v.e)
        .finish();
  }
};
template <> struct asr::Debug<t::Map> {
  static void fmt(const t::Map&, asr::Formatter& f) {
    asr::DebugMap(f).entry(int32_t(1), asr::Str("a")).entry(int32_t(2), asr::Str("b")).finish();
  }
};

TEST(RuntimeDebug, BuildersMatchRustc) {
  t::Point pts[] = {{1, 2.5}, {-3, 0.0}};
  t::Outer o{"o", {pts, 2}, {7}, {4, "s\n"}, {}, {0}};
  asr::String s = asr::format("{:?}\n{:#?}\n{:5?}\n{:?}\n{:#?}\n{:?} {:#?}\n", o, o, t::Point{1, 2.0}, t::Map{},
                              t::Map{}, t::Pair{1, "x"}, t::Tuple1{1});
  // rustc 1.95 (see the test's history for the Rust program):
  const char* expected =
      "Outer { name: \"o\", pts: [Point { x: 1, y: 2.5 }, Point { x: -3, y: 0.0 }], t: (7,), w: Wrap(4, "
      "\"s\\n\"), u: Unit, e: [] }\nOuter {\n    name: \"o\",\n    pts: [\n        Point {\n            x: "
      "1,\n            y: 2.5,\n        },\n        Point {\n            x: -3,\n            y: 0.0,\n        "
      "},\n    ],\n    t: (\n        7,\n    ),\n    w: Wrap(\n        4,\n        \"s\\n\",\n    ),\n    u: "
      "Unit,\n    e: [],\n}\nPoint { x:     1, y:   2.0 }\n{1: \"a\", 2: \"b\"}\n{\n    1: \"a\",\n    2: "
      "\"b\",\n}\n(1, \"x\") (\n    1,\n)\n";
  EXPECT_EQ(std::string(s.data(), s.len()), expected);
}

namespace {
std::string panic_message(void (*f)()) {
  try {
    f();
  } catch (const asr::Panic& p) {
    return std::string(p.message().data(), p.message().len());
  }
  return "<no panic>";
}
const asr::Loc kL{"a.asr", 1, 1};
}  // namespace

TEST(RuntimeDebug, StdPanicMessagesMatchRustc) {
  EXPECT_EQ(panic_message([] { asr::assert_eq_failed(kL, int32_t(1), int32_t(2)); }),
            "assertion `left == right` failed\n  left: 1\n right: 2");
  EXPECT_EQ(panic_message([] { asr::assert_eq_failed_fmt(kL, int32_t(1), int32_t(2), "ctx {}", 5); }),
            "assertion `left == right` failed: ctx 5\n  left: 1\n right: 2");
  EXPECT_EQ(panic_message([] { asr::assert_ne_failed(kL, int32_t(1), int32_t(1)); }),
            "assertion `left != right` failed\n  left: 1\n right: 1");
  EXPECT_EQ(panic_message([] { asr::assert_ne_failed_fmt(kL, asr::Str("a"), asr::Str("a"), "m"); }),
            "assertion `left != right` failed: m\n  left: \"a\"\n right: \"a\"");
  EXPECT_EQ(panic_message([] { asr::panic_explicit(kL); }), "explicit panic");
  EXPECT_EQ(panic_message([] { asr::panic_unreachable(kL); }), "internal error: entered unreachable code");
  EXPECT_EQ(panic_message([] { asr::panic_unreachable_fmt(kL, "u {}", 3); }),
            "internal error: entered unreachable code: u 3");
  EXPECT_EQ(panic_message([] { asr::panic_todo(kL); }), "not yet implemented");
  EXPECT_EQ(panic_message([] { asr::panic_unimplemented(kL); }), "not implemented");
  EXPECT_EQ(panic_message([] { asr::panic_unwrap_none(kL); }), "called `Option::unwrap()` on a `None` value");
  EXPECT_EQ(panic_message([] { asr::panic_expect_none(kL, "want it"); }), "want it");
  EXPECT_EQ(panic_message([] { asr::panic_unwrap_err(kL, asr::Str("bad")); }),
            "called `Result::unwrap()` on an `Err` value: \"bad\"");
  EXPECT_EQ(panic_message([] { asr::panic_bounds(kL, 1, 3); }),
            "index out of bounds: the len is 1 but the index is 3");
}
