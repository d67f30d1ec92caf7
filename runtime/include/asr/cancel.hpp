// Cancellation: the task tree's regions, the running task, and checkpoints.
//
// Every task (the root task of block_on, each spawned child) is a TaskNode: its frame arena,
// its root cancellation region, its innermost region, and the checkpoint it is parked at.
// Regions form one tree across tasks: a scope/timeout/cancel_scope/shield pushes a region
// nested in the running task's innermost one, and a child task's root region is nested in
// its scope's region. A region is *cancelled* if it or an ancestor has its flag set, looking
// no further up than the nearest shield: cancellation flows down, never up, and is
// level-triggered (it stays visible until control leaves the region).
//
// The scheduler finds the running task through the current arena (FrameArena::task()), so a
// wake-up `rt::schedule(h, arena)` also restores the task. A coroutine queued with
// `rt::schedule(h)` that is not a spawned child runs as part of the task that queued it
// (same node, same regions): only task_tree's spawn makes a new task.
//
// Checkpoints (suspending std primitives): on entry, throw Cancelled if the region is
// cancelled; while parked, register a Checkpoint so that cancelling a region above wakes the
// task (`interrupt` undoes the wait); on resumption, throw Cancelled if interrupted. See
// TimerAwaiter in asr/scheduler.hpp for the pattern.
//
// Several workers: a region's flag is an atomic (read relaxed by the level-triggered check,
// repeated at every checkpoint); the tree's links change only under one lock (link/unlink,
// the cancel walk), and a task's `parked` checkpoint under the task's own lock, so a
// canceller's interrupt and the task's own park/unpark never overlap. Lock order: the tree,
// then a task, then a primitive's own lock (timers, waiter lists, scopes, the reactor);
// nothing calls rt::cancel while holding one of the latter.
#pragma once
#include <atomic>
#include <coroutine>
#include <cstdint>

#include "asr/frame_alloc.hpp"
#include "asr/panic.hpp"
#include "asr/spin_lock.hpp"

namespace asr::rt {

class TaskNode;

// A node of the cancellation tree. Lives in a coroutine frame (scope, timeout, ...) or in a
// TaskNode (a task's root region); must be popped/unlinked before it dies.
class CancelRegion {
 public:
  CancelRegion() noexcept = default;
  explicit CancelRegion(bool is_shield) noexcept : shield(is_shield) {}
  CancelRegion(const CancelRegion&) = delete;
  CancelRegion& operator=(const CancelRegion&) = delete;

  // The region's own flag (set by rt::cancel); see is_cancelled() for the effective state.
  bool cancelled_here() const noexcept { return cancelled.load(std::memory_order_relaxed); }
  // Cancelled here or above, up to the nearest shield. (The chain above a task's innermost
  // region changes only by that task's own pushes and pops, so it needs no lock.)
  bool is_cancelled() const noexcept {
    for (const CancelRegion* r = this; r != nullptr; r = r->parent) {
      if (r->cancelled.load(std::memory_order_relaxed)) return true;
      if (r->shield) return false;
    }
    return false;
  }

  CancelRegion* parent = nullptr;
  TaskNode* task = nullptr;  // the task whose code runs in this region
  std::atomic<bool> cancelled{false};
  bool shield = false;       // cancellation of ancestors does not reach below

  // Children (nested regions of the same task, root regions of child tasks), oldest first,
  // so that a cancellation wakes tasks in the order they were spawned.
  CancelRegion* first_child = nullptr;
  CancelRegion* last_child = nullptr;
  CancelRegion* next_sibling = nullptr;
  CancelRegion* prev_sibling = nullptr;
};

// Links `r` as the last child of `parent`; unlinks it from its parent.
void link_region(CancelRegion* r, CancelRegion* parent) noexcept;
void unlink_region(CancelRegion* r) noexcept;

// Where a parked task waits, and how to stop waiting. Lives in the awaiter (coroutine frame)
// from await_suspend to await_resume.
struct Checkpoint {
  std::coroutine_handle<> h;
  FrameArena* arena = nullptr;
  // Called by a canceller (any thread, holding the task's lock; the task may still be on its
  // way to suspending): undo the wait and return true, or return false if the wait has
  // already completed (the task is queued, or will be). Takes the primitive's own lock.
  bool (*interrupt)(void* self) noexcept = nullptr;
  void* self = nullptr;
  bool interrupted = false;  // set by rt::cancel when interrupt returned true
};

// A task: its arena, root region, innermost region, parked checkpoint, and its run state for
// the scheduler.
class TaskNode {
 public:
  TaskNode() noexcept {
    arena.set_task(this);
    root.task = this;
  }
  TaskNode(const TaskNode&) = delete;
  TaskNode& operator=(const TaskNode&) = delete;

  FrameArena arena;  // first: destroyed last
  CancelRegion root;
  CancelRegion* current = &root;  // innermost region the task's code runs in
  Checkpoint* parked = nullptr;   // the checkpoint the task is suspended at, if any (park_lock)
  SpinLock park_lock;
  bool spawned = false;           // a child of a scope (not the program's main task)

  // The scheduler's view (several workers): a task is resumed by one worker at a time. A
  // wake-up of a task that is still running (it registered its wait, and its stack has not
  // unwound to the worker yet) is kept in `notified` and queued by that worker when the
  // resume returns, so a task never runs on two threads at once and its worker is done with
  // its arena before anyone else touches it. (The one-worker scheduler does not need this.)
  enum RunState : uint8_t { kIdle, kQueued, kRunning, kNotified };
  std::atomic<uint8_t> run_state{kIdle};
  // (An atomic: a waker that loses its CAS has written it anyway, unordered with the next.)
  std::atomic<void*> notified{nullptr};
};

// When a task's root coroutine ends, it calls this (from its final suspend) instead of
// announcing its end itself: the worker runs `fn(arg)` once the resume that ended the task
// has returned, when nothing of the task is in use any more (its arena may then be freed).
void defer_task_end(void (*fn)(void*), void* arg) noexcept;
// The worker's side: did the last resume end a task? Runs its deferred end.
bool task_end_pending() noexcept;
void run_task_end() noexcept;

// The running task (null outside the scheduler, or for a coroutine scheduled with an arena
// that belongs to no task).
inline TaskNode* current_task() noexcept {
  FrameArena* a = t_current_arena;
  return a != nullptr ? a->task() : nullptr;
}

// Is the running task's innermost region cancelled?
inline bool cancel_requested() noexcept {
  TaskNode* t = current_task();
  return t != nullptr && t->current->is_cancelled();
}

[[noreturn]] void throw_cancelled();

// ASR_CANCEL_AT=n (a debugging switch, read by run_main): the main task's root region is
// cancelled when the program reaches its n-th checkpoint (counted over every task, at the
// checkpoint's entry; deterministic under ASR_SEED). `g_cancel_at_left` counts down to it
// (0: off, or already fired).
extern std::atomic<long long> g_cancel_at_left;
void cancel_at_fire() noexcept;
// Arms the switch (run_main); n <= 0 disarms it.
void cancel_at_arm(long long n) noexcept;
// The region to cancel: block_on passes its root task's (and nullptr when it ends); only the
// outermost block_on of an armed run is taken.
void cancel_at_set_root(CancelRegion* r) noexcept;
// Did the switch fire (and at which n)?
bool cancel_at_fired() noexcept;
long long cancel_at_n() noexcept;

// The entry of a checkpoint: counts it for ASR_CANCEL_AT, then cancel_requested().
inline bool checkpoint_entry() noexcept {
  if (g_cancel_at_left.load(std::memory_order_relaxed) != 0) [[unlikely]] {
    if (current_task() != nullptr && g_cancel_at_left.fetch_sub(1) == 1) cancel_at_fire();
  }
  return cancel_requested();
}

// Sets `r`'s flag and wakes every task parked at a checkpoint in a region under `r` (not
// behind a shield): their checkpoints then throw Cancelled.
void cancel(CancelRegion* r) noexcept;

// Pushes a region nested in the running task's innermost one for its lifetime. Outside any
// task it is a detached region (never cancelled from above).
class RegionGuard {
 public:
  explicit RegionGuard(bool shield = false) noexcept;
  ~RegionGuard();
  RegionGuard(const RegionGuard&) = delete;
  RegionGuard& operator=(const RegionGuard&) = delete;
  CancelRegion& region() noexcept { return region_; }
  const CancelRegion& region() const noexcept { return region_; }

 private:
  CancelRegion region_;
  CancelRegion* saved_ = nullptr;  // the task's previous innermost region
};

// Checkpoint bookkeeping for awaiters: park in await_suspend (after registering the wait),
// unpark in await_resume. A cancellation that came between the entry check and the park
// (from another worker) found nothing parked: park sees its flag and interrupts the wait
// itself, so the task is queued again as soon as it has suspended.
void park_cancelled(TaskNode* t, Checkpoint& cp) noexcept;
inline void park(Checkpoint& cp) noexcept {
  TaskNode* t = current_task();
  if (t == nullptr) return;
  t->park_lock.lock();
  t->parked = &cp;
  bool cancelled = t->current->is_cancelled();
  t->park_lock.unlock();
  if (cancelled) [[unlikely]] park_cancelled(t, cp);
}
inline void unpark() noexcept {
  if (TaskNode* t = current_task()) {
    t->park_lock.lock();
    t->parked = nullptr;
    t->park_lock.unlock();
  }
}

}  // namespace asr::rt
