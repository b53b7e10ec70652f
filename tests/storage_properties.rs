#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the saved scenarios kept by several tabs at once: whatever order the tabs'
//! saves, renames and deletes arrive in, and however stale each tab's list is, storage ends with
//! the list that applying the same operations one after the other to a single list gives. A
//! write that storage refuses changes nothing. And the stored form of the first release loads.
//!
//! Run: `cargo test --test storage_properties`.

use cost_per_token::codec::storage::{
    self, migrate_legacy, same_name, KeyValue, MemoryStore, Saves, StorageError, MAX_SAVED,
    STORAGE_KEY,
};
use cost_per_token::scenario::Scenario;
use proptest::prelude::*;

const NAMES: [&str; 6] = ["Plan A", "plan a", "Plan B", "C", " c ", "Delta"];
const TPS: [f64; 3] = [90.0, 4500.0, 6000.0];

#[derive(Clone, Debug)]
enum Op {
    Save {
        name: usize,
        tps: usize,
    },
    /// Rename the entry at this place in the tab's own (possibly stale) list.
    Rename {
        target: prop::sample::Index,
        to: usize,
    },
    Delete {
        target: prop::sample::Index,
    },
    /// The tab hears of the other tab's changes (the `storage` event) and reads the list.
    Hear,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..NAMES.len(), 0..TPS.len()).prop_map(|(name, tps)| Op::Save { name, tps }),
        2 => (any::<prop::sample::Index>(), 0..NAMES.len()).prop_map(|(target, to)| Op::Rename { target, to }),
        1 => any::<prop::sample::Index>().prop_map(|target| Op::Delete { target }),
        1 => Just(Op::Hear),
    ]
}

/// Two tabs' sequences of operations and one interleaving of them: at each step, `true` takes
/// the next operation of tab 2.
fn two_tabs() -> impl Strategy<Value = Vec<(usize, Op)>> {
    (
        prop::collection::vec(op(), 0..20),
        prop::collection::vec(op(), 0..20),
        prop::collection::vec(any::<bool>(), 40),
    )
        .prop_map(|(first, second, picks)| {
            let (mut first, mut second) = (first.into_iter(), second.into_iter());
            let mut picks = picks.into_iter();
            let mut order = Vec::new();
            loop {
                let next = if picks.next().unwrap_or(false) {
                    second
                        .next()
                        .map(|o| (1, o))
                        .or_else(|| first.next().map(|o| (0, o)))
                } else {
                    first
                        .next()
                        .map(|o| (0, o))
                        .or_else(|| second.next().map(|o| (1, o)))
                };
                match next {
                    Some(step) => order.push(step),
                    None => return order,
                }
            }
        })
}

fn with_tps(tps: f64) -> Scenario {
    let mut s = Scenario::default();
    s.platforms[1].tps = Some(tps);
    s
}

/// The reference: one list, each operation applied in turn, written without the store.
#[derive(Clone, Debug, Default, PartialEq)]
struct Reference {
    /// (id, name, tps) in list order.
    list: Vec<(String, String, f64)>,
}

/// How an operation ended, comparable between the store and the reference.
#[derive(Debug, PartialEq)]
enum Ended {
    Done,
    Refused(String),
}

impl Reference {
    fn save(&mut self, name: &str, tps: f64, id: &str) -> Ended {
        let name = name.trim().to_string();
        if let Some(entry) = self.list.iter_mut().find(|e| same_name(&e.1, &name)) {
            entry.1 = name;
            entry.2 = tps;
        } else if self.list.len() >= MAX_SAVED {
            return Ended::Refused(StorageError::TooMany.to_string());
        } else {
            self.list.push((id.to_string(), name, tps));
        }
        Ended::Done
    }

    fn rename(&mut self, id: &str, to: &str) -> Ended {
        let to = to.trim().to_string();
        if !self.list.iter().any(|e| e.0 == id) {
            return Ended::Refused(StorageError::Gone.to_string());
        }
        if self.list.iter().any(|e| e.0 != id && same_name(&e.1, &to)) {
            return Ended::Refused(StorageError::DuplicateName(to).to_string());
        }
        if let Some(entry) = self.list.iter_mut().find(|e| e.0 == id) {
            entry.1 = to;
        }
        Ended::Done
    }

    fn delete(&mut self, id: &str) -> Ended {
        self.list.retain(|e| e.0 != id);
        Ended::Done
    }
}

fn listed(saves: &Saves) -> Vec<(String, String, f64)> {
    saves
        .entries
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                e.name.clone(),
                e.scenario.platforms[1].tps.unwrap_or(f64::NAN),
            )
        })
        .collect()
}

fn ended<T>(result: Result<T, StorageError>) -> Ended {
    match result {
        Ok(_) => Ended::Done,
        Err(e) => Ended::Refused(e.to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Saves, renames and deletes from two tabs, each working from the list it last heard of,
    /// end with the list that applying them in the order they happened gives; every tab's list
    /// after its own operation is what storage holds.
    #[test]
    fn any_interleaving_of_two_tabs_ends_as_applying_them_in_order(steps in two_tabs()) {
        let store = MemoryStore::new();
        let mut views = [Saves::default(), Saves::default()];
        let mut reference = Reference::default();
        for (clock, (tab, op)) in steps.into_iter().enumerate() {
            let id = format!("id{clock:03}");
            let pick = |target: &prop::sample::Index, view: &Saves| {
                (!view.is_empty()).then(|| view.entries[target.index(view.len())].id.clone())
            };
            let (real, expected) = match &op {
                Op::Save { name, tps } => {
                    let result = storage::save(&store, NAMES[*name], with_tps(TPS[*tps]), "t", clock as u64, &id);
                    if let Ok((_, saves)) = &result {
                        views[tab] = saves.clone();
                    }
                    (ended(result), reference.save(NAMES[*name], TPS[*tps], &id))
                }
                Op::Rename { target, to } => {
                    let Some(target) = pick(target, &views[tab]) else { continue };
                    let result = storage::rename(&store, &target, NAMES[*to]);
                    if let Ok(saves) = &result {
                        views[tab] = saves.clone();
                    }
                    (ended(result), reference.rename(&target, NAMES[*to]))
                }
                Op::Delete { target } => {
                    let Some(target) = pick(target, &views[tab]) else { continue };
                    let result = storage::delete(&store, &target);
                    if let Ok(saves) = &result {
                        views[tab] = saves.clone();
                    }
                    (ended(result), reference.delete(&target))
                }
                Op::Hear => {
                    views[tab] = Saves::read(&store).unwrap().0;
                    (Ended::Done, Ended::Done)
                }
            };
            prop_assert_eq!(&real, &expected, "tab {} {:?}", tab + 1, op);
            if real == Ended::Done {
                prop_assert_eq!(listed(&views[tab]), reference.list.clone(), "tab {} after {:?}", tab + 1, op);
            }
        }
        let (stored, notices) = Saves::read(&store).unwrap();
        prop_assert!(notices.is_empty());
        prop_assert_eq!(listed(&stored), reference.list);
    }

    /// With storage nearly full, an operation either succeeds or is refused with a reason, and
    /// a refused one leaves storage exactly as it was.
    #[test]
    fn a_refused_write_changes_nothing(steps in two_tabs(), room in 3_000usize..20_000) {
        let store = MemoryStore::with_capacity(room);
        let mut views = [Saves::default(), Saves::default()];
        for (clock, (tab, op)) in steps.into_iter().enumerate() {
            let before = store.snapshot();
            let id = format!("id{clock:03}");
            let view = &views[tab];
            let target = |t: &prop::sample::Index| (!view.is_empty()).then(|| view.entries[t.index(view.len())].id.clone());
            let result = match &op {
                Op::Save { name, tps } => storage::save(&store, NAMES[*name], with_tps(TPS[*tps]), "t", clock as u64, &id).map(|(_, s)| s),
                Op::Rename { target: t, to } => match target(t) { Some(t) => storage::rename(&store, &t, NAMES[*to]), None => continue },
                Op::Delete { target: t } => match target(t) { Some(t) => storage::delete(&store, &t), None => continue },
                Op::Hear => Ok(Saves::read(&store).unwrap().0),
            };
            match result {
                Ok(saves) => {
                    prop_assert_eq!(&saves, &Saves::read(&store).unwrap().0);
                    views[tab] = saves;
                }
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                    prop_assert_eq!(store.snapshot(), before, "{:?} refused ({}) changed storage", op, e);
                }
            }
        }
    }
}

/// The form the first release stored (one document with the last scenario and the saved list)
/// still loads: every saved scenario and the last one come back, in order, unchanged.
#[test]
fn the_first_releases_stored_form_loads() {
    let fixture = include_str!("fixtures/stored-v1.json");
    let store = MemoryStore::new();
    store.set(STORAGE_KEY, fixture).unwrap();
    let mut n = 0;
    let migration = migrate_legacy(&store, || {
        n += 1;
        format!("m{n}")
    });
    assert!(migration.notices.is_empty(), "{:?}", migration.notices);
    let last = migration.last.expect("the last scenario");
    assert_eq!(last.platforms[1].tps, Some(4500.0));
    let (saves, notices) = Saves::read(&store).unwrap();
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A", "Plan B"]);
    assert_eq!(saves.entries[0].scenario.platforms[1].tps, Some(5000.0));
    assert_eq!(saves.entries[0].saved_at, "2026-11-20T09:15:00.000Z");
    assert_eq!(saves.entries[1].scenario.platforms[0].usd_hr, 2.0);
    assert_eq!(saves.entries[1].scenario.platforms[0].name, "My H200");
    assert_eq!(store.get(STORAGE_KEY).unwrap(), None);
}
