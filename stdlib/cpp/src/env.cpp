// std::env and std::process on top of the runtime's saved argc/argv and libc.
#include "asr/std/env.hpp"

#include <cstdlib>
#include <unistd.h>

#include "asr/entry.hpp"
#include "asr/io.hpp"
#include "asr/panic.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/process.hpp"
#include "asr/std/utf8.hpp"

namespace asr::env {
namespace {

Str c_str(const char* s) {
  std::size_t n = 0;
  while (s[n] != '\0') ++n;
  return Str(s, n);
}

// getenv wants a NUL-terminated name; a name containing '=' or NUL is never set.
const char* lookup(Str key) {
  String name(key);
  for (std::size_t i = 0; i < key.len(); ++i) {
    if (key.data()[i] == '=' || key.data()[i] == '\0') return nullptr;
  }
  name.push_str(Str("\0", 1));
  return key.is_empty() ? nullptr : std::getenv(name.as_str().data());
}

}  // namespace

std::size_t arg_count() noexcept { return rt::argc() > 0 ? std::size_t(rt::argc()) : 0; }

String arg(std::size_t i, Loc loc) {
  Str s = c_str(rt::argv()[i]);
  if (!utf8::is_valid(s)) {
    // Rust's Args: `self.inner.next().map(|s| s.into_string().unwrap())`.
    String msg = format("called `Result::unwrap()` on an `Err` value: {:?}", utf8::lossy(s));
    panic(loc, msg.as_str());
  }
  return String(s);
}

uint8_t var_state(Str key) noexcept {
  const char* v = lookup(key);
  if (v == nullptr) return 1;
  return utf8::is_valid(c_str(v)) ? 0 : 2;
}

String var_lossy(Str key) {
  const char* v = lookup(key);
  return v == nullptr ? String() : utf8::lossy(c_str(v));
}

}  // namespace asr::env

namespace asr::process {

void exit(int32_t code) {
  rt::stdout_flush_at_exit();
  std::_Exit(code);
}

void abort() { std::abort(); }

uint32_t id() noexcept { return uint32_t(::getpid()); }

}  // namespace asr::process
