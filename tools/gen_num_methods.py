#!/usr/bin/env python3
"""Generates the parts of stdlib/std/num.asr that are written alike for every integer type (ASR
has no macros): `checked_add/sub/mul/div/rem/neg/pow`, `from_str_radix`, `checked_abs`, the
integer logarithms (`ilog`, `ilog2`, `ilog10` and their `checked_` forms, with Rust's panics),
the checked and overflowing shifts, `checked_next_power_of_two`, `div_ceil` (unsigned), the
byte-order conversions
(`to_be`/`to_le`/`from_be`/`from_le`),
the byte conversions (`to_be_bytes`/`to_le_bytes`/`to_ne_bytes` and `from_*_bytes`, `[u8; N]`
with N the type's size; native order is little-endian, as on every target asrc builds for),
std's lossless
`From` conversions between the number types (and from `char`), and `TryFrom` between every two
integer types (`TryFromIntError` when the value is out of range). Rewrites num.asr from its
marker line on:

    python3 tools/gen_num_methods.py
"""
import pathlib

MARKER = "// @generated below by tools/gen_num_methods.py: do not edit by hand"
SIGNED = ["i8", "i16", "i32", "i64", "i128", "isize"]
UNSIGNED = ["u8", "u16", "u32", "u64", "u128", "usize"]

HELPERS = '''
// `checked_*`: `None` where the plain operator would overflow (or divide by zero);
// `from_str_radix` with Rust's errors.

fn checked<T>(r: (T, bool)) -> Option<T> {
    if r.1 {
        None
    } else {
        Some(r.0)
    }
}

/// The sign and magnitude of `src` in base `radix`, with Rust's errors; `limit_pos` /
/// `limit_neg` are the largest magnitudes the type holds (`limit_neg` 0: unsigned, where a
/// `-` is an invalid digit).
#[track_caller]
fn parse_radix(src: &str, radix: u32, limit_pos: u128, limit_neg: u128) -> Result<(bool, u128), ParseIntError> {
    if radix < 2 || radix > 36 {
        panic!("from_ascii_radix: radix must lie in the range `[2, 36]` - found {}", radix);
    }
    if src.is_empty() {
        return Err(ParseIntError::new(1));
    }
    let mut digits = src;
    let mut neg = false;
    if src.starts_with('+') {
        digits = &src[1..];
    } else if src.starts_with('-') && limit_neg > 0 {
        digits = &src[1..];
        neg = true;
    }
    if digits.is_empty() {
        return Err(ParseIntError::new(2));
    }
    let limit = if neg { limit_neg } else { limit_pos };
    let mut m: u128 = 0;
    for c in digits.chars() {
        let d = match c.to_digit(radix) {
            Some(d) => d as u128,
            None => return Err(ParseIntError::new(2)),
        };
        m = match m.checked_mul(radix as u128) {
            Some(x) if x <= limit && limit - x >= d => x + d,
            _ => return Err(ParseIntError::new(if neg { 4 } else { 3 })),
        };
    }
    Ok((neg, m))
}

// The integer logarithms' panics (std's messages; the location is the caller's).
#[track_caller]
fn log_of_nonpositive() -> ! {
    panic!("argument of integer logarithm must be positive")
}
#[track_caller]
fn log_base_too_small() -> ! {
    panic!("base of integer logarithm must be at least 2")
}
'''


UNSIGNED_OF = {"i8": "u8", "i16": "u16", "i32": "u32", "i64": "u64", "i128": "u128", "isize": "usize"}


def extra_methods(t):
    """checked_abs (signed), the integer logarithms and the byte conversions of `t`."""
    signed = t in SIGNED
    u = UNSIGNED_OF.get(t, t)
    n = BITS[t] // 8
    nonpos = "self <= 0" if signed else "self == 0"
    bits = BITS[t]
    out = f'''
    /// `self << rhs`, or `None` if `rhs` is not less than the width.
    pub fn checked_shl(self, rhs: u32) -> Option<{t}> {{
        if rhs < {bits} {{ Some(self.wrapping_shl(rhs)) }} else {{ None }}
    }}
    /// `self >> rhs`, or `None` if `rhs` is not less than the width.
    pub fn checked_shr(self, rhs: u32) -> Option<{t}> {{
        if rhs < {bits} {{ Some(self.wrapping_shr(rhs)) }} else {{ None }}
    }}
    /// The shift by `rhs` masked to the width, and whether `rhs` was not less than it.
    pub fn overflowing_shl(self, rhs: u32) -> ({t}, bool) {{
        (self.wrapping_shl(rhs), rhs >= {bits})
    }}
    pub fn overflowing_shr(self, rhs: u32) -> ({t}, bool) {{
        (self.wrapping_shr(rhs), rhs >= {bits})
    }}
    /// Big-endian from native (little-endian) order: the bytes swapped.
    pub fn to_be(self) -> {t} {{
        self.swap_bytes()
    }}
    /// Little-endian from native order: the value itself.
    pub fn to_le(self) -> {t} {{
        self
    }}
    pub fn from_be(x: {t}) -> {t} {{
        x.swap_bytes()
    }}
    pub fn from_le(x: {t}) -> {t} {{
        x
    }}'''
    if not signed:
        out += f'''
    /// The smallest power of two not less than `self`, or `None` if it overflows.
    pub fn checked_next_power_of_two(self) -> Option<{t}> {{
        if self <= 1 {{
            return Some(1);
        }}
        let z = (self - 1).leading_zeros();
        if z == 0 {{ None }} else {{ Some(({t}::MAX >> z) + 1) }}
    }}
    /// `self / rhs` rounded up; panics if `rhs` is 0.
    #[track_caller]
    pub fn div_ceil(self, rhs: {t}) -> {t} {{
        let d = self / rhs;
        if self % rhs > 0 {{ d + 1 }} else {{ d }}
    }}'''
    if signed:
        out += f'''
    pub fn checked_abs(self) -> Option<{t}> {{
        if self == {t}::MIN {{ None }} else {{ Some(if self < 0 {{ -self }} else {{ self }}) }}
    }}'''
    out += f'''
    /// The base-2 logarithm, rounded down; panics if `self` is not positive.
    #[track_caller]
    pub fn ilog2(self) -> u32 {{
        if {nonpos} {{
            log_of_nonpositive();
        }}
        {BITS[t] - 1} - self.leading_zeros()
    }}
    /// The base-10 logarithm, rounded down; panics if `self` is not positive.
    #[track_caller]
    pub fn ilog10(self) -> u32 {{
        if {nonpos} {{
            log_of_nonpositive();
        }}
        let mut n: u32 = 0;
        let mut x = self;
        while x >= 10 {{
            x /= 10;
            n += 1;
        }}
        n
    }}
    /// The logarithm in `base`, rounded down; panics if `base` is less than 2 or `self` is
    /// not positive.
    #[track_caller]
    pub fn ilog(self, base: {t}) -> u32 {{
        if base < 2 {{
            log_base_too_small();
        }}
        if {nonpos} {{
            log_of_nonpositive();
        }}
        let mut n: u32 = 0;
        let mut x = self;
        while x >= base {{
            x /= base;
            n += 1;
        }}
        n
    }}
    pub fn checked_ilog2(self) -> Option<u32> {{
        if {nonpos} {{ None }} else {{ Some(self.ilog2()) }}
    }}
    pub fn checked_ilog10(self) -> Option<u32> {{
        if {nonpos} {{ None }} else {{ Some(self.ilog10()) }}
    }}
    pub fn checked_ilog(self, base: {t}) -> Option<u32> {{
        if {nonpos} || base < 2 {{ None }} else {{ Some(self.ilog(base)) }}
    }}
    /// The bytes, most significant first.
    pub fn to_be_bytes(self) -> [u8; {n}] {{
        let x = self as {u};
        let mut out = [0u8; {n}];
        let mut i = 0;
        while i < {n} {{
            out[{n - 1} - i] = (x >> ((8 * i) as u32)) as u8;
            i += 1;
        }}
        out
    }}
    /// The bytes, least significant first.
    pub fn to_le_bytes(self) -> [u8; {n}] {{
        let x = self as {u};
        let mut out = [0u8; {n}];
        let mut i = 0;
        while i < {n} {{
            out[i] = (x >> ((8 * i) as u32)) as u8;
            i += 1;
        }}
        out
    }}
    /// The bytes in native order (little-endian).
    pub fn to_ne_bytes(self) -> [u8; {n}] {{
        self.to_le_bytes()
    }}
    /// The value of bytes most significant first.
    pub fn from_be_bytes(bytes: [u8; {n}]) -> {t} {{
        let mut x: {u} = 0;
        let mut i = 0;
        while i < {n} {{
            x |= (bytes[i] as {u}) << ((8 * ({n - 1} - i)) as u32);
            i += 1;
        }}
        x as {t}
    }}
    /// The value of bytes least significant first.
    pub fn from_le_bytes(bytes: [u8; {n}]) -> {t} {{
        let mut x: {u} = 0;
        let mut i = 0;
        while i < {n} {{
            x |= (bytes[i] as {u}) << ((8 * i) as u32);
            i += 1;
        }}
        x as {t}
    }}
    /// The value of bytes in native order (little-endian).
    pub fn from_ne_bytes(bytes: [u8; {n}]) -> {t} {{
        {t}::from_le_bytes(bytes)
    }}'''
    return out


def impl(t):
    signed = t in SIGNED
    div_none = f"rhs == 0 || (self == {t}::MIN && rhs == -1)" if signed else "rhs == 0"
    neg = f"if self == {t}::MIN {{ None }} else {{ Some(-self) }}" if signed else "if self == 0 { Some(0) } else { None }"
    if t == "i128":
        limit_neg = "(i128::MAX as u128) + 1"
    elif signed:
        limit_neg = f"({t}::MIN as i128).unsigned_abs()"
    else:
        limit_neg = "0"
    return f'''
impl {t} {{
    pub fn checked_add(self, rhs: {t}) -> Option<{t}> {{
        checked(self.overflowing_add(rhs))
    }}
    pub fn checked_sub(self, rhs: {t}) -> Option<{t}> {{
        checked(self.overflowing_sub(rhs))
    }}
    pub fn checked_mul(self, rhs: {t}) -> Option<{t}> {{
        checked(self.overflowing_mul(rhs))
    }}
    pub fn checked_div(self, rhs: {t}) -> Option<{t}> {{
        if {div_none} {{ None }} else {{ Some(self / rhs) }}
    }}
    pub fn checked_rem(self, rhs: {t}) -> Option<{t}> {{
        if {div_none} {{ None }} else {{ Some(self % rhs) }}
    }}
    pub fn checked_neg(self) -> Option<{t}> {{
        {neg}
    }}
    /// Rust's square-and-multiply, checked at each step.
    pub fn checked_pow(self, mut exp: u32) -> Option<{t}> {{
        if exp == 0 {{
            return Some(1);
        }}
        let mut base = self;
        let mut acc: {t} = 1;
        loop {{
            if exp & 1 == 1 {{
                acc = acc.checked_mul(base)?;
                if exp == 1 {{
                    return Some(acc);
                }}
            }}
            exp /= 2;
            base = base.checked_mul(base)?;
        }}
    }}
    #[track_caller]
    pub fn from_str_radix(src: &str, radix: u32) -> Result<{t}, ParseIntError> {{
        let (neg, m) = parse_radix(src, radix, {t}::MAX as u128, {limit_neg})?;
        Ok(if neg {{ (m as {t}).wrapping_neg() }} else {{ m as {t} }})
    }}{extra_methods(t)}
}}
'''


BITS = {"i8": 8, "i16": 16, "i32": 32, "i64": 64, "i128": 128, "isize": 64,
        "u8": 8, "u16": 16, "u32": 32, "u64": 64, "u128": 128, "usize": 64}

# std's `impl From<S> for D` between number types: the conversions that are lossless on every
# platform (so none to or from usize/isize but u8/u16 -> usize and u8/i8/i16 -> isize).
FROM_INT = {
    "u8": ["u16", "u32", "u64", "u128", "usize", "i16", "i32", "i64", "i128", "isize"],
    "u16": ["u32", "u64", "u128", "usize", "i32", "i64", "i128"],
    "u32": ["u64", "u128", "i64", "i128"],
    "u64": ["u128", "i128"],
    "i8": ["i16", "i32", "i64", "i128", "isize"],
    "i16": ["i32", "i64", "i128", "isize"],
    "i32": ["i64", "i128"],
    "i64": ["i128"],
}
FROM_FLOAT = {
    "f32": ["i8", "i16", "u8", "u16"],
    "f64": ["f32", "i8", "i16", "i32", "u8", "u16", "u32"],
}


def limits(t):
    n = BITS[t]
    return (-(1 << (n - 1)), (1 << (n - 1)) - 1) if t in SIGNED else (0, (1 << n) - 1)


def from_impls():
    out = ["\n// Lossless conversions (`u64::from(x)`, `let y: i64 = x.into()`), as std's.\n"]
    for src, dsts in FROM_INT.items():
        for dst in dsts:
            out.append(f"impl From<{src}> for {dst} {{\n    fn from(x: {src}) -> {dst} {{\n        x as {dst}\n    }}\n}}\n")
    for dst, srcs in FROM_FLOAT.items():
        for src in srcs:
            out.append(f"impl From<{src}> for {dst} {{\n    fn from(x: {src}) -> {dst} {{\n        x as {dst}\n    }}\n}}\n")
    for dst in ["u32", "u64", "u128"]:
        out.append(f"impl From<char> for {dst} {{\n    fn from(c: char) -> {dst} {{\n        c as {dst}\n    }}\n}}\n")
    return "".join(out)


def try_from_impl(src, dst):
    """`impl TryFrom<src> for dst`: the value if it lies in dst's range (compared as i128, or
    as u128 where a u128 is involved)."""
    slo, shi = limits(src)
    dlo, dhi = limits(dst)
    checks = []
    wide = "u128" if src == "u128" or (dst == "u128" and src not in SIGNED) else "i128"
    if dlo > slo:
        checks.append(f"x >= {dlo}")
    if dhi < shi:
        checks.append(f"x <= {dhi}")
    if not checks:  # (always in range)
        return (f"impl TryFrom<{src}> for {dst} {{\n    type Error = TryFromIntError;\n"
                f"    fn try_from(x: {src}) -> Result<{dst}, TryFromIntError> {{\n        Ok(x as {dst})\n    }}\n}}\n")
    if src in ("i128", "u128"):
        cond = " && ".join(checks)
    else:
        cond = " && ".join(c.replace("x ", f"(x as {wide}) ", 1) for c in checks)
    return (f"impl TryFrom<{src}> for {dst} {{\n    type Error = TryFromIntError;\n"
            f"    fn try_from(x: {src}) -> Result<{dst}, TryFromIntError> {{\n"
            f"        if {cond} {{ Ok(x as {dst}) }} else {{ Err(TryFromIntError(())) }}\n"
            f"    }}\n}}\n")


TRY_FROM_HEAD = '''
// Checked conversions between integer types (`u8::try_from(300)`, `let i: usize = n.try_into()?`).
// (std's conversions that cannot fail give `Infallible` errors; here every one gives a
// `TryFromIntError`, never made for them.)

/// The error of an integer conversion whose value is out of the target type's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TryFromIntError(());

impl fmt::Display for TryFromIntError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("out of range integral type conversion attempted")
    }
}
'''


def try_from_impls():
    ints = SIGNED + UNSIGNED
    return TRY_FROM_HEAD + "".join(try_from_impl(s, d) for s in ints for d in ints if s != d)


def main():
    path = pathlib.Path(__file__).resolve().parent.parent / "stdlib" / "std" / "num.asr"
    text = path.read_text()
    head = text.split(MARKER)[0].rstrip("\n")
    body = HELPERS + "".join(impl(t) for t in SIGNED + UNSIGNED) + from_impls() + try_from_impls()
    path.write_text(head + "\n\n" + MARKER + "\n" + body)


if __name__ == "__main__":
    main()
