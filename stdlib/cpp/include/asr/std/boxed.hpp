// std::boxed::Box<T> and trait objects (`dyn Trait`, `dyn Fn(..)`).
//
// Box<T> owns one heap value. The generated C++ copies where Rust moves (sema has already
// rejected every use after a move), so a copy of a Box is a deep copy and a move steals the
// pointer: either way each Box frees exactly its own allocation, once.
//
// A trait object is a fat pointer: the address of the value and the vtable of its type. The
// compiler generates one such struct per trait used as `dyn Trait` (`dyn_Shape`, see
// docs/generated-code.md); `asr::DynFn<R(A...)>` is the one for `dyn Fn(A...) -> R` (and
// `FnMut`, `FnOnce`). `&dyn Trait` is that struct by value (it borrows), `Box<dyn Trait>` is
// `Box<dyn_Shape>`, which owns the value and frees it through the vtable's `drop`.
#pragma once
#include <compare>
#include <type_traits>
#include <cstdlib>
#include <utility>

#include "asr/std/clone.hpp"
#include "asr/std/default.hpp"
#include "asr/std/fmt.hpp"

namespace asr {

// The generated trait-object structs name their vtable type `vtable_type`; every vtable
// starts with `drop` (delete the value) and `clone` (a heap copy of it). Each one also
// specialises `is_trait_object`, which (unlike a look at its members) never needs a type to be
// complete: `Box<Node<T>>` is named inside `Node<T>` itself.
template <class D>
inline constexpr bool is_trait_object = false;
template <class D>
concept TraitObject = is_trait_object<D>;

template <class Sig>
struct DynFn;
template <class R, class... A>
inline constexpr bool is_trait_object<DynFn<R(A...)>> = true;

template <class T>
class Box {
 public:
  Box() = default;  // (only as the target of a later assignment: `let b; b = Box::new(..);`)
  explicit Box(T value) : p_(new T(std::move(value))) {}
  Box(const Box& o) : p_(o.p_ ? new T(*o.p_) : nullptr) {}
  Box(Box&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Box& operator=(const Box& o) {
    if (this != &o) *this = Box(o);
    return *this;
  }
  Box& operator=(Box&& o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~Box() { delete p_; }

  T& operator*() const { return *p_; }
  T* operator->() const { return p_; }
  // Gives up ownership (Box<T> -> Box<dyn Trait>).
  T* release() { return std::exchange(p_, nullptr); }

  friend bool operator==(const Box& a, const Box& b) { return *a.p_ == *b.p_; }
  friend std::partial_ordering operator<=>(const Box& a, const Box& b) { return *a.p_ <=> *b.p_; }

 private:
  T* p_ = nullptr;
};

// Box<dyn Trait>: owns the value a trait object points to.
template <TraitObject D>
class Box<D> {
 public:
  Box() = default;
  // `Box<T>` coerced to `Box<dyn Trait>`: the same allocation, now freed through the vtable.
  template <class T>
  static Box from(Box<T> b) {
    Box r;
    r.d_ = D::of(*b.release());
    return r;
  }
  Box(const Box& o) : d_(o.d_) {
    if (o.d_.self) d_.self = o.d_.vtable->clone(o.d_.self);
  }
  Box(Box&& o) noexcept : d_(o.d_) { o.d_.self = nullptr; }
  Box& operator=(const Box& o) {
    if (this != &o) *this = Box(o);
    return *this;
  }
  Box& operator=(Box&& o) noexcept {
    std::swap(d_, o.d_);
    return *this;
  }
  ~Box() {
    if (d_.self) d_.vtable->drop(d_.self);
  }

  // Gives up ownership: the trait object of the value, which the caller frees (async drop).
  D release() noexcept { return std::exchange(d_, D{}); }

  // `*b` is the trait object (a `dyn_Shape` that borrows the boxed value).
  D& operator*() const { return const_cast<D&>(d_); }
  // `b(x)` for `Box<dyn Fn(..)>`.
  template <class... A>
  decltype(auto) operator()(A&&... a) const {
    return d_(std::forward<A>(a)...);
  }

 private:
  D d_{};
};

// A trait object vtable's `clone`: a copy of the value (a type with an `impl Drop` cannot be
// copied in C++; Rust cannot clone such a `Box<dyn Trait>` either, so it is never called).
template <class T>
void* dyn_clone(const void* self) {
  if constexpr (std::is_copy_constructible_v<T>) {
    return new T(*static_cast<const T*>(self));
  } else {
    std::abort();
  }
}

template <class T>
Box<T> box_new(T value) {
  return Box<T>(std::move(value));
}

// `&Box<T>` / `Box<T>` coerced to `&dyn Trait` / `Box<dyn Trait>`.
template <TraitObject D, class T>
Box<D> box_dyn(Box<T> b) {
  return Box<D>::template from<T>(std::move(b));
}

// `e.is::<T>()` / `e.downcast_ref::<T>()` of a `dyn Error`: the value is a `T` exactly when its
// vtable is the one made for `T` (an inline variable: one object per type in the program).
// `D::of` only takes the address of its argument, so storage for a `T` serves to name it;
// `P<T>` (a `PhantomData`) names `T`.
template <TraitObject D, class T, template <class> class P>
bool dyn_is(const D& d, P<T>) {
  alignas(T) static unsigned char storage[sizeof(T)];
  return d.vtable == D::of(*reinterpret_cast<const T*>(storage)).vtable;
}
template <TraitObject D, class T, template <class> class P>
const T& dyn_cast_ref(const D& d, P<T>) {
  return *static_cast<const T*>(d.self);
}
template <TraitObject D, class T, template <class> class P>
T& dyn_cast_mut(const D& d, P<T>) {
  return *static_cast<T*>(d.self);
}

// `dyn Fn(A...) -> R` (also FnMut, FnOnce): a closure behind a pointer.
template <class R, class... A>
struct DynFn<R(A...)> {
  struct vtable_type {
    void (*drop)(void* self);
    void* (*clone)(const void* self);
    R (*call)(void* self, A... args);
  };
  template <class F>
  static constexpr vtable_type vtable_for = {
      [](void* self) { delete static_cast<F*>(self); },
      [](const void* self) -> void* { return new F(*static_cast<const F*>(self)); },
      [](void* self, A... args) -> R { return (*static_cast<F*>(self))(std::forward<A>(args)...); },
  };
  template <class F>
  static DynFn of(const F& f) {
    return DynFn{&vtable_for<F>, const_cast<F*>(&f)};
  }

  const vtable_type* vtable = nullptr;
  void* self = nullptr;

  R operator()(A... args) const { return vtable->call(self, std::forward<A>(args)...); }
};

// `{}` / `{:?}` of a Box print the boxed value.
template <class T>
  requires requires { &Display<T>::fmt; }
struct Display<Box<T>> {
  static void fmt(const Box<T>& b, Formatter& f) { Display<T>::fmt(*b, f); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<Box<T>> {
  static void fmt(const Box<T>& b, Formatter& f) { Debug<T>::fmt(*b, f); }
};

// `b.clone()` of a box whose value has a hand-written `Clone`: a box of the value's clone.
template <class T>
  requires(!TraitObject<T>)
struct CloneOf<Box<T>> {
  static Box<T> clone(const Box<T>& b) { return Box<T>(::asr::clone(*b)); }
};

// `Box::default()`: a box holding T's default.
template <class T>
struct DefaultOf<Box<T>> {
  static Box<T> make() { return Box<T>(default_of<T>()); }
};

}  // namespace asr
