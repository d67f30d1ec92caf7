#pragma once
// The diagnostics service: every stage reports through one `Diagnostics` object.
//
// Kinds are declared once in kinds.def (name, severity, message template) and emitted by name,
// so that every message the compiler can print is listed in one place and tested.

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics/source.hpp"

namespace asr {

enum class Severity : uint8_t { Error, Warning, Note };

enum class DiagKind : uint16_t {
#define ASR_DIAG(name, severity, format) name,
#include "diagnostics/kinds.def"
#undef ASR_DIAG
};

struct DiagInfo {
  std::string_view name;
  Severity severity;
  std::string_view format;
};
const DiagInfo& diag_info(DiagKind);
std::vector<DiagKind> all_diag_kinds();

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  Span span;
  std::string message;
  struct Note {
    Span span;  // may be invalid: then printed without a snippet
    std::string message;
  };
  std::vector<Note> notes;
};

class Diagnostics {
 public:
  explicit Diagnostics(const SourceManager& sources) : sources_(sources) {}
  const SourceManager& sources() const { return sources_; }

  // Reports `kind` at `span` with the template's arguments; returns the diagnostic so that
  // notes can be attached (valid until the next report).
  template <typename... Args>
  Diagnostic& report(DiagKind kind, Span span, const Args&... args) {
    return add(kind, span, fmt::format(fmt::runtime(diag_info(kind).format), args...));
  }
  Diagnostic& add(DiagKind kind, Span span, std::string message);

  bool has_errors() const { return error_count_ > 0; }
  uint32_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return diags_; }
  // True once the error limit was hit; stages should stop early.
  bool saturated() const { return error_count_ >= max_errors_; }
  void set_max_errors(uint32_t n) { max_errors_ = n; }

  // Renders every diagnostic, rustc style:  FILE:LINE:COL: error: message / snippet / caret.
  std::string render(bool color) const;
  std::string render_one(const Diagnostic&, bool color) const;

 private:
  const SourceManager& sources_;
  std::vector<Diagnostic> diags_;
  uint32_t error_count_ = 0;
  uint32_t max_errors_ = 100;
  Diagnostic overflow_;  // returned once the limit is reached, so callers can still add notes
};

}  // namespace asr
