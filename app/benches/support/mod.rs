//! What the loopback benchmarks share: their options, the portal under test (a release
//! binary on a fresh database with the demo data) and latency samples.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Options {
    pub portal: String,
    pub seconds: u64,
    pub connections: usize,
    pub decisions: usize,
    pub database_url: Option<String>,
    /// Generated people registered besides the demo (`seed-demo --people`).
    pub people: u32,
    /// Requests a second of the paced "My record" run.
    pub rate: u32,
    /// Bookings (each then cancelled) one after another.
    pub bookings: usize,
    /// Credentials a second of each paced issue run.
    pub issue_rate: u32,
}

pub fn options() -> Options {
    let mut options = Options {
        portal: "target/release/portal".to_owned(),
        seconds: 10,
        connections: 8,
        decisions: 200,
        database_url: None,
        people: 0,
        rate: 200,
        bookings: 200,
        issue_rate: 20,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--portal" => options.portal = value(),
            "--seconds" => options.seconds = value().parse().unwrap(),
            "--connections" => options.connections = value().parse().unwrap(),
            "--decisions" => options.decisions = value().parse().unwrap(),
            "--database-url" => options.database_url = Some(value()),
            "--people" => options.people = value().parse().unwrap(),
            "--rate" => options.rate = value().parse().unwrap(),
            "--bookings" => options.bookings = value().parse().unwrap(),
            "--issue-rate" => options.issue_rate = value().parse().unwrap(),
            // `cargo bench` passes `--bench`; anything else is a mistake worth seeing.
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    options
}

/// The portal under test, stopped when dropped.
pub struct Portal {
    child: Child,
    pub base: String,
    pub origin: String,
    binary: String,
    env: Vec<(String, String)>,
    _dir: tempfile::TempDir,
}

impl Portal {
    /// Seeds the demo data and serves, with `extra` `PORTAL_*` variables.
    pub fn start(options: &Options, extra: &[(&str, &str)]) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let origin = format!("http://localhost:{port}");
        let mut env = vec![
            ("PORTAL_ADDR".to_owned(), format!("127.0.0.1:{port}")),
            ("PORTAL_PUBLIC_URL".to_owned(), origin.clone()),
            (
                "PORTAL_DATA_DIR".to_owned(),
                dir.path().join("data").display().to_string(),
            ),
            ("PORTAL_LOG".to_owned(), "warn".to_owned()),
            // The load comes from one address: the sign-in budget is not what is measured.
            (
                "PORTAL_AUTH_ATTEMPTS_PER_MINUTE".to_owned(),
                "100000".to_owned(),
            ),
        ];
        env.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        if let Some(url) = &options.database_url {
            env.push(("PORTAL_DATABASE_URL".to_owned(), url.clone()));
        }
        let mut portal = Portal {
            child: Command::new("true").spawn().unwrap(),
            base: format!("http://127.0.0.1:{port}"),
            origin,
            binary: options.portal.clone(),
            env,
            _dir: dir,
        };
        let people = options.people.to_string();
        portal.run(&["seed-demo", "--people", &people]);
        let log = std::fs::File::create(portal.log_path()).unwrap();
        portal.child = Command::new(&portal.binary)
            .arg("serve")
            .envs(portal.env.iter().cloned())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        portal
    }

    /// Where the server's log goes (warnings only: never personal data): `PORTAL_BENCH_LOG`
    /// keeps it after the run, else it goes with the temporary directory.
    pub fn log_path(&self) -> std::path::PathBuf {
        std::env::var_os("PORTAL_BENCH_LOG")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| self._dir.path().join("portal.log"))
    }

    /// The distinct warnings the server logged, without their time stamps.
    pub fn warnings(&self) -> Vec<String> {
        let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let mut seen: Vec<String> = Vec::new();
        for line in text.lines() {
            let line = line.split_once("Z ").map_or(line, |(_, rest)| rest).trim();
            if !line.is_empty() && !seen.iter().any(|s| s == line) && seen.len() < 20 {
                seen.push(line.to_owned());
            }
        }
        seen
    }

    pub fn run(&self, args: &[&str]) -> String {
        let output = Command::new(&self.binary)
            .args(args)
            .envs(self.env.iter().cloned())
            .output()
            .unwrap();
        assert!(output.status.success(), "portal {args:?} failed");
        String::from_utf8(output.stdout).unwrap()
    }

    /// The enrollment token of a fresh invitation (`portal invite …`).
    pub fn invitation(&self, args: &[&str]) -> String {
        let mut all = vec!["invite"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        out.split("/enroll/")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap()
            .to_owned()
    }

    pub async fn wait_ready(&self, client: &reqwest::Client) {
        for _ in 0..300 {
            if let Ok(response) = client.get(format!("{}/readyz", self.base)).send().await {
                if response.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the portal did not become ready");
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Latencies of one route, and how many answers were not what was expected.
#[derive(Default)]
pub struct Sample {
    pub latencies: Vec<Duration>,
    pub errors: usize,
    /// The unexpected answers by status (0: no answer at all).
    pub statuses: std::collections::BTreeMap<u16, usize>,
    pub elapsed: Duration,
}

impl Sample {
    pub fn merge(&mut self, other: Sample) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
    }

    pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    pub fn report(mut self, route: &str) {
        self.latencies.sort();
        let count = self.latencies.len();
        let rate = count as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{route:44} {count:>8} {errors:>7} {rate:>10.0} {p50:>9.2} {p99:>9.2}",
            errors = self.errors,
            p50 = ms(Self::percentile(&self.latencies, 50.0)),
            p99 = ms(Self::percentile(&self.latencies, 99.0)),
        );
        for (status, n) in &self.statuses {
            println!("{:44} {n:>8} answered {status}", "");
        }
    }
}
