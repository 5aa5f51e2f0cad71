/**
 * Counts findings and decides the exit code.
 */
import { type Finding, SEVERITIES, type Severity, type Status } from "../model/finding.js";

/** Findings per status. Muted findings are counted under their status and again under `muted`. */
export interface Summary {
  readonly PASS: number;
  readonly FAIL: number;
  readonly MANUAL: number;
  readonly ERROR: number;
  readonly muted: number;
  readonly total: number;
}

/** Counts findings per status, in one pass. */
export function summarize(findings: Iterable<Finding>): Summary {
  const counts: Record<Status, number> = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
  let muted = 0;
  let total = 0;
  for (const finding of findings) {
    counts[finding.status] += 1;
    if (finding.muted) muted += 1;
    total += 1;
  }
  return { ...counts, muted, total };
}

/** The sum of summaries: the summary of their findings together. */
export function addSummaries(summaries: readonly Summary[]): Summary {
  const total = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0, total: 0 };
  for (const summary of summaries)
    for (const key of Object.keys(total) as (keyof Summary)[]) total[key] += summary[key];
  return total;
}

/** `--fail-on`: the lowest severity of an unmuted FAIL that makes the scan fail, or `none`. */
export type FailOn = Severity | "none";

/** Exit codes (see README): 0 clean, 1 runtime error, 2 usage or input error, 3 failing findings. */
export const EXIT = { ok: 0, runtimeError: 1, usageError: 2, failingFindings: 3 } as const;

/**
 * The scan's exit code: 1 when any finding is ERROR (results are incomplete), else 3 when an unmuted
 * FAIL is at or above `failOn`, else 0.
 */
export function exitCodeFor(
  findings: Iterable<Pick<Finding, "status" | "muted" | "severity">>,
  failOn: FailOn,
): number {
  const threshold = failOn === "none" ? undefined : SEVERITIES.indexOf(failOn);
  let failing = false;
  for (const finding of findings) {
    if (finding.status === "ERROR") return EXIT.runtimeError;
    if (
      threshold !== undefined &&
      finding.status === "FAIL" &&
      !finding.muted &&
      SEVERITIES.indexOf(finding.severity) <= threshold
    )
      failing = true;
  }
  return failing ? EXIT.failingFindings : EXIT.ok;
}
