//! Repository chores. `cargo xtask demo-dma` regenerates the bundled ILLUSTRATIVE DMA pillar
//! workbook, `datasets/dma/dma_pillars_demo_2024-2025.xlsx`.
//!
//! # Why there is demo data
//! NHS England publishes DMA pillar scores only in an .xlsx data file that users download
//! themselves; the project bundles the real 2025 *overall* scores of acute trusts but no pillar
//! scores. Until a user imports the real file, the app needs pillar values to show anything, so
//! this generator writes them — clearly marked synthetic — in exactly the published layout, and
//! the app imports them through the same adapter as the real file.
//!
//! # How the numbers are made (seeded, reproducible)
//! - Trusts: every open English trust in `datasets/ods/etr_2025-07.csv` whose type is known from
//!   `trusts_master_2023.csv` (acute → care setting "Acute", mental health → "Mental Health",
//!   community → "Community", ambulance → "Ambulance"). Names as NHS England writes them: the DMA
//!   file's names for acute trusts, the staff survey's for others, else the ODS name in title case.
//! - 2025 overall: for acute trusts with a real 2025 overall score, that score; for the others a
//!   draw from a normal distribution around the care setting's mean (sd 0.35), kept in 1.3–3.8.
//! - 2025 pillars: a typical profile across the seven pillars plus noise (sd 0.25), shifted so
//!   their mean is the overall score; rounded to 2 decimals with the rounding remainder given
//!   back a hundredth at a time, so **the mean of the seven pillars equals the overall score to
//!   2 decimals exactly**.
//! - 2024: each trust a year earlier — the 2025 scores less an improvement drawn around 0.12
//!   (sd 0.2), plus noise per pillar (sd 0.15).
//! - Randomness: SplitMix64 seeded with [`SEED`] and Box–Muller normals: no external crate, so the
//!   output never changes with a dependency update.
//! - "England" summary rows (the mean per care setting) sit among the providers, as published.

use anyhow::{Context, Result, bail};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The seed: the publication date of NHS England's DMA data file v2.
pub const SEED: u64 = 20_260_330;

const PILLARS: [&str; 7] = [
    "Well Led",
    "Ensure Smart Foundations",
    "Safe Practice",
    "Support Workforce",
    "Empower People",
    "Improve Care",
    "Healthy Populations",
];
/// A typical profile: how far each pillar tends to sit from a trust's overall score.
const PROFILE: [f64; 7] = [0.35, 0.20, 0.05, -0.10, -0.20, 0.00, -0.30];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("demo-dma") => {
            let root = repo_root()?;
            let out = root.join("datasets/dma/dma_pillars_demo_2024-2025.xlsx");
            let providers = demo_providers(&root.join("datasets"))?;
            let bytes = workbook(&providers)?;
            if args.get(1).map(String::as_str) == Some("--check") {
                let committed = std::fs::read(&out).with_context(|| out.display().to_string())?;
                if committed != bytes {
                    bail!("{} is stale: run `cargo xtask demo-dma` and commit it", out.display());
                }
                println!("{} is up to date", out.display());
                return Ok(());
            }
            std::fs::write(&out, bytes).with_context(|| out.display().to_string())?;
            println!("wrote {} ({} providers)", out.display(), providers.len());
            Ok(())
        }
        _ => bail!("usage: cargo xtask demo-dma [--check]"),
    }
}

fn repo_root() -> Result<PathBuf> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Ok(here
        .ancestors()
        .nth(2)
        .context("xtask is not in crates/xtask")?
        .to_path_buf())
}

/// SplitMix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Normal (Box–Muller).
    fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let (u1, u2) = (self.uniform(), self.uniform());
        mean + sd * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

/// One row of the demo workbook.
struct Provider {
    region: String,
    ics: String,
    name: String,
    setting: &'static str,
    y2025: [i64; 7],
    y2024: [i64; 7],
}

fn read_csv(path: &Path, headers: bool) -> Result<Vec<csv::StringRecord>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(headers)
        .flexible(true)
        .from_path(path)
        .with_context(|| path.display().to_string())?;
    Ok(r.records().collect::<std::result::Result<_, _>>()?)
}

fn title_case(upper: &str) -> String {
    upper
        .split(' ')
        .enumerate()
        .map(|(i, w)| match w {
            "NHS" => w.to_string(),
            "AND" | "OF" | "THE" | "FOR" if i > 0 => w.to_lowercase(),
            _ => {
                let lower = w.to_lowercase();
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Hundredths of a score, kept on the 1–5 scale.
fn hundredths(x: f64) -> i64 {
    (x * 100.0).round().clamp(100.0, 500.0) as i64
}

/// Seven pillar scores (hundredths) whose sum is exactly 7 × `target` (hundredths).
fn pillars_with_mean(rng: &mut Rng, target: i64) -> [i64; 7] {
    let raw: Vec<f64> = PROFILE.iter().map(|p| p + rng.normal(0.0, 0.25)).collect();
    let shift = target as f64 / 100.0 - raw.iter().sum::<f64>() / 7.0;
    let mut p: [i64; 7] = std::array::from_fn(|i| hundredths(raw[i] + shift));
    let mut residual = 7 * target - p.iter().sum::<i64>();
    let mut i = 0;
    while residual != 0 {
        let step = residual.signum();
        if (100..=500).contains(&(p[i % 7] + step)) {
            p[i % 7] += step;
            residual -= step;
        }
        i += 1;
    }
    p
}

fn demo_providers(datasets: &Path) -> Result<Vec<Provider>> {
    let etr = read_csv(&datasets.join("ods/etr_2025-07.csv"), false)?;
    let types: HashMap<String, String> = read_csv(&datasets.join("ods/trusts_master_2023.csv"), true)?
        .iter()
        .map(|r| (r[0].to_string(), r[4].to_string()))
        .collect();
    let dma: HashMap<String, (String, Option<f64>)> = read_csv(&datasets.join("dma/dma_2025_overall_acute.csv"), true)?
        .iter()
        .map(|r| (r[0].to_string(), (r[1].to_string(), r[5].parse().ok())))
        .collect();
    let mut survey_names = HashMap::new();
    for r in read_csv(
        &datasets.join("staff_survey/nss_2021-2024_org_results_wellbeing.csv"),
        true,
    )? {
        survey_names.insert(r[0].to_string(), r[2].to_string()); // later years win
    }
    let regions: HashMap<String, String> = read_csv(&datasets.join("ods/sicbl_icb_nhser_apr2023_lookup.csv"), true)?
        .iter()
        .map(|r| (r[7].to_string(), r[8].to_string()))
        .collect();
    let icss: HashMap<String, String> = read_csv(&datasets.join("ods/icb_master_2023.csv"), true)?
        .iter()
        .map(|r| {
            (
                r[4].to_string(),
                r[5].trim_start_matches("NHS ")
                    .trim_end_matches(" Integrated Care Board")
                    .to_string(),
            )
        })
        .collect();

    let mut rng = Rng(SEED);
    let mut out = Vec::new();
    let mut trusts: Vec<&csv::StringRecord> = etr.iter().filter(|r| r[11].is_empty() && &r[2] != "W00").collect();
    trusts.sort_by(|a, b| a[0].cmp(&b[0]));
    for r in trusts {
        let code = &r[0];
        let (setting, mean) = match types.get(code).map(String::as_str) {
            Some("ACUTE") => ("Acute", 2.46),
            Some("MENTAL HEALTH") => ("Mental Health", 2.40),
            Some("COMMUNITY") => ("Community", 2.30),
            Some("AMBULANCE") => ("Ambulance", 2.50),
            _ => continue,
        };
        let drawn = rng.normal(mean, 0.35).clamp(1.3, 3.8);
        let real = dma.get(code).and_then(|(_, s)| *s);
        let overall = hundredths(real.unwrap_or(drawn));
        let y2025 = pillars_with_mean(&mut rng, overall);
        let change = rng.normal(0.12, 0.2);
        let y2024 = std::array::from_fn(|i| hundredths(y2025[i] as f64 / 100.0 - change + rng.normal(0.0, 0.15)));
        let name = dma
            .get(code)
            .map(|(n, _)| n.clone())
            .or_else(|| survey_names.get(code).cloned())
            .unwrap_or_else(|| title_case(&r[1]));
        out.push(Provider {
            region: regions.get(&r[2]).cloned().unwrap_or_else(|| r[2].to_string()),
            ics: icss.get(&r[3]).cloned().unwrap_or_else(|| r[3].to_string()),
            name,
            setting,
            y2025,
            y2024,
        });
    }
    out.sort_by(|a, b| (&a.region, &a.name).cmp(&(&b.region, &b.name)));
    Ok(out)
}

fn workbook(providers: &[Provider]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    // A fixed creation time keeps the file byte-for-byte reproducible.
    wb.set_properties(
        &DocProperties::new()
            .set_title("Digital Maturity Assessment pillar scores: ILLUSTRATIVE synthetic demo data")
            .set_author("Boardlens demo generator")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 3, 30)?),
    );
    let bold = Format::new().set_bold();
    let score = Format::new().set_num_format("0.00");
    let warning = "ILLUSTRATIVE SYNTHETIC DATA generated by Boardlens (cargo xtask demo-dma, seed 20260330): not NHS England's published scores";

    let contents = wb.add_worksheet().set_name("Contents")?;
    contents.write_string_with_format(0, 0, "Digital Maturity Assessment: pillar scores (demo)", &bold)?;
    contents.write_string(1, 0, warning)?;
    contents.write_string(3, 0, "Same layout as NHS England's 'Digital Maturity Assessment Results Data File': header on row 11, table from column B.")?;
    contents.write_string(
        4,
        0,
        "DMA scores are self-assessed; NHS England presents them as a guide to progress, not a league table.",
    )?;

    for (year, pick) in [(2025, 0usize), (2024, 1usize)] {
        let sheet = wb.add_worksheet().set_name(format!("SC - {year} Pillar Summary"))?;
        sheet.write_string_with_format(
            0,
            1,
            format!("Digital Maturity Assessment {year}: pillar summary by provider and care setting"),
            &bold,
        )?;
        sheet.write_string(1, 1, warning)?;
        sheet.write_string(
            3,
            1,
            "Scores 1-5. Pillar scores aggregate the domain scores of each pillar.",
        )?;
        sheet.write_string(4, 1, "England rows give the mean of providers in each care setting.")?;
        let header_row = 10; // row 11 as a spreadsheet shows it
        for (c, h) in ["Region", "ICS", "Provider", "Care Setting"]
            .iter()
            .chain(PILLARS.iter())
            .enumerate()
        {
            sheet.write_string_with_format(header_row, 1 + c as u16, *h, &bold)?;
        }
        let mut by_setting: BTreeMap<&str, Vec<[i64; 7]>> = BTreeMap::new();
        for p in providers {
            by_setting
                .entry(p.setting)
                .or_default()
                .push(if pick == 0 { p.y2025 } else { p.y2024 });
        }
        let mut row = header_row + 1;
        for (setting, scores) in &by_setting {
            sheet.write_string(row, 1, "England")?;
            sheet.write_string(row, 2, "England")?;
            sheet.write_string(row, 3, "England")?;
            sheet.write_string(row, 4, *setting)?;
            for i in 0..7 {
                let mean = scores.iter().map(|s| s[i]).sum::<i64>() as f64 / scores.len() as f64 / 100.0;
                sheet.write_number_with_format(row, 5 + i as u16, (mean * 100.0).round() / 100.0, &score)?;
            }
            row += 1;
        }
        for p in providers {
            sheet.write_string(row, 1, &p.region)?;
            sheet.write_string(row, 2, &p.ics)?;
            sheet.write_string(row, 3, &p.name)?;
            sheet.write_string(row, 4, p.setting)?;
            let s = if pick == 0 { p.y2025 } else { p.y2024 };
            for (i, v) in s.iter().enumerate() {
                sheet.write_number_with_format(row, 5 + i as u16, *v as f64 / 100.0, &score)?;
            }
            row += 1;
        }
        sheet.set_column_width(3, 60)?;
    }

    let compare = wb.add_worksheet().set_name("SC - 24 vs 25 Overall DMA")?;
    compare.write_string(1, 1, warning)?;
    for (c, h) in ["Provider", "Care Setting", "2024 Overall", "2025 Overall"]
        .iter()
        .enumerate()
    {
        compare.write_string_with_format(10, 1 + c as u16, *h, &bold)?;
    }
    for (i, p) in providers.iter().enumerate() {
        let r = 11 + i as u32;
        compare.write_string(r, 1, &p.name)?;
        compare.write_string(r, 2, p.setting)?;
        compare.write_number_with_format(r, 3, (p.y2024.iter().sum::<i64>() as f64 / 7.0).round() / 100.0, &score)?;
        compare.write_number_with_format(r, 4, (p.y2025.iter().sum::<i64>() as f64 / 7.0).round() / 100.0, &score)?;
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pillar_means_equal_the_target_exactly() {
        let mut rng = Rng(SEED);
        for target in [151, 246, 300, 359, 420] {
            let p = pillars_with_mean(&mut rng, target);
            assert_eq!(p.iter().sum::<i64>(), 7 * target, "{p:?}");
            assert!(p.iter().all(|v| (100..=500).contains(v)));
        }
    }

    #[test]
    fn the_generator_is_seeded() {
        let (mut a, mut b) = (Rng(SEED), Rng(SEED));
        assert_eq!(a.next_u64(), b.next_u64());
        assert_eq!(
            title_case("KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST"),
            "King's College Hospital NHS Foundation Trust"
        );
    }
}
