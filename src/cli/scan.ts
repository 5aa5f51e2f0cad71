/**
 * `cloudpatrol scan`: judge one account (live) or one credential report file (offline). This module
 * defines the command only; its action loads ./scan-run.js, so that `scan --help` stays light.
 */

import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_VERIFY_MAX_USERS } from "../aws/verify-limit.js";
import { FRAMEWORK_IDS } from "../frameworks/types.js";
import { excerpt } from "../model/escape.js";
import { SEVERITIES } from "../model/finding.js";
import { isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from "../report/formats.js";
import { addAwsOptions, addRegionsOption, addVerbosityOptions } from "./common-options.js";
import { checkOfflineOptions } from "./offline-options.js";
import { STATE_DIR_HELP, wholeNumber } from "./remediation-common.js";
import {
  accountList,
  concurrencyValue,
  externalIdValue,
  roleNameValue,
  roleSessionNameValue,
} from "./scan-accounts.js";
import type { ScanCommandOptions } from "./scan-run.js";

/** Parses `--output text,json,...`: known formats, comma-separated, duplicates dropped. */
function outputFormats(value: string, previous: OutputFormat[]): OutputFormat[] {
  const formats = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  // Same wording as commander's .choices(), which this option used before it took a list.
  if (formats.length === 0 || !formats.every(isOutputFormat))
    throw new InvalidArgumentError(`Allowed choices are ${OUTPUT_FORMATS.join(", ")}.`);
  // A repeated -o adds to the list (`-o json -o csv` is `-o json,csv`); the default is replaced.
  const before = previous === DEFAULT_OUTPUT ? [] : previous;
  return [...new Set([...before, ...formats])];
}

/** `-o`'s default (compared by identity: the first -o replaces it). */
const DEFAULT_OUTPUT: OutputFormat[] = ["text"];

/** Parses a comma-separated list of framework ids; an unknown id is a usage error (exit 2). */
function frameworkList(value: string): string[] {
  const ids = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const unknown = ids.filter((id) => !(FRAMEWORK_IDS as readonly string[]).includes(id));
  if (ids.length === 0 || unknown.length > 0)
    throw new InvalidArgumentError(
      `Unknown framework ${unknown.map((id) => excerpt(id)).join(", ") || "(none)"}; known: ${FRAMEWORK_IDS.join(", ")}.`,
    );
  return ids;
}

/** Builds the `scan` command; `setExitCode` receives the scan's exit code. */
export function scanCommand(setExitCode: (code: number) => void): Command {
  const command = new Command("scan")
    .description(
      "Judge an AWS account (or a credential report file) against the CIS AWS Foundations Benchmark. Read-only.",
    )
    .option(
      "--snapshot <path>",
      "judge a snapshot saved by `cloudpatrol collect --out` instead of calling AWS (the live verdicts, offline)",
    )
    .option(
      "--credential-report <path>",
      "read this credential report (CSV, or the JSON of `aws iam get-credential-report`; - for stdin) instead of calling AWS",
    );
  addRegionsOption(addAwsOptions(command))
    .option(
      "--org",
      "scan every ACTIVE account of the AWS Organization (from the management or a delegated-administrator account)",
    )
    .option(
      "--accounts <ids>",
      "scan these accounts (12-digit ids, comma-separated); with --org, only these of the Organization",
      accountList,
    )
    .option("--exclude-accounts <ids>", "leave these accounts out (comma-separated)", accountList)
    .option(
      "--role-name <name>",
      "role to assume in each member account, optionally after its path: audit/CloudPatrolAudit (default: CloudPatrolAudit)",
      roleNameValue,
    )
    .option(
      "--external-id <id>",
      "ExternalId for AssumeRole, when the roles' trust policies require one",
      externalIdValue,
    )
    .option(
      "--role-session-name <name>",
      "RoleSessionName for AssumeRole (default: cloudpatrol)",
      roleSessionNameValue,
    )
    .option("--concurrency <n>", "accounts scanned at once (default: 8)", concurrencyValue)
    .option(
      "-o, --output <format>",
      `output formats, comma-separated or -o repeated: ${OUTPUT_FORMATS.join(", ")}`,
      outputFormats,
      DEFAULT_OUTPUT,
    )
    .option(
      "--output-file <path>",
      "write the (single-format) report to this file instead of stdout (- is stdout)",
    )
    .option(
      "--output-dir <dir>",
      "write each format to DIR/cloudpatrol-<account|multi>-<UTC timestamp>.<ext> (default with several formats: .)",
    )
    .option(
      "--framework <id>",
      "run the rules of this benchmark (cis_v120 ... cis_v600), add MANUAL findings for its other requirements and print its compliance view",
    )
    .option(
      "--rule <id>",
      "run only this rule (repeatable; see cloudpatrol rules list). Without --framework or --rule every rule runs; the per-region ones (sections 2–5: storage, logging, monitoring, networking; 1.18 EC2 instance profiles, 1.20 Access Analyzer) call every enabled region or those --regions names",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      "--compliance-framework <ids>",
      "framework ids for compliance-csv and the HTML compliance table, comma-separated (default: --framework, else every framework for compliance-csv and cis_v150 for HTML)",
      frameworkList,
    )
    .option(
      "--mutelist <file>",
      "mute accepted risks listed in this YAML file (Prowler mutelist layout; docs/mutelist.md)",
    )
    .option(
      "--send-to-security-hub",
      "import the findings into AWS Security Hub (ASFF, BatchImportFindings) in --region; exit 1 if any is rejected",
    )
    .option("--only-failed", "with --send-to-security-hub: send FAIL findings only")
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
      wholeNumber("--setup-window-seconds", " of seconds"),
      60,
    )
    .option(
      "--report-timeout <seconds>",
      "how long to wait for AWS to generate the credential report",
      wholeNumber("--report-timeout", " of seconds"),
      300,
    )
    .option(
      "--no-verify",
      "trust the credential report alone: skip re-checking 1.11 FAILs and new or deleted users through the IAM API",
    )
    .option(
      "--verify-max-users <count>",
      "re-check at most this many users through the IAM API (about 3 calls each)",
      wholeNumber("--verify-max-users"),
      DEFAULT_VERIFY_MAX_USERS,
    )
    .option("--no-history", "do not record this scan in the scan history (cloudpatrol history, diff)")
    .option("--state-dir <dir>", STATE_DIR_HELP);
  return addVerbosityOptions(command)
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol scan                                      # the account of the default credentials
  cloudpatrol scan --profile audit --output json --output-file findings.json
  cloudpatrol scan --credential-report report.csv       # offline, from a downloaded report
  cloudpatrol scan --org --output json,text --output-dir reports/   # every ACTIVE account of the Organization
  cloudpatrol scan --accounts 111111111111,222222222222 --role-name Audit --external-id XYZ --concurrency 4
  cloudpatrol scan --framework cis_v150                 # every CIS v1.5.0 requirement, with a compliance view
  cloudpatrol scan --rule ec2_ebs_encryption_by_default_enabled --regions eu-west-1,us-east-1
  cloudpatrol scan --output json,html,sarif --output-dir reports/
  cloudpatrol scan --output md >> "$GITHUB_STEP_SUMMARY"
  cloudpatrol scan --mutelist mutelist.yaml --send-to-security-hub --only-failed
  aws iam get-credential-report | cloudpatrol scan --credential-report -

Exit codes: 0 no failing finding, 3 failing findings (see --fail-on), 1 runtime error
(AWS, I/O, or an ERROR finding), 2 usage error or invalid input file.`,
    )
    .action(async (options: ScanCommandOptions, self: Command) => {
      checkOfflineOptions(options, (key) => self.getOptionValueSource(key) === "cli");
      const { runScan } = await import("./scan-run.js");
      setExitCode(await runScan(options));
    });
}
