//! Bounded CPU work: proof checks, RDF canonicalization and QR photo decoding run here, on
//! blocking threads behind a semaphore, never on the async workers that answer `/healthz`,
//! sign-in and record pages.
//!
//! A full pool answers at once ([`CoreError::Busy`], a `503` with `Retry-After`) instead of
//! queueing without end; a job that outlives the deadline is answered the same way while its
//! thread finishes and only then gives its permit back, so the number of busy threads never
//! exceeds the pool's size, whatever clients send.
//!
//! Owns: how much CPU anonymous requests may use at once. Must never: run a job without a
//! permit, or hold an async worker while a job runs.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::{CoreError, CoreResult};

/// Seconds a client is told to wait when the pool is full.
pub const RETRY_AFTER_SECONDS: u64 = 2;

/// A pool of `size` blocking threads for CPU-heavy work, each job with a deadline.
#[derive(Clone, Debug)]
pub struct WorkPool {
    permits: Arc<Semaphore>,
    size: usize,
    deadline: Duration,
}

impl WorkPool {
    /// A pool running at most `size` jobs at once (at least one), each answered within
    /// `deadline`.
    pub fn new(size: usize, deadline: Duration) -> Self {
        let size = size.max(1);
        Self {
            permits: Arc::new(Semaphore::new(size)),
            size,
            deadline,
        }
    }

    /// A pool sized for this machine: one job per core but one, at least one.
    pub fn for_this_machine(deadline: Duration) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self::new(cores.saturating_sub(1).max(1), deadline)
    }

    /// How many jobs may run at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Jobs running now.
    pub fn busy(&self) -> usize {
        self.size - self.permits.available_permits()
    }

    /// Runs `job` on a blocking thread if a permit is free now; `Busy` when none is, or when
    /// the job is not done within the deadline (it then finishes in the background and frees
    /// its permit when it does).
    pub async fn run<T, F>(&self, job: F) -> CoreResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .try_acquire_owned()
            .map_err(|_| busy())?;
        let handle = tokio::task::spawn_blocking(move || {
            let _held = permit;
            job()
        });
        match tokio::time::timeout(self.deadline, handle).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(panicked)) => Err(CoreError::Setup(format!(
                "a verification job failed: {panicked}"
            ))),
            Err(_) => {
                tracing::warn!(
                    deadline_ms = self.deadline.as_millis() as u64,
                    "a CPU job missed its deadline"
                );
                Err(busy())
            }
        }
    }
}

fn busy() -> CoreError {
    CoreError::Busy {
        retry_after: RETRY_AFTER_SECONDS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_pool_answers_busy_at_once_and_frees_its_permits() {
        let pool = WorkPool::new(1, Duration::from_secs(5));
        let (release, wait) = mpsc::channel::<()>();
        let running = {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run(move || {
                    let _ = wait.recv();
                    7
                })
                .await
            })
        };
        while pool.busy() == 0 {
            tokio::task::yield_now().await;
        }
        assert!(matches!(
            pool.run(|| 1).await,
            Err(CoreError::Busy { retry_after: 2 })
        ));
        release.send(()).unwrap();
        assert_eq!(running.await.unwrap().unwrap(), 7);
        assert_eq!(pool.run(|| 1).await.unwrap(), 1);
        assert_eq!(pool.busy(), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_past_its_deadline_is_answered_busy_and_keeps_its_permit_until_done() {
        let pool = WorkPool::new(1, Duration::from_millis(20));
        let (release, wait) = mpsc::channel::<()>();
        let slow = pool
            .run(move || {
                let _ = wait.recv();
            })
            .await;
        assert!(matches!(slow, Err(CoreError::Busy { .. })));
        // The thread still runs: the pool stays full until it ends.
        assert_eq!(pool.busy(), 1);
        assert!(matches!(pool.run(|| ()).await, Err(CoreError::Busy { .. })));
        release.send(()).unwrap();
        while pool.busy() == 1 {
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.run(|| 3).await.unwrap(), 3);
    }

    #[test]
    fn a_pool_has_at_least_one_thread() {
        assert_eq!(WorkPool::new(0, Duration::from_secs(1)).size(), 1);
        assert!(WorkPool::for_this_machine(Duration::from_secs(1)).size() >= 1);
    }
}
