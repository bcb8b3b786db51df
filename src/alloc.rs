//! The allocator of the binaries: the system allocator, except for the facts a scan keeps,
//! which are carved from chunks of one region of memory set aside for them.
//!
//! A scan parses one file after another: every AST is allocated and freed again, and the facts
//! extracted from it are kept until the end. Kept in the same heap as the ASTs, the facts sit
//! between the blocks the next files' ASTs are carved from, and every allocation of the parser
//! gets slower as the scan goes on (glibc's `_int_malloc` searches ever more fragmented bins; the
//! measurements are in docs/performance.md). Allocated inside [`keeping`], they
//! never share memory with an AST.
//!
//! Kept blocks are allocated once and live long, so they are simply carved one after the other
//! from a chunk (a pointer bump, no free lists): each chunk counts its live blocks, and a chunk
//! whose blocks are all freed is used again (long-running callers such as benchmarks scan many
//! times). The chunks lie in one reserved range of addresses, so a free is routed by two
//! comparisons; a chunk's pages are committed and faulted in at once when it is first used.
//! Where the range cannot be reserved (no `mmap`, a tight address-space limit, 32-bit targets),
//! kept blocks come from the system allocator like the rest.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{fence, AtomicBool, AtomicUsize, Ordering};
use std::sync::Once;

/// Set it in a binary with `#[global_allocator] static GLOBAL: Allocator = Allocator;`.
pub struct Allocator;

/// Address space reserved for kept blocks (nothing is committed until a chunk is used); none on
/// 32-bit targets, where kept blocks come from the system allocator.
#[cfg(target_pointer_width = "64")]
const REGION: usize = 16 << 30;
#[cfg(not(target_pointer_width = "64"))]
const REGION: usize = 0;
/// Kept blocks are carved from chunks of this size, aligned to it.
const CHUNK: usize = 2 << 20;
const CHUNKS: usize = REGION / CHUNK;
/// The start of each chunk holds its count (see [`OPEN`]), on a cache line of its own.
const HEADER: usize = 64;
/// Larger blocks, or more strictly aligned ones, come from the system allocator.
const LARGEST: usize = CHUNK / 4;
const MOST_ALIGNED: usize = 4096;
/// A chunk with less room left than this is not kept open between [`keeping`] calls.
const MIN_ROOM: usize = 4096;
/// Open chunks parked between [`keeping`] calls (one per thread that keeps is enough).
const PARKED: usize = 64;
/// The count of an open chunk: more than it can ever hold blocks. Carving a block does not
/// touch the count (no atomic operation per block): the cursor counts the blocks it carved,
/// and closing it takes `OPEN - carved` off, leaving the number of blocks still live. A free
/// takes 1 off; whoever brings the count to 0 makes the chunk empty.
const OPEN: usize = 1 << (usize::BITS - 2);

thread_local! {
    /// Inside [`keeping`] on this thread.
    static KEEPING: Cell<bool> = const { Cell::new(false) };
    /// The chunk this thread carves kept blocks from, inside [`keeping`].
    static CURSOR: Cell<Cursor> = const { Cell::new(Cursor::NONE) };
}

/// Where the next kept block goes: `at..end` is the free room of the chunk starting at `chunk`,
/// from which `carved` blocks were carved so far.
#[derive(Clone, Copy)]
struct Cursor {
    chunk: usize,
    at: usize,
    end: usize,
    carved: usize,
}

impl Cursor {
    const NONE: Cursor = Cursor {
        chunk: 0,
        at: 0,
        end: 0,
        carved: 0,
    };

    fn is_open(&self) -> bool {
        self.end != 0
    }
}

/// The reserved range `LOW..HIGH` (empty until it is reserved, and if that fails).
static LOW: AtomicUsize = AtomicUsize::new(usize::MAX);
static HIGH: AtomicUsize = AtomicUsize::new(0);
static RESERVE: Once = Once::new();
/// Chunks of the range used so far (the next never-used chunk).
static USED: AtomicUsize = AtomicUsize::new(0);

/// Chunks between uses: open ones with room left, and empty ones to use again.
struct Pool {
    parked: [Cursor; PARKED],
    parked_len: usize,
    /// Empty chunks (their starts). Every chunk of the range fits, so a push never fails.
    empty: [usize; CHUNKS],
    empty_len: usize,
}

static POOL: SpinLock<Pool> = SpinLock::new(Pool {
    parked: [Cursor::NONE; PARKED],
    parked_len: 0,
    empty: [0; CHUNKS],
    empty_len: 0,
});

fn pool() -> SpinGuard<'static, Pool> {
    POOL.lock()
}

/// A lock that never allocates. The allocator cannot use `std::sync::Mutex`: on some platforms
/// it allocates its system mutex on first use, which would call back into this allocator while
/// it holds the thread's state. The pool is locked briefly, once per 2 MiB chunk, so spinning
/// costs nothing measurable.
struct SpinLock<T> {
    locked: AtomicBool,
    value: std::cell::UnsafeCell<T>,
}

// SAFETY: the value is reached only through a guard, and one guard exists at a time (`lock`).
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    const fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: std::cell::UnsafeCell::new(value),
        }
    }

    fn lock(&self) -> SpinGuard<'_, T> {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
        SpinGuard { lock: self }
    }
}

/// The one holder of a [`SpinLock`]; unlocks when dropped (also when unwinding).
struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
}

impl<T> std::ops::Deref for SpinGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard holds the lock: no other reference to the value exists.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> std::ops::DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this guard holds the lock: no other reference to the value exists.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.locked.store(false, Ordering::Release);
    }
}

/// Runs `f` with what it allocates on this thread kept apart from short-lived blocks (when
/// [`Allocator`] is the global allocator; otherwise this only runs `f`).
pub fn keeping<R>(f: impl FnOnce() -> R) -> R {
    /// Restores the flag, also when `f` unwinds; the outermost call parks the thread's chunk.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            KEEPING.with(|k| k.set(self.0));
            if !self.0 {
                park(CURSOR.with(|c| c.replace(Cursor::NONE)));
            }
        }
    }
    let outer = KEEPING.with(|k| k.replace(true));
    if !outer {
        CURSOR.with(|c| c.set(unpark()));
    }
    let _restore = Restore(outer);
    f()
}

#[inline]
fn is_keeping() -> bool {
    KEEPING.with(Cell::get)
}

/// Whether `ptr` is a kept block (and not the system allocator's).
#[inline]
fn is_kept(ptr: *mut u8) -> bool {
    let at = ptr as usize;
    at >= LOW.load(Ordering::Acquire) && at < HIGH.load(Ordering::Acquire)
}

/// The live-block count at the start of a chunk.
///
/// # Safety
/// `chunk` must be the start of a chunk that has been opened (its header is writable).
unsafe fn live<'a>(chunk: usize) -> &'a AtomicUsize {
    // SAFETY: the header is aligned, writable and only ever accessed atomically.
    unsafe { &*(chunk as *const AtomicUsize) }
}

/// Reserves the range once, without committing memory: pages become usable chunk by chunk.
#[cfg(unix)]
fn reserve() {
    RESERVE.call_once(|| {
        if REGION == 0 {
            return;
        }
        // SAFETY: a fresh private anonymous mapping, used only through the chunks carved from it.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                REGION + CHUNK,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p != libc::MAP_FAILED {
            let low = (p as usize).next_multiple_of(CHUNK);
            LOW.store(low, Ordering::Release);
            HIGH.store(low + REGION, Ordering::Release);
        }
    });
}

/// Elsewhere, kept blocks come from the system allocator.
#[cfg(not(unix))]
fn reserve() {}

/// Makes a chunk of the reserved range usable.
#[cfg(unix)]
fn commit(chunk: usize) -> bool {
    // SAFETY: the chunk lies inside the reserved range and is used by nobody yet.
    unsafe {
        let ok = libc::mprotect(
            chunk as *mut libc::c_void,
            CHUNK,
            libc::PROT_READ | libc::PROT_WRITE,
        ) == 0;
        #[cfg(target_os = "linux")]
        if ok {
            // The pages are faulted in by one call instead of one trap each: 2 MiB of kept
            // facts is about 500 page faults (kernels before 5.14 refuse the call, and the pages
            // are then faulted in as they are first written).
            libc::madvise(chunk as *mut libc::c_void, CHUNK, libc::MADV_POPULATE_WRITE);
        }
        ok
    }
}

#[cfg(not(unix))]
fn commit(_chunk: usize) -> bool {
    false
}

/// A chunk to carve from: an empty one used before, else a new one; `None` when the range is
/// full or cannot be had.
fn open_chunk() -> Option<Cursor> {
    let reused = {
        let mut pool = pool();
        if pool.empty_len > 0 {
            pool.empty_len -= 1;
            Some(pool.empty[pool.empty_len])
        } else {
            None
        }
    };
    let chunk = match reused {
        Some(chunk) => chunk,
        None => {
            reserve();
            let low = LOW.load(Ordering::Acquire);
            if low == usize::MAX {
                return None;
            }
            let k = USED.fetch_add(1, Ordering::Relaxed);
            if k >= CHUNKS {
                return None;
            }
            let chunk = low + k * CHUNK;
            if !commit(chunk) {
                return None;
            }
            chunk
        }
    };
    // SAFETY: the chunk is writable and no block of it is live.
    unsafe { live(chunk) }.store(OPEN, Ordering::Relaxed);
    Some(Cursor {
        chunk,
        at: chunk + HEADER,
        end: chunk + CHUNK,
        carved: 0,
    })
}

/// Takes `n` off the count of the chunk starting at `chunk` (1 for a freed block, `OPEN -
/// carved` for a closed cursor); at 0, the chunk is empty and is used again.
///
/// # Safety
/// `chunk` must be an opened chunk whose count holds what is taken off.
unsafe fn release(chunk: usize, n: usize) {
    // SAFETY: as the caller guarantees.
    if unsafe { live(chunk) }.fetch_sub(n, Ordering::Release) == n {
        fence(Ordering::Acquire);
        let mut pool = pool();
        let n = pool.empty_len;
        pool.empty[n] = chunk;
        pool.empty_len = n + 1;
    }
}

/// Hands a thread's cursor back at the end of [`keeping`]: parked for the next call when its
/// chunk has room left, else closed.
fn park(cursor: Cursor) {
    if !cursor.is_open() {
        return;
    }
    if cursor.end - cursor.at >= MIN_ROOM {
        let mut pool = pool();
        if pool.parked_len < PARKED {
            let n = pool.parked_len;
            pool.parked[n] = cursor;
            pool.parked_len = n + 1;
            return;
        }
    }
    close(cursor);
}

/// Closes an open cursor: its chunk is carved no more.
fn close(cursor: Cursor) {
    // SAFETY: the cursor's part of the count is `OPEN - carved`.
    unsafe { release(cursor.chunk, OPEN - cursor.carved) }
}

/// A parked cursor for a thread entering [`keeping`], if there is one.
fn unpark() -> Cursor {
    let mut pool = pool();
    if pool.parked_len == 0 {
        return Cursor::NONE;
    }
    pool.parked_len -= 1;
    pool.parked[pool.parked_len]
}

/// A kept block: carved from this thread's chunk (a new chunk when it is full).
fn alloc_kept(layout: Layout) -> *mut u8 {
    let (size, align) = (layout.size(), layout.align());
    if size > LARGEST || align > MOST_ALIGNED {
        // SAFETY: `layout` is the caller's, valid for `GlobalAlloc::alloc`.
        return unsafe { System.alloc(layout) };
    }
    let carved = CURSOR.try_with(|c| {
        let mut cursor = c.get();
        let mut at = cursor.at.next_multiple_of(align);
        if !cursor.is_open() || at + size > cursor.end {
            let fresh = open_chunk()?;
            if cursor.is_open() {
                close(cursor);
            }
            cursor = fresh;
            at = cursor.at.next_multiple_of(align);
        }
        cursor.at = at + size;
        cursor.carved += 1;
        c.set(cursor);
        Some(at as *mut u8)
    });
    match carved {
        Ok(Some(p)) => p,
        // SAFETY: `layout` is the caller's, valid for `GlobalAlloc::alloc`.
        _ => unsafe { System.alloc(layout) },
    }
}

// SAFETY: each block is allocated by one of two allocators and freed or reallocated by the same
// one: kept blocks are told apart by address (they lie in the reserved range, which nothing else
// uses). A kept block is `layout.size()` bytes carved from an open, writable chunk at an address
// aligned to `layout.align()`; its chunk stays mapped for the life of the process and is carved
// again only once every block of it has been freed.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_keeping() {
            alloc_kept(layout)
        } else {
            // SAFETY: forwarded as is.
            unsafe { System.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_keeping() {
            let p = alloc_kept(layout);
            if !p.is_null() {
                // SAFETY: the block is `layout.size()` writable bytes (a chunk used again is
                // not zero).
                unsafe { p.write_bytes(0, layout.size()) };
            }
            p
        } else {
            // SAFETY: forwarded as is.
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_kept(ptr) {
            // SAFETY: a live kept block holds one count of the chunk it lies in.
            unsafe { release(ptr as usize & !(CHUNK - 1), 1) }
        } else {
            // SAFETY: forwarded as is: the block is the system allocator's.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// A kept block that grows or shrinks moves: into a kept block inside [`keeping`], else
    /// into the system allocator (facts are not resized once kept).
    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !is_kept(ptr) {
            // SAFETY: forwarded as is: the block is the system allocator's.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // SAFETY: `new_size`, rounded up to the alignment, does not overflow (the caller's
        // contract for `realloc`).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a valid, non-zero layout, as above.
        let moved = unsafe { self.alloc(new_layout) };
        if !moved.is_null() {
            // SAFETY: both blocks are live, distinct and at least this long.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks allocated inside `keeping` are kept blocks and are freed as such; all others come
    /// from the system allocator; a kept block that grows outside `keeping` moves there.
    #[test]
    fn kept_blocks_are_carved_apart_and_freed_by_their_allocator() {
        let a = Allocator;
        let small = Layout::from_size_align(48, 8).unwrap();
        let grown = Layout::from_size_align(100_000, 8).unwrap();
        // SAFETY: every block is used within its layout and freed once, with its layout.
        unsafe {
            let p = a.alloc(small);
            assert!(!p.is_null() && !is_kept(p));
            p.write_bytes(1, small.size());
            let p = a.realloc(p, small, grown.size());
            assert!(!is_kept(p));
            assert_eq!(*p.add(47), 1);
            a.dealloc(p, grown);

            let k = keeping(|| a.alloc(small));
            assert!(!k.is_null() && is_kept(k));
            assert!((k as usize).is_multiple_of(8));
            k.write_bytes(2, small.size());
            // Grown inside `keeping`: still kept; outside: moved to the system allocator.
            let k = keeping(|| a.realloc(k, small, 1000));
            assert!(is_kept(k));
            assert_eq!(*k.add(47), 2);
            let k = a.realloc(k, Layout::from_size_align(1000, 8).unwrap(), grown.size());
            assert!(!is_kept(k));
            assert_eq!(*k.add(47), 2);
            a.dealloc(k, grown);

            let z = keeping(|| a.alloc_zeroed(Layout::from_size_align(4096, 4096).unwrap()));
            assert!(is_kept(z) && (z as usize).is_multiple_of(4096) && *z.add(4095) == 0);
            a.dealloc(z, Layout::from_size_align(4096, 4096).unwrap());

            // Too large to carve: the system allocator's, even inside `keeping`.
            let big = Layout::from_size_align(LARGEST + 1, 8).unwrap();
            let b = keeping(|| a.alloc(big));
            assert!(!b.is_null() && !is_kept(b));
            a.dealloc(b, big);
        }
    }

    /// Chunks whose blocks are all freed are carved again: scanning again and again (as a
    /// benchmark does) does not take ever more memory. Chunks spill over (many blocks per
    /// chunk), are shared by threads, and blocks are freed by other threads than their own.
    #[test]
    fn freed_chunks_are_used_again() {
        let block = Layout::from_size_align(1000, 8).unwrap();
        // Each round keeps about 8 chunks' worth of blocks on each of 4 threads.
        let per_thread = 8 * CHUNK / 1000;
        let round = || -> Vec<usize> {
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..4)
                    .map(|t| {
                        s.spawn(move || {
                            (0..per_thread)
                                .map(|i| {
                                    // Many `keeping` calls, as a scan makes (one per file).
                                    // SAFETY: a valid, non-zero layout.
                                    let p = keeping(|| unsafe { Allocator.alloc(block) });
                                    assert!(is_kept(p));
                                    // SAFETY: the block is 1000 writable bytes.
                                    unsafe { p.write_bytes((t * 7 + i) as u8, 1000) };
                                    p as usize
                                })
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap())
                    .collect()
            })
        };
        let used = |blocks: &[usize]| {
            let mut chunks: Vec<usize> = blocks.iter().map(|b| b & !(CHUNK - 1)).collect();
            chunks.sort_unstable();
            chunks.dedup();
            chunks
        };
        let mut first: Option<Vec<usize>> = None;
        for _ in 0..5 {
            let blocks = round();
            // No two live blocks overlap.
            let mut sorted = blocks.clone();
            sorted.sort_unstable();
            assert!(sorted.windows(2).all(|w| w[1] - w[0] >= 1000));
            let chunks = used(&blocks);
            assert!(chunks.len() >= 32, "{} chunks", chunks.len());
            match &first {
                None => first = Some(chunks),
                // The chunks of the first round, freed, are carved again: few new ones.
                Some(first) => {
                    let new = chunks.iter().filter(|c| !first.contains(c)).count();
                    assert!(new <= 8, "{new} chunks never used before");
                }
            }
            // Freed on another thread than the one that allocated them.
            std::thread::spawn(move || {
                for b in blocks {
                    // SAFETY: each block is live and freed once, with its layout.
                    unsafe { Allocator.dealloc(b as *mut u8, block) };
                }
            })
            .join()
            .unwrap();
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
