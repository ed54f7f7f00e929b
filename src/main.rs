//! `qclean`: parse the arguments, run the command, map the outcome to an exit status
//! (0 clean, 1 finished with problems to look at, 2 usage or fatal error).

use clap::Parser;
use qclean::cli::{Cli, Command};
use qclean::commands::{self, Outcome};
use qclean::error::Error;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.threads > 0 {
        // Only fails when a pool exists already, which cannot be the case this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(cli.threads)
            .build_global();
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Not locked for the whole command: progress bars draw on stderr from worker threads.
    let mut err = std::io::stderr();
    let result = execute(&cli.command, cli.quiet, &mut out, &mut err);
    let _ = out.flush();
    exit_status(result, &mut err)
}

/// Runs a command that reads or writes a dataset; the ones that make a corpus or fit a model go
/// to [`make_or_fit`].
fn execute(
    command: &Command,
    quiet: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    match command {
        Command::Repair {
            file,
            explain,
            jsonl,
            code,
        } => commands::repair::run(
            file.as_deref(),
            commands::repair::Options {
                explain: *explain,
                jsonl: *jsonl,
                code: *code,
            },
            out,
            err,
        ),
        Command::Run {
            input,
            output,
            schema,
            decisions,
            allow_empty,
        } => {
            let paths = commands::run::RunPaths {
                input,
                output,
                schema,
                decisions,
                allow_empty: *allow_empty,
            };
            commands::run::run(&paths, quiet, err)
        }
        Command::Report { output, decisions } => {
            commands::report::run(output, decisions, quiet, err)
        }
        Command::Review {
            output,
            decisions,
            list,
            decide,
        } => match (list, decide) {
            (true, _) => commands::review::list(output, out),
            (false, Some(args)) => {
                commands::review::decide(output, decisions, &args[0], &args[1], &args[2], err)
            }
            (false, None) => commands::review::interactive(output, decisions, err),
        },
        Command::Score {
            input,
            truth,
            schema,
            show,
            markdown,
        } => commands::score::run(
            &commands::score::Plan {
                input,
                truth,
                schema: schema.as_deref(),
                show: *show,
                markdown: *markdown,
            },
            out,
        ),
        Command::GenCorpus { .. }
        | Command::Calibrate { .. }
        | Command::CalibrateCode { .. }
        | Command::CalibrateRepair { .. } => make_or_fit(command, err),
    }
}

/// Runs a command that makes a corpus or fits a model.
fn make_or_fit(command: &Command, err: &mut dyn Write) -> Result<Outcome, Error> {
    match command {
        Command::GenCorpus {
            questions,
            out: dir,
            seed,
            shape,
            from,
            schema,
            replace,
        } => commands::gen_corpus::run(
            &commands::gen_corpus::Plan {
                questions: *questions,
                out: dir,
                seed: *seed,
                shape: *shape,
                seeds: from,
                schema,
                replace: *replace,
            },
            err,
        ),
        Command::Calibrate {
            from,
            labels,
            decisions,
            web,
            seed,
            schema,
            out,
        } => commands::calibrate::run(
            &commands::calibrate::Plan {
                seeds: from,
                labels,
                decisions,
                web: *web,
                seed: *seed,
                schema,
                out,
            },
            err,
        ),
        Command::CalibrateCode {
            from,
            hold_out,
            out,
            write_held_out,
        } => commands::calibrate_code::run(
            &commands::calibrate_code::Plan {
                from,
                hold_out,
                out,
                write_held_out: write_held_out.as_deref(),
            },
            err,
        ),
        Command::CalibrateRepair { corpus, out } => {
            commands::calibrate_repair::run(corpus, out, err)
        }
        Command::Repair { .. }
        | Command::Run { .. }
        | Command::Report { .. }
        | Command::Review { .. }
        | Command::Score { .. } => unreachable!("execute runs the dataset commands"),
    }
}

/// The exit status of a command's outcome; an error is written to stderr with its causes.
fn exit_status(result: Result<Outcome, Error>, err: &mut dyn Write) -> ExitCode {
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e @ Error::InvalidRow { .. }) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::from(1)
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                let _ = writeln!(err, "caused by: {cause}");
                source = cause.source();
            }
            ExitCode::from(2)
        }
    }
}

/// A closed pipe downstream (`qclean repair f | head`) is not a failure.
fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Write { cause, .. } if cause.kind() == std::io::ErrorKind::BrokenPipe)
}
