// Page tests: the UI in Debian's Chromium (playwright-core), IPC mocked with fixtures from the
// CLI. What a person sees and does on each screen, at a board laptop's 1366×768.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createServer } from "vite";
import { makeFixtures } from "./fixtures.mjs";

const ui = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let server;
let browser;
let fixtures;

const COVER = { title: "", meeting: "", purpose: "information", strategic_objective: "", baf_risk: "", committees: "", presented_by: "", recommendation: "" };
const WORKSPACE = { trust: null, recent: [], peers: { method: "type" }, weights: {}, charts: [], size: "slide", format: "png", proxy: null, cover: COVER };

before(async () => {
  fixtures = makeFixtures();
  server = await createServer({ root: ui, configFile: path.join(ui, "vite.config.ts"), server: { port: 0, strictPort: false }, logLevel: "error" });
  await server.listen();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(scenario = {}, viewport = { width: 1366, height: 768 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript((s) => {
    window.__scenario = s;
  }, { fixtures, workspace: WORKSPACE, ...scenario });
  const url = server.resolvedUrls.local[0];
  await page.goto(`${url}tests/pages/harness.html`);
  return { page, errors, calls: () => page.evaluate(() => window.__calls) };
}

test("on first start the trust picker finds a trust by name and Enter opens its dashboard", async () => {
  const { page, errors, calls } = await open();
  const search = page.getByLabel("Trust or ICB name, or ODS code");
  await assert.doesNotReject(search.waitFor());
  assert.equal(await page.evaluate(() => document.activeElement?.id), "trust-search", "the search box has focus");
  await search.fill("guys thom");
  const first = page.locator("[data-testid=trust-option]").first();
  assert.equal(await first.getAttribute("data-code"), "RJ1");
  await search.press("Enter");
  await page.getByRole("heading", { name: "Guy's and St Thomas' NHS Foundation Trust", level: 1 }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "trust-title");
  const saved = (await calls()).filter((c) => c.cmd === "save_workspace").at(-1);
  assert.equal(saved.args.workspace.trust, "RJ1");
  assert.deepEqual(saved.args.workspace.recent, ["RJ1"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the first run says what Boardlens is for, the Data screen works before a trust is chosen, and the other tabs say why they wait", async () => {
  const { page, errors } = await open();
  await page.getByTestId("trust-picker").waitFor();
  assert.match(await page.getByTestId("orientation").innerText(), /digital maturity against its peers, from NHS England's published data/);
  for (const tab of ["dashboard", "peers", "export"]) {
    assert.equal(await page.getByTestId(`tab-${tab}`).getAttribute("aria-disabled"), "true", `${tab} waits for a trust`);
    assert.equal(await page.getByTestId(`tab-${tab}`).getAttribute("aria-current"), null, "no screen is current while the picker shows");
  }
  assert.equal(await page.getByTestId("tab-data").getAttribute("aria-disabled"), null);
  // A tab that waits still answers a click (aria-disabled, not disabled): with the reason.
  await page.getByTestId("tab-export").click({ force: true });
  assert.equal(await page.getByTestId("picker-hint").innerText(), "Export is about one organisation: choose a trust or ICB first.");
  await page.getByTestId("tab-data").click();
  await page.getByTestId("datasets").waitFor();
  assert.equal(await page.getByTestId("tab-data").getAttribute("aria-current"), "page");
  assert.equal(await page.getByTestId("trust-picker").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("at 1280×720 the key messages are in view without scrolling, the tiles fill their rows, and the skip link reaches the board pack", async () => {
  const { page, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } }, { width: 1280, height: 720 });
  await page.getByTestId("tile-dma").waitFor();
  const messages = await page.getByTestId("messages").boundingBox();
  assert.ok(messages.y + 40 < 720, `the key messages start at ${messages.y} px`);
  const rows = await page.locator("section.tiles article.tile").evaluateAll((ts) => {
    const byRow = new Map();
    for (const t of ts) byRow.set(Math.round(t.getBoundingClientRect().top), (byRow.get(Math.round(t.getBoundingClientRect().top)) ?? 0) + 1);
    return [...byRow.values()];
  });
  assert.ok(rows.length >= 2 && rows.every((n) => n === rows[0]), `tiles per row: ${rows.join(", ")}`);
  // Keyboard: the second skip link goes straight to the board pack's button.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "skip-to-export");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "make-pack");
  assert.deepEqual(errors, []);
  await page.close();
});

test("after a restart on a hand-picked group, the Peers screen shows that method checked", async () => {
  const codes = fixtures.reports.type.peer_group.members.slice(0, 5).map((m) => m.ods_code);
  const { page, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1", peers: { method: "list", codes } } });
  await page.getByTestId("tile-dma").waitFor().catch(() => undefined);
  await page.getByTestId("tab-peers").click();
  const list = page.getByTestId("method-list");
  await list.waitFor();
  assert.equal(await list.isChecked(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the dashboard shows the tiles, no illustrative banner on real data, the charts with alt text and the numbers", async () => {
  const { page, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } });
  const dma = page.getByTestId("tile-dma");
  await dma.waitFor();
  assert.match(await dma.innerText(), /2\.79/);
  assert.match(await dma.innerText(), /DMA overall \(mean of the seven pillars\)/);
  assert.match(await dma.innerText(), /25th of 134 ▲ Top quartile/);
  assert.match(await dma.innerText(), /against trusts that report the acute care setting/);
  // NHS England's comparable overall, with the one published change ('SC - 24 vs 25 Overall DMA').
  const comparable = page.getByTestId("tile-dma-comparable");
  assert.match(await comparable.innerText(), /2\.71/);
  assert.match(await comparable.innerText(), /down 0\.15 since 2024/);
  assert.match(await dma.innerText(), /not a league table/, "a DMA rank always carries the self-assessment caveat");
  assert.match(await page.getByTestId("tile-dspt").innerText(), /Approaching Standards/);
  assert.equal(await page.getByTestId("illustrative-banner").count(), 0, "nothing bundled is synthetic");
  // A survey tile's verdict says what it compares with: the pooled peer average, as the funnel.
  const burnout = fixtures.reports.type.indicators.find((i) => i.key === "nss.burned_out");
  assert.ok(burnout.text.target.endsWith("%"));
  const compared = await page.getByTestId("tile-compared").allInnerTexts();
  assert.ok(compared.some((t) => t.includes(`Compared with the peer average of ${burnout.text.target}`)), compared.join(" | "));
  // Strengths and gaps, in the report's words.
  const strengths = await page.getByTestId("strengths").locator("li").allInnerTexts();
  assert.deepEqual(strengths, fixtures.reports.type.strengths.map((h) => h.text));
  assert.equal(strengths.length, 3);
  // RJ1 has no survey rate outside the funnel's limits on the worse side, and no pillar in the bottom quartile.
  assert.match(await page.getByTestId("no-gaps").innerText(), /No measure is clearly behind the peers\./);
  assert.equal(await page.getByTestId("gaps").locator("li").count(), 0);
  // RJ1's strengths include DMA pillars in the top quartile: a position among peers, with the caveat.
  assert.match(await page.getByTestId("highlights-caveat").innerText(), /not a league table/);
  const img = page.locator("[data-chart-id=pillar-profile] img");
  await img.waitFor();
  assert.match(await img.getAttribute("alt"), /Guy's and St Thomas'/);
  assert.equal(await page.evaluate(() => document.body.dataset.dashboardPaintedMs), "123");

  // The numbers table sorts by a column, and says how a figure is calculated.
  const table = page.getByTestId("numbers");
  const trustHeader = table.getByRole("columnheader", { name: /Trust/ });
  await trustHeader.getByRole("button").click();
  assert.equal(await trustHeader.getAttribute("aria-sort"), "ascending");
  await trustHeader.getByRole("button").click();
  assert.equal(await trustHeader.getAttribute("aria-sort"), "descending");
  // Measures with no better direction are context, in a table of their own, never ranked.
  const contextRows = await page.getByTestId("context").locator("tbody tr").allInnerTexts();
  const contextItems = fixtures.reports.type.indicators.filter((i) => i.polarity === "no_judgement" && i.value !== null);
  assert.equal(contextRows.length, contextItems.length);
  assert.ok(contextRows.length > 0);
  const ranked = await table.locator("tbody tr td:first-child").allInnerTexts();
  for (const i of contextItems) assert.ok(!ranked.includes(i.label), `${i.label} is not in the ranked table`);
  await table.getByRole("button", { name: "How?" }).first().click();
  assert.match(await table.locator("tr.explain").innerText(), /PERCENTRANK\.INC|The value comes from/);

  // Usable on a board laptop: nothing wider than the window.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assert.deepEqual(errors, []);
  await page.close();
});

test("every headline tile says good or bad in the one verdict the tables and the paper show, and old data says how old", async () => {
  const { page, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } });
  await page.getByTestId("tile-dma").waitFor();
  const tiles = page.locator("section.tiles article.tile");
  const verdicts = await tiles.evaluateAll((ts) => ts.map((t) => [t.dataset.testid, t.querySelectorAll("[data-testid=tile-verdict]").length]));
  assert.ok(verdicts.length >= 5);
  for (const [tile, n] of verdicts) assert.equal(n, 1, `${tile} has one verdict`);
  const report = fixtures.reports.type;
  const dma = report.indicators.find((i) => i.key === report.headline);
  assert.equal(await page.getByTestId("tile-dma").getByTestId("tile-verdict").innerText(), dma.text.verdict.words);
  assert.match(dma.text.verdict.words, /^▲ Top quartile$/, "RJ1's DMA overall is 25th of 134");
  assert.equal(await page.getByTestId("tile-dspt").getByTestId("tile-verdict").innerText(), "▼ Did not meet the standard");
  // DSPT 2022-23 is years old: the tile says so in words.
  assert.match(await page.getByTestId("tile-dspt").getByTestId("tile-age").innerText(), /^2022-23 data: \d+ months old: check the current status/);
  // The numbers table's verdict is the tile's.
  const row = page.getByTestId("numbers").locator("tbody tr", { hasText: dma.label }).first();
  assert.match(await row.innerText(), /▲ Top quartile/);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Text a developer wrote for a developer: raw keys, spec strings, snake_case, long decimals. */
const DEVELOPER_TEXT = [
  [/\b[a-z]+_[a-z0-9_]+\b/, "snake_case"],
  [/\b(?:dma|nss|dspt|eric|user|local)\.[a-z0-9_.]+/, "an indicator key"],
  [/\d+\.\d{5,}/, "a long decimal"],
  [/\b(?:list|nearest|saved):[A-Za-z0-9]/, "a peer spec"],
  [/\bcargo |xtask|\bundefined\b|\bnull\b|\[object |NaN/, "a developer's word"],
];

function developerText(text) {
  const found = [];
  // A file's name is what it is called on disk (trusts_master_2023.csv): the user's word too.
  for (const line of text.replace(/\b[\w.-]+\.(?:csv|xlsx|xls|zip|pdf|pptx|json|toml)\b/g, "").split("\n")) {
    for (const [re, what] of DEVELOPER_TEXT) {
      const m = line.match(re);
      if (m) found.push(`${what}: "${m[0]}" in "${line.trim().slice(0, 120)}"`);
    }
  }
  return found;
}

test("no screen shows a raw key, a spec string, snake_case or a long decimal", async () => {
  const { page, errors } = await open();
  await page.getByTestId("trust-picker").waitFor();
  const seen = { picker: await page.locator("body").innerText() };
  await page.getByTestId("trust-search").fill("guys thom");
  await page.getByTestId("trust-search").press("Enter");
  await page.getByTestId("tile-dma").waitFor();
  await page.locator("[data-testid=chart-image]").first().waitFor();
  // Everything a board member can open on the dashboard: every "how is this calculated" and
  // every "numbers behind this chart".
  for (const d of await page.locator("details").all()) await d.evaluate((e) => (e.open = true));
  seen.dashboard = await page.locator("body").innerText();
  // And every tile's "How is this calculated" panel, with its methods by name.
  const explains = page.getByTestId("explain");
  for (let k = 0; k < (await explains.count()); k++) {
    await explains.nth(k).click();
    const panel = page.getByTestId("explain-panel");
    await panel.waitFor();
    await panel.locator("details").evaluateAll((ds) => ds.forEach((d) => (d.open = true)));
    seen[`panel ${k + 1}`] = await panel.innerText();
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
  }
  for (const tab of ["peers", "data", "export"]) {
    await page.getByTestId(`tab-${tab}`).click();
    await page.waitForTimeout(300);
    for (const d of await page.locator("details").all()) await d.evaluate((e) => (e.open = true));
    seen[tab] = await page.locator("body").innerText();
  }
  const found = Object.entries(seen).flatMap(([screen, text]) => developerText(text).map((f) => `${screen}: ${f}`));
  assert.deepEqual(found, []);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The smallest text of each chart on the page as it is shown, in CSS pixels. */
async function smallestChartText(page) {
  return page.locator("[data-testid=chart-image]").evaluateAll((imgs) =>
    imgs.map((img) => {
      const svgText = decodeURIComponent(img.getAttribute("src").split(",").slice(1).join(","));
      const svg = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
      const sizes = [...svg.querySelectorAll("text")].map((t) => Number(t.getAttribute("font-size")));
      const shown = img.getBoundingClientRect().width / Number(svg.getAttribute("width"));
      return { chart: img.closest("[data-chart-id]").dataset.chartId, px: Math.min(...sizes) * shown };
    }),
  );
}

test("the dashboard's charts are drawn for the screen: no text under 11 px at 1366×768 or 1920×1080, and a click enlarges one to the window", async () => {
  for (const viewport of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    const { page, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } }, viewport);
    await page.locator("[data-chart-id=pillar-profile] img").waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=chart-image]")].every((i) => i.complete && i.naturalWidth > 0));
    const smallest = await smallestChartText(page);
    assert.ok(smallest.length >= 2, "the dashboard shows its charts");
    for (const { chart, px } of smallest) {
      assert.ok(px >= 11, `${chart} at ${viewport.width}×${viewport.height}: its smallest text is ${px.toFixed(1)} px`);
    }
    const card = page.locator("[data-chart-id=pillar-profile]");
    const small = await card.locator("[data-testid=chart-image]").boundingBox();
    await card.getByTestId("chart-enlarge").click();
    const dialog = card.getByTestId("chart-dialog");
    await dialog.waitFor();
    const big = await dialog.locator("img").boundingBox();
    assert.ok(big.width > small.width * 1.4, `enlarged to ${big.width} px from ${small.width}`);
    assert.ok(big.height <= viewport.height, "the enlarged chart fits the window");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test("choosing another peer group benchmarks again and redraws the charts", async () => {
  const { page, calls } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } });
  await page.locator("[data-chart-id=dma-overall-ranked] img").waitFor();
  const before = await page.locator("[data-chart-id=dma-overall-ranked] img").getAttribute("src");
  await page.getByLabel("Compared with").selectOption("region");
  await page.getByTestId("peer-description").filter({ hasText: "London" }).waitFor();
  await page.locator("[data-chart-id=dma-overall-ranked] img").waitFor();
  const afterSrc = await page.locator("[data-chart-id=dma-overall-ranked] img").getAttribute("src");
  assert.notEqual(afterSrc, before);
  const last = (await calls()).filter((c) => c.cmd === "benchmark").at(-1);
  assert.deepEqual(last.args.request.peers, { method: "region" }, "the peers cross IPC as a typed spec, never as words");
  await page.close();
});

test("a failed command shows its message in an alert", async () => {
  const { page } = await open({
    workspace: { ...WORKSPACE, trust: "RJ1" },
    failBenchmark: { code: "not_found", message: "no organisation with ODS code RJ1 in the reference data" },
  });
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /no organisation with ODS code RJ1/);
  assert.equal(await alert.getAttribute("data-code"), "not_found");
  await page.close();
});

test("the import wizard previews, checks, imports and lists the names to review", async () => {
  const summary = {
    file: "dma_results_2025.xlsx",
    adapter: "dma-pillars",
    encoding: "xlsx",
    provenance: { key: "dma_pillars", title: "Digital Maturity Assessment pillar scores", publisher: "NHS England", period: "2025", licence: "Open Government Licence v3.0", source: "dma_results_2025.xlsx", synthetic: false },
    dataset_id: 20,
    rows_read: 2,
    observations_written: 7,
    missing_values: {},
    observations_replaced: 0,
    organisations_written: 0,
    organisations_matched: 1,
    unknown_codes: {},
    closed_organisations: {},
    name_issues: [{ place: "Pillar Summary row 13", name: "St Elsewhere Hospital", problem: "unmatched", candidates: [["RJ1", "Guy's and St Thomas' NHS Foundation Trust", 0.41]] }],
    near_matches: [],
    left_out: [],
    period_from: null,
    table: null,
    notes: [],
    description: ["Dry run (nothing written): dma_results_2025.xlsx as 'dma_results' 2025 (adapter dma-results, xlsx)", "rows read               2"],
  };
  // The user had added the spine chart, which this data cannot draw.
  const { page, calls } = await open({ workspace: { ...WORKSPACE, trust: "RJ1", charts: ["pillar-profile", "spine"] }, importSummary: summary });
  await page.getByTestId("tab-data").click();
  await page.getByTestId("choose-file").click();
  await page.getByTestId("preview").waitFor();
  // The workbook opens on the sheet the import will read, not on its Introduction sheet.
  assert.match(await page.getByTestId("preview").innerText(), /Provider Name/);
  assert.equal(await page.locator("#sheet option:checked").innerText(), "Pillar Summary — will be read");
  assert.match(await page.getByTestId("reader").innerText(), /^Recognised as: NHS England DMA results data file: pillar scores by provider and care setting\. It reads 'Pillar Summary'\.$/);
  await page.getByTestId("check-file").click();
  await page.getByTestId("check-summary").waitFor();
  assert.match(await page.getByTestId("name-issues").innerText(), /St Elsewhere Hospital/);
  await page.getByTestId("import-file").click();
  await page.getByTestId("import-result").waitFor();
  assert.match(await page.getByTestId("import-result").innerText(), /rows read\s+2/, "the summary is Rust's words, shown as sent");
  const imports = (await calls()).filter((c) => c.cmd === "import_file");
  assert.deepEqual(imports.map((c) => c.args.request.dry_run), [true, false]);
  assert.equal(imports[0].args.request.path, "/data/dma_results_2025.xlsx");
  // The dashboard says what came in, and names the chart it can no longer draw.
  await page.getByTestId("tab-dashboard").click();
  const note = await page.getByTestId("data-note").innerText();
  assert.match(note, /^Now with Digital Maturity Assessment pillar scores, 2025: 7 values imported\./);
  assert.match(note, /A chart you added \("spine"\) can't be drawn from the data now in view/);
  await page.close();
});

test("checking an NHS England monthly file shows the period, the columns and the rows it will leave out, before anything is written", async () => {
  const summary = fixtures.monthlyCheck;
  // The user had added the spine chart, which this data cannot draw.
  const { page, calls } = await open({ workspace: { ...WORKSPACE, trust: "RJ1", charts: ["pillar-profile", "spine"] }, importSummary: summary });
  await page.getByTestId("tab-data").click();
  await page.getByTestId("choose-file").click();
  await page.getByTestId("preview").waitFor();
  await page.getByTestId("check-file").click();
  await page.getByTestId("import-findings").waitFor();
  assert.equal(
    await page.getByTestId("found-period").innerText(),
    "Period 2025-03, from the file name: AE-by-provider-March-2025.",
  );
  const columns = await page.getByTestId("found-columns").locator("tbody tr").allInnerTexts();
  assert.deepEqual(
    columns.map((r) => r.split("\t").map((c) => c.trim())),
    [
      ["A", "Org Code", "organisation code", ""],
      ["B", "Parent Org", "parent organisation", ""],
      ["C", "Org name", "organisation name", ""],
      ["D", "A&E attendances Type 1", "indicator", "count"],
      ["E", "Percentage in 4 hours or less (type 1)", "indicator", "percent"],
    ],
  );
  const leftOut = await page.getByTestId("found-left-out").locator("tbody tr").allInnerTexts();
  assert.deepEqual(
    leftOut.map((r) => r.split("\t").map((c) => c.trim())),
    [
      ["totals and subtotals (England, national and 'Total' rows)", "1", "'-' (row 2)"],
      ["independent-sector providers (codes starting N: not NHS trusts, so no trust's peers)", "1", "NT301 (row 5)"],
    ],
  );
  assert.match(await page.getByTestId("check-summary").innerText(), /Rows left out: 2/);
  await page.getByTestId("strict").check();
  await page.getByTestId("check-file").click();
  await page.getByTestId("import-findings").waitFor();
  const imports = (await calls()).filter((c) => c.cmd === "import_file");
  assert.deepEqual(imports.map((c) => [c.args.request.dry_run, c.args.request.strict]), [[true, false], [true, true]]);
  await page.close();
});

test("a hand-picked peer group made for one trust is not carried to the next: the same-type default, said on the dashboard", async () => {
  const list = { method: "list", codes: ["RYJ", "R1H", "RAL", "RRV"] };
  const { page, calls, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1", peers: list } });
  await page.getByTestId("tile-dma").waitFor();
  assert.equal(await page.getByTestId("peers-note").count(), 0, "nothing to say for the trust the list was made for");
  await page.getByTestId("change-trust").click();
  const search = page.getByLabel("Trust or ICB name, or ODS code");
  await search.fill("maudsley");
  await search.press("Enter");
  await page.getByTestId("peers-note").waitFor();
  assert.equal(
    await page.getByTestId("peers-note").innerText(),
    "Peers reset to “Same trust type” for South London and Maudsley NHS Foundation Trust: the hand-picked list was made for Guy's and St Thomas' NHS Foundation Trust.",
  );
  const benchmarks = (await calls()).filter((c) => c.cmd === "benchmark").map((c) => [c.args.request.ods_code, c.args.request.peers]);
  assert.deepEqual(benchmarks.at(-1), ["RV5", { method: "type" }]);
  const saved = (await calls()).filter((c) => c.cmd === "save_workspace").at(-1);
  assert.deepEqual([saved.args.workspace.trust, saved.args.workspace.peers], ["RV5", { method: "type" }]);
  // Choosing peers again is the user's own choice: the note goes.
  await page.getByTestId("peer-method").selectOption("region");
  await page.waitForFunction(() => !document.querySelector("[data-testid=peers-note]"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("every form control has a label, no screen is wider than a board laptop's, and Tab reaches the skip link first", async () => {
  const { page } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } });
  await page.getByTestId("tile-dma").waitFor();
  for (const screen of ["dashboard", "peers", "data", "export"]) {
    await page.getByTestId(`tab-${screen}`).click();
    await page.locator(`[data-testid=tab-${screen}][aria-current=page]`).waitFor();
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute("aria-label"))
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unlabelled, [], `on ${screen}`);
    // Usable on a board laptop (1366×768): no screen is wider than the window.
    const [width, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(width <= inner, `${screen} is ${width}px wide in a ${inner}px window`);
  }
  await page.reload();
  await page.getByTestId("tile-dma").waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
  await page.close();
});

test("the board pack's cover sheet is filled in, kept with the workspace and sent with the pack", async () => {
  const { page, calls, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } });
  await page.getByTestId("tile-dma").waitFor();
  await page.getByTestId("tab-export").click();
  const cover = page.getByTestId("cover-sheet");
  await cover.getByLabel("Meeting").fill("Trust Board (public), 28 January 2027");
  await cover.getByLabel("Meeting").blur();
  await cover.getByLabel("Board assurance framework risk").fill("BAF 7: digital infrastructure");
  await cover.getByLabel("Board assurance framework risk").blur();

  // A paper for decision cannot go without its recommendation.
  await page.getByTestId("cover-purpose").selectOption("decision");
  assert.equal(await page.getByTestId("make-pack").isDisabled(), true);
  assert.equal(await page.getByTestId("cover-recommendation").getAttribute("aria-invalid"), "true");
  await page.getByTestId("cover-recommendation").fill("The Board is asked to approve the digital plan.");
  await page.getByTestId("cover-recommendation").blur();
  assert.equal(await page.getByTestId("make-pack").isDisabled(), false);

  const saved = (await calls()).filter((c) => c.cmd === "save_workspace").at(-1);
  assert.equal(saved.args.workspace.cover.meeting, "Trust Board (public), 28 January 2027");
  assert.equal(saved.args.workspace.cover.purpose, "decision");
  assert.equal(saved.args.workspace.cover.recommendation, "The Board is asked to approve the digital plan.");

  // The appendix choice goes with the pack, and the paper's pages are listed when it is made.
  await page.getByTestId("pack-appendix").selectOption("none");
  await page.getByTestId("make-pack").click();
  await page.getByTestId("pack-result").waitFor();
  const pack = (await calls()).find((c) => c.cmd === "export_pack");
  assert.equal(pack.args.dir, "/data/board pack");
  assert.equal(pack.args.appendix, "none");
  const pages = await page.getByTestId("pack-pages").innerText();
  assert.match(pages, /Summary: the trust against its peers\s+page 3/);
  assert.doesNotMatch(pages, /Appendix A/);
  assert.match(await page.getByTestId("pack-result").innerText(), /The board paper: 10 pages/);
  // Long work ended: the focus is on what it made; opening the folder says what it did.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "pack-result");
  await page.getByTestId("open-folder").click();
  assert.equal(
    await page.getByTestId("opened").innerText(),
    "Asked your file manager to open /data/board pack. If no window appears, open that folder yourself.",
  );
  assert.deepEqual(pack.args.cover, {
    ...COVER,
    meeting: "Trust Board (public), 28 January 2027",
    baf_risk: "BAF 7: digital infrastructure",
    purpose: "decision",
    recommendation: "The Board is asked to approve the digital plan.",
  });
  assert.deepEqual(errors, []);
  await page.close();
});

test("SPC rule lengths, a baseline and rebase periods are checked, kept with the workspace and sent with every benchmark", async () => {
  const { page, calls, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } });
  await page.getByTestId("tile-dma").waitFor();
  await page.getByTestId("tab-export").click();
  const spc = page.getByTestId("spc-settings");
  assert.equal(await spc.getByLabel("Points in a shift").inputValue(), "7", "NHSRplotthedots' defaults");
  await spc.getByLabel("Points in a shift").fill("1");
  await page.getByTestId("spc-apply").click();
  assert.match(await page.getByTestId("spc-error").innerText(), /A shift must be a whole number of 2 or more/);
  assert.equal((await calls()).filter((c) => c.cmd === "save_workspace" && c.args.workspace.spc?.shift === 1).length, 0);
  await spc.getByLabel("Points in a shift").fill("8");
  await spc.getByLabel("Fix limits on the first (points)").fill("12");
  await spc.getByLabel("Rebase at (periods)").fill("2024-04");
  await page.getByTestId("spc-apply").click();
  await page.getByTestId("spc-error").waitFor({ state: "detached" });
  const want = { shift: 8, trend: 7, baseline: 12, rebase: ["2024-04"], screen_outliers: true };
  const saved = (await calls()).filter((c) => c.cmd === "save_workspace").at(-1);
  assert.deepEqual(saved.args.workspace.spc, want);
  let sent = null;
  for (let tries = 0; tries < 50 && !sent; tries++) {
    sent = (await calls()).filter((c) => c.cmd === "benchmark" && c.args.request.spc?.shift === 8).at(-1) ?? null;
    if (!sent) await page.waitForTimeout(100);
  }
  assert.ok(sent, "the next benchmark is calculated with them");
  assert.deepEqual(sent.args.request.spc, want);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a DMA pillar among the strengths carries the self-assessment caveat", async () => {
  const report = structuredClone(fixtures.reports.type);
  const pillar = report.indicators.find((i) => i.key === "dma.acute.well_led");
  report.strengths = [
    { key: pillar.key, label: pillar.label, period: pillar.period, text: "Well Led (DMA pillar): 3.50 in 2025, in the top quartile against trusts that report the acute care setting; peer median 2.80.", illustrative: false },
  ];
  const { page, errors } = await open({
    workspace: { ...WORKSPACE, trust: "RJ1" },
    fixtures: { ...fixtures, reports: { ...fixtures.reports, type: report } },
  });
  await page.getByTestId("strengths").waitFor();
  assert.match(await page.getByTestId("strengths").innerText(), /Well Led \(DMA pillar\)/);
  assert.match(await page.getByTestId("highlights-caveat").innerText(), /self-assessed.*not a league table/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a pack into a folder that holds files offers to replace it, naming the folder from the error's path field", async () => {
  const { page, calls, errors } = await open({
    workspace: { ...WORKSPACE, trust: "RJ1" },
    failPack: { code: "export.folder_not_empty", message: "the folder is not empty; choose an empty folder", path: "/data/board pack" },
  });
  await page.getByTestId("tab-export").click();
  await page.getByTestId("make-pack").click();
  const replace = page.getByTestId("replace-pack");
  await replace.waitFor();
  assert.match(await replace.innerText(), /Replace what is in \/data\/board pack/);
  await replace.click();
  await page.getByTestId("pack-result").waitFor();
  const packs = (await calls()).filter((c) => c.cmd === "export_pack");
  assert.deepEqual(packs.map((c) => [c.args.dir, c.args.force]), [["/data/board pack", false], ["/data/board pack", true]]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("saving a chart over a file that is already there asks first, then replaces it", async () => {
  const existing = "/data/kpis.csv";
  const { page, calls, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1", charts: ["pillar-profile"] }, chartFileExists: existing });
  await page.getByTestId("tab-export").click();
  await page.getByRole("button", { name: /^Save \d+ chart/ }).click();
  const replace = page.getByTestId("replace-chart");
  await replace.waitFor();
  assert.match(await page.locator("p.gap", { has: replace }).innerText(), /\/data\/kpis\.csv is already there/);
  await replace.click();
  await page.getByText("Saved:").waitFor();
  const exports = (await calls()).filter((c) => c.cmd === "export_chart");
  assert.deepEqual(exports.map((c) => c.args.replace), [false, true], "nothing is replaced until the person says so");
  assert.deepEqual(errors, []);
  await page.close();
});

test("several charts are saved into one folder with one dialog; a name already there is asked about first", async () => {
  const { page, calls } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" }, chartFileExists: "/data/charts/rj1-pillar-profile-slide.png" });
  await page.getByTestId("tile-dma").waitFor();
  await page.getByTestId("tab-export").click();
  const save = page.getByTestId("save-charts");
  await save.waitFor();
  assert.match(await save.innerText(), /^Save 2 charts…$/);
  await save.click();
  await page.getByTestId("replace-charts").waitFor();
  assert.match(await page.getByTestId("replace-charts").locator("..").innerText(), /rj1-pillar-profile-slide\.png is already there: nothing was saved/);
  await page.getByTestId("replace-charts").click();
  await page.locator("[role=status]", { hasText: "Saved:" }).waitFor();
  const c = await calls();
  assert.equal(c.filter((x) => x.cmd === "pick_chart_folder").length, 1, "one dialog");
  assert.equal(c.filter((x) => x.cmd === "pick_save").length, 0, "not one per chart");
  const exports = c.filter((x) => x.cmd === "export_charts");
  assert.deepEqual(exports.map((x) => [x.args.ids, x.args.dir, x.args.replace]), [
    [["pillar-profile", "dma-overall-ranked"], "/data/charts", false],
    [["pillar-profile", "dma-overall-ranked"], "/data/charts", true],
  ]);
  await page.close();
});

test("the user shapes the pack: sections left out go, and the page count is shown before anything is written", async () => {
  const { page, calls } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } });
  await page.getByTestId("tile-dma").waitFor();
  await page.getByTestId("tab-export").click();
  const outline = page.getByTestId("pack-outline");
  await outline.waitFor();
  // The charts of the deck and the folder: the dashboard's to start with.
  assert.match(await outline.innerText(), /^The board paper will be 9 pages, with 2 charts: .*Staff survey \(page 6\)/);
  await page.getByTestId("section-survey").uncheck();
  await page.waitForFunction(() => /will be 8 pages/.test(document.querySelector("[data-testid=pack-outline]")?.textContent ?? ""));
  assert.doesNotMatch(await outline.innerText(), /Staff survey/);
  assert.equal((await calls()).filter((c) => c.cmd === "export_pack").length, 0, "nothing written yet");
  await page.getByTestId("make-pack").click();
  await page.getByTestId("pack-result").waitFor();
  const pack = (await calls()).find((c) => c.cmd === "export_pack");
  assert.deepEqual(pack.args.leaveOut, ["survey"]);
  assert.deepEqual(pack.args.charts, ["pillar-profile", "dma-overall-ranked"]);
  await page.close();
});

test("'How is this calculated' opens beside the dashboard in plain words, the methods by name one click further, and leaves the tile as it was", async () => {
  const { page, errors } = await open({ workspace: { ...WORKSPACE, trust: "RJ1" } });
  const tile = page.getByTestId("tile-survey").first();
  await tile.waitFor();
  const before = (await tile.boundingBox()).height;
  await tile.getByTestId("explain").click();
  const panel = page.getByTestId("explain-panel");
  await panel.waitFor();
  const plain = await panel.getByTestId("explain-lines").innerText();
  assert.match(plain, /Rank: the trust and the \d+ peers/);
  assert.doesNotMatch(plain, /PERCENTRANK|QUARTILE\.INC|Wilson/, "plain words first");
  const method = panel.getByTestId("explain-method");
  await method.locator("summary").click();
  assert.match(await method.innerText(), /PERCENTRANK\.INC[\s\S]*QUARTILE\.INC[\s\S]*Wilson score interval[\s\S]*Spiegelhalter/);
  const box = await panel.boundingBox();
  assert.ok(box.x > 1366 / 3, `the panel sits at the side (x = ${box.x})`);
  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "detached" });
  assert.equal((await tile.boundingBox()).height, before, "the tile keeps its height");
  assert.deepEqual(errors, []);
  await page.close();
});
