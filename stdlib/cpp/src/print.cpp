// print!/println!/eprint!/eprintln!/format!/panic!: format into a buffer, then one write.
#include "asr/io.hpp"
#include "asr/panic.hpp"
#include "asr/std/fmt.hpp"

namespace asr::fmt {
namespace {

// A small-buffer sink: most lines fit on the stack.
struct LineBuf {
  char stack[512];
  std::size_t len = 0;
  String heap;
  bool spilled = false;
  static void write(void* ctx, const char* p, std::size_t n) {
    auto* b = static_cast<LineBuf*>(ctx);
    if (!b->spilled && b->len + n <= sizeof b->stack) {
      __builtin_memcpy(b->stack + b->len, p, n);
      b->len += n;
      return;
    }
    if (!b->spilled) {
      b->heap.reserve(b->len + n);
      b->heap.push_str(Str(b->stack, b->len));
      b->spilled = true;
    }
    b->heap.push_str(Str(p, n));
  }
  Str str() const { return spilled ? heap.as_str() : Str(stack, len); }
};

void string_sink(void* ctx, const char* p, std::size_t n) {
  static_cast<String*>(ctx)->push_str(Str(p, n));
}

}  // namespace

void vprint(Str fmt, const Arg* args, std::size_t n, bool newline) {
  LineBuf b;
  Formatter f(&LineBuf::write, &b);
  vwrite(f, fmt, args, n);
  if (newline) LineBuf::write(&b, "\n", 1);
  rt::stdout_write(b.str());
}

void veprint(Str fmt, const Arg* args, std::size_t n, bool newline) {
  LineBuf b;
  Formatter f(&LineBuf::write, &b);
  vwrite(f, fmt, args, n);
  if (newline) LineBuf::write(&b, "\n", 1);
  rt::stderr_write(b.str());
}

String vformat(Str fmt, const Arg* args, std::size_t n) {
  String s;
  Formatter f(&string_sink, &s);
  vwrite(f, fmt, args, n);
  return s;
}

void vpanic(Loc loc, Str fmt, const Arg* args, std::size_t n) {
  String s = vformat(fmt, args, n);
  panic(loc, s.as_str());
}

}  // namespace asr::fmt
