//! The pipeline's stages, in the order they run. Each is a plain function over data: no files,
//! no printing, no clock, no environment.

pub mod cluster;
pub mod code;
pub mod decode;
pub mod repair;
pub mod split;
pub mod tag;
pub mod validate;

/// A data file's object holds only the fields its reader knows: a misspelt key is an error, not a
/// setting silently ignored.
pub fn only_fields(value: &serde_json::Value, known: &[&str]) -> Result<(), String> {
    let object = value.as_object().ok_or("must be a JSON object")?;
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => Err(format!(
            "unknown field {unknown:?} (known: {})",
            known.join(", ")
        )),
        None => Ok(()),
    }
}
