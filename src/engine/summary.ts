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

/** Counts findings per status. */
export function summarize(findings: readonly Finding[]): Summary {
  const counts: Record<Status, number> = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 };
  for (const finding of findings) counts[finding.status] += 1;
  return { ...counts, muted: findings.filter((finding) => finding.muted).length, total: findings.length };
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
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (findings.some((finding) => finding.status === "ERROR")) return EXIT.runtimeError;
  if (failOn === "none") return EXIT.ok;
  const threshold = SEVERITIES.indexOf(failOn);
  const failing = findings.some(
    (finding) =>
      finding.status === "FAIL" && !finding.muted && SEVERITIES.indexOf(finding.severity) <= threshold,
  );
  return failing ? EXIT.failingFindings : EXIT.ok;
}
