/**
 * The fast path of reading report times (`plainTime` in src/credential-report/values.ts) gives exactly
 * parseIsoTime's instant wherever it answers, answers for the shapes IAM writes, and leaves every text
 * parseIsoTime refuses (or that has another shape) to it.
 */
import { describe, expect, it } from "vitest";
import { plainTime } from "../../src/credential-report/values.js";
import { parseIsoTime } from "../../src/model/time.js";

function same(text: string): void {
  const fast = plainTime(text);
  const slow = parseIsoTime(text);
  if (fast === undefined) {
    // Left to parseIsoTime: only other shapes or refused values.
    const shaped = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/.test(text);
    expect(shaped && slow.ok, text).toBe(false);
  } else {
    expect(slow.ok, text).toBe(true);
    expect(fast.getTime(), text).toBe(slow.ok ? slow.date.getTime() : Number.NaN);
  }
}

describe("plainTime", () => {
  it("reads both shapes IAM writes", () => {
    expect(plainTime("2025-01-28T17:25:12Z")?.toISOString()).toBe("2025-01-28T17:25:12.000Z");
    expect(plainTime("2023-01-03T09:38:09+00:00")?.toISOString()).toBe("2023-01-03T09:38:09.000Z");
    expect(plainTime("2023-01-03T09:38:09+05:30")?.toISOString()).toBe("2023-01-03T04:08:09.000Z");
    expect(plainTime("2023-01-03T09:38:09-01:15")?.toISOString()).toBe("2023-01-03T10:53:09.000Z");
  });

  it("leaves fractions, other shapes and out-of-range fields to parseIsoTime", () => {
    for (const text of [
      "2025-01-28T17:25:12.5Z",
      "2025-01-28T17:25Z",
      "2024-02-30T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2024-13-01T00:00:00Z",
      "1969-12-31T23:59:59Z",
      "2024-01-01T24:00:00Z",
      "2024-01-01T00:60:00Z",
      "2024-01-01T00:00:60Z",
      "2024-01-01T00:00:00+24:00",
      "2024-01-01T00:00:00+00:60",
      "2024-01-01T00:00:00*00:00",
      "2024-01-01 00:00:00Z",
      "2024-01-01T00:00:00z",
      "２０２４-01-01T00:00:00Z",
      "N/A",
      "",
    ]) {
      expect(plainTime(text), text).toBeUndefined();
      same(text);
    }
    expect(plainTime("2024-02-29T23:59:59Z")?.toISOString()).toBe("2024-02-29T23:59:59.000Z");
  });

  it("agrees with parseIsoTime on random times, valid and not", () => {
    let state = 7;
    const next = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % n;
    };
    const pad = (value: number, width: number) => String(value).padStart(width, "0");
    for (let index = 0; index < 20_000; index++) {
      const base = `${pad(1960 + next(80), 4)}-${pad(next(14), 2)}-${pad(next(33), 2)}T${pad(next(26), 2)}:${pad(next(62), 2)}:${pad(next(62), 2)}`;
      const zone =
        next(3) === 0 ? "Z" : `${next(2) === 0 ? "+" : "-"}${pad(next(26), 2)}:${pad(next(62), 2)}`;
      same(`${base}${zone}`);
    }
  });
});
