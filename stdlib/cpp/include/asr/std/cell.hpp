// std::cell::{Cell, RefCell, Ref, RefMut}: mutation through a shared reference.
//
// ASR's `&T` is a C++ `const T&`, so the cells keep their value `mutable`. RefCell tracks its
// borrows at run time as Rust does (a count of shared borrows, or -1 while mutably borrowed)
// and panics with std's messages at the caller's location; a Ref/RefMut guard gives its
// borrow back when it is destroyed (end of its scope, or of the statement for a temporary).
// Single-task only, as in Rust (neither is Sync).
#pragma once
#include <compare>
#include <cstdint>
#include <utility>

#include "asr/loc.hpp"
#include "asr/panic.hpp"
#include "asr/std/clone.hpp"
#include "asr/std/debug.hpp"
#include "asr/std/default.hpp"
#include "asr/std/fmt.hpp"

namespace asr {

template <class T>
class Cell {
 public:
  Cell() = default;
  explicit Cell(T v) : value_(std::move(v)) {}
  Cell(const Cell& o) : value_(o.value_) {}
  Cell(Cell&& o) noexcept : value_(std::move(o.value_)) {}
  Cell& operator=(const Cell& o) {
    value_ = o.value_;
    return *this;
  }
  Cell& operator=(Cell&& o) noexcept {
    value_ = std::move(o.value_);
    return *this;
  }

  static Cell new_(T v) { return Cell(std::move(v)); }
  T get() const { return value_; }
  void set(T v) const { T old = std::exchange(value_, std::move(v)); }
  T replace(T v) const { return std::exchange(value_, std::move(v)); }
  T take() const { return std::exchange(value_, default_of<T>()); }
  T into_inner() { return std::move(value_); }
  T& get_mut() { return value_; }
  const T& peek() const noexcept { return value_; }

  friend bool operator==(const Cell& a, const Cell& b) { return a.value_ == b.value_; }
  friend auto operator<=>(const Cell& a, const Cell& b) { return a.value_ <=> b.value_; }

 private:
  mutable T value_{};
};

template <class T>
class CellRef;
template <class T>
class CellRefMut;

namespace rt {
[[noreturn, gnu::cold]] inline void refcell_already_borrowed(Loc loc) { panic(loc, Str("RefCell already borrowed")); }
[[noreturn, gnu::cold]] inline void refcell_already_mutably_borrowed(Loc loc) {
  panic(loc, Str("RefCell already mutably borrowed"));
}
}  // namespace rt

template <class T>
class RefCell {
 public:
  RefCell() = default;
  explicit RefCell(T v) : value_(std::move(v)) {}
  // A copy (a derived `clone` of a struct holding one): the value, not the borrows.
  RefCell(const RefCell& o) : value_(o.value_) {}
  RefCell(RefCell&& o) noexcept : value_(std::move(o.value_)) {}
  RefCell& operator=(const RefCell& o) {
    value_ = o.value_;
    return *this;
  }
  RefCell& operator=(RefCell&& o) noexcept {
    value_ = std::move(o.value_);
    return *this;
  }

  static RefCell new_(T v) { return RefCell(std::move(v)); }
  CellRef<T> borrow(Loc loc) const {
    if (flag_ < 0) rt::refcell_already_mutably_borrowed(loc);
    return CellRef<T>(&value_, &flag_);
  }
  CellRefMut<T> borrow_mut(Loc loc) const {
    if (flag_ != 0) rt::refcell_already_borrowed(loc);
    return CellRefMut<T>(&value_, &flag_);
  }
  bool can_borrow() const noexcept { return flag_ >= 0; }
  bool can_borrow_mut() const noexcept { return flag_ == 0; }
  T replace(T v, Loc loc) const {
    if (flag_ != 0) rt::refcell_already_borrowed(loc);
    return std::exchange(value_, std::move(v));
  }
  T take(Loc loc) const {
    if (flag_ != 0) rt::refcell_already_borrowed(loc);
    return std::exchange(value_, default_of<T>());
  }
  T into_inner() { return std::move(value_); }
  T& get_mut() { return value_; }
  // The value, for `==`, `<=>` and `{:?}` (which borrow it).
  const T& peek(Loc loc = Loc{}) const {
    if (flag_ < 0) rt::refcell_already_mutably_borrowed(loc);
    return value_;
  }
  bool mutably_borrowed() const noexcept { return flag_ < 0; }

  friend bool operator==(const RefCell& a, const RefCell& b) { return a.peek() == b.peek(); }
  friend auto operator<=>(const RefCell& a, const RefCell& b) { return a.peek() <=> b.peek(); }

 private:
  mutable T value_{};
  mutable std::intptr_t flag_ = 0;  // > 0: shared borrows; < 0: mutably borrowed
};

// A shared borrow of a RefCell's value.
template <class T>
class CellRef {
 public:
  CellRef(const T* v, std::intptr_t* flag) noexcept : v_(v), flag_(flag) { ++*flag_; }
  CellRef(const CellRef& o) noexcept : v_(o.v_), flag_(o.flag_) {
    if (flag_) ++*flag_;
  }
  CellRef(CellRef&& o) noexcept : v_(o.v_), flag_(std::exchange(o.flag_, nullptr)) {}
  CellRef& operator=(CellRef o) noexcept {
    std::swap(v_, o.v_);
    std::swap(flag_, o.flag_);
    return *this;
  }
  ~CellRef() {
    if (flag_) --*flag_;
  }
  const T& get() const noexcept { return *v_; }
  const T& operator*() const noexcept { return *v_; }
  friend bool operator==(const CellRef& a, const CellRef& b) { return *a == *b; }
  friend auto operator<=>(const CellRef& a, const CellRef& b) { return *a <=> *b; }

 private:
  const T* v_;
  std::intptr_t* flag_;
};

// The mutable borrow of a RefCell's value.
template <class T>
class CellRefMut {
 public:
  CellRefMut(T* v, std::intptr_t* flag) noexcept : v_(v), flag_(flag) { --*flag_; }
  CellRefMut(const CellRefMut& o) noexcept : v_(o.v_), flag_(o.flag_) {
    if (flag_) --*flag_;
  }
  CellRefMut(CellRefMut&& o) noexcept : v_(o.v_), flag_(std::exchange(o.flag_, nullptr)) {}
  CellRefMut& operator=(CellRefMut o) noexcept {
    std::swap(v_, o.v_);
    std::swap(flag_, o.flag_);
    return *this;
  }
  ~CellRefMut() {
    if (flag_) ++*flag_;
  }
  const T& get() const noexcept { return *v_; }
  T& get_mut() noexcept { return *v_; }
  T& operator*() const noexcept { return *v_; }
  friend bool operator==(const CellRefMut& a, const CellRefMut& b) { return *a == *b; }
  friend auto operator<=>(const CellRefMut& a, const CellRefMut& b) { return *a <=> *b; }

 private:
  T* v_;
  std::intptr_t* flag_;
};

template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<Cell<T>> {
  static void fmt(const Cell<T>& c, Formatter& f) { DebugStruct(f, Str("Cell")).field(Str("value"), c.peek()).finish(); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<RefCell<T>> {
  static void fmt(const RefCell<T>& c, Formatter& f) {
    DebugStruct s(f, Str("RefCell"));
    if (c.mutably_borrowed()) {
      s.field_erased(Str("value"), [](Formatter& g, const void*) { g.write_str(Str("<borrowed>")); }, nullptr);
    } else {
      s.field(Str("value"), c.peek());
    }
    s.finish();
  }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<CellRef<T>> {
  static void fmt(const CellRef<T>& r, Formatter& f) { Debug<T>::fmt(*r, f); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<CellRefMut<T>> {
  static void fmt(const CellRefMut<T>& r, Formatter& f) { Debug<T>::fmt(*r, f); }
};
template <class T>
  requires requires { &Display<T>::fmt; }
struct Display<CellRef<T>> {
  static void fmt(const CellRef<T>& r, Formatter& f) { Display<T>::fmt(*r, f); }
};
template <class T>
  requires requires { &Display<T>::fmt; }
struct Display<CellRefMut<T>> {
  static void fmt(const CellRefMut<T>& r, Formatter& f) { Display<T>::fmt(*r, f); }
};

// `RefCell::clone()` / `Cell::clone()` of values with a hand-written `Clone`.
template <class T>
struct CloneOf<RefCell<T>> {
  static RefCell<T> clone(const RefCell<T>& c) { return RefCell<T>(::asr::clone(c.peek())); }
};

}  // namespace asr
