// Formatter (Rust's padding rules) and the format-string engine.
#include <cstring>

#include "asr/panic.hpp"
#include "asr/std/fmt.hpp"
#include "utf8.hpp"

namespace asr::fmt {

void Formatter::write_char(char32_t c) {
  char buf[4];
  write_(ctx_, buf, utf8::encode(c, buf));
}

void Formatter::write_fill(std::size_t n) {
  char buf[4];
  std::size_t k = utf8::encode(spec_.fill, buf);
  if (k == 1) {
    char run[64];
    std::memset(run, buf[0], sizeof run);
    while (n > 0) {
      std::size_t m = n < sizeof run ? n : sizeof run;
      write_(ctx_, run, m);
      n -= m;
    }
    return;
  }
  for (; n > 0; --n) write_(ctx_, buf, k);
}

std::size_t Formatter::padding(std::size_t n, Align dflt) {
  Align a = spec_.align == Align::Unknown ? dflt : spec_.align;
  std::size_t pre = 0, post = 0;
  switch (a) {
    case Align::Left: post = n; break;
    case Align::Right: pre = n; break;
    case Align::Center: pre = n / 2; post = (n + 1) / 2; break;
    case Align::Unknown: break;
  }
  write_fill(pre);
  return post;
}

void Formatter::pad(Str s) {
  if (!spec_.has_width && !spec_.has_precision) {
    write_str(s);
    return;
  }
  if (spec_.has_precision) {
    // Truncate to `precision` chars.
    std::size_t chars = 0, i = 0;
    while (i < s.len() && chars < spec_.precision) {
      utf8::decode(s.data(), s.len(), i);
      ++chars;
    }
    s = Str(s.data(), i);
  }
  if (!spec_.has_width) {
    write_str(s);
    return;
  }
  std::size_t chars = utf8::count_chars(s.data(), s.len());
  if (chars >= spec_.width) {
    write_str(s);
    return;
  }
  std::size_t post = padding(spec_.width - chars, Align::Left);
  write_str(s);
  write_fill(post);
}

void Formatter::pad_integral(bool is_nonnegative, Str prefix, Str digits) {
  std::size_t width = digits.len();
  const char* sign = nullptr;
  if (!is_nonnegative) {
    sign = "-";
    ++width;
  } else if (spec_.sign_plus) {
    sign = "+";
    ++width;
  }
  bool use_prefix = spec_.alternate;
  if (use_prefix) width += utf8::count_chars(prefix.data(), prefix.len());
  auto write_prefix = [&] {
    if (sign) write_str(Str(sign, 1));
    if (use_prefix) write_str(prefix);
  };
  if (!spec_.has_width || width >= spec_.width) {
    write_prefix();
    write_str(digits);
  } else if (spec_.zero_pad) {
    char32_t old_fill = spec_.fill;
    Align old_align = spec_.align;
    spec_.fill = U'0';
    spec_.align = Align::Right;
    write_prefix();
    std::size_t post = padding(spec_.width - width, Align::Right);
    write_str(digits);
    write_fill(post);
    spec_.fill = old_fill;
    spec_.align = old_align;
  } else {
    std::size_t post = padding(spec_.width - width, Align::Right);
    write_prefix();
    write_str(digits);
    write_fill(post);
  }
}

void Formatter::pad_number(Str sign, Str body) {
  if (!spec_.has_width) {
    write_str(sign);
    write_str(body);
    return;
  }
  std::size_t width = spec_.width;
  char32_t old_fill = spec_.fill;
  Align old_align = spec_.align;
  if (spec_.zero_pad) {
    write_str(sign);
    width = width > sign.len() ? width - sign.len() : 0;
    sign = Str();
    spec_.fill = U'0';
    spec_.align = Align::Right;
  }
  std::size_t len = sign.len() + body.len();  // ASCII only
  if (width <= len) {
    write_str(sign);
    write_str(body);
  } else {
    std::size_t post = padding(width - len, Align::Right);
    write_str(sign);
    write_str(body);
    write_fill(post);
  }
  spec_.fill = old_fill;
  spec_.align = old_align;
}

namespace {

[[noreturn]] void bad_format(Str why) {
  static const Loc loc{"<asr runtime: format string>", 0, 0};
  panic(loc, why);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t parse_num(const char* p, std::size_t n, std::size_t& i) {
  std::size_t v = 0;
  while (i < n && is_digit(p[i])) v = v * 10 + std::size_t(p[i++] - '0');
  return v;
}

std::size_t count_arg(const Arg* args, std::size_t n, std::size_t idx) {
  if (idx >= n) bad_format("format string refers to a missing width/precision argument");
  std::size_t out = 0;
  if (args[idx].as_count == nullptr || !args[idx].as_count(args[idx].p, &out))
    bad_format("width/precision argument is not a usize");
  return out;
}

}  // namespace

void vwrite(Formatter& out, Str fmt, const Arg* args, std::size_t nargs) {
  const char* p = fmt.data();
  const std::size_t len = fmt.len();
  std::size_t i = 0;
  std::size_t next = 0;  // implicit positional counter
  while (i < len) {
    std::size_t start = i;
    while (i < len && p[i] != '{' && p[i] != '}') ++i;
    if (i > start) out.write_str(Str(p + start, i - start));
    if (i >= len) break;
    if (p[i] == '}') {  // `}}`
      out.write_str("}");
      i += (i + 1 < len && p[i + 1] == '}') ? 2 : 1;
      continue;
    }
    if (i + 1 < len && p[i + 1] == '{') {
      out.write_str("{");
      i += 2;
      continue;
    }
    ++i;  // past '{'
    bool explicit_arg = false;
    std::size_t idx = 0;
    if (i < len && is_digit(p[i])) {
      idx = parse_num(p, len, i);
      explicit_arg = true;
    } else if (i < len && p[i] != ':' && p[i] != '}') {
      bad_format("named format arguments must be rewritten to positional ones by asrc");
    }
    Spec spec;
    char type = 0;
    bool width_from_arg = false, prec_from_arg = false, prec_star = false;
    std::size_t width_idx = 0, prec_idx = 0;
    if (i < len && p[i] == ':') {
      ++i;
      // [[fill]align]
      if (i < len) {
        std::size_t j = i;
        char32_t c = utf8::decode(p, len, j);
        if (j < len && (p[j] == '<' || p[j] == '^' || p[j] == '>')) {
          spec.fill = c;
          i = j;
        }
        if (i < len && (p[i] == '<' || p[i] == '^' || p[i] == '>')) {
          spec.align = p[i] == '<' ? Align::Left : p[i] == '^' ? Align::Center : Align::Right;
          ++i;
        }
      }
      if (i < len && p[i] == '+') { spec.sign_plus = true; ++i; }
      else if (i < len && p[i] == '-') { spec.sign_minus = true; ++i; }
      if (i < len && p[i] == '#') { spec.alternate = true; ++i; }
      if (i < len && p[i] == '0' && !(i + 1 < len && p[i + 1] == '$')) {
        spec.zero_pad = true;
        ++i;
      }
      if (i < len && is_digit(p[i])) {
        std::size_t v = parse_num(p, len, i);
        if (i < len && p[i] == '$') {
          width_from_arg = true;
          width_idx = v;
          ++i;
        } else {
          spec.has_width = true;
          spec.width = v;
        }
      }
      if (i < len && p[i] == '.') {
        ++i;
        if (i < len && p[i] == '*') {
          prec_star = true;
          ++i;
        } else {
          std::size_t v = parse_num(p, len, i);
          if (i < len && p[i] == '$') {
            prec_from_arg = true;
            prec_idx = v;
            ++i;
          } else {
            spec.has_precision = true;
            spec.precision = v;
          }
        }
      }
      if (i < len && p[i] == '?') {
        type = '?';
        ++i;
      } else if (i + 1 < len && (p[i] == 'x' || p[i] == 'X') && p[i + 1] == '?') {
        type = '?';
        spec.debug_hex = p[i];
        i += 2;
      } else if (i < len && p[i] != '}') {
        type = p[i++];
      }
    }
    if (i >= len || p[i] != '}') bad_format("invalid format string: expected `}`");
    ++i;
    if (prec_star) {
      spec.has_precision = true;
      spec.precision = count_arg(args, nargs, next++);
    }
    if (!explicit_arg) idx = next++;
    if (width_from_arg) {
      spec.has_width = true;
      spec.width = count_arg(args, nargs, width_idx);
    }
    if (prec_from_arg) {
      spec.has_precision = true;
      spec.precision = count_arg(args, nargs, prec_idx);
    }
    if (idx >= nargs) bad_format("format string refers to a missing argument");
    const Arg& a = args[idx];
    Formatter f(out.sink(), out.sink_ctx());
    f.spec() = spec;
    switch (type) {
      case 0:
        if (a.display == nullptr) bad_format("argument does not implement Display");
        a.display(f, a.p);
        break;
      case '?':
        if (a.debug == nullptr) bad_format("argument does not implement Debug");
        a.debug(f, a.p);
        break;
      case 'x': case 'X': case 'o': case 'b': case 'e': case 'E':
        if (a.numeric == nullptr) bad_format("argument does not implement this numeric format");
        a.numeric(f, a.p, type);
        break;
      default:
        bad_format("unsupported format type");
    }
  }
}

}  // namespace asr::fmt
