//! Build script: only when building for Windows, puts Samkart's icon, version and publisher
//! into samkart.exe (the properties Explorer shows), compiled with mingw's `windres`.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=assets/samkart.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/samkart.ico")
        // Norwegian (bokmål), the language of every text the user reads.
        .set_language(0x0414)
        .set("ProductName", "Samkart")
        .set("FileDescription", "Samkart")
        .set("CompanyName", "Samkart-prosjektet")
        .set("LegalCopyright", "Samkart-prosjektet, MIT-lisens")
        .set("OriginalFilename", "samkart.exe")
        .set("InternalName", "samkart")
        .set("ProductVersion", &version)
        .set("FileVersion", &version);
    // Only the samkart binary: tests and benchmarks need no icon.
    if let Err(e) = res.compile_for("samkart") {
        panic!(
            "kunne ikke bygge Windows-ressursen (trenger x86_64-w64-mingw32-windres fra Debians binutils-mingw-w64-x86-64): {e}"
        );
    }
}
