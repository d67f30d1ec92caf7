// Integer ranges as `for` loops iterate them: `a..b`, `a..=b`, `a..`, with `.rev()` and
// `.step_by(n)` in any order. Each is an arithmetic progression (first element, how many,
// signed stride), so that C++'s range-for walks exactly the elements Rust's iterator yields:
//   for (int32_t i : ::asr::range(0, 10).rev().step_by(3, loc)) { .. }   // 9, 6, 3, 0
#pragma once
#include <cstddef>

#include "asr/int.hpp"
#include "asr/loc.hpp"
#include "asr/panic.hpp"

namespace asr {

template <class T>
class Range {
 public:
  using Count = unsigned __int128;

  static Range half_open(T a, T b) { return Range(a, a < b ? diff(a, b) : 0, false); }
  static Range closed(T a, T b) { return Range(a, a <= b ? diff(a, b) + 1 : 0, false); }
  static Range from(T a, Loc loc) {
    Range r(a, 0, true);
    r.loc_ = loc;
    return r;
  }

  // The same elements, last first (not for `a..`, which has no last element).
  Range rev() const {
    Range r = *this;
    if (count_ > 0) r.first_ = nth(count_ - 1);
    r.stride_ = -stride_;
    return r;
  }

  // Every n-th element, starting with the first (Rust: `assert!(step != 0)`).
  Range step_by(std::size_t n, Loc loc) const {
    if (n == 0) panic(loc, Str("assertion failed: step != 0"));
    Range r = *this;
    if (!infinite_) r.count_ = count_ == 0 ? 0 : (count_ - 1) / n + 1;
    r.stride_ = stride_ * static_cast<__int128>(n);
    return r;
  }

  struct End {};
  class Iter {
   public:
    Iter(const Range& r) : cur_(r.first_), left_(r.count_), stride_(r.stride_), infinite_(r.infinite_), loc_(r.loc_) {}
    // Before yielding an element of `a..`, Rust computes the next one: at the type's end
    // that overflows and panics.
    bool operator!=(End) const {
      if (infinite_) check_next();
      return infinite_ || left_ != 0;
    }
    T operator*() const { return cur_; }
    Iter& operator++() {
      if (!infinite_ && --left_ == 0) return *this;  // never step past the last element
      cur_ = static_cast<T>(static_cast<__int128>(cur_) + stride_);
      return *this;
    }

   private:
    void check_next() const {
      T next;
      if (__builtin_add_overflow(cur_, static_cast<T>(stride_), &next)) rt::panic_add_overflow(loc_);
    }

    T cur_;
    Count left_;
    __int128 stride_;
    bool infinite_;
    Loc loc_;
  };

  Iter begin() const { return Iter(*this); }
  End end() const { return {}; }

 private:
  Range(T first, Count count, bool infinite) : first_(first), count_(count), infinite_(infinite) {}

  // b - a for a <= b, exactly, whatever T's signedness.
  static Count diff(T a, T b) {
    if constexpr (sizeof(T) < 16) {
      return static_cast<Count>(static_cast<__int128>(b) - static_cast<__int128>(a));
    } else {
      return static_cast<Count>(b) - static_cast<Count>(a);  // two's complement: exact mod 2^128
    }
  }

  T nth(Count k) const { return static_cast<T>(static_cast<__int128>(first_) + static_cast<__int128>(k) * stride_); }

  T first_;
  Count count_;
  __int128 stride_ = 1;
  bool infinite_;
  Loc loc_{nullptr, 0, 0};
};

template <class T> Range<T> range(T a, T b) { return Range<T>::half_open(a, b); }
template <class T> Range<T> range_inclusive(T a, T b) { return Range<T>::closed(a, b); }
template <class T> Range<T> range_from(T a, Loc loc) { return Range<T>::from(a, loc); }

}  // namespace asr

namespace asr {

// `'a'..='z'`: chars step over the surrogate gap U+D800..U+DFFF, as Rust's `Step for char`
// does. The progression runs over scalar indices (code points with the gap removed).
class CharRange {
 public:
  CharRange(Range<uint32_t> r) : inner_(r) {}
  static uint32_t index(char32_t c) { return c < 0xD800 ? c : c - 0x800; }
  static char32_t scalar(uint32_t i) { return i < 0xD800 ? i : i + 0x800; }

  CharRange rev() const { return inner_.rev(); }
  CharRange step_by(std::size_t n, Loc loc) const { return inner_.step_by(n, loc); }

  struct End {};
  class Iter {
   public:
    explicit Iter(Range<uint32_t>::Iter it) : it_(it) {}
    bool operator!=(End) const { return it_ != Range<uint32_t>::End{}; }
    char32_t operator*() const { return scalar(*it_); }
    Iter& operator++() {
      ++it_;
      return *this;
    }

   private:
    Range<uint32_t>::Iter it_;
  };
  Iter begin() const { return Iter(inner_.begin()); }
  End end() const { return {}; }

 private:
  Range<uint32_t> inner_;
};

inline CharRange char_range(char32_t a, char32_t b) { return Range<uint32_t>::half_open(CharRange::index(a), CharRange::index(b)); }
inline CharRange char_range_inclusive(char32_t a, char32_t b) {
  return Range<uint32_t>::closed(CharRange::index(a), CharRange::index(b));
}

}  // namespace asr
