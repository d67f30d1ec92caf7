// core::fmt::builders, including PadAdapter (indents every line by four spaces).
#include "asr/std/debug.hpp"

namespace asr {
namespace {

struct PadAdapter {
  Formatter& parent;
  bool on_newline = true;
  static void write(void* ctx, const char* p, std::size_t n) {
    auto* a = static_cast<PadAdapter*>(ctx);
    std::size_t i = 0;
    while (i < n) {
      std::size_t j = i;
      while (j < n && p[j] != '\n') ++j;
      if (j < n) ++j;  // include the newline
      if (a->on_newline) a->parent.write_str("    ");
      a->on_newline = p[j - 1] == '\n';
      a->parent.write_str(Str(p + i, j - i));
      i = j;
    }
  }
};

// Runs fn(v) through a PadAdapter that carries f's options.
struct Padded {
  PadAdapter pad;
  Formatter f;
  explicit Padded(Formatter& parent) : pad{parent}, f(&PadAdapter::write, &pad) { f.spec() = parent.spec(); }
};

void with_options(Formatter& parent, fmt::ErasedFmt fn, const void* v) {
  Formatter f(parent.sink(), parent.sink_ctx());
  f.spec() = parent.spec();
  fn(f, v);
}

}  // namespace

void DebugStruct::field_erased(Str name, fmt::ErasedFmt fn, const void* v) {
  if (f_.alternate()) {
    if (!has_fields_) f_.write_str(" {\n");
    Padded w(f_);
    w.f.write_str(name);
    w.f.write_str(": ");
    fn(w.f, v);
    w.f.write_str(",\n");
  } else {
    f_.write_str(has_fields_ ? Str(", ") : Str(" { "));
    f_.write_str(name);
    f_.write_str(": ");
    with_options(f_, fn, v);
  }
  has_fields_ = true;
}

void DebugStruct::finish_non_exhaustive() {
  if (has_fields_) {
    if (f_.alternate()) {
      Padded w(f_);
      w.f.write_str("..\n");
      f_.write_str("}");
    } else {
      f_.write_str(", .. }");
    }
  } else {
    f_.write_str(" { .. }");
  }
}

void DebugStruct::finish() {
  if (has_fields_) f_.write_str(f_.alternate() ? Str("}") : Str(" }"));
}

void DebugTuple::field_erased(fmt::ErasedFmt fn, const void* v) {
  if (f_.alternate()) {
    if (fields_ == 0) f_.write_str("(\n");
    Padded w(f_);
    fn(w.f, v);
    w.f.write_str(",\n");
  } else {
    f_.write_str(fields_ == 0 ? Str("(") : Str(", "));
    with_options(f_, fn, v);
  }
  ++fields_;
}

void DebugTuple::finish() {
  if (fields_ > 0) {
    if (fields_ == 1 && empty_name_ && !f_.alternate()) f_.write_str(",");
    f_.write_str(")");
  }
}

void DebugList::entry_erased(fmt::ErasedFmt fn, const void* v) {
  if (f_.alternate()) {
    if (!has_fields_) f_.write_str("\n");
    Padded w(f_);
    fn(w.f, v);
    w.f.write_str(",\n");
  } else {
    if (has_fields_) f_.write_str(", ");
    with_options(f_, fn, v);
  }
  has_fields_ = true;
}

void DebugList::finish() { f_.write_str(set_ ? "}" : "]"); }

void DebugMap::entry_erased(fmt::ErasedFmt kf, const void* k, fmt::ErasedFmt vf, const void* v) {
  if (f_.alternate()) {
    if (!has_fields_) f_.write_str("\n");
    Padded w(f_);
    kf(w.f, k);
    w.f.write_str(": ");
    vf(w.f, v);
    w.f.write_str(",\n");
  } else {
    if (has_fields_) f_.write_str(", ");
    with_options(f_, kf, k);
    f_.write_str(": ");
    with_options(f_, vf, v);
  }
  has_fields_ = true;
}

void DebugMap::finish() { f_.write_str("}"); }

}  // namespace asr
