import { describe, expect, it } from "vitest";
import type { Feature } from "../../src/lib/bindings";
import { parseSpec, toSpec, weightsText, withWeights } from "../../src/lib/peers";

const DEFAULTS: Feature[] = [
  { name: "beds", label: "Beds", weight: 1 },
  { name: "region", label: "Same region", weight: 0.5 },
];

describe("peer group specs", () => {
  it("reads and writes the words the CLI's --peers takes", () => {
    for (const spec of ["type", "region", "icb", "size", "survey-group", "nearest:10", "list:RJ1,RJZ", "Shelford Group"]) {
      expect(toSpec(parseSpec(spec))).toBe(spec);
    }
    expect(parseSpec("nearest").n).toBe(10);
    expect(parseSpec("nearest:abc").n).toBe(10);
    expect(toSpec({ ...parseSpec("nearest:5"), n: 500 })).toBe("nearest:100");
    expect(parseSpec("list: rj1 , rjz").codes).toEqual(["RJ1", "RJZ"]);
  });

  it("sends weights only when they differ from the defaults", () => {
    expect(weightsText(DEFAULTS, DEFAULTS)).toBeNull();
    const changed = withWeights(DEFAULTS, "beds=2");
    expect(changed.map((f) => f.weight)).toEqual([2, 0.5]);
    expect(weightsText(changed, DEFAULTS)).toBe("beds=2,region=0.5");
    expect(withWeights(DEFAULTS, "nonsense").map((f) => f.weight)).toEqual([1, 0.5]);
  });
});
