#pragma once
// C++-safe names for ASR identifiers, under one documented scheme (docs/generated-code.md):
// an ASR name is kept unless it is a C++ keyword or alternative token, a reserved name
// (`_Upper`, anything containing `__`), a common libc macro (`errno`, `assert`, `stdin`,
// ...), a type name the generated code uses unqualified (`int32_t`, `size_t`, ...), a
// namespace the output uses (`asr`, `crate`, `std`), or starts with `asr_` (reserved for
// generated helpers). Such a name gets a trailing `_`; a name that then collides with another
// in the same C++ scope gets `_2`, `_3`, ...

#include <string>
#include <string_view>
#include <unordered_set>

namespace asr::lower {

bool needs_mangling(std::string_view name);
std::string mangle(std::string_view name);
// A struct field's C++ name: tuple-struct fields `0`, `1` become `_0`, `_1` (as for tuples).
std::string field_name(std::string_view name);

// Allocates unique C++ names within one scope (a function body, a namespace, a struct).
class NameScope {
 public:
  // Returns a fresh C++ name for `asr_name`, unique in this scope.
  std::string fresh(std::string_view asr_name);
  void reserve(const std::string& cpp_name) { used_.insert(cpp_name); }
  // Names taken in an enclosing scope that this one must not shadow (shared, not copied:
  // every function body would otherwise copy every item name of the program).
  void reserve_all(const std::unordered_set<std::string>* names) { outer_ = names; }
  bool used(const std::string& cpp_name) const {
    return used_.count(cpp_name) != 0 || (outer_ && outer_->count(cpp_name) != 0);
  }

 private:
  std::unordered_set<std::string> used_;
  const std::unordered_set<std::string>* outer_ = nullptr;
};

}  // namespace asr::lower
