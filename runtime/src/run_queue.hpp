// Ready tasks (suspended coroutine handles), FIFO. One per worker; the work-stealing
// scheduler will replace the deque with a bounded local queue plus a shared injector.
#pragma once
#include <coroutine>
#include <deque>

namespace asr::rt {

class RunQueue {
 public:
  void push(std::coroutine_handle<> h) { q_.push_back(h); }
  bool empty() const noexcept { return q_.empty(); }
  std::size_t size() const noexcept { return q_.size(); }
  // Precondition: !empty().
  std::coroutine_handle<> pop() {
    auto h = q_.front();
    q_.pop_front();
    return h;
  }
  // Removes and returns the i-th oldest entry (seeded random order). Precondition: i < size().
  std::coroutine_handle<> take_at(std::size_t i) {
    auto h = q_[i];
    q_.erase(q_.begin() + std::ptrdiff_t(i));
    return h;
  }

 private:
  std::deque<std::coroutine_handle<>> q_;
};

}  // namespace asr::rt
