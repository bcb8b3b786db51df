//! Recursion over deep ASTs without stack overflows: a walk checks the stack it has left every
//! few levels and continues on a larger, heap-allocated segment when it runs low.

/// Red zone and segment size for the stack-growing recursion in our visitors.
pub(crate) const STACK_RED_ZONE: usize = 128 * 1024;
pub(crate) const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// How many levels of nesting a walk descends between two checks of the remaining stack: a few
/// kilobytes of stack per level, even in debug builds, stay far below the red zone.
const STACK_CHECK_EVERY: u32 = 8;

/// Runs one level of AST recursion at nesting `depth`, growing the stack first if it runs low.
/// Checking costs a little at every node, so it happens every few levels only.
#[inline]
pub(crate) fn descend<R>(depth: u32, f: impl FnOnce() -> R) -> R {
    if depth.is_multiple_of(STACK_CHECK_EVERY) {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, f)
    } else {
        f()
    }
}
