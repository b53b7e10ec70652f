pub mod csv;
pub mod json;
pub mod storage;
pub mod url;
