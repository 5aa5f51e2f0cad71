/**
 * What `scan` does with the history (unless `--no-history`): checks the state database before the
 * scan, so that a damaged or newer-schema file stops the run before any AWS call (exit 1, file
 * untouched), and records the finished scan — after the mutelist — adding `firstSeen` to its findings.
 */
import { createRequire } from "node:module";
import type { ScanResult } from "../engine/scan.js";
import { recordScan, withFirstSeen } from "../history/record.js";
import { scopeOf } from "../history/scope.js";
import { openStateDatabase } from "../store/database.js";
import { StateStoreError } from "../store/errors.js";
import type { Logger } from "./log.js";
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

/**
 * Opens (creating or migrating) the state database and closes it again; returns its path, or
 * undefined with `--no-history`.
 * @throws {@link StateStoreError} when the file is damaged, newer or cannot be created.
 */
export function checkScanHistory(options: ScanHistoryOptions): string | undefined {
  if (options.history === false) return undefined;
  const path = stateDatabasePath(options.stateDir);
  try {
    openStateDatabase(path).close();
  } catch (error) {
    if (!(error instanceof StateStoreError)) throw error;
    // The store's message names the file and what to do; scan adds the way around the history.
    throw new StateStoreError(
      path,
      `${error.message.replace(/^state database .*?: /, "")} (or scan with --no-history)`,
      {
        cause: error,
      },
    );
  }
  return path;
}

/**
 * Records `result` in the history at `path` (from {@link checkScanHistory}) and returns it with
 * `firstSeen` on every finding. When recording fails, prints why on stderr and returns the result
 * unchanged with `recorded: false` (the caller still writes its reports, then exits 1).
 */
export function recordScanHistory(
  path: string | undefined,
  result: ScanResult,
  options: ScanHistoryOptions,
  log: Logger,
): { result: ScanResult; recorded: boolean } {
  if (path === undefined) return { result, recorded: true };
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
      return { result: withFirstSeen(result, recorded.firstSeen), recorded: true };
    } finally {
      db.close();
    }
  } catch (error) {
    process.stderr.write(
      `cloudpatrol: the scan was not recorded in the history: ${(error as Error).message}\n`,
    );
    return { result, recorded: false };
  }
}
