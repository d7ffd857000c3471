//! 32 threads reach a consistent registry at the same moment: the check runs
//! once, every thread gets the very same registry, and a thread that panics
//! while using it changes nothing for later calls.
//!
//! The registry is global to this binary, so this file holds one test.

use std::panic;
use std::thread;

#[path = "common/at_once.rs"]
mod common;
use common::at_once;

use fixture_warehouse::PredictiveModel;
use model_registry::__private::check_runs;
use model_registry::Model;

const THREADS: usize = 32;

/// What one thread saw: the address of the registry, and its text.
fn seen(registry: &'static model_registry::Registry) -> (usize, String) {
    (core::ptr::from_ref(registry) as usize, registry.to_string())
}

#[test]
fn first_access_from_32_threads_checks_once_and_agrees() {
    assert_eq!(check_runs(), 0, "nothing in this binary checked before");
    let results: Vec<thread::Result<(usize, String)>> = at_once(THREADS, |i| {
        let registry = if i % 2 == 0 {
            model_registry::check().expect("the warehouse models are consistent")
        } else {
            model_registry::registry()
        };
        assert!(registry.contains(PredictiveModel::TABLE));
        assert_ne!(
            i, 1,
            "a request handler that fails while using the registry"
        );
        seen(registry)
    });

    assert_eq!(check_runs(), 1);
    let died = results.iter().filter(|result| result.is_err()).count();
    assert_eq!(died, 1, "only the thread that panicked on purpose died");
    let results: Vec<(usize, String)> = results.into_iter().filter_map(Result::ok).collect();
    let first = &results[0];
    assert!(first.1.contains("predictive_models"), "{}", first.1);
    assert!(results.iter().all(|other| other == first));

    // After the panic, the same registry, and no second check.
    let again = panic::catch_unwind(model_registry::registry).expect("no panic: consistent");
    assert_eq!(&seen(again), first);
    assert_eq!(&seen(model_registry::check().unwrap()), first);
    assert_eq!(check_runs(), 1);
}
