//! The `samkart` binary: the window with no subcommand, a headless command otherwise.

use clap::Parser;
use samkart::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
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
