// The SPC settings form: rule lengths, a baseline and rebase periods as the user types them,
// checked here before they are sent (the core checks them again and says why in a note).
import type { Settings } from "./bindings";

/** NHSRplotthedots' defaults. */
export const DEFAULT_SPC: Settings = { shift: 7, trend: 7, baseline: null, rebase: [], screen_outliers: true };

/** The form's text fields. */
export interface SpcForm {
  shift: string;
  trend: string;
  baseline: string;
  rebase: string;
}

/** The form for saved settings. */
export function formOf(s: Settings): SpcForm {
  return {
    shift: String(s.shift),
    trend: String(s.trend),
    baseline: s.baseline === null ? "" : String(s.baseline),
    rebase: s.rebase.join(", "),
  };
}

const whole = (text: string, what: string): number | string => {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 2) return `${what} must be a whole number of 2 or more (it is "${text}")`;
  return Number(t);
};

/** Settings from the form, or what is wrong with it in words. */
export function settingsOf(form: SpcForm, screen_outliers = true): Settings | string {
  const shift = whole(form.shift, "A shift");
  if (typeof shift === "string") return shift;
  const trend = whole(form.trend, "A trend");
  if (typeof trend === "string") return trend;
  let baseline: number | null = null;
  if (form.baseline.trim() !== "") {
    const b = whole(form.baseline, "A baseline");
    if (typeof b === "string") return b;
    baseline = b;
  }
  const rebase = form.rebase
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const bad = rebase.find((p) => !/^\d{4}(-\d{2})?$/.test(p));
  if (bad !== undefined) return `"${bad}" is not a period; write a month as 2025-07 or a year as 2025`;
  return { shift, trend, baseline, rebase, screen_outliers };
}
