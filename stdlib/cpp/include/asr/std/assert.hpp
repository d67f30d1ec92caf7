// Panics raised by std macros and methods, with rustc 1.95's exact messages.
// (assert!(c) is `panic(loc, "assertion failed: <c source text>")`, emitted by asrc.)
#pragma once
#include "asr/std/fmt.hpp"

namespace asr {

namespace fmt {
// kind: "==" or "!="; msg may be empty (no custom message).
[[noreturn]] void assert_failed(Loc loc, Str kind, const Arg& left, const Arg& right,
                                const Str* msg);
}  // namespace fmt

// assert_eq!(l, r) / assert_ne!(l, r) failure (Debug of both sides).
template <class L, class R>
[[noreturn]] void assert_eq_failed(Loc loc, const L& l, const R& r) {
  fmt::assert_failed(loc, "==", fmt::make_arg(l), fmt::make_arg(r), nullptr);
}
template <class L, class R>
[[noreturn]] void assert_ne_failed(Loc loc, const L& l, const R& r) {
  fmt::assert_failed(loc, "!=", fmt::make_arg(l), fmt::make_arg(r), nullptr);
}
// With a custom message: assert_eq!(l, r, "fmt", args...).
template <class L, class R, class... A>
[[noreturn]] void assert_eq_failed_fmt(Loc loc, const L& l, const R& r, Str f, const A&... a) {
  String m = format(f, a...);
  Str ms = m.as_str();
  fmt::assert_failed(loc, "==", fmt::make_arg(l), fmt::make_arg(r), &ms);
}
template <class L, class R, class... A>
[[noreturn]] void assert_ne_failed_fmt(Loc loc, const L& l, const R& r, Str f, const A&... a) {
  String m = format(f, a...);
  Str ms = m.as_str();
  fmt::assert_failed(loc, "!=", fmt::make_arg(l), fmt::make_arg(r), &ms);
}

// `index out of bounds: the len is {len} but the index is {index}`
[[noreturn, gnu::cold]] void panic_bounds(Loc loc, std::size_t len, std::size_t index);
// Option::unwrap on None / Option::expect(msg) / Result::unwrap on Err(e) / expect(msg) on Err(e).
[[noreturn, gnu::cold]] void panic_unwrap_none(Loc loc);
[[noreturn, gnu::cold]] void panic_expect_none(Loc loc, Str msg);
template <class E>
[[noreturn]] void panic_unwrap_err(Loc loc, const E& e) {
  panic_fmt(loc, "called `Result::unwrap()` on an `Err` value: {:?}", e);
}
template <class E>
[[noreturn]] void panic_expect_err(Loc loc, Str msg, const E& e) {
  panic_fmt(loc, "{}: {:?}", msg, e);
}
// panic!() / unreachable!() / todo!() / unimplemented!() without a message.
[[noreturn, gnu::cold]] void panic_explicit(Loc loc);
[[noreturn, gnu::cold]] void panic_unreachable(Loc loc);
[[noreturn, gnu::cold]] void panic_todo(Loc loc);
[[noreturn, gnu::cold]] void panic_unimplemented(Loc loc);
// unreachable!("fmt", args...)
template <class... A>
[[noreturn]] void panic_unreachable_fmt(Loc loc, Str f, const A&... a) {
  String m = format(f, a...);
  panic_fmt(loc, "internal error: entered unreachable code: {}", m);
}

}  // namespace asr
