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
