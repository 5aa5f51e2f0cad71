import { describe, expect, it } from "vitest";
import { parseIsoTime } from "../../src/model/time.js";

describe("parseIsoTime (issue 16 item 4): real instants only, never rolled over", () => {
  it.each([
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["2023-01-03T09:38:09+00:00", "2023-01-03T09:38:09.000Z"],
    ["2023-01-03T09:38:09-05:30", "2023-01-03T15:08:09.000Z"],
    ["2025-01-28T17:25:12.123456Z", "2025-01-28T17:25:12.123Z"],
    ["2025-01-28T17:25Z", "2025-01-28T17:25:00.000Z"],
  ])("%s is %s", (text, iso) => {
    expect(parseIsoTime(text)).toEqual({ ok: true, date: new Date(iso) });
  });

  it.each([
    ["2024-02-30T00:00:00Z", "February 2024 has 29 days"],
    ["2023-02-29T00:00:00Z", "February 2023 has 28 days"],
    ["2024-04-31T00:00:00Z", "April 2024 has 30 days"],
    ["2024-13-01T00:00:00Z", "there is no month 13"],
    ["2024-00-10T00:00:00Z", "there is no month 00"],
    ["2024-01-00T00:00:00Z", "there is no day 00"],
    ["0000-01-01T00:00:00Z", "year 0000 is before 1970"],
    ["2024-01-01T24:00:00Z", "hour 24 is out of range (00-23)"],
    ["2024-01-01T23:60:00Z", "minute 60 is out of range (00-59)"],
    ["2024-01-01T23:59:60Z", "second 60 is out of range (00-59)"],
    ["2024-01-01T00:00:00+24:00", "the offset +24:00 is out of range"],
    ["2024-01-01T00:00:00", "expected an ISO 8601 time with a zone, such as 2025-01-28T17:25:12Z"],
    ["2024-1-01T00:00:00Z", "expected an ISO 8601 time with a zone, such as 2025-01-28T17:25:12Z"],
  ])("%s is refused: %s", (text, problem) => {
    expect(parseIsoTime(text)).toEqual({ ok: false, problem });
  });
});
