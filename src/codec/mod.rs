pub mod csv;
pub mod json;
pub mod points;
pub mod storage;
pub mod url;
