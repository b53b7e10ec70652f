//! Scenario <-> JSON file: export for keeping or sharing, import with validation.
//!
//! The file is an envelope around the serde form of [`Scenario`]:
//!
//! ```json
//! { "schema": 1, "app": "cost-per-token", "scenario": { "platforms": [...], "baseline": 0, ... } }
//! ```
//!
//! Import refuses what the user should know about (not JSON, a newer schema, a number out of its
//! range, a baseline that does not exist, more than twelve platforms) with an [`ImportError`] that
//! names the problem, and repairs what is harmless with a [`Notice`]: a name longer than 60
//! characters is cut, an empty name is replaced, an unknown key is ignored.
//!
//! Nothing here lists the scenario's fields by hand: serde reads them (new fields need
//! `#[serde(default)]` so older files still import), the fields table ([`Field`]) checks
//! the ranges, and [`Scenario::is_valid`] is the final word.

use super::json_serde;
use super::json_value::{self, Map, Value};
use serde::{Deserialize, Serialize};

use super::{quoted, Notice};
use crate::format;
use crate::scenario::extras::{check_range, PageRanges, Ranges};
use crate::scenario::{Field, Platform, Scenario, ValueError, MAX_NAME_CHARS, MAX_PLATFORMS};

/// The version of the file format this code writes and reads.
pub const SCHEMA: u64 = 1;
/// The `app` value this code writes; a file naming another app is refused.
pub const APP: &str = "cost-per-token";
/// Suggested download name and media type.
pub const FILE_NAME: &str = "cost-per-token.json";
pub const MIME_TYPE: &str = "application/json";

#[derive(Serialize)]
struct Envelope<'a> {
    schema: u64,
    app: &'a str,
    scenario: &'a Scenario,
}

/// The scenario as a pretty-printed JSON file (ends with a newline).
pub fn export_json(scenario: &Scenario) -> String {
    let envelope = Envelope {
        schema: SCHEMA,
        app: APP,
        scenario,
    };
    // Serialising these plain structs cannot fail (string keys only; a
    // non-finite number is written as null, which import then refuses).
    let mut text = json_serde::to_string_pretty(&envelope).unwrap_or_default();
    text.push('\n');
    text
}

/// Why a file was refused. `Display` gives one sentence that names the problem.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    Empty,
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    NotAnObject {
        found: &'static str,
    },
    OtherApp(String),
    BadSchema(String),
    NewerSchema(u64),
    MissingScenario,
    /// A part of the scenario does not have the expected form. `platform` is 1-based.
    BadValue {
        platform: Option<usize>,
        key: Option<String>,
        detail: String,
    },
    NoPlatforms,
    TooManyPlatforms(usize),
    /// A number outside its field's closed range. `platform` is 1-based; `None` for a page setting.
    OutOfRange {
        platform: Option<usize>,
        key: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
    /// `baseline` as written in the file (0-based) and the number of platforms.
    NoSuchBaseline {
        baseline: u64,
        platforms: usize,
    },
    /// A check of the scenario failed that none of the above names.
    Invalid {
        platform: Option<usize>,
    },
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Empty => write!(f, "the file is empty"),
            ImportError::NotJson { line, column, detail } => {
                write!(f, "not JSON at line {line}, column {column}: {detail}")
            }
            ImportError::NotAnObject { found } => write!(
                f,
                "the file holds {found}, not a scenario exported by Cost per token"
            ),
            ImportError::OtherApp(app) => write!(
                f,
                "the file was made by {}, not by Cost per token",
                quoted(app)
            ),
            ImportError::BadSchema(found) => {
                write!(f, "schema {found} is not a version this app knows (it reads schema {SCHEMA})")
            }
            ImportError::NewerSchema(n) => write!(
                f,
                "schema {n} is newer than this app understands (it reads schema {SCHEMA}); \
                 reload the page to update the app"
            ),
            ImportError::MissingScenario => write!(
                f,
                "missing \"scenario\": this is not a scenario exported by Cost per token"
            ),
            ImportError::BadValue { platform, key, detail } => {
                if let Some(i) = platform {
                    write!(f, "platform {i}: ")?;
                }
                match key {
                    Some(k) => write!(f, "\"{k}\" is not valid ({detail})"),
                    None => write!(f, "{detail}"),
                }
            }
            ImportError::NoPlatforms => write!(f, "the scenario has no platforms"),
            ImportError::TooManyPlatforms(n) => write!(
                f,
                "more than {MAX_PLATFORMS} platforms ({n}): at most {MAX_PLATFORMS} are compared at once"
            ),
            ImportError::OutOfRange { platform, key, value, min, max } => {
                match platform {
                    Some(i) => write!(f, "platform {i}: ")?,
                    None => write!(f, "settings: ")?,
                }
                write!(
                    f,
                    "{key} {} is out of range ({} to {})",
                    format::input_value(*value),
                    format::input_value(*min),
                    format::count_for_sentence(*max)
                )
            }
            ImportError::NoSuchBaseline { baseline, platforms } => write!(
                f,
                "baseline {baseline} does not exist: the file has {platforms} platform{} \
                 (counted from 0)",
                if *platforms == 1 { "" } else { "s" }
            ),
            ImportError::Invalid { platform: Some(i) } => {
                write!(f, "platform {i}: a value is outside what the app accepts")
            }
            ImportError::Invalid { platform: None } => {
                write!(f, "a value is outside what the app accepts")
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// Read a file written by [`export_json`] (or by hand). On success: the scenario, valid, and
/// the repairs made, one notice each.
pub fn import_json(text: &str) -> Result<(Scenario, Vec<Notice>), ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let root: Value = json_value::parse(text).map_err(|e| ImportError::NotJson {
        line: e.line,
        column: e.column,
        detail: e.message.to_string(),
    })?;
    let Value::Object(envelope) = &root else {
        return Err(ImportError::NotAnObject {
            found: kind_of(&root),
        });
    };
    check_envelope(envelope)?;
    let raw = envelope
        .get("scenario")
        .ok_or(ImportError::MissingScenario)?;
    let mut notices = Vec::new();
    let scenario = read_scenario(raw, &mut notices)?;
    for key in envelope.keys() {
        if !matches!(key.as_str(), "schema" | "app" | "scenario") {
            notices.push(Notice::new(key, "unknown key, ignored"));
        }
    }
    Ok((scenario, notices))
}

/// The decode ceiling's set-up keys that files of the earlier release kept once for the page
/// (`settings.model`) and that now belong to each platform (`setup`).
const PAGE_SETUP_KEYS: [&str; 5] = [
    "gpus",
    "batch",
    "context",
    "tokens_per_step",
    "bytes_per_param",
];

/// An earlier release's scenario with its page-wide set-up (files, stored scenarios): the
/// set-up moves into every platform that does not carry its own, so the scenario means what
/// it meant (like a link's old `batch=`). Anything else is left as it is.
pub(crate) fn page_setup_to_platforms(scenario: &mut Value) {
    let Some(model) = scenario
        .get_mut("settings")
        .and_then(|s| s.get_mut("model"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let moved: Map = PAGE_SETUP_KEYS
        .iter()
        .filter_map(|key| model.remove(key).map(|v| (key.to_string(), v)))
        .collect();
    if moved.is_empty() {
        return;
    }
    if let Some(platforms) = scenario.get_mut("platforms").and_then(Value::as_array_mut) {
        for platform in platforms.iter_mut().filter_map(Value::as_object_mut) {
            platform.get_or_insert_with("setup", || Value::Object(moved.clone()));
        }
    }
}

fn check_envelope(envelope: &Map) -> Result<(), ImportError> {
    if let Some(app) = envelope.get("app") {
        match app {
            Value::String(s) if s == APP => {}
            Value::String(s) => return Err(ImportError::OtherApp(s.clone())),
            other => return Err(ImportError::OtherApp(other.to_string())),
        }
    }
    // A file without "schema" is read as schema 1, as a link without `v` is read as version 1.
    match envelope.get("schema") {
        None => Ok(()),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(SCHEMA) => Ok(()),
            Some(v) if v > SCHEMA => Err(ImportError::NewerSchema(v)),
            _ => Err(ImportError::BadSchema(n.to_string())),
        },
        Some(other) => Err(ImportError::BadSchema(match other {
            Value::String(s) => quoted(s),
            v => kind_of(v).to_string(),
        })),
    }
}

/// Read, check and repair the `scenario` part. Also used for stored data.
pub(crate) fn read_scenario(
    raw: &Value,
    notices: &mut Vec<Notice>,
) -> Result<Scenario, ImportError> {
    let Value::Object(object) = raw else {
        return Err(ImportError::BadValue {
            platform: None,
            key: Some("scenario".into()),
            detail: format!("{}, expected an object", kind_of(raw)),
        });
    };
    // Count the platforms before reading them, so a huge file fails fast and clearly.
    match object.get("platforms") {
        Some(Value::Array(list)) if list.is_empty() => return Err(ImportError::NoPlatforms),
        Some(Value::Array(list)) if list.len() > MAX_PLATFORMS => {
            return Err(ImportError::TooManyPlatforms(list.len()))
        }
        _ => {}
    }
    let mut migrated = raw.clone();
    page_setup_to_platforms(&mut migrated);
    let raw = &migrated;
    let Value::Object(object) = raw else {
        return Err(ImportError::NoPlatforms);
    };
    let mut scenario: Scenario = match json_serde::from_value(raw.clone()) {
        Ok(s) => s,
        Err(e) => return Err(locate(object, &e)),
    };

    unknown_choices(raw, notices);
    // Unknown keys: what serde read and would write again is known; the rest was ignored.
    if let Ok(written) = json_serde::to_value(&scenario) {
        for path in ignored_keys(raw, &written) {
            notices.push(notice_for_path(&path, "unknown key, ignored"));
        }
    }

    if scenario.baseline >= scenario.platforms.len() {
        return Err(ImportError::NoSuchBaseline {
            baseline: scenario.baseline as u64,
            platforms: scenario.platforms.len(),
        });
    }
    for (index, platform) in scenario.platforms.iter().enumerate() {
        for field in Field::per_platform() {
            let Some(value) = field.get_platform(platform) else {
                continue;
            };
            if let Err(ValueError::OutOfRange { min, max }) = field.check(value) {
                return Err(ImportError::OutOfRange {
                    platform: Some(index + 1),
                    key: field.key(),
                    value,
                    min,
                    max,
                });
            }
        }
    }
    for field in Field::page_settings() {
        match field.get(&scenario, 0) {
            Some(value) => {
                if let Err(ValueError::OutOfRange { min, max }) = field.check(value) {
                    return Err(ImportError::OutOfRange {
                        platform: None,
                        key: field.key(),
                        value,
                        min,
                        max,
                    });
                }
            }
            None if field.is_optional() => {}
            None => return Err(ImportError::Invalid { platform: None }),
        }
    }

    // Ranges: one that does not hold its value is dropped with a notice, as in a link.
    for (index, platform) in scenario.platforms.iter_mut().enumerate() {
        for field in Ranges::FIELDS {
            let Some(span) = platform.ranges.get(field) else {
                continue;
            };
            if let Err(message) = check_range(field, field.get_platform(platform), span) {
                let key = format!("{}_lo{}", field.key(), index + 1);
                notices.push(Notice::new(key, message));
                platform.ranges.set(field, None);
            }
        }
    }

    for field in PageRanges::FIELDS {
        let Some(span) = scenario.settings.ranges.get(field) else {
            continue;
        };
        if let Err(message) = check_range(field, field.get_page(&scenario.settings), span) {
            notices.push(Notice::new(format!("{}_lo", field.key()), message));
            scenario.settings.ranges.set(field, None);
        }
    }

    // Names: cut a long one, replace an empty one; the user is told, the file is not refused.
    for (index, platform) in scenario.platforms.iter_mut().enumerate() {
        let i = index + 1;
        let (name, cut) = Platform::clean_name(&platform.name);
        if cut {
            notices.push(Notice::new(
                format!("name{i}"),
                format!("cut to {MAX_NAME_CHARS} characters"),
            ));
        }
        if name.is_empty() {
            let fallback = platform
                .preset
                .map(|id| id.preset().name.to_string())
                .unwrap_or_else(|| format!("Platform {i}"));
            notices.push(Notice::new(
                format!("name{i}"),
                format!("is empty; \"{fallback}\" is used"),
            ));
            platform.name = fallback;
        } else {
            platform.name = name;
        }
    }

    // The scenario's own checks are the final word (they grow with the scenario).
    if let Some(index) = scenario.platforms.iter().position(|p| !p.is_valid()) {
        return Err(ImportError::Invalid {
            platform: Some(index + 1),
        });
    }
    if !scenario.is_valid() {
        return Err(ImportError::Invalid { platform: None });
    }
    Ok(scenario)
}

/// Turn serde's error (which names neither the platform nor, for a wrong type, the key) into
/// one that names both: find the first platform that does not read on its own, then the key
/// whose replacement by the default's value makes it read.
fn locate(object: &Map, error: &json_serde::Error) -> ImportError {
    let default_scenario = json_serde::to_value(&Scenario::default()).unwrap_or(Value::Null);
    let default_platform = default_scenario
        .get("platforms")
        .and_then(|p| p.at(0))
        .cloned()
        .unwrap_or(Value::Null);
    if let Some(Value::Array(list)) = object.get("platforms") {
        for (index, item) in list.iter().enumerate() {
            if let Err(e) = json_serde::from_value::<Platform>(item.clone()) {
                return ImportError::BadValue {
                    platform: Some(index + 1),
                    key: culprit::<Platform>(item, &default_platform),
                    detail: e.to_string(),
                };
            }
        }
    }
    ImportError::BadValue {
        platform: None,
        key: culprit::<Scenario>(&Value::Object(object.clone()), &default_scenario),
        detail: error.to_string(),
    }
}

/// The key of `value` whose replacement by the default's makes it deserialise as `T`.
fn culprit<T: for<'de> Deserialize<'de>>(value: &Value, default: &Value) -> Option<String> {
    let Value::Object(object) = value else {
        return None;
    };
    for key in object.keys() {
        let mut repaired = object.clone();
        match default.get(key) {
            Some(d) => {
                repaired.insert(key.clone(), d.clone());
            }
            None => {
                repaired.remove(key);
            }
        }
        if json_serde::from_value::<T>(Value::Object(repaired)).is_ok() {
            return Some(key.clone());
        }
    }
    None
}

/// Paths (`platforms.1.tsp`) of keys with a value in `input` that are absent from `written`.
fn ignored_keys(input: &Value, written: &Value) -> Vec<String> {
    fn walk(input: &Value, written: &Value, path: &str, out: &mut Vec<String>) {
        match (input, written) {
            (Value::Object(i), Value::Object(w)) => {
                for (key, value) in i {
                    let here = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    match w.get(key) {
                        Some(inner) => walk(value, inner, &here, out),
                        None if !value.is_null() => out.push(here),
                        None => {}
                    }
                }
            }
            (Value::Array(i), Value::Array(w)) => {
                for (index, (a, b)) in i.iter().zip(w).enumerate() {
                    walk(a, b, &format!("{path}.{index}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(input, written, "", &mut out);
    out
}

/// A notice for a path: inside platform i the key takes the link form (`tsp2`, `own.capx2`).
/// A workload, measurement precision or price tier that this release does not know reads as
/// none (the file still opens); say so, field by field.
fn unknown_choices(raw: &Value, notices: &mut Vec<Notice>) {
    use crate::scenario::measured::{MeasuredPrecision, PriceTier, WorkloadId};
    let workload = raw.get("settings").and_then(|s| s.get("workload"));
    if let Some(w) = workload.and_then(Value::as_str) {
        if WorkloadId::from_id(w).is_none() {
            notices.push(Notice::new(
                "wl",
                format!(
                    "{} is not a measured workload; the seed table's figures are used",
                    quoted(w)
                ),
            ));
        }
    }
    let Some(Value::Array(platforms)) = raw.get("platforms") else {
        return;
    };
    for (index, platform) in platforms.iter().enumerate() {
        if let Some(p) = platform.get("wprec").and_then(Value::as_str) {
            if MeasuredPrecision::from_id(p).is_none() {
                notices.push(Notice::new(
                    format!("wprec{}", index + 1),
                    format!("{} is not fp4 or fp8; the default is used", quoted(p)),
                ));
            }
        }
        if let Some(t) = platform.get("tier").and_then(Value::as_str) {
            if PriceTier::from_id(t).is_none() {
                notices.push(Notice::new(
                    format!("tier{}", index + 1),
                    format!(
                        "{} is not a known price tier; the price in the file is used",
                        quoted(t)
                    ),
                ));
            }
        }
    }
}

fn notice_for_path(path: &str, message: &str) -> Notice {
    if let Some(rest) = path.strip_prefix("platforms.") {
        if let Some((index, key)) = rest.split_once('.') {
            if let Ok(i) = index.parse::<usize>() {
                return Notice::new(format!("{key}{}", i + 1), message);
            }
        }
    }
    Notice::new(path, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Precision;
    use proptest::prelude::*;
    // Tests build their input with serde_json, the reference the codec is checked against.
    use serde_json::Value;

    fn envelope(scenario: Value) -> String {
        serde_json::json!({ "schema": 1, "app": "cost-per-token", "scenario": scenario })
            .to_string()
    }

    fn default_value() -> Value {
        serde_json::to_value(Scenario::default()).unwrap()
    }

    fn error(text: &str) -> String {
        import_json(text).unwrap_err().to_string()
    }

    #[test]
    fn export_has_the_envelope_and_is_pretty() {
        let text = export_json(&Scenario::default());
        assert!(text
            .starts_with("{\n  \"schema\": 1,\n  \"app\": \"cost-per-token\",\n  \"scenario\": {"));
        assert!(text.ends_with("}\n"));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["scenario"]["platforms"][0]["name"], "NVIDIA HGX H200");
    }

    /// The file is byte for byte what the release that used serde_json wrote.
    #[test]
    fn export_is_what_serde_json_wrote() {
        let mut s = Scenario::default();
        s.platforms[0].ranges.tps = Some((80.0, 100.0));
        s.platforms[1].name = "My \"GPU\"\n\u{1}é".into();
        s.platforms[1].tps = Some(1e-7);
        s.settings.api_in = Some(0.55);
        let envelope = Envelope {
            schema: SCHEMA,
            app: APP,
            scenario: &s,
        };
        let theirs = serde_json::to_string_pretty(&envelope).unwrap() + "\n";
        assert_eq!(export_json(&s), theirs);
    }

    #[test]
    fn round_trip_default_and_custom() {
        let mut s = Scenario::default();
        let (back, notices) = import_json(&export_json(&s)).unwrap();
        assert_eq!(back, s);
        assert!(notices.is_empty(), "{notices:?}");
        s.add_platform().unwrap();
        s.platforms[2].name = "My \"GPU\", <b>x</b>\nline".into();
        s.platforms[2].preset = None;
        s.platforms[2].tps = Some(1234.567);
        s.platforms[2].precision = Precision::Other;
        s.baseline = 2;
        let (back, notices) = import_json(&export_json(&s)).unwrap();
        assert_eq!(back, s);
        assert!(notices.is_empty());
    }

    /// The measured side travels in files; values this release does not know are named and
    /// read as none.
    #[test]
    fn workload_precision_and_tier_round_trip_and_unknown_ones_are_named() {
        use crate::scenario::measured::{MeasuredPrecision, PriceTier, WorkloadId};
        let mut s = Scenario::default();
        s.settings.workload = WorkloadId::from_id("deepseek-r1-8k1k");
        s.settings.cap = Some(0.5);
        s.platforms[1].wprec = MeasuredPrecision::from_id("fp8");
        s.platforms[0].set_tier(PriceTier::from_id("own-neocloud-2026-07"));
        let (back, notices) = import_json(&export_json(&s)).unwrap();
        assert_eq!(back, s);
        assert!(notices.is_empty(), "{notices:?}");
        let mut value = serde_json::to_value(&s).unwrap();
        value["settings"]["workload"] = serde_json::json!("llama-9k");
        value["platforms"][0]["tier"] = serde_json::json!("own-lunar");
        value["platforms"][1]["wprec"] = serde_json::json!("fp2");
        let (back, notices) = import_json(&envelope(value)).unwrap();
        let keys: Vec<&str> = notices.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["wl", "tier1", "wprec2"], "{notices:?}");
        assert_eq!(back.settings.workload, None);
        assert_eq!(back.platforms[0].tier, None);
        assert_eq!(
            back.platforms[0].usd_hr, s.platforms[0].usd_hr,
            "the file's price stays"
        );
    }

    /// The previous release kept the decode ceiling's set-up once for the page
    /// (`settings.model`); its files still mean the same: every platform gets that set-up.
    #[test]
    fn a_page_wide_setup_of_the_previous_release_applies_to_every_platform() {
        let mut value = default_value();
        let model = value["settings"]["model"].as_object_mut().unwrap();
        model.insert("batch".into(), serde_json::json!(128.0));
        model.insert("gpus".into(), serde_json::json!(16.0));
        model.insert("context".into(), serde_json::json!(9000.0));
        model.insert("tokens_per_step".into(), serde_json::json!(1.5));
        model.insert("bytes_per_param".into(), serde_json::json!(0.5));
        for platform in value["platforms"].as_array_mut().unwrap() {
            platform.as_object_mut().unwrap().remove("setup");
        }
        let (s, notices) = import_json(&envelope(value)).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        for p in &s.platforms {
            assert_eq!(
                (p.setup.batch, p.setup.gpus, p.setup.context),
                (128.0, 16.0, 9000.0)
            );
            assert_eq!(
                (p.setup.tokens_per_step, p.setup.bytes_per_param),
                (1.5, 0.5)
            );
        }
        // A platform's own set-up wins over the page's.
        let mut value = default_value();
        value["settings"]["model"]
            .as_object_mut()
            .unwrap()
            .insert("batch".into(), serde_json::json!(128.0));
        value["platforms"][0]["setup"]["batch"] = serde_json::json!(7.0);
        value["platforms"][1]
            .as_object_mut()
            .unwrap()
            .remove("setup");
        let (s, _) = import_json(&envelope(value)).unwrap();
        assert_eq!(s.platforms[0].setup.batch, 7.0);
        assert_eq!(s.platforms[1].setup.batch, 128.0);
    }

    /// A file written by the first release must keep importing: new fields of the scenario
    /// need `#[serde(default)]`.
    #[test]
    fn a_schema_1_file_of_the_first_release_still_imports() {
        let text = r#"{
  "schema": 1,
  "app": "cost-per-token",
  "scenario": {
    "platforms": [
      { "name": "NVIDIA HGX H200", "preset": "h200", "usd_hr": 1.41, "tps": 90.0, "kw": 1.73,
        "pflops": 3.958, "precision": "fp8-sparse" },
      { "name": "Mine", "preset": null, "usd_hr": 2, "tps": 6000, "kw": 2.1, "pflops": 15,
        "precision": "fp4-dense" }
    ],
    "baseline": 1
  }
}"#;
        let (s, notices) = import_json(text).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(s.platforms.len(), 2);
        assert_eq!(s.platforms[1].tps, Some(6000.0));
        assert_eq!(s.baseline, 1);
        assert!(s.is_valid());
    }

    #[test]
    fn refusals_name_the_problem() {
        assert_eq!(error(""), "the file is empty");
        assert_eq!(error("  \n"), "the file is empty");
        assert_eq!(
            error("{\n  \"schema\": 1,\n  oops\n}"),
            "not JSON at line 3, column 3: key must be a string"
        );
        assert_eq!(
            error("[1, 2]"),
            "the file holds a list, not a scenario exported by Cost per token"
        );
        assert_eq!(
            error(r#"{"schema": 1, "app": "cost-per-token"}"#),
            "missing \"scenario\": this is not a scenario exported by Cost per token"
        );
        assert_eq!(
            error(r#"{"schema": 2, "scenario": {}}"#),
            "schema 2 is newer than this app understands (it reads schema 1); reload the page to update the app"
        );
        assert_eq!(
            error(r#"{"schema": "one", "scenario": {}}"#),
            "schema \"one\" is not a version this app knows (it reads schema 1)"
        );
        assert_eq!(
            error(r#"{"schema": 0, "scenario": {}}"#),
            "schema 0 is not a version this app knows (it reads schema 1)"
        );
        assert_eq!(
            error(r#"{"schema": 1.5, "scenario": {}}"#),
            "schema 1.5 is not a version this app knows (it reads schema 1)"
        );
        assert_eq!(
            error(r#"{"app": "other-tool", "scenario": {}}"#),
            "the file was made by \"other-tool\", not by Cost per token"
        );
    }

    #[test]
    fn out_of_range_is_refused_with_platform_key_and_range() {
        let mut v = default_value();
        v["platforms"][1]["tps"] = serde_json::json!(0);
        assert_eq!(
            error(&envelope(v.clone())),
            "platform 2: tps 0 is out of range (0.001 to 10,000,000)"
        );
        v["platforms"][1]["tps"] = serde_json::json!(6000);
        v["platforms"][0]["usd_hr"] = serde_json::json!(1000.5);
        assert_eq!(
            error(&envelope(v)),
            "platform 1: usd_hr 1000.5 is out of range (0.001 to 1,000)"
        );
        // JSON has no NaN or inf; a number too large for f64 is not JSON.
        let text = envelope(default_value()).replace("\"tps\":90.0", "\"tps\":1e999");
        assert!(
            error(&text).starts_with("not JSON at line 1"),
            "{}",
            error(&text)
        );
    }

    #[test]
    fn page_settings_are_checked_too() {
        let mut v = default_value();
        v["settings"]["pue"] = serde_json::json!(50);
        let e = import_json(&envelope(v)).unwrap_err();
        assert!(
            matches!(
                e,
                ImportError::OutOfRange {
                    platform: None,
                    key: "pue",
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .starts_with("settings: pue 50 is out of range"),
            "{e}"
        );
    }

    #[test]
    fn counts_and_baseline() {
        let mut v = default_value();
        let one = v["platforms"][0].clone();
        v["platforms"] = Value::Array(vec![one; 13]);
        assert_eq!(
            error(&envelope(v.clone())),
            "more than 12 platforms (13): at most 12 are compared at once"
        );
        v["platforms"] = Value::Array(vec![]);
        assert_eq!(error(&envelope(v)), "the scenario has no platforms");
        let mut v = default_value();
        v["baseline"] = serde_json::json!(5);
        assert_eq!(
            error(&envelope(v)),
            "baseline 5 does not exist: the file has 2 platforms (counted from 0)"
        );
    }

    #[test]
    fn a_wrong_type_names_the_platform_and_the_key() {
        let mut v = default_value();
        v["platforms"][1]["kw"] = serde_json::json!("abc");
        assert_eq!(
            error(&envelope(v)),
            "platform 2: \"kw\" is not valid (invalid type: string \"abc\", expected f64)"
        );
        let mut v = default_value();
        v["platforms"][0]["precision"] = serde_json::json!("fp16");
        let e = error(&envelope(v));
        assert!(
            e.starts_with("platform 1: \"precision\" is not valid (unknown variant `fp16`"),
            "{e}"
        );
        let mut v = default_value();
        v["platforms"][0].as_object_mut().unwrap().remove("usd_hr");
        assert_eq!(error(&envelope(v)), "platform 1: missing field `usd_hr`");
        // A platform without a throughput is stored without one and loads so: no invented figure.
        let mut v = default_value();
        v["platforms"][0].as_object_mut().unwrap().remove("tps");
        let (s, _) = import_json(&envelope(v)).unwrap();
        assert_eq!(s.platforms[0].tps, None);
        let mut v = default_value();
        v["platforms"][0]["tps"] = serde_json::json!(93.0);
        assert_eq!(
            import_json(&envelope(v)).unwrap().0.platforms[0].tps,
            Some(93.0)
        );
        let mut v = default_value();
        v["baseline"] = serde_json::json!("first");
        assert_eq!(
            error(&envelope(v)),
            "\"baseline\" is not valid (invalid type: string \"first\", expected usize)"
        );
        let mut v = default_value();
        v["platforms"] = serde_json::json!("none");
        assert!(error(&envelope(v)).starts_with("\"platforms\" is not valid"));
        assert!(error(r#"{"scenario": 5}"#).starts_with("\"scenario\" is not valid (a number"));
    }

    #[test]
    fn long_and_empty_names_are_repaired_with_a_notice() {
        let mut v = default_value();
        v["platforms"][1]["name"] = Value::String("é".repeat(70));
        v["platforms"][0]["name"] = Value::String("   ".into());
        let (s, notices) = import_json(&envelope(v)).unwrap();
        assert_eq!(s.platforms[1].name.chars().count(), MAX_NAME_CHARS);
        assert_eq!(s.platforms[0].name, "NVIDIA HGX H200", "the preset's name");
        let lines: Vec<String> = notices.iter().map(Notice::to_string).collect();
        assert_eq!(
            lines,
            [
                "name1: is empty; \"NVIDIA HGX H200\" is used",
                "name2: cut to 60 characters"
            ]
        );
        let mut v = default_value();
        v["platforms"][1]["name"] = Value::String(String::new());
        v["platforms"][1]["preset"] = Value::Null;
        let (s, _) = import_json(&envelope(v)).unwrap();
        assert_eq!(s.platforms[1].name, "Platform 2");
    }

    #[test]
    fn unknown_keys_are_ignored_with_a_notice() {
        let mut v = default_value();
        v["platforms"][1]["tsp"] = serde_json::json!(5);
        v["colour"] = serde_json::json!("blue");
        let text =
            serde_json::json!({ "schema": 1, "scenario": v, "exported": "2026-04-01" }).to_string();
        let (s, notices) = import_json(&text).unwrap();
        assert_eq!(s, Scenario::default());
        let lines: Vec<String> = notices.iter().map(Notice::to_string).collect();
        assert_eq!(
            lines,
            [
                "colour: unknown key, ignored",
                "tsp2: unknown key, ignored",
                "exported: unknown key, ignored"
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_and_a_missing_schema_are_accepted() {
        let text = format!(
            "\u{feff}{}",
            serde_json::json!({ "scenario": default_value() })
        );
        assert_eq!(import_json(&text).unwrap().0, Scenario::default());
    }

    /// Values as the page makes them: typed, or from a slider (3 digits), at most 12 significant
    /// digits. serde_json without its `float_roundtrip` feature may read a 16-17 digit number
    /// one unit in the last place off; numbers of up to 15 digits read back exactly.
    fn digits(value: f64) -> f64 {
        crate::format::round_significant(value, 12)
    }

    fn arb_scenario() -> impl Strategy<Value = Scenario> {
        let platform = (
            "[ -~é\"\\\\,\n]{1,60}",
            0.001f64..1000.0,
            0.001f64..10_000_000.0,
            0.001f64..100.0,
            0.001f64..100_000.0,
            0usize..5,
        );
        (
            prop::collection::vec(platform, 1..=MAX_PLATFORMS),
            any::<prop::sample::Index>(),
        )
            .prop_map(|(list, base)| {
                let mut s = Scenario::default();
                let template = s.platforms[0].clone();
                s.platforms = list
                    .into_iter()
                    .map(|(name, usd_hr, tps, kw, pflops, prec)| Platform {
                        name: Platform::clean_name(&name).0,
                        preset: None,
                        usd_hr: digits(usd_hr),
                        tps: Some(digits(tps)),
                        kw: digits(kw),
                        pflops: digits(pflops),
                        precision: Precision::ALL[prec],
                        ..template.clone()
                    })
                    .filter(|p| !p.name.is_empty())
                    .collect();
                if s.platforms.is_empty() {
                    s.platforms.push(template);
                }
                s.baseline = base.index(s.platforms.len());
                s
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_text_never_panics(text in any::<String>()) {
            let _ = import_json(&text);
        }

        #[test]
        fn damaged_exports_never_panic(at in any::<prop::sample::Index>(), insert in "[\\[\\]{}\",:0-9a-z.eE+-]{0,8}", cut in 0usize..6) {
            let text = export_json(&Scenario::default());
            let mut at = at.index(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            let end = (at + cut).min(text.len());
            let end = if text.is_char_boundary(end) { end } else { at };
            let damaged = format!("{}{}{}", &text[..at], insert, &text[end..]);
            if let Ok((s, _)) = import_json(&damaged) {
                prop_assert!(s.is_valid());
            }
        }

        #[test]
        fn export_then_import_is_the_same_scenario(s in arb_scenario()) {
            let (back, notices) = import_json(&export_json(&s)).unwrap();
            prop_assert!(notices.is_empty());
            prop_assert_eq!(back, s);
        }
    }

    #[test]
    fn ranges_logs_and_market_settings_round_trip_and_a_bad_range_is_dropped() {
        let mut s = Scenario::default();
        s.platforms[0].ranges.tps = Some((80.0, 100.0));
        s.platforms[1].logs.gpu_hours = Some(10.0);
        s.settings.api_in = Some(0.55);
        s.settings.grid_g_kwh = 400.0;
        let (back, notices) = import_json(&export_json(&s)).unwrap();
        assert_eq!(back, s);
        assert!(notices.is_empty(), "{notices:?}");
        s.platforms[0].ranges.tps = Some((95.0, 100.0));
        let (back, notices) = import_json(&export_json(&s)).unwrap();
        assert_eq!(back.platforms[0].ranges.tps, None);
        assert_eq!(notices[0].key, "tps_lo1");
    }

    #[test]
    fn page_ranges_round_trip_and_a_bad_one_is_dropped() {
        let mut s = Scenario::default();
        s.settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        s.settings.ranges.usd_kwh = Some((0.05, 0.15));
        let text = export_json(&s);
        assert!(text.contains("\"grid_g_kwh\": ["), "{text}");
        let (back, notices) = import_json(&text).unwrap();
        assert_eq!(back, s);
        assert!(notices.is_empty(), "{notices:?}");
        // Not around its value, and out of the valid range: each dropped with a notice.
        s.settings.ranges.grid_g_kwh = Some((450.0, 500.0));
        s.settings.ranges.usd_kwh = Some((0.05, 20.0));
        let (back, notices) = import_json(&export_json(&s)).unwrap();
        assert_eq!(back.settings.ranges, Default::default());
        let keys: Vec<&str> = notices.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["usd_kwh_lo", "grid_g_kwh_lo"]);
        // A file of the previous release has no page ranges: it loads without them.
        let mut value = serde_json::to_value(Scenario::default()).unwrap();
        value["settings"].as_object_mut().unwrap().remove("ranges");
        let (back, notices) = import_json(&envelope(value)).unwrap();
        assert_eq!(back, Scenario::default());
        assert!(notices.is_empty(), "{notices:?}");
    }
}
