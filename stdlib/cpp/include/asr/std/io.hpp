// std::io's primitives: reading stdin through one process-wide buffer, flushing stdout, and
// describing OS errors. Results follow one convention: a byte count >= 0, -1 when the text
// read is not UTF-8, -(1000 + errno) on an OS error.
#pragma once
#include <cstdint>

#include "asr/std/slice.hpp"
#include "asr/std/string.hpp"

namespace asr::io {

// Appends the next line (with its '\n') to buf; 0 at the end of the input.
int64_t stdin_read_line(String& buf);
// Reads up to buf.len() bytes (from the buffer, or one read(2) when it is empty).
int64_t stdin_read(Slice<uint8_t> buf);
// Appends the rest of the input to buf.
int64_t stdin_read_to_string(String& buf);
// 0, or -(1000 + errno) of a failed write.
int64_t stdout_flush();
// Writes buf through print!'s buffer / straight to fd 2: buf.len(), or -(1000 + errno).
int64_t stdout_write(Slice<const uint8_t> buf);
int64_t stderr_write(Slice<const uint8_t> buf);
int32_t last_errno() noexcept;
// strerror's text, as Rust prints it ("No such file or directory").
String os_message(int32_t code);
// Rust's decode_error_kind, as the index of the ErrorKind variant (255: uncategorized).
uint8_t kind_index(int32_t code) noexcept;

}  // namespace asr::io
