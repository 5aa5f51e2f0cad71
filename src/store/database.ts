/**
 * The state database: one SQLite file (better-sqlite3) in the state directory, shared by every
 * feature that keeps state (the remediation journal and the scan history). Opening it applies
 * pending {@link MIGRATIONS}; it runs in WAL mode with a busy timeout so that two cloudpatrol
 * processes can use it at once, and with `synchronous = FULL` so that a committed journal row
 * survives a crash or power loss.
 */
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type Database from "better-sqlite3";
import { StateStoreError, sqliteErrorKind } from "./errors.js";
import { MIGRATIONS } from "./migrations.js";

/**
 * better-sqlite3, loaded on the first open: a command that keeps no state (`--help`, a scan with
 * `--no-history`) never loads the native module.
 */
function sqlite(): typeof Database {
  return createRequire(import.meta.url)("better-sqlite3") as typeof Database;
}

/** An open state database. */
export type StateDatabase = Database.Database;

/**
 * `PRAGMA application_id` of cloudpatrol's state database: `ClPT` (0x436c5054). A SQLite file that does
 * not carry it is another program's and is never migrated (tables added) or written.
 */
export const APPLICATION_ID = 0x436c5054;

/** The tables our migrations create: a database of these only, without the mark, is ours from before it. */
const OUR_TABLES = new Set(
  MIGRATIONS.flatMap((m) => [...m.sql.matchAll(/CREATE TABLE (\w+)/g)].map((x) => x[1])),
);

/**
 * Whether the open database is cloudpatrol's: `marked` (our application id), `unmarked` (no id, and
 * empty or holding only our tables at a schema version we wrote: to be marked).
 * @throws {@link StateStoreError} (`foreign`) for any other SQLite database.
 */
function ownership(db: StateDatabase, path: string, version: number): "marked" | "unmarked" {
  const id = db.pragma("application_id", { simple: true }) as number;
  if (id === APPLICATION_ID) return "marked";
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as {
      name: string;
    }[]
  ).map((row) => row.name);
  const ours = tables.length === 0 || (version > 0 && tables.every((table) => OUR_TABLES.has(table)));
  if (id === 0 && ours) return "unmarked";
  throw new StateStoreError(
    path,
    `a SQLite database of another program (application_id ${id}, tables ${tables.join(", ") || "none"}), not cloudpatrol's: it was not changed; use another --state-dir.`,
    { kind: "foreign" },
  );
}

/** How long a writer waits for another process's lock before failing, in milliseconds. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * `error`, thrown while using the database at `path`, as a {@link StateStoreError}: kept when it is
 * one; else with the kind of its SQLite code, and a lock held past the timeout says so.
 */
export function stateStoreErrorOf(path: string, error: unknown): StateStoreError {
  if (error instanceof StateStoreError) return error;
  const kind = sqliteErrorKind(error) ?? "other";
  const code = (error as { code?: unknown } | null)?.code;
  if (kind === "damaged") {
    return new StateStoreError(
      path,
      `not a valid SQLite database (${String(code)}): it may be damaged or another file. It was not changed; ` +
        "move it away to start a new state database, or use another --state-dir.",
      { cause: error, kind },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const why = kind === "busy" ? ` (another process held it for more than ${BUSY_TIMEOUT_MS / 1000} s)` : "";
  return new StateStoreError(path, `${message}${why}`, { cause: error, kind });
}

function newerSchema(path: string, version: number): StateStoreError {
  return new StateStoreError(
    path,
    `schema version ${version} is newer than this cloudpatrol supports (${MIGRATIONS.length}); ` +
      "upgrade cloudpatrol or use another --state-dir. The file was not changed.",
    { kind: "newer" },
  );
}

/**
 * Opens (creating it and its directory if needed) the state database at `path` and migrates it to the
 * current schema. `:memory:` opens a private in-memory database (tests).
 *
 * A database whose schema is current is opened without taking the write lock, so that opening never
 * waits for another process's write (a scan being recorded); only a migration takes it.
 * @throws {@link StateStoreError} when the file is not a SQLite database or is damaged (`damaged`), when
 *   its schema is newer than this cloudpatrol knows (`newer`; the file is left untouched in both
 *   cases), when a migration waited for the lock past the busy timeout (`busy`), on an I/O error
 *   (`io`), or when it cannot be created (`other`).
 */
export function openStateDatabase(path: string): StateDatabase {
  if (path !== ":memory:") {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StateStoreError(path, `cannot create its directory: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  let db: StateDatabase;
  try {
    db = new (sqlite())(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    const cause = stateStoreErrorOf(path, error);
    throw new StateStoreError(path, `cannot open: ${(error as Error).message}`, {
      cause: error,
      kind: cause.kind,
    });
  }
  try {
    // Reading the schema version is the first real read: a non-database file fails here. A read takes
    // no write lock (in WAL mode it waits for no writer).
    // One read transaction, one snapshot: read apart, another process's migration committing in
    // between would show its tables beside the old version 0, and our own database would look foreign.
    const { version, owned } = db.transaction(() => {
      const current = schemaVersion(db);
      return { version: current, owned: ownership(db, path, current) };
    })();
    if (version > MIGRATIONS.length) throw newerSchema(path, version);
    // Switching to WAL needs an exclusive lock: only a database not yet in WAL mode (new, or from
    // before) pays it.
    if (path !== ":memory:" && db.pragma("journal_mode", { simple: true }) !== "wal") {
      db.pragma("journal_mode = WAL");
    }
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    if (version < MIGRATIONS.length) migrate(db, path);
    if (owned === "unmarked")
      db.transaction(() => db.pragma(`application_id = ${APPLICATION_ID}`)).immediate();
    return db;
  } catch (error) {
    db.close();
    throw stateStoreErrorOf(path, error);
  }
}

/**
 * Applies the migrations the database lacks, each in its own IMMEDIATE transaction (the write lock),
 * reading the version again inside it: another process may have migrated meanwhile.
 */
function migrate(db: StateDatabase, path: string): void {
  for (;;) {
    const step = db.transaction(() => {
      const version = schemaVersion(db);
      if (version > MIGRATIONS.length) throw newerSchema(path, version);
      const migration = MIGRATIONS[version];
      if (!migration) return false;
      db.exec(migration.sql);
      db.pragma(`user_version = ${version + 1}`);
      return true;
    });
    if (!step.immediate()) return;
  }
}

/** The schema version of an open database (`PRAGMA user_version`). */
export function schemaVersion(db: StateDatabase): number {
  return db.pragma("user_version", { simple: true }) as number;
}
