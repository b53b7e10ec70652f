//! Sorting for the short lists the calculator keeps: platforms (at most 12), saved scenarios
//! (at most 50), a curve's points (at most 32), a frontier's run dates. A plain insertion sort,
//! stable like `slice::sort_by`: the standard library's sort is compiled once per element type
//! and comparison, a few KB of wasm each, and its copies came to 33 KB (bench/SIZE.md). On lists
//! this short it is as fast.

use std::cmp::Ordering;

/// Sort `items` by `compare`, keeping the order of equal items (as `slice::sort_by` does).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sort `items` in their natural order (as `slice::sort` does).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_library_does(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)) {
            // Compared by the first field only, so equal keys show whether the order is kept.
            let mut mine = items.clone();
            sort_by(&mut mine, |a, b| a.0.cmp(&b.0));
            let mut theirs = items.clone();
            theirs.sort_by_key(|item| item.0);
            prop_assert_eq!(&mine, &theirs);
            let mut mine = items.clone();
            sort(&mut mine);
            let mut theirs = items;
            theirs.sort();
            prop_assert_eq!(mine, theirs);
        }
    }
}
