// asr::String: ASR's owning, growable UTF-8 `String` (malloc-based). Converts implicitly to
// asr::Str (deref coercion). Copyable: the generated code copies where Rust moves (sema has
// rejected every use after a move), and a copy is Rust's `clone()`.
#pragma once
#include <compare>
#include <cstddef>
#include <utility>

#include "asr/str.hpp"

namespace asr {

class String {
 public:
  String() noexcept = default;
  explicit String(Str s) { push_str(s); }
  template <std::size_t N>
  explicit String(const char (&s)[N]) : String(Str(s)) {}
  String(String&& o) noexcept
      : ptr_(std::exchange(o.ptr_, nullptr)), len_(std::exchange(o.len_, 0)),
        cap_(std::exchange(o.cap_, 0)) {}
  String& operator=(String&& o) noexcept {
    if (this != &o) {
      release();
      ptr_ = std::exchange(o.ptr_, nullptr);
      len_ = std::exchange(o.len_, 0);
      cap_ = std::exchange(o.cap_, 0);
    }
    return *this;
  }
  String(const String& o) : String(o.as_str()) {}
  String& operator=(const String& o) {
    if (this != &o) {
      clear();
      push_str(o.as_str());
    }
    return *this;
  }
  ~String() { release(); }

  static String new_() noexcept { return String(); }
  static String from(Str s) { return String(s); }
  static String with_capacity(std::size_t n) {
    String s;
    s.reserve(n);
    return s;
  }

  String clone() const { return String(as_str()); }
  Str as_str() const noexcept { return ptr_ ? Str(ptr_, len_) : Str(); }
  operator Str() const noexcept { return as_str(); }
  const char* data() const noexcept { return ptr_ ? ptr_ : ""; }
  std::size_t len() const noexcept { return len_; }
  std::size_t size() const noexcept { return len_; }
  std::size_t capacity() const noexcept { return cap_; }
  bool is_empty() const noexcept { return len_ == 0; }
  const char* begin() const noexcept { return data(); }
  const char* end() const noexcept { return data() + len_; }

  void push_str(Str s);
  void push(char32_t c);  // appends the UTF-8 encoding of c
  void push_byte(char b);  // raw byte (for the runtime; callers keep UTF-8 valid)
  void reserve(std::size_t additional);
  void clear() noexcept { len_ = 0; }
  // Rust's truncate (no char-boundary check: see asr::string::truncate).
  void truncate(std::size_t n) noexcept {
    if (n < len_) len_ = n;
  }
  char* mut_data() noexcept { return ptr_; }
  // Sets the length after the bytes [0, n) were written through mut_data() (n <= capacity).
  void set_len(std::size_t n) noexcept { len_ = n; }

  String& operator+=(Str s) {
    push_str(s);
    return *this;
  }
  friend String operator+(String a, Str b) {
    a.push_str(b);
    return a;
  }

  friend bool operator==(const String& a, const String& b) noexcept { return a.as_str() == b.as_str(); }
  friend bool operator==(const String& a, Str b) noexcept { return a.as_str() == b; }
  // Byte-wise lexicographic, as Rust's `Ord for String` (derived comparisons of fields use it).
  friend std::strong_ordering operator<=>(const String& a, const String& b) noexcept {
    int c = compare(a.as_str(), b.as_str());
    return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
  }

 private:
  void release() noexcept;
  void grow(std::size_t min_cap);
  char* ptr_ = nullptr;
  std::size_t len_ = 0;
  std::size_t cap_ = 0;
};

}  // namespace asr
