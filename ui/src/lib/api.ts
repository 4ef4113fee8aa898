// Typed calls to the Rust commands (src-tauri/src/commands.rs). Every command rejects with an
// ErrorReport {code, message, path}; long jobs report progress on a Channel and stop on cancel().

import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AdapterInfo,
  AppInfo,
  BenchmarkRequest,
  ChartInfo,
  ChartRequest,
  ChartView,
  DownloadRequest,
  ErrorReport,
  CoverSheet,
  DatasetInfo,
  DownloadOutcome,
  Feature,
  ImportRequest,
  ImportSummary,
  Progress,
  Organisation,
  PackOutline,
  PackResult,
  PeerGroup,
  Preview,
  Report,
  SavedGroup,
  Source,
  UpdateCheck,
  Workspace,
} from "./bindings";

/** What the board paper's appendix holds: the numbers, the numbers and a chart per measure, or nothing. */
export type Appendix = "numbers" | "charts" | "none";

/** The error of a failed command, whatever threw it. */
export function asCommandError(e: unknown): ErrorReport {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const path = "path" in e && typeof e.path === "string" ? e.path : null;
    return { code: String(e.code), message: String(e.message), path };
  }
  return { code: "internal", message: e instanceof Error ? e.message : String(e), path: null };
}

let jobCounter = 0;
/** A fresh id for a cancellable job. */
export function newJobId(kind: string): string {
  jobCounter += 1;
  return `${kind}-${Date.now()}-${jobCounter}`;
}

function channel(onProgress: (p: Progress) => void): Channel<Progress> {
  const c = new Channel<Progress>();
  c.onmessage = onProgress;
  return c;
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  dashboardPainted: () => invoke<number>("dashboard_painted"),
  trusts: () => invoke<Organisation[]>("trusts"),
  benchmark: (request: BenchmarkRequest) => invoke<Report>("benchmark", { request }),
  charts: (request: BenchmarkRequest) => invoke<ChartInfo[]>("charts", { request }),
  chart: (request: ChartRequest) => invoke<ChartView>("chart", { request }),
  peerFeatures: () => invoke<Feature[]>("peer_features"),
  peers: (request: BenchmarkRequest) => invoke<PeerGroup>("peers", { request }),
  savePeerGroup: (name: string, request: BenchmarkRequest) =>
    invoke<SavedGroup[]>("save_peer_group", { name, request }),
  savedPeerGroups: () => invoke<SavedGroup[]>("saved_peer_groups"),
  datasets: () => invoke<DatasetInfo[]>("datasets"),
  adapters: () => invoke<AdapterInfo[]>("adapters"),
  pickFile: (purpose: "import" | "mapping") => invoke<string | null>("pick_file", { purpose }),
  pickFolder: () => invoke<string | null>("pick_folder"),
  pickSave: (suggested: string) => invoke<string | null>("pick_save", { suggested }),
  pickChartFolder: () => invoke<string | null>("pick_chart_folder"),
  previewImport: (path: string) => invoke<Preview>("preview_import", { path }),
  importFile: (jobId: string, request: ImportRequest, onProgress: (p: Progress) => void) =>
    invoke<ImportSummary>("import_file", { jobId, request, onProgress: channel(onProgress) }),
  catalogue: () => invoke<Source[]>("catalogue"),
  checkUpdates: (proxy: string | null) => invoke<UpdateCheck[]>("check_updates", { proxy }),
  download: (jobId: string, request: DownloadRequest, onProgress: (p: Progress) => void) =>
    invoke<DownloadOutcome>("download", { jobId, request, onProgress: channel(onProgress) }),
  exportChart: (request: ChartRequest, path: string, replace = false) =>
    invoke<string[]>("export_chart", { request, path, replace }),
  /** Several charts into one chosen folder: one dialog, not one per chart. */
  exportCharts: (request: BenchmarkRequest, ids: string[], dir: string, size: string, format: string, replace = false) =>
    invoke<string[]>("export_charts", { request, ids, dir, size, format, replace }),
  exportPack: (
    jobId: string,
    request: BenchmarkRequest,
    cover: CoverSheet,
    dir: string,
    force: boolean,
    appendix: Appendix,
    leaveOut: string[],
    charts: string[],
    onProgress: (p: Progress) => void,
  ) => invoke<PackResult>("export_pack", { jobId, request, cover, dir, force, appendix, leaveOut, charts, onProgress: channel(onProgress) }),
  /** The board paper the pack will hold (pages, sections, charts), before anything is written. */
  packOutline: (request: BenchmarkRequest, cover: CoverSheet, appendix: Appendix, leaveOut: string[], charts: string[]) =>
    invoke<PackOutline>("pack_outline", { request, cover, appendix, leaveOut, charts }),
  openFolder: (path: string) => invoke<void>("open_folder", { path }),
  cancel: (jobId: string) => invoke<boolean>("cancel", { jobId }),
  loadWorkspace: () => invoke<Workspace>("load_workspace"),
  saveWorkspace: (workspace: Workspace) => invoke<void>("save_workspace", { workspace }),
};
