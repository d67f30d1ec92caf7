// The scheduler entry points (asr/scheduler.hpp) and the one-worker scheduler.
//
// `block_on` picks the scheduler: the one-worker loop below (ASR_WORKERS=1, and always under
// ASR_SEED, whose orders must be reproducible) or the work-stealing one (work_stealing.cpp).
// The free functions forward to the thread's running scheduler (`t_executor`).
//
// One-worker loop: move expired timers (in (deadline, seq) order) to the run queue; run the
// tasks that were ready at the start of the batch (tasks made ready meanwhile wait for the
// next batch, so yield loops cannot starve timers); when nothing is ready, park (`park()`).
//
// Frame arenas: a queued coroutine carries its task's arena, which becomes the thread's
// current arena while it runs (tasks migrate between workers, so the arena follows the
// task, not the thread). The arena names its task (rt::TaskNode), so the running task, and
// with it the cancellation state checkpoints read, is restored by the same store.
//
// Parking. With no I/O waiter and no blocking work pending, it sleeps until the earliest
// deadline (clock_nanosleep, or a jump of the virtual clock). Otherwise it polls the reactor
// (reactor.hpp): epoll_wait until the next deadline on the real clock; on the virtual clock
// a poll that does not wait first, then a jump to the next timer if there is one and no
// blocking work is pending (the virtual clock never jumps while blocking work is pending),
// else a real wait. Blocking work (asr/blocking.hpp) finishes on pool threads: they queue the
// waiting task in the waker (under its mutex) and wake the poll through the reactor's
// eventfd; the loop drains the waker into the run queue.
//
// Timers either queue a coroutine or call a function (a timeout's deadline, which cancels a
// region and so queues the tasks parked under it); cancelled timers are dropped unfired.
// After each resume, an arena left without frames is trimmed, so a suspended task holds no
// arena memory unless it is suspended inside nested calls.
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include <unistd.h>

#include "asr/blocking.hpp"
#include "asr/cancel.hpp"
#include "asr/io.hpp"
#include "asr/scheduler.hpp"
#include "asr/task.hpp"
#include "asr/task_block.hpp"
#include "executor.hpp"
#include "reactor.hpp"
#include "run_queue.hpp"
#include "scheduler_impl.hpp"
#include "time_driver.hpp"
#include "timer_queue.hpp"
#include "work_stealing.hpp"

namespace asr::rt {

thread_local Executor* t_executor = nullptr;

bool resume_task(Ready r) noexcept {
  t_current_arena = r.arena;
  {
    EagerStackScope budget;  // eager calls nested deeper than this start lazily (task.hpp)
    r.h.resume();
    if (t_deferred_start != nullptr) run_deferred_starts();  // the task's calls that did, each on a fresh stack
  }
  t_current_arena = nullptr;
  if (r.arena != nullptr) r.arena->trim();
  return task_end_pending();
}

[[noreturn]] void deadlock() {
  stdout_flush_at_exit();
  stderr_write("fatal runtime error: deadlock: every task is blocked and no timer is pending\n");
  std::abort();
}

namespace {

// Wake-ups from pool threads (asr/blocking.hpp): finished blocking work queues its task
// here, under the mutex, and interrupts the scheduler's poll; the loop moves them to its run
// queue. (Notifies with the mutex held: once the loop can take it, it may drain, finish and
// destroy this waker and its reactor, so the pool thread must be done with them first.)
class QueueingWaker final : public BlockingWaker {
 public:
  explicit QueueingWaker(Reactor& r) noexcept : reactor_(r) {}
  void finish(Ready r) noexcept override {
    std::lock_guard<std::mutex> l(mu_);
    done_.push_back(r);
    reactor_.notify();
  }
  // Moves the finished work's tasks to `out`; returns how many.
  std::size_t drain(RunQueue& out) {
    std::lock_guard<std::mutex> l(mu_);
    for (const Ready& r : done_) out.push(r);
    std::size_t n = done_.size();
    done_.clear();
    return n;
  }

 private:
  Reactor& reactor_;
  std::mutex mu_;
  std::vector<Ready> done_;
};

class SingleWorker final : public Executor {
 public:
  explicit SingleWorker(const SchedulerConfig& c) : rng_(c.seed), random_(c.seed != 0) {}

  Reactor& reactor() noexcept override { return reactor_; }

  void wake(Ready r) override { ready_.push(r); }
  void yield(Ready r) override { ready_.push(r); }
  void spawn(Ready r) override { ready_.push(r); }
  void schedule_at(Nanos deadline, Ready r, TimerId* slot) override {
    timers_.push(deadline, r, slot);
  }
  void call_at(Nanos deadline, void (*fn)(void*), void* arg, TimerId* slot) override {
    timers_.push_call(deadline, fn, arg, slot);
  }
  bool cancel_timer(TimerId* slot) noexcept override {
    // (One thread: a call timer is never firing while its owner runs.)
    return timers_.cancel(slot) == TimerQueue::Cancel::Cancelled;
  }

  BlockingWaker* begin_blocking() noexcept override {
    ++blocking_;
    return &waker_;
  }

  void run(std::coroutine_handle<> root, FrameArena* root_arena) {
    ready_.push(Ready{root, root_arena});
    while (!root.done()) {
      if (blocking_ > 0) blocking_ -= waker_.drain(ready_);
      fire_expired();
      if (ready_.empty()) {
        park();
        continue;
      }
      for (std::size_t n = ready_.size(); n > 0 && !ready_.empty(); --n) {
        if (resume_task(next())) run_task_end();
        if (root.done()) return;
      }
    }
  }

 private:
  // Nothing is ready: wait for a timer, an fd, or blocking work (see the file comment).
  void park() {
    bool io = reactor_.waiters() > 0 || blocking_ > 0;
    if (!io) {
      if (timers_.empty()) deadlock();
      time_driver::park_until(timers_.next_deadline());
      return;
    }
    if (time_driver::is_virtual()) {
      if (reactor_.poll(0) > 0) return;
      if (!timers_.empty() && blocking_ == 0) {
        time_driver::park_until(timers_.next_deadline());
        return;
      }
      reactor_.poll(-1);  // real waiting: only an fd or the pool can make progress
      return;
    }
    reactor_.poll(poll_timeout_ms(!timers_.empty(), timers_.empty() ? Nanos(0) : timers_.next_deadline()));
  }

  void fire_expired() {
    if (timers_.empty()) return;
    Nanos t = now();
    TimerQueue::Fired f;
    while (timers_.pop_expired(t, f)) {
      if (f.fn != nullptr) {
        f.fn(f.arg);  // e.g. a timeout's deadline: cancels, wakes
        TimerQueue::call_done(f.slot);
      } else {
        ready_.push(f.r);
      }
    }
  }

  Ready next() {
    if (!random_ || ready_.size() == 1) return ready_.pop();
    return ready_.take_at(std::size_t(xorshift() % ready_.size()));
  }

  // xorshift64* (seed != 0 in random mode).
  uint64_t xorshift() noexcept {
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return rng_ * 0x2545F4914F6CDD1DULL;
  }

  RunQueue ready_;
  TimerQueue timers_;
  Reactor reactor_;  // before waker_, which points at it
  QueueingWaker waker_{reactor_};
  std::size_t blocking_ = 0;  // begun, and not yet drained from waker_
  uint64_t rng_;
  bool random_;
};



[[noreturn]] void no_scheduler() {
  stderr_write("fatal runtime error: a task suspended outside of the ASR runtime\n");
  std::abort();
}

Executor& executor() {
  if (t_executor == nullptr) [[unlikely]] no_scheduler();
  return *t_executor;
}

}  // namespace

void schedule(std::coroutine_handle<> h) { executor().yield(Ready{h, t_current_arena}); }

void schedule(std::coroutine_handle<> h, FrameArena* arena) { executor().wake(Ready{h, arena}); }

void spawn(std::coroutine_handle<> h, FrameArena* arena) { executor().spawn(Ready{h, arena}); }

void schedule_at(Nanos deadline, std::coroutine_handle<> h, TimerId* slot) {
  executor().schedule_at(deadline, Ready{h, t_current_arena}, slot);
}

void call_at(Nanos deadline, void (*fn)(void*), void* arg, TimerId* slot) {
  executor().call_at(deadline, fn, arg, slot);
}

bool cancel_timer(TimerId* slot) noexcept {
  return t_executor != nullptr && t_executor->cancel_timer(slot);
}

BlockingWaker* begin_blocking() noexcept { return executor().begin_blocking(); }

void finish_blocking(BlockingWaker* w, std::coroutine_handle<> h, FrameArena* arena) noexcept {
  w->finish(Ready{h, arena});
}

bool io_park(IoSource& src, Interest d, IoWaiter* w, uint32_t seen) {
  return executor().reactor().park(src, d, w, seen);
}

SchedulerConfig config_from_env() noexcept {
  SchedulerConfig c;
  if (const char* s = std::getenv("ASR_SEED"); s != nullptr && *s != '\0') {
    c.virtual_clock = true;
    c.seed = std::strtoull(s, nullptr, 10);
  }
  if (const char* s = std::getenv("ASR_FRAME_ARENA"); s != nullptr && std::strcmp(s, "0") == 0)
    c.frame_arena = false;
  unsigned cores = std::thread::hardware_concurrency();
  c.workers = cores == 0 ? 1 : cores > 256 ? 256 : cores;  // default: one worker per core
  if (const char* s = std::getenv("ASR_WORKERS"); s != nullptr && *s != '\0') {
    long n = std::strtol(s, nullptr, 10);
    if (n >= 1) c.workers = unsigned(n > 256 ? 256 : n);
  }
  if (c.virtual_clock) c.workers = 1;  // ASR_SEED: one reproducible order
  return c;
}

void block_on(std::coroutine_handle<> root, const SchedulerConfig& config) {
  time_driver::init(config.virtual_clock);
  // Declared before the scheduler: the arena must outlive every frame the run leaves behind.
  // The root task: its arena (heap-only under ASR_FRAME_ARENA=0, still naming the task) and
  // its root cancellation region.
  TaskNode root_task;
  root_task.arena.set_heap_only(!config.frame_arena);
  Executor* prev = t_executor;
  struct Restore {
    Executor* prev;
    FrameArena* prev_arena = t_current_arena;  // a nested block_on runs inside a task
    ~Restore() {
      t_executor = prev;
      t_current_arena = prev_arena;
      if (prev == nullptr) {
        time_driver::init(false);  // back to the real clock
        task_block_flush();        // the program's tasks are gone: so is the need for a cache
      }
    }
  } restore{prev};
  cancel_at_set_root(&root_task.root);  // ASR_CANCEL_AT, if armed (outermost block_on only)
  struct ClearCancelAt {
    CancelRegion* mine;
    ~ClearCancelAt() {
      if (mine != nullptr) cancel_at_set_root(nullptr);
    }
  } clear_cancel_at{prev == nullptr ? &root_task.root : nullptr};
  if (config.workers > 1 && prev == nullptr) {
    WorkStealing s(config.workers);
    s.run(root, &root_task.arena);
  } else {
    SingleWorker s(config);
    t_executor = &s;
    s.run(root, &root_task.arena);
  }
}

}  // namespace asr::rt
