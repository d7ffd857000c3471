//! `Registry::from_definitions` and lookups over the tables linked into
//! this binary, at 1,000, 10,000 and 100,000 tables (as many of those as
//! are linked; all of them when fewer than 1,000 are).
//!
//! Run here it sees no models. `scripts/bench-registry.sh` runs this same
//! file (as a module of a generated crate that links the models; hence
//! `pub fn main`) with 100,000 generated models.

use divan::{Bencher, black_box};
use model_registry::__private::{METADATA, TABLES};
use model_registry::Registry;

/// Runs every benchmark of this file.
pub fn main() {
    divan::main();
}

/// The prefixes of the linked tables to measure.
fn sizes() -> Vec<usize> {
    let linked = TABLES.len();
    let mut sizes: Vec<usize> = [1_000, 10_000, 100_000]
        .into_iter()
        .filter(|size| *size <= linked)
        .collect();
    if sizes.is_empty() {
        sizes.push(linked);
    }
    sizes
}

/// The whole startup check (sort, duplicate search, schema resolution) over
/// the first `n` linked tables. The first `check()` of a process does
/// exactly this over all of them.
#[divan::bench(args = sizes(), sample_count = 50)]
fn from_definitions(bencher: Bencher, n: usize) {
    let tables = &TABLES[..n];
    bencher.bench_local(|| Registry::from_definitions(black_box(tables), black_box(&METADATA)));
}

/// `registry.table(metadata, table)` in a registry of `n` tables, for
/// every one of its tables in a shuffled order (so no lookup repeats the
/// previous one's path through the cache): what a program looking up many
/// tables meets. Past the cache's size each step of the binary search
/// follows pointers into the static descriptors and misses.
#[divan::bench(args = sizes(), sample_size = 1000)]
fn lookup(bencher: Bencher, n: usize) {
    let Ok(registry) = Registry::from_definitions(&TABLES[..n], &METADATA) else {
        panic!("the generated models must pass the check");
    };
    let mut names: Vec<(&str, &str)> = registry
        .tables()
        .iter()
        .map(|table| (table.metadata().name(), table.name()))
        .collect();
    shuffle(&mut names);
    if names.is_empty() {
        names.push(("default", "no_such_table"));
    }
    let mut next = 0;
    bencher.bench_local(|| {
        let (metadata, table) = names[next];
        next = if next + 1 == names.len() { 0 } else { next + 1 };
        registry.table(black_box(metadata), black_box(table))
    });
}

/// `registry.table(metadata, table)` for one table over and over: the
/// binary search's path stays in the cache, so this shows the O(log n)
/// comparisons alone, where [`lookup`] adds a cache miss at most steps.
#[divan::bench(args = sizes(), sample_size = 1000)]
fn lookup_same_table(bencher: Bencher, n: usize) {
    let Ok(registry) = Registry::from_definitions(&TABLES[..n], &METADATA) else {
        panic!("the generated models must pass the check");
    };
    let (metadata, table) = registry
        .tables()
        .get(n / 3)
        .map_or(("default", "no_such_table"), |table| {
            (table.metadata().name(), table.name())
        });
    bencher.bench_local(|| registry.table(black_box(metadata), black_box(table)));
}

/// Fisher–Yates with a fixed xorshift seed: the same order every run.
fn shuffle<T>(items: &mut [T]) {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for index in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let other = usize::try_from(state % (index as u64 + 1)).unwrap_or(0);
        items.swap(index, other);
    }
}
