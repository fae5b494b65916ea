//! The `portal` binary: see `portal --help`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    app::host::cli::main().await
}
