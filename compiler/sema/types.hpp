#pragma once
// Semantic types, interned: equal types have equal `TypeId`s, so comparisons are integer ones.
//
// Inference variables (`Var`) live in the same table; a function's checker binds them
// through its own union-find (see infer.hpp) and `resolve`s every type once the body is done.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace asr::sema {

struct TypeId {
  uint32_t index = 0;
  friend bool operator==(TypeId, TypeId) = default;
  friend auto operator<=>(TypeId, TypeId) = default;
};

// Param: a generic type parameter (`T` of `fn f<T>`, or `Self` inside a trait); its `id`
// indexes Program::params. Generic bodies are checked once, against the parameters' bounds.
// Closure: the type of one closure expression, or of one function's `impl Fn(..)` return
// type; its `id` indexes Program::closures.
// Assoc: an associated type of a trait, `<T as Trait<A..>>::Name`: `id` is the TraitId, `sub`
// the associated type's index in the trait, `elems` the self type then the trait's arguments.
// Program::normalize replaces it by the impl's (or a bound's) type once `T` is known.
// Dyn: a trait object (dyn_traits.cpp): `dyn Shape` (`id` the TraitId, `sub` 0) or
// `dyn Fn(A..) -> R` (`sub` 1 + the ClosureKind, `elems` R then the parameters).
// Slice: `[T]`, unsized, so it appears only behind a reference (`&[T]`, `&mut [T]`).
// Array: `[T; N]`, `elems` the element type then the length: a Const, or a const generic
// parameter (a Param) or an inference variable standing for one.
// Const: a `usize` value used as a generic argument (`id` the value): an array's length, or
// the argument of a `const N: usize` parameter (`IntoIter<T, 3>`).
enum class TyKind : uint8_t { Error, Never, Bool, Char, Int, Float, Str, Tuple, Ref, Adt, Var, Array, Param, Closure, Assoc, Dyn, FnPtr, Slice, Const };
enum class IntTy : uint8_t { I8, I16, I32, I64, I128, Isize, U8, U16, U32, U64, U128, Usize };
enum class FloatTy : uint8_t { F32, F64 };
// What an inference variable may become: anything, an integer type, a float type.
enum class VarKind : uint8_t { General, Integer, Float };

struct TypeData {
  TyKind kind;
  uint8_t sub = 0;        // IntTy / FloatTy / Ref: 1 if `&mut` / Var: VarKind
  uint32_t id = 0;        // Adt: struct index; Var: variable number; Param: its index; Const: the value
  std::vector<TypeId> elems;  // Tuple elements; Ref: [pointee]; Array: [element, length]; Adt: type arguments;
                              // FnPtr: parameter types, then the return type; Param: an `impl Trait`
                              // return type's generic arguments (those of its function)
  auto key() const { return std::tie(kind, sub, id, elems); }
};

const char* int_ty_name(IntTy);
// Decimal text of a 128-bit integer: digits only, with a leading `-` if negative (i128::MIN included).
std::string i128_text(__int128 v);
std::string u128_text(unsigned __int128 v);
bool int_signed(IntTy);
unsigned int_bits(IntTy);  // isize/usize: 64

class TypeTable {
 public:
  TypeTable();
  TypeId intern(TypeData data);
  const TypeData& get(TypeId id) const { return types_[id.index]; }
  TyKind kind(TypeId id) const { return types_[id.index].kind; }

  TypeId error() const { return error_; }
  TypeId never() const { return never_; }
  TypeId unit() const { return unit_; }
  TypeId bool_() const { return bool_ty_; }
  TypeId char_() const { return char_ty_; }
  TypeId str() const { return str_; }
  TypeId int_(IntTy t) const { return ints_[static_cast<int>(t)]; }
  TypeId float_(FloatTy t) const { return floats_[static_cast<int>(t)]; }
  TypeId ref(TypeId inner, bool is_mut);
  TypeId tuple(std::vector<TypeId> elems);
  TypeId adt(uint32_t struct_index, std::vector<TypeId> args = {});
  TypeId param(uint32_t param_index);
  // `-> impl Trait` of a function with generics: the opaque parameter applied to their arguments.
  TypeId opaque(uint32_t param_index, std::vector<TypeId> fn_generic_args) {
    return intern({TyKind::Param, 0, param_index, std::move(fn_generic_args)});
  }
  TypeId array(TypeId elem, uint32_t len) { return array_of(elem, const_(len)); }
  // `[T; N]` for a length that is a Const, a Param or a Var.
  TypeId array_of(TypeId elem, TypeId len) { return intern({TyKind::Array, 0, 0, {elem, len}}); }
  TypeId const_(uint32_t value) { return intern({TyKind::Const, 0, value}); }
  // An array's length if it is known (not a const generic parameter or an unbound variable).
  std::optional<uint32_t> array_len(TypeId array) const {
    const TypeData& n = get(get(array).elems[1]);
    if (n.kind == TyKind::Const) return n.id;
    return std::nullopt;
  }
  TypeId slice(TypeId elem) { return intern({TyKind::Slice, 0, 0, {elem}}); }
  TypeId closure(uint32_t closure_index) { return intern({TyKind::Closure, 0, closure_index}); }
  // `fn(i32, &str) -> bool`: a function pointer (what function names coerce to).
  TypeId fn_ptr(std::vector<TypeId> params, TypeId ret) {
    params.push_back(ret);
    return intern({TyKind::FnPtr, 0, 0, std::move(params)});
  }
  TypeId assoc(uint32_t trait, uint32_t index, std::vector<TypeId> self_and_args) {
    return intern({TyKind::Assoc, static_cast<uint8_t>(index), trait, std::move(self_and_args)});
  }
  TypeId dyn_trait(uint32_t trait) { return intern({TyKind::Dyn, 0, trait}); }
  TypeId dyn_fn(uint8_t closure_kind, std::vector<TypeId> ret_then_params) {
    return intern({TyKind::Dyn, static_cast<uint8_t>(1 + closure_kind), 0, std::move(ret_then_params)});
  }
  bool is_dyn_fn(TypeId t) const { return kind(t) == TyKind::Dyn && get(t).sub != 0; }
  TypeId fresh_var(VarKind kind);
  uint32_t var_count() const { return next_var_; }

  // `t` with generic parameters replaced: `map` pairs a parameter index with its type.
  using Subst = std::vector<std::pair<uint32_t, TypeId>>;
  TypeId subst(TypeId t, const Subst& map);
  std::vector<TypeId> subst_all(std::vector<TypeId> ts, const Subst& map) {
    for (TypeId& t : ts) t = subst(t, map);
    return ts;
  }
  bool has_params(TypeId t) const;

  bool is_unit(TypeId t) const { return t == unit_; }
  bool is_integer(TypeId t) const { return kind(t) == TyKind::Int; }
  bool is_float(TypeId t) const { return kind(t) == TyKind::Float; }
  bool is_numeric(TypeId t) const { return is_integer(t) || is_float(t); }
  IntTy int_ty(TypeId t) const { return static_cast<IntTy>(get(t).sub); }
  FloatTy float_ty(TypeId t) const { return static_cast<FloatTy>(get(t).sub); }
  TypeId pointee(TypeId ref) const { return get(ref).elems[0]; }
  bool ref_mut(TypeId ref) const { return get(ref).sub != 0; }
  // `&str`, `&[T]`, `&mut [T]`: references to unsized types, which C++ holds as (pointer,
  // length) values (`asr::Str`, `asr::Slice`) rather than as C++ references.
  // `t` with `isize`/`usize` spelled as the C++ type they are on LP64 (`i64`/`u64`): two impls
  // whose twins are equal would be one C++ specialisation.
  TypeId cpp_twin(TypeId t);
  bool is_view_ref(TypeId t) const {
    return kind(t) == TyKind::Ref && (kind(pointee(t)) == TyKind::Str || kind(pointee(t)) == TyKind::Slice);
  }
  // A reference that the generated C++ holds as a C++ reference or an `asr::Ref` (see
  // docs/generated-code.md), rather than a value of its own (`&str` is `asr::Str`, `&[T]` an
  // `asr::Slice`, `&dyn T` a fat pointer).
  bool is_borrow(TypeId t) const {
    return kind(t) == TyKind::Ref && !is_view_ref(t) && kind(pointee(t)) != TyKind::Dyn;
  }

 private:
  std::vector<TypeData> types_;
  std::map<std::tuple<TyKind, uint8_t, uint32_t, std::vector<TypeId>>, TypeId> index_;
  TypeId error_, never_, unit_, bool_ty_, char_ty_, str_;
  TypeId ints_[12];
  TypeId floats_[2];
  uint32_t next_var_ = 0;
};

}  // namespace asr::sema
