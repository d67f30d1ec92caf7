// std::process: exit/abort/id.
#pragma once
#include <cstdint>

namespace asr::process {

// Rust's process::exit: flushes stdout's buffer, then exits without running destructors.
[[noreturn]] void exit(int32_t code);
[[noreturn]] void abort();
uint32_t id() noexcept;

}  // namespace asr::process
