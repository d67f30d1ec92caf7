// The methods of `str`, `String` and `char` that std declares in stdlib/std/{str,string,char}.asr
// (`impl str { .. }`): free functions taking the receiver first. Patterns (`find`, `contains`,
// `replace`, ...) are a `char` or a `&str`, as Rust's `Pattern` impls; every index is a byte
// offset into the UTF-8 text. "Not found" is `npos` (the ASR wrappers turn it into `None`).
// Panics carry Rust's messages (`byte index 2 is not a char boundary; it is inside 'é' ...`).
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "asr/int.hpp"
#include "asr/loc.hpp"
#include "asr/std/num.hpp"
#include "asr/std/slice.hpp"
#include "asr/std/string.hpp"
#include "asr/std/tuple.hpp"
#include "asr/str.hpp"

namespace asr {

// Char properties and case mappings (Unicode tables: stdlib/cpp/src/unicode.cpp).
namespace chr {
bool is_alphabetic(char32_t c);
bool is_numeric(char32_t c);
inline bool is_alphanumeric(char32_t c) { return is_alphabetic(c) || is_numeric(c); }
bool is_uppercase(char32_t c);
bool is_lowercase(char32_t c);
inline bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); }
// Unicode's White_Space property (Rust's char::is_whitespace): asr::num's, inline (split_whitespace,
// trim and friends test every char).
inline bool is_whitespace(char32_t c) { return num::is_whitespace(c); }
// `to_digit`: the digit's value, or UINT32_MAX if `c` is not a digit of `radix`.
uint32_t to_digit(char32_t c, uint32_t radix, Loc loc);
// `char::from_digit`: the digit char, or 0xFFFFFFFF if `num >= radix`.
char32_t from_digit(uint32_t num, uint32_t radix, Loc loc);
// `char::from_u32`: whether `u` is a char (not a surrogate, at most U+10FFFF).
inline bool is_char(uint32_t u) { return u < 0xD800 || (u > 0xDFFF && u <= 0x10FFFF); }
inline char32_t from_u32_unchecked(uint32_t u) { return char32_t(u); }
// Whether `escape_debug` writes `c` as `\u{..}` (not for the simple escapes `\n`, `\0`, ...):
// it is not printable, or it is a grapheme extender and `first` (str::escape_debug leaves those
// as they are after the first char). Tables: stdlib/cpp/src/text.cpp.
bool escape_debug_as_unicode(char32_t c, bool first);
// Appends the full case mapping of `c` (one to three chars: 'ß' -> "SS").
void push_upper(String& out, char32_t c);
void push_lower(String& out, char32_t c);
// The same for `char::to_uppercase`/`to_lowercase`: the one to three chars packed 21 bits
// each, the first in the low bits (only the first can be 0: '\0' maps to itself).
uint64_t upper_packed(char32_t c);
uint64_t lower_packed(char32_t c);
// For the final-sigma rule of `to_lowercase` (Unicode's Cased and Case_Ignorable).
bool is_cased(char32_t c);
bool is_case_ignorable(char32_t c);
}  // namespace chr

namespace str {

constexpr std::size_t npos = SIZE_MAX;

inline std::size_t len(Str s) { return s.len(); }
inline bool is_empty(Str s) { return s.len() == 0; }
inline String to_owned(Str s) { return String(s); }
inline Slice<const uint8_t> as_bytes(Str s) {
  return Slice<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.len());
}
inline bool is_char_boundary(Str s, std::size_t i) {
  if (i == 0 || i == s.len()) return true;
  if (i > s.len()) return false;
  return (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}
std::size_t char_count(Str s);
// The first (last) char of a non-empty str: inline for ASCII, which `chars()` walks most.
char32_t first_char_decode(Str s);
char32_t last_char_decode(Str s);
inline char32_t first_char(Str s) {
  unsigned char b = static_cast<unsigned char>(s[0]);
  return b < 0x80 ? char32_t(b) : first_char_decode(s);
}
inline char32_t last_char(Str s) {
  unsigned char b = static_cast<unsigned char>(s[s.len() - 1]);
  return b < 0x80 ? char32_t(b) : last_char_decode(s);
}
// The whitespace scans (`split_whitespace`, `trim*`) are inline over ASCII, which needs no
// decoding; from the first non-ASCII byte on, the `_from` functions (str.cpp) take over.
inline bool ascii_space(unsigned char b) { return b == ' ' || (b >= 0x09 && b <= 0x0D); }
std::size_t word_end_from(Str s, std::size_t i);
Str trim_start_from(Str s, std::size_t i);
// The byte offset of the first whitespace char (`len` if none).
inline std::size_t word_end(Str s) {
  for (std::size_t i = 0; i < s.len(); ++i) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b >= 0x80) return word_end_from(s, i);
    if (ascii_space(b)) return i;
  }
  return s.len();
}
inline Str trim_start(Str s) {
  for (std::size_t i = 0; i < s.len(); ++i) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b >= 0x80) return trim_start_from(s, i);
    if (!ascii_space(b)) return Str(s.data() + i, s.len() - i);
  }
  return Str(s.data() + s.len(), 0);
}

Str trim(Str s);
Str trim_end(Str s);
Str trim_matches(Str s, char32_t c);
Str trim_matches(Str s, Str p);
Str trim_start_matches(Str s, char32_t c);
Str trim_start_matches(Str s, Str p);
Str trim_end_matches(Str s, char32_t c);
Str trim_end_matches(Str s, Str p);

bool starts_with(Str s, Str p);
bool starts_with(Str s, char32_t c);
bool ends_with(Str s, Str p);
bool ends_with(Str s, char32_t c);
// The first (last) match of the pattern: its byte range, (npos, npos) if none.
Tuple<std::size_t, std::size_t> find_range(Str s, Str p);
Tuple<std::size_t, std::size_t> find_range(Str s, char32_t c);
Tuple<std::size_t, std::size_t> rfind_range(Str s, Str p);
Tuple<std::size_t, std::size_t> rfind_range(Str s, char32_t c);
inline std::size_t find(Str s, Str p) { return find_range(s, p)._0; }
// A byte (an ASCII char's), found inline (`"aeiou".contains(c)` in a loop over chars); also
// str.cpp's search for a one-byte pattern in a short haystack.
inline std::size_t find_ascii(Str s, unsigned char b) {
  for (std::size_t i = 0; i < s.len(); ++i)
    if (static_cast<unsigned char>(s[i]) == b) return i;
  return npos;
}
inline std::size_t find(Str s, char32_t c) {
  if (c < 0x80 && s.len() < 32) return find_ascii(s, static_cast<unsigned char>(c));
  return find_range(s, c)._0;
}
inline std::size_t rfind(Str s, Str p) { return rfind_range(s, p)._0; }
inline std::size_t rfind(Str s, char32_t c) { return rfind_range(s, c)._0; }
inline bool contains(Str s, Str p) { return find(s, p) != npos; }
// Whether the up to 8 bytes at p hold b: "does the XOR have a zero byte" (exact below the
// first zero; the bytes past n are masked off).
inline bool holds_byte8(const char* p, std::size_t n, unsigned char b) {
  constexpr uint64_t ones = 0x0101010101010101ull;
  uint64_t x = 0;  // (byte by byte, unrolled: a literal's bytes fold into a constant)
#pragma GCC unroll 8
  for (std::size_t i = 0; i < n; ++i)
    x |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  uint64_t y = x ^ (ones * b);
  uint64_t zero = (y - ones) & ~y & (ones << 7);
  if (n < 8) zero &= (uint64_t{1} << (n * 8)) - 1;
  return zero != 0;
}
// Whether the short `s` holds byte `b`, without a data-dependent branch per byte: this is
// the set-membership test `"aeiou".contains(c)` run once per char of a text. A literal
// haystack (a constant length after inlining) is tested eight bytes at a time.
inline bool contains_byte_short(Str s, unsigned char b) {
  const char* p = s.data();
  std::size_t n = s.len();
  if (__builtin_constant_p(n) && n <= 8) return n > 0 && holds_byte8(p, n, b);
  if (__builtin_constant_p(n) && n <= 16) return holds_byte8(p, 8, b) | holds_byte8(p + 8, n - 8, b);
  bool found = false;
  for (std::size_t i = 0; i < n; ++i) found |= static_cast<unsigned char>(p[i]) == b;
  return found;
}
inline bool contains(Str s, char32_t c) {
  if (c < 0x80 && s.len() < 32) return contains_byte_short(s, static_cast<unsigned char>(c));
  return find(s, c) != npos;
}
// The length of the prefix (suffix) the pattern matches, npos if it does not.
inline std::size_t prefix_len(Str s, Str p) { return starts_with(s, p) ? p.len() : npos; }
std::size_t prefix_len(Str s, char32_t c);
inline std::size_t suffix_len(Str s, Str p) { return ends_with(s, p) ? p.len() : npos; }
std::size_t suffix_len(Str s, char32_t c);

// `replacen` with `limit` npos is `replace`.
String replacen(Str s, Str from, Str to, std::size_t limit);
String replacen(Str s, char32_t from, Str to, std::size_t limit);
inline String replace(Str s, Str from, Str to) { return replacen(s, from, to, npos); }
inline String replace(Str s, char32_t from, Str to) { return replacen(s, from, to, npos); }

String to_uppercase(Str s);
String to_lowercase(Str s);
String to_ascii_uppercase(Str s);
String to_ascii_lowercase(Str s);
bool eq_ignore_ascii_case(Str a, Str b);
String repeat(Str s, std::size_t n, Loc loc);

// `&s[begin..end]`, checked as Rust does (out of range, backwards, inside a char).
Str slice(Str s, std::size_t begin, std::size_t end, Loc loc);
// `s.get(begin..end)`'s test: whether slicing would succeed.
inline bool can_slice(Str s, std::size_t begin, std::size_t end) {
  return begin <= end && end <= s.len() && is_char_boundary(s, begin) && is_char_boundary(s, end);
}
// An inclusive end `..=end` as an exclusive one (`end + 1`), with Rust's panic at usize::MAX.
std::size_t inclusive_end(std::size_t end, Str s, Loc loc);
// [begin, end) without checks (the wrappers checked).
inline Str sub(Str s, std::size_t begin, std::size_t end) { return Str(s.data() + begin, end - begin); }
Tuple<Str, Str> split_at(Str s, std::size_t mid, Loc loc);
inline int8_t cmp(Str a, Str b) { return int8_t(compare(a, b)); }

// `parse`: integers as two's-complement bits and an error kind (0 ok, then ParseIntError's
// IntErrorKind order: 1 Empty, 2 InvalidDigit, 3 PosOverflow, 4 NegOverflow).
Tuple<u128, uint8_t> parse_int(Str s, bool is_signed, uint32_t bits);
// Floats: the value and an error kind (0 ok, 1 Empty, 2 Invalid).
Tuple<double, uint8_t> parse_f64(Str s);
Tuple<float, uint8_t> parse_f32(Str s);

// ---- patterns that are closures (`|c: char| c.is_ascii_digit()`, Rust's `FnMut(char) -> bool`)
// ... or a set of chars (`[' ', ',']`, `&['(', ')']`, a `&[char]`): any of them matches.
template <class F>
concept CharPredicate = std::is_invocable_r_v<bool, F&, char32_t> || requires(const F& f) {
  requires std::same_as<std::remove_cvref_t<decltype(*std::begin(f))>, char32_t>;
} || requires(const F& f) {
  requires std::same_as<std::remove_cvref_t<decltype(*std::begin(*f))>, char32_t>;
};

namespace detail {
// Whether `c` matches the pattern `f` (a predicate, or a set of chars, or a reference to one).
template <class F>
bool matches(F& f, char32_t c) {
  if constexpr (std::is_invocable_r_v<bool, F&, char32_t>) {
    return f(c);
  } else if constexpr (requires { std::begin(f); }) {
    for (char32_t x : f) if (x == c) return true;
    return false;
  } else {
    for (char32_t x : *f) if (x == c) return true;
    return false;
  }
}
// The char at byte `i` (a boundary); its end in `next`.
inline char32_t char_at(Str s, std::size_t i, std::size_t* next) {
  unsigned char b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  uint32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *next = i + n;
  return char32_t(c);
}
// The start of the char that ends at byte `i` (i > 0, a boundary).
inline std::size_t char_start_before(Str s, std::size_t i) {
  std::size_t j = i - 1;
  while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  return j;
}
}  // namespace detail

template <CharPredicate F>
Tuple<std::size_t, std::size_t> find_range(Str s, F f) {
  for (std::size_t i = 0, next; i < s.len(); i = next) {
    if (detail::matches(f, detail::char_at(s, i, &next))) return {i, next};
  }
  return {npos, npos};
}
template <CharPredicate F>
Tuple<std::size_t, std::size_t> rfind_range(Str s, F f) {
  for (std::size_t e = s.len(); e > 0;) {
    std::size_t start = detail::char_start_before(s, e), next;
    if (detail::matches(f, detail::char_at(s, start, &next))) return {start, e};
    e = start;
  }
  return {npos, npos};
}
template <CharPredicate F> std::size_t find(Str s, F f) { return find_range(s, f)._0; }
template <CharPredicate F> std::size_t rfind(Str s, F f) { return rfind_range(s, f)._0; }
template <CharPredicate F> bool contains(Str s, F f) { return find(s, f) != npos; }
template <CharPredicate F>
std::size_t prefix_len(Str s, F f) {
  std::size_t next;
  return s.len() > 0 && detail::matches(f, detail::char_at(s, 0, &next)) ? next : npos;
}
template <CharPredicate F>
std::size_t suffix_len(Str s, F f) {
  if (s.len() == 0) return npos;
  std::size_t start = detail::char_start_before(s, s.len()), next;
  return detail::matches(f, detail::char_at(s, start, &next)) ? s.len() - start : npos;
}
template <CharPredicate F> bool starts_with(Str s, F f) { return prefix_len(s, f) != npos; }
template <CharPredicate F> bool ends_with(Str s, F f) { return suffix_len(s, f) != npos; }
template <CharPredicate F>
Str trim_start_matches(Str s, F f) {
  for (std::size_t n; (n = prefix_len(s, f)) != npos;) s = sub(s, n, s.len());
  return s;
}
template <CharPredicate F>
Str trim_end_matches(Str s, F f) {
  for (std::size_t n; (n = suffix_len(s, f)) != npos;) s = sub(s, 0, s.len() - n);
  return s;
}
template <CharPredicate F> Str trim_matches(Str s, F f) { return trim_end_matches(trim_start_matches(s, f), f); }
template <CharPredicate F>
String replacen(Str s, F f, Str to, std::size_t limit) {
  String out;
  std::size_t last = 0, count = 0;
  for (std::size_t i = 0, next; i < s.len() && count < limit; i = next) {
    if (!detail::matches(f, detail::char_at(s, i, &next))) continue;
    out.push_str(sub(s, last, i));
    out.push_str(to);
    last = next;
    ++count;
  }
  out.push_str(sub(s, last, s.len()));
  return out;
}
template <CharPredicate F> String replace(Str s, F f, Str to) { return replacen(s, f, to, npos); }

}  // namespace str

// `&s[a..b]`, `&s[a..]`, `&s[..b]`, `&s[a..=b]`, `&s[..=b]`, `&s[..]` of a `str` or `String`.
inline Str str_range(Str s, std::size_t a, std::size_t b, Loc loc) { return str::slice(s, a, b, loc); }
inline Str str_range_from(Str s, std::size_t a, Loc loc) { return str::slice(s, a, s.len(), loc); }
inline Str str_range_to(Str s, std::size_t b, Loc loc) { return str::slice(s, 0, b, loc); }
inline Str str_range_inclusive(Str s, std::size_t a, std::size_t b, Loc loc) {
  return str::slice(s, a, str::inclusive_end(b, s, loc), loc);
}
inline Str str_range_to_inclusive(Str s, std::size_t b, Loc loc) {
  return str::slice(s, 0, str::inclusive_end(b, s, loc), loc);
}
inline Str str_full(Str s) { return s; }

// String's methods with checks (the plain ones are members of asr::String).
namespace string {
void truncate(String& s, std::size_t new_len, Loc loc);
void insert(String& s, std::size_t idx, char32_t c, Loc loc);
void insert_str(String& s, std::size_t idx, Str t, Loc loc);
char32_t remove(String& s, std::size_t idx, Loc loc);
// Removes the last char (the string is not empty).
char32_t pop_last(String& s);
inline void push_str(String& s, Str t) { s.push_str(t); }
inline String add(String a, Str b) {
  a.push_str(b);
  return a;
}
}  // namespace string

}  // namespace asr
