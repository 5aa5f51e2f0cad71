/**
 * The explain use case: one IAM user from a credential report file or the live account, with the
 * findings that concern it (shared by `cloudpatrol explain`; the CLI only parses and prints).
 */
import { getCallerAccount } from "../../aws/account.js";
import { type AwsConnection, createClients } from "../../aws/clients.js";
import { getUserDetails } from "../../aws/user-details.js";
import { readCredentialReportFile } from "../../credential-report/input.js";
import type { CredentialReport, CredentialReportRow } from "../../credential-report/types.js";
import { evaluate } from "../../engine/evaluate.js";
import { InputError } from "../../model/errors.js";
import { quoteExcerpt } from "../../model/escape.js";
import { NON_REGIONAL_RULES } from "../../rules/index.js";
import { snapshotFromReport } from "../../snapshot/from-report.js";
import { scan } from "../scan.js";
import { explainFromApi, explainFromReport } from "./build.js";
import type { UserExplanation } from "./types.js";

/** The report row of `userName`: exact name first, else the one row whose name matches ignoring case. */
export function findReportRow(report: CredentialReport, userName: string): CredentialReportRow | undefined {
  const users = report.rows.filter((row) => !row.isRoot);
  const exact = users.find((row) => row.user === userName);
  if (exact) return exact;
  const folded = users.filter((row) => row.user.toLowerCase() === userName.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

/**
 * Explains `userName` from a credential report file (`-` for stdin), with the findings of the rules that
 * a report can feed (no region is called, nothing else is read).
 * @throws {@link InputError} when the file cannot be read, or names no such IAM user (root is refused).
 */
export async function explainOffline(path: string, userName: string): Promise<UserExplanation> {
  const report = await readCredentialReportFile(path);
  const checkedAt = new Date();
  const snapshot = snapshotFromReport(report, checkedAt);
  const source = path === "-" ? "stdin" : path;
  const root = report.rows.find((row) => row.isRoot && row.user === userName);
  if (root) {
    throw new InputError(`${userName} is the root user of account ${snapshot.accountId}, not an IAM user.`);
  }
  const row = findReportRow(report, userName);
  if (!row) {
    throw new InputError(
      `No IAM user named ${quoteExcerpt(userName)} in the credential report ${source} (account ${snapshot.accountId}).`,
    );
  }
  return explainFromReport(row, {
    accountId: snapshot.accountId,
    findings: evaluate(snapshot, NON_REGIONAL_RULES),
    credentialReportGeneratedAt: report.generatedAt ?? null,
    checkedAt,
  });
}

/** Progress and warnings of {@link explainLive}, for the caller to show. */
export interface ExplainLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Explains `userName` of the live account: the user through the IAM API (GetUser first: an unknown user
 * costs one call), then the findings of a scan with the account-wide rules (no region is called).
 * @throws {@link InputError} when the account has no such user; {@link AwsApiError} when AWS cannot be read.
 */
export async function explainLive(
  connection: AwsConnection,
  userName: string,
  options: { readonly reportPollBaseMs?: number; readonly log: ExplainLog },
): Promise<UserExplanation> {
  const { log } = options;
  const pollBaseMs = options.reportPollBaseMs;
  const clients = createClients(connection);
  let accountId: string;
  let details: Awaited<ReturnType<typeof getUserDetails>>;
  try {
    accountId = (await getCallerAccount(clients.sts)).accountId;
    details = await getUserDetails(clients.iam, userName, accountId);
    log.info(`account ${accountId}: AWS API calls ${JSON.stringify(clients.apiCalls())}`);
  } finally {
    clients.destroy();
  }
  if (!details) throw new InputError(`No IAM user named ${quoteExcerpt(userName)} in account ${accountId}.`);
  log.info("scanning the account for the findings on this user");
  const result = await scan({
    connection,
    rules: NON_REGIONAL_RULES,
    ...(pollBaseMs !== undefined ? { reportPollBaseMs: pollBaseMs } : {}),
    onWait: (ms, reason) => log.info(`waiting ${Math.round(ms)} ms for the credential report (${reason})`),
  });
  for (const warning of result.warnings) log.warn(warning);
  const generatedAt = result.scan.credentialReportGeneratedAt;
  return explainFromApi(details, {
    accountId,
    findings: result.findings,
    credentialReportGeneratedAt: generatedAt ? new Date(generatedAt) : null,
  });
}
