/**
 * Applying a mutelist to a finished scan: the library/CLI layer calls {@link applyMutelist} on the result
 * of `scan()`.
 */

import type { ScanReport, ScanResult } from "../engine/result.js";
import type { MuteInfo } from "../model/finding.js";
import { createMuter, type Mutelist, muteFindings, mutelistWarnings } from "./mutelist.js";
import { type Summary, summarize } from "./summary.js";

/**
 * Returns a copy of `result` with the mutelist applied: covered findings get `muted: true` and their
 * `mute` reason (status unchanged), the summary is recounted, and mutelist warnings (expired entries,
 * Prowler-style patterns) are appended to `warnings`. Expiry is judged at the scan's start time.
 */
export function applyMutelist(result: ScanResult, mutelist: Mutelist): ScanResult {
  const { findings, warnings } = muteFindings(result.findings, mutelist, new Date(result.scan.startedAt));
  return {
    ...result,
    findings,
    summary: summarize(findings),
    warnings: [...result.warnings, ...mutelistWarnings(mutelist), ...warnings],
  };
}

/** What {@link mutelistVerdicts} found. */
export interface MutelistVerdicts {
  /** Per position of the findings: the mute of a finding the mutelist covers, else undefined. */
  readonly mutes: (MuteInfo | undefined)[];
  /** The summary recounted with the mutes. */
  readonly summary: Summary;
  /** The report's warnings followed by the mutelist's (as {@link applyMutelist} gives them). */
  readonly warnings: string[];
}

/**
 * {@link applyMutelist} for findings that are not held in memory (a spooled multi-account scan): one
 * pass in scan order, giving each finding's mute instead of muted copies. The caller puts the mutes on
 * the findings as they are read; the result is then the same as applyMutelist's.
 */
export function mutelistVerdicts(report: ScanReport, mutelist: Mutelist): MutelistVerdicts {
  const muter = createMuter(mutelist, new Date(report.scan.startedAt));
  const mutes: (MuteInfo | undefined)[] = [];
  const muted = (function* () {
    for (const finding of report.findings) {
      const judged = muter.mute(finding);
      mutes.push(judged === finding ? undefined : judged.mute);
      yield judged;
    }
  })();
  const summary = summarize(muted);
  return {
    mutes,
    summary,
    warnings: [...report.warnings, ...mutelistWarnings(mutelist), ...muter.warnings()],
  };
}
