/**
 * Comparing two stored scans, finding by finding (by uid). Pure: no database, no clock.
 *
 * Every uid of either scan lands in exactly one category ("failing" means status FAIL, muted or not):
 * - `new`: failing in `to`, not failing (or not reported) in `from`;
 * - `resolved`: failing in `from`, not failing (or not reported) in `to`;
 * - `stillFailing`: failing in both, with `firstSeen`;
 * - `changedStatus`: another status change, not reported counting as a status (PASS → ERROR, absent → PASS);
 * - unchanged: the same non-failing status in both (counted only);
 * - `outOfScope`: reported by one scan only, for a rule the other scan did not run or an account it did
 *   not scan (scans of different scopes): neither new nor resolved, since the other scan never judged it.
 */
import type { Status } from "../../model/finding.js";
import type { HistoryFinding, HistoryScan, Scope } from "./types.js";

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
  /** Findings of one scan only whose rule or account the other scan did not cover: not compared. */
  readonly outOfScope: number;
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
  /**
   * Reported by one scan only, for a rule the other scan did not run or an account it did not scan:
   * not compared (`fromStatus` or `toStatus` null says which scan reported it).
   */
  readonly outOfScope: readonly DiffEntry[];
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

/** Options of {@link diffScans}. */
export interface DiffOptions {
  /**
   * The ids of the rules a scope runs (its `--rule` ids, its framework's rules, every rule), or
   * undefined when unknown (a rule or framework this version does not have). Default: the scope's
   * `--rule` ids, else every rule. Either way a scan also covers the rules of its own findings.
   */
  readonly rulesOf?: (scope: Scope) => ReadonlySet<string> | undefined;
}

/** What one scan covered: rule ids (undefined: every rule) and account ids. */
interface Coverage {
  readonly rules: ReadonlySet<string> | undefined;
  readonly accounts: ReadonlySet<string>;
}

function coverage(
  scan: HistoryScan,
  findings: readonly HistoryFinding[],
  rulesOf: DiffOptions["rulesOf"],
): Coverage {
  const selected = rulesOf ? rulesOf(scan.scope) : scan.scope.rules ? new Set(scan.scope.rules) : undefined;
  const allRules = selected === undefined && scan.scope.rules === null && scan.scope.framework === null;
  return {
    rules: allRules
      ? undefined
      : new Set([...(selected ?? []), ...findings.map((finding) => finding.ruleId)]),
    accounts: new Set(scan.scope.accounts),
  };
}

/** Whether the other scan covered this finding's rule and account. */
function covers(scope: Coverage, finding: HistoryFinding): boolean {
  return (
    (scope.rules === undefined || scope.rules.has(finding.ruleId)) && scope.accounts.has(finding.accountId)
  );
}

/** Compares the findings of two scans (see the module comment for the categories). */
export function diffScans(
  from: HistoryScan,
  fromFindings: readonly HistoryFinding[],
  to: HistoryScan,
  toFindings: readonly HistoryFinding[],
  options: DiffOptions = {},
): ScanDiff {
  const same = sameScope(from, to);
  const fromCovers = coverage(from, fromFindings, options.rulesOf);
  const toCovers = coverage(to, toFindings, options.rulesOf);
  const before = new Map(fromFindings.map((finding) => [finding.uid, finding]));
  const after = new Map(toFindings.map((finding) => [finding.uid, finding]));
  const added: DiffEntry[] = [];
  const resolved: DiffEntry[] = [];
  const stillFailing: DiffEntry[] = [];
  const changedStatus: DiffEntry[] = [];
  const outOfScope: DiffEntry[] = [];
  let unchanged = 0;
  for (const uid of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(uid);
    const now = after.get(uid);
    if (!same && ((old && !now && !covers(toCovers, old)) || (now && !old && !covers(fromCovers, now)))) {
      outOfScope.push(entry(old, now));
      continue;
    }
    const wasFailing = old?.status === "FAIL";
    const isFailing = now?.status === "FAIL";
    if (isFailing && wasFailing) stillFailing.push(entry(old, now));
    else if (isFailing) added.push(entry(old, now));
    else if (wasFailing) resolved.push(entry(old, now));
    else if ((old?.status ?? null) !== (now?.status ?? null)) changedStatus.push(entry(old, now));
    else unchanged += 1;
  }
  const warnings: string[] = [];
  if (!same) warnings.push(...scopeWarnings(from, to, outOfScope));
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
  for (const list of [added, resolved, stillFailing, changedStatus, outOfScope]) list.sort(byImportance);
  return {
    from,
    to,
    sameScope: same,
    summary: {
      new: added.length,
      resolved: resolved.length,
      stillFailing: stillFailing.length,
      changedStatus: changedStatus.length,
      unchanged,
      outOfScope: outOfScope.length,
    },
    new: added,
    resolved,
    stillFailing,
    changedStatus,
    outOfScope,
    warnings,
  };
}

/**
 * The warning for a `from` scan that started after the `to` scan (`diff --from NEWER --to OLDER`), or
 * undefined when `from` started first (or at the same time). The diff is still made as asked: only
 * read backwards, "new" lists what was resolved and "resolved" what is new.
 */
export function reverseOrderWarning(from: HistoryScan, to: HistoryScan): string | undefined {
  if (!(Date.parse(from.startedAt) > Date.parse(to.startedAt))) return undefined;
  return (
    `the scans are compared in reverse time order: --from scan ${from.scanId} (started ${from.startedAt}) started after --to scan ${to.scanId} (started ${to.startedAt}), ` +
    `so "new" lists what the later scan no longer fails and "resolved" what it newly fails; swap --from and --to to read forwards`
  );
}

/** At most this many rule or account ids are named in one warning. */
const NAMED = 10;

function named(ids: ReadonlySet<string>): string {
  const sorted = [...ids].sort();
  const shown = sorted.slice(0, NAMED).join(", ");
  return sorted.length > NAMED ? `${shown} and ${sorted.length - NAMED} more` : shown;
}

/**
 * The warnings of a diff across scopes: that they differ, what was not compared (per scan: the rules and
 * accounts the other did not cover), that firstSeen counts within one scope.
 */
function scopeWarnings(from: HistoryScan, to: HistoryScan, outOfScope: readonly DiffEntry[]): string[] {
  const warnings = [
    `The scans have different scopes${from.scope.source === to.scope.source ? "" : " (a live and an offline scan judge different data)"}: ` +
      "only findings of the rules and accounts both scans covered are compared; firstSeen counts scans of one scope only.",
  ];
  for (const [scan, other, side] of [
    [from, to, "fromStatus"],
    [to, from, "toStatus"],
  ] as const) {
    const only = outOfScope.filter((item) => item[side] !== null);
    if (only.length === 0) continue;
    const accounts = new Set(
      only.filter((item) => !other.scope.accounts.includes(item.accountId)).map((item) => item.accountId),
    );
    const rules = new Set(
      only.filter((item) => other.scope.accounts.includes(item.accountId)).map((item) => item.ruleId),
    );
    const what = [
      rules.size > 0 ? `rules it did not run: ${named(rules)}` : undefined,
      accounts.size > 0 ? `accounts it did not scan: ${named(accounts)}` : undefined,
    ].filter((part) => part !== undefined);
    warnings.push(
      `${only.length} finding${only.length === 1 ? "" : "s"} of scan ${scan.scanId} not compared, outside the scope of scan ${other.scanId} (${what.join("; ")}).`,
    );
  }
  return warnings;
}
