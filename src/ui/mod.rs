//! Leptos components. Thin: they read signals and call model, format, sentences and charts.

mod cards;
mod charts;
mod cost;
mod download;
mod embed;
mod field;
mod link;
mod live;
mod market;
mod measured;
mod media;
mod notice;
mod panic;
mod ranges;
mod saved;
mod share;
mod sliders;
mod source;
mod storage;
mod table;
mod workload;

use leptos::prelude::*;

use crate::codec::storage::Saves;
use crate::codec::url::PageOptions;
use crate::codec::Notice;
use std::sync::Arc;

use crate::scenario::{Platform, PlatformId, Results, Scenario, Settings, MAX_PLATFORMS};

/// A removed platform, kept so the removal can be undone.
#[derive(Clone, Debug, PartialEq)]
pub struct Removed {
    pub index: usize,
    pub platform: Platform,
    pub was_baseline: bool,
}

/// The app's state, shared by context. Every field is a signal, so the struct is `Copy`.
///
/// What one platform's parts of the page read comes through the signals of its position (a
/// [`Place`] reads them, see [`ByPosition`]), not from `scenario` and `results` directly: a
/// reactive node keeps its subscribers in an ordered set whose removal is linear, and every
/// subscriber that re-runs removes itself and subscribes again, so a node read by every cell of
/// every platform costs the square of the page's size on each move. Through the per-position
/// signals a move re-runs only what reads the platform that moved (or, when the baseline
/// moves, every multiple), each among a few dozen subscribers.
#[derive(Clone, Copy)]
pub struct AppState {
    pub scenario: RwSignal<Scenario>,
    pub results: Memo<Arc<Results>>,
    /// The per-position signals, stored once: the state and every [`Place`] are copied into
    /// many closures, so they hold a handle, not the 48 signals.
    per_platform: StoredValue<ByPosition>,
    /// The platforms' ids, in order: every `<ForEnumerate>` over platforms iterates these and
    /// keys by them. Changes only when a platform is added, removed, put back or the scenario
    /// replaced, not when a number moves.
    ///
    /// This and the next two are signals set when they change (see [`ByPosition::new`] for
    /// why not memos): every label reads `names`, and as memos of the scenario each move woke
    /// all of them to check.
    pub ids: ReadSignal<Vec<PlatformId>>,
    /// Platform names and the baseline: labels follow these, not every change of a number.
    pub names: ReadSignal<Vec<String>>,
    pub baseline: ReadSignal<usize>,
    /// The page's settings: what reads only these is not woken when a platform moves.
    pub settings: ReadSignal<Settings>,
    /// Page-level problems with the link or stored data, one line each.
    pub notices: RwSignal<Vec<Notice>>,
    pub options: RwSignal<PageOptions>,
    pub removed: RwSignal<Option<Removed>>,
    /// The saved scenarios, as storage held them at this tab's last read or write.
    pub saved: RwSignal<Saves>,
}

impl AppState {
    pub fn new(
        scenario: Scenario,
        options: PageOptions,
        notices: Vec<Notice>,
        saved: Saves,
    ) -> Self {
        let scenario = RwSignal::new(scenario);
        // One copy of the scenario per change, shared by the per-position signals.
        let shared = Memo::new_owning(move |_| (Arc::new(scenario.get()), true));
        let results = Memo::new(move |_| Arc::new(scenario.with(Scenario::results)));
        let lists = PlatformLists::new(scenario);
        AppState {
            scenario,
            results,
            per_platform: ByPosition::new(shared, results),
            ids: lists.ids.read_only(),
            names: lists.names.read_only(),
            baseline: lists.baseline.read_only(),
            settings: lists.settings.read_only(),
            notices: RwSignal::new(notices),
            options: RwSignal::new(options),
            removed: RwSignal::new(None),
            saved: RwSignal::new(saved),
        }
    }

    pub fn is_embed(&self) -> bool {
        self.options.with_untracked(|o| o.embed)
    }

    /// Change one platform, wherever it is now, if it still exists.
    pub fn update_platform(&self, id: PlatformId, change: impl FnOnce(&mut Platform)) {
        self.scenario.update(|s| {
            if let Some(p) = s.platforms.iter_mut().find(|p| p.id() == id) {
                change(p);
            }
        });
    }

    /// The place of a platform's row in a `<ForEnumerate>` over [`AppState::ids`] keyed by id:
    /// `index` is the row's position, which the list keeps up to date as earlier rows come
    /// and go.
    pub fn place(&self, index: ReadSignal<usize>, id: PlatformId) -> Place {
        Place {
            id,
            index,
            scenario: self.scenario,
            names: self.names,
            per_platform: self.per_platform,
        }
    }

    /// A platform's name, for labels, numbered where several platforms share it; empty once it
    /// is gone.
    pub fn platform_name(&self, index: usize) -> String {
        self.names
            .with(|names| label_name(names, index, usize::MAX))
    }
}

/// The name that labels platform `index`: as typed (shortened to `max_chars`), with its number
/// (" #3") when several platforms share it, as the charts number them (a copy keeps the name it
/// was copied from).
pub(super) fn label_name(names: &[String], index: usize, max_chars: usize) -> String {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    crate::charts::labels::display_names(&names, max_chars)
        .get(index)
        .cloned()
        .unwrap_or_default()
}

/// The scenario's ids, names, baseline and settings, each set only when it changes.
struct PlatformLists {
    ids: RwSignal<Vec<PlatformId>>,
    names: RwSignal<Vec<String>>,
    baseline: RwSignal<usize>,
    settings: RwSignal<Settings>,
}

impl PlatformLists {
    fn new(scenario: RwSignal<Scenario>) -> Self {
        let ids_of = |s: &Scenario| s.platforms.iter().map(Platform::id).collect::<Vec<_>>();
        let names_of = |s: &Scenario| {
            s.platforms
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
        };
        // Compared in place: a slider move changes neither, and builds no list to find that.
        let same_ids = |old: &Vec<PlatformId>, s: &Scenario| {
            old.iter().copied().eq(s.platforms.iter().map(Platform::id))
        };
        let same_names = |old: &Vec<String>, s: &Scenario| {
            old.iter()
                .map(String::as_str)
                .eq(s.platforms.iter().map(|p| p.name.as_str()))
        };
        let lists = scenario.with_untracked(|s| PlatformLists {
            ids: RwSignal::new(ids_of(s)),
            names: RwSignal::new(names_of(s)),
            baseline: RwSignal::new(s.baseline),
            settings: RwSignal::new(s.settings),
        });
        let PlatformLists {
            ids,
            names,
            baseline,
            settings,
        } = lists;
        Effect::new(move |_| {
            scenario.with(|s| {
                if !ids.with_untracked(|old| same_ids(old, s)) {
                    ids.set(ids_of(s));
                }
                if !names.with_untracked(|old| same_names(old, s)) {
                    names.set(names_of(s));
                }
                set_if_changed(baseline, s.baseline);
                set_if_changed(settings, s.settings);
            })
        });
        lists
    }
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, new: T) {
    if signal.with_untracked(|old| *old != new) {
        signal.set(new);
    }
}

/// Per platform position, the whole scenario and the whole results (always the newest), each
/// announced only when what that position's readers see changed: for `scenarios`, that
/// platform, the page's settings, the baseline (which or its figures) or the number of
/// platforms; for `results`, that platform's figures, the baseline's or the number of
/// platforms; `own` and `own_results` leave the baseline out.
struct ByPosition {
    scenarios: [RwSignal<Arc<Scenario>>; MAX_PLATFORMS],
    /// Like `scenarios`, but blind to the baseline and the other platforms: what reads only
    /// the platform's own inputs (its number boxes and sliders, most of a card) is not woken
    /// when another platform moves. With 12 platforms, moving the baseline's slider woke every
    /// card's boxes, and their reruns (and resubscriptions) were a large part of the move.
    own: [RwSignal<Arc<Scenario>>; MAX_PLATFORMS],
    results: [RwSignal<Arc<Results>>; MAX_PLATFORMS],
    /// Like `results`, but blind to the baseline: for the platform's own figures (its values,
    /// not its multiples).
    own_results: [RwSignal<Arc<Results>>; MAX_PLATFORMS],
    /// The newest scenario and results, for a row made before the effect below has published
    /// them at its position.
    latest_scenario: Memo<Arc<Scenario>>,
    latest_results: Memo<Arc<Results>>,
}

impl ByPosition {
    /// Signals, not memos, set by one effect: a memo downstream of the scenario is marked (and
    /// marks everything that reads it, cloning each reader set) on every change, changed or
    /// not, and with four per position that walk was a large part of a move at 12 platforms.
    /// A signal that is not set wakes nobody.
    fn new(
        latest_scenario: Memo<Arc<Scenario>>,
        latest_results: Memo<Arc<Results>>,
    ) -> StoredValue<ByPosition> {
        let first_scenario = latest_scenario.get_untracked();
        let first_results = latest_results.get_untracked();
        let by_position = StoredValue::new(ByPosition {
            scenarios: std::array::from_fn(|_| RwSignal::new(Arc::clone(&first_scenario))),
            own: std::array::from_fn(|_| RwSignal::new(Arc::clone(&first_scenario))),
            results: std::array::from_fn(|_| RwSignal::new(Arc::clone(&first_results))),
            own_results: std::array::from_fn(|_| RwSignal::new(Arc::clone(&first_results))),
            latest_scenario,
            latest_results,
        });
        Effect::new(move |_| {
            let scenario = latest_scenario.get();
            let results = latest_results.get();
            by_position.with_value(|m| {
                for index in 0..MAX_PLATFORMS {
                    publish(m.scenarios[index], &scenario, |old, new| {
                        same_for_platform(old, new, index)
                    });
                    publish(m.own[index], &scenario, |old, new| {
                        same_platform(old, new, index)
                    });
                    publish(m.results[index], &results, |old, new| {
                        old.same_for_platform(new, index)
                    });
                    publish(m.own_results[index], &results, |old, new| {
                        old.same_own_figures(new, index)
                    });
                }
            });
        });
        by_position
    }
}

/// Put the newest state at a position, waking its readers only if `same` says what they read
/// changed. Always the newest data, so a reader that reruns for another reason finds it.
fn publish<T: Send + Sync + 'static>(
    slot: RwSignal<Arc<T>>,
    new: &Arc<T>,
    same: impl FnOnce(&T, &T) -> bool,
) {
    if slot.with_untracked(|old| same(old, new)) {
        slot.update_untracked(|old| *old = Arc::clone(new));
    } else {
        slot.set(Arc::clone(new));
    }
}

/// The scenario and the results both find a platform's position by its id.
trait Positions {
    fn position_of(&self, id: PlatformId) -> Option<usize>;
}

impl Positions for Scenario {
    fn position_of(&self, id: PlatformId) -> Option<usize> {
        self.position(id)
    }
}

impl Positions for Results {
    fn position_of(&self, id: PlatformId) -> Option<usize> {
        self.position(id)
    }
}

/// Read platform `id` in the state published at a position; a row made before that state was
/// published (it does not hold the platform yet) reads the newest state instead.
fn read_by_id<S: Positions + Send + Sync + 'static, T>(
    published: RwSignal<Arc<S>>,
    latest: Memo<Arc<S>>,
    id: PlatformId,
    read: impl FnOnce(&S, usize) -> Option<T>,
) -> Option<T> {
    let mut read = Some(read);
    let mut out = None;
    visit_by_id(published, latest, id, &mut |state, index| {
        if let Some(read) = read.take() {
            out = read(state, index);
        }
    });
    out
}

/// [`read_by_id`]'s work, compiled once per kind of state rather than once per reader (there
/// are dozens of readers, and each copy grew the wasm).
fn visit_by_id<S: Positions + Send + Sync + 'static>(
    published: RwSignal<Arc<S>>,
    latest: Memo<Arc<S>>,
    id: PlatformId,
    visit: &mut dyn FnMut(&S, usize),
) {
    match published.with(|s| s.position_of(id)) {
        Some(index) => published.with(|s| visit(s, index)),
        None => latest.with(|s| {
            if let Some(index) = s.position_of(id) {
                visit(s, index);
            }
        }),
    }
}

/// Whether what platform `index`'s parts read is the same in both scenarios.
fn same_for_platform(old: &Scenario, new: &Scenario, index: usize) -> bool {
    old.platforms.len() == new.platforms.len()
        && old.baseline == new.baseline
        && old.platforms.get(index) == new.platforms.get(index)
        // Multiples and sentences compare with the baseline.
        && old.platforms.get(old.baseline) == new.platforms.get(new.baseline)
        && old.settings == new.settings
}

/// Whether platform `index` and the page's settings are the same in both scenarios.
fn same_platform(old: &Scenario, new: &Scenario, index: usize) -> bool {
    old.platforms.get(index) == new.platforms.get(index) && old.settings == new.settings
}

/// One row per platform, in order, keyed by its id (see [`Place`]): `row` builds each from its
/// place. A callback returning any view, so every list shares one compiled keyed list.
#[component]
pub fn EachPlatform(#[prop(into)] row: Callback<Place, AnyView>) -> impl IntoView {
    let state = state();
    view! {
        <ForEnumerate
            each=move || state.ids.get()
            key=|id| *id
            children=move |index, id| row.run(state.place(index, id))
        />
    }
}

/// Where one platform's parts are on the page. They are keyed by the platform's id, not by its
/// position, so that when an earlier platform is removed they follow their platform (its open
/// panels, focus and half-typed text stay with it) and only their numbering changes.
#[derive(Clone, Copy)]
pub struct Place {
    pub id: PlatformId,
    /// The 0-based position, tracked: test ids, labels and swatches follow it, and reads go
    /// through the signals of this position. A signal that the keyed list sets when the row
    /// moves, not a memo of `ids`: what reads it is then never woken by a slider move (a memo
    /// downstream of the scenario marks every reader on every change, to be checked; with a
    /// memo here a move measured about 3 ms more at 12 platforms). Once the platform is gone it
    /// keeps its last value: its parts are about to go too.
    index: ReadSignal<usize>,
    scenario: RwSignal<Scenario>,
    names: ReadSignal<Vec<String>>,
    per_platform: StoredValue<ByPosition>,
}

impl Place {
    /// The 0-based position (tracked).
    pub fn index(self) -> usize {
        self.index.get()
    }

    /// Which position's signals to read (tracked; a position past the last is never shown).
    fn slot(self) -> usize {
        self.index().min(MAX_PLATFORMS - 1)
    }

    /// The 1-based number of test ids and labels (tracked).
    pub fn number(self) -> usize {
        self.index() + 1
    }

    /// `<stem>-<number>`, following the platform's number: a test id or an element id. One
    /// closure type serves every such attribute (each closure type in an attribute is compiled
    /// on its own, and the wasm grows with them).
    pub fn numbered(self, stem: &str) -> impl Fn() -> String + Clone + Send + Sync + 'static {
        let stem = stem.to_string();
        move || format!("{stem}-{}", self.number())
    }

    /// The style of the platform's colour swatch: the series of its position, as in the charts.
    pub fn swatch(self) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || format!("--swatch: var(--series-{})", self.index() % 8)
    }

    /// Read this platform's own figures in the results (not its multiples or anything else
    /// that compares it with the baseline), found by its id, woken only when they change.
    pub fn own_results<T>(self, read: impl FnOnce(&Results, usize) -> Option<T>) -> Option<T> {
        let (published, latest) = self
            .per_platform
            .with_value(|m| (m.own_results[self.slot()], m.latest_results));
        read_by_id(published, latest, self.id, read)
    }

    /// Read this platform's row of the results, found by its id, through the signal of its
    /// position (see [`AppState`]'s notes): the data is always found by id, the position only
    /// chooses which changes wake the reader.
    pub fn results<T>(self, read: impl FnOnce(&Results, usize) -> Option<T>) -> Option<T> {
        let (published, latest) = self
            .per_platform
            .with_value(|m| (m.results[self.slot()], m.latest_results));
        read_by_id(published, latest, self.id, read)
    }

    /// Read this platform in the scenario (with the scenario, for its settings), found by id.
    /// Woken only by a change of this platform or of the settings: `read` must not look at the
    /// other platforms (use [`Place::scenario`] for that).
    pub fn platform<T>(self, read: impl FnOnce(&Platform, &Scenario) -> Option<T>) -> Option<T> {
        self.own_scenario(|s, index| read(s.platforms.get(index)?, s))
    }

    /// Read the scenario at this platform's position, found by id, woken only by a change of
    /// this platform or of the settings: `read` must look at no other platform.
    pub fn own_scenario<T>(self, read: impl FnOnce(&Scenario, usize) -> Option<T>) -> Option<T> {
        let (published, latest) = self
            .per_platform
            .with_value(|m| (m.own[self.slot()], m.latest_scenario));
        read_by_id(published, latest, self.id, read)
    }

    /// Read the scenario at this platform's position, found by id.
    pub fn scenario<T>(self, read: impl FnOnce(&Scenario, usize) -> Option<T>) -> Option<T> {
        let (published, latest) = self
            .per_platform
            .with_value(|m| (m.scenarios[self.slot()], m.latest_scenario));
        read_by_id(published, latest, self.id, read)
    }

    /// The accessible name of one of this platform's controls: its visible label, then the
    /// platform's name ("Preset, NVIDIA HGX H200"), so that a screen reader tells one card's
    /// control from another's and the name still starts with what the eye reads.
    pub fn control_name(
        self,
        label: impl Into<String>,
    ) -> impl Fn() -> String + Clone + Send + Sync {
        let label: String = label.into();
        move || {
            let name = self
                .names
                .with(|names| label_name(names, self.index(), usize::MAX));
            format!("{label}, {name}")
        }
    }

    /// The position now, for an event handler: untracked, and `None` once the platform is gone
    /// (the handler then does nothing). Safe after the part that holds it was removed.
    pub fn now(self) -> Option<usize> {
        self.scenario
            .try_with_untracked(|s| s.position(self.id))
            .flatten()
    }
}

/// Run `action` once whatever `track` reads has rested for `delay` (debounced: a slider drag
/// runs it once, at the end). The first run only subscribes: the state it starts from is
/// already where `action` would put it.
pub fn after_changes(
    track: impl Fn() + 'static,
    delay: std::time::Duration,
    action: impl Fn() + Clone + 'static,
) {
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |previous: Option<()>| {
        track();
        if previous.is_none() {
            return;
        }
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        pending.set_value(set_timeout_with_handle(action.clone(), delay).ok());
    });
}

pub fn state() -> AppState {
    expect_context::<AppState>()
}

/// Install the panic hook and mount the app.
pub fn start() {
    panic::install_hook();
    leptos::mount::mount_to_body(App);
}

/// Lay out every section once, for one frame, so each off-screen section that the browser skips
/// (`content-visibility: auto` in main.css) keeps its real height as its placeholder
/// (`contain-intrinsic-block-size: auto`) instead of 320 px. Without it, the page below changed
/// height as its sections came into view while scrolling, and a click aimed at a button there
/// could land beside it (the copy-link button missed about one click in thirty in the
/// end-to-end tests).
fn measure_skipped_sections() {
    let Some(root) = document().document_element() else {
        return;
    };
    root.set_attribute("data-measure", "").ok();
    // The sizes are recorded when that frame is rendered; the attribute goes two frames later,
    // a frame of margin should the first be dropped.
    request_animation_frame(move || {
        request_animation_frame(move || {
            root.remove_attribute("data-measure").ok();
        });
    });
}

/// Renders its children once the page's first frame has been painted, so what lies below the
/// first screen does not hold up the first result: it was about half of the first render, most
/// of it the browser compiling its code on first call. Until then a placeholder marks the wait
/// (`data-deferred="pending"`, which the end-to-end tests wait for to go).
#[component]
fn AfterFirstPaint(children: ChildrenFn) -> impl IntoView {
    let painted = RwSignal::new(false);
    request_animation_frame(move || {
        // A task queued in a frame's callback runs after that frame is painted.
        set_timeout(
            move || {
                painted.set(true);
                request_animation_frame(measure_skipped_sections);
            },
            std::time::Duration::ZERO,
        );
    });
    // Cards are keyed by platform id: a card added, loaded, imported or reset is a new element
    // with no remembered size, so every change of the ids measures again.
    let ids = state().ids;
    Effect::new(move |previous: Option<()>| {
        ids.track();
        if previous.is_some() {
            request_animation_frame(measure_skipped_sections);
        }
    });
    move || {
        if painted.get() {
            // Untracked: a signal read while building must not make this block rebuild the
            // whole lower page when it changes.
            untrack(|| children()).into_any()
        } else {
            view! { <div data-deferred="pending"></div> }.into_any()
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let link = link::read_address_bar();
    // Embeds never touch storage; elsewhere a link's state wins over the stored one.
    let stored = if link.options.embed {
        None
    } else {
        Some(storage::read())
    };
    let (saves, last, mut notices) = stored
        .map(|s| (s.saves, s.last, s.notices))
        .unwrap_or_default();
    let scenario = match (last, link.has_state) {
        (Some(last), false) => last,
        _ => link.scenario,
    };
    notices.extend(link.notices);
    let state = AppState::new(scenario, link.options, notices, saves);
    provide_context(state);
    media::apply_theme(state.options.with_untracked(|o| o.theme));
    link::keep_address_bar_current(state);
    storage::keep_last_scenario(state);

    if state.is_embed() {
        return embed::EmbedView().into_any();
    }
    let headline = move || {
        state
            .scenario
            .with(|s| state.results.with(|r| crate::sentences::headline(s, r)))
    };
    let reset = move |_: leptos::ev::MouseEvent| {
        state.scenario.set(Scenario::default());
        state.notices.set(Vec::new());
        state.removed.set(None);
    };

    view! {
        <a class="skip-link" href="#results">"Skip to the results"</a>
        <header class="page-header">
            <div>
                <h1>"Cost per token"</h1>
                <p class="tagline">
                    "Judge AI infrastructure by what it produces (cost per token, tokens per watt), "
                    "not by what it costs per hour or its peak FLOPS."
                </p>
            </div>
            <button type="button" class="secondary" data-testid="reset" on:click=reset>
                "Reset to the default"
            </button>
        </header>
        <main>
            <notice::NoticePanel />
            <p class="headline" data-testid="headline" aria-live="polite">{headline}</p>
            <live::LiveSummary />
            <div class="layout">
                <section class="inputs" aria-labelledby="inputs-title">
                    <h2 id="inputs-title">"Platforms"</h2>
                    <cards::Cards />
                    <cost::PageSettings />
                    <workload::WorkloadSettings />
                </section>
                <section class="outputs" id="results" aria-labelledby="results-title" tabindex="-1">
                    <h2 id="results-title">"Results"</h2>
                    <table::ResultsTable />
                    <AfterFirstPaint>
                        <ranges::RangesPanel />
                        <charts::Charts />
                        <cost::CostTables />
                        <workload::ThroughputTables />
                        <market::MarketPanel />
                        <market::LogsPanel />
                        <table::Working />
                        <source::SourcePanel />
                        <share::SharePanel />
                    </AfterFirstPaint>
                </section>
            </div>
        </main>
        <footer class="page-footer">
            <p>
                "Runs entirely in your browser; nothing you enter leaves it. "
                "Cost per million tokens = cost per GPU-hour / (tokens per second x 3,600) x 1,000,000."
            </p>
        </footer>
    }
    .into_any()
}
