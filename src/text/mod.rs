//! Text utilities that more than one stage needs: the one definition of a Markdown code fence,
//! and what a dash stands for in code. They sit below the stages, which use them side by side.

pub mod dashes;
pub mod fence;
pub mod words;
