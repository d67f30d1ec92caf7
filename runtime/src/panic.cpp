// Panic reporting and the cold paths of checked arithmetic.
#include "asr/panic.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "asr/cancel.hpp"
#include "asr/int.hpp"
#include "asr/io.hpp"

namespace asr {

namespace {

std::atomic<bool> g_first_panic{true};

// Rust prints the backtrace note only when RUST_BACKTRACE is unset or "0" (otherwise it
// prints a backtrace, which we cannot; then we print neither).
bool backtrace_requested() {
  const char* v = std::getenv("RUST_BACKTRACE");
  return v != nullptr && std::strcmp(v, "0") != 0;
}

// A small fixed buffer writer (no allocation on the panic path).
struct Buf {
  char data[1024];
  std::size_t len = 0;
  void put(const char* p, std::size_t n) {
    if (n > sizeof data - len) n = sizeof data - len;
    std::memcpy(data + len, p, n);
    len += n;
  }
  void put(const char* s) { put(s, std::strlen(s)); }
  void put_u64(unsigned long long v) {
    char tmp[24];
    int k = 0;
    do {
      tmp[k++] = char('0' + v % 10);
      v /= 10;
    } while (v > 0);
    while (k > 0) put(&tmp[--k], 1);
  }
};

}  // namespace

Panic::Panic(Loc loc, Str message) : loc_(loc), len_(message.len()) {
  msg_ = static_cast<char*>(std::malloc(len_ + 1));
  if (msg_ == nullptr) rt::alloc_failed(len_ + 1);
  if (len_) std::memcpy(msg_, message.data(), len_);
  msg_[len_] = '\0';
}

Panic::Panic(const Panic& o) : Panic(o.loc_, o.message()) {}

Panic::~Panic() { std::free(msg_); }

void report_panic(Loc loc, Str message) {
  // rustc 1.95: "\nthread 'main' (TID) panicked at FILE:LINE:COL:\nMESSAGE\n"
  Buf b;
  // A spawned task is one of Rust's unnamed threads (std::thread::scope's children are).
  // The main task may run on any worker: as Rust's main thread it shows the process's id.
  rt::TaskNode* task = rt::current_task();
  bool spawned = task != nullptr && task->spawned;
  b.put(spawned ? "\nthread '<unnamed>' (" : "\nthread 'main' (");
  b.put_u64(spawned ? (unsigned long long)::gettid() : (unsigned long long)::getpid());
  b.put(") panicked at ");
  b.put(loc.file);
  b.put(":");
  b.put_u64(loc.line);
  b.put(":");
  b.put_u64(loc.col);
  b.put(":\n");
  rt::stderr_write(Str(b.data, b.len));
  rt::stderr_write(message);  // may exceed the buffer
  b.len = 0;
  b.put("\n");
  if (g_first_panic.exchange(false) && !backtrace_requested()) {
    b.put("note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n");
  }
  rt::stderr_write(Str(b.data, b.len));
}

void panic(Loc loc, Str message) {
  report_panic(loc, message);
  throw Panic(loc, message);
}

namespace rt {

void reset_panic_note_for_tests() noexcept { g_first_panic.store(true); }

void alloc_failed(std::size_t size) noexcept {
  Buf b;
  b.put("memory allocation of ");
  b.put_u64(size);
  b.put(" bytes failed\n");
  stderr_write(Str(b.data, b.len));
  std::abort();
}

void panic_add_overflow(Loc l) { panic(l, "attempt to add with overflow"); }
void panic_sub_overflow(Loc l) { panic(l, "attempt to subtract with overflow"); }
void panic_mul_overflow(Loc l) { panic(l, "attempt to multiply with overflow"); }
void panic_div_zero(Loc l) { panic(l, "attempt to divide by zero"); }
void panic_rem_zero(Loc l) {
  panic(l, "attempt to calculate the remainder with a divisor of zero");
}
void panic_div_overflow(Loc l) { panic(l, "attempt to divide with overflow"); }
void panic_rem_overflow(Loc l) {
  panic(l, "attempt to calculate the remainder with overflow");
}
void panic_neg_overflow(Loc l) { panic(l, "attempt to negate with overflow"); }
void panic_shl_overflow(Loc l) { panic(l, "attempt to shift left with overflow"); }
void panic_shr_overflow(Loc l) { panic(l, "attempt to shift right with overflow"); }

}  // namespace rt
}  // namespace asr
