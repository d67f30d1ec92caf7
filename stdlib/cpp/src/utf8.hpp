// Small UTF-8 helpers for the formatting code (input is valid UTF-8).
#pragma once
#include <cstddef>
#include <cstdint>

namespace asr::fmt::utf8 {

inline std::size_t encode(char32_t c, char* out) {
  uint32_t u = uint32_t(c);
  if (u < 0x80) { out[0] = char(u); return 1; }
  if (u < 0x800) { out[0] = char(0xC0 | (u >> 6)); out[1] = char(0x80 | (u & 0x3F)); return 2; }
  if (u < 0x10000) {
    out[0] = char(0xE0 | (u >> 12)); out[1] = char(0x80 | ((u >> 6) & 0x3F));
    out[2] = char(0x80 | (u & 0x3F)); return 3;
  }
  out[0] = char(0xF0 | (u >> 18)); out[1] = char(0x80 | ((u >> 12) & 0x3F));
  out[2] = char(0x80 | ((u >> 6) & 0x3F)); out[3] = char(0x80 | (u & 0x3F)); return 4;
}

// Decodes the char starting at p[i] (i < n); advances i.
inline char32_t decode(const char* p, std::size_t n, std::size_t& i) {
  unsigned char b = static_cast<unsigned char>(p[i]);
  std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (i + len > n) len = n - i;
  uint32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(p[i + k]) & 0x3F);
  i += len;
  return char32_t(c);
}

inline std::size_t count_chars(const char* p, std::size_t n) {
  std::size_t c = 0;
  for (std::size_t i = 0; i < n; ++i)
    if ((static_cast<unsigned char>(p[i]) & 0xC0) != 0x80) ++c;
  return c;
}

}  // namespace asr::fmt::utf8
