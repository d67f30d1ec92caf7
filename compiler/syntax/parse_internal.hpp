#pragma once
// Internal glue between the lexer, the ANTLR parser and the AST builder.

#include <memory>
#include <string_view>
#include <vector>

#include "AsrParser.h"
#include "diagnostics/diagnostics.hpp"
#include "syntax/ast.hpp"
#include "syntax/lexer.hpp"

namespace asr::syntax {

// ANTLR tokens for lexer tokens [from, to) followed by an EOF token at byte `eof_pos`.
// Token start/stop indexes are byte offsets (stop inclusive).
std::vector<std::unique_ptr<antlr4::Token>> make_antlr_tokens(const std::vector<LexToken>& toks,
                                                               size_t from, size_t to,
                                                               uint32_t eof_pos);

struct BuildContext {
  std::string_view text;
  FileId file;
  Diagnostics& diags;
  uint32_t& next_expr_id;
  const std::vector<LexToken>& toks;
};

void build_crate(gen::AsrParser::Crate_Context* tree, BuildContext& bc, ast::Crate& out);

}  // namespace asr::syntax
