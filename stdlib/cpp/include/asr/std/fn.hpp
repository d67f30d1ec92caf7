// Function pointers: `fn(i32) -> bool` is `asr::FnPtr<bool(int32_t)>`, a plain C++ function
// pointer spelled readably (arrays of them, returns and fields need no declarator syntax).
#pragma once

namespace asr {

template <class Sig>
using FnPtr = Sig*;

}  // namespace asr
