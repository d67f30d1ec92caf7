#include "sema/format.hpp"

#include <cctype>

namespace asr::sema {

const char* format_trait_name(FormatTrait t) {
  switch (t) {
    case FormatTrait::Display: return "std::fmt::Display";
    case FormatTrait::Debug: return "Debug";
    case FormatTrait::LowerHex: return "LowerHex";
    case FormatTrait::UpperHex: return "UpperHex";
    case FormatTrait::Octal: return "Octal";
    case FormatTrait::Binary: return "Binary";
    case FormatTrait::LowerExp: return "LowerExp";
    case FormatTrait::UpperExp: return "UpperExp";
    case FormatTrait::Pointer: return "Pointer";
  }
  return "Display";
}

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Parser {
 public:
  Parser(std::string_view s, std::vector<FormatPiece>& out) : s_(s), out_(out) {}

  std::optional<FormatError> run() {
    std::string text;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '{') {
        if (peek(1) == '{') { text += '{'; i_ += 2; continue; }
        if (!text.empty()) out_.push_back({true, std::move(text), {}}), text.clear();
        if (auto err = placeholder()) return err;
      } else if (c == '}') {
        if (peek(1) == '}') { text += '}'; i_ += 2; continue; }
        return FormatError{"unmatched `}` found", i_};
      } else {
        text += c;
        ++i_;
      }
    }
    if (!text.empty()) out_.push_back({true, std::move(text), {}});
    return std::nullopt;
  }

 private:
  char peek(size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  bool at_end() const { return i_ >= s_.size(); }

  // An argument reference: integer or identifier; returns false if none is present.
  bool reference(FormatRef& ref) {
    ref.offset = i_;
    if (std::isdigit(static_cast<unsigned char>(peek()))) {
      size_t v = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        v = v * 10 + static_cast<size_t>(peek() - '0');
        if (v > 1000000) v = 1000000;
        ++i_;
      }
      ref.kind = FormatRef::Kind::Index;
      ref.index = v;
      return true;
    }
    if (is_ident_start(peek())) {
      size_t start = i_;
      while (is_ident_char(peek())) ++i_;
      ref.kind = FormatRef::Kind::Name;
      ref.name = std::string(s_.substr(start, i_ - start));
      if (ref.name == "_") return false;
      return true;
    }
    return false;
  }

  std::optional<FormatError> placeholder() {
    FormatPiece piece;
    piece.is_text = false;
    FormatPlaceholder& ph = piece.placeholder;
    ph.offset = i_;
    ++i_;  // '{'
    while (peek() == ' ') ++i_;
    if (!reference(ph.arg)) ph.arg = FormatRef{FormatRef::Kind::Next, 0, {}, i_};
    while (peek() == ' ') ++i_;
    if (peek() == ':') {
      ++i_;
      if (auto err = spec(ph)) return err;
    }
    if (peek() != '}') {
      if (at_end()) return FormatError{"expected `}` but string was terminated", ph.offset};
      return FormatError{std::string("expected `}`, found `") + peek() + "`", i_};
    }
    ++i_;
    out_.push_back(std::move(piece));
    return std::nullopt;
  }

  std::optional<FormatError> spec(FormatPlaceholder& ph) {
    // [[fill]align]: the fill is any character (possibly multi-byte) followed by an align.
    auto is_align = [](char c) { return c == '<' || c == '^' || c == '>'; };
    size_t fill_len = 1;
    if (!at_end()) {
      unsigned char c0 = static_cast<unsigned char>(peek());
      if (c0 >= 0xF0) fill_len = 4;
      else if (c0 >= 0xE0) fill_len = 3;
      else if (c0 >= 0xC0) fill_len = 2;
    }
    if (!at_end() && i_ + fill_len < s_.size() && is_align(s_[i_ + fill_len]) && peek() != '}') {
      ph.spec_before_width += std::string(s_.substr(i_, fill_len + 1));
      i_ += fill_len + 1;
    } else if (is_align(peek())) {
      ph.spec_before_width += peek();
      ++i_;
    }
    if (peek() == '+' || peek() == '-') ph.spec_before_width += s_[i_++];
    if (peek() == '#') ph.spec_before_width += s_[i_++];
    // `0` flag: a zero not followed by `$` (that would be argument 0 as width).
    if (peek() == '0' && peek(1) != '$') ph.spec_before_width += s_[i_++];
    // width: integer, or argument followed by `$`
    {
      size_t save = i_;
      FormatRef ref;
      if (reference(ref)) {
        if (peek() == '$') {
          ++i_;
          ph.width_arg = ref;
        } else if (ref.kind == FormatRef::Kind::Index) {
          ph.width_literal = std::string(s_.substr(save, i_ - save));
        } else {
          i_ = save;  // an identifier here is the type (e.g. `x`), not a width
        }
      }
    }
    if (peek() == '.') {
      ++i_;
      if (peek() == '*') {
        ++i_;
        ph.precision_arg = FormatRef{FormatRef::Kind::Next, 0, {}, i_ - 1};
      } else {
        size_t save = i_;
        FormatRef ref;
        if (!reference(ref)) return FormatError{"expected precision after `.`", i_};
        if (peek() == '$') {
          ++i_;
          ph.precision_arg = ref;
        } else if (ref.kind == FormatRef::Kind::Index) {
          ph.precision_literal = std::string(s_.substr(save, i_ - save));
        } else {
          return FormatError{"invalid precision `" + ref.name + "`: expected a number or `name$`", save};
        }
      }
    }
    // type
    size_t tstart = i_;
    if (peek() == '?') { ++i_; }
    else if ((peek() == 'x' || peek() == 'X') && peek(1) == '?') { i_ += 2; }
    else if (is_ident_start(peek())) { while (is_ident_char(peek())) ++i_; }
    ph.type = std::string(s_.substr(tstart, i_ - tstart));
    if (ph.type.empty()) ph.trait = FormatTrait::Display;
    else if (ph.type == "?" || ph.type == "x?" || ph.type == "X?") ph.trait = FormatTrait::Debug;
    else if (ph.type == "x") ph.trait = FormatTrait::LowerHex;
    else if (ph.type == "X") ph.trait = FormatTrait::UpperHex;
    else if (ph.type == "o") ph.trait = FormatTrait::Octal;
    else if (ph.type == "b") ph.trait = FormatTrait::Binary;
    else if (ph.type == "e") ph.trait = FormatTrait::LowerExp;
    else if (ph.type == "E") ph.trait = FormatTrait::UpperExp;
    else if (ph.type == "p") ph.trait = FormatTrait::Pointer;
    else return FormatError{"unknown format trait `" + ph.type + "`", tstart};
    while (peek() == ' ') ++i_;
    return std::nullopt;
  }

  std::string_view s_;
  std::vector<FormatPiece>& out_;
  size_t i_ = 0;
};

std::string print_ref(const FormatRef& r) {
  switch (r.kind) {
    case FormatRef::Kind::Next: return "";
    case FormatRef::Kind::Index: return std::to_string(r.index);
    case FormatRef::Kind::Name: return r.name;
  }
  return "";
}

}  // namespace

std::optional<FormatError> parse_format(std::string_view fmt, std::vector<FormatPiece>& out) {
  return Parser(fmt, out).run();
}

std::string print_format(const std::vector<FormatPiece>& pieces) {
  std::string out;
  for (const auto& p : pieces) {
    if (p.is_text) {
      for (char c : p.text) {
        if (c == '{') out += "{{";
        else if (c == '}') out += "}}";
        else out += c;
      }
      continue;
    }
    const auto& ph = p.placeholder;
    out += '{';
    out += print_ref(ph.arg);
    std::string spec = ph.spec_before_width;
    if (ph.width_arg) spec += print_ref(*ph.width_arg) + "$";
    else spec += ph.width_literal;
    if (ph.precision_arg) {
      spec += ".";
      spec += ph.precision_arg->kind == FormatRef::Kind::Next ? "*" : print_ref(*ph.precision_arg) + "$";
    } else if (!ph.precision_literal.empty()) {
      spec += "." + ph.precision_literal;
    }
    spec += ph.type;
    if (!spec.empty()) out += ":" + spec;
    out += '}';
  }
  return out;
}

}  // namespace asr::sema
