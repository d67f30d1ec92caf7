// std::collections::VecDeque<T>: a double-ended queue in a ring buffer, as Rust's: pushing and
// popping at either end is O(1) (amortised), indexing is O(1), and `make_contiguous` rotates
// the elements into one slice. The methods returning `Option` and the iterators are written in
// ASR (stdlib/std/collections/vec_deque.asr) on the unchecked members here.
#pragma once
#include <compare>
#include <cstddef>
#include <memory>
#include <new>
#include <utility>

#include "asr/std/clone.hpp"
#include "asr/std/debug.hpp"
#include "asr/std/hash.hpp"
#include "asr/std/slice.hpp"
#include "asr/std/vec.hpp"

namespace asr {

template <class T>
class VecDeque {
 public:
  VecDeque() noexcept = default;
  // A copy (where generated code copies, and a derived clone): the elements in order.
  VecDeque(const VecDeque& o) : VecDeque() {
    reallocate(o.len_);
    for (std::size_t i = 0; i < o.len_; ++i) push_back(o.at_unchecked(i));
  }
  VecDeque(VecDeque&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), cap_(std::exchange(o.cap_, 0)),
        head_(std::exchange(o.head_, 0)), len_(std::exchange(o.len_, 0)) {}
  VecDeque& operator=(const VecDeque& o) {
    if (this != &o) *this = VecDeque(o);
    return *this;
  }
  VecDeque& operator=(VecDeque&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(cap_, o.cap_);
    std::swap(head_, o.head_);
    std::swap(len_, o.len_);
    return *this;
  }
  ~VecDeque() {
    clear();
    std::allocator<T>().deallocate(data_, cap_);
  }

  // ---- construction
  static VecDeque new_() noexcept { return VecDeque(); }
  static VecDeque with_capacity(std::size_t n) {
    VecDeque d;
    d.reallocate(n);
    return d;
  }

  // ---- size
  std::size_t len() const noexcept { return len_; }
  bool is_empty() const noexcept { return len_ == 0; }

  // ---- both ends
  void push_back(T value) {
    if (len_ == cap_) grow();
    new (data_ + physical(len_)) T(std::move(value));
    ++len_;
  }
  void push_front(T value) {
    if (len_ == cap_) grow();
    head_ = head_ == 0 ? cap_ - 1 : head_ - 1;
    new (data_ + head_) T(std::move(value));
    ++len_;
  }
  // `pop_front` / `pop_back` once the deque is known to be non-empty (checked in ASR).
  T take_front() {
    T* slot = data_ + head_;
    T value = std::move(*slot);
    slot->~T();
    head_ = head_ + 1 == cap_ ? 0 : head_ + 1;
    --len_;
    return value;
  }
  T take_back() {
    T* slot = data_ + physical(len_ - 1);
    T value = std::move(*slot);
    slot->~T();
    --len_;
    return value;
  }

  // ---- element access, unchecked (the ASR methods check the index)
  const T& at_unchecked(std::size_t i) const noexcept { return data_[physical(i)]; }
  T& at_mut_unchecked(std::size_t i) noexcept { return data_[physical(i)]; }

  // ---- changes in the middle (indexes checked in ASR)
  // Element `index` and those after it move one place towards the back.
  void insert_unchecked(std::size_t index, T value) {
    push_back(std::move(value));
    for (std::size_t i = len_ - 1; i > index; --i) std::swap(at_mut_unchecked(i), at_mut_unchecked(i - 1));
  }
  // Removes element `index`; those after it move one place towards the front.
  T remove_unchecked(std::size_t index) {
    for (std::size_t i = index; i + 1 < len_; ++i) std::swap(at_mut_unchecked(i), at_mut_unchecked(i + 1));
    return take_back();
  }
  void swap_unchecked(std::size_t i, std::size_t j) noexcept {
    if (i != j) std::swap(at_mut_unchecked(i), at_mut_unchecked(j));
  }
  // Drops the elements from `n` on, front to back (as Rust).
  void truncate(std::size_t n) noexcept {
    if (n >= len_) return;
    std::size_t old = len_;
    len_ = n;
    for (std::size_t i = n; i < old; ++i) data_[physical(i)].~T();
  }
  void clear() noexcept {
    truncate(0);
    head_ = 0;
  }
  // Keeps the elements for which `f` is true, visiting each once, front to back.
  template <class F>
  void retain(F f) {
    std::size_t write = 0;
    std::size_t n = len_;
    for (std::size_t read = 0; read < n; ++read) {
      if (f(static_cast<const T&>(at_unchecked(read)))) {
        if (write != read) std::swap(at_mut_unchecked(write), at_mut_unchecked(read));
        ++write;
      }
    }
    truncate(write);
  }
  // Rotates the buffer so that the elements are one slice, front first.
  Slice<T> make_contiguous() {
    if (head_ + len_ > cap_) {
      VecDeque moved;
      moved.reallocate(cap_);
      while (!is_empty()) moved.push_back(take_front());
      *this = std::move(moved);
    }
    return Slice<T>(data_ + head_, len_);
  }
  // The elements in order as two slices: from the front to the end of the buffer, then the
  // rest from the buffer's start (empty when the elements are contiguous).
  Slice<const T> front_slice() const noexcept {
    std::size_t n = head_ + len_ > cap_ ? cap_ - head_ : len_;
    return Slice<const T>(data_ + head_, n);
  }
  Slice<const T> back_slice() const noexcept {
    std::size_t n = head_ + len_ > cap_ ? head_ + len_ - cap_ : 0;
    return Slice<const T>(data_, n);
  }

  // For C++: every element front to back (Debug, Hash, ==, <=>).
  template <class F>
  void for_each(F f) const {
    for (std::size_t i = 0; i < len_; ++i) f(at_unchecked(i));
  }

 private:
  T* data_ = nullptr;
  std::size_t cap_ = 0;
  std::size_t head_ = 0;  // buffer index of the front element
  std::size_t len_ = 0;

  std::size_t physical(std::size_t i) const noexcept {
    std::size_t p = head_ + i;
    return p >= cap_ ? p - cap_ : p;
  }
  void grow() { reallocate(cap_ == 0 ? 4 : cap_ * 2); }
  // A new buffer of `n` slots (n >= len_), the elements moved to its start.
  void reallocate(std::size_t n) {
    if (n == 0) return;
    T* fresh = std::allocator<T>().allocate(n);
    for (std::size_t i = 0; i < len_; ++i) {
      T& old = data_[physical(i)];
      new (fresh + i) T(std::move(old));
      old.~T();
    }
    std::allocator<T>().deallocate(data_, cap_);
    data_ = fresh;
    cap_ = n;
    head_ = 0;
  }
};

// `==` and the orderings: element-wise and lexicographic, as Rust's.
template <class A, class B>
bool operator==(const VecDeque<A>& a, const VecDeque<B>& b) {
  if (a.len() != b.len()) return false;
  for (std::size_t i = 0; i < a.len(); ++i)
    if (!(a.at_unchecked(i) == b.at_unchecked(i))) return false;
  return true;
}
template <class A, class B>
std::partial_ordering operator<=>(const VecDeque<A>& a, const VecDeque<B>& b) {
  std::size_t n = a.len() < b.len() ? a.len() : b.len();
  for (std::size_t i = 0; i < n; ++i) {
    const A& x = a.at_unchecked(i);
    const B& y = b.at_unchecked(i);
    if (x < y) return std::partial_ordering::less;
    if (y < x) return std::partial_ordering::greater;
    if (!(x == y)) return std::partial_ordering::unordered;
  }
  return a.len() <=> b.len();
}

template <class T> struct Debug<VecDeque<T>> {
  static void fmt(const VecDeque<T>& d, Formatter& f) {
    DebugList list(f);
    d.for_each([&](const T& x) { list.entry(x); });
    list.finish();
  }
};

// `d.clone()` of elements with a hand-written `Clone`: each element's clone.
template <class T> struct CloneOf<VecDeque<T>> {
  static VecDeque<T> clone(const VecDeque<T>& d) {
    VecDeque<T> out = VecDeque<T>::with_capacity(d.len());
    d.for_each([&](const T& x) { out.push_back(::asr::clone(x)); });
    return out;
  }
};

// Hashes as Rust's: the length, then the elements.
template <class T> struct Hash<VecDeque<T>> {
  static void hash(const VecDeque<T>& d, Hasher& h) {
    h.write_u64(d.len());
    d.for_each([&](const T& x) { hash_into(x, h); });
  }
};

}  // namespace asr
