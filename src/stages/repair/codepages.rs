//! Single-byte code pages in which UTF-8 text is commonly misread, as char -> byte maps.
//!
//! Built once from encoding_rs (plus the one table it lacks, IBM code page 437). The Windows pages
//! also map the C1 controls U+0080..U+009F to their byte, so that text misread as Latin-1 and text
//! misread as "sloppy" Windows-1252 (undefined bytes kept as controls) are undone by the same page.

use std::sync::OnceLock;

/// Chars below this are looked up directly (Latin, Greek, Cyrillic, punctuation, box drawing).
const DIRECT: usize = 0x2600;

/// One code page: the byte each of its non-ASCII characters stands for.
pub struct CodePage {
    pub name: &'static str,
    /// Byte for chars below [`DIRECT`] (0 = not in the page); ASCII maps to itself.
    low: Vec<u8>,
    /// Byte for the few chars of the page above that, sorted by char.
    high: Vec<(char, u8)>,
    /// The character each byte 0x80..=0xFF decodes to, if any.
    pub chars: [Option<char>; 128],
}

impl CodePage {
    /// The byte `c` stands for in this page.
    #[inline]
    pub fn byte(&self, c: char) -> Option<u8> {
        let u = c as usize;
        if u < 0x80 {
            Some(u as u8)
        } else if u < DIRECT {
            match self.low[u] {
                0 => None,
                b => Some(b),
            }
        } else {
            self.high
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .map(|i| self.high[i].1)
        }
    }

    /// Whether `c` is the page's glyph for a letter byte (as opposed to punctuation or a symbol).
    pub fn glyph_is_letter(&self, c: char) -> bool {
        c.is_alphabetic()
    }

    fn build(name: &'static str, chars: [Option<char>; 128], with_c1: bool) -> Self {
        let mut low = vec![0u8; DIRECT];
        for b in 0..0x80u32 {
            low[b as usize] = b as u8;
        }
        let mut high = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            let byte = 0x80 + i as u8;
            if let Some(c) = *c {
                if (c as usize) < DIRECT {
                    low[c as usize] = byte;
                } else {
                    high.push((c, byte));
                }
            }
        }
        high.sort_unstable();
        if with_c1 {
            for b in 0x80u32..0xA0 {
                if low[b as usize] == 0 {
                    low[b as usize] = b as u8;
                }
            }
        }
        CodePage {
            name,
            low,
            high,
            chars,
        }
    }
}

fn table_from(encoding: &'static encoding_rs::Encoding) -> [Option<char>; 128] {
    let mut chars = [None; 128];
    for (i, slot) in chars.iter_mut().enumerate() {
        let byte = [0x80 + i as u8];
        let (text, had_errors) = encoding.decode_without_bom_handling(&byte);
        if !had_errors {
            *slot = text.chars().next();
        }
    }
    chars
}

/// IBM code page 437 (the original PC character set), bytes 0x80..=0xFF.
const CP437: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐\
└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

fn cp437() -> [Option<char>; 128] {
    let mut chars = [None; 128];
    for (slot, c) in chars.iter_mut().zip(CP437.chars()) {
        *slot = Some(c);
    }
    chars
}

/// The pages tried, most common misreading first: ties between pages go to the earlier one.
pub fn all() -> &'static [CodePage] {
    static PAGES: OnceLock<Vec<CodePage>> = OnceLock::new();
    PAGES.get_or_init(|| {
        vec![
            CodePage::build("windows-1252", table_from(encoding_rs::WINDOWS_1252), true),
            CodePage::build("windows-1251", table_from(encoding_rs::WINDOWS_1251), true),
            CodePage::build("windows-1250", table_from(encoding_rs::WINDOWS_1250), true),
            CodePage::build("iso-8859-2", table_from(encoding_rs::ISO_8859_2), false),
            CodePage::build("windows-1257", table_from(encoding_rs::WINDOWS_1257), true),
            CodePage::build("macintosh", table_from(encoding_rs::MACINTOSH), false),
            CodePage::build("ibm437", cp437(), false),
        ]
    })
}

/// The code pages text is misread in, to make damaged text from correct text: the pages repair
/// knows and ISO-8859-1 (Latin-1), which maps every byte to the code point of its value.
pub const MISREAD_IN: [&str; 6] = [
    "windows-1252",
    "windows-1251",
    "windows-1250",
    "iso-8859-1",
    "macintosh",
    "ibm437",
];

/// `text` encoded as UTF-8 and decoded in `page` (one of [`MISREAD_IN`]): mojibake made on
/// purpose. Bytes a page leaves undefined become the C1 control of their value, as browsers and
/// many decoders do.
pub fn misread(text: &str, page: &str) -> Option<String> {
    let table = match page {
        "iso-8859-1" => None,
        _ => Some(all().iter().find(|p| p.name == page)?),
    };
    Some(
        text.bytes()
            .map(|b| match (b, table) {
                (0..=0x7F, _) | (_, None) => b as char,
                (_, Some(p)) => p.chars[(b - 0x80) as usize]
                    .unwrap_or_else(|| char::from_u32(b as u32).unwrap_or('\u{fffd}')),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_known_glyphs_to_bytes() {
        let cases = [
            ("windows-1252", '€', 0x80),
            ("windows-1252", '’', 0x92),
            ("windows-1252", '\u{81}', 0x81),
            ("windows-1252", '\u{80}', 0x80),
            ("windows-1252", 'Ã', 0xC3),
            ("windows-1251", 'Р', 0xD0),
            ("windows-1250", 'Ă', 0xC3),
            ("macintosh", '√', 0xC3),
            ("ibm437", '╨', 0xD0),
            ("ibm437", 'Ç', 0x80),
        ];
        for (page, c, byte) in cases {
            let page = all().iter().find(|p| p.name == page).unwrap();
            assert_eq!(page.byte(c), Some(byte), "{} {c}", page.name);
        }
        assert_eq!(CP437.chars().count(), 128);
    }

    #[test]
    fn misreads_as_the_world_does() {
        let cases = [
            ("windows-1252", "Python’s", "Pythonâ€™s"),
            ("windows-1252", "é", "Ã©"),
            ("iso-8859-1", "’", "â\u{80}\u{99}"),
            ("windows-1251", "привет", "РїСЂРёРІРµС‚"),
            ("macintosh", "é", "√©"),
            ("ibm437", "é", "├⌐"),
        ];
        for (page, text, want) in cases {
            assert_eq!(misread(text, page).unwrap(), want, "{page} {text}");
        }
    }
}
