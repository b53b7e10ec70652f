//! Named saved scenarios: save, load, rename and delete; every open tab follows the others;
//! a backup file of every saved scenario, imported back by name with a question before a name
//! is replaced.

use leptos::prelude::*;

use super::{download, state, storage as browser};
use crate::codec::json;
use crate::codec::storage::{self, Incoming, SaveOutcome, Saves, StorageError, StoreError};
use crate::codec::Notice;

/// The saved scenario open in this tab: the one last saved or loaded here.
#[derive(Clone, Debug, PartialEq)]
struct Open {
    id: String,
    name: String,
}

/// A backup file being imported: the names still to ask about, and what was done so far.
#[derive(Clone, Debug, Default)]
struct PendingImport {
    file: String,
    ask: Vec<Incoming>,
    added: usize,
    replaced: usize,
    kept: usize,
    /// Entries of the file that did not read.
    skipped: Vec<Notice>,
    /// Storage refused a write: the import stopped there.
    failed: Option<StorageError>,
}

fn sentence(text: &str) -> String {
    crate::format::capitalise(text) + "."
}

/// The message for an operation that did not happen: what, why, and what to do.
fn not_done(what: &str, error: &StorageError) -> String {
    match error {
        StorageError::Store(store @ StoreError::Full) => format!(
            "{what}: {store}. Delete a saved scenario you no longer need, or keep your work in a \
             file with Export JSON; nothing stored before was changed."
        ),
        StorageError::Store(store @ StoreError::Refused) => format!(
            "{what}: {store}. Keep your work in a file with Export JSON; nothing stored before \
             was changed."
        ),
        other => sentence(&other.to_string()),
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// One line on what an import did.
fn import_summary(p: &PendingImport) -> Result<String, String> {
    let mut parts = vec![format!("{} added", p.added)];
    if p.replaced > 0 {
        parts.push(format!("{} replaced", p.replaced));
    }
    if p.kept > 0 {
        parts.push(format!("{} kept as saved here", p.kept));
    }
    let mut text = format!("{}: {}.", p.file, parts.join(", "));
    for skipped in &p.skipped {
        text.push(' ');
        text.push_str(&sentence(&skipped.message));
    }
    match &p.failed {
        Some(e) => Err(format!(
            "{text} {}",
            not_done("The rest was not imported", e)
        )),
        None => Ok(text),
    }
}

#[component]
pub fn SavedScenarios() -> impl IntoView {
    let state = state();
    let name = RwSignal::new(String::new());
    // Next to the save button: what the last save, load, rename or delete did.
    let message = RwSignal::new(None::<Result<String, String>>);
    let persist_note = RwSignal::new(None::<String>);
    // Next to one entry: why its rename or delete did not happen. (id, text)
    let entry_error = RwSignal::new(None::<(String, String)>);
    // (id, the new name being typed)
    let renaming = RwSignal::new(None::<(String, String)>);
    let open = RwSignal::new(None::<Open>);
    let backup_message = RwSignal::new(None::<Result<String, String>>);
    let pending = RwSignal::new(None::<PendingImport>);
    let keep_button = NodeRef::<leptos::html::Button>::new();
    let import_input = NodeRef::<leptos::html::Input>::new();

    // Another tab saved, renamed or deleted: show the list as storage holds it now, and say so
    // when the scenario open here was renamed or deleted there.
    let refresh = move || {
        let Some(saves) = browser::read_saves() else {
            return;
        };
        if let Some(current) = open.get_untracked() {
            match saves.get(&current.id) {
                None => {
                    state.notices.update(|n| {
                        n.push(Notice::new(
                            "saved",
                            format!(
                                "\"{}\", open in this tab, was deleted in another tab; what is on \
                                 screen is unchanged: save it to keep it",
                                current.name
                            ),
                        ))
                    });
                    open.set(None);
                }
                Some(entry) if entry.name != current.name => {
                    state.notices.update(|n| {
                        n.push(Notice::new(
                            "saved",
                            format!(
                                "\"{}\", open in this tab, was renamed to \"{}\" in another tab",
                                current.name, entry.name
                            ),
                        ))
                    });
                    open.set(Some(Open {
                        id: current.id,
                        name: entry.name.clone(),
                    }));
                }
                Some(_) => {}
            }
        }
        let renamed_entry_gone =
            renaming.with_untracked(|r| r.as_ref().is_some_and(|(id, _)| saves.get(id).is_none()));
        if renamed_entry_gone {
            renaming.set(None);
        }
        state.saved.set(saves);
    };
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        if ev
            .key()
            .is_none_or(|key| key.starts_with(storage::SAVED_KEY_PREFIX))
        {
            refresh();
        }
    });

    let ask_to_persist = move || {
        leptos::task::spawn_local(async move {
            let note = match browser::ask_to_persist().await {
                Some(true) => {
                    "The browser agreed to keep this page's saved scenarios, even when \
                               space runs low."
                }
                Some(false) => {
                    "The browser did not promise to keep this page's data: it may \
                                clear it when space runs low. Export all keeps a copy in a file."
                }
                None => {
                    "This browser cannot be asked to keep this page's data: Export all \
                         keeps a copy in a file."
                }
            };
            persist_note.set(Some(note.to_string()));
        });
    };

    let save = move || {
        let scenario = state.scenario.get_untracked();
        let wanted = name.get_untracked();
        let shown = wanted.trim().to_string();
        let was_empty = state.saved.with_untracked(Saves::is_empty);
        let result = browser::with_store(|store, lasting| {
            storage::save(
                store,
                &wanted,
                scenario,
                &browser::now_iso(),
                browser::now_ms(),
                &browser::fresh_id(),
            )
            .map(|done| (done, lasting))
        });
        match result {
            Ok(((outcome, saves), lasting)) => {
                if let Some(entry) = saves.find(&shown) {
                    open.set(Some(Open {
                        id: entry.id.clone(),
                        name: entry.name.clone(),
                    }));
                }
                state.saved.set(saves);
                name.set(String::new());
                if !lasting {
                    message.set(Some(Err(format!(
                        "The browser does not allow storage here: \"{shown}\" is kept for this \
                         visit only. Keep it in a file with Export JSON."
                    ))));
                    return;
                }
                message.set(Some(Ok(match outcome {
                    SaveOutcome::Added => format!("Saved \"{shown}\"."),
                    SaveOutcome::Replaced => {
                        format!("Saved \"{shown}\" in place of the earlier one.")
                    }
                })));
                if was_empty && outcome == SaveOutcome::Added {
                    ask_to_persist();
                }
            }
            Err(e) => message.set(Some(Err(not_done(
                &format!("\"{shown}\" was not saved"),
                &e,
            )))),
        }
    };

    let load = move |id: String| {
        if let Some(saves) = browser::read_saves() {
            state.saved.set(saves);
        }
        match state.saved.with_untracked(|s| s.get(&id).cloned()) {
            Some(entry) => {
                state.scenario.set(entry.scenario);
                state.removed.set(None);
                message.set(Some(Ok(format!("Loaded \"{}\".", entry.name))));
                open.set(Some(Open {
                    id: entry.id,
                    name: entry.name,
                }));
            }
            None => message.set(Some(Err(sentence(&StorageError::Gone.to_string())))),
        }
    };

    let commit_rename = move || {
        let Some((id, to)) = renaming.get_untracked() else {
            return;
        };
        match browser::with_store(|store, _| storage::rename(store, &id, &to)) {
            Ok(saves) => {
                renaming.set(None);
                entry_error.set(None);
                if let Some(entry) = saves.get(&id) {
                    open.update(|o| {
                        if let Some(o) = o.as_mut().filter(|o| o.id == id) {
                            o.name = entry.name.clone();
                        }
                    });
                }
                state.saved.set(saves);
                message.set(Some(Ok(format!("Renamed to \"{}\".", to.trim()))));
            }
            Err(StorageError::Gone) => {
                renaming.set(None);
                refresh();
                message.set(Some(Err(sentence(&StorageError::Gone.to_string()))));
            }
            Err(e) => entry_error.set(Some((id, not_done("The new name was not saved", &e)))),
        }
    };

    let delete = move |id: String, shown: String| match browser::with_store(|store, _| {
        storage::delete(store, &id)
    }) {
        Ok(saves) => {
            entry_error.set(None);
            if open.with_untracked(|o| o.as_ref().is_some_and(|o| o.id == id)) {
                open.set(None);
            }
            state.saved.set(saves);
            message.set(Some(Ok(format!("Deleted \"{shown}\"."))));
        }
        Err(e) => entry_error.set(Some((
            id,
            not_done(&format!("\"{shown}\" was not deleted"), &e),
        ))),
    };

    let export_all = move |_: leptos::ev::MouseEvent| {
        let saves = browser::read_saves().unwrap_or_else(|| state.saved.get_untracked());
        if saves.is_empty() {
            backup_message.set(Some(Err("There is no saved scenario to export.".into())));
            return;
        }
        download::text_file(
            storage::BACKUP_FILE_NAME,
            json::MIME_TYPE,
            &storage::export_saves(&saves),
        );
        backup_message.set(Some(Ok(format!(
            "Exported {} to {}.",
            plural(saves.len(), "saved scenario"),
            storage::BACKUP_FILE_NAME
        ))));
    };

    let save_incoming = move |item: &Incoming| -> Result<(), StorageError> {
        let (_, saves) = browser::with_store(|store, _| {
            storage::save(
                store,
                &item.name,
                item.scenario.clone(),
                &item.saved_at,
                browser::now_ms(),
                &browser::fresh_id(),
            )
        })?;
        state.saved.set(saves);
        Ok(())
    };
    // Ask about the next name, or say what the import did.
    let go_on = move |p: PendingImport| {
        if p.failed.is_some() || p.ask.is_empty() {
            backup_message.set(Some(import_summary(&p)));
            let was_asking = pending.with_untracked(Option::is_some);
            pending.set(None);
            // The question is gone: the focus goes back to where the import started.
            if was_asking {
                if let Some(input) = import_input.get_untracked() {
                    let _ = input.focus();
                }
            }
        } else {
            backup_message.set(None);
            pending.set(Some(p));
        }
    };
    let decide = move |replace: bool| {
        let Some(mut p) = pending.get_untracked() else {
            return;
        };
        if p.ask.is_empty() {
            return;
        }
        let item = p.ask.remove(0);
        if replace {
            match save_incoming(&item) {
                Ok(()) => p.replaced += 1,
                Err(e) => p.failed = Some(e),
            }
        } else {
            p.kept += 1;
        }
        go_on(p);
    };
    let import_saved = move |ev: leptos::ev::Event| {
        download::read_picked_file(&ev, move |file_name, text| {
            let Some(text) = text else {
                backup_message.set(Some(Err(format!(
                    "{file_name}: the file could not be read."
                ))));
                return;
            };
            let (incoming, skipped) = match storage::import_saves(&text) {
                Ok(read) => read,
                Err(e) => {
                    backup_message.set(Some(Err(format!("{file_name} was not imported: {e}."))));
                    return;
                }
            };
            // Merge into what storage holds now, not this tab's copy.
            let current = browser::read_saves().unwrap_or_else(|| state.saved.get_untracked());
            state.saved.set(current.clone());
            let (ask, free): (Vec<Incoming>, Vec<Incoming>) = incoming
                .into_iter()
                .partition(|item| current.find(&item.name).is_some());
            let mut p = PendingImport {
                file: file_name,
                ask,
                skipped,
                ..PendingImport::default()
            };
            for item in &free {
                match save_incoming(item) {
                    Ok(()) => p.added += 1,
                    Err(e) => {
                        p.failed = Some(e);
                        break;
                    }
                }
            }
            go_on(p);
        });
    };
    // The question takes the focus, on its safe answer.
    Effect::new(move |_| {
        if let Some(button) = keep_button.get() {
            let _ = button.focus();
        }
    });

    let list = move || {
        state.saved.with(|saves| {
            saves
                .entries
                .iter()
                .map(|saved| {
                    let id = saved.id.clone();
                    let entry = saved.name.clone();
                    let rename_label = format!("New name for {entry}");
                    let load_id = format!("load-{entry}");
                    let delete_id = format!("delete-{entry}");
                    let is_renaming = {
                        let id = id.clone();
                        move || renaming.with(|r| r.as_ref().is_some_and(|(from, _)| *from == id))
                    };
                    let error = {
                        let id = id.clone();
                        move || {
                            entry_error.with(|e| {
                                e.as_ref().filter(|(at, _)| *at == id).map(|(_, text)| text.clone())
                            })
                        }
                    };
                    let saved_at = saved.saved_at.chars().take(10).collect::<String>();
                    let (load_with, rename_with, delete_with) = (id.clone(), id.clone(), id.clone());
                    let (rename_name, delete_name) = (entry.clone(), entry.clone());
                    view! {
                        <li>
                            <Show
                                when=is_renaming
                                fallback={
                                    let entry = entry.clone();
                                    let saved_at = saved_at.clone();
                                    move || view! { <span class="saved-name">{entry.clone()}</span> <span class="hint">{saved_at.clone()}</span> }
                                }
                            >
                                <input
                                    type="text"
                                    aria-label=rename_label.clone()
                                    data-testid="rename-input"
                                    maxlength="60"
                                    prop:value=move || renaming.with(|r| r.as_ref().map(|(_, to)| to.clone()).unwrap_or_default())
                                    on:input=move |ev| {
                                        let to = event_target_value(&ev);
                                        renaming.update(|r| {
                                            if let Some((_, current)) = r {
                                                *current = to;
                                            }
                                        });
                                    }
                                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                        if ev.key() == "Enter" {
                                            commit_rename();
                                        }
                                    }
                                />
                                <button type="button" class="secondary" on:click=move |_| commit_rename()>"Save name"</button>
                            </Show>
                            <button
                                type="button"
                                class="secondary"
                                data-testid=load_id
                                on:click=move |_| load(load_with.clone())
                            >
                                "Load"
                            </button>
                            <button
                                type="button"
                                class="secondary"
                                on:click=move |_| renaming.set(Some((rename_with.clone(), rename_name.clone())))
                            >
                                "Rename"
                            </button>
                            <button
                                type="button"
                                class="secondary"
                                data-testid=delete_id
                                on:click=move |_| delete(delete_with.clone(), delete_name.clone())
                            >
                                "Delete"
                            </button>
                            {move || error().map(|text| view! { <p class="field-error entry-error" role="alert" data-testid="entry-error">{text}</p> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let question = move || {
        pending
            .with(|p| {
                p.as_ref()
                    .and_then(|p| p.ask.first().map(|item| (item.name.clone(), p.ask.len(), p.file.clone())))
            })
            .map(|(conflict, left, file)| {
                let more = if left > 1 {
                    format!(" ({left} names to decide)")
                } else {
                    String::new()
                };
                view! {
                    <div
                        class="import-confirm"
                        role="alertdialog"
                        aria-labelledby="import-confirm-text"
                        data-testid="import-confirm"
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Escape" {
                                decide(false);
                            }
                        }
                    >
                        <p id="import-confirm-text">
                            {format!(
                                "{file}: a saved scenario is already called \"{conflict}\". Replace it with the one from the file?{more}"
                            )}
                        </p>
                        <div class="share-actions">
                            <button type="button" data-testid="import-replace" on:click=move |_| decide(true)>
                                "Replace it"
                            </button>
                            <button
                                type="button"
                                class="secondary"
                                data-testid="import-keep"
                                node_ref=keep_button
                                on:click=move |_| decide(false)
                            >
                                "Keep the saved one"
                            </button>
                        </div>
                    </div>
                }
            })
    };

    view! {
        <div class="saved">
            <h3>"Saved scenarios"</h3>
            <form
                class="save-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
            >
                <label class="inline">
                    "Name"
                    <input
                        type="text"
                        data-testid="save-name"
                        maxlength="60"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" data-testid="save-scenario">"Save this scenario"</button>
            </form>
            {move || {
                message
                    .get()
                    .map(|m| match m {
                        Ok(text) => view! { <p class="status" role="status" data-testid="saved-status">{text}</p> }.into_any(),
                        Err(text) => view! { <p class="field-error" role="alert" data-testid="saved-error">{text}</p> }.into_any(),
                    })
            }}
            {move || persist_note.get().map(|text| view! { <p class="hint" role="status" data-testid="persist-status">{text}</p> })}
            <ul class="saved-list" data-testid="saved-list">{list}</ul>
            <div class="share-actions saved-backup">
                <button type="button" class="secondary" data-testid="export-saved" on:click=export_all>
                    "Export all"
                </button>
                <label class="button-like secondary">
                    "Import saved"
                    <input
                        type="file"
                        accept=".json,application/json"
                        data-testid="import-saved"
                        node_ref=import_input
                        class="visually-hidden"
                        on:change=import_saved
                    />
                </label>
            </div>
            {question}
            {move || {
                backup_message
                    .get()
                    .map(|m| match m {
                        Ok(text) => view! { <p class="status" role="status" data-testid="backup-status">{text}</p> }.into_any(),
                        Err(text) => view! { <p class="field-error" role="alert" data-testid="backup-error">{text}</p> }.into_any(),
                    })
            }}
        </div>
    }
}
