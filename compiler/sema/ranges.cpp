// Range expressions as values: `a..b` is a `std::ops::Range` (stdlib/std/ops.asr), `a..=b`
// a `RangeInclusive`, `a..` a `RangeFrom`, `..b` a `RangeTo`, `..=b` a `RangeToInclusive`,
// `..` a `RangeFull`. (In a `for` header and as an index they are read in place instead:
// range_iterable and check_range_index.)

#include <fmt/format.h>

#include "sema/fn_checker.hpp"
#include "sema/slices.hpp"

namespace asr::sema {

const char* range_kind_name(RangeKind k) {
  switch (k) {
    case RangeKind::Range: return "Range";
    case RangeKind::RangeInclusive: return "RangeInclusive";
    case RangeKind::RangeFrom: return "RangeFrom";
    case RangeKind::RangeTo: return "RangeTo";
    case RangeKind::RangeToInclusive: return "RangeToInclusive";
    case RangeKind::RangeFull: return "RangeFull";
    case RangeKind::None: break;
  }
  return "";
}

RangeKind range_kind(const Program& p, TypeId t) {
  if (p.types.kind(t) != TyKind::Adt) return RangeKind::None;
  const AdtDef& ad = p.adts[p.types.get(t).id];
  if (p.modules[ad.module].path != "std::ops") return RangeKind::None;
  for (RangeKind k : {RangeKind::Range, RangeKind::RangeInclusive, RangeKind::RangeFrom, RangeKind::RangeTo,
                      RangeKind::RangeToInclusive, RangeKind::RangeFull}) {
    if (ad.name == range_kind_name(k)) return k;
  }
  return RangeKind::None;
}

TypeId FnChecker::check_range_value(const Expr& e, TypeId expected) {
  RangeKind k = !e.lhs && !e.rhs ? RangeKind::RangeFull
                : !e.rhs         ? RangeKind::RangeFrom
                : !e.lhs         ? (e.inclusive ? RangeKind::RangeToInclusive : RangeKind::RangeTo)
                                 : (e.inclusive ? RangeKind::RangeInclusive : RangeKind::Range);
  if (e.inclusive && !e.rhs) {
    cx_.diags.report(DiagKind::SyntaxError, e.span, "inclusive range with no end");
    if (e.lhs) check_expr(*e.lhs, kNoExpectId());
    return T.error();
  }
  ModuleId ops = cx_.module_by_path("std::ops");
  const Decl* d = ops == kNone ? nullptr : cx_.lookup(ops, range_kind_name(k), Context::Ns::Type);
  if (!d || d->kind != Decl::Kind::Adt) {
    cx_.unsupported(e.span, "ranges");
    return T.error();
  }
  if (k == RangeKind::RangeFull) return T.adt(d->id);
  TypeId hint = kNoExpectId();
  if (has_expect(expected)) {
    TypeId x = shallow(expected);
    if (T.kind(x) == TyKind::Adt && T.get(x).id == d->id && T.get(x).elems.size() == 1) hint = T.get(x).elems[0];
  }
  TypeId elem = e.lhs ? check_expr(*e.lhs, hint) : check_expr(*e.rhs, hint);
  if (e.lhs && e.rhs) {
    TypeId hi = check_expr(*e.rhs, elem);
    coerce(hi, elem, e.rhs->span);
  }
  return T.adt(d->id, {elem});
}

}  // namespace asr::sema
