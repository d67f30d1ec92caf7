// stdout as Rust's LineWriter<StdoutRaw>, stderr unbuffered; both via write(2).
#include "asr/io.hpp"

#include <cerrno>
#include <cstring>
#include <mutex>
#include <unistd.h>

#include "asr/panic.hpp"

namespace asr::rt {
namespace {

constexpr std::size_t kBufCap = 8192;
char g_buf[kBufCap];
std::size_t g_len = 0;
std::mutex g_mu;

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

// (What could not be written was dropped: the panic must not retry it.)
[[noreturn]] void stdout_failed(int err) {
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

// Writes the buffer out (with g_mu held); the errno of a failure, or 0.
int flush_locked() noexcept {
  if (g_len == 0) return 0;
  std::size_t n = g_len;
  g_len = 0;
  return write_all(1, g_buf, n);
}

// Appends `s` (with g_mu held); the errno of a failed write, or 0.
int write_locked(Str s) noexcept {
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
      if (int err = flush_locked()) return err;
    } else {
      if (int err = flush_locked()) return err;
      if (int err = write_all(1, p, head)) return err;
    }
    p = nl;
    n -= head;
  }
  if (n == 0) return 0;
  if (g_len + n > kBufCap) {
    if (int err = flush_locked()) return err;
  }
  if (n >= kBufCap) return write_all(1, p, n);
  std::memcpy(g_buf + g_len, p, n);
  g_len += n;
  return 0;
}

}  // namespace

// (The buffer is shared with the threads of the blocking pool: g_mu guards it.)
void stdout_write(Str s) {
  int err;
  {
    std::lock_guard<std::mutex> l(g_mu);
    err = write_locked(s);
  }
  if (err != 0) stdout_failed(err);
}

void stdout_flush() {
  int err;
  {
    std::lock_guard<std::mutex> l(g_mu);
    err = flush_locked();
  }
  if (err != 0) stdout_failed(err);
}

void stdout_flush_at_exit() noexcept {
  // (best effort if another thread holds the lock: the process is ending)
  std::unique_lock<std::mutex> l(g_mu, std::try_to_lock);
  (void)flush_locked();
}

void stderr_write(Str s) noexcept { (void)write_all(2, s.data(), s.len()); }

}  // namespace asr::rt
