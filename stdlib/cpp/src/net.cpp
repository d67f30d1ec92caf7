// std::net's C++ half (asr/std/net.hpp): address text, and sockets on the reactor.
#include "asr/std/net.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "asr/blocking.hpp"

namespace asr::net {
namespace {

constexpr int64_t kBadAddr = -2;
constexpr int64_t kLookupFailed = -3;

int64_t os_err(int e) { return -(1000 + int64_t(e)); }

// sockaddr <-> SocketAddr.
socklen_t to_sockaddr(const SocketAddr& a, sockaddr_storage& ss) {
  std::memset(&ss, 0, sizeof ss);
  if (!a.addr.v6) {
    auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
    s4->sin_family = AF_INET;
    s4->sin_port = htons(a.port_);
    std::memcpy(&s4->sin_addr, a.addr.b, 4);
    return sizeof(sockaddr_in);
  }
  auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
  s6->sin6_family = AF_INET6;
  s6->sin6_port = htons(a.port_);
  s6->sin6_flowinfo = htonl(a.flowinfo);
  s6->sin6_scope_id = a.scope_id;
  std::memcpy(&s6->sin6_addr, a.addr.b, 16);
  return sizeof(sockaddr_in6);
}

SocketAddr from_sockaddr(const sockaddr_storage& ss) {
  SocketAddr a;
  if (ss.ss_family == AF_INET6) {
    auto* s6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    a.addr.v6 = true;
    std::memcpy(a.addr.b, &s6->sin6_addr, 16);
    a.port_ = ntohs(s6->sin6_port);
    a.flowinfo = ntohl(s6->sin6_flowinfo);
    a.scope_id = s6->sin6_scope_id;
  } else {
    auto* s4 = reinterpret_cast<const sockaddr_in*>(&ss);
    std::memcpy(a.addr.b, &s4->sin_addr, 4);
    a.port_ = ntohs(s4->sin_port);
  }
  return a;
}

bool parse_port(const std::string& s, uint16_t& port) {
  if (s.empty() || s.size() > 5) return false;
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + unsigned(c - '0');
  }
  if (v > 65535) return false;
  port = uint16_t(v);
  return true;
}

// Splits "host:port" / "[v6]:port" (false if there is no port).
bool split_host_port(const std::string& s, std::string& host, uint16_t& port) {
  std::size_t colon = s.rfind(':');
  if (colon == std::string::npos || !parse_port(s.substr(colon + 1), port)) return false;
  host = s.substr(0, colon);
  if (!host.empty() && host.front() == '[') {
    if (host.back() != ']') return false;
    host = host.substr(1, host.size() - 2);
  }
  return true;
}

int new_socket(bool v6) {
  return ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

}  // namespace

bool IpAddr::is_loopback() const noexcept {
  if (!v6) return b[0] == 127;
  static const uint8_t one[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::memcmp(b, one, 16) == 0;
}

bool IpAddr::is_unspecified() const noexcept {
  static const uint8_t zero[16] = {};
  return std::memcmp(b, zero, v6 ? 16 : 4) == 0;
}

String ip_text(const IpAddr& a) {
  char buf[INET6_ADDRSTRLEN];
  ::inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.b, buf, sizeof buf);
  return String(Str(buf, std::strlen(buf)));
}

String socket_addr_text(const SocketAddr& a) {
  String ip = ip_text(a.addr);
  char buf[INET6_ADDRSTRLEN + 32];
  int n = a.addr.v6 ? (a.scope_id != 0 ? std::snprintf(buf, sizeof buf, "[%.*s%%%u]:%u",
                                                       int(ip.len()), ip.as_str().data(),
                                                       a.scope_id, unsigned(a.port_))
                                       : std::snprintf(buf, sizeof buf, "[%.*s]:%u", int(ip.len()),
                                                       ip.as_str().data(), unsigned(a.port_)))
                    : std::snprintf(buf, sizeof buf, "%.*s:%u", int(ip.len()), ip.as_str().data(),
                                    unsigned(a.port_));
  return String(Str(buf, std::size_t(n)));
}

bool parse_socket_addr(Str text, SocketAddr& out) noexcept {
  try {
    std::string s(text.data(), text.len()), host;
    uint16_t port;
    if (!split_host_port(s, host, port)) return false;
    SocketAddr a;
    a.port_ = port;
    if (s.front() != '[') return ::inet_pton(AF_INET, host.c_str(), a.addr.b) == 1 && (out = a, true);
    std::size_t pct = host.find('%');
    if (pct != std::string::npos) {
      std::string scope = host.substr(pct + 1);
      host.resize(pct);
      if (scope.empty() || scope.size() > 10) return false;
      unsigned long v = 0;
      for (char c : scope) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + unsigned(c - '0');
      }
      if (v > 0xffffffffUL) return false;
      a.scope_id = uint32_t(v);
    }
    a.addr.v6 = true;
    if (::inet_pton(AF_INET6, host.c_str(), a.addr.b) != 1) return false;
    out = a;
    return true;
  } catch (...) {  // std::string's bad_alloc
    return false;
  }
}

void Socket::adopt(int fd) const {
  s_ = std::make_shared<Owned>();
  s_->fd = fd;
}

Task<int64_t> resolve(Str text, SocketAddr& out) {
  if (parse_socket_addr(text, out)) co_return 0;
  std::string s(text.data(), text.len()), host;
  uint16_t port;
  if (!split_host_port(s, host, port)) co_return kBadAddr;
  // getaddrinfo blocks (DNS): on the pool, so other tasks run meanwhile.
  int64_t r = co_await rt::blocking([&]() -> int64_t {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res);
    if (rc != 0 || res == nullptr) return rc == EAI_SYSTEM ? os_err(errno) : kLookupFailed;
    sockaddr_storage ss{};
    std::memcpy(&ss, res->ai_addr, res->ai_addrlen);
    ::freeaddrinfo(res);
    out = from_sockaddr(ss);
    out.port_ = port;
    return 0;
  });
  co_return r;
}

int64_t listen(const Socket& s, const SocketAddr& a) {
  int fd = new_socket(a.addr.v6);
  if (fd < 0) return os_err(errno);
  s.adopt(fd);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage ss;
  socklen_t len = to_sockaddr(a, ss);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) return os_err(errno);
  if (::listen(fd, 1024) != 0) return os_err(errno);
  return 0;
}

Task<int64_t> connect(const Socket& s, const SocketAddr& a) {
  int fd = new_socket(a.addr.v6);
  if (fd < 0) co_return os_err(errno);
  s.adopt(fd);
  sockaddr_storage ss;
  socklen_t len = to_sockaddr(a, ss);
  uint32_t seen = s.source().events(rt::kWrite);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0) co_return 0;
  if (errno != EINPROGRESS && errno != EINTR) co_return os_err(errno);
  // In progress: writable once it completes; SO_ERROR tells how.
  co_await rt::IoWait{s.source(), rt::kWrite, seen};
  int err = 0;
  socklen_t elen = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0) co_return os_err(errno);
  co_return err == 0 ? 0 : os_err(err);
}

Task<int64_t> accept(const Socket& listener, Socket& out, SocketAddr& peer) {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    uint32_t seen = listener.source().events(rt::kRead);
    int fd = ::accept4(listener.fd(), reinterpret_cast<sockaddr*>(&ss), &len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      out.adopt(fd);
      peer = from_sockaddr(ss);
      co_return 0;
    }
    // ECONNABORTED: a connection reset before it was taken; wait for the next one.
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) co_return os_err(errno);
    co_await rt::IoWait{listener.source(), rt::kRead, seen};
  }
}

Task<int64_t> read(const Socket& s, Slice<uint8_t> buf) {
  for (;;) {
    uint32_t seen = s.source().events(rt::kRead);
    ssize_t n = ::recv(s.fd(), buf.data(), buf.len(), 0);
    if (n >= 0) co_return int64_t(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) co_return os_err(errno);
    co_await rt::IoWait{s.source(), rt::kRead, seen};
  }
}

Task<int64_t> write(const Socket& s, Slice<const uint8_t> buf) {
  for (;;) {
    // MSG_NOSIGNAL: a closed peer is EPIPE (BrokenPipe), not SIGPIPE.
    uint32_t seen = s.source().events(rt::kWrite);
    ssize_t n = ::send(s.fd(), buf.data(), buf.len(), MSG_NOSIGNAL);
    if (n >= 0) co_return int64_t(n);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) co_return os_err(errno);
    co_await rt::IoWait{s.source(), rt::kWrite, seen};
  }
}

int64_t shutdown(const Socket& s, int32_t how) {
  int h = how == 0 ? SHUT_RD : how == 1 ? SHUT_WR : SHUT_RDWR;
  return ::shutdown(s.fd(), h) == 0 ? 0 : os_err(errno);
}

int64_t local_addr(const Socket& s, SocketAddr& out) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(s.fd(), reinterpret_cast<sockaddr*>(&ss), &len) != 0) return os_err(errno);
  out = from_sockaddr(ss);
  return 0;
}

int64_t peer_addr(const Socket& s, SocketAddr& out) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(s.fd(), reinterpret_cast<sockaddr*>(&ss), &len) != 0) return os_err(errno);
  out = from_sockaddr(ss);
  return 0;
}

int64_t set_nodelay(const Socket& s, bool on) {
  int v = on ? 1 : 0;
  return ::setsockopt(s.fd(), IPPROTO_TCP, TCP_NODELAY, &v, sizeof v) == 0 ? 0 : os_err(errno);
}

int64_t nodelay(const Socket& s) {
  int v = 0;
  socklen_t len = sizeof v;
  if (::getsockopt(s.fd(), IPPROTO_TCP, TCP_NODELAY, &v, &len) != 0) return os_err(errno);
  return v != 0 ? 1 : 0;
}

}  // namespace asr::net
