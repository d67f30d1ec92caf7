// std::cmp support for generated code: a hand-written `impl PartialOrd` returns std's
// `Option<Ordering>` (generated from stdlib/std/cmp.asr and option.asr); the type's C++
// `operator<=>`, which defaulted comparisons of enclosing types call, converts it here.
#pragma once

#include <compare>
#include <variant>

namespace asr {

// `None` (variant 0) is unordered; `Some(ordering)` holds `Ordering`'s tag: -1, 0 or 1.
template <class OptionOrdering>
std::partial_ordering partial_ordering_of(const OptionOrdering& o) {
  if (o.value.index() == 0) return std::partial_ordering::unordered;
  auto tag = std::get<1>(o.value)._0.tag;
  if (tag < 0) return std::partial_ordering::less;
  if (tag > 0) return std::partial_ordering::greater;
  return std::partial_ordering::equivalent;
}

}  // namespace asr
