// The work-stealing scheduler: see work_stealing.hpp.
#include "work_stealing.hpp"

#include <cstdio>
#include <cstdlib>

#include "asr/cancel.hpp"
#include "asr/io.hpp"
#include "asr/task_block.hpp"

namespace asr::rt {

thread_local WorkStealing::Worker* WorkStealing::t_worker_ = nullptr;

namespace {

TaskNode* task_of(const Ready& r) noexcept { return r.arena != nullptr ? r.arena->task() : nullptr; }

uint64_t clamp(Nanos t) noexcept { return t > Nanos(UINT64_MAX - 1) ? UINT64_MAX - 1 : uint64_t(t); }

[[noreturn]] void woken_twice() {
  stdout_flush_at_exit();
  stderr_write("fatal runtime error: asrc internal error: a task was woken twice for one wait\n");
  std::abort();
}

}  // namespace

WorkStealing::WorkStealing(unsigned n) {
  for (unsigned i = 0; i < n; ++i) {
    auto w = std::make_unique<Worker>();
    w->owner = this;
    w->index = i;
    w->rng = 0x9E3779B97F4A7C15ull * (i + 1);
    workers_.push_back(std::move(w));
  }
}

WorkStealing::~WorkStealing() {
  // A pool thread may still be inside finish() (its last touch is the count).
  while (blocking_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
}

void WorkStealing::run(std::coroutine_handle<> root, FrameArena* root_arena) {
  root_ = root;
  root_arena_ = root_arena;
  Worker& first = *workers_[0];
  t_executor = this;
  t_worker_ = &first;
  spawn(Ready{root, root_arena});
  std::vector<std::thread> threads;
  threads.reserve(workers_.size() - 1);
  for (std::size_t i = 1; i < workers_.size(); ++i) {
    threads.emplace_back([this, i] {
      t_executor = this;
      t_worker_ = workers_[i].get();
      worker_main(*workers_[i]);
      t_worker_ = nullptr;
      t_executor = nullptr;
      task_block_flush();  // blocks this thread cached would be lost with it
    });
  }
  worker_main(first);
  for (auto& t : threads) t.join();
  t_worker_ = nullptr;
}

void WorkStealing::worker_main(Worker& w) {
  while (!done_.load(std::memory_order_acquire)) {
    Ready r;
    if (find_work(w, r)) {
      stop_searching(w);
      run_task(w, r);
    } else {
      park(w);
    }
  }
}

// ---------------------------------------------------------------- finding work

bool WorkStealing::find_work(Worker& w, Ready& out) {
  if (++w.tick % kMaintenanceInterval == 0) {
    fire_timers();
    if (!driving_.load(std::memory_order_relaxed)) {
      bool expected = false;
      if (driving_.compare_exchange_strong(expected, true)) {
        reactor_.poll(0);
        driving_.store(false);
      }
    }
    if (take_injected(w, out)) return true;  // the injection queue must not starve
  }
  if (w.lifo_full.load(std::memory_order_relaxed)) {
    if (w.lifo_streak < kLifoStreak) {
      if (take_lifo(w, out)) {
        ++w.lifo_streak;
        return true;
      }
    } else {
      Ready r;
      if (take_lifo(w, r)) push_local(w, r);  // its turn comes after the queue's
    }
  }
  w.lifo_streak = 0;
  if (w.queue.pop(out)) return true;
  fire_timers();
  if (w.queue.pop(out) || take_lifo(w, out)) return true;
  return take_injected(w, out) || steal(w, out);
}

bool WorkStealing::take_lifo(Worker& w, Ready& out) {
  if (!w.lifo_full.load(std::memory_order_acquire)) return false;
  std::lock_guard<SpinLock> l(w.lifo_lock);
  if (w.lifo.h == nullptr) return false;
  out = w.lifo;
  w.lifo = Ready{};
  w.lifo_full.store(false, std::memory_order_relaxed);
  return true;
}

bool WorkStealing::take_injected(Worker& w, Ready& out) {
  if (injected_count_.load(std::memory_order_acquire) == 0) return false;
  std::lock_guard<std::mutex> l(inject_mu_);
  if (injected_.empty()) return false;
  out = injected_.front();
  injected_.pop_front();
  // A batch for later, so that the lock is not taken for every task.
  for (int i = 0; i < 32 && !injected_.empty(); ++i) {
    if (!w.queue.push(injected_.front())) break;
    injected_.pop_front();
  }
  injected_count_.store(injected_.size(), std::memory_order_release);
  return true;
}

bool WorkStealing::steal(Worker& w, Ready& out) {
  std::size_t n = workers_.size();
  w.rng ^= w.rng << 13;
  w.rng ^= w.rng >> 7;
  w.rng ^= w.rng << 17;
  std::size_t start = std::size_t(w.rng % n);
  for (std::size_t i = 0; i < n; ++i) {
    Worker& v = *workers_[(start + i) % n];
    if (&v == &w) continue;
    if (v.queue.steal_into(w.queue, out) > 0) return true;
  }
  // A task left in a busy worker's LIFO slot would wait for that worker's current task.
  for (std::size_t i = 0; i < n; ++i) {
    Worker& v = *workers_[(start + i) % n];
    if (&v != &w && take_lifo(v, out)) return true;
  }
  return false;
}

bool WorkStealing::work_visible(const Worker& w) const {
  if (!w.queue.empty() || injected_count_.load(std::memory_order_acquire) != 0) return true;
  for (const auto& v : workers_) {
    if (!v->queue.empty() || v->lifo_full.load(std::memory_order_acquire)) return true;
  }
  uint64_t next = next_deadline_.load(std::memory_order_acquire);
  return next != UINT64_MAX && Nanos(next) <= now();
}

// ---------------------------------------------------------------- running

void WorkStealing::run_task(Worker& w, Ready r) {
  TaskNode* t = task_of(r);
  if (t != nullptr) t->run_state.store(TaskNode::kRunning, std::memory_order_relaxed);
  bool ended = resume_task(r);
  if (r.arena == root_arena_ && root_.done()) {
    done_.store(true, std::memory_order_release);
    {
      std::lock_guard<std::mutex> l(idle_mu_);
    }
    idle_cv_.notify_all();
    reactor_.notify();
    return;
  }
  if (ended) {
    run_task_end();
    return;
  }
  if (t == nullptr) return;
  uint8_t s = TaskNode::kRunning;
  if (t->run_state.compare_exchange_strong(s, TaskNode::kIdle, std::memory_order_acq_rel,
                                           std::memory_order_acquire)) {
    return;
  }
  // Woken while it ran (s == kNotified): queue it now that its stack has unwound.
  Ready again{std::coroutine_handle<>::from_address(t->notified.load(std::memory_order_relaxed)),
              r.arena};
  t->run_state.store(TaskNode::kQueued, std::memory_order_release);
  push_local(w, again);
  work_queued();
}

// ---------------------------------------------------------------- queuing

void WorkStealing::wake(Ready r) {
  if (TaskNode* t = task_of(r)) {
    uint8_t s = t->run_state.load(std::memory_order_acquire);
    for (;;) {
      if (s == TaskNode::kIdle) {
        if (t->run_state.compare_exchange_weak(s, TaskNode::kQueued, std::memory_order_acq_rel,
                                               std::memory_order_acquire)) {
          break;
        }
      } else if (s == TaskNode::kRunning) {
        t->notified.store(r.h.address(), std::memory_order_relaxed);
        if (t->run_state.compare_exchange_weak(s, TaskNode::kNotified, std::memory_order_acq_rel,
                                               std::memory_order_acquire)) {
          return;  // its worker queues it when the resume returns
        }
      } else {
        woken_twice();
      }
    }
  }
  push(r, /*lifo=*/true);
}

void WorkStealing::spawn(Ready r) {
  if (TaskNode* t = task_of(r)) t->run_state.store(TaskNode::kQueued, std::memory_order_relaxed);
  push(r, /*lifo=*/false);
}

void WorkStealing::push(Ready r, bool lifo) {
  Worker* w = t_worker_;
  if (w == nullptr || w->owner != this) {
    inject(r);
  } else if (lifo) {
    Ready previous;
    {
      std::lock_guard<SpinLock> l(w->lifo_lock);
      previous = w->lifo;
      w->lifo = r;
      w->lifo_full.store(true, std::memory_order_release);
    }
    // Into an empty LIFO slot: this worker runs it as soon as the running task suspends,
    // so waking another worker would only have it find nothing (ping-pong between two
    // tasks would pay a futex or eventfd round trip per message). As Tokio does.
    if (previous.h == nullptr) return;
    push_local(*w, previous);
  } else {
    push_local(*w, r);
  }
  work_queued();
}

void WorkStealing::push_local(Worker& w, Ready r) {
  if (w.queue.push(r)) return;
  // Full: half of it (the oldest) and r go to the injection queue.
  std::lock_guard<std::mutex> l(inject_mu_);
  for (uint32_t i = 0; i < LocalQueue::kCapacity / 2; ++i) {
    Ready x;
    if (!w.queue.pop(x)) break;
    injected_.push_back(x);
  }
  injected_.push_back(r);
  injected_count_.store(injected_.size(), std::memory_order_release);
}

void WorkStealing::inject(Ready r) {
  std::lock_guard<std::mutex> l(inject_mu_);
  injected_.push_back(r);
  injected_count_.store(injected_.size(), std::memory_order_release);
}

// Work was queued: wake an idle worker unless one is already searching.
void WorkStealing::work_queued() {
  if (searching_.load(std::memory_order_seq_cst) != 0) return;
  if (idle_.load(std::memory_order_seq_cst) == 0) return;
  std::unique_lock<std::mutex> l(idle_mu_);
  if (sleepers_ > wakeups_) {
    ++wakeups_;
    searching_.fetch_add(1, std::memory_order_seq_cst);
    l.unlock();
    idle_cv_.notify_one();
    return;
  }
  l.unlock();
  if (driving_.load(std::memory_order_acquire) && !driver_notified_.exchange(true)) reactor_.notify();
}

void WorkStealing::stop_searching(Worker& w) {
  if (!w.searching) return;
  w.searching = false;
  // The last searcher found work: there may be more, so another worker looks too.
  if (searching_.fetch_sub(1, std::memory_order_seq_cst) == 1) work_queued();
}

// ---------------------------------------------------------------- parking

void WorkStealing::park(Worker& w) {
  if (w.searching) {
    w.searching = false;
    searching_.fetch_sub(1, std::memory_order_seq_cst);
  }
  idle_.fetch_add(1, std::memory_order_seq_cst);
  if (work_visible(w) || done_.load(std::memory_order_acquire)) {
    idle_.fetch_sub(1, std::memory_order_seq_cst);
    return;
  }
  bool expected = false;
  if (driving_.compare_exchange_strong(expected, true)) {
    drive(w);
    {
      std::lock_guard<std::mutex> l(idle_mu_);
      driving_.store(false);
      // The sleepers need a driver while this worker runs tasks: hand the role on.
      if (sleepers_ > wakeups_) {
        ++wakeups_;
        searching_.fetch_add(1, std::memory_order_seq_cst);
        idle_cv_.notify_one();
      }
    }
    idle_.fetch_sub(1, std::memory_order_seq_cst);
    return;
  }
  std::unique_lock<std::mutex> l(idle_mu_);
  ++sleepers_;
  // Everyone idle: the driver must look again (at a deadlock, or at this worker's vacancy).
  if (idle_.load() == workers_.size() && !driver_notified_.exchange(true)) reactor_.notify();
  while (wakeups_ == 0 && !done_.load(std::memory_order_acquire) &&
         driving_.load(std::memory_order_acquire)) {
    idle_cv_.wait(l);
  }
  if (wakeups_ > 0) {
    --wakeups_;
    w.searching = true;
  }
  --sleepers_;
  l.unlock();
  idle_.fetch_sub(1, std::memory_order_seq_cst);
}

void WorkStealing::drive(Worker& w) {
  driver_notified_.store(false);
  fire_timers();
  if (work_visible(w) || done_.load(std::memory_order_acquire)) return;
  if (deadlock_possible()) deadlock();
  uint64_t next = next_deadline_.load(std::memory_order_acquire);
  reactor_.poll(poll_timeout_ms(next != UINT64_MAX, Nanos(next)));
  fire_timers();
}

bool WorkStealing::deadlock_possible() const {
  if (idle_.load() != workers_.size()) return false;
  if (blocking_.load() != 0 || reactor_.waiters() != 0) return false;
  if (next_deadline_.load() != UINT64_MAX) return false;
  if (injected_count_.load() != 0) return false;
  for (const auto& v : workers_) {
    if (!v->queue.empty() || v->lifo_full.load()) return false;
  }
  return true;
}

// ---------------------------------------------------------------- timers

void WorkStealing::update_next_deadline_locked() {
  next_deadline_.store(timers_.empty() ? UINT64_MAX : clamp(timers_.next_deadline()),
                       std::memory_order_release);
}

template <class Push>
void WorkStealing::add_timer(Nanos deadline, Push push) {
  uint64_t before;
  {
    std::lock_guard<std::mutex> l(timers_mu_);
    before = next_deadline_.load(std::memory_order_relaxed);
    push();
    update_next_deadline_locked();
  }
  // The driver waits for the old earliest deadline: make it look again.
  if (clamp(deadline) < before && driving_.load() && !driver_notified_.exchange(true))
    reactor_.notify();
}

void WorkStealing::schedule_at(Nanos deadline, Ready r, TimerId* slot) {
  add_timer(deadline, [&] { timers_.push(deadline, r, slot); });
}

void WorkStealing::call_at(Nanos deadline, void (*fn)(void*), void* arg, TimerId* slot) {
  add_timer(deadline, [&] { timers_.push_call(deadline, fn, arg, slot); });
}

bool WorkStealing::cancel_timer(TimerId* slot) noexcept {
  for (;;) {
    {
      std::lock_guard<std::mutex> l(timers_mu_);
      TimerQueue::Cancel c = timers_.cancel(slot);
      if (c != TimerQueue::Cancel::Firing) {
        update_next_deadline_locked();
        return c == TimerQueue::Cancel::Cancelled;
      }
    }
    std::this_thread::yield();  // its function runs on another worker: wait for it
  }
}

void WorkStealing::fire_timers() {
  uint64_t next = next_deadline_.load(std::memory_order_acquire);
  if (next == UINT64_MAX || Nanos(next) > now()) return;
  constexpr int kBatch = 64;
  TimerQueue::Fired fired[kBatch];
  for (;;) {
    int n = 0;
    {
      std::unique_lock<std::mutex> l(timers_mu_, std::try_to_lock);
      if (!l.owns_lock()) return;  // another worker is firing them
      Nanos t = now();
      while (n < kBatch && timers_.pop_expired(t, fired[n])) ++n;
      update_next_deadline_locked();
    }
    for (int i = 0; i < n; ++i) {
      if (fired[i].fn != nullptr) {
        fired[i].fn(fired[i].arg);  // e.g. a timeout's deadline: cancels, wakes
        std::lock_guard<std::mutex> l(timers_mu_);
        TimerQueue::call_done(fired[i].slot);
      } else {
        wake(fired[i].r);
      }
    }
    if (n < kBatch) return;
  }
}

// ---------------------------------------------------------------- blocking work

BlockingWaker* WorkStealing::begin_blocking() noexcept {
  blocking_.fetch_add(1, std::memory_order_relaxed);
  return this;
}

void WorkStealing::finish(Ready r) noexcept {
  wake(r);  // (from a pool thread: the injection queue, and an idle worker is woken)
  blocking_.fetch_sub(1, std::memory_order_release);
}

}  // namespace asr::rt
