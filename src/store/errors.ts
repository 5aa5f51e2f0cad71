/**
 * Errors of the state store (the SQLite database in the state directory).
 */
import { CloudPatrolError } from "../errors.js";

/**
 * The state database cannot be used: it is not a SQLite file (corrupt or something else), it was
 * written by a newer cloudpatrol (schema version too high), or the directory is not writable. The
 * file is never modified or replaced when this is thrown. Exit code 1.
 */
export class StateStoreError extends CloudPatrolError {
  constructor(
    /** The database file. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`state database ${path}: ${message}`, options);
  }
}
