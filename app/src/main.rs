//! The `portal` binary: see `portal --help`.

/// mimalloc instead of the C library's allocator: checking a credential makes many small,
/// short-lived allocations (JSON trees, JSON-LD active contexts), and with glibc's malloc
/// they took 15 to 40 % of the CPU under load (`scripts/bench.sh`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    app::host::cli::main().await
}
