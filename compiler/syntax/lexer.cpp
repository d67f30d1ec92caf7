#include "syntax/lexer.hpp"

#include <cstring>
#include <string>

#include "AsrParser.h"

namespace asr::syntax {

using T = gen::AsrParser;
constexpr int EOF_ = -1;  // antlr4::Token::EOF

uint32_t decode_utf8(std::string_view s, size_t i, size_t& len) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  unsigned char c = p[i];
  len = 1;
  if (c < 0x80) return c;
  uint32_t cp;
  size_t need;
  if (c >= 0xC2 && c <= 0xDF) { cp = c & 0x1F; need = 1; }
  else if (c >= 0xE0 && c <= 0xEF) { cp = c & 0x0F; need = 2; }
  else if (c >= 0xF0 && c <= 0xF4) { cp = c & 0x07; need = 3; }
  else return 0xFFFFFFFF;
  if (i + need >= n) return 0xFFFFFFFF;
  for (size_t k = 1; k <= need; ++k) {
    unsigned char d = p[i + k];
    if ((d & 0xC0) != 0x80) return 0xFFFFFFFF;
    cp = (cp << 6) | (d & 0x3F);
  }
  // Overlong / surrogate / range checks.
  if (need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0xFFFFFFFF;
  if (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) return 0xFFFFFFFF;
  len = need + 1;
  return cp;
}

namespace {

bool is_ident_start_ascii(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_continue_ascii(unsigned char c) {
  return is_ident_start_ascii(c) || (c >= '0' && c <= '9');
}

// A coarse approximation of Unicode XID_Start / XID_Continue for non-ASCII code points:
// letters of the major scripts. Everything else (symbols, emoji, punctuation) is not an
// identifier character and gets an "unknown start of token" error.
bool is_unicode_ident(uint32_t cp) {
  if (cp < 0x80) return false;
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0xC0 && cp <= 0x2FF) return true;         // Latin-1 letters, Latin Extended
  if (cp >= 0x300 && cp <= 0x36F) return true;         // combining marks (continue)
  if (cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) return true;  // Greek
  if (cp >= 0x400 && cp <= 0x52F) return true;         // Cyrillic
  if (cp >= 0x531 && cp <= 0x587) return true;         // Armenian
  if (cp >= 0x5D0 && cp <= 0x5F2) return true;         // Hebrew
  if (cp >= 0x620 && cp <= 0x6D3) return true;         // Arabic
  if (cp >= 0x900 && cp <= 0xDFF) return true;         // Indic scripts
  if (cp >= 0xE00 && cp <= 0xFFF) return true;         // Thai, Lao, Tibetan
  if (cp >= 0x10A0 && cp <= 0x11FF) return true;       // Georgian, Hangul Jamo
  if (cp >= 0x1E00 && cp <= 0x1FFF) return true;       // Latin/Greek extended
  if (cp >= 0x3041 && cp <= 0x30FF) return true;       // Hiragana, Katakana
  if (cp >= 0x3400 && cp <= 0x4DBF) return true;       // CJK ext A
  if (cp >= 0x4E00 && cp <= 0x9FFF) return true;       // CJK
  if (cp >= 0xAC00 && cp <= 0xD7A3) return true;       // Hangul syllables
  if (cp >= 0xF900 && cp <= 0xFAFF) return true;       // CJK compatibility
  if (cp >= 0x20000 && cp <= 0x2FA1F) return true;     // CJK ext B..
  return false;
}

bool is_unicode_whitespace(uint32_t cp) {
  return cp == 0x85 || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029;
}

int keyword(std::string_view s) {
  switch (s.size()) {
    case 2:
      if (s == "as") return T::As;
      if (s == "fn") return T::Fn;
      if (s == "if") return T::If;
      if (s == "in") return T::In;
      break;
    case 3:
      if (s == "dyn") return T::Dyn;
      if (s == "for") return T::For;
      if (s == "let") return T::Let;
      if (s == "mod") return T::Mod;
      if (s == "mut") return T::Mut;
      if (s == "pub") return T::Pub;
      if (s == "ref") return T::Ref;
      if (s == "use") return T::Use;
      if (s == "box") return T::Box;
      break;
    case 4:
      if (s == "else") return T::Else;
      if (s == "enum") return T::Enum;
      if (s == "impl") return T::Impl;
      if (s == "loop") return T::Loop;
      if (s == "move") return T::Move;
      if (s == "self") return T::SelfValue;
      if (s == "Self") return T::SelfType;
      if (s == "true") return T::True;
      if (s == "type") return T::Type;
      break;
    case 5:
      if (s == "async") return T::Async;
      if (s == "await") return T::Await;
      if (s == "break") return T::Break;
      if (s == "const") return T::Const;
      if (s == "crate") return T::Crate;
      if (s == "false") return T::False;
      if (s == "match") return T::Match;
      if (s == "super") return T::Super;
      if (s == "trait") return T::Trait;
      if (s == "where") return T::Where;
      if (s == "while") return T::While;
      if (s == "yield") return T::Yield;
      break;
    case 6:
      if (s == "extern") return T::Extern;
      if (s == "return") return T::Return;
      if (s == "static") return T::Static;
      if (s == "struct") return T::Struct;
      if (s == "unsafe") return T::Unsafe;
      break;
    case 8:
      if (s == "continue") return T::Continue;
      break;
  }
  return T::Ident;
}

std::string describe_char(uint32_t cp, std::string_view bytes) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || is_unicode_whitespace(cp)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "\\u{%X}", cp);
    return buf;
  }
  return std::string(bytes);
}

class Lexer {
 public:
  Lexer(std::string_view text, FileId file, Diagnostics& diags)
      : s_(text), n_(text.size()), file_(file), diags_(diags) {}

  LexResult run() {
    LexResult r;
    // Validate UTF-8 first: report the first bad byte and stop.
    for (size_t i = 0; i < n_;) {
      // (ASCII, the common case, is checked 8 bytes at a time)
      if (i + 8 <= n_) {
        uint64_t w;
        std::memcpy(&w, s_.data() + i, 8);
        if ((w & 0x8080808080808080ull) == 0) { i += 8; continue; }
      }
      unsigned char c = static_cast<unsigned char>(s_[i]);
      if (c < 0x80) { ++i; continue; }
      size_t len;
      if (decode_utf8(s_, i, len) == 0xFFFFFFFF) {
        diags_.report(DiagKind::InvalidUtf8, Span{file_, uint32_t(i), uint32_t(i + 1)});
        r.fatal = true;
        r.tokens.push_back({EOF_, uint32_t(n_), uint32_t(n_), 1, 0});
        return r;
      }
      i += len;
    }
    size_t i = 0;
    if (n_ >= 3 && s_.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // BOM
    line_start_ = i;
    // Shebang: `#!` at file start not followed by `[` (after whitespace) is a comment line.
    if (s_.substr(i, 2) == "#!") {
      size_t j = i + 2;
      while (j < n_ && (s_[j] == ' ' || s_[j] == '\t')) ++j;
      if (j >= n_ || s_[j] != '[') {
        while (i < n_ && s_[i] != '\n') ++i;
      }
    }
    toks_.reserve(n_ / 4 + 16);
    pos_ = i;
    while (pos_ < n_) step();
    push(EOF_, n_, n_);
    r.tokens = std::move(toks_);
    r.runs_to_eof = runs_to_eof_;
    return r;
  }

 private:
  std::string_view s_;
  size_t n_;
  FileId file_;
  Diagnostics& diags_;
  std::vector<LexToken> toks_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  bool runs_to_eof_ = false;

  char at(size_t i) const { return i < n_ ? s_[i] : '\0'; }
  unsigned char uat(size_t i) const { return static_cast<unsigned char>(at(i)); }

  void push(int type, size_t b, size_t e) {
    toks_.push_back({type, uint32_t(b), uint32_t(e), line_, uint32_t(b >= line_start_ ? b - line_start_ : 0)});
  }
  void newlines(size_t b, size_t e) {  // account for newlines inside [b, e)
    for (size_t k = b; k < e; ++k)
      if (s_[k] == '\n') { ++line_; line_start_ = k + 1; }
  }
  Span span(size_t b, size_t e) const { return Span{file_, uint32_t(b), uint32_t(e)}; }

  bool ident_start_at(size_t i, size_t* len = nullptr) const {
    unsigned char c = uat(i);
    if (i >= n_) return false;
    if (c < 0x80) { if (len) *len = 1; return is_ident_start_ascii(c); }
    size_t l;
    uint32_t cp = decode_utf8(s_, i, l);
    if (len) *len = l;
    return is_unicode_ident(cp) && !(cp >= 0x300 && cp <= 0x36F);
  }
  size_t ident_end(size_t i) const {
    while (i < n_) {
      unsigned char c = uat(i);
      if (c < 0x80) {
        if (!is_ident_continue_ascii(c)) break;
        ++i;
      } else {
        size_t l;
        uint32_t cp = decode_utf8(s_, i, l);
        if (!is_unicode_ident(cp)) break;
        i += l;
      }
    }
    return i;
  }

  void step() {
    size_t b = pos_;
    unsigned char c = uat(b);
    switch (c) {
      case '\n': ++line_; line_start_ = b + 1; ++pos_; return;
      case ' ': case '\t': case '\r': case '\v': case '\f':  // (a run at once: indentation)
        do ++pos_;
        while (pos_ < n_ && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\v' ||
                             s_[pos_] == '\f'));
        return;
      case '/':
        if (at(b + 1) == '/') {  // line comment: up to the newline
          const void* nl = std::memchr(s_.data() + pos_, '\n', n_ - pos_);
          pos_ = nl ? static_cast<size_t>(static_cast<const char*>(nl) - s_.data()) : n_;
          return;
        }
        if (at(b + 1) == '*') { block_comment(); return; }
        return op(at(b + 1) == '=' ? T::SlashEq : T::Slash, at(b + 1) == '=' ? 2 : 1);
      case '"': return string_lit(b, b, T::StrLit);
      case '\'': return quote(b);
      case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9': return number(b);
      case '+': return at(b + 1) == '=' ? op(T::PlusEq, 2) : op(T::Plus, 1);
      case '-':
        if (at(b + 1) == '>') return op(T::RArrow, 2);
        return at(b + 1) == '=' ? op(T::MinusEq, 2) : op(T::Minus, 1);
      case '*': return at(b + 1) == '=' ? op(T::StarEq, 2) : op(T::Star, 1);
      case '%': return at(b + 1) == '=' ? op(T::PercentEq, 2) : op(T::Percent, 1);
      case '^': return at(b + 1) == '=' ? op(T::CaretEq, 2) : op(T::Caret, 1);
      case '!': return at(b + 1) == '=' ? op(T::Ne, 2) : op(T::Not, 1);
      case '&':
        if (at(b + 1) == '&') return op(T::AndAnd, 2);
        return at(b + 1) == '=' ? op(T::AndEq, 2) : op(T::And, 1);
      case '|':
        if (at(b + 1) == '|') return op(T::OrOr, 2);
        return at(b + 1) == '=' ? op(T::OrEq, 2) : op(T::Or, 1);
      case '=':
        if (at(b + 1) == '=') return op(T::EqEq, 2);
        if (at(b + 1) == '>') return op(T::FatArrow, 2);
        return op(T::Eq, 1);
      case '<':
        if (at(b + 1) == '<') return at(b + 2) == '=' ? op(T::ShlEq, 3) : op(T::Shl, 2);
        return at(b + 1) == '=' ? op(T::Le, 2) : op(T::Lt, 1);
      case '>': return at(b + 1) == '=' ? op(T::Ge, 2) : op(T::Gt, 1);
      case '.':
        if (at(b + 1) == '.') {
          if (at(b + 2) == '.') return op(T::DotDotDot, 3);
          if (at(b + 2) == '=') return op(T::DotDotEq, 3);
          return op(T::DotDot, 2);
        }
        return op(T::Dot, 1);
      case ':': return at(b + 1) == ':' ? op(T::PathSep, 2) : op(T::Colon, 1);
      case '@': return op(T::At, 1);
      case ',': return op(T::Comma, 1);
      case ';': return op(T::Semi, 1);
      case '#': return op(T::Pound, 1);
      case '$': return op(T::Dollar, 1);
      case '?': return op(T::Question, 1);
      case '~': return op(T::Tilde, 1);
      case '{': return op(T::LBrace, 1);
      case '}': return op(T::RBrace, 1);
      case '[': return op(T::LBracket, 1);
      case ']': return op(T::RBracket, 1);
      case '(': return op(T::LParen, 1);
      case ')': return op(T::RParen, 1);
      default: break;
    }
    // Prefixed literals: b'x' b"..." br"..." r"..." r#"..."# c"..." cr"..." and r#ident.
    if (c == 'b' || c == 'r' || c == 'c') {
      if (c == 'b' && at(b + 1) == '\'') return quote_byte(b);
      if (c == 'b' && at(b + 1) == '"') return string_lit(b, b + 1, T::ByteStrLit);
      if (c == 'c' && at(b + 1) == '"') return string_lit(b, b + 1, T::CStrLit);
      size_t r = b;
      int raw_type = 0;
      if (c == 'r') { r = b + 1; raw_type = T::RawStrLit; }
      else if (c == 'b' && at(b + 1) == 'r') { r = b + 2; raw_type = T::RawByteStrLit; }
      else if (c == 'c' && at(b + 1) == 'r') { r = b + 2; raw_type = T::RawStrLit; }
      if (raw_type) {
        size_t h = r;
        while (at(h) == '#') ++h;
        if (at(h) == '"') return raw_string(b, h - r, h + 1, raw_type);
        if (c == 'r' && h == r + 1 && ident_start_at(h)) {  // raw identifier r#name
          size_t e = ident_end(h);
          push(T::Ident, b, e);
          pos_ = e;
          return;
        }
      }
    }
    if (c == '_' && !(b + 1 < n_ && (is_ident_continue_ascii(uat(b + 1)) || uat(b + 1) >= 0x80))) {
      return op(T::Underscore, 1);
    }
    size_t len;
    if (ident_start_at(b, &len)) {
      size_t e = ident_end(b + len);
      int kw = e == b + 1 && c == '_' ? T::Underscore : keyword(s_.substr(b, e - b));
      if (kw == T::Async && async_closure_follows(e)) kw = T::AsyncClosure;
      push(kw, b, e);
      pos_ = e;
      return;
    }
    if (c == '_') {  // `_` followed by non-ASCII that is not an identifier character
      return op(T::Underscore, 1);
    }
    // Unicode whitespace, or an unknown character.
    uint32_t cp = c < 0x80 ? c : decode_utf8(s_, b, len);
    if (c < 0x80) len = 1;
    if (is_unicode_whitespace(cp)) { pos_ = b + len; return; }
    diags_.report(DiagKind::UnknownCharacter, span(b, b + len), describe_char(cp, s_.substr(b, len)));
    pos_ = b + len;
  }

  size_t skip_ws(size_t i) const {
    while (i < n_ && (s_[i] == ' ' || s_[i] == '\t' || s_[i] == '\n' || s_[i] == '\r')) ++i;
    return i;
  }
  // After `async`: is the next token `|`/`||`, or `move` followed by `|`/`||`?
  bool async_closure_follows(size_t i) const {
    i = skip_ws(i);
    if (s_.substr(i, 4) == "move" && !(i + 4 < n_ && (is_ident_continue_ascii(uat(i + 4)) || uat(i + 4) >= 0x80)))
      i = skip_ws(i + 4);
    return at(i) == '|';
  }

  void op(int type, size_t len) {
    push(type, pos_, pos_ + len);
    pos_ += len;
  }

  void block_comment() {
    size_t b = pos_;
    size_t i = b + 2;
    int depth = 1;
    while (i < n_ && depth > 0) {
      if (s_[i] == '/' && at(i + 1) == '*') { ++depth; i += 2; }
      else if (s_[i] == '*' && at(i + 1) == '/') { --depth; i += 2; }
      else { if (s_[i] == '\n') { ++line_; line_start_ = i + 1; } ++i; }
    }
    if (depth > 0) {
      diags_.report(DiagKind::UnterminatedBlockComment, span(b, b + 2));
      runs_to_eof_ = true;
      i = n_;
    }
    pos_ = i;
  }

  // "..." (quote at q; token starts at b, which includes a b/c prefix)
  void string_lit(size_t b, size_t q, int type) {
    size_t i = q + 1;
    while (i < n_ && s_[i] != '"') {
      if (s_[i] == '\\' && i + 1 < n_) i += 2;
      else ++i;
    }
    if (i >= n_) {
      diags_.report(DiagKind::UnterminatedString, span(b, q + 1));
      runs_to_eof_ = true;
      push(type, b, n_);
      newlines(b, n_);
      pos_ = n_;
      return;
    }
    push(type, b, i + 1);
    newlines(b, i + 1);
    pos_ = i + 1;
  }

  // r#"..."# with `hashes` hashes; content starts at `content`.
  void raw_string(size_t b, size_t hashes, size_t content, int type) {
    size_t i = content;
    while (i < n_) {
      if (s_[i] == '"') {
        size_t k = 0;
        while (k < hashes && at(i + 1 + k) == '#') ++k;
        if (k == hashes) {
          size_t e = i + 1 + hashes;
          push(type, b, e);
          newlines(b, e);
          pos_ = e;
          return;
        }
      }
      ++i;
    }
    diags_.report(DiagKind::UnterminatedString, span(b, content));
    runs_to_eof_ = true;
    push(type, b, n_);
    newlines(b, n_);
    pos_ = n_;
  }

  // Scans a char literal body starting after the opening quote at `i`; returns the index of
  // the closing quote or npos.
  size_t char_body_end(size_t i) const {
    if (at(i) == '\\') {
      if (at(i + 1) == 'u' && at(i + 2) == '{') {
        size_t k = i + 3;
        while (k < n_ && s_[k] != '}' && s_[k] != '\'' && s_[k] != '\n') ++k;
        if (at(k) == '}') ++k;
        return at(k) == '\'' ? k : std::string_view::npos;
      }
      size_t k = i + 2;
      if (at(i + 1) == 'x') k = i + 4;
      while (k < n_ && k < i + 12 && s_[k] != '\'' && s_[k] != '\n') ++k;
      return at(k) == '\'' ? k : std::string_view::npos;
    }
    size_t len = 1;
    if (uat(i) >= 0x80) decode_utf8(s_, i, len);
    return at(i + len) == '\'' ? i + len : std::string_view::npos;
  }

  void quote(size_t b) {
    // '' — empty char literal
    if (at(b + 1) == '\'') {
      diags_.report(DiagKind::InvalidCharLiteral, span(b, b + 2));
      push(T::CharLit, b, b + 2);
      pos_ = b + 2;
      return;
    }
    size_t close = char_body_end(b + 1);
    if (close != std::string_view::npos && at(b + 1) != '\n') {
      push(T::CharLit, b, close + 1);
      pos_ = close + 1;
      return;
    }
    size_t len;
    if (ident_start_at(b + 1, &len)) {
      size_t e = ident_end(b + 1 + len);
      if (at(e) == '\'') {  // 'abc' — more than one code point
        diags_.report(DiagKind::InvalidCharLiteral, span(b, e + 1));
        push(T::CharLit, b, e + 1);
        pos_ = e + 1;
        return;
      }
      push(T::Lifetime, b, e);
      pos_ = e;
      return;
    }
    // Look for a closing quote on the same line: a multi-code-point literal like '12'.
    size_t k = b + 1;
    while (k < n_ && s_[k] != '\'' && s_[k] != '\n') {
      if (s_[k] == '\\') ++k;
      ++k;
    }
    if (k < n_ && s_[k] == '\'' && k > b + 1) {
      diags_.report(DiagKind::InvalidCharLiteral, span(b, k + 1));
      push(T::CharLit, b, k + 1);
      pos_ = k + 1;
      return;
    }
    diags_.report(DiagKind::UnterminatedChar, span(b, b + 1));
    pos_ = b + 1;
    size_t l = 1;
    if (uat(pos_) >= 0x80) decode_utf8(s_, pos_, l);
    if (pos_ < n_ && s_[pos_] != '\n') pos_ += l;
  }

  void quote_byte(size_t b) {
    size_t close = char_body_end(b + 2);
    if (close != std::string_view::npos && at(b + 2) != '\'') {
      push(T::ByteLit, b, close + 1);
      pos_ = close + 1;
      return;
    }
    size_t k = b + 2;
    while (k < n_ && s_[k] != '\'' && s_[k] != '\n') {
      if (s_[k] == '\\') ++k;
      ++k;
    }
    if (k < n_ && s_[k] == '\'') {
      diags_.report(DiagKind::InvalidCharLiteral, span(b, k + 1));
      push(T::ByteLit, b, k + 1);
      pos_ = k + 1;
      return;
    }
    diags_.report(DiagKind::UnterminatedChar, span(b, b + 2));
    pos_ = b + 2;
  }

  void number(size_t b) {
    size_t i = b;
    bool after_dot = !toks_.empty() && toks_.back().type == T::Dot && toks_.back().end == b;
    bool is_float = false;
    if (s_[i] == '0' && (at(i + 1) == 'x' || at(i + 1) == 'o' || at(i + 1) == 'b') &&
        (is_ident_continue_ascii(uat(i + 2)))) {
      i += 2;
      // digits (any alphanumerics for hex; the suffix starts at the first non-digit)
      while (i < n_ && (is_ident_continue_ascii(uat(i)))) ++i;
      push(T::IntLit, b, i);
      pos_ = i;
      return;
    }
    while (i < n_ && ((s_[i] >= '0' && s_[i] <= '9') || s_[i] == '_')) ++i;
    if (!after_dot) {
      // fraction: `1.5`, `1.` (not `1..2`, not `1.foo`)
      if (at(i) == '.' && at(i + 1) != '.' && !ident_start_at(i + 1)) {
        is_float = true;
        ++i;
        while (i < n_ && ((s_[i] >= '0' && s_[i] <= '9') || s_[i] == '_')) ++i;
      }
      // exponent
      if (at(i) == 'e' || at(i) == 'E') {
        size_t k = i + 1;
        if (at(k) == '+' || at(k) == '-') ++k;
        while (at(k) == '_') ++k;
        if (at(k) >= '0' && at(k) <= '9') {
          is_float = true;
          i = k;
          while (i < n_ && ((s_[i] >= '0' && s_[i] <= '9') || s_[i] == '_')) ++i;
        }
      }
    }
    // suffix
    if (ident_start_at(i)) i = ident_end(i);
    if (!is_float) {
      // `2f32` / `1e3` style suffixes make it a float
      std::string_view sfx;
      size_t k = b;
      while (k < i && ((s_[k] >= '0' && s_[k] <= '9') || s_[k] == '_')) ++k;
      sfx = s_.substr(k, i - k);
      if (sfx == "f32" || sfx == "f64") is_float = true;
    }
    push(is_float ? T::FloatLit : T::IntLit, b, i);
    pos_ = i;
  }
};

}  // namespace

LexResult lex(std::string_view text, FileId file, Diagnostics& diags) {
  return Lexer(text, file, diags).run();
}

namespace {
const antlr4::dfa::Vocabulary& vocabulary() {
  struct Holder {
    static std::vector<std::unique_ptr<antlr4::Token>> eof_only() {
      std::vector<std::unique_ptr<antlr4::Token>> v;
      v.push_back(std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF));
      return v;
    }
    antlr4::ListTokenSource source{eof_only()};
    antlr4::CommonTokenStream stream{&source};
    T parser{&stream};
  };
  static Holder* h = new Holder();  // intentionally leaked (static lifetime)
  return h->parser.getVocabulary();
}
}  // namespace

std::string token_name(int type) {
  if (type == EOF_) return "Eof";
  return std::string(vocabulary().getSymbolicName(type));
}

std::string token_display(int type) {
  switch (type) {
    case EOF_: return "end of file";
    case T::AsyncClosure: return "`async`";
    case T::Ident: return "identifier";
    case T::Lifetime: return "lifetime";
    case T::IntLit: return "integer literal";
    case T::FloatLit: return "float literal";
    case T::StrLit: case T::RawStrLit: return "string literal";
    case T::ByteStrLit: case T::RawByteStrLit: return "byte string literal";
    case T::CStrLit: return "C string literal";
    case T::CharLit: return "character literal";
    case T::ByteLit: return "byte literal";
    default: break;
  }
  std::string lit(vocabulary().getLiteralName(type));
  if (lit.size() >= 2 && lit.front() == '\'') lit = lit.substr(1, lit.size() - 2);
  return "`" + lit + "`";
}

}  // namespace asr::syntax
