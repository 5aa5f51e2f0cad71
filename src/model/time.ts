/**
 * Time formatting shared by rules and reporters. All times are UTC.
 */

/**
 * The texts {@link isoTime} made, by epoch milliseconds: a scan formats the same few times (a user's
 * creation, a key's last use) once per rule and finding. Emptied when it holds {@link ISO_CACHE_SIZE}.
 */
const isoCache = new Map<number, string>();
const ISO_CACHE_SIZE = 200_000;

/**
 * ISO 8601 in UTC, seconds precision when the milliseconds are zero: `2025-01-28T17:25:12Z`.
 * @throws RangeError for an invalid date (as `toISOString`).
 */
export function isoTime(date: Date): string {
  const ms = date.getTime();
  const cached = isoCache.get(ms);
  if (cached !== undefined) return cached;
  const full = date.toISOString();
  const text = full.endsWith(".000Z") ? `${full.slice(0, -5)}Z` : full;
  if (isoCache.size >= ISO_CACHE_SIZE) isoCache.clear();
  isoCache.set(ms, text);
  return text;
}

const UNITS: readonly [string, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/**
 * A duration in whole human units, largest unit that fits: `0 seconds`, `1 second`, `5 minutes`,
 * `41 days`. Negative durations are described by their absolute value.
 * @param seconds - the duration in seconds.
 */
export function humanDuration(seconds: number): string {
  const abs = Math.abs(Math.round(seconds));
  for (const [unit, size] of UNITS) {
    if (abs >= size || size === 1) {
      const count = Math.floor(abs / size);
      return `${count} ${unit}${count === 1 ? "" : "s"}`;
    }
  }
  return `${abs} seconds`;
}

/** What {@link parseIsoTime} found: the instant, or why the text is not one. */
export type IsoTimeResult =
  | { readonly ok: true; readonly date: Date }
  | { readonly ok: false; readonly problem: string };

/** ISO 8601 with a zone: date, `T`, hours and minutes, optional seconds and fraction, `Z` or `±hh:mm`. */
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The earliest year accepted: no AWS credential, report or finding predates the Unix epoch. */
const FIRST_YEAR = 1970;

/**
 * Parses an ISO 8601 time with a zone (`2025-01-28T17:25:12Z`, `2023-01-03T09:38:09+00:00`) into the
 * instant it names, checking every field: an impossible date (`2024-02-30`), hour, minute, second or
 * offset is refused with the reason, never rolled over as `Date.parse` does; years before 1970 too.
 * The one parser of times read from files and events.
 */
export function parseIsoTime(text: string): IsoTimeResult {
  const match = ISO_TIME.exec(text);
  if (!match)
    return { ok: false, problem: "expected an ISO 8601 time with a zone, such as 2025-01-28T17:25:12Z" };
  const [, y, mo, d, h, mi, s = "00", fraction = "", zone, sign, oh = "00", om = "00"] =
    match as unknown as string[];
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as number[];
  if (year === undefined || month === undefined || day === undefined) throw new Error("unreachable");
  if (year < FIRST_YEAR) return { ok: false, problem: `year ${y} is before ${FIRST_YEAR}` };
  if (month < 1 || month > 12) return { ok: false, problem: `there is no month ${mo}` };
  const monthDays = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1) return { ok: false, problem: `there is no day ${d}` };
  if (day > monthDays) return { ok: false, problem: `${MONTHS[month - 1]} ${y} has ${monthDays} days` };
  if ((hour as number) > 23) return { ok: false, problem: `hour ${h} is out of range (00-23)` };
  if ((minute as number) > 59) return { ok: false, problem: `minute ${mi} is out of range (00-59)` };
  if ((second as number) > 59) return { ok: false, problem: `second ${s} is out of range (00-59)` };
  let offsetMinutes = 0;
  if (zone !== "Z") {
    if (Number(oh) > 23 || Number(om) > 59)
      return { ok: false, problem: `the offset ${zone} is out of range` };
    offsetMinutes = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const ms = Number(fraction.padEnd(3, "0").slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { ok: true, date: new Date(utc) };
}
