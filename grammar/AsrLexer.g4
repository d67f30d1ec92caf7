// ASR lexer grammar: the token vocabulary of ASR (Rust 2021 lexical syntax).
//
// At run time asrc lexes with the hand-written lexer in compiler/syntax/lexer.cpp, which
// produces exactly these token types (it is several times faster than the ANTLR lexer, works
// on bytes so spans are byte offsets, counts `#`s of raw strings and reports unterminated
// literals/comments precisely). This grammar defines the vocabulary the parser grammar
// imports (tokenVocab) and is a faithful, usable description of the same tokens.
//
// Notes on the token design (see AsrParser.g4):
//  * `>` is always its own token (`Gt`); `>>` is two `Gt` tokens and `>>=` is `Gt Ge`, so
//    that `Vec<Vec<i32>>` closes two generic lists. The AST builder checks that the two
//    tokens of a shift operator are adjacent.
//  * `<<`, `<=`, `<<=` are single tokens.
//  * `union`, `auto`, `default`, `macro_rules`, `raw` are contextual: lexed as Ident.
//  * After a `.` token, a number is lexed without a fraction (`t.0.1` is a tuple-field chain);
//    this context rule, raw strings with more than three `#`, and error reporting exist only
//    in the hand-written lexer. A build-time check is not automated; on the repository's
//    .asr files the two produce the same token types except for these two documented cases.

lexer grammar AsrLexer;

// `async` directly before a closure (`async |x| ..`, `async move || ..`). Only the
// hand-written lexer produces it (it looks ahead for the `|`), so that the parser can tell an
// async closure from an async block with one token of lookahead.
tokens { AsyncClosure }

// ---- keywords
As : 'as';
Async : 'async';
Await : 'await';
Break : 'break';
Const : 'const';
Continue : 'continue';
Crate : 'crate';
Dyn : 'dyn';
Else : 'else';
Enum : 'enum';
Extern : 'extern';
False : 'false';
Fn : 'fn';
For : 'for';
If : 'if';
Impl : 'impl';
In : 'in';
Let : 'let';
Loop : 'loop';
Match : 'match';
Mod : 'mod';
Move : 'move';
Mut : 'mut';
Pub : 'pub';
Ref : 'ref';
Return : 'return';
SelfValue : 'self';
SelfType : 'Self';
Static : 'static';
Struct : 'struct';
Super : 'super';
Trait : 'trait';
True : 'true';
Type : 'type';
Unsafe : 'unsafe';
Use : 'use';
Where : 'where';
While : 'while';
Yield : 'yield';
Box : 'box';

// ---- literals
CharLit : '\'' ( ~['\\\r\n] | Escape ) '\'';
ByteLit : 'b\'' ( ~['\\\r\n] | Escape ) '\'';
StrLit : '"' ( ~["\\] | Escape | '\\' '\r'? '\n' )* '"';
ByteStrLit : 'b"' ( ~["\\] | Escape | '\\' '\r'? '\n' )* '"';
CStrLit : 'c"' ( ~["\\] | Escape | '\\' '\r'? '\n' )* '"';
RawStrLit : 'r' RawBody | 'cr' RawBody;
RawByteStrLit : 'br' RawBody;
IntLit : ( DecDigits | '0x' [0-9a-fA-F_]+ | '0o' [0-7_]+ | '0b' [01_]+ ) IntSuffix?;
// (The hand-written lexer also accepts `1.` — a dot not followed by `.`, a digit or an
// identifier — which a context-free ANTLR rule cannot tell apart from `1..2`.)
FloatLit
  : DecDigits '.' DecDigits Exponent? FloatSuffix?
  | DecDigits Exponent FloatSuffix?
  | DecDigits FloatSuffix
  ;
Underscore : '_';
Lifetime : '\'' IdentStart IdentContinue*;
Ident : 'r#' IdentStart IdentContinue* | IdentStart IdentContinue*;

fragment RawBody : '"' .*? '"' | '#"' .*? '"#' | '##"' .*? '"##' | '###"' .*? '"###';
fragment Escape : '\\' ( [nrt0\\'"] | 'x' [0-9a-fA-F] [0-9a-fA-F] | 'u{' [0-9a-fA-F_]+ '}' );
fragment DecDigits : [0-9] [0-9_]*;
fragment Exponent : [eE] [+-]? [0-9_]* [0-9] [0-9_]*;
fragment IntSuffix : 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'usize'
                   | 'i8' | 'i16' | 'i32' | 'i64' | 'i128' | 'isize';
fragment FloatSuffix : 'f32' | 'f64';
fragment IdentStart : [a-zA-Z_] | ~[\u0000-\u007F];
fragment IdentContinue : [a-zA-Z0-9_] | ~[\u0000-\u007F];

// ---- punctuation (longest first where prefixes overlap)
PlusEq : '+=';
MinusEq : '-=';
StarEq : '*=';
SlashEq : '/=';
PercentEq : '%=';
CaretEq : '^=';
AndEq : '&=';
OrEq : '|=';
ShlEq : '<<=';
Shl : '<<';
Le : '<=';
Ge : '>=';
EqEq : '==';
Ne : '!=';
AndAnd : '&&';
OrOr : '||';
PathSep : '::';
RArrow : '->';
FatArrow : '=>';
LArrow : '<-';
DotDotDot : '...';
DotDotEq : '..=';
DotDot : '..';
Plus : '+';
Minus : '-';
Star : '*';
Slash : '/';
Percent : '%';
Caret : '^';
Not : '!';
And : '&';
Or : '|';
Eq : '=';
Lt : '<';
Gt : '>';
At : '@';
Dot : '.';
Comma : ',';
Semi : ';';
Colon : ':';
Pound : '#';
Dollar : '$';
Question : '?';
Tilde : '~';
LBrace : '{';
RBrace : '}';
LBracket : '[';
RBracket : ']';
LParen : '(';
RParen : ')';

// ---- trivia
Whitespace : [ \t\r\n\u000B\u000C\u0085\u200E\u200F\u2028\u2029]+ -> skip;
LineComment : '//' ~[\r\n]* -> skip;
BlockComment : '/*' ( BlockComment | . )*? '*/' -> skip;
