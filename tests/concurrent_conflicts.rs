//! 32 threads reach a registry with conflicts at the same moment: the check
//! runs once, every thread sees the very same report (half through
//! `check()`, half through the panic of `registry()`), and the panics do not
//! change what later calls get.
//!
//! The registry is global to this binary, so this file holds one test.

use std::panic;
use std::thread;

#[path = "common/at_once.rs"]
mod common;
use common::at_once;

use fixture_billing as _;
use fixture_crm as _;
use model_registry::__private::check_runs;

const THREADS: usize = 32;

/// What one thread saw: the address of the report, and its text.
fn seen_by_check() -> (usize, String) {
    let report = model_registry::check().expect_err("billing and crm conflict");
    (core::ptr::from_ref(report) as usize, report.to_string())
}

#[test]
fn first_access_from_32_threads_checks_once_and_agrees() {
    assert_eq!(check_runs(), 0, "nothing in this binary checked before");
    let seen: Vec<thread::Result<(usize, String)>> = at_once(THREADS, |i| {
        if i % 2 == 0 {
            seen_by_check()
        } else {
            // The way a service meets it: `registry()` panics with
            // the report, and this thread dies of it.
            let message = panic::catch_unwind(model_registry::registry)
                .expect_err("registry() panics on conflicts");
            let message = *message.downcast::<String>().expect("a String message");
            let (address, text) = seen_by_check();
            assert_eq!(message, text);
            assert_ne!(i, 1, "a thread that dies after reading the report");
            (address, text)
        }
    });

    assert_eq!(check_runs(), 1);
    let died = seen.iter().filter(|result| result.is_err()).count();
    assert_eq!(died, 1, "only the thread that panicked on purpose died");
    let seen: Vec<(usize, String)> = seen.into_iter().filter_map(Result::ok).collect();
    assert_eq!(seen.len(), THREADS - 1);
    let first = &seen[0];
    assert!(
        first
            .1
            .contains("error: metadata `platform` is declared 2 times")
    );
    assert!(seen.iter().all(|other| other == first));

    // After all those panics, the same report, and no second check.
    assert_eq!(&seen_by_check(), first);
    let later = panic::catch_unwind(model_registry::registry).expect_err("still conflicting");
    assert_eq!(later.downcast_ref::<String>(), Some(&first.1));
    assert_eq!(check_runs(), 1);
}
