import { describe, expect, it } from "vitest";
import { DEFAULT_SPC, formOf, settingsOf } from "../../src/lib/spc";

describe("the SPC settings form", () => {
  it("gives back the settings it shows", () => {
    expect(settingsOf(formOf(DEFAULT_SPC))).toEqual(DEFAULT_SPC);
    const custom = { shift: 8, trend: 6, baseline: 12, rebase: ["2024-04", "2025-01"], screen_outliers: true };
    expect(formOf(custom)).toEqual({ shift: "8", trend: "6", baseline: "12", rebase: "2024-04, 2025-01" });
    expect(settingsOf(formOf(custom))).toEqual(custom);
  });

  it("says what is wrong instead of sending it", () => {
    const form = formOf(DEFAULT_SPC);
    expect(settingsOf({ ...form, shift: "1" })).toBe('A shift must be a whole number of 2 or more (it is "1")');
    expect(settingsOf({ ...form, trend: "seven" })).toMatch(/^A trend must be a whole number/);
    expect(settingsOf({ ...form, baseline: "6.5" })).toMatch(/^A baseline must be/);
    expect(settingsOf({ ...form, rebase: "2024-04, April" })).toBe(
      '"April" is not a period; write a month as 2025-07 or a year as 2025',
    );
    expect(settingsOf({ ...form, baseline: " " })).toEqual(DEFAULT_SPC);
  });
});
