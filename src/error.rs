//! Error kinds that decide the exit code; everything else is plain `anyhow`.
//!
//! Exit codes (DESIGN.md): 0 success, 1 runtime failure, 2 bad usage or bad
//! input, 130 when the user aborted.

use std::io;

/// Bad input from the user (a flag value, an unknown id): exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// The failure was already shown to the user; exit with this code quietly.
#[derive(Debug, thiserror::Error)]
#[error("already reported (exit {0})")]
pub struct Reported(pub u8);

/// The exit code an error maps to, from the first cause that decides it.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(Reported(code)) = cause.downcast_ref::<Reported>() {
            return *code;
        }
        if is_bad_input(cause) {
            return 2;
        }
    }
    1
}

/// Errors that are the user's to fix: a flag value, an id, a deck, a file
/// name. The core's typed errors keep their facts; this is where they
/// become exit 2.
fn is_bad_input(cause: &(dyn std::error::Error + 'static)) -> bool {
    cause.is::<BadInput>()
        || cause.is::<crate::deck::load::LoadError>()
        || cause.is::<crate::session::FilterError>()
        || cause.is::<crate::session::AnswerError>()
        || cause.is::<crate::grade::ParseGradeError>()
        || cause.is::<crate::score::NoSuchPoint>()
        || cause
            .downcast_ref::<crate::store::StoreError>()
            .is_some_and(crate::store::StoreError::is_bad_input)
}

/// Whether the failure was already shown to the user.
pub fn was_reported(err: &anyhow::Error) -> bool {
    err.chain().any(<dyn std::error::Error>::is::<Reported>)
}

/// A closed pipe downstream (`rolecall cards | head`) is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
