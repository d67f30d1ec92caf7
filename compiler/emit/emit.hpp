#pragma once
// Public interface of the emit stage: LIR -> readable C++20 text.

#include <string>

#include "diagnostics/source.hpp"
#include "lower/effects.hpp"
#include "lower/lir.hpp"

namespace asr::emit {

struct EmitOptions {
  bool line_directives = true;  // `#line N "file.asr"` so C++ tools point at ASR lines
  bool annotate = false;        // comments explaining awaits and elided frames
  std::string version;          // asrc version, for the header comment
};

std::string emit_cpp(const lir::Module& module, const lower::Effects& effects,
                     const SourceManager& sources, const EmitOptions& options);

// C++ literal spellings, escaped so that no input can inject C++ or preprocessor text.
std::string cpp_string_literal(std::string_view bytes);
std::string cpp_char_literal(uint32_t code_point);
// Text safe inside a `//` comment: line breaks (CR, LF, U+0085, U+2028, U+2029) removed.
std::string comment_safe(std::string_view text);

}  // namespace asr::emit
