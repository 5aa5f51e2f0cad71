/**
 * What `scan` does with the history (unless `--no-history`): checks the state database before the
 * scan, so that a damaged or newer-schema file stops the run before any AWS call (exit 1, file
 * untouched), and records the finished scan — after the mutelist — adding `firstSeen` to its findings.
 * A busy database (another process writing) or an I/O error never stops the scan: it goes unrecorded,
 * with one warning line (docs/history.md).
 */
import { createRequire } from "node:module";
import { recordScan } from "../app/history/record.js";
import { scopeOf } from "../app/history/scope.js";
import type { ScanReport } from "../app/scan.js";
import { openStateDatabase, stateStoreErrorOf } from "../store/database.js";
import { StateStoreError } from "../store/errors.js";
import { createLogger, type Logger } from "./log.js";
import { stateDatabasePath } from "./remediation-common.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** The scan options history reads. */
export interface ScanHistoryOptions {
  /** false with `--no-history`. */
  history?: boolean;
  stateDir?: string;
  framework?: string;
  rule?: string[];
}

/** Whether a failure of the history leaves the scan to go on (a busy database, an I/O error). */
function passing(error: StateStoreError): boolean {
  return error.kind === "busy" || error.kind === "io";
}

/**
 * Opens (creating or migrating) the state database and closes it again; returns its path, or
 * undefined with `--no-history`. A busy database (another process holding its lock past the timeout)
 * or an I/O error does not stop the scan: it returns the path all the same, and recording tries
 * again after the scan ({@link recordScanHistory} warns if that fails too).
 * @throws {@link StateStoreError} when the file is damaged, newer or cannot be created.
 */
export function checkScanHistory(options: ScanHistoryOptions): string | undefined {
  if (options.history === false) return undefined;
  const path = stateDatabasePath(options.stateDir);
  try {
    openStateDatabase(path).close();
  } catch (error) {
    if (!(error instanceof StateStoreError)) throw error;
    if (passing(error)) return path;
    // The store's message names the file and what to do; scan adds the way around the history.
    throw new StateStoreError(
      path,
      `${error.message.replace(/^state database .*?: /, "")} (or scan with --no-history)`,
      { cause: error, kind: error.kind },
    );
  }
  return path;
}

/**
 * Records `result` in the history at `path` (from {@link checkScanHistory}) and returns the `firstSeen`
 * of every finding, in the order of `result.findings` (the caller puts them on the findings).
 *
 * When recording fails it returns no `firstSeen` (the caller still writes its reports) after one line
 * on stderr:
 * - a busy database (locked past the timeout) or an I/O error (disk full): a warning, shown even with
 *   `--quiet`; the exit code stays the scan's own, as without history (`failed: false`);
 * - anything else (the file was damaged or replaced by a newer cloudpatrol meanwhile): an error, and
 *   `failed: true` (the caller exits 1).
 */
export function recordScanHistory(
  path: string | undefined,
  result: ScanReport,
  options: ScanHistoryOptions,
  log: Logger,
): { firstSeen?: readonly string[]; failed: boolean } {
  if (path === undefined) return { failed: false };
  try {
    const db = openStateDatabase(path);
    try {
      const recorded = recordScan(db, result, {
        scope: scopeOf(result, { framework: options.framework, rules: options.rule }),
        options: options as Record<string, unknown>,
        toolVersion: version,
      });
      // Two keys of one user created in the same second share a uid (the report has nothing else stable).
      if (recorded.repeatedUids.length > 0)
        log.debug(`history: stored repeated uids with a #2 suffix: ${recorded.repeatedUids.join(", ")}`);
      log.debug(`recorded scan ${recorded.scanId} in ${path}`);
      return { firstSeen: recorded.firstSeen, failed: false };
    } finally {
      db.close();
    }
  } catch (caught) {
    const error = stateStoreErrorOf(path, caught);
    const message = `the scan was not recorded in the history: ${error.message}`;
    if (passing(error)) {
      // Not log.warn: with --quiet, and the exit code unchanged, nothing else would tell.
      createLogger("normal").warn(message);
      return { failed: false };
    }
    process.stderr.write(`cloudpatrol: ${message}\n`);
    return { failed: true };
  }
}
