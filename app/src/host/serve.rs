//! Starting the portal: data folder, database, migrations, Leptos options, the listening socket,
//! and a graceful stop on Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use leptos::config::{Env, LeptosOptions};
use portal_core::Config;
use portal_domain::clock::SharedClock;
use portal_domain::clock::SystemClock;
use portal_storage::audit_files::AuditFiles;
use portal_storage::files;
use portal_storage::Store;
use portal_storage::StoreError;
use tokio::net::TcpListener;

use portal_core::credentials::issuer::Issuer;
use portal_web::WebState;

use super::router;
use crate::server::state::AppState;

/// Why the portal could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The data folder could not be created.
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Passkeys or the issuer's keys cannot work as configured.
    #[error(transparent)]
    Setup(#[from] portal_core::CoreError),
    /// The server stopped with an I/O error.
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// Creates the data folder (owner-only: it will hold keys and uploads).
pub fn ensure_data_dir(path: &Path) -> Result<(), StartError> {
    let error = |source| StartError::DataDir {
        path: path.to_owned(),
        source,
    };
    std::fs::create_dir_all(path).map_err(error)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).map_err(error)?;
    }
    Ok(())
}

/// Most exposed paths named at start (the rest are tightened too, and counted).
const EXPOSED_NAMED: usize = 20;

/// The SQLite database's files when the database is SQLite (its WAL and shared memory too).
fn sqlite_files(config: &Config) -> Vec<PathBuf> {
    let Some(rest) = config.database_url.strip_prefix("sqlite:") else {
        return Vec::new();
    };
    let path = rest.trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Vec::new();
    }
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{path}{suffix}")))
        .collect()
}

/// Finds what others than the portal's user may read in the data folder (keys, documents,
/// the audit key, the SQLite database), warns about each by path, and makes it owner-only.
/// Returns what was open.
pub fn tighten_data(config: &Config) -> Result<Vec<PathBuf>, StartError> {
    let error = |path: &Path| {
        let path = path.to_owned();
        move |source| StartError::DataDir { path, source }
    };
    let mut open =
        files::open_to_others(&config.data_dir, usize::MAX).map_err(error(&config.data_dir))?;
    for file in sqlite_files(config) {
        if !file.starts_with(&config.data_dir) {
            open.extend(files::open_to_others(&file, 1).map_err(error(&file))?);
        }
    }
    for (n, path) in open.iter().enumerate() {
        if n < EXPOSED_NAMED {
            tracing::warn!(
                path = %path.display(),
                "other users could read or change this; it is now owner-only"
            );
        }
        files::make_owner_only(path).map_err(error(path))?;
    }
    if open.len() > EXPOSED_NAMED {
        tracing::warn!(
            more = open.len() - EXPOSED_NAMED,
            "more paths in the data folder were open to other users; all are now owner-only"
        );
    }
    Ok(open)
}

/// Opens and migrates the database named by the configuration, with the audit key of the
/// data folder (made on the first start).
pub async fn open_store(config: &Config) -> Result<Store, StartError> {
    ensure_data_dir(&config.data_dir)?;
    let audit_key = AuditFiles::in_dir(&config.data_dir)
        .load_or_create_key()
        .map_err(|e| StartError::Setup(portal_core::CoreError::Setup(e.to_string())))?;
    let pool = portal_storage::PoolOptions::new(config.database_max_connections).waiting(
        std::time::Duration::from_secs(u64::from(config.database_acquire_timeout_seconds)),
    );
    let store = Store::connect(&config.database_url, pool, audit_key).await?;
    store.migrate().await?;
    Ok(store)
}

/// Where the compiled site (wasm, JS, CSS, public files) is: the configured folder, else
/// `site/` beside the binary's folder (how `scripts/build.sh` lays it out), else the build
/// tree this binary was compiled in.
pub fn site_root(config: &Config) -> PathBuf {
    if let Some(root) = &config.site_root {
        return root.clone();
    }
    let beside_binary = std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.parent()
                .and_then(Path::parent)
                .map(|dir| dir.join("site"))
        })
        .filter(|dir| dir.join("pkg").is_dir());
    beside_binary.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site"))
}

/// The file in which `scripts/build.sh` (like `cargo leptos build` with `hash-files`) writes
/// the content hashes of the bundle's file names, beside the binary.
pub const HASH_FILE: &str = "hash.txt";

/// Whether the bundle's file names carry content hashes: the build wrote [`HASH_FILE`] beside
/// this binary. Then `/pkg/` files never change under their name and are cached for a year.
pub fn bundle_is_hashed() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(HASH_FILE)))
        .is_some_and(|file| file.is_file())
}

/// Leptos' options for this configuration.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("portal")
        .site_root(site_root(config).to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(Env::PROD)
        .hash_file(HASH_FILE.into())
        .hash_files(bundle_is_hashed())
        .build()
}

/// A public URL that is an IP address (a LAN deployment) starts, with what it cannot do.
fn warn_about_an_address(config: &Config) {
    if !config.public_url_is_an_address() {
        return;
    }
    tracing::warn!(
        "PORTAL_PUBLIC_URL is an IP address: {}",
        portal_core::auth::passkeys::PASSKEYS_NEED_A_NAME
    );
    if config.did_method == portal_core::config::DidMethod::Web {
        tracing::warn!(
            "PORTAL_PUBLIC_URL is an IP address, which did:web does not allow (its DID names a \
             domain): partners' verifiers may refuse this issuer; PORTAL_DID_METHOD=key names \
             the issuer by its key instead"
        );
    }
}

/// Everything needed to serve, with the real clock (after making the data folder owner-only,
/// with a warning for whatever others could read).
pub async fn prepare(config: Config) -> Result<AppState, StartError> {
    tighten_data(&config)?;
    warn_about_an_address(&config);
    let store = open_store(&config).await?;
    state(config, store, Arc::new(SystemClock))
}

/// The application state for an opened store and a clock.
pub fn state(config: Config, store: Store, clock: SharedClock) -> Result<AppState, StartError> {
    let web = WebState::new(config, store, clock)?;
    Ok(AppState {
        leptos_options: leptos_options(&web.config),
        web,
    })
}

/// Binds the configured address.
pub async fn bind(config: &Config) -> Result<TcpListener, StartError> {
    TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })
}

/// Serves until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let (switch, stopping) = portal_core::stop::StopSwitch::new();
    let mut jobs = Vec::new();
    let sms = match state.config.sms_gateway() {
        Some(Ok(gateway)) => Some(gateway),
        Some(Err(error)) => {
            tracing::warn!(error = %error, "the SMS gateway is not usable; no SMS is sent");
            None
        }
        None => None,
    };
    match state.config.mailer() {
        Ok(mailer) => {
            jobs.push(portal_core::jobs::notifications::spawn(
                state.store.clone(),
                mailer,
                sms,
                state.config.clone(),
                state.clock.clone(),
                portal_core::jobs::notifications::Pace {
                    every: std::time::Duration::from_secs(u64::from(
                        state.config.mail_poll_seconds,
                    )),
                    wake: state.mail_wake.clone(),
                    stop: stopping.clone(),
                },
            ));
        }
        Err(error) => {
            tracing::warn!(error = %error, "mail is not configured; notifications stay in the portal only");
        }
    }
    // The first start makes the issuer's first key; later starts check the active key's file.
    let ctx = portal_core::Ctx::at(state.clock.now());
    if let Some(kid) = Issuer::ensure_key(&state.store, &ctx, &state.config).await? {
        tracing::info!(kid = %kid, "issuer key created");
    }
    state
        .issuer
        .current(&state.store, &state.config, std::time::Instant::now())
        .await?;
    jobs.push(portal_core::jobs::slots::spawn(
        state.store.clone(),
        state.clock.clone(),
        state.config.appointment_horizon_days,
        stopping.clone(),
    ));
    jobs.push(portal_core::jobs::quality::spawn(
        state.store.clone(),
        state.clock.clone(),
        stopping.clone(),
    ));
    let audit = AuditFiles::in_dir(&state.config.data_dir);
    jobs.push(portal_core::jobs::housekeeping::spawn(
        state.store.clone(),
        audit.clone(),
        state.clock.clone(),
        chrono::Duration::minutes(i64::from(state.config.session_idle_minutes)),
        stopping.clone(),
    ));
    let counters = state.verifier.counters.clone();
    jobs.push(portal_core::credentials::counters::spawn(
        counters.clone(),
        state.store.clone(),
        state.clock.clone(),
        stopping,
    ));
    let limits = super::connections::Limits::of(&state.config);
    let grace = limits.shutdown_grace;
    let (store, clock) = (state.store.clone(), state.clock.clone());
    let app = router::build(state);
    // At the signal the jobs take no more work, while requests in flight finish.
    let shutdown = async move {
        shutdown.await;
        switch.stop();
    };
    let served = super::connections::serve(app, listener, limits, shutdown).await;
    // Runs in hand finish within the same grace time.
    let finished = tokio::time::timeout(grace, async {
        for job in jobs {
            let _ = job.await;
        }
    })
    .await;
    if finished.is_err() {
        tracing::warn!("background work still running after the grace time was abandoned");
    }
    if let Err(error) = counters.flush(&store, clock.now()).await {
        tracing::error!(error = %error, "verification counts at stop not written");
    }
    // The last rows of this run are anchored outside the database before the process ends.
    if let Err(error) = portal_core::admin::checkpoint_audit(&store, &audit, clock.now()).await {
        tracing::error!(error = %error, "audit checkpoint at stop failed");
    }
    served.map_err(StartError::Serve)
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
