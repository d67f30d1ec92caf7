#!/usr/bin/env python3
"""Regenerates tests/unit/runtime_num_cases.inc: cases of asr::num (Rust's primitive methods,
stdlib/cpp/include/asr/std/num.hpp) whose expected results and panic messages are what a
rustc debug build computes. Needs rustc. Usage: python3 tests/unit/runtime_num_gen.py
[--keep DIR] (keeps the generated Rust program, num_cases.rs, in DIR).

Every case is one Rust method call `bb(recv).m(args)` and the C++ call
`asr::num::m(recv, args[, L])`; the Rust program prints each result (floats as bits) or
`PANIC:<message>`. The .inc holds them as data, one table per method and argument types
(ROW(expected, args...) / PANIC_ROW(message, args...)), so that the test compiles each
method once per type rather than once per case (the sanitizer builds stay quick).
The char and u8 predicates are checked exhaustively: Rust prints every code point (byte)
for which each one holds (CHAR_SET / U8_SET / CHAR_MAP / DIGIT_SET). SECTION_BEGIN(name) /
SECTION_END() make one GoogleTest of each group (a type each)."""
import math, os, struct, subprocess, sys, tempfile

# ---- types -------------------------------------------------------------------------------

INTS = {  # Rust name: (bits, signed, C++ type)
    "i8": (8, True, "int8_t"), "i16": (16, True, "int16_t"), "i32": (32, True, "int32_t"),
    "i64": (64, True, "int64_t"), "i128": (128, True, "asr::i128"),
    "u8": (8, False, "uint8_t"), "u16": (16, False, "uint16_t"), "u32": (32, False, "uint32_t"),
    "u64": (64, False, "uint64_t"), "u128": (128, False, "asr::u128"),
}
# The same Rust types under their other C++ spellings (isize/usize are ptrdiff_t/size_t,
# which are int64_t/uint64_t on LP64; long long is a distinct C++ type).
ALIASES = {"isize": ("i64", "ptrdiff_t"), "usize": ("u64", "size_t"),
           "i64ll": ("i64", "long long"), "u64ll": ("u64", "unsigned long long")}

def info(t):
    if t in ALIASES:
        base, cpp = ALIASES[t]
        bits, signed, _ = INTS[base]
        rs = {"isize": "isize", "usize": "usize"}.get(t, base)
        return bits, signed, cpp, rs
    bits, signed, cpp = INTS[t]
    return bits, signed, cpp, t

def lim(t):
    bits, signed, _, _ = info(t)
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)

def unsigned_of(t):
    bits, signed, _, _ = info(t)
    return {8: "u8", 16: "u16", 32: "u32", 64: "u64", 128: "u128"}[bits] if t not in ALIASES else {
        "isize": "usize", "usize": "usize", "i64ll": "u64ll", "u64ll": "u64ll"}[t]

def rs_int(t, v):
    lo, hi = lim(t)
    rs = info(t)[3]
    if v == lo and lo < 0: return f"{rs}::MIN"
    if v == hi: return f"{rs}::MAX"
    return f"({v}{rs})" if v < 0 else f"{v}{rs}"

def cpp_int(t, v):
    cpp = info(t)[2]
    if " " in cpp: cpp = f"static_cast<{cpp}>"
    if -(1 << 31) <= v < (1 << 31): return f"{cpp}({v})"
    if 0 < v < (1 << 63) or -(1 << 63) < v < 0: return f"{cpp}({v}LL)"
    if (1 << 63) <= v < (1 << 64): return f"{cpp}({v}ULL)"
    if v == -(1 << 63): return f"{cpp}(INT64_MIN)"
    u = v % (1 << 128)
    return f"{cpp}(U128(0x{u >> 64:x}ULL, 0x{u & ((1 << 64) - 1):x}ULL))"

def wrap(t, v):
    lo, hi = lim(t)
    m = hi - lo + 1
    return (v - lo) % m + lo

F = {"f32": ("float", "F32", "<I", "<f", 8), "f64": ("double", "F64", "<Q", "<d", 16)}

def fbits(t, v):
    if isinstance(v, str): return int(v, 16)  # given as bits
    _, _, ip, fp, _ = F[t]
    return struct.unpack(ip, struct.pack(fp, v))[0]

def rs_float(t, v): return f"{t}::from_bits(0x{fbits(t, v):x})"
def cpp_float(t, v):
    _, mk, _, _, _ = F[t]
    return f"{mk}(0x{fbits(t, v):x}{'ULL' if t == 'f64' else 'u'})"

def rs_u32(v): return f"{v}u32"
def cpp_u32(v): return f"uint32_t({v}u)"
def rs_i32(v): return "i32::MIN" if v == -(1 << 31) else f"({v}i32)"
def cpp_i32(v): return "INT32_MIN" if v == -(1 << 31) else f"int32_t({v})"
def rs_char(c): return f"char::from_u32(0x{c:x}).unwrap()"
def cpp_char(c): return f"char32_t(0x{c:x})"

# ---- cases ---------------------------------------------------------------------------------

CASES = []  # (rust expression, method, C++ arguments, takes a Loc, result kind, section)
SECTION = [""]

def call(rs_recv, cpp_recv, m, rs_args=(), cpp_args=(), loc=False, rs_method=None, kind=None, rs_ref=False):
    amp = "&" if rs_ref else ""
    rs = f"bb({rs_recv}).{rs_method or m}({', '.join(f'{amp}bb({a})' for a in rs_args)})"
    CASES.append((rs, m, [cpp_recv, *cpp_args], loc, kind, SECTION[0]))

def ctype_of(lit):  # the C++ type of a literal made by the cpp_* helpers above
    if lit.startswith("static_cast<"): return lit[len("static_cast<"):lit.index(">")]
    if lit.startswith("F64("): return "double"
    if lit.startswith("F32("): return "float"
    if lit == "INT32_MIN": return "int32_t"
    return lit[:lit.index("(")]

def int_values(t):
    bits, signed, _, _ = info(t)
    lo, hi = lim(t)
    sq = math.isqrt(hi)
    vs = {0, 1, 2, 5, hi, hi // 2 + 1, wrap(t, 0x0123456789ABCDEF0123456789ABCDEF), sq * sq, sq * sq - 1}
    if signed: vs |= {-1, -100, lo, lo + 1}
    else: vs |= {hi // 2 + 2}
    return sorted(v for v in vs if lo <= v <= hi)

def int_pairs(t):
    _, signed, _, _ = info(t)
    lo, hi = lim(t)
    ps = [(7, 3), (0, 0), (5, 0), (hi, 1), (hi, hi), (hi, 2), (hi - 1, hi), (hi // 2 + 1, 2)]
    if signed:
        ps += [(-7, 3), (7, -3), (-7, -3), (lo, -1), (lo, lo), (lo, hi), (-1, lo), (lo + 1, -1)]
    return [p for p in ps if all(lo <= v <= hi for v in p)]

UNARY_I = [("count_ones", "u32"), ("count_zeros", "u32"), ("leading_zeros", "u32"), ("trailing_zeros", "u32"),
           ("leading_ones", "u32"), ("trailing_ones", "u32"), ("swap_bytes", "T"), ("reverse_bits", "T"),
           ("wrapping_neg", "T"), ("isqrt", "T")]
UNARY_S = [("abs", "T"), ("wrapping_abs", "T"), ("signum", "T"), ("is_positive", "bool"),
           ("is_negative", "bool"), ("unsigned_abs", "U")]
UNARY_U = [("is_power_of_two", "bool"), ("next_power_of_two", "T"), ("wrapping_next_power_of_two", "T")]
BIT_METHODS = {"count_ones", "count_zeros", "leading_zeros", "trailing_zeros", "leading_ones", "trailing_ones",
               "swap_bytes", "reverse_bits"}
LOC_METHODS = {"abs", "isqrt", "next_power_of_two", "pow", "clamp", "div_euclid", "rem_euclid",
               "wrapping_div", "wrapping_rem"}
BINARY_I = [("min", "T"), ("max", "T"), ("abs_diff", "U"), ("wrapping_add", "T"), ("wrapping_sub", "T"),
            ("wrapping_mul", "T"), ("wrapping_div", "T"), ("wrapping_rem", "T"), ("saturating_add", "T"),
            ("saturating_sub", "T"), ("saturating_mul", "T"), ("overflowing_add", "tuple"),
            ("overflowing_sub", "tuple"), ("overflowing_mul", "tuple"), ("div_euclid", "T"), ("rem_euclid", "T")]

def int_cases(t, full=True):
    _, signed, _, _ = info(t)
    lo, hi = lim(t)
    unary = UNARY_I + (UNARY_S if signed else UNARY_U)
    pattern = wrap(t, 0x0123456789ABCDEF0123456789ABCDEF)
    for v in int_values(t) if full else [lo, 100]:
        for m, k in unary:
            if m in BIT_METHODS and v not in (0, 1, pattern, hi, lo, hi // 2 + 1): continue
            rm = "checked_next_power_of_two" if m == "wrapping_next_power_of_two" else None
            call(rs_int(t, v), cpp_int(t, v), m, loc=m in LOC_METHODS, rs_method=rm, kind=(t, k))
            if rm:  # Rust has no stable wrapping_next_power_of_two: checked_..().unwrap_or(0)
                CASES[-1] = (CASES[-1][0] + ".unwrap_or(0)", *CASES[-1][1:])
    for a, b in int_pairs(t) if full else [(hi, 1), (5, 0)]:
        for m, k in BINARY_I:
            call(rs_int(t, a), cpp_int(t, a), m, [rs_int(t, b)], [cpp_int(t, b)], loc=m in LOC_METHODS, kind=(t, k))
    bits = info(t)[0]
    pattern = wrap(t, 0x0123456789ABCDEF0123456789ABCDEF)
    for v in ([pattern, lo if signed else hi] if full else [pattern]):
        for n in ([0, 1, bits - 1, bits, bits + 3, 0xFFFFFFFF] if full else [bits + 1]):
            for m in ("rotate_left", "rotate_right", "wrapping_shl", "wrapping_shr"):
                call(rs_int(t, v), cpp_int(t, v), m, [rs_u32(n)], [cpp_u32(n)], kind=(t, "T"))
    # (base, exponent): the overflow edges of each width, 0^0, +-1 to huge powers.
    pw = [(0, 0), (0, 0xFFFFFFFF), (1, 0xFFFFFFFF), (hi, 0), (hi, 1), (hi, 2), (2, bits - 2), (2, bits - 1),
          (2, bits), (3, int(bits / math.log2(3))), (3, int(bits / math.log2(3)) + 1), (10, 3)]
    if signed:
        pw += [(-1, 0xFFFFFFFF), (-1, 0xFFFFFFFE), (-2, bits - 1), (-2, bits), (-2, bits - 2), (lo, 1), (lo, 2),
               (-3, int((bits - 1) / math.log2(3))), (-3, int((bits - 1) / math.log2(3)) + 1)]
    for v, e in (pw if full else [(2, bits)]):
        for m in ("pow", "wrapping_pow", "saturating_pow"):
            call(rs_int(t, v), cpp_int(t, v), m, [rs_u32(e)], [cpp_u32(e)], loc=m in LOC_METHODS, kind=(t, "T"))
    triples = [(5, 1, 10), (0, 1, 10), (11, 1, 10), (5, 5, 5), (5, 10, 1), (0, hi, hi - 1), (lo, lo, hi),
               (hi, lo, hi), (3, 2, 2)]
    if signed: triples += [(-5, -3, 3), (lo, -1, 1), (0, hi, lo), (0, -1, -2)]
    for x, a, b in triples if full else [(5, 1, 10), (5, 10, 1)]:
        call(rs_int(t, x), cpp_int(t, x), "clamp", [rs_int(t, a), rs_int(t, b)],
             [cpp_int(t, a), cpp_int(t, b)], loc=True, kind=(t, "T"))

SECTION_NAMES = {"i8": "I8", "i16": "I16", "i32": "I32", "i64": "I64", "i128": "I128", "u8": "U8",
                 "u16": "U16", "u32": "U32", "u64": "U64", "u128": "U128"}
for t in INTS:
    SECTION[0] = SECTION_NAMES[t]
    int_cases(t)
SECTION[0] = "IsizeUsizeLongLong"
for t in ALIASES: int_cases(t, full=False)

FVALS = {
    "f64": [0.0, "8000000000000000", 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.7, -3.7, 0.1, 10.0,
            0.9999999, 1e-5, 3.141592653589793, 1e10, -1e10, 4503599627370497.0, 1e300,
            "1", "fffffffffffff", "10000000000000", "7fefffffffffffff", "ffefffffffffffff",
            "7ff0000000000000", "fff0000000000000", "7ff8000000000000", "fff8000000000000"],
    "f32": [0.0, "80000000", 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.7, -3.7, 0.1, 10.0,
            0.9999999, 1e-5, 3.1415927, 1e10, -1e10, 8388609.0, 1e30, "1", "7fffff", "800000", "7f7fffff",
            "ff7fffff", "7f800000", "ff800000", "7fc00000", "ffc00000"],
}
UNARY_F = [("abs", "F"), ("sqrt", "F"), ("cbrt", "F"), ("exp", "F"), ("exp2", "F"), ("ln", "F"), ("log2", "F"),
           ("log10", "F"), ("floor", "F"), ("ceil", "F"), ("round", "F"), ("trunc", "F"), ("fract", "F"),
           ("sin", "F"), ("cos", "F"), ("tan", "F"), ("asin", "F"), ("acos", "F"), ("atan", "F"),
           ("sinh", "F"), ("cosh", "F"), ("tanh", "F"), ("asinh", "F"), ("acosh", "F"), ("atanh", "F"),
           ("recip", "F"), ("to_degrees", "F"), ("to_radians", "F"), ("signum", "F"), ("is_nan", "bool"),
           ("is_infinite", "bool"), ("is_finite", "bool"), ("is_normal", "bool"),
           ("is_sign_positive", "bool"), ("is_sign_negative", "bool")]
LIBM_F = {"exp", "exp2", "ln", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh"}
BINARY_F = ["powf", "log", "atan2", "hypot", "copysign", "rem_euclid", "div_euclid", "min", "max"]

for t in F:
    SECTION[0] = t.upper()
    vals = FVALS[t]
    for i, v in enumerate(vals):
        for m, k in UNARY_F:
            # libm's own functions (Rust calls the same ones): a few values each
            if m in LIBM_F and not (i % 3 == 0 or i >= len(vals) - 8): continue
            call(rs_float(t, v), cpp_float(t, v), m, kind=(t, k))
    nan = "7ff8000000000000" if t == "f64" else "7fc00000"
    nnan = "fff8000000000000" if t == "f64" else "ffc00000"
    inf = "7ff0000000000000" if t == "f64" else "7f800000"
    ninf = "fff0000000000000" if t == "f64" else "ff800000"
    nz = "8000000000000000" if t == "f64" else "80000000"
    big = 1e300 if t == "f64" else 1e30
    pairs = [(2.0, 3.0), (2.0, 0.5), (-8.0, 1.0 / 3.0), (7.0, 4.0), (-7.0, 4.0), (7.0, -4.0), (-7.0, -4.0),
             (0.0, nz), (nz, 0.0), (1.0, nan), (nan, 1.0), (nan, nnan), (nnan, 1.0), (inf, 2.0), (2.0, inf),
             (ninf, inf), (0.0, 0.0), (-1.0, 0.5), (100.0, 10.0), (1e-5, 3.0), (5.5, 0.0), (-0.1, 3.0),
             (3.7, -1.5), (1.0, -1.0), (10.0, 1.0), (2.0, 1024.0), (0.5, -1074.0), (ninf, nan)]
    for a, b in pairs:
        for m in BINARY_F:
            call(rs_float(t, a), cpp_float(t, a), m, [rs_float(t, b)], [cpp_float(t, b)], kind=(t, "F"))
    for v in [-2.0, 1.1, 3.7, -0.1, nz, nan, inf, 1.0000001]:
        for n in [0, 1, 2, 3, 13, 1000, -1, -7, 2147483647, -(1 << 31)]:
            call(rs_float(t, v), cpp_float(t, v), "powi", [rs_i32(n)], [cpp_i32(n)], kind=(t, "F"))
    for x, a, b in [(2.0, 3.0, 4.0), (0.1, 10.0, -1.0), (1.0000001, 0.9999999, -1.0), (inf, 0.0, 1.0),
                    (big, big, ninf), (nz, 1.0, 0.0), (-1.0, 0.0, nz), (nan, 1.0, 1.0), (3.0, nan, 1.0)]:
        call(rs_float(t, x), cpp_float(t, x), "mul_add", [rs_float(t, a), rs_float(t, b)],
             [cpp_float(t, a), cpp_float(t, b)], kind=(t, "F"))
    for x, a, b in [(5.0, 1.0, 10.0), (0.0, 1.0, 10.0), (11.0, 1.0, 10.0), (nan, 1.0, 2.0), (nz, 0.0, 1.0),
                    (0.0, nz, nz), (-1.0, ninf, inf), (1.0, 2.0, 1.0), (1.0, nan, 1.0), (1.0, 1.0, nan),
                    (1.0, nnan, nnan), (1.0, inf, 1e-7), (1.0, 1e30, 0.1), (1.0, 2.5, nz), (1.0, 0.0, nz),
                    (1.0, 1e16, 1e15), (1.0, 1.0e-5, 1.0e-6), (1.0, 123456789.0, -0.3), (1.0, inf, ninf),
                    (1.0, "1", "0")]:
        call(rs_float(t, x), cpp_float(t, x), "clamp", [rs_float(t, a), rs_float(t, b)],
             [cpp_float(t, a), cpp_float(t, b)], loc=True, kind=(t, "F"))

SECTION[0] = "CharAndU8"
for c in [0, 0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF]:
    call(rs_char(c), cpp_char(c), "len_utf8", kind=("char", "usize"))
for a, b in [(0x61, 0x41), (0x41, 0x61), (0x5A, 0x7A), (0x40, 0x60), (0x5B, 0x7B), (0xE9, 0xC9), (0x31, 0x31),
             (0x131, 0x49), (0x17F, 0x53), (0x212A, 0x6B), (0x61, 0x62)]:
    call(rs_char(a), cpp_char(a), "eq_ignore_ascii_case", [rs_char(b)], [cpp_char(b)], kind=("char", "bool"),
         rs_ref=True)
for a, b in [(0x61, 0x41), (0x5A, 0x7A), (0x40, 0x60), (0xE9, 0xC9), (0xFF, 0xDF), (0x31, 0x31), (0x61, 0x62)]:
    call(f"{a}u8", f"uint8_t({a})", "eq_ignore_ascii_case", [f"{b}u8"], [f"uint8_t({b})"], kind=("u8", "bool"),
         rs_ref=True)
for c in [0x30, 0x61, 0x7A]:
    for r in [0, 1, 2, 10, 11, 16, 35, 36, 37, 100, 0xFFFFFFFF]:
        call(rs_char(c), cpp_char(c), "is_digit", [rs_u32(r)], [cpp_u32(r)], loc=True, kind=("char", "bool"))

CHAR_PREDS = ["is_ascii", "is_ascii_alphabetic", "is_ascii_uppercase", "is_ascii_lowercase",
              "is_ascii_alphanumeric", "is_ascii_digit", "is_ascii_hexdigit", "is_ascii_punctuation",
              "is_ascii_graphic", "is_ascii_whitespace", "is_ascii_control"]

# ---- the Rust program ----------------------------------------------------------------------

RS_HEAD = r'''// Generated by tests/unit/runtime_num_gen.py: every case of runtime_num_cases.inc.
#![allow(unused_parens, unconditional_panic, arithmetic_overflow, clippy::all)]
use std::panic;
fn bb<T>(x: T) -> T { std::hint::black_box(x) }
trait Show { fn show(&self) -> String; }
macro_rules! show_int { ($($t:ty)*) => { $(impl Show for $t { fn show(&self) -> String { format!("{}", self) } })* } }
show_int!(i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize bool);
impl Show for f32 { fn show(&self) -> String { format!("{:x}", self.to_bits()) } }
impl Show for f64 { fn show(&self) -> String { format!("{:x}", self.to_bits()) } }
impl<T: Show> Show for (T, bool) { fn show(&self) -> String { format!("{} {}", self.0.show(), self.1) } }
fn run<R: Show>(f: impl FnOnce() -> R + panic::UnwindSafe) {
    match panic::catch_unwind(f) {
        Ok(v) => println!("{}", v.show()),
        Err(e) => {
            let m = if let Some(s) = e.downcast_ref::<&str>() { s.to_string() }
                    else if let Some(s) = e.downcast_ref::<String>() { s.clone() } else { "?".into() };
            println!("PANIC:{}", m);
        }
    }
}
fn set(name: &str, f: impl Fn(char) -> bool) {
    let v: Vec<String> = (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| f(c))
        .map(|c| format!("0x{:x}", c as u32)).collect();
    println!("{} {}", name, v.join(", "));
}
fn map(name: &str, f: impl Fn(char) -> char) {
    let v: Vec<String> = (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| f(c) != c)
        .map(|c| format!("{{0x{:x}, 0x{:x}}}", c as u32, f(c) as u32)).collect();
    println!("{} {}", name, v.join(", "));
}
fn set8(name: &str, f: impl Fn(u8) -> bool) {
    let v: Vec<String> = (0..=255u8).filter(|&b| f(b)).map(|b| format!("0x{:x}", b)).collect();
    println!("{} {}", name, v.join(", "));
}
fn map8(name: &str, f: impl Fn(u8) -> u8) {
    let v: Vec<String> = (0..=255u8).filter(|&b| f(b) != b).map(|b| format!("{{0x{:x}, 0x{:x}}}", b, f(b))).collect();
    println!("{} {}", name, v.join(", "));
}
fn main() {
    panic::set_hook(Box::new(|_| {}));
'''

def rust_program():
    out = [RS_HEAD]
    for rs, *_ in CASES:
        out.append(f"    run(|| {rs});\n")
    for p in CHAR_PREDS + ["is_whitespace"]:
        out.append(f'    set("CHAR_SET({p}", |c| c.{p}());\n')
    for p in CHAR_PREDS:
        out.append(f'    set8("U8_SET({p}", |b| b.{p}());\n')
    for m in ["to_ascii_uppercase", "to_ascii_lowercase"]:
        out.append(f'    map("CHAR_MAP({m}", |c| c.{m}());\n')
        out.append(f'    map8("U8_MAP({m}", |b| b.{m}());\n')
    for r in range(2, 37):
        out.append(f'    set("DIGIT_SET({r}", |c| c.is_digit({r}));\n')
    out.append("}\n")
    return "".join(out)

def cpp_result_type(kind):
    t, k = kind
    return {"bool": "bool", "u32": "uint32_t", "usize": "size_t"}.get(k) or (
        F[t][0] if k == "F" else info(t)[2] if k == "T" else info(unsigned_of(t))[2] if k == "U"
        else f"Ov<{info(t)[2]}>")

def cpp_expected(kind, text):
    t, k = kind
    if k == "bool": return text
    if k == "u32": return f"uint32_t({text}u)"
    if k == "usize": return f"size_t({text})"
    if k == "F": return cpp_float(t, text)
    if k == "T": return cpp_int(t, int(text))
    if k == "U": return cpp_int(unsigned_of(t), int(text))
    if k == "tuple":
        v, b = text.split()
        return f"(Ov<{info(t)[2]}>{{{cpp_int(t, int(v))}, {b}}})"
    raise ValueError(kind)

def main():
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    with tempfile.TemporaryDirectory() as d:
        d = keep or d
        src = os.path.join(d, "num_cases.rs")
        with open(src, "w") as f: f.write(rust_program())
        exe = os.path.join(d, "num_cases")
        subprocess.run(["rustc", "-C", "opt-level=0", "-C", "debug-assertions=on", "-o", exe, src], check=True)
        lines = subprocess.run([exe], check=True, capture_output=True, text=True).stdout.splitlines()
    n = len(CASES)
    res, sets = lines[:n], lines[n:]
    out = ["// Generated by tests/unit/runtime_num_gen.py from rustc's output. Do not edit.\n",
           "// TABLE(result type, argument types...) ROW(expected, arguments...) / PANIC_ROW(message,\n",
           "// arguments...) ... END_TABLE[_LOC](method) (_LOC: the call takes the Loc L last);\n",
           "// *_SET(fn, members...): every code point / byte for which fn holds; *_MAP(fn, {from, to}...):\n",
           "// every one it changes.\n"]
    tables = {}  # (section, method, loc, types) -> rows, in first-seen order
    for (rs, m, args, loc, kind, sec), r in zip(CASES, res):
        key = (sec, m, loc, (cpp_result_type(kind), *map(ctype_of, args)))
        if r.startswith("PANIC:"):
            msg = r[len("PANIC:"):].replace("\\", "\\\\").replace('"', '\\"')
            row = f'PANIC_ROW("{msg}", {", ".join(args)})\n'
        else:
            row = f"ROW({cpp_expected(kind, r)}, {', '.join(args)})\n"
        tables.setdefault(key, []).append(row)
    section = None
    for (sec, m, loc, types), rows in tables.items():
        if sec != section:
            if section is not None: out.append("SECTION_END()\n")
            out.append(f"SECTION_BEGIN({sec})\n")
            section = sec
        out.append(f"TABLE({', '.join(types)})\n")
        out += rows
        out.append(f"END_TABLE{'_LOC' if loc else ''}({m})\n")
    out.append("SECTION_END()\nSECTION_BEGIN(CharAndU8Exhaustive)\n")
    for line in sets:
        head, _, members = line.partition(" ")
        out.append(f"{head}{', ' if members else ''}{members})\n")
    out.append("SECTION_END()\n")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runtime_num_cases.inc")
    with open(path, "w") as f: f.write("".join(out))
    print(f"wrote {path}: {n} cases in {len(tables)} tables, {len(sets)} exhaustive sets")

main()
