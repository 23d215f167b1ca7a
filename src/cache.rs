//! Small in-memory caches whose entries expire after a fixed time: what hot pages read on
//! every request but staff change rarely (petitions, counts, signing settings). One
//! instance per kind of entry, shared through the application context.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A map whose entries are fresh for `ttl`, holding at most `capacity` entries (when full,
/// expired entries are dropped first; if none are, new entries are simply not kept).
#[derive(Debug)]
pub struct TtlCache<K, V> {
    ttl: Duration,
    capacity: usize,
    inner: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Hash + Eq, V: Clone> TtlCache<K, V> {
    /// An empty cache.
    #[must_use]
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity,
            inner: Mutex::new(HashMap::new()),
        }
    }

    /// The fresh value for `key`, if any.
    pub fn get(&self, key: &K) -> Option<V> {
        let map = self.inner.lock().ok()?;
        map.get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    /// Stores `value` for `key`.
    pub fn put(&self, key: K, value: V) {
        if let Ok(mut map) = self.inner.lock() {
            if map.len() >= self.capacity {
                let ttl = self.ttl;
                map.retain(|_, (at, _)| at.elapsed() < ttl);
            }
            if map.len() < self.capacity {
                map.insert(key, (Instant::now(), value));
            }
        }
    }

    /// Forgets `key`.
    pub fn forget(&self, key: &K) {
        if let Ok(mut map) = self.inner.lock() {
            map.remove(key);
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        if let Ok(mut map) = self.inner.lock() {
            map.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_capacity_is_kept() {
        let c = TtlCache::new(Duration::from_millis(30), 2);
        c.put(1, "a");
        c.put(2, "b");
        c.put(3, "c");
        assert_eq!(
            (c.get(&1), c.get(&2), c.get(&3)),
            (Some("a"), Some("b"), None),
            "full: not kept"
        );
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(c.get(&1), None, "expired");
        c.put(3, "c");
        assert_eq!(c.get(&3), Some("c"), "expired entries made room");
        c.forget(&3);
        assert_eq!(c.get(&3), None);
    }
}
