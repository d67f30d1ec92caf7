// The time driver: reads the clock and parks the worker until a deadline. Real mode
// sleeps on CLOCK_MONOTONIC; virtual mode (ASR_SEED) jumps the clock instead.
#pragma once
#include "asr/clock.hpp"

namespace asr::rt::time_driver {

// Selects the clock. Virtual time starts at the current monotonic reading.
void init(bool virtual_clock) noexcept;
bool is_virtual() noexcept;
// Returns once now() >= deadline (sleeping, or moving the virtual clock forward).
void park_until(Nanos deadline) noexcept;

}  // namespace asr::rt::time_driver
