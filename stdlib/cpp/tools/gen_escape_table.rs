fn ranges(f: impl Fn(char) -> bool) -> Vec<(u32, u32)> {
    let mut v: Vec<(u32, u32)> = vec![];
    for u in 0u32..=0x10FFFF {
        if let Some(c) = char::from_u32(u) {
            if f(c) {
                if let Some(last) = v.last_mut() { if last.1 + 1 == u { last.1 = u; continue; } }
                v.push((u, u));
            }
        }
    }
    v
}
fn main() {
    // Code points that char::escape_debug prints as \u{..}, minus the simple escapes.
    // (rustc 1.95 escapes the same set inside <str as Debug>, at any position.)
    // With the argument `later`: those of them that str::escape_debug leaves as they are
    // after the first char (the printable grapheme extenders).
    let simple = |c: char| matches!(c, '\t' | '\r' | '\n' | '\\' | '\'' | '"' | '\0');
    let later = std::env::args().nth(1).as_deref() == Some("later");
    for (lo, hi) in ranges(|c| !simple(c) && format!("{:?}", c).contains("\\u{")
            && (!later || !format!("a{}", c).escape_debug().to_string().contains("\\u{"))) {
        println!("{{0x{:x}, 0x{:x}}},", lo, hi);
    }
}
