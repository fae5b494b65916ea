//! A real SMTP server for the mail tests.

/// A real SMTP server for tests: Python's aiosmtpd (Debian's `python3-aiosmtpd`, installed by
/// `scripts/setup.sh --test`), storing what it receives in a maildir. Stopped when dropped.
pub struct SmtpSink {
    /// `smtp://127.0.0.1:PORT`.
    pub url: String,
    maildir: tempfile::TempDir,
    process: std::process::Child,
}

impl SmtpSink {
    /// Starts the server on a free port and waits until it accepts connections.
    ///
    /// # Panics
    /// When no Python with aiosmtpd is found or the server does not come up: the test must fail.
    pub fn start() -> SmtpSink {
        SmtpSink::spawn(&[
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            "127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            "{maildir}",
        ])
    }

    /// Starts an aiosmtpd that refuses every recipient with `code` and a reply that names the
    /// address, as real servers do (`550 5.1.1 <name@example.org>: user unknown`).
    pub fn start_refusing(code: u16) -> SmtpSink {
        let script = format!(
            "import sys, time\n\
             from aiosmtpd.controller import Controller\n\
             class Refuse:\n\
             \x20   async def handle_RCPT(self, server, session, envelope, address, options):\n\
             \x20       return '{code} 5.1.1 <%s>: Recipient address rejected: user unknown' % address\n\
             Controller(Refuse(), hostname='127.0.0.1', port=int(sys.argv[1])).start()\n\
             while True:\n\
             \x20   time.sleep(3600)\n"
        );
        SmtpSink::spawn(&["-c", &script, "{port}"])
    }

    /// Runs Python with `args` (`{port}` and `{maildir}` filled in) and waits for the port.
    #[allow(clippy::expect_used, clippy::panic)]
    fn spawn(args: &[&str]) -> SmtpSink {
        let python = ["/usr/bin/python3", "python3"]
            .into_iter()
            .find(|python| {
                std::process::Command::new(python)
                    .args(["-c", "import aiosmtpd"])
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
            .unwrap_or_else(|| panic!("no Python with aiosmtpd: run scripts/setup.sh --test"));
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let maildir = tempfile::tempdir().expect("maildir");
        let mailbox = maildir.path().join("mail").display().to_string();
        let process = std::process::Command::new(python)
            .args(args.iter().map(|a| {
                a.replace("{port}", &port.to_string())
                    .replace("{maildir}", &mailbox)
            }))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "aiosmtpd did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        SmtpSink {
            url: format!("smtp://127.0.0.1:{port}"),
            maildir,
            process,
        }
    }

    /// Every message received so far, as raw RFC 5322 text.
    pub fn messages(&self) -> Vec<String> {
        let folder = self.maildir.path().join("mail").join("new");
        let mut paths: Vec<_> = std::fs::read_dir(folder)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    }
}

/// The plain-text part of a raw message, decoded (base64 or quoted-printable soft breaks).
///
/// # Panics
/// When a base64 part does not decode to UTF-8: the test must fail.
#[allow(clippy::unwrap_used)]
pub fn body_text(message: &str) -> String {
    use base64::Engine as _;
    let message = message.replace("\r\n", "\n");
    let start = message.find("Content-Type: text/plain").unwrap_or(0);
    let part = message[start..]
        .split_once("\n\n")
        .map_or("", |(_, body)| body);
    let encoded: String = part
        .lines()
        .take_while(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    if message.contains("Content-Transfer-Encoding: base64") {
        let compact: String = encoded.split_whitespace().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .unwrap(),
        )
        .unwrap()
    } else {
        encoded.replace("=\n", "")
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
