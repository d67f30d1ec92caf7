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

// Same, for in-memory text (tests). `display_name` is used as the file's path.
CompileResult compile_source(const std::string& display_name, std::string text,
                             const CompileOptions& options, SourceManager& sources,
                             Diagnostics& diags);

}  // namespace asr::driver
