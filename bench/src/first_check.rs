//! The first `check()` of a process: how long it takes, what it keeps on
//! the heap, and what had happened before `main`.

use core::fmt;
use std::time::Instant;

use crate::CountingAllocator;

/// One process's first `model_registry::check()`, measured by [`first_check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstCheck {
    /// Table definitions linked into the binary.
    pub linked_tables: usize,
    /// `metadata!` declarations linked into the binary.
    pub linked_metadata: usize,
    /// Whether the check found no problem.
    pub ok: bool,
    /// Wall-clock nanoseconds of the first `check()`: the whole startup cost.
    pub check_ns: u128,
    /// Wall-clock nanoseconds of a second `check()`, which only reads the result.
    pub second_check_ns: u128,
    /// Heap bytes allocated by the check and still live after it: what the
    /// registry (or report) keeps for the rest of the process.
    pub kept_bytes: usize,
    /// The most heap bytes the check had live at once, above what was live before it.
    pub peak_bytes: usize,
    /// Heap allocations the check made.
    pub allocations: usize,
    /// Heap allocations made in the process before `main` called [`first_check`]
    /// (the Rust runtime's own): the same with 0 and with 100,000 models when
    /// registration does no work before `main`.
    pub allocations_before_main: usize,
    /// How many times the check had run when `main` started: 0 when nothing
    /// ran it before `main`.
    pub check_runs_before_main: usize,
}

/// Measures the first `check()` of this process.
///
/// Call it first thing in `main` of a binary whose `#[global_allocator]` is
/// `allocator`, before anything else touches the registry: a second call
/// measures only the cached result.
pub fn first_check(allocator: &CountingAllocator) -> FirstCheck {
    let at_main = allocator.counts();
    let check_runs_before_main = model_registry::__private::check_runs();

    let before = allocator.counts();
    allocator.reset_peak();
    let start = Instant::now();
    let result = model_registry::check();
    let check_ns = start.elapsed().as_nanos();
    let after = allocator.counts();

    let start = Instant::now();
    let again = model_registry::check();
    let second_check_ns = start.elapsed().as_nanos();
    debug_assert_eq!(result.is_ok(), again.is_ok());

    FirstCheck {
        linked_tables: model_registry::__private::TABLES.len(),
        linked_metadata: model_registry::__private::METADATA.len(),
        ok: result.is_ok(),
        check_ns,
        second_check_ns,
        kept_bytes: after.live_bytes.saturating_sub(before.live_bytes),
        peak_bytes: after.peak_live_bytes.saturating_sub(before.live_bytes),
        allocations: after.allocations - before.allocations,
        allocations_before_main: at_main.allocations,
        check_runs_before_main,
    }
}

impl FirstCheck {
    /// Prints the measurement as one line of JSON on stdout (and the report
    /// on stderr if the check failed); returns the exit code for the process.
    pub fn print(&self) -> i32 {
        println!("{self}");
        if self.ok {
            0
        } else {
            if let Err(report) = model_registry::check() {
                eprintln!("{report}");
            }
            1
        }
    }
}

/// One line of JSON, the form `scripts/bench.py` reads.
impl fmt::Display for FirstCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{{\"linked_tables\": {}, \"linked_metadata\": {}, \"ok\": {}, \
             \"check_ns\": {}, \"second_check_ns\": {}, \"kept_bytes\": {}, \
             \"peak_bytes\": {}, \"allocations\": {}, \
             \"allocations_before_main\": {}, \"check_runs_before_main\": {}}}",
            self.linked_tables,
            self.linked_metadata,
            self.ok,
            self.check_ns,
            self.second_check_ns,
            self.kept_bytes,
            self.peak_bytes,
            self.allocations,
            self.allocations_before_main,
            self.check_runs_before_main,
        )
    }
}
