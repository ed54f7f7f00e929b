//! The one definition of a Markdown code fence, for repair and split alike: three or more
//! backticks or tildes at the start of a line (after indentation), an info string after them (no
//! backtick in it for a backtick fence); a fence closes with a run of the same character, at least
//! as long, and nothing else.

/// An opening fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence<'a> {
    pub marker: u8,
    pub len: usize,
    /// What follows the marker, trimmed (`python`, `py title="x"`, empty).
    pub info: &'a str,
}

impl Fence<'_> {
    /// The language word of the info string, lower case, if any.
    pub fn lang(&self) -> Option<String> {
        self.info
            .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()
            .filter(|w| !w.is_empty())
            .map(|w| w.trim_start_matches('.').to_ascii_lowercase())
    }
}

/// The fence `line` opens, if it is one.
pub fn open(line: &str) -> Option<Fence<'_>> {
    let t = line.trim_start();
    let marker = *t.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|&b| b == marker).count();
    if len < 3 {
        return None;
    }
    let info = t[len..].trim();
    if marker == b'`' && info.contains('`') {
        return None;
    }
    Some(Fence { marker, len, info })
}

/// Whether `line` closes `fence`.
pub fn closes(line: &str, fence: &Fence) -> bool {
    let t = line.trim();
    let run = t.bytes().take_while(|&b| b == fence.marker).count();
    run >= fence.len && run == t.len()
}

/// Tracks whether each line of a text is inside a fenced block.
#[derive(Debug, Default)]
pub struct Tracker {
    open: Option<(u8, usize)>,
}

/// Where a line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Prose,
    Opening,
    Code,
    Closing,
}

impl Tracker {
    /// Whether the next line is inside an open fence.
    pub fn inside(&self) -> bool {
        self.open.is_some()
    }

    /// Where `line` stands, and the state moves past it.
    pub fn place(&mut self, line: &str) -> Place {
        match self.open {
            Some((marker, len)) => {
                let fence = Fence {
                    marker,
                    len,
                    info: "",
                };
                if closes(line, &fence) {
                    self.open = None;
                    Place::Closing
                } else {
                    Place::Code
                }
            }
            None => match open(line) {
                Some(f) => {
                    self.open = Some((f.marker, f.len));
                    Place::Opening
                }
                None => Place::Prose,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_open_and_close_as_markdown_says() {
        // (line, opens, lang)
        let cases = [
            ("```python", true, Some("python")),
            ("  ~~~ py title=\"x\"", true, Some("py")),
            ("```", true, None),
            ("``not a fence", false, None),
            ("```a`b", false, None),
            ("text ``` text", false, None),
            ("````{.python}", true, Some("{")),
        ];
        for (line, opens, lang) in cases {
            let f = open(line);
            assert_eq!(f.is_some(), opens, "{line}");
            if lang != Some("{") {
                assert_eq!(f.and_then(|f| f.lang()).as_deref(), lang, "{line}");
            }
        }
        let mut t = Tracker::default();
        let places: Vec<Place> = ["a", "````", "```", "x", "````", "b"]
            .iter()
            .map(|l| t.place(l))
            .collect();
        assert_eq!(
            places,
            [
                Place::Prose,
                Place::Opening,
                Place::Code,
                Place::Code,
                Place::Closing,
                Place::Prose
            ]
        );
    }
}
