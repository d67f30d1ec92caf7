// Cancellation regions: tree links, the cancel walk, region guards (see asr/cancel.hpp).
#include "asr/cancel.hpp"

#include <string>

#include "asr/io.hpp"
#include "asr/scheduler.hpp"

namespace asr::rt {

void link_region(CancelRegion* r, CancelRegion* parent) noexcept {
  r->parent = parent;
  r->next_sibling = nullptr;
  r->prev_sibling = parent->last_child;
  if (parent->last_child != nullptr) parent->last_child->next_sibling = r;
  else parent->first_child = r;
  parent->last_child = r;
}

void unlink_region(CancelRegion* r) noexcept {
  CancelRegion* p = r->parent;
  if (p == nullptr) return;
  if (r->prev_sibling != nullptr) r->prev_sibling->next_sibling = r->next_sibling;
  else p->first_child = r->next_sibling;
  if (r->next_sibling != nullptr) r->next_sibling->prev_sibling = r->prev_sibling;
  else p->last_child = r->prev_sibling;
  r->parent = r->prev_sibling = r->next_sibling = nullptr;
}

void throw_cancelled() { throw Cancelled{}; }

// ASR_CANCEL_AT (see asr/cancel.hpp).
long long g_cancel_at_left = 0;

namespace {
long long g_cancel_at_n = 0;
CancelRegion* g_cancel_at_root = nullptr;
bool g_cancel_at_fired = false;
}  // namespace

void cancel_at_arm(long long n) noexcept {
  g_cancel_at_n = n > 0 ? n : 0;
  g_cancel_at_left = g_cancel_at_n;
  g_cancel_at_fired = false;
}

void cancel_at_set_root(CancelRegion* r) noexcept {
  if (r == nullptr) {
    g_cancel_at_root = nullptr;
    g_cancel_at_left = 0;  // the run is over
  } else if (g_cancel_at_root == nullptr && g_cancel_at_left != 0) {
    g_cancel_at_root = r;
  }
}

void cancel_at_fire() noexcept {
  if (g_cancel_at_root == nullptr) return;
  g_cancel_at_fired = true;
  std::string msg = "asr: ASR_CANCEL_AT=" + std::to_string(g_cancel_at_n) +
                    ": cancelling the main task at this checkpoint\n";
  stderr_write(Str(msg.data(), msg.size()));
  cancel(g_cancel_at_root);
}

bool cancel_at_fired() noexcept { return g_cancel_at_fired; }
long long cancel_at_n() noexcept { return g_cancel_at_n; }

namespace {

// Wakes `t` if `r` is its innermost region and it is parked at a checkpoint.
void wake_if_parked_in(CancelRegion* r) noexcept {
  TaskNode* t = r->task;
  if (t == nullptr || t->current != r) return;
  Checkpoint* cp = t->parked;
  if (cp == nullptr || cp->interrupted) return;
  if (!cp->interrupt(cp->self)) return;  // already woken normally: it will see the flag
  cp->interrupted = true;
  schedule(cp->h, cp->arena);
}

}  // namespace

void cancel(CancelRegion* r) noexcept {
  bool was = r->is_cancelled();
  r->cancelled = true;
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
  link_region(&region_, saved_);
  t->current = &region_;
}

RegionGuard::~RegionGuard() {
  if (region_.task == nullptr) return;
  unlink_region(&region_);
  region_.task->current = saved_;
}

}  // namespace asr::rt
