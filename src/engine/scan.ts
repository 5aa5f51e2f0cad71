/**
 * One scan: collect a snapshot (from a credential report file or a live account), run the rules,
 * count the verdicts. Returns the document the JSON output prints (schema: docs/json-output.md).
 */
import type { AwsConnection } from "../aws/clients.js";
import { readCredentialReportFile } from "../credential-report/input.js";
import type { Framework } from "../frameworks/index.js";
import { RULES } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";
import { snapshotFromReport } from "../snapshot/from-report.js";
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
}

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
  /** How to reach AWS for a live scan. */
  readonly connection?: AwsConnection;
  /** Credential report wait limit in milliseconds (live). Default 300 000. */
  readonly reportTimeoutMs?: number;
  /** First poll wait in milliseconds (live). Default 2 000. */
  readonly reportPollBaseMs?: number;
  /** Rules to run. Default: all. */
  readonly rules?: readonly AnyRule[];
  /**
   * Add one MANUAL finding per requirement of this framework that no rule decides (`--framework`
   * without `--rule`). Default: none.
   */
  readonly manualFramework?: Framework;
  /**
   * Re-check report FAILs, read users created since the report and drop deleted ones through the IAM
   * API before reporting (live scans). Default true; `--no-verify` turns it off.
   */
  readonly verify?: boolean;
  /** Called while waiting for AWS, for progress messages. */
  readonly onWait?: (ms: number, reason: string) => void;
}

function reportWarnings(snapshot: Snapshot): { warnings: string[]; ageSeconds: number | null } {
  const report = snapshot.credentialReport;
  const warnings = [...(report?.warnings ?? [])];
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

/**
 * Scans one account (live) or one credential report file (offline) and judges it.
 * @throws {@link InputError} for an unreadable or malformed file; {@link AwsApiError} when the account
 *   cannot be identified. AWS failures while reading data become ERROR findings instead.
 */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const startedAt = new Date();
  let snapshot: Snapshot;
  let apiCalls: Record<string, number> | undefined;
  const rules = options.rules ?? RULES;
  const notes: string[] = [];
  if (options.credentialReportPath !== undefined) {
    snapshot = snapshotFromReport(await readCredentialReportFile(options.credentialReportPath), startedAt);
  } else {
    // Loaded on demand: the AWS SDK is most of the start-up time, and offline scans never need it.
    const [{ createClients }, { collectAccount }, { verifySnapshot }] = await Promise.all([
      import("../aws/clients.js"),
      import("../aws/collect.js"),
      import("../aws/verify.js"),
    ]);
    const clients = createClients(options.connection);
    try {
      snapshot = await collectAccount(clients, {
        collectedAt: startedAt,
        ...(options.reportTimeoutMs !== undefined ? { timeoutMs: options.reportTimeoutMs } : {}),
        ...(options.reportPollBaseMs !== undefined ? { pollBaseMs: options.reportPollBaseMs } : {}),
        ...(options.onWait ? { onWait: options.onWait } : {}),
      });
      if (options.verify !== false && snapshot.credentialReport) {
        const flagged = new Set(
          evaluate(snapshot, rules, options)
            .filter((finding) => finding.status === "FAIL" || finding.status === "MANUAL")
            .map((finding) => String(finding.evidence.userName)),
        );
        const verification = await verifySnapshot(clients.iam, snapshot, flagged);
        snapshot = verification.snapshot;
        notes.push(...verification.warnings);
      }
    } finally {
      apiCalls = clients.apiCalls();
      clients.destroy();
    }
  }
  const findings = [
    ...evaluate(snapshot, rules, options),
    // After verification, never in its pre-pass: MANUAL findings name no user to re-check.
    ...(options.manualFramework ? manualFindings(snapshot, options.manualFramework, rules) : []),
  ];
  const { warnings, ageSeconds } = reportWarnings(snapshot);
  warnings.push(...notes);
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
