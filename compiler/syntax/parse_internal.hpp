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

// Feeds lexer tokens [from, to) and then EOF (at byte `eof_pos`) to ANTLR. Token start/stop
// indexes are byte offsets (stop inclusive); tokens carry this source so that ANTLR's error
// recovery (which conjures missing tokens) works.
class LexTokenSource : public antlr4::TokenSource {
 public:
  LexTokenSource(const std::vector<LexToken>& toks, size_t from, size_t to, uint32_t eof_pos)
      : toks_(toks), pos_(from), to_(to), eof_pos_(eof_pos) {}
  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override;
  size_t getCharPositionInLine() override;
  antlr4::CharStream* getInputStream() override { return nullptr; }
  std::string getSourceName() override { return "<asr>"; }
  template <typename T1> void setTokenFactory(antlr4::TokenFactory<T1>*) {}
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

 private:
  const std::vector<LexToken>& toks_;
  size_t pos_, to_;
  uint32_t eof_pos_;
};

struct BuildContext {
  std::string_view text;
  FileId file;
  Diagnostics& diags;
  uint32_t& next_expr_id;
  const std::vector<LexToken>& toks;
};

void build_crate(gen::AsrParser::Crate_Context* tree, BuildContext& bc, ast::Crate& out);

}  // namespace asr::syntax
