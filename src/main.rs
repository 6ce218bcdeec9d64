//! The `rolecall` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    rolecall::main_exit_code()
}
