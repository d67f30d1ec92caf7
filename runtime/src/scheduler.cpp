// Single-worker scheduler: run queue + timer queue + time driver.
//
// Loop: move expired timers (in (deadline, seq) order) to the run queue; run the tasks
// that were ready at the start of the batch (tasks made ready meanwhile wait for the next
// batch, so yield loops cannot starve timers); when nothing is ready, park until the
// earliest deadline (real sleep, or a jump of the virtual clock).
#include <cstdio>
#include <cstdlib>

#include "asr/io.hpp"
#include "asr/scheduler.hpp"
#include "run_queue.hpp"
#include "scheduler_impl.hpp"
#include "time_driver.hpp"
#include "timer_queue.hpp"

namespace asr::rt {
namespace {

class Scheduler {
 public:
  explicit Scheduler(const SchedulerConfig& c) : rng_(c.seed), random_(c.seed != 0) {}

  void schedule(std::coroutine_handle<> h) { ready_.push(h); }
  void schedule_at(Nanos deadline, std::coroutine_handle<> h) { timers_.push(deadline, h); }

  void run(std::coroutine_handle<> root) {
    ready_.push(root);
    while (!root.done()) {
      fire_expired();
      if (ready_.empty()) {
        if (timers_.empty()) deadlock();
        time_driver::park_until(timers_.next_deadline());
        continue;
      }
      for (std::size_t n = ready_.size(); n > 0 && !ready_.empty(); --n) {
        next().resume();
        if (root.done()) return;
      }
    }
  }

 private:
  void fire_expired() {
    if (timers_.empty()) return;
    Nanos t = now();
    std::coroutine_handle<> h;
    while (timers_.pop_expired(t, h)) ready_.push(h);
  }

  std::coroutine_handle<> next() {
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

  [[noreturn]] static void deadlock() {
    stdout_flush_at_exit();
    stderr_write("fatal runtime error: deadlock: every task is blocked and no timer is pending\n");
    std::abort();
  }

  RunQueue ready_;
  TimerQueue timers_;
  uint64_t rng_;
  bool random_;
};

thread_local Scheduler* t_current = nullptr;

[[noreturn]] void no_scheduler() {
  stderr_write("fatal runtime error: a task suspended outside of the ASR runtime\n");
  std::abort();
}

}  // namespace

void schedule(std::coroutine_handle<> h) {
  if (t_current == nullptr) no_scheduler();
  t_current->schedule(h);
}

void schedule_at(Nanos deadline, std::coroutine_handle<> h) {
  if (t_current == nullptr) no_scheduler();
  t_current->schedule_at(deadline, h);
}

SchedulerConfig config_from_env() noexcept {
  SchedulerConfig c;
  if (const char* s = std::getenv("ASR_SEED"); s != nullptr && *s != '\0') {
    c.virtual_clock = true;
    c.seed = std::strtoull(s, nullptr, 10);
  }
  return c;
}

void block_on(std::coroutine_handle<> root, const SchedulerConfig& config) {
  time_driver::init(config.virtual_clock);
  Scheduler s(config);
  Scheduler* prev = t_current;
  t_current = &s;
  struct Restore {
    Scheduler* prev;
    ~Restore() {
      t_current = prev;
      if (prev == nullptr) time_driver::init(false);  // back to the real clock
    }
  } restore{prev};
  s.run(root);
}

}  // namespace asr::rt
