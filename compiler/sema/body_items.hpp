#pragma once
// Internal to sema: items declared inside function bodies (body_items.cpp).

#include <functional>
#include <string>

#include "sema/program.hpp"

namespace asr::sema {

// Calls `fn` for every block of `body` (itself included, outermost first) that declares an
// item, not looking into the bodies of those items.
void blocks_with_items(const ast::Block& body, const std::function<void(const ast::Block&)>& fn);

// Whether a function whose body declares `fn` (directly or further out) binds `name`: a
// use of `name` in `fn` is then rustc's E0434 (E0435 in a constant's initializer, whose
// checker `fn` is), not an unknown name.
enum class OuterLocal : uint8_t { None, InFn, InConst };
OuterLocal outer_local(const Program& p, FnId fn, const std::string& name);

}  // namespace asr::sema
