//! The `boardlens` binary, run as a user runs it, on the real files in `datasets/` and
//! `../shared/datasets/`. Every test has its own database in its own temporary directory.

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
    assert!(stdout.contains("dma_pillars 2024 and 2025  [ILLUSTRATIVE: synthetic]"));
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

#[test]
fn every_shared_dataset_imports_by_path_with_a_summary() {
    let shared = repo().join("../shared/datasets");
    if !shared.exists() {
        panic!(
            "../shared/datasets is missing beside the repository: {}",
            shared.display()
        );
    }
    let env = Env::new();
    for dir in std::fs::read_dir(&shared).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            // A newer copy of a bundled file (one more line end) replaces the bundled one.
            let mut bytes = std::fs::read(&file).unwrap();
            if file.extension().is_some_and(|e| e == "csv") {
                bytes.extend_from_slice(b"\n");
            }
            let copy = env.write(file.file_name().unwrap().to_str().unwrap(), bytes);
            env.cmd()
                .arg("import")
                .arg(&copy)
                .assert()
                .success()
                .stdout(predicate::str::starts_with("Imported ").and(predicate::str::contains("rows read")));
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
        .stdout(predicate::str::contains("dma-pillars").and(predicate::str::contains("generic-long")));
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
fn the_bundled_copies_match_the_shared_originals() {
    // datasets/ keeps the national files as published; only the demo workbook is ours.
    let shared = repo().join("../shared/datasets");
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
