//! The pipeline's stages, in the order they run. Each is a plain function over data: no files,
//! no printing, no clock, no environment.

pub mod cluster;
pub mod code;
pub mod decode;
pub mod repair;
pub mod split;
pub mod tag;
pub mod validate;
