// AST builder: entry point, shared helpers, attributes, literals, macro calls.
// (The class and the map of the other build_*.cpp files: ast_builder.hpp.)

#include "syntax/ast_builder.hpp"

namespace asr::syntax::builder {

// The crate's top level arrives one attribute or item at a time, in source order (the parser
// hands over each top-level item as soon as it is parsed).
void Builder::crate_attr(G::AttrContext* a, Crate& out) {
  Attr at = attr(a);
  if (at.inner) {
    if (out.items.empty() && pending_.empty()) out.attrs.push_back(std::move(at));
    else err(at.span, "an inner attribute is not permitted in this context");
  } else {
    pending_.push_back(std::move(at));
  }
}

void Builder::crate_item(G::ItemContext* it, Crate& out) {
  out.items.push_back(item(it, std::move(pending_)));
  pending_.clear();
}

void Builder::crate_end() {
  for (auto& a : pending_) err(a.span, "expected item after attributes");
  pending_.clear();
}

void Builder::release_sub_trees() {
  for (SubParser& sub : subs_)
    if (sub.parser) sub.parser->release_trees();
}

// Reports a missing element in a `x? (',' x?)*` list: a comma right after `(`/a comma.
void Builder::check_list(ParserRuleContext* c) {
  bool prev_sep = true;  // at start
  for (auto* ch : c->children) {
    int t = term_type(ch);
    if (t == G::Comma) {
      if (prev_sep) {
        auto* tn = static_cast<TerminalNode*>(ch);
        bc_.diags.report(DiagKind::UnexpectedToken, sp(tn), "expression", "`,`");
        return;
      }
      prev_sep = true;
    } else if (t == -2) {  // an element (delimiters leave prev_sep as it is)
      prev_sep = false;
    }
  }
}

// ------------------------------------------------------------------------------- attrs
Attr Builder::attr(G::AttrContext* c) {
  Attr a;
  a.span = sp(c);
  a.inner = tok(c, G::Not) != nullptr;
  a.path = simple_path(c->simplePath());
  if (auto* in = c->attrInput()) {
    if (auto* tt = in->delimTokenTree()) {
      const Token* open = tt->getStart();
      const Token* close = tt->getStop();
      size_t b = open->getStopIndex() + 1, e = close->getStartIndex();
      a.args = std::string(bc_.text.substr(b, e > b ? e - b : 0));
      // arg_idents: `a, b::c, d` ; str_value: `("x")`
      std::vector<Ident> ids;
      bool simple = true;
      std::string cur;
      Span cur_span{};
      bool expect_seg = true;
      size_t gi = global_index(open) + 1, ge = global_index(close);
      if (ge == gi + 1 && (bc_.toks[gi].type == G::StrLit || bc_.toks[gi].type == G::RawStrLit)) {
        const LexToken& lt = bc_.toks[gi];
        Span s{bc_.file, lt.begin, lt.end};
        a.str_value = decode_string_value(s, lt.type == G::RawStrLit, false);
      }
      for (size_t i = gi; i < ge && simple; ++i) {
        const LexToken& lt = bc_.toks[i];
        std::string_view tx = bc_.text.substr(lt.begin, lt.end - lt.begin);
        if (expect_seg && (lt.type == G::Ident || lt.type == G::SelfValue || lt.type == G::Crate ||
                           lt.type == G::Super || lt.type == G::SelfType)) {
          if (cur.empty()) cur_span = Span{bc_.file, lt.begin, lt.end};
          cur += tx;
          cur_span.end = lt.end;
          expect_seg = false;
        } else if (!expect_seg && lt.type == G::PathSep) {
          cur += "::";
          expect_seg = true;
        } else if (!expect_seg && lt.type == G::Comma) {
          ids.push_back(Ident{cur, cur_span});
          cur.clear();
          expect_seg = true;
        } else {
          simple = false;
        }
      }
      if (simple) {
        if (!cur.empty()) ids.push_back(Ident{cur, cur_span});
        a.arg_idents = std::move(ids);
      }
    } else if (auto* e = in->expr()) {
      auto v = expr(e);
      a.args = std::string(text(sp(e)));
      if (v->kind == ExprKind::Lit &&
          (v->lit.kind == LitKind::Str || v->lit.kind == LitKind::RawStr))
        a.str_value = v->lit.value;
    }
  }
  return a;
}

size_t Builder::global_index(const Token* t) const {
  uint32_t b = static_cast<uint32_t>(t->getStartIndex());
  auto it = std::lower_bound(bc_.toks.begin(), bc_.toks.end(), b,
                             [](const LexToken& x, uint32_t v) { return x.begin < v; });
  return static_cast<size_t>(it - bc_.toks.begin());
}

std::vector<Attr> Builder::attrs(const std::vector<G::AttrContext*>& v) {
  std::vector<Attr> out;
  for (auto* a : v) {
    out.push_back(attr(a));
    if (out.back().inner) err(out.back().span, "an inner attribute is not permitted in this context");
  }
  return out;
}

void Builder::invalid_escape(Span s, std::string_view esc) {
  bc_.diags.report(DiagKind::InvalidEscape, s, std::string(esc));
}

// Decodes the escapes of a (non-raw) string/char body `[b, e)` (absolute byte offsets).
// `byte` selects byte-literal rules (`\xFF` allowed, no `\u`). Appends UTF-8 to `out` and
// code points to `cps` (if given). Returns false if an error was reported.
bool Builder::decode_body(uint32_t b, uint32_t e, bool byte, std::string& out, std::vector<uint32_t>* cps) {
  std::string_view s = bc_.text;
  bool ok = true;
  auto put = [&](uint32_t cp) {
    if (cps) cps->push_back(cp);
    if (byte || cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
      out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F));
      out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F));
    }
  };
  auto hexv = [](char ch) -> int {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
  };
  if (e > b) out.reserve(out.size() + (e - b));
  uint32_t i = b;
  while (i < e) {
    char ch = s[i];
    if (!cps && ch != '\\' && static_cast<unsigned char>(ch) < 0x80) {
      // a run of plain ASCII characters is copied as it is
      uint32_t j = i + 1;
      while (j < e && s[j] != '\\' && static_cast<unsigned char>(s[j]) < 0x80) ++j;
      out.append(s.substr(i, j - i));
      i = j;
      continue;
    }
    if (ch != '\\') {
      size_t len = 1;
      uint32_t cp = static_cast<unsigned char>(ch);
      if (cp >= 0x80) cp = decode_utf8(s, i, len);
      if (cps) cps->push_back(cp);
      out.append(s.substr(i, len));
      i += static_cast<uint32_t>(len);
      continue;
    }
    if (i + 1 >= e) { invalid_escape(Span{bc_.file, i, i + 1}, "\\"); return false; }
    char n = s[i + 1];
    switch (n) {
      case 'n': put('\n'); i += 2; continue;
      case 'r': put('\r'); i += 2; continue;
      case 't': put('\t'); i += 2; continue;
      case '\\': put('\\'); i += 2; continue;
      case '0': put(0); i += 2; continue;
      case '\'': put('\''); i += 2; continue;
      case '"': put('"'); i += 2; continue;
      case '\n': case '\r': {
        // line continuation: skip the newline and leading whitespace
        i += 1;
        while (i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
        continue;
      }
      case 'x': {
        int h1 = i + 2 < e ? hexv(s[i + 2]) : -1;
        int h2 = i + 3 < e ? hexv(s[i + 3]) : -1;
        if (h1 < 0 || h2 < 0) {
          bc_.diags.report(DiagKind::InvalidEscape, Span{bc_.file, i, std::min(e, i + 4)},
                           std::string(s.substr(i, std::min<uint32_t>(4, e - i))));
          return false;
        }
        uint32_t v = uint32_t(h1 * 16 + h2);
        if (!byte && v > 0x7F) {
          bc_.diags.report(DiagKind::InvalidUnicodeEscape, Span{bc_.file, i, i + 4},
                           "out of range hex escape: must be a character in the range [\\x00-\\x7f]");
          ok = false;
        }
        put(v);
        i += 4;
        continue;
      }
      case 'u': {
        if (byte) {
          bc_.diags.report(DiagKind::InvalidUnicodeEscape, Span{bc_.file, i, i + 2},
                           "unicode escape in byte string");
          return false;
        }
        if (i + 2 >= e || s[i + 2] != '{') {
          bc_.diags.report(DiagKind::InvalidUnicodeEscape, Span{bc_.file, i, i + 2},
                           "incorrect unicode escape sequence");
          return false;
        }
        uint32_t k = i + 3;
        uint32_t v = 0;
        int digits = 0;
        bool bad = false;
        while (k < e && s[k] != '}') {
          if (s[k] != '_') {
            int h = hexv(s[k]);
            if (h < 0) { bad = true; break; }
            if (digits < 7) v = v * 16 + uint32_t(h);
            ++digits;
          }
          ++k;
        }
        if (bad || k >= e) {
          bc_.diags.report(DiagKind::InvalidUnicodeEscape, Span{bc_.file, i, std::min(k + 1, e)},
                           "invalid character in unicode escape");
          return false;
        }
        Span es{bc_.file, i, k + 1};
        if (digits == 0) {
          bc_.diags.report(DiagKind::InvalidUnicodeEscape, es, "empty unicode escape");
          ok = false;
        } else if (digits > 6) {
          bc_.diags.report(DiagKind::InvalidUnicodeEscape, es, "overlong unicode escape (must have at most 6 hex digits)");
          ok = false;
        } else if (v > 0x10FFFF) {
          bc_.diags.report(DiagKind::InvalidUnicodeEscape, es, "invalid unicode character escape: must be at most 10FFFF");
          ok = false;
        } else if (v >= 0xD800 && v <= 0xDFFF) {
          bc_.diags.report(DiagKind::InvalidUnicodeEscape, es, "invalid unicode character escape: must not be a surrogate");
          ok = false;
        } else {
          put(v);
        }
        i = k + 1;
        continue;
      }
      default: {
        size_t len = 1;
        if (static_cast<unsigned char>(n) >= 0x80) decode_utf8(s, i + 1, len);
        invalid_escape(Span{bc_.file, i, uint32_t(i + 1 + len)}, s.substr(i, 1 + len));
        return false;
      }
    }
  }
  return ok;
}

std::string Builder::decode_string_value(Span s, bool raw, bool byte) {
  std::string_view t = text(s);
  size_t q = t.find('"');
  if (raw) {
    size_t hashes = 0;
    size_t k = t.find_first_of("#\"");
    while (k < t.size() && t[k] == '#') { ++hashes; ++k; }
    size_t begin = k + 1;
    size_t end = t.size() >= begin + 1 + hashes ? t.size() - 1 - hashes : begin;
    return std::string(t.substr(begin, end > begin ? end - begin : 0));
  }
  std::string out;
  uint32_t b = s.begin + uint32_t(q) + 1;
  uint32_t e = s.end > b && t.back() == '"' && t.size() > q + 1 ? s.end - 1 : s.end;
  decode_body(b, e, byte, out, nullptr);
  return out;
}

bool Builder::valid_int_suffix(std::string_view s) {
  static const char* k[] = {"u8", "u16", "u32", "u64", "u128", "usize",
                            "i8", "i16", "i32", "i64", "i128", "isize"};
  for (auto* x : k) if (s == x) return true;
  return false;
}

P<Expr> Builder::literal_token(const Token* t) {
  Span s = sp(t);
  auto e = mk(ExprKind::Lit, s);
  Literal& L = e->lit;
  std::string_view tx = text(t);
  L.text = std::string(tx);
  switch (t->getType()) {
    case G::True: L.kind = LitKind::Bool; L.bool_value = true; break;
    case G::False: L.kind = LitKind::Bool; L.bool_value = false; break;
    case G::IntLit: {
      L.kind = LitKind::Int;
      size_t i = 0;
      if (tx.size() > 2 && tx[0] == '0' && (tx[1] == 'x' || tx[1] == 'o' || tx[1] == 'b')) {
        L.radix = tx[1] == 'x' ? 16 : tx[1] == 'o' ? 8 : 2;
        i = 2;
      }
      size_t ds = i;
      auto is_digit = [&](char ch) {
        if (ch == '_') return true;
        if (L.radix == 16) return std::isxdigit(static_cast<unsigned char>(ch)) != 0;
        return ch >= '0' && ch <= '9';
      };
      while (i < tx.size() && is_digit(tx[i])) ++i;
      for (size_t k = ds; k < i; ++k) if (tx[k] != '_') L.value += tx[k];
      // The value, decoded once for the later stages (invalid digits included: they are
      // reported below). Past u128 it wraps and the overflow is recorded, not reported here.
      for (char ch : L.value) {
        unsigned d = ch >= 'a' ? ch - 'a' + 10 : ch >= 'A' ? ch - 'A' + 10 : ch - '0';
        bool mul = __builtin_mul_overflow(L.int_value, static_cast<unsigned __int128>(L.radix), &L.int_value);
        bool add = __builtin_add_overflow(L.int_value, static_cast<unsigned __int128>(d), &L.int_value);
        if (mul || add) L.int_overflow = true;
      }
      L.suffix = std::string(tx.substr(i));
      if (L.value.empty()) {
        bc_.diags.report(DiagKind::InvalidNumber, s, L.text, "no valid digits found for number");
      } else if (!L.suffix.empty() && !valid_int_suffix(L.suffix)) {
        bc_.diags.report(DiagKind::InvalidNumber, s, L.text,
                         "invalid suffix `" + L.suffix + "` for number literal");
      } else {
        for (char ch : L.value) {
          unsigned d = unsigned(ch - '0');
          if (L.radix < 10 && d >= L.radix) {
            bc_.diags.report(DiagKind::InvalidNumber, s, L.text,
                             fmt::format("invalid digit for a base {} literal", L.radix));
            break;
          }
        }
      }
      break;
    }
    case G::FloatLit: {
      L.kind = LitKind::Float;
      size_t i = 0;
      while (i < tx.size()) {
        char ch = tx[i];
        if ((ch >= '0' && ch <= '9') || ch == '_' || ch == '.') { ++i; continue; }
        if ((ch == 'e' || ch == 'E') && i + 1 < tx.size() &&
            ((tx[i + 1] >= '0' && tx[i + 1] <= '9') || tx[i + 1] == '+' || tx[i + 1] == '-' || tx[i + 1] == '_')) {
          i += 2;
          continue;
        }
        break;
      }
      for (size_t k = 0; k < i; ++k) if (tx[k] != '_') L.value += tx[k];
      L.suffix = std::string(tx.substr(i));
      if (!L.suffix.empty() && L.suffix != "f32" && L.suffix != "f64")
        bc_.diags.report(DiagKind::InvalidNumber, s, L.text,
                         "invalid suffix `" + L.suffix + "` for float literal");
      break;
    }
    case G::StrLit: L.kind = LitKind::Str; L.value = decode_string_value(s, false, false); break;
    case G::CStrLit: L.kind = LitKind::CStr; L.value = decode_string_value(s, false, false); break;
    case G::ByteStrLit: L.kind = LitKind::ByteStr; L.value = decode_string_value(s, false, true); break;
    case G::RawStrLit: L.kind = LitKind::RawStr; L.value = decode_string_value(s, true, false); break;
    case G::RawByteStrLit: L.kind = LitKind::ByteStr; L.value = decode_string_value(s, true, true); break;
    case G::CharLit: case G::ByteLit: {
      bool byte = t->getType() == G::ByteLit;
      L.kind = byte ? LitKind::Byte : LitKind::Char;
      uint32_t b = s.begin + (byte ? 2 : 1);
      uint32_t en = s.end > b ? s.end - 1 : b;
      std::vector<uint32_t> cps;
      std::string out;
      if (decode_body(b, en, byte, out, &cps)) {
        // the lexer already reported empty / multi-code-point literals
        if (cps.size() == 1) {
          L.char_value = cps[0];
          if (byte && cps[0] > 0xFF)
            err(s, "non-ASCII character in byte literal");
        }
      }
      L.value = out;
      break;
    }
    default: break;
  }
  return e;
}

// ------------------------------------------------------------------------------- macros
std::string Builder::inner_text(ParserRuleContext* tt) const {
  const Token* open = tt->getStart();
  const Token* close = tt->getStop();
  size_t b = open->getStopIndex() + 1, e = close->getStartIndex();
  return std::string(bc_.text.substr(b, e > b ? e - b : 0));
}

// `matches!(v, pat if guard)` is `match v { pat if guard => true, _ => false }`.
P<Expr> Builder::matches_macro(SubParser& sub, Span s) {
  G::MatchesArgsContext* args = nullptr;
  try {
    args = sub.parser->matchesArgs();
  } catch (...) {
    return nullptr;
  }
  ++sub_depth_;
  struct Pop {
    size_t& d;
    ~Pop() { --d; }
  } pop{sub_depth_};
  auto m = mk(ExprKind::Match, s);
  m->iter = expr(args->expr(0));
  auto literal = [&](bool value) {
    auto b = mk(ExprKind::Lit, s);
    b->lit.kind = LitKind::Bool;
    b->lit.bool_value = value;
    b->lit.text = value ? "true" : "false";
    return b;
  };
  MatchArm yes;
  yes.pat = pattern(args->pattern());
  if (args->expr().size() > 1) yes.guard = expr(args->expr(1));
  yes.body = literal(true);
  yes.span = s;
  MatchArm no;
  no.pat = mkpat(PatKind::Wild, s);
  no.body = literal(false);
  no.span = s;
  m->arms.push_back(std::move(yes));
  m->arms.push_back(std::move(no));
  return m;
}

// `tt` is a delimited token tree (delimTokenTree / braceTokenTree / parenTokenTree).
P<Expr> Builder::macro_call(Path path, ParserRuleContext* tt, Span s) {
  auto e = mk(ExprKind::MacroCall, s);
  e->path = std::move(path);
  int open_t = static_cast<int>(tt->getStart()->getType());
  e->delim = open_t == G::LParen ? MacroDelim::Paren : open_t == G::LBracket ? MacroDelim::Bracket : MacroDelim::Brace;
  size_t gi = global_index(tt->getStart()) + 1;
  size_t ge = global_index(tt->getStop());
  if (ge <= gi) return e;  // no arguments
  // Re-parse the tokens as macro arguments.
  if (subs_.size() <= sub_depth_) subs_.emplace_back();
  SubParser& sub = subs_[sub_depth_];
  uint32_t eof_pos = static_cast<uint32_t>(tt->getStop()->getStartIndex());
  if (!sub.parser) {
    sub.stream = std::make_unique<LexTokenStream>(bc_.text, bc_.toks, gi, ge, eof_pos);
    sub.parser = std::make_unique<FastAsrParser>(sub.stream.get());
    sub.parser->removeErrorListeners();
    sub.parser->setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    sub.parser->getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
  } else {
    sub.parser->release_trees();  // the previous argument tree at this depth
    sub.stream->assign(gi, ge, eof_pos);
    sub.parser->setTokenStream(sub.stream.get());  // (resets the parser)
  }
  if (e->path.segments.size() == 1 && !e->path.global && e->path.segments[0].name.name == "matches") {
    if (P<Expr> m = matches_macro(sub, s)) return m;
    e->macro_args_parsed = false;
    e->raw_tokens = inner_text(tt);
    return e;
  }
  G::MacroArgsContext* args = nullptr;
  try {
    args = sub.parser->macroArgs();
  } catch (...) {
    args = nullptr;
  }
  if (!args) {
    e->macro_args_parsed = false;
    e->raw_tokens = inner_text(tt);
    return e;
  }
  ++sub_depth_;
  struct Pop {
    size_t& d;
    ~Pop() { --d; }
  } pop{sub_depth_};
  check_list(args);
  auto exprs = args->expr();
  bool has_repeat = tok(args, G::Semi) != nullptr;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (has_repeat && i + 1 == exprs.size()) {
      e->repeat_count = expr(exprs[i]);
      break;
    }
    MacroArg a;
    a.span = sp(exprs[i]);
    P<Expr> v = expr(exprs[i]);
    if (v->kind == ExprKind::Assign && v->lhs && v->lhs->kind == ExprKind::Path &&
        v->lhs->path.segments.size() == 1 && !v->lhs->path.global &&
        !v->lhs->path.segments[0].generics) {
      a.name = v->lhs->path.segments[0].name;
      a.value = std::move(v->rhs);
    } else {
      a.value = std::move(v);
    }
    e->margs.push_back(std::move(a));
  }
  if (has_repeat && exprs.size() != 2)
    err(sp(args), "expected `[value; count]`");
  return e;
}

}  // namespace asr::syntax::builder

namespace asr::syntax {

CrateBuilder::CrateBuilder(BuildContext& bc, ast::Crate& out)
    : b_(std::make_unique<builder::Builder>(bc)), bc_(bc), out_(out) {}

CrateBuilder::~CrateBuilder() = default;

// After a TooDeep nothing more is built and the crate ends up empty (the AST, its dump and its
// destructors are recursive: a too deep tree must not reach them).
template <class F>
void CrateBuilder::guarded(F&& f) {
  if (too_deep_) return;
  try {
    f();
  } catch (builder::TooDeep& td) {
    too_deep_ = true;
    bc_.diags.report(DiagKind::NestingTooDeep, td.span, td.limit);
    out_.items.clear();
    out_.attrs.clear();
  }
}

void CrateBuilder::attr(gen::AsrParser::AttrContext* a) {
  guarded([&] { b_->crate_attr(a, out_); });
}

void CrateBuilder::item(gen::AsrParser::ItemContext* it) {
  guarded([&] { b_->crate_item(it, out_); });
}

void CrateBuilder::finish() {
  guarded([&] { b_->crate_end(); });
}

void CrateBuilder::release_sub_trees() { b_->release_sub_trees(); }

}  // namespace asr::syntax
