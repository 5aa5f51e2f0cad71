/**
 * Reading the scan history: the scans, one scan's findings, and which two scans `diff` compares.
 */
import { InputError } from "../../model/errors.js";
import { quoteExcerpt } from "../../model/escape.js";
import type { StateDatabase } from "../../store/database.js";
import { describeScope, parseScope, scopeKey } from "./scope.js";
import type { HistoryFinding, HistoryScan } from "./types.js";

interface ScanRow {
  seq: number;
  scan_id: string;
  scope: string;
  started_at: string;
  finished_at: string;
  recorded_at: string;
  source: string;
  accounts: string;
  options: string;
  pass_count: number;
  fail_count: number;
  manual_count: number;
  error_count: number;
  muted_count: number;
  total_count: number;
  tool_version: string;
}

interface FindingRow {
  uid: string;
  rule_id: string;
  status: HistoryFinding["status"];
  muted: number;
  severity: HistoryFinding["severity"];
  account_id: string;
  region: string;
  resource_type: string;
  resource_arn: string;
  resource_name: string;
  status_extended: string;
  first_seen: string;
}

function toScan(row: ScanRow): HistoryScan {
  return {
    scanId: row.scan_id,
    seq: row.seq,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    recordedAt: row.recorded_at,
    source: row.source,
    accounts: JSON.parse(row.accounts) as HistoryScan["accounts"],
    scope: parseScope(row.scope),
    options: JSON.parse(row.options) as HistoryScan["options"],
    summary: {
      PASS: row.pass_count,
      FAIL: row.fail_count,
      MANUAL: row.manual_count,
      ERROR: row.error_count,
      muted: row.muted_count,
      total: row.total_count,
    },
    toolVersion: row.tool_version,
  };
}

function toFinding(row: FindingRow): HistoryFinding {
  return {
    uid: row.uid,
    ruleId: row.rule_id,
    status: row.status,
    muted: row.muted === 1,
    severity: row.severity,
    accountId: row.account_id,
    region: row.region,
    resourceType: row.resource_type,
    resourceArn: row.resource_arn,
    resourceName: row.resource_name,
    statusExtended: row.status_extended,
    firstSeen: row.first_seen,
  };
}

/** The recorded scans, newest first; at most `limit` of them. */
export function listScans(db: StateDatabase, limit?: number): HistoryScan[] {
  const rows =
    limit === undefined
      ? db.prepare<[], ScanRow>("SELECT * FROM scans ORDER BY seq DESC").all()
      : db.prepare<[number], ScanRow>("SELECT * FROM scans ORDER BY seq DESC LIMIT ?").all(limit);
  return rows.map(toScan);
}

/** The scan with this id, or undefined. */
export function findScan(db: StateDatabase, scanId: string): HistoryScan | undefined {
  const row = db.prepare<[string], ScanRow>("SELECT * FROM scans WHERE scan_id = ?").get(scanId);
  return row ? toScan(row) : undefined;
}

/** The findings of a stored scan, by uid. */
export function scanFindings(db: StateDatabase, scan: HistoryScan): HistoryFinding[] {
  return db
    .prepare<[number], FindingRow>("SELECT * FROM scan_findings WHERE scan_seq = ? ORDER BY uid")
    .all(scan.seq)
    .map(toFinding);
}

/** The scan of the same scope recorded right before `scan`, or undefined. */
function previousInScope(db: StateDatabase, scan: HistoryScan, scope: string): HistoryScan | undefined {
  const row = db
    .prepare<[string, number], ScanRow>(
      "SELECT * FROM scans WHERE scope = ? AND seq < ? ORDER BY seq DESC LIMIT 1",
    )
    .get(scope, scan.seq);
  return row ? toScan(row) : undefined;
}

/** The scan of this scope recorded last, or undefined. */
function latestInScope(db: StateDatabase, scope: string): HistoryScan | undefined {
  const row = db
    .prepare<[string], ScanRow>("SELECT * FROM scans WHERE scope = ? ORDER BY seq DESC LIMIT 1")
    .get(scope);
  return row ? toScan(row) : undefined;
}

/** The stored scope text of a scan (scopeKey round-trips the stored canonical JSON). */
function scopeText(scan: HistoryScan): string {
  return scopeKey(scan.scope);
}

function mustFind(db: StateDatabase, scanId: string, option: string): HistoryScan {
  const scan = findScan(db, scanId);
  if (!scan)
    throw new InputError(
      `${option} ${quoteExcerpt(scanId)}: no such scan in the history (see cloudpatrol history)`,
    );
  return scan;
}

/**
 * The two scans `diff` compares. Neither id: the last scan recorded and the one of the same scope
 * before it. Only `--to`: that scan and the one of its scope before it. Only `--from`: that scan and the
 * last one of its scope. Both: those two.
 * @throws {@link InputError} for an unknown id, or when there is no second scan to compare with.
 */
export function diffPair(
  db: StateDatabase,
  fromId: string | undefined,
  toId: string | undefined,
): { from: HistoryScan; to: HistoryScan } {
  if (fromId !== undefined && toId !== undefined)
    return { from: mustFind(db, fromId, "--from"), to: mustFind(db, toId, "--to") };
  if (fromId !== undefined) {
    const from = mustFind(db, fromId, "--from");
    const to = latestInScope(db, scopeText(from));
    if (!to || to.seq === from.seq)
      throw new InputError(`--from ${fromId}: no later scan of the same scope to compare with; add --to ID`);
    return { from, to };
  }
  const to = toId !== undefined ? mustFind(db, toId, "--to") : listScans(db, 1)[0];
  if (!to) throw new InputError("no scans in the history yet: run cloudpatrol scan twice, then diff");
  const from = previousInScope(db, to, scopeText(to));
  if (!from)
    throw new InputError(
      `scan ${to.scanId} is the first of its scope (${describeScope(to.scope)}): nothing earlier to compare with; ` +
        "scan again, or name both scans with --from and --to",
    );
  return { from, to };
}
