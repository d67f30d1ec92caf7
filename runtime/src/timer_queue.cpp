#include "timer_queue.hpp"

#include <algorithm>

namespace asr::rt {

void TimerQueue::add(Entry e) {
  e.id = next_id_++;
  *e.slot = e.id;
  heap_.push_back(e);
  std::push_heap(heap_.begin(), heap_.end(), later);
}

void TimerQueue::push(Nanos deadline, Ready r, TimerId* slot) {
  add(Entry{deadline, 0, r, nullptr, nullptr, slot});
}

void TimerQueue::push_call(Nanos deadline, void (*fn)(void*), void* arg, TimerId* slot) {
  add(Entry{deadline, 0, Ready{}, fn, arg, slot});
}

TimerQueue::Cancel TimerQueue::cancel(TimerId* slot) {
  TimerId id = *slot;
  if (id == 0) return Cancel::Fired;
  if (id == kFiring) return Cancel::Firing;
  *slot = 0;
  dead_.insert(id);
  if (dead_.size() > 32 && dead_.size() * 2 > heap_.size()) compact();
  return Cancel::Cancelled;
}

void TimerQueue::purge_top() noexcept {
  while (!heap_.empty() && !dead_.empty()) {
    auto it = dead_.find(heap_.front().id);
    if (it == dead_.end()) return;
    dead_.erase(it);
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
}

void TimerQueue::compact() {
  std::erase_if(heap_, [this](const Entry& e) { return dead_.count(e.id) != 0; });
  dead_.clear();
  std::make_heap(heap_.begin(), heap_.end(), later);
}

bool TimerQueue::pop_expired(Nanos now, Fired& out) {
  purge_top();
  if (heap_.empty() || heap_.front().deadline > now) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Entry& e = heap_.back();
  out = Fired{e.r, e.fn, e.arg, e.slot};
  *e.slot = e.fn != nullptr ? kFiring : 0;  // the owner is alive: its timer had not fired
  heap_.pop_back();
  return true;
}

}  // namespace asr::rt
