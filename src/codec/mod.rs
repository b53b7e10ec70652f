pub mod csv;
pub mod json;
pub mod points;
pub mod ranges;
pub mod storage;
pub mod url;
