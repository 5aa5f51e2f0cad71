#!/usr/bin/env node
/**
 * The `cloudpatrol` command line. Results go to stdout, logs to stderr; exit codes in README.
 */
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { deployCommand } from "./deploy.js";
import { errorMessage, exitCodeForError } from "./exit.js";
import { explainCommand } from "./explain.js";
import { journalCommand } from "./journal.js";
import { remediateCommand } from "./remediate.js";
import { rulesCommand } from "./rules.js";
import { scanCommand } from "./scan.js";
import { undoCommand } from "./undo.js";

const debug = process.argv.includes("--debug");
// The SDK warns on every run under Node 20 about its future Node 22 requirement: noise for a CLI user.
if (!debug) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** Runs the CLI with `argv` (node and script included) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number) => {
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
    )
    .addCommand(
      scanCommand((code) => {
        exitCode = code;
      }),
    )
    .addCommand(explainCommand())
    .addCommand(rulesCommand())
    .addCommand(remediateCommand(setExitCode))
    .addCommand(undoCommand(setExitCode))
    .addCommand(journalCommand())
    .addCommand(deployCommand());
  for (const command of program.commands) command.exitOverride();
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
