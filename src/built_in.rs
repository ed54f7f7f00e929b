//! The files of `schema/` compiled into the binary: the settings of a caller that names no
//! schema folder (see [`crate::settings`]). At the bottom of the house: it imports nothing.

/// The files of `schema/` as the binary was built with them.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "cluster.schema.json",
        include_str!("../schema/cluster.schema.json"),
    ),
    (
        "question.schema.json",
        include_str!("../schema/question.schema.json"),
    ),
    (
        "record.schema.json",
        include_str!("../schema/record.schema.json"),
    ),
    (
        "reject.schema.json",
        include_str!("../schema/reject.schema.json"),
    ),
    ("cues.json", include_str!("../schema/cues.json")),
    ("topics.json", include_str!("../schema/topics.json")),
    ("contrasts.json", include_str!("../schema/contrasts.json")),
    (
        "cluster-model.json",
        include_str!("../schema/cluster-model.json"),
    ),
    (
        "indent-model.json",
        include_str!("../schema/indent-model.json"),
    ),
    (
        "plausibility-model.json",
        include_str!("../schema/plausibility-model.json"),
    ),
];

/// The built-in copy of one file of `schema/`.
pub fn built_in_file(name: &str) -> &'static str {
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("schema/{name} is built in"))
}
