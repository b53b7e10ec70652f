//! Catalogue data the model reads: measured frontiers and dated prices, embedded at build time.

pub mod measured;
pub mod prices;
