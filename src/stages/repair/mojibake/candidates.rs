//! Finding candidates: the UTF-8 sequences that a line's characters spell in one code page.

use crate::stages::repair::codepages::CodePage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A valid UTF-8 sequence.
    Exact,
    /// Two UTF-8-encoded surrogates (CESU-8) that make one supplementary character.
    Cesu,
    /// A sequence with a byte lost to U+FFFD.
    LostToReplacement,
    /// A sequence with a byte lost to `?`.
    LostToQuestionMark,
    /// `â€` whose third byte (0x9D, undefined in Windows-1252) was dropped.
    LostLastByte,
    /// A sequence whose no-break space continuation became a plain space.
    SpaceForNbsp,
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub decoded: String,
    pub len_bytes: usize,
    pub kind: Kind,
}

/// The characters beside candidate `k` as they will read after the fix: a touching neighbour
/// candidate's decoded character, else the line's own (`None` at the line's edge).
pub fn neighbours(
    chars: &[char],
    candidates: &[Candidate],
    k: usize,
) -> (Option<char>, Option<char>) {
    let cand = &candidates[k];
    let left = match k.checked_sub(1).map(|j| &candidates[j]) {
        Some(prev) if prev.end == cand.start => prev.decoded.chars().last(),
        _ => cand.start.checked_sub(1).map(|j| chars[j]),
    };
    let right = match candidates.get(k + 1) {
        Some(next) if next.start == cand.end => next.decoded.chars().next(),
        _ => chars.get(cand.end).copied(),
    };
    (left, right)
}

pub fn sequence_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

pub fn is_cont_byte(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Every non-overlapping UTF-8 sequence spelled by the characters of `chars` in `page`.
pub fn find_candidates(chars: &[char], page: &CodePage) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match candidate_at(chars, i, page) {
            Some(cand) => {
                i = cand.end;
                found.push(cand);
            }
            None => i += 1,
        }
    }
    found
}

fn candidate_at(chars: &[char], i: usize, page: &CodePage) -> Option<Candidate> {
    let c = chars[i];
    if c.is_ascii() {
        return None;
    }
    let lead = page.byte(c)?;
    let n = sequence_len(lead);
    if n == 0 {
        return None;
    }
    let mut bytes = vec![lead];
    let mut kind = Kind::Exact;
    for k in 1..n {
        let Some(&next) = chars.get(i + k) else { break };
        match page.byte(next) {
            Some(b) if is_cont_byte(b) => bytes.push(b),
            _ if next == '\u{fffd}' => {
                kind = Kind::LostToReplacement;
                bytes.push(0x80);
            }
            _ if next == '?' && k > 0 => {
                kind = Kind::LostToQuestionMark;
                bytes.push(0x80);
            }
            // `â€` + space: the lost byte is the 0x9D of a closing quote, not a no-break space.
            _ if next == ' ' && bytes == [0xE2, 0x80] => break,
            _ if next == ' ' && kind == Kind::Exact && c.is_alphabetic() => {
                kind = Kind::SpaceForNbsp;
                bytes.push(0xA0);
            }
            _ => break,
        }
    }
    if bytes.len() < n {
        // `â€` + something else: the 0x9D of a closing quote was dropped on the way.
        if lead == 0xE2 && bytes == [0xE2, 0x80] && page.name == "windows-1252" {
            return Some(Candidate {
                start: i,
                end: i + 2,
                decoded: "\u{201d}".into(),
                len_bytes: 3,
                kind: Kind::LostLastByte,
            });
        }
        return None;
    }
    let end = i + n;
    match kind {
        Kind::LostToReplacement | Kind::LostToQuestionMark => {
            // Only a lead that would make a valid sequence with some continuation counts.
            let real_cont = bytes[1..]
                .iter()
                .zip(&chars[i + 1..end])
                .any(|(_, &ch)| ch != '\u{fffd}' && ch != '?');
            if kind == Kind::LostToQuestionMark && lead < 0xC3 && !real_cont {
                return None;
            }
            Some(Candidate {
                start: i,
                end,
                decoded: "\u{fffd}".into(),
                len_bytes: n,
                kind,
            })
        }
        _ => {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let decoded = text.to_string();
                if kind == Kind::SpaceForNbsp {
                    return space_for_nbsp(chars, i, end, decoded, n);
                }
                return Some(Candidate {
                    start: i,
                    end,
                    decoded,
                    len_bytes: n,
                    kind,
                });
            }
            if kind == Kind::Exact && lead == 0xED {
                return cesu_pair(chars, i, &bytes, page);
            }
            None
        }
    }
}

/// A no-break space continuation that became a plain space (`Ã ` for `à`, `Å ` for `Š`, `â € `
/// for U+2800). With two spaces, one was the no-break space. With one, it was absorbed: the
/// next word follows directly, except after `à`, which is a word of its own in French and
/// Portuguese (`voilÃ le` -> `voilà le`), but for the contractions `às`, `àquele`.
fn space_for_nbsp(
    chars: &[char],
    i: usize,
    end: usize,
    decoded: String,
    n: usize,
) -> Option<Candidate> {
    let next = chars.get(end).copied();
    let mut decoded = decoded.replace('\u{a0}', " ");
    if decoded == " " {
        // `Â ` was a no-break space on its own.
        return Some(Candidate {
            start: i,
            end,
            decoded,
            len_bytes: n,
            kind: Kind::SpaceForNbsp,
        });
    }
    if n == 2 && decoded == "à" {
        match next {
            Some(' ') => {}
            Some(c) if c.is_lowercase() => {
                let word: String = chars[end..]
                    .iter()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                let after = chars.get(end + word.chars().count()).copied();
                let contraction = matches!(
                    word.as_str(),
                    "s" | "quele" | "quela" | "queles" | "quelas" | "quilo"
                ) && after.is_none_or(|c| {
                    c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '!' | '?')
                });
                if !contraction {
                    decoded.push(' ');
                }
            }
            _ => return None,
        }
    } else if n == 2
        && (next.is_none_or(|c| c.is_whitespace()) || !decoded.chars().all(char::is_alphabetic))
    {
        return None;
    }
    Some(Candidate {
        start: i,
        end,
        decoded,
        len_bytes: n,
        kind: Kind::SpaceForNbsp,
    })
}

/// `í\u{a0}½í¸\u{8d}`: a UTF-16 surrogate pair written as two 3-byte sequences.
fn cesu_pair(chars: &[char], i: usize, first: &[u8], page: &CodePage) -> Option<Candidate> {
    if first.len() != 3 || !(0xA0..=0xAF).contains(&first[1]) {
        return None;
    }
    let second: Vec<u8> = chars
        .get(i + 3..i + 6)?
        .iter()
        .map(|&c| page.byte(c))
        .collect::<Option<_>>()?;
    if second[0] != 0xED || !(0xB0..=0xBF).contains(&second[1]) || !is_cont_byte(second[2]) {
        return None;
    }
    let high = 0xD000 | ((first[1] as u32 & 0x3F) << 6) | (first[2] as u32 & 0x3F);
    let low = 0xD000 | ((second[1] as u32 & 0x3F) << 6) | (second[2] as u32 & 0x3F);
    let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?;
    Some(Candidate {
        start: i,
        end: i + 6,
        decoded: c.to_string(),
        len_bytes: 4,
        kind: Kind::Cesu,
    })
}
