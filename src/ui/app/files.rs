//! The native file dialogs (rfd) the window asks for a path with; tests replace them
//! ([`super::App::pick_file`]) so that none ever opens.

use std::path::PathBuf;

/// Which native file dialog to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileDialog {
    Open,
    New,
    SaveAs,
    /// A spreadsheet to import.
    Import,
    /// Where to write an export: a file (named after the report it holds), or a folder for
    /// formats of several files.
    Export(crate::exchange::Format, crate::exchange::Report),
    /// A folder for the e-mail drafts to contacts not verified.
    Drafts,
}

/// Shows a native file dialog (rfd); modal on desktop, so the frame loop waits for it.
pub fn native_file_dialog(kind: FileDialog) -> Option<PathBuf> {
    if let FileDialog::Import = kind {
        return rfd::FileDialog::new()
            .set_title("Importer regneark")
            .add_filter("Regneark", &["csv", "txt", "xlsx", "xlsm", "xls", "ods"])
            .pick_file();
    }
    if let FileDialog::Drafts = kind {
        return rfd::FileDialog::new().set_title("Mappe for e-postutkastene").pick_folder();
    }
    if let FileDialog::Export(format, report) = kind {
        let d = rfd::FileDialog::new().set_title("Eksporter");
        if format.is_folder() {
            return d.pick_folder();
        }
        let name = format.file_name(report).unwrap_or("rapport.html");
        let ext = name.rsplit('.').next().unwrap_or_default();
        return d.set_file_name(name).add_filter(ext, &[ext]).save_file();
    }
    let dialog = rfd::FileDialog::new().add_filter("Samkart-register", &["ron"]);
    match kind {
        FileDialog::Open => dialog.set_title("Åpne register").pick_file(),
        FileDialog::New => dialog.set_title("Nytt register").set_file_name("register.ron").save_file(),
        FileDialog::SaveAs => dialog.set_title("Lagre som").save_file(),
        FileDialog::Import | FileDialog::Export(..) | FileDialog::Drafts => None,
    }
}
