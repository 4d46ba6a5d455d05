//! The `samkart` binary: the window with no subcommand, a headless command otherwise.

// On Windows Samkart is a window program, so no console window opens beside it; the
// subcommands print to the console they were started from (see `console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

use clap::Parser;
use samkart::cli::{Cli, run};

fn main() {
    #[cfg(windows)]
    console::attach_to_parent();
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
                let message = format!("Samkart kunne ikke starte: {e}");
                eprintln!("{message}");
                // Started from the Start menu there is no console to read the message in.
                #[cfg(windows)]
                rfd::MessageDialog::new()
                    .set_level(rfd::MessageLevel::Error)
                    .set_title("Samkart")
                    .set_description(message)
                    .show();
                std::process::exit(1);
            }
        }
    }
}

/// A window program on Windows gets no console, so `samkart.exe validate …` typed in a
/// Command Prompt or PowerShell would print nothing. It attaches to the console of the
/// program that started it, when there is one (started from the Start menu there is none, and
/// nothing changes), and sends standard output and error there unless they were redirected
/// to a file or a pipe.
#[cfg(windows)]
mod console {
    use std::os::windows::io::IntoRawHandle;
    use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_OUTPUT_HANDLE, SetStdHandle,
    };

    pub fn attach_to_parent() {
        let ids = [STD_OUTPUT_HANDLE, STD_ERROR_HANDLE];
        // SAFETY: GetStdHandle only reads this process's standard handles.
        let given = ids.map(|id| unsafe { GetStdHandle(id) });
        let redirected = given.map(|h| !h.is_null() && h != INVALID_HANDLE_VALUE);
        if redirected.iter().all(|r| *r) {
            return;
        }
        // SAFETY: a plain call; it fails harmlessly when the parent has no console.
        if unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } == 0 {
            return;
        }
        for ((id, handle), redirected) in ids.into_iter().zip(given).zip(redirected) {
            let handle = if redirected {
                handle
            } else {
                match std::fs::OpenOptions::new().read(true).write(true).open("CONOUT$") {
                    Ok(console) => console.into_raw_handle(),
                    Err(_) => continue,
                }
            };
            // SAFETY: `handle` is one of this process's handles, owned from here on by the
            // standard handle table (never closed).
            unsafe { SetStdHandle(id, handle) };
        }
    }
}
