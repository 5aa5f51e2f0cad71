/**
 * A preload (`node --import`) that stops the clock: `new Date()` and `Date.now()` give
 * CLOUDPATROL_FIXED_CLOCK (ISO 8601 UTC, default 2026-12-01T12:00:00.000Z), so that a run's outputs
 * (scan times, report ages, `firstSeen`, file names) are the same on every run. Timers are untouched.
 * Test use only (golden-outputs.test.ts).
 */
const fixed = Date.parse(process.env.CLOUDPATROL_FIXED_CLOCK ?? "2026-12-01T12:00:00.000Z");
const RealDate = Date;

class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(fixed);
    else super(...args);
  }

  static now() {
    return fixed;
  }
}

globalThis.Date = FixedDate;
