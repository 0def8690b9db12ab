//! Gives the shared library an SONAME on ELF targets, so that programs
//! linked against libagora_token.so record the name, not the path. While
//! the major version is 0, every minor release may change the ABI, so the
//! SONAME carries both: libagora_token.so.0.1.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(
        os.as_str(),
        "linux" | "freebsd" | "netbsd" | "openbsd" | "android"
    ) {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
        let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
        let soname = if major == "0" {
            format!("libagora_token.so.0.{minor}")
        } else {
            format!("libagora_token.so.{major}")
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
