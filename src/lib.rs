//! cost-per-token: what does it really cost to produce an AI token?
//!
//! Data flows one way: link or storage -> [`scenario::Scenario`] (validated) -> signals -> memos
//! that call [`model`] -> table, cards and charts -> link and storage. ARCHITECTURE.md at the
//! root describes the layers.

pub mod catalogue;
pub mod charts;
pub mod codec;
pub mod format;
pub mod model;
pub mod scenario;
pub mod sentences;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod ui;
