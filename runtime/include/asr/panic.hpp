// Panics, as in Rust: print the message once at the panic site (stderr), then unwind
// as a C++ exception up to the task boundary / process entry, which exits with 101.
#pragma once
#include "asr/loc.hpp"
#include "asr/str.hpp"

namespace asr {

// The exception a panic unwinds with. Generated code may catch it (catch_unwind, task
// joins); it carries the message (owned, NUL-terminated) and the panic location.
class Panic {
 public:
  Panic(Loc loc, Str message);
  Panic(const Panic& other);
  Panic& operator=(const Panic&) = delete;
  ~Panic();
  Str message() const noexcept { return Str(msg_, len_); }
  const Loc& loc() const noexcept { return loc_; }

 private:
  Loc loc_;
  char* msg_;
  std::size_t len_;
};

// Cancellation unwinding (structured concurrency). Deliberately unrelated to Panic and
// std::exception: generated code only ever writes `catch (const ::asr::Panic&)`, so user
// code paths can never swallow a cancellation. Thrown by checkpoints in a cancelled region
// (asr/cancel.hpp) and caught by the boundary that cancelled it (asr/task_tree.hpp).
struct Cancelled {};

// Prints `thread 'main' (TID) panicked at FILE:LINE:COL:\nMESSAGE` (+ the backtrace note
// on the first panic of the process) to stderr, then throws asr::Panic.
[[noreturn, gnu::cold]] void panic(Loc loc, Str message);

// Reports a panic without throwing (used by the runtime for panics it raises itself).
void report_panic(Loc loc, Str message);

namespace rt {
// Makes the next panic print the backtrace note again, as the first panic of a process
// does (for forked test children; not for generated code).
void reset_panic_note_for_tests() noexcept;
// Called when an allocation of `size` bytes fails: prints Rust's message and aborts.
[[noreturn, gnu::cold]] void alloc_failed(std::size_t size) noexcept;
}  // namespace rt

}  // namespace asr
