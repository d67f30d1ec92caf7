// `str` and `String` methods (asr/std/str.hpp), with Rust's semantics and panic messages.
#include "asr/std/str.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "asr/panic.hpp"
#include "asr/std/fmt.hpp"
#include "utf8.hpp"

namespace asr {
namespace {

using fmt::utf8::decode;
using fmt::utf8::encode;

// The char that ends just before byte `i` (i > 0, at a boundary); its start in `start`.
char32_t decode_before(Str s, std::size_t i, std::size_t& start) {
  std::size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  start = j;
  std::size_t k = j;
  return decode(s.data(), s.len(), k);
}

std::size_t floor_boundary(Str s, std::size_t i) {
  if (i >= s.len()) return s.len();
  while (i > 0 && !str::is_char_boundary(s, i)) --i;
  return i;
}

// Rust's slice_error_fail: the string in the message is cut at 256 bytes (`[...]`).
[[noreturn]] void slice_fail(Str s, std::size_t begin, std::size_t end, Loc loc) {
  std::size_t trunc = floor_boundary(s, 256);
  Str shown = str::sub(s, 0, trunc);
  Str ellipsis = trunc < s.len() ? Str("[...]") : Str("");
  if (begin > s.len()) panic_fmt(loc, "start byte index {} is out of bounds of `{}`{}", begin, shown, ellipsis);
  if (end > s.len()) panic_fmt(loc, "end byte index {} is out of bounds of `{}`{}", end, shown, ellipsis);
  if (begin > end) panic_fmt(loc, "begin > end ({} > {}) when slicing `{}`{}", begin, end, shown, ellipsis);
  bool at_begin = !str::is_char_boundary(s, begin);
  std::size_t index = at_begin ? begin : end;
  std::size_t lo = floor_boundary(s, index);
  std::size_t k = lo;
  char32_t c = decode(s.data(), s.len(), k);
  panic_fmt(loc, "{} byte index {} is not a char boundary; it is inside {:?} (bytes {}..{}) of `{}`{}",
            at_begin ? Str("start") : Str("end"), index, c, lo, k, shown, ellipsis);
}

bool match_char_at(Str s, std::size_t i, char32_t c, std::size_t* next) {
  std::size_t k = i;
  if (decode(s.data(), s.len(), k) != c) return false;
  *next = k;
  return true;
}

std::size_t search(Str s, Str p, std::size_t from) {
  if (p.len() == 0) return from <= s.len() ? from : str::npos;
  if (p.len() > s.len() || from > s.len() - p.len()) return str::npos;
  if (s.len() - from < 32) {  // (a short haystack, `"aeiou".contains(c)`: cheaper than memchr)
    if (p.len() == 1) {
      std::size_t i = str::find_ascii(Str(s.data() + from, s.len() - from), static_cast<unsigned char>(p[0]));
      return i == str::npos ? i : from + i;
    }
    for (std::size_t i = from; i + p.len() <= s.len(); ++i) {
      if (s[i] == p[0] && std::memcmp(s.data() + i, p.data(), p.len()) == 0) return i;
    }
    return str::npos;
  }
  // memchr for the first byte, then the rest compared.
  const char* base = s.data();
  const char* last = base + (s.len() - p.len());
  for (const char* at = base + from; at <= last;) {
    const void* hit = std::memchr(at, static_cast<unsigned char>(p[0]), static_cast<std::size_t>(last - at) + 1);
    if (!hit) return str::npos;
    at = static_cast<const char*>(hit);
    if (p.len() == 1 || std::memcmp(at + 1, p.data() + 1, p.len() - 1) == 0) return static_cast<std::size_t>(at - base);
    ++at;
  }
  return str::npos;
}


}  // namespace

namespace str {

std::size_t char_count(Str s) { return fmt::utf8::count_chars(s.data(), s.len()); }

char32_t last_char_decode(Str s) {
  std::size_t start;
  return decode_before(s, s.len(), start);
}

std::size_t word_end_from(Str s, std::size_t i) {
  while (i < s.len()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (ascii_space(b)) return i;
      ++i;
      continue;
    }
    std::size_t k = i;
    if (chr::is_whitespace(decode(s.data(), s.len(), k))) return i;
    i = k;
  }
  return s.len();
}

char32_t first_char_decode(Str s) {
  std::size_t i = 0;
  return decode(s.data(), s.len(), i);
}

Str trim_start_from(Str s, std::size_t i) {
  while (i < s.len()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (!ascii_space(b)) break;
      ++i;
      continue;
    }
    std::size_t k = i;
    if (!chr::is_whitespace(decode(s.data(), s.len(), k))) break;
    i = k;
  }
  return sub(s, i, s.len());
}

Str trim_end(Str s) {
  std::size_t e = s.len();
  while (e > 0) {
    unsigned char b = static_cast<unsigned char>(s[e - 1]);
    if (b < 0x80) {
      if (!ascii_space(b)) break;
      --e;
      continue;
    }
    std::size_t start;
    if (!chr::is_whitespace(decode_before(s, e, start))) break;
    e = start;
  }
  return sub(s, 0, e);
}

Str trim(Str s) { return trim_end(trim_start(s)); }

Str trim_start_matches(Str s, char32_t c) {
  std::size_t i = 0, next;
  while (i < s.len() && match_char_at(s, i, c, &next)) i = next;
  return sub(s, i, s.len());
}

Str trim_end_matches(Str s, char32_t c) {
  std::size_t e = s.len(), start;
  while (e > 0 && decode_before(s, e, start) == c) e = start;
  return sub(s, 0, e);
}

Str trim_matches(Str s, char32_t c) { return trim_end_matches(trim_start_matches(s, c), c); }

Str trim_start_matches(Str s, Str p) {
  if (p.len() == 0) return s;
  while (starts_with(s, p)) s = sub(s, p.len(), s.len());
  return s;
}

Str trim_end_matches(Str s, Str p) {
  if (p.len() == 0) return s;
  while (ends_with(s, p)) s = sub(s, 0, s.len() - p.len());
  return s;
}

Str trim_matches(Str s, Str p) { return trim_end_matches(trim_start_matches(s, p), p); }

bool starts_with(Str s, Str p) { return p.len() <= s.len() && std::memcmp(s.data(), p.data(), p.len()) == 0; }
bool ends_with(Str s, Str p) {
  return p.len() <= s.len() && std::memcmp(s.data() + s.len() - p.len(), p.data(), p.len()) == 0;
}
bool starts_with(Str s, char32_t c) {
  std::size_t next;
  return s.len() > 0 && match_char_at(s, 0, c, &next);
}
bool ends_with(Str s, char32_t c) {
  std::size_t start;
  return s.len() > 0 && decode_before(s, s.len(), start) == c;
}
std::size_t prefix_len(Str s, char32_t c) {
  std::size_t next;
  return s.len() > 0 && match_char_at(s, 0, c, &next) ? next : npos;
}
std::size_t suffix_len(Str s, char32_t c) {
  std::size_t start;
  return s.len() > 0 && decode_before(s, s.len(), start) == c ? s.len() - start : npos;
}

Tuple<std::size_t, std::size_t> find_range(Str s, Str p) {
  std::size_t i = search(s, p, 0);
  if (i == npos) return {npos, npos};
  return {i, i + p.len()};
}

Tuple<std::size_t, std::size_t> find_range(Str s, char32_t c) {
  char buf[4];
  return find_range(s, Str(buf, encode(c, buf)));
}

Tuple<std::size_t, std::size_t> rfind_range(Str s, Str p) {
  if (p.len() > s.len()) return {npos, npos};
  for (std::size_t i = s.len() - p.len() + 1; i-- > 0;) {
    if (std::memcmp(s.data() + i, p.data(), p.len()) == 0) return {i, i + p.len()};
  }
  return {npos, npos};
}

Tuple<std::size_t, std::size_t> rfind_range(Str s, char32_t c) {
  char buf[4];
  return rfind_range(s, Str(buf, encode(c, buf)));
}

String replacen(Str s, Str from, Str to, std::size_t limit) {
  String out;
  std::size_t last = 0, count = 0;
  if (from.len() == 0) {
    // An empty pattern matches at every char boundary (`"ab".replace("", "-")` is "-a-b-").
    std::size_t i = 0;
    while (count < limit) {
      out.push_str(sub(s, last, i));
      out.push_str(to);
      last = i;
      ++count;
      if (i >= s.len()) break;
      decode(s.data(), s.len(), i);
    }
    out.push_str(sub(s, last, s.len()));
    return out;
  }
  while (count < limit) {
    std::size_t i = search(s, from, last);
    if (i == npos) break;
    out.push_str(sub(s, last, i));
    out.push_str(to);
    last = i + from.len();
    ++count;
  }
  out.push_str(sub(s, last, s.len()));
  return out;
}

String replacen(Str s, char32_t from, Str to, std::size_t limit) {
  char buf[4];
  return replacen(s, Str(buf, encode(from, buf)), to, limit);
}

String to_uppercase(Str s) {
  String out;
  out.reserve(s.len());
  for (std::size_t i = 0; i < s.len();) chr::push_upper(out, decode(s.data(), s.len(), i));
  return out;
}

String to_lowercase(Str s) {
  String out;
  out.reserve(s.len());
  for (std::size_t i = 0; i < s.len();) {
    std::size_t at = i;
    char32_t c = decode(s.data(), s.len(), i);
    if (c != U'\u03A3') {
      chr::push_lower(out, c);
      continue;
    }
    // Σ is ς at the end of a word: after a cased letter, not before one (Case_Ignorable
    // chars skipped on both sides), as Rust's `to_lowercase`.
    bool cased_before = false;
    for (std::size_t j = at; j > 0;) {
      std::size_t start;
      char32_t p = decode_before(s, j, start);
      j = start;
      if (chr::is_case_ignorable(p)) continue;
      cased_before = chr::is_cased(p);
      break;
    }
    bool cased_after = false;
    for (std::size_t j = i; j < s.len();) {
      char32_t n = decode(s.data(), s.len(), j);
      if (chr::is_case_ignorable(n)) continue;
      cased_after = chr::is_cased(n);
      break;
    }
    out.push(cased_before && !cased_after ? U'\u03C2' : U'\u03C3');
  }
  return out;
}

String to_ascii_uppercase(Str s) {
  String out(s);
  char* p = out.mut_data();
  for (std::size_t i = 0; i < out.len(); ++i) if (p[i] >= 'a' && p[i] <= 'z') p[i] = char(p[i] - 32);
  return out;
}

String to_ascii_lowercase(Str s) {
  String out(s);
  char* p = out.mut_data();
  for (std::size_t i = 0; i < out.len(); ++i) if (p[i] >= 'A' && p[i] <= 'Z') p[i] = char(p[i] + 32);
  return out;
}

bool eq_ignore_ascii_case(Str a, Str b) {
  if (a.len() != b.len()) return false;
  for (std::size_t i = 0; i < a.len(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x + 32);
    if (y >= 'A' && y <= 'Z') y = char(y + 32);
    if (x != y) return false;
  }
  return true;
}

String repeat(Str s, std::size_t n, Loc loc) {
  std::size_t total;
  if (__builtin_mul_overflow(s.len(), n, &total)) panic(loc, "capacity overflow");
  String out;
  out.reserve(total);
  for (std::size_t k = 0; k < n; ++k) out.push_str(s);
  return out;
}

Str slice(Str s, std::size_t begin, std::size_t end, Loc loc) {
  if (!can_slice(s, begin, end)) slice_fail(s, begin, end, loc);
  return sub(s, begin, end);
}

std::size_t inclusive_end(std::size_t end, Str s, Loc loc) {
  if (end == SIZE_MAX) {
    (void)s;
    panic(loc, "attempted to index str up to maximum usize");
  }
  return end + 1;
}

Tuple<Str, Str> split_at(Str s, std::size_t mid, Loc loc) {
  if (!is_char_boundary(s, mid)) slice_fail(s, 0, mid, loc);
  return {sub(s, 0, mid), sub(s, mid, s.len())};
}

Tuple<u128, uint8_t> parse_int(Str s, bool is_signed, uint32_t bits) {
  enum : uint8_t { Ok = 0, Empty = 1, InvalidDigit = 2, PosOverflow = 3, NegOverflow = 4 };
  if (s.len() == 0) return {0, Empty};
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    if (s.len() == 1) return {0, InvalidDigit};
    negative = s[0] == '-';
    if (negative && !is_signed) return {0, InvalidDigit};
    i = 1;
  }
  // The magnitude's limit: MAX for positive values, |MIN| for negative ones.
  u128 limit = is_signed ? (u128(1) << (bits - 1)) - (negative ? 0 : 1)
                         : (bits == 128 ? ~u128(0) : (u128(1) << bits) - 1);
  u128 v = 0;
  for (; i < s.len(); ++i) {
    unsigned d = static_cast<unsigned char>(s[i]) - '0';
    if (d > 9) return {0, InvalidDigit};
    // (the first error met wins, as in Rust: "300x" as u8 overflows)
    if (v > (limit - d) / 10) return {0, negative ? NegOverflow : PosOverflow};
    v = v * 10 + d;
  }
  return {negative ? u128(0) - v : v, Ok};
}

namespace {

// Rust's float grammar: [+-] (inf | infinity | nan | digits [. digits] [(e|E) [+-] digits]),
// with at least one digit in the mantissa, no whitespace, no hex.
bool valid_float(Str s) {
  std::size_t i = 0, n = s.len();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  Str rest = sub(s, i, n);
  if (eq_ignore_ascii_case(rest, "inf") || eq_ignore_ascii_case(rest, "infinity") || eq_ignore_ascii_case(rest, "nan")) return true;
  std::size_t digits = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == n;
}

template <class F>
Tuple<F, uint8_t> parse_float(Str s) {
  if (s.len() == 0) return {F(0), 1};
  if (!valid_float(s)) return {F(0), 2};
  String z(s);
  z.push_byte('\0');
  F v;
  if constexpr (sizeof(F) == 4) v = std::strtof(z.data(), nullptr);
  else v = std::strtod(z.data(), nullptr);
  return {v, 0};
}

}  // namespace

Tuple<double, uint8_t> parse_f64(Str s) { return parse_float<double>(s); }
Tuple<float, uint8_t> parse_f32(Str s) { return parse_float<float>(s); }

}  // namespace str

namespace string {

void truncate(String& s, std::size_t new_len, Loc loc) {
  if (new_len > s.len()) return;
  if (!str::is_char_boundary(s, new_len)) panic(loc, "assertion failed: self.is_char_boundary(new_len)");
  s.truncate(new_len);
}

void insert_str(String& s, std::size_t idx, Str t, Loc loc) {
  if (!str::is_char_boundary(s, idx)) panic(loc, "assertion failed: self.is_char_boundary(idx)");
  String tail(str::sub(s, idx, s.len()));
  s.truncate(idx);
  s.push_str(t);
  s.push_str(tail);
}

void insert(String& s, std::size_t idx, char32_t c, Loc loc) {
  char buf[4];
  insert_str(s, idx, Str(buf, encode(c, buf)), loc);
}

char32_t remove(String& s, std::size_t idx, Loc loc) {
  Str v = s;
  if (idx == v.len()) panic(loc, "cannot remove a char from the end of a string");
  if (idx > v.len() || !str::is_char_boundary(v, idx)) slice_fail(v, idx, v.len(), loc);
  std::size_t k = idx;
  char32_t c = decode(v.data(), v.len(), k);
  std::memmove(s.mut_data() + idx, s.mut_data() + k, v.len() - k);
  s.set_len(v.len() - (k - idx));
  return c;
}

char32_t pop_last(String& s) {
  std::size_t start;
  char32_t c = decode_before(s, s.len(), start);
  s.truncate(start);
  return c;
}

}  // namespace string

}  // namespace asr
