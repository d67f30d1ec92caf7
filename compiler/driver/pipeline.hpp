#pragma once
// The compiler pipeline as one call: source file -> C++ text (or an intermediate dump).
// The CLI (main.cpp) is a thin layer over this; unit tests call it directly.

#include <string>
#include <vector>

#include "diagnostics/diagnostics.hpp"

namespace asr::driver {

enum class EmitKind { Tokens, Ast, Effects, Cpp };

struct CompileOptions {
  EmitKind emit = EmitKind::Cpp;
  bool line_directives = true;   // `#line` directives pointing at the .asr source
  bool annotate = false;         // `--annotate`: explain inserted awaits / elided frames
  bool release = false;          // wrapping arithmetic instead of overflow checks (as rustc)
  // false: the process exits right after this compilation, so the big intermediate structures
  // (parse trees, AST, program, LIR) are left to the OS instead of being freed piece by piece
  // (a quarter of the run time on large files). Only the asrc command line sets it.
  bool free_memory = true;
};

struct CompileResult {
  bool ok = false;               // false if any error was reported
  std::string output;            // the requested product (C++ text, dump, ...)
  std::vector<std::string> dependencies;  // every source file read (for --depfile)
};

// Runs the pipeline on `input_path` (read from disk; the path is kept as given, for
// diagnostics, #line and panic locations). Diagnostics are reported to `diags`, whose
// SourceManager is `sources`. Never throws.
CompileResult compile_file(const std::string& input_path, const CompileOptions& options,
                           SourceManager& sources, Diagnostics& diags);

// With ASR_TIMING set in the environment, prints the wall time since the previous call (or
// since start-up) to stderr as `asrc: time STAGE MS ms`; the pipeline calls it after each stage
// (tools/bench --stages). Does nothing otherwise.
void stage_done(const char* stage);
// The same, for the whole run so far (`asrc: time total MS ms`).
void report_total_time();

// Same, for in-memory text (tests). `display_name` is used as the file's path.
CompileResult compile_source(const std::string& display_name, std::string text,
                             const CompileOptions& options, SourceManager& sources,
                             Diagnostics& diags);

}  // namespace asr::driver
