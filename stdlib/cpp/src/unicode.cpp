// Char properties and case mappings, from the tables tools/gen_unicode_tables.py generates
// (Unicode's derived properties Alphabetic, Lowercase, Uppercase; general categories N* for
// numeric; full case mappings, so that 'ß' uppercases to "SS" as in Rust).
#include <cstdint>

#include "asr/panic.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/str.hpp"

namespace asr::chr {
namespace {

struct Range {
  uint32_t lo, hi;
};
struct CaseMap {
  uint32_t c;
  uint32_t to[3];
};

#include "unicode_tables.inc"

template <std::size_t N>
bool in(const Range (&table)[N], uint32_t u) {
  std::size_t lo = 0, hi = N;
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    if (table[mid].hi < u) lo = mid + 1;
    else if (table[mid].lo > u) hi = mid;
    else return true;
  }
  return false;
}

template <std::size_t N>
const CaseMap* find(const CaseMap (&table)[N], uint32_t u) {
  std::size_t lo = 0, hi = N;
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    if (table[mid].c < u) lo = mid + 1;
    else if (table[mid].c > u) hi = mid;
    else return &table[mid];
  }
  return nullptr;
}

template <std::size_t N>
void push_mapped(const CaseMap (&table)[N], String& out, char32_t c) {
  const CaseMap* m = find(table, uint32_t(c));
  if (!m) {
    out.push(c);
    return;
  }
  for (uint32_t x : m->to) {
    if (x == 0) break;
    out.push(char32_t(x));
  }
}

template <std::size_t N>
uint64_t packed_mapping(const CaseMap (&table)[N], char32_t c) {
  const CaseMap* m = find(table, uint32_t(c));
  if (!m) return uint64_t(c);
  return uint64_t(m->to[0]) | (uint64_t(m->to[1]) << 21) | (uint64_t(m->to[2]) << 42);
}

}  // namespace

bool is_alphabetic(char32_t c) {
  uint32_t u = uint32_t(c);
  if (u < 0x80) return (u | 0x20) >= 'a' && (u | 0x20) <= 'z';
  return in(kAlphabetic, u);
}

bool is_numeric(char32_t c) {
  uint32_t u = uint32_t(c);
  if (u < 0x80) return u >= '0' && u <= '9';
  return in(kNumeric, u);
}

bool is_uppercase(char32_t c) {
  uint32_t u = uint32_t(c);
  if (u < 0x80) return u >= 'A' && u <= 'Z';
  return in(kUppercase, u);
}

bool is_lowercase(char32_t c) {
  uint32_t u = uint32_t(c);
  if (u < 0x80) return u >= 'a' && u <= 'z';
  return in(kLowercase, u);
}

uint32_t to_digit(char32_t c, uint32_t radix, Loc loc) {
  if (radix < 2 || radix > 36) panic(loc, "to_digit: invalid radix -- radix must be in the range 2 to 36 inclusive");
  uint32_t u = uint32_t(c);
  uint32_t d = u >= '0' && u <= '9' ? u - '0' : (u | 0x20) >= 'a' && (u | 0x20) <= 'z' ? (u | 0x20) - 'a' + 10 : UINT32_MAX;
  return d < radix ? d : UINT32_MAX;
}

char32_t from_digit(uint32_t num, uint32_t radix, Loc loc) {
  if (radix > 36) panic(loc, "from_digit: radix is too high (maximum 36)");
  if (num >= radix) return char32_t(0xFFFFFFFF);
  return char32_t(num < 10 ? '0' + num : 'a' + num - 10);
}

bool is_cased(char32_t c) { return in(kCased, uint32_t(c)); }
bool is_case_ignorable(char32_t c) { return in(kCaseIgnorable, uint32_t(c)); }

void push_upper(String& out, char32_t c) {
  if (uint32_t(c) < 0x80) {
    out.push(c >= U'a' && c <= U'z' ? c - 32 : c);
    return;
  }
  push_mapped(kToUpper, out, c);
}

void push_lower(String& out, char32_t c) {
  if (uint32_t(c) < 0x80) {
    out.push(c >= U'A' && c <= U'Z' ? c + 32 : c);
    return;
  }
  push_mapped(kToLower, out, c);
}

uint64_t upper_packed(char32_t c) {
  if (uint32_t(c) < 0x80) return uint64_t(c >= U'a' && c <= U'z' ? c - 32 : c);
  return packed_mapping(kToUpper, c);
}

uint64_t lower_packed(char32_t c) {
  if (uint32_t(c) < 0x80) return uint64_t(c >= U'A' && c <= U'Z' ? c + 32 : c);
  return packed_mapping(kToLower, c);
}

}  // namespace asr::chr
