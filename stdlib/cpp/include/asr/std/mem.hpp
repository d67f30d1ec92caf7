// std::mem: replace and swap move values through `&mut` places (a Rust move, a C++ move).
#pragma once

#include <utility>

namespace asr {

// A temporary as an lvalue until the end of the full-expression: `*cell.borrow_mut() += 1`
// passes the temporary guard to `DerefMut::deref_mut(&mut self)`, as Rust does.
template <class T>
T& lvalue(T&& x) noexcept {
  return x;
}

}  // namespace asr

namespace asr::mem {

template <class T>
T replace(T& dest, T src) {
  T old = std::move(dest);
  dest = std::move(src);
  return old;
}

template <class T>
void swap(T& x, T& y) {
  T tmp = std::move(x);
  x = std::move(y);
  y = std::move(tmp);
}

}  // namespace asr::mem
