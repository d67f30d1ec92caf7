#pragma once
// Rust format strings (`println!("{x:>8.2}")`): parsing, validation, normalisation.
//
// The runtime formats with Rust's syntax too; asrc checks the string at compile time and
// rewrites every named reference to a positional one, so the runtime sees only `{}`,
// `{N}` and `N$` references and a flat argument list.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asr::sema {

// The trait a placeholder needs from its argument.
enum class FormatTrait : uint8_t { Display, Debug, LowerHex, UpperHex, Octal, Binary, LowerExp, UpperExp, Pointer };
const char* format_trait_name(FormatTrait);

struct FormatRef {
  // Exactly one of: next implicit argument, explicit index, or a name.
  enum class Kind : uint8_t { Next, Index, Name } kind = Kind::Next;
  size_t index = 0;
  std::string name;
  size_t offset = 0;  // byte offset of the reference inside the string (for diagnostics)
};

struct FormatPlaceholder {
  FormatRef arg;
  FormatTrait trait = FormatTrait::Display;
  std::optional<FormatRef> width_arg;      // `width$`
  std::optional<FormatRef> precision_arg;  // `.prec$` or `.*` (Kind::Next)
  // The spec text between ':' and '}' with argument references replaced later.
  std::string spec_before_width;  // fill/align/sign/#/0
  std::string width_literal;      // digits, if a literal width
  std::string precision_literal;  // digits, if a literal precision
  std::string type;               // `?`, `x`, `#?` is in spec_before_width (`#`)
  size_t offset = 0;              // of the `{`
};

struct FormatPiece {
  bool is_text = true;
  std::string text;               // literal text (braces already unescaped)
  FormatPlaceholder placeholder;
};

struct FormatError {
  std::string message;
  size_t offset = 0;              // byte offset in the string's value
};

// Parses the decoded value of a format string literal.
std::optional<FormatError> parse_format(std::string_view fmt, std::vector<FormatPiece>& out);

// Re-serialises pieces in Rust syntax, escaping braces, with references as given.
std::string print_format(const std::vector<FormatPiece>& pieces);

}  // namespace asr::sema
