// Formatting macros (`println!`, `format!`, `panic!`, ...): the format string is parsed and
// checked against its arguments, then normalised for the runtime (see format.hpp).

#include <fmt/format.h>

#include <algorithm>

#include "sema/fn_checker.hpp"

namespace asr::sema {

// ------------------------------------------------------------------ macros
TypeId FnChecker::check_macro(const Expr& e, TypeId expected) {
  const std::string name = e.path.segments.empty() ? "" : e.path.segments.back().name.name;
  MacroKind kind;
  if (e.path.segments.size() != 1) { cx_.unsupported(e.span, "paths to macros"); return T.error(); }
  if (name == "println") kind = MacroKind::Println;
  else if (name == "print") kind = MacroKind::Print;
  else if (name == "eprintln") kind = MacroKind::Eprintln;
  else if (name == "eprint") kind = MacroKind::Eprint;
  else if (name == "panic") kind = MacroKind::Panic;
  else if (name == "format" && p_.string_adt != kNone) kind = MacroKind::Format;
  else if (name == "assert" || name == "debug_assert") return check_assert(e, MacroKind::Assert);
  else if (name == "assert_eq" || name == "debug_assert_eq") return check_assert(e, MacroKind::AssertEq);
  else if (name == "assert_ne" || name == "debug_assert_ne") return check_assert(e, MacroKind::AssertNe);
  else if (name == "unreachable" || name == "todo" || name == "unimplemented") {
    // panic!() with rustc's prefix: `internal error: entered unreachable code: ..`.
    const char* prefix = name == "unreachable" ? "internal error: entered unreachable code"
                         : name == "todo"      ? "not yet implemented"
                                               : "not implemented";
    return check_panic_like(e, prefix);
  } else if (name == "matches") {
    // (a well-formed `matches!` was desugared into a `match` by the syntax stage)
    cx_.diags.report(DiagKind::FormatArgCount, e.span, "`matches!` takes a value and a pattern: `matches!(value, pattern)`");
    return T.bool_();
  } else if (name == "write" || name == "writeln") {
    return check_write(e, name == "writeln");
  } else if (name == "vec") {
    return check_vec_macro(e, expected);
  } else {
    static const char* known[] = {"format",
                                  "dbg", "concat", "stringify",
                                  "include_str", "env", "line", "file", "column", "format_args"};
    for (const char* k : known) {
      if (name == k) {
        cx_.unsupported(e.span, fmt::format("the macro `{}!`", name));
        return name == "unreachable" || name == "todo" || name == "unimplemented" ? T.never() : T.error();
      }
    }
    cx_.diags.report(DiagKind::UnknownMacro, e.path.span, name);
    return T.error();
  }
  if (!e.macro_args_parsed) {
    cx_.diags.report(DiagKind::FormatNotString, e.span);
    return T.error();
  }
  uint32_t index = begin_macro();
  MacroInfo mi;
  mi.kind = kind;
  // format!(..) is a String.
  TypeId result = kind == MacroKind::Panic ? T.never() : kind == MacroKind::Format ? T.adt(p_.string_adt) : T.unit();
  if (e.margs.empty()) {
    if (kind == MacroKind::Println || kind == MacroKind::Eprintln) mi.format = "";
    else if (kind == MacroKind::Panic) mi.format = "explicit panic";
    else {
      cx_.diags.report(DiagKind::FormatArgCount, e.span, "requires at least a format string argument");
      return T.error();
    }
  } else if (!check_format(e, mi)) {
    return result;
  }
  p_.macros[index] = std::move(mi);
  p_.exprs[e.id].macro = index;
  (void)expected;
  return result;
}

// write!(f, fmt, args..) / writeln!(..) into a `&mut fmt::Formatter`: formats like format!
// and gives a `fmt::Result` (always `Ok(())`: asrc's sinks do not fail).
TypeId FnChecker::check_write(const Expr& e, bool newline) {
  TypeId unit_err = p_.fmt_error_adt == kNone ? T.error() : T.adt(p_.fmt_error_adt);
  TypeId result = p_.result_adt == kNone ? T.error() : T.adt(p_.result_adt, {T.unit(), unit_err});
  if (!e.macro_args_parsed || e.margs.empty() || !e.margs[0].value) {
    cx_.diags.report(DiagKind::FormatArgCount, e.span, fmt::format("the macro `{}!` needs a destination and a format string",
                                                                   newline ? "writeln" : "write"));
    return result;
  }
  const Expr& dest = *e.margs[0].value;
  TypeId dt = resolve(check_expr(dest, kNoExpectId()));
  bool formatter = T.kind(dt) == TyKind::Ref && T.ref_mut(dt) && T.kind(T.pointee(dt)) == TyKind::Adt &&
                   T.get(T.pointee(dt)).id == p_.formatter_adt;
  // `write!(s, ..)` / `write!(&mut s, ..)` into a `String`: `fmt::Write::write_fmt` on it.
  auto is_string = [&](TypeId t) { return T.kind(t) == TyKind::Adt && T.get(t).id == p_.string_adt && p_.string_adt != kNone; };
  bool string = is_string(dt) || (T.kind(dt) == TyKind::Ref && is_string(T.pointee(dt)));
  if (string) {
    if (!fmt_write_in_scope()) {
      cx_.diags.report(DiagKind::SyntaxError, dest.span, "cannot write into `String`")
          .notes.push_back({Span{}, "the trait `std::fmt::Write`, which provides `write_fmt`, is not in scope: `use std::fmt::Write;`"});
    } else if (is_string(dt)) {
      require_mutable_place(dest, true);
    } else if (!T.ref_mut(dt)) {
      cx_.diags.report(DiagKind::SyntaxError, dest.span,
                       fmt::format("cannot borrow `*{}` as mutable, as it is behind a `&` reference", expr_text(dest)));
    }
    formatter = true;
  }
  if (!formatter) {
    if (std::optional<TypeId> r = check_write_io(e, dest, dt, newline)) return *r;
    if (T.kind(dt) != TyKind::Error) {
      cx_.unsupported(dest.span, fmt::format("`{}!` into `{}` (only into a `&mut fmt::Formatter`)", newline ? "writeln" : "write",
                                             p_.type_name(dt)));
    }
    for (size_t i = 1; i < e.margs.size(); ++i) if (e.margs[i].value) check_expr(*e.margs[i].value, kNoExpectId());
    return result;
  }
  write_format(e, dest, newline);
  return result;
}

// The format string and arguments of `write!(dest, ..)` (`writeln!`: with a newline), checked
// and recorded as the expression's macro.
void FnChecker::write_format(const Expr& e, const Expr& dest, bool newline) {
  uint32_t index = begin_macro();
  MacroInfo mi;
  mi.kind = MacroKind::Write;
  mi.left = &dest;
  if (e.margs.size() == 1) {
    if (!newline) {
      cx_.diags.report(DiagKind::FormatArgCount, e.span, "requires at least a format string argument");
      return;
    }
  } else if (!check_format(e, mi, 1)) {
    return;
  }
  if (newline) mi.format += "\n";
  p_.macros[index] = std::move(mi);
  p_.exprs[e.id].macro = index;
}

// `write!(w, ..)` where `w` (or `*w`) implements `std::io::Write`: a call of its `write_fmt`
// with the formatted text, returning `io::Result<()>`. nullopt: not an `io::Write`.
std::optional<TypeId> FnChecker::check_write_io(const Expr& e, const Expr& dest, TypeId dt, bool newline) {
  ModuleId io = cx_.module_by_path("std::io");
  const Decl* d = io == kNone ? nullptr : cx_.lookup(io, "Write", Context::Ns::Type);
  if (!d || d->kind != Decl::Kind::Trait) return std::nullopt;
  TraitId io_write = d->id;
  bool via_ref = T.kind(dt) == TyKind::Ref;
  TypeId w = via_ref ? resolve(T.pointee(dt)) : dt;
  if (via_ref && !T.ref_mut(dt) && p_.implements(dt, io_write)) {
    // `writeln!(w, ..)` with `w: &TcpStream`: the impl for the reference (`&mut w`), as the
    // method call `w.write_fmt(..)` finds it (check_method_on).
    w = dt;
    via_ref = false;
  }
  FnId write_fmt = p_.trait_method(io_write, "write_fmt");
  if (write_fmt == kNone || !p_.implements(w, io_write)) return std::nullopt;
  const FnDef& f = p_.fns[write_fmt];
  TypeTable::Subst s{{f.generics[0], w}};
  TypeId result = T.subst(f.ret, s);
  if (!trait_in_scope(io_write)) {
    cx_.diags.report(DiagKind::SyntaxError, dest.span, fmt::format("cannot write into `{}`", p_.type_name(dt)))
        .notes.push_back({Span{}, "the trait `std::io::Write`, which provides `write_fmt`, is not in scope: `use std::io::Write;`"});
  } else if (!via_ref) {
    require_mutable_place(dest, true);
  } else if (!T.ref_mut(dt)) {
    cx_.diags.report(DiagKind::SyntaxError, dest.span,
                     fmt::format("cannot borrow `*{}` as mutable, as it is behind a `&` reference", expr_text(dest)));
  }
  write_format(e, dest, newline);
  ExprInfo& inf = p_.exprs[e.id];
  inf.callee = write_fmt;  // (a call: effects see whether the writer's `write` suspends)
  inf.type_args = {w};
  return result;
}

// Whether std's `fmt::Write` trait is named in the scope being checked (`use std::fmt::Write;`,
// `use std::fmt::{self, Write}`, a glob of std::fmt): `write!` into a `String` needs it.
bool FnChecker::fmt_write_in_scope() const {
  ModuleId fmt_mod = cx_.module_by_path("std::fmt");
  const Decl* w = fmt_mod == kNone ? nullptr : cx_.lookup(fmt_mod, "Write", Context::Ns::Type);
  if (!w) return false;
  for (ModuleId m = scope(); m != kNone; m = p_.modules[m].transparent ? p_.modules[m].parent : kNone) {
    for (const auto& [name, d] : cx_.scopes[m].types) {
      if (d.kind == Decl::Kind::Trait && d.id == w->id) return true;
    }
  }
  return false;
}

// Reserves the Program::macros slot of the macro being checked (filled when it is valid).
uint32_t FnChecker::begin_macro() {
  cur_macro_ = static_cast<uint32_t>(p_.macros.size());
  p_.macros.emplace_back();
  return cur_macro_;
}

// unreachable!/todo!/unimplemented!: a panic whose message starts with `prefix`.
TypeId FnChecker::check_panic_like(const Expr& e, const char* prefix) {
  if (!e.macro_args_parsed) {
    cx_.diags.report(DiagKind::FormatNotString, e.span);
    return T.never();
  }
  uint32_t index = begin_macro();
  MacroInfo mi;
  mi.kind = MacroKind::Panic;
  if (e.margs.empty()) {
    mi.format = prefix;
  } else if (check_format(e, mi, 0)) {
    mi.format = std::string(prefix) + ": " + mi.format;
  } else {
    return T.never();
  }
  p_.macros[index] = std::move(mi);
  p_.exprs[e.id].macro = index;
  return T.never();
}

// assert!(cond[, fmt, args..]), assert_eq!(l, r[, fmt, args..]), assert_ne!(..).
TypeId FnChecker::check_assert(const Expr& e, MacroKind kind) {
  size_t operands = kind == MacroKind::Assert ? 1 : 2;
  if (!e.macro_args_parsed || e.margs.size() < operands) {
    cx_.diags.report(DiagKind::FormatArgCount, e.span,
                     kind == MacroKind::Assert ? "the macro `assert!` takes 1 or more arguments"
                                               : "the macro takes 2 or more arguments");
    for (const auto& a : e.margs) if (a.value) check_expr(*a.value, kNoExpectId());
    return T.unit();
  }
  uint32_t index = begin_macro();
  MacroInfo mi;
  mi.kind = kind;
  if (kind == MacroKind::Assert) {
    mi.cond = e.margs[0].value.get();
    TypeId c = check_expr(*mi.cond, T.bool_());
    coerce(c, T.bool_(), mi.cond->span);
  } else {
    mi.left = e.margs[0].value.get();
    mi.right = e.margs[1].value.get();
    TypeId l = check_expr(*mi.left, kNoExpectId());
    TypeId r = check_expr(*mi.right, l);
    if (!string_sides(resolve(l), resolve(r)) && !unify(l, r) && !slice_comparable(l, r)) {
      cx_.diags.report(DiagKind::BinaryOpTypes, e.span, kind == MacroKind::AssertEq ? "==" : "!=",
                       p_.type_name(resolve(l)), p_.type_name(resolve(r)));
    } else {
      assert_operands_.push_back({l, e.span, kind == MacroKind::AssertEq ? "==" : "!="});
    }
  }
  if (e.margs.size() > operands) {
    if (!check_format(e, mi, operands)) return T.unit();
  } else if (kind == MacroKind::Assert) {
    // rustc's message quotes the condition's source.
    std::string_view text = cx_.diags.sources().text(mi.cond->span.file).substr(
        mi.cond->span.begin, mi.cond->span.end - mi.cond->span.begin);
    std::string msg = "assertion failed: ";
    bool space = false;
    for (char c : text) {
      if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
        space = true;
        continue;
      }
      if (space && msg.back() != ' ') msg += ' ';
      space = false;
      if (c == '{' || c == '}') msg += c;  // a format string: braces are doubled
      msg += c;
    }
    mi.format = msg;
  }
  p_.macros[index] = std::move(mi);
  p_.exprs[e.id].macro = index;
  return T.unit();
}

// A width or precision argument (`{:>w$}`, `{:.*}`) is a `usize`: inference makes it one.
void FnChecker::note_count_arg(MacroInfo& mi, uint32_t mi_index, size_t index, size_t offset, Span span) {
  if (index < mi.args.size()) unify(mi.args[index].type, T.int_(IntTy::Usize));
  count_args_.push_back({mi_index, index, offset, span});
}

// Validates the format string and arguments, filling `mi.format` / `mi.args`.
bool FnChecker::check_format(const Expr& e, MacroInfo& mi, size_t start) {
  const uint32_t mi_index = cur_macro_;
  const ast::MacroArg& first = e.margs[start];
  if (first.name || !first.value || first.value->kind != ExprKind::Lit ||
      (first.value->lit.kind != ast::LitKind::Str && first.value->lit.kind != ast::LitKind::RawStr)) {
    cx_.diags.report(DiagKind::FormatNotString, first.span);
    for (size_t i = start; i < e.margs.size(); ++i) if (e.margs[i].value) check_expr(*e.margs[i].value, kNoExpectId());
    return false;
  }
  const Expr& lit = *first.value;
  // Offsets inside the literal map to source positions only for plain strings without
  // escapes; otherwise errors point at the whole literal.
  auto at = [&](size_t off) -> Span {
    if (lit.lit.kind == ast::LitKind::Str && lit.lit.text.size() == lit.lit.value.size() + 2) {
      uint32_t b = lit.span.begin + 1 + static_cast<uint32_t>(off);
      return Span{lit.span.file, b, b + 1};
    }
    return lit.span;
  };
  std::vector<FormatPiece> pieces;
  if (auto err = parse_format(lit.lit.value, pieces)) {
    cx_.diags.report(DiagKind::FormatString, at(err->offset), err->message);
    return false;
  }
  // Explicit arguments: positional first, then named.
  std::vector<const ast::MacroArg*> positional;
  std::vector<const ast::MacroArg*> named;
  for (size_t i = start + 1; i < e.margs.size(); ++i) {
    const auto& a = e.margs[i];
    if (a.name) {
      for (const auto* n : named) {
        if (n->name->name == a.name->name) cx_.diags.report(DiagKind::FormatArgCount, a.span, fmt::format("duplicate argument named `{}`", a.name->name));
      }
      named.push_back(&a);
    } else {
      if (!named.empty()) cx_.diags.report(DiagKind::FormatArgCount, a.span, "positional arguments cannot follow named arguments");
      positional.push_back(&a);
    }
  }
  size_t explicit_count = positional.size() + named.size();
  std::vector<TypeId> arg_types;
  for (const auto* a : positional) { mi.args.push_back({a->value.get(), kNone, {}}); }
  for (const auto* a : named) { mi.args.push_back({a->value.get(), kNone, {}}); }
  for (auto& fa : mi.args) fa.type = check_expr(*fa.expr, kNoExpectId());
  std::vector<bool> used(explicit_count, false);
  std::vector<std::pair<size_t, FormatTrait>> needs;  // (arg index, trait)
  size_t next = 0;
  bool ok = true;
  auto resolve_ref = [&](FormatRef& r, bool is_count) -> long {
    switch (r.kind) {
      case FormatRef::Kind::Next: {
        size_t i = next++;
        if (i >= explicit_count) return -1;
        return static_cast<long>(i);
      }
      case FormatRef::Kind::Index:
        if (r.index >= explicit_count) {
          cx_.diags.report(DiagKind::FormatArgCount, at(r.offset),
                           fmt::format("invalid reference to positional argument {} ({})", r.index,
                                       explicit_count == 0 ? std::string("no arguments were given")
                                                           : fmt::format("there {} {} argument{}", explicit_count == 1 ? "is" : "are",
                                                                         explicit_count, explicit_count == 1 ? "" : "s")));
          ok = false;
          return -2;
        }
        return static_cast<long>(r.index);
      case FormatRef::Kind::Name: {
        for (size_t k = 0; k < named.size(); ++k) {
          if (named[k]->name->name == r.name) {
            r.kind = FormatRef::Kind::Index;
            r.index = positional.size() + k;
            return static_cast<long>(r.index);
          }
        }
        // Implicit capture of a local variable.
        LocalId l = find_local(r.name);
        if (l == kNone) {
          cx_.diags.report(DiagKind::UnresolvedName, at(r.offset), "value", r.name);
          ok = false;
          return -2;
        }
        size_t idx = mi.args.size();
        for (size_t k = explicit_count; k < mi.args.size(); ++k) if (mi.args[k].captured == l) idx = k;
        if (idx == mi.args.size()) mi.args.push_back({nullptr, l, p_.fns[fn_].locals[l].type});
        r.kind = FormatRef::Kind::Index;
        r.index = idx;
        (void)is_count;
        return static_cast<long>(idx);
      }
    }
    return -2;
  };
  size_t placeholders_next = 0;
  for (auto& pc : pieces) {
    if (pc.is_text) continue;
    auto& ph = pc.placeholder;
    // Rust resolves width/precision `.*` before the value itself.
    if (ph.width_arg) {
      long i = resolve_ref(*ph.width_arg, true);
      if (i >= 0) { if (static_cast<size_t>(i) < explicit_count) used[i] = true; note_count_arg(mi, mi_index, static_cast<size_t>(i), ph.width_arg->offset, lit.span); }
    }
    if (ph.precision_arg) {
      bool star = ph.precision_arg->kind == FormatRef::Kind::Next;
      long i = resolve_ref(*ph.precision_arg, true);
      if (star && i == -1) { ok = false; }
      if (i >= 0) { if (static_cast<size_t>(i) < explicit_count) used[i] = true; note_count_arg(mi, mi_index, static_cast<size_t>(i), ph.precision_arg->offset, lit.span); }
    }
    bool was_next = ph.arg.kind == FormatRef::Kind::Next;
    long i = resolve_ref(ph.arg, false);
    if (was_next) ++placeholders_next;
    if (i == -1) ok = false;
    if (i >= 0) {
      if (static_cast<size_t>(i) < explicit_count) used[i] = true;
      needs.push_back({static_cast<size_t>(i), ph.trait});
    }
  }
  if (next > explicit_count) {
    size_t n = next;
    cx_.diags.report(DiagKind::FormatArgCount, lit.span,
                     fmt::format("{} positional argument{} in format string, but {}", n, n == 1 ? "" : "s",
                                 explicit_count == 0 ? std::string("no arguments were given")
                                                     : fmt::format("there {} {} argument{}", explicit_count == 1 ? "is" : "are",
                                                                   explicit_count, explicit_count == 1 ? "" : "s")));
    ok = false;
  }
  for (size_t k = 0; k < explicit_count; ++k) {
    if (!used[k]) {
      const ast::MacroArg* a = k < positional.size() ? positional[k] : named[k - positional.size()];
      cx_.diags.report(DiagKind::FormatArgCount, a->span,
                       a->name ? fmt::format("named argument `{}` is never used", a->name->name)
                               : std::string("argument never used"));
      ok = false;
    }
  }
  if (!ok) return false;
  // `{x} {y}` resolved to `{0} {1}`: when every reference is simply the next argument, print
  // them as `{}` again so the generated format string reads like the source.
  bool sequential = true;
  size_t expect_index = 0;
  for (const auto& pc : pieces) {
    if (pc.is_text) continue;
    const auto& ph = pc.placeholder;
    if (ph.width_arg || ph.precision_arg || ph.arg.index != expect_index++) sequential = false;
  }
  if (sequential) {
    for (auto& pc : pieces) if (!pc.is_text) pc.placeholder.arg.kind = FormatRef::Kind::Next;
  }
  mi.format = print_format(pieces);
  format_needs_.push_back({mi_index, needs, e.span});
  return true;
}

void FnChecker::check_format_traits(const FormatNeedsRec& fn) {
  for (auto& [idx, trait] : fn.needs) {
    const FormatArg& a = p_.macros[fn.mi].args[idx];
    TypeId t = resolve(a.expr ? p_.exprs[a.expr->id].type : p_.fns[fn_].locals[a.captured].type);
    Span span = a.expr ? a.expr->span : fn.span;
    if (T.kind(t) == TyKind::FnPtr && trait != FormatTrait::Display) {
      cx_.unsupported(span, "printing function pointers (Rust prints their address)");
    } else if (!implements(t, trait)) {
      cx_.diags.report(DiagKind::FormatTrait, span, p_.type_name(t),
                       trait == FormatTrait::Debug ? "Debug" : format_trait_name(trait));
    }
  }
}

bool FnChecker::implements(TypeId t, FormatTrait trait) const {
  const TypeData& d = T.get(t);
  if (d.kind == TyKind::Error) return true;
  if (d.kind == TyKind::Ref) return implements(d.elems[0], trait);
  switch (trait) {
    case FormatTrait::Display:
      return d.kind == TyKind::Int || d.kind == TyKind::Float || d.kind == TyKind::Bool ||
             d.kind == TyKind::Char || d.kind == TyKind::Str ||
             (d.kind == TyKind::Adt && p_.implements(t, Trait::Display)) || (d.kind == TyKind::Dyn && p_.dyn_implements(t, Trait::Display)) ||
             ((d.kind == TyKind::Param || d.kind == TyKind::Assoc) && p_.implements(t, Trait::Display));
    case FormatTrait::Debug:
      return d.kind == TyKind::Int || d.kind == TyKind::Float || d.kind == TyKind::Bool ||
             d.kind == TyKind::Char || d.kind == TyKind::Str ||
             (d.kind == TyKind::Tuple && std::all_of(d.elems.begin(), d.elems.end(),
                                                     [&](TypeId x) { return implements(x, trait); })) ||
             ((d.kind == TyKind::Array || d.kind == TyKind::Slice) && implements(d.elems[0], trait)) ||
             (d.kind == TyKind::Adt && p_.implements(t, Trait::Debug)) || (d.kind == TyKind::Dyn && p_.dyn_implements(t, Trait::Debug)) ||
             ((d.kind == TyKind::Param || d.kind == TyKind::Assoc) && p_.implements(t, Trait::Debug));
    case FormatTrait::LowerHex:
    case FormatTrait::UpperHex:
    case FormatTrait::Octal:
    case FormatTrait::Binary:
      return d.kind == TyKind::Int;
    case FormatTrait::LowerExp:
    case FormatTrait::UpperExp:
      return d.kind == TyKind::Int || d.kind == TyKind::Float;
    case FormatTrait::Pointer:
      return false;
  }
  return false;
}

}  // namespace asr::sema
