// The multi-threaded scheduler (ASR_WORKERS=n > 1): Tokio's design, scaled down.
//
// * Queues. Each worker has a local FIFO ring (local_queue.hpp) and a LIFO slot holding the
//   task its running task woke last (run next: a message's receiver runs while the message
//   is hot; at most kLifoStreak times in a row, so a ping-pong pair cannot starve the rest).
//   A full ring moves half of itself to the injection queue (a locked deque), which also
//   takes every wake-up from outside the workers (the blocking pool). An idle worker takes
//   a batch from the injection queue, else steals half of another worker's ring.
// * Tasks. A task (TaskNode) is resumed by one worker at a time: a wake-up of a task that is
//   still running is parked in the node (`notified`) and queued by its worker when the
//   resume returns (TaskNode::run_state). A task's end is announced after its last resume
//   (defer_task_end), when its worker is done with its arena.
// * Timers. One shared timer queue under a lock; any worker fires the expired ones (one at a
//   time), before looking for work and whenever it parks. A call timer's function runs
//   outside the lock; cancelling it meanwhile waits for it (TimerQueue::kFiring).
// * Parking. A worker that finds nothing becomes the driver if nobody is: it fires timers
//   and waits in the reactor's epoll_wait until the next deadline. The other idle workers
//   sleep on a condition variable. Queuing work while a worker is idle and none is searching
//   wakes one (a sleeper, else the driver through the reactor's eventfd); a woken worker
//   searches, and the last searcher to find work wakes another, so work spreads without a
//   thundering herd. Every 61 tasks a busy worker also polls the reactor (without waiting)
//   and looks at the injection queue first, so neither starves behind a long local queue.
// * Deadlock. When every worker is idle, no timer is pending, no task waits for an fd and no
//   blocking work runs, nothing can wake anyone: the fatal deadlock message, as with one
//   worker.
#pragma once
#include <atomic>
#include <condition_variable>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "asr/spin_lock.hpp"
#include "executor.hpp"
#include "local_queue.hpp"
#include "reactor.hpp"
#include "timer_queue.hpp"

namespace asr::rt {

class WorkStealing final : public Executor, private BlockingWaker {
 public:
  explicit WorkStealing(unsigned workers);
  ~WorkStealing() override;
  WorkStealing(const WorkStealing&) = delete;
  WorkStealing& operator=(const WorkStealing&) = delete;

  // Runs the workers (this thread is worker 0) until `root` is done.
  void run(std::coroutine_handle<> root, FrameArena* root_arena);

  void wake(Ready r) override;
  void yield(Ready r) override { wake(r); }  // (the running task: queued when it suspended)
  void spawn(Ready r) override;
  void schedule_at(Nanos deadline, Ready r, TimerId* slot) override;
  void call_at(Nanos deadline, void (*fn)(void*), void* arg, TimerId* slot) override;
  bool cancel_timer(TimerId* slot) noexcept override;
  BlockingWaker* begin_blocking() noexcept override;
  Reactor& reactor() noexcept override { return reactor_; }

 private:
  struct Worker {
    WorkStealing* owner = nullptr;
    unsigned index = 0;
    LocalQueue queue;
    SpinLock lifo_lock;  // the slot (thieves take it too)
    Ready lifo{};
    std::atomic<bool> lifo_full{false};
    unsigned lifo_streak = 0;
    uint32_t tick = 0;
    bool searching = false;
    uint64_t rng = 0;
  };
  static constexpr unsigned kLifoStreak = 3;
  static thread_local Worker* t_worker_;
  static constexpr uint32_t kMaintenanceInterval = 61;

  void finish(Ready r) noexcept override;  // BlockingWaker

  void worker_main(Worker& w);
  bool find_work(Worker& w, Ready& out);
  bool take_injected(Worker& w, Ready& out);
  bool take_lifo(Worker& w, Ready& out);
  bool steal(Worker& w, Ready& out);
  void run_task(Worker& w, Ready r);
  void push(Ready r, bool lifo);
  void push_local(Worker& w, Ready r);
  void inject(Ready r);
  void work_queued();
  void stop_searching(Worker& w);
  bool work_visible(const Worker& w) const;
  void park(Worker& w);
  void drive(Worker& w);
  void fire_timers();
  bool deadlock_possible() const;
  void update_next_deadline_locked();
  template <class Push>
  void add_timer(Nanos deadline, Push push);  // push() under the lock, then wake the driver

  std::vector<std::unique_ptr<Worker>> workers_;
  std::coroutine_handle<> root_;
  FrameArena* root_arena_ = nullptr;
  std::atomic<bool> done_{false};

  std::mutex inject_mu_;
  std::deque<Ready> injected_;
  std::atomic<std::size_t> injected_count_{0};

  std::mutex timers_mu_;
  TimerQueue timers_;
  std::atomic<uint64_t> next_deadline_{UINT64_MAX};  // the earliest pending timer (clamped)

  Reactor reactor_;
  std::atomic<std::size_t> blocking_{0};  // begun and not finished

  // Idle workers: sleepers wait on the condition variable, the driver in epoll_wait.
  std::mutex idle_mu_;
  std::condition_variable idle_cv_;
  unsigned sleepers_ = 0;  // (idle_mu_)
  unsigned wakeups_ = 0;   // (idle_mu_) notifications not yet taken by a sleeper
  std::atomic<unsigned> idle_{0};
  std::atomic<unsigned> searching_{0};
  std::atomic<bool> driving_{false};
  std::atomic<bool> driver_notified_{false};
};

}  // namespace asr::rt
