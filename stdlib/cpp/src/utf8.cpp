// UTF-8 validation (Unicode's well-formed byte sequences, table 3-7) and lossy decoding.
#include "asr/std/utf8.hpp"

#include <cstdint>

namespace asr::utf8 {
namespace {

// The length of the well-formed sequence at p[i..n), or 0 with `bad` = the length of the
// maximal invalid prefix (at least 1) to replace by one U+FFFD; `truncated` when the input
// ends inside that prefix.
std::size_t sequence(const unsigned char* p, std::size_t i, std::size_t n, std::size_t& bad, bool* truncated = nullptr) {
  unsigned char b = p[i];
  bad = 1;
  if (b < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    len = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    len = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;  // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    len = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= n) {
      if (truncated) *truncated = true;
      return 0;
    }
    unsigned char c = p[i + k];
    bool ok = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF);
    if (!ok) return 0;
    bad = k + 1;
  }
  return len;
}

}  // namespace

std::size_t valid_up_to(Str s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = 0, n = s.len(), bad = 0;
  while (i < n) {
    std::size_t len = sequence(p, i, n, bad);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

std::size_t error_len(Str s, std::size_t at) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t bad = 0;
  bool truncated = false;
  if (at >= s.len() || sequence(p, at, s.len(), bad, &truncated) != 0) return 0;
  return truncated ? 0 : bad;
}

String lossy(Str s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  String out;
  std::size_t i = 0, n = s.len(), bad = 0, start = 0;
  while (i < n) {
    std::size_t len = sequence(p, i, n, bad);
    if (len != 0) {
      i += len;
      continue;
    }
    out.push_str(Str(s.data() + start, i - start));
    out.push_str(Str("\xEF\xBF\xBD", 3));
    i += bad;
    start = i;
  }
  out.push_str(Str(s.data() + start, n - start));
  return out;
}

}  // namespace asr::utf8
