/**
 * Errors of the state store (the SQLite database in the state directory).
 */
import { CloudPatrolError } from "../model/errors.js";

/**
 * Why the state database could not be used:
 * - `damaged`: the file is not a SQLite database, or is corrupt;
 * - `newer`: its schema version is newer than this cloudpatrol knows;
 * - `foreign`: a SQLite database of another program (no cloudpatrol `application_id`): exit 2;
 * - `busy`: another process held its lock longer than the busy timeout;
 * - `io`: reading or writing it failed (I/O error, disk full);
 * - `other`: anything else (the directory cannot be created, the file is read-only, ...).
 *
 * `busy` and `io` are passing conditions of the machine, not of the file: `scan` goes on without
 * recording its history; the others stop it.
 */
export type StateStoreErrorKind = "damaged" | "newer" | "foreign" | "busy" | "io" | "other";

/**
 * The state database cannot be used (see {@link StateStoreErrorKind}). The file is never modified or
 * replaced when this is thrown. Exit code 1.
 */
export class StateStoreError extends CloudPatrolError {
  /** Why; `other` unless given. */
  readonly kind: StateStoreErrorKind;

  constructor(
    /** The database file. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown; kind?: StateStoreErrorKind },
  ) {
    super(`state database ${path}: ${message}`, options);
    this.kind = options?.kind ?? "other";
  }
}

/** The kind of a SQLite error (better-sqlite3's extended `code`), or undefined when it is none of these. */
export function sqliteErrorKind(error: unknown): StateStoreErrorKind | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) return "damaged";
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "busy";
  if (code.startsWith("SQLITE_IOERR") || code === "SQLITE_FULL") return "io";
  return undefined;
}
