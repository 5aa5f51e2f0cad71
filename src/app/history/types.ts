/**
 * Scan history: what is stored per scan and per finding, and the scope that groups comparable scans.
 * Schema: migration 2 in `src/store/migrations.ts`; JSON shapes in docs/history.md.
 */

import type { Summary } from "../../engine/summary.js";
import type { Severity, Status } from "../../model/finding.js";

/**
 * What makes two scans comparable: the same source, the same accounts, the same rule selection. `diff`
 * compares the last two scans of one scope unless told otherwise.
 */
export interface Scope {
  /** `aws` (live) or `credential-report-file` (offline). */
  readonly source: string;
  /** Account ids, sorted, without duplicates. */
  readonly accounts: readonly string[];
  /** `--framework`, or null. */
  readonly framework: string | null;
  /** `--rule` ids, sorted, without duplicates; null: every rule (no `--rule`). */
  readonly rules: readonly string[] | null;
}

/** One scan as stored (no findings). */
export interface HistoryScan {
  readonly scanId: string;
  /** Order of recording, 1, 2, ... (scans that run at once are ordered as they finished). */
  readonly seq: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly recordedAt: string;
  readonly source: string;
  /** `scan.accounts` of the scan's JSON output. */
  readonly accounts: readonly Readonly<Record<string, unknown>>[];
  readonly scope: Scope;
  /** The scan's options that decide what it judged (never a secret). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly summary: Summary;
  readonly toolVersion: string;
}

/** One finding of a stored scan: the fields a diff shows (no evidence). */
export interface HistoryFinding {
  readonly uid: string;
  readonly ruleId: string;
  readonly status: Status;
  readonly muted: boolean;
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceArn: string;
  readonly resourceName: string;
  readonly statusExtended: string;
  /** Start time of the first scan of this streak: see docs/history.md. */
  readonly firstSeen: string;
}
