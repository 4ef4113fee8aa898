// Typed calls to the Rust commands (src-tauri/src/commands.rs). Every command rejects with a
// CommandError {code, message}; long jobs report progress on a Channel and stop on cancel().

import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AdapterInfo,
  AppInfo,
  BenchmarkRequest,
  ChartInfo,
  ChartView,
  CommandError,
  CoverSheet,
  DatasetInfo,
  DownloadOutcome,
  Feature,
  ImportRequest,
  ImportSummary,
  JobProgress,
  Organisation,
  PackResult,
  PeerGroup,
  Preview,
  Report,
  SavedGroup,
  Source,
  UpdateCheck,
  Workspace,
} from "./bindings";

/** The error of a failed command, whatever threw it. */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return { code: String(e.code), message: String(e.message) };
  }
  return { code: "internal", message: e instanceof Error ? e.message : String(e) };
}

let jobCounter = 0;
/** A fresh id for a cancellable job. */
export function newJobId(kind: string): string {
  jobCounter += 1;
  return `${kind}-${Date.now()}-${jobCounter}`;
}

function channel(onProgress: (p: JobProgress) => void): Channel<JobProgress> {
  const c = new Channel<JobProgress>();
  c.onmessage = onProgress;
  return c;
}

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  dashboardPainted: () => invoke<number>("dashboard_painted"),
  trusts: () => invoke<Organisation[]>("trusts"),
  benchmark: (request: BenchmarkRequest) => invoke<Report>("benchmark", { request }),
  charts: (request: BenchmarkRequest) => invoke<ChartInfo[]>("charts", { request }),
  chart: (request: BenchmarkRequest, id: string, size: string) =>
    invoke<ChartView>("chart", { request, id, size }),
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
  previewImport: (path: string) => invoke<Preview>("preview_import", { path }),
  importFile: (jobId: string, request: ImportRequest, onProgress: (p: JobProgress) => void) =>
    invoke<ImportSummary>("import_file", { jobId, request, onProgress: channel(onProgress) }),
  catalogue: () => invoke<Source[]>("catalogue"),
  checkUpdates: (proxy: string | null) => invoke<UpdateCheck[]>("check_updates", { proxy }),
  download: (
    jobId: string,
    key: string,
    url: string | null,
    proxy: string | null,
    onProgress: (p: JobProgress) => void,
  ) => invoke<DownloadOutcome>("download", { jobId, key, url, proxy, onProgress: channel(onProgress) }),
  exportChart: (request: BenchmarkRequest, id: string, size: string, path: string) =>
    invoke<string[]>("export_chart", { request, id, size, path }),
  exportPack: (
    jobId: string,
    request: BenchmarkRequest,
    cover: CoverSheet,
    dir: string,
    force: boolean,
    onProgress: (p: JobProgress) => void,
  ) => invoke<PackResult>("export_pack", { jobId, request, cover, dir, force, onProgress: channel(onProgress) }),
  openFolder: (path: string) => invoke<void>("open_folder", { path }),
  cancel: (jobId: string) => invoke<boolean>("cancel", { jobId }),
  loadWorkspace: () => invoke<Workspace>("load_workspace"),
  saveWorkspace: (workspace: Workspace) => invoke<void>("save_workspace", { workspace }),
};
