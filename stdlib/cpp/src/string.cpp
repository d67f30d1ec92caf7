#include "asr/std/string.hpp"

#include <cstdlib>
#include <cstring>

#include "asr/panic.hpp"

namespace asr {

void String::release() noexcept {
  std::free(ptr_);
  ptr_ = nullptr;
  len_ = cap_ = 0;
}

void String::grow(std::size_t min_cap) {
  std::size_t cap = cap_ < 8 ? 8 : cap_ * 2;
  if (cap < min_cap) cap = min_cap;
  char* p = static_cast<char*>(std::realloc(ptr_, cap));
  if (p == nullptr) rt::alloc_failed(cap);
  ptr_ = p;
  cap_ = cap;
}

void String::reserve(std::size_t additional) {
  if (cap_ - len_ < additional) {
    std::size_t need = len_ + additional;
    if (need < len_) rt::alloc_failed(SIZE_MAX);  // overflow: Rust's capacity overflow
    grow(need);
  }
}

void String::push_str(Str s) {
  if (s.len() == 0) return;
  reserve(s.len());
  std::memcpy(ptr_ + len_, s.data(), s.len());
  len_ += s.len();
}

void String::push_byte(char b) {
  reserve(1);
  ptr_[len_++] = b;
}

void String::push(char32_t c) {
  char buf[4];
  std::size_t n;
  uint32_t u = uint32_t(c);
  if (u < 0x80) {
    buf[0] = char(u);
    n = 1;
  } else if (u < 0x800) {
    buf[0] = char(0xC0 | (u >> 6));
    buf[1] = char(0x80 | (u & 0x3F));
    n = 2;
  } else if (u < 0x10000) {
    buf[0] = char(0xE0 | (u >> 12));
    buf[1] = char(0x80 | ((u >> 6) & 0x3F));
    buf[2] = char(0x80 | (u & 0x3F));
    n = 3;
  } else {
    buf[0] = char(0xF0 | (u >> 18));
    buf[1] = char(0x80 | ((u >> 12) & 0x3F));
    buf[2] = char(0x80 | ((u >> 6) & 0x3F));
    buf[3] = char(0x80 | (u & 0x3F));
    n = 4;
  }
  push_str(Str(buf, n));
}

}  // namespace asr
