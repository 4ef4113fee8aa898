// An import summary in the sentences the CLI prints (crates/cli/src/commands/import.rs).

import type { ImportSummary } from "./bindings";

export function describeSummary(s: ImportSummary): string[] {
  const p = s.provenance;
  const out: string[] = [];
  if (s.outcome.kind === "already_imported") {
    out.push(`The same file (same SHA-256) was imported as ${s.outcome.dataset} on ${s.outcome.imported_at.slice(0, 10)}; nothing to do.`);
    return out;
  }
  out.push(`${p.title}, ${p.period}: read as '${s.adapter}' (${s.encoding}).`);
  out.push(`${p.publisher} · ${p.licence}`);
  if (p.synthetic) out.push("Illustrative: this dataset is marked synthetic, not published figures.");
  out.push(`${s.rows_read.toLocaleString("en-GB")} rows read; ${s.observations_written.toLocaleString("en-GB")} values ${s.outcome.kind === "dry_run" ? "to write" : "written"}.`);
  const missing = Object.entries(s.missing_values);
  if (missing.length > 0) {
    const total = missing.reduce((a, [, n]) => a + (n ?? 0), 0);
    out.push(`Of which missing, kept with the reason (never as zero): ${total} (${missing.map(([r, n]) => `${r}: ${n}`).join(", ")}).`);
  }
  if (s.observations_replaced > 0) out.push(`${s.observations_replaced} values replace those of earlier datasets.`);
  if (s.organisations_written > 0) out.push(`${s.organisations_written} organisations written.`);
  if (s.organisations_matched > 0 || s.observations_written > 0) {
    const unmatched = Object.keys(s.unknown_codes).length + s.name_issues.length;
    out.push(`${s.organisations_matched} organisations matched; ${unmatched} not matched.`);
  }
  const unknown = Object.entries(s.unknown_codes);
  if (unknown.length > 0) {
    out.push(`Codes not in the ODS reference data (kept, shown by code): ${unknown.map(([c, r]) => `${c} (row ${r})`).join(", ")}.`);
  }
  for (const n of s.notes) out.push(n);
  return out;
}
