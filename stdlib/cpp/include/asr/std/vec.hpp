// std::vec::Vec<T>: a growable array that owns its elements.
//
// Its own buffer rather than std::vector, for two reasons: the prelude stays free of heavy
// headers, and Rust's observable behaviour is kept exactly: `capacity()` grows as Rust's
// RawVec does (doubling, at least 4 or 8 elements, `with_capacity(n)` is exactly n, a clone's
// capacity is its length), elements are dropped front to back, and `pop`/`remove` move the
// element out. The generated C++ copies where Rust moves (sema rejected every use after a
// move), so copying a Vec is a deep copy, like `clone()`, and moving one steals the buffer.
//
// Methods taking a closure (`retain`, `sort_by`, ...) are member templates; sema only lets
// closures that cannot suspend reach them.
#pragma once
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#include "asr/panic.hpp"
#include "asr/std/array.hpp"
#include "asr/std/clone.hpp"
#include "asr/std/debug.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/slice.hpp"

namespace asr {

namespace rt {
[[noreturn, gnu::cold]] void vec_capacity_overflow(Loc loc);
}  // namespace rt

namespace slice {

// A stable merge sort (Rust's `sort*`; `sort_unstable*` too: any order of equal elements is
// one Rust may produce): insertion sort of short runs, merges through a scratch buffer.
template <class T, class Less>
void insertion_sort(T* a, std::size_t n, Less& less) {
  for (std::size_t i = 1; i < n; ++i) {
    if (!less(a[i], a[i - 1])) continue;
    T x = std::move(a[i]);
    std::size_t j = i;
    do {
      a[j] = std::move(a[j - 1]);
      --j;
    } while (j > 0 && less(x, a[j - 1]));
    a[j] = std::move(x);
  }
}
template <class T, class Less>
void merge_sort(T* a, std::size_t n, T* scratch, Less& less) {
  if (n <= 20) return insertion_sort(a, n, less);
  std::size_t mid = n / 2;
  merge_sort(a, mid, scratch, less);
  merge_sort(a + mid, n - mid, scratch, less);
  if (!less(a[mid], a[mid - 1])) return;  // already in order
  // The left half moves to the scratch buffer, then both halves merge back into `a`.
  std::size_t moved = 0;
  struct Destroy {
    T* p;
    std::size_t& n;
    ~Destroy() {
      for (std::size_t i = 0; i < n; ++i) p[i].~T();
    }
  } destroy{scratch, moved};
  for (; moved < mid; ++moved) new (scratch + moved) T(std::move(a[moved]));
  std::size_t i = 0, j = mid, k = 0;
  if constexpr (std::is_trivially_copyable_v<T> && sizeof(T) <= 16) {
    // Branch-free: on unsorted data the branch of the loop below mispredicts half the time.
    while (i < mid && j < n) {
      bool right = less(a[j], scratch[i]);
      a[k++] = right ? a[j] : scratch[i];
      j += right;
      i += !right;
    }
  } else {
    while (i < mid && j < n) {
      if (less(a[j], scratch[i])) a[k++] = std::move(a[j++]);
      else a[k++] = std::move(scratch[i++]);
    }
  }
  while (i < mid) a[k++] = std::move(scratch[i++]);
}
template <class T, class Less>
void sort_with(Slice<T> s, Less less) {
  std::size_t n = s.len();
  if (n < 2) return;
  if (n <= 20) return insertion_sort(s.data(), n, less);
  T* scratch = static_cast<T*>(::operator new(n / 2 * sizeof(T) + sizeof(T), std::align_val_t(alignof(T))));
  struct Free {
    T* p;
    ~Free() { ::operator delete(p, std::align_val_t(alignof(T))); }
  } free_scratch{scratch};
  merge_sort(s.data(), n, scratch, less);
}
// Integers in their natural order: equal elements cannot be told apart, so a stable sort and
// an unstable one give the same result, and the faster, unstable one is used (a quicksort
// that puts runs of a repeated pivot aside, as pdqsort does, with heapsort as the fallback
// that bounds it to n log n).
template <class T>
void heap_sort(T* a, std::size_t n) {
  auto sift_down = [a](std::size_t root, std::size_t end) {
    for (std::size_t child; (child = 2 * root + 1) < end; root = child) {
      if (child + 1 < end && a[child] < a[child + 1]) ++child;
      if (!(a[root] < a[child])) return;
      std::swap(a[root], a[child]);
    }
  };
  for (std::size_t i = n / 2; i-- > 0;) sift_down(i, n);
  for (std::size_t end = n; end-- > 1;) {
    std::swap(a[0], a[end]);
    sift_down(0, end);
  }
}
// Moves the elements for which `first(x)` holds to the front (branch-free); returns how many.
template <class T, class Pred>
std::size_t partition_front(T* a, std::size_t n, Pred first) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    T x = a[i];
    bool f = first(x);
    a[i] = a[k];
    a[k] = x;
    k += f;
  }
  return k;
}
// `lower`: a value no element is below (the pivot that split off this part), or null.
template <class T>
void quicksort_integers(T* a, std::size_t n, const T* lower, int budget) {
  auto less = [](const T& x, const T& y) { return x < y; };
  T lower_value{};  // (what `lower` points at once this loop has split off a lower part)
  while (n > 20) {
    if (budget-- == 0) return heap_sort(a, n);
    T x = a[0], y = a[n / 2], z = a[n - 1];  // median of three
    T pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    if (lower != nullptr && !(*lower < pivot)) {
      // The pivot repeats the value below this part: set every copy of it aside.
      std::size_t k = partition_front(a, n, [&](T v) { return !(pivot < v); });
      a += k;
      n -= k;
      continue;
    }
    std::size_t k = partition_front(a, n, [&](T v) { return v < pivot; });
    // Recurse into the smaller part, loop on the larger (stack depth log n).
    if (k < n - k) {
      quicksort_integers(a, k, lower, budget);
      a += k;
      n -= k;
      lower_value = pivot;
      lower = &lower_value;
    } else {
      quicksort_integers(a + k, n - k, &pivot, budget);
      n = k;
    }
  }
  insertion_sort(a, n, less);
}
template <class T>
void sort_integers(Slice<T> s) {
  int budget = 2;
  for (std::size_t n = s.len(); n > 1; n >>= 1) budget += 2;
  quicksort_integers(s.data(), s.len(), static_cast<const T*>(nullptr), budget);
}

// `[T]::sort()` (arrays and Vecs too): by `<`, which is `PartialOrd::lt`, as Rust's sort uses.
template <class T> void sort(Slice<T> s) {
  if constexpr (std::is_integral_v<T>) {
    sort_integers(s);
  } else {
    sort_with(s, [](const T& a, const T& b) { return a < b; });
  }
}
template <class T> void sort_unstable(Slice<T> s) { sort(s); }
// `[T]::sort_by(compare)`: Rust's `is_less = |a, b| compare(a, b) == Less`.
template <class T, class F> void sort_by(Slice<T> s, F compare) {
  sort_with(s, [&](const T& a, const T& b) { return compare(a, b).tag < 0; });
}
template <class T, class F> void sort_by_key(Slice<T> s, F key) {
  sort_with(s, [&](const T& a, const T& b) { return key(a) < key(b); });
}

}  // namespace slice

template <class T>
class Vec {
 public:
  Vec() noexcept = default;
  // A copy (what generated code does where Rust moves, and a derived clone): the elements
  // copied, the capacity the length, as Rust's `clone()`. (`asr::CloneOf` below calls the
  // elements' hand-written `clone`s.)
  Vec(const Vec& o) : Vec() {
    allocate(o.len_);
    if constexpr (realloc_able) {
      if (o.len_ > 0) std::memcpy(static_cast<void*>(data_), o.data_, o.len_ * sizeof(T));
      len_ = o.len_;
    } else {
      for (std::size_t i = 0; i < o.len_; ++i) push(o.data_[i]);
    }
  }
  Vec(Vec&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), len_(std::exchange(o.len_, 0)), cap_(std::exchange(o.cap_, 0)) {}
  Vec& operator=(const Vec& o) {
    if (this != &o) *this = Vec(o);
    return *this;
  }
  Vec& operator=(Vec&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(len_, o.len_);
    std::swap(cap_, o.cap_);
    return *this;
  }
  ~Vec() { release(); }

  // ---- construction
  // `Vec::new()`
  static Vec new_() noexcept { return Vec(); }
  // `Vec::with_capacity(n)`: room for exactly n elements.
  static Vec with_capacity(std::size_t n) {
    Vec v;
    v.allocate(n);
    return v;
  }
  // `vec![a, b, c]`: capacity 3.
  template <class... A>
  static Vec of(A&&... a) {
    Vec v;
    v.allocate(sizeof...(A));
    (v.push(T(std::forward<A>(a))), ...);
    return v;
  }
  // `vec![x; n]`: n - 1 clones of x, then x itself (none if n is 0), as Rust's `from_elem`.
  static Vec repeat(T value, std::size_t n) {
    Vec v;
    v.allocate(n);
    v.extend_with(n, std::move(value));
    return v;
  }
  // `[T]::to_vec()` and `Vec::from([..])`: clones of the elements.
  static Vec from_slice(Slice<const T> s) {
    Vec v;
    v.allocate(s.len());
    for (const T& x : s) v.push(::asr::clone(x));
    return v;
  }
  // `Vec::from([a, b])` / `[a, b].into()`: the array's elements, moved.
  template <std::size_t N>
  static Vec from_array(std::array<T, N> a) {
    Vec v;
    v.allocate(N);
    for (T& x : a) v.push(std::move(x));
    return v;
  }

  // ---- size
  std::size_t len() const noexcept { return len_; }
  bool is_empty() const noexcept { return len_ == 0; }
  std::size_t capacity() const noexcept { return zero_sized ? SIZE_MAX : cap_; }

  // ---- adding and removing
  void push(T value) {
    if (len_ == cap_) grow(1);
    new (data_ + len_) T(std::move(value));
    ++len_;
  }
  // `pop` once the Vec is known to be non-empty (std::vec's `pop` checks, in ASR).
  T take_last() {
    T value = std::move(data_[len_ - 1]);
    data_[--len_].~T();
    return value;
  }
  T take_at(std::size_t index) { return std::move(data_[index]); }
  void insert(std::size_t index, T element, Loc loc) {
    if (index > len_) panic_fmt(loc, "insertion index (is {}) should be <= len (is {})", index, len_);
    if (len_ == cap_) grow(1);
    if (index == len_) {
      new (data_ + len_) T(std::move(element));
    } else {
      new (data_ + len_) T(std::move(data_[len_ - 1]));
      for (std::size_t i = len_ - 1; i > index; --i) data_[i] = std::move(data_[i - 1]);
      data_[index] = std::move(element);
    }
    ++len_;
  }
  T remove(std::size_t index, Loc loc) {
    if (index >= len_) panic_fmt(loc, "removal index (is {}) should be < len (is {})", index, len_);
    T value = std::move(data_[index]);
    for (std::size_t i = index; i + 1 < len_; ++i) data_[i] = std::move(data_[i + 1]);
    data_[--len_].~T();
    return value;
  }
  T swap_remove(std::size_t index, Loc loc) {
    if (index >= len_) panic_fmt(loc, "swap_remove index (is {}) should be < len (is {})", index, len_);
    T value = std::move(data_[index]);
    if (index + 1 != len_) data_[index] = std::move(data_[len_ - 1]);
    data_[--len_].~T();
    return value;
  }
  void truncate(std::size_t n) noexcept {
    if (n >= len_) return;
    // Rust drops the tail front to back.
    std::size_t old = len_;
    len_ = n;
    for (std::size_t i = n; i < old; ++i) data_[i].~T();
  }
  void clear() noexcept { truncate(0); }
  void resize(std::size_t new_len, T value) {
    if (new_len > len_) {
      reserve(new_len - len_);
      extend_with(new_len - len_, std::move(value));
    } else {
      truncate(new_len);
    }
  }
  void extend_from_slice(Slice<const T> s) {
    reserve(s.len());
    for (const T& x : s) push(::asr::clone(x));
  }
  // `a.append(&mut b)`: moves b's elements to the end of a; b keeps its buffer.
  void append(Vec& other) {
    reserve(other.len_);
    for (std::size_t i = 0; i < other.len_; ++i) {
      new (data_ + len_) T(std::move(other.data_[i]));
      ++len_;
      other.data_[i].~T();
    }
    other.len_ = 0;
  }
  Vec split_off(std::size_t at, Loc loc) {
    if (at > len_) panic_fmt(loc, "`at` split index (is {}) should be <= len (is {})", at, len_);
    Vec other;
    other.allocate(len_ - at);
    for (std::size_t i = at; i < len_; ++i) other.push(std::move(data_[i]));
    truncate(at);
    return other;
  }
  void reserve(std::size_t additional) {
    if (cap_ - len_ < additional) grow(additional);
  }
  void reserve_exact(std::size_t additional) {
    if (cap_ - len_ < additional) reallocate(len_ + additional);
  }
  void shrink_to_fit() {
    if (cap_ > len_) reallocate(len_);
  }

  // `as_slice()` / `as_mut_slice()`: the view `Deref` gives.
  Slice<const T> as_slice() const noexcept { return Slice<const T>(data_, len_); }
  Slice<T> as_mut_slice() noexcept { return Slice<T>(data_, len_); }

  // ---- element access (bounds checked by the callers: `index`, std::vec's ASR methods)
  T& at(std::size_t i) noexcept { return data_[i]; }
  const T& at(std::size_t i) const noexcept { return data_[i]; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + len_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + len_; }

  // ---- the slice methods Vec has through `Deref<Target = [T]>`
  bool contains(const T& x) const { return slice::contains(Slice<const T>(data_, len_), x); }
  bool starts_with(Slice<const T> s) const { return slice::starts_with(Slice<const T>(data_, len_), s); }
  bool ends_with(Slice<const T> s) const { return slice::ends_with(Slice<const T>(data_, len_), s); }
  void swap(std::size_t a, std::size_t b, Loc loc) { slice::swap(Slice<T>(data_, len_), a, b, loc); }
  void reverse() { slice::reverse(Slice<T>(data_, len_)); }
  void fill(T value) {
    // Rust clones the value into every element but the last, which gets the value itself.
    if (len_ == 0) return;
    for (std::size_t i = 0; i + 1 < len_; ++i) data_[i] = ::asr::clone(value);
    data_[len_ - 1] = std::move(value);
  }
  // Stable sorts (Rust's `sort*`; `sort_unstable*` too: any order of equal elements is one
  // Rust may produce).
  void sort() { slice::sort(Slice<T>(data_, len_)); }
  template <class F>
  void sort_by(F compare) { slice::sort_by(Slice<T>(data_, len_), std::move(compare)); }
  template <class F>
  void sort_by_key(F key) { slice::sort_by_key(Slice<T>(data_, len_), std::move(key)); }
  // `dedup_by_key`: removes an element when its key equals that of the element kept before it.
  template <class F>
  void dedup_by_key(F key) {
    dedup_with([&](T& later, T& kept) { return key(later) == key(kept); });
  }
  void dedup() {
    dedup_with([](T& later, T& kept) { return later == kept; });
  }
  // Keeps the elements for which `f` is true, visiting each once, in order; the others are
  // dropped as they are visited.
  template <class F>
  void retain(F f) {
    retain_with([&](T& x) { return f(static_cast<const T&>(x)); });
  }
  // `retain_mut`: the same, `f` seeing each element as `&mut T`.
  template <class F>
  void retain_mut(F f) {
    retain_with([&](T& x) { return f(x); });
  }

 private:
  template <class F>
  void retain_with(F f) {
    std::size_t write = 0;
    std::size_t n = len_;
    len_ = 0;  // (should `f` panic, only the front is still considered part of the Vec)
    for (std::size_t read = 0; read < n; ++read) {
      bool keep;
      try {
        keep = f(data_[read]);
      } catch (...) {
        for (std::size_t i = read; i < n; ++i) {
          if (write != i) data_[write] = std::move(data_[i]);
          ++write;
        }
        for (std::size_t i = write; i < n; ++i) data_[i].~T();
        len_ = write;
        throw;
      }
      if (keep) {
        if (write != read) data_[write] = std::move(data_[read]);
        ++write;
      } else {
        T dropped = std::move(data_[read]);  // (dropped here, in visiting order)
      }
    }
    for (std::size_t i = write; i < n; ++i) data_[i].~T();
    len_ = write;
  }

  static constexpr bool zero_sized = std::is_empty_v<T>;
  // Rust's RawVec: the smallest non-zero capacity it allocates.
  static constexpr std::size_t min_non_zero_cap = sizeof(T) == 1 ? 8 : sizeof(T) <= 1024 ? 4 : 1;

  // The first allocation of a Vec that has none (exact capacity).
  void allocate(std::size_t n) {
    if (n > 0) reallocate(n);
  }
  // Room for `additional` more: Rust's `grow_amortized`.
  void grow(std::size_t additional) {
    std::size_t required = len_ + additional;
    if (required < len_) rt::vec_capacity_overflow(Loc{});
    std::size_t cap = cap_ * 2 > required ? cap_ * 2 : required;
    if (cap < min_non_zero_cap) cap = min_non_zero_cap;
    reallocate(cap);
  }
  // Buffers of plain bytes (ints, floats, Copy structs) grow with realloc, as Rust's do: a
  // large block is then remapped rather than copied element by element.
  static constexpr bool realloc_able =
      std::is_trivially_copyable_v<T> && alignof(T) <= alignof(std::max_align_t);
  void reallocate(std::size_t cap) {
    if (cap > SIZE_MAX / sizeof(T) / 2) rt::vec_capacity_overflow(Loc{});
    if constexpr (realloc_able) {
      void* fresh = std::realloc(data_, cap * sizeof(T));
      if (fresh == nullptr) rt::alloc_failed(cap * sizeof(T));
      data_ = static_cast<T*>(fresh);
    } else {
      T* fresh = static_cast<T*>(::operator new(cap * sizeof(T), std::align_val_t(alignof(T))));
      for (std::size_t i = 0; i < len_; ++i) {
        new (fresh + i) T(std::move(data_[i]));
        data_[i].~T();
      }
      if (data_) ::operator delete(data_, std::align_val_t(alignof(T)));
      data_ = fresh;
    }
    cap_ = cap;
  }
  void release() noexcept {
    if constexpr (realloc_able) {
      std::free(data_);
    } else {
      for (std::size_t i = 0; i < len_; ++i) data_[i].~T();
      if (data_) ::operator delete(data_, std::align_val_t(alignof(T)));
    }
    data_ = nullptr;
    len_ = cap_ = 0;
  }
  // n elements at the end: n - 1 clones of `value`, then `value` (room already reserved).
  void extend_with(std::size_t n, T value) {
    if (n == 0) return;
    if constexpr (std::is_arithmetic_v<T>) {  // (clones are copies: one fill loop)
      for (std::size_t i = 0; i < n; ++i) new (data_ + len_ + i) T(value);
      len_ += n;
      return;
    }
    for (std::size_t i = 1; i < n; ++i) push(::asr::clone(value));
    push(std::move(value));
  }
  template <class Same>
  void dedup_with(Same same) {
    if (len_ < 2) return;
    std::size_t write = 1;
    for (std::size_t read = 1; read < len_; ++read) {
      if (same(data_[read], data_[write - 1])) continue;
      if (write != read) data_[write] = std::move(data_[read]);
      ++write;
    }
    truncate(write);
  }
  T* data_ = nullptr;
  std::size_t len_ = 0;
  std::size_t cap_ = 0;

  template <class U>
  friend class Vec;
};

// `v[i]`
template <class T>
T& index(Vec<T>& v, std::size_t i, Loc loc) {
  if (i >= v.len()) rt::panic_index(loc, v.len(), i);
  return v.at(i);
}
template <class T>
const T& index(const Vec<T>& v, std::size_t i, Loc loc) {
  if (i >= v.len()) rt::panic_index(loc, v.len(), i);
  return v.at(i);
}

// The slice a Vec dereferences to (`&v[..]`, `&v` as `&[T]`, range indexing).
template <class T> Slice<T> view(Vec<T>& v) noexcept { return Slice<T>(v.data(), v.len()); }
template <class T> Slice<const T> view(const Vec<T>& v) noexcept { return Slice<const T>(v.data(), v.len()); }
template <class T> Slice<const T> view_const(const Vec<T>& v) noexcept { return Slice<const T>(v.data(), v.len()); }

// `==` and the orderings: element-wise and lexicographic, like slices; a Vec also equals an
// array or a slice with equal elements (Rust's `impl PartialEq<[U; N]> for Vec<T>`, ...).
template <class A, class B> bool operator==(const Vec<A>& a, const Vec<B>& b) { return slice_eq(view(a), view(b)); }
template <class A, class B, std::size_t N> bool operator==(const Vec<A>& a, const std::array<B, N>& b) {
  return slice_eq(view(a), view(b));
}
template <class A, class B> bool operator==(const Vec<A>& a, Slice<B> b) { return slice_eq(view(a), b); }
template <class A, class B> bool operator==(Slice<A> a, const Vec<B>& b) { return slice_eq(a, view(b)); }
template <class A, class B> std::partial_ordering operator<=>(const Vec<A>& a, const Vec<B>& b) {
  switch (slice_cmp(view(a), view(b))) {
    case -1: return std::partial_ordering::less;
    case 0: return std::partial_ordering::equivalent;
    case 1: return std::partial_ordering::greater;
    default: return std::partial_ordering::unordered;
  }
}

namespace slice {
// `[T]::to_vec()` (arrays too): a Vec of clones of the elements.
template <class T> Vec<std::remove_const_t<T>> to_vec(Slice<T> s) {
  return Vec<std::remove_const_t<T>>::from_slice(Slice<const std::remove_const_t<T>>(s.data(), s.len()));
}
}  // namespace slice

template <class T> struct Debug<Vec<T>> {
  static void fmt(const Vec<T>& v, Formatter& f) {
    DebugList list(f);
    for (const auto& x : v) list.entry(x);
    list.finish();
  }
};

// `v.clone()` of elements with a hand-written `Clone`: each element's clone.
template <class T> struct CloneOf<Vec<T>> {
  static Vec<T> clone(const Vec<T>& v) { return Vec<T>::from_slice(view(v)); }
};

}  // namespace asr
