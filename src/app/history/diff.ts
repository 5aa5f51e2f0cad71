/**
 * Comparing two stored scans, finding by finding (by uid). Pure: no database, no clock.
 *
 * Every uid of either scan lands in exactly one category ("failing" means status FAIL, muted or not):
 * - `new`: failing in `to`, not failing (or not reported) in `from`;
 * - `resolved`: failing in `from`, not failing (or not reported) in `to`;
 * - `stillFailing`: failing in both, with `firstSeen`;
 * - `changedStatus`: another status change, not reported counting as a status (PASS → ERROR, absent → PASS);
 * - unchanged: the same non-failing status in both (counted only).
 */
import type { Status } from "../../model/finding.js";
import type { HistoryFinding, HistoryScan } from "./types.js";

/** One finding in a diff. */
export interface DiffEntry {
  readonly uid: string;
  readonly ruleId: string;
  readonly severity: HistoryFinding["severity"];
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceArn: string;
  readonly resourceName: string;
  /** Status in the `from` scan; null: not reported there. */
  readonly fromStatus: Status | null;
  /** Status in the `to` scan; null: not reported there. */
  readonly toStatus: Status | null;
  /** Muted in the latest scan that reported it. */
  readonly muted: boolean;
  /** The sentence of the latest scan that reported it. */
  readonly statusExtended: string;
  /** The `to` scan's firstSeen; null when `to` did not report it. */
  readonly firstSeen: string | null;
}

/** Counts per category. */
export interface DiffSummary {
  readonly new: number;
  readonly resolved: number;
  readonly stillFailing: number;
  readonly changedStatus: number;
  readonly unchanged: number;
}

/** The difference between two scans. */
export interface ScanDiff {
  readonly from: HistoryScan;
  readonly to: HistoryScan;
  /** Whether both scans have the same scope. */
  readonly sameScope: boolean;
  readonly summary: DiffSummary;
  readonly new: readonly DiffEntry[];
  readonly resolved: readonly DiffEntry[];
  readonly stillFailing: readonly DiffEntry[];
  readonly changedStatus: readonly DiffEntry[];
  /** What makes the comparison less certain (different scopes, accounts `to` could not read). */
  readonly warnings: readonly string[];
}

function entry(before: HistoryFinding | undefined, after: HistoryFinding | undefined): DiffEntry {
  const latest = (after ?? before) as HistoryFinding;
  return {
    uid: latest.uid,
    ruleId: latest.ruleId,
    severity: latest.severity,
    accountId: latest.accountId,
    region: latest.region,
    resourceType: latest.resourceType,
    resourceArn: latest.resourceArn,
    resourceName: latest.resourceName,
    fromStatus: before?.status ?? null,
    toStatus: after?.status ?? null,
    muted: latest.muted,
    statusExtended: latest.statusExtended,
    firstSeen: after?.firstSeen ?? null,
  };
}

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "informational"];

/** Most severe first, then rule, account, resource, uid: a stable order for people and tests. */
function byImportance(a: DiffEntry, b: DiffEntry): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.accountId.localeCompare(b.accountId) ||
    a.resourceName.localeCompare(b.resourceName) ||
    a.uid.localeCompare(b.uid)
  );
}

function sameScope(a: HistoryScan, b: HistoryScan): boolean {
  return JSON.stringify(a.scope) === JSON.stringify(b.scope);
}

/** Compares the findings of two scans (see the module comment for the categories). */
export function diffScans(
  from: HistoryScan,
  fromFindings: readonly HistoryFinding[],
  to: HistoryScan,
  toFindings: readonly HistoryFinding[],
): ScanDiff {
  const before = new Map(fromFindings.map((finding) => [finding.uid, finding]));
  const after = new Map(toFindings.map((finding) => [finding.uid, finding]));
  const added: DiffEntry[] = [];
  const resolved: DiffEntry[] = [];
  const stillFailing: DiffEntry[] = [];
  const changedStatus: DiffEntry[] = [];
  let unchanged = 0;
  for (const uid of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(uid);
    const now = after.get(uid);
    const wasFailing = old?.status === "FAIL";
    const isFailing = now?.status === "FAIL";
    if (isFailing && wasFailing) stillFailing.push(entry(old, now));
    else if (isFailing) added.push(entry(old, now));
    else if (wasFailing) resolved.push(entry(old, now));
    else if ((old?.status ?? null) !== (now?.status ?? null)) changedStatus.push(entry(old, now));
    else unchanged += 1;
  }
  const warnings: string[] = [];
  if (!sameScope(from, to))
    warnings.push(
      `The scans have different scopes (accounts, source or rule selection): findings outside the common scope show as new or resolved.`,
    );
  const erroredAccounts = new Set(
    toFindings.filter((finding) => finding.status === "ERROR").map((finding) => finding.accountId),
  );
  const unsure = new Set(
    resolved
      .filter((item) => item.toStatus === null && erroredAccounts.has(item.accountId))
      .map((item) => item.accountId),
  );
  for (const account of [...unsure].sort())
    warnings.push(
      `Scan ${to.scanId} has ERROR findings for account ${account}: some findings it did not report may be unjudged rather than resolved.`,
    );
  for (const list of [added, resolved, stillFailing, changedStatus]) list.sort(byImportance);
  return {
    from,
    to,
    sameScope: sameScope(from, to),
    summary: {
      new: added.length,
      resolved: resolved.length,
      stillFailing: stillFailing.length,
      changedStatus: changedStatus.length,
      unchanged,
    },
    new: added,
    resolved,
    stillFailing,
    changedStatus,
    warnings,
  };
}
