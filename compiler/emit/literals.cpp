// Escaping of user text into C++ source. Everything that is not printable ASCII becomes an
// escape, so no input can end a literal early, start a comment, smuggle a trigraph or a
// line splice, or hide bidirectional-override characters in the output.

#include <fmt/format.h>

#include "emit/emit.hpp"

namespace asr::emit {

std::string cpp_string_literal(std::string_view bytes) {
  std::string out = "\"";
  char prev = 0;
  for (unsigned char c : bytes) {
    bool after_question = prev == '?';
    prev = static_cast<char>(c);
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      // Escaping the second `?` of a pair is enough to rule out trigraphs (`??=`), and keeps
      // the common `{:?}` readable.
      case '?': out += after_question ? "\\?" : "?"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else {
          // Octal escapes have at most three digits, so a following digit cannot merge.
          out += fmt::format("\\{:03o}", c);
        }
    }
  }
  out += '"';
  return out;
}

std::string cpp_char_literal(uint32_t cp) {
  if (cp == '\\') return "U'\\\\'";
  if (cp == '\'') return "U'\\''";
  if (cp == '?') return "U'\\?'";
  if (cp >= 0x20 && cp < 0x7f) return std::string("U'") + static_cast<char>(cp) + "'";
  return fmt::format("char32_t{{0x{:X}}}", cp);
}

std::string comment_safe(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r') { out += ' '; continue; }
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) { out += ' '; ++i; continue; }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      out += ' ';
      i += 2;
      continue;
    }
    // A trailing backslash would splice the next line into the comment.
    if (c == '\\') { out += "\\ "; continue; }
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace asr::emit
