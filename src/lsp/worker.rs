//! Linting off the main loop, so requests (hover, code actions) are
//! answered while a document is being checked.
//!
//! One thread takes jobs in order. Jobs wait in a mailbox that holds at
//! most one per document: a newer version replaces the one waiting, so an
//! editor flooding edits faster than they are linted costs one pending
//! copy of the text, not one per edit, and only the newest version is
//! linted. The main loop drops any result whose version is no longer the
//! document's (see [`LintResult::is_current`]).

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;

use super::diagnostics::{self, LintTarget, VersionFindings};
use super::documents::TextDocument;
use super::panic_message;

/// A document version to lint.
#[derive(Debug)]
pub struct LintJob {
    pub uri: Uri,
    pub document: Arc<TextDocument>,
    pub target: LintTarget,
}

/// What came of a job.
#[derive(Debug)]
pub struct LintResult {
    pub uri: Uri,
    pub version: i32,
    /// The target linted with, kept for hover (rule descriptions).
    pub target: LintTarget,
    /// `Err` holds the message of a panic in the engine.
    pub outcome: Result<VersionFindings, String>,
}

impl LintResult {
    /// Whether this result is for the version the editor has now.
    pub fn is_current(&self, open_version: Option<i32>) -> bool {
        open_version == Some(self.version)
    }
}

/// The jobs waiting, newest version of each document only, in the order
/// of their latest submission.
#[derive(Debug, Default)]
struct Mailbox(Mutex<Vec<LintJob>>);

impl Mailbox {
    fn put(&self, job: LintJob) {
        let mut jobs = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        jobs.retain(|j| j.uri != job.uri);
        jobs.push(job);
    }

    fn take(&self) -> Vec<LintJob> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The linting thread, its mailbox and its results.
#[derive(Debug)]
pub struct Worker {
    mailbox: Arc<Mailbox>,
    /// Wakes the thread; holds at most one wake-up, which is enough since
    /// the thread empties the whole mailbox each time.
    wake: Option<Sender<()>>,
    pub results: Receiver<LintResult>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Worker {
    pub fn spawn() -> std::io::Result<Worker> {
        let mailbox = Arc::new(Mailbox::default());
        let (wake, woken) = crossbeam_channel::bounded::<()>(1);
        let (result_tx, results) = crossbeam_channel::unbounded();
        let jobs = Arc::clone(&mailbox);
        let thread = thread::Builder::new()
            .name("parlance-lint".into())
            .spawn(move || run(&jobs, &woken, &result_tx))?;
        Ok(Worker {
            mailbox,
            wake: Some(wake),
            results,
            thread: Some(thread),
        })
    }

    pub fn submit(&self, job: LintJob) {
        self.mailbox.put(job);
        if let Some(wake) = &self.wake {
            // Full: a wake-up is pending already and will find this job.
            // Disconnected: the thread is gone; nothing lints any more.
            let _ = wake.try_send(());
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the wake-up channel ends the thread's loop.
        self.wake = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(mailbox: &Mailbox, woken: &Receiver<()>, results: &Sender<LintResult>) {
    while woken.recv().is_ok() {
        for job in mailbox.take() {
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                diagnostics::lint(&job.document, &job.target)
            }))
            .map_err(|p| panic_message(p.as_ref()));
            let result = LintResult {
                uri: job.uri,
                version: job.document.version,
                target: job.target,
                outcome,
            };
            if results.send(result).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::lint::Linter;
    use crate::lsp::documents::PositionEncoding;
    use std::str::FromStr;

    fn job(uri: &str, version: i32, text: &str, linter: &Arc<Linter>) -> LintJob {
        LintJob {
            uri: Uri::from_str(uri).unwrap(),
            document: Arc::new(TextDocument::new(
                text.into(),
                version,
                "markdown".into(),
                PositionEncoding::Utf16,
            )),
            target: LintTarget {
                linter: Arc::clone(linter),
                glob_path: "a.md".into(),
                file_path: "a.md".into(),
                min_level: Severity::Suggestion,
            },
        }
    }

    #[test]
    fn only_the_newest_version_of_each_document_waits() {
        let linter = crate::lsp::builtin_linter();
        let mailbox = Mailbox::default();
        mailbox.put(job("file:///a.md", 1, "x", &linter));
        mailbox.put(job("file:///b.md", 1, "x", &linter));
        mailbox.put(job("file:///a.md", 2, "x", &linter));
        let kept: Vec<(String, i32)> = mailbox
            .take()
            .iter()
            .map(|j| (j.uri.as_str().to_string(), j.document.version))
            .collect();
        assert_eq!(
            kept,
            [
                ("file:///b.md".to_string(), 1),
                ("file:///a.md".to_string(), 2)
            ]
        );
        assert!(mailbox.take().is_empty());
    }

    #[test]
    fn a_flood_of_versions_ends_with_the_newest_linted() {
        let linter = crate::lsp::builtin_linter();
        let worker = Worker::spawn().unwrap();
        for version in 1..=1000 {
            worker.submit(job("file:///a.md", version, "Our costumer.\n", &linter));
        }
        let mut last = 0;
        while last != 1000 {
            let result = worker
                .results
                .recv_timeout(std::time::Duration::from_secs(10))
                .unwrap();
            assert!(result.version > last, "versions come back in order");
            last = result.version;
        }
        assert!(
            worker.results.try_recv().is_err(),
            "nothing after the newest"
        );
    }

    #[test]
    fn results_come_back_and_stale_ones_are_recognised() {
        let linter = crate::lsp::builtin_linter();
        let worker = Worker::spawn().unwrap();
        worker.submit(job("file:///a.md", 4, "Our costumer called.\n", &linter));
        let result = worker
            .results
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        assert_eq!(result.version, 4);
        assert_eq!(result.outcome.as_ref().unwrap().diagnostics.len(), 1);
        assert!(result.is_current(Some(4)));
        assert!(!result.is_current(Some(5)), "an edit arrived meanwhile");
        assert!(!result.is_current(None), "the document was closed");
    }
}
