// Function pointers: `fn(i32) -> bool` is `asr::FnPtr<bool(int32_t)>`, a plain C++ function
// pointer spelled readably (arrays of them, returns and fields need no declarator syntax).
#pragma once

#include <type_traits>

namespace asr {

template <class Sig>
using FnPtr = Sig*;

// What calling an `F` (a closure, fn pointer) with `Args` returns: an impl parameter that its
// `F: FnMut(A) -> B` bound determines (`B` of std::iter::Map).
template <class F, class... Args>
using call_result_t = std::decay_t<std::invoke_result_t<F&, Args...>>;

// Type argument `K` of a class template instance (`B` of `Option<B>`, of `Tuple<A, B>`).
template <class X, unsigned K> struct type_arg;
template <template <class...> class C, class First, class... Rest, unsigned K>
struct type_arg<C<First, Rest...>, K> : type_arg<C<Rest...>, K - 1> {};
template <template <class...> class C, class First, class... Rest>
struct type_arg<C<First, Rest...>, 0> { using type = First; };
template <class X, unsigned K> using type_arg_t = typename type_arg<std::remove_cvref_t<X>, K>::type;

}  // namespace asr
