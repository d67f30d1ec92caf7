#pragma once
// The ASR abstract syntax tree: the product of compiler/syntax and the input of compiler/sema.
//
// It covers the whole Rust item/expression/type/pattern syntax, so that later stages add
// semantics without grammar rewrites; sema rejects what it does not support yet with an
// `Unsupported` diagnostic at the node's span. No ANTLR type appears here.
//
// Nodes are owned by their parent through `std::unique_ptr`. Every node has a `span`, and
// every expression a crate-unique `id` that later stages use to key their side tables
// (types, resolutions, effects) without mutating the tree.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/source.hpp"

namespace asr::ast {

template <typename T>
using P = std::unique_ptr<T>;

struct Expr;
struct Type;
struct Pat;
struct Item;
struct Block;
struct Stmt;
struct GenericArgs;

struct Ident {
  std::string name;
  Span span;
};

// `'a` — lifetimes are parsed and kept, not checked in v1.
struct Lifetime {
  std::string name;  // without the quote
  Span span;
};

// ---------------------------------------------------------------------------------------------
// Paths: `a::b::<T>::c`, `::x`, `self::y`, `Self`, `crate::z`, `<T as Trait>::Assoc`.

struct PathSegment {
  Ident name;                      // `self`, `super`, `crate`, `Self` appear as names too
  std::unique_ptr<GenericArgs> generics;  // null if none; `::<..>` or `<..>` in type position
};

struct Path {
  P<Type> qself;                       // `<T as Trait>::..`: T (null if none)
  size_t qself_trait_len = 0;          // number of leading segments forming `Trait` in qself
  std::vector<PathSegment> segments;
  Span span;
  bool global = false;                 // leading `::`
};

enum class GenericArgKind { Type, Lifetime, Const, Binding /* Item = T */, Constraint /* Item: Bound */ };

struct TypeBound;

struct GenericArg {
  GenericArgKind kind;
  P<Type> type;        // Type, Binding
  Lifetime lifetime;   // Lifetime
  P<Expr> value;       // Const (a literal, block or path)
  Ident name;          // Binding / Constraint
  std::vector<TypeBound> bounds;  // Constraint
  Span span;
};

struct GenericArgs {
  std::vector<GenericArg> args;
  // `Fn(A, B) -> C` sugar: inputs and output, when parenthesised.
  bool parenthesized = false;
  std::vector<P<Type>> inputs;
  P<Type> output;  // null if `-> T` absent
  Span span;
};

// ---------------------------------------------------------------------------------------------
// Types

enum class TypeKind {
  Path,      // i32, Vec<T>, std::time::Duration, Self, T::Assoc
  Ref,       // &'a mut T
  RawPtr,    // *const T / *mut T (rejected: not in ASR)
  Slice,     // [T]
  Array,     // [T; N]
  Tuple,     // (A, B) ; unit is a tuple with no elements
  Never,     // !
  Infer,     // _
  FnPtr,     // fn(A) -> B
  ImplTrait, // impl Trait + 'a
  DynTrait,  // dyn Trait (also bare trait objects in old syntax are not accepted)
  Paren,     // (T)
};

struct TypeBound {
  bool is_lifetime = false;
  Lifetime lifetime;
  bool maybe = false;       // ?Sized
  std::vector<Lifetime> for_lifetimes;  // for<'a>
  Path trait;
  Span span;
};

struct Type {
  TypeKind kind;
  Span span;
  Path path;                       // Path
  bool is_mut = false;             // Ref, RawPtr
  std::optional<Lifetime> lifetime;  // Ref
  P<Type> elem;                    // Ref, RawPtr, Slice, Array, Paren
  P<Expr> len;                     // Array
  std::vector<P<Type>> elems;      // Tuple; FnPtr inputs
  P<Type> ret;                     // FnPtr (null = unit)
  std::vector<TypeBound> bounds;   // ImplTrait, DynTrait
};

// ---------------------------------------------------------------------------------------------
// Patterns

enum class PatKind {
  Wild,         // _
  Rest,         // .. (inside tuple/slice patterns)
  Ident,        // ref mut x @ sub
  Literal,      // 1, -1, "s", 'c', true, b'x'
  Range,        // a..=b, a..b, a.., ..=b
  Path,         // None, Color::Red, CONST
  Tuple,        // (a, b)
  TupleStruct,  // Some(x), Point(a, b)
  Struct,       // Point { x, y: 0, .. }
  Ref,          // &p, &mut p
  Slice,        // [a, .., b]
  Or,           // a | b
  Paren,        // (p)
  Box,          // box p (unstable; rejected)
  MacroCall,    // rejected
};

struct FieldPat {
  Ident name;        // field name or tuple index ("0")
  P<Pat> pat;        // shorthand `x` / `ref mut x`: the syntax stage makes the binding pattern
  bool shorthand = false;
  bool is_ref = false, is_mut = false;  // shorthand binding mode
  Span span;
};

// (Members ordered by size where that avoids padding: patterns and expressions are the most
// numerous nodes, and their memory is a large part of the front end's time.)
struct Pat {
  PatKind kind;
  Span span;
  // Ident
  bool by_ref = false;
  bool is_mut = false;
  bool inclusive = false;         // Range: `..=` (or the obsolete `...`)
  bool has_rest = false;          // Struct `..`
  Ident name;                     // Ident
  P<Pat> sub;                     // Ident `@` sub; Ref, Paren, Box inner
  // Literal / Range endpoints
  P<Expr> lit;                    // Literal (may be a negated literal)
  P<Expr> lo, hi;                 // Range (either may be null)
  // Path / TupleStruct / Struct
  Path path;
  std::vector<P<Pat>> elems;      // Tuple, TupleStruct, Slice, Or
  std::vector<FieldPat> fields;   // Struct
};

// ---------------------------------------------------------------------------------------------
// Expressions

enum class LitKind { Int, Float, Str, ByteStr, RawStr, Char, Byte, Bool, CStr };

struct Literal {
  unsigned __int128 int_value = 0;  // Int: the digits' value, modulo 2^128
  std::string text;     // the token text as written (e.g. `0x1F_u8`, `"a\n"`, `r#"x"#`)
  // Decoded value, filled by the syntax stage:
  std::string value;    // Str/ByteStr/RawStr: decoded bytes (UTF-8); Int/Float: digits w/o `_` and suffix
  std::string suffix;   // `u8`, `f32`, ... (empty if none)
  LitKind kind;
  uint32_t char_value = 0;  // Char/Byte
  unsigned radix = 10;  // Int
  bool bool_value = false;
  bool int_overflow = false;        // Int: the value does not fit in u128 (the type checker reports it)
};

enum class UnOp { Neg, Not, Deref };
enum class BinOp {
  Add, Sub, Mul, Div, Rem,
  And, Or,                  // && ||
  BitAnd, BitOr, BitXor, Shl, Shr,
  Eq, Ne, Lt, Le, Gt, Ge,
};
const char* binop_str(BinOp);
const char* unop_str(UnOp);

enum class ExprKind {
  Lit, Path, Unary, AddrOf, Binary, Assign, CompoundAssign, Cast, TypeAscription,
  Call, MethodCall, Field, TupleField, Index, Range, Tuple, Array, ArrayRepeat, StructLit,
  Block, If, Match, While, Loop, For, Break, Continue, Return, Try, Closure, MacroCall,
  Let,      // `let PAT = EXPR` inside an `if`/`while` condition (incl. let chains)
  Async,    // `async {}` — rejected with a diagnostic
  Await,    // `e.await` — rejected with a diagnostic
  Unsafe,   // `unsafe {}` — rejected
  Paren,    // (e) — kept so that spans and `--emit=ast` mirror the source
  Underscore,  // `_` in destructuring assignment
  Yield, Become, InlineAsm, // rejected
};

struct FieldInit {
  Ident name;   // field name or tuple index
  P<Expr> value;  // null for shorthand `Point { x }`
  Span span;
};

struct MatchArm {
  P<Pat> pat;
  P<Expr> guard;  // null if none
  P<Expr> body;
  Span span;
};

struct ClosureParam {
  P<Pat> pat;
  P<Type> type;  // null if not annotated
  Span span;
};

// Arguments of a macro invocation. Built-in macros (println!, vec!, assert!, ...) take
// expression arguments; format macros may name them (`name = expr`). `vec![x; n]` uses
// `repeat`. Anything else keeps its raw token text for diagnostics.
struct MacroArg {
  std::optional<Ident> name;  // `name = value`
  P<Expr> value;
  Span span;
};

enum class MacroDelim { Paren, Bracket, Brace };

// A value that is rarely present, kept out of line (one pointer instead of the value) so that
// the nodes that have none stay small. Used like std::optional: `if (x)`, `x->name`, `*x`.
template <typename T>
class Rare {
 public:
  Rare() = default;
  Rare(std::nullopt_t) {}
  Rare(T v) : p_(std::make_unique<T>(std::move(v))) {}
  Rare(std::optional<T> v) {
    if (v) p_ = std::make_unique<T>(std::move(*v));
  }
  Rare(const Rare& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Rare(Rare&&) noexcept = default;
  Rare& operator=(Rare o) noexcept {
    p_ = std::move(o.p_);
    return *this;
  }
  explicit operator bool() const { return p_ != nullptr; }
  bool has_value() const { return p_ != nullptr; }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  void reset() { p_.reset(); }

 private:
  std::unique_ptr<T> p_;
};

// (Members ordered by size, not by topic, where that avoids padding: this is the most
// numerous node, ~180,000 of them on a 50,000-line program.)
struct Expr {
  ExprKind kind;
  uint32_t id = 0;  // unique within the crate; assigned by the syntax stage
  Span span;
  UnOp unop = UnOp::Neg;            // Unary
  BinOp binop = BinOp::Add;         // Binary, CompoundAssign
  MacroDelim delim = MacroDelim::Paren;  // MacroCall
  bool is_mut = false;              // AddrOf (&mut), Closure(move: see is_move)
  bool is_raw = false;              // AddrOf `&raw` (rejected)
  bool inclusive = false;           // Range `..=`
  bool is_move = false;             // Closure
  bool macro_args_parsed = true;    // MacroCall: false if raw_tokens holds the arguments

  // The child expressions first, together (the walks over every expression read them, on
  // 3-4 cache lines of this ~540-byte node), then the rest.
  P<Expr> operand;                  // Unary, AddrOf, Cast, Field, TupleField, MethodCall (receiver),
                                    // Call (callee), Try, Await, Paren, Break/Return value,
                                    // Let (scrutinee), TypeAscription
  P<Expr> lhs, rhs;                 // Binary, Assign, CompoundAssign, Index(lhs[rhs]),
                                    // Range(lhs..rhs, either null), ArrayRepeat([lhs; rhs])
  P<Expr> cond;                     // If, While condition (may be a Let or `&&` chain with Lets)
  P<Expr> iter;                     // For iterable; Match scrutinee
  P<Expr> base;                     // StructLit `..base`
  P<Block> block;                   // Block, Loop, While, For bodies, Async, Unsafe, Closure body
                                    // when braced; If then-branch
  P<Expr> else_branch;              // If: another If or a Block expression (null if none)
  P<Expr> repeat_count;             // MacroCall vec![x; n]: margs[0] is x
  P<Expr> body;                     // Closure body
  std::vector<P<Expr>> args;        // Call/MethodCall arguments, Tuple, Array elements
  std::vector<FieldInit> fields;    // StructLit
  std::vector<MacroArg> margs;      // MacroCall
  std::vector<MatchArm> arms;       // Match
  std::vector<ClosureParam> params; // Closure
  P<Pat> pat;                       // For, Let
  P<Type> type;                     // Cast target, TypeAscription
  std::unique_ptr<GenericArgs> generics;  // MethodCall turbofish `x.f::<T>()`
  P<Type> ret_type;                 // Closure `|x| -> T { .. }`
  Rare<Lifetime> label;             // Block/Loop/While/For label; Break/Continue target
  Path path;                        // Path, StructLit, MacroCall (macro name)
  Ident name;                       // Field, MethodCall method, TupleField index text; Index: only
                                    // its span, the `[i]` (where rustc reports a Vec index panic)
  std::string raw_tokens;           // MacroCall tokens that were not parsed as expressions
  Literal lit;                      // Lit
};

// ---------------------------------------------------------------------------------------------
// Statements and blocks

enum class StmtKind { Let, Item, Expr, Semi, Empty, MacroCall };

struct Stmt {
  StmtKind kind;
  Span span;
  // Let
  P<Pat> pat;
  P<Type> type;        // null if not annotated
  P<Expr> init;        // null if none
  P<Block> else_block; // let-else (null if none)
  // Item
  P<Item> item;
  // Expr (no trailing `;`, block-like) / Semi (`expr;`) / MacroCall statement
  P<Expr> expr;
};

struct Block {
  std::vector<P<Stmt>> stmts;
  // The tail expression (the block's value), or null. A block-like expression statement
  // without `;` in the last position is moved here by the syntax stage.
  P<Expr> tail;
  Span span;
};

// ---------------------------------------------------------------------------------------------
// Items

struct Attr {
  Path path;                    // `derive`, `test`, `asr::cpp`, ...
  std::string args;             // raw tokens inside the delimiters, e.g. `Debug, Clone`
  std::vector<Ident> arg_idents;  // comma-separated identifiers/paths of `args` when simple
  std::optional<std::string> str_value;  // `#[attr = "x"]` or `#[attr("x")]` string literal
  bool inner = false;           // #![...]
  Span span;
};

enum class VisKind { Private, Pub, PubCrate, PubSuper, PubSelf, PubIn };
struct Visibility {
  VisKind kind = VisKind::Private;
  Path in_path;
  Span span;
};

enum class GenericParamKind { Lifetime, Type, Const };
struct GenericParam {
  GenericParamKind kind;
  Ident name;
  std::vector<TypeBound> bounds;       // Type: T: A + B; Lifetime: 'a: 'b
  P<Type> default_type;                // Type default / Const type
  P<Expr> default_value;               // Const default
  Span span;
};

struct WherePredicate {
  std::vector<Lifetime> for_lifetimes;
  P<Type> bounded;                     // null for lifetime predicates
  Lifetime lifetime;                   // 'a: 'b
  std::vector<TypeBound> bounds;
  Span span;
};

struct Generics {
  std::vector<GenericParam> params;
  std::vector<WherePredicate> where;
  Span span;
};

enum class SelfKind { None, Value, Ref, RefMut, Typed /* self: Box<Self> */ };

struct Param {
  P<Pat> pat;
  P<Type> type;
  Span span;
};

struct FnDecl {
  SelfKind self_kind = SelfKind::None;
  bool self_mut = false;           // `mut self`
  std::optional<Lifetime> self_lifetime;
  P<Type> self_type;               // SelfKind::Typed
  Span self_span;
  std::vector<Param> params;       // excluding self
  P<Type> ret;                     // null = unit
  bool variadic = false;           // `...` (rejected)
};

enum class ItemKind {
  Fn, Struct, Enum, Union, Impl, Trait, Const, Static, TypeAlias, Use, Mod,
  MacroRules, MacroCall, ExternCrate, ExternBlock, TraitAlias,
};

enum class StructKind { Named, Tuple, Unit };

struct FieldDef {
  std::vector<Attr> attrs;
  Visibility vis;
  Ident name;      // empty for tuple fields
  P<Type> type;
  Span span;
};

struct Variant {
  std::vector<Attr> attrs;
  Ident name;
  StructKind kind = StructKind::Unit;
  std::vector<FieldDef> fields;
  P<Expr> discriminant;  // `= 3`
  Span span;
};

// `use a::b::{c, d as e, f::*, self};`
struct UseTree {
  Path prefix;             // may be empty
  enum class Kind { Simple, Glob, Group } kind = Kind::Simple;
  std::optional<Ident> rename;   // `as e` (`as _` gives name "_")
  std::vector<UseTree> children; // Group
  Span span;
};

struct Item {
  ItemKind kind;
  Span span;
  std::vector<Attr> attrs;
  Visibility vis;
  Ident name;                   // not for Impl / Use / MacroCall / ExternBlock
  Generics generics;

  // Fn (also trait/impl methods)
  bool is_const = false, is_async = false, is_unsafe = false, is_extern = false;
  Span async_span;              // where `async` was written (for the diagnostic)
  FnDecl fn;
  P<Block> body;                // null for a declaration `fn f();`
  bool body_has_items = false;  // some block of `body` declares an item (`fn main() { struct P; }`)

  // Struct / Union / Enum
  StructKind struct_kind = StructKind::Unit;
  std::vector<FieldDef> fields;
  std::vector<Variant> variants;

  // Impl / Trait
  bool negative = false;        // impl !Trait for T
  std::optional<Path> trait_path;  // impl Trait for T
  P<Type> self_type;            // impl .. for T / impl T
  std::vector<TypeBound> supertraits;  // trait T: A + B
  std::vector<P<Item>> items;   // impl/trait members, inline mod contents
  bool is_auto = false;         // auto trait

  // Const / Static / TypeAlias (type = alias target or item type)
  P<Type> type;
  P<Expr> value;                // null for `const X: T;` in traits
  bool is_mut_static = false;
  std::vector<TypeBound> bounds;  // associated type bounds `type Item: Clone;`

  // Use
  UseTree use_tree;

  // Mod
  bool mod_inline = false;      // `mod m { .. }` vs `mod m;`

  // MacroRules / MacroCall (item position)
  P<Expr> macro;                // item-position macro invocation
  std::string raw_tokens;       // macro_rules body
};

struct Crate {
  std::vector<Attr> attrs;      // inner attributes `#![...]`
  std::vector<P<Item>> items;
  FileId file;
  uint32_t expr_count = 0;      // ids 1..expr_count are in use
};

}  // namespace asr::ast
