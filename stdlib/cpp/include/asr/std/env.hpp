// std::env: the program's arguments and environment variables.
#pragma once
#include <cstddef>
#include <cstdint>

#include "asr/loc.hpp"
#include "asr/std/string.hpp"

namespace asr::env {

std::size_t arg_count() noexcept;
// Argument i as a String; panics (at the caller's location) if it is not valid UTF-8.
String arg(std::size_t i, Loc loc);
// 0: set and UTF-8, 1: not set, 2: set but not valid UTF-8.
uint8_t var_state(Str key) noexcept;
String var_lossy(Str key);

}  // namespace asr::env
