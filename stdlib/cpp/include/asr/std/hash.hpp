// std::hash: hashing of keys for HashMap / HashSet.
//
// `asr::Hash<T>::hash(value, hasher)` feeds a value to an `asr::Hasher` (a 64-bit
// multiply-rotate mix, FxHash-like; deterministic, as HashMap's iteration order does not
// depend on it). Primitive and std types are specialised here; asrc emits a specialisation
// for every type that derives `Hash` (its fields in order, an enum's variant index first).
// A `String` hashes as its `&str`, and a `Vec<T>` as its `[T]`, so a lookup by a borrowed form
// (`map.get("key")` on a `HashMap<String, _>`) finds the owned key, as `Borrow` requires.
#pragma once
#include <array>
#include <utility>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "asr/int.hpp"
#include "asr/std/boxed.hpp"
#include "asr/std/ref.hpp"
#include "asr/std/slice.hpp"
#include "asr/std/string.hpp"
#include "asr/std/tuple.hpp"
#include "asr/std/vec.hpp"

namespace asr {

class Hasher {
 public:
  void write_u64(std::uint64_t x) noexcept { h_ = (rotl(h_, 5) ^ x) * 0x517cc1b727220a95ULL; }
  void write_bytes(const char* p, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i) write_u64(static_cast<unsigned char>(p[i]));
    write_u64(0xff);
  }
  std::uint64_t finish() const noexcept {
    // a final avalanche, so that the low bits (the bucket) depend on every input bit
    std::uint64_t x = h_;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int r) noexcept { return (x << r) | (x >> (64 - r)); }
  std::uint64_t h_ = 0;
};

// The primary template has no `hash`: sema lets only `Hash` types reach a HashMap.
template <class T, class = void> struct Hash;

template <class T> void hash_into(const T& v, Hasher& h) { Hash<std::remove_cvref_t<T>>::hash(v, h); }
template <class T> std::uint64_t hash_of(const T& v) {
  Hasher h;
  hash_into(v, h);
  return h.finish();
}

template <class T> struct Hash<T, std::enable_if_t<std::is_integral_v<T> || std::is_same_v<T, char32_t>>> {
  static void hash(const T& v, Hasher& h) { h.write_u64(static_cast<std::uint64_t>(v)); }
};
template <> struct Hash<u128> {
  static void hash(const u128& v, Hasher& h) {
    h.write_u64(static_cast<std::uint64_t>(v));
    h.write_u64(static_cast<std::uint64_t>(v >> 64));
  }
};
template <> struct Hash<i128> {
  static void hash(const i128& v, Hasher& h) { Hash<u128>::hash(static_cast<u128>(v), h); }
};
template <> struct Hash<Str> {
  static void hash(const Str& v, Hasher& h) { h.write_bytes(v.data(), v.len()); }
};
template <> struct Hash<String> {
  static void hash(const String& v, Hasher& h) { Hash<Str>::hash(v.as_str(), h); }
};
template <class T> struct Hash<Ref<T>> {
  static void hash(const Ref<T>& v, Hasher& h) { hash_into(*v, h); }
};
template <class T> struct Hash<Box<T>> {
  static void hash(const Box<T>& v, Hasher& h) { hash_into(*v, h); }
};
template <class T> struct Hash<Slice<T>> {
  static void hash(const Slice<T>& v, Hasher& h) {
    h.write_u64(v.len());
    for (const auto& x : v) hash_into(x, h);
  }
};
template <class T> struct Hash<Vec<T>> {
  static void hash(const Vec<T>& v, Hasher& h) { Hash<Slice<const T>>::hash(view(v), h); }
};
template <class T, std::size_t N> struct Hash<std::array<T, N>> {
  static void hash(const std::array<T, N>& v, Hasher& h) {
    h.write_u64(N);
    for (const auto& x : v) hash_into(x, h);
  }
};
template <class... Ts> struct Hash<Tuple<Ts...>> {
  static void hash(const Tuple<Ts...>& v, Hasher& h) {
    [&]<std::size_t... I>(std::index_sequence<I...>) { (hash_into(v.template get<I>(), h), ...); }
    (std::index_sequence_for<Ts...>{});
  }
};
template <> struct Hash<Unit> {
  static void hash(const Unit&, Hasher&) {}
};

// The form a key is compared in, so that an owned key and its borrowed form (`String` and
// `&str`, `Vec<T>` and `&[T]`) compare with each other.
template <class T> const T& key_view(const T& v) noexcept { return v; }
inline Str key_view(const String& s) noexcept { return s.as_str(); }
template <class T> Slice<const T> key_view(const Vec<T>& v) noexcept { return view(v); }
template <class T> decltype(auto) key_view(const Ref<T>& r) noexcept { return key_view(*r); }

template <class A, class B> bool key_eq(const A& a, const B& b) { return key_view(a) == key_view(b); }
// Ord::cmp of two keys: -1, 0 or 1.
template <class A, class B> int key_cmp(const A& a, const B& b) {
  const auto& x = key_view(a);
  const auto& y = key_view(b);
  if (x < y) return -1;
  if (y < x) return 1;
  return 0;
}

}  // namespace asr
