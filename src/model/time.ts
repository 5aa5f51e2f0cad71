/**
 * Time formatting shared by rules and reporters. All times are UTC.
 */

/** ISO 8601 in UTC, seconds precision when the milliseconds are zero: `2025-01-28T17:25:12Z`. */
export function isoTime(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
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
