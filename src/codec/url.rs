//! The link format, version 1 (the README's link table): Scenario <-> URL query string.
//!
//! Reading never fails: every problem becomes a [`Notice`] naming its key, that field alone
//! falls back to its default, and the rest of the link still applies.

use super::points::{decode_curve, encode_points};
use super::ranges::{PAGE_RANGE_KEYS, RANGE_KEYS};
use super::sorted_map::SortedMap;
use super::{quoted, Notice};
use crate::catalogue::PresetId;
use crate::format;
use crate::model::cost::PowerBasis;
use crate::scenario::measured::{MeasuredPrecision, PriceTier, WorkloadId};
use crate::scenario::{
    power_basis_from_key, power_basis_key, CostMode, Field, Group, Platform, Precision, Scenario,
    MAX_NAME_CHARS, MAX_PLATFORMS,
};

/// The link format version this code writes.
pub const VERSION: &str = "1";

/// What a view shows besides the scenario: page options that travel in the link.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// `embed=1`: the compact view for an iframe.
    pub embed: bool,
    /// `view=table,chart`: the parts an embed shows; empty means the embed's default.
    pub view: Vec<String>,
    /// `theme=light|dark|auto`: the colour scheme, so an embed can match its host page.
    pub theme: Theme,
}

/// The parts an embed can show (`view=`).
pub const VIEW_PARTS: [&str; 8] = [
    "table", "chart", "cards", "headline", "sliders", "ranges", "tornado", "market",
];

/// The colour scheme the page uses: the system's (`auto`) or a fixed one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    pub const fn key(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_key(key: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// A link read into a scenario, its page options and the problems found.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedLink {
    pub scenario: Scenario,
    /// True when the link names any part of a scenario (a platform, the baseline or a page
    /// setting): then it wins over stored state.
    pub has_state: bool,
    pub options: PageOptions,
    pub notices: Vec<Notice>,
}

/// Split a key like `tps12` into (`tps`, 12). Keys without a trailing number give `None`.
fn split_indexed(key: &str) -> Option<(&str, usize)> {
    let digits_at = key.find(|c: char| c.is_ascii_digit())?;
    let (base, digits) = key.split_at(digits_at);
    if base.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 6 {
        return None;
    }
    digits.parse().ok().map(|i| (base, i))
}

/// The per-platform keys that are not numbers of the fields table (each takes the platform's
/// index as a suffix, like every per-platform key).
const PLATFORM_TEXT_KEYS: [&str; 8] = [
    "name", "preset", "prec", "mode", "power", "curve", "wprec", "tier",
];

/// A per-platform key (without its index): one of the text keys above, a per-platform row of
/// the fields table, or a range end (`usd_hr_lo`).
fn platform_key(name: &str) -> Option<&'static str> {
    PLATFORM_TEXT_KEYS
        .iter()
        .copied()
        .find(|k| *k == name)
        .or_else(|| {
            Field::per_platform()
                .find(|f| f.key() == name)
                .map(Field::key)
        })
        .or_else(|| RANGE_KEYS.iter().copied().find(|k| *k == name))
}

/// Keys that once set the decode ceiling's set-up for the whole page (`batch=128`); a link
/// still may, for every platform that does not name its own (`batch2=16`).
const LEGACY_PAGE_KEYS: [&str; 5] = ["gpus", "batch", "ctx", "mtp", "m_bytes"];

fn is_tracking_key(key: &str) -> bool {
    key.starts_with("utm_") || key == "fbclid" || key == "ref" || key == "gclid"
}

/// The default platform at a 1-based link index: the default scenario's platform there, or its
/// last one beyond.
fn default_platform(index: usize) -> Platform {
    let defaults = Scenario::default().platforms;
    let at = index.saturating_sub(1).min(defaults.len() - 1);
    defaults
        .get(at)
        .cloned()
        .unwrap_or_else(|| Platform::from_preset(PresetId::H200))
}

/// What a platform at link index `index` starts from before its keys apply: its catalogue
/// entry, or (a platform the link names without a preset holds explicit figures, not a catalogue
/// entry) the default platform there. Reading and writing share it, so a written link reads back
/// the same.
fn link_base(index: usize, preset: Option<PresetId>) -> Platform {
    match preset {
        Some(id) => Platform::from_preset(id),
        None => Platform {
            preset: None,
            ..default_platform(index)
        },
    }
}

/// Read a query string (with or without the leading `?`).
pub fn decode(query: &str) -> DecodedLink {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut notices = Vec::new();
    let mut options = PageOptions::default();
    // index -> key -> value; kept in index order for renumbering.
    let mut platforms: SortedMap<usize, SortedMap<&'static str, String>> = SortedMap::new();
    let mut base: Option<String> = None;
    let mut page_settings: Vec<(String, String)> = Vec::new();
    let mut page_ranges: SortedMap<&'static str, String> = SortedMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut legacy: Vec<(String, String)> = Vec::new();
    let mut workload: Option<String> = None;

    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let key = key.into_owned();
        let value = value.into_owned();
        if key.is_empty() || is_tracking_key(&key) {
            continue;
        }
        if !seen.insert(key.clone()) {
            notices.push(Notice::new(&key, "given twice; the last one is used"));
        }
        match key.as_str() {
            "v" => {
                if value != VERSION {
                    notices.push(Notice::new(
                        "v",
                        format!("version {} is not known; read as version 1", quoted(&value)),
                    ));
                }
            }
            "base" => base = Some(value),
            "wl" => workload = Some(value),
            _ if LEGACY_PAGE_KEYS.contains(&key.as_str()) => legacy.push((key, value)),
            _ if Field::page_settings().any(|f| f.key() == key) => {
                page_settings.push((key, value));
            }
            _ if PAGE_RANGE_KEYS.contains(&key.as_str()) => {
                if let Some(known) = PAGE_RANGE_KEYS.iter().find(|k| **k == key) {
                    page_ranges.insert(known, value);
                }
            }
            "embed" => match value.as_str() {
                "1" | "true" => options.embed = true,
                "0" | "false" => options.embed = false,
                _ => notices.push(Notice::new(
                    "embed",
                    format!("{} is not 0 or 1", quoted(&value)),
                )),
            },
            "theme" => match Theme::from_key(&value) {
                Some(theme) => options.theme = theme,
                None => notices.push(Notice::new(
                    "theme",
                    format!("{} is not light, dark or auto", quoted(&value)),
                )),
            },
            "view" => {
                options.view.clear();
                for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    if VIEW_PARTS.contains(&part) {
                        if !options.view.iter().any(|v| v == part) {
                            options.view.push(part.to_string());
                        }
                    } else {
                        notices.push(Notice::new(
                            "view",
                            format!("{} is not one of {}", quoted(part), VIEW_PARTS.join(", ")),
                        ));
                    }
                }
            }
            _ => match split_indexed(&key) {
                Some((name, index)) if platform_key(name).is_some() => {
                    if index == 0 || index > MAX_PLATFORMS {
                        notices.push(Notice::new(
                            &key,
                            format!("platforms are numbered 1 to {MAX_PLATFORMS}; ignored"),
                        ));
                    } else if let Some(known) = platform_key(name) {
                        platforms
                            .get_or_insert_with(index, SortedMap::new)
                            .insert(known, value);
                    }
                }
                _ => notices.push(Notice::new(&key, "unknown key, ignored")),
            },
        }
    }

    // A page-wide set-up key is written into every platform that does not name its own.
    let mut valid_legacy: Vec<(&'static str, String)> = Vec::new();
    for (key, value) in &legacy {
        if let Some(field) = Field::from_key(key) {
            match read_number(field, key, value) {
                Ok(_) => valid_legacy.push((field.key(), value.clone())),
                Err(notice) => notices.push(notice),
            }
        }
    }
    for keys in platforms.values_mut() {
        for (key, value) in &valid_legacy {
            keys.get_or_insert_with(key, || value.clone());
        }
    }
    let legacy_only = platforms.is_empty() && !valid_legacy.is_empty();
    if legacy_only {
        // A link of only page-wide keys means the default platforms with that set-up.
        for (position, default) in Scenario::default().platforms.iter().enumerate() {
            let keys = platforms.get_or_insert_with(position + 1, SortedMap::new);
            if let Some(id) = default.preset {
                keys.insert("preset", id.key().to_string());
            }
            for (key, value) in &valid_legacy {
                keys.insert(key, value.clone());
            }
        }
    }
    let workload = workload.and_then(|value| match WorkloadId::from_id(&value) {
        Some(w) => Some(w),
        None if value.is_empty() => None,
        None => {
            notices.push(Notice::new(
                "wl",
                format!(
                    "{} is not a measured workload ({}); the seed table's figures are used",
                    quoted(&value),
                    WorkloadId::all()
                        .map(WorkloadId::id)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            None
        }
    });
    let mut scenario = Scenario {
        platforms: platforms
            .iter()
            .map(|(index, keys)| read_platform(*index, keys, workload.is_some(), &mut notices))
            .collect(),
        baseline: 0,
        settings: Default::default(),
    };
    if scenario.platforms.is_empty() {
        scenario = Scenario::default();
    }
    scenario.settings.workload = workload;
    // A measurement precision the platform lacks on this workload falls back to its default.
    for (position, platform) in scenario.platforms.iter_mut().enumerate() {
        let (Some(wprec), Some(preset)) = (platform.wprec, platform.preset) else {
            continue;
        };
        let workload = workload.map_or(crate::catalogue::CURVE_WORKLOAD, WorkloadId::id);
        if crate::catalogue::measured::frontier(preset.key(), workload, wprec).is_none() {
            let index = platforms
                .keys()
                .nth(position)
                .copied()
                .unwrap_or(position + 1);
            notices.push(Notice::new(
                format!("wprec{index}"),
                format!(
                    "{} has no {} measurement of this workload; its default is used",
                    platform.name,
                    wprec.label()
                ),
            ));
            platform.wprec = None;
        }
    }
    for (key, value) in &page_settings {
        if let Some(field) = Field::page_settings().find(|f| f.key() == key) {
            match read_number(field, key, value) {
                Ok(v) => field.set(&mut scenario, 0, v),
                Err(notice) => notices.push(notice),
            }
        }
    }
    let mut problems = Vec::new();
    super::ranges::read_page(&mut scenario.settings, &page_ranges, &mut problems);
    notices.extend(problems.into_iter().map(|(k, m)| Notice::new(k, m)));
    let base_given = base.is_some();
    if let Some(value) = base {
        // `base` names a link index; after renumbering it is the position of that index.
        let position = value.parse::<usize>().ok().and_then(|i| {
            platforms.keys().position(|k| *k == i).or(
                // A link naming no platform uses the default scenario, numbered 1..n.
                (platforms.is_empty() && i >= 1 && i <= scenario.platforms.len()).then(|| i - 1),
            )
        });
        match position {
            Some(p) => scenario.baseline = p,
            None => notices.push(Notice::new(
                "base",
                format!(
                    "{} is not a platform of this link; platform 1 is the baseline",
                    quoted(&value)
                ),
            )),
        }
    }
    scenario.normalise();
    let has_state =
        !platforms.is_empty() || !page_settings.is_empty() || !page_ranges.is_empty() || base_given;
    DecodedLink {
        scenario,
        has_state,
        options,
        notices,
    }
}

fn read_platform(
    index: usize,
    keys: &SortedMap<&'static str, String>,
    workload_given: bool,
    notices: &mut Vec<Notice>,
) -> Platform {
    let key = |name: &str| format!("{name}{index}");
    let mut platform = link_base(index, None);
    if let Some(value) = keys.get("preset") {
        match PresetId::from_key(value) {
            Some(id) => platform = link_base(index, Some(id)),
            None => notices.push(Notice::new(
                key("preset"),
                format!("{} is not in the catalogue", quoted(value)),
            )),
        }
    }
    if let Some(value) = keys.get("name") {
        let (name, cut) = Platform::clean_name(value);
        if cut {
            notices.push(Notice::new(
                key("name"),
                format!("cut to {MAX_NAME_CHARS} characters"),
            ));
        }
        if name.is_empty() {
            notices.push(Notice::new(
                key("name"),
                "is empty; the default name is used",
            ));
        } else {
            platform.name = name;
        }
    }
    if let Some(value) = keys.get("prec") {
        match Precision::from_key(value) {
            Some(p) => platform.precision = p,
            None => notices.push(Notice::new(
                key("prec"),
                format!(
                    "{} is not one of {}",
                    quoted(value),
                    Precision::ALL.map(Precision::key).join(", ")
                ),
            )),
        }
    }
    if let Some(value) = keys.get("mode") {
        match CostMode::from_key(value) {
            Some(mode) => platform.cost_mode = mode,
            None => notices.push(Notice::new(
                key("mode"),
                format!("{} is not rent or own", quoted(value)),
            )),
        }
    }
    if let Some(value) = keys.get("power") {
        match power_basis_from_key(value) {
            Some(basis) => platform.power_basis = basis,
            None => notices.push(Notice::new(
                key("power"),
                format!("{} is not all-in or it", quoted(value)),
            )),
        }
    }
    if let Some(value) = keys.get("curve") {
        if value.trim().is_empty() {
            platform.curve = None;
        } else {
            match decode_curve(value) {
                Ok(curve) => platform.curve = Some(curve),
                Err(e) => notices.push(Notice::new(key("curve"), e.to_string())),
            }
        }
    }
    for field in Field::per_platform() {
        let Some(value) = keys.get(field.key()) else {
            continue;
        };
        match read_number(field, &key(field.key()), value) {
            Ok(value) => field.set_platform(&mut platform, value),
            Err(notice) => notices.push(notice),
        }
    }
    // A throughput in the link is the user's own, unless it is the seed figure of a link
    // without a workload (every link of the seed view writes it).
    platform.tps_custom = platform.preset.is_some()
        && platform.tps.is_some()
        && keys.get("tps").is_some_and(|v| !v.trim().is_empty())
        && (workload_given || platform.tps != platform.seed_tps());
    if let Some(value) = keys.get("wprec") {
        match MeasuredPrecision::from_id(value) {
            Some(p) => platform.wprec = Some(p),
            None => notices.push(Notice::new(
                key("wprec"),
                format!("{} is not fp4 or fp8", quoted(value)),
            )),
        }
    }
    if let Some(value) = keys.get("tier") {
        read_tier(&mut platform, value, &key("tier"), notices);
    }
    let mut problems = Vec::new();
    super::ranges::read(&mut platform, index, keys, &mut problems);
    notices.extend(
        problems
            .into_iter()
            .map(|(key, message)| Notice::new(key, message)),
    );
    platform
}

/// `tier<i>`: a tier of the catalogue's prices (its price replaces `usd_hr`), `seed` (the seed
/// table's price) or `custom` (the link's `usd_hr`).
fn read_tier(platform: &mut Platform, value: &str, key: &str, notices: &mut Vec<Notice>) {
    match value {
        "custom" => platform.tier = None,
        "seed" => match platform.seed_price() {
            Some(price) => {
                platform.tier = None;
                platform.usd_hr = price;
            }
            None => notices.push(Notice::new(
                key,
                format!(
                    "{} has no seed table price; its price is kept",
                    platform.name
                ),
            )),
        },
        _ => match (PriceTier::from_id(value), platform.preset) {
            (Some(tier), Some(preset)) if tier.price(preset).is_some() => {
                platform.set_tier(Some(tier));
            }
            (Some(_), _) => notices.push(Notice::new(
                key,
                format!(
                    "{} has no catalogue price in {}; its price is kept",
                    platform.name,
                    quoted(value)
                ),
            )),
            (None, _) => notices.push(Notice::new(
                key,
                format!(
                    "{} is not seed, custom or a tier such as own-hyperscaler-2026-07",
                    quoted(value)
                ),
            )),
        },
    }
}

fn number_key(field: Field, index: usize) -> String {
    format!("{}{index}", field.key())
}

/// Read one number of a link; an optional field may be empty.
fn read_number(field: Field, key: &str, value: &str) -> Result<Option<f64>, Notice> {
    if field.is_optional() && value.trim().is_empty() {
        return Ok(None);
    }
    let number = format::parse_number(value)
        .map_err(|_| Notice::new(key, format!("{} is not a number", quoted(value))))?;
    field.check(number).map(Some).map_err(|_| {
        let (min, max) = field.range();
        Notice::new(
            key,
            format!(
                "{} is out of range ({} to {})",
                quoted(value),
                format::input_value(min),
                format::count_for_sentence(max)
            ),
        )
    })
}

/// Write a scenario and its page options as a query string (without `?`). Every value is written
/// explicitly, so an old link keeps its numbers when the catalogue changes.
pub fn encode(scenario: &Scenario, options: &PageOptions) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("v", VERSION);
    for (position, platform) in scenario.platforms.iter().enumerate() {
        let i = position + 1;
        out.append_pair(&format!("name{i}"), &platform.name);
        if let Some(id) = platform.preset {
            out.append_pair(&format!("preset{i}"), id.key());
        }
        // With a workload, a catalogue platform's throughput is the measurement's unless the
        // user typed one: only a typed figure is written.
        let measured = scenario.settings.workload.is_some()
            && platform.preset.is_some()
            && !platform.tps_custom;
        let tier = platform.tier.filter(|_| platform.tier_price().is_some());
        for field in Field::in_group(Group::Core) {
            // A tier writes its name, a measured throughput the workload: the link then follows
            // the catalogue. Everything else is written as a number.
            match field {
                Field::UsdHr if tier.is_some() => continue,
                Field::Tps if measured => continue,
                _ => {}
            }
            // An empty value says "none" (a throughput not measured), where the start has one.
            let text = field
                .get_platform(platform)
                .map(format::plain)
                .unwrap_or_default();
            out.append_pair(&number_key(field, i), &text);
        }
        if let Some(tier) = tier {
            out.append_pair(&format!("tier{i}"), &tier.id());
        }
        if let Some(wprec) = platform.wprec {
            out.append_pair(&format!("wprec{i}"), wprec.id());
        }
        out.append_pair(&format!("prec{i}"), platform.precision.key());
        // Newer keys are written when they differ from their defaults, so links stay short.
        if platform.utilisation_pct != Field::Utilisation.range().1 {
            let util = platform.utilisation_pct;
            out.append_pair(&number_key(Field::Utilisation, i), &format::plain(util));
        }
        if platform.cost_mode != CostMode::Rent {
            out.append_pair(&format!("mode{i}"), platform.cost_mode.key());
        }
        // What reading starts from: a value equal to it need not be written.
        let base = link_base(i, platform.preset);
        let groups = [Group::Own, Group::Throughput, Group::Logs];
        for field in groups.into_iter().flat_map(Field::in_group) {
            let value = field.get_platform(platform);
            let own_mode = field.spec().group == Group::Own && platform.cost_mode == CostMode::Own;
            if own_mode || value != field.get_platform(&base) {
                let text = value.map(format::plain).unwrap_or_default();
                out.append_pair(&number_key(field, i), &text);
            }
        }
        if platform.curve != base.curve {
            // An empty value says "no curve", where the start would bring one.
            let points = platform
                .curve
                .as_ref()
                .map(|c| encode_points(c.points()))
                .unwrap_or_default();
            out.append_pair(&format!("curve{i}"), &points);
        }
        if platform.power_basis != PowerBasis::AllIn {
            out.append_pair(&format!("power{i}"), power_basis_key(platform.power_basis));
        }
        super::ranges::write(&mut out, platform, &scenario.settings, i);
    }
    if let Some(workload) = scenario.settings.workload {
        out.append_pair("wl", workload.id());
    }
    let defaults = Scenario::default();
    for field in Field::page_settings() {
        let value = field.get(scenario, 0);
        if value != field.get(&defaults, 0) {
            let text = value.map(format::plain).unwrap_or_default();
            out.append_pair(field.key(), &text);
        }
    }
    super::ranges::write_page(&mut out, &scenario.settings);
    if scenario.baseline != 0 {
        out.append_pair("base", &(scenario.baseline + 1).to_string());
    }
    if options.embed {
        out.append_pair("embed", "1");
    }
    if !options.view.is_empty() {
        out.append_pair("view", &options.view.join(","));
    }
    if options.theme != Theme::Auto {
        out.append_pair("theme", options.theme.key());
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::curve::Curve;

    fn notice_keys(link: &DecodedLink) -> Vec<&str> {
        link.notices.iter().map(|n| n.key.as_str()).collect()
    }

    #[test]
    fn empty_link_is_the_default_scenario() {
        for q in ["", "?", "v=1", "?utm_source=x&fbclid=y&ref=z"] {
            let link = decode(q);
            assert_eq!(link.scenario, Scenario::default(), "{q}");
            assert!(!link.has_state, "{q}");
            assert!(link.notices.is_empty(), "{q}: {:?}", link.notices);
        }
    }

    #[test]
    fn round_trip_of_the_default_and_a_custom_scenario() {
        let mut s = Scenario::default();
        assert_eq!(decode(&encode(&s, &PageOptions::default())).scenario, s);
        s.add_platform().unwrap();
        s.platforms[2].name = "My <b>GPU</b> & co = 100%".into();
        s.platforms[2].preset = None;
        s.platforms[2].tps = Some(1234.567);
        s.platforms[2].precision = Precision::Other;
        s.baseline = 2;
        let options = PageOptions {
            embed: true,
            view: vec!["table".into(), "chart".into()],
            theme: Theme::Dark,
        };
        let link = decode(&encode(&s, &options));
        assert_eq!(link.scenario, s);
        assert_eq!(link.options, options);
        assert!(link.notices.is_empty());
    }

    #[test]
    fn preset_fills_and_explicit_keys_override() {
        let link = decode("preset1=mi355x&tps1=2500&preset2=h100&usd_hr2=2");
        assert_eq!(link.scenario.platforms.len(), 2);
        let p1 = &link.scenario.platforms[0];
        assert_eq!(p1.name, "AMD Instinct MI355X");
        assert_eq!(p1.tps, Some(2500.0));
        assert_eq!(p1.kw, 2.65);
        assert_eq!(link.scenario.platforms[1].usd_hr, 2.0);
    }

    #[test]
    fn indices_are_renumbered_in_order() {
        let link = decode("tps7=700&tps3=300&base=7");
        let tps: Vec<Option<f64>> = link.scenario.platforms.iter().map(|p| p.tps).collect();
        assert_eq!(tps, [Some(300.0), Some(700.0)]);
        assert_eq!(link.scenario.baseline, 1);
    }

    #[test]
    fn bad_values_fall_back_field_by_field() {
        let link = decode("tps1=abc&usd_hr1=5000&kw1=2&tps2=nan&pflops2=inf&prec1=fp16");
        let p = &link.scenario.platforms[0];
        assert_eq!(p.tps, Some(90.0), "bad value takes the default");
        assert_eq!(p.usd_hr, 1.41);
        assert_eq!(p.kw, 2.0, "the rest of the link applies");
        let lines: Vec<String> = link.notices.iter().map(Notice::to_string).collect();
        assert!(lines.contains(&"tps1: \"abc\" is not a number".to_string()));
        assert!(lines.contains(&"usd_hr1: \"5000\" is out of range (0.001 to 1,000)".to_string()));
        assert_eq!(
            notice_keys(&link),
            ["prec1", "usd_hr1", "tps1", "tps2", "pflops2"]
        );
    }

    /// The keys the README's link table documents, `<i>` dropped (`usd_hr<i>` -> `usd_hr`).
    fn readme_keys() -> Vec<String> {
        let readme = include_str!("../../README.md");
        let table = readme
            .split("| key | meaning | example |")
            .nth(1)
            .unwrap_or_default();
        let mut keys = Vec::new();
        for row in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
            let first = row.split('|').nth(1).unwrap_or_default();
            for key in first.split('`').skip(1).step_by(2) {
                keys.push(key.replace("<i>", ""));
            }
        }
        keys
    }

    #[test]
    fn every_input_has_a_readme_row_and_every_row_is_read() {
        let documented = readme_keys();
        assert!(
            documented.len() > 20,
            "the README's link table was not found"
        );
        for spec in crate::scenario::FIELDS {
            assert!(
                documented.iter().any(|k| k == spec.key),
                "README has no row for `{}`",
                spec.key
            );
        }
        // No README row names a key the page does not read: a link with it, as a page key or
        // as platform 1's, draws no "unknown key" notice.
        let unknown = |query: String| {
            decode(&query)
                .notices
                .iter()
                .any(|n| n.message.contains("unknown key"))
        };
        for key in &documented {
            assert!(
                !unknown(format!("{key}=1")) || !unknown(format!("{key}1=1")),
                "README documents `{key}`, which the link does not read"
            );
        }
    }

    #[test]
    fn unknown_keys_and_high_indices_are_named() {
        let link = decode("foo=1&tps13=5&tps0=3&usd_hr=2&base=9&v=2");
        assert_eq!(
            notice_keys(&link),
            ["foo", "tps13", "tps0", "usd_hr", "v", "base"]
        );
        assert_eq!(link.scenario, Scenario::default());
        let link = decode("preset1=h300");
        assert_eq!(notice_keys(&link), ["preset1"]);
        assert_eq!(link.scenario.platforms.len(), 1);
    }

    #[test]
    fn long_names_are_cut_with_a_notice() {
        let link = decode(&format!("name1={}", "x".repeat(100)));
        assert_eq!(link.scenario.platforms[0].name.len(), 60);
        assert_eq!(link.notices[0].to_string(), "name1: cut to 60 characters");
    }

    #[test]
    fn cost_side_keys_round_trip_and_old_links_keep_their_view() {
        let mut s = Scenario::default();
        s.platforms[0].cost_mode = CostMode::Own;
        s.platforms[0].own.capex = 25_000.0;
        s.platforms[1].utilisation_pct = 60.0;
        s.platforms[1].power_basis = PowerBasis::It;
        s.platforms[1].own.rate_pct = 0.0;
        s.settings.usd_kwh = 0.15;
        s.settings.price_mtok = Some(0.5);
        s.settings.site_mw = 250.0;
        let query = encode(&s, &PageOptions::default());
        assert!(
            query.contains("mode1=own") && query.contains("util2=60"),
            "{query}"
        );
        assert!(
            query.contains("usd_kwh=0.15") && query.contains("price=0.5"),
            "{query}"
        );
        let link = decode(&query);
        assert_eq!(link.scenario, s);
        assert!(link.notices.is_empty());
        // A link written before these keys existed opens as it did.
        let old =
            decode("v=1&name1=A&usd_hr1=1.41&tps1=90&kw1=1.73&pflops1=3.958&prec1=fp8-sparse");
        assert_eq!(old.scenario.platforms[0].utilisation_pct, 100.0);
        assert_eq!(old.scenario.platforms[0].cost_mode, CostMode::Rent);
        assert_eq!(old.scenario.settings, Default::default());
    }

    #[test]
    fn throughput_side_keys_round_trip() {
        let mut s = Scenario::default();
        s.settings.target_tps_user = Some(50.0);
        s.settings.in_tokens = 8000.0;
        s.platforms[1].setup.batch = 128.0;
        s.platforms[0].prefill_tps = Some(20_000.0);
        s.platforms[1].io_ratio = 5.0;
        s.platforms[1].hbm_gb = 278.0;
        s.platforms[1].curve =
            Curve::new(vec![(10.0, 9000.0), (50.0, 6000.0), (200.0, 900.0)]).ok();
        let query = encode(&s, &PageOptions::default());
        for key in [
            "target=50",
            "in_tok=8000",
            "batch2=128",
            "prefill1=20000",
            "io_ratio2=5",
        ] {
            assert!(query.contains(key), "{key} in {query}");
        }
        assert!(
            !query.contains("curve1"),
            "a preset's measured frontier comes from the catalogue, not the link: {query}"
        );
        let link = decode(&query);
        assert!(link.notices.is_empty(), "{:?}", link.notices);
        assert_eq!(link.scenario, s);
    }

    #[test]
    fn a_bad_curve_is_named_and_the_presets_stays() {
        let link = decode("preset1=h200&curve1=10:5;10:6&target=0");
        assert_eq!(notice_keys(&link), ["curve1", "target"]);
        assert_eq!(link.scenario.platforms[0].curve, None);
        let platform = &link.scenario.platforms[0];
        assert_eq!(
            platform
                .curve_in_force(&link.scenario.settings)
                .map(std::borrow::Cow::into_owned),
            crate::catalogue::curve_of(PresetId::H200),
            "the catalogue's frontier stays in force"
        );
        assert_eq!(link.scenario.settings.target_tps_user, None);
    }

    #[test]
    fn bad_cost_side_values_are_named() {
        let link = decode("util1=0&mode1=buy&power2=dc&usd_kwh=-1&price=abc&pue=0.5&years1=0");
        assert_eq!(
            notice_keys(&link),
            ["mode1", "util1", "years1", "power2", "usd_kwh", "price", "pue"]
        );
        assert_eq!(link.scenario.settings, Default::default());
        assert_eq!(decode("price=").scenario.settings.price_mtok, None);
    }

    #[test]
    fn theme_and_the_sliders_view_are_read_and_a_bad_theme_is_named() {
        let link = decode("embed=1&view=headline,sliders,table&theme=light");
        assert_eq!(link.options.theme, Theme::Light);
        assert_eq!(link.options.view, ["headline", "sliders", "table"]);
        assert!(link.notices.is_empty(), "{:?}", link.notices);
        assert!(!link.has_state);
        assert_eq!(decode("theme=dark").options.theme, Theme::Dark);
        assert_eq!(decode("theme=auto").options.theme, Theme::Auto);
        assert_eq!(decode("").options.theme, Theme::Auto);
        let bad = decode("theme=purple");
        assert_eq!(bad.options.theme, Theme::Auto);
        assert_eq!(notice_keys(&bad), ["theme"]);
        // The default is not written, so links stay short.
        let s = Scenario::default();
        assert!(!encode(&s, &PageOptions::default()).contains("theme"));
        let dark = PageOptions {
            theme: Theme::Dark,
            ..PageOptions::default()
        };
        assert!(encode(&s, &dark).ends_with("theme=dark"));
    }

    #[test]
    fn an_old_page_wide_set_up_key_applies_to_every_platform() {
        let link = decode("preset1=h200&preset2=gb300&batch=128&batch2=16&mtp=2");
        assert!(link.notices.is_empty(), "{:?}", link.notices);
        let p = &link.scenario.platforms;
        assert_eq!((p[0].setup.batch, p[1].setup.batch), (128.0, 16.0));
        assert_eq!(
            (p[0].setup.tokens_per_step, p[1].setup.tokens_per_step),
            (2.0, 2.0)
        );
        let only = decode("gpus=72");
        assert!(only.notices.is_empty(), "{:?}", only.notices);
        assert_eq!(only.scenario.platforms.len(), 2);
        assert!(only.scenario.platforms.iter().all(|p| p.setup.gpus == 72.0));
        assert_eq!(only.scenario.platforms[1].preset, Some(PresetId::Gb300));
        assert_eq!(notice_keys(&decode("batch=abc")), ["batch"]);
    }

    #[test]
    fn a_platform_without_a_throughput_round_trips() {
        let link = decode("preset2=b200");
        assert_eq!(link.scenario.platforms[0].tps, None);
        let mut s = Scenario::default();
        s.platforms[0].preset = None;
        s.platforms[0].tps = None;
        let back = decode(&encode(&s, &PageOptions::default()));
        assert_eq!(
            back.scenario.platforms[0].tps, None,
            "no throughput stays none"
        );
        assert_eq!(back.scenario, s);
    }

    #[test]
    fn base_applies_to_the_default_scenario_too() {
        assert!(decode("base=2").has_state);
        assert!(decode("usd_kwh=0.1").has_state);
        assert!(!decode("embed=1&view=table").has_state);
        assert_eq!(decode("base=2").scenario.baseline, 1);
    }
}
