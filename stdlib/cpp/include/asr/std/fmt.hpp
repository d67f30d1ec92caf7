// Rust-style formatting: Formatter (Rust's fmt::Formatter semantics: pad, pad_integral,
// width/precision/fill/align/flags), the Display/Debug trait tables, and type-erased
// arguments. Format strings use Rust's syntax and are parsed at run time (asrc has
// already checked them at compile time).
//
// User types plug in by specialising the tables:
//   template<> struct asr::Display<crate::Point> {
//     static void fmt(const crate::Point&, asr::Formatter&); };
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "asr/int.hpp"
#include "asr/std/string.hpp"
#include "asr/str.hpp"

namespace asr {

namespace fmt {

enum class Align : uint8_t { Left, Right, Center, Unknown };

// One `{...}` placeholder's options after argument resolution.
struct Spec {
  char32_t fill = U' ';
  Align align = Align::Unknown;
  bool sign_plus = false;
  bool sign_minus = false;
  bool alternate = false;       // '#'
  bool zero_pad = false;        // '0'
  char debug_hex = 0;           // 'x' / 'X' for {:x?} / {:X?}
  bool has_width = false;
  bool has_precision = false;
  std::size_t width = 0;
  std::size_t precision = 0;
};

class Formatter {
 public:
  using WriteFn = void (*)(void* ctx, const char* p, std::size_t n);
  Formatter(WriteFn write, void* ctx) noexcept : write_(write), ctx_(ctx) {}

  // Raw output (no padding).
  void write_str(Str s) { write_(ctx_, s.data(), s.len()); }
  void write_char(char32_t c);
  // Rust's Formatter::pad: precision truncates (in chars), then width pads (default left).
  void pad(Str s);
  // Rust's Formatter::pad_integral: sign, `#` prefix, width, sign-aware zero padding.
  void pad_integral(bool is_nonnegative, Str prefix, Str digits);
  // Rust's pad_formatted_parts for numbers already rendered as sign + body.
  void pad_number(Str sign, Str body);
  // Writes fill for `n` columns per the alignment (default `dflt`); returns how many fill
  // characters the caller must write after its content (write_fill(post)).
  std::size_t padding(std::size_t n, Align dflt);
  void write_fill(std::size_t n);

  char32_t fill() const noexcept { return spec_.fill; }
  Align align() const noexcept { return spec_.align; }
  bool has_width() const noexcept { return spec_.has_width; }
  std::size_t width() const noexcept { return spec_.width; }
  bool has_precision() const noexcept { return spec_.has_precision; }
  std::size_t precision() const noexcept { return spec_.precision; }
  bool alternate() const noexcept { return spec_.alternate; }
  bool sign_plus() const noexcept { return spec_.sign_plus; }
  bool sign_minus() const noexcept { return spec_.sign_minus; }
  bool sign_aware_zero_pad() const noexcept { return spec_.zero_pad; }
  bool debug_lower_hex() const noexcept { return spec_.debug_hex == 'x'; }
  bool debug_upper_hex() const noexcept { return spec_.debug_hex == 'X'; }
  Spec& spec() noexcept { return spec_; }
  const Spec& spec() const noexcept { return spec_; }

  WriteFn sink() const noexcept { return write_; }
  void* sink_ctx() const noexcept { return ctx_; }

 private:
  WriteFn write_;
  void* ctx_;
  Spec spec_;
};

// A type-erased argument. `display`/`debug` are null when the type lacks that trait;
// `numeric` handles x X o b e E (integers and floats); `as_count` reads an integer
// argument used as a width/precision (`{:1$}`, `{:.*}`).
struct Arg {
  const void* p;
  void (*display)(Formatter&, const void*);
  void (*debug)(Formatter&, const void*);
  void (*numeric)(Formatter&, const void*, char kind);
  bool (*as_count)(const void*, std::size_t* out);
};

}  // namespace fmt

using fmt::Formatter;

// The trait tables (undefined primary templates: a type has a trait iff specialised).
template <class T> struct Display;
template <class T> struct Debug;

namespace fmt {
// Out-of-line renderers (stdlib/cpp/src).
void fmt_u128(Formatter& f, u128 abs, bool is_nonnegative);
void fmt_u64(Formatter& f, uint64_t abs, bool is_nonnegative);
void fmt_radix(Formatter& f, u128 bits, char kind);  // x X o b: two's complement bits
void fmt_int_exp(Formatter& f, u128 abs, bool is_nonnegative, bool upper);
void fmt_f64(Formatter& f, double v, char kind);     // 0 (Display) '?' 'e' 'E'
void fmt_f32(Formatter& f, float v, char kind);
void fmt_char(Formatter& f, char32_t c, bool debug);
void fmt_str(Formatter& f, Str s, bool debug);
void fmt_bool(Formatter& f, bool b);

template <Integer T>
inline void fmt_int(Formatter& f, T v) {
  if constexpr (is_signed_int_v<T>) {
    bool nonneg = v >= 0;
    using U = unsigned_t<T>;
    U abs = nonneg ? U(v) : U(U(0) - U(v));
    if constexpr (sizeof(T) > 8) fmt_u128(f, abs, nonneg);
    else fmt_u64(f, uint64_t(abs), nonneg);
  } else {
    if constexpr (sizeof(T) > 8) fmt_u128(f, v, true);
    else fmt_u64(f, uint64_t(v), true);
  }
}
template <Integer T>
inline void fmt_int_debug(Formatter& f, T v) {
  if (f.spec().debug_hex) fmt_radix(f, u128(unsigned_t<T>(v)), f.spec().debug_hex);
  else fmt_int(f, v);
}
}  // namespace fmt

#define ASR_FMT_INT_TRAITS(T)                                                     \
  template <> struct Display<T> {                                                 \
    static void fmt(T v, Formatter& f) { ::asr::fmt::fmt_int(f, v); }             \
  };                                                                              \
  template <> struct Debug<T> {                                                   \
    static void fmt(T v, Formatter& f) { ::asr::fmt::fmt_int_debug(f, v); }       \
  };
ASR_FMT_INT_TRAITS(int8_t)
ASR_FMT_INT_TRAITS(int16_t)
ASR_FMT_INT_TRAITS(int32_t)
ASR_FMT_INT_TRAITS(int64_t)
ASR_FMT_INT_TRAITS(uint8_t)
ASR_FMT_INT_TRAITS(uint16_t)
ASR_FMT_INT_TRAITS(uint32_t)
ASR_FMT_INT_TRAITS(uint64_t)
ASR_FMT_INT_TRAITS(i128)
ASR_FMT_INT_TRAITS(u128)
ASR_FMT_INT_TRAITS(long long)
ASR_FMT_INT_TRAITS(unsigned long long)
#undef ASR_FMT_INT_TRAITS

template <> struct Display<double> {
  static void fmt(double v, Formatter& f) { fmt::fmt_f64(f, v, 0); }
};
template <> struct Debug<double> {
  static void fmt(double v, Formatter& f) { fmt::fmt_f64(f, v, '?'); }
};
template <> struct Display<float> {
  static void fmt(float v, Formatter& f) { fmt::fmt_f32(f, v, 0); }
};
template <> struct Debug<float> {
  static void fmt(float v, Formatter& f) { fmt::fmt_f32(f, v, '?'); }
};
template <> struct Display<bool> {
  static void fmt(bool v, Formatter& f) { fmt::fmt_bool(f, v); }
};
template <> struct Debug<bool> {
  static void fmt(bool v, Formatter& f) { fmt::fmt_bool(f, v); }
};
template <> struct Display<char32_t> {
  static void fmt(char32_t v, Formatter& f) { fmt::fmt_char(f, v, false); }
};
template <> struct Debug<char32_t> {
  static void fmt(char32_t v, Formatter& f) { fmt::fmt_char(f, v, true); }
};
template <> struct Display<Str> {
  static void fmt(Str v, Formatter& f) { fmt::fmt_str(f, v, false); }
};
template <> struct Debug<Str> {
  static void fmt(Str v, Formatter& f) { fmt::fmt_str(f, v, true); }
};
template <> struct Display<String> {
  static void fmt(const String& v, Formatter& f) { fmt::fmt_str(f, v.as_str(), false); }
};
template <> struct Debug<String> {
  static void fmt(const String& v, Formatter& f) { fmt::fmt_str(f, v.as_str(), true); }
};
template <> struct Debug<Unit> {
  static void fmt(Unit, Formatter& f) { f.pad("()"); }
};

namespace fmt {

// What an argument of type T is formatted as (string literals -> Str).
template <class T> struct erased { using type = T; };
template <std::size_t N> struct erased<char[N]> { using type = Str; };

template <class T> void display_thunk(Formatter& f, const void* p) {
  if constexpr (std::is_array_v<T>) Display<Str>::fmt(Str(*static_cast<const T*>(p)), f);
  else Display<T>::fmt(*static_cast<const T*>(p), f);
}
template <class T> void debug_thunk(Formatter& f, const void* p) {
  if constexpr (std::is_array_v<T>) Debug<Str>::fmt(Str(*static_cast<const T*>(p)), f);
  else Debug<T>::fmt(*static_cast<const T*>(p), f);
}
template <class T> void numeric_thunk(Formatter& f, const void* p, char kind) {
  const T& v = *static_cast<const T*>(p);
  if constexpr (Float<T>) {
    if constexpr (std::is_same_v<T, float>) fmt_f32(f, v, kind);
    else fmt_f64(f, v, kind);
  } else {
    if (kind == 'e' || kind == 'E') {
      bool nonneg = !(v < 0);
      u128 abs = nonneg ? u128(v) : u128(0) - u128(v);
      fmt_int_exp(f, abs, nonneg, kind == 'E');
    } else {
      fmt_radix(f, u128(unsigned_t<T>(v)), kind);
    }
  }
}
template <class T> bool count_thunk(const void* p, std::size_t* out) {
  const T& v = *static_cast<const T*>(p);
  if (v < 0 || u128(v) > u128(SIZE_MAX)) return false;
  *out = std::size_t(v);
  return true;
}

template <class T>
inline Arg make_arg(const T& v) noexcept {
  using E = typename erased<T>::type;
  Arg a{static_cast<const void*>(&v), nullptr, nullptr, nullptr, nullptr};
  if constexpr (requires { &Display<E>::fmt; }) a.display = &display_thunk<T>;
  if constexpr (requires { &Debug<E>::fmt; }) a.debug = &debug_thunk<T>;
  if constexpr (is_int_v<T> || Float<T>) a.numeric = &numeric_thunk<T>;
  if constexpr (is_int_v<T>) a.as_count = &count_thunk<T>;
  return a;
}

// The engines: parse `fmt` (Rust syntax) and format args[0..n) into the formatter's sink.
void vwrite(Formatter& out, Str fmt, const Arg* args, std::size_t n);
void vprint(Str fmt, const Arg* args, std::size_t n, bool newline);
void veprint(Str fmt, const Arg* args, std::size_t n, bool newline);
String vformat(Str fmt, const Arg* args, std::size_t n);
[[noreturn]] void vpanic(Loc loc, Str fmt, const Arg* args, std::size_t n);

}  // namespace fmt

template <class... A>
inline void print(Str fmt, const A&... a) {
  const fmt::Arg args[sizeof...(A) + 1] = {fmt::make_arg(a)...};
  fmt::vprint(fmt, args, sizeof...(A), false);
}
template <class... A>
inline void println(Str fmt, const A&... a) {
  const fmt::Arg args[sizeof...(A) + 1] = {fmt::make_arg(a)...};
  fmt::vprint(fmt, args, sizeof...(A), true);
}
inline void println() { fmt::vprint("", nullptr, 0, true); }
template <class... A>
inline void eprint(Str fmt, const A&... a) {
  const fmt::Arg args[sizeof...(A) + 1] = {fmt::make_arg(a)...};
  fmt::veprint(fmt, args, sizeof...(A), false);
}
template <class... A>
inline void eprintln(Str fmt, const A&... a) {
  const fmt::Arg args[sizeof...(A) + 1] = {fmt::make_arg(a)...};
  fmt::veprint(fmt, args, sizeof...(A), true);
}
inline void eprintln() { fmt::veprint("", nullptr, 0, true); }
template <class... A>
inline String format(Str fmt, const A&... a) {
  const fmt::Arg args[sizeof...(A) + 1] = {fmt::make_arg(a)...};
  return fmt::vformat(fmt, args, sizeof...(A));
}
// write!(f, ...) inside a Display/Debug impl: formats into the same output with fresh specs.
template <class... A>
inline void write(Formatter& f, Str fmt, const A&... a) {
  const fmt::Arg args[sizeof...(A) + 1] = {fmt::make_arg(a)...};
  fmt::vwrite(f, fmt, args, sizeof...(A));
}
// write!(f, ...) in ASR, whose value is a `fmt::Result`: formats, then gives `Ok(())` — the
// value-initialised R, as `Ok` is the first alternative of std's Result (sinks never fail).
template <class R, class... A>
inline R write_ok(Formatter& f, Str fmt, const A&... a) {
  write(f, fmt, a...);
  return R{};
}
// write!(s, ...) on a String.
template <class... A>
inline void write(String& s, Str fmt, const A&... a) {
  const fmt::Arg args[sizeof...(A) + 1] = {fmt::make_arg(a)...};
  Formatter f([](void* c, const char* p, std::size_t n) { static_cast<String*>(c)->push_str(Str(p, n)); }, &s);
  fmt::vwrite(f, fmt, args, sizeof...(A));
}
// write!(s, ...) in ASR into a String: appends, then gives `Ok(())` (as write_ok above).
template <class R, class... A>
inline R write_ok(String& s, Str fmt, const A&... a) {
  write(s, fmt, a...);
  return R{};
}
// panic!("fmt", args...): formats the message, then panics like asr::panic.
template <class... A>
[[noreturn]] inline void panic_fmt(Loc loc, Str fmt, const A&... a) {
  const fmt::Arg args[sizeof...(A) + 1] = {fmt::make_arg(a)...};
  fmt::vpanic(loc, fmt, args, sizeof...(A));
}

}  // namespace asr
