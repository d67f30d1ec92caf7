// Rust slices: `&[T]` is `asr::Slice<const T>` and `&mut [T]` is `asr::Slice<T>`, a
// (pointer, length) view like `asr::Str` for `&str`. A view converts implicitly from the
// arrays it borrows (`&[T; N]` unsizes to `&[T]`) and from a mutable view (`&mut [T]` to
// `&[T]`). Indexing and range slicing are bounds-checked with Rust's panic messages; the
// methods Rust gives slices (and, through auto-ref, arrays) live in namespace `asr::slice`.
#pragma once
#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "asr/std/array.hpp"
#include "asr/std/debug.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/tuple.hpp"

namespace asr {

template <class T>
class Slice {
 public:
  using Elem = std::remove_const_t<T>;

  constexpr Slice() noexcept = default;
  constexpr Slice(T* ptr, std::size_t len) noexcept : ptr_(ptr), len_(len) {}
  // `&a` / `&mut a` where `a: [T; N]`, coerced to a slice.
  template <std::size_t N>
  constexpr Slice(std::array<Elem, N>& a) noexcept : ptr_(a.data()), len_(N) {}
  template <std::size_t N>
    requires std::is_const_v<T>
  constexpr Slice(const std::array<Elem, N>& a) noexcept : ptr_(a.data()), len_(N) {}
  // `&mut [T]` used where `&[T]` is expected.
  template <class U>
    requires(std::is_const_v<T> && std::is_same_v<U, Elem>)
  constexpr Slice(Slice<U> s) noexcept : ptr_(s.data()), len_(s.len()) {}

  constexpr T* data() const noexcept { return ptr_; }
  constexpr std::size_t len() const noexcept { return len_; }
  constexpr bool is_empty() const noexcept { return len_ == 0; }
  constexpr T* begin() const noexcept { return ptr_; }
  constexpr T* end() const noexcept { return ptr_ + len_; }
  constexpr T& operator[](std::size_t i) const noexcept { return ptr_[i]; }  // (checked: asr::index)

 private:
  T* ptr_ = nullptr;
  std::size_t len_ = 0;
};

// The slice an array or a slice is viewed as (method receivers, range indexing).
template <class T, std::size_t N> constexpr Slice<T> view(std::array<T, N>& a) noexcept { return Slice<T>(a); }
template <class T, std::size_t N> constexpr Slice<const T> view(const std::array<T, N>& a) noexcept {
  return Slice<const T>(a);
}
template <class T> constexpr Slice<T> view(Slice<T> s) noexcept { return s; }
// The shared view (`&[T]`) of an array or a slice, whatever the constness of its source.
template <class T, std::size_t N> constexpr Slice<const T> view_const(const std::array<T, N>& a) noexcept {
  return Slice<const T>(a);
}
template <class T> constexpr Slice<const T> view_const(Slice<T> s) noexcept { return Slice<const T>(s.data(), s.len()); }

// `s[i]`
template <class T>
constexpr T& index(Slice<T> s, std::size_t i, Loc loc) {
  if (i >= s.len()) rt::panic_index(loc, s.len(), i);
  return s[i];
}

namespace rt {
[[noreturn, gnu::cold]] void slice_index_fail(Loc loc, std::size_t start, std::size_t end, bool inclusive,
                                               std::size_t len);
}  // namespace rt

// `&s[a..b]` and the other range forms; `inclusive`: `b` is the last index (`a..=b`).
// The checks and messages are Rust's (start past the end, start after end, end past the end).
template <class T>
constexpr Slice<T> subslice(Slice<T> s, std::size_t start, std::size_t end, bool inclusive, Loc loc) {
  std::size_t len = s.len();
  std::size_t stop = end;
  if (inclusive) {
    if (end == static_cast<std::size_t>(-1)) rt::slice_index_fail(loc, start, end, true, len);
    stop = end + 1;
  }
  if (start > len || stop < start || stop > len) rt::slice_index_fail(loc, start, end, inclusive, len);
  return Slice<T>(s.data() + start, stop - start);
}
template <class A> constexpr auto slice_range(A&& a, std::size_t start, std::size_t end, Loc loc) {
  return subslice(view(a), start, end, false, loc);
}
template <class A> constexpr auto slice_range_inclusive(A&& a, std::size_t start, std::size_t end, Loc loc) {
  return subslice(view(a), start, end, true, loc);
}
template <class A> constexpr auto slice_range_from(A&& a, std::size_t start, Loc loc) {
  auto s = view(a);
  return subslice(s, start, s.len(), false, loc);
}
template <class A> constexpr auto slice_range_to(A&& a, std::size_t end, Loc loc) {
  return subslice(view(a), 0, end, false, loc);
}
template <class A> constexpr auto slice_range_to_inclusive(A&& a, std::size_t end, Loc loc) {
  return subslice(view(a), 0, end, true, loc);
}
template <class A> constexpr auto slice_full(A&& a) { return view(a); }

// Slice patterns: `[first, rest @ ..]` binds `rest` to the elements between the fixed ones.
template <class T> constexpr Slice<T> slice_middle(Slice<T> s, std::size_t before, std::size_t after) {
  return Slice<T>(s.data() + before, s.len() - before - after);
}
// Slice patterns on slices: the length test, and the elements counted from the end.
template <class T> constexpr bool slice_len_eq(Slice<T> s, std::size_t n) noexcept { return s.len() == n; }
template <class T> constexpr bool slice_len_ge(Slice<T> s, std::size_t n) noexcept { return s.len() >= n; }
template <class T> constexpr T& slice_back(Slice<T> s, std::size_t k) noexcept { return s[s.len() - k]; }
// `rest @ ..` of an array pattern bound by reference: the middle elements in place.
template <std::size_t M, class T, std::size_t N>
std::array<T, M>& array_middle(std::array<T, N>& a, std::size_t before) noexcept {
  return *reinterpret_cast<std::array<T, M>*>(a.data() + before);
}
template <std::size_t M, class T, std::size_t N>
const std::array<T, M>& array_middle(const std::array<T, N>& a, std::size_t before) noexcept {
  return *reinterpret_cast<const std::array<T, M>*>(a.data() + before);
}

// `==` between slices, and between slices and arrays (element-wise, as Rust's impls).
template <class A, class B>
constexpr bool slice_eq(Slice<A> a, Slice<B> b) {
  if (a.len() != b.len()) return false;
  for (std::size_t i = 0; i < a.len(); ++i)
    if (!(a[i] == b[i])) return false;
  return true;
}
template <class A, class B> constexpr bool operator==(Slice<A> a, Slice<B> b) { return slice_eq(a, b); }
template <class A, class B, std::size_t N> constexpr bool operator==(Slice<A> a, const std::array<B, N>& b) {
  return slice_eq(a, view(b));
}
template <class A, class B, std::size_t N> constexpr bool operator==(const std::array<A, N>& a, Slice<B> b) {
  return slice_eq(view(a), b);
}

// Lexicographic order with Rust's partial-order semantics: incomparable elements (NaN)
// make every ordering comparison false. -1, 0, 1; 2 when unordered.
template <class A, class B>
constexpr int slice_cmp(Slice<A> a, Slice<B> b) {
  std::size_t n = a.len() < b.len() ? a.len() : b.len();
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    if (a[i] < b[i]) return -1;
    if (b[i] < a[i]) return 1;
    return 2;
  }
  return a.len() < b.len() ? -1 : a.len() > b.len() ? 1 : 0;
}
template <class A, class B> constexpr bool operator<(Slice<A> a, Slice<B> b) { return slice_cmp(a, b) == -1; }
template <class A, class B> constexpr bool operator>(Slice<A> a, Slice<B> b) { return slice_cmp(a, b) == 1; }
template <class A, class B> constexpr bool operator<=(Slice<A> a, Slice<B> b) {
  int c = slice_cmp(a, b);
  return c == -1 || c == 0;
}
template <class A, class B> constexpr bool operator>=(Slice<A> a, Slice<B> b) {
  int c = slice_cmp(a, b);
  return c == 1 || c == 0;
}

template <class T> struct Debug<Slice<T>> {
  static void fmt(const Slice<T>& s, Formatter& f) {
    DebugList list(f);
    for (const auto& x : s) list.entry(x);
    list.finish();
  }
};

// The methods of slices (arrays reach them through `view`).
namespace slice {

template <class T> constexpr std::size_t len(Slice<T> s) noexcept { return s.len(); }
// (std's iterators: their indices are in bounds by construction)
template <class T> constexpr T& at_unchecked(Slice<T> s, std::size_t i) noexcept { return s.data()[i]; }
// s[start..start + len] when the caller has checked the bounds (std/slice.asr's iterators).
template <class T> constexpr Slice<T> sub_unchecked(Slice<T> s, std::size_t start, std::size_t len) noexcept {
  return Slice<T>(s.data() + start, len);
}
template <class T> constexpr bool is_empty(Slice<T> s) noexcept { return s.len() == 0; }

template <class T, class U> constexpr bool contains(Slice<T> s, const U& x) {
  for (const auto& e : s)
    if (e == x) return true;
  return false;
}

template <class A, class B> constexpr bool starts_with(Slice<A> s, Slice<B> needle) {
  return needle.len() <= s.len() && slice_eq(Slice<A>(s.data(), needle.len()), needle);
}
template <class A, class B> constexpr bool ends_with(Slice<A> s, Slice<B> needle) {
  return needle.len() <= s.len() && slice_eq(Slice<A>(s.data() + (s.len() - needle.len()), needle.len()), needle);
}

template <class T> constexpr void swap(Slice<T> s, std::size_t a, std::size_t b, Loc loc) {
  T& x = index(s, a, loc);
  T& y = index(s, b, loc);
  using std::swap;
  swap(x, y);
}

template <class T> constexpr void reverse(Slice<T> s) {
  using std::swap;
  for (std::size_t i = 0, j = s.len(); i + 1 < j; ++i, --j) swap(s[i], s[j - 1]);
}

template <class T> constexpr void fill(Slice<T> s, const std::type_identity_t<T>& value) {
  for (auto& e : s) e = value;
}

[[noreturn, gnu::cold]] void panic_mid(Loc loc);

template <class T> constexpr Tuple<Slice<T>, Slice<T>> split_at(Slice<T> s, std::size_t mid, Loc loc) {
  if (mid > s.len()) panic_mid(loc);
  return {Slice<T>(s.data(), mid), Slice<T>(s.data() + mid, s.len() - mid)};
}

template <class T> constexpr Tuple<Slice<T>, Slice<T>> split_at_mut(Slice<T> s, std::size_t mid, Loc loc) {
  return split_at(s, mid, loc);
}

}  // namespace slice

}  // namespace asr
