// `T::default()` in generic code: a type's Rust default. Types deriving `Default` specialise
// DefaultOf (generated next to them: an enum's default is its `#[default]` variant); every
// other type asrc supports defaults to its value-initialisation (0, false, 0.0, "", ...).
#pragma once

namespace asr {

template <class T>
struct DefaultOf {
  static T make() { return T{}; }
};

template <class T>
T default_of() {
  return DefaultOf<T>::make();
}

}  // namespace asr
