/**
 * `cloudpatrol deploy template` prints the CloudFormation template of continuous monitoring (AWS Config
 * rule + EventBridge alerts); `cloudpatrol deploy package` writes the Lambda zip it deploys.
 * Neither calls AWS. See docs/monitoring.md.
 */

import { Command, InvalidArgumentError, Option } from "commander";
import { stringify } from "yaml";
import type { Mode } from "../app/deploy/event-pattern.js";
import { writeLambdaPackage } from "../app/deploy/package.js";
import { LAMBDA_RUNTIME } from "../app/deploy/runtime.js";
import { buildTemplate, RETENTION_DAYS } from "../app/deploy/template.js";
import { EMAIL_ADDRESS_FORM, isEmailAddress } from "../model/email.js";
import { InputError } from "../model/errors.js";
import { writeWholeFile } from "../model/write-file.js";
import { addDebugOption } from "./common-options.js";
import { checkOutputPath } from "./overwrite-guard.js";

interface TemplateOptions {
  mode: Mode;
  email?: string;
  format: "json" | "yaml";
  outputFile?: string;
  logRetentionDays: number;
}

/** Parses `--email`: a plain email address ({@link isEmailAddress}), written as it is into the template. */
function emailAddress(value: string): string {
  if (!isEmailAddress(value)) throw new InvalidArgumentError(`--email takes ${EMAIL_ADDRESS_FORM}.`);
  return value;
}

function days(value: string): number {
  const number = Number(value);
  // CloudFormation rejects a template whose parameter default is not one of its AllowedValues.
  if (!RETENTION_DAYS.includes(number))
    throw new InvalidArgumentError(
      `takes one of the retention periods CloudWatch Logs accepts: ${RETENTION_DAYS.join(", ")}.`,
    );
  return number;
}

/** Renders the template as JSON (default) or YAML. */
export function renderTemplate(options: {
  mode?: Mode;
  email?: string;
  format?: "json" | "yaml";
  logRetentionDays?: number;
}): string {
  const template = buildTemplate({
    mode: options.mode ?? "notify",
    ...(options.email ? { email: options.email } : {}),
    ...(options.logRetentionDays ? { logRetentionDays: options.logRetentionDays } : {}),
  });
  return options.format === "yaml"
    ? stringify(template, { aliasDuplicateObjects: false, version: "1.1" })
    : `${JSON.stringify(template, null, 2)}\n`;
}

function templateCommand(): Command {
  return new Command("template")
    .description(
      "Print the CloudFormation template: AWS Config rule, EventBridge alerts, SNS topic (deploy in us-east-1).",
    )
    .addOption(
      new Option(
        "--mode <mode>",
        "notify: alert only; enforce: also deactivate the access key an event created",
      )
        .choices(["notify", "enforce"])
        .default("notify"),
    )
    .option("--email <address>", "subscribe this address to the alert topic", emailAddress)
    .addOption(new Option("--format <format>", "template syntax").choices(["json", "yaml"]).default("json"))
    .option("--log-retention-days <days>", "default of the LogRetentionDays parameter", days, 90)
    .option("--output-file <path>", "write the template to a file instead of stdout (- for stdout)")
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol deploy template > cloudpatrol.json
  cloudpatrol deploy template --mode enforce --email secops@example.com --output-file cloudpatrol.json
Then see docs/monitoring.md for aws cloudformation deploy (one account) or a StackSet (an Organization).`,
    )
    .action(async (options: TemplateOptions) => {
      // `-` is standard output, as for scan --output-file: no file named "-".
      if (options.outputFile === "-") delete options.outputFile;
      if (options.outputFile !== undefined) checkOutputPath("--output-file", options.outputFile);
      const text = renderTemplate(options);
      if (options.outputFile) {
        await writeWholeFile(options.outputFile, text, "--output-file");
        process.stderr.write(`wrote ${options.outputFile}\n`);
      } else {
        process.stdout.write(text);
      }
    });
}

function packageCommand(): Command {
  return new Command("package")
    .description(
      `Bundle the two Lambda handlers with esbuild (${LAMBDA_RUNTIME}) and write the zip the template deploys.`,
    )
    .option("--output <path>", "zip file to write", "cloudpatrol-lambda.zip")
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol deploy package
  aws s3 cp cloudpatrol-lambda.zip s3://my-bucket-in-us-east-1/cloudpatrol-lambda.zip`,
    )
    .action(async (options: { output: string }) => {
      // A zip is no text for a terminal or a pipe: `-` is refused rather than made a file named "-".
      if (options.output === "-")
        throw new InputError(
          "--output takes a file path for the zip, not - (stdout): give a path (./- for a file named -).",
        );
      checkOutputPath("--output", options.output); // before bundling
      const result = await writeLambdaPackage(options.output);
      process.stdout.write(`${result.path}\t${result.bytes} bytes\tsha256 ${result.sha256}\n`);
      for (const file of result.files) process.stderr.write(`  ${file.name} (${file.bytes} bytes)\n`);
      process.stderr.write(`Upload it to S3 in us-east-1 and pass CodeBucket/CodeKey to the template.\n`);
    });
}

/** The `deploy` command with its `template` and `package` subcommands. */
export function deployCommand(): Command {
  const command = new Command("deploy")
    .description("Continuous monitoring inside AWS: CloudFormation template and Lambda package.")
    .addCommand(templateCommand())
    .addCommand(packageCommand());
  for (const sub of command.commands) addDebugOption(sub).exitOverride();
  return command;
}
