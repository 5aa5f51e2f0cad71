/**
 * One scan: collect a snapshot (from a credential report file or a live account), run the rules,
 * count the verdicts. Returns the document the JSON output prints (schema: docs/json-output.md).
 */
import type { AwsClients, AwsConnection } from "../aws/clients.js";
import { readCredentialReportFile } from "../credential-report/input.js";
import type { CredentialReport } from "../credential-report/types.js";
import { InputError } from "../errors.js";
import type { Framework } from "../frameworks/index.js";
import { rule as atSetupRule } from "../rules/iam_user_no_access_key_at_setup.js";
import { DEFAULT_RULES } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";
import { accountOfArn, snapshotFromReport } from "../snapshot/from-report.js";
import type { Snapshot, SnapshotSource } from "../snapshot/types.js";
import { type EvaluateOptions, evaluate } from "./evaluate.js";
import type { Finding } from "./finding.js";
import { manualFindings } from "./manual.js";
import { type Summary, summarize } from "./summary.js";
import { humanDuration, isoTime } from "./time.js";

/** JSON output schema version. Fields are only ever added, never renamed. */
export const SCHEMA_VERSION = 1;

/** A report older than the scan by more than this many seconds gets a warning (AWS reuses reports for up to 4 h). */
export const STALE_REPORT_SECONDS = 15 * 60;

/** One scanned account in {@link ScanInfo}. */
export interface ScannedAccount {
  readonly accountId: string;
  readonly partition: string;
  /** Logical AWS API calls made for this account, per `service:Operation` (live scans only). */
  readonly apiCalls?: Readonly<Record<string, number>>;
  /** Multi-account scans only: the account's name in the Organization, or null when not listed. */
  readonly name?: string | null;
  /**
   * Multi-account scans only: `completed` (every rule judged), or `failed` (the role could not be
   * assumed, the account could not be read, or a rule gave an ERROR finding; see `error`).
   */
  readonly outcome?: AccountOutcome;
  /** Multi-account scans only, failed accounts: why, in one sentence. */
  readonly error?: string;
  /** Multi-account scans only: wall time of this account's scan in milliseconds (assuming the role included). */
  readonly durationMs?: number;
  /** Multi-account scans only: `GeneratedTime` of this account's credential report, or null. */
  readonly credentialReportGeneratedAt?: string | null;
}

/** How one account's part of a multi-account scan ended. */
export type AccountOutcome = "completed" | "failed";

/** Progress of one account in a multi-account scan, for progress displays. */
export type AccountEvent =
  | {
      readonly type: "start";
      readonly accountId: string;
      readonly name: string | null;
      readonly total: number;
    }
  | {
      readonly type: "phase";
      readonly accountId: string;
      readonly name: string | null;
      /** What the account waits for now: "assuming role", "waiting for the credential report", ... */
      readonly phase: string;
    }
  | {
      readonly type: "done";
      readonly accountId: string;
      readonly name: string | null;
      readonly account: ScannedAccount;
      readonly summary: Summary;
      /** Accounts finished so far, this one included, and how many there are. */
      readonly done: number;
      readonly total: number;
    };

/** What was scanned, when, from what. Times are ISO 8601 UTC. */
export interface ScanInfo {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly source: SnapshotSource;
  readonly accounts: readonly ScannedAccount[];
  /** `GeneratedTime` of the credential report, or null when unknown (a bare CSV file) or not obtained. */
  readonly credentialReportGeneratedAt: string | null;
  /** Seconds between the report's generation and the scan start; null when unknown. */
  readonly credentialReportAgeSeconds: number | null;
}

/** The result of a scan. */
export interface ScanResult {
  readonly schemaVersion: number;
  readonly scan: ScanInfo;
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** Things the user should know that are not findings (stale report, merged duplicate rows). */
  readonly warnings: readonly string[];
}

/** Options of {@link scan}. */
export interface ScanOptions extends EvaluateOptions {
  /** Read this credential report file (`-` for stdin) instead of calling AWS. */
  readonly credentialReportPath?: string;
  /** Judge this snapshot file (`cloudpatrol collect --out`) instead of calling AWS: the live verdicts, offline. */
  readonly snapshotPath?: string;
  /** How to reach AWS for a live scan. */
  readonly connection?: AwsConnection;
  /** Credential report wait limit in milliseconds (live). Default 300 000. */
  readonly reportTimeoutMs?: number;
  /** First poll wait in milliseconds (live). Default 2 000. */
  readonly reportPollBaseMs?: number;
  /** Rules to run. Default: {@link DEFAULT_RULES} (every rule). */
  readonly rules?: readonly AnyRule[];
  /**
   * Add one MANUAL finding per requirement of this framework that no rule decides (`--framework`
   * without `--rule`). Default: none.
   */
  readonly manualFramework?: Framework;
  /**
   * Re-check the users CIS 1.11 flags, read users created since the report and drop deleted ones
   * through the IAM API before reporting (live scans). Default true; `--no-verify` turns it off.
   */
  readonly verify?: boolean;
  /** Re-read at most this many users per account (about 3 calls each). Default 100. */
  readonly verifyMaxUsers?: number;
  /** Called while waiting for AWS, for progress messages. */
  readonly onWait?: (ms: number, reason: string) => void;

  /**
   * Scan the ACTIVE accounts of the caller's AWS Organization (Organizations ListAccounts, every page;
   * the management or a delegated-administrator account). With `accountIds`, only those of them.
   */
  readonly organization?: boolean;
  /** Scan these 12-digit account ids (several accounts: each member through `roleName`). */
  readonly accountIds?: readonly string[];
  /** Leave these account ids out. */
  readonly excludeAccountIds?: readonly string[];
  /** Role assumed in each member account (not in the caller's own). Default `CloudPatrolAudit`. */
  readonly roleName?: string;
  /** `ExternalId` for AssumeRole, when the roles' trust policies require one. */
  readonly externalId?: string;
  /** `RoleSessionName` for AssumeRole (shows in the members' CloudTrail). Default `cloudpatrol`. */
  readonly roleSessionName?: string;
  /** Accounts scanned at once. Default 8. */
  readonly concurrency?: number;
  /** Called as each account starts, changes phase and finishes (multi-account scans). */
  readonly onAccount?: (event: AccountEvent) => void;
}

/** Reports a day or more ahead of the scan's clock are not trusted silently (clock skew, a forged file). */
const FUTURE_TOLERANCE_MS = 86_400_000;

/**
 * What no real report of one account holds: rows of other accounts (their findings would be reported
 * under this snapshot's account), or times after the scan (ages and "days after the user" go wrong).
 */
function consistencyWarnings(snapshot: Snapshot, report: CredentialReport): string[] {
  const warnings: string[] = [];
  const others = [
    ...new Set(
      report.rows
        .map((row) => accountOfArn(row.arn)?.accountId)
        .filter((account): account is string => account !== undefined && account !== snapshot.accountId),
    ),
  ];
  if (others.length > 0)
    warnings.push(
      `The credential report has rows of other accounts (${others.join(", ")}) besides ${snapshot.accountId}: their findings are reported under ${snapshot.accountId}. A report covers one account: scan each account's own report.`,
    );
  const limit = snapshot.collectedAt.getTime() + FUTURE_TOLERANCE_MS;
  const future = report.rows.filter((row) =>
    [
      row.userCreationTime,
      row.passwordLastUsed,
      row.passwordLastChanged,
      ...row.accessKeys.flatMap((key) => [key.lastRotated, key.lastUsedDate]),
    ].some((time) => time instanceof Date && time.getTime() > limit),
  );
  if (report.generatedAt && report.generatedAt.getTime() > limit)
    warnings.push(
      `The credential report says it was generated at ${isoTime(report.generatedAt)}, after this scan (${isoTime(snapshot.collectedAt)}): check the file and this machine's clock.`,
    );
  if (future.length > 0)
    warnings.push(
      `${future.length === 1 ? "1 row has" : `${future.length} rows have`} times after this scan (${future
        .slice(0, 3)
        .map((row) => row.user)
        .join(
          ", ",
        )}${future.length > 3 ? ", ..." : ""}): ages and times relative to them are wrong; check the file and this machine's clock.`,
    );
  return warnings;
}

export function reportWarnings(snapshot: Snapshot): { warnings: string[]; ageSeconds: number | null } {
  const report = snapshot.credentialReport;
  const warnings = [...(report?.warnings ?? [])];
  if (report && report.rows.length === 0) {
    warnings.push(
      "The credential report lists no principal at all, not even the root user: nothing in it was judged.",
    );
  } else if (report && !report.rows.some((row) => row.isRoot)) {
    warnings.push(
      "The credential report has no <root_account> row (AWS always writes one): the root user's rules judge nothing from it.",
    );
  }
  if (report) warnings.push(...consistencyWarnings(snapshot, report));
  if (!report?.generatedAt) return { warnings, ageSeconds: null };
  const ageSeconds = Math.round((snapshot.collectedAt.getTime() - report.generatedAt.getTime()) / 1000);
  if (ageSeconds > STALE_REPORT_SECONDS) {
    warnings.push(
      `The credential report was generated at ${isoTime(report.generatedAt)}, ${humanDuration(ageSeconds)} before this scan: ` +
        "changes made since then are not in it (AWS reuses a report for up to 4 hours).",
    );
  }
  return { warnings, ageSeconds };
}

/** Options of {@link scanAccount}: the per-account part of {@link ScanOptions}. */
export interface AccountScanOptions extends EvaluateOptions {
  /** Scan start for this account (UTC); rules use it instead of a clock. Default: now. */
  readonly collectedAt?: Date;
  readonly reportTimeoutMs?: number;
  readonly reportPollBaseMs?: number;
  readonly rules?: readonly AnyRule[];
  readonly manualFramework?: Framework;
  readonly verify?: boolean;
  readonly verifyMaxUsers?: number;
  readonly onWait?: (ms: number, reason: string) => void;
  /** Called when the account's scan enters a phase ("reading the credential report", ...), for progress displays. */
  readonly onPhase?: (phase: string) => void;
}

/** What {@link scanAccount} found in one account. */
export interface AccountScan {
  readonly snapshot: Snapshot;
  readonly findings: Finding[];
  /** The report's warnings, the staleness warning, then verification notes. */
  readonly warnings: string[];
  /** Seconds between the report's generation and the scan start; null when unknown. */
  readonly reportAgeSeconds: number | null;
}

/** Judges a snapshot: the rules, then MANUAL findings of `manualFramework`. Pure. */
function judge(snapshot: Snapshot, options: AccountScanOptions): Finding[] {
  const rules = options.rules ?? DEFAULT_RULES;
  return [
    ...evaluate(snapshot, rules, options),
    // After verification, never in its pre-pass: MANUAL findings name no user to re-check.
    ...(options.manualFramework ? manualFindings(snapshot, options.manualFramework, rules) : []),
  ];
}

/**
 * The per-account pipeline over live clients: collect the snapshot (caller identity, credential
 * report), re-check the users CIS 1.11 flags through the IAM API, judge. The caller owns (and destroys) `clients`.
 * @throws {@link AwsApiError} when the account cannot be identified. AWS failures while reading data
 *   become ERROR findings instead.
 */
export async function scanAccount(
  clients: AwsClients,
  options: AccountScanOptions = {},
): Promise<AccountScan> {
  // Loaded on demand: the AWS SDK is most of the start-up time, and offline scans never need it.
  const [{ collectAccount }, { verifySnapshot }] = await Promise.all([
    import("../aws/collect.js"),
    import("../aws/verify.js"),
  ]);
  const rules = options.rules ?? DEFAULT_RULES;
  const notes: string[] = [];
  options.onPhase?.("reading the credential report");
  let snapshot = await collectAccount(clients, {
    collectedAt: options.collectedAt ?? new Date(),
    // Per-region data (every enabled region) only when a rule to run needs it.
    datasets: rules.flatMap((rule) => rule.requires),
    ...(options.reportTimeoutMs !== undefined ? { timeoutMs: options.reportTimeoutMs } : {}),
    ...(options.reportPollBaseMs !== undefined ? { pollBaseMs: options.reportPollBaseMs } : {}),
    ...(options.onWait || options.onPhase
      ? {
          onWait: (ms: number, reason: string) => {
            options.onPhase?.("waiting for the credential report");
            options.onWait?.(ms, reason);
          },
        }
      : {}),
  });
  if (options.verify !== false && snapshot.credentialReport) {
    options.onPhase?.("verifying through the IAM API");
    // Re-check the users CIS 1.11 flags: their findings then name the exact access key id that
    // `remediate` and `explain` act on. Other report-based rules judge from the report (their keys are
    // named by slot), so the calls grow with 1.11's failures only, never with the number of users.
    const atSetup = rules.filter((rule) => rule.id === atSetupRule.id);
    const flagged = new Set(
      evaluate(snapshot, atSetup, options)
        .filter((finding) => finding.status === "FAIL" || finding.status === "MANUAL")
        .map((finding) => finding.evidence.userName)
        .filter((userName): userName is string => typeof userName === "string"),
    );
    const verification = await verifySnapshot(clients.iam, snapshot, flagged, {
      ...(options.verifyMaxUsers !== undefined ? { maxUsers: options.verifyMaxUsers } : {}),
    });
    snapshot = verification.snapshot;
    notes.push(...verification.warnings);
  }
  const findings = judge(snapshot, options);
  const { warnings, ageSeconds } = reportWarnings(snapshot);
  warnings.push(...notes);
  return { snapshot, findings, warnings, reportAgeSeconds: ageSeconds };
}

/** Whether the options ask for several accounts (`organization`, `accountIds`). */
export function isMultiAccount(options: ScanOptions): boolean {
  return options.organization === true || options.accountIds !== undefined;
}

/**
 * Scans one account (live) or one credential report file (offline) and judges it; with
 * `organization` or `accountIds`, scans several accounts in parallel (see {@link scanAccounts}).
 * @throws {@link InputError} for an unreadable or malformed file; {@link AwsApiError} when the account
 *   cannot be identified. AWS failures while reading data become ERROR findings instead.
 */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  if (isMultiAccount(options)) {
    if (options.credentialReportPath !== undefined)
      throw new InputError(
        "a credential report file holds one account; drop --org / --accounts, or the file.",
      );
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
    snapshot = await readSnapshotFile(options.snapshotPath);
    findings = judge(snapshot, options);
    ({ warnings, ageSeconds } = reportWarnings(snapshot));
  } else if (options.credentialReportPath !== undefined) {
    snapshot = snapshotFromReport(await readCredentialReportFile(options.credentialReportPath), startedAt);
    findings = judge(snapshot, options);
    ({ warnings, ageSeconds } = reportWarnings(snapshot));
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
    },
    findings,
    summary: summarize(findings),
    warnings,
  };
}
