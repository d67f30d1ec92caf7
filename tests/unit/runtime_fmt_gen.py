#!/usr/bin/env python3
"""Regenerates tests/unit/runtime_fmt_cases.inc: formatting cases whose expected output is
what rustc prints. Needs rustc. Usage: python3 tests/unit/runtime_fmt_gen.py"""
import os, subprocess, tempfile, json

def I(rs, cpp):  # one argument: Rust expression, C++ expression
    return (rs, cpp)

i8 = lambda v: I(f"{v}i8", f"int8_t({v})")
i16 = lambda v: I(f"{v}i16", f"int16_t({v})")
i32 = lambda v: I(f"({v})i32".replace("(", "").replace(")", "") if False else f"({v}i32)", f"int32_t({v})")
i64 = lambda v: I(f"({v}i64)", f"int64_t({v}LL)")
u8 = lambda v: I(f"{v}u8", f"uint8_t({v})")
u16 = lambda v: I(f"{v}u16", f"uint16_t({v})")
u32 = lambda v: I(f"{v}u32", f"uint32_t({v}u)")
u64 = lambda v: I(f"{v}u64", f"uint64_t({v}ULL)")
usize = lambda v: I(f"{v}usize", f"size_t({v})")
f64 = lambda v: I(f"({v}f64)", f"double({v})")
f32 = lambda v: I(f"({v}f32)", f"float({v}f)")
def rust_str(v):
    out = '"'
    for c in v:
        if c in '"\\': out += "\\" + c
        elif c == "\n": out += "\\n"
        elif c == "\t": out += "\\t"
        elif c == "\r": out += "\\r"
        elif ord(c) < 32 or ord(c) == 127: out += "\\u{%x}" % ord(c)
        else: out += c
    return out + '"'

def cpp_str(t):
    out = '"'
    for b in t.encode():
        c = chr(b)
        out += c if 32 <= b < 127 and c not in '"\\?' else '\\x%02x""' % b
    return out + '"'

s = lambda v: I(rust_str(v), "asr::Str(" + cpp_str(v) + ")")
ch = lambda rs, cpp: I(rs, cpp)

CASES = [
    ("{}", [i32(42)]), ("{}", [i32(-42)]), ("{}", [i8(-128)]), ("{}", [u8(255)]),
    ("{}", [I("i64::MIN", "INT64_MIN")]), ("{}", [I("u64::MAX", "UINT64_MAX")]),
    ("{}", [I("i128::MIN", "asr::int_min<asr::i128>")]), ("{}", [I("i128::MAX", "asr::int_max<asr::i128>")]),
    ("{}", [I("u128::MAX", "asr::int_max<asr::u128>")]),
    ("{:5}|{:<5}|{:^5}|{:>5}", [i32(42), i32(42), i32(42), i32(42)]),
    ("{:05}", [i32(-42)]), ("{:+}", [i32(42)]), ("{:+05}", [i32(42)]), ("{:*^9}", [i32(-7)]),
    ("{:x} {:X} {:o} {:b}", [i32(255), i32(255), i32(8), i32(5)]),
    ("{:#x} {:#X} {:#o} {:#b}", [i32(255), i32(255), i32(8), i32(5)]),
    ("{:x}", [i32(-1)]), ("{:x}", [i8(-1)]), ("{:b}", [i16(-2)]), ("{:#010x}", [i32(255)]),
    ("{:#x}", [I("i128::MIN", "asr::int_min<asr::i128>")]), ("{:o}", [I("u128::MAX", "asr::int_max<asr::u128>")]),
    ("{:08b}", [u8(5)]), ("{:>#8x}", [u32(255)]), ("{:?}", [i32(-3)]), ("{:5?}|", [i32(3)]),
    ("{:x?} {:X?} {:#x?}", [i32(255), i32(255), i32(255)]),
    ("{:e}", [i32(1234)]), ("{:E}", [u64(1200)]), ("{:e}", [i32(0)]), ("{:.2e}", [i32(123456)]), ("{:.1e}", [i32(125)]),
    ("{:.5e}", [i32(12)]), ("{:e}", [i32(-5)]),
    # floats
    ("{}", [f64(1.0)]), ("{:?}", [f64(1.0)]), ("{}", [f64(0.1)]), ("{}", [I("(0.1f64+0.2f64)", "(0.1+0.2)")]),
    ("{}", [f64(1.5)]), ("{}", [f64(-0.0)]), ("{:?}", [f64(-0.0)]), ("{}", [f64(1e21)]), ("{:?}", [f64(1e21)]),
    ("{}", [f64(1e-7)]), ("{:?}", [f64(1e-7)]), ("{:?}", [f64(1e16)]), ("{:?}", [f64(1e15)]), ("{:?}", [f64(0.0001)]),
    ("{:?}", [f64(0.00001)]), ("{}", [f64(123456789.125)]), ("{}", [I("f64::MAX", "1.7976931348623157e308")]),
    ("{}", [I("f64::MIN_POSITIVE", "2.2250738585072014e-308")]), ("{:?}", [I("f64::MAX", "1.7976931348623157e308")]),
    ("{}", [I("f64::NAN", "__builtin_nan(\"\")")]), ("{}", [I("f64::INFINITY", "__builtin_inf()")]),
    ("{}", [I("f64::NEG_INFINITY", "-__builtin_inf()")]), ("{:?}", [I("f64::NAN", "__builtin_nan(\"\")")]),
    ("{:+}", [f64(1.0)]), ("{:+}", [I("f64::NAN", "__builtin_nan(\"\")")]), ("{:+}", [I("f64::INFINITY", "__builtin_inf()")]),
    ("{:05}", [I("f64::NAN", "__builtin_nan(\"\")")]), ("{:05}", [I("f64::NEG_INFINITY", "-__builtin_inf()")]),
    ("{:.2}", [f64(3.14159)]), ("{:.0}", [f64(0.5)]), ("{:.0}", [f64(1.5)]), ("{:.0}", [f64(2.5)]), ("{:.1}", [f64(0.25)]),
    ("{:.1}", [f64(0.35)]), ("{:.2}", [f64(0.125)]), ("{:.3}", [f64(-0.0)]), ("{:8.3}|", [f64(-1.5)]), ("{:08.3}", [f64(-1.5)]),
    ("{:<8.2}|", [f64(2.0)]), ("{:^9}|", [f64(2.5)]), ("{:+.1}", [f64(2.25)]), ("{:.3?}", [f64(1.0)]), ("{:.20}", [f64(0.1)]),
    ("{:e}", [f64(1234.5)]), ("{:E}", [f64(0.00012)]), ("{:e}", [f64(1.0)]), ("{:e}", [f64(0.0)]), ("{:.2e}", [f64(1234.5)]),
    ("{:.0e}", [f64(2.5)]), ("{:e}", [f64(-1e100)]), ("{:12e}|", [f64(1.5)]),
    ("{}", [f32(0.1)]), ("{:?}", [f32(1.0)]), ("{}", [f32(16777216.0)]), ("{}", [I("f32::MAX", "3.40282347e38f")]),
    ("{:?}", [f32(1e-5)]), ("{}", [I("(1.0f32/3.0)", "(1.0f/3.0f)")]), ("{:.3}", [f32(2.0005)]), ("{:e}", [f32(0.3)]),
    ("{}", [f64(100.0)]), ("{:?}", [f64(100.0)]), ("{}", [f64(5e-324)]), ("{:?}", [f64(5e-324)]), ("{:?}", [f64(123456.0)]),
    # bool, char, str
    ("{} {}", [I("true", "true"), I("false", "false")]), ("{:>6}|{:<6}|{:^7}|", [I("true", "true")] * 3), ("{:?}", [I("true", "true")]),
    ("{:.2}", [I("true", "true")]),
    ("{}", [ch("'x'", "U'x'")]), ("{:?}", [ch("'x'", "U'x'")]), ("{:?}", [ch("'\\n'", "U'\\n'")]), ("{:?}", [ch("'\\''", "U'\\''")]),
    ("{:?}", [ch("'\"'", "U'\"'")]), ("{:?}", [ch("'\\u{7f}'", "char32_t(0x7f)")]), ("{:?}", [ch("'\\0'", "char32_t(0)")]),
    ("{:?}", [ch("'é'", "char32_t(0xe9)")]), ("{:?}", [ch("'\\u{301}'", "char32_t(0x301)")]), ("{:?}", [ch("'\\u{200b}'", "char32_t(0x200b)")]),
    ("{:>3}|{:<3}|{:^3}|", [ch("'é'", "char32_t(0xe9)")] * 3), ("{:5?}|", [ch("'a'", "U'a'")]), ("{}", [ch("'\\u{1F600}'", "char32_t(0x1F600)")]),
    ("{}", [s("hello")]), ("{:?}", [s("a\"b\n")]), ("{:?}", [s("it's")]), ("{:?}", [s("tab\there\r\\")]),
    ("{:?}", [s("\u0001\u007f\u0080\u00ad")]), ("{:?}", [s("e\u0301x")]), ("{:?}", [s("\u2028\ufeff")]), ("{:?}", [s("héllo wörld 😀")]),
    ("{:10}|", [s("ab")]), ("{:>10}|", [s("ab")]), ("{:^10}|", [s("ab")]), ("{:-^11}|", [s("ab")]), ("{:10?}|", [s("ab")]),
    ("{:.3}", [s("hello")]), ("{:>8.3}|", [s("hello")]), ("{:.2}", [s("héllo")]), ("{:5}|", [s("héé")]), ("{:🦀^7}", [s("x")]),
    ("{:?}", [s("")]), ("{}", [I("\"a\\0b\"", "asr::Str(\"a\\0b\")")]),
    # positional, width/precision from args, escapes
    ("{1} {0} {1}", [i32(1), i32(2)]), ("{{}} {{{}}}", [i32(5)]), ("{:1$}|", [i32(7), usize(5)]), ("{:.*}", [usize(2), f64(1.23456)]),
    ("{0:>1$.2$}|", [f64(3.14159), usize(8), usize(3)]), ("{:>1$}|", [i32(3), usize(4)]),
    ("{} {:?} {}", [s("a"), s("b"), i32(3)]), ("no args", []), ("{}%", [u8(50)]),
    ("{:?}", [I("()", "asr::Unit{}")]), ("{:>4?}|", [I("()", "asr::Unit{}")]),
    # Duration Debug
    ("{:?}", [I("std::time::Duration::from_millis(1500)", "asr::time::Duration::from_millis(1500)")]),
    ("{:?}", [I("std::time::Duration::from_millis(10)", "asr::time::Duration::from_millis(10)")]),
    ("{:?}", [I("std::time::Duration::new(1, 1)", "asr::time::Duration::new_(1, 1)")]),
    ("{:?}", [I("std::time::Duration::ZERO", "asr::time::Duration::ZERO")]),
    ("{:?}", [I("std::time::Duration::from_micros(1500)", "asr::time::Duration::from_micros(1500)")]),
    ("{:?}", [I("std::time::Duration::from_nanos(1500)", "asr::time::Duration::from_nanos(1500)")]),
    ("{:?}", [I("std::time::Duration::from_nanos(999)", "asr::time::Duration::from_nanos(999)")]),
    ("{:?}", [I("std::time::Duration::MAX", "asr::time::Duration::MAX")]),
    ("{:.2?}", [I("std::time::Duration::from_millis(1500)", "asr::time::Duration::from_millis(1500)")]),
    ("{:.0?}", [I("std::time::Duration::from_millis(1500)", "asr::time::Duration::from_millis(1500)")]),
    ("{:.0?}", [I("std::time::Duration::from_millis(2500)", "asr::time::Duration::from_millis(2500)")]),
    ("{:.3?}", [I("std::time::Duration::new(1, 999_999_999)", "asr::time::Duration::new_(1, 999999999)")]),
    ("{:.0?}", [I("std::time::Duration::MAX", "asr::time::Duration::MAX")]),
    ("{:10?}|", [I("std::time::Duration::from_millis(10)", "asr::time::Duration::from_millis(10)")]),
    ("{:>10?}|", [I("std::time::Duration::from_micros(7)", "asr::time::Duration::from_micros(7)")]),
    ("{:+?}", [I("std::time::Duration::from_secs(3)", "asr::time::Duration::from_secs(3)")]),
    ("{:^12.1?}|", [I("std::time::Duration::from_millis(1234)", "asr::time::Duration::from_millis(1234)")]),
    ("{:?}", [I("std::time::Duration::from_secs_f64(0.1)", "asr::time::Duration::from_secs_f64(0.1)")]),
    ("{:?}", [I("std::time::Duration::from_secs_f64(2.7e-9)", "asr::time::Duration::from_secs_f64(2.7e-9)")]),
]

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    lines = ["fn main() {"]
    for k, (fmt, args) in enumerate(CASES):
        a = "".join(", " + r for r, _ in args)
        lines.append('    print!("\\u{1e}");')
        lines.append(f'    print!({rust_str(fmt)}{a});')
    lines.append('    print!("\\u{1e}");')
    lines.append("}")
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "cases.rs")
        open(src, "w").write("\n".join(lines) + "\n")
        subprocess.run(["rustc", "-A", "warnings", "-o", os.path.join(d, "cases"), src], check=True)
        out = subprocess.run([os.path.join(d, "cases")], check=True, capture_output=True).stdout.decode()
    results = out.split("\x1e")[1:-1]  # one record separator before each case and at the end
    assert len(results) == len(CASES), (len(results), len(CASES))
    cstr = cpp_str
    with open(os.path.join(here, "runtime_fmt_cases.inc"), "w") as f:
        f.write("// Generated by tests/unit/runtime_fmt_gen.py from rustc's output. Do not edit.\n")
        f.write("// CASE(expected, format, args...)\n")
        for (fmt, args), exp in zip(CASES, results):
            a = "".join(", " + c for _, c in args)
            f.write(f"CASE({cstr(exp)}, {cstr(fmt)}{a})\n")
    print(f"{len(CASES)} cases")

main()
