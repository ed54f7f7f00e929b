//! The flags the page's copied `qclean review --decide` commands carry.

/// What the copied `qclean review --decide` commands add: the dataset folder and the decisions
/// file, when they are not the defaults.
pub fn command_flags(output: &std::path::Path, decisions: &std::path::Path) -> String {
    let mut flags = String::new();
    if output != std::path::Path::new("clean") {
        flags.push_str(&format!(
            " --output {}",
            shell_word(&output.display().to_string())
        ));
    }
    if decisions != std::path::Path::new("review/decisions.jsonl") {
        flags.push_str(&format!(
            " --decisions {}",
            shell_word(&decisions.display().to_string())
        ));
    }
    flags
}

fn shell_word(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copied_command_names_the_folders_that_are_not_the_defaults() {
        use std::path::Path;
        // (output, decisions, flags)
        let cases = [
            ("clean", "review/decisions.jsonl", ""),
            (
                "/tmp/w100k/out",
                "review/decisions.jsonl",
                " --output /tmp/w100k/out",
            ),
            (
                "clean",
                "my decisions.jsonl",
                " --decisions 'my decisions.jsonl'",
            ),
        ];
        for (output, decisions, want) in cases {
            assert_eq!(command_flags(Path::new(output), Path::new(decisions)), want);
        }
    }
}
