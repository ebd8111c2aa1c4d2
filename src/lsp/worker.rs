//! Linting off the main loop, so requests (hover, code actions) are
//! answered while a document is being checked.
//!
//! One thread takes jobs in order. When the editor sends edits faster than
//! they are linted, only the newest queued version of each document is
//! linted; the main loop drops any result whose version is no longer the
//! document's (see [`LintResult::is_current`]).

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::thread;

use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;

use super::diagnostics::{self, LintTarget, Linted};
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
    pub outcome: Result<Linted, String>,
}

impl LintResult {
    /// Whether this result is for the version the editor has now.
    pub fn is_current(&self, open_version: Option<i32>) -> bool {
        open_version == Some(self.version)
    }
}

/// The linting thread and its two channels.
#[derive(Debug)]
pub struct Worker {
    jobs: Option<Sender<LintJob>>,
    pub results: Receiver<LintResult>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Worker {
    pub fn spawn() -> std::io::Result<Worker> {
        let (jobs, job_rx) = crossbeam_channel::unbounded::<LintJob>();
        let (result_tx, results) = crossbeam_channel::unbounded();
        let thread = thread::Builder::new()
            .name("parlance-lint".into())
            .spawn(move || run(&job_rx, &result_tx))?;
        Ok(Worker {
            jobs: Some(jobs),
            results,
            thread: Some(thread),
        })
    }

    pub fn submit(&self, job: LintJob) {
        if let Some(jobs) = &self.jobs {
            // The thread only stops when the sender is dropped.
            let _ = jobs.send(job);
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the job channel ends the thread's loop.
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(jobs: &Receiver<LintJob>, results: &Sender<LintResult>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        batch.extend(jobs.try_iter());
        for job in newest_per_document(batch) {
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

/// The last job of each document, in the order of those last jobs.
fn newest_per_document(batch: Vec<LintJob>) -> Vec<LintJob> {
    let mut out: Vec<LintJob> = Vec::with_capacity(batch.len());
    for job in batch {
        out.retain(|j| j.uri != job.uri);
        out.push(job);
    }
    out
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
    fn only_the_newest_version_of_each_document_is_linted() {
        let linter = crate::lsp::builtin_linter();
        let batch = vec![
            job("file:///a.md", 1, "x", &linter),
            job("file:///b.md", 1, "x", &linter),
            job("file:///a.md", 2, "x", &linter),
        ];
        let kept: Vec<(String, i32)> = newest_per_document(batch)
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
