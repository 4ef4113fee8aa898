import { describe, expect, it } from "vitest";
import { comparisonWords, format, ordinal, quartileWords, rankOf, signed } from "../../src/lib/format";

describe("numbers as the board paper prints them", () => {
  it("formats each unit as the Rust renderer does", () => {
    expect(format(2.789, "score")).toBe("2.79");
    expect(format(39.2835, "percent")).toBe("39.3%");
    expect(format(1293, "count")).toBe("1,293");
    expect(format(4614429, "pounds")).toBe("£4,614,429");
    expect(format(374890.4, "square_metres")).toBe("374,890");
    expect(format(null, "score")).toBe("–");
    expect(format(Number.NaN, "percent")).toBe("–");
  });

  it("says ranks and quartiles in words", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]);
    expect(rankOf({ rank: 25, n: 131 })).toBe("25th of 131");
    expect(rankOf({ rank: null, n: 0 })).toBe("–");
    expect(quartileWords(1)).toBe("top quartile");
    expect(quartileWords(4)).toBe("bottom quartile");
    expect(quartileWords(null)).toBe("");
  });

  it("labels survey comparisons and signs gaps", () => {
    expect(comparisonWords("better")).toBe("Better than peers");
    expect(comparisonWords(null)).toBe("Not tested");
    expect(signed(0.38, "score")).toBe("+0.38");
    expect(signed(-2.14, "percent")).toBe("−2.1 pts");
    expect(signed(null, "score")).toBe("–");
  });
});
