// Process-level behaviour: panic output byte-for-byte as rustc 1.95 prints it, exit code
// 101, stdout flushed at exit (after the panic message, as Rust does), broken pipes.
// Each case runs in a forked child with stdout and stderr captured.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "asr/prelude.hpp"

namespace {

struct Outcome {
  int code = -1;
  int pid = 0;
  std::string out, err;
};

std::string read_all(int fd) {
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, size_t(n));
  return s;
}

// Runs `body` (returns an exit code) in a child process.
template <class F>
Outcome spawn(F body, bool close_stdout_reader = false) {
  int out[2], err[2];
  EXPECT_EQ(::pipe(out), 0);
  EXPECT_EQ(::pipe(err), 0);
  if (close_stdout_reader) ::close(out[0]);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::unsetenv("RUST_BACKTRACE");
    asr::rt::reset_panic_note_for_tests();  // this process may have panicked already
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close(out[1]);
    ::close(err[1]);
    if (!close_stdout_reader) ::close(out[0]);
    ::close(err[0]);
    ::_exit(body());
  }
  ::close(out[1]);
  ::close(err[1]);
  Outcome o;
  o.pid = pid;
  if (!close_stdout_reader) o.out = read_all(out[0]);
  o.err = read_all(err[0]);
  if (!close_stdout_reader) ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return o;
}

std::string header(int pid, const char* where) {
  return "\nthread 'main' (" + std::to_string(pid) + ") panicked at " + where + ":\n";
}
const std::string kNote =
    "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

void overflow_main() {
  asr::print("partial");
  int32_t x = asr::add(int32_t(2147483647), int32_t(asr::rt::argc()), asr::Loc{"q.asr", 1, 45});
  asr::println("{}", x);
}

asr::Task<void> async_panic_main() {
  asr::println("before");
  co_await asr::task::sleep(asr::time::Duration::from_millis(1));
  asr::panic_fmt(asr::Loc{"main.asr", 4, 5}, "bad value: {} {:?}", 42, "x");
}

void twice_main() {
  try {
    asr::panic(asr::Loc{"p.asr", 3, 43}, "first 1");
  } catch (const asr::Panic&) {
  }
  asr::panic(asr::Loc{"p.asr", 7, 21}, "index out of bounds: the len is 0 but the index is 6");
}

void ok_main() { asr::print("no newline at end"); }

asr::Task<void> centuries_main() {
  auto start = asr::time::Instant::now();
  co_await asr::task::sleep(asr::time::Duration::from_secs(500ull * 365 * 24 * 3600));
  asr::println("{} years", start.elapsed().as_secs() / (365 * 24 * 3600));
}

void pipe_main() {
  for (;;) asr::println("y");
}

}  // namespace

TEST(RuntimePanic, OverflowMatchesRustc) {
  Outcome o = spawn([] {
    char arg0[] = "prog";
    char* argv[] = {arg0, nullptr};
    return asr::run_main_sync(1, argv, &overflow_main);
  });
  EXPECT_EQ(o.code, 101);
  EXPECT_EQ(o.out, "partial");
  EXPECT_EQ(o.err, header(o.pid, "q.asr:1:45") + "attempt to add with overflow\n" + kNote);
}

TEST(RuntimePanic, AsyncPanicWithFormat) {
  Outcome o = spawn([] {
    // One worker: a forked child of a process with threads must not start more under TSan.
    ::setenv("ASR_WORKERS", "1", 1);
    return asr::run_main(0, nullptr, &async_panic_main);
  });
  EXPECT_EQ(o.code, 101);
  EXPECT_EQ(o.out, "before\n");
  EXPECT_EQ(o.err, header(o.pid, "main.asr:4:5") + "bad value: 42 \"x\"\n" + kNote);
}

TEST(RuntimePanic, SecondPanicHasNoNote) {
  Outcome o = spawn([] { return asr::run_main_sync(0, nullptr, &twice_main); });
  EXPECT_EQ(o.code, 101);
  EXPECT_EQ(o.err, header(o.pid, "p.asr:3:43") + "first 1\n" + kNote + header(o.pid, "p.asr:7:21") +
                       "index out of bounds: the len is 0 but the index is 6\n");
}

TEST(RuntimePanic, NormalExitFlushesStdout) {
  Outcome o = spawn([] { return asr::run_main_sync(0, nullptr, &ok_main); });
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, "no newline at end");
  EXPECT_EQ(o.err, "");
}

TEST(RuntimePanic, BrokenPipePanicsLikeRust) {
  Outcome o = spawn(
      [] {
        std::signal(SIGPIPE, SIG_DFL);  // run_main must ignore it itself
        return asr::run_main_sync(0, nullptr, &pipe_main);
      },
      /*close_stdout_reader=*/true);
  EXPECT_EQ(o.code, 101);
  EXPECT_EQ(o.err,
            header(o.pid, "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/io/stdio.rs:1165:9") +
                "failed printing to stdout: Broken pipe (os error 32)\n" + kNote);
}

TEST(RuntimePanic, DurationOverflowMessage) {
  Outcome o = spawn([] {
    return asr::run_main_sync(0, nullptr, [] {
      auto d = asr::time::Duration::MAX + asr::time::Duration::from_nanos(1);
      (void)d;
    });
  });
  EXPECT_EQ(o.code, 101);
  EXPECT_EQ(o.err,
            header(o.pid, "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/time.rs:1181:31") +
                "overflow when adding durations\n" + kNote);
}

TEST(RuntimePanic, AsrSeedUsesVirtualClock) {
  auto wall = std::chrono::steady_clock::now();
  Outcome o = spawn([] {
    ::setenv("ASR_SEED", "0", 1);
    return asr::run_main(0, nullptr, &centuries_main);
  });
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, "500 years\n");
  EXPECT_LT(std::chrono::steady_clock::now() - wall, std::chrono::seconds(10));
}
