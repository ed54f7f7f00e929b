//! The words clustering needs to know, from `schema/contrasts.json`, built once: compounds
//! joined into one token, groups of things of one kind, and the words of a question's frame.

use super::features::tokens;
use crate::text::words::alike;
use std::collections::BTreeSet;

/// The words clustering needs to know, from `schema/contrasts.json`: two-word names joined into
/// one token, and groups of things of one kind (a question about one is not about another).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// One pattern for every compound, and the token each spelling (lower case, single spaces,
    /// no plural s) stands for.
    compounds: Option<regex::Regex>,
    compound_tokens: std::collections::HashMap<String, String>,
    /// Each group: its name and its members, each member the sorted tokens that name it.
    groups: Vec<(String, Vec<Vec<String>>)>,
    /// Frame words as tokens (stemmed): the words of a question's frame, not of its subject.
    frame: std::collections::HashSet<String>,
    /// The tokens compounds become (stemmed): `deepcopy`, `staticmethod`.
    joined: std::collections::HashSet<String>,
    /// For each token a group member names, that (group, member): its synonyms share it.
    member_of: std::collections::HashMap<String, (u16, u16)>,
}

impl Lexicon {
    /// Builds the lexicon; the error names what cannot be built.
    pub fn new(
        compounds: &[(String, String)],
        groups: &[(String, Vec<Vec<String>>)],
        frame_words: &[String],
    ) -> Result<Lexicon, String> {
        let mut alternatives = Vec::with_capacity(compounds.len());
        let mut compound_tokens = std::collections::HashMap::new();
        for (phrase, token) in compounds {
            let words: Vec<String> = phrase
                .split_whitespace()
                .map(|w| regex::escape(&w.to_lowercase()))
                .collect();
            if words.is_empty() {
                return Err(format!("compound {phrase:?} has no words"));
            }
            alternatives.push(words.join(r"\s+"));
            compound_tokens.insert(words.join(" "), token.clone());
        }
        let compounds = if alternatives.is_empty() {
            None
        } else {
            let pattern = format!(r"(?i)\b(?:{})s?\b", alternatives.join("|"));
            Some(regex::Regex::new(&pattern).map_err(|e| format!("compounds: {e}"))?)
        };
        let mut lexicon = Lexicon {
            compounds,
            compound_tokens,
            groups: Vec::new(),
            frame: Default::default(),
            joined: Default::default(),
            member_of: Default::default(),
        };
        lexicon.joined = lexicon
            .compound_tokens
            .values()
            .flat_map(|token| tokens(token))
            .filter(|t| t.len() >= 6)
            .collect();
        lexicon.frame = frame_words.iter().flat_map(|w| tokens(w)).collect();
        if groups.len() > u16::MAX as usize {
            return Err("too many groups".into());
        }
        lexicon.groups = groups
            .iter()
            .map(|(name, members)| {
                let members = members
                    .iter()
                    .map(|synonyms| {
                        let mut words: Vec<String> =
                            synonyms.iter().flat_map(|w| lexicon.tokens(w)).collect();
                        words.sort_unstable();
                        words.dedup();
                        words
                    })
                    .collect();
                (name.clone(), members)
            })
            .collect();
        for (g, (_, members)) in lexicon.groups.iter().enumerate() {
            for (m, names) in members.iter().enumerate() {
                for name in names {
                    lexicon.member_of.insert(name.clone(), (g as u16, m as u16));
                }
            }
        }
        Ok(lexicon)
    }

    /// Two tokens that name one thing: the same word misspelt ([`alike`]) or synonyms of one
    /// group member (`thread` / `multithreading`).
    pub fn same_word(&self, a: &str, b: &str) -> bool {
        if alike(a, b) {
            return true;
        }
        matches!((self.member_of.get(a), self.member_of.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// `part` is the first word of the joined compound `whole` (`shallow` of `shallowcopy`).
    fn is_part(&self, whole: &str, part: &str) -> bool {
        part.len() >= 4
            && whole.len() > part.len() + 3
            && whole.starts_with(part)
            && self.joined.contains(whole)
    }

    /// Whether `word` of one side stands for the compound `whole` of the other: it is the
    /// compound's first word and its side also has the rest (`Shallow vs Deep Copy`: `shallow`
    /// beside `deepcopy` stands for `shallowcopy`; `tuple` beside nothing does not stand for
    /// `namedtuple`).
    fn stands_for<'w>(
        &self,
        word: &str,
        side: impl IntoIterator<Item = &'w str>,
        whole: &str,
    ) -> bool {
        self.is_part(whole, word) && {
            let rest = &whole[word.len()..];
            side.into_iter().any(|t| t != word && t.ends_with(rest))
        }
    }

    /// Whether `word`, said beside `own`, names something `other` names.
    pub fn names_any(&self, word: &str, own: &[&str], other: &[&str]) -> bool {
        other.iter().any(|u| {
            self.same_word(word, u)
                || self.stands_for(word, own.iter().copied(), u)
                || self.stands_for(u, other.iter().copied(), word)
        })
    }

    /// A question's tokens, compounds joined first.
    pub fn tokens(&self, text: &str) -> Vec<String> {
        match &self.compounds {
            Some(re) if re.is_match(text) => {
                let joined = re.replace_all(text, |caps: &regex::Captures| {
                    let spelled = caps[0]
                        .to_lowercase()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let key = spelled
                        .strip_suffix('s')
                        .filter(|k| self.compound_tokens.contains_key(*k))
                        .unwrap_or(&spelled);
                    self.compound_tokens
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| caps[0].to_string())
                });
                tokens(&joined)
            }
            _ => tokens(text),
        }
    }

    /// Whether a token belongs to a question's frame rather than its subject.
    pub fn is_frame(&self, token: &str) -> bool {
        self.frame.contains(token)
    }

    /// Whether a rare token is a frame word misspelt (`pytohn`, `shuold`).
    pub fn is_misspelt_frame(&self, token: &str) -> bool {
        token.len() >= 4 && self.frame.iter().any(|f| alike(token, f))
    }

    /// The (group, member) pairs that the sorted `words` name.
    pub fn memberships(&self, words: &[String]) -> Vec<(u16, u16)> {
        let mut out = Vec::new();
        for (g, (_, members)) in self.groups.iter().enumerate() {
            for (m, names) in members.iter().enumerate() {
                if names.iter().any(|n| words.binary_search(n).is_ok()) {
                    out.push((g as u16, m as u16));
                }
            }
        }
        out
    }

    /// The first group in which the two questions name different members and no member alike.
    pub(super) fn substituted(&self, a: &[(u16, u16)], b: &[(u16, u16)]) -> Option<String> {
        let groups_a: BTreeSet<u16> = a.iter().map(|(g, _)| *g).collect();
        groups_a.into_iter().find_map(|g| {
            let in_a: Vec<u16> = a.iter().filter(|(x, _)| *x == g).map(|(_, m)| *m).collect();
            let in_b: Vec<u16> = b.iter().filter(|(x, _)| *x == g).map(|(_, m)| *m).collect();
            // Another member on each side, none in common: `Flask` / `FastAPI`, not `Django` /
            // `Django ... in Python`.
            (!in_b.is_empty() && in_a.iter().all(|m| !in_b.contains(m)))
                .then(|| self.groups[g as usize].0.clone())
        })
    }
}
