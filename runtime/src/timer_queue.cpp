#include "timer_queue.hpp"

#include <algorithm>

namespace asr::rt {

void TimerQueue::push(Nanos deadline, Ready r) {
  heap_.push_back(Entry{deadline, next_seq_++, r});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

bool TimerQueue::pop_expired(Nanos now, Ready& out) {
  if (heap_.empty() || heap_.front().deadline > now) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  out = heap_.back().r;
  heap_.pop_back();
  return true;
}

}  // namespace asr::rt
