// The I/O driver: one epoll instance per runtime, kept apart from the scheduler (Tokio
// style). Fds are added once, edge-triggered for both directions; an event marks the fd
// ready and wakes its parked reader / writer through rt::schedule(h, arena), so whichever
// worker polls, the task resumes with its own arena. An eventfd in the same set lets other
// threads (the blocking pool) interrupt a poll.
#pragma once
#include <cstddef>
#include <cstdint>

#include "asr/clock.hpp"
#include "asr/io_driver.hpp"

namespace asr::rt {

class Reactor {
 public:
  Reactor();
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // Adds src.fd to the set (once per reactor); sets src.reactor.
  void add(IoSource& src);
  void park(IoSource& src, Interest d, IoWaiter* w);
  bool unpark(IoSource& src, Interest d, IoWaiter* w) noexcept;
  // Parked readers and writers: while there are any, an idle scheduler must poll.
  std::size_t waiters() const noexcept { return waiters_; }

  // Waits up to timeout_ms (-1: no limit; 0: just look) for events, marks fds ready and
  // schedules their waiters (call on a thread running the scheduler). Returns the number
  // of tasks woken; a notify() counts as one event but wakes no task.
  std::size_t poll(int timeout_ms);
  // Thread-safe: makes the current or next poll return.
  void notify() noexcept;

 private:
  uint64_t id_;  // unique per process: tells a new reactor from a dead one at the same address
  int epfd_ = -1;
  int eventfd_ = -1;
  std::size_t waiters_ = 0;
};

// Milliseconds for epoll_wait until `deadline` on the real clock, rounded up (so a timer is
// never polled for too early and spun on); -1 for none.
int poll_timeout_ms(bool has_deadline, Nanos deadline) noexcept;

}  // namespace asr::rt
