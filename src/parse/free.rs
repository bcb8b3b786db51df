//! Freeing the AST as it is walked: all the `unsafe` of the parse stage.
//!
//! The walk owns the AST and frees every node once it has been through it, so walking and
//! freeing are one traversal. Nodes are not copied out of their lists and boxes to be walked
//! (a statement is a large value): each is handed to the walk where it lies, as an [`Owned`]
//! token, and the list's buffer (or the box) is freed afterwards without dropping the nodes
//! again. Everything outside this module is safe code.

use std::mem::{ManuallyDrop, MaybeUninit};

/// A node the walk owns, left where it lies (a list's slot, a box, a local): moved out once
/// with [`Owned::take`], or dropped in place when the token is dropped.
pub(super) struct Owned<'a, T>(&'a mut ManuallyDrop<T>);

impl<T> Owned<'_, T> {
    /// Moves the node out of its place.
    pub(super) fn take(self) -> T {
        let this = ManuallyDrop::new(self);
        // SAFETY: the token is the node's only owner and is consumed here (its `Drop` does not
        // run), so the node is moved out exactly once and never used in its place again.
        unsafe { ManuallyDrop::take(&mut *std::ptr::read(&this.0)) }
    }

    /// The node, to look at before it is taken or dropped.
    pub(super) fn get_mut(&mut self) -> &mut T {
        self.0
    }
}

impl<T> Drop for Owned<'_, T> {
    fn drop(&mut self) {
        // SAFETY: a token that was not taken still owns its node, and is dropped once.
        unsafe { ManuallyDrop::drop(self.0) }
    }
}

/// Runs `f` with `value` as an owned node (a node the caller has by value).
pub(super) fn hold<T, R>(value: T, f: impl FnOnce(Owned<'_, T>) -> R) -> R {
    let mut slot = ManuallyDrop::new(value);
    // The token is the only way to the value: `slot` is not used again.
    f(Owned(&mut slot))
}

/// Runs `f` with the node in `boxed` as an owned node, walked in its box; the box is freed
/// afterwards without dropping the node again. If `f` panics, the box leaks (it is not freed
/// twice).
pub(super) fn hold_boxed<T, R>(boxed: Box<T>, f: impl FnOnce(Owned<'_, T>) -> R) -> R {
    let raw = Box::into_raw(boxed).cast::<ManuallyDrop<T>>();
    // SAFETY: `raw` comes from a live box of a valid `T`, which `ManuallyDrop<T>` lays out
    // the same; the token is the only way to it until the box is freed below.
    let out = f(Owned(unsafe { &mut *raw }));
    // SAFETY: the token moved the node out or dropped it; the allocation is freed as
    // uninitialized memory of the same layout, so nothing is dropped twice.
    unsafe { drop(Box::from_raw(raw.cast::<MaybeUninit<T>>())) };
    out
}

/// An owned list of AST nodes that the walk empties in place: each node is handed out once
/// where it lies, and the list's buffer is freed afterwards without dropping them again.
/// (Iterating by value would copy every node out first.)
pub(super) trait Nodes<T> {
    fn len(&self) -> usize;
    /// Calls `f` with each node in order; a node `f` does not take is dropped when its token
    /// is. If `f` panics, the nodes not handed out yet are leaked, never dropped twice.
    fn each(self, f: impl FnMut(Owned<'_, T>));
}

/// Hands out `len` nodes from `ptr`.
///
/// # Safety
/// `ptr..ptr + len` must hold valid nodes that nothing else drops (the list's length is
/// already set to 0).
unsafe fn each_at<T>(ptr: *mut T, len: usize, mut f: impl FnMut(Owned<'_, T>)) {
    for i in 0..len {
        // SAFETY: in bounds, valid, and handed out once; `ManuallyDrop<T>` has `T`'s layout.
        f(Owned(unsafe { &mut *ptr.add(i).cast::<ManuallyDrop<T>>() }));
    }
}

impl<T> Nodes<T> for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn each(mut self, f: impl FnMut(Owned<'_, T>)) {
        let len = Vec::len(&self);
        // SAFETY: the length is 0 before any node is handed out, so dropping the vector frees
        // its buffer only; the nodes are valid and handed out once each.
        unsafe {
            self.set_len(0);
            each_at(self.as_mut_ptr(), len, f);
        }
    }
}

impl<T> Nodes<T> for thin_vec::ThinVec<T> {
    fn len(&self) -> usize {
        thin_vec::ThinVec::len(self)
    }

    fn each(mut self, f: impl FnMut(Owned<'_, T>)) {
        let len = thin_vec::ThinVec::len(&self);
        let ptr = self.as_mut_ptr();
        // SAFETY: as for `Vec`.
        unsafe {
            self.set_len(0);
            each_at(ptr, len, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    /// Every node is dropped exactly once, whether it is taken, looked at or left.
    #[test]
    fn each_node_is_dropped_once() {
        let counter = Rc::new(());
        let nodes: Vec<Rc<()>> = (0..10).map(|_| Rc::clone(&counter)).collect();
        let mut taken = Vec::new();
        nodes.each(|mut node| {
            let _ = node.get_mut();
            if taken.len() < 4 {
                taken.push(node.take());
            }
        });
        assert_eq!(Rc::strong_count(&counter), 1 + 4);
        drop(taken);
        assert_eq!(Rc::strong_count(&counter), 1);
        let boxed = Box::new(Rc::clone(&counter));
        let back = hold_boxed(boxed, |node| node.take());
        assert_eq!(Rc::strong_count(&counter), 2);
        drop(back);
        hold_boxed(Box::new(Rc::clone(&counter)), |node| drop(node));
        hold(Rc::clone(&counter), |_| ());
        let list: thin_vec::ThinVec<Rc<()>> = (0..3).map(|_| Rc::clone(&counter)).collect();
        list.each(|node| drop(node));
        assert_eq!(Rc::strong_count(&counter), 1);
    }
}
