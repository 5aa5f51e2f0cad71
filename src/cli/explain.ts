/**
 * `cloudpatrol explain <user>`: one IAM user, live (IAM API + a scan) or offline (a credential report
 * row + the findings of that file). Read-only.
 */
import { Command, Option } from "commander";
import { explainLive, explainOffline } from "../app/explain/explain.js";
import { EXPLAIN_FORMATS, type ExplainFormat, renderExplanation } from "../app/explain/render.js";
import { InputError } from "../model/errors.js";
import {
  addAwsOptions,
  addVerbosityOptions,
  type ConnectionOptions,
  connectionFrom,
  type VerbosityOptions,
} from "./common-options.js";
import { envMilliseconds } from "./env.js";
import { createLogger, verbosityOf } from "./log.js";

interface ExplainCommandOptions extends ConnectionOptions, VerbosityOptions {
  credentialReport?: string;
  output: ExplainFormat;
}

async function runExplain(userName: string, options: ExplainCommandOptions): Promise<void> {
  const log = createLogger(verbosityOf(options));
  if (userName.trim() === "") throw new InputError("explain needs an IAM user name.");
  const poll = envMilliseconds("CLOUDPATROL_REPORT_POLL_MS");
  const explanation =
    options.credentialReport !== undefined
      ? await explainOffline(options.credentialReport, userName)
      : await explainLive(connectionFrom(options), userName, {
          ...(poll !== undefined ? { reportPollBaseMs: poll } : {}),
          log,
        });
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
