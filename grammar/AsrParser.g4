// ASR parser grammar: the whole Rust 2021 item / statement / expression / type / pattern
// syntax. Written for speed with ANTLR's C++ runtime: (nearly) every decision is LL(1), so the
// generated code is a `switch` on the next token instead of adaptive prediction.
//
//  * Expressions are a flat "operand (operator operand)*" sequence, written right-recursively
//    (`exprRest`) so that the follow set of an expression never contains a binary operator.
//    Precedence and associativity are resolved by precedence climbing in the AST builder
//    (compiler/syntax/ast_builder.cpp). Assignment, ranges, `as` and `let` (in conditions) are
//    part of the same sequence.
//  * Three copies of the operand rules: normal; `NS` ("no struct literal", and no bare block)
//    for the heads of `if`/`while`/`match`/`for`; `SS` (statement start) where the leftmost
//    operand cannot be block-like — block-like expressions at statement start are separate
//    statements (`stmtOrEnd`), continued only by `.`/`?` as rustc does.
//  * Block bodies and match arms are right-recursive so that "expression without `;`" can only
//    be followed by `}` (a tail expression) — this keeps the statement decisions LL(1).
//  * Comma lists are `x? (',' x?)*`; the builder reports missing elements.
//  * Statements starting with a path are left-factored (`pathStmtRest`) so that a
//    brace-delimited macro statement `m! { .. }` needs no `;`.
//  * Macro invocations keep a token tree; the builder re-parses it with `macroArgs`.
//  * Attributes are collected by their containers; the builder attaches them.
//  * The remaining adaptive (non-LL(1)) decisions, all rare: `as` target paths with generic
//    arguments, `break 'label` vs a labelled expression, `if .. else` (because of let-else),
//    `;` after an item macro, and `pub (` on tuple-struct fields.
//  * Tokens come from the hand-written lexer (compiler/syntax/lexer.cpp); token start/stop
//    indexes are byte offsets into the file.

parser grammar AsrParser;

options { tokenVocab = AsrLexer; contextSuperClass = AsrCtx; }

// Speed: the generated accessors (`ctx->expr()`) test children with `antlrcpp::is<T*>`, i.e.
// dynamic_cast, which is slow with the runtime's RTTI (type names are compared with strcmp).
// All our contexts derive from AsrCtx and are leaf classes, so an exact typeid test is
// equivalent. This overload is more specialised than the runtime's `is<T1, T2>(T2*)` and is
// declared before the runtime headers so that `ParserRuleContext::getRuleContext` uses it.
@parser::preinclude {
#ifndef ASR_SYNTAX_FAST_IS
#define ASR_SYNTAX_FAST_IS
#include <type_traits>
#include <typeinfo>
namespace antlr4 { namespace tree { class ParseTree; } }
namespace antlrcpp {
template <typename T1> bool is(antlr4::tree::ParseTree* obj);
}
#endif
}

@parser::postinclude {
#ifndef ASR_SYNTAX_CTX_DEFINED
#define ASR_SYNTAX_CTX_DEFINED
#include <algorithm>
#include <cstdlib>
#include <new>
namespace asr::syntax::gen {
// A bump arena for the parse tree: rule contexts and terminal nodes are carved out of 2 MiB
// blocks instead of one malloc each (no MADV_HUGEPAGE: clearing huge pages cost more than the
// page faults it saved, ~13 % of a transpile here), and are never freed one by one (`delete`
// of a context runs its destructor only). parse.cpp installs one per parse as
// `NodeArena::current`; without one, contexts come from the global heap and are leaked when
// deleted. `reset()` recycles the blocks once every tree in them is gone: the fast pass parses
// one top-level item at a time, so its trees reuse the same few (cache-warm) blocks instead
// of faulting in fresh pages for the whole file's tree.
class NodeArena {
 public:
  NodeArena() = default;
  NodeArena(const NodeArena&) = delete;
  NodeArena& operator=(const NodeArena&) = delete;
  ~NodeArena() {
    for (const Block& b : blocks_) std::free(b.mem);
  }
  void* alloc(size_t n) {
    n = (n + 15) & ~size_t(15);
    if (static_cast<size_t>(end_ - cur_) < n) grow(n);
    void* p = cur_;
    cur_ += n;
    return p;
  }
  // Makes all the memory handed out so far available again (the caller has destroyed every
  // tree that lives in it).
  void reset() {
    next_ = 0;
    cur_ = end_ = nullptr;
  }
  static inline thread_local NodeArena* current = nullptr;

 private:
  static constexpr size_t kBlock = size_t(2) << 20;
  struct Block {
    char* mem;
    size_t size;
  };
  void grow(size_t n) {
    // reuse the next recycled block that is large enough
    for (; next_ < blocks_.size(); ++next_) {
      if (blocks_[next_].size >= n) {
        cur_ = blocks_[next_].mem;
        end_ = cur_ + blocks_[next_].size;
        ++next_;
        return;
      }
    }
    size_t size = std::max(n, kBlock);
    char* b = static_cast<char*>(std::malloc(size));
    if (!b) throw std::bad_alloc();
    blocks_.push_back(Block{b, size});
    next_ = blocks_.size();
    cur_ = b;
    end_ = cur_ + size;
  }
  std::vector<Block> blocks_;
  size_t next_ = 0;  // blocks_[next_..] are free (after a reset)
  char* cur_ = nullptr;
  char* end_ = nullptr;
};

// Child lists: a destroyed context gives its list's buffer to this pool and new contexts take
// theirs from it (see AsrParser::add_child), so that recycling the trees of one top-level item
// after another does not malloc and free a small block per context.
class ChildListPool {
 public:
  static void give(std::vector<antlr4::tree::ParseTree*>& v) {
    if (v.capacity() == 0) return;
    v.clear();
    pool().push_back(std::move(v));
  }
  // Gives `v` (an empty list without a buffer) a buffer of at least 3 slots.
  static void take(std::vector<antlr4::tree::ParseTree*>& v) {
    auto& p = pool();
    if (p.empty()) {
      v.reserve(3);
    } else {
      v = std::move(p.back());
      p.pop_back();
    }
  }

 private:
  static std::vector<std::vector<antlr4::tree::ParseTree*>>& pool() {
    static thread_local std::vector<std::vector<antlr4::tree::ParseTree*>> p;
    return p;
  }
};

class AsrCtx : public antlr4::ParserRuleContext {
 public:
  using antlr4::ParserRuleContext::ParserRuleContext;
  ~AsrCtx() override { ChildListPool::give(children); }
  static void* operator new(size_t n) {
    return NodeArena::current ? NodeArena::current->alloc(n) : ::operator new(n);
  }
  static void operator delete(void*) noexcept {}

  // Speed: these hide ParserRuleContext's versions for the generated accessors
  // (`ctx->expr()`, `ctx->Ident()`), which test and convert every child with dynamic_cast
  // (slow with the runtime's RTTI: type names are compared with strcmp). Our contexts are
  // leaf classes of one binary, so comparing type_info addresses is exact; terminals are
  // TerminalNodeImpl or ErrorNodeImpl.
  template <typename T>
  T* getRuleContext(size_t i) {
    for (antlr4::tree::ParseTree* child : children)
      if (&typeid(*child) == &typeid(T) && i-- == 0) return static_cast<T*>(child);
    return nullptr;
  }
  template <typename T>
  std::vector<T*> getRuleContexts() {
    std::vector<T*> out;
    for (antlr4::tree::ParseTree* child : children)
      if (&typeid(*child) == &typeid(T)) out.push_back(static_cast<T*>(child));
    return out;
  }
  static antlr4::tree::TerminalNode* as_terminal(antlr4::tree::ParseTree* t) {
    const std::type_info& ti = typeid(*t);
    // (ParseTree is a non-virtual base of TerminalNode: a static_cast is exact)
    if (ti == typeid(antlr4::tree::TerminalNodeImpl) || ti == typeid(antlr4::tree::ErrorNodeImpl))
      return static_cast<antlr4::tree::TerminalNode*>(t);
    return nullptr;
  }
  antlr4::tree::TerminalNode* getToken(size_t ttype, size_t i) override {
    for (antlr4::tree::ParseTree* child : children) {
      antlr4::tree::TerminalNode* t = as_terminal(child);
      if (t && t->getSymbol()->getType() == ttype && i-- == 0) return t;
    }
    return nullptr;
  }
  std::vector<antlr4::tree::TerminalNode*> getTokens(size_t ttype) override {
    std::vector<antlr4::tree::TerminalNode*> out;
    for (antlr4::tree::ParseTree* child : children) {
      antlr4::tree::TerminalNode* t = as_terminal(child);
      if (t && t->getSymbol()->getType() == ttype) out.push_back(t);
    }
    return out;
  }
};
}  // namespace asr::syntax::gen
namespace antlrcpp {
template <typename T1> inline bool is(antlr4::tree::ParseTree* obj) {
  using T = std::remove_pointer_t<T1>;
  if constexpr (std::is_base_of_v<asr::syntax::gen::AsrCtx, T> &&
                !std::is_same_v<asr::syntax::gen::AsrCtx, T>) {
    return obj != nullptr && &typeid(*obj) == &typeid(T);  // same binary: unique type_info
  } else {
    return dynamic_cast<T*>(obj) != nullptr;
  }
}
}  // namespace antlrcpp
#endif
}

// Speed: copies of antlr4::Parser::enterRule / exitRule / consume (runtime 4.9) that differ in
// two ways only. (1) No `dynamic_cast` of the parent context to ParserRuleContext (which it
// always is here): with the runtime's RTTI that cast walks the class hierarchy comparing type
// names with strcmp, twice per rule invocation, i.e. millions of times on a large file.
// (2) A context's child list starts with room for 3 (the smallest malloc block holds 3 pointers
// anyway) instead of growing 1 -> 2 -> 4, which reallocated it twice for most contexts.
// Declared in AsrParser, they hide the runtime's versions for the generated rule functions
// (exitRule is not virtual; enterRule and consume are, and these override them).
@parser::members {
  // Speed: hides Parser::_tracker from the generated rule functions (which create every
  // context through `_tracker.createInstance`). Contexts carved from a NodeArena are not
  // destroyed one by one when the trees are dropped: the arena recycles their memory and the
  // only thing a context owns is its child list, whose buffer goes back to ChildListPool here
  // (a virtual destructor chain per context cost ~45 instructions, 2 % of a transpile).
  // Contexts made without an arena are deleted as before. The runtime's own tracker still holds
  // the error nodes of the error-reporting pass.
  struct ArenaTracker {
    template <typename T, typename... Args>
    T* createInstance(Args&&... args) {
      T* result = new T(args...);
      (NodeArena::current ? in_arena : on_heap).push_back(result);
      return result;
    }
    void reset() {
      for (antlr4::tree::ParseTree* t : in_arena) ChildListPool::give(t->children);
      in_arena.clear();
      for (antlr4::tree::ParseTree* t : on_heap) delete t;
      on_heap.clear();
    }
    ArenaTracker() = default;
    ArenaTracker(const ArenaTracker&) = delete;
    ArenaTracker& operator=(const ArenaTracker&) = delete;
    ~ArenaTracker() { reset(); }
    std::vector<antlr4::tree::ParseTree*> in_arena, on_heap;
  };
  ArenaTracker _tracker;
  // Drops every parse tree made so far (before their NodeArena is reset).
  void release_trees() { _tracker.reset(); }
  void reset() override {
    antlr4::Parser::reset();
    _tracker.reset();
  }

  static void add_child(antlr4::ParserRuleContext* parent, antlr4::tree::ParseTree* child) {
    if (parent->children.capacity() == 0) ChildListPool::take(parent->children);
    parent->children.push_back(child);
  }
  // Speed: the generated rule functions call exitRule through `finally(lambda)`; the runtime's
  // antlrcpp::finally wraps the lambda in a std::function. This one (found first, in class
  // scope) calls it directly.
  template <class F>
  struct OnExit {
    F f;
    ~OnExit() { f(); }
  };
  template <class F>
  static OnExit<F> finally(F f) {
    return OnExit<F>{std::move(f)};
  }
  // Parser::enterOuterAlt re-parents the context only for left-recursive rules (none here) and
  // sets its alternative number (a no-op for our contexts).
  void enterOuterAlt(antlr4::ParserRuleContext* localctx, size_t altNum) override {
    if (_ctx != localctx) return antlr4::Parser::enterOuterAlt(localctx, altNum);
  }
  void enterRule(antlr4::ParserRuleContext* localctx, size_t state, size_t ruleIndex) override {
    (void)ruleIndex;
    setState(state);
    _ctx = localctx;
    _ctx->start = _input->LT(1);
    if (_buildParseTrees && _ctx->parent != nullptr) {  // Parser::addContextToParseTree
      add_child(static_cast<antlr4::ParserRuleContext*>(_ctx->parent), _ctx);
    }
    if (!_parseListeners.empty()) triggerEnterRuleEvent();
  }
  void exitRule() {
    // after EOF was matched the parser cannot consume past it: the stop token is LT(1)
    _ctx->stop = _matchedEOF ? _input->LT(1) : _input->LT(-1);
    if (!_parseListeners.empty()) triggerExitRuleEvent();
    setState(_ctx->invokingState);
    _ctx = static_cast<antlr4::ParserRuleContext*>(_ctx->parent);
  }
  antlr4::Token* consume() override {
    antlr4::Token* o = getCurrentToken();
    if (o->getType() != antlr4::Token::EOF) getInputStream()->consume();
    if (_buildParseTrees || !_parseListeners.empty()) {
      if (_errHandler->inErrorRecoveryMode(this)) {
        antlr4::tree::ErrorNode* node = createErrorNode(o);
        _ctx->addChild(node);
        for (auto* listener : _parseListeners) listener->visitErrorNode(node);
      } else {
        // (like createTerminalNode, but from the arena: not tracked, never destroyed, which
        // leaks nothing as a terminal node owns no memory)
        antlr4::tree::TerminalNode* node =
            NodeArena::current ? new (NodeArena::current->alloc(sizeof(antlr4::tree::TerminalNodeImpl)))
                                     antlr4::tree::TerminalNodeImpl(o)
                               : createTerminalNode(o);
        node->setParent(_ctx);  // ParserRuleContext::addChild(TerminalNode*)
        add_child(_ctx, node);
        for (auto* listener : _parseListeners) listener->visitTerminal(node);
      }
    }
    return o;
  }
}

// ============================================================================ crate / items

crate_ : ( attr | item )* EOF ;

attr : Pound Not? LBracket simplePath attrInput? RBracket ;
attrInput : delimTokenTree | Eq expr ;

simplePath : PathSep? pathIdent ( PathSep pathIdent )* ;
pathIdent : Ident | SelfValue | SelfType | Super | Crate ;

vis : Pub ( LParen ( Crate | SelfValue | Super | In simplePath ) RParen )? ;
// `pub` on a tuple field: `pub (crate) T` vs `pub (T, U)` needs two tokens of lookahead.
visTuple : Pub ( LParen ( Crate | SelfValue | Super | In simplePath ) RParen )? ;

item : vis? itemQual* itemCore ;
itemQual : Const | Async | Unsafe ;

itemCore
  : itemCoreKw
  | Ident identLedItem
  | Underscore Colon type_ ( Eq expr )? Semi                 // const _: T = ...;
  ;

itemCoreKw
  : fnItem
  | structItem
  | enumItem
  | traitItem
  | implItem
  | modItem
  | useItem
  | staticItem
  | typeAliasItem
  | Extern externRest
  ;

identLedItem
  : Colon type_ ( Eq expr )? Semi                              // const NAME: T = ...;
  | ( PathSep pathIdent )* Not Ident? delimTokenTree Semi?    // item macro, macro_rules! m {}
  | Ident genericParams? whereClause? LBrace fieldDefs? RBrace  // union U { .. }
  ;

externRest
  : Crate ( Ident | SelfValue ) ( As ( Ident | Underscore ) )? Semi
  | abi? ( LBrace ( attr | item )* RBrace | itemQual* fnItem )
  ;
abi : StrLit | RawStrLit ;

fnItem
  : Fn Ident genericParams? LParen fnParams? RParen ( RArrow type_ )? whereClause?
    ( block | Semi )
  ;
fnParams : fnParam ( Comma fnParam? )* ;
fnParam : attr* ( DotDotDot | patNoTopAlt ( Colon ( type_ | DotDotDot ) )? ) ;

structItem
  : Struct Ident genericParams?
    ( whereClause? ( LBrace fieldDefs? RBrace | Semi )
    | LParen tupleFields? RParen whereClause? Semi
    )
  ;
fieldDefs : fieldDef ( Comma fieldDef? )* ;
fieldDef : attr* vis? Ident Colon type_ ;
tupleFields : tupleField ( Comma tupleField? )* ;
tupleField : attr* visTuple? type_ ;

enumItem : Enum Ident genericParams? whereClause? LBrace variants? RBrace ;
variants : variant ( Comma variant? )* ;
variant
  : attr* vis? Ident ( LBrace fieldDefs? RBrace | LParen tupleFields? RParen )? ( Eq expr )? ;

traitItem
  : Trait Ident genericParams?
    ( Eq typeBounds? whereClause? Semi                                  // trait alias
    | ( Colon typeBounds? )? whereClause? LBrace ( attr | item )* RBrace
    )
  ;

implItem
  : Impl genericParams? Not? implType ( For type_ )? whereClause? LBrace ( attr | item )* RBrace ;
implType
  : typePathSimple
  | Dyn typeBounds
  | typeNoBoundsNoPathNoNever
  ;

modItem : Mod Ident ( Semi | LBrace ( attr | item )* RBrace ) ;

useItem : Use useTree Semi ;
useTree : PathSep? useTreeRest ;
useTreeRest
  : Star
  | LBrace ( useTree ( Comma useTree? )* )? RBrace
  | pathIdent ( PathSep useTreeRest | As ( Ident | Underscore ) )?
  ;

staticItem : Static Mut? Ident Colon type_ ( Eq expr )? Semi ;

typeAliasItem
  : Type Ident genericParams? ( Colon typeBounds? )? whereClause? ( Eq type_ whereClause? )? Semi ;

// ---- generics

genericParams : Lt ( genericParam ( Comma genericParam? )* )? Gt ;
genericParam
  : attr*
    ( Lifetime ( Colon lifetimeBounds? )?
    | Const Ident Colon type_ ( Eq constArg )?
    | Ident ( Colon typeBounds? )? ( Eq type_ )?
    )
  ;
lifetimeBounds : Lifetime ( Plus Lifetime? )* ;
constArg : literal | Minus literal | block | Ident ;

whereClause : Where ( wherePred ( Comma wherePred? )* )? ;
// `for<'a> F: Fn(&'a T)`: the `for<..>` is parsed as part of the type (see
// typeNoBoundsNoPathNoNever) and moved to the predicate by the builder.
wherePred
  : Lifetime Colon lifetimeBounds?
  | type_ Colon typeBounds?
  ;
forLifetimes : For Lt ( genericParam ( Comma genericParam? )* )? Gt ;

typeBounds : typeBound ( Plus typeBound )* ;
typeBound
  : Lifetime
  | LParen typeBound RParen
  | Question? Tilde? Const? forLifetimes? typePath
  ;

// ============================================================================ types

// (`typePath | typeNoBoundsNoPathNoNever` is written out in both rules rather than being a
// rule of its own: one rule context less per type; whole alternatives, so no message changes.)
type_
  : Impl typeBounds
  | Dyn typeBounds
  | typePath
  | typeNoBoundsNoPathNoNever
  | Not
  ;
typeNoBounds
  : Impl typeBound
  | Dyn typeBound
  | typePath
  | typeNoBoundsNoPathNoNever
  | Not
  ;
typeNoBoundsNoPathNoNever
  : ( And | AndAnd ) Lifetime? Mut? typeNoBounds
  | Star ( Const | Mut ) typeNoBounds
  | LBracket type_ ( Semi expr )? RBracket
  | LParen ( type_ ( Comma type_? )* )? RParen
  | Underscore
  | fnPtrType
  | forLifetimes ( fnPtrType | typePath )
  ;
fnPtrType : Unsafe? ( Extern abi? )? Fn LParen fnPtrParams? RParen ( RArrow typeNoBounds )? ;
fnPtrParams : fnPtrParam ( Comma fnPtrParam? )* ;
fnPtrParam : attr* ( type_ ( Colon type_ )? | DotDotDot ) ;

typePath : typePathSimple | qualifiedPathType ;
// `Fn(A) -> B` sugar can only end a path (it applies to the last segment).
typePathSimple : PathSep? typeSeg ( PathSep ( typeSeg | genericArgs ) )* fnSugar? ;
typeSeg : pathIdent genericArgs? ;
fnSugar : LParen ( type_ ( Comma type_? )* )? RParen ( RArrow typeNoBounds )? ;
qualifiedPathType : Lt type_ ( As typePath )? Gt ( PathSep typeSeg )+ fnSugar? ;

genericArgs : Lt ( genericArg ( Comma genericArg? )* )? Gt ;
genericArg
  : Lifetime
  | type_ ( Eq type_ | Colon typeBounds )?
  | literal
  | Minus literal
  | block
  ;

// The target type of `as`: its own copies, since `as T` is followed by binary operators
// (`x as u8 + 1`, `x as usize < n`) which must not leak into the follow sets of `type_`.
castType
  : castPath
  | Dyn castPath                                   // `&c as &dyn Shape`
  | ( And | AndAnd ) Lifetime? Mut? castType
  | Star ( Const | Mut ) castType
  | LBracket type_ ( Semi expr )? RBracket
  | LParen ( type_ ( Comma type_? )* )? RParen
  | Underscore
  | Not
  ;
castPath : PathSep? pathIdent ( PathSep pathIdent )* genericArgs? ( PathSep pathIdent )* ;

// ============================================================================ patterns

pattern : Or? patNoTopAlt ( Or patNoTopAlt )* ;

patNoTopAlt
  : Mut bindName ( At patNoTopAlt )?
  | patNoMut
  ;
patNoMut
  : Underscore
  | DotDot patRangeEnd?
  | DotDotEq patRangeEnd
  | Ref Mut? bindName ( At patNoTopAlt )?
  | ( And | AndAnd ) Lifetime? ( Mut patNoTopAlt | patNoMut )
  | LParen ( pattern ( Comma pattern? )* )? RParen
  | LBracket ( pattern ( Comma pattern? )* )? RBracket
  | litPat ( patRangeOp patRangeEnd? )?
  | pathExpr
    ( LParen ( pattern ( Comma pattern? )* )? RParen
    | LBrace structPatFields? RBrace
    | At patNoTopAlt
    | patRangeOp patRangeEnd?
    | Not delimTokenTree
    )?
  | Box patNoTopAlt
  ;
bindName : Ident | SelfValue ;
patRangeOp : DotDot | DotDotEq | DotDotDot ;
patRangeEnd : litPat | pathExpr ;
litPat
  : Minus ( IntLit | FloatLit )
  | literal
  ;
structPatFields : structPatField ( Comma structPatField? )* ;
structPatField
  : attr*
    ( DotDot
    | Ref Mut? Ident
    | Mut Ident
    | Box Ref? Mut? Ident
    | Ident ( Colon pattern )?
    | IntLit Colon pattern
    )
  ;

// ============================================================================ statements

block : LBrace blockBody ;
// The statement (after its attributes) and, right-recursively, the rest of the block. (The
// statement alternatives are part of this rule rather than a rule of their own: one rule
// context less per statement; being the rule's tail, this changes no error message.)
blockBody
  : attr*
    ( RBrace
    | Semi blockBody
    | letStmt blockBody
    | stmtItem blockBody
    | Unsafe ( block blockLikeCont | itemQual* itemCore blockBody )
    | Async ( Move? block blockLikeCont | itemQual* itemCore blockBody )
    | blockLikeStart blockLikeCont
    | pathExpr pathStmtRest
    | exprSSNoPath ( Semi blockBody | RBrace )
    )
  ;
// A statement starting with a path: `m! { .. }` is a complete statement (like a block-like
// expression); anything else is an ordinary expression statement.
pathStmtRest
  : Not ( braceTokenTree blockLikeCont
        | parenTokenTree postfixOp* exprRest ( Semi blockBody | RBrace )
        | Ident ( braceTokenTree | parenTokenTree Semi ) blockBody   // macro_rules! m { .. }
        )
  | structLitBody? postfixOp* exprRest ( Semi blockBody | RBrace )
  ;
braceTokenTree : LBrace tokenTree* RBrace ;
parenTokenTree : LParen tokenTree* RParen | LBracket tokenTree* RBracket ;
// After a block-like expression statement: either the next statement, or a `.`/`?`
// continuation that turns it into an ordinary expression (`match x {}.len() + 1;`).
blockLikeCont
  : blockBody
  | stmtCont exprRest ( Semi blockBody | RBrace )
  ;
stmtCont : ( Question | Dot dotSuffix ) postfixOp* ;

letStmt : Let pattern ( Colon type_ )? ( Eq expr ( Else block )? )? Semi ;

stmtItem
  : vis itemQual* itemCore
  | Const itemQual* itemCore
  | itemCoreKw
  ;

// ============================================================================ expressions

literal
  : IntLit | FloatLit | StrLit | RawStrLit | ByteStrLit | RawByteStrLit | CStrLit
  | CharLit | ByteLit | True | False
  ;
// (In the operand rules (`primary...`) these tokens are written out instead: one rule context
// less for every literal operand. A rule that only matches one token of a set, in the tail of
// an alternative, cannot fail once chosen, so this changes neither what is accepted nor any
// error message.)

// ---- normal expressions
expr
  : prefixLow
  | rangePrefix
  | operand exprRest
  ;
// The operators between operands; precedence is resolved in the AST builder.
exprRest
  : binOp ( operand exprRest | prefixLow | rangePrefix )
  | As castType exprRest
  | rangeOp ( operand exprRest )?
  |
  ;
rangePrefix : rangeOp ( operand exprRest )? ;
rangeOp : DotDot | DotDotEq ;
binOp
  : Plus | Minus | Star | Slash | Percent | Caret | And | Or | AndAnd | OrOr | Shl
  | Gt ( Gt | Ge )?            // `>`, `>>` (adjacent), `>>=` (adjacent)
  | Lt | Le | Ge | EqEq | Ne
  | Eq | PlusEq | MinusEq | StarEq | SlashEq | PercentEq | CaretEq | AndEq | OrEq | ShlEq
  ;
// Lowest-precedence prefix forms: they extend as far right as possible.
prefixLow
  : Return expr?
  | Break Lifetime? expr?
  | Continue Lifetime?
  | Yield expr?
  | closure
  | ( And | AndAnd ) Mut? closure  // `&|x| x + 1`: the closure extends as far right as it can
  ;
closure
  : AsyncClosure? Move? ( OrOr | Or closureParams? Or ) ( RArrow typeNoBounds block | expr ) ;
closureParams : closureParam ( Comma closureParam? )* ;
closureParam : attr* patNoTopAlt ( Colon type_ )? ;

operand : unaryOp* primary postfixOp* ;
unaryOp : Minus | Not | Star | ( And | AndAnd ) Mut? ;
postfixOp
  : Question
  | Dot dotSuffix
  | LParen callArgs? RParen
  | LBracket expr RBracket
  ;
// `.await`, `.0`, `.field`, `.method::<T>` (a following call makes it a method call)
dotSuffix : Await | IntLit | Ident ( PathSep genericArgs )? ;
callArgs : expr ( Comma expr? )* ;

primary
  : ( IntLit | FloatLit | StrLit | RawStrLit | ByteStrLit | RawByteStrLit | CStrLit
    | CharLit | ByteLit | True | False )  // `literal`, inlined
  | pathExpr ( Not delimTokenTree | structLitBody )?
  | LParen parenBody
  | LBracket arrayBody
  | Underscore
  | Async Move? block
  | blockLike
  ;
parenBody : RParen | expr ( Comma expr? )* RParen ;
arrayBody : RBracket | expr ( Semi expr RBracket | ( Comma expr? )* RBracket ) ;
structLitBody : LBrace structLitInner? RBrace ;
structLitInner
  : DotDot expr?
  | structLitField ( Comma structLitInner? )?
  ;
structLitField : attr* ( Ident ( Colon expr )? | IntLit Colon expr ) ;

pathExpr
  : PathSep? pathIdent ( PathSep ( pathIdent | genericArgs ) )*
  | qualifiedPathExpr
  ;
qualifiedPathExpr : Lt type_ ( As typePath )? Gt ( PathSep ( pathIdent | genericArgs ) )+ ;

blockLike
  : Unsafe block
  | blockLikeStart
  ;
// Block-like expressions that may start a statement (not `unsafe`/`async`, which statements
// left-factor against `unsafe fn` / `async fn`).
blockLikeStart
  : block
  | Lifetime Colon ( block | loopExpr | whileExpr | forExpr )
  | ifExpr
  | matchExpr
  | loopExpr
  | whileExpr
  | forExpr
  ;
ifExpr : If exprNS block ( Else ( block | ifExpr ) )? ;
matchExpr : Match exprNS LBrace matchArms ;
matchArms
  : RBrace
  | attr* pattern ( If expr )? FatArrow
    ( blockLikeStart ( Comma? matchArms | stmtCont exprRest ( Comma matchArms | RBrace ) )
    | Unsafe block ( Comma? matchArms | stmtCont exprRest ( Comma matchArms | RBrace ) )
    | exprSS ( Comma matchArms | RBrace )
    )
  ;
loopExpr : Loop block ;
whileExpr : While exprNS block ;
forExpr : For pattern In exprNS block ;

// ---- statement-start copy: the leftmost operand is not block-like
exprSS
  : prefixLow
  | rangePrefix
  | operandSS exprRest
  ;
operandSS
  : unaryOp+ primary postfixOp*
  | primarySS postfixOp*
  ;
primarySS
  : ( IntLit | FloatLit | StrLit | RawStrLit | ByteStrLit | RawByteStrLit | CStrLit
    | CharLit | ByteLit | True | False )  // `literal`, inlined
  | pathExpr ( Not delimTokenTree | structLitBody )?
  | LParen parenBody
  | LBracket arrayBody
  | Underscore
  ;
// Statement start without a leading path (paths are handled by `pathStmtRest`).
exprSSNoPath
  : prefixLow
  | rangePrefix
  | operandSSNoPath exprRest
  ;
operandSSNoPath
  : unaryOp+ primary postfixOp*
  | primarySSNoPath postfixOp*
  ;
primarySSNoPath
  : ( IntLit | FloatLit | StrLit | RawStrLit | ByteStrLit | RawByteStrLit | CStrLit
    | CharLit | ByteLit | True | False )  // `literal`, inlined
  | LParen parenBody
  | LBracket arrayBody
  | Underscore
  ;

// ---- no-struct-literal copy for `if`/`while`/`match`/`for` heads (also: no bare block,
// and `let PAT =` is allowed as an operand prefix for `if let` / `while let` / let chains)
exprNS
  : prefixLowNS
  | rangePrefixNS
  | operandNS exprRestNS
  ;
exprRestNS
  : binOp ( operandNS exprRestNS | prefixLowNS | rangePrefixNS )
  | As castType exprRestNS
  | rangeOp ( operandNS exprRestNS )?
  |
  ;
rangePrefixNS : rangeOp ( operandNS exprRestNS )? ;
prefixLowNS
  : Return exprNS?
  | Break Lifetime? exprNS?
  | Continue Lifetime?
  | Yield exprNS?
  | closureNS
  ;
closureNS
  : AsyncClosure? Move? ( OrOr | Or closureParams? Or ) ( RArrow typeNoBounds block | exprNS ) ;
operandNS : letPrefix? unaryOp* primaryNS postfixOp* ;
letPrefix : Let pattern Eq ;
primaryNS
  : ( IntLit | FloatLit | StrLit | RawStrLit | ByteStrLit | RawByteStrLit | CStrLit
    | CharLit | ByteLit | True | False )  // `literal`, inlined
  | pathExpr ( Not delimTokenTree )?
  | LParen parenBody
  | LBracket arrayBody
  | Underscore
  | Async Move? block
  | Unsafe block
  | Lifetime Colon ( block | loopExpr | whileExpr | forExpr )
  | ifExpr
  | matchExpr
  | loopExpr
  | whileExpr
  | forExpr
  ;

// ============================================================================ macros

delimTokenTree
  : LParen tokenTree* RParen
  | LBracket tokenTree* RBracket
  | LBrace tokenTree* RBrace
  ;
tokenTree
  : delimTokenTree
  | ~( LParen | RParen | LBracket | RBracket | LBrace | RBrace )
  ;

// Entry rule used by the AST builder to re-parse a macro's tokens:
// `a, b, name = c`, `x; n` (vec![x; n]), trailing comma allowed.
macroArgs : ( expr ( Comma expr? )* ( Semi expr )? )? EOF ;
// `matches!(value, pattern [if guard])`, desugared by the builder into a `match`.
matchesArgs : expr Comma pattern ( If expr )? Comma? EOF ;
