#pragma once
// What `asrc build` and `asrc run` need around the compiler proper: finding the runtime SDK,
// the C++ compiler command line, the build cache, atomic file writes and child processes.
// Pure functions take their environment as arguments so that unit tests can drive them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asr::driver {

// ---- the runtime SDK: headers (`<include_dir>/asr/...`) and libasr_std.a / libasr_core.a

struct Sdk {
  std::string include_dir;
  std::string lib_dir;
};

struct SdkSearch {
  std::optional<Sdk> sdk;
  std::vector<std::string> looked_in;  // every candidate tried, for the error message
};

// Search order: $ASR_SDK_DIR (`asr_sdk_dir`, layout DIR/include + DIR/lib) if set, else
// relative to the folder holding the asrc executable: `../asr-sdk/{include,lib}` (build tree),
// then `../include` + `../<libdir>` for an install (libdir: the configured
// CMAKE_INSTALL_LIBDIR, `lib/<multiarch>`, `lib`, `lib64`). A candidate counts if it has
// `include/asr` and `lib/libasr_core.a`.
SdkSearch locate_sdk(const std::string& exe_dir, const char* asr_sdk_dir);

// The folder of the running executable, symlinks resolved (/proc/self/exe).
std::string executable_dir();

// ---- the C++ compiler

struct CxxConfig {
  std::vector<std::string> compiler;  // $CXX split on whitespace (e.g. `ccache g++`), default g++
  std::vector<std::string> flags;     // $CXXFLAGS split on whitespace
};
CxxConfig cxx_config_from(const char* cxx_env, const char* cxxflags_env);

std::vector<std::string> split_words(std::string_view text);

// The full command: compiler -std=c++20 (-O0 -g | -O2 -DNDEBUG) -I.. $CXXFLAGS CPP -L.. -l.. -o EXE
std::vector<std::string> compile_command(const CxxConfig& cxx, const Sdk& sdk,
                                         const std::string& cpp_path,
                                         const std::string& exe_path, bool release);

// ---- the build cache of `asrc run`

// $ASR_CACHE_DIR, else $XDG_CACHE_HOME/asrc, else $HOME/.cache/asrc, else /tmp/asrc-cache-UID.
// Empty variables count as unset; a relative XDG_CACHE_HOME is ignored (XDG spec).
std::string cache_root(const char* asr_cache_dir, const char* xdg_cache_home, const char* home,
                       unsigned uid);

// A 128-bit hash (hex) of everything that determines the executable. Fields are
// length-prefixed, so moving text from one field to the next changes the key.
std::string cache_key(const std::string& absolute_input, const std::string& cpp_text,
                      const std::vector<std::string>& command, const std::string& version,
                      const std::string& sdk_identity);

// Size and modification time of the SDK libraries: a rebuilt runtime invalidates the cache.
std::string sdk_identity(const Sdk& sdk);

// ---- files and processes

// Writes `content` to `path` through a temporary file in the same folder and rename(2), so
// readers never see a half-written file. Targets that are not regular files (/dev/null,
// FIFOs) are written in place. Returns an error message, or nothing on success.
std::optional<std::string> write_file_atomic(const std::string& path, std::string_view content);

// A fresh name next to `path` for a temporary file (`DIR/.BASE.tmp-PID-N`).
std::string temp_sibling(const std::string& path);

struct Captured {
  bool started = false;   // false: the program could not be executed (see `error`)
  std::string error;
  int exit_code = 0;      // as a shell reports it (128+N when killed by signal N)
  std::string output;     // stdout and stderr interleaved
};
// Runs argv[0] (searched in PATH) with stdin from /dev/null, capturing its output.
Captured run_captured(const std::vector<std::string>& argv);

// Runs `path` with `args`, stdin/stdout/stderr inherited, and returns its exit code as a shell
// would (128+N for signal N). While it runs asrc ignores SIGINT/SIGQUIT (the terminal sends
// them to the child too) and forwards SIGTERM/SIGHUP. Returns nothing if it could not start.
std::optional<int> run_program(const std::string& path, const std::vector<std::string>& args,
                               std::string& error);

int exit_code_from_wait_status(int status);

}  // namespace asr::driver
