// std::rc::{Rc, Weak}: single-task reference counting.
//
// One heap block holds the two counts and the value, as Rust's RcBox: the strong count, the
// weak count plus one while any strong reference exists (Rust's implicit weak), and the
// value, destroyed when the last Rc goes (the block itself when the last Weak goes too).
// Generated code moves an Rc with `std::move` where Rust moves it, and copies it where Rust
// clones it: a copy is `Rc::clone` (one more strong reference), never a deep copy.
// Not thread-safe, as in Rust (Rc is not Send).
#pragma once
#include <compare>
#include <cstddef>
#include <new>
#include <utility>

#include "asr/std/clone.hpp"
#include "asr/std/debug.hpp"
#include "asr/std/default.hpp"
#include "asr/std/fmt.hpp"

namespace asr {

template <class T>
class Weak;

template <class T>
struct RcBox {
  std::size_t strong;
  std::size_t weak;  // (+1 while strong > 0)
  alignas(T) unsigned char storage[sizeof(T)];
  T& value() noexcept { return *std::launder(reinterpret_cast<T*>(storage)); }
};

template <class T>
class Rc {
 public:
  Rc() = default;  // (only as the target of a later assignment)
  Rc(const Rc& o) noexcept : p_(o.p_) {
    if (p_) ++p_->strong;
  }
  Rc(Rc&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Rc& operator=(const Rc& o) {
    if (this != &o) *this = Rc(o);
    return *this;
  }
  Rc& operator=(Rc&& o) noexcept {
    Rc old(std::move(*this));  // (the old value is released after the assignment, as in Rust)
    p_ = std::exchange(o.p_, nullptr);
    return *this;
  }
  ~Rc() { release(); }

  // `Rc::new(v)`
  static Rc new_(T value) {
    Rc r;
    r.p_ = new RcBox<T>{1, 1, {}};
    new (r.p_->storage) T(std::move(value));
    return r;
  }
  Rc clone() const noexcept { return *this; }
  static std::size_t strong_count(const Rc& r) noexcept { return r.p_->strong; }
  static std::size_t weak_count(const Rc& r) noexcept { return r.p_->weak - 1; }
  static bool ptr_eq(const Rc& a, const Rc& b) noexcept { return a.p_ == b.p_; }
  static Weak<T> downgrade(const Rc& r) noexcept;
  // `Rc::try_unwrap` once the count is known to be 1 (std::rc checks, in ASR).
  static T take_value(Rc r) {
    T v = std::move(r.p_->value());
    RcBox<T>* p = std::exchange(r.p_, nullptr);
    p->strong = 0;
    p->value().~T();
    if (--p->weak == 0) delete p;
    return v;
  }

  const T& get() const noexcept { return p_->value(); }
  const T& operator*() const noexcept { return p_->value(); }
  const T* operator->() const noexcept { return &p_->value(); }

  // Async drop (asr/std/async_drop.hpp): the value if this is its last strong reference (the
  // caller awaits its drop, then calls reset), else null.
  T* last_value() noexcept { return p_ && p_->strong == 1 ? &p_->value() : nullptr; }
  void reset() noexcept { release(); }

  friend bool operator==(const Rc& a, const Rc& b) { return *a == *b; }
  friend auto operator<=>(const Rc& a, const Rc& b) { return *a <=> *b; }

 private:
  friend class Weak<T>;
  void release() noexcept {
    RcBox<T>* p = std::exchange(p_, nullptr);
    if (!p) return;
    if (--p->strong == 0) {
      p->value().~T();  // (may release other Rcs: drops run depth first, as in Rust)
      if (--p->weak == 0) delete p;
    }
  }
  RcBox<T>* p_ = nullptr;
};

template <class T>
class Weak {
 public:
  Weak() = default;  // `Weak::new()`: points nowhere
  Weak(const Weak& o) noexcept : p_(o.p_) {
    if (p_) ++p_->weak;
  }
  Weak(Weak&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Weak& operator=(const Weak& o) {
    if (this != &o) *this = Weak(o);
    return *this;
  }
  Weak& operator=(Weak&& o) noexcept {
    Weak old(std::move(*this));
    p_ = std::exchange(o.p_, nullptr);
    return *this;
  }
  ~Weak() {
    if (p_ && --p_->weak == 0) delete p_;
  }

  static Weak new_() noexcept { return Weak(); }
  Weak clone() const noexcept { return *this; }
  explicit Weak(RcBox<T>* p) noexcept : p_(p) { ++p_->weak; }

  bool alive() const noexcept { return p_ && p_->strong > 0; }
  // `upgrade` once the value is known to be alive (std::rc checks, in ASR).
  Rc<T> upgrade_unchecked() const noexcept {
    Rc<T> r;
    r.p_ = p_;
    ++p_->strong;
    return r;
  }
  std::size_t strong_count() const noexcept { return p_ ? p_->strong : 0; }
  std::size_t weak_count() const noexcept { return p_ && p_->strong > 0 ? p_->weak - 1 : 0; }
  static bool ptr_eq(const Weak& a, const Weak& b) noexcept { return a.p_ == b.p_; }

 private:
  RcBox<T>* p_ = nullptr;
};

template <class T>
Weak<T> Rc<T>::downgrade(const Rc& r) noexcept {
  return Weak<T>(r.p_);
}

// `{}` / `{:?}` of an Rc print the value; a Weak prints `(Weak)`.
template <class T>
  requires requires { &Display<T>::fmt; }
struct Display<Rc<T>> {
  static void fmt(const Rc<T>& r, Formatter& f) { Display<T>::fmt(*r, f); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<Rc<T>> {
  static void fmt(const Rc<T>& r, Formatter& f) { Debug<T>::fmt(*r, f); }
};
template <class T>
struct Debug<Weak<T>> {
  static void fmt(const Weak<T>&, Formatter& f) { f.write_str(Str("(Weak)")); }
};

// `Rc::default()`: a new Rc of T's default.
template <class T>
struct DefaultOf<Rc<T>> {
  static Rc<T> make() { return Rc<T>::new_(default_of<T>()); }
};

}  // namespace asr
