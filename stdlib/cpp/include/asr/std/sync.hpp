// std::sync in C++: the adapters between the runtime's primitives (asr/sync.hpp: channels,
// Mutex, RwLock, Semaphore) and the Rust API declared in stdlib/std/sync/*.asr, plus Arc,
// Condvar, Barrier and the atomics, which need nothing from the runtime but a wait list.
//
// ASR's `&self` is a C++ `const&`, so each wrapper keeps its runtime object `mutable`
// (interior mutability, as in Rust). The runtime's results are handed to the ASR side as
// small "raw" values (RecvRaw, SendRaw, Maybe) that std::sync's ASR code turns into Rust's
// `Result`s and error enums; a suspending method returns an awaiter whose await_resume
// converts the runtime's result in place (Mapped: no extra coroutine frame).
//
// Several workers: Arc's counts and the atomics use std::atomic all the
// same, so they stay right when tasks run on several threads.
#pragma once
#include <atomic>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <type_traits>
#include <utility>

#include "asr/panic.hpp"
#include "asr/sync.hpp"
#include "asr/std/debug.hpp"
#include "asr/std/default.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/task.hpp"
#include "asr/std/time.hpp"
#include "asr/std/tuple.hpp"

namespace asr {

// ---------------------------------------------------------------- Arc

template <class T>
struct ArcBox {
  std::atomic<std::size_t> strong;
  alignas(T) unsigned char storage[sizeof(T)];
  T& value() noexcept { return *std::launder(reinterpret_cast<T*>(storage)); }
};

// std::sync::Arc: as Rc (asr/std/rc.hpp), with an atomic count. A copy is `Arc::clone`.
template <class T>
class Arc {
 public:
  Arc() = default;  // (only as the target of a later assignment)
  Arc(const Arc& o) noexcept : p_(o.p_) {
    if (p_) p_->strong.fetch_add(1, std::memory_order_relaxed);
  }
  Arc(Arc&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  Arc& operator=(const Arc& o) {
    if (this != &o) *this = Arc(o);
    return *this;
  }
  Arc& operator=(Arc&& o) noexcept {
    Arc old(std::move(*this));  // (the old value is released after the assignment, as in Rust)
    p_ = std::exchange(o.p_, nullptr);
    return *this;
  }
  ~Arc() { release(); }

  static Arc new_(T value) {
    Arc r;
    r.p_ = new ArcBox<T>{{1}, {}};
    new (r.p_->storage) T(std::move(value));
    return r;
  }
  Arc clone() const noexcept { return *this; }
  static std::size_t strong_count(const Arc& r) noexcept { return r.p_->strong.load(std::memory_order_acquire); }
  static bool ptr_eq(const Arc& a, const Arc& b) noexcept { return a.p_ == b.p_; }
  // `Arc::try_unwrap` once the count is known to be 1 (std::sync checks, in ASR).
  static T take_value(Arc r) {
    ArcBox<T>* p = std::exchange(r.p_, nullptr);
    T v = std::move(p->value());
    p->value().~T();
    delete p;
    return v;
  }

  const T& get() const noexcept { return p_->value(); }
  const T& operator*() const noexcept { return p_->value(); }
  const T* operator->() const noexcept { return &p_->value(); }

  // Async drop (asr/std/async_drop.hpp): gives up this reference; if it was the last one
  // (decided atomically: of two tasks dropping the last two clones, exactly one gets it),
  // returns the block, whose value the caller drops (awaited) before calling free_last.
  ArcBox<T>* release_keep_last() noexcept {
    ArcBox<T>* p = std::exchange(p_, nullptr);
    if (p && p->strong.fetch_sub(1, std::memory_order_acq_rel) == 1) return p;
    return nullptr;
  }
  static void free_last(ArcBox<T>* p) noexcept {
    p->value().~T();
    delete p;
  }

  friend bool operator==(const Arc& a, const Arc& b) { return *a == *b; }
  friend auto operator<=>(const Arc& a, const Arc& b) { return *a <=> *b; }

 private:
  void release() noexcept {
    ArcBox<T>* p = std::exchange(p_, nullptr);
    if (!p) return;
    if (p->strong.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      p->value().~T();
      delete p;
    }
  }
  ArcBox<T>* p_ = nullptr;
};

template <class T>
  requires requires { &Display<T>::fmt; }
struct Display<Arc<T>> {
  static void fmt(const Arc<T>& r, Formatter& f) { Display<T>::fmt(*r, f); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<Arc<T>> {
  static void fmt(const Arc<T>& r, Formatter& f) { Debug<T>::fmt(*r, f); }
};
template <class T>
struct DefaultOf<Arc<T>> {
  static Arc<T> make() { return Arc<T>::new_(default_of<T>()); }
};

}  // namespace asr

namespace asr::std_sync {

// Runs a runtime awaiter (built in place by `make`: the runtime's awaiters cannot move) and
// converts its result with `f`.
template <class A, class F>
class Mapped {
 public:
  template <class Make>
  Mapped(Make make, F f) : a_(make()), f_(std::move(f)) {}
  Mapped(const Mapped&) = delete;
  bool await_ready() { return a_.await_ready(); }
  auto await_suspend(std::coroutine_handle<> h) { return a_.await_suspend(h); }
  decltype(auto) await_resume() { return f_(a_.await_resume()); }

 private:
  A a_;
  F f_;
};
template <class Make, class F>
Mapped<std::invoke_result_t<Make&>, F> mapped(Make make, F f) {
  return Mapped<std::invoke_result_t<Make&>, F>(std::move(make), std::move(f));
}

// A value or none (`Option<T>` for the ASR side): std::task's.
using ::asr::task::Maybe;

// What a receive gave: the value, or the error's code (1: Empty / Timeout, 2: Disconnected).
template <class T>
struct RecvRaw {
  std::optional<T> v;
  uint8_t err = 0;
  bool is_ok() const noexcept { return v.has_value(); }
  uint8_t code() const noexcept { return err; }
  static T take(RecvRaw r) { return std::move(*r.v); }
};
// What a send gave: nothing, or the value back with the error's code (1: Full,
// 2: Disconnected).
template <class T>
struct SendRaw {
  std::optional<T> back;
  uint8_t err = 0;
  bool is_ok() const noexcept { return !back.has_value(); }
  uint8_t code() const noexcept { return err; }
  static T take(SendRaw r) { return std::move(*r.back); }
};

template <class T>
SendRaw<T> from_send(sync::SendResult<T> r) {
  if (r.is_ok()) return SendRaw<T>{};
  return SendRaw<T>{std::optional<T>(r.into_err_value()), 2};
}

// ---------------------------------------------------------------- mpsc

template <class T>
class Receiver;

template <class T>
class Sender {
 public:
  explicit Sender(sync::Sender<T> s) noexcept : s_(std::move(s)) {}
  Sender clone() const noexcept { return *this; }
  SendRaw<T> send_raw(T v) const { return from_send(s_.send(std::move(v))); }

 private:
  mutable sync::Sender<T> s_;
};

template <class T>
class SyncSender {
 public:
  explicit SyncSender(sync::SyncSender<T> s) noexcept : s_(std::move(s)) {}
  SyncSender clone() const noexcept { return *this; }
  // `co_await tx.send_raw(v)`: waits for room (or, bound 0, for a receiver to take it).
  auto send_raw(T v) const {
    return mapped([&] { return s_.send(std::move(v)); }, [](sync::SendResult<T> r) { return from_send(std::move(r)); });
  }
  SendRaw<T> try_send_raw(T v) const {
    sync::TrySendResult<T> r = s_.try_send(std::move(v));
    if (r.is_ok()) return SendRaw<T>{};
    uint8_t code = r.error() == sync::TrySendError::Full ? 1 : 2;
    return SendRaw<T>{std::optional<T>(r.into_err_value()), code};
  }

 private:
  mutable sync::SyncSender<T> s_;
};

// The receiving half. Rust moves it; generated code sometimes copies a temporary where Rust
// moves it (an iterator spilled before an await), so a copy shares the one runtime receiver
// and the channel sees the receiver dropped when the last copy goes.
template <class T>
class Receiver {
 public:
  explicit Receiver(sync::Receiver<T> r) : r_(std::make_shared<sync::Receiver<T>>(std::move(r))) {}

  // `channel()` / `sync_channel(n)`.
  static Tuple<Sender<T>, Receiver<T>> unbounded() {
    auto [tx, rx] = sync::channel<T>();
    return Tuple<Sender<T>, Receiver<T>>{Sender<T>(std::move(tx)), Receiver<T>(std::move(rx))};
  }
  static Tuple<SyncSender<T>, Receiver<T>> bounded(std::size_t n) {
    auto [tx, rx] = sync::sync_channel<T>(n);
    return Tuple<SyncSender<T>, Receiver<T>>{SyncSender<T>(std::move(tx)), Receiver<T>(std::move(rx))};
  }

  // `co_await rx.recv_raw()`: a checkpoint.
  auto recv_raw() const {
    sync::Receiver<T>* r = r_.get();
    return mapped([r] { return r->recv(); }, [](sync::RecvResult<T> res) {
      if (res.is_ok()) return RecvRaw<T>{std::optional<T>(res.into_value()), 0};
      return RecvRaw<T>{std::nullopt, 2};
    });
  }
  RecvRaw<T> try_recv_raw() const {
    sync::TryRecvResult<T> r = r_->try_recv();
    if (r.is_ok()) return RecvRaw<T>{std::optional<T>(r.into_value()), 0};
    return RecvRaw<T>{std::nullopt, uint8_t(r.error() == sync::TryRecvError::Empty ? 1 : 2)};
  }
  Task<RecvRaw<T>> recv_timeout_raw(time::Duration d) const {
    sync::RecvTimeoutResult<T> r = co_await r_->recv_timeout(d);
    RecvRaw<T> out;
    if (r.is_ok()) {
      out.v.emplace(r.into_value());
    } else {
      out.err = r.error() == sync::RecvTimeoutError::Timeout ? 1 : 2;
    }
    co_return out;
  }

 private:
  std::shared_ptr<sync::Receiver<T>> r_;
};

// ---------------------------------------------------------------- Mutex

template <class T>
class Mutex;

// A held lock: the runtime's guard (unlocks on destruction, poisoning the mutex if a panic
// unwinds past it) and its mutex (for `lock_poisoned` and Condvar::wait).
template <class T>
class MutexGuard {
 public:
  MutexGuard(MutexGuard&&) noexcept = default;
  MutexGuard& operator=(MutexGuard&&) noexcept = default;
  const T& get() const noexcept { return g_.get(); }
  T& get_mut() noexcept { return g_.get(); }
  bool lock_poisoned() const noexcept;

 private:
  friend class Mutex<T>;
  friend class Condvar;
  MutexGuard(const Mutex<T>* m, typename sync::Mutex<T>::Guard g) noexcept : m_(m), g_(std::move(g)) {}
  const Mutex<T>* m_;
  typename sync::Mutex<T>::Guard g_;
};

template <class T>
class Mutex {
 public:
  explicit Mutex(T v) : m_(std::move(v)) {}
  Mutex() : m_(default_of<T>()) {}  // (a derived `Default` of a struct holding one)
  Mutex(Mutex&&) = default;  // (only while nobody holds or waits for it: Rust's borrows)
  static Mutex new_(T v) { return Mutex(std::move(v)); }

  // `co_await m.lock_raw()`: a checkpoint; FIFO.
  auto lock_raw() const {
    return mapped([this] { return m_.lock(); },
                  [this](sync::LockResult<typename sync::Mutex<T>::Guard> r) { return MutexGuard<T>(this, r.into_inner()); });
  }
  Maybe<MutexGuard<T>> try_lock_raw() const {
    auto r = m_.try_lock();
    if (r.is_would_block()) return Maybe<MutexGuard<T>>{};
    return Maybe<MutexGuard<T>>{std::optional<MutexGuard<T>>(MutexGuard<T>(this, r.into_inner()))};
  }
  bool is_poisoned() const noexcept { return m_.is_poisoned(); }
  void clear_poison() const noexcept { m_.clear_poison(); }
  T& value_mut() noexcept { return m_.get_mut().get(); }
  static T take_value(Mutex m) { return std::move(m.m_).into_inner().into_inner(); }
  void debug_fmt(Formatter& f) const;

 private:
  mutable sync::Mutex<T> m_;
};

template <class T>
bool MutexGuard<T>::lock_poisoned() const noexcept {
  return m_->is_poisoned();
}

// ---------------------------------------------------------------- RwLock

template <class T>
class RwLock;

template <class T>
class RwLockReadGuard {
 public:
  RwLockReadGuard(RwLockReadGuard&&) noexcept = default;
  RwLockReadGuard& operator=(RwLockReadGuard&&) noexcept = default;
  const T& get() const noexcept { return g_.get(); }
  bool lock_poisoned() const noexcept;

 private:
  friend class RwLock<T>;
  RwLockReadGuard(const RwLock<T>* l, typename sync::RwLock<T>::ReadGuard g) noexcept : l_(l), g_(std::move(g)) {}
  const RwLock<T>* l_;
  typename sync::RwLock<T>::ReadGuard g_;
};

template <class T>
class RwLockWriteGuard {
 public:
  RwLockWriteGuard(RwLockWriteGuard&&) noexcept = default;
  RwLockWriteGuard& operator=(RwLockWriteGuard&&) noexcept = default;
  const T& get() const noexcept { return g_.get(); }
  T& get_mut() noexcept { return g_.get(); }
  bool lock_poisoned() const noexcept;

 private:
  friend class RwLock<T>;
  RwLockWriteGuard(const RwLock<T>* l, typename sync::RwLock<T>::WriteGuard g) noexcept : l_(l), g_(std::move(g)) {}
  const RwLock<T>* l_;
  typename sync::RwLock<T>::WriteGuard g_;
};

template <class T>
class RwLock {
  using RG = typename sync::RwLock<T>::ReadGuard;
  using WG = typename sync::RwLock<T>::WriteGuard;

 public:
  explicit RwLock(T v) : l_(std::move(v)) {}
  RwLock() : l_(default_of<T>()) {}
  RwLock(RwLock&&) = default;
  static RwLock new_(T v) { return RwLock(std::move(v)); }

  auto read_raw() const {
    return mapped([this] { return l_.read(); },
                  [this](sync::LockResult<RG> r) { return RwLockReadGuard<T>(this, r.into_inner()); });
  }
  auto write_raw() const {
    return mapped([this] { return l_.write(); },
                  [this](sync::LockResult<WG> r) { return RwLockWriteGuard<T>(this, r.into_inner()); });
  }
  Maybe<RwLockReadGuard<T>> try_read_raw() const {
    auto r = l_.try_read();
    if (r.is_would_block()) return Maybe<RwLockReadGuard<T>>{};
    return Maybe<RwLockReadGuard<T>>{std::optional<RwLockReadGuard<T>>(RwLockReadGuard<T>(this, r.into_inner()))};
  }
  Maybe<RwLockWriteGuard<T>> try_write_raw() const {
    auto r = l_.try_write();
    if (r.is_would_block()) return Maybe<RwLockWriteGuard<T>>{};
    return Maybe<RwLockWriteGuard<T>>{std::optional<RwLockWriteGuard<T>>(RwLockWriteGuard<T>(this, r.into_inner()))};
  }
  bool is_poisoned() const noexcept { return l_.is_poisoned(); }
  void clear_poison() const noexcept { l_.clear_poison(); }
  T& value_mut() noexcept { return l_.get_mut().get(); }
  static T take_value(RwLock l) { return std::move(l.l_).into_inner().into_inner(); }
  void debug_fmt(Formatter& f) const;

 private:
  mutable sync::RwLock<T> l_;
};

template <class T>
bool RwLockReadGuard<T>::lock_poisoned() const noexcept {
  return l_->is_poisoned();
}
template <class T>
bool RwLockWriteGuard<T>::lock_poisoned() const noexcept {
  return l_->is_poisoned();
}

// ---------------------------------------------------------------- Condvar

// Rust's Condvar: `wait` releases the guard's lock, parks the task (FIFO) until a notify, then
// takes the lock again. A notify with nobody waiting is lost, as in Rust. The guard is
// released with the condvar's own lock held, so a notify from a task that takes the mutex
// next (on another worker) cannot fall between the release and the wait.
class Condvar {
 public:
  Condvar() noexcept = default;
  Condvar(Condvar&&) noexcept {}  // (only while nobody waits: Rust's borrows)
  static Condvar new_() noexcept { return Condvar(); }

  template <class G>
  class WaitAwaiter : public sync::detail::WaitBase {
   public:
    WaitAwaiter(const Condvar* c, G& guard) noexcept : c_(c), guard_(guard) {}
    bool await_ready() noexcept {
      if (cancelled_at_entry()) return true;  // (the guard stays held: the caller drops it)
      c_->mu_.lock();
      {
        G released = std::move(guard_);  // unlocks (not panicking: no poison)
      }
      return false;  // (still locked: await_suspend queues it)
    }
    void await_suspend(std::coroutine_handle<> h) noexcept { park_on(c_->waiters_, h, this, &interrupt); }
    void await_resume() {
      if (resumed()) {  // notified, then cancelled before running: pass the wake-up on
        c_->notify_one();
        rt::throw_cancelled();
      }
    }

   private:
    static bool interrupt(void* self) noexcept { return static_cast<WaitAwaiter*>(self)->withdraw(); }
    const Condvar* c_;
    G& guard_;
  };

  template <class T>
  Task<MutexGuard<T>> wait_raw(MutexGuard<T> g) const {
    const Mutex<T>* m = g.m_;
    co_await WaitAwaiter<decltype(g.g_)>(this, g.g_);
    MutexGuard<T> again = co_await m->lock_raw();
    co_return again;
  }

  void notify_one() const noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    if (!waiters_.empty()) sync::detail::wake(waiters_.pop_front());
  }
  void notify_all() const noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    while (!waiters_.empty()) sync::detail::wake(waiters_.pop_front());
  }

 private:
  mutable rt::SpinLock mu_;
  mutable sync::detail::WaitList waiters_{mu_};
};

// ---------------------------------------------------------------- Barrier

// Rust's Barrier: the n-th task to call `wait` releases the others and is the leader.
class Barrier {
 public:
  explicit Barrier(std::size_t n) noexcept : n_(n) {}
  Barrier(Barrier&& o) noexcept : n_(o.n_) {}
  static Barrier new_(std::size_t n) noexcept { return Barrier(n); }

  // A wait: counted on arrival, even if cancelled (Rust has no cancellation, and a barrier
  // cannot take back an arrival); the leader (the n-th) wakes the others and never waits.
  class WaitAwaiter : public sync::detail::WaitBase {
   public:
    explicit WaitAwaiter(const Barrier* b) noexcept : b_(b) {}
    bool await_ready() noexcept {
      bool cancelled = cancelled_at_entry();  // (before the lock: it may cancel, which locks)
      b_->mu_.lock();
      if (++b_->count_ >= b_->n_) {
        b_->count_ = 0;
        while (!b_->waiters_.empty()) sync::detail::wake(b_->waiters_.pop_front());
        b_->mu_.unlock();
        leader_ = true;
        return true;
      }
      if (!cancelled) return false;  // (still locked: await_suspend queues it)
      b_->mu_.unlock();
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) noexcept { park_on(b_->waiters_, h, this, &interrupt); }
    bool await_resume() {
      if (leader_) return true;
      (void)resumed();  // throws if cancelled before the leader came; a release is not undone
      return false;
    }

   private:
    static bool interrupt(void* self) noexcept { return static_cast<WaitAwaiter*>(self)->withdraw(); }
    const Barrier* b_;
    bool leader_ = false;
  };

  // `co_await b.wait_raw()`: true for the leader.
  Task<bool> wait_raw() const { co_return co_await WaitAwaiter(this); }

 private:
  std::size_t n_;
  mutable rt::SpinLock mu_;  // the fields below
  mutable std::size_t count_ = 0;
  mutable sync::detail::WaitList waiters_{mu_};
};

// ---------------------------------------------------------------- Semaphore (ASR's own)

class SemaphorePermit {
 public:
  explicit SemaphorePermit(sync::SemaphorePermit p) noexcept : p_(std::move(p)) {}
  SemaphorePermit(SemaphorePermit&&) noexcept = default;
  SemaphorePermit& operator=(SemaphorePermit&&) noexcept = default;
  std::size_t num_permits() const noexcept { return p_.num_permits(); }
  static void forget(SemaphorePermit p) noexcept { p.p_.forget(); }

 private:
  sync::SemaphorePermit p_;
};

class Semaphore {
 public:
  explicit Semaphore(std::size_t n) noexcept : s_(n) {}
  Semaphore(Semaphore&& o) noexcept : s_(o.s_.available_permits()) {}
  static Semaphore new_(std::size_t n) noexcept { return Semaphore(n); }
  auto acquire() const {
    return mapped([this] { return s_.acquire(1); }, [](sync::SemaphorePermit p) { return SemaphorePermit(std::move(p)); });
  }
  auto acquire_many(uint32_t n) const {
    return mapped([this, n] { return s_.acquire(n); }, [](sync::SemaphorePermit p) { return SemaphorePermit(std::move(p)); });
  }
  Maybe<SemaphorePermit> try_acquire_raw() const {
    std::optional<sync::SemaphorePermit> p = s_.try_acquire(1);
    if (!p) return Maybe<SemaphorePermit>{};
    return Maybe<SemaphorePermit>{std::optional<SemaphorePermit>(SemaphorePermit(std::move(*p)))};
  }
  std::size_t available_permits() const noexcept { return s_.available_permits(); }
  void add_permits(std::size_t n) const noexcept { s_.add_permits(n); }

 private:
  mutable sync::Semaphore s_;
};

// ---------------------------------------------------------------- atomics

// `AtomicUsize` and friends: every operation is sequentially consistent (at least as strong
// as any Ordering asked for; the ASR side checks the orderings Rust rejects).
template <class T>
class Atomic {
 public:
  // (constexpr: `static COUNTER: AtomicUsize = AtomicUsize::new(0);` is a C++ constant whose
  // only member is mutable, as Rust's static atomic lives in writable memory)
  constexpr explicit Atomic(T v) noexcept : v_(v) {}
  constexpr Atomic() noexcept : v_(T{}) {}
  Atomic(Atomic&& o) noexcept : v_(o.v_.load()) {}
  static constexpr Atomic new_(T v) noexcept { return Atomic(v); }
  T load_raw() const noexcept { return v_.load(); }
  void store_raw(T v) const noexcept { v_.store(v); }
  T swap_raw(T v) const noexcept { return v_.exchange(v); }
  T fetch_add_raw(T v) const noexcept {
    // (wrapping, as Rust's fetch_add; unsigned arithmetic avoids signed overflow UB)
    using U = std::make_unsigned_t<T>;
    T old = v_.load();
    while (!v_.compare_exchange_weak(old, static_cast<T>(static_cast<U>(old) + static_cast<U>(v)))) {
    }
    return old;
  }
  T fetch_sub_raw(T v) const noexcept {
    using U = std::make_unsigned_t<T>;
    T old = v_.load();
    while (!v_.compare_exchange_weak(old, static_cast<T>(static_cast<U>(old) - static_cast<U>(v)))) {
    }
    return old;
  }
  T fetch_and_raw(T v) const noexcept { return update([v](T o) { return static_cast<T>(o & v); }); }
  T fetch_or_raw(T v) const noexcept { return update([v](T o) { return static_cast<T>(o | v); }); }
  T fetch_xor_raw(T v) const noexcept { return update([v](T o) { return static_cast<T>(o ^ v); }); }
  T fetch_nand_raw(T v) const noexcept { return update([v](T o) { return static_cast<T>(~(o & v)); }); }
  T fetch_max_raw(T v) const noexcept { return update([v](T o) { return o < v ? v : o; }); }
  T fetch_min_raw(T v) const noexcept { return update([v](T o) { return v < o ? v : o; }); }
  // The previous value; `current` if it was `current` (then `new_value` is stored).
  T compare_exchange_raw(T current, T new_value) const noexcept {
    T seen = current;
    v_.compare_exchange_strong(seen, new_value);
    return seen;
  }
  T& value_mut() noexcept { return *reinterpret_cast<T*>(&v_); }
  static T take_value(Atomic a) noexcept { return a.v_.load(); }

 private:
  template <class F>
  T update(F f) const noexcept {
    T old = v_.load();
    while (!v_.compare_exchange_weak(old, f(old))) {
    }
    return old;
  }
  mutable std::atomic<T> v_;
  static_assert(sizeof(std::atomic<T>) == sizeof(T));
};

// AtomicBool: its own operations (and, or, xor, nand on bools).
class AtomicBool {
 public:
  constexpr explicit AtomicBool(bool v) noexcept : v_(v) {}
  constexpr AtomicBool() noexcept : v_(false) {}
  AtomicBool(AtomicBool&& o) noexcept : v_(o.v_.load()) {}
  static constexpr AtomicBool new_(bool v) noexcept { return AtomicBool(v); }
  bool load_raw() const noexcept { return v_.load(); }
  void store_raw(bool v) const noexcept { v_.store(v); }
  bool swap_raw(bool v) const noexcept { return v_.exchange(v); }
  bool fetch_and_raw(bool v) const noexcept { return update([v](bool o) { return o && v; }); }
  bool fetch_or_raw(bool v) const noexcept { return update([v](bool o) { return o || v; }); }
  bool fetch_xor_raw(bool v) const noexcept { return update([v](bool o) { return o != v; }); }
  bool fetch_nand_raw(bool v) const noexcept { return update([v](bool o) { return !(o && v); }); }
  bool compare_exchange_raw(bool current, bool new_value) const noexcept {
    bool seen = current;
    v_.compare_exchange_strong(seen, new_value);
    return seen;
  }
  bool& value_mut() noexcept { return *reinterpret_cast<bool*>(&v_); }
  static bool take_value(AtomicBool a) noexcept { return a.v_.load(); }

 private:
  template <class F>
  bool update(F f) const noexcept {
    bool old = v_.load();
    while (!v_.compare_exchange_weak(old, f(old))) {
    }
    return old;
  }
  mutable std::atomic<bool> v_;
};

using AtomicUsize = Atomic<std::size_t>;
using AtomicIsize = Atomic<std::ptrdiff_t>;
using AtomicU32 = Atomic<uint32_t>;
using AtomicI32 = Atomic<int32_t>;
using AtomicU64 = Atomic<uint64_t>;
using AtomicI64 = Atomic<int64_t>;

}  // namespace asr::std_sync

namespace asr {
// `{:?}` of an atomic prints its value, as Rust's.
template <class T>
struct Debug<std_sync::Atomic<T>> {
  static void fmt(const std_sync::Atomic<T>& a, Formatter& f) { Debug<T>::fmt(a.load_raw(), f); }
};
template <>
struct Debug<std_sync::AtomicBool> {
  static void fmt(const std_sync::AtomicBool& a, Formatter& f) { Debug<bool>::fmt(a.load_raw(), f); }
};
template <class T>
struct DefaultOf<std_sync::Atomic<T>> {
  static std_sync::Atomic<T> make() { return std_sync::Atomic<T>(); }
};
// `{}` / `{:?}` of a guard print the value, as Rust's.
template <class T>
  requires requires { &Display<T>::fmt; }
struct Display<std_sync::MutexGuard<T>> {
  static void fmt(const std_sync::MutexGuard<T>& g, Formatter& f) { Display<T>::fmt(g.get(), f); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<std_sync::MutexGuard<T>> {
  static void fmt(const std_sync::MutexGuard<T>& g, Formatter& f) { Debug<T>::fmt(g.get(), f); }
};
template <class T>
  requires requires { &Display<T>::fmt; }
struct Display<std_sync::RwLockReadGuard<T>> {
  static void fmt(const std_sync::RwLockReadGuard<T>& g, Formatter& f) { Display<T>::fmt(g.get(), f); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<std_sync::RwLockReadGuard<T>> {
  static void fmt(const std_sync::RwLockReadGuard<T>& g, Formatter& f) { Debug<T>::fmt(g.get(), f); }
};
template <class T>
  requires requires { &Display<T>::fmt; }
struct Display<std_sync::RwLockWriteGuard<T>> {
  static void fmt(const std_sync::RwLockWriteGuard<T>& g, Formatter& f) { Display<T>::fmt(g.get(), f); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<std_sync::RwLockWriteGuard<T>> {
  static void fmt(const std_sync::RwLockWriteGuard<T>& g, Formatter& f) { Debug<T>::fmt(g.get(), f); }
};
// `{:?}` of a Mutex / RwLock, as Rust's: `Mutex { data: 5, poisoned: false, .. }`, with
// `data: <locked>` while it is held (exclusively, for an RwLock).
namespace std_sync {
struct LockedMarker {
  bool quoted;  // (Rust's Mutex prints the text as a string, its RwLock does not)
};
}  // namespace std_sync
template <>
struct Debug<std_sync::LockedMarker> {
  static void fmt(const std_sync::LockedMarker& m, Formatter& f) { f.write_str(m.quoted ? Str("\"<locked>\"") : Str("<locked>")); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<std_sync::Mutex<T>> {
  static void fmt(const std_sync::Mutex<T>& m, Formatter& f) { m.debug_fmt(f); }
};
template <class T>
  requires requires { &Debug<T>::fmt; }
struct Debug<std_sync::RwLock<T>> {
  static void fmt(const std_sync::RwLock<T>& l, Formatter& f) { l.debug_fmt(f); }
};
template <class T>
struct DefaultOf<std_sync::Mutex<T>> {
  static std_sync::Mutex<T> make() { return std_sync::Mutex<T>::new_(default_of<T>()); }
};
template <class T>
struct DefaultOf<std_sync::RwLock<T>> {
  static std_sync::RwLock<T> make() { return std_sync::RwLock<T>::new_(default_of<T>()); }
};
template <>
struct DefaultOf<std_sync::Condvar> {
  static std_sync::Condvar make() { return std_sync::Condvar::new_(); }
};
template <>
struct DefaultOf<std_sync::AtomicBool> {
  static std_sync::AtomicBool make() { return std_sync::AtomicBool(); }
};
}  // namespace asr

namespace asr::std_sync {
template <class T>
void Mutex<T>::debug_fmt(Formatter& f) const {
  DebugStruct d(f, Str("Mutex"));
  auto r = m_.try_lock();
  if (r.is_would_block()) {
    d.field(Str("data"), LockedMarker{true});
  } else {
    d.field(Str("data"), r.get().get());
  }
  d.field(Str("poisoned"), m_.is_poisoned());
  d.finish_non_exhaustive();
}
template <class T>
void RwLock<T>::debug_fmt(Formatter& f) const {
  DebugStruct d(f, Str("RwLock"));
  auto r = l_.try_read();
  if (r.is_would_block()) {
    d.field(Str("data"), LockedMarker{false});
  } else {
    d.field(Str("data"), r.get().get());
  }
  d.field(Str("poisoned"), l_.is_poisoned());
  d.finish_non_exhaustive();
}
}  // namespace asr::std_sync
