// std::net in C++: addresses and non-blocking TCP sockets on the runtime's reactor
// (asr/io_driver.hpp). Every operation that may wait suspends the task, never the thread:
// it tries the syscall, and on EAGAIN waits for readiness (a cancellation checkpoint) and
// retries. Results follow std::io's convention (asr/std/io.hpp): a count >= 0, or
// -(1000 + errno); -2 is "invalid socket address" (InvalidInput) and -3 a failed host name
// lookup (Rust's Uncategorized), which std::net's ASR code (stdlib/std/net.asr) turns into
// io::Error.
#pragma once
#include <cstdint>
#include <memory>

#include "asr/io_driver.hpp"
#include "asr/std/debug.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/slice.hpp"
#include "asr/std/string.hpp"
#include "asr/task.hpp"

namespace asr::net {

// An IPv4 or IPv6 address (bytes in network order; an IPv4 one uses the first 4).
struct IpAddr {
  bool v6 = false;
  uint8_t b[16] = {};

  bool is_ipv4() const noexcept { return !v6; }
  bool is_ipv6() const noexcept { return v6; }
  bool is_loopback() const noexcept;
  bool is_unspecified() const noexcept;
  bool operator==(const IpAddr&) const noexcept = default;
};

// Rust's SocketAddr: an IpAddr, a port, and for IPv6 the flow info and scope id.
struct SocketAddr {
  IpAddr addr;
  uint16_t port_ = 0;
  uint32_t flowinfo = 0;
  uint32_t scope_id = 0;

  IpAddr ip() const noexcept { return addr; }
  uint16_t port() const noexcept { return port_; }
  bool is_ipv4() const noexcept { return !addr.v6; }
  bool is_ipv6() const noexcept { return addr.v6; }
  bool operator==(const SocketAddr&) const noexcept = default;
};

// Rust's text of an address: "127.0.0.1", "::1"; "127.0.0.1:80", "[::1]:80", "[fe80::1%2]:80".
String ip_text(const IpAddr& a);
String socket_addr_text(const SocketAddr& a);
// Parses a numeric socket address ("1.2.3.4:80", "[::1]:80"): true and *out on success.
bool parse_socket_addr(Str s, SocketAddr& out) noexcept;

// A socket: a shared handle (generated code may copy where Rust moves), so the fd is closed,
// and with it taken out of the reactor, exactly once, when the last copy goes.
class Socket {
 public:
  Socket() = default;
  int fd() const noexcept { return s_ ? s_->fd : -1; }
  rt::IoSource& source() const noexcept { return *s_; }
  // Takes ownership of `fd` (non-blocking, close-on-exec).
  void adopt(int fd) const;

 private:
  struct Owned : rt::IoSource {
    ~Owned() { rt::io_close(*this); }
  };
  // `mutable`: ASR's `&self` is a C++ const&, and opening a socket is interior mutation.
  mutable std::shared_ptr<Owned> s_;
};

inline Socket socket_new() { return Socket(); }

// Resolves "host:port" / "1.2.3.4:port" / "[v6]:port" to its first address (a host name
// through getaddrinfo on the blocking pool). 0, -2 (not an address), -3 (lookup failed), or
// -(1000 + errno).
Task<int64_t> resolve(Str text, SocketAddr& out);
// Binds and listens (SO_REUSEADDR, as Rust on Unix; a backlog of 1024, as Tokio).
int64_t listen(const Socket& s, const SocketAddr& a);
Task<int64_t> connect(const Socket& s, const SocketAddr& a);
// Accepts into `out` (a fresh Socket) and writes the peer's address.
Task<int64_t> accept(const Socket& listener, Socket& out, SocketAddr& peer);
Task<int64_t> read(const Socket& s, Slice<uint8_t> buf);
Task<int64_t> write(const Socket& s, Slice<const uint8_t> buf);
// how: 0 Read, 1 Write, 2 Both.
int64_t shutdown(const Socket& s, int32_t how);
int64_t local_addr(const Socket& s, SocketAddr& out);
int64_t peer_addr(const Socket& s, SocketAddr& out);
int64_t set_nodelay(const Socket& s, bool on);
// 0 or 1, or an error code.
int64_t nodelay(const Socket& s);

}  // namespace asr::net

namespace asr {
template <>
struct Display<net::IpAddr> {
  static void fmt(const net::IpAddr& a, fmt::Formatter& f) { f.pad(net::ip_text(a).as_str()); }
};
template <>
struct Debug<net::IpAddr> : Display<net::IpAddr> {};
template <>
struct Display<net::SocketAddr> {
  static void fmt(const net::SocketAddr& a, fmt::Formatter& f) {
    f.pad(net::socket_addr_text(a).as_str());
  }
};
template <>
struct Debug<net::SocketAddr> : Display<net::SocketAddr> {};
}  // namespace asr
