import { describe, expect, it } from "vitest";
import type { Organisation } from "../../src/lib/bindings";
import { options, pushRecent, searchTrusts, subjectWords, words } from "../../src/lib/trusts";

function org(ods_code: string, display_name: string, trust_type: string, region: string): Organisation {
  return {
    ods_code,
    name: display_name.toUpperCase(),
    display_name,
    kind: "trust",
    trust_type,
    region_code: null,
    region,
    icb_code: null,
    icb: null,
    open_date: null,
    close_date: null,
    successor: null,
  };
}

const TRUSTS = [
  org("RJ1", "Guy's and St Thomas' NHS Foundation Trust", "Acute", "London"),
  org("RJZ", "King's College Hospital NHS Foundation Trust", "Acute", "London"),
  org("RRK", "University Hospitals Birmingham NHS Foundation Trust", "Acute", "Midlands"),
  org("RXT", "Birmingham and Solihull Mental Health NHS Foundation Trust", "Mental health", "Midlands"),
  org("RYJ", "Imperial College Healthcare NHS Trust", "Acute", "London"),
];

describe("finding a trust", () => {
  it("finds a trust by its ODS code first, in any case", () => {
    expect(searchTrusts(TRUSTS, { query: "rj1", type: null, region: null })[0]?.ods_code).toBe("RJ1");
  });

  it("finds a trust by words of its name, ignoring apostrophes and NHS words", () => {
    const found = searchTrusts(TRUSTS, { query: "guys thomas", type: null, region: null });
    expect(found.map((t) => t.ods_code)).toEqual(["RJ1"]);
    expect(searchTrusts(TRUSTS, { query: "nhs trust", type: null, region: null })).toEqual([]);
  });

  it("matches the start of words, so typing goes on narrowing", () => {
    const codes = (q: string) => searchTrusts(TRUSTS, { query: q, type: null, region: null }).map((t) => t.ods_code);
    expect(codes("birm")).toEqual(["RXT", "RRK"]);
    expect(codes("birm ment")).toEqual(["RXT"]);
    expect(codes("college")).toEqual(["RYJ", "RJZ"]);
  });

  it("filters by type and region, and lists every trust with no query", () => {
    expect(searchTrusts(TRUSTS, { query: "", type: "Acute", region: "London" }).map((t) => t.ods_code)).toEqual([
      "RJ1",
      "RYJ",
      "RJZ",
    ]);
    expect(options(TRUSTS, "trust_type")).toEqual(["Acute", "Mental health"]);
    expect(options(TRUSTS, "region")).toEqual(["London", "Midlands"]);
  });

  it("keeps recent trusts newest first, without repeats, at most eight", () => {
    let recent: string[] = [];
    for (const c of ["A", "B", "C", "B"]) recent = pushRecent(recent, c);
    expect(recent).toEqual(["B", "C", "A"]);
    for (let i = 0; i < 20; i++) recent = pushRecent(recent, `T${i}`);
    expect(recent).toHaveLength(8);
    expect(recent[0]).toBe("T19");
  });

  it("reads names as people write them", () => {
    expect(words("Guy's & St Thomas' NHS Foundation Trust")).toEqual(["guys", "st", "thomas"]);
  });
});

describe("finding an ICB", () => {
  const qhl: Organisation = {
    ...org("QHL", "NHS Birmingham and Solihull Integrated Care Board", "", "Midlands"),
    kind: "icb",
    trust_type: null,
  };
  const all = [...TRUSTS, qhl];

  it("by the words people use: its name with ICB, its full name, or its code", () => {
    for (const query of ["Birmingham and Solihull ICB", "birmingham integrated care board", "QHL"]) {
      expect(searchTrusts(all, { query, type: null, region: null })[0]?.ods_code, query).toBe("QHL");
    }
    // "ICB" alone lists the ICBs, and no trust.
    expect(searchTrusts(all, { query: "icb", type: null, region: null }).map((o) => o.ods_code)).toEqual(["QHL"]);
  });

  it("as its own type in the filter", () => {
    expect(options(all, "trust_type")).toContain("Integrated care board");
    expect(
      searchTrusts(all, { query: "", type: "Integrated care board", region: null }).map((o) => o.ods_code),
    ).toEqual(["QHL"]);
  });
});

describe("subjectWords", () => {
  it("names an ICB as an ICB and anything else as a trust", () => {
    expect(subjectWords("icb")).toEqual({ one: "ICB", heading: "ICB" });
    expect(subjectWords("trust")).toEqual({ one: "trust", heading: "Trust" });
    expect(subjectWords(undefined)).toEqual({ one: "trust", heading: "Trust" });
  });
});
