// Rust's Formatter::debug_struct / debug_tuple / debug_list / debug_set / debug_map
// builders, with `{:#?}` pretty-printing (4-space PadAdapter indentation) exactly as
// core::fmt::builders. Derived Debug impls are emitted as, e.g.:
//   asr::DebugStruct(f, "Point").field("x", p.x).field("y", p.y).finish();
// Field values are printed with their Debug impl and the caller's format options.
#pragma once
#include "asr/std/fmt.hpp"

namespace asr {

namespace fmt {
using ErasedFmt = void (*)(Formatter&, const void*);
template <class T> void debug_of(Formatter& f, const void* p) {
  if constexpr (std::is_array_v<T>) Debug<Str>::fmt(Str(*static_cast<const T*>(p)), f);
  else Debug<T>::fmt(*static_cast<const T*>(p), f);
}
}  // namespace fmt

class DebugStruct {
 public:
  DebugStruct(Formatter& f, Str name) : f_(f) { f_.write_str(name); }
  template <class T> DebugStruct& field(Str name, const T& v) {
    field_erased(name, &fmt::debug_of<T>, &v);
    return *this;
  }
  void field_erased(Str name, fmt::ErasedFmt fn, const void* v);
  void finish_non_exhaustive();
  void finish();

 private:
  Formatter& f_;
  bool has_fields_ = false;
};

class DebugTuple {
 public:
  DebugTuple(Formatter& f, Str name) : f_(f), empty_name_(name.is_empty()) { f_.write_str(name); }
  template <class T> DebugTuple& field(const T& v) {
    field_erased(&fmt::debug_of<T>, &v);
    return *this;
  }
  void field_erased(fmt::ErasedFmt fn, const void* v);
  void finish();

 private:
  Formatter& f_;
  std::size_t fields_ = 0;
  bool empty_name_;
};

// debug_list ("[...]") and debug_set ("{...}").
class DebugList {
 public:
  explicit DebugList(Formatter& f, bool set = false) : f_(f), set_(set) { f_.write_str(set ? "{" : "["); }
  template <class T> DebugList& entry(const T& v) {
    entry_erased(&fmt::debug_of<T>, &v);
    return *this;
  }
  void entry_erased(fmt::ErasedFmt fn, const void* v);
  void finish();

 private:
  Formatter& f_;
  bool set_;
  bool has_fields_ = false;
};

class DebugMap {
 public:
  explicit DebugMap(Formatter& f) : f_(f) { f_.write_str("{"); }
  template <class K, class V> DebugMap& entry(const K& k, const V& v) {
    entry_erased(&fmt::debug_of<K>, &k, &fmt::debug_of<V>, &v);
    return *this;
  }
  void entry_erased(fmt::ErasedFmt kf, const void* k, fmt::ErasedFmt vf, const void* v);
  void finish();

 private:
  Formatter& f_;
  bool has_fields_ = false;
};

// ASR's `f.debug_set()` (a DebugList printing braces).
inline DebugList debug_set(Formatter& f) { return DebugList(f, true); }

namespace fmt {
// ASR's `Formatter::align()`: 0 left, 1 right, 2 center, 3 none asked for.
inline uint8_t align_index(const Formatter& f) noexcept { return static_cast<uint8_t>(f.align()); }
}  // namespace fmt

}  // namespace asr
