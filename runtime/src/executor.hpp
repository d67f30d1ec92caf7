// What the free functions of asr/scheduler.hpp (and the reactor, the blocking pool) reach:
// the running scheduler, one of two kinds —
//  * SingleWorker (scheduler.cpp): one thread, FIFO or seeded-random order, real or virtual
//    time; the deterministic modes (ASR_SEED) and ASR_WORKERS=1;
//  * WorkStealing (work_stealing.cpp): ASR_WORKERS threads with local queues, stealing, an
//    injection queue, one shared timer queue and reactor.
// Each worker thread points `t_executor` at its scheduler while it runs tasks.
#pragma once
#include <coroutine>
#include <cstdint>

#include "asr/clock.hpp"
#include "asr/scheduler.hpp"
#include "run_queue.hpp"

namespace asr::rt {

class Reactor;
class BlockingWaker;

class Executor {
 public:
  virtual ~Executor() = default;

  // A waiting task became ready (a wake-up, from any thread).
  virtual void wake(Ready r) = 0;
  // The running task goes to the back of the queue (yield_now).
  virtual void yield(Ready r) = 0;
  // A new task's first coroutine: at the back of the queue.
  virtual void spawn(Ready r) = 0;

  virtual void schedule_at(Nanos deadline, Ready r, TimerId* slot) = 0;
  virtual void call_at(Nanos deadline, void (*fn)(void*), void* arg, TimerId* slot) = 0;
  virtual bool cancel_timer(TimerId* slot) noexcept = 0;

  virtual BlockingWaker* begin_blocking() noexcept = 0;
  virtual Reactor& reactor() noexcept = 0;
};

// Blocking work finishing on a pool thread hands its task back through this.
class BlockingWaker {
 public:
  virtual void finish(Ready r) noexcept = 0;

 protected:
  ~BlockingWaker() = default;
};

extern thread_local Executor* t_executor;

// Runs `r` on this thread as its task: makes its arena current (which also names the task),
// sets the eager-call stack budget, resumes, runs the deferred starts (task.hpp), trims the
// arena. Returns true if the task's root coroutine ended during the resume: the caller then
// runs its deferred end (run_task_end) and must not touch the task before.
bool resume_task(Ready r) noexcept;

// Every task is blocked and nothing (timer, fd, blocking work) can wake one.
[[noreturn]] void deadlock();

}  // namespace asr::rt
