// The I/O driver: one epoll instance per runtime, kept apart from the scheduler (Tokio
// style). Fds are added once, edge-triggered for both directions; an event counts an edge
// for the fd and wakes its parked reader / writer through rt::schedule(h, arena), so
// whichever worker polls, the task resumes with its own arena. An eventfd in the same set
// lets other threads (workers, the blocking pool) interrupt a poll.
//
// Thread safety: one worker polls at a time (the scheduler's business); registrations,
// waiter slots and the handling of events are under the reactor's lock. epoll reports a
// registration's token (slot index and generation), never a pointer, so an event for an fd
// closed meanwhile (on another worker, after epoll_wait returned) is recognised and dropped.
#pragma once
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "asr/clock.hpp"
#include "asr/io_driver.hpp"

namespace asr::rt {

class Reactor {
 public:
  Reactor();
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  uint64_t id() const noexcept { return id_; }
  // See io_park: false if an edge came after `seen`.
  bool park(IoSource& src, Interest d, IoWaiter* w, uint32_t seen);
  bool unpark(IoSource& src, Interest d, IoWaiter* w) noexcept;
  // Takes src out of the set (closing its fd) if it is registered here.
  void close(IoSource& src) noexcept;
  // Parked readers and writers: while there are any, an idle scheduler must poll.
  std::size_t waiters() const noexcept;

  // Waits up to timeout_ms (-1: no limit; 0: just look) for events, counts edges and
  // schedules the waiters (call on a thread running the scheduler, one at a time). Returns
  // the number of tasks woken; a notify() counts as one but wakes no task.
  std::size_t poll(int timeout_ms);
  // Thread-safe: makes the current or next poll return.
  void notify() noexcept;

 private:
  void add_locked(IoSource& src);

  struct Slot {
    IoSource* src = nullptr;
    uint32_t generation = 0;
  };
  uint64_t id_;  // unique per process: a source registered with a dead reactor is told apart
  int epfd_ = -1;
  int eventfd_ = -1;
  mutable std::mutex mu_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
  std::size_t waiters_ = 0;
};

// Milliseconds for epoll_wait until `deadline` on the real clock, rounded up (so a timer is
// never polled for too early and spun on); -1 for none.
int poll_timeout_ms(bool has_deadline, Nanos deadline) noexcept;

}  // namespace asr::rt
