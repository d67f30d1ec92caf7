#include "sema/exhaustive.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace asr::sema {
namespace {

constexpr size_t kMaxWitnesses = 200;  // enough to say "and N more" honestly for real code

// A pattern deconstructed into a constructor applied to sub-patterns.
enum class CtorKind : uint8_t {
  Wild,     // `_` and bindings
  Single,   // the only constructor of a tuple, struct or reference
  Variant,  // an enum variant (`index`)
  Bool,     // `index` is 0 or 1
  Range,    // integers and chars: [lo, hi] in key order
  Opaque,   // a literal of a type with infinitely many values (`"add"`, `1.5`)
  SliceLen, // a slice of `lo` elements (`hi` = 1: or more, `[p.., .., s..]` with `index` = p)
  Or,       // alternatives in `fields`
};

struct DPat {
  CtorKind kind = CtorKind::Wild;
  TypeId type;
  uint32_t index = 0;
  PatKey lo = 0, hi = 0;
  std::string text;
  std::vector<DPat> fields;
};

using Row = std::vector<DPat>;

class Usefulness {
 public:
  explicit Usefulness(const Program& p) : p_(p), T(p.types) {}

  DPat lower(const ast::Pat& pat, TypeId t) {
    const ast::Pat* p = &pat;
    while (p->kind == ast::PatKind::Paren) p = p->sub.get();
    auto it = p_.pats.find(p);
    if (it == p_.pats.end()) return wild(t);  // not checked (an error was reported)
    return lower_peeled(*p, it->second, t, it->second.derefs);
  }

  std::vector<Row> useful(std::vector<Row> rows, const std::vector<TypeId>& types, bool top) {
    if (types.empty()) {
      if (rows.empty()) return {Row{}};
      return {};
    }
    rows = expand_or(std::move(rows));
    TypeId t = types[0];
    std::vector<const DPat*> heads;
    for (const auto& r : rows) if (r[0].kind != CtorKind::Wild) heads.push_back(&r[0]);
    bool infinite = false;
    std::vector<DPat> ctors = split(t, heads, infinite);
    std::vector<DPat> missing;
    for (const auto& c : ctors) {
      bool covered = false;
      for (const DPat* h : heads) covered = covered || covers(*h, c);
      if (!covered) missing.push_back(c);
    }
    std::vector<TypeId> rest(types.begin() + 1, types.end());
    std::vector<Row> result;
    if (missing.empty() && !infinite) {
      for (const auto& c : ctors) {
        std::vector<TypeId> ft = field_types(c, t);
        std::vector<Row> spec;
        for (const auto& r : rows) {
          Row nr;
          if (r[0].kind == CtorKind::Wild) {
            for (TypeId f : ft) nr.push_back(wild(f));
          } else if (covers(r[0], c)) {
            nr = specialize(r[0], c);
          } else {
            continue;
          }
          nr.insert(nr.end(), r.begin() + 1, r.end());
          spec.push_back(std::move(nr));
        }
        std::vector<TypeId> sub_types = ft;
        sub_types.insert(sub_types.end(), rest.begin(), rest.end());
        for (auto& w : useful(std::move(spec), sub_types, false)) {
          DPat head = c;
          head.fields.assign(w.begin(), w.begin() + static_cast<long>(ft.size()));
          Row nw{std::move(head)};
          nw.insert(nw.end(), w.begin() + static_cast<long>(ft.size()), w.end());
          result.push_back(std::move(nw));
          if (result.size() >= kMaxWitnesses) return result;
        }
      }
      return result;
    }
    std::vector<Row> defaults;
    for (const auto& r : rows) {
      if (r[0].kind == CtorKind::Wild) defaults.emplace_back(r.begin() + 1, r.end());
    }
    std::vector<Row> sub = useful(std::move(defaults), rest, false);
    if (sub.empty()) return result;
    // Like rustc: name the missing constructors at the scrutinee itself or when some were
    // mentioned; deeper down, an unmentioned position is just `_`.
    std::vector<DPat> witness_heads;
    if (!infinite && (top || !heads.empty())) {
      for (auto& c : missing) {
        DPat h = c;
        for (TypeId f : field_types(c, t)) h.fields.push_back(wild(f));
        witness_heads.push_back(std::move(h));
      }
    } else {
      witness_heads.push_back(wild(t));
    }
    for (auto& w : sub) {
      for (const auto& h : witness_heads) {
        Row nw{h};
        nw.insert(nw.end(), w.begin(), w.end());
        result.push_back(std::move(nw));
        if (result.size() >= kMaxWitnesses) return result;
      }
    }
    return result;
  }

  std::string render(const DPat& d) const {
    switch (d.kind) {
      case CtorKind::Wild: return "_";
      case CtorKind::Bool: return d.index ? "true" : "false";
      case CtorKind::Opaque: return d.text;
      case CtorKind::Range:
        if (d.lo == d.hi) return render_key(p_, d.type, d.lo);
        return render_key(p_, d.type, d.lo) + "..=" + render_key(p_, d.type, d.hi);
      case CtorKind::Or: return "_";
      case CtorKind::SliceLen: {
        std::string s = "[";
        for (size_t i = 0; i < d.fields.size(); ++i) {
          if (d.hi == 1 && i == d.index) s += (i ? ", " : "") + std::string("..");
          s += (i || (d.hi == 1 && d.index == 0) ? ", " : "") + render(d.fields[i]);
        }
        if (d.hi == 1 && d.index == d.fields.size()) s += d.fields.empty() ? ".." : ", ..";
        return s + "]";
      }
      case CtorKind::Single:
      case CtorKind::Variant: break;
    }
    const TypeData& td = T.get(d.type);
    if (td.kind == TyKind::Ref) return "&" + render(d.fields[0]);
    if (td.kind == TyKind::Tuple) {
      std::string s = "(";
      for (size_t i = 0; i < d.fields.size(); ++i) s += (i ? ", " : "") + render(d.fields[i]);
      return s + (d.fields.size() == 1 ? ",)" : ")");
    }
    if (td.kind == TyKind::Array) {
      std::string s = "[";
      for (size_t i = 0; i < d.fields.size(); ++i) s += (i ? ", " : "") + render(d.fields[i]);
      return s + "]";
    }
    if (td.kind != TyKind::Adt) return "_";
    const AdtDef& ad = p_.adts[td.id];
    std::string name = ad.path;
    ast::StructKind kind = ad.kind;
    const std::vector<FieldDef>* fields = &ad.fields;
    if (d.kind == CtorKind::Variant) {
      // The prelude's variants are named alone, as rustc does: `Some(Err(_))`.
      bool prelude = td.id == p_.option_adt || td.id == p_.result_adt;
      name = prelude ? ad.variants[d.index].name : name + "::" + ad.variants[d.index].name;
      kind = ad.variants[d.index].kind;
      fields = &ad.variants[d.index].fields;
    }
    switch (kind) {
      case ast::StructKind::Unit: return name;
      case ast::StructKind::Tuple: {
        std::string s = name + "(";
        for (size_t i = 0; i < d.fields.size(); ++i) s += (i ? ", " : "") + render(d.fields[i]);
        return s + ")";
      }
      case ast::StructKind::Named: {
        std::string s;
        for (size_t i = 0; i < d.fields.size() && i < fields->size(); ++i) {
          if (d.fields[i].kind == CtorKind::Wild) continue;
          s += fmt::format("{}: {}, ", (*fields)[i].name, render(d.fields[i]));
        }
        return name + " { " + s + ".. }";
      }
    }
    return name;
  }

 private:
  DPat wild(TypeId t) const {
    DPat d;
    d.type = t;
    return d;
  }

  TypeId peel(TypeId t) const { return T.kind(t) == TyKind::Ref ? T.pointee(t) : t; }

  DPat lower_peeled(const ast::Pat& p, const PatInfo& pi, TypeId t, unsigned derefs) {
    if (derefs > 0 && T.kind(t) == TyKind::Ref) {
      DPat d;
      d.kind = CtorKind::Single;
      d.type = t;
      d.fields.push_back(lower_peeled(p, pi, T.pointee(t), derefs - 1));
      return d;
    }
    DPat d;
    d.type = t;
    switch (p.kind) {
      case ast::PatKind::Wild:
      case ast::PatKind::Rest:
        return d;
      case ast::PatKind::Ident:
        if (pi.const_id != kNone) return const_pattern(pi, t);
        if (pi.adt != kNone) return ctor_of(pi, t, {});
        if (p.sub) return lower(*p.sub, t);
        return d;
      case ast::PatKind::Literal: {
        TypeId lt = p_.info(*p.lit).type;
        if (T.kind(lt) == TyKind::Bool) {
          d.kind = CtorKind::Bool;
          const ast::Expr* l = p.lit.get();
          while (l->kind == ast::ExprKind::Paren) l = l->operand.get();
          d.index = l->lit.bool_value ? 1 : 0;
          return d;
        }
        if (auto k = pattern_key(p_, *p.lit)) {
          d.kind = CtorKind::Range;
          d.lo = d.hi = *k;
          return d;
        }
        d.kind = CtorKind::Opaque;
        d.text = literal_text(*p.lit);
        return d;
      }
      case ast::PatKind::Range: {
        TypeId rt = pi.type;
        if (T.kind(rt) != TyKind::Int && T.kind(rt) != TyKind::Char) {
          d.kind = CtorKind::Opaque;
          d.text = "<range>";
          return d;
        }
        d.kind = CtorKind::Range;
        d.lo = 0;
        d.hi = pattern_key_max(p_, rt);
        if (p.lo) if (auto k = pattern_key(p_, *p.lo)) d.lo = *k;
        if (p.hi) {
          if (auto k = pattern_key(p_, *p.hi)) {
            d.hi = *k;
            if (!p.inclusive) {
              if (d.hi == 0) {  // `..MIN` matches nothing (reported by the checker)
                d.kind = CtorKind::Opaque;
                d.text = "<empty range>";
                return d;
              }
              d.hi -= 1;
            }
          }
        }
        return d;
      }
      case ast::PatKind::Path:
        if (pi.const_id != kNone) return const_pattern(pi, t);
        if (pi.adt != kNone) return ctor_of(pi, t, {});
        return d;
      case ast::PatKind::TupleStruct: {
        if (pi.adt == kNone) return d;
        const auto& defs = p_.fields_of(pi.adt, pi.variant);
        std::vector<DPat> fields;
        std::vector<TypeId> ft;
        for (size_t i = 0; i < defs.size(); ++i) ft.push_back(p_.field_type(pi.type, pi.variant, i));
        return ctor_of(pi, t, positional(p, ft));
      }
      case ast::PatKind::Struct: {
        if (pi.adt == kNone) return d;
        const auto& defs = p_.fields_of(pi.adt, pi.variant);
        std::vector<DPat> fields;
        for (size_t i = 0; i < defs.size(); ++i) fields.push_back(wild(p_.field_type(pi.type, pi.variant, i)));
        for (size_t i = 0; i < p.fields.size() && i < pi.fields.size(); ++i) {
          uint32_t fi = pi.fields[i];
          if (fi < fields.size() && p.fields[i].pat) fields[fi] = lower(*p.fields[i].pat, p_.field_type(pi.type, pi.variant, fi));
        }
        return ctor_of(pi, t, std::move(fields));
      }
      case ast::PatKind::Tuple: {
        if (T.kind(t) != TyKind::Tuple) return d;
        d.kind = CtorKind::Single;
        d.fields = positional(p, T.get(t).elems);
        return d;
      }
      case ast::PatKind::Slice: {  // an array pattern: like a tuple of N elements
        if (T.kind(t) == TyKind::Slice) return slice_pattern(p, t);
        if (T.kind(t) != TyKind::Array) return d;
        d.kind = CtorKind::Single;
        d.fields = positional(p, std::vector<TypeId>(T.array_len(t).value_or(0), T.get(t).elems[0]));
        return d;
      }
      case ast::PatKind::Ref: {
        if (T.kind(t) != TyKind::Ref || !p.sub) return d;
        d.kind = CtorKind::Single;
        d.fields.push_back(lower(*p.sub, T.pointee(t)));
        return d;
      }
      case ast::PatKind::Or: {
        d.kind = CtorKind::Or;
        for (const auto& alt : p.elems) d.fields.push_back(lower(*alt, t));
        return d;
      }
      default:
        return d;
    }
  }

  DPat const_pattern(const PatInfo& pi, TypeId t) const {
    DPat d;
    d.type = t;
    const ConstDef& c = p_.consts[pi.const_id];
    if (c.state != ConstDef::State::Done) return d;  // reported
    const ConstValue& v = c.value;
    switch (v.kind) {
      case ConstValue::Kind::Bool:
        d.kind = CtorKind::Bool;
        d.index = static_cast<uint32_t>(v.bits);
        return d;
      case ConstValue::Kind::Char:
        d.kind = CtorKind::Range;
        d.lo = d.hi = v.bits;
        return d;
      case ConstValue::Kind::Int: {
        IntTy it = T.int_ty(v.type);
        PatKey k = v.bits;
        if (int_signed(it)) k = (k + (static_cast<PatKey>(1) << (int_bits(it) - 1))) & pattern_key_max(p_, v.type);
        d.kind = CtorKind::Range;
        d.lo = d.hi = k;
        return d;
      }
      default:
        d.kind = CtorKind::Opaque;
        d.text = "const " + c.path;
        return d;
    }
  }

  DPat ctor_of(const PatInfo& pi, TypeId t, std::vector<DPat> fields) const {
    DPat d;
    d.type = t;
    d.kind = pi.variant == kNone ? CtorKind::Single : CtorKind::Variant;
    d.index = pi.variant == kNone ? 0 : pi.variant;
    d.fields = std::move(fields);
    return d;
  }

  // Tuple-like sub-patterns with at most one `..`, expanded to one per element.
  // (`types` by value: lowering the elements may add types, moving the table's storage)
  std::vector<DPat> positional(const ast::Pat& p, std::vector<TypeId> types) {
    std::vector<DPat> out;
    for (TypeId f : types) out.push_back(wild(f));
    size_t rest = p.elems.size();
    for (size_t i = 0; i < p.elems.size(); ++i) if (is_rest(*p.elems[i])) rest = i;
    size_t n = types.size();
    for (size_t i = 0; i < p.elems.size(); ++i) {
      if (i == rest) continue;
      size_t index = i < rest ? i : n - (p.elems.size() - i);
      if (index < n) out[index] = lower(*p.elems[i], types[index]);
    }
    return out;
  }

  static bool is_rest(const ast::Pat& p) {
    return p.kind == ast::PatKind::Rest || (p.kind == ast::PatKind::Ident && p.sub && p.sub->kind == ast::PatKind::Rest);
  }

  // `[a, .., z]` on a slice: its prefix and suffix as the fields, the length as constructor.
  DPat slice_pattern(const ast::Pat& p, TypeId t) {
    DPat d;
    d.type = t;
    d.kind = CtorKind::SliceLen;
    TypeId elem = T.get(t).elems[0];
    size_t rest = p.elems.size();
    for (size_t i = 0; i < p.elems.size(); ++i) if (is_rest(*p.elems[i]) && rest == p.elems.size()) rest = i;
    for (size_t i = 0; i < p.elems.size(); ++i) if (i != rest) d.fields.push_back(lower(*p.elems[i], elem));
    d.lo = d.fields.size();
    d.hi = rest < p.elems.size() ? 1 : 0;
    d.index = static_cast<uint32_t>(rest < p.elems.size() ? rest : p.elems.size());
    return d;
  }

  // The sub-patterns of head `h` under constructor `c` (which it covers): a `..` slice
  // pattern spreads its prefix and suffix over `c`'s length, with wildcards between.
  std::vector<DPat> specialize(const DPat& h, const DPat& c) const {
    if (h.kind != CtorKind::SliceLen || h.hi != 1) return h.fields;
    TypeId elem = T.get(c.type).elems[0];
    size_t k = static_cast<size_t>(c.lo), prefix = h.index, suffix = h.fields.size() - h.index;
    std::vector<DPat> out(h.fields.begin(), h.fields.begin() + static_cast<long>(prefix));
    for (size_t i = prefix + suffix; i < k; ++i) out.push_back(wild(elem));
    out.insert(out.end(), h.fields.begin() + static_cast<long>(prefix), h.fields.end());
    return out;
  }

  std::string literal_text(const ast::Expr& e) const {
    if (e.kind == ast::ExprKind::Unary) return "-" + literal_text(*e.operand);
    if (e.kind == ast::ExprKind::Paren) return literal_text(*e.operand);
    return e.lit.text;
  }

  // Rows whose first pattern is an or-pattern become one row per alternative.
  std::vector<Row> expand_or(std::vector<Row> rows) {
    bool any = false;
    for (const auto& r : rows) any = any || r[0].kind == CtorKind::Or;
    if (!any) return rows;
    std::vector<Row> out;
    for (auto& r : rows) {
      if (r[0].kind != CtorKind::Or) {
        out.push_back(std::move(r));
        continue;
      }
      std::vector<Row> alts;
      for (auto& alt : r[0].fields) {
        Row nr{alt};
        nr.insert(nr.end(), r.begin() + 1, r.end());
        alts.push_back(std::move(nr));
      }
      for (auto& a : expand_or(std::move(alts))) out.push_back(std::move(a));
    }
    return out;
  }

  // Every constructor of `t`, with integer and char ranges split at the heads' boundaries so
  // that each piece is either inside or outside every head's range.
  std::vector<DPat> split(TypeId t, const std::vector<const DPat*>& heads, bool& infinite) const {
    std::vector<DPat> out;
    const TypeData& td = T.get(t);
    auto make = [&](CtorKind k, uint32_t index) {
      DPat d;
      d.kind = k;
      d.type = t;
      d.index = index;
      return d;
    };
    switch (td.kind) {
      case TyKind::Bool:
        out.push_back(make(CtorKind::Bool, 0));
        out.push_back(make(CtorKind::Bool, 1));
        return out;
      case TyKind::Tuple:
      case TyKind::Ref:
      case TyKind::Array:  // (fixed length: one shape, `[_, _, _]`)
        out.push_back(make(CtorKind::Single, 0));
        return out;
      case TyKind::Slice: {
        // Lengths up to the longest fixed-length pattern (or the longest prefix plus suffix
        // of a `..` pattern), then one constructor for every longer slice, as rustc splits.
        uint32_t max_fixed = 0, max_prefix = 0, max_suffix = 0;
        bool any_fixed = false;
        for (const DPat* h : heads) {
          if (h->kind != CtorKind::SliceLen) continue;
          if (h->hi == 1) {
            max_prefix = std::max<uint32_t>(max_prefix, h->index);
            max_suffix = std::max<uint32_t>(max_suffix, static_cast<uint32_t>(h->lo) - h->index);
          } else {
            any_fixed = true;
            max_fixed = std::max<uint32_t>(max_fixed, static_cast<uint32_t>(h->lo));
          }
        }
        uint32_t longest = std::max<uint32_t>(any_fixed ? max_fixed + 1 : 0, max_prefix + max_suffix);
        for (uint32_t n = 0; n < longest; ++n) {
          DPat d = make(CtorKind::SliceLen, n);
          d.lo = n;
          out.push_back(d);
        }
        DPat more = make(CtorKind::SliceLen, longest - max_suffix);
        more.lo = longest;
        more.hi = 1;
        out.push_back(more);
        return out;
      }
      case TyKind::Adt: {
        const AdtDef& ad = p_.adts[td.id];
        if (!ad.is_enum) {
          out.push_back(make(CtorKind::Single, 0));
          return out;
        }
        for (uint32_t v = 0; v < ad.variants.size(); ++v) out.push_back(make(CtorKind::Variant, v));
        return out;
      }
      case TyKind::Int:
      case TyKind::Char: {
        std::vector<std::pair<PatKey, PatKey>> base;
        if (td.kind == TyKind::Char) base = {{0, 0xD7FF}, {0xE000, 0x10FFFF}};
        else base = {{0, pattern_key_max(p_, t)}};
        std::vector<PatKey> cuts;  // a piece starts at each cut
        for (const DPat* h : heads) {
          if (h->kind != CtorKind::Range) continue;
          cuts.push_back(h->lo);
          if (h->hi != ~static_cast<PatKey>(0)) cuts.push_back(h->hi + 1);
        }
        std::sort(cuts.begin(), cuts.end());
        for (auto [lo, hi] : base) {
          PatKey start = lo;
          for (PatKey c : cuts) {
            if (c <= start || c > hi) continue;
            DPat d = make(CtorKind::Range, 0);
            d.lo = start;
            d.hi = c - 1;
            out.push_back(d);
            start = c;
          }
          DPat d = make(CtorKind::Range, 0);
          d.lo = start;
          d.hi = hi;
          out.push_back(d);
        }
        return out;
      }
      default:
        // Strings, floats: only a wildcard covers them all.
        infinite = true;
        for (const DPat* h : heads) {
          if (h->kind != CtorKind::Opaque) continue;
          bool seen = false;
          for (const auto& o : out) seen = seen || o.text == h->text;
          if (!seen) out.push_back(*h);
        }
        for (auto& o : out) o.fields.clear();
        return out;
    }
  }

  static bool covers(const DPat& h, const DPat& c) {
    switch (h.kind) {
      case CtorKind::Wild: return true;
      case CtorKind::Single: return c.kind == CtorKind::Single;
      case CtorKind::Variant:
      case CtorKind::Bool: return c.kind == h.kind && c.index == h.index;
      case CtorKind::Range: return c.kind == CtorKind::Range && h.lo <= c.lo && c.hi <= h.hi;
      case CtorKind::Opaque: return c.kind == CtorKind::Opaque && c.text == h.text;
      case CtorKind::SliceLen:
        if (c.kind != CtorKind::SliceLen) return false;
        return h.hi == 1 ? c.lo >= h.lo : c.hi == 0 && c.lo == h.lo;
      case CtorKind::Or: return false;  // expanded before
    }
    return false;
  }

  std::vector<TypeId> field_types(const DPat& c, TypeId t) const {
    const TypeData& td = T.get(t);
    std::vector<TypeId> out;
    if (c.kind == CtorKind::Single) {
      if (td.kind == TyKind::Tuple) return td.elems;
      if (td.kind == TyKind::Array) return std::vector<TypeId>(T.array_len(t).value_or(0), td.elems[0]);
      if (td.kind == TyKind::Ref) return {td.elems[0]};
      if (td.kind == TyKind::Adt) {
        for (size_t i = 0; i < p_.adts[td.id].fields.size(); ++i) out.push_back(p_.field_type(t, kNone, i));
      }
    } else if (c.kind == CtorKind::SliceLen) {
      return std::vector<TypeId>(static_cast<size_t>(c.lo), td.elems[0]);
    } else if (c.kind == CtorKind::Variant) {
      for (size_t i = 0; i < p_.adts[td.id].variants[c.index].fields.size(); ++i) out.push_back(p_.field_type(t, c.index, i));
    }
    return out;
  }

  const Program& p_;
  const TypeTable& T;
};

}  // namespace

std::string Coverage::describe() const {
  auto q = [](const std::string& s) { return "`" + s + "`"; };
  if (total == 1) return q(missing[0]);
  std::string s;
  if (total <= 3) {
    for (size_t i = 0; i < missing.size(); ++i) {
      if (i) s += i + 1 == missing.size() ? " and " : ", ";
      s += q(missing[i]);
    }
    return s;
  }
  for (size_t i = 0; i < 3; ++i) s += (i ? ", " : "") + q(missing[i]);
  return s + fmt::format(" and {}{} more", total - 3, total >= kMaxWitnesses ? "+" : "");
}

Coverage check_coverage(const Program& p, TypeId scrutinee, const std::vector<MatchRow>& rows) {
  Usefulness u(p);
  std::vector<Row> matrix;
  for (const auto& r : rows) {
    if (r.guarded) continue;
    matrix.push_back(Row{u.lower(*r.pat, scrutinee)});
    // A wildcard or binding row covers every value: the common `let x = ..` needs no search.
    if (matrix.back()[0].kind == CtorKind::Wild) return Coverage{};
  }
  Coverage c;
  auto witnesses = u.useful(std::move(matrix), {scrutinee}, true);
  c.total = witnesses.size();
  for (size_t i = 0; i < witnesses.size() && i < 3; ++i) c.missing.push_back(u.render(witnesses[i][0]));
  return c;
}

std::optional<PatKey> pattern_key(const Program& p, const ast::Expr& lit) {
  const TypeTable& T = p.types;
  bool negated = false;
  const ast::Expr* e = &lit;
  while (e->kind == ast::ExprKind::Paren || (e->kind == ast::ExprKind::Unary && e->unop == ast::UnOp::Neg)) {
    if (e->kind == ast::ExprKind::Unary) negated = !negated;
    e = e->operand.get();
  }
  TypeId t = p.info(lit).type;
  if (e->kind == ast::ExprKind::Path && p.info(*e).res == ValueRes::PrimConst && T.kind(t) == TyKind::Int) {
    auto c = static_cast<PrimConst>(p.info(*e).res_id);
    if (c == PrimConst::Min) return negated ? std::nullopt : std::optional<PatKey>(0);
    if (c == PrimConst::Max) return negated ? std::nullopt : std::optional<PatKey>(pattern_key_max(p, t));
    return std::nullopt;
  }
  if (e->kind != ast::ExprKind::Lit) return std::nullopt;
  if (T.kind(t) == TyKind::Char) {
    if (e->lit.kind != ast::LitKind::Char) return std::nullopt;
    return static_cast<PatKey>(e->lit.char_value);
  }
  if (T.kind(t) != TyKind::Int) return std::nullopt;
  PatKey m = 0;
  if (e->lit.kind == ast::LitKind::Byte || e->lit.kind == ast::LitKind::Char) {
    m = e->lit.char_value;
  } else if (e->lit.kind == ast::LitKind::Int) {
    m = e->lit.int_value;
  } else {
    return std::nullopt;
  }
  IntTy it = T.int_ty(t);
  if (!int_signed(it)) return m;
  PatKey offset = static_cast<PatKey>(1) << (int_bits(it) - 1);
  return negated ? offset - m : offset + m;
}

PatKey pattern_key_max(const Program& p, TypeId t) {
  if (p.types.kind(t) == TyKind::Char) return 0x10FFFF;
  unsigned bits = int_bits(p.types.int_ty(t));
  return bits == 128 ? ~static_cast<PatKey>(0) : (static_cast<PatKey>(1) << bits) - 1;
}

std::string render_key(const Program& p, TypeId t, PatKey k) {
  const TypeTable& T = p.types;
  if (T.kind(t) == TyKind::Char) {
    uint32_t c = static_cast<uint32_t>(k);
    switch (c) {
      case 0: return "'\\0'";
      case '\t': return "'\\t'";
      case '\n': return "'\\n'";
      case '\r': return "'\\r'";
      case '\'': return "'\\''";
      case '\\': return "'\\\\'";
      default: break;
    }
    bool escape = c < 0x20 || (c >= 0x7F && c < 0xA0) || (c >= 0xD7FF && c <= 0xF8FF) || c >= 0xE0000;
    if (escape) return fmt::format("'\\u{{{:x}}}'", c);
    std::string s = "'";
    if (c < 0x80) s += static_cast<char>(c);
    else if (c < 0x800) { s += static_cast<char>(0xC0 | (c >> 6)); s += static_cast<char>(0x80 | (c & 0x3F)); }
    else if (c < 0x10000) {
      s += static_cast<char>(0xE0 | (c >> 12));
      s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (c >> 18));
      s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s + "'";
  }
  IntTy it = T.int_ty(t);
  const char* name = int_ty_name(it);
  if (k == 0) return int_signed(it) ? fmt::format("{}::MIN", name) : fmt::format("0_{}", name);
  if (k == pattern_key_max(p, t)) return fmt::format("{}::MAX", name);
  if (!int_signed(it)) return u128_text(k) + "_" + name;
  PatKey offset = static_cast<PatKey>(1) << (int_bits(it) - 1);
  if (k >= offset) return u128_text(k - offset) + "_" + name;
  return "-" + u128_text(offset - k) + "_" + name;
}

}  // namespace asr::sema
