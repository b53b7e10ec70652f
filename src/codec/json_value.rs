//! A small JSON value, its parser and its printer (compact and pretty), in place of
//! serde_json (about 30 KB of the wasm). Objects keep their keys in the order read or
//! written. Messages and positions of parse errors follow serde_json's, so what the page
//! says about a damaged file stays the same. [`super::json_serde`] bridges it to serde.

use std::fmt::{self, Write};

use crate::format;

/// A JSON number as read or written: an integer when it has neither fraction nor exponent
/// (and fits), else a float (always finite).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    U(u64),
    I(i64),
    F(f64),
}

impl Number {
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::U(u) => Some(u),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> f64 {
        match *self {
            Number::U(u) => u as f64,
            Number::I(i) => i as f64,
            Number::F(f) => f,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::U(u) => write!(f, "{u}"),
            Number::I(i) => write!(f, "{i}"),
            Number::F(x) => write_float(f, x),
        }
    }
}

/// The shortest digits that read back exactly, laid out as serde_json lays them out: plain
/// from 1e-5 to below 1e16 (a whole number keeps its ".0", so it reads back as a float), else
/// `d.ddde+X` / `de-X`.
fn write_float(f: &mut fmt::Formatter<'_>, x: f64) -> fmt::Result {
    let (mantissa, exponent) = format::shortest_scientific(x);
    if !(-5..16).contains(&exponent) {
        let sign = if exponent < 0 { "" } else { "+" };
        return write!(f, "{mantissa}e{sign}{exponent}");
    }
    let text = format::plain(x);
    f.write_str(&text)?;
    if !text.contains('.') {
        f.write_str(".0")?;
    }
    Ok(())
}

/// An object: keys in order, each once (a repeated key replaces the earlier value in place).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(pub Vec<(String, Value)>);

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Set a key; the value it had is returned.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.get_mut(&key) {
            Some(old) => Some(std::mem::replace(old, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let index = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(index).1)
    }

    /// The value of a key, inserted first when the key is absent.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> Value) -> &mut Value {
        let index = match self.0.iter().position(|(k, _)| k == key) {
            Some(index) => index,
            None => {
                self.0.push((key.to_string(), make()));
                self.0.len() - 1
            }
        };
        &mut self.0[index].1
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Map {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

impl Value {
    /// An object's value for a key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        match self {
            Value::Object(map) => map.get_mut(key),
            _ => None,
        }
    }

    /// An array's item.
    pub fn at(&self, index: usize) -> Option<&Value> {
        match self {
            Value::Array(list) => list.get(index),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(list) => Some(list),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A float as a number, or null when it is not finite (JSON has no NaN nor infinity).
    pub fn from_f64(x: f64) -> Value {
        if x.is_finite() {
            Value::Number(Number::F(x))
        } else {
            Value::Null
        }
    }

    /// Pretty text: two spaces per level, `"key": value`, as serde_json's pretty printer.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, Some(0));
        out
    }
}

/// Compact text (no spaces).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self, None);
        f.write_str(&out)
    }
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(level) = indent {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    }
}

fn write_value(out: &mut String, value: &Value, indent: Option<usize>) {
    let inner = indent.map(|level| level + 1);
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => write_string(out, s),
        Value::Array(list) if list.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(list) => {
            out.push('[');
            for (i, item) in list.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write_value(out, item, inner);
            }
            newline(out, indent);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.0.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write_string(out, key);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write_value(out, item, inner);
            }
            newline(out, indent);
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Why text is not JSON, and where (1-based line; column as serde_json counts it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: &'static str,
    pub line: usize,
    pub column: usize,
}

/// serde_json's form: `message at line L column C`.
impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for ParseError {}

/// Nesting this deep is refused (as serde_json does), so no input can exhaust the stack.
const MAX_DEPTH: usize = 128;

/// Parse a whole text as one JSON value.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let value = parser.value()?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.error_here("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    /// An error at the byte `at` (its column counts it); at the end of the text, at its last byte.
    fn error_at(&self, at: usize, message: &'static str) -> ParseError {
        let before = &self.bytes[..at.min(self.bytes.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = if at < self.bytes.len() {
            at + 1 - line_start
        } else {
            before.len() - line_start
        };
        ParseError {
            message,
            line,
            column,
        }
    }

    /// An error once the first `read` bytes are consumed (the column counts the last of them).
    fn error_after(&self, read: usize, message: &'static str) -> ParseError {
        let before = &self.bytes[..read.min(self.bytes.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        ParseError {
            message,
            line,
            column: before.len() - line_start,
        }
    }

    fn error_here(&self, message: &'static str) -> ParseError {
        self.error_at(self.at, message)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        self.skip_space();
        match self.peek() {
            None => Err(self.error_here("EOF while parsing a value")),
            Some(b'n') => self.ident("null", Value::Null),
            Some(b't') => self.ident("true", Value::Bool(true)),
            Some(b'f') => self.ident("false", Value::Bool(false)),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(|p| p.array()),
            Some(b'{') => self.nested(|p| p.object()),
            Some(_) => Err(self.error_here("expected value")),
        }
    }

    fn nested(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<Value, ParseError>,
    ) -> Result<Value, ParseError> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error_here("recursion limit exceeded"));
        }
        self.at += 1;
        let value = read(self)?;
        self.depth -= 1;
        Ok(value)
    }

    fn ident(&mut self, word: &'static str, value: Value) -> Result<Value, ParseError> {
        for &expected in word.as_bytes() {
            match self.peek() {
                None => return Err(self.error_here("EOF while parsing a value")),
                Some(b) if b == expected => self.at += 1,
                Some(_) => return Err(self.error_here("expected ident")),
            }
        }
        Ok(value)
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        let mut list = Vec::new();
        self.skip_space();
        match self.peek() {
            Some(b']') => {
                self.at += 1;
                return Ok(Value::Array(list));
            }
            None => return Err(self.error_here("EOF while parsing a list")),
            Some(_) => {}
        }
        loop {
            list.push(self.value()?);
            self.skip_space();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        return Err(self.error_here("trailing comma"));
                    }
                }
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(list));
                }
                None => return Err(self.error_here("EOF while parsing a list")),
                Some(_) => return Err(self.error_here("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, ParseError> {
        let mut map = Map::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_space();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error_here("EOF while parsing an object")),
                Some(_) => return Err(self.error_here("key must be a string")),
            }
            let key = self.string()?;
            self.skip_space();
            match self.peek() {
                Some(b':') => self.at += 1,
                None => return Err(self.error_here("EOF while parsing an object")),
                Some(_) => return Err(self.error_here("expected `:`")),
            }
            let value = self.value()?;
            map.insert(key, value);
            self.skip_space();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.skip_space();
                    match self.peek() {
                        Some(b'}') => return Err(self.error_here("trailing comma")),
                        // After a comma serde_json wants a value (the key), not the object's end.
                        None => return Err(self.error_here("EOF while parsing a value")),
                        Some(_) => {}
                    }
                }
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(map));
                }
                None => return Err(self.error_here("EOF while parsing an object")),
                Some(_) => return Err(self.error_here("expected `,` or `}`")),
            }
        }
    }

    /// A string, from its opening quote.
    fn string(&mut self) -> Result<String, ParseError> {
        self.at += 1;
        let mut out = String::new();
        let mut run = self.at;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.error_here("EOF while parsing a string"));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    self.escape(&mut out)?;
                    run = self.at;
                }
                0..=0x1f => {
                    return Err(self.error_after(
                        self.at + 1,
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ))
                }
                _ => self.at += 1,
            }
        }
    }

    /// One escape, after its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        let Some(b) = self.peek() else {
            return Err(self.error_here("EOF while parsing a string"));
        };
        self.at += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                            return Err(self.error_here("lone leading surrogate in hex escape"));
                        }
                        self.at += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(self.error_here("lone leading surrogate in hex escape"));
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    }
                    code => code,
                };
                match char::from_u32(code) {
                    Some(c) => c,
                    None => return Err(self.error_here("invalid unicode code point")),
                }
            }
            _ => return Err(self.error_at(self.at - 1, "invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    /// Four hex digits (all four are read before they are checked, as serde_json does).
    fn hex4(&mut self) -> Result<u32, ParseError> {
        let Some(four) = self.bytes.get(self.at..self.at + 4) else {
            self.at = self.bytes.len();
            return Err(self.error_here("EOF while parsing a string"));
        };
        self.at += 4;
        four.iter().try_fold(0, |code, &b| {
            let digit = (b as char).to_digit(16);
            digit
                .map(|d| code * 16 + d)
                .ok_or_else(|| self.error_after(self.at, "invalid escape"))
        })
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error_here("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            None => return Err(self.error_here("EOF while parsing a value")),
            Some(_) => return Err(self.error_here("invalid number")),
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.number_error());
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            float = true;
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.number_error());
            }
        }
        let text = &self.text[start..self.at];
        if !float {
            let digits = &text[usize::from(negative)..];
            let magnitude = digits.bytes().try_fold(0u64, |n, b| {
                n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
            });
            match (negative, magnitude) {
                (false, Some(n)) => return Ok(Value::Number(Number::U(n))),
                (true, Some(0)) => return Ok(Value::Number(Number::F(-0.0))),
                (true, Some(n)) if n <= i64::MAX as u64 + 1 => {
                    return Ok(Value::Number(Number::I((n as i64).wrapping_neg())))
                }
                _ => {}
            }
        }
        match format::parse_f64(text) {
            Some(x) => Ok(Value::Number(Number::F(x))),
            None => Err(self.error_at(self.at - 1, "number out of range")),
        }
    }

    fn number_error(&self) -> ParseError {
        match self.peek() {
            None => self.error_here("EOF while parsing a value"),
            Some(_) => self.error_here("invalid number"),
        }
    }
}

#[cfg(test)]
mod tests {
    //! Checked against serde_json, which the app used before (a dev-dependency now).
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Result<serde_json::Value, (String, usize, usize)> {
        serde_json::from_str(text).map_err(|e| {
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
            (message, e.line(), e.column())
        })
    }

    /// Same verdict as serde_json; on an error, the same message and position; on success,
    /// the same value (printed compact, serde_json's map sorts its keys, so compare parsed).
    fn agrees(text: &str) {
        match (parse(text), reference(text)) {
            (Ok(mine), Ok(theirs)) => {
                let back: serde_json::Value = serde_json::from_str(&mine.to_string()).unwrap();
                assert_eq!(back, theirs, "{text:?}");
                let pretty: serde_json::Value = serde_json::from_str(&mine.to_pretty()).unwrap();
                assert_eq!(pretty, theirs, "{text:?}");
            }
            // serde_json stops reading a huge number where its exponent overflows; this parser
            // reads the whole number first, so only the column of that error differs.
            (Err(mine), Err(theirs)) if mine.message == "number out of range" => {
                assert_eq!(
                    (mine.message, mine.line),
                    (theirs.0.as_str(), theirs.1),
                    "{text:?}"
                );
            }
            (Err(mine), Err(theirs)) => {
                assert_eq!(
                    (mine.message.to_string(), mine.line, mine.column),
                    theirs,
                    "{text:?}"
                );
            }
            (mine, theirs) => panic!("{text:?}: {mine:?} vs {theirs:?}"),
        }
    }

    #[test]
    fn values_and_errors_as_serde_json() {
        for text in [
            "",
            " ",
            "null",
            "true",
            "[true, false, null]",
            "{\"a\": [1, -2, 3.5, 1e3, -0, 0.25e-2, 18446744073709551615, 18446744073709551616]}",
            "-9223372036854775808",
            "\"\\u00e9\\ud83d\\ude00\\n\\t\\\"\\\\\\/\\b\\f\\r\"",
            "{\"a\":1,\"a\":2}",
            "{\n  \"schema\": 1,\n  oops\n}",
            "{",
            "[",
            "[1,",
            "{\"a\":1,",
            "{\"a\":1, ",
            "{\"a\":1",
            "{\"a\":",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1 \"b\":2}",
            "{1:2}",
            "\"abc",
            "\"a\\x\"",
            "\"a\\u12\"",
            "\"a\nb\"",
            "01",
            "1.",
            "1.e5",
            "1e",
            "-",
            "-a",
            "1e999",
            "nul",
            "nulx",
            "tru",
            "[1] x",
            "x",
            "\u{feff}{}",
            "é",
            "\"é\" é",
        ] {
            agrees(text);
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        agrees(&deep);
    }

    #[test]
    fn prints_as_serde_json() {
        let text =
            "{\"b\":[],\"a\":{},\"c\":[1,{\"d\":\"x\\ny\\u0001\"}],\"e\":2.0,\"f\":1.5,\"g\":null}";
        let value = parse(text).unwrap();
        // Keys keep their order; serde_json with its preserve_order map would print the same.
        assert_eq!(value.to_string(), text);
        assert_eq!(
            value.to_pretty(),
            "{\n  \"b\": [],\n  \"a\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": \"x\\ny\\u0001\"\n    }\n  ],\n  \"e\": 2.0,\n  \"f\": 1.5,\n  \"g\": null\n}"
        );
        assert_eq!(Value::from_f64(f64::NAN), Value::Null);
        for x in [
            90.0,
            0.1,
            1e-7,
            1e300,
            -0.0,
            123456.789,
            5e-324,
            f64::MAX,
            1e15,
            1e16,
            1.5e16,
            1e-5,
            1.2e-5,
            1e-6,
            1e21,
            1e-100,
            2.5e100,
        ] {
            let text = Value::from_f64(x).to_string();
            assert_eq!(text, serde_json::to_string(&x).unwrap());
            assert_eq!(serde_json::from_str::<f64>(&text).unwrap(), x, "{text}");
            assert_eq!(parse(&text).unwrap(), Value::Number(Number::F(x)), "{text}");
        }
    }

    fn arb_json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            (-1e300f64..1e300).prop_map(serde_json::Value::from),
            "[ -~é\"\\\\\n\u{1}😀]{0,12}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::btree_map("[a-z\"é]{0,4}", inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn a_float_serde_json_spells_otherwise_still_reads_back() {
        let x = f64::from_bits(14039294211839271368);
        let ours = Value::from_f64(x).to_string();
        assert_eq!(
            serde_json::from_str::<f64>(&ours).unwrap().to_bits(),
            x.to_bits()
        );
        assert_eq!(ours.len(), serde_json::to_string(&x).unwrap().len());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// As serde_json prints them: the same layout and the same number of digits, reading
        /// back exactly. Where two shortest spellings both read back (`...591.13` and
        /// `...591.12` for bits 14039294211839271368), Rust's formatter and serde_json's ryu may
        /// pick different ones; either reads back to the same number, which is what files need.
        #[test]
        fn floats_print_as_serde_json(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            if x.is_finite() {
                let ours = Value::from_f64(x).to_string();
                let theirs = serde_json::to_string(&x).unwrap();
                prop_assert_eq!(serde_json::from_str::<f64>(&ours).unwrap().to_bits(), x.to_bits());
                prop_assert_eq!(ours.len(), theirs.len(), "{} vs {}", ours, theirs);
                let layout = |t: &str| (t.contains('e'), t.contains('.'), t.starts_with('-'));
                prop_assert_eq!(layout(&ours), layout(&theirs), "{} vs {}", ours, theirs);
            }
        }


        #[test]
        fn any_text_as_serde_json(text in any::<String>()) {
            agrees(&text);
        }

        #[test]
        fn any_value_as_serde_json(value in arb_json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                value.to_string()
            };
            agrees(&text);
            // Printed the same way as serde_json (its map sorts keys, and so did this one's input).
            let mine = parse(&text).unwrap();
            let printed = if pretty { mine.to_pretty() } else { mine.to_string() };
            prop_assert_eq!(printed, text);
        }

        #[test]
        fn damaged_values_as_serde_json(value in arb_json(), at in any::<prop::sample::Index>(), insert in "[\\[\\]{}\",:0-9a-z.eE+\\\\-]{0,4}", cut in 0usize..4) {
            let text = value.to_string();
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) { at -= 1; }
            let end = (at + cut).min(text.len());
            let end = if text.is_char_boundary(end) { end } else { at };
            agrees(&format!("{}{}{}", &text[..at], insert, &text[end..]));
        }
    }
}
