//! The store.

use std::cell::RefCell;

use crate::codec::sorted_map::SortedMap;

/// Why the browser's storage refused an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The storage for this page is full (`QuotaExceededError`).
    Full,
    /// The browser does not let this page store data (a private window, a sandboxed frame,
    /// storage turned off).
    Refused,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Full => write!(
                f,
                "the browser's storage for this page is full (a private window may allow none)"
            ),
            StoreError::Refused => write!(
                f,
                "the browser does not let this page store data (a private window, or storage \
                 turned off)"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

/// A key-value store such as the browser's `localStorage`: any call may fail.
pub trait KeyValue {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&self, key: &str) -> Result<(), StoreError>;
    /// Every key present, in any order.
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// A store in memory: for tests, and for a visit where the browser offers no storage at all.
#[derive(Debug, Default)]
pub struct MemoryStore {
    map: RefCell<SortedMap<String, String>>,
    /// Characters of keys and values together, as a full storage imitates.
    capacity: Option<usize>,
    /// Every write refused, as some private windows do.
    read_only: bool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that refuses a write that would take it past `chars` characters.
    pub fn with_capacity(chars: usize) -> Self {
        MemoryStore {
            capacity: Some(chars),
            ..Self::default()
        }
    }

    /// From now on every write is refused; reads still work.
    pub fn make_read_only(&mut self) {
        self.read_only = true;
    }

    /// A copy of everything stored.
    pub fn snapshot(&self) -> SortedMap<String, String> {
        self.map.borrow().clone()
    }
}

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.map.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::Refused);
        }
        if let Some(capacity) = self.capacity {
            let others: usize = self
                .map
                .borrow()
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| k.chars().count() + v.chars().count())
                .sum();
            if others + key.chars().count() + value.chars().count() > capacity {
                return Err(StoreError::Full);
            }
        }
        self.map.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::Refused);
        }
        self.map.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.map.borrow().keys().cloned().collect())
    }
}
