// Which types run user code when they go away (an `impl Drop` somewhere inside), for the
// back end: such values need Rust's drop order, and the types with an `impl Drop` a flag that
// moving clears (stdlib/cpp/include/asr/std/drop.hpp).
#include <algorithm>
#include <functional>

#include "sema/program.hpp"

namespace asr::sema {

bool Program::has_drop_impls() const {
  for (const AdtDef& ad : adts) if (ad.drop_impl != kNone) return true;
  return false;
}

bool Program::needs_drop(TypeId t) const {
  if (!has_drop_impls()) return false;
  std::vector<TypeId> seen;  // (recursive types)
  std::function<bool(TypeId)> needs = [&](TypeId t) {
    switch (types.kind(t)) {
      case TyKind::Param: return true;  // (it may stand for such a type)
      case TyKind::Dyn: return true;    // (`Box<dyn Trait>` may hold one)
      case TyKind::Adt:
        if (adts[types.get(t).id].drop_impl != kNone) return true;
        if (std::find(seen.begin(), seen.end(), t) != seen.end()) return false;
        seen.push_back(t);
        return any_part(t, needs);  // (`Vec<T>`, `Option<T>`, `Box<T>`, `Rc<T>` drop what they hold)
      default: return any_part(t, needs);  // tuples, arrays; numbers, references, `&str`, functions
    }
  };
  return needs(t);
}

bool Program::drops_fields_in_order(AdtId s, uint32_t variant) const {
  const AdtDef& ad = adts[s];
  // (std's generic adaptors, `Map<I, F>`, stay aggregates: their fields' order is not observable
  // in practice)
  if (ad.is_std || modules[ad.module].is_std || ad.is_enum != (variant != kNone)) return false;
  size_t n = 0;
  for (const FieldDef& f : variant == kNone ? ad.fields : ad.variants[variant].fields) n += needs_drop(f.type) ? 1 : 0;
  return n >= 2;
}

bool Program::has_drop_glue_form(AdtId s) const {
  return !adts[s].is_std && (adts[s].drop_impl != kNone || drops_fields_in_order(s));
}

}  // namespace asr::sema
