// asr::Str: ASR's `&str`, a borrowed UTF-8 view (pointer + length, no terminator).
// It lives in the core because panics and the runtime's I/O take it; the owning
// String and formatting live in stdlib/cpp.
#pragma once
#include <cstddef>

namespace asr {

class Str {
 public:
  constexpr Str() noexcept = default;
  // From a string literal: the array length gives the size, so embedded NULs survive.
  template <std::size_t N>
  constexpr Str(const char (&s)[N]) noexcept : ptr_(s), len_(N - 1) {}
  constexpr Str(const char* p, std::size_t n) noexcept : ptr_(p), len_(n) {}
  // From a NUL-terminated C string (explicit: the length is computed).
  static constexpr Str from_cstr(const char* s) noexcept {
    return Str(s, __builtin_strlen(s));
  }

  constexpr const char* data() const noexcept { return ptr_; }
  constexpr std::size_t len() const noexcept { return len_; }
  constexpr std::size_t size() const noexcept { return len_; }
  constexpr bool is_empty() const noexcept { return len_ == 0; }
  constexpr const char* begin() const noexcept { return ptr_; }
  constexpr const char* end() const noexcept { return ptr_ + len_; }
  constexpr char operator[](std::size_t i) const noexcept { return ptr_[i]; }
  // The string itself (ASR's `as_str()` on a &str, and a uniform name for String).
  constexpr Str as_str() const noexcept { return *this; }

  friend constexpr bool operator==(Str a, Str b) noexcept {
    return a.len_ == b.len_ && (a.len_ == 0 || __builtin_memcmp(a.ptr_, b.ptr_, a.len_) == 0);
  }
  // Byte-wise lexicographic order, as Rust's `Ord for str`.
  friend constexpr int compare(Str a, Str b) noexcept {
    std::size_t n = a.len_ < b.len_ ? a.len_ : b.len_;
    int c = n ? __builtin_memcmp(a.ptr_, b.ptr_, n) : 0;
    if (c != 0) return c < 0 ? -1 : 1;
    return a.len_ < b.len_ ? -1 : (a.len_ > b.len_ ? 1 : 0);
  }
  friend constexpr bool operator<(Str a, Str b) noexcept { return compare(a, b) < 0; }
  friend constexpr bool operator>(Str a, Str b) noexcept { return compare(a, b) > 0; }
  friend constexpr bool operator<=(Str a, Str b) noexcept { return compare(a, b) <= 0; }
  friend constexpr bool operator>=(Str a, Str b) noexcept { return compare(a, b) >= 0; }

 private:
  const char* ptr_ = "";
  std::size_t len_ = 0;
};

}  // namespace asr
