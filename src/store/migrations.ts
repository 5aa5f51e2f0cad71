/**
 * Versioned schema of the state database. The database's `PRAGMA user_version` is the number of
 * migrations applied; {@link MIGRATIONS}[i] takes version i to i + 1. Migrations are only ever
 * appended, never edited: migration 2 added the scan history tables.
 *
 * Times are stored as ISO 8601 UTC text (`2025-01-02T03:04:05.678Z`), which sorts correctly.
 */

/** One schema step. */
export interface Migration {
  /** Short description, for errors and `--debug`. */
  readonly name: string;
  /** SQL run inside one transaction. */
  readonly sql: string;
}

/** Every migration, in order. The schema version of a fully migrated database is `MIGRATIONS.length`. */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: "remediation journal",
    sql: `
      CREATE TABLE remediation_runs (
        run_id        TEXT PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('deactivate', 'delete', 'undo')),
        account_id    TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        undoes_run_id TEXT REFERENCES remediation_runs (run_id),
        tool_version  TEXT NOT NULL
      );
      CREATE TABLE journal_entries (
        entry_id            INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id              TEXT NOT NULL REFERENCES remediation_runs (run_id),
        account_id          TEXT NOT NULL,
        user_name           TEXT NOT NULL,
        access_key_id       TEXT NOT NULL,
        action              TEXT NOT NULL CHECK (action IN ('deactivate', 'reactivate', 'delete')),
        status_before       TEXT CHECK (status_before IN ('Active', 'Inactive')),
        intended_at         TEXT NOT NULL,
        outcome             TEXT CHECK (outcome IN ('succeeded', 'skipped', 'failed')),
        outcome_at          TEXT,
        reason              TEXT,
        error               TEXT,
        reconciled_by_run_id TEXT,
        undoes_entry_id     INTEGER REFERENCES journal_entries (entry_id)
      );
      CREATE INDEX journal_entries_run ON journal_entries (run_id);
      CREATE INDEX journal_entries_key ON journal_entries (account_id, access_key_id);
      CREATE INDEX journal_entries_pending ON journal_entries (outcome) WHERE outcome IS NULL;
    `,
  },
  {
    name: "scan history",
    // One row per recorded scan (seq orders them as they were recorded) and one row per finding of it,
    // keyed by uid. No evidence and no secrets: the columns a diff shows. `scope` is canonical JSON.
    sql: `
      CREATE TABLE scans (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        scan_id       TEXT NOT NULL UNIQUE,
        scope         TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        finished_at   TEXT NOT NULL,
        recorded_at   TEXT NOT NULL,
        source        TEXT NOT NULL,
        accounts      TEXT NOT NULL,
        options       TEXT NOT NULL,
        pass_count    INTEGER NOT NULL,
        fail_count    INTEGER NOT NULL,
        manual_count  INTEGER NOT NULL,
        error_count   INTEGER NOT NULL,
        muted_count   INTEGER NOT NULL,
        total_count   INTEGER NOT NULL,
        tool_version  TEXT NOT NULL
      );
      CREATE INDEX scans_scope ON scans (scope, seq);
      CREATE TABLE scan_findings (
        scan_seq        INTEGER NOT NULL REFERENCES scans (seq) ON DELETE CASCADE,
        uid             TEXT NOT NULL,
        rule_id         TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('PASS', 'FAIL', 'MANUAL', 'ERROR')),
        muted           INTEGER NOT NULL CHECK (muted IN (0, 1)),
        severity        TEXT NOT NULL,
        account_id      TEXT NOT NULL,
        region          TEXT NOT NULL,
        resource_type   TEXT NOT NULL,
        resource_arn    TEXT NOT NULL,
        resource_name   TEXT NOT NULL,
        status_extended TEXT NOT NULL,
        first_seen      TEXT NOT NULL,
        PRIMARY KEY (scan_seq, uid)
      ) WITHOUT ROWID;
      CREATE INDEX scan_findings_uid ON scan_findings (uid, scan_seq);
      CREATE INDEX scan_findings_account_status ON scan_findings (scan_seq, account_id, status);
    `,
  },
];
