// Sorting the numbers table: by any column, missing values always last, ties by label.

export type Direction = "ascending" | "descending";

export interface Column<Row> {
  key: string;
  label: string;
  value: (row: Row) => string | number | null;
  numeric: boolean;
}

export function sortRows<Row>(rows: Row[], column: Column<Row>, direction: Direction, tie: (r: Row) => string): Row[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = column.value(a);
    const vb = column.value(b);
    if (va === null && vb === null) return tie(a).localeCompare(tie(b));
    if (va === null) return 1;
    if (vb === null) return -1;
    const c = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
    return c !== 0 ? sign * c : tie(a).localeCompare(tie(b));
  });
}

/** The next direction when a column header is pressed: a new column starts ascending. */
export function nextDirection(current: { key: string; direction: Direction } | null, key: string): Direction {
  if (current && current.key === key) return current.direction === "ascending" ? "descending" : "ascending";
  return "ascending";
}
