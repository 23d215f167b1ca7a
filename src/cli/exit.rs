//! How a command ends: an exit code with its message on stderr, and the words for a refused
//! address.

use std::process::ExitCode;

/// What the command line says about an address it refuses.
pub(super) fn email_problem(problem: peyvand::domain::people::email::EmailProblem) -> &'static str {
    use peyvand::domain::people::email::EmailProblem;
    match problem {
        EmailProblem::Invalid | EmailProblem::NotAscii => {
            "that is not a usable email address (plain ASCII, like name@example.org)"
        }
        EmailProblem::Invisible => {
            "the email address contains an invisible character (such as a soft hyphen or a zero-width space); type it again by hand"
        }
        EmailProblem::TooLong => "an email address has at most 254 characters",
    }
}

pub(super) fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}
