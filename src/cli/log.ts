/**
 * Logs and progress for the CLI: always to stderr, so stdout carries only results.
 */
import { escapeTerminal } from "../model/escape.js";

/** How chatty the CLI is. */
export type Verbosity = "quiet" | "normal" | "verbose" | "debug";

/** A stderr logger. */
export interface Logger {
  readonly verbosity: Verbosity;
  /** Warnings: shown unless `--quiet`. */
  warn(message: string): void;
  /** Progress and details: shown with `--verbose` or `--debug`. */
  info(message: string): void;
  /** Internals: shown with `--debug` only. */
  debug(message: string): void;
}

/**
 * A logger writing to `stream` (default stderr) at the given verbosity. `process.stderr` is first
 * touched when a message is written: opening it costs a few milliseconds of a run that logs nothing.
 */
export function createLogger(verbosity: Verbosity, stream?: NodeJS.WritableStream): Logger {
  const level = { quiet: 0, normal: 1, verbose: 2, debug: 3 }[verbosity];
  // Messages quote account data (user names, mutelist entries): never let it reach the terminal raw.
  const write = (minimum: number, prefix: string, message: string) => {
    if (level >= minimum) (stream ?? process.stderr).write(`${prefix}${escapeTerminal(message)}\n`);
  };
  return {
    verbosity,
    warn: (message) => write(1, "warning: ", message),
    info: (message) => write(2, "", message),
    debug: (message) => write(3, "debug: ", message),
  };
}

/** Reads `--quiet`, `--verbose`, `--debug` into one verbosity. */
export function verbosityOf(options: { quiet?: boolean; verbose?: boolean; debug?: boolean }): Verbosity {
  if (options.debug) return "debug";
  if (options.verbose) return "verbose";
  if (options.quiet) return "quiet";
  return "normal";
}
