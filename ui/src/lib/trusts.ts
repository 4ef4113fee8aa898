// Finding a trust or an ICB as people look for one: by ODS code, by any words of its name
// (ignoring "NHS", "Foundation", "Trust" and punctuation; "ICB" stands for "Integrated Care
// Board"), filtered by type and region.

import type { Organisation } from "./bindings";

const NOISE = new Set(["nhs", "foundation", "trust", "the", "and", "of"]);

/** Lower case, punctuation as spaces, "&" as "and", noise words dropped. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !NOISE.has(w));
}

export interface TrustFilter {
  query: string;
  type: string | null;
  region: string | null;
}

/** What kind of organisation it is, for the type filter and the result list. */
export function typeOf(org: Organisation): string | null {
  return org.kind === "icb" ? "Integrated care board" : org.trust_type;
}

/** How well a trust matches the query: higher is better; 0 is no match. */
export function score(org: Organisation, query: string): number {
  const q = query.trim();
  if (q === "") return 1;
  const code = org.ods_code.toLowerCase();
  const ql = q.toLowerCase();
  if (code === ql) return 100;
  if (code.startsWith(ql) && ql.length >= 2) return 80;
  let qw = words(q);
  const nw = words(org.display_name);
  // "ICB" is how people write "Integrated Care Board": it matches ICBs only.
  if (qw.includes("icb")) {
    if (org.kind !== "icb") return 0;
    qw = qw.filter((w) => w !== "icb");
    if (qw.length === 0) return 30;
  }
  if (qw.length === 0) return 0;
  // Every query word must start some word of the name.
  const all = qw.every((w) => nw.some((n) => n.startsWith(w)));
  if (!all) return 0;
  const first = nw[0]?.startsWith(qw[0] ?? "") ? 20 : 0;
  const whole = qw.filter((w) => nw.includes(w)).length;
  return 40 + first + whole;
}

/** The trusts matching a filter, best first (then by name), at most `limit`. */
export function searchTrusts(trusts: Organisation[], filter: TrustFilter, limit = 50): Organisation[] {
  return trusts
    .filter((t) => !filter.type || typeOf(t) === filter.type)
    .filter((t) => !filter.region || t.region === filter.region)
    .map((t) => ({ t, s: score(t, filter.query) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.t.display_name.localeCompare(b.t.display_name))
    .slice(0, limit)
    .map((x) => x.t);
}

/** The distinct values of a field, sorted, for a filter's options. */
export function options(trusts: Organisation[], field: "trust_type" | "region"): string[] {
  const set = new Set<string>();
  for (const t of trusts) {
    const v = field === "trust_type" ? typeOf(t) : t[field];
    if (v) set.add(v);
  }
  return [...set].sort((a, b) => a.localeCompare(b));
}

/** Add a trust to the recent list: newest first, no repeats, at most `max`. */
export function pushRecent(recent: string[], code: string, max = 8): string[] {
  return [code, ...recent.filter((c) => c !== code)].slice(0, max);
}

/** What a report's subject is called in running text and as a column heading: a trust, or an
 * ICB in the ICB view (as the Rust side's `Subject`). */
export function subjectWords(kind: string | undefined): { one: string; heading: string } {
  return kind === "icb" ? { one: "ICB", heading: "ICB" } : { one: "trust", heading: "Trust" };
}
