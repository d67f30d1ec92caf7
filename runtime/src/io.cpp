// stdout as Rust's LineWriter<StdoutRaw>, stderr unbuffered; both via write(2).
#include "asr/io.hpp"

#include <cerrno>
#include <cstring>
#include <unistd.h>

#include "asr/panic.hpp"

namespace asr::rt {
namespace {

constexpr std::size_t kBufCap = 8192;
char g_buf[kBufCap];
std::size_t g_len = 0;

// Writes everything or returns the errno of the failure.
int write_all(int fd, const char* p, std::size_t n) noexcept {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += w;
    n -= std::size_t(w);
  }
  return 0;
}

[[noreturn]] void stdout_failed(int err) {
  g_len = 0;  // what could not be written is dropped (the panic must not retry it)
  // Rust's message: "failed printing to stdout: {io::Error}" -> "Broken pipe (os error 32)".
  char msg[256];
  const char* desc = ::strerror(err);
  std::size_t n = 0;
  auto put = [&](const char* s) {
    while (*s && n + 1 < sizeof msg) msg[n++] = *s++;
  };
  put("failed printing to stdout: ");
  put(desc);
  put(" (os error ");
  char num[16];
  int k = 0;
  int e = err;
  do {
    num[k++] = char('0' + e % 10);
    e /= 10;
  } while (e > 0);
  while (k > 0 && n + 1 < sizeof msg) msg[n++] = num[--k];
  put(")");
  static const Loc loc{
      "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/io/stdio.rs", 1165, 9};
  panic(loc, Str(msg, n));
}

void flush_buffer() {
  if (g_len == 0) return;
  std::size_t n = g_len;
  g_len = 0;
  if (int err = write_all(1, g_buf, n)) stdout_failed(err);
}

}  // namespace

void stdout_write(Str s) {
  const char* p = s.data();
  std::size_t n = s.len();
  // Everything up to and including the last newline goes out now; the rest is buffered.
  const char* nl = nullptr;
  for (std::size_t i = n; i > 0; --i) {
    if (p[i - 1] == '\n') {
      nl = p + i;
      break;
    }
  }
  if (nl != nullptr) {
    std::size_t head = std::size_t(nl - p);
    if (g_len + head <= kBufCap) {
      std::memcpy(g_buf + g_len, p, head);
      g_len += head;
      flush_buffer();
    } else {
      flush_buffer();
      if (int err = write_all(1, p, head)) stdout_failed(err);
    }
    p = nl;
    n -= head;
  }
  if (n == 0) return;
  if (g_len + n > kBufCap) flush_buffer();
  if (n >= kBufCap) {
    if (int err = write_all(1, p, n)) stdout_failed(err);
    return;
  }
  std::memcpy(g_buf + g_len, p, n);
  g_len += n;
}

void stdout_flush() { flush_buffer(); }

void stdout_flush_at_exit() noexcept {
  if (g_len == 0) return;
  std::size_t n = g_len;
  g_len = 0;
  (void)write_all(1, g_buf, n);
}

void stderr_write(Str s) noexcept { (void)write_all(2, s.data(), s.len()); }

}  // namespace asr::rt
