// The non-template half of asr/task_tree.hpp: scopes' bookkeeping, child lifetime, join
// and cancel waits, timeout deadlines.
#include "asr/task_tree.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "asr/io.hpp"

namespace asr::task {
namespace detail {

void release(ChildBase* c) noexcept {
  if (--c->refs == 0) delete c;  // multi-worker: atomic fetch_sub (acq_rel)
}

void ChildBase::finish() noexcept { scope->child_ended(this); }

void JoinWait::await_suspend(std::coroutine_handle<> h) noexcept {
  w_ = Waiter{h, rt::current_arena(), false};
  c_->waiter = &w_;
  cp_ = rt::Checkpoint{h, w_.arena, &interrupt, this};
  rt::park(cp_);
}

bool JoinWait::interrupt(void* self) noexcept {
  auto* j = static_cast<JoinWait*>(self);
  if (j->w_.woken) return false;
  j->c_->waiter = nullptr;  // stop waiting; the child runs on (detached)
  return true;
}

void JoinWait::resumed() {
  rt::unpark();
  if (c_->end == End::Running) rt::throw_cancelled();
}

bool CancelWait::await_ready() noexcept {
  if (c_->end != End::Running) return true;
  rt::cancel(&c_->node.root);
  return false;  // a cancelled task still has to reach a checkpoint and unwind
}

void CancelWait::await_suspend(std::coroutine_handle<> h) noexcept {
  w_ = Waiter{h, rt::current_arena(), false};
  c_->waiter = &w_;
}

Deadline::Deadline(rt::Nanos at) { id_ = rt::call_at(at, &fire, this); }

Deadline::~Deadline() {
  if (id_ != 0) rt::cancel_timer(id_);
}

void Deadline::fire(void* self) noexcept {
  auto* d = static_cast<Deadline*>(self);
  d->id_ = 0;
  // Already cancelled from above: that cancellation (an earlier deadline) claims it.
  if (!d->guard_.region().is_cancelled()) rt::cancel(&d->guard_.region());
}

void cancel_children(Scope& s) noexcept { rt::cancel(&s.guard_.region()); }

namespace {

void report_suppressed(const std::exception_ptr& e) noexcept {
  rt::stderr_write("note: panic suppressed by an earlier panic in the same scope: ");
  try {
    std::rethrow_exception(e);
  } catch (const Panic& p) {
    rt::stderr_write(p.message());
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, ":%u:%u)\n", unsigned(p.loc().line),
                          unsigned(p.loc().col));
    rt::stderr_write(" (at ");
    rt::stderr_write(Str(p.loc().file, std::strlen(p.loc().file)));
    rt::stderr_write(Str(buf, std::size_t(n)));
  } catch (...) {
    rt::stderr_write("a foreign exception\n");
  }
}

}  // namespace
}  // namespace detail

namespace {
Scope* g_root_scope = nullptr;  // multi-worker: shared by the workers, set before they start
}  // namespace

Scope* root_scope() noexcept { return g_root_scope; }

Task<void> run_main_in_root_scope(Task<void> (*main_fn)()) {
  Scope s(/*supervisor=*/true);
  Scope* saved = std::exchange(g_root_scope, &s);
  std::exception_ptr failed;
  try {
    co_await main_fn();
  } catch (...) {
    failed = std::current_exception();
  }
  // Tasks still running when main returns are cancelled; their clean-up runs.
  detail::cancel_children(s);
  co_await s.all_ended();
  g_root_scope = saved;
  s.close();
  if (failed) std::rethrow_exception(failed);
}

Scope::~Scope() {
  if (live_count_ != 0) [[unlikely]] {
    // Its children point at it; the frame holding it was destroyed while suspended.
    rt::stdout_flush_at_exit();
    rt::stderr_write("fatal runtime error: a scope was destroyed while its tasks were running\n");
    std::abort();
  }
  reap();
}

void Scope::adopt(detail::ChildBase* c) noexcept {
  rt::FrameArena* a = rt::current_arena();
  c->node.arena.set_heap_only(a != nullptr && a->heap_only());
  rt::link_region(&c->node.root, &guard_.region());
  c->next = live_;
  if (live_ != nullptr) live_->prev = c;
  live_ = c;
  ++live_count_;
}

void Scope::abandon(detail::ChildBase* c) noexcept {
  rt::unlink_region(&c->node.root);
  if (c->prev != nullptr) c->prev->next = c->next;
  else live_ = c->next;
  if (c->next != nullptr) c->next->prev = c->prev;
  --live_count_;
  delete c;
}

void Scope::start(detail::ChildBase* c, std::coroutine_handle<> root) noexcept {
  rt::schedule(root, &c->node.arena);
}

void Scope::child_ended(detail::ChildBase* c) noexcept {
  rt::unlink_region(&c->node.root);
  if (c->prev != nullptr) c->prev->next = c->next;
  else live_ = c->next;
  if (c->next != nullptr) c->next->prev = c->prev;
  c->prev = nullptr;
  c->next = ended_;
  ended_ = c;
  --live_count_;
  // The joiner first, so that it gets the value or panic rather than the cancellation a
  // panic is about to cause.
  if (detail::Waiter* w = c->waiter) {
    c->waiter = nullptr;
    w->woken = true;
    rt::schedule(w->h, w->arena);
  }
  if (c->end == detail::End::Panic && !supervisor_) record_panic(c->error);
  if (c->end == detail::End::Panic && supervisor_) ++unobserved_panics_;
  if (c->end == detail::End::Cancelled) child_cancelled_ = true;
  if (live_count_ == 0 && waiter_) {
    rt::schedule(std::exchange(waiter_, nullptr), waiter_arena_);
  }
}

void Scope::record_panic(std::exception_ptr e) noexcept {
  if (!first_panic_) {
    first_panic_ = std::move(e);
    rt::cancel(&guard_.region());
  } else if (e != first_panic_) {  // a joiner rethrowing a child's panic is the same one
    suppressed_.push_back(std::move(e));
  }
}

void Scope::body_failed(std::exception_ptr e) noexcept {
  try {
    std::rethrow_exception(e);
  } catch (const Cancelled&) {
    body_cancelled_ = true;
    return;
  } catch (...) {
  }
  record_panic(std::move(e));
}

void Scope::reap() noexcept {
  while (detail::ChildBase* c = ended_) {
    ended_ = c->next;
    c->next = nullptr;
    detail::release(c);
  }
}

void Scope::close() {
  reap();
  if (first_panic_) {
    for (const auto& e : suppressed_) detail::report_suppressed(e);
    suppressed_.clear();
    std::rethrow_exception(first_panic_);
  }
  if (body_cancelled_) rt::throw_cancelled();
  // The exit observes a cancellation from above that cut part of the work short: the body's
  // value alone is not what the scope would have produced. (If every child ended on its
  // own, the value was produced anyway and is returned.)
  const rt::CancelRegion* above = guard_.region().parent;
  if (child_cancelled_ && above != nullptr && above->is_cancelled()) rt::throw_cancelled();
}

}  // namespace asr::task
