// Cancellation regions: tree links, the cancel walk, region guards (see asr/cancel.hpp).
#include "asr/cancel.hpp"

#include <mutex>
#include <string>

#include "asr/io.hpp"
#include "asr/scheduler.hpp"

namespace asr::rt {

namespace {
// Guards every region's links (and TaskNode::current) in every tree of the process: links
// change on scope entry/exit and spawn, and are walked by a cancellation. (A spin lock: it
// is held for a few pointer updates or one cancel walk, and taken twice per spawned task.)
SpinLock g_tree_lock;

// The end of a task whose root coroutine finished during the current resume (defer_task_end).
struct TaskEnd {
  void (*fn)(void*) = nullptr;
  void* arg = nullptr;
};
constinit thread_local TaskEnd t_task_end;
}  // namespace

void defer_task_end(void (*fn)(void*), void* arg) noexcept { t_task_end = TaskEnd{fn, arg}; }

bool task_end_pending() noexcept { return t_task_end.fn != nullptr; }

void run_task_end() noexcept {
  if (t_task_end.fn == nullptr) return;
  TaskEnd e = t_task_end;
  t_task_end = TaskEnd{};
  e.fn(e.arg);
}

namespace {

void link_locked(CancelRegion* r, CancelRegion* parent) noexcept {
  r->parent = parent;
  r->next_sibling = nullptr;
  r->prev_sibling = parent->last_child;
  if (parent->last_child != nullptr) parent->last_child->next_sibling = r;
  else parent->first_child = r;
  parent->last_child = r;
}

void unlink_locked(CancelRegion* r) noexcept {
  CancelRegion* p = r->parent;
  if (p == nullptr) return;
  if (r->prev_sibling != nullptr) r->prev_sibling->next_sibling = r->next_sibling;
  else p->first_child = r->next_sibling;
  if (r->next_sibling != nullptr) r->next_sibling->prev_sibling = r->prev_sibling;
  else p->last_child = r->prev_sibling;
  r->parent = r->prev_sibling = r->next_sibling = nullptr;
}

}  // namespace

void link_region(CancelRegion* r, CancelRegion* parent) noexcept {
  std::lock_guard<SpinLock> l(g_tree_lock);
  link_locked(r, parent);
}

void unlink_region(CancelRegion* r) noexcept {
  std::lock_guard<SpinLock> l(g_tree_lock);
  unlink_locked(r);
}

void throw_cancelled() { throw Cancelled{}; }

// ASR_CANCEL_AT (see asr/cancel.hpp).
std::atomic<long long> g_cancel_at_left{0};

namespace {
long long g_cancel_at_n = 0;
CancelRegion* g_cancel_at_root = nullptr;  // set before the run starts
std::atomic<bool> g_cancel_at_fired{false};
}  // namespace

void cancel_at_arm(long long n) noexcept {
  g_cancel_at_n = n > 0 ? n : 0;
  g_cancel_at_left.store(g_cancel_at_n);
  g_cancel_at_fired.store(false);
}

void cancel_at_set_root(CancelRegion* r) noexcept {
  if (r == nullptr) {
    g_cancel_at_root = nullptr;
    g_cancel_at_left.store(0);  // the run is over
  } else if (g_cancel_at_root == nullptr && g_cancel_at_left.load() != 0) {
    g_cancel_at_root = r;
  }
}

void cancel_at_fire() noexcept {
  if (g_cancel_at_root == nullptr) return;
  g_cancel_at_fired.store(true);
  std::string msg = "asr: ASR_CANCEL_AT=" + std::to_string(g_cancel_at_n) +
                    ": cancelling the main task at this checkpoint\n";
  stderr_write(Str(msg.data(), msg.size()));
  cancel(g_cancel_at_root);
}

bool cancel_at_fired() noexcept { return g_cancel_at_fired.load(); }
long long cancel_at_n() noexcept { return g_cancel_at_n; }

namespace {

// Interrupts `t`'s wait at `cp` if it is still parked there and not woken yet; then queues it.
// (The task's lock keeps its unpark, and a second interrupt, out.)
void interrupt_parked(TaskNode* t, Checkpoint* expected) noexcept {
  t->park_lock.lock();
  Checkpoint* cp = t->parked;
  bool woke = cp != nullptr && (expected == nullptr || cp == expected) && !cp->interrupted &&
              cp->interrupt(cp->self);  // false: already woken normally; it will see the flag
  if (woke) cp->interrupted = true;
  std::coroutine_handle<> h = woke ? cp->h : std::coroutine_handle<>();
  FrameArena* arena = woke ? cp->arena : nullptr;
  t->park_lock.unlock();
  if (woke) schedule(h, arena);
}

// Wakes `t` if `r` is its innermost region and it is parked at a checkpoint.
void wake_if_parked_in(CancelRegion* r) noexcept {
  TaskNode* t = r->task;
  if (t == nullptr || t->current != r) return;
  interrupt_parked(t, nullptr);
}

}  // namespace

void park_cancelled(TaskNode* t, Checkpoint& cp) noexcept { interrupt_parked(t, &cp); }

void cancel(CancelRegion* r) noexcept {
  std::lock_guard<SpinLock> l(g_tree_lock);
  bool was = r->is_cancelled();
  r->cancelled.store(true);
  if (was) return;  // everything below has been woken already (level-triggered)
  // Pre-order walk of the subtree without a stack (parent links), skipping shields.
  CancelRegion* n = r;
  for (;;) {
    wake_if_parked_in(n);
    CancelRegion* c = n->first_child;
    while (c != nullptr && c->shield) c = c->next_sibling;
    if (c != nullptr) {
      n = c;
      continue;
    }
    // No unvisited child: the next non-shield sibling of n or of an ancestor below r.
    for (;;) {
      if (n == r) return;
      CancelRegion* s = n->next_sibling;
      while (s != nullptr && s->shield) s = s->next_sibling;
      if (s != nullptr) {
        n = s;
        break;
      }
      n = n->parent;
    }
  }
}

RegionGuard::RegionGuard(bool shield) noexcept : region_(shield) {
  TaskNode* t = current_task();
  if (t == nullptr) return;
  region_.task = t;
  saved_ = t->current;
  std::lock_guard<SpinLock> l(g_tree_lock);
  link_locked(&region_, saved_);
  t->current = &region_;
}

RegionGuard::~RegionGuard() {
  if (region_.task == nullptr) return;
  std::lock_guard<SpinLock> l(g_tree_lock);
  unlink_locked(&region_);
  region_.task->current = saved_;
}

}  // namespace asr::rt
