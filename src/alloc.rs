//! The allocator of the binaries: the system allocator, except for the facts a scan keeps,
//! which come from mimalloc.
//!
//! A scan parses one file after another: every AST is allocated and freed again, and the facts
//! extracted from it are kept until the end. Kept in the same heap as the ASTs, the facts sit
//! between the blocks the next files' ASTs are carved from, and every allocation of the parser
//! gets slower as the scan goes on (glibc's `_int_malloc` searches ever more fragmented bins:
//! measured on the benchmark corpus, about 5% of a scan). Taken from another allocator inside
//! [`keeping`], they never share memory with an AST.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

use libmimalloc_sys as mi;

/// Set it in a binary with `#[global_allocator] static GLOBAL: Allocator = Allocator;`.
pub struct Allocator;

thread_local! {
    /// Inside [`keeping`] on this thread.
    static KEEPING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with what it allocates on this thread taken from the allocator for long-lived data
/// (when [`Allocator`] is the global allocator; otherwise this only runs `f`).
pub fn keeping<R>(f: impl FnOnce() -> R) -> R {
    /// Restores the flag, also when `f` unwinds.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            KEEPING.with(|k| k.set(self.0));
        }
    }
    let _restore = Restore(KEEPING.with(|k| k.replace(true)));
    f()
}

#[inline]
fn is_keeping() -> bool {
    KEEPING.with(Cell::get)
}

/// The lowest and highest address mimalloc has returned (`usize::MAX` and 0 before the first).
static KEPT_LOW: AtomicUsize = AtomicUsize::new(usize::MAX);
static KEPT_HIGH: AtomicUsize = AtomicUsize::new(0);

/// Notes where a block from mimalloc lies. The span only grows now and then: it is read
/// first and written only when it must grow, so the threads of a scan do not take turns owning
/// its cache line for every block they keep.
#[inline]
fn note_kept(ptr: *mut u8) -> *mut u8 {
    if !ptr.is_null() {
        let at = ptr as usize;
        if at < KEPT_LOW.load(Ordering::Relaxed) {
            KEPT_LOW.fetch_min(at, Ordering::Relaxed);
        }
        if at > KEPT_HIGH.load(Ordering::Relaxed) {
            KEPT_HIGH.fetch_max(at, Ordering::Relaxed);
        }
    }
    ptr
}

/// Whether `ptr` came from mimalloc (and not from the system allocator). Most blocks freed
/// during a scan are the system allocator's and lie outside the span of mimalloc's blocks: one
/// comparison; inside it, mimalloc decides.
#[inline]
fn from_mimalloc(ptr: *mut u8) -> bool {
    let at = ptr as usize;
    if at < KEPT_LOW.load(Ordering::Relaxed) || at > KEPT_HIGH.load(Ordering::Relaxed) {
        return false;
    }
    // SAFETY: only compares the address with the regions mimalloc has reserved.
    unsafe { mi::mi_is_in_heap_region(ptr.cast::<c_void>()) }
}

// SAFETY: each block is allocated by one of two allocators and freed or reallocated by the same
// one: mimalloc's blocks are told apart by address (`mi_is_in_heap_region`), and mimalloc is
// called with the layout's size and alignment, as the `mimalloc` crate's allocator does.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_keeping() {
            note_kept(mi::mi_malloc_aligned(layout.size(), layout.align()).cast())
        } else {
            System.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_keeping() {
            note_kept(mi::mi_zalloc_aligned(layout.size(), layout.align()).cast())
        } else {
            System.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if from_mimalloc(ptr) {
            mi::mi_free(ptr.cast::<c_void>());
        } else {
            System.dealloc(ptr, layout);
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if from_mimalloc(ptr) {
            note_kept(mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast())
        } else {
            System.realloc(ptr, layout, new_size)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks allocated inside `keeping` come from mimalloc and stay there when they grow; all
    /// others come from the system allocator; each is freed by its own allocator.
    #[test]
    fn kept_blocks_come_from_mimalloc_and_are_freed_there() {
        let a = Allocator;
        let small = Layout::from_size_align(48, 8).unwrap();
        let grown = Layout::from_size_align(100_000, 8).unwrap();
        // SAFETY: every block is used within its layout and freed once, with its layout.
        unsafe {
            let p = a.alloc(small);
            assert!(!p.is_null() && !from_mimalloc(p));
            p.write_bytes(1, small.size());
            let p = a.realloc(p, small, grown.size());
            assert!(!from_mimalloc(p));
            assert_eq!(*p.add(47), 1);
            a.dealloc(p, grown);

            let k = keeping(|| a.alloc(small));
            assert!(!k.is_null() && from_mimalloc(k));
            k.write_bytes(2, small.size());
            // Outside `keeping`: a kept block still grows in mimalloc.
            let k = a.realloc(k, small, grown.size());
            assert!(from_mimalloc(k));
            assert_eq!(*k.add(47), 2);
            a.dealloc(k, grown);

            let z = keeping(|| a.alloc_zeroed(small));
            assert!(from_mimalloc(z) && *z.add(47) == 0);
            a.dealloc(z, small);
        }
    }

    #[test]
    fn keeping_nests_and_ends_even_when_it_unwinds() {
        assert!(!is_keeping());
        keeping(|| {
            keeping(|| assert!(is_keeping()));
            assert!(is_keeping());
        });
        assert!(!is_keeping());
        let unwound = std::panic::catch_unwind(|| keeping(|| panic!("inside")));
        assert!(unwound.is_err());
        assert!(!is_keeping());
    }
}
