// Async drop: an `impl Drop` whose `drop` can suspend.
//
// A C++ destructor cannot `co_await`, so such a value is not dropped by its destructor: the
// generated coroutine awaits `asr::drop_async(x)` at every exit of the scope that owns `x`
// (the end of the block, `return`, `break`, `continue`, `?`, and panic or cancellation
// unwinding, which it catches, waits for the drops and rethrows). Generated code for
// `let c = Conn::open(1);` reads:
//
//   Conn c = Conn::open(1);
//   std::exception_ptr c_unwinding;
//   try {
//     ...                                       // the rest of the block
//   } catch (...) {
//     c_unwinding = std::current_exception();   // (no co_await in a handler: C++ forbids it)
//   }
//   co_await ::asr::drop_async(c);              // `Drop::drop`, then the fields in order
//   if (c_unwinding) std::rethrow_exception(c_unwinding);
//
// The generated program specialises `asr::AsyncDrop<T>` for every type whose drop glue may
// suspend: `value` says whether it does (for a generic type: whether it does for these type
// arguments), `run(x)` drops `x` (`drop` first if `x` is live, then its fields in declaration
// order). This header does the same for the containers std implements in C++ (`Vec`, `Box`,
// tuples, arrays). A drop is shielded: cancellation of the task does not interrupt it.
#pragma once

#include <array>
#include <coroutine>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <tuple>
#include <optional>
#include <type_traits>
#include <utility>

#include "asr/async_drop.hpp"
#include "asr/std/boxed.hpp"
#include "asr/std/cell.hpp"
#include "asr/std/drop.hpp"
#include "asr/std/fn.hpp"
#include "asr/std/hash_map.hpp"
#include "asr/std/rc.hpp"
#include "asr/std/sync.hpp"
#include "asr/std/tuple.hpp"
#include "asr/std/vec.hpp"
#include "asr/task.hpp"

namespace asr {

// One part of a value (a field, an element): dropped now, awaited if its drop can suspend.
template <class T>
Task<> drop_part(T& part) {
  if constexpr (has_async_drop_v<T>) {
    co_await AsyncDrop<T>::run(part);
  } else {
    ::asr::drop_now(part);
  }
  co_return;
}

// The destructor of a type with an async drop, for a value still live: generated code awaits
// every such drop, so this is a compiler bug, reported rather than ignored.
[[noreturn]] inline void async_drop_missed(const char* type) {
  std::fprintf(stderr, "asrc internal error: a `%s` was destroyed without awaiting its async drop\n", type);
  std::abort();
}

// Containers: their elements in order, first to last (as Rust drops them).
template <class T>
struct AsyncDrop<Vec<T>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(Vec<T>& v) {
    for (T& e : v) co_await drop_part(e);
    v.clear();
  }
};

// `for x in v` over a `Vec` or an array whose elements' drop can suspend: the loop owns the
// sequence (`items`) and moves the elements out one by one (`next` counts them); whatever it
// has not taken when it ends is dropped with `items` (a taken element is no longer live).
template <class T>
bool owned_iter_more(const Vec<T>& items, std::size_t next) noexcept {
  return next < items.len();
}
template <class T, std::size_t N>
bool owned_iter_more(const std::array<T, N>&, std::size_t next) noexcept {
  return next < N;
}
template <class S>
auto owned_iter_take(S& items, std::size_t& next) {
  return std::move(items.data()[next++]);
}

// `v.truncate(n)`, `v.clear()`, `map.clear()` of elements whose drop can suspend: each
// dropped element awaited, first to last (Rust's order), then the storage released.
template <class T>
Task<> vec_truncate_async(Vec<T>& v, std::size_t n) {
  for (std::size_t i = n; i < v.len(); ++i) co_await drop_part(v.data()[i]);
  v.truncate(n);  // (their destructors do nothing now)
}
template <class T>
Task<> vec_clear_async(Vec<T>& v) {
  return vec_truncate_async(v, 0);
}

template <class T, std::size_t N>
struct AsyncDrop<std::array<T, N>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(std::array<T, N>& a) {
    for (T& e : a) co_await drop_part(e);
  }
};

template <class T>
struct AsyncDrop<Box<T>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(Box<T>& b) {
    std::unique_ptr<T> owned(b.release());  // (freed when the drop ends, panicking or not)
    if (owned) co_await drop_part(*owned);
  }
};

// `Box<dyn Trait>` where a type boxed as one has a drop that suspends: the generated trait
// object says so (`D::async_drop`), and its vtable's `drop_async` is this for each type.
template <class T>
Task<> dyn_drop_async(void* self) {
  std::unique_ptr<T> owned(static_cast<T*>(self));  // (freed when the drop ends, panicking or not)
  co_await drop_part(*owned);
}

template <class D>
concept AsyncDropTraitObject = TraitObject<D> && requires { D::async_drop; } && D::async_drop;

template <AsyncDropTraitObject D>
struct AsyncDrop<Box<D>> {
  static constexpr bool value = true;
  static Task<> run(Box<D>& b) {
    D d = b.release();
    if (d.self) co_await d.vtable->drop_async(d.self);
  }
};

// `Rc`, `Arc`: the value when its last strong reference goes (the value's drop is awaited
// before the block is freed, also if it panics).
template <class T>
struct AsyncDrop<Rc<T>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(Rc<T>& r) {
    struct Reset {
      Rc<T>& r;
      ~Reset() { r.reset(); }
    } reset{r};
    if (T* v = r.last_value()) co_await drop_part(*v);
  }
};

template <class T>
struct AsyncDrop<Arc<T>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(Arc<T>& a) {
    ArcBox<T>* last = a.release_keep_last();
    if (!last) co_return;
    struct Free {
      ArcBox<T>* p;
      ~Free() { Arc<T>::free_last(p); }
    } free{last};
    co_await drop_part(last->value());
  }
};

// `RefCell`, `Mutex`: their value (nobody borrows or holds it any more: Rust's borrows).
template <class T>
struct AsyncDrop<RefCell<T>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(RefCell<T>& c) { return drop_part(c.get_mut()); }
};

template <class T>
struct AsyncDrop<std_sync::Mutex<T>> {
  static constexpr bool value = has_async_drop_v<T>;
  static Task<> run(std_sync::Mutex<T>& m) { return drop_part(m.value_mut()); }
};

// `HashMap`: its entries in iteration order (Rust's order is unspecified), key then value.
template <class K, class V>
struct AsyncDrop<HashMap<K, V>> {
  static constexpr bool value = has_async_drop_v<K> || has_async_drop_v<V>;
  static Task<> run(HashMap<K, V>& m) {
    struct Clear {
      HashMap<K, V>& m;
      ~Clear() { m.clear(); }
    } clear{m};
    for (std::size_t i = 0; i < m.slot_end(); ++i) {
      if (!m.live(i)) continue;
      co_await drop_part(const_cast<K&>(m.key_at(i)));
      co_await drop_part(m.value_at_mut(i));
    }
  }
};

template <class K, class V>
Task<> hash_map_clear_async(HashMap<K, V>& m) {
  return AsyncDrop<HashMap<K, V>>::run(m);
}

template <class... Ts>
struct AsyncDrop<Tuple<Ts...>> {
  static constexpr bool value = (has_async_drop_v<Ts> || ...);
  static Task<> run(Tuple<Ts...>& t) { return run_from<0>(t); }

 private:
  template <std::size_t I>
  static Task<> run_from(Tuple<Ts...>& t) {
    if constexpr (I < sizeof...(Ts)) {
      // (get<I> is const: the tuple itself is not)
      using Member = std::remove_cvref_t<decltype(t.template get<I>())>;
      co_await drop_part(const_cast<Member&>(t.template get<I>()));
      co_await run_from<I + 1>(t);
    }
    co_return;
  }
};


// A closure that captures by value a value whose drop can suspend (`move || serve(conn)`). C++
// cannot await in a lambda's destructor, so such captures live here, in `owned` (in capture
// order), and the lambda, which captures everything else, takes them as its first argument:
//
//   auto worker = ::asr::OwningClosure(std::tuple{std::move(conn)}, [&log](auto& owned) -> .. {
//     auto& conn = std::get<0>(owned);  // ..
//
// Whoever drops the closure awaits `drop_async` on it (a scope exit, the end of a spawned
// task, the end of an `FnOnce` call), which drops the owned values first to last.
template <class F, class... Owned>
class OwningClosure {
 public:
  OwningClosure(std::tuple<Owned...> owned, F f) : owned_(std::move(owned)), f_(std::move(f)) {}
  template <class... A>
  decltype(auto) operator()(A&&... a) {
    return f_(owned_, std::forward<A>(a)...);
  }
  template <class... A>
  decltype(auto) operator()(A&&... a) const {
    return f_(owned_, std::forward<A>(a)...);
  }
  std::tuple<Owned...>& owned() noexcept { return owned_; }

 private:
  std::tuple<Owned...> owned_;
  Closure<F> f_;  // (assignable, as Rust's closures are)
};

template <class F, class... Owned>
struct AsyncDrop<OwningClosure<F, Owned...>> {
  static constexpr bool value = (has_async_drop_v<Owned> || ...);
  static Task<> run(OwningClosure<F, Owned...>& c) { return run_from<0>(c.owned()); }

 private:
  template <std::size_t I>
  static Task<> run_from(std::tuple<Owned...>& t) {
    if constexpr (I < sizeof...(Owned)) {
      co_await drop_part(std::get<I>(t));
      co_await run_from<I + 1>(t);
    }
    co_return;
  }
};

// Calling an `FnOnce` closure consumes it: `co_await call_once_co(std::move(f), a..)` moves it
// here, calls it, and drops it (awaiting the drops of its owned captures) before giving the
// value, as Rust drops the closure when its call ends; `AsUnit`: a `()` result as a value.
template <class R>
struct once_result {
  using type = R;
};
template <class T>
struct once_result<Task<T>> {
  using type = T;
};
template <bool AsUnit, class F, class... A>
using once_value_t = std::conditional_t<AsUnit && std::is_void_v<typename once_result<std::invoke_result_t<F&, A...>>::type>,
                                        Unit, typename once_result<std::invoke_result_t<F&, A...>>::type>;

template <bool AsUnit = false, class F, class... A>
Task<once_value_t<AsUnit, F, A...>> call_once_co(F f, A&&... a) {
  using R = once_value_t<AsUnit, F, A...>;
  auto call = [&]() -> Task<R> {
    if constexpr (std::is_void_v<R>) {
      co_await call_co(f, std::forward<A>(a)...);
    } else {
      co_return co_await call_co(f, std::forward<A>(a)...);
    }
  };
  if constexpr (!has_async_drop_v<F>) {
    co_return co_await call();
  } else {
    std::exception_ptr unwinding;
    std::optional<std::conditional_t<std::is_void_v<R>, Unit, R>> value;
    try {
      if constexpr (std::is_void_v<R>) {
        co_await call();
        value.emplace();
      } else {
        value.emplace(co_await call());
      }
    } catch (...) {
      unwinding = std::current_exception();  // (no co_await in a handler)
    }
    co_await drop_async(f);
    if (unwinding) std::rethrow_exception(unwinding);
    if constexpr (!std::is_void_v<R>) co_return std::move(*value);
  }
}

}  // namespace asr
