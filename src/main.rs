//! The `samkart` binary: the window with no subcommand, a headless command otherwise.

use clap::Parser;
use samkart::cli::{Cli, run};

fn main() {
    // clap's own messages are English; samkart speaks Norwegian (cli::parse_failure).
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let failure = samkart::cli::parse_failure(&e);
            if failure.to_stdout {
                print!("{}", failure.text);
            } else {
                eprint!("{}", failure.text);
            }
            std::process::exit(failure.code);
        }
    };
    match cli.command {
        Some(command) => std::process::exit(run(command)),
        None => {
            if let Err(e) = samkart::ui::run(cli.register) {
                eprintln!("Samkart kunne ikke starte: {e}");
                std::process::exit(1);
            }
        }
    }
}
