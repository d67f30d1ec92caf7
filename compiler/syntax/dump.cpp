// `--emit=ast`: one node per line, indented by depth: `Kind key=value @line:col`.

#include <fmt/format.h>

#include "syntax/syntax.hpp"

namespace asr::syntax {

using namespace ast;

namespace {

std::string escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out;
}

class Dumper {
 public:
  explicit Dumper(const SourceManager& sm) : sm_(sm) {}
  std::string out;

  void crate(const Crate& c) {
    line(0, "Crate", {});
    for (auto& a : c.attrs) attr(1, a);
    for (auto& i : c.items) item(1, *i);
  }

 private:
  const SourceManager& sm_;

  std::string at(Span s) {
    if (!s.valid()) return "";
    LineCol lc = sm_.line_col(s);
    return fmt::format(" @{}:{}", lc.line, lc.col);
  }
  void line(int d, std::string_view head, Span s) {
    out.append(size_t(d) * 2, ' ');
    out += head;
    out += at(s);
    out += '\n';
  }

  static std::string path_str(const Path& p) {
    std::string s;
    if (p.qself) s += "<" + type_str(*p.qself) + (p.qself_trait_len ? " as " : "");
    for (size_t i = 0; i < p.segments.size(); ++i) {
      if (p.qself && i == p.qself_trait_len) s += ">";
      if (i > 0 && !(p.qself && i == p.qself_trait_len && p.qself_trait_len == 0)) s += "::";
      else if (i == 0 && p.global) s += "::";
      if (p.qself && i == p.qself_trait_len && p.qself_trait_len == 0) s += "::";
      s += p.segments[i].name.name;
      if (p.segments[i].generics) s += generics_str(*p.segments[i].generics);
    }
    if (p.qself && p.qself_trait_len == p.segments.size()) s += ">";
    return s;
  }
  static std::string bound_str(const TypeBound& b) {
    if (b.is_lifetime) return "'" + b.lifetime.name;
    std::string s;
    if (!b.for_lifetimes.empty()) {
      s += "for<";
      for (size_t i = 0; i < b.for_lifetimes.size(); ++i) s += (i ? ", '" : "'") + b.for_lifetimes[i].name;
      s += "> ";
    }
    if (b.maybe) s += "?";
    return s + path_str(b.trait);
  }
  static std::string bounds_str(const std::vector<TypeBound>& bs) {
    std::string s;
    for (size_t i = 0; i < bs.size(); ++i) s += (i ? " + " : "") + bound_str(bs[i]);
    return s;
  }
  static std::string generics_str(const GenericArgs& g) {
    std::string s;
    if (g.parenthesized) {
      s += "(";
      for (size_t i = 0; i < g.inputs.size(); ++i) s += (i ? ", " : "") + type_str(*g.inputs[i]);
      s += ")";
      if (g.output) s += " -> " + type_str(*g.output);
      return s;
    }
    s += "<";
    for (size_t i = 0; i < g.args.size(); ++i) {
      if (i) s += ", ";
      const GenericArg& a = g.args[i];
      switch (a.kind) {
        case GenericArgKind::Type: s += type_str(*a.type); break;
        case GenericArgKind::Lifetime: s += "'" + a.lifetime.name; break;
        case GenericArgKind::Const: s += "{const}"; break;
        case GenericArgKind::Binding: s += a.name.name + " = " + type_str(*a.type); break;
        case GenericArgKind::Constraint: s += a.name.name + ": " + bounds_str(a.bounds); break;
      }
    }
    return s + ">";
  }
 public:
  static std::string type_str(const Type& t) {
    switch (t.kind) {
      case TypeKind::Path: return path_str(t.path);
      case TypeKind::Ref:
        return "&" + (t.lifetime ? "'" + t.lifetime->name + " " : std::string()) +
               (t.is_mut ? "mut " : "") + type_str(*t.elem);
      case TypeKind::RawPtr: return std::string(t.is_mut ? "*mut " : "*const ") + type_str(*t.elem);
      case TypeKind::Slice: return "[" + type_str(*t.elem) + "]";
      case TypeKind::Array: return "[" + type_str(*t.elem) + "; _]";
      case TypeKind::Tuple: {
        std::string s = "(";
        for (size_t i = 0; i < t.elems.size(); ++i) s += (i ? ", " : "") + type_str(*t.elems[i]);
        if (t.elems.size() == 1) s += ",";
        return s + ")";
      }
      case TypeKind::Never: return "!";
      case TypeKind::Infer: return "_";
      case TypeKind::FnPtr: {
        std::string s = "fn(";
        for (size_t i = 0; i < t.elems.size(); ++i) s += (i ? ", " : "") + type_str(*t.elems[i]);
        s += ")";
        if (t.ret) s += " -> " + type_str(*t.ret);
        return s;
      }
      case TypeKind::ImplTrait: return "impl " + bounds_str(t.bounds);
      case TypeKind::DynTrait: return "dyn " + bounds_str(t.bounds);
      case TypeKind::Paren: return "(" + type_str(*t.elem) + ")";
    }
    return "?";
  }

 private:
  void attr(int d, const Attr& a) {
    std::string h = fmt::format("Attr{} {}", a.inner ? "!" : "", path_str(a.path));
    if (!a.args.empty()) h += " args=\"" + escape(a.args) + "\"";
    if (a.str_value) h += " str=\"" + escape(*a.str_value) + "\"";
    line(d, h, a.span);
  }
  static const char* vis_str(const Visibility& v) {
    switch (v.kind) {
      case VisKind::Private: return "";
      case VisKind::Pub: return " pub";
      case VisKind::PubCrate: return " pub(crate)";
      case VisKind::PubSuper: return " pub(super)";
      case VisKind::PubSelf: return " pub(self)";
      case VisKind::PubIn: return " pub(in ..)";
    }
    return "";
  }
  void generics(int d, const Generics& g) {
    for (auto& p : g.params) {
      std::string h;
      switch (p.kind) {
        case GenericParamKind::Lifetime: h = "LifetimeParam '" + p.name.name; break;
        case GenericParamKind::Type: h = "TypeParam " + p.name.name; break;
        case GenericParamKind::Const: h = "ConstParam " + p.name.name; break;
      }
      if (!p.bounds.empty()) h += ": " + bounds_str(p.bounds);
      if (p.default_type) h += (p.kind == GenericParamKind::Const ? " type=" : " default=") + type_str(*p.default_type);
      line(d, h, p.span);
      if (p.default_value) expr(d + 1, *p.default_value);
    }
    for (auto& w : g.where) {
      std::string h = "Where ";
      if (!w.for_lifetimes.empty()) h += "for<..> ";
      h += w.bounded ? type_str(*w.bounded) : "'" + w.lifetime.name;
      h += ": " + bounds_str(w.bounds);
      line(d, h, w.span);
    }
  }
  void fields(int d, const std::vector<FieldDef>& fs) {
    for (auto& f : fs) {
      for (auto& a : f.attrs) attr(d, a);
      line(d, fmt::format("Field{} {}: {}", vis_str(f.vis), f.name.name.empty() ? "_" : f.name.name,
                          type_str(*f.type)), f.span);
    }
  }
  static const char* struct_kind(StructKind k) {
    return k == StructKind::Named ? "named" : k == StructKind::Tuple ? "tuple" : "unit";
  }
  void use_tree(int d, const UseTree& u) {
    std::string h = "UseTree " + (u.prefix.segments.empty() && !u.prefix.global ? std::string("") : path_str(u.prefix));
    if (u.kind == UseTree::Kind::Glob) h += "::*";
    if (u.kind == UseTree::Kind::Group) h += "::{}";
    if (u.rename) h += " as " + u.rename->name;
    line(d, h, u.span);
    for (auto& c : u.children) use_tree(d + 1, c);
  }

 public:
  void item(int d, const Item& it) {
    static const char* names[] = {"Fn", "Struct", "Enum", "Union", "Impl", "Trait", "Const", "Static",
                                  "TypeAlias", "Use", "Mod", "MacroRules", "MacroCall", "ExternCrate",
                                  "ExternBlock", "TraitAlias"};
    std::string h = std::string(names[static_cast<int>(it.kind)]) + vis_str(it.vis);
    if (it.is_const) h += " const";
    if (it.is_async) h += " async";
    if (it.is_unsafe) h += " unsafe";
    if (it.is_extern) h += " extern";
    if (!it.name.name.empty()) h += " " + it.name.name;
    switch (it.kind) {
      case ItemKind::Struct: case ItemKind::Union: h += fmt::format(" ({})", struct_kind(it.struct_kind)); break;
      case ItemKind::Impl:
        if (it.negative) h += " !";
        if (it.trait_path) h += " " + path_str(*it.trait_path) + " for";
        if (it.self_type) h += " " + type_str(*it.self_type);
        break;
      case ItemKind::Static: if (it.is_mut_static) h += " mut"; break;
      case ItemKind::Mod: h += it.mod_inline ? " inline" : " file"; break;
      case ItemKind::Trait: if (!it.supertraits.empty()) h += ": " + bounds_str(it.supertraits); break;
      case ItemKind::ExternCrate: if (it.use_tree.rename) h += " as " + it.use_tree.rename->name; break;
      default: break;
    }
    if ((it.kind == ItemKind::TypeAlias || it.kind == ItemKind::TraitAlias) && !it.bounds.empty())
      h += ": " + bounds_str(it.bounds);
    if (it.type && it.kind != ItemKind::Impl) h += " : " + type_str(*it.type);
    line(d, h, it.span);
    for (auto& a : it.attrs) attr(d + 1, a);
    generics(d + 1, it.generics);
    if (it.kind == ItemKind::Fn) {
      const FnDecl& f = it.fn;
      if (f.self_kind != SelfKind::None) {
        static const char* sk[] = {"", "self", "&self", "&mut self", "self: T"};
        std::string sh = std::string("SelfParam ") + (f.self_mut ? "mut " : "") + sk[static_cast<int>(f.self_kind)];
        if (f.self_lifetime) sh += " '" + f.self_lifetime->name;
        if (f.self_type) sh += " " + type_str(*f.self_type);
        line(d + 1, sh, f.self_span);
      }
      for (auto& p : f.params) {
        line(d + 1, "Param : " + type_str(*p.type), p.span);
        pat(d + 2, *p.pat);
      }
      if (f.variadic) line(d + 1, "Variadic", {});
      if (f.ret) line(d + 1, "Ret " + type_str(*f.ret), f.ret->span);
      if (it.body) block(d + 1, *it.body);
      else line(d + 1, "NoBody", {});
    }
    fields(d + 1, it.fields);
    for (auto& v : it.variants) {
      for (auto& a : v.attrs) attr(d + 1, a);
      line(d + 1, fmt::format("Variant {} ({})", v.name.name, struct_kind(v.kind)), v.span);
      fields(d + 2, v.fields);
      if (v.discriminant) expr(d + 2, *v.discriminant);
    }
    if (it.kind == ItemKind::Use) use_tree(d + 1, it.use_tree);
    if (it.value) expr(d + 1, *it.value);
    if (it.macro) expr(d + 1, *it.macro);
    if (it.kind == ItemKind::MacroRules) line(d + 1, "Tokens \"" + escape(it.raw_tokens) + "\"", {});
    for (auto& sub : it.items) item(d + 1, *sub);
  }

  void block(int d, const Block& b) {
    line(d, "Block", b.span);
    for (auto& s : b.stmts) stmt(d + 1, *s);
    if (b.tail) {
      line(d + 1, "Tail", {});
      expr(d + 2, *b.tail);
    }
  }
  void stmt(int d, const Stmt& s) {
    switch (s.kind) {
      case StmtKind::Let:
        line(d, "Let" + (s.type ? " : " + type_str(*s.type) : std::string()), s.span);
        pat(d + 1, *s.pat);
        if (s.init) expr(d + 1, *s.init);
        if (s.else_block) {
          line(d + 1, "Else", {});
          block(d + 2, *s.else_block);
        }
        return;
      case StmtKind::Item: item(d, *s.item); return;
      case StmtKind::Expr: line(d, "ExprStmt", s.span); expr(d + 1, *s.expr); return;
      case StmtKind::Semi: line(d, "SemiStmt", s.span); expr(d + 1, *s.expr); return;
      case StmtKind::MacroCall: line(d, "MacroStmt", s.span); expr(d + 1, *s.expr); return;
      case StmtKind::Empty: line(d, "EmptyStmt", s.span); return;
    }
  }

  void pat(int d, const Pat& p) {
    std::string h;
    switch (p.kind) {
      case PatKind::Wild: h = "PatWild"; break;
      case PatKind::Rest: h = "PatRest"; break;
      case PatKind::Ident:
        h = std::string("PatIdent ") + (p.by_ref ? "ref " : "") + (p.is_mut ? "mut " : "") + p.name.name;
        break;
      case PatKind::Literal: h = "PatLit"; break;
      case PatKind::Range: h = std::string("PatRange ") + (p.inclusive ? "..=" : ".."); break;
      case PatKind::Path: h = "PatPath " + path_str(p.path); break;
      case PatKind::Tuple: h = "PatTuple"; break;
      case PatKind::TupleStruct: h = "PatTupleStruct " + path_str(p.path); break;
      case PatKind::Struct: h = "PatStruct " + path_str(p.path) + (p.has_rest ? " .." : ""); break;
      case PatKind::Ref: h = std::string("PatRef") + (p.is_mut ? " mut" : ""); break;
      case PatKind::Slice: h = "PatSlice"; break;
      case PatKind::Or: h = "PatOr"; break;
      case PatKind::Paren: h = "PatParen"; break;
      case PatKind::Box: h = "PatBox"; break;
      case PatKind::MacroCall: h = "PatMacro " + path_str(p.path); break;
    }
    line(d, h, p.span);
    if (p.lit) expr(d + 1, *p.lit);
    if (p.lo) { line(d + 1, "Lo", {}); expr(d + 2, *p.lo); }
    if (p.hi) { line(d + 1, "Hi", {}); expr(d + 2, *p.hi); }
    for (auto& e : p.elems) pat(d + 1, *e);
    for (auto& f : p.fields) {
      line(d + 1, std::string("FieldPat ") + (f.is_ref ? "ref " : "") + (f.is_mut ? "mut " : "") + f.name.name, f.span);
      if (f.pat && !f.shorthand) pat(d + 2, *f.pat);
    }
    if (p.sub) pat(d + 1, *p.sub);
  }

  void expr(int d, const Expr& e) {
    std::string h;
    auto lbl = [&] { return e.label ? " '" + e.label->name : std::string(); };
    switch (e.kind) {
      case ExprKind::Lit: {
        static const char* lk[] = {"Int", "Float", "Str", "ByteStr", "RawStr", "Char", "Byte", "Bool", "CStr"};
        h = fmt::format("Lit {} {}", lk[static_cast<int>(e.lit.kind)], e.lit.text);
        switch (e.lit.kind) {
          case LitKind::Int:
            h += fmt::format(" value={} radix={}", e.lit.value, e.lit.radix);
            break;
          case LitKind::Float: h += " value=" + e.lit.value; break;
          case LitKind::Str: case LitKind::ByteStr: case LitKind::RawStr: case LitKind::CStr:
            h += " value=\"" + escape(e.lit.value) + "\"";
            break;
          case LitKind::Char: case LitKind::Byte: h += fmt::format(" value=U+{:04X}", e.lit.char_value); break;
          case LitKind::Bool: break;
        }
        if (!e.lit.suffix.empty()) h += " suffix=" + e.lit.suffix;
        break;
      }
      case ExprKind::Path: h = "Path " + path_str(e.path); break;
      case ExprKind::Unary: h = std::string("Unary ") + unop_str(e.unop); break;
      case ExprKind::AddrOf: h = std::string("AddrOf") + (e.is_mut ? " mut" : ""); break;
      case ExprKind::Binary: h = std::string("Binary ") + binop_str(e.binop); break;
      case ExprKind::Assign: h = "Assign"; break;
      case ExprKind::CompoundAssign: h = std::string("CompoundAssign ") + binop_str(e.binop) + "="; break;
      case ExprKind::Cast: h = "Cast " + type_str(*e.type); break;
      case ExprKind::TypeAscription: h = "TypeAscription"; break;
      case ExprKind::Call: h = "Call"; break;
      case ExprKind::MethodCall:
        h = "MethodCall " + e.name.name + (e.generics ? "::" + generics_str(*e.generics) : "");
        break;
      case ExprKind::Field: h = "Field " + e.name.name; break;
      case ExprKind::TupleField: h = "TupleField " + e.name.name; break;
      case ExprKind::Index: h = "Index"; break;
      case ExprKind::Range: h = std::string("Range ") + (e.inclusive ? "..=" : ".."); break;
      case ExprKind::Tuple: h = "Tuple"; break;
      case ExprKind::Array: h = "Array"; break;
      case ExprKind::ArrayRepeat: h = "ArrayRepeat"; break;
      case ExprKind::StructLit: h = "StructLit " + path_str(e.path); break;
      case ExprKind::Block: h = "BlockExpr" + lbl(); break;
      case ExprKind::If: h = "If"; break;
      case ExprKind::Match: h = "Match"; break;
      case ExprKind::While: h = "While" + lbl(); break;
      case ExprKind::Loop: h = "Loop" + lbl(); break;
      case ExprKind::For: h = "For" + lbl(); break;
      case ExprKind::Break: h = "Break" + lbl(); break;
      case ExprKind::Continue: h = "Continue" + lbl(); break;
      case ExprKind::Return: h = "Return"; break;
      case ExprKind::Try: h = "Try"; break;
      case ExprKind::Closure: h = std::string("Closure") + (e.is_move ? " move" : ""); break;
      case ExprKind::MacroCall: {
        static const char* dl[] = {"()", "[]", "{}"};
        h = "MacroCall " + path_str(e.path) + "!" + dl[static_cast<int>(e.delim)];
        if (!e.macro_args_parsed) h += " raw=\"" + escape(e.raw_tokens) + "\"";
        break;
      }
      case ExprKind::Let: h = "LetExpr"; break;
      case ExprKind::Async: h = std::string("Async") + (e.is_move ? " move" : ""); break;
      case ExprKind::Await: h = "Await"; break;
      case ExprKind::Unsafe: h = "Unsafe"; break;
      case ExprKind::Paren: h = "Paren"; break;
      case ExprKind::Underscore: h = "Underscore"; break;
      case ExprKind::Yield: h = "Yield"; break;
      case ExprKind::Become: h = "Become"; break;
      case ExprKind::InlineAsm: h = "InlineAsm"; break;
    }
    line(d, h, e.span);
    int c = d + 1;
    if (e.kind == ExprKind::Let && e.pat) pat(c, *e.pat);
    if (e.operand) expr(c, *e.operand);
    if (e.lhs) expr(c, *e.lhs);
    if (e.rhs) expr(c, *e.rhs);
    for (auto& a : e.args) expr(c, *a);
    for (auto& f : e.fields) {
      line(c, "FieldInit " + f.name.name + (f.value ? "" : " (shorthand)"), f.span);
      if (f.value) expr(c + 1, *f.value);
    }
    if (e.base) { line(c, "Base", {}); expr(c + 1, *e.base); }
    if (e.kind == ExprKind::For && e.pat) pat(c, *e.pat);
    if (e.iter) expr(c, *e.iter);
    if (e.cond) expr(c, *e.cond);
    if (e.block) block(c, *e.block);
    if (e.else_branch) { line(c, "Else", {}); expr(c + 1, *e.else_branch); }
    for (auto& a : e.arms) {
      line(c, "Arm", a.span);
      pat(c + 1, *a.pat);
      if (a.guard) { line(c + 1, "Guard", {}); expr(c + 2, *a.guard); }
      expr(c + 1, *a.body);
    }
    for (auto& p : e.params) {
      line(c, "ClosureParam" + (p.type ? " : " + type_str(*p.type) : std::string()), p.span);
      pat(c + 1, *p.pat);
    }
    if (e.ret_type) line(c, "Ret " + type_str(*e.ret_type), e.ret_type->span);
    if (e.body) expr(c, *e.body);
    for (auto& m : e.margs) {
      if (m.name) line(c, "NamedArg " + m.name->name, m.span);
      expr(m.name ? c + 1 : c, *m.value);
    }
    if (e.repeat_count) { line(c, "Count", {}); expr(c + 1, *e.repeat_count); }
  }
};

}  // namespace

std::string dump_ast_impl(const ast::Crate& crate, const SourceManager& sources) {
  Dumper d(sources);
  d.crate(crate);
  return std::move(d.out);
}

}  // namespace asr::syntax
