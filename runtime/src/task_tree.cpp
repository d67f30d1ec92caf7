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
  if (c->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy(c);
}

void destroy(ChildBase* c) noexcept {
  std::size_t size = c->block_size;
  c->~ChildBase();
  rt::task_block_free(c, size);
}

void ChildBase::ended(void* self) noexcept {
  auto* c = static_cast<ChildBase*>(self);
  c->scope->child_ended(c);
}

bool JoinWait::await_suspend(std::coroutine_handle<> h) noexcept {
  w_ = Waiter{h, rt::current_arena(), false};
  {
    std::lock_guard<rt::SpinLock> l(c_->scope->mu_);
    if (c_->outcome() != End::Running) return false;  // it ended meanwhile (another worker)
    c_->waiter = &w_;
  }
  cp_ = rt::Checkpoint{h, w_.arena, &interrupt, this};
  rt::park(cp_);
  return true;
}

bool JoinWait::interrupt(void* self) noexcept {
  auto* j = static_cast<JoinWait*>(self);
  std::lock_guard<rt::SpinLock> l(j->c_->scope->mu_);
  if (j->w_.woken) return false;
  j->c_->waiter = nullptr;  // stop waiting; the child runs on (detached)
  return true;
}

void JoinWait::resumed() {
  rt::unpark();
  if (c_->outcome() == End::Running) rt::throw_cancelled();
}

bool CancelWait::await_ready() noexcept {
  if (c_->outcome() != End::Running) return true;
  rt::cancel(&c_->node.root);
  return false;  // a cancelled task still has to reach a checkpoint and unwind
}

bool CancelWait::await_suspend(std::coroutine_handle<> h) noexcept {
  w_ = Waiter{h, rt::current_arena(), false};
  std::lock_guard<rt::SpinLock> l(c_->scope->mu_);
  if (c_->outcome() != End::Running) return false;
  c_->waiter = &w_;
  return true;
}

Deadline::Deadline(rt::Nanos at) { rt::call_at(at, &fire, this, &id_); }

Deadline::~Deadline() { rt::cancel_timer(&id_); }  // (waits for fire() if it is running)

void Deadline::fire(void* self) noexcept {
  auto* d = static_cast<Deadline*>(self);
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
std::atomic<Scope*> g_root_scope{nullptr};
}  // namespace

Scope* root_scope() noexcept { return g_root_scope.load(std::memory_order_acquire); }

Task<void> run_main_in_root_scope(Task<void> (*main_fn)()) {
  Scope s(/*supervisor=*/true);
  Scope* saved = g_root_scope.exchange(&s);
  std::exception_ptr failed;
  try {
    co_await main_fn();
  } catch (...) {
    failed = std::current_exception();
  }
  // Tasks still running when main returns are cancelled; their clean-up runs.
  detail::cancel_children(s);
  co_await s.all_ended();
  g_root_scope.store(saved);
  s.close();
  if (failed) std::rethrow_exception(failed);
}

Scope::~Scope() {
  if (running() != 0) [[unlikely]] {
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
  std::lock_guard<rt::SpinLock> l(mu_);
  c->next = live_;
  if (live_ != nullptr) live_->prev = c;
  live_ = c;
  ++live_count_;
}

void Scope::abandon(detail::ChildBase* c) noexcept {
  rt::unlink_region(&c->node.root);
  {
    std::lock_guard<rt::SpinLock> l(mu_);
    if (c->prev != nullptr) c->prev->next = c->next;
    else live_ = c->next;
    if (c->next != nullptr) c->next->prev = c->prev;
    --live_count_;
  }
  detail::destroy(c);
}

void Scope::start(detail::ChildBase* c, std::coroutine_handle<> root) noexcept {
  rt::spawn(root, &c->node.arena);
}

// Runs on the worker that ran the child's last resume, once it is done with the child.
// Until the child counts as ended (the last step), the scope cannot finish, so it is alive
// throughout; the child stays alive until it is on the ended list (the scope's reference).
void Scope::child_ended(detail::ChildBase* c) noexcept {
  rt::unlink_region(&c->node.root);
  detail::End end = c->outcome();
  detail::Waiter* joiner;
  bool cancel_region = false;
  {
    std::lock_guard<rt::SpinLock> l(mu_);
    if (c->prev != nullptr) c->prev->next = c->next;
    else live_ = c->next;
    if (c->next != nullptr) c->next->prev = c->prev;
    c->prev = nullptr;
    joiner = std::exchange(c->waiter, nullptr);
    if (joiner != nullptr) joiner->woken = true;
    if (end == detail::End::Panic && !supervisor_) cancel_region = record_panic_locked(c->error);
    if (end == detail::End::Panic && supervisor_) unobserved_panics_.fetch_add(1);
    if (end == detail::End::Cancelled) child_cancelled_ = true;
  }
  // The joiner first, so that it gets the value or panic rather than the cancellation a
  // panic is about to cause.
  if (joiner != nullptr) rt::schedule(joiner->h, joiner->arena);
  if (cancel_region) rt::cancel(&guard_.region());
  std::coroutine_handle<> waiter;
  rt::FrameArena* waiter_arena = nullptr;
  {
    std::lock_guard<rt::SpinLock> l(mu_);
    c->next = ended_;
    ended_ = c;
    if (--live_count_ == 0 && waiter_) {
      waiter = std::exchange(waiter_, nullptr);
      waiter_arena = waiter_arena_;
    }
  }
  if (waiter) rt::schedule(waiter, waiter_arena);
}

bool Scope::record_panic_locked(std::exception_ptr e) noexcept {
  if (!first_panic_) {
    first_panic_ = std::move(e);
    return true;
  }
  if (e != first_panic_) suppressed_.push_back(std::move(e));  // a joiner rethrowing a child's panic is the same one
  return false;
}

void Scope::body_failed(std::exception_ptr e) noexcept {
  bool cancelled = false;
  try {
    std::rethrow_exception(e);
  } catch (const Cancelled&) {
    cancelled = true;
  } catch (...) {
  }
  bool first;
  {
    std::lock_guard<rt::SpinLock> l(mu_);
    if (cancelled) {
      body_cancelled_ = true;
      return;
    }
    first = record_panic_locked(std::move(e));
  }
  if (first) rt::cancel(&guard_.region());
}

void Scope::reap() noexcept {
  detail::ChildBase* list;
  {
    std::lock_guard<rt::SpinLock> l(mu_);
    list = std::exchange(ended_, nullptr);
  }
  while (detail::ChildBase* c = list) {
    list = c->next;
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
