#!/usr/bin/env node
/**
 * The `cloudpatrol` command line. Results go to stdout, logs to stderr; exit codes in README.
 */
import { createRequire } from "node:module";
import { Command, CommanderError, Help } from "commander";
import { escapeTerminal, quoteExcerpt } from "../model/escape.js";
import { removeUnfinishedFiles } from "../model/unfinished-files.js";
import { redactUrlUserInfo } from "../model/url-secret.js";
import { errorMessage, exitCodeForError } from "./exit.js";

const debug = process.argv.includes("--debug");
// The bin is a bundle (scripts/bundle-cli.mjs): with --debug, stack traces name src/ files and lines
// through its source maps (for every module loaded from here on: each command's chunks).
if (debug) process.setSourceMapsEnabled(true);
// The SDK warns on every run under Node 20 about its future Node 22 requirement: noise for a CLI user.
if (!debug) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// A reader that stops early (`cloudpatrol scan | head`) closes the pipe: that is not an error, and the
// run ends with the exit code it has set (a scan sets its findings' code before writing its report).
// Any other failure to write stdout (a full disk: `> /dev/full`) is one line and exit 1, no stack.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`cloudpatrol: cannot write to standard output: ${escapeTerminal(error.message)}\n`);
  process.exit(1);
});

// Interrupted (Ctrl-C, kill, a closed terminal): remove the temporary and empty files of unfinished
// writes, then end by the same signal (so the shell sees 130, 143, ...), as Node would have.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
  process.once(signal, () => {
    removeUnfinishedFiles();
    // The progress display of a multi-account scan hides the cursor on a terminal: show it again.
    if (process.stderr.isTTY) process.stderr.write("\u001b[?25h");
    process.kill(process.pid, signal);
  });

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

type SetExitCode = (code: number) => void;

/**
 * Every command, loaded on demand: a run imports only the module of the command it runs (the AWS SDK
 * clients behind some commands are most of the start-up time); `--help` without a command loads all.
 */
const COMMANDS: Readonly<Record<string, (setExitCode: SetExitCode) => Promise<Command>>> = {
  scan: async (set) => (await import("./scan.js")).scanCommand(set),
  collect: async (set) => (await import("./collect.js")).collectCommand(set),
  explain: async () => (await import("./explain.js")).explainCommand(),
  rules: async () => (await import("./rules.js")).rulesCommand(),
  remediate: async (set) => (await import("./remediate.js")).remediateCommand(set),
  undo: async (set) => (await import("./undo.js")).undoCommand(set),
  journal: async () => (await import("./journal.js")).journalCommand(),
  history: async () => (await import("./history.js")).historyCommand(),
  diff: async () => (await import("./diff.js")).diffCommand(),
  deploy: async () => (await import("./deploy.js")).deployCommand(),
};

/**
 * What `cloudpatrol --help` lists for each command (its usage term and description), so that the
 * top-level help and version load no command module. test/cli/startup.test.ts checks it against the
 * commands themselves (`cloudpatrol help` loads them all).
 */
const SUMMARIES: Readonly<Record<string, readonly [term: string, description: string]>> = {
  scan: [
    "scan [options]",
    "Judge an AWS account (or a credential report file) against the CIS AWS Foundations Benchmark. Read-only.",
  ],
  collect: [
    "collect [options]",
    "Read one live account (read-only) and save a snapshot to judge later with scan --snapshot.",
  ],
  explain: [
    "explain [options] <user>",
    "Show one IAM user: console password, MFA, access keys (ids, created, last used), tags, every finding, and the AWS CLI commands to inspect and fix them, prefilled. Read-only.",
  ],
  rules: ["rules", "List and show rules and benchmark requirements; print the scan policy."],
  remediate: [
    "remediate [options]",
    "Deactivate the access keys CIS 1.11 flags (or delete keys deactivated earlier). Shows the plan and changes nothing without --apply.",
  ],
  undo: [
    "undo [options] <run-id>",
    "Reactivate the access keys a remediate run deactivated (those still inactive and existing).",
  ],
  journal: [
    "journal [options]",
    "List the remediation journal: every run and every action on every access key.",
  ],
  history: [
    "history [options]",
    "List the recorded scans, newest first: id, start time, counts per status, scope.",
  ],
  diff: [
    "diff [options]",
    "Compare two recorded scans: findings new, resolved, still failing (with first seen) and changed status.",
  ],
  deploy: ["deploy", "Continuous monitoring inside AWS: CloudFormation template and Lambda package."],
};

/** The command named on the command line (the first word that is not an option), if it is one of ours. */
function requestedCommand(argv: readonly string[]): string | undefined {
  const word = argv.slice(2).find((arg) => !arg.startsWith("-"));
  return word !== undefined && Object.hasOwn(COMMANDS, word) ? word : undefined;
}

/** True when the command line names no command at all (`--help`, `--version`, nothing). */
function namesNoCommand(argv: readonly string[]): boolean {
  return argv.slice(2).every((arg) => arg.startsWith("-"));
}

/**
 * Commander's own errors (unknown option, invalid value, missing argument ...) carry the prefix of ours,
 * `cloudpatrol: `, instead of `error: `. Each command prints its own errors with its own settings, and
 * `addCommand` copies none: this goes on every command of the tree.
 */
/** Printable ASCII but `'` and `\`: a value commander's single quotes show as it is. */
const PLAIN_ARGUMENT = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;

/**
 * Commander echoes an invalid option value as written, whole, in single quotes. A value that is not plain
 * (a character other than printable ASCII, such as a newline in `--email $'a@b.co\nx'` or a U+202E; a
 * quote or backslash, which make the quoting ambiguous) or longer than 120 characters is shown as
 * {@link quoteExcerpt} shows values: JSON-quoted, cut with `…` and its length, on one line. A URL's user
 * info (`--endpoint-url ftp://user:password@host`) is shown as `***@`: a password is never echoed.
 */
function oneLineArgument(message: string): string {
  return message.replace(/argument '([\s\S]*?)' is invalid\./, (whole, written: string) => {
    const value = redactUrlUserInfo(written);
    const quoted = quoteExcerpt(value);
    // Not plain, or cut (quoteExcerpt quoted more than JSON.stringify would).
    if (!PLAIN_ARGUMENT.test(value) || quoted !== JSON.stringify(value))
      return `argument ${quoted} is invalid.`;
    return value === written ? whole : `argument '${value}' is invalid.`;
  });
}

/**
 * commander's message with what the user typed made harmless: each line's control and bidirectional
 * formatting characters as visible escapes (an unknown option `--$'\e[2J'` must not clear the terminal).
 */
function escapedLines(message: string): string {
  return message
    .split("\n")
    .map((line) => escapeTerminal(line))
    .join("\n");
}

function useOurErrorPrefix(command: Command): void {
  command.configureOutput({
    outputError: (message, write) =>
      write(escapedLines(oneLineArgument(message)).replace(/^error: /, "cloudpatrol: ")),
  });
  for (const sub of command.commands) useOurErrorPrefix(sub);
}

/** Runs the CLI with `argv` (node and script included) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode: SetExitCode = (code) => {
    exitCode = code;
  };
  const program = new Command("cloudpatrol")
    .description("Audit AWS accounts against the CIS AWS Foundations Benchmark.")
    .version(version)
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol scan                                      # the account of the default credentials
  cloudpatrol scan --credential-report report.csv       # offline, from a downloaded report
  cloudpatrol scan --help                               # every scan option, exit codes`,
    );
  const requested = requestedCommand(argv);
  if (namesNoCommand(argv)) {
    // Only the list of commands is shown: each as its summary, no command module loaded.
    for (const [name, [, description]] of Object.entries(SUMMARIES))
      program.addCommand(new Command(name).description(description).exitOverride());
    program.configureHelp({
      subcommandTerm: (command) => SUMMARIES[command.name()]?.[0] ?? new Help().subcommandTerm(command),
    });
  } else {
    const names = requested ? [requested] : Object.keys(COMMANDS);
    for (const name of names) {
      const load = COMMANDS[name] as (typeof COMMANDS)[string];
      program.addCommand((await load(setExitCode)).exitOverride());
    }
  }
  useOurErrorPrefix(program);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeForError(error);
    process.stderr.write(`${errorMessage(error, debug)}\n`);
    return exitCodeForError(error);
  }
}

process.exitCode = await main(process.argv);
