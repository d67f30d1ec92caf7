#pragma once
// The methods of slices `[T]` that asrc implements (arrays reach them through auto-ref, as
// in Rust): their signatures for the type checker and the runtime function behind each
// (stdlib/cpp/include/asr/std/slice.hpp, namespace asr::slice).

#include <cstdint>
#include <string_view>

namespace asr::sema {

struct SliceMethod {
  const char* name;
  // Parameter kinds after the receiver: 'u' usize, 'r' &T, 's' &[T], 'v' T.
  const char* params;
  // Result: 'u' usize, 'b' bool, '0' (), 'p' (&[T], &[T]) (mutable views for `_mut` methods),
  // 'V' Vec<T>.
  char ret;
  bool mut_self;  // takes `&mut self`
  bool panics;    // takes the caller's location
  enum class Needs : uint8_t { None, PartialEq, Clone, Ord } needs = Needs::None;
};

// The implemented method `name`, or null.
const SliceMethod* find_slice_method(std::string_view name);
const SliceMethod& slice_method(uint32_t index);
uint32_t slice_method_index(const SliceMethod* m);
// Std methods of slices that asrc does not implement yet (reported by name).
bool is_later_slice_method(std::string_view name);

}  // namespace asr::sema

#include "sema/program.hpp"

namespace asr::sema {

// std::ops's range types (stdlib/std/ops.asr), which `a..b` and friends construct.
enum class RangeKind : uint8_t { None, Range, RangeInclusive, RangeFrom, RangeTo, RangeToInclusive, RangeFull };
RangeKind range_kind(const Program& p, TypeId t);
const char* range_kind_name(RangeKind k);

}  // namespace asr::sema
