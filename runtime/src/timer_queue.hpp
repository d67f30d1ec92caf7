// Pending timers: a binary min-heap keyed by (deadline, sequence number), so timers with
// equal deadlines fire in the order they were registered.
#pragma once
#include <coroutine>
#include <cstdint>
#include <vector>

#include "asr/clock.hpp"
#include "run_queue.hpp"

namespace asr::rt {

class TimerQueue {
 public:
  void push(Nanos deadline, Ready r);
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }
  // Precondition: !empty().
  Nanos next_deadline() const noexcept { return heap_.front().deadline; }
  // Removes the earliest timer into `out` if its deadline is <= now.
  bool pop_expired(Nanos now, Ready& out);

 private:
  struct Entry {
    Nanos deadline;
    uint64_t seq;
    Ready r;
  };
  // Heap order: "a after b" (std heaps are max-heaps).
  static bool later(const Entry& a, const Entry& b) noexcept {
    return a.deadline != b.deadline ? a.deadline > b.deadline : a.seq > b.seq;
  }
  std::vector<Entry> heap_;
  uint64_t next_seq_ = 0;
};

}  // namespace asr::rt
