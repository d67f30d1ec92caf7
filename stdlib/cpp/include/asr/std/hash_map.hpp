// std::collections::{HashMap, HashSet}.
//
// Iteration order: Rust's is random per process; asrc's is deterministic, the order in which
// the keys were first inserted (re-inserting a present key keeps its place; a removed key
// inserted again goes to the end). The entries live in insertion order in dense arrays (keys,
// values, a live flag per slot); an open-addressing table of slot numbers (linear probing,
// at most 7/8 full) finds them by hash. Removing an entry moves its key and value out and
// leaves a dead slot; dead slots are squeezed out once they outnumber the live ones.
//
// The ASR side (stdlib/std/collections/hash_map.asr) walks slots `0..slot_end()` skipping
// dead ones (`live(i)`), and writes every method returning `Option` on top of `find`, which
// returns the slot of a key or `npos`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>

#include "asr/std/debug.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/hash.hpp"
#include "asr/std/vec.hpp"

namespace asr {

template <class K, class V>
class HashMap {
 public:
  static constexpr std::size_t npos = SIZE_MAX;

  HashMap() noexcept = default;
  HashMap(const HashMap& o) : HashMap() {
    reserve(o.len_);
    for (std::size_t i = 0; i < o.live_.len(); ++i) {
      if (o.live_.at(i)) push_new(o.keys_.at(i), o.vals_.at(i));
    }
  }
  HashMap(HashMap&& o) noexcept
      : keys_(std::move(o.keys_)), vals_(std::move(o.vals_)), live_(std::move(o.live_)),
        table_(std::exchange(o.table_, nullptr)), mask_(std::exchange(o.mask_, 0)), len_(std::exchange(o.len_, 0)) {}
  HashMap& operator=(const HashMap& o) {
    if (this != &o) *this = HashMap(o);
    return *this;
  }
  HashMap& operator=(HashMap&& o) noexcept {
    keys_ = std::move(o.keys_);
    vals_ = std::move(o.vals_);
    live_ = std::move(o.live_);
    std::swap(table_, o.table_);
    std::swap(mask_, o.mask_);
    std::swap(len_, o.len_);
    return *this;
  }
  ~HashMap() { delete[] table_; }

  static HashMap new_() noexcept { return HashMap(); }
  static HashMap with_capacity(std::size_t n) {
    HashMap m;
    m.reserve(n);
    return m;
  }

  std::size_t len() const noexcept { return len_; }
  bool is_empty() const noexcept { return len_ == 0; }
  // Rust's: at least the number of entries the map can hold without reallocating.
  std::size_t capacity() const noexcept { return table_ ? (mask_ + 1) / 8 * 7 : 0; }
  void reserve(std::size_t additional) {
    std::size_t need = len_ + additional;
    if (need > 0 && (!table_ || need > (mask_ + 1) / 8 * 7)) rebuild(need);
  }
  void shrink_to_fit() { rebuild(len_); }
  void clear() noexcept {
    // Rust drops the entries; in iteration order here.
    keys_.clear();
    vals_.clear();
    live_.clear();
    len_ = 0;
    if (table_) for (std::size_t i = 0; i <= mask_; ++i) table_[i] = 0;
  }

  // The slot of the key equal to `k` (`k` may be a borrowed form of K), or npos.
  template <class Q> std::size_t find(const Q& k) const {
    if (!table_ || len_ == 0) return npos;
    std::size_t b = static_cast<std::size_t>(hash_of(key_view(k))) & mask_;
    for (;; b = (b + 1) & mask_) {
      std::size_t e = table_[b];
      if (e == 0) return npos;
      if (e == tomb) continue;
      if (key_eq(keys_.at(e - 1), k)) return e - 1;
    }
  }
  template <class Q> bool contains_key(const Q& k) const { return find(k) != npos; }

  // A new entry for a key known to be absent; its slot.
  std::size_t push_new(K k, V v) {
    if (!table_ || (live_.len() + 1) > (mask_ + 1) / 8 * 7) rebuild(len_ + 1);
    std::size_t slot = live_.len();
    place(hash_of(key_view(k)), slot);
    keys_.push(std::move(k));
    vals_.push(std::move(v));
    live_.push(true);
    ++len_;
    return slot;
  }
  V replace_value(std::size_t slot, V v) {
    V old = std::move(vals_.at(slot));
    vals_.at(slot) = std::move(v);
    return old;
  }
  // Removes the entry in `slot`, moving out its key and value.
  K take_key(std::size_t slot) { return std::move(keys_.at(slot)); }
  V take_value(std::size_t slot) { return std::move(vals_.at(slot)); }
  void unlink(std::size_t slot) {
    std::size_t b = static_cast<std::size_t>(hash_of(key_view(keys_.at(slot)))) & mask_;
    while (table_[b] != slot + 1) b = (b + 1) & mask_;
    table_[b] = tomb;
    live_.at(slot) = false;
    --len_;
  }
  // After the slot's key and value were moved out: squeezes the dead slots once they
  // outnumber the live ones (none of the callers holds a slot number across this).
  void tidy() {
    if (live_.len() > 16 && live_.len() - len_ > len_) rebuild(len_);
  }

  // ---- walking the slots
  std::size_t slot_end() const noexcept { return live_.len(); }
  bool live(std::size_t slot) const noexcept { return live_.at(slot); }
  const K& key_at(std::size_t slot) const noexcept { return keys_.at(slot); }
  const V& value_at(std::size_t slot) const noexcept { return vals_.at(slot); }
  V& value_at_mut(std::size_t slot) noexcept { return vals_.at(slot); }

  template <class F> void retain(F f) {
    for (std::size_t i = 0; i < live_.len(); ++i) {
      if (!live_.at(i)) continue;
      if (!f(static_cast<const K&>(keys_.at(i)), vals_.at(i))) {
        unlink(i);
        K k = std::move(keys_.at(i));
        V v = std::move(vals_.at(i));
      }
    }
    tidy();
  }

  friend bool operator==(const HashMap& a, const HashMap& b) {
    if (a.len_ != b.len_) return false;
    for (std::size_t i = 0; i < a.live_.len(); ++i) {
      if (!a.live_.at(i)) continue;
      std::size_t j = b.find(a.keys_.at(i));
      if (j == npos || !(a.vals_.at(i) == b.vals_.at(j))) return false;
    }
    return true;
  }

 private:
  static constexpr std::size_t tomb = SIZE_MAX;

  void place(std::uint64_t h, std::size_t slot) {
    std::size_t b = static_cast<std::size_t>(h) & mask_;
    while (table_[b] != 0 && table_[b] != tomb) b = (b + 1) & mask_;
    table_[b] = slot + 1;
  }
  // Squeezes out dead slots and rebuilds the table for at least `n` entries.
  void rebuild(std::size_t n) {
    std::size_t buckets = 8;
    while (buckets / 8 * 7 < n) buckets *= 2;
    if (live_.len() != len_) {
      Vec<K> keys = Vec<K>::with_capacity(len_);
      Vec<V> vals = Vec<V>::with_capacity(len_);
      for (std::size_t i = 0; i < live_.len(); ++i) {
        if (!live_.at(i)) continue;
        keys.push(std::move(keys_.at(i)));
        vals.push(std::move(vals_.at(i)));
      }
      keys_ = std::move(keys);
      vals_ = std::move(vals);
      live_.clear();
      for (std::size_t i = 0; i < len_; ++i) live_.push(true);
    }
    delete[] table_;
    table_ = new std::size_t[buckets]();
    mask_ = buckets - 1;
    for (std::size_t i = 0; i < keys_.len(); ++i) place(hash_of(key_view(keys_.at(i))), i);
  }

  Vec<K> keys_;
  Vec<V> vals_;
  Vec<bool> live_;
  std::size_t* table_ = nullptr;  // slot + 1; 0 is empty, `tomb` a removed entry
  std::size_t mask_ = 0;
  std::size_t len_ = 0;
};

template <class K, class V> struct Debug<HashMap<K, V>> {
  static void fmt(const HashMap<K, V>& m, Formatter& f) {
    DebugMap map(f);
    for (std::size_t i = 0; i < m.slot_end(); ++i) {
      if (m.live(i)) map.entry(m.key_at(i), m.value_at(i));
    }
    map.finish();
  }
};

template <class K, class V> struct CloneOf<HashMap<K, V>> {
  static HashMap<K, V> clone(const HashMap<K, V>& m) {
    HashMap<K, V> out = HashMap<K, V>::with_capacity(m.len());
    for (std::size_t i = 0; i < m.slot_end(); ++i) {
      if (m.live(i)) out.push_new(::asr::clone(m.key_at(i)), ::asr::clone(m.value_at(i)));
    }
    return out;
  }
};

// HashSet<T>: a HashMap<T, ()>.
template <class T>
class HashSet {
 public:
  static constexpr std::size_t npos = SIZE_MAX;
  static HashSet new_() noexcept { return HashSet(); }
  static HashSet with_capacity(std::size_t n) {
    HashSet s;
    s.m_.reserve(n);
    return s;
  }
  std::size_t len() const noexcept { return m_.len(); }
  bool is_empty() const noexcept { return m_.is_empty(); }
  std::size_t capacity() const noexcept { return m_.capacity(); }
  void reserve(std::size_t n) { m_.reserve(n); }
  void shrink_to_fit() { m_.shrink_to_fit(); }
  void clear() noexcept { m_.clear(); }
  template <class Q> std::size_t find(const Q& k) const { return m_.find(k); }
  template <class Q> bool contains(const Q& k) const { return m_.find(k) != npos; }
  std::size_t push_new(T v) { return m_.push_new(std::move(v), Unit{}); }
  T take_key(std::size_t slot) { return m_.take_key(slot); }
  void unlink(std::size_t slot) { m_.unlink(slot); }
  void tidy() { m_.tidy(); }
  std::size_t slot_end() const noexcept { return m_.slot_end(); }
  bool live(std::size_t slot) const noexcept { return m_.live(slot); }
  const T& key_at(std::size_t slot) const noexcept { return m_.key_at(slot); }
  template <class F> void retain(F f) {
    m_.retain([&](const T& k, Unit&) { return f(k); });
  }
  friend bool operator==(const HashSet& a, const HashSet& b) { return a.m_ == b.m_; }

 private:
  HashMap<T, Unit> m_;
  friend struct CloneOf<HashSet<T>>;
};

template <class T> struct Debug<HashSet<T>> {
  static void fmt(const HashSet<T>& s, Formatter& f) {
    DebugList set(f, true);
    for (std::size_t i = 0; i < s.slot_end(); ++i) {
      if (s.live(i)) set.entry(s.key_at(i));
    }
    set.finish();
  }
};

template <class T> struct CloneOf<HashSet<T>> {
  static HashSet<T> clone(const HashSet<T>& s) {
    HashSet<T> out;
    out.m_ = CloneOf<HashMap<T, Unit>>::clone(s.m_);
    return out;
  }
};

}  // namespace asr
