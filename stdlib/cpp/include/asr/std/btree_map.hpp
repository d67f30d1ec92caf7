// std::collections::{BTreeMap, BTreeSet}: ordered maps and sets.
//
// Not a B-tree: the entries are kept sorted by key (Rust's `Ord::cmp`, i.e. the key's `<`)
// in two dense arrays, found by binary search. Lookups are O(log n); inserting or removing
// in the middle shifts the entries after it (memmove-fast for small maps, which most are).
// Iteration walks positions `0..len()` in key order, so the ASR side
// (stdlib/std/collections/btree_map.asr) needs only positions, `find` and the bounds.
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
class BTreeMap {
 public:
  static constexpr std::size_t npos = SIZE_MAX;
  static BTreeMap new_() noexcept { return BTreeMap(); }

  std::size_t len() const noexcept { return keys_.len(); }
  bool is_empty() const noexcept { return keys_.is_empty(); }
  void clear() noexcept {
    keys_.clear();
    vals_.clear();
  }
  // The first position whose key is not less than `k` / greater than `k`.
  template <class Q> std::size_t lower_bound(const Q& k) const {
    std::size_t lo = 0, hi = keys_.len();
    while (lo < hi) {
      std::size_t mid = lo + (hi - lo) / 2;
      if (key_cmp(keys_.at(mid), k) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  template <class Q> std::size_t upper_bound(const Q& k) const {
    std::size_t lo = 0, hi = keys_.len();
    while (lo < hi) {
      std::size_t mid = lo + (hi - lo) / 2;
      if (key_cmp(keys_.at(mid), k) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  template <class Q> std::size_t find(const Q& k) const {
    std::size_t i = lower_bound(k);
    return i < keys_.len() && key_cmp(keys_.at(i), k) == 0 ? i : npos;
  }
  // A new entry at position `pos` (where `lower_bound` put its key).
  void insert_at(std::size_t pos, K k, V v) {
    keys_.insert(pos, std::move(k), Loc{});
    vals_.insert(pos, std::move(v), Loc{});
  }
  V replace_value(std::size_t pos, V v) {
    V old = std::move(vals_.at(pos));
    vals_.at(pos) = std::move(v);
    return old;
  }
  K take_key(std::size_t pos) { return std::move(keys_.at(pos)); }
  V take_value(std::size_t pos) { return std::move(vals_.at(pos)); }
  // Removes the entry at `pos` (after its key and value were taken).
  void erase(std::size_t pos) {
    keys_.remove(pos, Loc{});
    vals_.remove(pos, Loc{});
  }
  const K& key_at(std::size_t pos) const noexcept { return keys_.at(pos); }
  const V& value_at(std::size_t pos) const noexcept { return vals_.at(pos); }
  V& value_at_mut(std::size_t pos) noexcept { return vals_.at(pos); }
  template <class F> void retain(F f) {
    std::size_t write = 0;
    std::size_t n = keys_.len();
    for (std::size_t read = 0; read < n; ++read) {
      if (f(static_cast<const K&>(keys_.at(read)), vals_.at(read))) {
        if (write != read) {
          keys_.at(write) = std::move(keys_.at(read));
          vals_.at(write) = std::move(vals_.at(read));
        }
        ++write;
      } else {
        K k = std::move(keys_.at(read));  // (dropped here, in visiting order)
        V v = std::move(vals_.at(read));
      }
    }
    keys_.truncate(write);
    vals_.truncate(write);
  }
  // `split_off`: the entries from position `pos` on move to a new map.
  BTreeMap split_at(std::size_t pos) {
    BTreeMap out;
    out.keys_ = keys_.split_off(pos, Loc{});
    out.vals_ = vals_.split_off(pos, Loc{});
    return out;
  }

  friend bool operator==(const BTreeMap& a, const BTreeMap& b) { return a.keys_ == b.keys_ && a.vals_ == b.vals_; }
  friend std::partial_ordering operator<=>(const BTreeMap& a, const BTreeMap& b) {
    for (std::size_t i = 0; i < a.len() && i < b.len(); ++i) {
      if (a.keys_.at(i) < b.keys_.at(i)) return std::partial_ordering::less;
      if (b.keys_.at(i) < a.keys_.at(i)) return std::partial_ordering::greater;
      if (a.vals_.at(i) < b.vals_.at(i)) return std::partial_ordering::less;
      if (b.vals_.at(i) < a.vals_.at(i)) return std::partial_ordering::greater;
    }
    return a.len() <=> b.len();
  }

 private:
  Vec<K> keys_;
  Vec<V> vals_;
  friend struct CloneOf<BTreeMap<K, V>>;
};

template <class K, class V> struct Debug<BTreeMap<K, V>> {
  static void fmt(const BTreeMap<K, V>& m, Formatter& f) {
    DebugMap map(f);
    for (std::size_t i = 0; i < m.len(); ++i) map.entry(m.key_at(i), m.value_at(i));
    map.finish();
  }
};

template <class K, class V> struct CloneOf<BTreeMap<K, V>> {
  static BTreeMap<K, V> clone(const BTreeMap<K, V>& m) {
    BTreeMap<K, V> out;
    out.keys_ = CloneOf<Vec<K>>::clone(m.keys_);
    out.vals_ = CloneOf<Vec<V>>::clone(m.vals_);
    return out;
  }
};

template <class K, class V> struct Hash<BTreeMap<K, V>> {
  static void hash(const BTreeMap<K, V>& m, Hasher& h) {
    h.write_u64(m.len());
    for (std::size_t i = 0; i < m.len(); ++i) {
      hash_into(m.key_at(i), h);
      hash_into(m.value_at(i), h);
    }
  }
};

// BTreeSet<T>: a BTreeMap<T, ()>.
template <class T>
class BTreeSet {
 public:
  static constexpr std::size_t npos = SIZE_MAX;
  static BTreeSet new_() noexcept { return BTreeSet(); }
  std::size_t len() const noexcept { return m_.len(); }
  bool is_empty() const noexcept { return m_.is_empty(); }
  void clear() noexcept { m_.clear(); }
  template <class Q> std::size_t lower_bound(const Q& k) const { return m_.lower_bound(k); }
  template <class Q> std::size_t upper_bound(const Q& k) const { return m_.upper_bound(k); }
  template <class Q> std::size_t find(const Q& k) const { return m_.find(k); }
  void insert_at(std::size_t pos, T v) { m_.insert_at(pos, std::move(v), Unit{}); }
  T take_key(std::size_t pos) { return m_.take_key(pos); }
  void erase(std::size_t pos) { m_.erase(pos); }
  const T& key_at(std::size_t pos) const noexcept { return m_.key_at(pos); }
  template <class F> void retain(F f) {
    m_.retain([&](const T& k, Unit&) { return f(k); });
  }
  BTreeSet split_at(std::size_t pos) {
    BTreeSet out;
    out.m_ = m_.split_at(pos);
    return out;
  }
  friend bool operator==(const BTreeSet& a, const BTreeSet& b) { return a.m_ == b.m_; }
  friend std::partial_ordering operator<=>(const BTreeSet& a, const BTreeSet& b) { return a.m_ <=> b.m_; }

 private:
  BTreeMap<T, Unit> m_;
  friend struct CloneOf<BTreeSet<T>>;
};

template <class T> struct Debug<BTreeSet<T>> {
  static void fmt(const BTreeSet<T>& s, Formatter& f) {
    DebugList set(f, true);
    for (std::size_t i = 0; i < s.len(); ++i) set.entry(s.key_at(i));
    set.finish();
  }
};

template <class T> struct CloneOf<BTreeSet<T>> {
  static BTreeSet<T> clone(const BTreeSet<T>& s) {
    BTreeSet<T> out;
    out.m_ = CloneOf<BTreeMap<T, Unit>>::clone(s.m_);
    return out;
  }
};

template <class T> struct Hash<BTreeSet<T>> {
  static void hash(const BTreeSet<T>& s, Hasher& h) {
    h.write_u64(s.len());
    for (std::size_t i = 0; i < s.len(); ++i) hash_into(s.key_at(i), h);
  }
};

}  // namespace asr
