//! Background work: every slow task (loading, imports, network, saves, exports) runs in a named
//! thread that sends its result back and asks egui to repaint.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// Given to the work closure: report progress, check for cancellation.
#[derive(Clone)]
pub struct JobHandle {
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    ctx: egui::Context,
}

impl JobHandle {
    /// Progress in `0.0..=1.0`; repaints so the bar moves.
    pub fn set_progress(&self, fraction: f32) {
        let v = (fraction.clamp(0.0, 1.0) * 1000.0).round() as u32;
        self.progress.store(v, Ordering::Relaxed);
        self.ctx.request_repaint();
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The flag itself, for code below the ui layer that checks it.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }
}

/// A job that has not reported back yet.
pub struct Job {
    pub id: u64,
    pub label: String,
    pub started: Instant,
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    pub cancellable: bool,
}

impl Job {
    pub fn progress(&self) -> f32 {
        self.progress.load(Ordering::Relaxed) as f32 / 1000.0
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// A job ended by a panic or a thread that could not start; turned into the app's result type.
#[derive(Debug, Clone, PartialEq)]
pub struct JobFailed {
    pub label: String,
    pub message: String,
}

/// Running jobs and the channel their results come back on.
pub struct Jobs<R> {
    tx: Sender<(u64, R)>,
    rx: Receiver<(u64, R)>,
    running: Vec<Job>,
    next_id: u64,
}

impl<R> Default for Jobs<R> {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            running: Vec::new(),
            next_id: 1,
        }
    }
}

impl<R: Send + 'static + From<JobFailed>> Jobs<R> {
    /// Runs `work` in a new thread named after `label`. A panic in `work` comes back as a
    /// [`JobFailed`] result instead of being lost.
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        label: impl Into<String>,
        cancellable: bool,
        work: impl FnOnce(&JobHandle) -> R + Send + 'static,
    ) -> u64 {
        let label = label.into();
        let id = self.next_id;
        self.next_id += 1;
        let progress = Arc::new(AtomicU32::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let handle = JobHandle {
            progress: progress.clone(),
            cancel: cancel.clone(),
            ctx: ctx.clone(),
        };
        let tx = self.tx.clone();
        let thread_label = label.clone();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name(format!(
                "minerlens-{}",
                label.to_lowercase().replace(' ', "-")
            ))
            .spawn(move || {
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&handle)));
                let result = outcome.unwrap_or_else(|panic| {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_else(|| "unknown panic".to_owned());
                    R::from(JobFailed {
                        label: thread_label,
                        message: format!("internal error: {message}"),
                    })
                });
                // The app may be gone (window closed); nothing to report to then.
                let _ = tx.send((id, result));
                repaint.request_repaint();
            });
        if let Err(err) = spawned {
            let _ = self.tx.send((
                id,
                R::from(JobFailed {
                    label: label.clone(),
                    message: format!("could not start a thread: {err}"),
                }),
            ));
        }
        self.running.push(Job {
            id,
            label,
            started: Instant::now(),
            progress,
            cancel,
            cancellable,
        });
        id
    }

    /// Results that arrived since the last call.
    pub fn poll(&mut self) -> Vec<R> {
        let mut out = Vec::new();
        while let Ok((id, r)) = self.rx.try_recv() {
            self.running.retain(|j| j.id != id);
            out.push(r);
        }
        out
    }

    /// Blocks until every running job has reported or `timeout` passes (tests, shutdown).
    pub fn wait_all(&mut self, timeout: Duration) -> Vec<R> {
        let deadline = Instant::now() + timeout;
        let mut out = self.poll();
        while !self.running.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            if let Ok((id, r)) = self.rx.recv_timeout(left) {
                self.running.retain(|j| j.id != id);
                out.push(r);
            }
        }
        out
    }

    pub fn running(&self) -> &[Job] {
        &self.running
    }

    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    pub fn cancel(&self, id: u64) {
        if let Some(j) = self.running.iter().find(|j| j.id == id) {
            j.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Out {
        Value(u32),
        Failed(String),
    }

    impl From<JobFailed> for Out {
        fn from(f: JobFailed) -> Self {
            Out::Failed(f.message)
        }
    }

    #[test]
    fn results_and_panics_come_back() {
        let ctx = egui::Context::default();
        let mut jobs: Jobs<Out> = Jobs::default();
        jobs.spawn(&ctx, "ok", false, |h| {
            h.set_progress(0.5);
            Out::Value(7)
        });
        jobs.spawn(&ctx, "boom", false, |_| panic!("bad thing"));
        assert!(jobs.is_busy());
        let mut results = jobs.wait_all(Duration::from_secs(10));
        results.sort_by_key(|r| format!("{r:?}"));
        assert_eq!(
            results,
            vec![
                Out::Failed("internal error: bad thing".into()),
                Out::Value(7)
            ]
        );
        assert!(!jobs.is_busy());
    }

    #[test]
    fn cancellation_is_visible_to_the_work() {
        let ctx = egui::Context::default();
        let mut jobs: Jobs<Out> = Jobs::default();
        let id = jobs.spawn(&ctx, "slow", true, |h| {
            let start = Instant::now();
            while !h.is_cancelled() && start.elapsed() < Duration::from_secs(10) {
                std::thread::sleep(Duration::from_millis(5));
            }
            Out::Value(u32::from(h.is_cancelled()))
        });
        jobs.cancel(id);
        assert_eq!(jobs.wait_all(Duration::from_secs(10)), vec![Out::Value(1)]);
    }
}
