//! A global allocator that counts, so a binary can tell how much heap the
//! registry keeps and whether anything allocated before `main`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The system allocator, counting allocations and live bytes.
///
/// Install it with `#[global_allocator]` in the binary being measured; read
/// it with [`counts`](Self::counts). The counters are relaxed atomics: exact
/// in a single-threaded measurement, approximate under concurrency.
///
/// It counts from the start of the process. Counting costs a few atomic
/// operations per allocation, which is measurable when a million of them
/// are timed, so a timing run turns it off with
/// [`set_counting`](Self::set_counting) (and the counts stop meaning
/// anything from then on).
#[derive(Debug)]
pub struct CountingAllocator {
    counting: AtomicBool,
    allocations: AtomicUsize,
    live: AtomicUsize,
    peak: AtomicUsize,
}

/// What a [`CountingAllocator`] has seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocCounts {
    /// Calls to `alloc`, `alloc_zeroed` and `realloc` since the process started.
    pub allocations: usize,
    /// Bytes allocated and not yet freed.
    pub live_bytes: usize,
    /// The most bytes live at once since the last [`CountingAllocator::reset_peak`].
    pub peak_live_bytes: usize,
}

impl CountingAllocator {
    /// An allocator with every counter at zero.
    pub const fn new() -> Self {
        Self {
            counting: AtomicBool::new(true),
            allocations: AtomicUsize::new(0),
            live: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// The counters now.
    pub fn counts(&self) -> AllocCounts {
        AllocCounts {
            allocations: self.allocations.load(Ordering::Relaxed),
            live_bytes: self.live.load(Ordering::Relaxed),
            peak_live_bytes: self.peak.load(Ordering::Relaxed),
        }
    }

    /// Turns counting on or off; it is on from the start of the process.
    pub fn set_counting(&self, on: bool) {
        self.counting.store(on, Ordering::Relaxed);
    }

    /// Starts a new peak from the bytes live now.
    pub fn reset_peak(&self) {
        self.peak
            .store(self.live.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    fn grew(&self, size: usize) {
        if !self.counting.load(Ordering::Relaxed) {
            return;
        }
        self.allocations.fetch_add(1, Ordering::Relaxed);
        let live = self.live.fetch_add(size, Ordering::Relaxed) + size;
        self.peak.fetch_max(live, Ordering::Relaxed);
    }

    fn shrank(&self, size: usize) {
        if !self.counting.load(Ordering::Relaxed) {
            return;
        }
        self.live.fetch_sub(size, Ordering::Relaxed);
    }
}

impl Default for CountingAllocator {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments, so
// it keeps `System`'s guarantees; the counting touches only atomics and never
// allocates.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            self.grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            self.grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`.
        unsafe { System.dealloc(ptr, layout) };
        self.shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from `System` with `layout`; the caller upholds
        // `realloc`'s contract for `new_size`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            self.grew(new_size);
            self.shrank(layout.size());
        }
        new
    }
}
