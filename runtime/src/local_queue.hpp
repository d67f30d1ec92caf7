// A worker's local run queue (work stealing): a bounded ring that only its worker pushes to,
// popped FIFO at the head by the worker and by thieves alike (a CAS on `head_`), Tokio's
// shape. A thief takes half of what is queued in one CAS. Slots are atomics because a thief
// may read a slot the owner is overwriting; such a read always loses its CAS and is dropped.
#pragma once
#include <atomic>
#include <coroutine>
#include <cstdint>

#include "run_queue.hpp"

namespace asr::rt {

class LocalQueue {
 public:
  static constexpr uint32_t kCapacity = 256;

  // Owner only. False if full (the caller moves work to the injection queue).
  bool push(Ready r) noexcept {
    uint32_t t = tail_.load(std::memory_order_relaxed);
    if (t - head_.load(std::memory_order_acquire) >= kCapacity) return false;
    store(t, r);
    tail_.store(t + 1, std::memory_order_release);
    return true;
  }

  // Owner or thief: the oldest entry.
  bool pop(Ready& out) noexcept {
    uint32_t h = head_.load(std::memory_order_acquire);
    for (;;) {
      uint32_t t = tail_.load(std::memory_order_acquire);
      if (h == t) return false;
      Ready r = load(h);
      if (head_.compare_exchange_weak(h, h + 1, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
        out = r;
        return true;
      }
    }
  }

  // Thief: moves half (rounded up) of this queue into `dst` (the thief's own, empty queue);
  // returns the first of them in `first` and how many were taken.
  uint32_t steal_into(LocalQueue& dst, Ready& first) noexcept {
    Ready taken[kCapacity / 2 + 1];
    uint32_t h = head_.load(std::memory_order_acquire);
    for (;;) {
      uint32_t t = tail_.load(std::memory_order_acquire);
      uint32_t n = t - h;
      if (n == 0) return 0;
      if (n > kCapacity) {  // h was stale
        h = head_.load(std::memory_order_acquire);
        continue;
      }
      n -= n / 2;
      if (n > kCapacity / 2) n = kCapacity / 2;
      for (uint32_t i = 0; i < n; ++i) taken[i] = load(h + i);
      if (head_.compare_exchange_weak(h, h + n, std::memory_order_acq_rel,
                                      std::memory_order_acquire)) {
        first = taken[0];
        for (uint32_t i = 1; i < n; ++i) dst.push(taken[i]);
        return n;
      }
    }
  }

  bool empty() const noexcept {
    return head_.load(std::memory_order_acquire) == tail_.load(std::memory_order_acquire);
  }
  uint32_t size() const noexcept {
    return tail_.load(std::memory_order_acquire) - head_.load(std::memory_order_acquire);
  }

 private:
  struct Slot {
    std::atomic<void*> h{nullptr};
    std::atomic<FrameArena*> arena{nullptr};
  };
  void store(uint32_t i, Ready r) noexcept {
    Slot& s = slots_[i % kCapacity];
    s.h.store(r.h.address(), std::memory_order_relaxed);
    s.arena.store(r.arena, std::memory_order_relaxed);
  }
  Ready load(uint32_t i) const noexcept {
    const Slot& s = slots_[i % kCapacity];
    return Ready{std::coroutine_handle<>::from_address(s.h.load(std::memory_order_relaxed)),
                 s.arena.load(std::memory_order_relaxed)};
  }

  alignas(64) std::atomic<uint32_t> head_{0};
  alignas(64) std::atomic<uint32_t> tail_{0};
  Slot slots_[kCapacity];
};

}  // namespace asr::rt
