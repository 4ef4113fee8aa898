// Peer-group methods as the UI offers them, and the spec words the Rust side reads
// (the same as the CLI's --peers).

import type { Feature } from "./bindings";

export const METHODS = [
  { method: "type", label: "Same trust type", help: "Every open trust of the same type (acute, mental health, community, ambulance)." },
  { method: "region", label: "Same region", help: "Every open trust of any type in the same NHS England region." },
  { method: "icb", label: "Same integrated care board", help: "The trusts in the same ICB (the local system)." },
  { method: "size", label: "Same size group", help: "Trusts in the same DMA peer group, else the same ERIC size band." },
  { method: "survey-group", label: "Staff survey benchmarking group", help: "The NHS Staff Survey's own comparison group." },
  { method: "nearest", label: "Nearest neighbours", help: "The trusts most like this one on size, type and region, weighted as you choose." },
] as const;

export type Method = (typeof METHODS)[number]["method"] | "list" | "saved";

export interface PeerChoice {
  method: Method;
  /** Nearest neighbours: how many. */
  n: number;
  /** A hand-picked list: ODS codes. */
  codes: string[];
  /** A saved group's name. */
  name: string;
}

/** Read a spec (`type`, `nearest:10`, `list:A,B`, or a saved name). */
export function parseSpec(spec: string): PeerChoice {
  const s = spec.trim();
  const base: PeerChoice = { method: "type", n: 10, codes: [], name: "" };
  if (s.startsWith("nearest")) {
    const n = Number.parseInt(s.split(":")[1] ?? "10", 10);
    return { ...base, method: "nearest", n: Number.isFinite(n) && n > 0 ? n : 10 };
  }
  if (s.startsWith("list:")) {
    return { ...base, method: "list", codes: s.slice(5).split(",").map((c) => c.trim().toUpperCase()).filter(Boolean) };
  }
  if (METHODS.some((m) => m.method === s)) return { ...base, method: s as Method };
  if (s === "") return base;
  return { ...base, method: "saved", name: s };
}

/** The spec of a choice. */
export function toSpec(c: PeerChoice): string {
  switch (c.method) {
    case "nearest":
      return `nearest:${Math.max(1, Math.min(100, Math.round(c.n)))}`;
    case "list":
      return `list:${c.codes.join(",")}`;
    case "saved":
      return c.name;
    default:
      return c.method;
  }
}

/** Weights as the Rust side reads them (`beds=2,region=0`), or null for the defaults. */
export function weightsText(features: Feature[], defaults: Feature[]): string | null {
  const changed = features.some((f) => defaults.find((d) => d.name === f.name)?.weight !== f.weight);
  if (!changed) return null;
  return features.map((f) => `${f.name}=${f.weight}`).join(",");
}

/** Features with the weights of a text, for the sliders. */
export function withWeights(defaults: Feature[], text: string | null): Feature[] {
  const given = new Map<string, number>();
  for (const part of (text ?? "").split(",")) {
    const [k, v] = part.split("=");
    const w = Number.parseFloat(v ?? "");
    if (k && Number.isFinite(w)) given.set(k.trim(), w);
  }
  return defaults.map((f) => ({ ...f, weight: given.get(f.name) ?? f.weight }));
}
