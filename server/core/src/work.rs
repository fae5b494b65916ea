//! Bounded CPU work: proof checks, RDF canonicalization and QR photo decoding run here, on
//! blocking threads behind semaphores, never on the async workers that answer `/healthz`,
//! sign-in and record pages.
//!
//! Two lanes: **light** work (proofs that need no canonicalization: `eddsa-jcs-2022`, VC-JWT,
//! QR payloads) on blocking threads, and **heavy** work (RDF canonicalization, photo decoding)
//! on threads of its own that run at the lowest CPU priority (nice 19 on Linux). Inputs built
//! to be expensive only ever wait behind each other: they never take the threads everyday
//! checks use, and while those have work the scheduler gives the heavy threads only what is
//! left over. A lane that is full lets a bounded number of
//! requests wait a short, bounded time ([`QUEUE_WAIT`]); past that it answers
//! [`CoreError::Busy`] (a `503` with `Retry-After`) instead of queueing without end. A job that
//! outlives the deadline is answered the same way while its thread finishes and only then
//! gives its permit back, so the number of busy threads never exceeds a lane's size, whatever
//! clients send.
//!
//! Owns: how much CPU anonymous requests may use at once. Must never: run a job without a
//! permit, or hold an async worker while a job runs.

use std::sync::Arc;
use std::time::Duration;

use std::sync::mpsc;
use std::sync::Mutex;

use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

use crate::error::{CoreError, CoreResult};

/// Seconds a client is told to wait when the pool is full.
pub const RETRY_AFTER_SECONDS: u64 = 2;

/// Longest a request waits for a thread of a full lane before it is answered busy.
pub const QUEUE_WAIT: Duration = Duration::from_millis(250);

/// How many requests may wait for a lane, per thread of the lane.
pub const QUEUE_PER_THREAD: usize = 8;

/// One lane: its threads and the places to wait for them.
#[derive(Clone, Debug)]
struct Lane {
    permits: Arc<Semaphore>,
    waiting: Arc<Semaphore>,
    size: usize,
}

impl Lane {
    fn new(size: usize, queue: usize) -> Self {
        let size = size.max(1);
        Self {
            permits: Arc::new(Semaphore::new(size)),
            waiting: Arc::new(Semaphore::new(queue)),
            size,
        }
    }

    /// A thread of the lane: at once when one is free, else after waiting in the bounded
    /// queue for at most [`QUEUE_WAIT`].
    async fn acquire(&self) -> CoreResult<OwnedSemaphorePermit> {
        if let Ok(permit) = Arc::clone(&self.permits).try_acquire_owned() {
            return Ok(permit);
        }
        let _place = Arc::clone(&self.waiting)
            .try_acquire_owned()
            .map_err(|_| busy())?;
        match tokio::time::timeout(QUEUE_WAIT, Arc::clone(&self.permits).acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) | Err(_) => Err(busy()),
        }
    }
}

/// A job for a heavy thread.
type HeavyJob = Box<dyn FnOnce() + Send>;

/// The heavy lane's own threads, fed through a channel; they end when the pool is dropped.
#[derive(Clone)]
struct HeavyThreads {
    jobs: Arc<Mutex<mpsc::Sender<HeavyJob>>>,
}

impl std::fmt::Debug for HeavyThreads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HeavyThreads")
    }
}

impl HeavyThreads {
    fn start(count: usize) -> Self {
        let (sender, receiver) = mpsc::channel::<HeavyJob>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..count {
            let receiver = Arc::clone(&receiver);
            let started = std::thread::Builder::new()
                .name(format!("heavy-{n}"))
                .spawn(move || {
                    lowest_priority();
                    loop {
                        let job = match receiver.lock() {
                            Ok(jobs) => jobs.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A job that panics is answered as failed; the thread goes on.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = started {
                tracing::error!(error = %error, "a heavy worker thread could not start");
            }
        }
        Self {
            jobs: Arc::new(Mutex::new(sender)),
        }
    }

    fn send(&self, job: HeavyJob) -> bool {
        self.jobs
            .lock()
            .map(|jobs| jobs.send(job).is_ok())
            .unwrap_or(false)
    }
}

/// Gives the calling thread the lowest CPU priority (nice 19): it runs on what other threads
/// leave over. Best effort: where it cannot, the thread keeps the normal priority.
fn lowest_priority() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
    }
}

/// A bounded pool for CPU-heavy jobs, in two lanes.
#[derive(Clone, Debug)]
pub struct WorkPool {
    light: Lane,
    heavy: Lane,
    heavy_threads: HeavyThreads,
    deadline: Duration,
}

impl WorkPool {
    /// A pool of `size` light threads and as many heavy ones (at least one each), where each
    /// job may take `deadline`. The heavy lane may be as wide as the light one because its
    /// threads only get the CPU the others leave over (nice 19): with fewer, canonicalizing
    /// checks left a core idle while they queued.
    pub fn new(size: usize, deadline: Duration) -> Self {
        Self::with_queue(size, deadline, QUEUE_PER_THREAD)
    }

    /// As [`WorkPool::new`], with `per_thread` places to wait per thread (0: a full lane
    /// answers busy at once).
    pub fn with_queue(size: usize, deadline: Duration, per_thread: usize) -> Self {
        let size = size.max(1);
        let heavy = size;
        Self {
            light: Lane::new(size, size.saturating_mul(per_thread)),
            heavy: Lane::new(heavy, heavy.saturating_mul(per_thread)),
            heavy_threads: HeavyThreads::start(heavy),
            deadline,
        }
    }

    /// A pool sized for this machine: one light thread per core, so checks can use every core
    /// (with one fewer, on two cores, every check waited for the one thread while a core
    /// idled). The async workers are not starved: a light job is a short check whose input is
    /// bounded, and the heavy lane runs at the lowest priority.
    pub fn for_this_machine(deadline: Duration) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self::new(cores, deadline)
    }

    /// Threads of the light lane.
    pub fn size(&self) -> usize {
        self.light.size
    }

    /// Light threads in use now.
    pub fn busy(&self) -> usize {
        self.light.size - self.light.permits.available_permits()
    }

    /// Threads of the heavy lane.
    pub fn heavy_size(&self) -> usize {
        self.heavy.size
    }

    /// Heavy threads in use now.
    pub fn heavy_busy(&self) -> usize {
        self.heavy.size - self.heavy.permits.available_permits()
    }

    /// Runs `job` on a light thread, within the deadline; `Busy` when the lane stays full or
    /// the deadline passes.
    pub async fn run<T, F>(&self, job: F) -> CoreResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.run_in(&self.light, job).await
    }

    /// Runs `job` on a heavy thread (canonicalization, photo decoding), at the lowest CPU
    /// priority, within the deadline.
    pub async fn run_heavy<T, F>(&self, job: F) -> CoreResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = self.heavy.acquire().await?;
        let (answer, answered) = oneshot::channel();
        let sent = self.heavy_threads.send(Box::new(move || {
            // The permit goes back when the job ends, not when the caller stops waiting.
            let _held = permit;
            let _ = answer.send(job());
        }));
        if !sent {
            return Err(CoreError::Setup("the heavy worker threads stopped".into()));
        }
        match tokio::time::timeout(self.deadline, answered).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) => Err(CoreError::Setup("a verification job failed".into())),
            Err(_) => {
                tracing::warn!(
                    deadline_ms = self.deadline.as_millis() as u64,
                    "a heavy CPU job missed its deadline"
                );
                Err(busy())
            }
        }
    }

    async fn run_in<T, F>(&self, lane: &Lane, job: F) -> CoreResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = lane.acquire().await?;
        let handle = tokio::task::spawn_blocking(move || {
            // The permit goes back when the job ends, not when the caller stops waiting.
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
    async fn a_full_pool_without_a_queue_answers_busy_at_once_and_frees_its_permits() {
        let pool = WorkPool::with_queue(1, Duration::from_secs(5), 0);
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
        let pool = WorkPool::with_queue(1, Duration::from_millis(20), 0);
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_lane_lets_a_bounded_queue_wait_briefly_and_heavy_work_keeps_to_its_lane() {
        let pool = WorkPool::with_queue(1, Duration::from_secs(5), 1);
        let (release, wait) = mpsc::channel::<()>();
        let heavy = {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run_heavy(move || {
                    let _ = wait.recv();
                })
                .await
            })
        };
        while pool.heavy_busy() == 0 {
            tokio::task::yield_now().await;
        }
        // Heavy work never takes the light lane's thread.
        assert_eq!(pool.run(|| 5).await.unwrap(), 5);
        // One request may wait for the heavy lane; a second finds no place and is busy at
        // once; the waiting one is busy after QUEUE_WAIT.
        let waiting = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run_heavy(|| 1).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        let started = std::time::Instant::now();
        assert!(matches!(
            pool.run_heavy(|| 2).await,
            Err(CoreError::Busy { .. })
        ));
        assert!(started.elapsed() < QUEUE_WAIT);
        assert!(matches!(
            waiting.await.unwrap(),
            Err(CoreError::Busy { .. })
        ));
        // A thread freed within the wait serves the one waiting.
        let served = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run_heavy(|| 3).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        release.send(()).unwrap();
        heavy.await.unwrap().unwrap();
        assert_eq!(served.await.unwrap().unwrap(), 3);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_heavy_job_that_panics_fails_alone_and_the_lane_goes_on() {
        // A generous wait: printing the panic's backtrace of a debug build on a loaded machine
        // took longer than 5 s once (the wait is not what this test is about).
        let pool = WorkPool::new(1, Duration::from_secs(120));
        let failed: CoreResult<()> = pool.run_heavy(|| panic!("a bad input")).await;
        assert!(matches!(failed, Err(CoreError::Setup(_))));
        // Its thread gives the permit back as it unwinds, and takes the next job.
        while pool.heavy_busy() != 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.run_heavy(|| 4).await.unwrap(), 4);
    }

    #[test]
    fn a_pool_has_at_least_one_thread() {
        assert_eq!(WorkPool::new(0, Duration::from_secs(1)).size(), 1);
        assert!(WorkPool::for_this_machine(Duration::from_secs(1)).size() >= 1);
    }
}
