/**
 * The per-account part of a scan: collect one live account's snapshot, verify, judge; and the warnings
 * a credential report deserves whatever its source.
 */
import type { AwsClients } from "../aws/clients.js";
import type { CredentialReport } from "../credential-report/types.js";
import { type EvaluateOptions, evaluate } from "../engine/evaluate.js";
import { manualFindings } from "../engine/manual.js";
import type { Framework } from "../frameworks/index.js";
import type { Finding } from "../model/finding.js";
import { humanDuration, isoTime } from "../model/time.js";
import { DEFAULT_RULES } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";
import { accountWideFailures } from "../snapshot/collection-errors.js";
import { accountOfArn } from "../snapshot/from-report.js";
import { enabledRegions } from "../snapshot/regional.js";
import type { Dataset, Snapshot } from "../snapshot/types.js";
/** A report older than the scan by more than this many seconds gets a warning (AWS reuses reports for up to 4 h). */
export const STALE_REPORT_SECONDS = 15 * 60;

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

/**
 * A warning when the per-region rules judged only some of the account's enabled regions (`--regions`,
 * at collection or at scan time): a requirement "in all regions" is then judged for those regions only.
 */
export function regionWarnings(snapshot: Snapshot): string[] {
  const regional = snapshot.regional;
  if (!regional) return [];
  const enabled = enabledRegions(regional.regions);
  if (regional.enabledRegions.length >= enabled.length) return [];
  return [
    `Only ${regional.enabledRegions.length} of the ${enabled.length} enabled regions of account ${snapshot.accountId} were judged (${regional.enabledRegions.join(", ") || "none"}, --regions): requirements for every region hold for those regions only.`,
  ];
}

/**
 * A warning per failed GetAccountSummary read when the credential report holds the root row: the root
 * user's rules were then judged from the report alone (no ERROR finding names the failure), so the
 * warning does, with the account and the missing permission. Empty when no rule of `rules` reads the
 * summary, or without a root row (the root rules' ERROR findings name the failure then). Pure.
 */
export function accountSummaryWarnings(snapshot: Snapshot, rules: readonly AnyRule[]): string[] {
  if (!datasetsToCollect(rules, false).includes("iam.accountSummary")) return [];
  if (snapshot.credentialReport?.rows.some((row) => row.isRoot) !== true) return [];
  return accountWideFailures(snapshot, ["iam.accountSummary"]).map(
    (error) =>
      `${error.api} failed for account ${snapshot.accountId} (${error.code}${error.missingPermission ? `; missing permission ${error.missingPermission}` : ""}): ` +
      "the root user's rules were judged from the credential report alone, which can be up to 4 hours old.",
  );
}

/**
 * What the user should know about the data judged: the credential report's own warnings, its age and
 * consistency (only when a rule of `rules` reads the report), a region-limited scan, and a failed
 * GetAccountSummary the root user's rules judged around ({@link accountSummaryWarnings}).
 */
export function reportWarnings(
  snapshot: Snapshot,
  rules: readonly AnyRule[] = DEFAULT_RULES,
): { warnings: string[]; ageSeconds: number | null } {
  const readsReport = datasetsToCollect(rules, false).includes("iam.credentialReport");
  const report = readsReport ? snapshot.credentialReport : undefined;
  const warnings = [...(report?.warnings ?? []), ...regionWarnings(snapshot)];
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
  warnings.push(...accountSummaryWarnings(snapshot, rules));
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
  /** Read only these regions (`--regions`); default every enabled region. */
  readonly regions?: readonly string[];
  readonly onWait?: (ms: number, reason: string) => void;
  /**
   * The account whose role gave the clients their credentials (a multi-account scan's AssumeRole): an
   * identity in another account fails the scan before anything is read (`AccountMismatchError`).
   */
  readonly assumedInAccount?: string;
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

/**
 * The datasets a live scan of `rules` reads: what each requires or reads when present, without the
 * IAM API re-check of users when `verify` is false (`--no-verify`).
 */
export function datasetsToCollect(rules: readonly AnyRule[], verify: boolean): Dataset[] {
  const names = new Set(rules.flatMap((rule) => [...rule.requires, ...(rule.optional ?? [])]));
  if (!verify) names.delete("iam.userCredentials");
  return [...names];
}

/** Judges a snapshot: the rules, then MANUAL findings of `manualFramework`. Pure. */
export function judgeSnapshot(snapshot: Snapshot, options: AccountScanOptions): Finding[] {
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
 * @throws {@link AwsApiError} when the account cannot be identified; `AccountMismatchError` when it is
 *   not `assumedInAccount`. AWS failures while reading data
 *   become ERROR findings instead.
 */
export async function scanAccount(
  clients: AwsClients,
  options: AccountScanOptions = {},
): Promise<AccountScan> {
  // Loaded on demand: the AWS SDK is most of the start-up time, and offline scans never need it.
  const { collectAccount } = await import("../aws/collect.js");
  const rules = options.rules ?? DEFAULT_RULES;
  options.onPhase?.("reading AWS");
  const collection = await collectAccount(clients, {
    collectedAt: options.collectedAt ?? new Date(),
    // Exactly what the rules to run read: the credential report only for rules that need it, every
    // enabled region only for per-region rules, the IAM API re-check of users unless --no-verify.
    datasets: datasetsToCollect(rules, options.verify !== false),
    rules,
    ...(options.params ? { params: options.params } : {}),
    ...(options.regions ? { regions: options.regions } : {}),
    ...(options.verifyMaxUsers !== undefined ? { verifyMaxUsers: options.verifyMaxUsers } : {}),
    ...(options.assumedInAccount !== undefined ? { assumedInAccount: options.assumedInAccount } : {}),
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
  const snapshot = collection.snapshot;
  const findings = judgeSnapshot(snapshot, options);
  const { warnings, ageSeconds } = reportWarnings(snapshot, rules);
  warnings.push(...collection.warnings);
  return { snapshot, findings, warnings, reportAgeSeconds: ageSeconds };
}
