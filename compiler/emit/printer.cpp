#include "emit/printer.hpp"

namespace asr::emit {

void Printer::line(std::string_view text, uint32_t source_line) {
  if (!line_file_.empty() && source_line != 0 && source_line != mapped_line_) {
    out_ += "#line " + std::to_string(source_line) + " \"" + line_file_ + "\"\n";
    ++out_lines_;
    mapped_line_ = source_line;
  }
  if (!text.empty()) out_.append(static_cast<size_t>(depth_) * 2, ' ');
  out_ += text;
  out_ += '\n';
  ++out_lines_;
  if (mapped_line_ != 0) ++mapped_line_;
}


}  // namespace asr::emit
