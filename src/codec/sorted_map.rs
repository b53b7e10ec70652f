//! A map kept as a vector sorted by key, for the few keys a link or a memory store holds (tens).
//! `BTreeMap` compiled its node code once per key and value type: about 11 KB of wasm
//! (bench/SIZE.md). Iteration is in key order, as with `BTreeMap`.

use std::borrow::Borrow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Where `key` is, or where it would go.
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|at| &self.0[at].1)
    }

    /// Set `key` to `value`; the value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|at| self.0.remove(at).1)
    }

    /// The value at `key`, first set by `make` where there is none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let at = match self.find(&key) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key, make()));
                at
            }
        };
        &mut self.0[at].1
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    proptest! {
        #[test]
        fn behaves_as_a_btree_map(ops in proptest::collection::vec((0u8..4, 0u8..12, any::<u16>()), 0..120)) {
            let mut mine = SortedMap::new();
            let mut theirs = BTreeMap::new();
            for (op, key, value) in ops {
                match op {
                    0 => prop_assert_eq!(mine.insert(key, value), theirs.insert(key, value)),
                    1 => prop_assert_eq!(mine.remove(&key), theirs.remove(&key)),
                    2 => prop_assert_eq!(
                        *mine.get_or_insert_with(key, || value),
                        *theirs.entry(key).or_insert_with(|| value)
                    ),
                    _ => prop_assert_eq!(mine.get(&key), theirs.get(&key)),
                }
                prop_assert_eq!(mine.len(), theirs.len());
                let listed: Vec<(u8, u16)> = mine.iter().map(|(k, v)| (*k, *v)).collect();
                let expected: Vec<(u8, u16)> = theirs.iter().map(|(k, v)| (*k, *v)).collect();
                prop_assert_eq!(listed, expected);
            }
        }
    }
}
