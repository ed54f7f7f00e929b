//! Progress bars on stderr, one per stage, shown only when stderr is a terminal and `--quiet` is
//! off.

use crate::pipeline::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;

pub struct Bars {
    current: Mutex<Option<ProgressBar>>,
    visible: bool,
}

impl Bars {
    pub fn new(quiet: bool) -> Bars {
        Bars {
            current: Mutex::new(None),
            visible: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// Clears the last bar.
    pub fn finish(&self) {
        if let Some(bar) = self.current.lock().ok().and_then(|mut c| c.take()) {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bars {
    fn stage(&self, name: &str, total: u64) {
        if !self.visible {
            return;
        }
        self.finish();
        let bar = if total > 0 {
            ProgressBar::new(total)
        } else {
            ProgressBar::new_spinner()
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        let template = if total > 0 {
            "{prefix:>9} [{bar:40}] {pos}/{len} {elapsed}"
        } else {
            "{prefix:>9} {spinner} {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(name.to_string());
        if total == 0 {
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
        if let Ok(mut current) = self.current.lock() {
            *current = Some(bar);
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = self.current.lock().ok().as_ref().and_then(|c| c.as_ref()) {
            bar.inc(n);
        }
    }
}
