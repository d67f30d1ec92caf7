// std::io on file descriptors 0 and 1: a process-wide stdin buffer (as Rust's Stdin holds one
// BufReader), UTF-8 checks on what is read, and errno descriptions.
#include "asr/std/io.hpp"

#include <cerrno>
#include <cstring>
#include <mutex>
#include <unistd.h>

#include "asr/io.hpp"
#include "asr/std/utf8.hpp"

namespace asr::io {
namespace {

constexpr std::size_t kCap = 8192;

struct StdinBuffer {
  std::mutex lock;  // tasks on several workers may read
  char data[kCap];
  std::size_t pos = 0, len = 0;
  bool eof = false;

  // Refills when empty; returns 0, or the errno of a failed read.
  int fill() {
    if (pos < len || eof) return 0;
    pos = len = 0;
    for (;;) {
      ssize_t n = ::read(0, data, kCap);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EBADF) {  // a closed stdin reads as empty, as in Rust
          eof = true;
          return 0;
        }
        return errno;
      }
      if (n == 0) eof = true;
      len = std::size_t(n);
      return 0;
    }
  }
};

StdinBuffer& stdin_buffer() {
  static StdinBuffer b;
  return b;
}

// Reads into `out` up to and including `stop` (or to the end when stop < 0).
int64_t read_until(String& buf, int stop) {
  StdinBuffer& b = stdin_buffer();
  std::lock_guard<std::mutex> guard(b.lock);
  String bytes;
  for (;;) {
    if (int err = b.fill()) return -(1000 + int64_t(err));
    if (b.pos == b.len) break;  // end of input
    const char* start = b.data + b.pos;
    std::size_t avail = b.len - b.pos;
    const void* nl = stop >= 0 ? std::memchr(start, stop, avail) : nullptr;
    std::size_t take = nl ? std::size_t(static_cast<const char*>(nl) - start) + 1 : avail;
    bytes.push_str(Str(start, take));
    b.pos += take;
    if (nl) break;
  }
  // Rust appends only valid UTF-8: on invalid input the bytes are consumed, the buffer kept.
  if (!utf8::is_valid(bytes.as_str())) return -1;
  buf.push_str(bytes.as_str());
  return int64_t(bytes.len());
}

}  // namespace

int64_t stdin_read_line(String& buf) { return read_until(buf, '\n'); }

int64_t stdin_read(Slice<uint8_t> out) {
  StdinBuffer& b = stdin_buffer();
  std::lock_guard<std::mutex> guard(b.lock);
  if (out.len() == 0) return 0;
  if (int err = b.fill()) return -(1000 + int64_t(err));
  std::size_t n = b.len - b.pos < out.len() ? b.len - b.pos : out.len();
  std::memcpy(out.data(), b.data + b.pos, n);
  b.pos += n;
  return int64_t(n);
}

int64_t stdin_read_to_string(String& buf) { return read_until(buf, -1); }

int64_t stdout_flush() {
  rt::stdout_flush();  // (a failed write panics as print! does)
  return 0;
}

int64_t stdout_write(Slice<const uint8_t> buf) {
  rt::stdout_write(Str(reinterpret_cast<const char*>(buf.data()), buf.len()));
  return int64_t(buf.len());
}

int64_t stderr_write(Slice<const uint8_t> buf) {
  rt::stderr_write(Str(reinterpret_cast<const char*>(buf.data()), buf.len()));
  return int64_t(buf.len());
}

int32_t last_errno() noexcept { return errno; }

String os_message(int32_t code) {
  char buf[256];
  // GNU strerror_r returns the message (maybe not in buf).
  const char* msg = ::strerror_r(code, buf, sizeof buf);
  return String(Str(msg, std::strlen(msg)));
}

uint8_t kind_index(int32_t code) noexcept {
  switch (code) {
    case ENOENT: return 0;
    case EPERM:
    case EACCES: return 1;
    case ECONNREFUSED: return 2;
    case ECONNRESET: return 3;
    case ECONNABORTED: return 4;
    case ENOTCONN: return 5;
    case EADDRINUSE: return 6;
    case EADDRNOTAVAIL: return 7;
    case EPIPE: return 8;
    case EEXIST: return 9;
    case EAGAIN: return 10;
    case EINVAL: return 11;
    case ETIMEDOUT: return 13;
    case EINTR: return 15;
    case ENOSYS: return 16;
    case ENOMEM: return 18;
    default: return 255;
  }
}

}  // namespace asr::io
