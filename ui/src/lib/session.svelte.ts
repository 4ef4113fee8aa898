// The app's state while it runs: the workspace (saved), the trusts, the current report and its
// charts. Screens read it; the functions here change it and call the Rust side.

import { tick } from "svelte";
import { DEFAULT_SPC } from "./spc";
import { api, asCommandError } from "./api";
import type {
  AppInfo,
  BenchmarkRequest,
  ChartInfo,
  ChartView,
  ErrorReport,
  ImportSummary,
  PeerSpec,
  CoverSheet,
  Organisation,
  Report,
  Workspace,
} from "./bindings";
import { pushRecent } from "./trusts";
import { peersForTrust } from "./peers";

export type Screen = "dashboard" | "peers" | "data" | "export";

/** A blank board-paper cover sheet: for information, every field empty. */
export function emptyCover(): CoverSheet {
  return {
    title: "",
    meeting: "",
    purpose: "information",
    strategic_objective: "",
    baf_risk: "",
    committees: "",
    presented_by: "",
    recommendation: "",
  };
}

/** Charts shown on a new dashboard, when the data has them. */
export const DEFAULT_CHARTS = ["pillar-profile", "dma-overall-ranked", "spine", "dspt-status"];

export const session = $state({
  started: false,
  screen: "dashboard" as Screen,
  pickerOpen: false,
  info: null as AppInfo | null,
  trusts: [] as Organisation[],
  workspace: {
    trust: null,
    recent: [],
    peers: { method: "type" },
    weights: {},
    charts: [],
    size: "slide",
    format: "png",
    proxy: null,
    cover: emptyCover(),
    spc: { ...DEFAULT_SPC },
  } as Workspace,
  report: null as Report | null,
  chartInfos: [] as ChartInfo[],
  charts: {} as Record<string, ChartView>,
  loading: false,
  error: null as ErrorReport | null,
  paintedMs: null as number | null,
  /** Said on the dashboard when a change of trust reset peers made for the previous one. */
  peersNote: null as string | null,
  /** Said on the trust picker when a screen that needs a trust was asked for. */
  pickerHint: null as string | null,
  /** Said on the dashboard after an import or download: what came in, what it changed. */
  dataNote: null as string | null,
});

/** The request for the current trust and peers. */
export function request(): BenchmarkRequest | null {
  const w = session.workspace;
  if (!w.trust) return null;
  // Plain values, not the workspace's reactive proxies: the request is sent as it is now.
  return {
    ods_code: w.trust,
    peers: $state.snapshot(w.peers),
    weights: $state.snapshot(w.weights),
    spc: $state.snapshot(w.spc ?? DEFAULT_SPC),
  };
}

/** The charts to show: the saved choice, else the defaults the data supports, else the first four. */
export function shownCharts(infos: ChartInfo[], chosen: string[]): string[] {
  const available = new Set(infos.map((c) => c.id));
  const kept = chosen.filter((id) => available.has(id));
  if (kept.length > 0) return kept;
  const defaults = DEFAULT_CHARTS.filter((id) => available.has(id));
  return defaults.length > 0 ? defaults : infos.slice(0, 4).map((c) => c.id);
}

export async function saveWorkspace(): Promise<void> {
  try {
    await api.saveWorkspace($state.snapshot(session.workspace) as Workspace);
  } catch (e) {
    session.error = asCommandError(e);
  }
}

let generation = 0;

/** Benchmark the current trust and draw its dashboard charts. */
export async function refresh(): Promise<void> {
  const req = request();
  if (!req) return;
  const mine = ++generation;
  session.loading = true;
  session.error = null;
  try {
    const [report, infos] = await Promise.all([api.benchmark(req), api.charts(req)]);
    if (mine !== generation) return;
    session.report = report;
    session.chartInfos = infos;
    const ids = shownCharts(infos, session.workspace.charts);
    const drawn = await Promise.all(ids.map((id) => api.chart({ benchmark: req, id, size: "screen" })));
    if (mine !== generation) return;
    const charts: Record<string, ChartView> = {};
    for (const c of drawn) charts[c.info.id] = c;
    session.charts = charts;
  } catch (e) {
    if (mine === generation) session.error = asCommandError(e);
  } finally {
    if (mine === generation) session.loading = false;
  }
}

/** Show one more chart, or one fewer, and remember the choice. */
export async function toggleChart(id: string): Promise<void> {
  const current = shownCharts(session.chartInfos, session.workspace.charts);
  const next = current.includes(id) ? current.filter((c) => c !== id) : [...current, id];
  session.workspace.charts = next;
  void saveWorkspace();
  const req = request();
  if (req && !session.charts[id] && next.includes(id)) {
    try {
      const c = await api.chart({ benchmark: req, id, size: "screen" });
      session.charts = { ...session.charts, [id]: c };
    } catch (e) {
      session.error = asCommandError(e);
    }
  }
}

/** Open a trust's dashboard, with peers chosen for it (see `peersForTrust`). */
export async function openTrust(code: string): Promise<void> {
  const peers = $state.snapshot(session.workspace.peers) as PeerSpec;
  const saved = peers.method === "saved" ? await api.savedPeerGroups().catch(() => []) : [];
  const nameOf = (c: string) => session.trusts.find((t) => t.ods_code === c)?.display_name ?? c;
  const chosen = peersForTrust(peers, session.workspace.trust, code, saved, nameOf);
  session.workspace.peers = chosen.spec;
  session.peersNote = chosen.note;
  session.workspace.trust = code;
  session.workspace.recent = pushRecent(session.workspace.recent, code);
  session.pickerOpen = false;
  session.pickerHint = null;
  session.dataNote = null;
  session.screen = "dashboard";
  session.charts = {};
  void saveWorkspace();
  await refresh();
  // Keyboard and screen-reader users land on what they chose, not on the page's body.
  await tick();
  document.getElementById("trust-title")?.focus();
}

/** Use another peer group (and weights, for nearest neighbours). */
export async function setPeers(spec: PeerSpec, weights: Partial<Record<string, number>>): Promise<void> {
  session.workspace.peers = spec;
  session.peersNote = null;
  session.workspace.weights = weights;
  session.charts = {};
  void saveWorkspace();
  await refresh();
}

/** Start: the workspace, the trusts, then the last trust's dashboard. */
export async function start(): Promise<void> {
  try {
    const [workspace, trusts] = await Promise.all([api.loadWorkspace(), api.trusts()]);
    session.workspace = workspace;
    session.trusts = trusts;
    session.started = true;
    if (workspace.trust) {
      await refresh();
    } else {
      session.pickerOpen = true;
    }
    api.appInfo().then((i) => (session.info = i), () => undefined);
  } catch (e) {
    session.started = true;
    session.error = asCommandError(e);
  }
}

/** The first chart is on screen: tell the Rust side, which measures from process start. */
export async function painted(): Promise<void> {
  if (session.paintedMs !== null) return;
  session.paintedMs = -1;
  try {
    const ms = await api.dashboardPainted();
    session.paintedMs = ms;
    document.body.dataset.dashboardPaintedMs = String(ms);
  } catch {
    session.paintedMs = null;
  }
}

/** After an import or download: numbers may have changed. The dashboard says what came in
 *  and names any chart of the user's choice the data no longer supports (none goes silently). */
export async function dataChanged(summary?: ImportSummary): Promise<void> {
  const chosen = [...session.workspace.charts];
  const titles = new Map(session.chartInfos.map((c) => [c.id, c.title]));
  session.charts = {};
  await refresh();
  const notes: string[] = [];
  if (summary) {
    const p = summary.provenance;
    notes.push(`Now with ${p.title}, ${p.period}: ${summary.observations_written.toLocaleString("en-GB")} values imported.`);
  }
  if (session.report) {
    const available = new Set(session.chartInfos.map((c) => c.id));
    const gone = chosen.filter((id) => !available.has(id));
    if (gone.length > 0) {
      const names = gone.map((id) => `"${titles.get(id) ?? id.replace(/-/g, " ")}"`).join(", ");
      notes.push(`${gone.length === 1 ? "A chart you added" : "Charts you added"} (${names}) can't be drawn from the data now in view, so ${gone.length === 1 ? "it is" : "they are"} not shown; ${gone.length === 1 ? "it comes" : "they come"} back when the data supports ${gone.length === 1 ? "it" : "them"}.`);
    }
  }
  session.dataNote = notes.length > 0 ? notes.join(" ") : null;
}
