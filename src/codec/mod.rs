//! Codecs: the scenario to and from a link, a JSON file, stored data and CSV, and measured
//! points as text. Reading never fails silently: every problem becomes a [`Notice`].

pub mod csv;
pub mod json;
pub mod json_serde;
pub mod json_value;
pub mod points;
pub mod ranges;
pub mod sorted_map;
pub mod storage;
pub mod url;

/// One problem found in a link or in stored data, shown as `key: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub key: String,
    pub message: String,
}

impl Notice {
    /// A notice; a key longer than 40 characters (a hostile link) is cut with an ellipsis.
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        let key: String = key.into();
        let key = if key.chars().count() > 40 {
            key.chars().take(40).chain(std::iter::once('…')).collect()
        } else {
            key
        };
        Notice {
            key,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// Show at most this much of a bad value in a notice, so a hostile link cannot flood the page.
fn quoted(value: &str) -> String {
    let cut: String = value.chars().take(24).collect();
    if cut.chars().count() < value.chars().count() {
        format!("\"{cut}…\"")
    } else {
        format!("\"{cut}\"")
    }
}
