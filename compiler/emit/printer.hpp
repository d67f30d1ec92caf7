#pragma once
// A positional printer in the style of cppfront: output lines carry the source line they
// come from, and `#line` directives are inserted only where the C++ line numbering would
// otherwise drift from the .asr source, so compiler errors and debuggers land on ASR lines.

#include <string>
#include <string_view>

namespace asr::emit {

class Printer {
 public:
  // `file` is the escaped file name to use in `#line` directives; empty disables them.
  explicit Printer(std::string line_file) : line_file_(std::move(line_file)) {}

  // Emits one line at the current indentation. `source_line` 0 means "generated, no origin".
  void line(std::string_view text, uint32_t source_line = 0);
  // The (escaped) file the next source lines come from (a program of several files).
  void set_file(const std::string& escaped) {
    if (line_file_.empty() || escaped == line_file_) return;
    line_file_ = escaped;
    mapped_line_ = 0;  // forces a `#line` naming the new file
  }
  void blank() { line(""); }
  void indent() { ++depth_; }
  void dedent() { if (depth_ > 0) --depth_; }

  std::string take() { return std::move(out_); }

 private:
  std::string line_file_;
  std::string out_;
  int depth_ = 0;
  uint32_t out_lines_ = 0;      // lines written so far
  uint32_t mapped_line_ = 0;    // source line the next output line maps to (0: generated)
};

}  // namespace asr::emit
