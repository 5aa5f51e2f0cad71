/**
 * `cloudpatrol explain <user>`: one IAM user, live (IAM API + a scan) or offline (a credential report
 * row + the findings of that file). Read-only.
 */
import { Command, Option } from "commander";
import { explainFromApi, explainFromReport } from "../app/explain/build.js";
import { EXPLAIN_FORMATS, type ExplainFormat, renderExplanation } from "../app/explain/render.js";
import type { UserExplanation } from "../app/explain/types.js";
import { scan } from "../app/scan.js";
import { getCallerAccount } from "../aws/account.js";
import { createClients } from "../aws/clients.js";
import { getUserDetails } from "../aws/user-details.js";
import { readCredentialReportFile } from "../credential-report/input.js";
import type { CredentialReport, CredentialReportRow } from "../credential-report/types.js";
import { evaluate } from "../engine/evaluate.js";
import { InputError } from "../model/errors.js";
import { NON_REGIONAL_RULES } from "../rules/index.js";
import { snapshotFromReport } from "../snapshot/from-report.js";
import {
  addAwsOptions,
  addVerbosityOptions,
  type ConnectionOptions,
  connectionFrom,
  type VerbosityOptions,
} from "./common-options.js";
import { envMilliseconds } from "./env.js";
import { createLogger, type Logger, verbosityOf } from "./log.js";

interface ExplainCommandOptions extends ConnectionOptions, VerbosityOptions {
  credentialReport?: string;
  output: ExplainFormat;
}

/** The report row of `userName`: exact name first, else the one row whose name matches ignoring case. */
export function findReportRow(report: CredentialReport, userName: string): CredentialReportRow | undefined {
  const users = report.rows.filter((row) => !row.isRoot);
  const exact = users.find((row) => row.user === userName);
  if (exact) return exact;
  const folded = users.filter((row) => row.user.toLowerCase() === userName.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

async function explainOffline(path: string, userName: string): Promise<UserExplanation> {
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
      `No IAM user named ${JSON.stringify(userName)} in the credential report ${source} (account ${snapshot.accountId}).`,
    );
  }
  return explainFromReport(row, {
    accountId: snapshot.accountId,
    findings: evaluate(snapshot, NON_REGIONAL_RULES),
    credentialReportGeneratedAt: report.generatedAt ?? null,
    checkedAt,
  });
}

async function explainLive(
  options: ExplainCommandOptions,
  userName: string,
  log: Logger,
): Promise<UserExplanation> {
  const connection = connectionFrom(options);
  const pollBaseMs = envMilliseconds("CLOUDPATROL_REPORT_POLL_MS");
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
  if (!details)
    throw new InputError(`No IAM user named ${JSON.stringify(userName)} in account ${accountId}.`);
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

async function runExplain(userName: string, options: ExplainCommandOptions): Promise<void> {
  const log = createLogger(verbosityOf(options));
  if (userName.trim() === "") throw new InputError("explain needs an IAM user name.");
  const explanation =
    options.credentialReport !== undefined
      ? await explainOffline(options.credentialReport, userName)
      : await explainLive(options, userName, log);
  process.stdout.write(renderExplanation(explanation, options.output));
}

/** Builds the `explain` command. */
export function explainCommand(): Command {
  const command = new Command("explain")
    .description(
      "Show one IAM user: console password, MFA, access keys (ids, created, last used), tags, every " +
        "finding, and the AWS CLI commands to inspect and fix them, prefilled. Read-only.",
    )
    .argument("<user>", "IAM user name")
    .option(
      "--credential-report <path>",
      "explain from this credential report (CSV or `aws iam get-credential-report` JSON; - for stdin) instead of calling AWS",
    );
  addAwsOptions(command).addOption(
    new Option("-o, --output <format>", "output format").choices(EXPLAIN_FORMATS).default("text"),
  );
  return addVerbosityOptions(command)
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol explain alice                             # live: IAM API and a scan of the account
  cloudpatrol explain alice --profile audit --output json
  cloudpatrol explain alice --credential-report report.csv   # offline: no key ids or tags

Live, it needs iam:GetUser, iam:GetLoginProfile, iam:ListMFADevices, iam:ListAccessKeys,
iam:GetAccessKeyLastUsed, iam:ListUserTags, and what cloudpatrol scan needs.
Exit codes: 0 explained, 1 runtime error (AWS, I/O), 2 unknown user, usage error or invalid input file.`,
    )
    .action(async (userName: string, options: ExplainCommandOptions) => {
      await runExplain(userName, options);
    });
}
