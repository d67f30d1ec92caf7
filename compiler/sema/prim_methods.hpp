#pragma once
// Methods of the primitive types (`x.abs()`, `f.sqrt()`, `c.is_ascii_digit()`): their
// signatures for the type checker, and the runtime function implementing each
// (stdlib/cpp/include/asr/std/num.hpp, namespace asr::num).

#include <cstdint>
#include <string_view>
#include <vector>

#include "sema/types.hpp"

namespace asr::sema {

// A parameter or result type, relative to the receiver type `Self`.
enum class PrimType : uint8_t { Self, RefSelf /* &Self */, Unsigned /* Self's unsigned twin */, U32, I32, Usize, Bool, SelfBool /* (Self, bool) */ };

struct PrimMethod {
  const char* name;
  enum class Recv : uint8_t { Signed, Unsigned, Int, Float, CharOrU8, Char } recv;
  std::vector<PrimType> params;  // after the receiver
  PrimType ret;
  bool panics = false;           // takes the caller's location (it can panic)
  const char* release = nullptr; // the function `--release` calls instead (overflow wraps)
};

// The method `name` of a receiver of type `t` (Int, Float, Char), or null.
const PrimMethod* find_prim_method(const TypeTable& types, TypeId t, std::string_view name);
const PrimMethod& prim_method(uint32_t index);
uint32_t prim_method_index(const PrimMethod* m);
// Whether `name` is a std method of the receiver's kind (str, char, numbers, arrays) that
// asrc does not implement yet (the standard library issue): reported as "not supported yet"
// rather than rustc's "no method named", which would claim the method does not exist.
bool is_later_prim_method(const TypeTable& types, TypeId t, std::string_view name);
// The type a PrimType stands for, given the receiver type.
TypeId prim_type(TypeTable& types, TypeId self, PrimType p);
// Whether the method takes `&self` (char's and u8's ASCII methods) rather than `self`.
bool prim_takes_ref(const PrimMethod& m);
// The `fn` type of the method named by path (`i32::abs`: `fn(i32) -> i32`): the receiver,
// then the parameters.
TypeId prim_fn_type(TypeTable& types, TypeId self, const PrimMethod& m);

}  // namespace asr::sema
