//! Finding the lines that may need repair, eight bytes at a time.
//!
//! Only a line with a non-ASCII byte, an `&` (entities), a backtick or a tilde (code fences and
//! inline code) can need work or change the fence state; clean ASCII prose is skipped without
//! looking at it line by line.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const LOWS: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// A mask with the high bit set in exactly the bytes of `word` equal to `byte`.
#[inline]
fn equal_bytes(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * byte as u64);
    !(((x & LOWS) + LOWS) | x | LOWS)
}

#[inline]
fn interesting_bytes(word: u64) -> u64 {
    (word & HIGHS) | equal_bytes(word, b'&') | equal_bytes(word, b'`') | equal_bytes(word, b'~')
}

/// The position of the next interesting byte at or after `from`, and how many newlines lie
/// between `from` and that byte, so callers keep a line number without a second pass.
pub fn next_interesting(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut newlines = 0;
    let mut at = from;
    while at + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[at..at + 8].try_into().ok()?);
        let hits = interesting_bytes(word);
        if hits != 0 {
            let offset = hits.trailing_zeros() as usize / 8;
            // Newlines in this word before the hit.
            let before = if offset == 0 {
                0
            } else {
                u64::MAX >> (64 - 8 * offset)
            };
            newlines += (equal_bytes(word, b'\n') & before).count_ones() as usize;
            return Some((at + offset, newlines));
        }
        newlines += equal_bytes(word, b'\n').count_ones() as usize;
        at += 8;
    }
    for (i, &b) in bytes[at..].iter().enumerate() {
        if b >= 0x80 || b == b'&' || b == b'`' || b == b'~' {
            return Some((at + i, newlines));
        }
        newlines += (b == b'\n') as usize;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_interesting_byte_and_counts_newlines() {
        type Case<'a> = (&'a str, &'a [u8], usize, Option<(usize, usize)>);
        let cases: &[Case] = &[
            ("none", b"plain ascii\nlines only\n", 0, None),
            ("ampersand", b"a\nb\nc & d", 0, Some((6, 2))),
            (
                "non-ascii in second word",
                b"0123456789\nabc\xC3\xA9",
                0,
                Some((14, 1)),
            ),
            ("backtick at start", b"`code`", 0, Some((0, 0))),
            ("from offset", b"& first\n\nsecond &", 1, Some((16, 2))),
            ("tail bytes", b"ab\n&", 0, Some((3, 1))),
            ("tilde fence", b"plain\n~~~\n", 0, Some((6, 1))),
        ];
        for (name, bytes, from, want) in cases {
            assert_eq!(next_interesting(bytes, *from), *want, "{name}");
        }
    }
}
