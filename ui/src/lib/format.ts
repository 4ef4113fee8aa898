// Numbers and words as the board paper prints them. format() matches the Rust renderer's
// narrative::format_value, so the screen, the charts and the exports agree to the digit.

import type { Comparison, IndicatorResult, Unit } from "./bindings";

function thousands(n: number): string {
  const s = Math.round(Math.abs(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return n < 0 ? `-${s}` : s;
}

/** A value in its unit: 3.42, 12.5%, 1,234, £1,250. */
export function format(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "score":
    case "number":
      return value.toFixed(2);
    case "percent":
      return `${value.toFixed(1)}%`;
    case "count":
    case "square_metres":
      return thousands(value);
    case "pounds":
      return `£${thousands(value)}`;
    case "category":
      return "";
  }
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** "3rd of 40", or a dash when there is no rank. */
export function rankOf(i: Pick<IndicatorResult, "rank" | "n">): string {
  return i.rank === null ? "–" : `${ordinal(i.rank)} of ${i.n}`;
}

const QUARTILES = ["", "top quartile", "second quartile", "third quartile", "bottom quartile"];

/** "top quartile" … "bottom quartile"; quartile 1 is the best after polarity. */
export function quartileWords(q: number | null): string {
  return q === null ? "" : (QUARTILES[q] ?? "");
}

/** Better / Similar / Worse as a board member reads it. */
export function comparisonWords(c: Comparison | null): string {
  switch (c) {
    case "better":
      return "Better than peers";
    case "worse":
      return "Worse than peers";
    case "similar":
      return "Similar to peers";
    case "higher":
      return "Higher than peers";
    case "lower":
      return "Lower than peers";
    default:
      return "Not tested";
  }
}

/** A gap with its sign: +0.30, −2.1 points. */
export function signed(value: number | null, unit: Unit): string {
  if (value === null) return "–";
  const magnitude = unit === "percent" ? `${Math.abs(value).toFixed(1)} pts` : format(Math.abs(value), unit);
  if (value > 0) return `+${magnitude}`;
  if (value < 0) return `−${magnitude}`;
  return magnitude;
}

/** How a figure was calculated, in plain words, from the numbers themselves. */
export function explain(i: IndicatorResult): string[] {
  const out: string[] = [];
  const source = i.provenance.map((p) => `${p.title} (${p.publisher}, ${p.period})`).join("; ");
  if (source) out.push(`The value comes from ${source}.`);
  if (i.derived) out.push(i.derived);
  const direction =
    i.polarity === "higher_is_better"
      ? "higher is better"
      : i.polarity === "lower_is_better"
        ? "lower is better"
        : "there is no better direction, so the order is simply highest first";
  if (i.rank !== null) {
    out.push(
      `Rank: the trust and the ${i.n - 1} peers with a value for ${i.period} are put in order (${direction}); ` +
        `the trust is ${ordinal(i.rank)} of ${i.n}. Equal values share the better rank.`,
    );
  }
  if (i.percentile !== null) {
    out.push(
      `Percentile: the share of the other ${i.n - 1} organisations the trust does better than, ` +
        `${i.percentile.toFixed(0)}% (Excel's PERCENTRANK.INC).`,
    );
  }
  if (i.peers) {
    const p = i.peers;
    out.push(
      `Peers: middle value (median) ${format(p.median, i.unit)}` +
        (p.q1 !== null && p.q3 !== null
          ? `; the middle half lies between ${format(p.q1, i.unit)} and ${format(p.q3, i.unit)} (Excel's QUARTILE.INC)`
          : "") +
        `; range ${format(p.min, i.unit)} to ${format(p.max, i.unit)}.`,
    );
  }
  if (i.quartile !== null) out.push(`Quartile: the trust is in the ${quartileWords(i.quartile)} of its peers.`);
  if (i.ci95) {
    out.push(
      `Survey results are estimates from the staff who answered (${format(i.base, "count")}). ` +
        `The 95% range of the trust's true value is ${format(i.ci95.lower, i.unit)} to ${format(i.ci95.upper, i.unit)} (Wilson interval). ` +
        `"Better" or "worse" means this range lies wholly above or below the peer median; otherwise "similar".`,
    );
  }
  if (i.change) {
    out.push(
      i.change.comparable
        ? `Change: compared with ${i.change.previous_period}.`
        : `Change since ${i.change.previous_period} is not shown as a trend: ${i.change.note ?? "the measures are not comparable"}.`,
    );
  }
  if (i.caveat) out.push(i.caveat);
  for (const n of i.notes) out.push(n);
  if (i.illustrative) out.push("These numbers are illustrative: they come from a file marked synthetic, not from published figures.");
  return out;
}
