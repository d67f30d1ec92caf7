// Process stdout/stderr with Rust's buffering: stdout is line-buffered (flushed at each
// newline, tty or not), stderr unbuffered. Writes use write(2) and retry on EINTR.
#pragma once
#include "asr/str.hpp"

namespace asr::rt {

// Panics with `failed printing to stdout: <os error>` if the write fails (e.g. EPIPE).
void stdout_write(Str s);
void stdout_flush();
// Flush at exit: errors are ignored, as Rust does.
void stdout_flush_at_exit() noexcept;
// Errors are ignored (Rust's eprint! panics only on errors other than EBADF; we ignore).
void stderr_write(Str s) noexcept;

}  // namespace asr::rt
