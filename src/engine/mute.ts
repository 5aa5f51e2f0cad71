/**
 * Applying a mutelist to a finished scan: the library/CLI layer calls {@link applyMutelist} on the result
 * of `scan()`.
 */

import type { ScanResult } from "../engine/result.js";
import { type Mutelist, muteFindings, mutelistWarnings } from "./mutelist.js";
import { summarize } from "./summary.js";

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
