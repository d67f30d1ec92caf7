// asrc: the command-line driver. Parsing lives in cli.cpp, the C++ toolchain and the run cache
// in toolchain.cpp, the compiler itself behind pipeline.hpp; this file only sequences them.
//
// Exit codes: 0 success, 1 the program has errors (or asrc hit an internal error),
// 2 usage or I/O error; `asrc run` exits with the program's own status.

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "driver/cli.hpp"
#include "driver/pipeline.hpp"
#include "driver/toolchain.hpp"

namespace asr::driver {
namespace {

namespace fs = std::filesystem;

void print_err(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

int error(std::string_view message, int code) {
  print_err(fmt::format("error: {}\n", message));
  return code;
}

int internal_error(std::string_view message) {
  return error(fmt::format("internal compiler error: {}\n"
                           "note: this is a bug in asrc, please report it",
                           message),
               kExitProgramErrors);
}

// Writes to stdout and checks that it arrived: output to a full disk or a closed pipe is an
// I/O error (exit 2), not success.
bool write_stdout(std::string_view text) {
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    return false;
  }
  return std::fflush(stdout) == 0 && !std::ferror(stdout);
}

// The input must be a readable file: otherwise it is an I/O error (2), not a program error.
bool check_input(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)), kExitUsage);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error(fmt::format("cannot read `{}`: is a directory", path), kExitUsage);
    return false;
  }
  if (::access(path.c_str(), R_OK) != 0) {
    error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)), kExitUsage);
    return false;
  }
  return true;
}

std::string join_command(const std::vector<std::string>& cmd) {
  std::string out;
  for (const auto& word : cmd) {
    if (!out.empty()) out += ' ';
    bool plain = !word.empty() && word.find_first_of(" \t\n'\"\\$`*?#;&|<>()") == std::string::npos;
    if (plain) {
      out += word;
    } else {
      out += '\'';
      for (char c : word) {
        if (c == '\'') out += "'\\''";
        else out += c;
      }
      out += '\'';
    }
  }
  return out;
}

// Compiles `cpp_path` to `exe_path`. The C++ compiler's messages are never shown as if they
// were the user's errors: asrc accepted the program, so a failure here is asrc's bug.
int compile_cpp(const CxxConfig& cxx, const Sdk& sdk, const std::string& cpp_path,
                const std::string& exe_path, bool release) {
  std::vector<std::string> cmd = compile_command(cxx, sdk, cpp_path, exe_path, release);
  Captured run = run_captured(cmd);
  if (!run.started) {
    return error(fmt::format("cannot run the C++ compiler `{}`: {} (set $CXX to choose another)",
                             cxx.compiler.front(), run.error),
                 kExitUsage);
  }
  if (run.exit_code != 0) {
    ::unlink(exe_path.c_str());
    std::string message = fmt::format(
        "internal compiler error: the generated C++ failed to compile\n"
        "note: this is a bug in asrc, please report it with the files below\n"
        "note: generated C++ kept at {}\n"
        "note: command: {}\n",
        cpp_path, join_command(cmd));
    if (!cxx.flags.empty()) {
      message += "note: $CXXFLAGS was set; check that it is valid for this compiler\n";
    }
    message += fmt::format("note: the C++ compiler said:\n{}", run.output);
    if (!message.empty() && message.back() != '\n') message += '\n';
    print_err("error: " + message);
    return kExitProgramErrors;
  }
  return kExitOk;
}

std::optional<Sdk> find_sdk() {
  SdkSearch search = locate_sdk(executable_dir(), std::getenv("ASR_SDK_DIR"));
  if (search.sdk) return search.sdk;
  std::string message = "cannot find the asrc runtime (headers `include/asr` and "
                        "`libasr_core.a`); looked in:";
  for (const auto& place : search.looked_in) message += "\n  " + place;
  message += "\nnote: set ASR_SDK_DIR to a folder holding include/ and lib/";
  error(message, kExitUsage);
  return std::nullopt;
}

std::string file_stem(const std::string& path) {
  std::string stem = fs::path(path).stem().string();
  return stem.empty() ? "program" : stem;
}

int transpile(const Invocation& inv, const CompileResult& result) {
  if (!inv.output || *inv.output == "-") {
    if (!write_stdout(result.output)) {
      return error(fmt::format("cannot write to standard output: {}", std::strerror(errno)),
                   kExitUsage);
    }
  } else if (auto err = write_file_atomic(*inv.output, result.output)) {
    return error(fmt::format("cannot write `{}`: {}", *inv.output, *err), kExitUsage);
  }
  if (inv.depfile) {
    std::vector<std::string> deps;
    auto add = [&](const std::string& p) {
      std::error_code ec;
      std::string abs = fs::absolute(p, ec).lexically_normal().string();
      if (ec) abs = p;
      for (const auto& d : deps) {
        if (d == abs) return;
      }
      deps.push_back(abs);
    };
    add(inv.input);
    for (const auto& d : result.dependencies) add(d);
    std::optional<std::string> text = make_depfile(*inv.output, deps);
    if (!text) {
      return error("cannot write the depfile: a path contains a line break", kExitUsage);
    }
    if (auto err = write_file_atomic(*inv.depfile, *text)) {
      return error(fmt::format("cannot write `{}`: {}", *inv.depfile, *err), kExitUsage);
    }
  }
  return kExitOk;
}

int build(const Invocation& inv, const CompileResult& result) {
  std::optional<Sdk> sdk = find_sdk();
  if (!sdk) return kExitUsage;
  CxxConfig cxx = cxx_config_from(std::getenv("CXX"), std::getenv("CXXFLAGS"));

  const char* tmp_env = std::getenv("TMPDIR");
  std::string tmpl = (tmp_env != nullptr && tmp_env[0] == '/' ? std::string(tmp_env) : "/tmp") +
                     "/asrc-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return error(fmt::format("cannot create a temporary folder `{}`: {}", tmpl,
                             std::strerror(errno)),
                 kExitUsage);
  }
  std::string cpp_path = tmpl + "/" + file_stem(inv.input) + ".cpp";
  if (auto err = write_file_atomic(cpp_path, result.output)) {
    return error(fmt::format("cannot write `{}`: {}", cpp_path, *err), kExitUsage);
  }
  // Into a temporary sibling, renamed at the end: a failed build leaves no broken executable.
  std::string exe_tmp = temp_sibling(*inv.output);
  int code = compile_cpp(cxx, *sdk, cpp_path, exe_tmp, inv.compile.release);
  if (code == kExitOk && ::rename(exe_tmp.c_str(), inv.output->c_str()) != 0) {
    int err = errno;
    ::unlink(exe_tmp.c_str());
    code = error(fmt::format("cannot write `{}`: {}", *inv.output, std::strerror(err)),
                 kExitUsage);
  }
  if (code != kExitProgramErrors) {  // keep the .cpp only for an internal-error report
    std::error_code ec;
    fs::remove_all(tmpl, ec);
  }
  if (code == kExitOk && inv.depfile) {
    std::vector<std::string> deps;
    for (const auto& d : result.dependencies) deps.push_back(fs::absolute(d).string());
    if (deps.empty()) deps.push_back(fs::absolute(inv.input).string());
    std::optional<std::string> text = make_depfile(*inv.output, deps);
    if (!text) return error("cannot write the depfile: a path contains a line break", kExitUsage);
    if (auto err = write_file_atomic(*inv.depfile, *text)) {
      return error(fmt::format("cannot write `{}`: {}", *inv.depfile, *err), kExitUsage);
    }
  }
  return code;
}

int run(const Invocation& inv, const CompileResult& result) {
  std::optional<Sdk> sdk = find_sdk();
  if (!sdk) return kExitUsage;
  CxxConfig cxx = cxx_config_from(std::getenv("CXX"), std::getenv("CXXFLAGS"));

  bool fallback = false;
  std::string root = cache_root(std::getenv("ASR_CACHE_DIR"), std::getenv("XDG_CACHE_HOME"),
                                std::getenv("HOME"), ::getuid());
  fallback = root.rfind("/tmp/asrc-cache-", 0) == 0 && std::getenv("ASR_CACHE_DIR") == nullptr;
  std::error_code ec;
  fs::create_directories(root, ec);
  if (fallback && !ec) {
    ::chmod(root.c_str(), 0700);
  }
  struct stat st {};
  if (ec || ::stat(root.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return error(fmt::format("cannot create the cache folder `{}`: {}", root,
                             ec ? ec.message() : std::string("not a folder")),
                 kExitUsage);
  }
  if (fallback && st.st_uid != ::getuid()) {  // a shared /tmp: refuse someone else's folder
    return error(fmt::format("the cache folder `{}` belongs to another user; set ASR_CACHE_DIR",
                             root),
                 kExitUsage);
  }

  std::string absolute_input = fs::absolute(inv.input, ec).lexically_normal().string();
  std::vector<std::string> key_cmd =
      compile_command(cxx, *sdk, "<cpp>", "<exe>", inv.compile.release);
  std::string key = cache_key(absolute_input, result.output, key_cmd, version_line(),
                              sdk_identity(*sdk));
  std::string base = root + "/" + file_stem(inv.input) + "-" + key;
  std::string exe = base;
  std::string cpp_path = base + ".cpp";

  if (::access(exe.c_str(), X_OK) != 0) {
    if (auto err = write_file_atomic(cpp_path, result.output)) {
      return error(fmt::format("cannot write `{}`: {}", cpp_path, *err), kExitUsage);
    }
    // Concurrent runs each build their own temporary and rename it into place atomically.
    std::string exe_tmp = temp_sibling(exe);
    int code = compile_cpp(cxx, *sdk, cpp_path, exe_tmp, inv.compile.release);
    if (code != kExitOk) return code;
    if (::rename(exe_tmp.c_str(), exe.c_str()) != 0) {
      int err = errno;
      ::unlink(exe_tmp.c_str());
      return error(fmt::format("cannot write `{}`: {}", exe, std::strerror(err)), kExitUsage);
    }
  }

  std::fflush(stdout);
  std::fflush(stderr);
  std::string err;
  std::optional<int> code = run_program(exe, inv.program_args, err);
  if (!code) return error(fmt::format("cannot run `{}`: {}", exe, err), kExitUsage);
  return *code;
}

int real_main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  ParsedCommandLine parsed = parse_command_line(args);
  if (!parsed.err.empty()) print_err(parsed.err);
  if (!parsed.invocation) {
    if (!write_stdout(parsed.out)) return kExitUsage;
    return parsed.exit_code;
  }
  const Invocation& inv = *parsed.invocation;
  bool color = use_color(inv.color, ::isatty(STDERR_FILENO) != 0, std::getenv("NO_COLOR"));

  if (!check_input(inv.input)) return kExitUsage;
  if (inv.output && *inv.output != "-") {
    std::error_code ec;
    if (fs::equivalent(inv.input, *inv.output, ec)) {
      return error(fmt::format("the output file `{}` is the input file", *inv.output), kExitUsage);
    }
  }

  CompileOptions options = inv.compile;
  if (inv.mode != Mode::Transpile) options.emit = EmitKind::Cpp;
  // Transpiling ends the process: no need to free the compiler's data structures one by one.
  // (build/run keep freeing: the C++ compiler runs next, while this process waits.)
  options.free_memory = inv.mode != Mode::Transpile;
  SourceManager sources;
  Diagnostics diags(sources);
  CompileResult result = compile_file(inv.input, options, sources, diags);
  if (!diags.all().empty()) print_err(diags.render(color));
  if (!result.ok || diags.has_errors()) {
    if (!diags.has_errors()) return internal_error("compilation failed without an error message");
    return kExitProgramErrors;
  }

  switch (inv.mode) {
    case Mode::Transpile: {
      int code = transpile(inv, result);
      stage_done("write");
      return code;
    }
    case Mode::Build: return build(inv, result);
    case Mode::Run: return run(inv, result);
  }
  return kExitOk;
}

}  // namespace
}  // namespace asr::driver

int main(int argc, char** argv) {
  using namespace asr::driver;
  int code;
  try {
    code = real_main(argc, argv);
  } catch (const std::bad_alloc&) {
    code = internal_error("out of memory");
  } catch (const std::exception& e) {
    code = internal_error(e.what());
  } catch (...) {
    code = internal_error("unknown exception");
  }
  report_total_time();
  // A late write error (e.g. a full disk) must not be reported as success.
  if (std::fclose(stdout) != 0 && code == kExitOk) {
    std::fprintf(stderr, "error: cannot write to standard output: %s\n", std::strerror(errno));
    code = kExitUsage;
  }
  return code;
}
