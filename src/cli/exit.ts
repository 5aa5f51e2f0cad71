/**
 * The one place where errors become exit codes and messages. No stack trace unless `--debug`.
 */
import { CommanderError } from "commander";
import { EXIT } from "../engine/summary.js";
import { CloudPatrolError, InputError } from "../model/errors.js";
import { escapeTerminal } from "../model/escape.js";
import { StateStoreError } from "../store/errors.js";

/** The exit code for an error that ended a command: 2 for bad input or usage, 1 for everything else. */
export function exitCodeForError(error: unknown): number {
  if (error instanceof InputError) return EXIT.usageError;
  // Another program's database where ours should be: a wrong --state-dir, like a wrong input file.
  if (error instanceof StateStoreError && error.kind === "foreign") return EXIT.usageError;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usageError;
  return EXIT.runtimeError;
}

/** The message printed for an error: one line, plus the stack and causes with `debug`. */
export function errorMessage(error: unknown, debug: boolean): string {
  // Messages quote file names and file content: control characters must not reach the terminal raw.
  const summary = escapeTerminal(error instanceof Error ? error.message : String(error));
  const known = error instanceof CloudPatrolError;
  if (!debug) return `cloudpatrol: ${summary}${known ? "" : " (run with --debug for details)"}`;
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push("caused by:");
  }
  // The stack repeats the message, which quotes file names and content: escaped line by line too.
  const lines = parts.join("\n").split("\n").map(escapeTerminal);
  return `cloudpatrol: ${summary}\n${lines.join("\n")}`;
}
