// Blocking work (DESIGN.md §2, `std::task::spawn_blocking`): a pool of threads that run
// blocking closures, and the wake-up of the scheduler from such a thread.
//
//   T v = co_await asr::rt::blocking(f);   // f() runs on a pool thread; the task suspends
//
// * The calling task suspends until f returned on a pool thread (its value, or its panic,
//   rethrown in the task). The wait is not a checkpoint: a task cancelled meanwhile still
//   waits for f to finish (it cannot be interrupted), then observes the cancellation at its
//   next checkpoint; f's value is returned, not thrown away.
// * While blocking work is pending, the scheduler waits in its reactor's epoll_wait, which
//   the pool thread ends through an eventfd (until the work finishes, an fd is ready, or the
//   next timer's deadline on the real clock) instead of reporting
//   a deadlock. The virtual clock (ASR_SEED) does not jump while blocking work is pending:
//   only when every task waits for a timer.
// * Pool threads are started on demand (one per job that finds no idle thread, at most 64)
//   and then wait for more work until the process exits.
#pragma once
#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "asr/frame_alloc.hpp"
#include "asr/int.hpp"

namespace asr::rt {

// A piece of work for the pool: `run(job)` on a pool thread.
struct BlockingJob {
  void (*run)(BlockingJob*) = nullptr;
  BlockingJob* next = nullptr;
};

// The running scheduler's side of pending blocking work.
class BlockingWaker;

// On the scheduler's thread, in an awaiter's await_suspend: one more piece of blocking work
// is pending on the running scheduler.
BlockingWaker* begin_blocking() noexcept;
// From any thread, once per begin_blocking: makes `h` (of the task whose arena is `arena`)
// ready on that scheduler, and ends that piece of work. The caller must not touch what `h`
// owns afterwards.
void finish_blocking(BlockingWaker* w, std::coroutine_handle<> h, FrameArena* arena) noexcept;
// Runs job->run(job) on a pool thread.
void submit_blocking(BlockingJob* job);

namespace detail {
template <class F>
using BlockingResult = std::conditional_t<std::is_void_v<std::invoke_result_t<F&>>, Unit, std::invoke_result_t<F&>>;
}  // namespace detail

// `co_await blocking(f)`: f() on a pool thread (a plain function: it must not suspend).
template <class F>
class BlockingAwaiter : BlockingJob {
 public:
  using R = detail::BlockingResult<F>;
  explicit BlockingAwaiter(F f) : f_(std::move(f)) {}
  BlockingAwaiter(const BlockingAwaiter&) = delete;
  BlockingAwaiter& operator=(const BlockingAwaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    h_ = h;
    arena_ = current_arena();
    waker_ = begin_blocking();
    run = &exec;
    submit_blocking(this);
  }
  R await_resume() {
    if (error_) std::rethrow_exception(error_);
    return std::move(*value_);
  }

 private:
  static void exec(BlockingJob* j) {
    auto* a = static_cast<BlockingAwaiter*>(j);
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
        a->f_();
        a->value_.emplace(Unit{});
      } else {
        a->value_.emplace(a->f_());
      }
    } catch (...) {
      a->error_ = std::current_exception();
    }
    finish_blocking(a->waker_, a->h_, a->arena_);  // (the last touch of *a)
  }

  F f_;
  std::optional<R> value_;
  std::exception_ptr error_;
  std::coroutine_handle<> h_;
  FrameArena* arena_ = nullptr;
  BlockingWaker* waker_ = nullptr;
};

template <class F>
BlockingAwaiter<F> blocking(F f) {
  return BlockingAwaiter<F>(std::move(f));
}

}  // namespace asr::rt
