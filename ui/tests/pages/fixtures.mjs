// Real numbers for the page tests: made by the Boardlens CLI (the same library calls as the
// app) on the bundled datasets, in a temporary database.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const cli = process.env.BOARDLENS_CLI ?? path.join(root, "target/debug/boardlens");

export function makeFixtures() {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: build the CLI first (cargo build -p boardlens)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "boardlens-pages-"));
  const db = path.join(dir, "b.db");
  const run = (...args) => execFileSync(cli, ["--db", db, "--quiet", ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const json = (...args) => JSON.parse(run("--json", ...args));
  const chart = (kind, peers, indicator) => {
    const out = path.join(dir, `${kind}-${peers}.svg`);
    // As the app asks for them: the board paper's figure, drawn one SVG pixel to one screen pixel.
    run("chart", kind, "RJ1", "--peers", peers, "--size", "screen", "--out", out, ...(indicator ? ["--indicator", indicator] : []));
    const data = fs
      .readFileSync(out.replace(/\.svg$/, ".csv"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    return {
      svg: fs.readFileSync(out, "utf8"),
      alt_text: fs.readFileSync(out.replace(/\.svg$/, ".alt.txt"), "utf8").trim(),
      data,
    };
  };
  const fixtures = {
    trusts: json("orgs"),
    reports: {
      type: json("benchmark", "RJ1", "--peers", "type", "--format", "json"),
      region: json("benchmark", "RJ1", "--peers", "region", "--format", "json"),
    },
    charts: {
      type: { "pillar-profile": chart("pillar-profile", "type"), "dma-overall-ranked": chart("ranked-bar", "type") },
      region: { "pillar-profile": chart("pillar-profile", "region"), "dma-overall-ranked": chart("ranked-bar", "region") },
    },
    adapters: json("import", "--list"),
    catalogue: json("download", "--list"),
    datasets: json("datasets"),
    // NHS England's monthly A&E shape, checked (a dry run) as the import wizard checks it.
    monthlyCheck: (() => {
      const file = path.join(dir, "AE-by-provider-March-2025.csv");
      fs.writeFileSync(
        file,
        [
          "Org Code,Parent Org,Org name,A&E attendances Type 1,Percentage in 4 hours or less (type 1)",
          '-,-,England,"1,401,234",61.0%',
          'RJ1,NHS ENGLAND LONDON,GUY\'S AND ST THOMAS\' NHS FOUNDATION TRUST,"12,345",55.5%',
          'RAL,NHS ENGLAND LONDON,ROYAL FREE LONDON NHS FOUNDATION TRUST,"10,002",*',
          "NT301,NHS ENGLAND LONDON,AN INDEPENDENT SECTOR PROVIDER,0,99.0%",
          "",
        ].join("\n"),
      );
      return json("import", file, "--dry-run");
    })(),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return fixtures;
}
