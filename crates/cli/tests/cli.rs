//! The `boardlens` binary, run as a user runs it, on the real files in `datasets/` and
//! `crates/core/tests/data/` (and, in CI, compared with `../shared/datasets/`). Every test has its own database in its own temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("boardlens.db")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("boardlens").unwrap();
        c.arg("--db").arg(self.db()).env_remove("BOARDLENS_DB");
        c
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// The whole database file set, to show a failed command changed nothing.
    fn digest(&self) -> String {
        let out = self.cmd().args(["--json", "datasets"]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn datasets_lists_every_bundled_dataset_with_its_provenance() {
    let env = Env::new();
    let out = env.cmd().arg("datasets").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for key in [
        "ods_etr 2025-07",
        "ods_etr 2023",
        "dma_overall 2025",
        "dspt_trusts 2022-23",
        "nss_org_results 2021-2024",
        "eric 2016-17",
    ] {
        assert!(stdout.contains(key), "{key} missing from:\n{stdout}");
    }
    assert!(stdout.contains("dma_results 2025\n"), "{stdout}");
    assert!(!stdout.contains("ILLUSTRATIVE"), "nothing bundled is synthetic");
    assert!(stdout.contains("licence:   Open Government Licence v3.0"));
    assert!(stdout.contains("publisher: NHS England, Organisation Data Service"));
}

#[test]
fn orgs_lists_open_acute_trusts_with_region_and_icb() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["orgs", "--type", "acute"])
        .assert()
        .success()
        .stderr("134 organisations\n");
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let guys = stdout.lines().find(|l| l.starts_with("RJ1 ")).expect("RJ1 listed");
    assert!(guys.contains("Guy's and St Thomas' NHS Foundation Trust"), "{guys}");
    assert!(
        guys.contains("London") && guys.contains("NHS South East London Integrated Care Board"),
        "{guys}"
    );
    assert!(!stdout.contains("\nRA4 "), "closed trusts are not listed by default");
}

#[test]
fn orgs_finds_by_name_and_region() {
    let env = Env::new();
    env.cmd()
        .args(["orgs", "--search", "north midlands", "--region", "Midlands"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("RJE").and(predicate::str::contains("University Hospitals of North Midlands")),
        );
}

/// The project's reference copies beside the repository (`../shared/datasets`). CI always has
/// them; a plain clone does not, and then the tests that compare with them say so and pass.
fn shared_datasets() -> Option<std::path::PathBuf> {
    let shared = repo().join("../shared/datasets");
    if shared.exists() {
        return Some(shared);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/datasets must be beside the repository in CI: {}",
        shared.display()
    );
    eprintln!("../shared/datasets is not beside this clone: skipping the comparison with it");
    None
}

/// Every real published file in the repository: the bundled datasets (byte for byte the
/// reference copies, checked below) and the test data the app does not bundle.
#[test]
fn every_real_dataset_imports_by_path_with_a_summary() {
    let env = Env::new();
    let folders = [repo().join("datasets"), repo().join("crates/core/tests/data")];
    let dirs: Vec<std::path::PathBuf> = folders
        .iter()
        .flat_map(|f| std::fs::read_dir(f).unwrap())
        .map(|d| d.unwrap().path())
        .filter(|d| d.is_dir())
        .collect();
    assert!(dirs.len() >= 6, "{dirs:?}");
    for dir in dirs {
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            // A newer copy of a bundled file (one more line end) replaces the bundled one.
            let mut bytes = std::fs::read(&file).unwrap();
            if file.extension().is_some_and(|e| e == "csv") {
                bytes.extend_from_slice(b"\n");
            }
            let name = file.file_name().unwrap().to_str().unwrap().to_string();
            let bundled_as_is = repo()
                .join("datasets")
                .join(dir.file_name().unwrap())
                .join(&name)
                .exists()
                && !name.ends_with(".csv");
            let copy = env.write(&name, bytes);
            let assert = env.cmd().arg("import").arg(&copy).assert().success();
            if bundled_as_is {
                // The bundled workbook, byte for byte: already in the database.
                assert.stdout(predicate::str::starts_with("Already imported: "));
            } else {
                assert.stdout(predicate::str::starts_with("Imported ").and(predicate::str::contains("rows read")));
            }
        }
    }
}

#[test]
fn a_dry_run_prints_the_summary_and_writes_nothing() {
    let env = Env::new();
    let before = env.digest();
    let file = env.write(
        "kpi.csv",
        "ods_code,indicator,period,value\nRJ1,local.a,2025,*\nZZZ99,local.a,2025,3\n",
    );
    env.cmd()
        .args(["import", "--dry-run"])
        .arg(&file)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Dry run (nothing written): kpi.csv")
                .and(predicate::str::contains("suppressed (*): 1"))
                .and(predicate::str::contains("ZZZ99 (row 3)")),
        );
    assert_eq!(env.digest(), before);
}

#[test]
fn importing_the_same_file_twice_says_so() {
    let env = Env::new();
    let file = env.write("kpi.csv", "ods_code,indicator,period,value\nRJ1,local.a,2025,1\n");
    env.cmd().arg("import").arg(&file).assert().success();
    env.cmd()
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Already imported"));
}

#[test]
fn bad_input_fails_with_file_row_and_column_and_changes_nothing() {
    let env = Env::new();
    let before = env.digest();
    let file = env.write(
        "kpi.csv",
        "ods_code,indicator,period,value\nRJ1,local.a,2025,1\nRRK,local.a,2025,NaN\n",
    );
    env.cmd()
        .arg("import")
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::starts_with(
            "error: kpi.csv, row 3, column D (value): 'NaN' is not a value",
        ));
    assert_eq!(env.digest(), before);
}

/// NHS England's monthly A&E CSV shape: the England total with `-` for a code, trusts, an
/// independent-sector provider, thousands separators in quoted cells, a percent column.
const AE_MARCH_2025: &str = "Org Code,Parent Org,Org name,A&E attendances Type 1,Percentage in 4 hours or less (type 1)\n\
    -,-,England,\"1,401,234\",61.0%\n\
    RJ1,NHS ENGLAND LONDON,GUY'S AND ST THOMAS' NHS FOUNDATION TRUST,\"12,345\",55.5%\n\
    RAL,NHS ENGLAND LONDON,ROYAL FREE LONDON NHS FOUNDATION TRUST,\"10,002\",*\n\
    NT301,NHS ENGLAND LONDON,AN INDEPENDENT SECTOR PROVIDER,0,99.0%\n";

#[test]
fn a_monthly_nhs_england_file_imports_with_no_flags_and_its_values_are_in_the_benchmark() {
    let env = Env::new();
    let file = env.write("AE-by-provider-March-2025.csv", AE_MARCH_2025);
    env.cmd().arg("import").arg(&file).assert().success().stdout(
        predicate::str::contains("as 'user.ae_by_provider' 2025-03 (adapter generic-wide")
            .and(predicate::str::contains(
                "period 2025-03 from the file name: AE-by-provider-March-2025",
            ))
            .and(predicate::str::contains("rows left out: 2"))
            .and(predicate::str::contains(
                "1 independent-sector providers (codes starting N: not NHS trusts, so no trust's peers): NT301 (row 5)",
            ))
            .and(predicate::str::contains(
                "E Percentage in 4 hours or less (type 1) (indicator, percent)",
            )),
    );
    let out = env
        .cmd()
        .args([
            "benchmark",
            "RJ1",
            "--dataset",
            "user.ae_by_provider",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let values: Vec<(String, f64)> = report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["label"].as_str().unwrap().to_string(), i["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        values,
        [
            ("A&E attendances Type 1".to_string(), 12345.0),
            ("Percentage in 4 hours or less (type 1)".to_string(), 55.5)
        ]
    );
}

#[test]
fn strict_import_stops_at_the_first_row_it_would_leave_out_and_changes_nothing() {
    let env = Env::new();
    let before = env.digest();
    let file = env.write("AE-by-provider-March-2025.csv", AE_MARCH_2025);
    env.cmd()
        .args(["import", "--strict"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::starts_with(
            "error: AE-by-provider-March-2025.csv, row 2, column A (Org Code): '-' is a total or subtotal row; --strict stops",
        ));
    assert_eq!(env.digest(), before);
}

#[test]
fn json_errors_carry_a_code_and_a_message() {
    let env = Env::new();
    let file = env.write("empty.csv", "");
    let out = env.cmd().args(["--json", "import"]).arg(&file).assert().failure();
    let err: serde_json::Value = serde_json::from_slice(&out.get_output().stderr).unwrap();
    assert_eq!(err["code"], "import.empty");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("empty.csv: the file is empty")
    );
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let env = Env::new();
    env.cmd()
        .args(["import", "no-such-file.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no-such-file.csv: No such file"));
}

#[test]
fn the_adapters_are_listed() {
    Command::cargo_bin("boardlens")
        .unwrap()
        .args(["import", "--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("dma-results").and(predicate::str::contains("generic-long")));
}

#[test]
fn boardlens_db_names_the_database() {
    let env = Env::new();
    let db = env.dir.path().join("from-env.db");
    Command::cargo_bin("boardlens")
        .unwrap()
        .env("BOARDLENS_DB", &db)
        .arg("datasets")
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn a_json_error_has_the_layers_code_for_a_bad_request_and_an_unknown_trust() {
    let env = Env::new();
    for (args, code) in [
        (&["--json", "benchmark", "RJ1", "--peers", "nearest:abc"][..], "invalid"),
        (&["--json", "benchmark", "RJ1; DROP"][..], "invalid"),
        (&["--json", "benchmark", "ZZZ99"][..], "not_found"),
        (
            &["--json", "peers", "RJ1", "--by", "nearest", "--weights", "shoe_size=3"][..],
            "invalid",
        ),
    ] {
        let output = env.cmd().args(args).output().unwrap();
        assert!(!output.status.success(), "{args:?}");
        let err: serde_json::Value = serde_json::from_slice(&output.stderr)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&output.stderr)));
        assert_eq!(err["code"], code, "{args:?}: {err}");
    }
}

#[test]
fn the_bundled_copies_match_the_shared_originals() {
    // datasets/ keeps the national files as published, byte for byte.
    let Some(shared) = shared_datasets() else { return };
    for entry in boardlens_core::bundled::entries().unwrap() {
        let original = shared.join(&entry.file);
        if entry.synthetic {
            assert!(!original.exists());
            continue;
        }
        assert_eq!(
            std::fs::read(&original).unwrap(),
            entry.bytes().unwrap(),
            "{} differs from ../shared",
            entry.file
        );
    }
}

#[test]
fn an_acute_trusts_rank_on_the_real_dma_score_matches_a_recount_from_the_csv() {
    let env = Env::new();
    // Recount from the published CSV: with peers by type, a DMA score is compared with every
    // trust that reports the acute care setting (all 134 in the file): 1 + those with a strictly
    // higher 2025 overall score.
    let csv = std::fs::read_to_string(repo().join("datasets/dma/dma_2025_overall_acute.csv")).unwrap();
    let mut scores = std::collections::HashMap::new();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.trim_end().split(',').collect();
        if let Ok(score) = cells[cells.len() - 2].parse::<f64>() {
            scores.insert(cells[0].to_string(), score);
        }
    }
    // Three acute trusts have no overall in the CSV but all seven pillars in NHS England's file:
    // the report stands the mean of their pillars (rounded to 2 dp) in. Recount those from the
    // pillar scores the command line reports.
    let out = env
        .cmd()
        .args(["benchmark", "RJE", "--dataset", "dma.acute.", "--format", "json"])
        .output()
        .unwrap();
    let pillars: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut sums: std::collections::HashMap<String, (f64, usize)> = std::collections::HashMap::new();
    for i in pillars["indicators"].as_array().unwrap() {
        if i["key"].as_str().unwrap().contains("overall") {
            continue;
        }
        for p in i["peer_values"].as_array().unwrap() {
            let e = sums.entry(p["ods_code"].as_str().unwrap().to_string()).or_default();
            e.0 += p["value"].as_f64().unwrap();
            e.1 += 1;
        }
    }
    let mut stood_in = 0;
    for (code, (sum, n)) in sums {
        if n == 7 && !scores.contains_key(&code) {
            scores.insert(code, ((sum / 7.0) * 100.0).round() / 100.0);
            stood_in += 1;
        }
    }
    assert_eq!(stood_in, 3);
    let own = scores["RJE"];
    let with_value: Vec<f64> = scores.iter().filter(|(c, _)| *c != "RJE").map(|(_, s)| *s).collect();
    let expected_rank = 1 + with_value.iter().filter(|&&s| s > own).count();
    let expected_n = with_value.len() + 1;

    let out = env
        .cmd()
        .args(["benchmark", "RJE", "--dataset", "dma.acute.overall", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let i = &report["indicators"][0];
    assert_eq!(i["key"], "dma.acute.overall");
    assert_eq!(i["value"].as_f64(), Some(own));
    assert_eq!(i["rank"].as_u64(), Some(expected_rank as u64));
    assert_eq!(i["n"].as_u64(), Some(expected_n as u64));
    for field in ["trust", "peer_group", "messages", "indicators"] {
        assert!(!report[field].is_null(), "{field}");
    }
    for field in [
        "key",
        "label",
        "group",
        "unit",
        "polarity",
        "period",
        "value",
        "n",
        "rank",
        "percentile",
        "quartile",
        "peers",
        "change",
        "ci95",
        "ci998",
        "label_vs_peers",
        "provenance",
    ] {
        assert!(i.get(field).is_some(), "indicators[].{field} is part of the contract");
    }
}

#[test]
fn benchmark_prints_key_messages_a_table_and_the_sources() {
    let env = Env::new();
    env.cmd().args(["benchmark", "RJ1"]).assert().success().stdout(
        predicate::str::contains(
            "Guy's and St Thomas' NHS Foundation Trust (RJ1) against acute trusts (type; 133 peers)",
        )
        .and(predicate::str::contains("Key messages"))
        .and(predicate::str::contains(
            "DMA pillars (acute), compared with trusts that report the acute care setting",
        ))
        .and(predicate::str::contains("ILLUSTRATIVE").not())
        .and(predicate::str::contains("not a league table"))
        .and(predicate::str::contains(
            "Contains public sector information licensed under the Open Government Licence v3.0",
        )),
    );
}

#[test]
fn benchmark_csv_has_one_row_per_indicator() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["benchmark", "RJ1", "--dataset", "dma.acute.", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Seven pillars, the mean of them, and NHS England's comparable overall.
    assert_eq!(rows.len(), 9);
    assert!(
        rows.iter().all(|r| &r[col("illustrative")] == "false"),
        "real data, not illustrative"
    );
    // Every row that ranks a DMA score carries the self-assessment caveat.
    assert!(
        rows.iter()
            .all(|r| r[col("caveat")].contains("self-assessed") && !r[col("rank")].is_empty()),
        "{text}"
    );
    let comparable = rows
        .iter()
        .find(|r| r[1].ends_with("overall_comparable_2024_2025"))
        .unwrap();
    assert_eq!((&comparable[23], &comparable[26]), ("2024", "true"));
}

#[test]
fn peers_by_nearest_neighbours_show_distance_and_features_and_can_be_saved() {
    let env = Env::new();
    env.cmd()
        .args(["peers", "RJ1", "--by", "nearest:5", "--save", "Like us"])
        .assert()
        .success()
        .stdout(predicate::str::contains("distance").and(predicate::str::contains("beds")))
        .stderr(predicate::str::contains("saved as 'Like us'"));
    env.cmd()
        .args([
            "benchmark",
            "RJ1",
            "--peers",
            "Like us",
            "--dataset",
            "dma.acute.overall",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("5 peers"));
}

#[test]
fn an_unknown_trust_or_peer_spec_is_a_clear_error() {
    let env = Env::new();
    env.cmd()
        .args(["benchmark", "XYZ99"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no organisation with ODS code 'XYZ99'"));
    env.cmd()
        .args(["peers", "RJ1", "--by", "nearest:zero"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("expected nearest:N"));
}

#[test]
fn chart_writes_the_image_its_alt_text_and_its_data() {
    let env = Env::new();
    let out = env.dir.path().join("profile.png");
    env.cmd()
        .args([
            "chart",
            "pillar-profile",
            "RJ1",
            "--size",
            "a4",
            "--dpi",
            "100",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("is above the peer median on"));
    let png = std::fs::read(&out).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let alt = std::fs::read_to_string(env.dir.path().join("profile.alt.txt")).unwrap();
    assert!(alt.contains("Guy's and St Thomas' NHS Foundation Trust") && !alt.contains("Illustrative"));
    assert!(alt.contains("Safe Practice: 3.30"), "{alt}");
    let csv = std::fs::read_to_string(env.dir.path().join("profile.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.iter().position(|l| l.is_empty()),
        Some(8),
        "a header and seven pillars"
    );
    let notes = lines[9..].join(" ");
    assert!(
        notes.contains("self-assessed") && notes.contains("Open Government Licence v3.0"),
        "the source, the caveat and the licence below the numbers: {csv}"
    );
    let svg = env.dir.path().join("ranked.svg");
    env.cmd()
        .args(["chart", "ranked-bar", "RJ1", "--indicator", "nss.burned_out", "--out"])
        .arg(&svg)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&svg)
            .unwrap()
            .contains("Open Government Licence")
    );
    env.cmd()
        .args(["chart", "ranked-bar", "RJ1", "--out"])
        .arg(env.dir.path().join("x.gif"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("must end in .png, .svg or .pdf"));
}

#[test]
fn pack_writes_the_board_pack_and_refuses_a_non_empty_folder() {
    let env = Env::new();
    let out = env.dir.path().join("pack");
    env.cmd()
        .args(["pack", "RJ1", "--dpi", "72", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("board-pack.pdf").and(predicate::str::contains("board-pack.pptx")));
    for f in [
        "board-pack.pdf",
        "board-pack.pptx",
        "board-pack-data.xlsx",
        "manifest.json",
        "charts/01-pillar-profile.png",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    env.cmd()
        .args(["pack", "RJ1", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not empty").and(predicate::str::contains("--force")));
    // With --json: the same code as the app's, and the folder as a field (docs/errors.md).
    let output = env
        .cmd()
        .args(["--json", "pack", "RJ1", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(err["code"], "export.folder_not_empty", "{err}");
    assert_eq!(err["path"], out.display().to_string());
    env.cmd()
        .args(["pack", "RJ1", "--dpi", "72", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn pack_takes_its_cover_sheet_from_a_toml_file_and_a_bad_one_writes_nothing() {
    let env = Env::new();
    let cover = env.dir.path().join("cover.toml");
    std::fs::write(
        &cover,
        "title = \"Digital maturity: where we stand\"\npurpose = \"decision\"\n\
         recommendation = \"The Board is asked to approve the digital plan.\"\nbaf_risk = \"BAF 7\"\n",
    )
    .unwrap();
    let out = env.dir.path().join("pack");
    env.cmd()
        .args(["pack", "RJ1", "--dpi", "72", "--cover"])
        .arg(&cover)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["cover"]["title"], "Digital maturity: where we stand");
    assert_eq!(
        manifest["cover"]["fields"][2],
        serde_json::json!({"label": "Recommendation", "value": "The Board is asked to approve the digital plan."})
    );

    // A misspelt field: the file and the line are named, and no pack is written.
    let bad = env.dir.path().join("bad-cover.toml");
    std::fs::write(&bad, "purpose = \"assurance\"\nrecomendation = \"Note it.\"\n").unwrap();
    let other = env.dir.path().join("pack-2");
    env.cmd()
        .args(["pack", "RJ1", "--cover"])
        .arg(&bad)
        .arg("--out")
        .arg(&other)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("bad-cover.toml")
                .and(predicate::str::contains("line 2"))
                .and(predicate::str::contains("unknown field `recomendation`")),
        );
    assert!(!other.exists());
}

/// The one scripted HTTP server of the tests.
#[path = "../../core/tests/support/http.rs"]
mod http;

#[test]
fn download_goes_through_the_proxy_named_in_http_proxy() {
    let env = Env::new();
    let mut dspt = std::fs::read(repo().join("datasets/dspt/dspt_trusts_2022-23_snapshot_2023-11-16.csv")).unwrap();
    dspt.extend_from_slice(b"\n");
    let server = http::serve(vec![http::Reply::Full(200, vec![], dspt)]);
    let (proxy, seen) = (server.base.clone(), server.seen.clone());
    env.cmd()
        .args(["download", "dspt-status", "--url", "http://127.0.0.1:9/dspt.csv"])
        .env("HTTP_PROXY", &proxy)
        .env("http_proxy", &proxy)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env("BOARDLENS_CACHE", env.dir.path().join("cache"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Downloaded http://127.0.0.1:9/dspt.csv")
                .and(predicate::str::contains("rows read               211")),
        );
    assert_eq!(seen.lock().unwrap()[0], "GET http://127.0.0.1:9/dspt.csv HTTP/1.1");
    env.cmd()
        .arg("datasets")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "source:    http://127.0.0.1:9/dspt.csv (retrieved ",
        ));
}

#[test]
fn the_download_catalogue_is_listed_and_an_unknown_key_is_refused() {
    Command::cargo_bin("boardlens")
        .unwrap()
        .args(["download", "--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ods-etr").and(predicate::str::contains("dma-data-file")));
    let env = Env::new();
    env.cmd()
        .args(["download", "nope"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no source 'nope' in the catalogue"));
}

/// Regression: a header-only copy of a bundled file silently emptied its dataset.
#[test]
fn a_header_only_copy_is_refused_unless_replace_is_given() {
    let env = Env::new();
    let text = std::fs::read_to_string(repo().join("datasets/dma/dma_2025_overall_acute.csv")).unwrap();
    let file = env.write(
        "dma_2025_overall_acute.csv",
        format!("{}\n", text.lines().next().unwrap()),
    );
    let before = env.digest();
    let output = env.cmd().args(["--json", "import"]).arg(&file).output().unwrap();
    assert!(!output.status.success());
    let err: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(err["code"], "import.would_shrink", "{err}");
    assert_eq!(env.digest(), before, "nothing was changed");
    env.cmd()
        .args(["import", "--replace"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("replaces the earlier 'dma_overall' 2025 file"));
}

/// Regression: a reader that stops early (`boardlens … | head`) made the CLI panic and exit 101.
#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    use std::io::Read;
    let env = Env::new();
    let bin = Command::cargo_bin("boardlens").unwrap().get_program().to_owned();
    let mut child = std::process::Command::new(bin)
        .env_remove("BOARDLENS_DB")
        .args(["--db"])
        .arg(env.dir.path().join("b.db"))
        .args(["benchmark", "RJ1", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reader is gone; the report (megabytes) cannot all fit in the pipe.
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

/// Regression: `chart --out kpis.png` silently replaced the user's own `kpis.csv` and
/// `kpis.alt.txt` beside it.
#[test]
fn a_chart_never_replaces_a_file_beside_it_unless_forced() {
    let env = Env::new();
    let out = env.dir.path().join("kpis.png");
    std::fs::write(env.dir.path().join("kpis.csv"), b"the user's own data").unwrap();
    let output = env
        .cmd()
        .args(["--json", "chart", "pillar-profile", "RJ1", "--dpi", "72", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(err["code"], "export.file_exists", "{err}");
    assert_eq!(err["path"], env.dir.path().join("kpis.csv").display().to_string());
    assert!(!out.exists(), "nothing was written");
    assert_eq!(
        std::fs::read(env.dir.path().join("kpis.csv")).unwrap(),
        b"the user's own data"
    );
    env.cmd()
        .args(["chart", "pillar-profile", "RJ1", "--dpi", "72", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.exists());
}

#[test]
fn regression_an_operating_system_error_is_said_once() {
    // Was: "…: No such file or directory (os error 2): No such file or directory (os error 2)".
    let env = Env::new();
    let out = env.cmd().args(["import", "/no/such/file.csv"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: /no/such/file.csv: No such file or directory (os error 2)\n"
    );
}

/// A long-format file big enough that a kill lands part-way through its import.
fn long_file(env: &Env, rows: usize) -> PathBuf {
    let mut text = String::from("ods_code,indicator,period,value\n");
    for i in 0..rows {
        text += &format!(
            "R{:03},local.k{},{},{}.{}\n",
            i % 200,
            i / 200 % 500,
            2015 + i / 100_000,
            i % 97,
            i % 10
        );
    }
    env.write("long.csv", text)
}

fn integrity(db: &Path) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// The user datasets in the database: (key and period, rows read).
fn user_datasets(db: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT key || ' ' || period, rows_read FROM dataset WHERE bundled = 0")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn kill_9_during_import_or_pack_leaves_all_or_nothing_and_no_leftovers() {
    let env = Env::new();
    env.cmd().arg("datasets").assert().success();
    let file = long_file(&env, 300_000);
    let bin = assert_cmd::cargo::cargo_bin("boardlens");
    for (i, delay_ms) in [40u64, 120, 250, 400, 700, 1100].iter().enumerate() {
        let mut child = std::process::Command::new(&bin)
            .arg("--db")
            .arg(env.db())
            .args(["--quiet", "import"])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(*delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        assert_eq!(integrity(&env.db()), "ok", "run {i}");
        // All or nothing: the file's dataset is wholly there (every row) or not there at all.
        match user_datasets(&env.db()).as_slice() {
            // 40 ms is far too soon to finish 300,000 rows: the first kill lands part-way.
            [] => {}
            [(_, rows)] if i > 0 => {
                assert_eq!(*rows, 300_000, "run {i}");
                break;
            }
            other => panic!("run {i}: {other:?}"),
        }
    }

    let out = env.dir.path().join("pack");
    for delay_ms in [100u64, 300, 600] {
        let mut child = std::process::Command::new(&bin)
            .arg("--db")
            .arg(env.db())
            .args(["--quiet", "pack", "RJ1", "--dpi", "72", "--force", "--out"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // A pack is there whole (its manifest), or not at all.
        assert!(!out.exists() || out.join("manifest.json").exists());
    }
    // The next pack tidies whatever the killed ones left.
    env.cmd()
        .args(["--quiet", "pack", "RJ1", "--dpi", "72", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    let left: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".boardlens-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(integrity(&env.db()), "ok");
}

#[test]
fn pack_leave_out_drops_a_section_and_its_charts_and_an_unknown_section_is_named() {
    let env = Env::new();
    let out = env.dir.path().join("pack");
    env.cmd()
        .args(["pack", "RJ1", "--dpi", "72", "--leave-out", "survey,dspt", "--out"])
        .arg(&out)
        .assert()
        .success();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let titles: Vec<&str> = manifest["paper"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert!(
        !titles.contains(&"Staff survey") && !titles.iter().any(|t| t.contains("DSPT")),
        "{titles:?}"
    );
    assert!(titles.contains(&"Key messages"), "{titles:?}");
    let charts = std::fs::read_dir(out.join("charts")).unwrap().count();
    assert!(
        !out.join("charts").read_dir().unwrap().any(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.contains("spine") || n.contains("funnel") || n.contains("dspt")
        }),
        "{charts} chart files, none of the survey's or the DSPT's"
    );
    env.cmd()
        .args(["pack", "RJ1", "--leave-out", "appendix", "--out"])
        .arg(env.dir.path().join("other"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("there is no section 'appendix' to leave out"));
}
