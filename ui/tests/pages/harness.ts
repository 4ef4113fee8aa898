// The UI with its IPC mocked (@tauri-apps/api/mocks): commands answer from fixtures made by
// the CLI on the bundled data; every call is recorded for the test to check.

import { mockIPC } from "@tauri-apps/api/mocks";

interface Scenario {
  fixtures: any;
  workspace: any;
  failBenchmark?: { code: string; message: string };
  importSummary?: any;
  failPack?: { code: string; message: string; path: string | null };
  chartFileExists?: string;
}

declare global {
  interface Window {
    __scenario: Scenario;
    __calls: { cmd: string; args: any }[];
  }
}

const s = window.__scenario;
window.__calls = [];
let workspace = structuredClone(s.workspace);

function peersKey(args: any): "type" | "region" {
  const spec = args?.request?.peers ?? args?.request?.benchmark?.peers;
  return spec?.method === "region" ? "region" : "type";
}

function chartInfo(id: string, view: any) {
  return { id, kind: id === "pillar-profile" ? "pillar-profile" : "ranked-bar", title: view.alt_text.split(".")[0], illustrative: view.svg.includes("ILLUSTRATIVE") };
}

mockIPC(async (cmd, args: any) => {
  window.__calls.push({ cmd, args: structuredClone(args ?? {}) });
  const f = s.fixtures;
  switch (cmd) {
    case "load_workspace":
      return workspace;
    case "save_workspace":
      workspace = args.workspace;
      return null;
    case "trusts":
      return f.trusts;
    case "app_info":
      return { version: "test", db_path: "/tmp/b.db", datasets: f.datasets.length };
    case "benchmark":
      if (s.failBenchmark) throw s.failBenchmark;
      return f.reports[peersKey(args)];
    case "charts":
      return Object.entries(f.charts[peersKey(args)]).map(([id, v]) => chartInfo(id, v));
    case "chart": {
      const id = args.request.id;
      const v = f.charts[peersKey(args)][id];
      return { info: chartInfo(id, v), subtitle: `peers: ${peersKey(args)}`, alt_text: v.alt_text, svg: v.svg, data: v.data };
    }
    case "saved_peer_groups":
      return [];
    case "peer_features":
      return [{ name: "beds", label: "Beds", weight: 1 }];
    case "peers":
      return { trust: f.trusts.find((t: any) => t.ods_code === "RJ1"), method: args.request.peers, description: f.reports[peersKey(args)].peer_group.description, members: [], trust_features: {}, trust_features_text: {}, notes: [] };
    case "dashboard_painted":
      return 123;
    case "datasets":
      return f.datasets;
    case "adapters":
      return f.adapters;
    case "catalogue":
      return f.catalogue;
    case "pick_file":
      return "/data/dma_results_2025.xlsx";
    case "preview_import":
      return {
        file: "dma_results_2025.xlsx",
        format: "excel",
        encoding: "xlsx",
        bytes: 48213,
        reader: "NHS England DMA results data file: pillar scores by provider and care setting",
        sheets: [
          { name: "Introduction", rows: [["About this file"], ["Published 30 March 2026"], ["Contact: england.dma@nhs.net"], ["Notes"]], read: false },
          { name: "Pillar Summary", rows: [["", "Provider Name", "Safe Practice"], ["", "Guy's and St Thomas' NHS Foundation Trust", "3.1"], ["", "St Elsewhere Hospital", "2.0"], ["", "x", "1"]], read: true },
        ],
      };
    case "import_file":
      return { ...s.importSummary, outcome: { kind: args.request.dry_run ? "dry_run" : "imported" } };
    case "pick_save":
      return `/data/${args.suggested}`;
    case "export_chart":
      if (s.chartFileExists && !args.replace) throw { code: "export.file_exists", message: `${s.chartFileExists} is already there`, path: s.chartFileExists };
      return [args.path];
    case "pick_folder":
      return "/data/board pack";
    case "pack_outline": {
      const all = [["Digital maturity against peers", 1], ["Contents", 2], ["Key messages", 2], ["Summary: the trust against its peers", 3], ["Digital maturity: the seven pillars", 4], ["Strengths and gaps", 5], ["Staff survey", 6], ["Methods in plain words", 8], ["Sources and how current they are", 9]];
      const out = args.leaveOut as string[];
      const sections = all.filter(([t]) => !(out.includes("dma") && String(t).startsWith("Digital maturity:")) && !(out.includes("survey") && t === "Staff survey"));
      return { pages: 9 - out.length, charts: (args.charts as string[]).length, sections: sections.map(([title, page]) => ({ title, page })) };
    }
    case "pick_chart_folder":
      return "/data/charts";
    case "export_charts":
      if (s.chartFileExists && !args.replace) throw { code: "export.file_exists", message: `${s.chartFileExists} is already there`, path: s.chartFileExists };
      return args.ids.flatMap((id: string) => [`${args.dir}/rj1-${id}-${args.size}.${args.format}`]);
    case "export_pack":
      if (s.failPack && !args.force) throw s.failPack;
      return {
        subject: "Guy's and St Thomas' NHS Foundation Trust",
        dir: args.dir,
        charts: 2,
        files: [{ path: "board-pack.pdf", what: "the board paper" }, { path: "manifest.json", what: "this list of the pack's files" }],
        pages: args.appendix === "none" ? 10 : 13,
        sections: [
          { title: "Digital maturity against peers", page: 1 },
          { title: "Summary: the trust against its peers", page: 3 },
          ...(args.appendix === "none" ? [] : [{ title: "Appendix A: the numbers", page: 8 }]),
          { title: "Methods in plain words", page: args.appendix === "none" ? 9 : 11 },
        ],
      };
    case "cancel":
      return false;
    case "open_folder":
      return null;
    default:
      throw { code: "not_mocked", message: `the page test does not mock '${cmd}'` };
  }
});

await import("../../src/main");
