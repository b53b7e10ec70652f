//! Turns `data/measurements.csv` and `data/prices.csv` into static Rust tables at build time, so the
//! page carries the measured data without parsing text (or shipping a float parser) at run time.
//! Writes `measured_data.rs` and `prices_data.rs` into OUT_DIR; `src/catalogue/` includes them.
//! A malformed file stops the build with a message naming the file, line and column.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

const MEASUREMENTS: &str = "data/measurements.csv";
const PRICES: &str = "data/prices.csv";

fn main() -> Result<(), String> {
    println!("cargo:rerun-if-changed={MEASUREMENTS}");
    println!("cargo:rerun-if-changed={PRICES}");
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?;
    let measured = measured_tables(&read_table(MEASUREMENTS)?)?;
    let prices = price_table(&read_table(PRICES)?)?;
    write(&Path::new(&out_dir).join("measured_data.rs"), &measured)?;
    write(&Path::new(&out_dir).join("prices_data.rs"), &prices)?;
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A CSV file as its header and rows, each cell found by column name.
struct Table {
    file: &'static str,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>, // (line number, cells)
}

impl Table {
    fn cell<'a>(&self, row: &'a (usize, Vec<String>), column: &str) -> Result<&'a str, String> {
        let index = self
            .header
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| format!("{}: no column `{column}`", self.file))?;
        row.1
            .get(index)
            .map(String::as_str)
            .ok_or_else(|| format!("{}:{}: no cell for `{column}`", self.file, row.0))
    }

    fn number(&self, row: &(usize, Vec<String>), column: &str) -> Result<f64, String> {
        let text = self.cell(row, column)?;
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
            _ => Err(format!(
                "{}:{}: `{column}` is not a positive number: {text:?}",
                self.file, row.0
            )),
        }
    }
}

fn read_table(file: &'static str) -> Result<Table, String> {
    let text = fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header = match lines.next() {
        Some((_, l)) => split_csv_line(l).map_err(|e| format!("{file}:1: {e}"))?,
        None => return Err(format!("{file}: empty")),
    };
    let mut rows = Vec::new();
    for (i, line) in lines {
        let cells = split_csv_line(line).map_err(|e| format!("{file}:{}: {e}", i + 1))?;
        if cells.len() != header.len() {
            return Err(format!(
                "{file}:{}: {} cells, header has {}",
                i + 1,
                cells.len(),
                header.len()
            ));
        }
        rows.push((i + 1, cells));
    }
    Ok(Table { file, header, rows })
}

/// One line of RFC 4180 CSV (quoted cells may hold commas and doubled quotes; no line breaks).
fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => cells.push(std::mem::take(&mut cell)),
            (_, c) => cell.push(c),
        }
    }
    if quoted {
        return Err("unterminated quote".into());
    }
    cells.push(cell);
    Ok(cells)
}

/// Strings stored once; points refer to them by index.
#[derive(Default)]
struct Interned {
    strings: Vec<String>,
    index: BTreeMap<String, usize>,
}

impl Interned {
    fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.strings.push(s.to_string());
        self.index.insert(s.to_string(), self.strings.len() - 1);
        self.strings.len() - 1
    }

    fn emit(&self, out: &mut String, name: &str) {
        let _ = writeln!(out, "static {name}: [&str; {}] = [", self.strings.len());
        for s in &self.strings {
            let _ = writeln!(out, "    {s:?},");
        }
        out.push_str("];\n");
    }
}

fn model_name(model: &str) -> String {
    match model {
        "deepseek-r1" => "DeepSeek-R1".to_string(),
        other => other.to_string(),
    }
}

fn tokens_k(tokens: u32) -> String {
    if tokens.is_multiple_of(1024) {
        format!("{}k", tokens / 1024)
    } else {
        tokens.to_string()
    }
}

struct Group {
    platform: String,
    workload: String,
    precision: &'static str,
    xs: Vec<f64>,
    output: Vec<f64>,
    total: Vec<f64>,
    sources: Vec<[usize; 4]>,
}

fn measured_tables(t: &Table) -> Result<String, String> {
    let mut workloads: BTreeMap<(String, u32, u32), String> = BTreeMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let (mut frameworks, mut configs, mut dates, mut sources) = (
        Interned::default(),
        Interned::default(),
        Interned::default(),
        Interned::default(),
    );
    for row in &t.rows {
        let at = |column: &str| format!("{}:{}: `{column}`", t.file, row.0);
        let platform = t.cell(row, "platform")?;
        let model = t.cell(row, "model")?;
        let precision = match t.cell(row, "precision")? {
            "fp4" => "Fp4",
            "fp8" => "Fp8",
            other => return Err(format!("{} is not fp4 or fp8: {other:?}", at("precision"))),
        };
        let isl: u32 = t
            .cell(row, "isl")?
            .parse()
            .map_err(|_| format!("{} is not a count", at("isl")))?;
        let osl: u32 = t
            .cell(row, "osl")?
            .parse()
            .map_err(|_| format!("{} is not a count", at("osl")))?;
        let workload = format!("{model}-{}{}", tokens_k(isl), tokens_k(osl));
        workloads.insert((model.to_string(), osl, isl), workload.clone());
        let x = t.number(row, "interactivity_tok_s_user")?;
        let point_sources = [
            frameworks.id(t.cell(row, "framework")?),
            configs.id(t.cell(row, "config")?),
            dates.id(t.cell(row, "run_date")?),
            sources.id(t.cell(row, "source")?),
        ];
        let same_group = groups.last().is_some_and(|g| {
            g.platform == platform && g.workload == workload && g.precision == precision
        });
        if !same_group {
            if groups.iter().any(|g| {
                g.platform == platform && g.workload == workload && g.precision == precision
            }) {
                return Err(format!(
                    "{}:{}: the rows of a group must be consecutive",
                    t.file, row.0
                ));
            }
            groups.push(Group {
                platform: platform.to_string(),
                workload,
                precision,
                xs: Vec::new(),
                output: Vec::new(),
                total: Vec::new(),
                sources: Vec::new(),
            });
        }
        let Some(g) = groups.last_mut() else {
            unreachable!("a group was just pushed")
        };
        if g.xs.last().is_some_and(|&last| x <= last) {
            return Err(format!(
                "{} must increase within a group",
                at("interactivity_tok_s_user")
            ));
        }
        g.xs.push(x);
        g.output.push(t.number(row, "output_tok_s_gpu")?);
        g.total.push(t.number(row, "total_tok_s_gpu")?);
        g.sources.push(point_sources);
    }

    let mut out =
        String::from("// Generated by build.rs from data/measurements.csv: do not edit.\n\n");
    // Ordered by model, output length, input length: 1k/1k, 8k/1k, 1k/8k.
    let _ = writeln!(out, "static WORKLOADS: [Workload; {}] = [", workloads.len());
    for ((model, osl, isl), id) in &workloads {
        let name = format!(
            "{}, {} in / {} out",
            model_name(model),
            tokens_k(*isl),
            tokens_k(*osl)
        );
        let _ = writeln!(
            out,
            "    Workload {{ id: {id:?}, name: {name:?}, model: {model:?}, isl: {isl}, osl: {osl} }},"
        );
    }
    out.push_str("];\n\n");
    frameworks.emit(&mut out, "FRAMEWORKS");
    configs.emit(&mut out, "CONFIGS");
    dates.emit(&mut out, "RUN_DATES");
    sources.emit(&mut out, "SOURCES");
    let _ = writeln!(out, "\nstatic FRONTIERS: [Frontier; {}] = [", groups.len());
    for g in &groups {
        let _ = writeln!(out, "    Frontier {{");
        let _ = writeln!(out, "        platform: {:?},", g.platform);
        let _ = writeln!(out, "        workload: {:?},", g.workload);
        let _ = writeln!(out, "        precision: Precision::{},", g.precision);
        let _ = writeln!(out, "        interactivity: &{:?},", g.xs);
        let _ = writeln!(out, "        output_tps: &{:?},", g.output);
        let _ = writeln!(out, "        total_tps: &{:?},", g.total);
        out.push_str("        sources: &[");
        for [f, c, d, s] in &g.sources {
            let _ = write!(
                out,
                "PointSource {{ framework: {f}, config: {c}, run_date: {d}, source: {s} }}, "
            );
        }
        out.push_str("],\n    },\n");
    }
    out.push_str("];\n");
    for (n, what) in [
        (frameworks.strings.len(), "frameworks"),
        (dates.strings.len(), "run dates"),
        (sources.strings.len(), "sources"),
    ] {
        if n > usize::from(u8::MAX) + 1 {
            return Err(format!("{}: {n} {what} do not fit the u8 index", t.file));
        }
    }
    if configs.strings.len() > usize::from(u16::MAX) + 1 {
        return Err(format!(
            "{}: too many configurations for the u16 index",
            t.file
        ));
    }
    Ok(out)
}

fn price_table(t: &Table) -> Result<String, String> {
    let mut out = String::from("// Generated by build.rs from data/prices.csv: do not edit.\n\n");
    let _ = writeln!(out, "static PRICES: [Price; {}] = [", t.rows.len());
    let mut seen = std::collections::BTreeSet::new();
    for row in &t.rows {
        let at = |column: &str| format!("{}:{}: `{column}`", t.file, row.0);
        let key = (
            t.cell(row, "platform")?,
            t.cell(row, "tier")?,
            t.cell(row, "survey")?,
        );
        if !seen.insert(key) {
            return Err(format!("{}:{}: a second price for {key:?}", t.file, row.0));
        }
        let tier = match t.cell(row, "tier")? {
            "own-hyperscaler" => "OwnHyperscaler",
            "own-neocloud" => "OwnNeocloud",
            "rent-3yr" => "Rent3yr",
            other => return Err(format!("{} is not a known tier: {other:?}", at("tier"))),
        };
        let survey = match t.cell(row, "survey")? {
            "2025-08" => "Aug2025",
            "2026-07" => "Jul2026",
            other => return Err(format!("{} is not a known survey: {other:?}", at("survey"))),
        };
        let note = match t.cell(row, "note")? {
            "" => "None".to_string(),
            text => format!("Some({text:?})"),
        };
        let _ = writeln!(
            out,
            "    Price {{ platform: {:?}, tier: Tier::{tier}, survey: Survey::{survey}, usd_per_gpu_hour: {:?}, \
             all_in_kw: {:?}, note: {note} }},",
            t.cell(row, "platform")?,
            t.number(row, "usd_per_gpu_hour")?,
            t.number(row, "all_in_kw")?,
        );
    }
    out.push_str("];\n");
    Ok(out)
}
