/**
 * `cloudpatrol scan`: judge one account (live) or one credential report file (offline).
 */
import { writeFile } from "node:fs/promises";
import { Command, InvalidArgumentError, Option } from "commander";
import { SEVERITIES } from "../engine/finding.js";
import { scan } from "../engine/scan.js";
import { exitCodeFor, type FailOn } from "../engine/summary.js";
import { InputError } from "../errors.js";
import { OUTPUT_FORMATS, type OutputFormat, render } from "../report/index.js";
import { createLogger, verbosityOf } from "./log.js";

interface ScanCommandOptions {
  credentialReport?: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  output: OutputFormat;
  outputFile?: string;
  failOn: FailOn;
  setupWindowSeconds: number;
  reportTimeout: number;
  verify: boolean;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
}

function positiveInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0)
      throw new InvalidArgumentError(`${name} takes a whole number of seconds, 0 or more.`);
    return number;
  };
}

/** Milliseconds from an environment variable used by tests and impatient users; undefined when unset. */
function envMilliseconds(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new InputError(`${name} must be a number of milliseconds, found ${JSON.stringify(raw)}`);
  return value;
}

/** Whether to colour the text report: stdout is a TTY, NO_COLOR is unset, and output goes to stdout. */
function useColor(toFile: boolean): boolean {
  if (toFile || "NO_COLOR" in process.env) return false;
  if ("FORCE_COLOR" in process.env) return true;
  return process.stdout.isTTY === true;
}

async function runScan(options: ScanCommandOptions): Promise<number> {
  const log = createLogger(verbosityOf(options));
  const retryBaseMs = envMilliseconds("CLOUDPATROL_RETRY_BASE_MS");
  const pollBaseMs = envMilliseconds("CLOUDPATROL_REPORT_POLL_MS");
  const result = await scan({
    ...(options.credentialReport !== undefined ? { credentialReportPath: options.credentialReport } : {}),
    connection: {
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
      ...(retryBaseMs !== undefined ? { retryBaseMs } : {}),
    },
    reportTimeoutMs: options.reportTimeout * 1000,
    verify: options.verify,
    ...(pollBaseMs !== undefined ? { reportPollBaseMs: pollBaseMs } : {}),
    params: { iam_user_no_access_key_at_setup: { setupWindowSeconds: options.setupWindowSeconds } },
    onWait: (ms, reason) => log.info(`waiting ${Math.round(ms)} ms for the credential report (${reason})`),
  });
  for (const warning of result.warnings) log.warn(warning);
  for (const [account, calls] of result.scan.accounts.map((a) => [a.accountId, a.apiCalls] as const)) {
    if (calls) log.info(`account ${account}: AWS API calls ${JSON.stringify(calls)}`);
  }
  const text = render(result, options.output, useColor(options.outputFile !== undefined));
  if (options.outputFile) {
    try {
      await writeFile(options.outputFile, text);
    } catch (error) {
      throw new InputError(
        `cannot write --output-file ${options.outputFile}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        { cause: error },
      );
    }
    log.info(`wrote ${options.outputFile}`);
  } else {
    process.stdout.write(text);
  }
  return exitCodeFor(result.findings, options.failOn);
}

/** Builds the `scan` command; `setExitCode` receives the scan's exit code. */
export function scanCommand(setExitCode: (code: number) => void): Command {
  return new Command("scan")
    .description(
      "Judge an AWS account (or a credential report file) against CIS AWS Foundations 1.11. Read-only.",
    )
    .option(
      "--credential-report <path>",
      "read this credential report (CSV, or the JSON of `aws iam get-credential-report`; - for stdin) instead of calling AWS",
    )
    .option("--profile <name>", "AWS named profile (default: AWS_PROFILE or the default credential chain)")
    .option(
      "--region <region>",
      "AWS region for the API clients (IAM is global; default AWS_REGION or us-east-1)",
    )
    .option(
      "--endpoint-url <url>",
      "send AWS API calls to this endpoint (default: AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_IAM)",
    )
    .addOption(new Option("-o, --output <format>", "output format").choices(OUTPUT_FORMATS).default("text"))
    .option("--output-file <path>", "write the report to this file instead of stdout")
    .addOption(
      new Option(
        "--fail-on <severity>",
        "exit 3 when an unmuted FAIL of this severity or higher exists; none never exits 3",
      )
        .choices([...SEVERITIES, "none"])
        .default("informational"),
    )
    .option(
      "--setup-window-seconds <seconds>",
      "a key created this soon after its user counts as created at initial setup",
      positiveInteger("--setup-window-seconds"),
      60,
    )
    .option(
      "--report-timeout <seconds>",
      "how long to wait for AWS to generate the credential report",
      positiveInteger("--report-timeout"),
      300,
    )
    .option(
      "--no-verify",
      "trust the credential report alone: skip re-checking FAILs and new or deleted users through the IAM API",
    )
    .option("-q, --quiet", "print no warnings, only results")
    .option("-v, --verbose", "print progress and AWS API call counts on stderr")
    .option("--debug", "print internals and stack traces on stderr")
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol scan                                      # the account of the default credentials
  cloudpatrol scan --profile audit --output json --output-file findings.json
  cloudpatrol scan --credential-report report.csv       # offline, from a downloaded report
  aws iam get-credential-report | cloudpatrol scan --credential-report -

Exit codes: 0 no failing finding, 3 failing findings (see --fail-on), 1 runtime error
(AWS, I/O, or an ERROR finding), 2 usage error or invalid input file.`,
    )
    .action(async (options: ScanCommandOptions) => {
      setExitCode(await runScan(options));
    });
}
