// The runtime's clock: nanoseconds since an arbitrary fixed origin. CLOCK_MONOTONIC
// normally; under ASR_SEED a virtual clock that only moves when the scheduler jumps it
// to the next timer deadline. 128 bits, so Rust's whole Duration range (u64 seconds)
// added to any reading never overflows.
#pragma once
#include "asr/int.hpp"

namespace asr::rt {

using Nanos = u128;
inline constexpr Nanos kNanosPerSec = 1000000000u;

Nanos now() noexcept;

}  // namespace asr::rt
