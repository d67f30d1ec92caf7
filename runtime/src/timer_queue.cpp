#include "timer_queue.hpp"

#include <algorithm>

namespace asr::rt {

void TimerQueue::push(Nanos deadline, std::coroutine_handle<> h) {
  heap_.push_back(Entry{deadline, next_seq_++, h});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

bool TimerQueue::pop_expired(Nanos now, std::coroutine_handle<>& out) {
  if (heap_.empty() || heap_.front().deadline > now) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  out = heap_.back().h;
  heap_.pop_back();
  return true;
}

}  // namespace asr::rt
