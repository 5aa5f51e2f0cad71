/**
 * The state database: one SQLite file (better-sqlite3) in the state directory, shared by every
 * feature that keeps state (the remediation journal and the scan history). Opening it applies
 * pending {@link MIGRATIONS}; it runs in WAL mode with a busy timeout so that two cloudpatrol
 * processes can use it at once, and with `synchronous = FULL` so that a committed journal row
 * survives a crash or power loss.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { StateStoreError } from "./errors.js";
import { MIGRATIONS } from "./migrations.js";

/** An open state database. */
export type StateDatabase = Database.Database;

/** How long a writer waits for another process's lock before failing, in milliseconds. */
export const BUSY_TIMEOUT_MS = 5_000;

/** SQLite error codes that mean the file is not a usable database. */
const CORRUPT_CODES = new Set(["SQLITE_NOTADB", "SQLITE_CORRUPT"]);

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Opens (creating it and its directory if needed) the state database at `path` and migrates it to the
 * current schema. `:memory:` opens a private in-memory database (tests).
 * @throws {@link StateStoreError} when the file is not a SQLite database or is damaged, when its schema
 *   is newer than this cloudpatrol knows (it is left untouched in both cases), or when it cannot be
 *   created.
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
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StateStoreError(path, `cannot open: ${(error as Error).message}`, { cause: error });
  }
  try {
    // Reading the schema version is the first real read: a non-database file fails here.
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new StateStoreError(
        path,
        `schema version ${version} is newer than this cloudpatrol supports (${MIGRATIONS.length}); ` +
          "upgrade cloudpatrol or use another --state-dir. The file was not changed.",
      );
    }
    if (path !== ":memory:") db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StateStoreError) throw error;
    const code = sqliteCode(error);
    if (code && CORRUPT_CODES.has(code)) {
      throw new StateStoreError(
        path,
        `not a valid SQLite database (${code}): it may be damaged or another file. It was not changed; ` +
          "move it away to start a new state database, or use another --state-dir.",
        { cause: error },
      );
    }
    throw new StateStoreError(path, (error as Error).message, { cause: error });
  }
}

/** Applies the migrations the database lacks, each in its own IMMEDIATE transaction. */
function migrate(db: StateDatabase, path: string): void {
  for (;;) {
    const step = db.transaction(() => {
      // Read inside the write transaction: another process may have migrated meanwhile.
      const version = db.pragma("user_version", { simple: true }) as number;
      if (version > MIGRATIONS.length) {
        throw new StateStoreError(path, `schema version ${version} is newer than this cloudpatrol supports`);
      }
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
