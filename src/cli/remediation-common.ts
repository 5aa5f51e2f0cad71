/**
 * What `remediate`, `undo` and `journal` share: the state database and journal, the clock
 * (`CLOUDPATROL_NOW`), option parsers, and the confirmation prompt (the AWS options: common-options.ts).
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { InvalidArgumentError } from "commander";
import { InputError } from "../model/errors.js";
import { escapeTerminal, quoteExcerpt } from "../model/escape.js";
import { isIamUserName } from "../model/iam-names.js";
import { parseIsoTime } from "../model/time.js";
import { Journal } from "../remediation/journal.js";
import { openStateDatabase, type StateDatabase } from "../store/database.js";
import { DATABASE_FILE, resolveStateDir } from "../store/state-dir.js";
import { envMilliseconds } from "./env.js";
import type { Logger } from "./log.js";
import { requireDirectoryPath } from "./output-files.js";

export { envMilliseconds };

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/**
 * The clock for journal times and the quarantine: real time, or the fixed instant in `CLOUDPATROL_NOW`
 * (ISO 8601) — for tests and rehearsals; a warning says it is in use.
 */
export function clockFromEnv(log: Logger): () => Date {
  const raw = process.env.CLOUDPATROL_NOW;
  if (raw === undefined || raw === "") return () => new Date();
  const parsed = parseIsoTime(raw);
  if (!parsed.ok) {
    throw new InputError(
      `CLOUDPATROL_NOW must be an ISO 8601 time such as 2025-01-02T03:04:05Z, found ${JSON.stringify(raw)}: ${parsed.problem}`,
    );
  }
  const fixed = parsed.date;
  log.warn(
    `CLOUDPATROL_NOW is set: the journal records and the quarantine use ${fixed.toISOString()} as now`,
  );
  return () => new Date(fixed.getTime());
}

/** An open journal and its database. */
export interface OpenJournal {
  readonly journal: Journal;
  readonly db: StateDatabase;
  readonly path: string;
}

/** Opens (creating if needed) the journal in `--state-dir` or the default state directory. */
export function openJournal(stateDir: string | undefined, now: () => Date): OpenJournal {
  const path = stateDatabasePath(stateDir);
  const db = openStateDatabase(path);
  return { journal: new Journal(db, now, version), db, path };
}

/** The `--state-dir` option text. */
export const STATE_DIR_HELP =
  "directory of the state database: remediation journal and scan history (default: $XDG_STATE_HOME/cloudpatrol or ~/.local/state/cloudpatrol)";

/**
 * The state database file in `--state-dir` or the default state directory.
 * @throws {@link InputError} (exit 2) when the state directory is a file (which would otherwise read as
 *   "nothing recorded yet") or lies under one (`afile/sub`, naming the file), like `--output-dir`.
 */
export function stateDatabasePath(stateDir: string | undefined): string {
  const dir = resolveStateDir(stateDir);
  warnRelativeXdgStateHome(stateDir, dir);
  const path = join(dir, DATABASE_FILE);
  requireDirectoryPath(
    stateDir !== undefined ? `--state-dir ${stateDir}` : `the state directory ${dir}`,
    dir,
  );
  return path;
}

/** Whether the relative XDG_STATE_HOME warning was written in this process. */
let warnedRelativeXdg = false;

/**
 * One warning on stderr when the default state directory is used and XDG_STATE_HOME is set but not an
 * absolute path: the XDG Base Directory specification says to ignore it, so the state goes to
 * `~/.local/state/cloudpatrol` — which a user who set it did not expect.
 */
function warnRelativeXdgStateHome(stateDir: string | undefined, dir: string): void {
  const xdg = process.env.XDG_STATE_HOME;
  if (stateDir !== undefined || xdg === undefined || xdg === "" || xdg.startsWith("/") || warnedRelativeXdg)
    return;
  warnedRelativeXdg = true;
  process.stderr.write(
    `warning: XDG_STATE_HOME is not an absolute path (${escapeTerminal(quoteExcerpt(xdg))}): ignored, as the XDG Base Directory specification asks; the state is in ${escapeTerminal(dir)}.\n`,
  );
}

/** Whether only `--yes` can confirm a change: it is not given and stdin is not a terminal to ask on. */
export function needsYes(yes: boolean | undefined): boolean {
  return !yes && process.stdin.isTTY !== true;
}

/**
 * Refuses to go on when nobody can confirm: no `--yes` and stdin is not a terminal.
 * @throws {@link InputError} (exit 2).
 */
export function requireWayToConfirm(yes: boolean | undefined, what: string): void {
  if (needsYes(yes)) {
    throw new InputError(
      `refusing to ${what} without a terminal to confirm on; pass --yes to confirm in advance (CI)`,
    );
  }
}

/**
 * Asks on the terminal (prompt on stderr); true only for the answer `yes` or `y`. The readline module
 * (and the streams under it) loads here, not with every command that shares these helpers (`scan`).
 */
export async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} Type yes to continue: `);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** A whole number option parser (`--max-changes`, ...); `unit` completes the message (" of seconds"). */
export function wholeNumber(name: string, unit = "") {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number))
      throw new InvalidArgumentError(`${name} takes a whole number${unit}, 0 or more.`);
    return number;
  };
}

/** A non-negative number option parser (`--quarantine-days` accepts fractions). */
export function nonNegativeNumber(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number < 0)
      throw new InvalidArgumentError(`${name} takes a number, 0 or more.`);
    return number;
  };
}

/** Appends a repeatable option's value. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Appends a repeatable `--user`/`--exclude-user` value: a name IAM allows, else refused (an empty or
 * misspelt name would silently select nothing). @throws InvalidArgumentError (exit 2).
 */
export function collectUserName(value: string, previous: string[] = []): string[] {
  if (!isIamUserName(value))
    throw new InvalidArgumentError("An IAM user name has 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -.");
  return [...previous, value];
}
