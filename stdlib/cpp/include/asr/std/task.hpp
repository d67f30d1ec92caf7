// std::task in C++: sleep and yield_now (awaitables), and the adapters between the runtime's
// task tree (asr/task_tree.hpp) and the std::task API declared in stdlib/std/task.asr.
//
// The task tree returns std::optional / JoinResult; std::task's functions that return
// `Option<T>` / `Result<T, Panic>` are written in ASR on top of the `*_raw` adapters below,
// which hand back a `Maybe<T>` / `Joined<T>` that the ASR side takes apart.
#pragma once
#include <optional>
#include <utility>

#include "asr/blocking.hpp"
#include "asr/panic.hpp"
#include "asr/scheduler.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/time.hpp"
#include "asr/task_tree.hpp"

namespace asr::task {

// `co_await asr::task::sleep(d)`: resumes once d has elapsed (always suspends at least
// once, so sleep(ZERO) yields). The deadline is computed now, in 128-bit nanoseconds, so
// any Duration (u64 seconds) is valid.
inline rt::TimerAwaiter sleep(time::Duration d) noexcept {
  return rt::TimerAwaiter{rt::now() + d.as_nanos()};
}
// Sleep until an Instant.
inline rt::TimerAwaiter sleep_until(time::Instant t) noexcept { return rt::TimerAwaiter{t.nanos()}; }
// `co_await asr::task::yield_now()`: go to the back of the run queue.
inline rt::YieldAwaiter yield_now() noexcept { return {}; }

// `co_await asr::task::spawn_blocking(f)`: f() on a thread of the blocking pool; the task
// suspends until it returned (not interruptible: a cancelled task waits for it).
template <class F>
rt::BlockingAwaiter<F> spawn_blocking(F f) {
  return rt::blocking(std::move(f));
}

// A value or none, taken apart by std::task's ASR code into an `Option<T>`.
template <class T>
struct Maybe {
  std::optional<T> v;
  bool is_some() const noexcept { return v.has_value(); }
  static T take(Maybe m) { return std::move(*m.v); }
};

// A child's value or its panic, taken apart into a `Result<T, Panic>`.
template <class T>
struct Joined {
  JoinResult<T> r;
  bool is_ok() const noexcept { return r.is_ok(); }
  static T take_value(Joined j) { return std::move(j.r.value()); }
  static Panic take_panic(Joined j) { return j.r.panic(); }
  static struct PanicPayload take_payload(Joined j);
};

// std::thread's view of a child's panic (Rust's `Box<dyn Any + Send>`): `{:?}` is `Any { .. }`.
struct PanicPayload {
  Panic panic;
};
template <class T>
PanicPayload Joined<T>::take_payload(Joined j) {
  return PanicPayload{j.r.panic()};
}

// (Each awaits into a local first: g++ 12 destroys a temporary twice when a `co_await` sits
// inside an aggregate initialiser of a `co_return`.)
template <class T>
Task<Maybe<T>> cancel_raw(JoinHandle<T> h) {
  std::optional<T> v = co_await h.cancel();
  co_return Maybe<T>{std::move(v)};
}
template <class T>
Task<Joined<T>> try_join_raw(JoinHandle<T> h) {
  JoinResult<T> r = co_await h.try_join();
  co_return Joined<T>{std::move(r)};
}
template <class F>
Task<Maybe<detail::ResultOf<F>>> timeout_raw(time::Duration d, F f) {
  std::optional<detail::ResultOf<F>> v = co_await timeout(d, std::move(f));
  co_return Maybe<detail::ResultOf<F>>{std::move(v)};
}
template <class F>
Task<Maybe<detail::ResultOf<F>>> timeout_at_raw(time::Instant t, F f) {
  std::optional<detail::ResultOf<F>> v = co_await timeout_at(t.nanos(), std::move(f));
  co_return Maybe<detail::ResultOf<F>>{std::move(v)};
}
template <class F>
Task<Maybe<detail::ResultOf<F, CancelToken>>> cancel_scope_raw(F f) {
  std::optional<detail::ResultOf<F, CancelToken>> v = co_await cancel_scope(std::move(f));
  co_return Maybe<detail::ResultOf<F, CancelToken>>{std::move(v)};
}

}  // namespace asr::task

namespace asr {
// `{}` of a child's panic: its message, as Rust displays a panic payload that is a string;
// `{:?}` is `Panic("message")`.
template <>
struct Display<Panic> {
  static void fmt(const Panic& p, fmt::Formatter& f) { f.write_str(p.message()); }
};
template <>
struct Debug<task::PanicPayload> {
  static void fmt(const task::PanicPayload&, fmt::Formatter& f) { f.write_str("Any { .. }"); }
};
template <>
struct Debug<Panic> {
  static void fmt(const Panic& p, fmt::Formatter& f) {
    f.write_str("Panic(");
    Debug<Str>::fmt(p.message(), f);
    f.write_str(")");
  }
};
}  // namespace asr
