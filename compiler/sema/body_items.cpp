// Items declared inside function bodies (`fn main() { struct P; { fn helper() {} } }`): the
// blocks that declare some, and the names a body binds (for rustc's E0434 when a nested `fn`
// uses a local of the function around it).

#include "sema/body_items.hpp"
#include "sema/context.hpp"

namespace asr::sema {

namespace {

struct Walk {
  const std::function<void(const ast::Block&)>* on_block = nullptr;
  const std::function<void(const ast::Pat&)>* on_pat = nullptr;

  void pat(const ast::Pat& p) {
    if (on_pat) (*on_pat)(p);
    if (p.sub) pat(*p.sub);
    for (const auto& e : p.elems) pat(*e);
    for (const auto& f : p.fields) if (f.pat) pat(*f.pat);
  }

  void block(const ast::Block& b) {
    if (on_block) (*on_block)(b);
    for (const auto& s : b.stmts) {
      if (s->pat) pat(*s->pat);
      if (s->init) expr(*s->init);
      if (s->else_block) block(*s->else_block);
      if (s->expr) expr(*s->expr);
      // (items have bodies of their own: not part of this one)
    }
    if (b.tail) expr(*b.tail);
  }

  void expr(const ast::Expr& e) {
    if (e.operand) expr(*e.operand);
    if (e.lhs) expr(*e.lhs);
    if (e.rhs) expr(*e.rhs);
    if (e.cond) expr(*e.cond);
    if (e.iter) expr(*e.iter);
    if (e.pat) pat(*e.pat);
    for (const auto& a : e.args) expr(*a);
    for (const auto& f : e.fields) if (f.value) expr(*f.value);
    if (e.base) expr(*e.base);
    if (e.block) block(*e.block);
    if (e.else_branch) expr(*e.else_branch);
    for (const auto& a : e.margs) if (a.value) expr(*a.value);
    if (e.repeat_count) expr(*e.repeat_count);
    for (const auto& arm : e.arms) {
      if (arm.pat) pat(*arm.pat);
      if (arm.guard) expr(*arm.guard);
      if (arm.body) expr(*arm.body);
    }
    for (const auto& prm : e.params) if (prm.pat) pat(*prm.pat);
    if (e.body) expr(*e.body);
  }
};

}  // namespace

void blocks_with_items(const ast::Block& body, const std::function<void(const ast::Block&)>& fn) {
  std::function<void(const ast::Block&)> visit = [&](const ast::Block& b) {
    for (const auto& s : b.stmts) {
      if (s->kind == ast::StmtKind::Item && s->item) {
        fn(b);
        return;
      }
    }
  };
  Walk w;
  w.on_block = &visit;
  w.block(body);
}

namespace {

bool body_binds(const ast::Item& fn, const std::string& name) {
  bool found = false;
  std::function<void(const ast::Pat&)> visit = [&](const ast::Pat& p) {
    found = found || (p.kind == ast::PatKind::Ident && p.name.name == name);
  };
  Walk w;
  w.on_pat = &visit;
  for (const auto& prm : fn.fn.params) if (prm.pat) w.pat(*prm.pat);
  if (fn.body) w.block(*fn.body);
  return found;
}

}  // namespace

OuterLocal outer_local(const Program& p, FnId fn, const std::string& name) {
  for (ModuleId m = p.fns[fn].module; m != kNone && p.modules[m].transparent; m = p.modules[m].parent) {
    FnId outer = p.modules[m].body_of;
    if (outer == kNone || outer == fn || !p.fns[outer].item || !body_binds(*p.fns[outer].item, name)) continue;
    for (const ConstDef& c : p.consts) if (c.checker == fn) return OuterLocal::InConst;
    return OuterLocal::InFn;
  }
  return OuterLocal::None;
}

bool Context::outer_generic(ModuleId from, const std::string& name) const {
  for (ModuleId m = from; m != kNone && prog.modules[m].transparent; m = prog.modules[m].parent) {
    FnId f = prog.modules[m].body_of;
    if (f == kNone) continue;
    for (ParamId g : prog.fns[f].generics) if (prog.params[g].name == name) return true;
  }
  return false;
}

}  // namespace asr::sema
