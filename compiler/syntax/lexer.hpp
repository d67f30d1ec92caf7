#pragma once
// The hand-written ASR lexer (internal to compiler/syntax). It produces the token types of
// grammar/AsrLexer.g4 (as numbered in the generated parser), works on bytes so token spans are
// byte offsets, and reports lexical errors as located diagnostics. It never throws.

#include <cstdint>
#include <string_view>
#include <vector>

#include "diagnostics/diagnostics.hpp"

namespace asr::syntax {

struct LexToken {
  int type;          // AsrParser::Ident, ...; AsrParser::EOF (-1) for the end
  uint32_t begin;    // byte offsets in the file
  uint32_t end;
  uint32_t line;     // 1-based
  uint32_t col;      // 0-based byte column (ANTLR's charPositionInLine)
};

struct LexResult {
  std::vector<LexToken> tokens;  // without trivia; the last one is EOF
  bool fatal = false;            // invalid UTF-8: nothing was lexed
  bool runs_to_eof = false;      // an unterminated literal/comment swallowed the rest
};

LexResult lex(std::string_view text, FileId file, Diagnostics& diags);

// Display name of a token type for messages: "`fn`", "identifier", "end of file", ...
std::string token_display(int type);
// Symbolic name of a token type: "Ident", "FatArrow", ...
std::string token_name(int type);

// Decodes one UTF-8 sequence at `s[i]`; returns the code point and sets `len`, or returns
// 0xFFFFFFFF (len = 1) if the bytes there are not valid UTF-8.
uint32_t decode_utf8(std::string_view s, size_t i, size_t& len);

}  // namespace asr::syntax
