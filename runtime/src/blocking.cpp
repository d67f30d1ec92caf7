// The blocking pool behind asr/blocking.hpp: threads started on demand, a FIFO of jobs.
// The scheduler's side (BlockingWaker: the wake-ups from pool threads) is in scheduler.cpp.
#include "asr/blocking.hpp"

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace asr::rt {
namespace {

constexpr std::size_t kMaxThreads = 64;

struct Pool {
  std::mutex mu;
  std::condition_variable cv;
  BlockingJob* head = nullptr;
  BlockingJob* tail = nullptr;
  std::size_t queued = 0;
  std::size_t idle = 0;
  std::size_t threads = 0;
};

// Never destroyed: pool threads wait on it until the process exits.
Pool& pool() {
  static Pool* p = new Pool;
  return *p;
}

void worker(Pool* p) {
  std::unique_lock<std::mutex> l(p->mu);
  for (;;) {
    ++p->idle;
    p->cv.wait(l, [p] { return p->head != nullptr; });
    --p->idle;
    BlockingJob* j = p->head;
    p->head = j->next;
    if (p->head == nullptr) p->tail = nullptr;
    --p->queued;
    l.unlock();
    j->run(j);
    l.lock();
  }
}

}  // namespace

void submit_blocking(BlockingJob* job) {
  Pool& p = pool();
  std::lock_guard<std::mutex> l(p.mu);
  job->next = nullptr;
  if (p.tail != nullptr) p.tail->next = job;
  else p.head = job;
  p.tail = job;
  ++p.queued;
  if (p.queued > p.idle && p.threads < kMaxThreads) {
    ++p.threads;
    std::thread(worker, &p).detach();
  } else {
    p.cv.notify_one();
  }
}

}  // namespace asr::rt
