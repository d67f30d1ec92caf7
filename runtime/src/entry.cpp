// Process entry: runs the ASR main, maps panics to exit code 101, flushes stdout.
#include "asr/entry.hpp"

#include <csignal>
#include <cstdlib>
#include <new>
#include <string>

#include "asr/io.hpp"
#include "asr/panic.hpp"
#include "asr/task_tree.hpp"
#include "scheduler_impl.hpp"

namespace asr {
namespace {

int g_argc = 0;
char** g_argv = nullptr;

void init_process(int argc, char** argv) {
  g_argc = argc;
  g_argv = argv;
  std::signal(SIGPIPE, SIG_IGN);  // as Rust: a closed pipe is an EPIPE error, not a signal
}

[[noreturn]] void fatal(Str what) {
  rt::stdout_flush_at_exit();
  rt::stderr_write(what);
  std::abort();
}

// Runs `body`, translating what escapes it into the exit code.
template <class F>
int guarded(F&& body) {
  int code = 0;
  try {
    body();
  } catch (const Panic&) {
    code = 101;  // already reported at the panic site
  } catch (const std::bad_alloc&) {
    fatal("memory allocation failed\n");
  } catch (const Cancelled&) {
    if (!rt::cancel_at_fired()) fatal("fatal runtime error: cancellation escaped the main task\n");
    // ASR_CANCEL_AT cancelled main from outside: a clean exit, as after Ctrl-C.
    code = 130;
    std::string msg = "asr: main was cancelled (ASR_CANCEL_AT=" + std::to_string(rt::cancel_at_n()) + ")\n";
    rt::stderr_write(Str(msg.data(), msg.size()));
  } catch (...) {
    fatal("fatal runtime error: a foreign exception escaped the main task\n");
  }
  rt::stdout_flush_at_exit();
  return code;
}

}  // namespace

int run_main(int argc, char** argv, Task<void> (*main_fn)()) {
  init_process(argc, argv);
  rt::SchedulerConfig config = rt::config_from_env();
  if (const char* n = std::getenv("ASR_CANCEL_AT"); n != nullptr && *n != '\0') {
    rt::cancel_at_arm(std::atoll(n));
  }
  return guarded([&] {
    // main starts inside the scheduler, as the body of the root scope (std::thread::spawn)
    rt::RootTask<void> root = rt::root([main_fn] { return task::run_main_in_root_scope(main_fn); });
    rt::block_on(root.handle(), config);
    root.result();
  });
}

int run_main_sync(int argc, char** argv, void (*main_fn)()) {
  init_process(argc, argv);
  return guarded([&] { main_fn(); });
}

namespace rt {
int argc() noexcept { return g_argc; }
char** argv() noexcept { return g_argv; }
}  // namespace rt

}  // namespace asr

namespace asr::rt {

void run_to_completion(std::coroutine_handle<> root, bool virtual_clock, uint64_t seed,
                       unsigned workers) {
  SchedulerConfig c;
  c.virtual_clock = virtual_clock;
  c.seed = seed;
  c.workers = virtual_clock ? 1 : workers;
  block_on(root, c);
}

void run_to_completion_env(std::coroutine_handle<> root) { block_on(root, config_from_env()); }

}  // namespace asr::rt
