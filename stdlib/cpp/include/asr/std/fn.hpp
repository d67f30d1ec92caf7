// Function pointers: `fn(i32) -> bool` is `asr::FnPtr<bool(int32_t)>`, a plain C++ function
// pointer spelled readably (arrays of them, returns and fields need no declarator syntax).
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include "asr/await.hpp"
#include "asr/int.hpp"
#include "asr/task.hpp"

#include "asr/std/ref.hpp"

namespace asr {

template <class Sig>
using FnPtr = Sig*;

// What calling an `F` (a closure, fn pointer) with `Args` returns: an impl parameter that its
// `F: FnMut(A) -> B` bound determines (`B` of std::iter::Map).
// A closure returning a Rust reference returns a C++ reference (`|r| &r.name` is
// `-> const String&`): as a type argument that is the stored form, `asr::Ref`.
template <class R> struct stored_result { using type = std::decay_t<R>; };
template <class R> struct stored_result<R&> { using type = Ref<R>; };
template <> struct stored_result<void> { using type = Unit; };  // a closure returning `()`
// A closure that can suspend is a coroutine lambda: what it gives is the task's value.
template <class T> struct stored_result<Task<T>> : stored_result<T> {};
// A closure that captures: its C++ lambda, made assignable. A lambda with captures has no
// assignment operator, but Rust moves and assigns closures like any value (the inner
// `map(move |x| ..)` of a `flat_map` is stored and replaced in the adaptor's state).
template <class F>
class Closure {
 public:
  explicit Closure(F f) : f_(std::move(f)) {}
  Closure(const Closure&) = default;
  Closure(Closure&&) = default;
  Closure& operator=(const Closure& o) {
    if (this != &o) {
      f_.~F();
      new (&f_) F(o.f_);
    }
    return *this;
  }
  Closure& operator=(Closure&& o) {
    if (this != &o) {
      f_.~F();
      new (&f_) F(std::move(o.f_));
    }
    return *this;
  }
  template <class... A>
  auto operator()(A&&... a) -> decltype(std::declval<F&>()(std::forward<A>(a)...)) {
    return f_(std::forward<A>(a)...);
  }
  template <class... A>
  auto operator()(A&&... a) const -> decltype(std::declval<const F&>()(std::forward<A>(a)...)) {
    return f_(std::forward<A>(a)...);
  }

 private:
  F f_;
};

// A tuple struct's or tuple variant's constructor as a function value (`.map(Some)`): a plain
// function, so its address is an `asr::FnPtr`.
template <class R, class... P>
R construct(P... p) {
  return R{static_cast<P&&>(p)...};
}
template <class R, class V, class... P>
R construct_variant(P... p) {
  return R{V{static_cast<P&&>(p)...}};
}

template <class F, class... Args>
using call_result_t = typename stored_result<std::invoke_result_t<F&, Args...>>::type;

// Calls `f` where generic code needs its result as a value: `()` (C++ void) becomes Unit.
template <class F, class... A>
inline decltype(auto) call(F&& f, A&&... a) {
  if constexpr (std::is_void_v<std::invoke_result_t<F&, A...>>) {
    f(std::forward<A>(a)...);
    return Unit{};
  } else {
    return f(std::forward<A>(a)...);
  }
}

// Calling an `FnOnce` consumes it: `::asr::consume(f)(a..)` calls a temporary moved from `f`,
// destroyed (its captures dropped) when the call's full expression ends, as Rust drops it.
template <class F>
std::remove_cvref_t<F> consume(F&& f) {
  return std::remove_cvref_t<F>(std::move(f));
}

// `co_await call_co(f, a..)`: calls `f` from generic code that may suspend; awaits it if it
// is a closure that can suspend (a coroutine), else takes its value at once.
// (A closure returning `()` that suspends gives a `Task<void>`: awaited, it gives Unit, as
// `call` does for a plain one.)
struct VoidTaskAsUnit {
  Task<void> task;  // started when called (Task is eager): awaited like the task itself
  bool await_ready() const noexcept { return task.done(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
    return typename Task<void>::Awaiter{task.handle()}.await_suspend(h);
  }
  Unit await_resume() {
    task.result();
    return {};
  }
};
template <class F, class... A>
inline auto call_co(F&& f, A&&... a) {
  if constexpr (std::is_same_v<std::invoke_result_t<F&, A...>, Task<void>>) {
    return VoidTaskAsUnit{f(std::forward<A>(a)...)};
  } else {
    return ready_call([&]() -> decltype(auto) { return call(f, std::forward<A>(a)...); });
  }
}

// Type argument `K` of a class template instance (`B` of `Option<B>`, of `Tuple<A, B>`).
template <class X, unsigned K> struct type_arg;
template <template <class...> class C, class First, class... Rest, unsigned K>
struct type_arg<C<First, Rest...>, K> : type_arg<C<Rest...>, K - 1> {};
template <template <class...> class C, class First, class... Rest>
struct type_arg<C<First, Rest...>, 0> { using type = First; };
template <class X, unsigned K> using type_arg_t = typename type_arg<std::remove_cvref_t<X>, K>::type;

}  // namespace asr
