import { describe, expect, it } from "vitest";
import type { ChartInfo } from "../../src/lib/bindings";
import { shownCharts } from "../../src/lib/session.svelte";

const info = (id: string): ChartInfo => ({ id, kind: "ranked-bar", title: id, illustrative: false });

describe("which charts the dashboard shows", () => {
  it("shows the saved choice, dropping charts the data no longer supports", () => {
    expect(shownCharts([info("spine"), info("pillar-profile")], ["spine", "gone"])).toEqual(["spine"]);
  });

  it("starts with the default set the data supports, else the first four", () => {
    const all = ["pillar-profile", "pillar-strip", "dma-overall-ranked", "spine", "dspt-status"].map(info);
    expect(shownCharts(all, [])).toEqual(["pillar-profile", "dma-overall-ranked", "spine", "dspt-status"]);
    const survey = ["a", "b", "c", "d", "e"].map(info);
    expect(shownCharts(survey, [])).toEqual(["a", "b", "c", "d"]);
  });
});
