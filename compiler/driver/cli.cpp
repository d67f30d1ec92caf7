#include "driver/cli.hpp"

#include <CLI/CLI.hpp>

#include <cctype>

#ifndef ASRC_VERSION
#define ASRC_VERSION "0.0.0"
#endif

namespace asr::driver {

std::string version_line() { return std::string("asrc ") + ASRC_VERSION; }

namespace {

constexpr const char* kDescription =
    "asrc compiles ASR -- Rust in which every function is implicitly async -- to C++20.";

constexpr const char* kUsage =
    "Usage:\n"
    "  asrc [OPTIONS] FILE.asr [-o OUT.cpp]        transpile to C++ (stdout without -o)\n"
    "  asrc build [--release] FILE.asr [-o EXE]    transpile and compile an executable\n"
    "  asrc run [--release] FILE.asr [-- ARGS...]  build (cached) and run it with ARGS\n";

constexpr const char* kExamples =
    "EXAMPLES:\n"
    "  asrc hello.asr -o hello.cpp       write the generated C++ to hello.cpp\n"
    "  asrc hello.asr --emit=effects     show which functions suspend, and why\n"
    "  asrc build hello.asr -o hello     build the executable ./hello (-O0 -g)\n"
    "  asrc build --release hello.asr    build an optimised ./hello (-O2, wrapping arithmetic)\n"
    "  asrc run hello.asr -- a b         build into the cache and run with arguments a b\n"
    "  asrc ./build                      transpile a file named `build`\n"
    "\n"
    "ENVIRONMENT:\n"
    "  CXX, CXXFLAGS    C++ compiler (default g++) and extra flags for build/run\n"
    "  ASR_SDK_DIR      runtime location (default: found next to the asrc executable)\n"
    "  ASR_CACHE_DIR    cache for `asrc run` (default $XDG_CACHE_HOME/asrc or ~/.cache/asrc)\n"
    "  NO_COLOR         disables colour with --color=auto\n"
    "\n"
    "Exit status: 0 success, 1 the program has errors, 2 usage or I/O error;\n"
    "`asrc run` exits with the program's status (128+N if killed by signal N).";

// Replaces CLI11's generated usage line (which knows nothing of build/run).
class Formatter : public CLI::Formatter {
 public:
  explicit Formatter(std::string usage) : usage_(std::move(usage)) {}
  std::string make_usage(const CLI::App*, std::string) const override { return "\n" + usage_; }

 private:
  std::string usage_;
};

struct Flags {
  std::string emit = "cpp";
  std::string color = "auto";
  bool no_line_directives = false;
};

// Defines the options of one form. CLI11 writes into `inv` and `flags`.
void define_options(CLI::App& app, Mode mode, Invocation& inv, Flags& flags,
                    std::string& output, std::string& depfile) {
  app.set_version_flag("--version", version_line());
  const char* file_help = mode == Mode::Transpile ? "the ASR source file (crate root)"
                                                  : "the ASR source file (crate root), required";
  app.add_option("FILE", inv.input, file_help)->type_name("");
  switch (mode) {
    case Mode::Transpile:
      app.add_option("-o,--output", output, "write the C++ (or dump) to this file; `-` is stdout")
          ->type_name("FILE");
      app.add_option("--emit", flags.emit, "what to produce: tokens, ast, effects or cpp")
          ->type_name("KIND");
      app.add_flag("--release", inv.compile.release,
                   "release semantics: integer overflow wraps instead of panicking");
      break;
    case Mode::Build:
      app.add_option("-o,--output", output,
                     "the executable to write (default: FILE without .asr, in the current folder)")
          ->type_name("EXE");
      app.add_flag("--release", inv.compile.release,
                   "optimise (-O2 -DNDEBUG) and let integer overflow wrap");
      break;
    case Mode::Run:
      app.add_flag("--release", inv.compile.release,
                   "optimise (-O2 -DNDEBUG) and let integer overflow wrap");
      break;
  }
  app.add_flag("--no-line-directives", flags.no_line_directives,
               "omit the #line directives that point back at the .asr source");
  app.add_flag("--annotate", inv.compile.annotate,
               "comment the C++: inserted awaits, elided frames and why");
  if (mode != Mode::Run) {
    app.add_option("--depfile", depfile,
                   "also write a Make-format dependency file for the -o target")
        ->type_name("FILE");
  }
  app.add_option("--color", flags.color, "colour diagnostics: auto, always or never")
      ->type_name("WHEN");
}

bool mode_has_output(Mode mode) { return mode != Mode::Run; }

std::string usage_error(std::string_view message) {
  std::string text = "error: ";
  text += message;
  text += "\nRun `asrc --help` for usage.\n";
  return text;
}

}  // namespace

ParsedCommandLine parse_command_line(const std::vector<std::string>& args) {
  ParsedCommandLine result;
  Invocation inv;
  size_t first = 0;
  if (!args.empty() && args[0] == "build") {
    inv.mode = Mode::Build;
    first = 1;
  } else if (!args.empty() && args[0] == "run") {
    inv.mode = Mode::Run;
    first = 1;
  }
  std::vector<std::string> cli_args(args.begin() + static_cast<std::ptrdiff_t>(first), args.end());
  if (inv.mode == Mode::Run) {
    // Everything after the first `--` belongs to the program, untouched by CLI11.
    for (size_t i = 0; i < cli_args.size(); ++i) {
      if (cli_args[i] == "--") {
        inv.program_args.assign(cli_args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                cli_args.end());
        cli_args.resize(i);
        break;
      }
    }
  }

  std::string name = inv.mode == Mode::Build ? "asrc build"
                     : inv.mode == Mode::Run ? "asrc run"
                                             : "asrc";
  CLI::App app(kDescription, name);
  app.formatter(std::make_shared<Formatter>(kUsage));
  app.footer(kExamples);
  Flags flags;
  std::string output, depfile;
  define_options(app, inv.mode, inv, flags, output, depfile);

  // CLI11 wants argv order reversed when given a vector.
  std::vector<std::string> reversed(cli_args.rbegin(), cli_args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    result.out = app.help();
    return result;
  } catch (const CLI::CallForAllHelp&) {
    result.out = app.help();
    return result;
  } catch (const CLI::CallForVersion& e) {
    result.out = std::string(e.what()) + "\n";
    return result;
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    // CLI11 capitalises its messages; asrc's (like rustc's) start in lower case.
    if (message.size() > 1 && std::isupper(static_cast<unsigned char>(message[0])) &&
        std::islower(static_cast<unsigned char>(message[1]))) {
      message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    }
    if (inv.mode == Mode::Run &&
        e.get_exit_code() == static_cast<int>(CLI::ExitCodes::ExtrasError)) {
      message += " (pass arguments to the program after `--`)";
    }
    result.exit_code = kExitUsage;
    result.err = usage_error(message);
    return result;
  }

  auto fail = [&](std::string_view message) {
    result.exit_code = kExitUsage;
    result.err = usage_error(message);
    return result;
  };

  if (inv.input.empty()) {
    return fail(inv.mode == Mode::Transpile ? "no input file given" : "no input file given to `" +
                                                                          name + "`");
  }

  if (flags.emit == "tokens") inv.compile.emit = EmitKind::Tokens;
  else if (flags.emit == "ast") inv.compile.emit = EmitKind::Ast;
  else if (flags.emit == "effects") inv.compile.emit = EmitKind::Effects;
  else if (flags.emit == "cpp") inv.compile.emit = EmitKind::Cpp;
  else return fail("invalid value `" + flags.emit + "` for --emit (expected tokens, ast, effects or cpp)");

  if (flags.color == "auto") inv.color = ColorMode::Auto;
  else if (flags.color == "always") inv.color = ColorMode::Always;
  else if (flags.color == "never") inv.color = ColorMode::Never;
  else return fail("invalid value `" + flags.color + "` for --color (expected auto, always or never)");

  inv.compile.line_directives = !flags.no_line_directives;
  if (mode_has_output(inv.mode) && app.count("--output") > 0) {
    if (output.empty()) return fail("-o needs a file name");
    inv.output = output;
  }
  if (inv.mode == Mode::Build && !inv.output) {
    // rustc's default: the input's stem, in the current folder.
    std::string base = inv.input.substr(inv.input.find_last_of('/') + 1);
    if (base.size() <= 4 || base.compare(base.size() - 4, 4, ".asr") != 0) {
      return fail("cannot derive the executable's name from `" + inv.input +
                  "` (not a .asr file): give it with -o");
    }
    inv.output = base.substr(0, base.size() - 4);
  }
  if (mode_has_output(inv.mode) && app.count("--depfile") > 0) {
    if (depfile.empty()) return fail("--depfile needs a file name");
    if (!inv.output || *inv.output == "-") return fail("--depfile needs an output file (-o)");
    inv.depfile = depfile;
  }
  result.invocation = std::move(inv);
  return result;
}

bool use_color(ColorMode mode, bool stderr_is_tty, const char* no_color) {
  switch (mode) {
    case ColorMode::Always: return true;
    case ColorMode::Never: return false;
    case ColorMode::Auto: return stderr_is_tty && (no_color == nullptr || no_color[0] == '\0');
  }
  return false;
}

std::string make_escape(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == ' ' || c == '#' || c == '\t') {
      // Make reads `\\ ` as a backslash then an escaped space: double the backslashes before.
      for (size_t j = i; j > 0 && path[j - 1] == '\\'; --j) out += '\\';
      out += '\\';
    } else if (c == '$') {
      out += '$';
    }
    out += c;
  }
  return out;
}

std::optional<std::string> make_depfile(std::string_view target,
                                        const std::vector<std::string>& deps) {
  auto representable = [](std::string_view p) {
    return p.find('\n') == std::string_view::npos && p.find('\r') == std::string_view::npos;
  };
  if (!representable(target)) return std::nullopt;
  std::string text = make_escape(target);
  text += ':';
  for (const std::string& dep : deps) {
    if (!representable(dep)) return std::nullopt;
    text += ' ';
    text += make_escape(dep);
  }
  text += '\n';
  return text;
}

}  // namespace asr::driver
