#include "diagnostics/diagnostics.hpp"

#include <algorithm>

namespace asr {
namespace {

constexpr DiagInfo kInfos[] = {
#define ASR_DIAG(name, severity, format) {#name, Severity::severity, format},
#include "diagnostics/kinds.def"
#undef ASR_DIAG
};

std::string_view severity_word(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// Printable form of a source line: tabs become 4 spaces (as rustc does), control bytes '?'.
std::string printable(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '\t') out += "    ";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += '?';
    else out += c;
  }
  return out;
}

// Display width of line[0, byte_offset) in columns, matching printable().
uint32_t display_width(std::string_view line, size_t bytes) {
  uint32_t w = 0;
  for (size_t i = 0; i < bytes && i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == '\t') w += 4;
    else if ((c & 0xC0) != 0x80) w += 1;
  }
  return w;
}

}  // namespace

const DiagInfo& diag_info(DiagKind k) { return kInfos[static_cast<size_t>(k)]; }

std::vector<DiagKind> all_diag_kinds() {
  std::vector<DiagKind> v;
  for (size_t i = 0; i < std::size(kInfos); ++i) v.push_back(static_cast<DiagKind>(i));
  return v;
}

Diagnostic& Diagnostics::add(DiagKind kind, Span span, std::string message) {
  Severity sev = diag_info(kind).severity;
  if (sev == Severity::Error) {
    if (error_count_ >= max_errors_) return overflow_ = Diagnostic{kind, sev, span, message, {}};
    ++error_count_;
  }
  diags_.push_back(Diagnostic{kind, sev, span, std::move(message), {}});
  return diags_.back();
}

std::string Diagnostics::render_one(const Diagnostic& d, bool color) const {
  const char* bold = color ? "\033[1m" : "";
  const char* red = color ? "\033[1;31m" : "";
  const char* blue = color ? "\033[1;34m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::string out;
  auto header = [&](Span span, Severity sev, std::string_view msg) {
    if (span.valid()) {
      LineCol lc = sources_.line_col(span);
      out += fmt::format("{}{}:{}:{}: {}", bold, sources_.name(span.file), lc.line, lc.col, reset);
    }
    out += fmt::format("{}{}:{} {}{}{}\n", sev == Severity::Error ? red : blue, severity_word(sev),
                       reset, bold, msg, reset);
  };
  auto snippet = [&](Span span) {
    if (!span.valid()) return;
    LineCol lc = sources_.line_col(span);
    std::string_view line = sources_.line_text(span.file, lc.line);
    std::string num = std::to_string(lc.line);
    std::string pad(num.size(), ' ');
    // Byte offset of the span within its line.
    std::string_view text = sources_.text(span.file);
    size_t line_start = static_cast<size_t>(line.data() - text.data());
    size_t col_bytes = span.begin >= line_start ? span.begin - line_start : 0;
    size_t end_bytes = std::min<size_t>(span.end > line_start ? span.end - line_start : 0, line.size());
    uint32_t caret_col = display_width(line, col_bytes);
    uint32_t caret_len = end_bytes > col_bytes ? display_width(line, end_bytes) - caret_col : 1;
    if (caret_len == 0) caret_len = 1;
    out += fmt::format("{}{} |{}\n", blue, pad, reset);
    out += fmt::format("{}{} |{} {}\n", blue, num, reset, printable(line));
    out += fmt::format("{}{} |{} {}{}{}{}\n", blue, pad, reset, std::string(caret_col, ' '), red,
                       std::string(caret_len, '^'), reset);
  };
  header(d.span, d.severity, d.message);
  snippet(d.span);
  for (const auto& n : d.notes) {
    header(n.span, Severity::Note, n.message);
    snippet(n.span);
  }
  return out;
}

std::string Diagnostics::render(bool color) const {
  std::string out;
  for (const auto& d : diags_) {
    out += render_one(d, color);
    out += '\n';
  }
  if (error_count_ >= max_errors_) {
    out += fmt::format("error: too many errors, stopping after {}\n", max_errors_);
  }
  if (error_count_ > 0) {
    out += fmt::format("error: could not compile due to {} previous error{}\n", error_count_,
                       error_count_ == 1 ? "" : "s");
  }
  return out;
}

}  // namespace asr
