// Structured concurrency (DESIGN.md §2): scopes, spawned tasks, join handles, and the
// combinators built on them (supervisor, join, race, timeout, cancel_scope, shield).
//
// What generated code calls (every awaited value maps `void` to asr::Unit):
//
//   T v = co_await asr::task::scope([&](asr::task::Scope& s) -> asr::Task<T> {
//     asr::task::JoinHandle<U> h = s.spawn([&]() -> asr::Task<U> { ... });  // or a plain U
//     U u = co_await h.join();                  // consumes h; rethrows the child's panic
//     co_return ...;
//   });
//
// * A child is a new task (rt::TaskNode: its own frame arena and root cancellation region,
//   nested in the scope's region). Its root frame is made in its own arena, and it is queued
//   at the back of the run queue: it first runs when the spawner next suspends.
// * The callable passed to spawn is moved into the child's root frame and destroyed (with
//   its captures) when the child ends, before anyone waiting for the child is woken. A
//   coroutine lambda's frame points at that closure, so it lives exactly as long as needed.
//   By-reference captures must outlive the scope: true of everything in the scope's caller.
// * Panics (any exception other than asr::Cancelled) in a child of a `scope` cancel the
//   scope's region (body and siblings); the scope waits for every child, then rethrows the
//   first panic; later ones are printed to stderr as
//   `note: panic suppressed by an earlier panic in the same scope: MSG (at FILE:LINE:COL)`.
//   In a `supervisor` a child's panic stays in its handle (join rethrows it, try_join
//   returns it, dropping the handle drops it). A panic in either body cancels the children.
// * Cancellation: see asr/cancel.hpp. Region boundaries (timeout, cancel_scope, race,
//   h.cancel()) turn the Cancelled of *their own* cancellation into None; a Cancelled from
//   further up passes through. A value produced anyway is returned (Some).
// * The scope's exit waits for the children without being interruptible (they are cancelled
//   through the region tree instead). It then observes a cancellation from above: if a region
//   above is cancelled and some child ended by cancellation, it throws Cancelled; if the body
//   and every child ended on their own, the body's value was produced anyway and is returned
//   (the next checkpoint observes the cancellation).
//
// Several workers: a child's `end` is published with release when it ends (and read with
// acquire), its references are an atomic count, and a scope's bookkeeping (children, waiters,
// panics) is under the scope's lock. A child announces its end once the worker that ran its
// last resume is done with it (rt::defer_task_end), so freeing it never races that worker.
#pragma once
#include <atomic>
#include <concepts>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "asr/async_drop.hpp"
#include "asr/cancel.hpp"
#include "asr/clock.hpp"
#include "asr/frame_alloc.hpp"
#include "asr/int.hpp"
#include "asr/panic.hpp"
#include "asr/scheduler.hpp"
#include "asr/spin_lock.hpp"
#include "asr/task.hpp"
#include "asr/task_block.hpp"

namespace asr::task {

// The value of an awaited closure: void becomes Unit (Rust's ()).
template <class T>
using Value = std::conditional_t<std::is_void_v<T>, Unit, T>;

class Scope;
template <class T>
class JoinHandle;

namespace detail {

template <class R>
struct Unwrap {
  using type = R;
  static constexpr bool is_task = false;
};
template <class X>
struct Unwrap<Task<X>> {
  using type = X;
  static constexpr bool is_task = true;
};
template <class F, class... A>
using Ret = std::invoke_result_t<F&, A&...>;
// What calling f(a...) yields once awaited (a Task<X> is awaited), void → Unit.
template <class F, class... A>
using ResultOf = Value<typename Unwrap<Ret<F, A...>>::type>;

// What `co_await` yields for a call that has already returned: its value.
template <class T>
struct ReadyValue {
  T v;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return std::move(v); }
};

// A Task<void> awaited as Unit (Rust's ()).
struct UnitTask {
  Task<void> t;
  bool await_ready() const noexcept { return t.done(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept {
    return Task<void>::Awaiter{t.handle()}.await_suspend(h);
  }
  Unit await_resume() {
    t.result();
    return Unit{};
  }
};

// `co_await invoke(f, a...)`: calls f(a...) at once and yields its value (a Task it returns
// is awaited; void becomes Unit). An awaitable, not a coroutine: no frame of its own.
template <class F, class... A>
auto invoke(F& f, A&... a) {
  using R = Ret<F, A...>;
  if constexpr (Unwrap<R>::is_task) {
    if constexpr (std::is_void_v<typename Unwrap<R>::type>) return UnitTask{f(a...)};
    else return f(a...);
  } else if constexpr (std::is_void_v<R>) {
    f(a...);
    return ReadyValue<Unit>{};
  } else {
    return ReadyValue<R>{f(a...)};
  }
}

// Calls the closure `f` the runtime owns (a body, a spawned task: Rust's `FnOnce`, called once)
// and, if its captures' drop can suspend (asr::OwningClosure), awaits that drop when the call
// ends, normally or not, as Rust drops an `FnOnce` at the end of its call.
template <class F, class... A>
Task<ResultOf<F, A...>> call(F& f, A&... a) {
  if constexpr (!has_async_drop_v<F>) {
    co_return co_await invoke(f, a...);
  } else {
    std::exception_ptr unwinding;
    std::optional<ResultOf<F, A...>> value;
    try {
      value.emplace(co_await invoke(f, a...));
    } catch (...) {
      unwinding = std::current_exception();  // (no co_await in a handler)
    }
    co_await drop_async(f);  // (shielded: a cancelled task's captures are dropped all the same)
    if (unwinding) std::rethrow_exception(unwinding);
    co_return std::move(*value);
  }
}

// `co_await call_owned(f, a...)`: call(f, a...) inside a runtime coroutine that owns f (a
// task's root, a scope): no coroutine frame of its own unless f's drop can suspend, so a
// spawned task or a scope costs one frame less.
template <class F, class... A>
auto call_owned(F& f, A&... a) {
  if constexpr (has_async_drop_v<F>) return call(f, a...);
  else return invoke(f, a...);
}

enum class End : uint8_t { Running, Value, Panic, Cancelled };

// Someone waiting for a child to end (join, try_join, cancel).
struct Waiter {
  std::coroutine_handle<> h;
  rt::FrameArena* arena = nullptr;
  bool woken = false;
};

// A spawned task: its node (arena, regions), outcome and waiter. Owned by two references:
// the scope's (dropped when the scope reaps it after it ended) and the handle's.
class ChildBase {
 public:
  explicit ChildBase(Scope* s) noexcept : scope(s) { node.spawned = true; }
  virtual ~ChildBase() = default;
  ChildBase(const ChildBase&) = delete;
  ChildBase& operator=(const ChildBase&) = delete;

  rt::TaskNode node;
  Scope* scope;
  std::atomic<End> end{End::Running};  // set by the child's last code, before its end is announced
  std::exception_ptr error;  // End::Panic
  Waiter* waiter = nullptr;  // (the scope's lock)
  std::atomic<uint32_t> refs{2};
  uint32_t block_size = 0;  // the task block this child lives in (rt::task_block_alloc)
  ChildBase* next = nullptr;  // the scope's list of running, then of ended children (its lock)
  ChildBase* prev = nullptr;

  // Announces the end of the child (rt::defer_task_end: after the worker is done with it).
  static void ended(void* self) noexcept;

  End outcome() const noexcept { return end.load(std::memory_order_acquire); }
};

template <class U>
class Child final : public ChildBase {
 public:
  using ChildBase::ChildBase;
  std::optional<U> value;
};

// Drops one reference; the last one frees the child.
void release(ChildBase* c) noexcept;
// Frees the child and its block.
void destroy(ChildBase* c) noexcept;

// The home chunk size (asr/frame_alloc.hpp) of the children spawned with a closure of type
// F: learned from the frames the first ones needed.
template <class F>
inline constinit std::atomic<std::uint32_t> g_home_hint{0};

// A child and its home chunk in one task block.
template <class U, class F>
Child<U>* new_child(Scope* s) {
  static_assert(alignof(Child<U>) <= 16, "a task block is 16-aligned");
  constexpr std::size_t head = (sizeof(Child<U>) + 15) & ~std::size_t(15);
  std::size_t size = rt::task_block_size(head + g_home_hint<F>.load(std::memory_order_relaxed));
  void* mem = rt::task_block_alloc(size);
  auto* c = ::new (mem) Child<U>(s);
  c->block_size = uint32_t(size);
  c->node.arena.set_home(static_cast<std::byte*>(mem) + head, size - head, &g_home_hint<F>);
  return c;
}

// The root coroutine of a child task.
struct ChildCoro {
  struct promise_type {
    static void* operator new(std::size_t n) { return frame_alloc(n); }
    static void operator delete(void* p, std::size_t n) noexcept { frame_free(p, n); }
    ChildCoro get_return_object() noexcept {
      return ChildCoro{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct Final {
      bool await_ready() noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        ChildBase* c = h.promise().child;
        h.destroy();  // the closure and its captures die before the child counts as ended
        rt::defer_task_end(&ChildBase::ended, c);
      }
      void await_resume() noexcept {}
    };
    Final final_suspend() noexcept { return {}; }
    void unhandled_exception() noexcept { std::terminate(); }  // the body catches all
    void return_void() noexcept {}
    ChildBase* child = nullptr;
  };
  std::coroutine_handle<promise_type> h;
};

template <class U, class F>
ChildCoro run_child(Child<U>* c, F f) {
  try {
    c->value.emplace(co_await call_owned(f));
    c->end.store(End::Value, std::memory_order_release);
  } catch (const Cancelled&) {
    c->end.store(End::Cancelled, std::memory_order_release);
  } catch (...) {
    c->error = std::current_exception();
    c->end.store(End::Panic, std::memory_order_release);
  }
}

// join()/try_join(): a checkpoint while the child runs.
class JoinWait {
 public:
  explicit JoinWait(ChildBase* c) noexcept : c_(c) {}
  JoinWait(const JoinWait&) = delete;
  ~JoinWait() { release(c_); }
  bool await_ready() const noexcept {
    bool cancelled = rt::checkpoint_entry();
    return c_->outcome() != End::Running || cancelled;
  }
  bool await_suspend(std::coroutine_handle<> h) noexcept;
  // Throws Cancelled if the joiner was cancelled before the child ended.
  void resumed();

 protected:
  ChildBase* c_;

 private:
  static bool interrupt(void* self) noexcept;
  Waiter w_;
  rt::Checkpoint cp_{};
};

// cancel(): not interruptible (it waits for the clean-up it asked for).
class CancelWait {
 public:
  explicit CancelWait(ChildBase* c) noexcept : c_(c) {}
  CancelWait(const CancelWait&) = delete;
  ~CancelWait() { release(c_); }
  bool await_ready() noexcept;
  bool await_suspend(std::coroutine_handle<> h) noexcept;

 protected:
  ChildBase* c_;

 private:
  Waiter w_;
};

// A timeout's region and deadline timer.
class Deadline {
 public:
  explicit Deadline(rt::Nanos at);
  ~Deadline();
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  bool fired() const noexcept { return guard_.region().cancelled_here(); }

 private:
  static void fire(void* self) noexcept;
  rt::RegionGuard guard_;
  rt::TimerId id_ = 0;  // the timer's slot
};

void cancel_children(Scope& s) noexcept;

}  // namespace detail

// What try_join returns: the child's value, or its panic (Rust's Result<T, Panic>).
template <class T>
class JoinResult {
 public:
  static JoinResult ok(T v) { return JoinResult(std::in_place_index<0>, std::move(v)); }
  static JoinResult err(const Panic& p) { return JoinResult(std::in_place_index<1>, p); }
  bool is_ok() const noexcept { return v_.index() == 0; }
  bool is_err() const noexcept { return v_.index() == 1; }
  T& value() { return std::get<0>(v_); }
  const Panic& panic() const { return std::get<1>(v_); }

 private:
  template <std::size_t I, class A>
  JoinResult(std::in_place_index_t<I> i, A&& a) : v_(i, std::forward<A>(a)) {}
  std::variant<T, Panic> v_;
};

// A spawned child. Dropping it (the last copy) detaches the child (the scope still waits for it).
// join/try_join/cancel consume the handle (as in Rust, they take `self`).
template <class T>
class JoinHandle {
 public:
  JoinHandle(JoinHandle&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  // Generated code may copy where Rust moves (the source is never used again): a copy is one
  // more reference to the same child, so the moved-from original's destructor is harmless.
  JoinHandle(const JoinHandle& o) noexcept : c_(o.c_) {
    if (c_ != nullptr) c_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  JoinHandle& operator=(const JoinHandle& o) noexcept {
    JoinHandle copy(o);
    return *this = std::move(copy);
  }
  JoinHandle& operator=(JoinHandle&& o) noexcept {
    if (this != &o) {
      if (c_ != nullptr) detail::release(c_);
      c_ = std::exchange(o.c_, nullptr);
    }
    return *this;
  }
  ~JoinHandle() {
    if (c_ != nullptr) detail::release(c_);
  }

  bool is_finished() const noexcept { return c_->outcome() != detail::End::Running; }

  // `co_await h.join()`: the child's value; rethrows its panic; throws Cancelled if the
  // child was cancelled, or if the joiner is cancelled while waiting (the child runs on).
  // A child that has already ended is joined without suspending.
  struct JoinAwaiter : detail::JoinWait {
    using JoinWait::JoinWait;
    T await_resume() {
      resumed();
      auto* c = static_cast<detail::Child<T>*>(c_);
      detail::End end = c->outcome();
      if (end == detail::End::Panic) {
        if (c->scope->is_supervisor()) c->scope->panic_observed();
        std::rethrow_exception(c->error);
      }
      if (end == detail::End::Cancelled) rt::throw_cancelled();
      return std::move(*c->value);
    }
  };
  JoinAwaiter join() noexcept { return JoinAwaiter(std::exchange(c_, nullptr)); }

  // `co_await h.try_join()`: the value, or the child's panic as a value.
  struct TryJoinAwaiter : detail::JoinWait {
    using JoinWait::JoinWait;
    JoinResult<T> await_resume() {
      resumed();
      auto* c = static_cast<detail::Child<T>*>(c_);
      detail::End end = c->outcome();
      if (end == detail::End::Cancelled) rt::throw_cancelled();
      if (end == detail::End::Panic) {
        if (c->scope->is_supervisor()) c->scope->panic_observed();
        try {
          std::rethrow_exception(c->error);
        } catch (const Panic& p) {
          return JoinResult<T>::err(p);
        }
      }
      return JoinResult<T>::ok(std::move(*c->value));
    }
  };
  TryJoinAwaiter try_join() noexcept { return TryJoinAwaiter(std::exchange(c_, nullptr)); }

  // `co_await h.cancel()`: cancels the child, waits for its clean-up; Some(value) if it
  // ended with a value (before, or despite, the cancellation); None otherwise (cancelled,
  // or panicked: in a scope that panic is still rethrown at the scope's exit).
  struct CancelAwaiter : detail::CancelWait {
    using CancelWait::CancelWait;
    std::optional<T> await_resume() {
      auto* c = static_cast<detail::Child<T>*>(c_);
      if (c->outcome() == detail::End::Value) return std::move(c->value);
      return std::nullopt;
    }
  };
  CancelAwaiter cancel() noexcept { return CancelAwaiter(std::exchange(c_, nullptr)); }

 private:
  friend class Scope;
  explicit JoinHandle(detail::ChildBase* c) noexcept : c_(c) {}
  detail::ChildBase* c_;
};

// The `s` of `scope(|s| ...)` / `supervisor(|s| ...)`. Lives in the scope's frame.
class Scope {
 public:
  explicit Scope(bool supervisor) noexcept : supervisor_(supervisor) {}
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

  // Starts `f()` (returning Task<U> or a plain U) as a child task.
  template <class F>
  JoinHandle<detail::ResultOf<F>> spawn(F f);
  // Rust's `Scope::spawn` takes `&self`: generated code holds the scope as `const Scope&`.
  template <class F>
  JoinHandle<detail::ResultOf<F>> spawn(F f) const {
    return const_cast<Scope*>(this)->spawn(std::move(f));
  }

  bool is_supervisor() const noexcept { return supervisor_; }
  // Supervisor: children that panicked and whose panic no join/try_join has taken (yet).
  std::size_t unobserved_panics() const noexcept { return unobserved_panics_.load(); }
  void panic_observed() noexcept { unobserved_panics_.fetch_sub(1); }
  std::size_t running() const noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    return live_count_;
  }

  // For the scope coroutine (detail::run_scope).
  void body_failed(std::exception_ptr e) noexcept;
  struct AllEnded {
    Scope* s;
    bool await_ready() const noexcept { return s->running() == 0; }
    bool await_suspend(std::coroutine_handle<> h) noexcept {
      std::lock_guard<rt::SpinLock> l(s->mu_);
      if (s->live_count_ == 0) return false;  // the last one ended meanwhile
      s->waiter_ = h;
      s->waiter_arena_ = rt::current_arena();
      return true;
    }
    void await_resume() const noexcept {}
  };
  AllEnded all_ended() noexcept { return AllEnded{this}; }
  // After all_ended: rethrows the first panic (reporting suppressed ones), or the body's
  // cancellation, or Cancelled if a region above is cancelled and a child ended cancelled.
  void close();

 private:
  friend class detail::ChildBase;
  friend class detail::JoinWait;
  friend class detail::CancelWait;
  friend void detail::cancel_children(Scope& s) noexcept;
  void adopt(detail::ChildBase* c) noexcept;
  void abandon(detail::ChildBase* c) noexcept;  // undoes adopt, frees c
  void start(detail::ChildBase* c, std::coroutine_handle<> root) noexcept;
  void child_ended(detail::ChildBase* c) noexcept;
  bool record_panic_locked(std::exception_ptr e) noexcept;  // true: the first (cancel the region)
  void reap() noexcept;

  rt::RegionGuard guard_;
  bool supervisor_;
  mutable rt::SpinLock mu_;  // the fields below (not held while cancelling or queuing tasks)
  bool body_cancelled_ = false;
  bool child_cancelled_ = false;  // some child ended by cancellation
  detail::ChildBase* live_ = nullptr;
  std::size_t live_count_ = 0;
  std::atomic<std::size_t> unobserved_panics_{0};
  detail::ChildBase* ended_ = nullptr;  // ended, scope reference not yet dropped
  std::exception_ptr first_panic_;
  std::vector<std::exception_ptr> suppressed_;
  std::coroutine_handle<> waiter_;
  rt::FrameArena* waiter_arena_ = nullptr;
};

template <class F>
JoinHandle<detail::ResultOf<F>> Scope::spawn(F f) {
  using U = detail::ResultOf<F>;
  static_assert(!std::is_reference_v<U>, "a spawned closure must return a value");
  reap();
  auto* c = detail::new_child<U, F>(this);
  adopt(c);
  detail::ChildCoro co;
  try {
    rt::ArenaScope in_child(&c->node.arena);  // the root frame (and f) live in the child's arena
    co = detail::run_child<U>(c, std::move(f));
  } catch (...) {  // moving the closure threw: the child never existed
    abandon(c);
    throw;
  }
  co.h.promise().child = c;
  start(c, co.h);
  return JoinHandle<U>(c);
}

namespace detail {

template <class F>
using ScopeResult = ResultOf<F, Scope>;

// `threads`: Rust's std::thread::scope (a supervisor that panics at its end if a child
// panicked and no join took that panic: "a scoped thread panicked").
template <class F>
Task<ScopeResult<F>> run_scope(F body, bool supervisor, bool threads = false, Loc loc = {}) {
  Scope s(supervisor);
  std::optional<ScopeResult<F>> result;
  try {
    result.emplace(co_await call_owned(body, s));
  } catch (...) {
    s.body_failed(std::current_exception());
  }
  co_await s.all_ended();
  s.close();
  if (threads && s.unobserved_panics() > 0) panic(loc, Str("a scoped thread panicked"));
  co_return std::move(*result);
}

template <class F>
Task<std::optional<ResultOf<F>>> run_timeout(bool relative, rt::Nanos t, F f) {
  Deadline d(relative ? rt::now() + t : t);
  try {
    co_return co_await call_owned(f);
  } catch (const Cancelled&) {
    if (!d.fired()) throw;
  }
  co_return std::nullopt;
}

}  // namespace detail

// `scope(|s| body)`: runs body(s); returns its value once every child spawned on s ended.
template <class F>
Task<detail::ScopeResult<F>> scope(F body) {
  return detail::run_scope(std::move(body), false);
}

// `supervisor(|s| body)`: a scope whose children's panics stay in their handles.
template <class F>
Task<detail::ScopeResult<F>> supervisor(F body) {
  return detail::run_scope(std::move(body), true);
}

// Rust's `std::thread::scope(|s| body)`: a supervisor (a child's panic stays in its handle,
// `join` returns it as an Err) that panics once every child ended if some child panicked and
// its handle was dropped without joining.
template <class F>
Task<detail::ScopeResult<F>> thread_scope(F body, Loc loc) {
  return detail::run_scope(std::move(body), true, true, loc);
}

// The program's root scope: a supervisor opened around `main` (run_main_in_root_scope), on
// which Rust's unscoped `std::thread::spawn` starts its tasks. Null outside it.
Scope* root_scope() noexcept;

// Runs `main_fn()` as the body of the root scope. When it returns (or panics), the tasks still
// running are cancelled and their clean-up runs before this returns (or rethrows main's panic).
Task<void> run_main_in_root_scope(Task<void> (*main_fn)());

// Rust's `std::thread::spawn(f)`: starts `f` as a child of the root scope. (A coroutine that
// never suspends, so that a function calling it runs on the scheduler.) Its panic stays in
// its handle, as a thread's does.
template <class F>
Task<JoinHandle<detail::ResultOf<F>>> thread_spawn(F f) {
  Scope* s = root_scope();
  if (s == nullptr) [[unlikely]] {
    panic(Loc{}, Str("std::thread::spawn called outside the program's main task"));
  }
  JoinHandle<detail::ResultOf<F>> h = s->spawn(std::move(f));
  co_return h;
}

// `join(f, g)`: runs both as children, concurrently; returns both values. A panic in one
// cancels the other and is rethrown once both ended.
template <class F, class G>
Task<std::tuple<detail::ResultOf<F>, detail::ResultOf<G>>> join(F f, G g) {
  using A = detail::ResultOf<F>;
  using B = detail::ResultOf<G>;
  co_return co_await scope([&f, &g](Scope& s) -> Task<std::tuple<A, B>> {
    auto a = s.spawn([&f] { return detail::call(f); });  // (the Task: its value once awaited)
    auto b = s.spawn([&g] { return detail::call(g); });
    A va = co_await a.join();
    B vb = co_await b.join();
    co_return std::tuple<A, B>(std::move(va), std::move(vb));
  });
}

// `race(f, g)`: runs both as children; the first to end with a value wins, the other is
// cancelled and awaited (its clean-up has run when race returns). A panic (before a winner,
// or in the loser's clean-up) is rethrown. If both are cancelled from outside, Cancelled.
template <class F, class G>
Task<detail::ResultOf<F>> race(F f, G g) {
  using R = detail::ResultOf<F>;
  static_assert(std::is_same_v<R, detail::ResultOf<G>>, "race: both closures return one type");
  std::optional<R> winner;
  auto racer = [&winner](auto& fn, Scope& s) -> Task<Unit> {
    R v = co_await detail::call_owned(fn);
    if (!winner) {
      winner.emplace(std::move(v));
      detail::cancel_children(s);
    }
    co_return Unit{};
  };
  try {
    co_await scope([&](Scope& s) {
      (void)s.spawn([&racer, &f, &s] { return racer(f, s); });
      (void)s.spawn([&racer, &g, &s] { return racer(g, s); });
    });
  } catch (const Cancelled&) {
    if (!winner) throw;  // cancelled from above; a winner is never thrown away
  }
  if (!winner) rt::throw_cancelled();
  co_return std::move(*winner);
}

// `timeout(d, f)`: runs f; at the deadline cancels it, waits for its clean-up and returns
// None. Some(v) if f produced v (even after the deadline, without reaching a checkpoint).
// None only for this timeout's own deadline (nested: the earliest deadline claims it; an
// outer cancellation passes through as Cancelled). `D` is any duration with as_nanos()
// (asr::time::Duration).
template <class D, class F>
  requires requires(const D& d) {
    { d.as_nanos() } -> std::convertible_to<rt::Nanos>;
  }
Task<std::optional<detail::ResultOf<F>>> timeout(D d, F f) {
  return detail::run_timeout(true, rt::Nanos(d.as_nanos()), std::move(f));
}
// The same with an absolute deadline (rt::now() scale, e.g. Instant::nanos()).
template <class F>
Task<std::optional<detail::ResultOf<F>>> timeout_at(rt::Nanos deadline, F f) {
  return detail::run_timeout(false, deadline, std::move(f));
}

// The `c` of `cancel_scope(|c| ...)`: cancels everything inside that cancel_scope (the
// body that calls it included, at its next checkpoint). Valid only inside the body (and in
// children spawned there), as the Rust borrow guarantees.
class CancelToken {
 public:
  explicit CancelToken(rt::CancelRegion* r) noexcept : r_(r) {}
  void cancel() const noexcept { rt::cancel(r_); }
  bool is_cancelled() const noexcept { return r_->cancelled_here(); }

 private:
  rt::CancelRegion* r_;
};

// `cancel_scope(|c| body)`: Some(value), or None if c.cancel() cancelled it (and the body
// did not produce a value anyway).
template <class F>
Task<std::optional<detail::ResultOf<F, CancelToken>>> cancel_scope(F f) {
  rt::RegionGuard g;
  CancelToken c(&g.region());
  try {
    co_return co_await detail::call_owned(f, c);
  } catch (const Cancelled&) {
    if (!g.region().cancelled_here()) throw;
  }
  co_return std::nullopt;
}

// `shield(f)`: runs f where cancellation from outside is not seen (clean-up paths). Once it
// returns, the next checkpoint observes any pending cancellation.
template <class F>
Task<detail::ResultOf<F>> shield(F f) {
  rt::RegionGuard g(/*shield=*/true);
  co_return co_await detail::call_owned(f);
}

// `check_cancelled()`: a checkpoint that never suspends: throws asr::Cancelled if the
// running task's region is cancelled.
inline void check_cancelled() {
  if (rt::checkpoint_entry()) rt::throw_cancelled();
}

}  // namespace asr::task
