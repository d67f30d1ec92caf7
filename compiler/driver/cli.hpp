#pragma once
// Command-line parsing for asrc, kept apart from main() so that it can be unit-tested.
//
//   asrc [OPTIONS] FILE.asr [-o OUT.cpp]          transpile (C++ to stdout without -o)
//   asrc build [--release] FILE.asr [-o EXE]      transpile and compile with $CXX
//   asrc run [--release] FILE.asr [-- ARGS...]    build into the cache and execute
//
// `build` and `run` are recognised only as the first argument, before CLI11 sees the command
// line: CLI11 2.1 lets a top-level positional swallow a subcommand's name, so asrc does not
// use CLI11 subcommands at all. A file literally named `build` is spelt `./build`.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driver/pipeline.hpp"

namespace asr::driver {

// Process exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitProgramErrors = 1;  // the ASR program has errors (or asrc has a bug)
inline constexpr int kExitUsage = 2;          // bad command line or I/O error

enum class Mode { Transpile, Build, Run };
enum class ColorMode { Auto, Always, Never };

struct Invocation {
  Mode mode = Mode::Transpile;
  std::string input;                      // FILE.asr
  std::optional<std::string> output;      // -o (Transpile: "-" or absent = stdout)
  CompileOptions compile;                 // --emit, --no-line-directives, --annotate, --release
  std::optional<std::string> depfile;     // --depfile
  ColorMode color = ColorMode::Auto;
  std::vector<std::string> program_args;  // run: everything after `--`
};

// The outcome of parsing: either an invocation to carry out, or text to print and an exit code
// (--help, --version, usage errors).
struct ParsedCommandLine {
  std::optional<Invocation> invocation;
  int exit_code = kExitOk;  // meaningful when `invocation` is empty
  std::string out;          // for stdout (help, version)
  std::string err;          // for stderr (usage errors)
};

// Parses `args` (argv without argv[0]). Never throws for bad input; usage errors give exit 2.
ParsedCommandLine parse_command_line(const std::vector<std::string>& args);

// "asrc 0.1.0"
std::string version_line();

// Colour decision: `auto` colours iff stderr is a terminal and NO_COLOR is unset or empty
// (https://no-color.org). `no_color` is getenv("NO_COLOR").
bool use_color(ColorMode mode, bool stderr_is_tty, const char* no_color);

// Escapes one path for a Make-format depfile as GCC/Clang do: a space or `#` gets a backslash
// (and the backslashes right before it are doubled), `$` becomes `$$`.
std::string make_escape(std::string_view path);

// Returns the depfile text `TARGET: DEP1 DEP2\n`, or nothing when a path cannot be written in
// Make syntax (it contains a line break).
std::optional<std::string> make_depfile(std::string_view target,
                                        const std::vector<std::string>& deps);

}  // namespace asr::driver
