/**
 * What `cloudpatrol scan` does once its options are parsed (loaded by the command's action only, so
 * that `scan --help` loads none of it): scan, mute, record the history, write the reports.
 */

import { existsSync, statSync } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { withFirstSeen as addFirstSeen } from "../app/history/record.js";
import { type ScanReport, type ScanResult, scanCheckedOptions } from "../app/scan.js";
import { regionOrDefault } from "../aws/region.js";
import type { Mutelist } from "../engine/mutelist.js";
import { paramsFor } from "../engine/params.js";
import { selectRules } from "../engine/select.js";
import { EXIT, exitCodeFor, type FailOn } from "../engine/summary.js";
import { type AwsApiError, InputError, OutputError } from "../model/errors.js";
import { escapeTerminal } from "../model/escape.js";
import { refusePseudoFilesystem } from "../model/input-file.js";
import { markFinished } from "../model/unfinished-files.js";
import { asffFindingSequence } from "../report/asff.js";
import { type OutputFormat, type RenderOptions, renderChunks, reportFileName } from "../report/index.js";
import { colorEnabled } from "./color.js";
import {
  type ConnectionOptions,
  connectionFrom,
  type RegionsOptions,
  regionsFrom,
  type VerbosityOptions,
} from "./common-options.js";
import { envMilliseconds } from "./env.js";
import { errorMessage } from "./exit.js";
import { FindingSpool, SpooledFindings } from "./finding-spool.js";
import { createLogger, type Logger, verbosityOf } from "./log.js";
import {
  requireDirectoryPath,
  requireParentDirectory,
  reservePath,
  writeOutputFile,
  writeToStdout,
} from "./output-files.js";
import { refuseOutputFileOverInput, refuseReportsOverInput, scanInputFiles } from "./overwrite-guard.js";
import {
  type AccountCommandOptions,
  accountScanOptions,
  createAccountProgress,
  isMultiAccountCommand,
} from "./scan-accounts.js";
import { checkScanHistory, recordScanHistory } from "./scan-history.js";

/** The parsed options of `cloudpatrol scan`. */
export interface ScanCommandOptions
  extends AccountCommandOptions,
    ConnectionOptions,
    RegionsOptions,
    VerbosityOptions {
  credentialReport?: string;
  snapshot?: string;
  output: OutputFormat[];
  outputFile?: string;
  outputDir?: string;
  mutelist?: string;
  sendToSecurityHub?: boolean;
  onlyFailed?: boolean;
  complianceFramework?: string[];
  framework?: string;
  rule?: string[];
  failOn: FailOn;
  setupWindowSeconds: number;
  reportTimeout: number;
  verify: boolean;
  verifyMaxUsers: number;
  /** false with `--no-history`. */
  history: boolean;
  stateDir?: string;
}

/** The region ASFF findings and the Security Hub import use: --region, AWS_REGION, AWS_DEFAULT_REGION, us-east-1. */
function securityHubRegion(options: ScanCommandOptions): string {
  return regionOrDefault(options.region);
}

/**
 * Refuses, before any AWS call, paths that cannot work: an empty path option, an `--output-file` that
 * is a directory or whose directory does not exist, and an `--output-dir` that is a file or `-` (stdout
 * is `--output-file -`'s, never a directory's name).
 * @throws {@link InputError} (exit 2).
 */
function checkOutputPaths(options: ScanCommandOptions): void {
  for (const [option, value] of [
    ["--credential-report", options.credentialReport],
    ["--snapshot", options.snapshot],
    ["--mutelist", options.mutelist],
    ["--output-file", options.outputFile],
    ["--output-dir", options.outputDir],
    ["--state-dir", options.stateDir],
  ] as const) {
    if (value !== undefined && value.trim() === "")
      throw new InputError(`${option} needs a path, not an empty string.`);
  }
  if (options.outputFile !== undefined) {
    if (existsSync(options.outputFile) && statSync(options.outputFile).isDirectory())
      throw new InputError(`--output-file ${options.outputFile} is a directory: give a file path.`);
    requireParentDirectory("--output-file", options.outputFile);
  }
  if (options.outputDir === "-")
    throw new InputError(
      "--output-dir takes a directory, not - (stdout): give a directory path, or leave it out to write one format to stdout.",
    );
  if (options.outputDir !== undefined) {
    // The directory is made (recursively) only after the scan: what of it exists must be a directory.
    requireDirectoryPath(`--output-dir ${options.outputDir}`, options.outputDir);
    refusePseudoFilesystem(options.outputDir, "--output-dir");
  }
}

/** A report file of several formats or --output-dir. */
interface ReportFile {
  readonly format: OutputFormat;
  readonly path: string;
}

/**
 * The report files of several formats or --output-dir: `DIR/cloudpatrol-<account|multi>-<UTC
 * timestamp>.<ext>` each, named after the scan (so known only once it ran); undefined for one format
 * to stdout or --output-file.
 */
function reportFiles(result: ScanResult, options: ScanCommandOptions): ReportFile[] | undefined {
  if (options.output.length <= 1 && options.outputDir === undefined) return undefined;
  const dir = options.outputDir ?? ".";
  return options.output.map((format) => ({ format, path: join(dir, reportFileName(result, format)) }));
}

/**
 * Writes the reports: one format without a directory goes to stdout (or --output-file); several formats,
 * or --output-dir, write the `reports` files (from {@link reportFiles}), every one of them attempted.
 * Resolves false when a report file could not be written (each failure is on stderr already).
 * @throws {@link OutputError} when --output-dir cannot be made or the one output cannot be written.
 */
async function writeOutputs(
  result: ScanReport,
  reports: readonly ReportFile[] | undefined,
  options: ScanCommandOptions,
  log: Logger,
): Promise<boolean> {
  const formats = options.output;
  const renderOptions = (toFile: boolean): RenderOptions => ({
    color: formats.length === 1 && formats[0] === "text" && useColor(toFile),
    region: securityHubRegion(options),
    ...(options.complianceFramework ? { complianceFrameworks: options.complianceFramework } : {}),
    ...(options.framework ? { framework: options.framework } : {}),
  });
  if (reports !== undefined) {
    // --output-file with several formats or --output-dir was refused before the scan (runScan).
    const dir = options.outputDir ?? ".";
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new OutputError(`cannot create --output-dir ${dir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    // Every format is attempted: one that cannot be written (a full disk) is named on its own line and
    // the others are still written, each whole or not at all.
    let allWritten = true;
    for (const { format, path: named } of reports) {
      try {
        await writeReportFile(named, format, renderChunks(result, format, renderOptions(true)), log);
      } catch (error) {
        allWritten = false;
        process.stderr.write(`${errorMessage(error, log.verbosity === "debug")}\n`);
      }
    }
    return allWritten;
  }
  const format = formats[0] ?? "text";
  // Streamed: a report of any size is written piece by piece, never held as one string.
  const chunks = renderChunks(result, format, renderOptions(options.outputFile !== undefined));
  if (options.outputFile) {
    await writeOutputFile(options.outputFile, chunks, "--output-file");
    log.info(`wrote ${options.outputFile}`);
  } else {
    await writeToStdout(chunks);
  }
  return true;
}

/**
 * Writes one --output-dir report: claims a new name for `named` ({@link reservePath}), writes the
 * report's pieces there as they are made, and says so unless quiet; a failed write removes the empty
 * file the name was claimed with.
 * @throws {@link OutputError} naming the file.
 */
async function writeReportFile(
  named: string,
  format: OutputFormat,
  chunks: Iterable<string>,
  log: Logger,
): Promise<void> {
  const path = await reservePath(named);
  try {
    await writeOutputFile(path, chunks, `the ${format} report`);
  } catch (error) {
    await unlink(path).catch(() => undefined); // the empty file reservePath claimed
    throw error;
  } finally {
    markFinished(path);
  }
  if (log.verbosity !== "quiet") process.stderr.write(`wrote ${escapeTerminal(path)}\n`);
}

/** Accounts whose unsent findings are named one per line; the rest are counted. */
const UNSENT_ACCOUNTS_SHOWN = 20;

/**
 * Sends the findings to Security Hub, each account's with that account's credentials (the caller's own
 * account with the caller's; in an `--org`/`--accounts` run every other account through AssumeRole
 * into the run's role, as the scan did); lists rejected findings and accounts not sent on stderr.
 * Resolves true when all went in.
 */
async function importToSecurityHub(
  result: ScanReport,
  options: ScanCommandOptions,
  log: Logger,
): Promise<boolean> {
  const region = securityHubRegion(options);
  let allNamed = true;
  for (const finding of result.findings) if (!/^\d{12}$/.test(finding.accountId)) allNamed = false;
  if (!allNamed)
    throw new InputError(
      "--send-to-security-hub needs the 12-digit account id of every finding; this report names none (use a report whose ARNs carry the account).",
    );
  // Made one at a time as they are sent: a spooled multi-account scan's findings are never all held.
  const findings = asffFindingSequence(result, { region, onlyFailed: options.onlyFailed === true });
  const retryBaseMs = envMilliseconds("CLOUDPATROL_RETRY_BASE_MS");
  const connection = {
    region,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    ...(retryBaseMs !== undefined ? { retryBaseMs } : {}),
  };
  // Loaded on demand: the Security Hub SDK client is only needed for this option.
  const { sendToSecurityHub } = await import("../aws/security-hub.js");
  const members = isMultiAccountCommand(options)
    ? (await import("../aws/member-connections.js")).memberConnections(connection, {
        ...(options.roleName !== undefined ? { roleName: options.roleName } : {}),
        ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
        ...(options.roleSessionName !== undefined ? { sessionName: options.roleSessionName } : {}),
      })
    : undefined;
  const outcome = await sendToSecurityHub(findings, {
    ...connection,
    ...(members ? { connectionFor: (accountId: string) => members.connectionFor(accountId) } : {}),
    onBatch: (done, total) => log.info(`Security Hub: sent ${done} of ${total} findings`),
  }).finally(() => members?.destroy());
  const notSent = outcome.unsent.reduce((sum, account) => sum + account.findings, 0);
  const summary = `Security Hub (${region}): imported ${outcome.succeeded} of ${outcome.sent} findings in ${outcome.calls} BatchImportFindings call${outcome.calls === 1 ? "" : "s"}`;
  if (outcome.failed.length === 0 && notSent === 0) {
    if (log.verbosity !== "quiet") process.stderr.write(`${summary}.\n`);
    return true;
  }
  const problems = [
    ...(outcome.failed.length > 0 ? [`${outcome.failed.length} rejected`] : []),
    ...(notSent > 0
      ? [`${notSent} not sent (${outcome.unsent.length} account${outcome.unsent.length === 1 ? "" : "s"})`]
      : []),
  ];
  process.stderr.write(`${summary}; ${problems.join(", ")}:\n`);
  for (const rejected of outcome.failed) {
    process.stderr.write(
      `  ${escapeTerminal(rejected.id)}: ${escapeTerminal(rejected.errorCode)}: ${escapeTerminal(rejected.errorMessage)}\n`,
    );
  }
  for (const account of outcome.unsent.slice(0, UNSENT_ACCOUNTS_SHOWN)) {
    process.stderr.write(
      `  account ${account.accountId}: ${account.findings} finding${account.findings === 1 ? "" : "s"} not sent: ${escapeTerminal(account.error.message)}${unsentHint(account.error, account.accountId)}\n`,
    );
  }
  if (outcome.unsent.length > UNSENT_ACCOUNTS_SHOWN)
    process.stderr.write(
      `  ... and ${outcome.unsent.length - UNSENT_ACCOUNTS_SHOWN} more accounts not sent\n`,
    );
  return false;
}

/**
 * Why an account's findings may have been refused: Security Hub (default product) imports a finding only
 * from the account it is about.
 */
function unsentHint(error: AwsApiError, accountId: string): string {
  if (error.api !== "securityhub:BatchImportFindings" || error.missingPermission === undefined) return "";
  return ` (Security Hub imports a finding only from the account it is about: the credentials must be account ${accountId}'s and allow securityhub:BatchImportFindings; in an --org or --accounts run, the role assumed in each account needs it too)`;
}

/** Whether to colour the text report: to stdout only, as {@link colorEnabled} reads the environment. */
function useColor(toFile: boolean): boolean {
  return !toFile && colorEnabled(process.stdout);
}

/**
 * `report` with the mutelist applied (see `applyMutelist`): spooled findings get their mutes as they are
 * read, an array is copied. The mutelist code loads only when there is one.
 */
async function applyMutelistTo(report: ScanReport, mutelist: Mutelist | undefined): Promise<ScanReport> {
  if (mutelist === undefined) return report;
  const mute = await import("../engine/mute.js");
  if (!(report.findings instanceof SpooledFindings))
    return mute.applyMutelist(report as ScanResult, mutelist);
  const verdicts = mute.mutelistVerdicts(report, mutelist);
  return {
    ...report,
    findings: report.findings.withMutes(verdicts.mutes),
    summary: verdicts.summary,
    warnings: verdicts.warnings,
  };
}

/** `report` whose findings carry their `firstSeen` (from the history, in the findings' order). */
function withFirstSeen(report: ScanReport, firstSeen: readonly string[]): ScanReport {
  if (report.findings instanceof SpooledFindings)
    return { ...report, findings: report.findings.withFirstSeen(firstSeen) };
  return addFirstSeen(report as ScanResult, firstSeen);
}

/** Runs a scan with the parsed options of `cloudpatrol scan`; resolves to the exit code. */
export async function runScan(options: ScanCommandOptions): Promise<number> {
  const log = createLogger(verbosityOf(options));
  // Also `--output-file -`: standard output is one format's place too.
  if (options.outputFile !== undefined && (options.output.length > 1 || options.outputDir !== undefined))
    throw new InputError(
      "--output-file takes one format; with several formats or --output-dir, use --output-dir.",
    );
  // `-` is standard output, as for --credential-report: no file named "-".
  if (options.outputFile === "-") delete options.outputFile;
  checkOutputPaths(options);
  if (options.snapshot !== undefined && options.credentialReport !== undefined)
    throw new InputError("--snapshot and --credential-report each name what to judge; give one of them.");
  // A file holds one account: refused before anything is read, never "no account left to scan".
  if (isMultiAccountCommand(options) && (options.snapshot ?? options.credentialReport) !== undefined)
    throw new InputError(
      `${options.snapshot !== undefined ? "--snapshot" : "--credential-report"} judges the one account its file holds; drop --org / --accounts, or the file.`,
    );
  if (options.onlyFailed && !options.sendToSecurityHub)
    throw new InputError("--only-failed applies to --send-to-security-hub; add it or drop --only-failed.");
  // Never a report over a file being read: --output-file now, the --output-dir names once the scan ran.
  const inputs = scanInputFiles(options);
  if (options.outputFile !== undefined) refuseOutputFileOverInput(options.outputFile, inputs);
  // Unknown framework or rule ids, and an invalid mutelist, stop the run before any AWS call.
  const selection = selectRules({ framework: options.framework, ruleIds: options.rule });
  // The mutelist code (a YAML parser, RE2) loads only for --mutelist.
  const mutelist =
    options.mutelist !== undefined
      ? await (await import("../engine/mutelist.js")).loadMutelist(options.mutelist)
      : undefined;
  // A damaged or newer-schema history database stops the run here, before any AWS call.
  const historyPath = checkScanHistory(options);
  const multi = isMultiAccountCommand(options);
  // A scan of several accounts keeps its findings on disk, not in memory, from the moment each
  // account finishes: an Organization's findings never have to fit in memory (cli/finding-spool.ts).
  // Made before the progress display, so that an unusable TMPDIR stops the run with nothing drawn.
  const spool = multi ? new FindingSpool() : undefined;
  const progress = multi ? await createAccountProgress(log) : undefined;
  try {
    return await scanAndReport(options, spool, { selection, mutelist, historyPath, inputs, log, progress });
  } finally {
    spool?.close();
  }
}

/** What {@link runScan} prepared before the scan. */
interface Prepared {
  readonly selection: ReturnType<typeof selectRules>;
  readonly mutelist: Mutelist | undefined;
  readonly historyPath: string | undefined;
  readonly inputs: ReturnType<typeof scanInputFiles>;
  readonly log: Logger;
  readonly progress: Awaited<ReturnType<typeof createAccountProgress>> | undefined;
}

/** Scans, mutes, records the history, writes the reports; resolves to the exit code. */
async function scanAndReport(
  options: ScanCommandOptions,
  spool: FindingSpool | undefined,
  { selection, mutelist, historyPath, inputs, log, progress }: Prepared,
): Promise<number> {
  const connection = connectionFrom(options);
  const pollBaseMs = envMilliseconds("CLOUDPATROL_REPORT_POLL_MS");
  // Every option was checked by its parser (and above): the library's options schema is not loaded.
  const scanned = await scanCheckedOptions({
    ...accountScanOptions(options),
    ...(progress ? { onAccount: progress.onAccount } : {}),
    ...(options.credentialReport !== undefined ? { credentialReportPath: options.credentialReport } : {}),
    ...(options.snapshot !== undefined ? { snapshotPath: options.snapshot } : {}),
    connection,
    ...regionsFrom(options),
    reportTimeoutMs: options.reportTimeout * 1000,
    verify: options.verify,
    verifyMaxUsers: options.verifyMaxUsers,
    ...(pollBaseMs !== undefined ? { reportPollBaseMs: pollBaseMs } : {}),
    params: paramsFor(selection.rules, { setupWindowSeconds: options.setupWindowSeconds }),
    rules: selection.rules,
    ...(selection.includeManual && selection.framework ? { manualFramework: selection.framework } : {}),
    onWait: (ms, reason) => log.info(`waiting ${Math.round(ms)} ms for the credential report (${reason})`),
    ...(spool ? { onAccountFindings: ({ index, findings }) => spool.add(index, findings) } : {}),
  }).finally(() => progress?.stop());
  const reports = reportFiles(scanned, options);
  if (reports !== undefined) refuseReportsOverInput(options.outputDir, reports, inputs);
  const muted = await applyMutelistTo(spool ? { ...scanned, findings: spool.findings() } : scanned, mutelist);
  const history = recordScanHistory(historyPath, muted, options, log);
  const result = history.firstSeen ? withFirstSeen(muted, history.firstSeen) : muted;
  for (const warning of result.warnings) log.warn(warning);
  for (const [account, calls] of result.scan.accounts.map((a) => [a.accountId, a.apiCalls] as const)) {
    if (calls) log.info(`account ${account}: AWS API calls ${JSON.stringify(calls)}`);
  }
  // A spooled scan's verdicts are kept in memory: no pass over the file for the exit code.
  const verdicts = result.findings instanceof SpooledFindings ? result.findings.verdicts() : result.findings;
  const code = history.failed ? EXIT.runtimeError : exitCodeFor(verdicts, options.failOn);
  // What the run ends with if a reader closes stdout before the report is written (`| head`: main.ts).
  process.exitCode = code;
  const written = await writeOutputs(result, reports, options, log);
  if (options.sendToSecurityHub && !(await importToSecurityHub(result, options, log)))
    return EXIT.runtimeError;
  return written ? code : EXIT.runtimeError;
}
