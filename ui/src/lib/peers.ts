// Peer-group methods as the UI offers them, and the form that edits a typed PeerSpec. The spec
// crosses IPC as the tagged value Rust defines (`{ method: "nearest", n: 10 }`); the UI never
// writes or parses the command line's words, and Rust checks every value it is sent.

import type { Feature, PeerSpec, SavedGroup } from "./bindings";

export const METHODS = [
  { method: "type", label: "Same trust type", help: "Every open trust of the same type (acute, mental health, community, ambulance)." },
  { method: "region", label: "Same region", help: "Every open trust of any type in the same NHS England region." },
  { method: "icb", label: "Same integrated care board", help: "The trusts in the same ICB (the local system)." },
  { method: "size", label: "Same size group", help: "Trusts in the same DMA peer group, else the same ERIC size band." },
  { method: "survey-group", label: "Staff survey benchmarking group", help: "The NHS Staff Survey's own comparison group." },
  { method: "nearest", label: "Nearest neighbours", help: "The trusts most like this one on size, type and region, weighted as you choose." },
] as const;

export type Method = PeerSpec["method"];

/** The peer form's fields: every method's, so switching method keeps what was typed. */
export interface PeerChoice {
  method: Method;
  /** Nearest neighbours: how many. */
  n: number;
  /** A hand-picked list: ODS codes. */
  codes: string[];
  /** A saved group's name. */
  name: string;
}

/** The form for a spec. */
export function choiceOf(spec: PeerSpec): PeerChoice {
  const c: PeerChoice = { method: spec.method, n: 10, codes: [], name: "" };
  if (spec.method === "nearest") c.n = spec.n;
  if (spec.method === "list") c.codes = [...spec.codes];
  if (spec.method === "saved") c.name = spec.name;
  return c;
}

/** The spec of the form, as Rust reads it (it checks the values: 0 neighbours is refused there). */
export function specOf(c: PeerChoice): PeerSpec {
  switch (c.method) {
    case "nearest":
      return { method: "nearest", n: Number.isFinite(c.n) ? Math.max(0, Math.round(c.n)) : 0 };
    case "list":
      return { method: "list", codes: [...c.codes] };
    case "saved":
      return { method: "saved", name: c.name };
    default:
      return { method: c.method };
  }
}

/** The weights changed from the defaults (what a request carries). */
export function changedWeights(features: Feature[], defaults: Feature[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of features) {
    if (defaults.find((d) => d.name === f.name)?.weight !== f.weight) out[f.name] = f.weight;
  }
  return out;
}

/** The features with saved weights applied, for the weight inputs. */
export function withWeights(defaults: Feature[], weights: Partial<Record<string, number>>): Feature[] {
  return defaults.map((f) => ({ ...f, weight: weights[f.name] ?? f.weight }));
}

/**
 * The peers for a trust just chosen, and what to tell the user. A method that chooses peers for
 * the trust (same type, region, ICB, size, survey group, nearest neighbours) is applied to the
 * new trust as it stands. A hand-picked list or a saved group is a fixed set made for one trust:
 * it would compare another trust with the first one's peers (a mental-health trust "1st of 1"
 * among acute trusts), so it gives way to the same-type default, said in a note, unless the
 * saved group was made for the trust now chosen.
 */
export function peersForTrust(
  spec: PeerSpec,
  from: string | null,
  to: string,
  saved: SavedGroup[],
  nameOf: (code: string) => string,
): { spec: PeerSpec; note: string | null } {
  if (from === null || from === to) return { spec, note: null };
  const reset = (what: string, madeFor: string) => ({
    spec: { method: "type" } as PeerSpec,
    note: `Peers reset to “${METHODS[0].label}” for ${nameOf(to)}: the ${what} was made for ${nameOf(madeFor)}.`,
  });
  if (spec.method === "list") return reset("hand-picked list", from);
  if (spec.method === "saved") {
    const group = saved.find((g) => g.name === spec.name);
    if (group?.trust === to) return { spec, note: null };
    return reset(`saved group “${spec.name}”`, group?.trust ?? from);
  }
  return { spec, note: null };
}
