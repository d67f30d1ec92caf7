#!/usr/bin/env python3
"""Generates the checked arithmetic of stdlib/std/num.asr: `checked_add/sub/mul/div/rem/neg/
pow` and `from_str_radix` for every integer type, written alike (ASR has no macros). Rewrites
num.asr from its marker line on:

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
'''


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
    }}
}}
'''


def main():
    path = pathlib.Path(__file__).resolve().parent.parent / "stdlib" / "std" / "num.asr"
    text = path.read_text()
    head = text.split(MARKER)[0].rstrip("\n")
    body = HELPERS + "".join(impl(t) for t in SIGNED + UNSIGNED)
    path.write_text(head + "\n\n" + MARKER + "\n" + body)


if __name__ == "__main__":
    main()
