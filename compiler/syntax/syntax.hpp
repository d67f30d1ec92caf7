#pragma once
// Public interface of the syntax stage: source text -> tokens / AST.
// Nothing ANTLR-related is visible past this header.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics/diagnostics.hpp"
#include "syntax/ast.hpp"

namespace asr::syntax {

struct TokenInfo {
  std::string kind;   // token type name, e.g. `Ident`, `IntLit`, `FatArrow`
  std::string text;   // as written
  Span span;
};

// Lexes `file` (for `--emit=tokens`); lexical errors go to `diags`.
std::vector<TokenInfo> tokenize(const SourceManager& sources, FileId file, Diagnostics& diags);

// Parses `file` into an AST. Expression ids continue from `next_expr_id`, which is advanced,
// so that several files of one crate get distinct ids. Returns a (possibly partial) crate even
// when there were errors; check `diags.has_errors()`. Never throws.
std::unique_ptr<ast::Crate> parse(const SourceManager& sources, FileId file, Diagnostics& diags,
                                  uint32_t& next_expr_id);

// Parses `files`, in order, on a thread of its own, while the caller goes on (parsing other
// files: the driver parses std's files alongside the program's). finish() waits for it.
class BackgroundParse {
 public:
  BackgroundParse(const SourceManager& sources, std::vector<FileId> files);
  ~BackgroundParse();  // waits (the results are dropped) unless finish() was called
  BackgroundParse(const BackgroundParse&) = delete;
  BackgroundParse& operator=(const BackgroundParse&) = delete;
  // The crates of `files` in order, their expression ids continuing from `next_expr_id` (which
  // is advanced, as by parse()); their diagnostics are added to `diags`.
  std::vector<std::unique_ptr<ast::Crate>> finish(Diagnostics& diags, uint32_t& next_expr_id);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A large file is cut at top-level items into parts that are parsed in parallel (one thread
// each). Parts: 0 = automatic (one per core, at most 4, and only for 25,000+ tokens per
// part; the ASR_SYNTAX_PARTS environment variable overrides it), n = n parts whatever the
// file's size (tests), 1 = never in parallel. Process-wide.
void set_parse_parts(size_t parts);

// Calls `fn` for every expression held by `item`, each one once, wherever it sits (bodies,
// patterns, array-length types, const generic arguments, discriminants, nested items).
void for_each_expr(ast::Item& item, const std::function<void(ast::Expr&)>& fn);

// For a process that exits right after compiling (the asrc command line): parse trees are then
// left to the OS instead of being freed node by node. Freeing the millions of small blocks of
// a large file's tree costs more than parsing it (and glibc consolidates them again at the next
// large allocation). Off by default: libraries and tests free everything.
void keep_parse_trees_until_exit(bool keep);

// A readable, stable, indented dump of the tree (for `--emit=ast` and golden tests).
std::string dump_ast(const ast::Crate& crate, const SourceManager& sources);
std::string dump_tokens(const std::vector<TokenInfo>& tokens, const SourceManager& sources);

}  // namespace asr::syntax
