#include "sema/types.hpp"

namespace asr::sema {

const char* int_ty_name(IntTy t) {
  static const char* names[] = {"i8", "i16", "i32", "i64", "i128", "isize",
                                "u8", "u16", "u32", "u64", "u128", "usize"};
  return names[static_cast<int>(t)];
}

std::string u128_text(unsigned __int128 v) {
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v);
  return s;
}

std::string i128_text(__int128 v) {
  // The magnitude in unsigned arithmetic, so i128::MIN does not overflow.
  if (v < 0) return "-" + u128_text(0 - static_cast<unsigned __int128>(v));
  return u128_text(static_cast<unsigned __int128>(v));
}

bool int_signed(IntTy t) { return static_cast<int>(t) <= static_cast<int>(IntTy::Isize); }

unsigned int_bits(IntTy t) {
  static const unsigned bits[] = {8, 16, 32, 64, 128, 64, 8, 16, 32, 64, 128, 64};
  return bits[static_cast<int>(t)];
}

TypeTable::TypeTable() {
  error_ = intern({TyKind::Error});
  never_ = intern({TyKind::Never});
  unit_ = intern({TyKind::Tuple});
  bool_ty_ = intern({TyKind::Bool});
  char_ty_ = intern({TyKind::Char});
  str_ = intern({TyKind::Str});
  for (int i = 0; i < 12; ++i) ints_[i] = intern({TyKind::Int, static_cast<uint8_t>(i)});
  for (int i = 0; i < 2; ++i) floats_[i] = intern({TyKind::Float, static_cast<uint8_t>(i)});
}

TypeId TypeTable::intern(TypeData data) {
  auto key = std::make_tuple(data.kind, data.sub, data.id, data.elems);
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  TypeId id{static_cast<uint32_t>(types_.size())};
  types_.push_back(std::move(data));
  index_.emplace(std::move(key), id);
  return id;
}

TypeId TypeTable::ref(TypeId inner, bool is_mut) {
  return intern({TyKind::Ref, static_cast<uint8_t>(is_mut ? 1 : 0), 0, {inner}});
}
TypeId TypeTable::tuple(std::vector<TypeId> elems) {
  return intern({TyKind::Tuple, 0, 0, std::move(elems)});
}
TypeId TypeTable::adt(uint32_t struct_index, std::vector<TypeId> args) {
  return intern({TyKind::Adt, 0, struct_index, std::move(args)});
}
TypeId TypeTable::param(uint32_t param_index) { return intern({TyKind::Param, 0, param_index}); }

TypeId TypeTable::subst(TypeId t, const Subst& map) {
  if (map.empty()) return t;
  const TypeData& d = get(t);
  if (d.kind == TyKind::Param) {
    for (auto& [p, to] : map) if (p == d.id) return to;
    if (d.elems.empty()) return t;  // (else an opaque type's arguments, below)
  }
  if (d.elems.empty()) return t;
  TypeData copy = d;  // (interning may reallocate types_)
  bool changed = false;
  for (TypeId& e : copy.elems) {
    TypeId n = subst(e, map);
    changed = changed || n != e;
    e = n;
  }
  return changed ? intern(std::move(copy)) : t;
}

bool TypeTable::has_params(TypeId t) const {
  const TypeData& d = get(t);
  if (d.kind == TyKind::Param) return true;
  for (TypeId e : d.elems) if (has_params(e)) return true;
  return false;
}
TypeId TypeTable::fresh_var(VarKind kind) {
  return intern({TyKind::Var, static_cast<uint8_t>(kind), next_var_++});
}

TypeId TypeTable::cpp_twin(TypeId t) {
  TypeData d = get(t);
  if (d.kind == TyKind::Int && d.sub == static_cast<uint8_t>(IntTy::Isize)) return int_(IntTy::I64);
  if (d.kind == TyKind::Int && d.sub == static_cast<uint8_t>(IntTy::Usize)) return int_(IntTy::U64);
  for (TypeId& e : d.elems) e = cpp_twin(e);
  return intern(d);
}

}  // namespace asr::sema
