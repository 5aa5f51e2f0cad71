/**
 * Recording a finished scan in the history tables, and the `firstSeen` of each of its findings.
 *
 * `firstSeen` is the start time of the first scan of the finding's current streak, among the scans of
 * the same scope: it carries over from the finding's previous record while the status stays the same;
 * a different status starts a new streak, and so does a scan in between that did not report the
 * finding although it judged the account completely (no ERROR finding for the account) — the resource
 * was fixed or gone then. A scan that could not read the account does not break a streak, even where
 * its ERROR findings carry the uids of the findings it could not judge.
 */
import { randomBytes } from "node:crypto";
import type { Finding } from "../../model/finding.js";
import type { StateDatabase } from "../../store/database.js";
import type { ScanReport, ScanResult } from "../scan.js";
import { scopeKey } from "./scope.js";
import type { Scope } from "./types.js";

/** Options of {@link recordScan}. */
export interface RecordOptions {
  readonly scope: Scope;
  /** The scan's options; only {@link HISTORY_OPTION_KEYS} are kept (see {@link historyOptions}). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly toolVersion: string;
  /** Clock for `recordedAt` and the scan id. */
  readonly now?: () => Date;
}

/** What {@link recordScan} stored. */
export interface RecordedScan {
  readonly scanId: string;
  readonly seq: number;
  /** The firstSeen of each finding, in the order of `result.findings`. */
  readonly firstSeen: readonly string[];
  /**
   * uids that more than one finding of the scan carried, in the order their second finding came. The
   * n-th finding (n ≥ 2) with such a uid is stored as `<uid>#<n>`, so that none is lost and reruns match
   * them in the same order.
   */
  readonly repeatedUids: readonly string[];
}

/**
 * The options history keeps: what decides what a scan judged and where its data came from. Never a
 * secret: no credentials, no `--external-id`; an endpoint URL loses any user:password and query.
 */
export const HISTORY_OPTION_KEYS: readonly string[] = [
  "credentialReport",
  "profile",
  "region",
  "endpointUrl",
  "framework",
  "rule",
  "mutelist",
  "failOn",
  "verify",
  "setupWindowSeconds",
  "reportTimeout",
  "org",
  "accounts",
  "excludeAccounts",
  "roleName",
  "roleSessionName",
  "concurrency",
];

/** An endpoint URL without user info, query or fragment (they may hold credentials). */
function safeUrl(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    const url = new URL(value);
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    return url.toString();
  } catch {
    return "(not a URL)";
  }
}

/** The subset of command options that history stores (see {@link HISTORY_OPTION_KEYS}). */
export function historyOptions(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of HISTORY_OPTION_KEYS) {
    const value = options[key];
    if (value === undefined) continue;
    kept[key] = key === "endpointUrl" ? safeUrl(value) : value;
  }
  return kept;
}

/**
 * A new scan id: `s` + the scan's UTC start to the second + 6 random hex digits, e.g.
 * `s20250102T030405Z-1a2b3c`.
 */
export function newScanId(startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `s${stamp}-${randomBytes(3).toString("hex")}`;
}

interface PreviousRow {
  status: string;
  first_seen: string;
  scan_seq: number;
}

/**
 * Stores `result` (its findings keyed by uid, read once in order) in one IMMEDIATE transaction — concurrent recorders
 * queue on the busy timeout — and returns the scan id and each finding's `firstSeen`.
 * @throws the SQLite error when the database is locked longer than the busy timeout or cannot be written.
 */
export function recordScan(db: StateDatabase, result: ScanReport, options: RecordOptions): RecordedScan {
  const now = options.now ?? (() => new Date());
  const key = scopeKey(options.scope);
  const startedAt = result.scan.startedAt;
  const insertScan = db.prepare(
    `INSERT INTO scans (scan_id, scope, started_at, finished_at, recorded_at, source, accounts, options,
       pass_count, fail_count, manual_count, error_count, muted_count, total_count, tool_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The finding's last record before this scan; for a judged finding (not ERROR), its last judged
  // record: an ERROR in between (the account could not be read, e.g. an expired role, whose ERROR
  // findings share the uids of the account-level findings) is no verdict and breaks no streak.
  const previous = db.prepare<[string, string, number, string], PreviousRow>(
    `SELECT f.status, f.first_seen, f.scan_seq FROM scan_findings f JOIN scans s ON s.seq = f.scan_seq
     WHERE f.uid = ? AND s.scope = ? AND f.scan_seq < ? AND (? = 'ERROR' OR f.status != 'ERROR')
     ORDER BY f.scan_seq DESC LIMIT 1`,
  );
  // A complete scan of the scope after `seq` that did not report the finding: its streak ended.
  const completeScanSince = db.prepare<[string, number, number, string], { broken: number }>(
    `SELECT EXISTS (SELECT 1 FROM scans s WHERE s.scope = ? AND s.seq > ? AND s.seq < ?
       AND NOT EXISTS (SELECT 1 FROM scan_findings e
                       WHERE e.scan_seq = s.seq AND e.account_id = ? AND e.status = 'ERROR')) AS broken`,
  );
  // Whether the scan already stored a uid: a repeated uid is found in the table, not in a set of every
  // uid of the run (which grew with the findings of an Organization).
  const stored = db.prepare<[number, string], { found: number }>(
    "SELECT 1 AS found FROM scan_findings WHERE scan_seq = ? AND uid = ?",
  );
  const insertFinding = db.prepare(
    `INSERT INTO scan_findings (scan_seq, uid, rule_id, status, muted, severity, account_id, region,
       resource_type, resource_arn, resource_name, status_extended, first_seen)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const record = db.transaction(() => {
    const scanId = newScanId(new Date(startedAt));
    const { summary } = result;
    const seq = Number(
      insertScan.run(
        scanId,
        key,
        startedAt,
        result.scan.finishedAt,
        now().toISOString(),
        result.scan.source,
        JSON.stringify(result.scan.accounts),
        JSON.stringify(historyOptions(options.options)),
        summary.PASS,
        summary.FAIL,
        summary.MANUAL,
        summary.ERROR,
        summary.muted,
        summary.total,
        options.toolVersion,
      ).lastInsertRowid,
    );
    const firstSeen: string[] = [];
    const repeated = new Set<string>();
    const broken = new Map<string, boolean>();
    const streakStart = (finding: Finding): string => {
      const prev = previous.get(finding.uid, key, seq, finding.status);
      if (!prev || prev.status !== finding.status) return startedAt;
      const cacheKey = `${prev.scan_seq}\u001f${finding.accountId}`;
      let isBroken = broken.get(cacheKey);
      if (isBroken === undefined) {
        isBroken = completeScanSince.get(key, prev.scan_seq, seq, finding.accountId)?.broken === 1;
        broken.set(cacheKey, isBroken);
      }
      return isBroken ? startedAt : prev.first_seen;
    };
    for (const original of result.findings) {
      let finding = original;
      if (stored.get(seq, original.uid)) {
        // The n-th finding with this uid: the first of uid#2, uid#3, ... not stored yet.
        let count = 2;
        while (stored.get(seq, `${original.uid}#${count}`)) count += 1;
        finding = { ...original, uid: `${original.uid}#${count}` };
        repeated.add(original.uid);
      }
      const since = streakStart(finding);
      insertFinding.run(
        seq,
        finding.uid,
        finding.ruleId,
        finding.status,
        finding.muted ? 1 : 0,
        finding.severity,
        finding.accountId,
        finding.region,
        finding.resourceType,
        finding.resourceArn,
        finding.resourceName,
        finding.statusExtended,
        since,
      );
      firstSeen.push(since);
    }
    return { scanId, seq, firstSeen, repeatedUids: [...repeated] };
  });
  return record.immediate();
}

/**
 * A copy of `result` whose findings carry `firstSeen` (from {@link RecordedScan.firstSeen}, same order;
 * added as the last field).
 */
export function withFirstSeen(result: ScanResult, firstSeen: readonly string[]): ScanResult {
  return {
    ...result,
    findings: result.findings.map((finding, i) => {
      const since = firstSeen[i];
      return since === undefined ? finding : { ...finding, firstSeen: since };
    }),
  };
}
