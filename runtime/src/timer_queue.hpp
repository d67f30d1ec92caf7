// Pending timers: a binary min-heap keyed by (deadline, sequence number), so timers with
// equal deadlines fire in the order they were registered.
//
// A timer either makes a coroutine ready (a sleeper) or calls a function (a `timeout`
// deadline). Timers can be cancelled (a cancelled sleeper, a timeout whose body finished):
// cancellation is lazy — the id goes into a tombstone set and the entry is dropped when it
// reaches the top — so a cancelled timer never fires, never counts for next_deadline()
// (the virtual clock does not jump to it) and never keeps empty() false. When tombstones
// outnumber live entries the heap is rebuilt without them, so a loop of short timeouts
// with long deadlines does not grow the heap without bound.
#pragma once
#include <coroutine>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "asr/clock.hpp"
#include "asr/scheduler.hpp"
#include "run_queue.hpp"

namespace asr::rt {

class TimerQueue {
 public:
  // What a fired timer does: push `r` (fn == null) or call fn(arg).
  struct Fired {
    Ready r;
    void (*fn)(void*);
    void* arg;
    TimerId* slot;  // a call timer's, for call_done
  };

  // A call timer's slot while its function runs (popped, not yet call_done).
  static constexpr TimerId kFiring = ~TimerId(0);

  // Registers a timer and stores its id (never 0) in *slot, which is set to 0 when it fires
  // (kFiring then 0 for a call timer); the owner keeps the slot alive until then or cancels.
  void push(Nanos deadline, Ready r, TimerId* slot);
  void push_call(Nanos deadline, void (*fn)(void*), void* arg, TimerId* slot);
  enum class Cancel : uint8_t { Cancelled, Fired, Firing };
  // Cancels the timer in *slot if pending (and zeroes the slot).
  Cancel cancel(TimerId* slot);
  // After a fired call timer's function returned.
  static void call_done(TimerId* slot) noexcept { *slot = 0; }

  bool empty() noexcept {
    purge_top();
    return heap_.empty();
  }
  // Live entries plus tombstoned ones not yet dropped (tests).
  std::size_t size() const noexcept { return heap_.size(); }
  // Precondition: !empty().
  Nanos next_deadline() noexcept {
    purge_top();
    return heap_.front().deadline;
  }
  // Removes the earliest live timer into `out` if its deadline is <= now.
  bool pop_expired(Nanos now, Fired& out);

 private:
  struct Entry {
    Nanos deadline;
    TimerId id;  // registration order too
    Ready r;
    void (*fn)(void*);
    void* arg;          // fn's argument
    TimerId* slot;      // the owner's
  };
  // Heap order: "a after b" (std heaps are max-heaps).
  static bool later(const Entry& a, const Entry& b) noexcept {
    return a.deadline != b.deadline ? a.deadline > b.deadline : a.id > b.id;
  }
  void add(Entry e);
  void purge_top() noexcept;  // drops tombstoned entries from the top
  void compact();             // rebuilds the heap without tombstoned entries

  std::vector<Entry> heap_;
  std::unordered_set<TimerId> dead_;
  TimerId next_id_ = 1;
};

}  // namespace asr::rt
