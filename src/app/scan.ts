import { readCredentialReportFile } from "../credential-report/input.js";
import { SCHEMA_VERSION, type ScanResult } from "../engine/result.js";
import { summarize } from "../engine/summary.js";
import { InputError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import { isoTime } from "../model/time.js";
import { DEFAULT_RULES } from "../rules/index.js";
import { snapshotFromReport } from "../snapshot/from-report.js";
import { narrowToRegions } from "../snapshot/regional-values.js";
import type { Snapshot } from "../snapshot/types.js";
import { judgeSnapshot, reportWarnings, scanAccount } from "./scan-account.js";
import type { ScanOptions } from "./scan-options.js";

export * from "../engine/result.js";
export * from "./scan-account.js";
export type { ScanOptions } from "./scan-options.js";

/** Whether the options ask for several accounts (`organization`, `accountIds`). */
export function isMultiAccount(options: ScanOptions): boolean {
  return options.organization === true || options.accountIds !== undefined;
}

/**
 * Scans one account (live) or one credential report file (offline) and judges it; with
 * `organization` or `accountIds`, scans several accounts in parallel (see {@link scanAccounts}).
 *
 * The options are checked first, before any file is read or AWS called (`checkScanOptions`): a
 * JavaScript caller may pass anything, and a wrong value fails here with an {@link InputError} naming the
 * option's path and what it takes (`options.regions takes an array of AWS region names, ...; found a
 * string, "us-east-1".`). Checked: the type and form of every option (region names, 12-digit account ids,
 * whole numbers for counts, milliseconds 0 or more, booleans, functions for the callbacks, rule objects
 * as `RULES` holds them, framework catalogs, the `connection` fields), `roleName`, `roleSessionName` and
 * `externalId` as the CLI checks `--role-name` etc. (`externalId` is never echoed), no unknown key (a
 * typo), and not both `credentialReportPath` and `snapshotPath`.
 * @throws {@link InputError} for a bad option (above), or an unreadable or malformed file;
 *   {@link AwsApiError} when the account cannot be identified. AWS failures while reading data become
 *   ERROR findings instead.
 */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  // Loaded on demand, as the AWS SDK is: the schema library is not part of the CLI's start-up.
  const check: (value: unknown) => asserts value is ScanOptions = (await import("./check-scan-options.js"))
    .checkScanOptions;
  check(options);
  return scanCheckedOptions(options);
}

/**
 * {@link scan} for options already checked, by the CLI's option parsers (which check every flag as
 * {@link scan} checks the option it gives, and refuse `--snapshot` with `--credential-report`): the
 * same scan without loading the options schema, so that an offline `cloudpatrol scan` starts light.
 * A library caller uses {@link scan}.
 * @throws as {@link scan} does, but for a bad option.
 */
export async function scanCheckedOptions(options: ScanOptions): Promise<ScanResult> {
  if (isMultiAccount(options)) {
    if (options.credentialReportPath !== undefined)
      throw new InputError(
        "a credential report file holds one account; drop --org / --accounts, or the file.",
      );
    if (options.snapshotPath !== undefined)
      throw new InputError("a snapshot file holds one account; drop --org / --accounts, or the file.");
    const { scanAccounts } = await import("./scan-accounts.js");
    return scanAccounts(options);
  }
  const startedAt = new Date();
  let snapshot: Snapshot;
  let findings: Finding[];
  let apiCalls: Record<string, number> | undefined;
  let warnings: string[];
  let ageSeconds: number | null;
  if (options.snapshotPath !== undefined) {
    const { readSnapshotFile } = await import("../snapshot/file.js");
    const read = await readSnapshotFile(options.snapshotPath);
    snapshot = options.regions ? narrowToRegions(read, options.regions) : read;
    findings = judgeSnapshot(snapshot, options);
    ({ warnings, ageSeconds } = reportWarnings(snapshot, options.rules ?? DEFAULT_RULES));
    const held = new Set(read.regional?.enabledRegions ?? []);
    const absent = (options.regions ?? []).filter((region) => !held.has(region));
    if (absent.length > 0)
      warnings.unshift(
        `--regions names ${absent.join(", ")}, which the snapshot ${options.snapshotPath} does not hold (not an enabled region when it was collected, or left out by its own --regions): not judged.`,
      );
  } else if (options.credentialReportPath !== undefined) {
    snapshot = snapshotFromReport(await readCredentialReportFile(options.credentialReportPath), startedAt);
    findings = judgeSnapshot(snapshot, options);
    ({ warnings, ageSeconds } = reportWarnings(snapshot, options.rules ?? DEFAULT_RULES));
  } else {
    const { createClients } = await import("../aws/clients.js");
    const clients = createClients(options.connection);
    try {
      const scanned = await scanAccount(clients, { ...options, collectedAt: startedAt });
      snapshot = scanned.snapshot;
      findings = scanned.findings;
      warnings = scanned.warnings;
      ageSeconds = scanned.reportAgeSeconds;
    } finally {
      apiCalls = clients.apiCalls();
      clients.destroy();
    }
  }
  const generatedAt = snapshot.credentialReport?.generatedAt;
  return {
    schemaVersion: SCHEMA_VERSION,
    scan: {
      startedAt: isoTime(startedAt),
      finishedAt: isoTime(new Date()),
      source: snapshot.source,
      accounts: [
        { accountId: snapshot.accountId, partition: snapshot.partition, ...(apiCalls ? { apiCalls } : {}) },
      ],
      credentialReportGeneratedAt: generatedAt ? isoTime(generatedAt) : null,
      credentialReportAgeSeconds: ageSeconds,
      ...(options.snapshotPath !== undefined ? { snapshotCollectedAt: isoTime(snapshot.collectedAt) } : {}),
    },
    findings,
    summary: summarize(findings),
    warnings,
  };
}
