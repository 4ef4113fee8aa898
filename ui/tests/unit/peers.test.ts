import { describe, expect, it } from "vitest";
import type { Feature, PeerSpec, SavedGroup } from "../../src/lib/bindings";
import { changedWeights, choiceOf, peersForTrust, specOf, withWeights } from "../../src/lib/peers";

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

describe("peers on a change of trust", () => {
  const names: Record<string, string> = { RJ1: "Guy's and St Thomas'", RV5: "South London and Maudsley", RAL: "Royal Free London" };
  const nameOf = (c: string) => names[c] ?? c;
  const saved: SavedGroup[] = [
    { name: "Our 8", trust: "RJ1", method: "list:RYJ,R1H", members: 8, words: "made for Guy's and St Thomas', chosen by hand" },
    { name: "SLaM's", trust: "RV5", method: "nearest:5", members: 5, words: "made for South London and Maudsley, the 5 nearest neighbours" },
  ];

  it("re-applies a method that chooses peers for the trust, with nothing to say", () => {
    const specs: PeerSpec[] = [{ method: "type" }, { method: "region" }, { method: "icb" }, { method: "size" }, { method: "survey-group" }, { method: "nearest", n: 7 }];
    for (const spec of specs) expect(peersForTrust(spec, "RJ1", "RV5", saved, nameOf)).toEqual({ spec, note: null });
  });

  it("never carries one trust's hand-picked list to another (regression: SLaM '1st of 1' among RJ1's acute peers)", () => {
    expect(peersForTrust({ method: "list", codes: ["RYJ", "R1H"] }, "RJ1", "RV5", saved, nameOf)).toEqual({
      spec: { method: "type" },
      note: "Peers reset to “Same trust type” for South London and Maudsley: the hand-picked list was made for Guy's and St Thomas'.",
    });
  });

  it("keeps a saved group only for the trust it was made for", () => {
    expect(peersForTrust({ method: "saved", name: "Our 8" }, "RJ1", "RV5", saved, nameOf)).toEqual({
      spec: { method: "type" },
      note: "Peers reset to “Same trust type” for South London and Maudsley: the saved group “Our 8” was made for Guy's and St Thomas'.",
    });
    expect(peersForTrust({ method: "saved", name: "SLaM's" }, "RJ1", "RV5", saved, nameOf)).toEqual({ spec: { method: "saved", name: "SLaM's" }, note: null });
  });

  it("changes nothing when the trust is the same, or on the first choice of a trust", () => {
    const list: PeerSpec = { method: "list", codes: ["RAL"] };
    expect(peersForTrust(list, "RJ1", "RJ1", saved, nameOf)).toEqual({ spec: list, note: null });
    expect(peersForTrust(list, null, "RJ1", saved, nameOf)).toEqual({ spec: list, note: null });
  });
});
