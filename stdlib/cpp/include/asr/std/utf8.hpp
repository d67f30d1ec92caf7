// UTF-8 validation of bytes from outside (arguments, environment, stdin), with Rust's rules:
// no overlong forms, no surrogates, nothing above U+10FFFF.
#pragma once
#include <cstddef>

#include "asr/std/slice.hpp"
#include "asr/std/string.hpp"

namespace asr::utf8 {

// The length of the longest valid UTF-8 prefix of s (s.len() if all of it is valid).
std::size_t valid_up_to(Str s) noexcept;
inline bool is_valid(Str s) noexcept { return valid_up_to(s) == s.len(); }
// String::from_utf8_lossy: each maximal invalid sequence becomes U+FFFD.
String lossy(Str s);
// `Utf8Error::error_len` of the invalid sequence at byte `at`: its length (1 to 3), or 0
// (Rust's `None`) when the input ends in the middle of a sequence.
std::size_t error_len(Str s, std::size_t at) noexcept;

// The same on bytes (`std::str::from_utf8(&[u8])`), and bytes known valid viewed as `&str`.
inline Str bytes_as_str(Slice<const uint8_t> b) noexcept { return Str(reinterpret_cast<const char*>(b.data()), b.len()); }
inline std::size_t valid_up_to_bytes(Slice<const uint8_t> b) noexcept { return valid_up_to(bytes_as_str(b)); }
inline String lossy_bytes(Slice<const uint8_t> b) { return lossy(bytes_as_str(b)); }
inline std::size_t error_len_bytes(Slice<const uint8_t> b, std::size_t at) noexcept { return error_len(bytes_as_str(b), at); }

}  // namespace asr::utf8
