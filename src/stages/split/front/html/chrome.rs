//! Page chrome: the elements, classes and ids that mark navigation, headers, footers, sharing
//! and reader comments.

use super::super::dom::Node;

/// Elements that are page chrome wherever they stand.
const CHROME_TAGS: &[&str] = &["nav", "footer", "aside"];

/// Class or id words that mark page chrome (`comments-area`, `share-buttons`).
const CHROME_WORDS: &[&str] = &[
    "ad",
    "adsbygoogle",
    "sponsored",
    "promo",
    "comment",
    "comments",
    "respond",
    "reply",
    "replies",
    "share",
    "sharing",
    "social",
    "sidebar",
    "related",
    "breadcrumb",
    "breadcrumbs",
    "cookie",
    "cookies",
    "newsletter",
    "subscribe",
    "advert",
    "advertisement",
    "ads",
    "banner",
    "menu",
    "navbar",
    "navigation",
    "footer",
    "widget",
    "author-box",
    "popup",
    "modal",
    "disqus",
];

/// Why `n` is page chrome, if it is: `navigation`, `page header`, `reader comments` or `page
/// chrome`. A `header` is chrome only outside the article.
pub(super) fn chrome_reason(n: &Node, in_article: bool) -> Option<&'static str> {
    let tag = n.tag();
    if CHROME_TAGS.contains(&tag) {
        return Some(if tag == "nav" {
            "navigation"
        } else {
            "page chrome"
        });
    }
    if tag == "header" && !in_article {
        return Some("page header");
    }
    for attr in ["class", "id", "role"] {
        if let Some(v) = n.attr(attr) {
            let lower = v.to_ascii_lowercase();
            let hit = lower
                .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .any(|w| CHROME_WORDS.contains(&w))
                || CHROME_WORDS
                    .iter()
                    .any(|w| w.contains('-') && lower.contains(w));
            if hit {
                return Some(
                    if lower.contains("comment")
                        || lower.contains("repl")
                        || lower.contains("respond")
                        || lower.contains("disqus")
                    {
                        "reader comments"
                    } else {
                        "page chrome"
                    },
                );
            }
        }
    }
    None
}
