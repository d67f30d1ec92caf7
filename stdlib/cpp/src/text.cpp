// Display/Debug for char, str and bool, with Rust's char::escape_debug rules.
#include "asr/std/fmt.hpp"
#include "utf8.hpp"

namespace asr::fmt {
namespace {

struct Range {
  uint32_t lo, hi;
};
constexpr Range kEscaped[] = {
#include "escape_table.inc"
};

constexpr Range kEscapedFirstOnly[] = {
#include "escape_later_table.inc"
};

template <std::size_t N>
bool in_ranges(const Range (&ranges)[N], char32_t c) {
  uint32_t u = uint32_t(c);
  std::size_t lo = 0, hi = N;
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    if (ranges[mid].hi < u) lo = mid + 1;
    else if (ranges[mid].lo > u) hi = mid;
    else return true;
  }
  return false;
}

bool needs_unicode_escape(char32_t c) { return in_ranges(kEscaped, c); }

// Writes c escaped as in a char literal (quote = '\'') or a string literal (quote = '"').
void write_escaped(Formatter& f, char32_t c, char quote) {
  switch (c) {
    case U'\0': f.write_str("\\0"); return;
    case U'\t': f.write_str("\\t"); return;
    case U'\r': f.write_str("\\r"); return;
    case U'\n': f.write_str("\\n"); return;
    case U'\\': f.write_str("\\\\"); return;
    case U'\'':
      if (quote == '\'') f.write_str("\\'");
      else f.write_str("'");
      return;
    case U'"':
      if (quote == '"') f.write_str("\\\"");
      else f.write_str("\"");
      return;
    default: break;
  }
  if (needs_unicode_escape(c)) {
    char buf[16];
    std::size_t n = 0;
    buf[n++] = '\\';
    buf[n++] = 'u';
    buf[n++] = '{';
    char hex[8];
    int k = 0;
    uint32_t u = uint32_t(c);
    do {
      hex[k++] = "0123456789abcdef"[u & 0xF];
      u >>= 4;
    } while (u != 0);
    while (k > 0) buf[n++] = hex[--k];
    buf[n++] = '}';
    f.write_str(Str(buf, n));
    return;
  }
  f.write_char(c);
}

}  // namespace

void fmt_char(Formatter& f, char32_t c, bool debug) {
  if (debug) {
    f.write_str("'");
    write_escaped(f, c, '\'');
    f.write_str("'");
    return;
  }
  if (!f.has_width() && !f.has_precision()) {
    f.write_char(c);
    return;
  }
  char buf[4];
  f.pad(Str(buf, utf8::encode(c, buf)));
}

void fmt_str(Formatter& f, Str s, bool debug) {
  if (!debug) {
    f.pad(s);
    return;
  }
  f.write_str("\"");
  const char* p = s.data();
  std::size_t n = s.len();
  std::size_t i = 0, run = 0;  // [run, i) is printable ASCII, written in one piece
  while (i < n) {
    unsigned char b = static_cast<unsigned char>(p[i]);
    if (b >= 0x20 && b < 0x7F && b != '\\' && b != '"') {
      ++i;
      continue;
    }
    if (i > run) f.write_str(Str(p + run, i - run));
    char32_t c = utf8::decode(p, n, i);
    write_escaped(f, c, '"');
    run = i;
  }
  if (i > run) f.write_str(Str(p + run, i - run));
  f.write_str("\"");
}

void fmt_bool(Formatter& f, bool b) { f.pad(b ? Str("true") : Str("false")); }

}  // namespace asr::fmt

namespace asr::chr {

bool escape_debug_as_unicode(char32_t c, bool first) {
  return fmt::needs_unicode_escape(c) && (first || !fmt::in_ranges(fmt::kEscapedFirstOnly, c));
}

}  // namespace asr::chr
