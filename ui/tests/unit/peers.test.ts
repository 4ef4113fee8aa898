import { describe, expect, it } from "vitest";
import type { Feature, PeerSpec } from "../../src/lib/bindings";
import { changedWeights, choiceOf, specOf, withWeights } from "../../src/lib/peers";

const DEFAULTS: Feature[] = [
  { name: "beds", label: "Beds", weight: 1 },
  { name: "region", label: "Same region", weight: 0.5 },
];

describe("the peer form", () => {
  it("edits a typed spec and gives back the same spec", () => {
    const specs: PeerSpec[] = [
      { method: "type" },
      { method: "region" },
      { method: "icb" },
      { method: "size" },
      { method: "survey-group" },
      { method: "nearest", n: 7 },
      { method: "list", codes: ["RJ1", "RJZ"] },
      { method: "saved", name: "Shelford Group" },
    ];
    for (const spec of specs) expect(specOf(choiceOf(spec))).toEqual(spec);
  });

  it("keeps what was typed when the method changes, and leaves checking the values to Rust", () => {
    const c = choiceOf({ method: "nearest", n: 12 });
    c.method = "type";
    expect(specOf(c)).toEqual({ method: "type" });
    c.method = "nearest";
    expect(specOf(c)).toEqual({ method: "nearest", n: 12 });
    // Not a number, or fewer than one: sent as 0, which Rust refuses with a sentence.
    expect(specOf({ ...c, n: Number.NaN })).toEqual({ method: "nearest", n: 0 });
    expect(specOf({ ...c, n: 2.6 })).toEqual({ method: "nearest", n: 3 });
  });

  it("sends only the weights that differ from the defaults", () => {
    expect(changedWeights(DEFAULTS, DEFAULTS)).toEqual({});
    const changed = withWeights(DEFAULTS, { beds: 2 });
    expect(changed.map((f) => f.weight)).toEqual([2, 0.5]);
    expect(changedWeights(changed, DEFAULTS)).toEqual({ beds: 2 });
  });
});
