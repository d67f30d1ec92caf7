// asr::Ref<T>: a Rust reference stored where a C++ reference cannot live — a type argument
// (`Option<&Point>` is `Option<Ref<const Point>>`), a struct or enum field, a tuple or array
// element, the target of another reference (`&&i32`). `Ref<const T>` is `&T`, `Ref<T>` is
// `&mut T`. Parameters and plain locals stay C++ references; generated code converts between
// the two forms: a `T&` lvalue becomes a Ref implicitly, `*r` gives the `T&` back.
//
// Like Rust's `&T`, a Ref is never null once set, compares and formats by its pointee
// (`==`, `<`, `{}` and `{:?}` look through it), and copies as a pointer does. The default
// constructor exists only for a reference that is initialised after its declaration
// (`let r; r = &a;`), which sema checks is assigned before it is read.
#pragma once
#include <type_traits>

#include "asr/std/debug.hpp"
#include "asr/std/fmt.hpp"

namespace asr {

template <class T> class Ref {
 public:
  constexpr Ref() = default;
  // (constexpr: a constant may refer to another, `origin: &Point { .. }`)
  constexpr Ref(T& target) noexcept : p_(&target) {}  // NOLINT: implicit, as `&x` is in Rust
  // A temporary would dangle: asrc names temporaries before borrowing them.
  Ref(std::remove_const_t<T>&&) = delete;
  // `&mut T` coerces to `&T`.
  template <class U>
    requires(!std::is_same_v<U, T> && std::is_convertible_v<U*, T*>)
  constexpr Ref(const Ref<U>& other) noexcept : p_(other.get()) {}

  constexpr T& operator*() const noexcept { return *p_; }
  constexpr T* operator->() const noexcept { return p_; }
  constexpr operator T&() const noexcept { return *p_; }  // NOLINT: where a C++ reference is expected
  constexpr T* get() const noexcept { return p_; }

 private:
  T* p_ = nullptr;
};

// Rust's `impl PartialEq<&B> for &A` and `PartialOrd`: compare the pointees.
template <class A, class B>
constexpr bool operator==(const Ref<A>& a, const Ref<B>& b) { return *a == *b; }
template <class A, class B>
constexpr bool operator!=(const Ref<A>& a, const Ref<B>& b) { return !(*a == *b); }
template <class A, class B>
constexpr bool operator<(const Ref<A>& a, const Ref<B>& b) { return *a < *b; }
template <class A, class B>
constexpr bool operator<=(const Ref<A>& a, const Ref<B>& b) { return *a <= *b; }
template <class A, class B>
constexpr bool operator>(const Ref<A>& a, const Ref<B>& b) { return *a > *b; }
template <class A, class B>
constexpr bool operator>=(const Ref<A>& a, const Ref<B>& b) { return *a >= *b; }

// `{}` and `{:?}` of a reference print the pointee.
template <class T>
  requires requires { &Display<std::remove_const_t<T>>::fmt; }
struct Display<Ref<T>> {
  static void fmt(const Ref<T>& r, Formatter& f) { Display<std::remove_const_t<T>>::fmt(*r, f); }
};
template <class T>
  requires requires { &Debug<std::remove_const_t<T>>::fmt; }
struct Debug<Ref<T>> {
  static void fmt(const Ref<T>& r, Formatter& f) { Debug<std::remove_const_t<T>>::fmt(*r, f); }
};

// The referenced type of a reference as generic code holds it (`asr::Ref<T>` or `const T&`):
// an impl parameter bound as `I: Iterator<Item = &T>`.
template <class R> struct deref_type { using type = std::remove_cvref_t<R>; };
template <class T> struct deref_type<Ref<T>> { using type = std::remove_const_t<T>; };
template <class R> using deref_t = typename deref_type<std::remove_cvref_t<R>>::type;

}  // namespace asr
