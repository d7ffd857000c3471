//! Runs a closure on many threads that all start at the same moment.

use std::sync::Barrier;
use std::thread;

/// Calls `f(i)` for `i in 0..threads`, each on its own thread, all released
/// together by a barrier; returns what each returned, or its panic.
pub(crate) fn at_once<T: Send>(
    threads: usize,
    f: impl Fn(usize) -> T + Sync,
) -> Vec<thread::Result<T>> {
    let barrier = Barrier::new(threads);
    thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let (barrier, f) = (&barrier, &f);
                scope.spawn(move || {
                    barrier.wait();
                    f(i)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(thread::ScopedJoinHandle::join)
            .collect()
    })
}
