import { Command } from "commander";
import { DEFAULT_VERIFY_MAX_USERS } from "../aws/verify-limit.js";
import { selectRules } from "../engine/select.js";
import { InputError } from "../model/errors.js";
import { withDependencies } from "../snapshot/datasets/index.js";
import type { Dataset, Snapshot } from "../snapshot/types.js";
import {
  addAwsOptions,
  addRegionsOption,
  addVerbosityOptions,
  type ConnectionOptions,
  connectionFrom,
  type RegionsOptions,
  regionsFrom,
  type VerbosityOptions,
} from "./common-options.js";
import { envMilliseconds } from "./env.js";
import { createLogger, verbosityOf } from "./log.js";
import { checkOutputPath } from "./overwrite-guard.js";
import { collect as repeatable, wholeNumber } from "./remediation-common.js";

interface CollectCommandOptions extends ConnectionOptions, RegionsOptions, VerbosityOptions {
  out: string;
  framework?: string;
  rule?: string[];
  verify: boolean;
  verifyMaxUsers: number;
  reportTimeout: number;
}

/**
 * Refuses an `--out` that cannot be written as a file, before any AWS call: empty, a directory, or in a
 * directory that does not exist. @throws {@link InputError} (exit 2).
 */
function checkOutPath(out: string): void {
  if (out === "-") return; // standard output
  checkOutputPath("--out", out);
}

/**
 * The datasets of `asked` (their dependencies included) that were not collected because a dataset they
 * depend on failed, each with those failed datasets: the runner skips them without an error of their
 * own (the credential report refused: `iam.userCredentials`, which re-reads its users, is not read).
 */
export function blockedDatasets(
  snapshot: Pick<Snapshot, "errors" | "collected">,
  asked: readonly Dataset[],
): { readonly dataset: Dataset; readonly failedDependencies: readonly Dataset[] }[] {
  const collected = new Set(snapshot.collected ?? []);
  const failed = new Set(snapshot.errors.map((error) => error.dataset));
  return withDependencies(asked)
    .filter((name) => !collected.has(name) && !failed.has(name))
    .map((dataset) => ({
      dataset,
      failedDependencies: withDependencies([dataset]).filter((name) => failed.has(name)),
    }));
}

/**
 * One line saying how many of the datasets `asked` (their dependencies included) could not be
 * collected — failed wholly or in some regions, or skipped because one they depend on failed — or
 * undefined when every one was: the snapshot is written either way, and the exit code is 1 with such a
 * line.
 */
export function failedDatasets(
  snapshot: Pick<Snapshot, "errors" | "collected">,
  asked: readonly Dataset[],
): string | undefined {
  const failed = new Set([
    ...snapshot.errors.map((error) => error.dataset),
    ...blockedDatasets(snapshot, asked).map((blocked) => blocked.dataset),
  ]);
  if (failed.size === 0) return undefined;
  const all = new Set([...withDependencies(asked), ...failed]);
  return (
    `${failed.size} of ${all.size} dataset${all.size === 1 ? "" : "s"} could not be collected (wholly or in some regions); ` +
    "the snapshot was written, and scan --snapshot gives the rules that need them ERROR findings"
  );
}

async function runCollect(options: CollectCommandOptions): Promise<number> {
  const log = createLogger(verbosityOf(options));
  const selection = selectRules({ framework: options.framework, ruleIds: options.rule });
  checkOutPath(options.out);
  // Loaded on demand: the AWS SDK is most of the start-up time.
  const [{ createClients }, { scanAccount, datasetsToCollect }, { serializeSnapshot, writeSnapshotFile }] =
    await Promise.all([import("../aws/clients.js"), import("../app/scan.js"), import("../snapshot/file.js")]);
  const clients = createClients(connectionFrom(options));
  try {
    const pollBaseMs = envMilliseconds("CLOUDPATROL_REPORT_POLL_MS");
    const scanned = await scanAccount(clients, {
      rules: selection.rules,
      ...regionsFrom(options),
      verify: options.verify,
      verifyMaxUsers: options.verifyMaxUsers,
      reportTimeoutMs: options.reportTimeout * 1000,
      ...(pollBaseMs !== undefined ? { reportPollBaseMs: pollBaseMs } : {}),
    });
    // `--out -`: the snapshot on standard output (for a pipe into `scan --snapshot -`), messages on stderr.
    if (options.out === "-") process.stdout.write(serializeSnapshot(scanned.snapshot));
    else await writeSnapshotFile(options.out, scanned.snapshot);
    for (const warning of scanned.warnings) log.warn(warning);
    for (const error of scanned.snapshot.errors) log.warn(`not collected: ${error.message}`);
    const asked = datasetsToCollect(selection.rules, options.verify);
    for (const blocked of blockedDatasets(scanned.snapshot, asked))
      log.warn(
        `not collected: ${blocked.dataset}${blocked.failedDependencies.length > 0 ? `: it needs ${blocked.failedDependencies.join(", ")}, which could not be collected` : ""}`,
      );
    if (log.verbosity !== "quiet") {
      process.stderr.write(
        `wrote ${options.out === "-" ? "the snapshot to standard output" : options.out}: account ${scanned.snapshot.accountId}, collected ${scanned.snapshot.collectedAt.toISOString()}\n`,
      );
    }
    const failed = failedDatasets(scanned.snapshot, asked);
    if (!failed) return 0;
    // Shown even with --quiet: it is why the exit code is 1.
    process.stderr.write(`cloudpatrol: ${failed}\n`);
    return 1;
  } finally {
    clients.destroy();
  }
}

/** Builds the `collect` command; `setExitCode` receives its exit code. */
export function collectCommand(setExitCode: (code: number) => void): Command {
  const command = new Command("collect")
    .description("Read one live account (read-only) and save a snapshot to judge later with scan --snapshot.")
    .requiredOption("--out <path>", "the snapshot file to write (JSON); - writes it to standard output");
  addRegionsOption(addAwsOptions(command))
    .option("--framework <id>", "collect what this benchmark's rules need (default: what every rule needs)")
    .option("--rule <id>", "collect what this rule needs (repeatable)", repeatable)
    .option("--no-verify", "do not re-check the credential report's users through the IAM API")
    .option(
      "--verify-max-users <count>",
      "re-check at most this many users through the IAM API (about 3 calls each)",
      wholeNumber("--verify-max-users"),
      DEFAULT_VERIFY_MAX_USERS,
    )
    .option(
      "--report-timeout <seconds>",
      "how long to wait for AWS to generate the credential report",
      wholeNumber("--report-timeout", " of seconds"),
      300,
    );
  return addVerbosityOptions(command)
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol collect --out snapshot.json                 # then, anywhere, offline:
  cloudpatrol scan --snapshot snapshot.json --output html --output-dir reports/

Exit codes: 0 written, every dataset collected; 1 written, but some dataset could not be collected, or
was not read as one it needs failed (each named in a "not collected" warning, their count in the last line), or an AWS or I/O error (nothing
written); 2 usage error.`,
    )
    .action(async (options: CollectCommandOptions) => {
      setExitCode(await runCollect(options));
    });
}
