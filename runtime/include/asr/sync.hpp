// std::sync, the runtime half: channels (Rust's std::sync::mpsc), Mutex, RwLock, Semaphore,
// Notify. Waits suspend the *task* (awaiters), never the thread. ASR code reaches them through
// std::sync (stdlib/std/sync/, adapters in stdlib/cpp/include/asr/std/sync.hpp), which keeps
// Rust's API on top of what follows.
//
// What generated code calls (`co_await` marks a checkpoint; the others never suspend):
//
//   auto [tx, rx] = sync::channel<T>();          // unbounded; Sender<T> copyable (= clone)
//   auto [tx, rx] = sync::sync_channel<T>(n);    // bounded; n == 0: rendezvous
//   SendResult<T>    tx.send(v)                   // Sender (unbounded): never waits
//   SendResult<T>    co_await tx.send(v)          // SyncSender: waits for room / a receiver
//   TrySendResult<T> tx.try_send(v)               // SyncSender
//   RecvResult<T>    co_await rx.recv()
//   TryRecvResult<T> rx.try_recv()
//   RecvTimeoutResult<T> co_await rx.recv_timeout(d)   // a Task (built on task::timeout)
//   LockResult<MutexGuard<T>> co_await m.lock();   TryLockResult<MutexGuard<T>> m.try_lock()
//   LockResult<RwLockReadGuard<T>> co_await l.read();   ... l.write(), try_read, try_write
//   SemaphorePermit co_await s.acquire(n = 1);   std::optional<SemaphorePermit> s.try_acquire()
//   co_await n.notified();   n.notify_one();   n.notify_all();
//
// Result types (each maps to one Rust Result/enum; accessors as JoinResult's):
//   SendResult<T>        Result<(), SendError<T>>           is_ok() is_err() into_err_value()
//   TrySendResult<T>     Result<(), TrySendError<T>>        + error(): Full | Disconnected
//   RecvResult<T>        Result<T, RecvError>               is_ok() value() into_value()
//   TryRecvResult<T>     Result<T, TryRecvError>            + error(): Empty | Disconnected
//   RecvTimeoutResult<T> Result<T, RecvTimeoutError>        + error(): Timeout | Disconnected
//   LockResult<G>        Result<G, PoisonError<G>>          is_ok() is_err() (poisoned)
//                        get() into_inner() (the guard either way: PoisonError::into_inner)
//   TryLockResult<G>     Result<G, TryLockError<G>>         + is_would_block() is_poisoned()
//
// Rules (DESIGN.md §2):
// * FIFO. Every primitive keeps one intrusive FIFO list of parked waiters (the node lives in
//   the awaiter, i.e. in the waiting coroutine's frame). Releases hand the resource directly
//   to the first waiter (the lock stays held, the permits are counted as taken, the message
//   is moved into the waiter's slot) before waking it, so a newcomer never barges ahead.
//   A fast path is taken only when nobody is queued. RwLock is fair: a queued writer blocks
//   later readers; a Semaphore waiter wanting more permits than are free blocks later ones.
// * Checkpoints. Every awaited operation throws asr::Cancelled at entry if the task's region
//   is cancelled (before any effect), and registers an rt::Checkpoint while parked, so a
//   cancellation wakes it: the interrupt removes the node from the list (the wait had no
//   effect) and the operation throws Cancelled on resumption.
// * Cancellation safety. A cancelled recv never consumes a message; a cancelled bounded
//   send never delivers any part of the value (it stays in the awaiter and is dropped with
//   it, exactly once); a cancelled lock/acquire holds nothing. If a waiter was already handed
//   the lock/permits/message/notify_one notification and its region is cancelled before it
//   runs, it undoes the hand-off on resumption (unlocks, returns the permits, puts the message
//   back at the head of the queue or into the next receiver, passes the notification on) and
//   throws Cancelled: nothing is lost, so `race(|| a.recv(), || b.recv())` loses no message.
//   A send whose value was taken (moved into the queue or a receiver) has happened: it
//   returns Ok even if the region was cancelled meanwhile (the next checkpoint observes it).
// * Wake-ups go through rt::schedule(h, arena), with the arena the waiter read in its
//   await_suspend (runtime/README "Whose arena").
// * Channels (Rust semantics). Messages sent before the last sender dropped are still
//   received; recv then returns Err(RecvError). Dropping the Receiver drops the queued
//   messages and wakes blocked senders, whose send returns Err(SendError(value)). A rendezvous
//   (`sync_channel(0)`) send hands the value to a parked receiver and returns, or parks until
//   the receiver takes it; try_send succeeds only if a receiver is parked. One corner: a
//   receiver handed a rendezvous value and cancelled before it ran puts the value back into
//   the (otherwise empty) queue, where the next recv finds it: the sender has already returned.
// * Mutex poisoning as Rust: a guard destroyed while a panic unwinds (std::uncaught_exceptions()
//   grew since the guard was made) poisons the mutex; lock() then returns Err holding the guard
//   anyway. Cancellation is not a panic: a guard dropped while a cancelled task unwinds (the
//   running task's region is cancelled) does not poison. Known limit: a real panic unwinding
//   through a region that is already cancelled does not poison either. RwLock: only a write
//   guard poisons (as Rust).
// * Notify is Tokio's: notify_one wakes the oldest waiter, or, if none is waiting, stores one
//   permit (at most one; several notify_one calls with no waiter store one) that the next
//   notified() consumes without suspending. notify_all wakes every current waiter and stores
//   nothing. A notified() woken by notify_all and cancelled before it runs passes nothing on.
//
// Several workers: each primitive's state and waiter list are under its own SpinLock. An
// awaiter's await_ready takes it and, when it has to wait, keeps it into await_suspend,
// which queues the node and lets go (so a release on another worker cannot slip between the
// failed attempt and the wait); the task is parked at its checkpoint after that, outside the
// lock (lock order: the cancellation tree, a task, a primitive). A hand-off marks the node
// `woken` under the lock, and an interrupt withdraws the node under the same lock only if it
// is not woken: exactly one of them wins. Values a primitive drops (a dropped Receiver's
// queue) are destroyed after the lock is released.
#pragma once
#include <concepts>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "asr/cancel.hpp"
#include "asr/clock.hpp"
#include "asr/panic.hpp"
#include "asr/scheduler.hpp"
#include "asr/spin_lock.hpp"
#include "asr/task.hpp"
#include "asr/task_tree.hpp"

namespace asr::sync {

namespace detail {

class WaitList;

// A parked waiter: lives in its awaiter, linked into one primitive's list while it waits.
struct WaitNode {
  WaitNode* prev = nullptr;
  WaitNode* next = nullptr;
  WaitList* list = nullptr;  // the list it is queued on, if any
  rt::SpinLock* lock = nullptr;  // its primitive's lock (set when it parks)
  std::coroutine_handle<> h;
  rt::FrameArena* arena = nullptr;  // the waiter's task, for rt::schedule(h, arena)
  void* owner = nullptr;            // the awaiter (for its value slot)
  uint32_t want = 0;                // per primitive: RwLock kind, permits, notify kind
  bool woken = false;               // handed off / woken by the primitive: not interruptible
};

// Intrusive FIFO list of waiters, guarded by its primitive's lock.
class WaitList {
 public:
  explicit WaitList(rt::SpinLock& lock) noexcept : lock_(&lock) {}
  rt::SpinLock& lock() const noexcept { return *lock_; }
  WaitList(const WaitList&) = delete;
  WaitList& operator=(const WaitList&) = delete;
  bool empty() const noexcept { return head_ == nullptr; }
  WaitNode* front() const noexcept { return head_; }
  void push_back(WaitNode* n) noexcept {
    n->prev = tail_;
    n->next = nullptr;
    if (tail_ != nullptr) tail_->next = n;
    else head_ = n;
    tail_ = n;
    n->list = this;
  }
  void remove(WaitNode* n) noexcept {
    if (n->prev != nullptr) n->prev->next = n->next;
    else head_ = n->next;
    if (n->next != nullptr) n->next->prev = n->prev;
    else tail_ = n->prev;
    n->prev = n->next = nullptr;
    n->list = nullptr;
  }
  WaitNode* pop_front() noexcept {
    WaitNode* n = head_;
    remove(n);
    return n;
  }

 private:
  rt::SpinLock* lock_;
  WaitNode* head_ = nullptr;
  WaitNode* tail_ = nullptr;
};

// Marks `n` woken (it can no longer be interrupted) and queues its task. Under the lock.
inline void wake(WaitNode* n) noexcept {
  n->woken = true;
  rt::schedule(n->h, n->arena);
}

// The parking half of every awaiter: entry check, node, checkpoint.
class WaitBase {
 public:
  WaitBase() noexcept = default;
  WaitBase(const WaitBase&) = delete;
  WaitBase& operator=(const WaitBase&) = delete;
  ~WaitBase() {
    if (node_.lock == nullptr) return;
    std::lock_guard<rt::SpinLock> l(*node_.lock);
    if (node_.list != nullptr) node_.list->remove(&node_);  // a frame destroyed while parked
  }

 protected:
  // At await_ready: true if the region is cancelled (await_resume then throws, no effect).
  bool cancelled_at_entry() noexcept {
    entry_cancelled_ = rt::checkpoint_entry();
    return entry_cancelled_;
  }
  // At await_suspend, with the list's lock held (taken by await_ready): queues the node on
  // `list`, lets go of the lock and parks the task at a checkpoint.
  void park_on(WaitList& list, std::coroutine_handle<> h, void* owner,
               bool (*interrupt)(void*) noexcept) noexcept {
    node_.h = h;
    node_.arena = rt::current_arena();
    node_.owner = owner;
    node_.lock = &list.lock();
    list.push_back(&node_);
    suspended_ = true;
    cp_ = rt::Checkpoint{h, node_.arena, interrupt, owner};
    list.lock().unlock();
    rt::park(cp_);
  }
  // At await_resume. Throws Cancelled if cancelled at entry or interrupted while parked
  // (nothing happened). Returns true if the task had been woken by a hand-off / release and
  // its region is now cancelled: the caller undoes the hand-off and throws Cancelled.
  bool resumed() {
    if (entry_cancelled_) rt::throw_cancelled();
    if (!suspended_) return false;
    node_.lock = nullptr;  // off the list (woken or withdrawn): the primitive may go first
    rt::unpark();
    if (cp_.interrupted) rt::throw_cancelled();
    return rt::cancel_requested();
  }
  // For interrupt functions: false if already woken; else removes the node (undoes the wait)
  // and, still under the lock, calls `then()` (a release the waiter was blocking).
  template <class F>
  bool withdraw(F then) noexcept {
    std::lock_guard<rt::SpinLock> l(*node_.lock);
    if (node_.woken) return false;
    node_.list->remove(&node_);
    then();
    return true;
  }
  bool withdraw() noexcept {
    return withdraw([] {});
  }

  WaitNode node_;
  rt::Checkpoint cp_{};
  bool suspended_ = false;
  bool entry_cancelled_ = false;
};

}  // namespace detail

// ---------------------------------------------------------------- result types

struct RecvError {};
enum class TryRecvError : uint8_t { Empty, Disconnected };
enum class TrySendError : uint8_t { Full, Disconnected };
enum class RecvTimeoutError : uint8_t { Timeout, Disconnected };

// Result<(), SendError<T>>: on Err the unsent value is given back.
template <class T>
class SendResult {
 public:
  static SendResult ok() { return SendResult(); }
  static SendResult err(T v) { return SendResult(std::move(v)); }
  bool is_ok() const noexcept { return !v_.has_value(); }
  bool is_err() const noexcept { return v_.has_value(); }
  T& err_value() { return *v_; }
  T into_err_value() { return std::move(*v_); }  // SendError(v).0

 private:
  SendResult() = default;
  explicit SendResult(T v) : v_(std::move(v)) {}
  std::optional<T> v_;  // engaged: Err
};

// Result<(), TrySendError<T>>: Full(v) or Disconnected(v), the value given back.
template <class T>
class TrySendResult {
 public:
  static TrySendResult ok() { return TrySendResult(); }
  static TrySendResult err(TrySendError e, T v) { return TrySendResult(e, std::move(v)); }
  bool is_ok() const noexcept { return !v_.has_value(); }
  bool is_err() const noexcept { return v_.has_value(); }
  TrySendError error() const noexcept { return e_; }
  T& err_value() { return *v_; }
  T into_err_value() { return std::move(*v_); }

 private:
  TrySendResult() = default;
  TrySendResult(TrySendError e, T v) : v_(std::move(v)), e_(e) {}
  std::optional<T> v_;
  TrySendError e_ = TrySendError::Full;
};

// Result<T, E> with a plain error E (RecvError, TryRecvError, RecvTimeoutError).
template <class T, class E>
class ValueResult {
 public:
  static ValueResult ok(T v) { return ValueResult(std::move(v), E{}); }
  static ValueResult err(E e) { return ValueResult(std::nullopt, e); }
  bool is_ok() const noexcept { return v_.has_value(); }
  bool is_err() const noexcept { return !v_.has_value(); }
  E error() const noexcept { return e_; }
  T& value() { return *v_; }
  T into_value() { return std::move(*v_); }

 private:
  ValueResult(std::optional<T> v, E e) : v_(std::move(v)), e_(e) {}
  std::optional<T> v_;
  E e_;
};
template <class T>
using RecvResult = ValueResult<T, RecvError>;
template <class T>
using TryRecvResult = ValueResult<T, TryRecvError>;
template <class T>
using RecvTimeoutResult = ValueResult<T, RecvTimeoutError>;

// LockResult<G>: Ok(guard), or Err(PoisonError(guard)): the guard is there either way.
// G may be a reference (get_mut).
template <class G>
class LockResult {
 public:
  LockResult(G g, bool poisoned) : g_(std::forward<G>(g)), poisoned_(poisoned) {}
  bool is_ok() const noexcept { return !poisoned_; }
  bool is_err() const noexcept { return poisoned_; }
  std::remove_reference_t<G>& get() noexcept { return g_; }
  G into_inner() { return static_cast<G&&>(g_); }

 private:
  G g_;
  bool poisoned_;
};

// TryLockResult<G>: Ok(guard), Err(Poisoned(PoisonError(guard))), or Err(WouldBlock).
template <class G>
class TryLockResult {
 public:
  static TryLockResult would_block() { return TryLockResult(std::nullopt, false); }
  TryLockResult(std::optional<G> g, bool poisoned) : g_(std::move(g)), poisoned_(poisoned) {}
  bool is_ok() const noexcept { return g_.has_value() && !poisoned_; }
  bool is_err() const noexcept { return !is_ok(); }
  bool is_would_block() const noexcept { return !g_.has_value(); }
  bool is_poisoned() const noexcept { return g_.has_value() && poisoned_; }
  G& get() { return *g_; }
  G into_inner() { return std::move(*g_); }

 private:
  std::optional<G> g_;
  bool poisoned_;
};

// ---------------------------------------------------------------- channels

template <class T>
class Sender;
template <class T>
class SyncSender;
template <class T>
class Receiver;

namespace detail {

enum class SendStatus : uint8_t { Waiting, Sent, Disconnected };

// The state shared by a channel's handles; freed when the last handle goes.
// Everything below `mu` is under it.
template <class T>
struct Chan {
  explicit Chan(std::size_t c, bool b) noexcept : cap(c), bounded(b) {}
  rt::SpinLock mu;
  std::deque<T> queue;
  std::size_t cap;
  bool bounded;
  std::size_t senders = 1;  // Sender/SyncSender handles
  bool receiver = true;     // the Receiver is alive
  WaitList recv_waiters{mu};  // parked receivers (at most one: Receiver is not shared)
  WaitList send_waiters{mu};  // bounded: blocked senders, the value in their awaiter

  void add_sender() noexcept {
    std::lock_guard<rt::SpinLock> l(mu);
    ++senders;
  }
  void drop_sender() noexcept {
    bool last;
    {
      std::lock_guard<rt::SpinLock> l(mu);
      if (--senders != 0) return;
      // Disconnected: parked receivers wake with an empty slot (Err(RecvError)).
      while (!recv_waiters.empty()) wake(recv_waiters.pop_front());
      last = !receiver;
    }
    if (last) delete this;
  }
  void drop_receiver() noexcept;
  bool hand_to_receiver(T& v);  // (these two and the next: under mu)
};

// A parked receiver's awaiter (declared here: senders move values into its slot).
template <class T>
class RecvSlot : public WaitBase {
 public:
  std::optional<T> slot;
};

template <class T>
bool Chan<T>::hand_to_receiver(T& v) {
  if (recv_waiters.empty()) return false;
  WaitNode* n = recv_waiters.pop_front();
  static_cast<RecvSlot<T>*>(n->owner)->slot.emplace(std::move(v));
  wake(n);
  return true;
}

// A blocked (bounded) sender's awaiter.
template <class T>
class SendSlot : public WaitBase {
 public:
  explicit SendSlot(Chan<T>* c, T v) : chan(c), value(std::move(v)) {}
  Chan<T>* chan;
  std::optional<T> value;  // moved out when the receiver takes it
  SendStatus status = SendStatus::Waiting;
};

template <class T>
void Chan<T>::drop_receiver() noexcept {
  std::deque<T> dropped;  // Rust drops buffered messages when the receiver goes
  bool last;
  {
    std::lock_guard<rt::SpinLock> l(mu);
    receiver = false;
    dropped.swap(queue);
    while (!send_waiters.empty()) {
      WaitNode* n = send_waiters.pop_front();
      static_cast<SendSlot<T>*>(n->owner)->status = SendStatus::Disconnected;
      wake(n);
    }
    last = senders == 0;
  }
  dropped.clear();
  if (last) delete this;
}

// Sends without waiting if the channel allows it now. Err carries the value back. Under mu.
template <class T>
TrySendResult<T> try_send_locked(Chan<T>* c, T v) {
  if (!c->receiver) return TrySendResult<T>::err(TrySendError::Disconnected, std::move(v));
  if (c->hand_to_receiver(v)) return TrySendResult<T>::ok();
  if (!c->bounded || c->queue.size() < c->cap) {
    c->queue.push_back(std::move(v));
    return TrySendResult<T>::ok();
  }
  return TrySendResult<T>::err(TrySendError::Full, std::move(v));
}

// Takes the next message if there is one: the queue's head (refilled from the first blocked
// sender), or on a rendezvous the first blocked sender's value. Under mu.
template <class T>
std::optional<T> try_take_locked(Chan<T>* c) {
  std::optional<T> v;
  if (!c->queue.empty()) {
    v.emplace(std::move(c->queue.front()));
    c->queue.pop_front();
    if (!c->send_waiters.empty() && c->queue.size() < c->cap) {
      WaitNode* n = c->send_waiters.pop_front();
      auto* s = static_cast<SendSlot<T>*>(n->owner);
      c->queue.push_back(std::move(*s->value));
      s->value.reset();
      s->status = SendStatus::Sent;
      wake(n);
    }
  } else if (!c->send_waiters.empty()) {  // rendezvous
    WaitNode* n = c->send_waiters.pop_front();
    auto* s = static_cast<SendSlot<T>*>(n->owner);
    v.emplace(std::move(*s->value));
    s->value.reset();
    s->status = SendStatus::Sent;
    wake(n);
  }
  return v;
}

}  // namespace detail

// Sending half of channel() (unbounded). Copying clones it (one more sender).
template <class T>
class Sender {
 public:
  Sender(const Sender& o) noexcept : c_(o.c_) {
    if (c_ != nullptr) c_->add_sender();
  }
  Sender(Sender&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  Sender& operator=(Sender o) noexcept {
    std::swap(c_, o.c_);
    return *this;
  }
  ~Sender() {
    if (c_ != nullptr) c_->drop_sender();
  }
  Sender clone() const noexcept { return *this; }

  // Never waits (not a checkpoint). Err(SendError(v)) if the receiver is gone.
  SendResult<T> send(T v) {
    std::unique_lock<rt::SpinLock> l(c_->mu);
    if (!c_->receiver) {
      l.unlock();
      return SendResult<T>::err(std::move(v));
    }
    if (!c_->hand_to_receiver(v)) c_->queue.push_back(std::move(v));
    return SendResult<T>::ok();
  }

 private:
  template <class U>
  friend std::pair<Sender<U>, Receiver<U>> channel();
  explicit Sender(detail::Chan<T>* c) noexcept : c_(c) {}
  detail::Chan<T>* c_;
};

// Sending half of sync_channel(n). Copying clones it.
template <class T>
class SyncSender {
 public:
  SyncSender(const SyncSender& o) noexcept : c_(o.c_) {
    if (c_ != nullptr) c_->add_sender();
  }
  SyncSender(SyncSender&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  SyncSender& operator=(SyncSender o) noexcept {
    std::swap(c_, o.c_);
    return *this;
  }
  ~SyncSender() {
    if (c_ != nullptr) c_->drop_sender();
  }
  SyncSender clone() const noexcept { return *this; }

  // `co_await tx.send(v)`: a checkpoint. Waits for room (rendezvous: for the receiver to
  // take v). Err(SendError(v)) if the receiver is gone (before or while waiting). Cancelled
  // while waiting: v was not delivered and is dropped with the awaiter.
  class SendAwaiter : public detail::SendSlot<T> {
   public:
    SendAwaiter(detail::Chan<T>* c, T v) : detail::SendSlot<T>(c, std::move(v)) {}
    bool await_ready() {
      if (this->cancelled_at_entry()) return true;
      this->chan->mu.lock();
      auto r = detail::try_send_locked(this->chan, std::move(*this->value));
      if (r.is_ok()) {
        this->chan->mu.unlock();
        this->value.reset();
        this->status = detail::SendStatus::Sent;
        return true;
      }
      this->value.emplace(r.into_err_value());
      if (r.error() == TrySendError::Disconnected) {
        this->chan->mu.unlock();
        this->status = detail::SendStatus::Disconnected;
        return true;
      }
      return false;  // full: await_suspend queues it, still under the lock
    }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      this->park_on(this->chan->send_waiters, h, this, &interrupt);
    }
    SendResult<T> await_resume() {
      (void)this->resumed();  // a value taken was sent: never undone
      if (this->status == detail::SendStatus::Sent) return SendResult<T>::ok();
      return SendResult<T>::err(std::move(*this->value));
    }

   private:
    static bool interrupt(void* self) noexcept {
      return static_cast<SendAwaiter*>(self)->withdraw();
    }
  };
  SendAwaiter send(T v) { return SendAwaiter(c_, std::move(v)); }

  // Never waits: Full(v) if there is no room (rendezvous: no receiver parked),
  // Disconnected(v) if the receiver is gone.
  TrySendResult<T> try_send(T v) {
    std::lock_guard<rt::SpinLock> l(c_->mu);
    return detail::try_send_locked(c_, std::move(v));
  }

 private:
  template <class U>
  friend std::pair<SyncSender<U>, Receiver<U>> sync_channel(std::size_t bound);
  explicit SyncSender(detail::Chan<T>* c) noexcept : c_(c) {}
  detail::Chan<T>* c_;
};

// Receiving half. Move-only (there is one receiver).
template <class T>
class Receiver {
 public:
  Receiver(Receiver&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  Receiver& operator=(Receiver&& o) noexcept {
    if (this != &o) {
      if (c_ != nullptr) c_->drop_receiver();
      c_ = std::exchange(o.c_, nullptr);
    }
    return *this;
  }
  Receiver(const Receiver&) = delete;
  ~Receiver() {
    if (c_ != nullptr) c_->drop_receiver();
  }

  // `co_await rx.recv()`: a checkpoint. The next message, or Err(RecvError) once every
  // sender is gone and nothing is left. Cancelled: no message consumed.
  class RecvAwaiter : public detail::RecvSlot<T> {
   public:
    explicit RecvAwaiter(detail::Chan<T>* c) noexcept : c_(c) {}
    bool await_ready() {
      if (this->cancelled_at_entry()) return true;
      c_->mu.lock();
      this->slot = detail::try_take_locked(c_);
      if (!this->slot.has_value() && c_->senders != 0) return false;  // (still locked)
      c_->mu.unlock();
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      this->park_on(c_->recv_waiters, h, this, &interrupt);
    }
    RecvResult<T> await_resume() {
      if (this->resumed()) {  // handed a message, cancelled before running: give it back
        if (this->slot.has_value()) {
          std::lock_guard<rt::SpinLock> l(c_->mu);
          if (!c_->hand_to_receiver(*this->slot)) c_->queue.push_front(std::move(*this->slot));
        }
        rt::throw_cancelled();
      }
      if (this->slot.has_value()) return RecvResult<T>::ok(std::move(*this->slot));
      return RecvResult<T>::err(RecvError{});
    }

   private:
    static bool interrupt(void* self) noexcept {
      return static_cast<RecvAwaiter*>(self)->withdraw();
    }
    detail::Chan<T>* c_;
  };
  RecvAwaiter recv() noexcept { return RecvAwaiter(c_); }

  // Never waits: Empty, or Disconnected once every sender is gone and nothing is left.
  TryRecvResult<T> try_recv() {
    std::unique_lock<rt::SpinLock> l(c_->mu);
    std::optional<T> v = detail::try_take_locked(c_);
    bool disconnected = c_->senders == 0;
    l.unlock();
    if (v.has_value()) return TryRecvResult<T>::ok(std::move(*v));
    return TryRecvResult<T>::err(disconnected ? TryRecvError::Disconnected : TryRecvError::Empty);
  }

  // `co_await rx.recv_timeout(d)` (a Task): recv under task::timeout (recv is
  // cancellation-safe, so a timeout consumes nothing). `D` has as_nanos() (Duration).
  template <class D>
  Task<RecvTimeoutResult<T>> recv_timeout(D d) {
    std::optional<RecvResult<T>> r =
        co_await task::timeout(d, [this]() -> Task<RecvResult<T>> { co_return co_await recv(); });
    if (!r.has_value()) co_return RecvTimeoutResult<T>::err(RecvTimeoutError::Timeout);
    if (r->is_err()) co_return RecvTimeoutResult<T>::err(RecvTimeoutError::Disconnected);
    co_return RecvTimeoutResult<T>::ok(r->into_value());
  }

 private:
  template <class U>
  friend std::pair<Sender<U>, Receiver<U>> channel();
  template <class U>
  friend std::pair<SyncSender<U>, Receiver<U>> sync_channel(std::size_t bound);
  explicit Receiver(detail::Chan<T>* c) noexcept : c_(c) {}
  detail::Chan<T>* c_;
};

// `channel()`: unbounded.
template <class T>
std::pair<Sender<T>, Receiver<T>> channel() {
  auto* c = new detail::Chan<T>(0, false);
  return {Sender<T>(c), Receiver<T>(c)};
}

// `sync_channel(bound)`: at most `bound` buffered messages; 0 is a rendezvous.
template <class T>
std::pair<SyncSender<T>, Receiver<T>> sync_channel(std::size_t bound) {
  auto* c = new detail::Chan<T>(bound, true);
  return {SyncSender<T>(c), Receiver<T>(c)};
}

// ---------------------------------------------------------------- Mutex

namespace detail {
// Rust's thread::panicking() for a guard made when `uncaught` exceptions were in flight:
// an exception is unwinding past it, and it is not a cancellation (see the header comment).
inline bool panicking_since(int uncaught) noexcept {
  return std::uncaught_exceptions() > uncaught && !rt::cancel_requested();
}
}  // namespace detail

template <class T>
class Mutex {
 public:
  Mutex() requires std::default_initializable<T> : value_() {}
  explicit Mutex(T v) : value_(std::move(v)) {}
  // Moving is allowed only while unlocked with no waiter (Rust: not borrowed).
  Mutex(Mutex&& o) noexcept(std::is_nothrow_move_constructible_v<T>)
      : value_(std::move(o.value_)), poisoned_(o.poisoned_.load()) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  // Move-only; unlocks on destruction (poisoning the mutex if a panic unwinds past it).
  class Guard {
   public:
    Guard(Guard&& o) noexcept : m_(std::exchange(o.m_, nullptr)), uncaught_(o.uncaught_) {}
    Guard& operator=(Guard&& o) noexcept {
      if (this != &o) {
        release();
        m_ = std::exchange(o.m_, nullptr);
        uncaught_ = o.uncaught_;
      }
      return *this;
    }
    Guard(const Guard&) = delete;
    ~Guard() { release(); }
    T& get() const noexcept { return m_->value_; }
    T& operator*() const noexcept { return m_->value_; }
    T* operator->() const noexcept { return &m_->value_; }

   private:
    friend class Mutex;
    explicit Guard(Mutex* m) noexcept : m_(m), uncaught_(std::uncaught_exceptions()) {}
    void release() noexcept {
      if (m_ == nullptr) return;
      if (detail::panicking_since(uncaught_)) m_->poisoned_.store(true);
      std::exchange(m_, nullptr)->unlock();
    }
    Mutex* m_;
    int uncaught_;
  };

  // `co_await m.lock()`: a checkpoint; FIFO. Err (poisoned) still holds the guard.
  class LockAwaiter : public detail::WaitBase {
   public:
    explicit LockAwaiter(Mutex* m) noexcept : m_(m) {}
    bool await_ready() noexcept {
      if (cancelled_at_entry()) return true;
      m_->mu_.lock();
      if (m_->locked_) return false;  // (still locked: await_suspend queues it)
      m_->locked_ = true;  // unlocked implies nobody queued (releases hand off)
      m_->mu_.unlock();
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      park_on(m_->waiters_, h, this, &interrupt);
    }
    LockResult<Guard> await_resume() {
      if (resumed()) {  // handed the lock, cancelled before running: pass it on
        m_->unlock();
        rt::throw_cancelled();
      }
      return LockResult<Guard>(Guard(m_), m_->poisoned_.load());
    }

   private:
    static bool interrupt(void* self) noexcept {
      return static_cast<LockAwaiter*>(self)->withdraw();
    }
    Mutex* m_;
  };
  LockAwaiter lock() noexcept { return LockAwaiter(this); }

  // Never waits: WouldBlock if locked.
  TryLockResult<Guard> try_lock() {
    {
      std::lock_guard<rt::SpinLock> l(mu_);
      if (locked_) return TryLockResult<Guard>::would_block();
      locked_ = true;
    }
    return TryLockResult<Guard>(Guard(this), poisoned_.load());
  }

  bool is_poisoned() const noexcept { return poisoned_.load(); }
  void clear_poison() noexcept { poisoned_.store(false); }
  bool is_locked() const noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    return locked_;
  }
  // `&mut self` access (no lock needed: Rust's borrow guarantees nobody else holds it).
  LockResult<T&> get_mut() noexcept { return LockResult<T&>(value_, poisoned_.load()); }
  // Consumes the mutex.
  LockResult<T> into_inner() && { return LockResult<T>(std::move(value_), poisoned_.load()); }

 private:
  void unlock() noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    if (waiters_.empty()) locked_ = false;
    else detail::wake(waiters_.pop_front());  // stays locked: ownership passes
  }
  T value_;
  std::atomic<bool> poisoned_{false};
  mutable rt::SpinLock mu_;  // locked_ and waiters_
  bool locked_ = false;
  detail::WaitList waiters_{mu_};
};

template <class T>
using MutexGuard = typename Mutex<T>::Guard;

// ---------------------------------------------------------------- RwLock

template <class T>
class RwLock {
  static constexpr uint32_t kRead = 0;
  static constexpr uint32_t kWrite = 1;

 public:
  RwLock() requires std::default_initializable<T> : value_() {}
  explicit RwLock(T v) : value_(std::move(v)) {}
  RwLock(RwLock&& o) noexcept(std::is_nothrow_move_constructible_v<T>)
      : value_(std::move(o.value_)), poisoned_(o.poisoned_.load()) {}
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  class ReadGuard {
   public:
    ReadGuard(ReadGuard&& o) noexcept : l_(std::exchange(o.l_, nullptr)) {}
    ReadGuard& operator=(ReadGuard&& o) noexcept {
      if (this != &o) {
        if (l_ != nullptr) l_->read_unlock();
        l_ = std::exchange(o.l_, nullptr);
      }
      return *this;
    }
    ReadGuard(const ReadGuard&) = delete;
    ~ReadGuard() {
      if (l_ != nullptr) l_->read_unlock();
    }
    const T& get() const noexcept { return l_->value_; }
    const T& operator*() const noexcept { return l_->value_; }
    const T* operator->() const noexcept { return &l_->value_; }

   private:
    friend class RwLock;
    explicit ReadGuard(RwLock* l) noexcept : l_(l) {}
    RwLock* l_;
  };

  class WriteGuard {
   public:
    WriteGuard(WriteGuard&& o) noexcept
        : l_(std::exchange(o.l_, nullptr)), uncaught_(o.uncaught_) {}
    WriteGuard& operator=(WriteGuard&& o) noexcept {
      if (this != &o) {
        release();
        l_ = std::exchange(o.l_, nullptr);
        uncaught_ = o.uncaught_;
      }
      return *this;
    }
    WriteGuard(const WriteGuard&) = delete;
    ~WriteGuard() { release(); }
    T& get() const noexcept { return l_->value_; }
    T& operator*() const noexcept { return l_->value_; }
    T* operator->() const noexcept { return &l_->value_; }

   private:
    friend class RwLock;
    explicit WriteGuard(RwLock* l) noexcept : l_(l), uncaught_(std::uncaught_exceptions()) {}
    void release() noexcept {
      if (l_ == nullptr) return;
      if (detail::panicking_since(uncaught_)) l_->poisoned_.store(true);
      std::exchange(l_, nullptr)->write_unlock();
    }
    RwLock* l_;
    int uncaught_;
  };

  template <class G, uint32_t Kind>
  class Awaiter : public detail::WaitBase {
   public:
    explicit Awaiter(RwLock* l) noexcept : l_(l) {}
    bool await_ready() noexcept {
      if (cancelled_at_entry()) return true;
      l_->mu_.lock();
      if (!(Kind == kRead ? l_->try_read_raw() : l_->try_write_raw())) return false;  // (locked)
      l_->mu_.unlock();
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      node_.want = Kind;
      park_on(l_->waiters_, h, this, &interrupt);
    }
    LockResult<G> await_resume() {
      if (resumed()) {  // handed, cancelled before running: release (grants the next)
        if (Kind == kRead) l_->read_unlock();
        else l_->write_unlock();
        rt::throw_cancelled();
      }
      return LockResult<G>(G(l_), l_->poisoned_.load());
    }

   private:
    static bool interrupt(void* self) noexcept {
      auto* a = static_cast<Awaiter*>(self);
      // A queued writer leaving may let readers behind it in.
      return a->withdraw([a] { a->l_->grant(); });
    }
    RwLock* l_;
  };
  using ReadAwaiter = Awaiter<ReadGuard, kRead>;
  using WriteAwaiter = Awaiter<WriteGuard, kWrite>;

  // `co_await l.read()` / `co_await l.write()`: checkpoints; FIFO-fair (a queued writer
  // blocks later readers). Err (poisoned by a writer's panic) still holds the guard.
  ReadAwaiter read() noexcept { return ReadAwaiter(this); }
  WriteAwaiter write() noexcept { return WriteAwaiter(this); }

  TryLockResult<ReadGuard> try_read() {
    {
      std::lock_guard<rt::SpinLock> l(mu_);
      if (!try_read_raw()) return TryLockResult<ReadGuard>::would_block();
    }
    return TryLockResult<ReadGuard>(ReadGuard(this), poisoned_.load());
  }
  TryLockResult<WriteGuard> try_write() {
    {
      std::lock_guard<rt::SpinLock> l(mu_);
      if (!try_write_raw()) return TryLockResult<WriteGuard>::would_block();
    }
    return TryLockResult<WriteGuard>(WriteGuard(this), poisoned_.load());
  }

  bool is_poisoned() const noexcept { return poisoned_.load(); }
  void clear_poison() noexcept { poisoned_.store(false); }
  LockResult<T&> get_mut() noexcept { return LockResult<T&>(value_, poisoned_.load()); }
  LockResult<T> into_inner() && { return LockResult<T>(std::move(value_), poisoned_.load()); }

 private:
  // (Under mu_, as grant().)
  bool try_read_raw() noexcept {
    if (writer_ || !waiters_.empty()) return false;
    ++readers_;
    return true;
  }
  bool try_write_raw() noexcept {
    if (writer_ || readers_ != 0 || !waiters_.empty()) return false;
    writer_ = true;
    return true;
  }
  void read_unlock() noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    --readers_;
    grant();
  }
  void write_unlock() noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    writer_ = false;
    grant();
  }
  // Hands the lock to waiters from the front: a writer alone, or a run of readers.
  void grant() noexcept {
    while (detail::WaitNode* n = waiters_.front()) {
      if (writer_) return;
      if (n->want == kWrite) {
        if (readers_ != 0) return;
        writer_ = true;
        detail::wake(waiters_.pop_front());
        return;
      }
      ++readers_;
      detail::wake(waiters_.pop_front());
    }
  }

  T value_;
  std::atomic<bool> poisoned_{false};
  rt::SpinLock mu_;  // the fields below
  std::size_t readers_ = 0;
  bool writer_ = false;
  detail::WaitList waiters_{mu_};
};

template <class T>
using RwLockReadGuard = typename RwLock<T>::ReadGuard;
template <class T>
using RwLockWriteGuard = typename RwLock<T>::WriteGuard;

// ---------------------------------------------------------------- Semaphore

class Semaphore;

// Permits held; returned to the semaphore on destruction (unless forgotten).
class SemaphorePermit {
 public:
  SemaphorePermit(SemaphorePermit&& o) noexcept
      : s_(std::exchange(o.s_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  SemaphorePermit& operator=(SemaphorePermit&& o) noexcept;
  SemaphorePermit(const SemaphorePermit&) = delete;
  ~SemaphorePermit();
  std::size_t num_permits() const noexcept { return n_; }
  // The permits are never returned.
  void forget() noexcept {
    s_ = nullptr;
    n_ = 0;
  }

 private:
  friend class Semaphore;
  SemaphorePermit(Semaphore* s, std::size_t n) noexcept : s_(s), n_(n) {}
  Semaphore* s_;
  std::size_t n_;
};

class Semaphore {
 public:
  explicit Semaphore(std::size_t permits) noexcept : permits_(permits) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  std::size_t available_permits() const noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    return permits_;
  }
  // Adds permits, handing them to waiters in FIFO order.
  void add_permits(std::size_t n) noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    permits_ += n;
    grant();
  }

  // `co_await s.acquire(n)`: a checkpoint; FIFO (the first waiter is served before later
  // ones, even if they want fewer permits).
  class AcquireAwaiter : public detail::WaitBase {
   public:
    AcquireAwaiter(Semaphore* s, uint32_t n) noexcept : s_(s), n_(n) {}
    bool await_ready() noexcept {
      if (cancelled_at_entry()) return true;
      s_->mu_.lock();
      if (!s_->try_take(n_)) return false;  // (still locked: await_suspend queues it)
      s_->mu_.unlock();
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      node_.want = n_;
      park_on(s_->waiters_, h, this, &interrupt);
    }
    SemaphorePermit await_resume() {
      if (resumed()) {  // handed the permits, cancelled before running: give them back
        s_->add_permits(n_);
        rt::throw_cancelled();
      }
      return SemaphorePermit(s_, n_);
    }

   private:
    static bool interrupt(void* self) noexcept {
      auto* a = static_cast<AcquireAwaiter*>(self);
      // A large request leaving may let smaller ones behind it in.
      return a->withdraw([a] { a->s_->grant(); });
    }
    Semaphore* s_;
    uint32_t n_;
  };
  AcquireAwaiter acquire(uint32_t n = 1) noexcept { return AcquireAwaiter(this, n); }

  // Never waits: None if fewer than n permits are free or someone is queued.
  std::optional<SemaphorePermit> try_acquire(uint32_t n = 1) noexcept {
    {
      std::lock_guard<rt::SpinLock> l(mu_);
      if (!try_take(n)) return std::nullopt;
    }
    return SemaphorePermit(this, n);
  }

 private:
  // (Under mu_, as grant().)
  bool try_take(std::size_t n) noexcept {
    if (!waiters_.empty() || permits_ < n) return false;
    permits_ -= n;
    return true;
  }
  void grant() noexcept {
    while (detail::WaitNode* n = waiters_.front()) {
      if (permits_ < n->want) return;
      permits_ -= n->want;
      detail::wake(waiters_.pop_front());
    }
  }
  mutable rt::SpinLock mu_;  // the fields below
  std::size_t permits_;
  detail::WaitList waiters_{mu_};
};

inline SemaphorePermit& SemaphorePermit::operator=(SemaphorePermit&& o) noexcept {
  if (this != &o) {
    if (s_ != nullptr) s_->add_permits(n_);
    s_ = std::exchange(o.s_, nullptr);
    n_ = std::exchange(o.n_, 0);
  }
  return *this;
}
inline SemaphorePermit::~SemaphorePermit() {
  if (s_ != nullptr) s_->add_permits(n_);
}

// ---------------------------------------------------------------- Notify

// Tokio's Notify (see the header comment): notify_one stores one permit if nobody waits.
class Notify {
  static constexpr uint32_t kOne = 1;
  static constexpr uint32_t kAll = 2;

 public:
  Notify() noexcept = default;
  Notify(const Notify&) = delete;
  Notify& operator=(const Notify&) = delete;

  void notify_one() noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    if (waiters_.empty()) {
      permit_ = true;
      return;
    }
    detail::WaitNode* n = waiters_.pop_front();
    n->want = kOne;
    detail::wake(n);
  }
  void notify_all() noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    while (!waiters_.empty()) {
      detail::WaitNode* n = waiters_.pop_front();
      n->want = kAll;
      detail::wake(n);
    }
  }

  // `co_await n.notified()`: a checkpoint. Returns at once if a permit is stored (consuming
  // it), else waits for notify_one / notify_all.
  class NotifiedAwaiter : public detail::WaitBase {
   public:
    explicit NotifiedAwaiter(Notify* n) noexcept : n_(n) {}
    bool await_ready() noexcept {
      if (cancelled_at_entry()) return true;
      n_->mu_.lock();
      if (!std::exchange(n_->permit_, false)) return false;  // (still locked)
      n_->mu_.unlock();
      return true;
    }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      park_on(n_->waiters_, h, this, &interrupt);
    }
    void await_resume() {
      if (resumed()) {  // notified, cancelled before running: pass a notify_one on
        if (node_.want == kOne) n_->notify_one();
        rt::throw_cancelled();
      }
    }

   private:
    static bool interrupt(void* self) noexcept {
      return static_cast<NotifiedAwaiter*>(self)->withdraw();
    }
    Notify* n_;
  };
  NotifiedAwaiter notified() noexcept { return NotifiedAwaiter(this); }

  bool has_permit() const noexcept {
    std::lock_guard<rt::SpinLock> l(mu_);
    return permit_;
  }

 private:
  mutable rt::SpinLock mu_;  // the fields below
  bool permit_ = false;
  detail::WaitList waiters_{mu_};
};

}  // namespace asr::sync
