//! Helpers for comparing output with hand-labelled truth (tests and benchmarks).

/// Lower-case alphanumeric words joined by single spaces: how a truth file's question is matched
/// to a record's, whatever the punctuation, backticks or emphasis.
pub fn words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A class for each of `questions`: the questions that one group of the hand-labelled duplicates
/// (`seed-duplicates.json`, given as its text) names share a class. A labelled question matches a
/// question whose words equal or start with its own.
pub fn duplicate_classes(questions: &[String], labelled: &str) -> Vec<usize> {
    let truth: serde_json::Value = serde_json::from_str(labelled).unwrap_or_default();
    let normalised: Vec<String> = questions.iter().map(|q| words(q)).collect();
    let mut class: Vec<usize> = (0..questions.len()).collect();
    for group in truth["groups"].as_array().into_iter().flatten() {
        let members: Vec<usize> = group
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|q| q.as_str())
            .flat_map(|q| {
                let w = words(q);
                (0..questions.len())
                    .filter(|&i| normalised[i] == w || normalised[i].starts_with(&w))
                    .collect::<Vec<_>>()
            })
            .collect();
        if let Some(&first) = members.iter().min() {
            let target = class[first];
            let old: Vec<usize> = members.iter().map(|&m| class[m]).collect();
            for c in class.iter_mut().filter(|c| old.contains(c)) {
                *c = target;
            }
        }
    }
    class
}

/// For each of `questions`, what the hand-labelled duplicates say of it: `None` when the labeller
/// did not judge it, else the groups it belongs to (none: a question unlike every other judged
/// one). Two judged questions are the same question when their groups meet.
pub fn judged_groups(questions: &[String], labelled: &str) -> Vec<Option<Vec<usize>>> {
    let truth: serde_json::Value = serde_json::from_str(labelled).unwrap_or_default();
    let normalised: Vec<String> = questions.iter().map(|q| words(q)).collect();
    let mut out: Vec<Option<Vec<usize>>> = vec![None; questions.len()];
    // A labelled question matches a question whose words equal its own, else start with them.
    let matches = |q: &str| -> Vec<usize> {
        let w = words(q);
        let exact: Vec<usize> = (0..questions.len())
            .filter(|&i| normalised[i] == w)
            .collect();
        if exact.is_empty() {
            (0..questions.len())
                .filter(|&i| normalised[i].starts_with(&w))
                .collect()
        } else {
            exact
        }
    };
    for q in truth["questions"].as_array().into_iter().flatten() {
        for i in matches(q.as_str().unwrap_or_default()) {
            out[i].get_or_insert_with(Vec::new);
        }
    }
    for (g, group) in truth["groups"].as_array().into_iter().flatten().enumerate() {
        for q in group.as_array().into_iter().flatten() {
            for i in matches(q.as_str().unwrap_or_default()) {
                out[i].get_or_insert_with(Vec::new).push(g);
            }
        }
    }
    out
}

/// Whether two judged questions are the same, from [`judged_groups`]; `None` when one is unjudged.
pub fn same_question(a: &Option<Vec<usize>>, b: &Option<Vec<usize>>) -> Option<bool> {
    let (a, b) = (a.as_ref()?, b.as_ref()?);
    Some(a.iter().any(|g| b.contains(g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_groups_join_classes() {
        let questions: Vec<String> = [
            "What is a decorator?",
            "What are Python decorators?",
            "What is a list?",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let labels = r#"{"groups": [["What is a decorator?", "What are Python decorators?"]]}"#;
        let class = duplicate_classes(&questions, labels);
        assert_eq!(class[0], class[1]);
        assert_ne!(class[0], class[2]);
        assert_eq!(words("`is` vs `==`?"), "is vs");
    }
}
