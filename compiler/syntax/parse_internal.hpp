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
  void set_range(size_t from, size_t to, uint32_t eof_pos) {
    pos_ = from;
    to_ = to;
    eof_pos_ = eof_pos;
  }

 private:
  const std::vector<LexToken>& toks_;
  size_t pos_, to_;
  uint32_t eof_pos_;
};

// The token objects the parser sees: what antlr4::CommonToken would hold for our tokens (no
// text of its own: getText() is empty, as CommonToken's is without a char stream), in 40 bytes
// instead of ~110 (one per token of the file, alive for the whole parse).
class LexTok final : public antlr4::Token {
 public:
  LexTok(antlr4::TokenSource* source, int type, uint32_t start, uint32_t stop, uint32_t line,
         uint32_t col, uint32_t index)
      : source_(source), type_(type), start_(start), stop_(stop), line_(line), col_(col),
        index_(index) {}
  std::string getText() const override { return ""; }
  size_t getType() const override { return static_cast<size_t>(static_cast<ssize_t>(type_)); }
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() const override {
    return col_ == kNoColumn ? INVALID_INDEX : col_;
  }
  static constexpr uint32_t kNoColumn = UINT32_MAX;  // EOF: CommonToken's "invalid position"
  size_t getChannel() const override { return DEFAULT_CHANNEL; }
  size_t getTokenIndex() const override { return index_; }
  size_t getStartIndex() const override { return start_; }
  size_t getStopIndex() const override { return stop_; }
  antlr4::TokenSource* getTokenSource() const override { return source_; }
  antlr4::CharStream* getInputStream() const override { return nullptr; }
  std::string toString() const override;

 private:
  antlr4::TokenSource* source_;
  int type_;  // AsrParser::Ident, ...; EOF (-1)
  uint32_t start_, stop_, line_, col_, index_;
};

// A token stream over lexer tokens [from, to) + EOF, with all tokens in one array: no
// per-token allocation and no dynamic_cast per token (unlike CommonTokenStream).
class LexTokenStream final : public antlr4::TokenStream {
 public:
  LexTokenStream(std::string_view text, const std::vector<LexToken>& toks, size_t from, size_t to,
                 uint32_t eof_pos);
  // Makes this stream feed lexer tokens [from, to) + EOF instead (reusing its token array:
  // the macro-argument parsers re-point their stream for every macro call). Tokens handed
  // out before are invalid afterwards.
  void assign(size_t from, size_t to, uint32_t eof_pos);
  antlr4::Token* LT(ssize_t k) override {
    if (k == 1) return &toks_[p_];  // (p_ never passes the EOF token)
    if (k == -1) return p_ > 0 ? &toks_[p_ - 1] : nullptr;  // (every rule's stop token)
    return lt_slow(k);
  }
  antlr4::Token* get(size_t index) const override;
  antlr4::TokenSource* getTokenSource() const override { return &source_; }
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext* ctx) override;
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override;
  void consume() override;
  size_t LA(ssize_t i) override {
    if (i == 1) return toks_[p_].getType();
    antlr4::Token* t = lt_slow(i);
    return t ? t->getType() : antlr4::Token::INVALID_TYPE;
  }
  ssize_t mark() override { return 0; }
  void release(ssize_t) override {}
  size_t index() override { return p_; }
  void seek(size_t index) override { p_ = std::min(index, toks_.size() - 1); }
  size_t size() override { return toks_.size(); }
  std::string getSourceName() const override { return "<asr>"; }

 private:
  antlr4::Token* lt_slow(ssize_t k);
  std::string_view text_;
  const std::vector<LexToken>& lex_toks_;
  mutable LexTokenSource source_;
  std::vector<LexTok> toks_;  // never reallocated: tokens are referenced by address
  size_t p_ = 0;
};

// The generated parser, except that the `else` of `if` is decided from one token of lookahead
// while `set_greedy_else(true)` (the default; see FastPredictSimulator in parse.cpp). For SLL
// passes with BailErrorStrategy only.
class FastAsrParser : public gen::AsrParser {
 public:
  explicit FastAsrParser(antlr4::TokenStream* input);
  void set_greedy_else(bool on);
};

// ANTLR's prediction caches (the DFA of every decision, and the prediction contexts) are
// shared by all parsers of the generated class, and ANTLR 4.9's C++ runtime does not make
// sharing them between threads safe. A thread that parses alongside another one installs a
// private set (`ScopedPredictionCaches`): every FastAsrParser created on that thread, macro
// argument parsers included, uses it.
class ScopedPredictionCaches {
 public:
  ScopedPredictionCaches();
  ~ScopedPredictionCaches();
  ScopedPredictionCaches(const ScopedPredictionCaches&) = delete;
  ScopedPredictionCaches& operator=(const ScopedPredictionCaches&) = delete;
  struct Caches;

 private:
  std::unique_ptr<Caches> caches_;
};

// Adds `delta` to the id of every expression in `item` (parse.cpp: parts of a file parsed in
// parallel are numbered from 1 and shifted into place afterwards).
void shift_expr_ids(ast::Item& item, uint32_t delta);

struct BuildContext {
  std::string_view text;
  FileId file;
  Diagnostics& diags;
  uint32_t& next_expr_id;
  const std::vector<LexToken>& toks;
};

namespace builder {
class Builder;
}

// Builds the crate's AST from its top-level attributes and items, handed over one at a time
// in source order (so that each item's parse tree can be dropped once it is built).
class CrateBuilder {
 public:
  CrateBuilder(BuildContext& bc, ast::Crate& out);
  ~CrateBuilder();
  void attr(gen::AsrParser::AttrContext* a);
  void item(gen::AsrParser::ItemContext* it);
  void finish();
  // Destroys the parse trees the builder made itself (macro arguments).
  void release_sub_trees();
  // An item nested too deeply was met: nothing more is built, and the crate was emptied.
  bool too_deep() const { return too_deep_; }

 private:
  template <class F>
  void guarded(F&& f);
  std::unique_ptr<builder::Builder> b_;
  BuildContext& bc_;
  ast::Crate& out_;
  bool too_deep_ = false;
};

}  // namespace asr::syntax
