//! A user's own NHS file as NHS England publishes it, with no flags and no mapping: title
//! blocks, group header rows, total and footnote rows, thousands separators and percent signs,
//! a period column in the publisher's own code style, and organisations that are not trusts.
//! Fixtures are written here in the shapes of NHS England's monthly statistics (A&E
//! attendances and emergency admissions, diagnostics DM01, RTT, cancer waiting times), not
//! copied from published files.

use super::util::*;
use boardlens_core::benchmark::Request;
use boardlens_core::import::{ImportOptions, ImportSummary};
use boardlens_core::model::Unit;

fn left_out(s: &ImportSummary) -> Vec<(String, u64, Vec<String>)> {
    s.left_out
        .iter()
        .map(|l| (l.reason.clone(), l.rows, l.examples.clone()))
        .collect()
}

fn key_of(store: &boardlens_core::Store, label: &str) -> String {
    store
        .indicators()
        .unwrap()
        .into_iter()
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("no indicator labelled {label}"))
        .key
}

/// The shape of NHS England's monthly A&E workbook: a title block in column B, a group row
/// over the measures, a blank column A, the England total, a region, an ICB, trusts, an
/// independent-sector provider, a trust site, a sub-ICB location, a GP practice, footnotes.
fn ae_workbook() -> Vec<u8> {
    let e = "";
    xlsx(&[(
        "Provider Level Data",
        vec![
            vec![e, "Title:", "A&E Attendances and Emergency Admissions"],
            vec![
                e,
                "Summary:",
                "Monthly A&E attendances and emergency admissions by provider",
            ],
            vec![e, "Period:", "March 2025"],
            vec![e, "Source:", "Monthly Situation Reports (MSitAE)"],
            vec![e, "Basis:", "Provider"],
            vec![e, "Published:", "10 April 2025"],
            vec![e, "Revised:", "-"],
            vec![e, "Status:", "Published (Final) - Official Statistics"],
            vec![e, "Contact:", "england.nhsdata@nhs.net"],
            vec![],
            vec![e, e, e, e, "A&E attendances", e, "Percentage in 4 hours or less"],
            vec![
                e,
                " Org Code ",
                "Parent Org",
                "Org name",
                "Type 1\nDepartments - Major A&E",
                "Total attendances",
                "Type 1",
            ],
            vec![e, "-", "-", "England", "1,401,234", "2,345,678", "61.0%"],
            vec![e, "Y56", "-", "NHS ENGLAND LONDON", "250,101", "400,000", "58.2%"],
            vec![
                e,
                "QMJ",
                "NHS ENGLAND LONDON",
                "NHS NORTH CENTRAL LONDON ICB",
                "40,000",
                "61,000",
                "60.0%",
            ],
            vec![
                e,
                "RJ1",
                "NHS ENGLAND LONDON",
                "GUY'S AND ST THOMAS' NHS FOUNDATION TRUST",
                "12,345",
                "20,001",
                "55.5%",
            ],
            vec![
                e,
                "RAL",
                "NHS ENGLAND LONDON",
                "ROYAL FREE LONDON NHS FOUNDATION TRUST",
                "10,002",
                "15,000",
                "*",
            ],
            vec![
                e,
                "RRV",
                "NHS ENGLAND LONDON",
                "UNIVERSITY COLLEGE LONDON HOSPITALS NHS FOUNDATION TRUST",
                "-",
                "9,876",
                "70%",
            ],
            vec![
                e,
                "NT301",
                "NHS ENGLAND LONDON",
                "AN INDEPENDENT SECTOR PROVIDER",
                "0",
                "1,200",
                "99.0%",
            ],
            vec![
                e,
                "NVC02",
                "NHS ENGLAND LONDON",
                "ANOTHER INDEPENDENT SECTOR PROVIDER",
                "0",
                "300",
                "98.0%",
            ],
            vec![
                e,
                "RJ122",
                "NHS ENGLAND LONDON",
                "A SITE OF GUY'S",
                "100",
                "200",
                "50.0%",
            ],
            vec![e, "93C", "NHS ENGLAND LONDON", "NCL SUB-ICB LOCATION", "1", "2", "50%"],
            vec![e, "A81001", "NHS ENGLAND LONDON", "A GP PRACTICE", "", "30", ""],
            vec![],
            vec![e, "Notes:"],
            vec![e, "1. Type 1 departments are consultant-led 24-hour services."],
            vec![e, "Source: NHS England, A&E Attendances and Emergency Admissions."],
        ],
    )])
}

#[test]
fn an_nhs_england_monthly_workbook_imports_with_no_flags_and_says_what_it_left_out() {
    let mut store = bundled();
    let s = import(&mut store, "Monthly-AE-March-2025.xlsx", ae_workbook()).unwrap();

    // The title block is the provenance; the period came from its `Period:` line.
    let p = &s.provenance;
    assert_eq!(p.key, "user.monthly_ae");
    assert_eq!(p.period, "2025-03");
    assert_eq!(p.title, "A&E Attendances and Emergency Admissions");
    assert_eq!(p.publisher, "NHS England");
    assert_eq!(p.licence, "Open Government Licence v3.0");
    assert_eq!(p.published.as_deref(), Some("10 April 2025"));
    assert_eq!(p.revised, None, "'Revised: -' says it has not been revised");
    assert_eq!(p.status.as_deref(), Some("Published (Final) - Official Statistics"));
    assert_eq!(s.period_from.as_deref(), Some("the title block: Period: March 2025"));

    // Two header rows, joined; id columns recognised, not imported as measures.
    let t = s.table.as_ref().unwrap();
    assert_eq!(t.sheet.as_deref(), Some("Provider Level Data"));
    assert_eq!(t.header_rows, [11, 12]);
    assert_eq!(t.title_block.len(), 9);
    let columns: Vec<(&str, &str, &str, Option<&str>)> = t
        .columns
        .iter()
        .map(|c| (c.column.as_str(), c.header.as_str(), c.role.as_str(), c.unit.as_deref()))
        .collect();
    assert_eq!(
        columns,
        [
            ("B", "Org Code", "organisation code", None),
            ("C", "Parent Org", "parent organisation", None),
            ("D", "Org name", "organisation name", None),
            (
                "E",
                "A&E attendances – Type 1 Departments - Major A&E",
                "indicator",
                Some("count")
            ),
            ("F", "A&E attendances – Total attendances", "indicator", Some("count")),
            (
                "G",
                "Percentage in 4 hours or less – Type 1",
                "indicator",
                Some("percent")
            ),
        ]
    );

    // Trusts kept; everything else left out, counted, with examples, in the file's order.
    assert_eq!(
        left_out(&s),
        [
            (
                "totals and subtotals (England, national and 'Total' rows)".to_string(),
                1,
                vec!["'-' (row 13)".to_string()]
            ),
            (
                "NHS regions (totals of their trusts)".into(),
                1,
                vec!["Y56 (row 14)".into()]
            ),
            (
                "ICB subtotals (the file's other rows are trusts)".into(),
                1,
                vec!["QMJ (row 15)".into()]
            ),
            (
                "independent-sector providers (codes starting N: not NHS trusts, so no trust's peers)".into(),
                2,
                vec!["NT301 (row 19)".into(), "NVC02 (row 20)".into()]
            ),
            (
                "sites of trusts (Boardlens compares whole trusts)".into(),
                1,
                vec!["RJ122 (row 21)".into()]
            ),
            (
                "sub-ICB locations (Boardlens compares trusts and ICBs)".into(),
                1,
                vec!["93C (row 22)".into()]
            ),
            (
                "GP practices and other 6-character codes (not trusts or ICBs)".into(),
                1,
                vec!["A81001 (row 23)".into()]
            ),
            (
                "notes and footnotes (text with no values)".into(),
                3,
                vec![
                    "'Notes:' (row 25)".into(),
                    "'1. Type 1 departments are consultant-led…' (row 26)".into(),
                    "'Source: NHS England, A&E Attendances and…' (row 27)".into()
                ]
            ),
        ]
    );
    assert_eq!(s.observations_written, 9, "three trusts × three measures");
    assert_eq!(s.missing_values.values().sum::<u64>(), 2, "'*' and '-'");

    // Numbers as published.
    let type1 = key_of(&store, "A&E attendances – Type 1 Departments - Major A&E");
    let within4 = key_of(&store, "Percentage in 4 hours or less – Type 1");
    assert_eq!(
        store.observation(&type1, "RJ1", "2025-03").unwrap().unwrap().value,
        Some(12345.0)
    );
    assert_eq!(
        store.observation(&type1, "RRV", "2025-03").unwrap().unwrap().value,
        None
    );
    assert_eq!(
        store.observation(&within4, "RJ1", "2025-03").unwrap().unwrap().value,
        Some(55.5)
    );
    assert_eq!(
        store.observation(&within4, "RRV", "2025-03").unwrap().unwrap().value,
        Some(70.0)
    );
    assert_eq!(store.observation(&within4, "QMJ", "2025-03").unwrap(), None);
    let def = store
        .indicators()
        .unwrap()
        .into_iter()
        .find(|i| i.key == within4)
        .unwrap();
    assert_eq!(def.unit, Unit::Percent);
    assert_eq!(def.group, "A&E Attendances and Emergency Admissions");
    assert_eq!(def.polarity.as_str(), "no_judgement");

    // The summary says all of it in words.
    let d = s.description.join("\n");
    for line in [
        "published 10 April 2025 · Published (Final) - Official Statistics",
        "period 2025-03 from the title block: Period: March 2025",
        "table: sheet 'Provider Level Data', header rows 11 and 12 (labels joined); title block rows 1–9 (Title, Summary, Period, Source, Basis, Published, Revised, Status, Contact)",
        "rows left out: 11",
    ] {
        assert!(d.contains(line), "missing {line:?} in\n{d}");
    }
}

#[test]
fn strict_mode_stops_at_the_first_row_that_would_be_left_out() {
    let mut store = bundled();
    let options = ImportOptions {
        strict: true,
        ..ImportOptions::default()
    };
    let err = import_fails(&mut store, "Monthly-AE-March-2025.xlsx", ae_workbook(), options);
    assert_eq!(
        err.to_string(),
        "Monthly-AE-March-2025.xlsx, sheet 'Provider Level Data', row 13, column B (Org Code): '-' is a total or subtotal row; --strict stops at rows that would be left out (without it they are counted and the rest imported)"
    );
}

/// The shape of NHS England's monthly A&E CSV: a `Period` column whose every cell is the
/// publisher's code for the month, thousands separators in quoted cells.
fn ae_csv(months: &[(&str, u32)], first: u32) -> String {
    let mut csv = String::from(
        "\u{feff}Period,Org Code,Parent Org,Org name,A&E attendances Type 1,Emergency admissions via A&E - Type 1\n",
    );
    for (i, (month, year)) in months.iter().enumerate() {
        let period = format!("MSitAE-{}-{year}", month.to_uppercase());
        csv += &format!("{period},-,-,TOTAL,\"1,300,000\",\"400,000\"\n");
        for (j, code) in ["RJ1", "RAL", "RRV", "RKE", "RAP", "R1H", "RYJ"].iter().enumerate() {
            let attendances = 10_000 + 100 * (first + i as u32) + 37 * (j as u32);
            csv += &format!(
                "{period},{code},NHS ENGLAND LONDON,A TRUST,\"{}\",{}\n",
                thousands(attendances),
                3000 + j
            );
        }
        csv += &format!("{period},NT301,NHS ENGLAND LONDON,AN INDEPENDENT PROVIDER,100,0\n");
    }
    csv
}

fn thousands(n: u32) -> String {
    format!("{},{:03}", n / 1000, n % 1000)
}

const THIRTEEN_MONTHS: [(&str, u32); 13] = [
    ("March", 2024),
    ("April", 2024),
    ("May", 2024),
    ("June", 2024),
    ("July", 2024),
    ("August", 2024),
    ("September", 2024),
    ("October", 2024),
    ("November", 2024),
    ("December", 2024),
    ("January", 2025),
    ("February", 2025),
    ("March", 2025),
];

#[test]
fn a_period_column_in_the_publishers_code_style_gives_each_row_its_month_and_draws_spc() {
    let mut store = bundled();
    let s = import(&mut store, "ae_attendances.csv", ae_csv(&THIRTEEN_MONTHS, 0)).unwrap();
    assert_eq!(s.provenance.period, "2024-03 to 2025-03");
    assert_eq!(
        s.period_from.as_deref(),
        Some("the 'Period' column, row by row (e.g. MSitAE-MARCH-2024 → 2024-03)")
    );
    assert_eq!(s.observations_written, 13 * 7 * 2);
    assert_eq!(
        left_out(&s),
        [
            (
                "totals and subtotals (England, national and 'Total' rows)".to_string(),
                13,
                vec!["'-' (row 2)".to_string(), "'-' (row 11)".into(), "'-' (row 20)".into()]
            ),
            (
                "independent-sector providers (codes starting N: not NHS trusts, so no trust's peers)".into(),
                13,
                vec![
                    "NT301 (row 10)".into(),
                    "NT301 (row 19)".into(),
                    "NT301 (row 28)".into()
                ]
            ),
        ]
    );
    let attendances = key_of(&store, "A&E attendances Type 1");
    assert_eq!(
        store
            .observation(&attendances, "RAL", "2025-01")
            .unwrap()
            .unwrap()
            .value,
        Some(11_037.0)
    );

    // The trust's values are in its benchmark, month by month, with an SPC chart.
    let report = store.benchmark(&Request::new("RJ1")).unwrap();
    let r = report.indicators.iter().find(|i| i.key == attendances).unwrap();
    assert_eq!(r.period, "2025-03");
    assert_eq!(r.value, Some(11_200.0));
    assert_eq!(r.history.len(), 13);
    assert_eq!(r.history.first().map(|h| h.period.as_str()), Some("2024-03"));
    let spc = r.spc.as_ref().expect("13 months draw an SPC chart");
    assert_eq!(spc.points.len(), 13);
    assert_eq!(r.rank, None, "no direction, so no rank");
}

/// Regression (issue 15): a benchmark of nothing but imported measures said "No indicators with
/// data for … in the chosen period" above a table of their values.
#[test]
fn a_benchmark_of_measures_with_no_direction_says_they_are_shown_not_that_there_is_no_data() {
    let mut store = bundled();
    import(&mut store, "ae_attendances.csv", ae_csv(&THIRTEEN_MONTHS, 0)).unwrap();
    let mut request = Request::new("RJ1");
    request.dataset = Some("user.ae_attendances".into());
    let report = store.benchmark(&request).unwrap();
    assert_eq!(
        report.messages,
        [
            "2 measures with data for Guy's and St Thomas' NHS Foundation Trust, none with a stated better direction: each is shown beside the peers, not judged better or worse."
        ]
    );
}

#[test]
fn twelve_monthly_files_named_by_month_are_one_dataset_for_twelve_months() {
    let mut store = bundled();
    for (i, (month, year)) in THIRTEEN_MONTHS.iter().enumerate().skip(1) {
        let csv = ae_csv(&[(month, *year)], i as u32);
        // The month's own file carries no period column: its name says the month.
        let csv: String = csv
            .lines()
            .map(|l| l.split_once(',').map_or(l, |(_, rest)| rest).to_string() + "\n")
            .collect();
        let s = import(&mut store, &format!("AE-{month}-{year}.csv"), csv).unwrap();
        assert_eq!(s.provenance.key, "user.ae");
        assert_eq!(
            s.period_from.as_deref(),
            Some(format!("the file name: AE-{month}-{year}").as_str())
        );
    }
    let attendances = key_of(&store, "A&E attendances Type 1");
    let report = store.benchmark(&Request::new("RJ1")).unwrap();
    let r = report.indicators.iter().find(|i| i.key == attendances).unwrap();
    assert_eq!(r.history.len(), 12);
    assert_eq!(r.value, Some(11_200.0));
    assert!(r.spc.is_some(), "twelve months draw an SPC chart");
}

#[test]
fn the_period_is_asked_for_only_when_nothing_in_the_file_says_it() {
    let mut store = bundled();
    let csv = "Provider Code,Provider Name,Waiting list\nRJ1,GUY'S,\"1,234\"\n";
    let err = import_fails(&mut store, "waiting.csv", csv, ImportOptions::default());
    assert!(err.to_string().contains("pass --period"), "{err}");
    let s = import_with(
        &mut store,
        "waiting.csv",
        csv.into(),
        ImportOptions {
            period: Some("2025-03".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(s.period_from.as_deref(), Some("--period 2025-03"));
    assert_eq!(s.observations_written, 1);
}

#[test]
fn a_period_given_that_disagrees_with_the_title_block_is_used_and_noted() {
    let mut store = bundled();
    let s = import_with(
        &mut store,
        "Monthly-AE-March-2025.xlsx",
        ae_workbook(),
        ImportOptions {
            period: Some("2025-04".into()),
            ..ImportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(s.provenance.period, "2025-04");
    assert!(
        s.notes
            .iter()
            .any(|n| n == "--period 2025-04 used, although the title block: Period: March 2025 says 2025-03"),
        "{:?}",
        s.notes
    );
}

#[test]
fn a_second_header_row_under_merged_groups_is_joined_and_numbers_are_read_as_published() {
    let mut store = bundled();
    // DM01-like: groups in the top row (merged cells keep their text in the first column),
    // the measure names in the row below, negative numbers in brackets, spaces around values.
    let csv = "Provider Code,Provider Name,Total waiting list,,Change on last month\n\
               ,,Number,% waiting 6+ weeks,Number\n\
               RJ1,GUY'S,\" 12,345 \", 12.5% ,(120)\n\
               RAL,ROYAL FREE,\"9,001\",..,\"(1,020)\"\n\
               ,England,\"1,600,000\",20.1%,\"(10,000)\"\n";
    let s = import(&mut store, "DM01-Provider-2025-26-Q1.csv", csv).unwrap();
    assert_eq!(s.provenance.period, "2025-26 Q1");
    assert_eq!(s.table.as_ref().unwrap().header_rows, [1, 2]);
    let number = key_of(&store, "Total waiting list – Number");
    let share = key_of(&store, "Total waiting list – % waiting 6+ weeks");
    let change = key_of(&store, "Change on last month – Number");
    assert_eq!(
        store.observation(&number, "RJ1", "2025-26 Q1").unwrap().unwrap().value,
        Some(12_345.0)
    );
    assert_eq!(
        store.observation(&share, "RJ1", "2025-26 Q1").unwrap().unwrap().value,
        Some(12.5)
    );
    let missing = store.observation(&share, "RAL", "2025-26 Q1").unwrap().unwrap();
    assert_eq!(
        (missing.value, missing.missing.as_deref()),
        (None, Some("not available (..)"))
    );
    assert_eq!(
        store.observation(&change, "RAL", "2025-26 Q1").unwrap().unwrap().value,
        Some(-1020.0)
    );
    let units: Vec<Unit> = [&number, &share, &change]
        .iter()
        .map(|k| {
            store
                .indicators()
                .unwrap()
                .into_iter()
                .find(|i| &i.key == *k)
                .unwrap()
                .unit
        })
        .collect();
    assert_eq!(units, [Unit::Count, Unit::Percent, Unit::Number]);
    assert_eq!(s.left_out.len(), 1, "the England row with a blank code");
    assert_eq!(s.left_out[0].examples, ["a blank code (row 5)"]);
}

#[test]
fn a_file_of_icbs_keeps_its_icbs() {
    let mut store = bundled();
    let csv = "ICB Code,ICB Name,Referrals\nQMJ,NCL,\"1,000\"\nQRV,NWL,\"2,000\"\nY56,London,\"3,000\"\n";
    let s = import(&mut store, "referrals_2025-03.csv", csv).unwrap();
    assert_eq!(s.observations_written, 2);
    assert_eq!(left_out(&s).len(), 1, "{:?}", s.left_out);
    assert_eq!(s.left_out[0].examples, ["Y56 (row 4)"]);
}

/// The A&E monthly CSV as people who load it every month describe it: the national total row
/// spelt several ways (`TOTAL` in the Period cell with a blank code, `TOTAL` as the code, `TOTAL`
/// as the parent), trailing spaces in Parent Org, and a stray column with a header and no values.
#[test]
fn the_ae_csvs_total_row_in_each_of_its_spellings_is_left_out_not_an_error() {
    let mut store = bundled();
    let csv = "Period,Org Code,Parent Org,Org name,A&E attendances Type 1,Emergency admissions via A&E - Type 1,a\n\
               MSitAE-MAY-2025,RJ1,NHS ENGLAND LONDON   ,GUY'S,\"12,345\",\"3,001\",\n\
               MSitAE-MAY-2025,RAL,NHS ENGLAND LONDON   ,ROYAL FREE,\"10,002\",\"2,500\",\n\
               TOTAL,,TOTAL,,\"1,401,234\",\"400,000\",\n\
               MSitAE-MAY-2025,TOTAL,,,\"1,401,234\",\"400,000\",\n\
               MSitAE-MAY-2025,-,TOTAL,TOTAL,\"1,401,234\",\"400,000\",\n";
    let s = import(&mut store, "AE-Provider-May-2025.csv", csv).unwrap();
    assert_eq!(s.provenance.period, "2025-05");
    assert_eq!(s.observations_written, 4, "two trusts × two measures");
    assert_eq!(
        left_out(&s),
        [(
            "totals and subtotals (England, national and 'Total' rows)".to_string(),
            3,
            vec![
                "a blank code (row 4)".to_string(),
                "'TOTAL' (row 5)".into(),
                "'-' (row 6)".into()
            ]
        )]
    );
    let columns = &s.table.as_ref().unwrap().columns;
    let stray = columns.iter().find(|c| c.header == "a").unwrap();
    assert_eq!(stray.role, "not imported (not numbers)");
    let attendances = key_of(&store, "A&E attendances Type 1");
    assert_eq!(
        store
            .observation(&attendances, "RAL", "2025-05")
            .unwrap()
            .unwrap()
            .value,
        Some(10_002.0)
    );
}
