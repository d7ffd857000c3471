//! The first `check()` of a process: how long it takes, what it keeps on
//! the heap, and what had happened before `main`.

use core::fmt;
use std::time::{Instant, SystemTime};

use crate::CountingAllocator;

/// What a run of [`first_check`] measures besides time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Time only: allocation counting is turned off before the check, so
    /// its cost does not inflate the time.
    Time,
    /// Also the heap the check allocates and keeps (the time is then a
    /// little higher than in [`Mode::Time`]).
    Heap,
}

/// One process's first `model_registry::check()`, measured by [`first_check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstCheck {
    /// Table definitions linked into the binary.
    pub linked_tables: usize,
    /// `metadata!` declarations linked into the binary.
    pub linked_metadata: usize,
    /// Whether the check found no problem.
    pub ok: bool,
    /// What was measured.
    pub mode: Mode,
    /// Wall-clock nanoseconds of the first `check()`: the whole startup cost.
    pub check_ns: u128,
    /// Wall-clock nanoseconds of a second `check()`, which only reads the result.
    pub second_check_ns: u128,
    /// In [`Mode::Heap`], heap bytes allocated by the check and still live
    /// after it: what the registry (or report) keeps for the rest of the process.
    pub kept_bytes: Option<usize>,
    /// In [`Mode::Heap`], the most heap bytes the check had live at once,
    /// above what was live before it.
    pub peak_bytes: Option<usize>,
    /// In [`Mode::Heap`], the heap allocations the check made.
    pub allocations: Option<usize>,
    /// Heap allocations made in the process before `main` called
    /// [`first_check`] (the Rust runtime's own): the same with 0 and with
    /// 100,000 models when registration does no work before `main`.
    pub allocations_before_main: usize,
    /// How many times the check had run when `main` started: 0 when nothing
    /// ran it before `main`.
    pub check_runs_before_main: usize,
    /// The wall clock (nanoseconds since the Unix epoch) when `main` called
    /// [`first_check`]: the parent that started the process subtracts its
    /// own clock to get the time from `exec` to `main`, which is where the
    /// dynamic loader relocates the pointers in the models' static data.
    pub main_started_unix_ns: u128,
}

/// Measures the first `check()` of this process.
///
/// Call it first thing in `main` of a binary whose `#[global_allocator]` is
/// `allocator`, before anything else touches the registry: a second call
/// measures only the cached result.
pub fn first_check(allocator: &CountingAllocator, mode: Mode) -> FirstCheck {
    measure(allocator, mode, AtMain::now(allocator))
}

/// The state of the process when `main` started.
#[derive(Clone, Copy)]
struct AtMain {
    unix_ns: u128,
    allocations: usize,
    check_runs: usize,
}

impl AtMain {
    fn now(allocator: &CountingAllocator) -> Self {
        Self {
            unix_ns: SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos()),
            allocations: allocator.counts().allocations,
            check_runs: model_registry::__private::check_runs(),
        }
    }
}

fn measure(allocator: &CountingAllocator, mode: Mode, at_main: AtMain) -> FirstCheck {
    allocator.set_counting(mode == Mode::Heap);

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

    let heap = |count: usize| (mode == Mode::Heap).then_some(count);
    FirstCheck {
        linked_tables: model_registry::__private::linked().0,
        linked_metadata: model_registry::__private::linked().1,
        ok: result.is_ok(),
        mode,
        check_ns,
        second_check_ns,
        kept_bytes: heap(after.live_bytes.saturating_sub(before.live_bytes)),
        peak_bytes: heap(after.peak_live_bytes.saturating_sub(before.live_bytes)),
        allocations: heap(after.allocations - before.allocations),
        allocations_before_main: at_main.allocations,
        check_runs_before_main: at_main.check_runs,
        main_started_unix_ns: at_main.unix_ns,
    }
}

/// The `main` of a generated measuring binary: [`first_check`] in
/// [`Mode::Heap`] when the first argument is `--heap`, else in
/// [`Mode::Time`], printed by [`FirstCheck::print`]. Returns the exit code.
pub fn main(allocator: &CountingAllocator) -> i32 {
    // Before reading the arguments, which allocates.
    let at_main = AtMain::now(allocator);
    let mode = if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == "--heap")
    {
        Mode::Heap
    } else {
        Mode::Time
    };
    measure(allocator, mode, at_main).print()
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
        let optional =
            |count: Option<usize>| count.map_or_else(|| "null".to_owned(), |c| c.to_string());
        write!(
            f,
            "{{\"linked_tables\": {}, \"linked_metadata\": {}, \"ok\": {}, \"mode\": \"{}\", \
             \"check_ns\": {}, \"second_check_ns\": {}, \"kept_bytes\": {}, \
             \"peak_bytes\": {}, \"allocations\": {}, \
             \"allocations_before_main\": {}, \"check_runs_before_main\": {}, \
             \"main_started_unix_ns\": {}}}",
            self.linked_tables,
            self.linked_metadata,
            self.ok,
            match self.mode {
                Mode::Time => "time",
                Mode::Heap => "heap",
            },
            self.check_ns,
            self.second_check_ns,
            optional(self.kept_bytes),
            optional(self.peak_bytes),
            optional(self.allocations),
            self.allocations_before_main,
            self.check_runs_before_main,
            self.main_started_unix_ns,
        )
    }
}
