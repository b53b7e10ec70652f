//! Tests of the storage core.

use super::*;
use crate::codec::json;
use proptest::prelude::*;
// Tests read and change documents with serde_json, the reference the codec is checked against.
use serde_json::Value;

fn with_tps(tps: f64) -> Scenario {
    let mut s = Scenario::default();
    s.platforms[0].tps = Some(tps);
    s
}

#[test]
fn keys() {
    assert_eq!(STORAGE_KEY, "cost-per-token:v1");
    assert_eq!(backup_key(2), "cost-per-token:unreadable:2");
    assert_eq!(
        free_backup_key(|_| false).as_deref(),
        Some("cost-per-token:unreadable:1")
    );
    assert_eq!(
        free_backup_key(|k| k.ends_with(":1")).as_deref(),
        Some("cost-per-token:unreadable:2")
    );
    assert_eq!(free_backup_key(|_| true), None);
}

/// Stored text is byte for byte what the release that used serde_json wrote.
#[test]
fn stored_text_is_what_serde_json_wrote() {
    let mut state = StoredState::default();
    state.set_last(with_tps(120.5));
    state
        .save("Plan \"A\"", with_tps(0.001234), "2026-04-01")
        .unwrap();
    assert_eq!(state.to_json(), serde_json::to_string(&state).unwrap());
}

#[test]
fn round_trip() {
    let mut state = StoredState::default();
    assert_eq!(StoredState::from_json(&state.to_json()), Ok(state.clone()));
    state.set_last(with_tps(120.0));
    state.save("Plan A", with_tps(100.0), "2026-04-01").unwrap();
    state
        .save("Plan B", Scenario::default(), "2026-04-02T10:00:00Z")
        .unwrap();
    let text = state.to_json();
    assert!(text.starts_with("{\"schema\":1,"), "{text}");
    assert_eq!(StoredState::from_json(&text), Ok(state));
}

#[test]
fn save_adds_or_replaces_by_name() {
    let mut state = StoredState::default();
    assert_eq!(
        state.save(" Plan A ", with_tps(100.0), "d1"),
        Ok(SaveOutcome::Added)
    );
    assert_eq!(
        state.save("Plan B", with_tps(200.0), "d1"),
        Ok(SaveOutcome::Added)
    );
    assert_eq!(
        state.save("plan a", with_tps(300.0), "d2"),
        Ok(SaveOutcome::Replaced)
    );
    assert_eq!(state.names().collect::<Vec<_>>(), ["plan a", "Plan B"]);
    assert_eq!(state.load("PLAN A").unwrap().platforms[0].tps, Some(300.0));
    assert_eq!(state.find("Plan A").unwrap().saved_at, "d2");
    assert_eq!(
        state.load("nope"),
        Err(StorageError::NotFound("nope".into()))
    );
    assert_eq!(
        state.save("  ", Scenario::default(), "d"),
        Err(StorageError::EmptyName)
    );
    assert_eq!(
        state.save(&"x".repeat(61), Scenario::default(), "d"),
        Err(StorageError::NameTooLong { chars: 61 })
    );
    assert_eq!(
        state.save("Bad", with_tps(0.0), "d"),
        Err(StorageError::InvalidScenario)
    );
}

#[test]
fn the_number_saved_is_limited() {
    let mut state = StoredState::default();
    for i in 0..MAX_SAVED {
        state
            .save(&format!("S{i}"), Scenario::default(), "d")
            .unwrap();
    }
    assert_eq!(
        state.save("one more", Scenario::default(), "d"),
        Err(StorageError::TooMany)
    );
    assert_eq!(
        StorageError::TooMany.to_string(),
        "50 scenarios are saved, the most this app keeps: delete one first"
    );
    // Replacing one is still allowed when full.
    assert_eq!(
        state.save("S3", with_tps(5.0), "d"),
        Ok(SaveOutcome::Replaced)
    );
    assert_eq!(StoredState::from_json(&state.to_json()), Ok(state));
}

#[test]
fn rename_refuses_duplicates_empty_and_long() {
    let mut state = StoredState::default();
    state.save("A", Scenario::default(), "d").unwrap();
    state.save("B", Scenario::default(), "d").unwrap();
    assert_eq!(
        state.rename("A", "b"),
        Err(StorageError::DuplicateName("b".into()))
    );
    assert_eq!(state.rename("A", ""), Err(StorageError::EmptyName));
    assert_eq!(
        state.rename("A", &"é".repeat(61)),
        Err(StorageError::NameTooLong { chars: 61 })
    );
    assert_eq!(
        state.rename("Z", "C"),
        Err(StorageError::NotFound("Z".into()))
    );
    assert_eq!(state.rename("a", " a2 "), Ok(()));
    assert_eq!(
        state.rename("a2", "A2"),
        Ok(()),
        "a change of case of its own name"
    );
    assert_eq!(state.names().collect::<Vec<_>>(), ["A2", "B"]);
    assert_eq!(
        StorageError::DuplicateName("b".into()).to_string(),
        "a saved scenario is already called \"b\""
    );
}

#[test]
fn delete_returns_the_entry() {
    let mut state = StoredState::default();
    state.save("A", with_tps(77.0), "d").unwrap();
    let removed = state.delete("a").unwrap();
    assert_eq!(removed.scenario.platforms[0].tps, Some(77.0));
    assert!(state.saved.is_empty());
    assert_eq!(state.delete("a"), Err(StorageError::NotFound("a".into())));
}

#[test]
fn unreadable_text_is_an_error_not_a_panic() {
    let cases = [
        ("", "damaged"),
        ("{", "damaged"),
        ("null", "damaged"),
        ("[]", "damaged"),
        ("{\"schema\":2}", "version 2, newer"),
        ("{\"schema\":0}", "unknown version (0)"),
        ("{\"schema\":\"1\"}", "unknown version"),
        ("{}", "unknown version (none)"),
        ("{\"schema\":1,\"saved\":5}", "damaged"),
        ("{\"schema\":1,\"saved\":[{\"name\":\"x\"}]}", "damaged"),
    ];
    for (text, expected) in cases {
        let e = StoredState::from_json(text).unwrap_err().to_string();
        assert!(e.contains(expected), "{text}: {e}");
    }
    // The version alone is enough: the rest defaults.
    assert_eq!(
        StoredState::from_json("{\"schema\":1}"),
        Ok(StoredState::default())
    );
}

#[test]
fn a_part_out_of_range_is_invalid_and_salvage_keeps_the_rest() {
    let mut state = StoredState::default();
    state.set_last(with_tps(0.0));
    state.saved.push(SavedScenario {
        name: "good".into(),
        scenario: with_tps(42.0),
        saved_at: "d".into(),
    });
    state.saved.push(SavedScenario {
        name: "bad".into(),
        scenario: with_tps(-1.0),
        saved_at: "d".into(),
    });
    let text = state.to_json();
    assert_eq!(
        StoredState::from_json(&text),
        Err(StorageError::Invalid("the last scenario".into()))
    );
    let (kept, notices) = salvage(&text);
    assert_eq!(kept.last, None);
    assert_eq!(kept.names().collect::<Vec<_>>(), ["good"]);
    let lines: Vec<String> = notices.iter().map(Notice::to_string).collect();
    assert_eq!(
        lines,
        [
            "last: the last scenario could not be read; the default is shown",
            "saved: saved scenario \"bad\" could not be read; it was kept aside"
        ]
    );
    // The salvaged state is itself valid.
    assert_eq!(StoredState::from_json(&kept.to_json()), Ok(kept));
}

#[test]
fn duplicates_in_stored_text_are_invalid() {
    let mut state = StoredState::default();
    state.save("A", Scenario::default(), "d").unwrap();
    state.saved.push(state.saved[0].clone());
    state.saved[1].name = "a".into();
    let e = StoredState::from_json(&state.to_json()).unwrap_err();
    assert!(e.to_string().contains("the name is used twice"), "{e}");
    let (kept, notices) = salvage(&state.to_json());
    assert_eq!(kept.saved.len(), 1);
    assert_eq!(
        notices.len(),
        0,
        "the second copy replaces the first: nothing lost"
    );
}

#[test]
fn salvage_of_garbage_and_of_a_newer_version() {
    let (state, notices) = salvage("not json");
    assert_eq!(state, StoredState::default());
    assert_eq!(notices[0].key, "storage");
    let (state, notices) = salvage("{\"schema\":9,\"saved\":[]}");
    assert_eq!(state, StoredState::default());
    assert!(notices[0].message.contains("version 9"), "{:?}", notices);
}

// -----------------------------------------------------------------------------------------
// The keyed store
// -----------------------------------------------------------------------------------------

const FIXTURE: &str = include_str!("../../../tests/fixtures/stored-v1.json");

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("m{n}")
    }
}

#[test]
fn save_rename_delete_one_key_each() {
    let store = MemoryStore::new();
    let (outcome, saves) = save(&store, " Plan A ", with_tps(100.0), "d1", 10, "a").unwrap();
    assert_eq!(outcome, SaveOutcome::Added);
    assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A"]);
    let (_, saves) = save(&store, "Plan B", with_tps(200.0), "d1", 5, "b").unwrap();
    assert_eq!(
        saves.names().collect::<Vec<_>>(),
        ["Plan A", "Plan B"],
        "after the last, whatever the clock says"
    );
    assert_eq!(
        store.snapshot().keys().cloned().collect::<Vec<_>>(),
        ["cost-per-token:saved:a", "cost-per-token:saved:b"]
    );
    // Same name, any case: replaced in place, id and order kept.
    let (outcome, saves) = save(&store, "plan a", with_tps(300.0), "d2", 99, "c").unwrap();
    assert_eq!(outcome, SaveOutcome::Replaced);
    assert_eq!(saves.names().collect::<Vec<_>>(), ["plan a", "Plan B"]);
    assert_eq!(saves.find("PLAN A").unwrap().id, "a");
    assert_eq!(
        saves.find("Plan A").unwrap().scenario.platforms[0].tps,
        Some(300.0)
    );
    assert_eq!(
        saves,
        Saves::read(&store).unwrap().0,
        "what is stored is what the tab shows"
    );

    assert_eq!(
        rename(&store, "a", "Plan B"),
        Err(StorageError::DuplicateName("Plan B".into()))
    );
    assert_eq!(rename(&store, "a", " "), Err(StorageError::EmptyName));
    let saves = rename(&store, "a", "Plan C").unwrap();
    assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan C", "Plan B"]);
    assert_eq!(saves.get("a").unwrap().name, "Plan C");
    let saves = delete(&store, "a").unwrap();
    assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan B"]);
    assert_eq!(rename(&store, "a", "X"), Err(StorageError::Gone));
    assert_eq!(
        delete(&store, "a").unwrap().len(),
        1,
        "already gone is no error"
    );
    assert_eq!(
        save(&store, "Bad", with_tps(0.0), "d", 1, "z"),
        Err(StorageError::InvalidScenario)
    );
    assert_eq!(
        Saves::read(&store).unwrap().0.names().collect::<Vec<_>>(),
        ["Plan B"]
    );
}

#[test]
fn a_stale_tab_does_not_overwrite_another_tabs_save() {
    // The reported case: two tabs, each with the list it read when it opened.
    let store = MemoryStore::new();
    let (_, tab1) = save(&store, "Plan A", with_tps(100.0), "d", 1, "a").unwrap();
    let (_, tab2) = save(&store, "Plan B", with_tps(200.0), "d", 2, "b").unwrap();
    assert_eq!(
        tab1.names().collect::<Vec<_>>(),
        ["Plan A"],
        "tab 1 has not heard yet"
    );
    assert_eq!(tab2.names().collect::<Vec<_>>(), ["Plan A", "Plan B"]);
    // Tab 1 saves again under a name tab 2 made: it replaces it, no second entry.
    let (outcome, tab1) = save(&store, "plan b", with_tps(300.0), "d", 3, "c").unwrap();
    assert_eq!(outcome, SaveOutcome::Replaced);
    assert_eq!(tab1.names().collect::<Vec<_>>(), ["Plan A", "plan b"]);
    assert_eq!(Saves::read(&store).unwrap().0, tab1);
}

#[test]
fn the_number_saved_is_limited_across_tabs() {
    let store = MemoryStore::new();
    for i in 0..MAX_SAVED {
        save(
            &store,
            &format!("S{i}"),
            Scenario::default(),
            "d",
            i as u64,
            &format!("{i}"),
        )
        .unwrap();
    }
    assert_eq!(
        save(&store, "one more", Scenario::default(), "d", 99, "x"),
        Err(StorageError::TooMany)
    );
    assert!(
        save(&store, "S3", with_tps(5.0), "d", 99, "x").is_ok(),
        "replacing one is allowed"
    );
}

#[test]
fn a_full_or_refusing_store_changes_nothing_and_says_why() {
    let entry_chars = {
        let probe = MemoryStore::new();
        save(&probe, "Plan A", Scenario::default(), "d", 1, "a").unwrap();
        probe
            .snapshot()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum::<usize>()
    };
    let store = MemoryStore::with_capacity(entry_chars + 10);
    save(&store, "Plan A", Scenario::default(), "d", 1, "a").unwrap();
    let before = store.snapshot();
    let refused = save(&store, "Plan B", with_tps(200.0), "d", 2, "b");
    assert_eq!(refused, Err(StorageError::Store(StoreError::Full)));
    assert_eq!(
        refused.unwrap_err().to_string(),
        "the browser's storage for this page is full (a private window may allow none)"
    );
    assert_eq!(store.snapshot(), before);
    // Replacing the one entry with a larger scenario: refused, the old one intact.
    let mut big = Scenario::default();
    big.platforms[0].name = "x".repeat(60);
    assert_eq!(
        save(&store, "Plan A", big, "d", 3, "c"),
        Err(StorageError::Store(StoreError::Full))
    );
    assert_eq!(store.snapshot(), before);

    let mut store = MemoryStore::new();
    save(&store, "Plan A", Scenario::default(), "d", 1, "a").unwrap();
    store.make_read_only();
    let before = store.snapshot();
    assert_eq!(
        save(&store, "Plan B", Scenario::default(), "d", 2, "b"),
        Err(StorageError::Store(StoreError::Refused))
    );
    assert_eq!(
        rename(&store, "a", "Plan C"),
        Err(StorageError::Store(StoreError::Refused))
    );
    assert_eq!(
        delete(&store, "a"),
        Err(StorageError::Store(StoreError::Refused))
    );
    assert_eq!(store.snapshot(), before);
    assert!(StoreError::Refused.to_string().contains("private window"));
}

#[test]
fn an_unreadable_entry_is_left_alone_with_a_notice() {
    let store = MemoryStore::new();
    save(&store, "Good", Scenario::default(), "d", 1, "a").unwrap();
    store.set("cost-per-token:saved:b", "{broken").unwrap();
    store
        .set(
            "cost-per-token:saved:c",
            "{\"schema\":1,\"name\":\"Bad\",\"scenario\":{\"platforms\":[]}}",
        )
        .unwrap();
    store.set("unrelated", "x").unwrap();
    let (saves, notices) = Saves::read(&store).unwrap();
    assert_eq!(saves.names().collect::<Vec<_>>(), ["Good"]);
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(
        notices[0].message.contains("(cost-per-token:saved:b)"),
        "{notices:?}"
    );
    assert!(notices[1].message.contains("no platforms"), "{notices:?}");
    assert_eq!(
        store.get("cost-per-token:saved:b").unwrap().as_deref(),
        Some("{broken")
    );
    // Operations still work beside it.
    assert!(save(&store, "Other", Scenario::default(), "d", 2, "d").is_ok());
    assert!(store.get("cost-per-token:saved:c").unwrap().is_some());
}

#[test]
fn a_name_saved_twice_in_the_same_instant_lists_both() {
    let store = MemoryStore::new();
    for (id, order) in [("a", 5), ("b", 5)] {
        let entry = SavedEntry {
            id: id.into(),
            order,
            name: "Plan A".into(),
            saved_at: "d".into(),
            scenario: Scenario::default(),
        };
        store.set(&saved_key(id), &entry.to_json()).unwrap();
    }
    let (saves, _) = Saves::read(&store).unwrap();
    assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A", "Plan A (2)"]);
    let saves = rename(&store, "b", "Plan B").unwrap();
    assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A", "Plan B"]);
}

#[test]
fn todays_stored_document_migrates() {
    let store = MemoryStore::new();
    store.set(STORAGE_KEY, FIXTURE).unwrap();
    let migration = migrate_legacy(&store, ids());
    assert_eq!(migration.notices, []);
    assert_eq!(
        migration.last.as_ref().unwrap().platforms[1].tps,
        Some(4500.0)
    );
    let (saves, notices) = Saves::read(&store).unwrap();
    assert_eq!(notices, []);
    assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A", "Plan B"]);
    assert_eq!(
        saves.find("Plan A").unwrap().scenario.platforms[1].tps,
        Some(5000.0)
    );
    let b = saves.find("Plan B").unwrap();
    assert_eq!(b.scenario.platforms[0].name, "My H200");
    assert_eq!(b.saved_at, "2026-11-21T17:40:12.345Z");
    assert_eq!(store.get(STORAGE_KEY).unwrap(), None, "moved, then removed");
    assert_eq!(read_last(&store).0.unwrap().platforms[1].tps, Some(4500.0));
    // Moving it again (another tab of the old version wrote it back) adds nothing twice.
    store.set(STORAGE_KEY, FIXTURE).unwrap();
    migrate_legacy(&store, ids());
    assert_eq!(
        Saves::read(&store).unwrap().0.names().collect::<Vec<_>>(),
        ["Plan A", "Plan B"]
    );
}

#[test]
fn migration_into_a_full_store_keeps_the_document() {
    let store = MemoryStore::with_capacity(FIXTURE.len() + STORAGE_KEY.len() + 100);
    store.set(STORAGE_KEY, FIXTURE).unwrap();
    let migration = migrate_legacy(&store, ids());
    assert_eq!(store.get(STORAGE_KEY).unwrap().as_deref(), Some(FIXTURE));
    assert_eq!(migration.notices.len(), 1);
    assert!(
        migration.notices[0]
            .message
            .contains("could not be moved (the browser's storage for this page is full"),
        "{:?}",
        migration.notices
    );
}

#[test]
fn an_unreadable_document_is_kept_aside_and_salvaged() {
    let store = MemoryStore::new();
    store.set(STORAGE_KEY, "{not json").unwrap();
    let migration = migrate_legacy(&store, ids());
    assert_eq!(migration.last, None);
    assert_eq!(migration.notices[0].key, "storage");
    assert_eq!(
        store.get(&backup_key(1)).unwrap().as_deref(),
        Some("{not json")
    );
    assert_eq!(store.get(STORAGE_KEY).unwrap(), None);
    // A part that reads is moved.
    let store = MemoryStore::new();
    let mut state = StoredState::default();
    state.save("good", with_tps(42.0), "d").unwrap();
    state.saved.push(SavedScenario {
        name: "bad".into(),
        scenario: with_tps(-1.0),
        saved_at: "d".into(),
    });
    store.set(STORAGE_KEY, &state.to_json()).unwrap();
    let migration = migrate_legacy(&store, ids());
    assert_eq!(migration.notices.len(), 1, "{:?}", migration.notices);
    assert_eq!(
        Saves::read(&store).unwrap().0.names().collect::<Vec<_>>(),
        ["good"]
    );
    assert_eq!(store.get(&backup_key(1)).unwrap(), Some(state.to_json()));
}

#[test]
fn the_last_scenario_round_trips_and_bad_text_is_kept_aside() {
    let store = MemoryStore::new();
    assert_eq!(read_last(&store), (None, vec![]));
    store
        .set(LAST_KEY, &last_to_json(&with_tps(123.0)))
        .unwrap();
    assert_eq!(read_last(&store).0.unwrap().platforms[0].tps, Some(123.0));
    store.set(LAST_KEY, "garbage").unwrap();
    let (last, notices) = read_last(&store);
    assert_eq!(last, None);
    assert_eq!(
        notices[0].to_string(),
        "last: the last scenario could not be read; the default is shown"
    );
    assert_eq!(
        store.get(&backup_key(1)).unwrap().as_deref(),
        Some("garbage")
    );
    assert_eq!(store.get(LAST_KEY).unwrap(), None);
}

#[test]
fn export_then_import_every_saved_scenario() {
    let store = MemoryStore::new();
    save(
        &store,
        "Plan A",
        with_tps(100.0),
        "2026-12-01T10:00:00.000Z",
        1,
        "a",
    )
    .unwrap();
    let (_, saves) = save(
        &store,
        "Plan B",
        with_tps(200.0),
        "2026-12-02T10:00:00.000Z",
        2,
        "b",
    )
    .unwrap();
    let text = export_saves(&saves);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["app"], "cost-per-token");
    assert_eq!(value["saved"][1]["name"], "Plan B");
    // Each scenario in the file has the form of a file of one scenario.
    let one = json::export_json(&with_tps(200.0));
    let one: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(value["saved"][1]["scenario"], one["scenario"]);

    let (incoming, notices) = import_saves(&text).unwrap();
    assert_eq!(notices, []);
    assert_eq!(incoming.len(), 2);
    assert_eq!(incoming[1].saved_at, "2026-12-02T10:00:00.000Z");
    assert_eq!(incoming[0].scenario, with_tps(100.0));

    // In another browser with one name in common: that one is asked about.
    let other = MemoryStore::new();
    let (_, there) = save(&other, "plan b", with_tps(9.0), "d", 1, "x").unwrap();
    assert_eq!(name_conflicts(&there, &incoming), ["Plan B"]);
    for item in &incoming {
        if there.find(&item.name).is_none() {
            save(
                &other,
                &item.name,
                item.scenario.clone(),
                &item.saved_at,
                5,
                "y",
            )
            .unwrap();
        }
    }
    let (after, _) = Saves::read(&other).unwrap();
    assert_eq!(after.names().collect::<Vec<_>>(), ["plan b", "Plan A"]);
    assert_eq!(
        after.find("Plan B").unwrap().scenario.platforms[0].tps,
        Some(9.0)
    );
}

#[test]
fn import_reads_todays_document_and_refuses_other_files() {
    let (incoming, _) = import_saves(FIXTURE).unwrap();
    assert_eq!(
        incoming.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
        ["Plan A", "Plan B"]
    );
    let refused = |text: &str| import_saves(text).unwrap_err().to_string();
    assert_eq!(refused(""), "the file is empty");
    assert!(refused("{").starts_with("not JSON at line 1"));
    assert!(refused("[1]").contains("holds a list"));
    assert!(refused("{\"app\":\"other\",\"saved\":[]}").contains("made by \"other\""));
    assert!(refused("{\"schema\":7,\"saved\":[]}").contains("schema 7 is newer"));
    assert!(refused(&json::export_json(&Scenario::default())).contains("open it with Import JSON"));
    assert!(refused("{\"schema\":1}").contains("no saved scenarios"));
    // One bad entry is left out, named; the rest is read.
    let mut value: Value = serde_json::from_str(FIXTURE).unwrap();
    value["saved"][0]["scenario"]["platforms"][0]["tps"] = Value::from(0);
    let (incoming, notices) = import_saves(&value.to_string()).unwrap();
    assert_eq!(incoming.len(), 1);
    assert!(
        notices[0].message.starts_with(
            "saved scenario \"Plan A\" was not imported: platform 1: tps 0 is out of range"
        ),
        "{notices:?}"
    );
}

/// The previous release stored the decode ceiling's set-up once for the page: the last
/// scenario and the saved ones keep it, now on every platform.
#[test]
fn a_stored_page_wide_setup_applies_to_every_platform() {
    let mut value: Value = serde_json::from_str(FIXTURE).unwrap();
    value["last"]["settings"]["model"]["batch"] = Value::from(32.0);
    value["saved"][1]["scenario"]["settings"]["model"]["gpus"] = Value::from(72.0);
    let store = MemoryStore::new();
    store.set(STORAGE_KEY, &value.to_string()).unwrap();
    let migration = migrate_legacy(&store, ids());
    assert_eq!(migration.notices, []);
    let last = read_last(&store).0.unwrap();
    assert!(last.platforms.iter().all(|p| p.setup.batch == 32.0));
    let (saves, _) = Saves::read(&store).unwrap();
    let b = &saves.find("Plan B").unwrap().scenario;
    assert!(b.platforms.iter().all(|p| p.setup.gpus == 72.0));
    let a = &saves.find("Plan A").unwrap().scenario;
    assert!(a.platforms.iter().all(|p| p.setup.gpus == 8.0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = StoredState::from_json(&text);
        let (state, _) = salvage(&text);
        prop_assert!(StoredState::from_json(&state.to_json()).is_ok());
    }

    #[test]
    fn damaged_documents_never_panic(at in any::<prop::sample::Index>(), insert in "[\\[\\]{}\",:0-9a-z.eE+-]{0,8}", cut in 0usize..6) {
        let mut state = StoredState::default();
        state.set_last(Scenario::default());
        let _ = state.save("A, \"quoted\"", Scenario::default(), "2026-04-01");
        let text = state.to_json();
        let mut at = at.index(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let end = (at + cut).min(text.len());
        let end = if text.is_char_boundary(end) { end } else { at };
        let damaged = format!("{}{}{}", &text[..at], insert, &text[end..]);
        if let Ok(read) = StoredState::from_json(&damaged) {
            prop_assert!(read.check().is_ok());
        }
        let (salvaged, _) = salvage(&damaged);
        prop_assert!(StoredState::from_json(&salvaged.to_json()).is_ok());
    }
}
