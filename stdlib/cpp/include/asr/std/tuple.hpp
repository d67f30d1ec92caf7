// asr::Tuple<Ts...>: Rust's tuples `(A, B, ...)` with the elements as public members `_0`,
// `_1`, ... so generated code reads `t._0` for Rust's `t.0`. The members are stored last
// element first, because C++ destroys members in reverse order and Rust drops a tuple's
// elements first to last (observable with `impl Drop`); the constructor takes them in Rust's
// order, and `Tuple<A, B>{a, b}` evaluates `a` before `b`. Rust implements its traits for
// tuples of up to 12 elements; so does this. Comparisons are lexicographic with Rust's
// partial-order semantics (a NaN element makes `<`, `<=`, `>`, `>=` false). Lean on purpose:
// no <tuple>, so every generated program stays quick to compile.
// (The specialisations below follow one pattern; they are written out so that each has
// named members.)
#pragma once
#include <cstddef>
#include <new>
#include <utility>

#include "asr/std/debug.hpp"
#include "asr/std/fmt.hpp"

namespace asr {

// A tuple of references assigned after its declaration (`let (x, y) = match k { .. =>
// (&mut a, &mut b), .. }`): C++ can neither default-construct nor reassign one, so it is
// built in place by `emplace` and read as `*late`.
template <class T> struct Late {
  union { T value; };
  bool set = false;
  Late() {}
  Late(const Late& o) { if (o.set) emplace(o.value); }  // (a closure capturing it by value)
  Late& operator=(const Late& o) {
    if (this != &o && o.set) emplace(o.value);
    return *this;
  }
  ~Late() { if (set) value.~T(); }
  void emplace(T v) {
    if (set) value.~T();
    ::new (static_cast<void*>(&value)) T(std::move(v));
    set = true;
  }
  T& operator*() { return value; }
  const T& operator*() const { return value; }
};

template <class... Ts> struct Tuple;

template <class T0> struct Tuple<T0> {
  T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0) : _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 1;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); }
};

template <class T0, class T1> struct Tuple<T0, T1> {
  T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1) : _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 2;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); }
};

template <class T0, class T1, class T2> struct Tuple<T0, T1, T2> {
  T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2) : _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 3;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); }
};

template <class T0, class T1, class T2, class T3> struct Tuple<T0, T1, T2, T3> {
  T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3) : _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 4;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); }
};

template <class T0, class T1, class T2, class T3, class T4> struct Tuple<T0, T1, T2, T3, T4> {
  T4 _4; T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4) : _4(static_cast<T4&&>(a4)), _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 5;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); else if constexpr (I == 4) return (_4); }
};

template <class T0, class T1, class T2, class T3, class T4, class T5> struct Tuple<T0, T1, T2, T3, T4, T5> {
  T5 _5; T4 _4; T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5) : _5(static_cast<T5&&>(a5)), _4(static_cast<T4&&>(a4)), _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 6;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); else if constexpr (I == 4) return (_4); else if constexpr (I == 5) return (_5); }
};

template <class T0, class T1, class T2, class T3, class T4, class T5, class T6> struct Tuple<T0, T1, T2, T3, T4, T5, T6> {
  T6 _6; T5 _5; T4 _4; T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6) : _6(static_cast<T6&&>(a6)), _5(static_cast<T5&&>(a5)), _4(static_cast<T4&&>(a4)), _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 7;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); else if constexpr (I == 4) return (_4); else if constexpr (I == 5) return (_5); else if constexpr (I == 6) return (_6); }
};

template <class T0, class T1, class T2, class T3, class T4, class T5, class T6, class T7> struct Tuple<T0, T1, T2, T3, T4, T5, T6, T7> {
  T7 _7; T6 _6; T5 _5; T4 _4; T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7) : _7(static_cast<T7&&>(a7)), _6(static_cast<T6&&>(a6)), _5(static_cast<T5&&>(a5)), _4(static_cast<T4&&>(a4)), _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 8;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); else if constexpr (I == 4) return (_4); else if constexpr (I == 5) return (_5); else if constexpr (I == 6) return (_6); else if constexpr (I == 7) return (_7); }
};

template <class T0, class T1, class T2, class T3, class T4, class T5, class T6, class T7, class T8> struct Tuple<T0, T1, T2, T3, T4, T5, T6, T7, T8> {
  T8 _8; T7 _7; T6 _6; T5 _5; T4 _4; T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8) : _8(static_cast<T8&&>(a8)), _7(static_cast<T7&&>(a7)), _6(static_cast<T6&&>(a6)), _5(static_cast<T5&&>(a5)), _4(static_cast<T4&&>(a4)), _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 9;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); else if constexpr (I == 4) return (_4); else if constexpr (I == 5) return (_5); else if constexpr (I == 6) return (_6); else if constexpr (I == 7) return (_7); else if constexpr (I == 8) return (_8); }
};

template <class T0, class T1, class T2, class T3, class T4, class T5, class T6, class T7, class T8, class T9> struct Tuple<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9> {
  T9 _9; T8 _8; T7 _7; T6 _6; T5 _5; T4 _4; T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9) : _9(static_cast<T9&&>(a9)), _8(static_cast<T8&&>(a8)), _7(static_cast<T7&&>(a7)), _6(static_cast<T6&&>(a6)), _5(static_cast<T5&&>(a5)), _4(static_cast<T4&&>(a4)), _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 10;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); else if constexpr (I == 4) return (_4); else if constexpr (I == 5) return (_5); else if constexpr (I == 6) return (_6); else if constexpr (I == 7) return (_7); else if constexpr (I == 8) return (_8); else if constexpr (I == 9) return (_9); }
};

template <class T0, class T1, class T2, class T3, class T4, class T5, class T6, class T7, class T8, class T9, class T10> struct Tuple<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10> {
  T10 _10; T9 _9; T8 _8; T7 _7; T6 _6; T5 _5; T4 _4; T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10) : _10(static_cast<T10&&>(a10)), _9(static_cast<T9&&>(a9)), _8(static_cast<T8&&>(a8)), _7(static_cast<T7&&>(a7)), _6(static_cast<T6&&>(a6)), _5(static_cast<T5&&>(a5)), _4(static_cast<T4&&>(a4)), _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 11;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); else if constexpr (I == 4) return (_4); else if constexpr (I == 5) return (_5); else if constexpr (I == 6) return (_6); else if constexpr (I == 7) return (_7); else if constexpr (I == 8) return (_8); else if constexpr (I == 9) return (_9); else if constexpr (I == 10) return (_10); }
};

template <class T0, class T1, class T2, class T3, class T4, class T5, class T6, class T7, class T8, class T9, class T10, class T11> struct Tuple<T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11> {
  T11 _11; T10 _10; T9 _9; T8 _8; T7 _7; T6 _6; T5 _5; T4 _4; T3 _3; T2 _2; T1 _1; T0 _0;
  constexpr Tuple() = default;
  constexpr Tuple(T0 a0, T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6, T7 a7, T8 a8, T9 a9, T10 a10, T11 a11) : _11(static_cast<T11&&>(a11)), _10(static_cast<T10&&>(a10)), _9(static_cast<T9&&>(a9)), _8(static_cast<T8&&>(a8)), _7(static_cast<T7&&>(a7)), _6(static_cast<T6&&>(a6)), _5(static_cast<T5&&>(a5)), _4(static_cast<T4&&>(a4)), _3(static_cast<T3&&>(a3)), _2(static_cast<T2&&>(a2)), _1(static_cast<T1&&>(a1)), _0(static_cast<T0&&>(a0)) {}
  static constexpr std::size_t size = 12;
  template <std::size_t I> constexpr const auto& get() const { if constexpr (I == 0) return (_0); else if constexpr (I == 1) return (_1); else if constexpr (I == 2) return (_2); else if constexpr (I == 3) return (_3); else if constexpr (I == 4) return (_4); else if constexpr (I == 5) return (_5); else if constexpr (I == 6) return (_6); else if constexpr (I == 7) return (_7); else if constexpr (I == 8) return (_8); else if constexpr (I == 9) return (_9); else if constexpr (I == 10) return (_10); else if constexpr (I == 11) return (_11); }
};

namespace detail {
template <class... Ts, std::size_t... I>
constexpr bool tuple_eq(const Tuple<Ts...>& a, const Tuple<Ts...>& b, std::index_sequence<I...>) {
  return ((a.template get<I>() == b.template get<I>()) && ...);
}
// Lexicographic: the first unequal element decides with `cmp`; all equal -> `cmp` of the last.
template <class Cmp, class... Ts, std::size_t... I>
constexpr bool tuple_lex(const Tuple<Ts...>& a, const Tuple<Ts...>& b, Cmp cmp, std::index_sequence<I...>) {
  bool result = false;
  bool decided = false;
  auto step = [&](const auto& x, const auto& y, bool last) {
    if (decided) return;
    if (last || !(x == y)) {
      result = cmp(x, y);
      decided = true;
    }
  };
  (step(a.template get<I>(), b.template get<I>(), I + 1 == sizeof...(Ts)), ...);
  return result;
}
}  // namespace detail

template <class... Ts>
constexpr bool operator==(const Tuple<Ts...>& a, const Tuple<Ts...>& b) {
  return detail::tuple_eq(a, b, std::index_sequence_for<Ts...>{});
}
template <class... Ts>
constexpr bool operator!=(const Tuple<Ts...>& a, const Tuple<Ts...>& b) { return !(a == b); }
template <class... Ts>
constexpr bool operator<(const Tuple<Ts...>& a, const Tuple<Ts...>& b) {
  return detail::tuple_lex(a, b, [](const auto& x, const auto& y) { return x < y; }, std::index_sequence_for<Ts...>{});
}
template <class... Ts>
constexpr bool operator<=(const Tuple<Ts...>& a, const Tuple<Ts...>& b) {
  return detail::tuple_lex(a, b, [](const auto& x, const auto& y) { return x <= y; }, std::index_sequence_for<Ts...>{});
}
template <class... Ts>
constexpr bool operator>(const Tuple<Ts...>& a, const Tuple<Ts...>& b) {
  return detail::tuple_lex(a, b, [](const auto& x, const auto& y) { return x > y; }, std::index_sequence_for<Ts...>{});
}
template <class... Ts>
constexpr bool operator>=(const Tuple<Ts...>& a, const Tuple<Ts...>& b) {
  return detail::tuple_lex(a, b, [](const auto& x, const auto& y) { return x >= y; }, std::index_sequence_for<Ts...>{});
}

// `{:?}` of a tuple: `(1, "a")`, `(5,)` for one element, pretty form with `{:#?}`.
template <class... Ts> struct Debug<Tuple<Ts...>> {
  static void fmt(const Tuple<Ts...>& t, Formatter& f) {
    DebugTuple d(f, Str(""));
    fields(d, t, std::index_sequence_for<Ts...>{});
    d.finish();
  }
  template <std::size_t... I>
  static void fields(DebugTuple& d, const Tuple<Ts...>& t, std::index_sequence<I...>) {
    (d.field(t.template get<I>()), ...);
  }
};

}  // namespace asr
