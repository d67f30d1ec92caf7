// UTF-8 validation of bytes from outside (arguments, environment, stdin), with Rust's rules:
// no overlong forms, no surrogates, nothing above U+10FFFF.
#pragma once
#include <cstddef>

#include "asr/std/string.hpp"

namespace asr::utf8 {

// The length of the longest valid UTF-8 prefix of s (s.len() if all of it is valid).
std::size_t valid_up_to(Str s) noexcept;
inline bool is_valid(Str s) noexcept { return valid_up_to(s) == s.len(); }
// String::from_utf8_lossy: each maximal invalid sequence becomes U+FFFD.
String lossy(Str s);

}  // namespace asr::utf8
