/**
 * The remediation journal: every change cloudpatrol makes (or meant to make) to an account, in the
 * state database. Rows are written in two steps around each AWS call — the intent before it, the
 * outcome after it — so a run killed in between leaves a pending row that the next run reconciles
 * from the key's real state. Rows never hold a secret access key. Times are ISO 8601 UTC from the
 * injected clock.
 *
 * Schema: see `src/store/migrations.ts` and docs/remediation.md.
 */
import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { KeyAction, Outcome, RunKind } from "./types.js";

/** One run (one `remediate --apply`, `remediate --delete --apply` or `undo`). */
export interface JournalRun {
  readonly runId: string;
  readonly kind: RunKind;
  readonly accountId: string;
  readonly startedAt: string;
  /** null while running, or when the process died. */
  readonly finishedAt: string | null;
  readonly undoesRunId: string | null;
  readonly toolVersion: string;
}

/** One journaled action on one access key. */
export interface JournalEntry {
  readonly entryId: number;
  readonly runId: string;
  readonly accountId: string;
  readonly userName: string;
  readonly accessKeyId: string;
  readonly action: KeyAction;
  /** The key's status re-read right before the action; null if it could not be read. */
  readonly statusBefore: "Active" | "Inactive" | null;
  readonly intendedAt: string;
  /** null: pending — intent written, outcome not (the process stopped during the AWS call). */
  readonly outcome: Outcome | null;
  readonly outcomeAt: string | null;
  readonly reason: string | null;
  readonly error: string | null;
  /** Set when the outcome was found later by reading the key's real state; the run that did it, if any. */
  readonly reconciledByRunId: string | null;
  readonly undoesEntryId: number | null;
}

interface EntryRow {
  entry_id: number;
  run_id: string;
  account_id: string;
  user_name: string;
  access_key_id: string;
  action: KeyAction;
  status_before: "Active" | "Inactive" | null;
  intended_at: string;
  outcome: Outcome | null;
  outcome_at: string | null;
  reason: string | null;
  error: string | null;
  reconciled_by_run_id: string | null;
  undoes_entry_id: number | null;
}

interface RunRow {
  run_id: string;
  kind: RunKind;
  account_id: string;
  started_at: string;
  finished_at: string | null;
  undoes_run_id: string | null;
  tool_version: string;
}

function toEntry(row: EntryRow): JournalEntry {
  return {
    entryId: row.entry_id,
    runId: row.run_id,
    accountId: row.account_id,
    userName: row.user_name,
    accessKeyId: row.access_key_id,
    action: row.action,
    statusBefore: row.status_before,
    intendedAt: row.intended_at,
    outcome: row.outcome,
    outcomeAt: row.outcome_at,
    reason: row.reason,
    error: row.error,
    reconciledByRunId: row.reconciled_by_run_id,
    undoesEntryId: row.undoes_entry_id,
  };
}

function toRun(row: RunRow): JournalRun {
  return {
    runId: row.run_id,
    kind: row.kind,
    accountId: row.account_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    undoesRunId: row.undoes_run_id,
    toolVersion: row.tool_version,
  };
}

/** What identifies one journaled action. */
export interface EntryTarget {
  readonly runId: string;
  readonly accountId: string;
  readonly userName: string;
  readonly accessKeyId: string;
  readonly action: KeyAction;
  readonly statusBefore: "Active" | "Inactive" | null;
  readonly undoesEntryId?: number;
}

/**
 * A new run id: `r` + UTC time to the second + 6 random hex digits, e.g. `r20250102T030405Z-1a2b3c`.
 * Sorts by start time; unique enough for one journal (collisions would fail on the primary key).
 */
export function newRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `r${stamp}-${randomBytes(3).toString("hex")}`;
}

/** Reads and writes the journal tables of an open state database. */
export class Journal {
  /**
   * @param db - an open, migrated state database.
   * @param now - the clock for every recorded time (inject a fake one in tests).
   * @param toolVersion - recorded with each run.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date = () => new Date(),
    private readonly toolVersion = "unknown",
  ) {}

  private time(): string {
    return this.now().toISOString();
  }

  /** Records the start of a run and returns its id. */
  startRun(kind: RunKind, accountId: string, undoesRunId?: string): string {
    const runId = newRunId(this.now());
    this.db
      .prepare(
        `INSERT INTO remediation_runs (run_id, kind, account_id, started_at, undoes_run_id, tool_version)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(runId, kind, accountId, this.time(), undoesRunId ?? null, this.toolVersion);
    return runId;
  }

  /** Records the end of a run. */
  finishRun(runId: string): void {
    this.db.prepare("UPDATE remediation_runs SET finished_at = ? WHERE run_id = ?").run(this.time(), runId);
  }

  /** Writes the intent of an action (outcome pending) and returns the entry id. Call BEFORE the AWS call. */
  recordIntent(target: EntryTarget): number {
    return this.insert(target, null, null, null);
  }

  /** Writes the outcome of an action whose intent was recorded. Call AFTER the AWS call. */
  recordOutcome(entryId: number, outcome: Outcome, detail: { reason?: string; error?: string } = {}): void {
    this.db
      .prepare(
        "UPDATE journal_entries SET outcome = ?, outcome_at = ?, reason = ?, error = ? WHERE entry_id = ?",
      )
      .run(outcome, this.time(), detail.reason ?? null, detail.error ?? null, entryId);
  }

  /** Writes an action that was decided without an AWS write (skipped or failed re-check) in one row. */
  recordFinished(target: EntryTarget, outcome: Outcome, detail: { reason?: string; error?: string }): number {
    return this.insert(target, outcome, detail.reason ?? null, detail.error ?? null);
  }

  /** Settles a pending entry from the key's real state, read later. */
  reconcile(entryId: number, outcome: Outcome, reason: string, byRunId: string | null): void {
    this.db
      .prepare(
        `UPDATE journal_entries SET outcome = ?, outcome_at = ?, reason = ?, reconciled_by_run_id = ?
         WHERE entry_id = ? AND outcome IS NULL`,
      )
      .run(outcome, this.time(), reason, byRunId, entryId);
  }

  private insert(target: EntryTarget, outcome: Outcome | null, reason: string | null, error: string | null) {
    const at = this.time();
    const result = this.db
      .prepare(
        `INSERT INTO journal_entries (run_id, account_id, user_name, access_key_id, action, status_before,
           intended_at, outcome, outcome_at, reason, error, undoes_entry_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        target.runId,
        target.accountId,
        target.userName,
        target.accessKeyId,
        target.action,
        target.statusBefore,
        at,
        outcome,
        outcome === null ? null : at,
        reason,
        error,
        target.undoesEntryId ?? null,
      );
    return Number(result.lastInsertRowid);
  }

  /** A run by id, or undefined. */
  run(runId: string): JournalRun | undefined {
    const row = this.db.prepare("SELECT * FROM remediation_runs WHERE run_id = ?").get(runId) as
      | RunRow
      | undefined;
    return row ? toRun(row) : undefined;
  }

  /** Every run, oldest first. */
  runs(): JournalRun[] {
    return (
      this.db.prepare("SELECT * FROM remediation_runs ORDER BY started_at, run_id").all() as RunRow[]
    ).map(toRun);
  }

  /** Entries, oldest first; of one run when `runId` is given. */
  entries(runId?: string): JournalEntry[] {
    const rows = (
      runId === undefined
        ? this.db.prepare("SELECT * FROM journal_entries ORDER BY entry_id").all()
        : this.db.prepare("SELECT * FROM journal_entries WHERE run_id = ? ORDER BY entry_id").all(runId)
    ) as EntryRow[];
    return rows.map(toEntry);
  }

  /** Entries whose outcome was never written, oldest first; of one account when given. */
  pending(accountId?: string): JournalEntry[] {
    const rows = (
      accountId === undefined
        ? this.db.prepare("SELECT * FROM journal_entries WHERE outcome IS NULL ORDER BY entry_id").all()
        : this.db
            .prepare(
              "SELECT * FROM journal_entries WHERE outcome IS NULL AND account_id = ? ORDER BY entry_id",
            )
            .all(accountId)
    ) as EntryRow[];
    return rows.map(toEntry);
  }

  /** Succeeded entries of one account, oldest first: the history of what cloudpatrol changed. */
  succeeded(accountId: string): JournalEntry[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM journal_entries WHERE account_id = ? AND outcome = 'succeeded' ORDER BY outcome_at, entry_id",
      )
      .all(accountId) as EntryRow[];
    return rows.map(toEntry);
  }
}
