#include "asr/std/assert.hpp"

#include "asr/panic.hpp"

namespace asr {

namespace fmt {
void assert_failed(Loc loc, Str kind, const Arg& left, const Arg& right, const Str* msg) {
  // rustc: "assertion `left == right` failed[: MSG]\n  left: {:?}\n right: {:?}"
  Str m = msg ? *msg : Str();  // Args point at their values: keep them alive
  Arg args[4] = {make_arg(kind), make_arg(m), left, right};
  String s = vformat(msg ? Str("assertion `left {} right` failed: {}\n  left: {:?}\n right: {:?}")
                         : Str("assertion `left {} right` failed{}\n  left: {:?}\n right: {:?}"),
                     args, 4);
  panic(loc, s.as_str());
}
}  // namespace fmt

void panic_bounds(Loc loc, std::size_t len, std::size_t index) {
  panic_fmt(loc, "index out of bounds: the len is {} but the index is {}", len, index);
}
void panic_unwrap_none(Loc loc) { panic(loc, "called `Option::unwrap()` on a `None` value"); }
void panic_expect_none(Loc loc, Str msg) { panic(loc, msg); }
void panic_explicit(Loc loc) { panic(loc, "explicit panic"); }
void panic_unreachable(Loc loc) { panic(loc, "internal error: entered unreachable code"); }
void panic_todo(Loc loc) { panic(loc, "not yet implemented"); }
void panic_unimplemented(Loc loc) { panic(loc, "not implemented"); }

}  // namespace asr
