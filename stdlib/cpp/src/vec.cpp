#include "asr/std/vec.hpp"

#include "asr/panic.hpp"

namespace asr::rt {

// Rust's RawVec: a capacity whose size in bytes does not fit `isize`.
void vec_capacity_overflow(Loc loc) { panic(loc, "capacity overflow"); }

}  // namespace asr::rt
