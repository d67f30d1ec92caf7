#include "driver/toolchain.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

extern char** environ;

#ifndef ASRC_INSTALL_LIBDIR
#define ASRC_INSTALL_LIBDIR "lib"
#endif
#ifndef ASRC_LIBRARY_ARCHITECTURE
#define ASRC_LIBRARY_ARCHITECTURE ""
#endif

namespace asr::driver {

namespace fs = std::filesystem;

namespace {

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// A lexically normalised path without a trailing slash, for messages and command lines.
std::string clean(const fs::path& p) {
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool sdk_at(const fs::path& include, const fs::path& lib, SdkSearch& search) {
  search.looked_in.push_back(clean(include) + " + " + clean(lib));
  if (is_dir(include / "asr") && is_file(lib / "libasr_core.a")) {
    search.sdk = Sdk{clean(include), clean(lib)};
    return true;
  }
  return false;
}

}  // namespace

SdkSearch locate_sdk(const std::string& exe_dir, const char* asr_sdk_dir) {
  SdkSearch search;
  if (asr_sdk_dir != nullptr && asr_sdk_dir[0] != '\0') {
    fs::path root(asr_sdk_dir);
    sdk_at(root / "include", root / "lib", search);
    return search;  // an explicit choice is not second-guessed
  }
  fs::path dir(exe_dir);
  if (sdk_at(dir / ".." / "asr-sdk" / "include", dir / ".." / "asr-sdk" / "lib", search)) {
    return search;
  }
  fs::path prefix = dir / "..";
  std::vector<std::string> libdirs;
  auto add = [&](std::string d) {
    if (d.empty()) return;
    for (const auto& have : libdirs) {
      if (have == d) return;
    }
    libdirs.push_back(std::move(d));
  };
  add(ASRC_INSTALL_LIBDIR);
  if (std::string arch = ASRC_LIBRARY_ARCHITECTURE; !arch.empty()) add("lib/" + arch);
  add("lib");
  add("lib64");
  for (const auto& libdir : libdirs) {
    fs::path lib = fs::path(libdir).is_absolute() ? fs::path(libdir) : prefix / libdir;
    if (sdk_at(prefix / "include", lib, search)) return search;
  }
  return search;
}

std::string executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return ".";
  return exe.parent_path().string();
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (i < text.size()) {
    while (i < text.size() && space(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !space(text[i])) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

CxxConfig cxx_config_from(const char* cxx_env, const char* cxxflags_env) {
  CxxConfig config;
  if (cxx_env != nullptr) config.compiler = split_words(cxx_env);
  if (config.compiler.empty()) config.compiler = {"g++"};
  if (cxxflags_env != nullptr) config.flags = split_words(cxxflags_env);
  return config;
}

std::vector<std::string> compile_command(const CxxConfig& cxx, const Sdk& sdk,
                                         const std::string& cpp_path,
                                         const std::string& exe_path, bool release) {
  std::vector<std::string> cmd = cxx.compiler;
  cmd.push_back("-std=c++20");
  if (release) {
    cmd.push_back("-O2");
    cmd.push_back("-DNDEBUG");
  } else {
    cmd.push_back("-O0");
    cmd.push_back("-g");
    // Symmetric transfer between coroutines is a tail call; g++ only emits it as one at -O0
    // with this flag, and without it a deep chain of awaits overflows the stack.
    cmd.push_back("-foptimize-sibling-calls");
  }
  cmd.push_back("-I" + sdk.include_dir);
  // After asrc's own flags, so that the user's -O or -g wins.
  cmd.insert(cmd.end(), cxx.flags.begin(), cxx.flags.end());
  cmd.push_back(cpp_path);
  cmd.push_back("-L" + sdk.lib_dir);
  cmd.push_back("-lasr_std");
  cmd.push_back("-lasr_core");
  cmd.push_back("-lpthread");
  cmd.push_back("-o");
  cmd.push_back(exe_path);
  return cmd;
}

std::string cache_root(const char* asr_cache_dir, const char* xdg_cache_home, const char* home,
                       unsigned uid) {
  auto set = [](const char* v) { return v != nullptr && v[0] != '\0'; };
  if (set(asr_cache_dir)) return asr_cache_dir;
  if (set(xdg_cache_home) && xdg_cache_home[0] == '/') return clean(fs::path(xdg_cache_home) / "asrc");
  if (set(home)) return clean(fs::path(home) / ".cache" / "asrc");
  return "/tmp/asrc-cache-" + std::to_string(uid);
}

namespace {

// FNV-1a, 128 bits: not cryptographic, but the inputs are not adversarial and 128 bits make
// an accidental collision (which would run the wrong program) out of the question.
class Fnv128 {
 public:
  void bytes(std::string_view s) {
    for (unsigned char c : s) {
      state_ ^= c;
      state_ *= kPrime;
    }
  }
  void field(std::string_view s) {
    bytes(std::to_string(s.size()));
    bytes(":");
    bytes(s);
  }
  std::string hex() const {
    static const char* digits = "0123456789abcdef";
    std::string out(32, '0');
    unsigned __int128 v = state_;
    for (int i = 31; i >= 0; --i) {
      out[static_cast<size_t>(i)] = digits[static_cast<unsigned>(v & 0xf)];
      v >>= 4;
    }
    return out;
  }

 private:
  static constexpr unsigned __int128 kPrime =
      (static_cast<unsigned __int128>(1) << 88) + 0x13b;
  unsigned __int128 state_ =
      (static_cast<unsigned __int128>(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
};

}  // namespace

std::string cache_key(const std::string& absolute_input, const std::string& cpp_text,
                      const std::vector<std::string>& command, const std::string& version,
                      const std::string& sdk_identity) {
  Fnv128 h;
  h.field("asrc-run-cache-v1");
  h.field(absolute_input);
  h.field(cpp_text);
  h.field(std::to_string(command.size()));
  for (const auto& word : command) h.field(word);
  h.field(version);
  h.field(sdk_identity);
  return h.hex();
}

std::string sdk_identity(const Sdk& sdk) {
  std::string id = sdk.include_dir + "\n" + sdk.lib_dir;
  for (const char* lib : {"libasr_std.a", "libasr_core.a"}) {
    struct stat st {};
    std::string path = sdk.lib_dir + "/" + lib;
    if (::stat(path.c_str(), &st) == 0) {
      id += "\n" + std::string(lib) + " " + std::to_string(st.st_size) + " " +
            std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
    }
  }
  return id;
}

std::string temp_sibling(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  fs::path p(path);
  std::string name = "." + p.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter++);
  return (p.parent_path() / name).string();
}

std::optional<std::string> write_file_atomic(const std::string& path, std::string_view content) {
  auto write_all = [&](int fd) -> int {
    size_t done = 0;
    while (done < content.size()) {
      ssize_t n = ::write(fd, content.data() + done, content.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno;
      }
      done += static_cast<size_t>(n);
    }
    return 0;
  };

  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return std::string("is a directory");
    int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return std::string(std::strerror(errno));
    int err = write_all(fd);
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) return std::string(std::strerror(err));
    return std::nullopt;
  }

  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmp = temp_sibling(path);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) return std::string(std::strerror(errno));
  }
  if (fd < 0) return std::string("cannot create a temporary file");
  int err = write_all(fd);
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return std::string(std::strerror(err));
  }
  return std::nullopt;
}

int exit_code_from_wait_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

namespace {

std::vector<char*> to_argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

}  // namespace

Captured run_captured(const std::vector<std::string>& args) {
  Captured result;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    result.error = std::strerror(errno);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  std::vector<char*> argv = to_argv(args);
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    result.error = std::strerror(rc);
    return result;
  }
  result.started = true;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.output.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = wait_for(pid);
  result.exit_code = status < 0 ? 1 : exit_code_from_wait_status(status);
  return result;
}

namespace {

volatile sig_atomic_t g_child_pid = 0;

void forward_signal(int sig) {
  pid_t pid = g_child_pid;
  if (pid > 0) ::kill(pid, sig);
}

}  // namespace

std::optional<int> run_program(const std::string& path, const std::vector<std::string>& args,
                               std::string& error) {
  std::vector<std::string> all{path};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv = to_argv(all);

  // Like system(3): the terminal delivers ^C / ^\ to the child as well; asrc waits for it and
  // reports how it ended instead of dying first.
  struct sigaction ignore {}, forward {}, old_int {}, old_quit {}, old_term {}, old_hup {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  forward.sa_handler = forward_signal;
  sigemptyset(&forward.sa_mask);
  forward.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &ignore, &old_int);
  ::sigaction(SIGQUIT, &ignore, &old_quit);

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, path.c_str(), nullptr, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  std::optional<int> code;
  if (rc != 0) {
    error = std::strerror(rc);
  } else {
    g_child_pid = pid;
    ::sigaction(SIGTERM, &forward, &old_term);
    ::sigaction(SIGHUP, &forward, &old_hup);
    int status = wait_for(pid);
    ::sigaction(SIGTERM, &old_term, nullptr);
    ::sigaction(SIGHUP, &old_hup, nullptr);
    g_child_pid = 0;
    if (status < 0) {
      error = std::strerror(errno);
    } else {
      code = exit_code_from_wait_status(status);
    }
  }
  ::sigaction(SIGINT, &old_int, nullptr);
  ::sigaction(SIGQUIT, &old_quit, nullptr);
  return code;
}

}  // namespace asr::driver
