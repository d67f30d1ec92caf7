// Rust's drop semantics for types with an `impl Drop` (and for types holding several of them).
//
// A C++ destructor runs for every object, moved-from ones included; Rust runs `drop` once per
// value, never for one that was moved out. So a struct or enum with an `impl Drop` carries a
// DropFlag: moving the value clears the source's flag, and the destructor calls `drop` only
// if the flag is set. Generated code for `impl Drop for Noisy` reads:
//
//   struct Noisy {
//     ::asr::String name;
//     Noisy(::asr::String name) : name(std::move(name)) {}
//     Noisy() { live.take(); }                     // `let n;`: no value until assigned
//     Noisy(Noisy&&) = default;                    // clears `other.live`
//     Noisy& operator=(Noisy&& other) { return ::asr::drop_assign(*this, std::move(other)); }
//     ~Noisy() noexcept(false);                    // `if (live) Drop<Noisy>::drop(*this);`
//     ::asr::DropFlag live;
//   };
//
// Rust drops a struct's fields in declaration order (C++ destroys members in reverse), so a
// type with two or more fields that need dropping ends its destructor with
// `::asr::drop_in_order(first, second, ..)`, which drops each now; C++'s member destructors
// then find moved-from values and do nothing.
#pragma once

#include <compare>
#include <new>
#include <utility>

namespace asr {

// Whether a value is still to be dropped. A copy is a new value (a derived `Clone`): live.
struct DropFlag {
  bool live = true;
  DropFlag() = default;
  DropFlag(const DropFlag&) noexcept {}
  DropFlag(DropFlag&& other) noexcept : live(std::exchange(other.live, false)) {}
  DropFlag& operator=(DropFlag&& other) noexcept {
    live = std::exchange(other.live, false);
    return *this;
  }
  DropFlag& operator=(const DropFlag&) noexcept {
    live = true;
    return *this;
  }
  explicit operator bool() const noexcept { return live; }
  // Whether the value was live; it is not any more (an async drop starts).
  bool take() noexcept { return std::exchange(live, false); }
  // (no part of the value: derived comparisons of the type ignore it)
  friend constexpr bool operator==(const DropFlag&, const DropFlag&) noexcept { return true; }
  friend constexpr std::strong_ordering operator<=>(const DropFlag&, const DropFlag&) noexcept {
    return std::strong_ordering::equal;
  }
};

// The tag that makes a value of a field-less type with `impl Drop` (`U{::asr::new_value}`):
// its default constructor means "declared, no value yet", as every such class's does.
struct NewValue {
  explicit NewValue() = default;
};
inline constexpr NewValue new_value{};

// Rust's `place = value`: the old value is dropped first (if its `drop` panics, the new value
// is stored all the same, as Rust does, and the panic goes on).
template <class T>
T& drop_assign(T& place, T&& value) {
  if (&place == &value) return place;
  try {
    place.~T();
  } catch (...) {
    ::new (static_cast<void*>(&place)) T(std::move(value));
    throw;
  }
  ::new (static_cast<void*>(&place)) T(std::move(value));
  return place;
}

// Drops `value` now, leaving a moved-from object whose destructor does nothing observable.
template <class T>
void drop_now(T& value) {
  [[maybe_unused]] T gone = std::move(value);
}

// Drops the fields in the order given (a struct's declaration order).
template <class... Fields>
void drop_in_order(Fields&... fields) {
  (::asr::drop_now(fields), ...);
}

}  // namespace asr
