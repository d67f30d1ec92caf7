// Ready tasks (suspended coroutine handles, each with its task's frame arena), FIFO. One
// per worker; the work-stealing scheduler will replace the deque with a bounded local queue
// plus a shared injector.
#pragma once
#include <coroutine>
#include <deque>

#include "asr/frame_alloc.hpp"

namespace asr::rt {

// A coroutine to resume and the arena its task allocates frames from (null: malloc).
struct Ready {
  std::coroutine_handle<> h;
  FrameArena* arena;
};

class RunQueue {
 public:
  void push(Ready r) { q_.push_back(r); }
  bool empty() const noexcept { return q_.empty(); }
  std::size_t size() const noexcept { return q_.size(); }
  // Precondition: !empty().
  Ready pop() {
    auto h = q_.front();
    q_.pop_front();
    return h;
  }
  // Removes and returns the i-th oldest entry (seeded random order). Precondition: i < size().
  Ready take_at(std::size_t i) {
    auto h = q_[i];
    q_.erase(q_.begin() + std::ptrdiff_t(i));
    return h;
  }

 private:
  std::deque<Ready> q_;
};

}  // namespace asr::rt
