//! Stage 1, decode: raw bytes to text.
//!
//! Input: the bytes of one file. Output: [`Decoded`] text with `\n` line ends and the name of the
//! encoding it was read in, or a [`Refusal`] saying why the bytes are not text.
//!
//! Guarantees: never panics, on any bytes; never yields U+FFFD for bytes it could map to a
//! character; the same bytes always give the same result.
//! Never does: repair mojibake inside valid text (that is the repair stage's job).
//!
//! Order of decisions: a BOM wins (UTF-8, UTF-16LE, UTF-16BE); then binary signatures, NUL bytes
//! and control bytes refuse the file (UTF-16 without a BOM is recognised by its NUL pattern first);
//! then strict UTF-8; then UTF-8 with a few stray single-byte characters (a common mix in scraped
//! text: each stray byte is read as Windows-1252 and reported); then a detected legacy encoding.

use crate::model::Finding;

/// Text read from bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding the bytes were read in, e.g. `utf-8`, `utf-16le`, `windows-1252`.
    pub encoding: String,
    /// Odd bytes met on the way (stray legacy bytes, a truncated sequence at the end, CR line ends).
    pub findings: Vec<Finding>,
}

/// Why bytes were not decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Refusal {
    pub reason: String,
}

/// Reads bytes as text. See the module header for the order of decisions.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Refusal> {
    let mut findings = Vec::new();
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (read_utf8(rest, &mut findings), "utf-8".to_string())
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (
            read_utf16(rest, false, &mut findings),
            "utf-16le".to_string(),
        )
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (
            read_utf16(rest, true, &mut findings),
            "utf-16be".to_string(),
        )
    } else if let Some(big_endian) = utf16_without_bom(bytes) {
        findings.push(Finding {
            line: None,
            kind: "utf16-without-bom".into(),
            detail: "no byte order mark; read as UTF-16 from its NUL pattern".into(),
        });
        let name = if big_endian { "utf-16be" } else { "utf-16le" };
        (
            read_utf16(bytes, big_endian, &mut findings),
            name.to_string(),
        )
    } else {
        refuse_binary(bytes)?;
        read_undeclared(bytes, &mut findings)
    };
    refuse_control_text(&text)?;
    let text = normalise_line_ends(text, &mut findings);
    Ok(Decoded {
        text,
        encoding,
        findings,
    })
}

/// Signatures of common binary formats, checked before anything else so the refusal can say
/// what the file is.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\x7fELF", "an ELF executable"),
    (b"%PDF-", "a PDF document (extract its text first)"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"MZ", "a Windows executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3\x00", "an SQLite database"),
];

fn refuse_binary(bytes: &[u8]) -> Result<(), Refusal> {
    for (magic, what) in SIGNATURES {
        // `MZ` and `BZh` are also ordinary words: only trust them when NULs or controls follow.
        if bytes.starts_with(magic) && (magic.len() > 3 || has_nul(bytes)) {
            return Err(Refusal {
                reason: format!("binary file: {what}"),
            });
        }
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Refusal {
            reason: format!("binary file: NUL byte at offset {at}"),
        });
    }
    Ok(())
}

fn has_nul(bytes: &[u8]) -> bool {
    bytes.iter().take(4096).any(|&b| b == 0)
}

/// Text has few control characters; many of them mean a binary or a broken conversion.
fn refuse_control_text(text: &str) -> Result<(), Refusal> {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return Err(Refusal {
                reason: "binary file: NUL character in the text".into(),
            });
        }
        if c.is_control()
            && !matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x0b')
            && !('\u{80}'..='\u{9f}').contains(&c)
        {
            controls += 1;
        }
    }
    // One control in a hundred characters is already far beyond any real document.
    if controls > 8 && controls * 100 > total {
        return Err(Refusal {
            reason: format!("not text: {controls} control characters in {total}"),
        });
    }
    Ok(())
}

/// UTF-16 without a BOM: in Latin-script text every other byte is NUL.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 8 || bytes.len() % 2 != 0 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // Most characters of the text are ASCII and the other half of each unit is never NUL.
    if odd_nul * 10 >= pairs * 7 && even_nul == 0 {
        Some(false)
    } else if even_nul * 10 >= pairs * 7 && odd_nul == 0 {
        Some(true)
    } else {
        None
    }
}

fn read_utf8(bytes: &[u8], findings: &mut Vec<Finding>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => read_mixed_utf8(bytes, findings),
    }
}

fn read_utf16(bytes: &[u8], big_endian: bool, findings: &mut Vec<Finding>) -> String {
    let encoding = if big_endian {
        encoding_rs::UTF_16BE
    } else {
        encoding_rs::UTF_16LE
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        findings.push(Finding {
            line: None,
            kind: "invalid-utf16".into(),
            detail: "lone surrogates or an odd trailing byte were replaced with U+FFFD".into(),
        });
    }
    text.into_owned()
}

/// Bytes with no BOM: strict UTF-8, else UTF-8 with stray single bytes, else a detected
/// legacy encoding.
fn read_undeclared(bytes: &[u8], findings: &mut Vec<Finding>) -> (String, String) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), "utf-8".into());
    }
    let census = Utf8Census::of(bytes);
    // Mostly UTF-8 with a few stray bytes (or a sequence cut off at the end): read the stray bytes
    // one by one rather than re-reading the whole file in a legacy code page, which would turn
    // every good multi-byte character into mojibake.
    // So is UTF-8 with Windows-1252 punctuation pasted in (`\x95` bullets, `\x93` quotes): a
    // legacy text in a non-Latin code page has letters above 0x9F, and these bytes are none.
    if census.valid_multibyte > 0
        && (census.valid_multibyte >= census.invalid_bytes || census.invalid_all_c1)
    {
        return (read_mixed_utf8(bytes, findings), "utf-8".into());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guessed = detector.guess(None, true);
    let (text, _, had_errors) = guessed.decode(bytes);
    if !had_errors {
        return (text.into_owned(), guessed.name().to_ascii_lowercase());
    }
    // A multi-byte guess that does not fit: Windows-1252 maps every byte to a character.
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    (text.into_owned(), "windows-1252".into())
}

struct Utf8Census {
    valid_multibyte: usize,
    invalid_bytes: usize,
    /// Every invalid byte is in 0x80-0x9F (Windows-1252's punctuation).
    invalid_all_c1: bool,
}

impl Utf8Census {
    fn of(bytes: &[u8]) -> Self {
        let mut census = Utf8Census {
            valid_multibyte: 0,
            invalid_bytes: 0,
            invalid_all_c1: true,
        };
        let mut rest = bytes;
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(valid) => {
                    census.valid_multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    census.valid_multibyte += String::from_utf8_lossy(valid)
                        .chars()
                        .filter(|c| !c.is_ascii())
                        .count();
                    // A sequence cut off by the end of the file is truncation, not a stray byte.
                    let Some(bad) = e.error_len() else { break };
                    census.invalid_bytes += bad;
                    census.invalid_all_c1 &= after[..bad].iter().all(|b| (0x80..=0x9f).contains(b));
                    rest = &after[bad..];
                }
            }
        }
        census
    }
}

/// UTF-8 where it is valid; each invalid byte read as Windows-1252; a sequence cut off at the
/// very end dropped. Every such byte is reported with its line.
fn read_mixed_utf8(bytes: &[u8], findings: &mut Vec<Finding>) -> String {
    let mut out = String::with_capacity(bytes.len() + 16);
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let line = out.matches('\n').count() + 1;
                match e.error_len() {
                    None => {
                        findings.push(Finding {
                            line: Some(line),
                            kind: "truncated-utf8".into(),
                            detail: format!(
                                "the file ends inside a UTF-8 sequence ({} bytes dropped)",
                                after.len()
                            ),
                        });
                        break;
                    }
                    Some(len) => {
                        for &b in &after[..len] {
                            let c = windows_1252_char(b);
                            findings.push(Finding {
                                line: Some(line),
                                kind: "stray-byte".into(),
                                detail: format!(
                                    "byte 0x{b:02X} is not UTF-8; read as Windows-1252 {c:?}"
                                ),
                            });
                            out.push(c);
                        }
                        rest = &after[len..];
                    }
                }
            }
        }
    }
    out
}

fn windows_1252_char(b: u8) -> char {
    let buf = [b];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
    text.chars().next().unwrap_or('\u{fffd}')
}

fn normalise_line_ends(text: String, findings: &mut Vec<Finding>) -> String {
    if !text.contains('\r') {
        return text;
    }
    let crlf = text.matches("\r\n").count();
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let kind = if crlf > 0 { "crlf" } else { "cr" };
    findings.push(Finding {
        line: None,
        kind: "line-ends".into(),
        detail: format!("{kind} line ends normalised to LF"),
    });
    normalised
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> (String, String) {
        let d = decode(bytes).expect("decodes");
        (d.text, d.encoding)
    }

    #[test]
    fn decodes_each_encoding() {
        let cases: &[(&str, &[u8], &str, &str)] = &[
            (
                "plain utf-8",
                "What is Python’s GIL?\n".as_bytes(),
                "What is Python’s GIL?\n",
                "utf-8",
            ),
            ("utf-8 bom", b"\xEF\xBB\xBF1. Q?\n", "1. Q?\n", "utf-8"),
            (
                "utf-16le bom",
                b"\xFF\xFEQ\x00?\x00\n\x00",
                "Q?\n",
                "utf-16le",
            ),
            (
                "utf-16be bom",
                b"\xFE\xFF\x00Q\x00?\x00\n",
                "Q?\n",
                "utf-16be",
            ),
            (
                "utf-16le no bom",
                b"W\x00h\x00a\x00t\x00 \x00i\x00s\x00?\x00",
                "What is?",
                "utf-16le",
            ),
            ("crlf", b"A\r\nB\r\n", "A\nB\n", "utf-8"),
            ("old mac cr", b"A\rB\r", "A\nB\n", "utf-8"),
            // A Windows-1252 file: smart quotes and a bullet are single bytes 0x93 0x94 0x95.
            (
                "windows-1252",
                b"\x95 What is \x93duck typing\x94? It\x92s a caf\xe9 question.\n",
                "• What is “duck typing”? It’s a café question.\n",
                "windows-1252",
            ),
        ];
        for (name, bytes, want, encoding) in cases {
            let (text, enc) = text_of(bytes);
            assert_eq!(text, *want, "{name}");
            assert_eq!(enc, *encoding, "{name}");
        }
    }

    #[test]
    fn utf8_with_a_stray_windows_1252_byte_keeps_its_good_characters() {
        // A scraped page in UTF-8 with one apostrophe pasted from a Windows-1252 source.
        let bytes = ["naïve résumé Python".as_bytes(), b"\x92s"].concat();
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "naïve résumé Python’s");
        assert_eq!(d.encoding, "utf-8");
        assert_eq!(
            d.findings.iter().filter(|f| f.kind == "stray-byte").count(),
            1
        );
    }

    #[test]
    fn utf8_with_windows_1252_bullets_pasted_in_reads_both() {
        // A generated page: most bullets are Windows-1252 `\x95`, a few are UTF-8 `•`; more
        // stray bytes than good characters, and no Cyrillic code page makes sense of it.
        let mut bytes = Vec::new();
        for _ in 0..10 {
            bytes.extend_from_slice(b"\t\x95\tWhat is a list?\n");
        }
        bytes.extend_from_slice("\t•\tWhat is a set?\n".as_bytes());
        let text = decode(&bytes).unwrap().text;
        assert_eq!(text.matches('•').count(), 11, "{text}");
    }

    #[test]
    fn refuses_what_is_not_text() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
            ("elf", b"\x7fELF\x02\x01\x01\x00\x00\x00", "ELF"),
            ("nul in text", b"What is Python?\n\x00\x00tail", "NUL"),
        ];
        for (name, bytes, needle) in cases {
            let err = decode(bytes).expect_err(name);
            assert!(err.reason.contains(needle), "{name}: {}", err.reason);
        }
    }

    #[test]
    fn truncated_utf8_at_the_end_is_dropped_and_reported() {
        let mut bytes = "Python’s GIL".as_bytes().to_vec();
        bytes.extend_from_slice(&"’".as_bytes()[..2]);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Python’s GIL");
        assert!(d.findings.iter().any(|f| f.kind == "truncated-utf8"));
    }

    #[test]
    fn never_panics_on_awkward_bytes() {
        let cases: &[&[u8]] = &[
            b"",
            b"\xFF",
            b"\xFE",
            b"\xFF\xFE\x00",
            b"\xFF\xFE\x00\xD8",
            b"\xEF\xBB",
            b"\xC3",
            b"\xF0\x9F\x98",
        ];
        for bytes in cases {
            let _ = decode(bytes);
        }
    }
}
