/**
 * The options several commands share, declared in one place so that their names, defaults and help
 * texts are the same everywhere: the AWS connection (`--profile`, `--region`, `--endpoint-url`) and
 * the verbosity (`-q`, `-v`, `--debug`, read by {@link verbosityOf}).
 */
import { type Command, InvalidArgumentError } from "commander";
import type { AwsConnection } from "../aws/clients.js";
import { InputError } from "../model/errors.js";
import { escapeTerminal, quoteExcerpt } from "../model/escape.js";
import { redactUrlUserInfo } from "../model/url-secret.js";
import { isRegionName } from "../snapshot/regional.js";
import { envMilliseconds } from "./env.js";

/** The AWS connection options as commander parses them. */
export interface ConnectionOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

/** The verbosity options as commander parses them; see `verbosityOf` in log.ts. */
export interface VerbosityOptions {
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
}

/** Adds `--profile`, `--region` and `--endpoint-url` to `command`; read them with {@link connectionFrom}. */
export function addAwsOptions(command: Command): Command {
  return command
    .option("--profile <name>", "AWS named profile (default: AWS_PROFILE or the default credential chain)")
    .option(
      "--region <region>",
      "AWS region for the API clients (IAM is global; default AWS_REGION, AWS_DEFAULT_REGION or us-east-1)",
      regionName,
    )
    .option(
      "--endpoint-url <url>",
      "send AWS API calls to this endpoint (default: AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_IAM)",
      endpointUrl,
    );
}

/** The region option as commander parses it. */
export interface RegionsOptions {
  regions?: string[];
}

/**
 * Adds `--regions` (the per-region rules read only these regions; default every enabled one) to
 * `command`; read it with {@link regionsFrom}.
 */
export function addRegionsOption(command: Command): Command {
  return command.option(
    "--regions <names>",
    "per-region rules read only these regions, comma-separated (default: every enabled region; EC2 DescribeRegions); scan --snapshot judges only these of the regions the file holds. A resource in a region left out (an S3 bucket) gets a MANUAL finding saying so",
    regionList,
  );
}

/** Parses `--region`: one AWS region name (a typo would otherwise reach every client's endpoint). */
function regionName(value: string): string {
  const name = value.trim();
  if (!isRegionName(name))
    throw new InvalidArgumentError(
      `--region takes an AWS region name such as eu-west-1; not one: ${JSON.stringify(value)}.`,
    );
  return name;
}

/** Bad values an option's error names before it counts the rest. */
const NAMED_BAD_VALUES = 10;

/**
 * Bad values of an option for its error message: at most {@link NAMED_BAD_VALUES}, each quoted and cut by
 * {@link quoteExcerpt}, then how many more (`"a", "b" and 11990 more`), so that a huge argument cannot
 * make a huge error line.
 */
export function someBadValues(values: readonly string[]): string {
  const more = values.length > NAMED_BAD_VALUES ? ` and ${values.length - NAMED_BAD_VALUES} more` : "";
  return `${values
    .slice(0, NAMED_BAD_VALUES)
    .map((value) => quoteExcerpt(value))
    .join(", ")}${more}`;
}

/** Parses `--regions`: comma-separated region names, each once; an error names some bad ones ({@link someBadValues}). */
function regionList(value: string): string[] {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0) throw new InvalidArgumentError("--regions takes region names, comma-separated.");
  const bad = names.filter((name) => !isRegionName(name));
  if (bad.length > 0)
    throw new InvalidArgumentError(
      `--regions takes AWS region names such as eu-west-1; not one: ${someBadValues(bad)}.`,
    );
  return [...new Set(names)];
}

/** The `regions` scan option from `--regions`, or nothing. */
export function regionsFrom(options: RegionsOptions): { regions?: readonly string[] } {
  return options.regions ? { regions: options.regions } : {};
}

/** Whether `value` is an absolute http or https URL. */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Parses `--endpoint-url`: an absolute http or https URL. */
function endpointUrl(value: string): string {
  if (!isHttpUrl(value)) throw new InvalidArgumentError("--endpoint-url takes an http:// or https:// URL.");
  return value;
}

/**
 * Checks the environment the SDK reads as `--endpoint-url` checks its value: `AWS_ENDPOINT_URL` and
 * every `AWS_ENDPOINT_URL_<SERVICE>` must be http(s) URLs (else the SDK fails later with a bare
 * TypeError, or calls an ftp:// host as http). An empty `AWS_REGION`, `AWS_DEFAULT_REGION` or
 * `AWS_PROFILE` counts as unset, as in the AWS CLI.
 * @throws {@link InputError} (exit 2) naming the variable and its value, user info (`user:password@`)
 * shown as `***@`.
 */
export function checkAwsEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"]) {
    if (env[name] === "") delete env[name];
  }
  for (const [name, value] of Object.entries(env)) {
    if (!/^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(name) || value === undefined || value === "") continue;
    if (!isHttpUrl(value))
      throw new InputError(
        `${name} takes an http:// or https:// URL, found ${JSON.stringify(redactUrlUserInfo(value))}.`,
      );
  }
}

/**
 * `--debug` alone, for the commands without progress to show (history, diff, journal, rules, deploy):
 * an unexpected error's message says "run with --debug", so every command takes it.
 */
export function addDebugOption(command: Command): Command {
  return command.option("--debug", "print stack traces on stderr");
}

/** Adds `-q, --quiet`, `-v, --verbose` and `--debug` to `command`. */
export function addVerbosityOptions(command: Command): Command {
  return command
    .option("-q, --quiet", "print no warnings, only results")
    .option("-v, --verbose", "print progress and details on stderr")
    .option("--debug", "print internals and stack traces on stderr");
}

/** The AWS connection from the command's options and `CLOUDPATROL_RETRY_BASE_MS`. */
export function connectionFrom(options: ConnectionOptions): AwsConnection {
  checkAwsEnvironment();
  const retryBaseMs = envMilliseconds("CLOUDPATROL_RETRY_BASE_MS");
  return {
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    ...(retryBaseMs !== undefined ? { retryBaseMs } : {}),
    // The SDK's warnings as one escaped line each, like the CLI's own (its are several lines).
    onSdkWarning: (message) => process.stderr.write(`warning: ${escapeTerminal(message)}\n`),
  };
}
