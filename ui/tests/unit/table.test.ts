import { describe, expect, it } from "vitest";
import { nextDirection, sortRows, type Column } from "../../src/lib/table";

interface Row { label: string; value: number | null }
const value: Column<Row> = { key: "value", label: "Value", value: (r) => r.value, numeric: true };
const rows: Row[] = [
  { label: "b", value: 2 },
  { label: "a", value: null },
  { label: "c", value: 10 },
  { label: "d", value: 2 },
];

describe("sorting the numbers table", () => {
  it("sorts numbers as numbers, missing values last either way, ties by label", () => {
    expect(sortRows(rows, value, "ascending", (r) => r.label).map((r) => r.label)).toEqual(["b", "d", "c", "a"]);
    expect(sortRows(rows, value, "descending", (r) => r.label).map((r) => r.label)).toEqual(["c", "b", "d", "a"]);
  });

  it("toggles the direction on the same column and starts a new column ascending", () => {
    expect(nextDirection(null, "value")).toBe("ascending");
    expect(nextDirection({ key: "value", direction: "ascending" }, "value")).toBe("descending");
    expect(nextDirection({ key: "value", direction: "descending" }, "label")).toBe("ascending");
  });
});
