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
// One worker today. For work stealing: `cancelled` becomes an atomic flag (relaxed is enough
// for the level-triggered check, which is repeated at every checkpoint), the tree's child
// lists need a lock (links change on spawn/exit, walked on cancel), and Checkpoint::interrupt
// must win a CAS against the normal waker (today both run on the one worker).
#pragma once
#include <coroutine>

#include "asr/frame_alloc.hpp"
#include "asr/panic.hpp"

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
  bool cancelled_here() const noexcept { return cancelled; }
  // Cancelled here or above, up to the nearest shield.
  bool is_cancelled() const noexcept {
    for (const CancelRegion* r = this; r != nullptr; r = r->parent) {
      if (r->cancelled) return true;
      if (r->shield) return false;
    }
    return false;
  }

  CancelRegion* parent = nullptr;
  TaskNode* task = nullptr;  // the task whose code runs in this region
  bool cancelled = false;    // multi-worker: atomic
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
  // Called by a canceller (on the task's worker, with the task suspended): undo the wait and
  // return true, or return false if the wait has already completed (the task is queued).
  bool (*interrupt)(void* self) noexcept = nullptr;
  void* self = nullptr;
  bool interrupted = false;  // set by rt::cancel when interrupt returned true
};

// A task: its arena, root region, innermost region, and parked checkpoint.
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
  Checkpoint* parked = nullptr;   // the checkpoint the task is suspended at, if any
  bool spawned = false;           // a child of a scope (not the program's main task)
};

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
extern long long g_cancel_at_left;
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
  if (g_cancel_at_left != 0) [[unlikely]] {
    if (current_task() != nullptr && --g_cancel_at_left == 0) cancel_at_fire();
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
// unpark in await_resume.
inline void park(Checkpoint& cp) noexcept {
  if (TaskNode* t = current_task()) t->parked = &cp;
}
inline void unpark() noexcept {
  if (TaskNode* t = current_task()) t->parked = nullptr;
}

}  // namespace asr::rt
