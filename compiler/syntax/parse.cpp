// The syntax stage's entry points: tokenize / parse. Lexing is hand-written (lexer.cpp); the
// tokens feed the ANTLR parser generated from grammar/AsrParser.g4.
//
// Parsing runs SLL with BailErrorStrategy first (fast path); only if that fails is the input
// parsed again with full LL and the default error strategy, whose errors are converted into
// rustc-style diagnostics by `DiagErrorListener`. The AST is built only from a successful
// parse. Everything runs on a thread with a large stack, and the nesting of delimiters is
// limited by a token pre-pass, so that no input can overflow the stack.

#include <malloc.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <set>
#include <thread>
#include <utility>

#include "syntax/parse_internal.hpp"
#include "syntax/syntax.hpp"

namespace asr::syntax {

using gen::AsrParser;
constexpr uint32_t kMaxNesting = 256;

std::unique_ptr<antlr4::Token> LexTokenSource::nextToken() {
  if (pos_ < to_ && toks_[pos_].type != -1) {
    const LexToken& t = toks_[pos_++];
    auto tok = std::make_unique<antlr4::CommonToken>(std::make_pair(this, nullptr), t.type,
                                                     antlr4::Token::DEFAULT_CHANNEL, t.begin, t.end - 1);
    tok->setLine(t.line);
    tok->setCharPositionInLine(t.col);
    return tok;
  }
  auto eof = std::make_unique<antlr4::CommonToken>(std::make_pair(this, nullptr), antlr4::Token::EOF,
                                                   antlr4::Token::DEFAULT_CHANNEL, eof_pos_, eof_pos_ - 1);
  eof->setLine(getLine());
  return eof;
}

size_t LexTokenSource::getLine() const {
  if (pos_ < toks_.size()) return toks_[pos_].line;
  return toks_.empty() ? 1 : toks_.back().line;
}

size_t LexTokenSource::getCharPositionInLine() {
  return pos_ < toks_.size() ? toks_[pos_].col : 0;
}

antlr4::TokenFactory<antlr4::CommonToken>* LexTokenSource::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

// The format of antlr4::CommonToken::toString() (for debugging output only).
std::string LexTok::toString() const {
  return "[@" + std::to_string(index_) + "," + std::to_string(start_) + ":" + std::to_string(stop_) +
         "='<no text>',<" + std::to_string(type_) + ">," + std::to_string(line_) + ":" +
         std::to_string(static_cast<ssize_t>(getCharPositionInLine())) + "]";
}

LexTokenStream::LexTokenStream(std::string_view text, const std::vector<LexToken>& toks, size_t from,
                               size_t to, uint32_t eof_pos)
    : text_(text), lex_toks_(toks), source_(toks, from, to, eof_pos) {
  assign(from, to, eof_pos);
}

void LexTokenStream::assign(size_t from, size_t to, uint32_t eof_pos) {
  const std::vector<LexToken>& toks = lex_toks_;
  source_.set_range(from, to, eof_pos);
  p_ = 0;
  toks_.clear();
  size_t n = 0;
  while (from + n < to && toks[from + n].type != -1) ++n;
  toks_.reserve(n + 1);
  for (size_t i = 0; i < n; ++i) {
    const LexToken& t = toks[from + i];
    toks_.emplace_back(&source_, t.type, t.begin, t.end - 1, t.line, t.col, static_cast<uint32_t>(i));
  }
  toks_.emplace_back(&source_, -1 /* EOF */, eof_pos, eof_pos - 1, n ? toks[from + n - 1].line : 1,
                     LexTok::kNoColumn, static_cast<uint32_t>(n));
}

antlr4::Token* LexTokenStream::lt_slow(ssize_t k) {
  if (k == 0) return nullptr;
  if (k < 0) {
    ssize_t i = static_cast<ssize_t>(p_) + k;
    return i >= 0 ? &toks_[static_cast<size_t>(i)] : nullptr;
  }
  size_t i = p_ + static_cast<size_t>(k) - 1;
  return &toks_[std::min(i, toks_.size() - 1)];
}

antlr4::Token* LexTokenStream::get(size_t index) const {
  return const_cast<LexTok*>(&toks_[std::min(index, toks_.size() - 1)]);
}

void LexTokenStream::consume() {
  if (toks_[p_].getType() == antlr4::Token::EOF) throw antlr4::IllegalStateException("cannot consume EOF");
  ++p_;
}

std::string LexTokenStream::getText(antlr4::Token* start, antlr4::Token* stop) {
  if (!start || !stop || start->getType() == antlr4::Token::EOF) return "";
  size_t b = start->getStartIndex();
  size_t e = stop->getType() == antlr4::Token::EOF ? stop->getStartIndex() : stop->getStopIndex() + 1;
  if (e <= b || e > text_.size()) return "";
  return std::string(text_.substr(b, e - b));
}

std::string LexTokenStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a) return "";
  return getText(get(static_cast<size_t>(interval.a)), get(static_cast<size_t>(interval.b)));
}

std::string LexTokenStream::getText() { return getText(get(0), get(toks_.size() - 1)); }

std::string LexTokenStream::getText(antlr4::RuleContext* ctx) {
  auto* p = dynamic_cast<antlr4::ParserRuleContext*>(ctx);
  return p ? getText(p->getStart(), p->getStop()) : "";
}

namespace {

std::atomic<bool> g_keep_parse_trees{false};

// The parse thread allocates the token array, the parse tree and the AST (hundreds of MB on a
// large file). In a thread arena of its own, glibc grows the heap by exactly the requested size
// with one mprotect call per chunk, i.e. a system call every few nodes; the main arena grows by
// sbrk with M_TOP_PAD of slack. So all threads share the main arena, with 16 MiB of slack.
void tune_malloc_once() {
  static const bool done = [] {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_TOP_PAD, 16 << 20);
    return true;
  }();
  (void)done;
}

// A thread with a 512 MiB stack (reserved, not committed), so that deep but legal inputs (long
// operator chains, long else-if chains) cannot overflow the stack. If no thread can be
// created, `fn` runs in join() on the caller's thread instead.
class BigStackThread {
 public:
  explicit BigStackThread(std::function<void()> fn) : fn_(std::move(fn)) {
    tune_malloc_once();
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, size_t(512) << 20);
    started_ = pthread_create(&th_, &attr, &BigStackThread::body, this) == 0;
    pthread_attr_destroy(&attr);
  }
  BigStackThread(const BigStackThread&) = delete;
  BigStackThread& operator=(const BigStackThread&) = delete;
  ~BigStackThread() {
    if (started_) pthread_join(th_, nullptr);
  }
  // Waits for `fn` and rethrows what it threw.
  void join() {
    if (started_) {
      pthread_join(th_, nullptr);
      started_ = false;
    } else if (fn_) {
      body(this);
    }
    fn_ = nullptr;
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  static void* body(void* p) {
    auto* t = static_cast<BigStackThread*>(p);
    try {
      t->fn_();
    } catch (...) {
      t->error_ = std::current_exception();
    }
    return nullptr;
  }
  std::function<void()> fn_;
  std::exception_ptr error_;
  pthread_t th_{};
  bool started_ = false;
};

void run_with_big_stack(const std::function<void()>& fn) { BigStackThread(fn).join(); }

Span tok_span(FileId file, const antlr4::Token* t) {
  uint32_t b = static_cast<uint32_t>(t->getStartIndex());
  uint32_t e = t->getType() == antlr4::Token::EOF ? b : static_cast<uint32_t>(t->getStopIndex()) + 1;
  return Span{file, b, e};
}

std::string found_text(std::string_view text, const antlr4::Token* t) {
  if (t->getType() == antlr4::Token::EOF) return "end of file";
  size_t b = t->getStartIndex(), e = t->getStopIndex() + 1;
  std::string s(text.substr(b, std::min<size_t>(e - b, 40)));
  if (e - b > 40) s += "...";
  return "`" + s + "`";
}

// Describes an expected-token set the way rustc does.
std::string describe_expected(const antlr4::misc::IntervalSet& set) {
  std::vector<ssize_t> v;
  for (ssize_t t : set.toList()) v.push_back(t);
  auto has = [&](ssize_t t) { return std::find(v.begin(), v.end(), t) != v.end(); };
  if (v.empty()) return "something else";
  if (v.size() == 1) return token_display(static_cast<int>(v[0]));
  bool expr_start = has(AsrParser::IntLit) && has(AsrParser::Ident) && has(AsrParser::LParen) &&
                    !has(AsrParser::Ref);
  bool item_start = has(AsrParser::Fn) && has(AsrParser::Struct);
  bool type_start = has(AsrParser::Ident) && has(AsrParser::LBracket) && has(AsrParser::And) &&
                    has(AsrParser::Dyn);
  bool pat_start = has(AsrParser::Ident) && has(AsrParser::Ref);
  if (item_start && !expr_start) return "item";
  if (expr_start && has(AsrParser::Let) && has(AsrParser::RBrace)) return "statement or `}`";
  if (expr_start) return "expression";
  if (pat_start) return "pattern";
  if (type_start) return "type";
  // After an operand: list what is not an operator, then "or an operator" (rustc style).
  if (has(AsrParser::Plus) && has(AsrParser::EqEq) && has(AsrParser::Star)) {
    static const ssize_t ops[] = {
        AsrParser::Plus, AsrParser::Minus, AsrParser::Star, AsrParser::Slash, AsrParser::Percent,
        AsrParser::Caret, AsrParser::And, AsrParser::Or, AsrParser::AndAnd, AsrParser::OrOr,
        AsrParser::Shl, AsrParser::Gt, AsrParser::Lt, AsrParser::Le, AsrParser::Ge, AsrParser::EqEq,
        AsrParser::Ne, AsrParser::Eq, AsrParser::PlusEq, AsrParser::MinusEq, AsrParser::StarEq,
        AsrParser::SlashEq, AsrParser::PercentEq, AsrParser::CaretEq, AsrParser::AndEq,
        AsrParser::OrEq, AsrParser::ShlEq, AsrParser::As, AsrParser::DotDot, AsrParser::DotDotEq};
    std::vector<ssize_t> rest;
    for (ssize_t t : v)
      if (std::find(std::begin(ops), std::end(ops), t) == std::end(ops)) rest.push_back(t);
    std::string s = "one of ";
    for (ssize_t t : rest) s += token_display(static_cast<int>(t)) + ", ";
    return s + "or an operator";
  }
  if (v.size() > 8) {
    std::string s = "one of ";
    for (size_t i = 0; i < 8; ++i) s += token_display(static_cast<int>(v[i])) + ", ";
    return s + "...";
  }
  std::string s = "one of ";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += ", ";
    s += token_display(static_cast<int>(v[i]));
  }
  return s;
}

class DiagErrorListener : public antlr4::BaseErrorListener {
 public:
  DiagErrorListener(std::string_view text, FileId file, Diagnostics& diags, bool eof_is_lexical,
                    const std::vector<LexToken>& toks)
      : text_(text), file_(file), diags_(diags), eof_is_lexical_(eof_is_lexical), toks_(toks) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t,
                   const std::string&, std::exception_ptr e) override {
    if (!offending) return;
    // An unterminated string/comment already explained the unexpected end of file.
    if (eof_is_lexical_ && offending->getType() == antlr4::Token::EOF) return;
    // Collapse cascades: after an error, the next one is reported only if a new top-level
    // item (an item keyword or attribute in column 1) starts in between, as rustc skips to the
    // next item; never two on one line or out of order.
    size_t pos = offending->getStartIndex();
    if (reported_ && (line == last_line_ || pos <= last_pos_ || !new_item_between(last_pos_, pos))) return;
    if (diags_.saturated()) return;
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    antlr4::misc::IntervalSet expected;
    try {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (antlr4::RecognitionException& re) {
          expected = re.getExpectedTokens();
        } catch (...) {
        }
      }
      if (expected.isEmpty() && parser) expected = parser->getExpectedTokens();
    } catch (...) {
    }
    diags_.report(DiagKind::UnexpectedToken, tok_span(file_, offending), describe_expected(expected),
                  found_text(text_, offending));
    reported_ = true;
    last_line_ = line;
    last_pos_ = pos;
  }

 private:
  std::string_view text_;
  FileId file_;
  Diagnostics& diags_;
  bool reported_ = false;
  size_t last_line_ = 0, last_pos_ = 0;
  bool eof_is_lexical_;
  const std::vector<LexToken>& toks_;

  bool new_item_between(size_t from, size_t to) const {
    auto it = std::upper_bound(toks_.begin(), toks_.end(), from,
                               [](size_t v, const LexToken& t) { return v < t.begin; });
    for (; it != toks_.end() && it->begin < to; ++it) {
      if (it->col != 0) continue;
      switch (it->type) {
        case AsrParser::Fn: case AsrParser::Struct: case AsrParser::Enum: case AsrParser::Impl:
        case AsrParser::Trait: case AsrParser::Mod: case AsrParser::Use: case AsrParser::Const:
        case AsrParser::Static: case AsrParser::Type: case AsrParser::Pub: case AsrParser::Pound:
        case AsrParser::Extern: case AsrParser::Unsafe: case AsrParser::Async:
          return true;
        default: break;
      }
    }
    return false;
  }
};

// Reports NestingTooDeep and returns false if delimiters nest deeper than kMaxNesting.
bool check_nesting(const std::vector<LexToken>& toks, FileId file, Diagnostics& diags) {
  uint32_t depth = 0;
  for (const auto& t : toks) {
    switch (t.type) {
      case AsrParser::LParen: case AsrParser::LBracket: case AsrParser::LBrace:
        if (++depth > kMaxNesting) {
          diags.report(DiagKind::NestingTooDeep, Span{file, t.begin, t.end}, kMaxNesting);
          return false;
        }
        break;
      case AsrParser::RParen: case AsrParser::RBracket: case AsrParser::RBrace:
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return true;
}

// The `else` of `if` is the one decision of the grammar that ANTLR cannot make with one token
// in real code: `let PAT = EXPR else { .. };` (let-else) puts `Else` in the follow set of every
// `ifExpr`, so `if c { .. } else { .. }` runs adaptive prediction, which looks ahead through the
// whole else block (and again for each nested `if` inside it): on a 50,000-line program that
// was 98 % of the parse time (4.9 s of 5.0 s). Both alternatives stay viable until the end of
// the block and ANTLR then resolves the ambiguity to the first one, so "take `else` if it is the
// next token" is exactly what prediction returns for every input the SLL pass accepts. The
// simulator answers that decision from one token of lookahead while `greedy_else` is set (the
// fast SLL pass); everything else, and the LL error-reporting pass, go through ANTLR unchanged.
class FastPredictSimulator : public antlr4::atn::ParserATNSimulator {
 public:
  // Uses the given caches: the ones of the parser's original simulator (shared by all parsers
  // of the class), or a thread's private ones.
  FastPredictSimulator(antlr4::Parser* parser, antlr4::atn::ParserATNSimulator& base,
                       std::vector<antlr4::dfa::DFA>& dfa, antlr4::atn::PredictionContextCache& contexts)
      : ParserATNSimulator(parser, base.atn, dfa, contexts), else_decision_(find_else_decision(base.atn)) {}

  size_t adaptivePredict(antlr4::TokenStream* input, size_t decision,
                         antlr4::ParserRuleContext* outer) override {
    if (greedy_else && decision == else_decision_) return input->LA(1) == AsrParser::Else ? 1 : 2;
    return ParserATNSimulator::adaptivePredict(input, decision, outer);
  }

  bool greedy_else = true;

 private:
  size_t else_decision_;

  // The decision of `ifExpr` whose first alternative starts with `else` (alternative 2 skips it).
  static size_t find_else_decision(const antlr4::atn::ATN& atn) {
    for (size_t d = 0; d < atn.decisionToState.size(); ++d) {
      antlr4::atn::DecisionState* s = atn.decisionToState[d];
      if (s->ruleIndex != AsrParser::RuleIfExpr || s->transitions.size() != 2) continue;
      const antlr4::misc::IntervalSet& first = atn.nextTokens(s->transitions[0]->target);
      if (first.size() == 1 && first.contains(static_cast<size_t>(AsrParser::Else))) return d;
    }
    return SIZE_MAX;  // grammar changed: no shortcut, plain ANTLR prediction
  }
};

}  // namespace

struct ScopedPredictionCaches::Caches {
  std::vector<antlr4::dfa::DFA> dfa;  // filled by the first parser (it knows the ATN)
  antlr4::atn::PredictionContextCache contexts;
  Caches* outer = nullptr;
};

namespace {
thread_local ScopedPredictionCaches::Caches* t_caches = nullptr;
}

ScopedPredictionCaches::ScopedPredictionCaches() : caches_(std::make_unique<Caches>()) {
  caches_->outer = t_caches;
  t_caches = caches_.get();
}

ScopedPredictionCaches::~ScopedPredictionCaches() { t_caches = caches_->outer; }

FastAsrParser::FastAsrParser(antlr4::TokenStream* input) : AsrParser(input) {
  auto* base = static_cast<antlr4::atn::ParserATNSimulator*>(_interpreter);
  if (ScopedPredictionCaches::Caches* own = t_caches) {
    if (own->dfa.empty()) {
      const antlr4::atn::ATN& atn = base->atn;
      own->dfa.reserve(atn.getNumberOfDecisions());
      for (size_t i = 0; i < atn.getNumberOfDecisions(); ++i) own->dfa.emplace_back(atn.getDecisionState(i), i);
    }
    _interpreter = new FastPredictSimulator(this, *base, own->dfa, own->contexts);  // deleted by ~AsrParser
  } else {
    _interpreter = new FastPredictSimulator(this, *base, base->decisionToDFA, base->getSharedContextCache());
  }
  delete base;
}

void FastAsrParser::set_greedy_else(bool on) {
  // (not our simulator any more after setProfile(true))
  if (auto* sim = dynamic_cast<FastPredictSimulator*>(_interpreter)) sim->greedy_else = on;
}

namespace {

void report_decision_profile(AsrParser& parser) {
  auto infos = parser.getParseInfo().getDecisionInfo();
  std::vector<const antlr4::atn::DecisionInfo*> order;
  for (const auto& d : infos) {
    if (d.timeInPrediction > 0) order.push_back(&d);
  }
  std::sort(order.begin(), order.end(),
            [](auto* x, auto* y) { return x->timeInPrediction > y->timeInPrediction; });
  for (size_t i = 0; i < order.size() && i < 10; ++i) {
    const auto& d = *order[i];
    size_t rule = parser.getATN().decisionToState[d.decision]->ruleIndex;
    std::fprintf(stderr,
                 "syntax: decision %zu (%s): %lld predictions, %.2f ms, lookahead max %lld total %lld, "
                 "ATN transitions %lld\n",
                 d.decision, parser.getRuleNames()[rule].c_str(), d.invocations,
                 static_cast<double>(d.timeInPrediction) / 1e6, d.SLL_MaxLook, d.SLL_TotalLook,
                 d.SLL_ATNTransitions);
  }
}

// Reports what was kept aside in `from` (a part's, a pass's or a thread's diagnostics).
void append_diagnostics(const Diagnostics& from, Diagnostics& to) {
  for (const Diagnostic& d : from.all()) to.add(d.kind, d.span, d.message).notes = d.notes;
}

// Installs the parse-tree arena of this thread's parsers.
struct ArenaScope {
  explicit ArenaScope(gen::NodeArena* a) { gen::NodeArena::current = a; }
  ~ArenaScope() { gen::NodeArena::current = nullptr; }
};

// The fast pass over tokens [from, to): one top-level attribute or item at a time (what
// `crate_` would parse: the input is accepted or rejected the same way), each built into `out`
// as soon as it is parsed, after which its parse tree is dropped and its memory recycled.
// Returns false if the tokens do not parse (SLL); nothing built is valid then.
struct FastPass {
  std::string_view text;
  FileId file;
  const std::vector<LexToken>& tokens;
  size_t from, to;     // token indexes; `to` is the EOF token or the first token of a later part
  uint32_t eof_pos;
  bool profile = false;
  // Results
  Diagnostics* build_diags;  // the builder's diagnostics (kept aside until the file has parsed)
  uint32_t next_id;          // expression ids continue from here
  bool too_deep = false;     // the builder met an item nested too deeply (see CrateBuilder)

  double ms = 0;              // how long run() took

  bool run(ast::Crate& out) {
    auto t0 = std::chrono::steady_clock::now();
    struct Timer {
      std::chrono::steady_clock::time_point t0;
      double& ms;
      ~Timer() { ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(); }
    } timer{t0, ms};
    LexTokenStream stream(text, tokens, from, to, eof_pos);
    // The parse tree's memory (see NodeArena); declared before the parser, which it outlives.
    auto arena = std::make_unique<gen::NodeArena>();
    ArenaScope arena_scope(arena.get());
    // Heap-allocated so that it can be left to the OS (~Parser frees the parse tree).
    auto parser_owner = std::make_unique<FastAsrParser>(&stream);
    FastAsrParser& parser = *parser_owner;
    parser.removeErrorListeners();
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    // ASR_SYNTAX_PROFILE=1: which ANTLR decisions needed adaptive prediction, and their cost
    // (with ANTLR's own prediction everywhere: the profiler replaces FastPredictSimulator).
    if (profile) parser.setProfile(true);
    BuildContext bc{text, file, *build_diags, next_id, tokens};
    bool parsed = true;
    {
      CrateBuilder builder(bc, out);
      try {
        for (;;) {
          size_t la = stream.LA(1);
          if (la == antlr4::Token::EOF) break;
          if (la == AsrParser::Pound) builder.attr(parser.attr());
          else builder.item(parser.item());
          builder.release_sub_trees();
          parser.release_trees();
          arena->reset();
        }
        builder.finish();
        if (profile) report_decision_profile(parser);
      } catch (antlr4::ParseCancellationException&) {
        parsed = false;
      } catch (antlr4::RecognitionException&) {
        parsed = false;
      }
      builder.release_sub_trees();
      too_deep = builder.too_deep();
    }
    if (g_keep_parse_trees.load(std::memory_order_relaxed)) {
      (void)parser_owner.release();  // see keep_parse_trees_until_exit()
      (void)arena.release();
    } else {
      parser.reset();
    }
    return parsed;
  }
};

// A large file is cut into parts of similar length at top-level item boundaries and the parts
// are parsed and built in parallel, one thread each. A cut goes just after a `}` or `;` at
// nesting depth 0 and before a token with which only an item can start there (an item keyword,
// `pub`, or the `#[` of an outer attribute): each part is then a sequence of whole items.
constexpr size_t kMinPartTokens = 25000;
constexpr size_t kMaxParts = 4;

std::atomic<size_t> g_parse_parts{0};  // see set_parse_parts

std::vector<size_t> part_cuts(const std::vector<LexToken>& toks) {
  size_t n = toks.size() - 1;  // (the last token is EOF)
  size_t parts = std::min<size_t>({kMaxParts, std::max(1u, std::thread::hardware_concurrency()),
                                   n / kMinPartTokens});
  static const char* env = std::getenv("ASR_SYNTAX_PARTS");
  if (size_t forced = g_parse_parts.load(std::memory_order_relaxed)) parts = forced;
  else if (env) parts = std::strtoul(env, nullptr, 10);
  parts = std::min<size_t>(parts, 64);
  std::vector<size_t> cuts{0};
  if (parts < 2) return {0, n};
  auto item_start = [&](size_t i) {
    switch (toks[i].type) {
      case AsrParser::Fn: case AsrParser::Struct: case AsrParser::Enum: case AsrParser::Impl:
      case AsrParser::Trait: case AsrParser::Mod: case AsrParser::Use: case AsrParser::Const:
      case AsrParser::Static: case AsrParser::Type: case AsrParser::Pub:
        return true;
      case AsrParser::Pound: return i + 1 < n && toks[i + 1].type == AsrParser::LBracket;
      default: return false;
    }
  };
  uint32_t depth = 0;
  size_t next_target = n / parts;
  for (size_t i = 0; i + 1 < n && cuts.size() < parts; ++i) {
    switch (toks[i].type) {
      case AsrParser::LParen: case AsrParser::LBracket: case AsrParser::LBrace: ++depth; break;
      case AsrParser::RParen: case AsrParser::RBracket: case AsrParser::RBrace:
        if (depth > 0) --depth;
        break;
      default: break;
    }
    bool ends_item = toks[i].type == AsrParser::RBrace || toks[i].type == AsrParser::Semi;
    if (i + 1 >= next_target && depth == 0 && ends_item && item_start(i + 1)) {
      cuts.push_back(i + 1);
      next_target = n / parts * cuts.size();
    }
  }
  cuts.push_back(n);
  return cuts;
}

// Parses the parts between `cuts` in parallel into `crate`. Returns false, with nothing
// changed, if any part fails to parse or is too deep: the caller then parses the file as one
// (reporting exactly what it always reports).
bool parse_parts(const SourceManager& sources, std::string_view text, FileId file,
                 const std::vector<LexToken>& tokens, const std::vector<size_t>& cuts,
                 Diagnostics& diags, uint32_t& next_expr_id, ast::Crate& crate, bool timing) {
  size_t k = cuts.size() - 1;
  std::vector<ast::Crate> outs(k);
  std::vector<std::unique_ptr<Diagnostics>> part_diags;
  std::vector<FastPass> passes;
  for (size_t i = 0; i < k; ++i) {
    part_diags.push_back(std::make_unique<Diagnostics>(sources));
    uint32_t eof_pos = i + 1 < k ? tokens[cuts[i + 1]].begin : static_cast<uint32_t>(text.size());
    passes.push_back(FastPass{text, file, tokens, cuts[i], cuts[i + 1], eof_pos, false,
                              part_diags.back().get(), 1});
  }
  // Part 0 runs here with the shared prediction caches; the others on threads of their own
  // with private ones. Every part numbers its expressions from 1 (shifted below).
  std::vector<std::unique_ptr<BigStackThread>> threads;
  std::vector<char> parsed(k, 0);
  for (size_t i = 1; i < k; ++i) {
    threads.push_back(std::make_unique<BigStackThread>([&, i] {
      ScopedPredictionCaches own_caches;
      parsed[i] = passes[i].run(outs[i]);
    }));
  }
  std::exception_ptr error;
  try {
    parsed[0] = passes[0].run(outs[0]);
  } catch (...) {
    error = std::current_exception();
  }
  for (auto& t : threads) {
    try {
      t->join();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
  for (size_t i = 0; i < k; ++i)
    if (!parsed[i] || passes[i].too_deep) return false;
  uint32_t next = next_expr_id == 0 ? 1 : next_expr_id;
  for (size_t i = 0; i < k; ++i) {
    uint32_t delta = next - 1;
    for (auto& item : outs[i].items) {
      shift_expr_ids(*item, delta);
      crate.items.push_back(std::move(item));
    }
    for (auto& attr : outs[i].attrs) crate.attrs.push_back(std::move(attr));
    next += passes[i].next_id - 1;
    append_diagnostics(*part_diags[i], diags);
  }
  next_expr_id = next;
  if (timing) {
    for (size_t i = 0; i < k; ++i)
      std::fprintf(stderr, "syntax: part %zu: tokens %zu..%zu, %.2f ms\n", i, cuts[i], cuts[i + 1], passes[i].ms);
  }
  return true;
}

void parse_impl(const SourceManager& sources, FileId file, Diagnostics& diags,
                uint32_t& next_expr_id, ast::Crate& crate) {
  std::string_view text = sources.text(file);
  static const bool timing = std::getenv("ASR_SYNTAX_TIMING") != nullptr;
  using clk = std::chrono::steady_clock;
  auto t0 = clk::now();
  auto lap = [&](const char* what) {
    if (!timing) return;
    auto t = clk::now();
    std::fprintf(stderr, "syntax: %-8s %8.2f ms\n", what, std::chrono::duration<double, std::milli>(t - t0).count());
    t0 = t;
  };
  LexResult lr = lex(text, file, diags);
  lap("lex");
  if (lr.fatal) return;
  if (!check_nesting(lr.tokens, file, diags)) return;

  static const bool profile = std::getenv("ASR_SYNTAX_PROFILE") != nullptr;
  if (!profile) {
    std::vector<size_t> cuts = part_cuts(lr.tokens);
    if (cuts.size() > 2 && parse_parts(sources, text, file, lr.tokens, cuts, diags, next_expr_id, crate, timing)) {
      if (timing) std::fprintf(stderr, "syntax: %zu parts in parallel\n", cuts.size() - 1);
      lap("parse+build");
      return;
    }
  }
  // The whole file as one part. The builder's diagnostics and expression ids are kept aside
  // until the whole file has parsed: when it does not, only the slow pass's syntax errors are
  // reported, as before.
  Diagnostics build_diags(sources);
  FastPass pass{text, file, lr.tokens, 0, lr.tokens.size(), static_cast<uint32_t>(text.size()), profile,
                &build_diags, next_expr_id};
  if (pass.run(crate)) {
    lap("parse+build");
    append_diagnostics(build_diags, diags);
    next_expr_id = pass.next_id;
    return;
  }
  crate.items.clear();
  crate.attrs.clear();
  // Slow path, only to report errors well.
  gen::NodeArena arena;  // (declared before the parser, which it outlives)
  ArenaScope arena_scope(&arena);
  LexTokenStream stream(text, lr.tokens, 0, lr.tokens.size(), static_cast<uint32_t>(text.size()));
  FastAsrParser parser(&stream);
  parser.set_greedy_else(false);
  parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  parser.removeErrorListeners();
  DiagErrorListener listener(text, file, diags, lr.runs_to_eof, lr.tokens);
  parser.addErrorListener(&listener);
  uint32_t before = diags.error_count();
  try {
    parser.crate_();
  } catch (std::exception& ex) {
    if (std::getenv("ASR_SYNTAX_DEBUG")) std::fprintf(stderr, "LL pass threw: %s\n", ex.what());
  } catch (...) {
    if (std::getenv("ASR_SYNTAX_DEBUG")) std::fprintf(stderr, "LL pass threw\n");
  }
  parser.removeErrorListeners();
  if (diags.error_count() == before && !diags.has_errors()) {
    // SLL failed but LL did not report anything: report at the furthest token.
    diags.report(DiagKind::SyntaxError, Span{file, 0, 0}, "could not parse this file");
  }
}

}  // namespace

void keep_parse_trees_until_exit(bool keep) { g_keep_parse_trees = keep; }

void set_parse_parts(size_t parts) { g_parse_parts = parts; }

struct BackgroundParse::State {
  const SourceManager& sources;
  std::vector<FileId> files;
  Diagnostics diags;  // (reported to the caller's in finish())
  uint32_t next_id = 1;
  std::vector<std::unique_ptr<ast::Crate>> crates;
  std::unique_ptr<BigStackThread> thread;
  State(const SourceManager& sm, std::vector<FileId> fs) : sources(sm), files(std::move(fs)), diags(sm) {}
};

BackgroundParse::BackgroundParse(const SourceManager& sources, std::vector<FileId> files)
    : state_(std::make_unique<State>(sources, std::move(files))) {
  State* st = state_.get();
  // Expression ids from 1, shifted in finish(); the caller's parser thread keeps the shared
  // prediction caches, this one has its own.
  st->thread = std::make_unique<BigStackThread>([st] {
    ScopedPredictionCaches own_caches;
    for (FileId f : st->files) st->crates.push_back(parse(st->sources, f, st->diags, st->next_id));
  });
}

BackgroundParse::~BackgroundParse() {
  if (state_ && state_->thread) {
    try {
      state_->thread->join();
    } catch (...) {
    }
  }
}

std::vector<std::unique_ptr<ast::Crate>> BackgroundParse::finish(Diagnostics& diags, uint32_t& next_expr_id) {
  State& st = *state_;
  st.thread->join();  // (parse() never throws)
  st.thread.reset();
  uint32_t base = next_expr_id == 0 ? 1 : next_expr_id;
  for (auto& crate : st.crates) {
    for (auto& item : crate->items) shift_expr_ids(*item, base - 1);
    crate->expr_count += base - 1;
  }
  append_diagnostics(st.diags, diags);
  next_expr_id = base + (st.next_id - 1);
  return std::move(st.crates);
}

std::vector<TokenInfo> tokenize(const SourceManager& sources, FileId file, Diagnostics& diags) {
  std::vector<TokenInfo> out;
  try {
    std::string_view text = sources.text(file);
    LexResult lr = lex(text, file, diags);
    out.reserve(lr.tokens.size());
    for (const auto& t : lr.tokens) {
      if (t.type == -1) break;
      out.push_back(TokenInfo{token_name(t.type), std::string(text.substr(t.begin, t.end - t.begin)),
                              Span{file, t.begin, t.end}});
    }
  } catch (...) {
  }
  return out;
}

std::unique_ptr<ast::Crate> parse(const SourceManager& sources, FileId file, Diagnostics& diags,
                                  uint32_t& next_expr_id) {
  auto crate = std::make_unique<ast::Crate>();
  crate->file = file;
  try {
    // (on the parse thread with the caller's prediction caches: see ScopedPredictionCaches)
    ScopedPredictionCaches::Caches* caches = t_caches;
    run_with_big_stack([&] {
      t_caches = caches;
      parse_impl(sources, file, diags, next_expr_id, *crate);
    });
  } catch (std::exception& e) {
    diags.report(DiagKind::SyntaxError, Span{file, 0, 0}, std::string("internal parser error: ") + e.what());
  } catch (...) {
    diags.report(DiagKind::SyntaxError, Span{file, 0, 0}, "internal parser error");
  }
  crate->expr_count = next_expr_id > 0 ? next_expr_id - 1 : 0;
  return crate;
}

std::string dump_ast_impl(const ast::Crate& crate, const SourceManager& sources);

std::string dump_ast(const ast::Crate& crate, const SourceManager& sources) {
  std::string out;
  try {
    run_with_big_stack([&] { out = dump_ast_impl(crate, sources); });
  } catch (...) {
  }
  return out;
}

std::string dump_tokens(const std::vector<TokenInfo>& tokens, const SourceManager& sources) {
  std::string out;
  for (const auto& t : tokens) {
    LineCol lc = sources.line_col(t.span);
    out += std::to_string(lc.line);
    out += ':';
    out += std::to_string(lc.col);
    out += ' ';
    out += t.kind;
    out += " `";
    for (char c : t.text) {
      if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else out += c;
    }
    out += "`\n";
  }
  return out;
}

}  // namespace asr::syntax
