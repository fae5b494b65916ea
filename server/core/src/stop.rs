//! The portal's stop as its background jobs see it: on SIGTERM or Ctrl-C the server stops
//! taking connections and lets requests in flight finish; at the same moment each job finishes
//! the run in hand and takes no more (no mail claimed, no check started), and the server waits
//! for them within the same grace time.
//!
//! Owns: the stop signal. Must never: cut a job's run short (the job decides where it stops).

use std::time::Duration;

use tokio::sync::watch;

/// Says "stopping" to every [`Stopping`] made with it.
#[derive(Debug)]
pub struct StopSwitch(watch::Sender<bool>);

/// What a job waits on between runs.
#[derive(Clone, Debug)]
pub struct Stopping(watch::Receiver<bool>);

impl StopSwitch {
    /// A switch and the first of its receivers.
    pub fn new() -> (StopSwitch, Stopping) {
        let (switch, stopping) = watch::channel(false);
        (StopSwitch(switch), Stopping(stopping))
    }

    /// Tells every job to take no more work.
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

impl Stopping {
    /// Whether the portal is stopping.
    pub fn is_stopping(&self) -> bool {
        *self.0.borrow()
    }

    /// Waits `pause` between runs; `true` when the portal is stopping (at once, if it was
    /// before or stops meanwhile). With its switch gone (a tool running a job alone), a plain
    /// pause.
    pub async fn pause(&mut self, pause: Duration) -> bool {
        if self.is_stopping() {
            return true;
        }
        let sleep = tokio::time::sleep(pause);
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                () = &mut sleep => return self.is_stopping(),
                changed = self.0.changed() => match changed {
                    Ok(()) if self.is_stopping() => return true,
                    Ok(()) => {}
                    Err(_) => {
                        (&mut sleep).await;
                        return false;
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_pause_ends_at_once_when_the_portal_stops() {
        let (switch, mut stopping) = StopSwitch::new();
        assert!(
            !stopping.pause(Duration::from_secs(5)).await,
            "a plain pause"
        );
        let mut job = stopping.clone();
        let waiting = tokio::spawn(async move { job.pause(Duration::from_secs(3600)).await });
        tokio::time::sleep(Duration::from_secs(1)).await;
        switch.stop();
        assert!(waiting.await.unwrap(), "woken by the stop, not the hour");
        assert!(stopping.is_stopping());
        assert!(
            stopping.pause(Duration::from_secs(3600)).await,
            "stopped stays stopped"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_switch_a_pause_is_a_pause() {
        let (switch, mut stopping) = StopSwitch::new();
        drop(switch);
        let started = tokio::time::Instant::now();
        assert!(!stopping.pause(Duration::from_secs(60)).await);
        assert!(started.elapsed() >= Duration::from_secs(60));
    }
}
