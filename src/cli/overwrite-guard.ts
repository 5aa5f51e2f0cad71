/**
 * `scan` never writes a report over a file it reads: `--output-file` and the `--output-dir` reports are
 * compared with the `--credential-report`, `--snapshot` and `--mutelist` files and the state database,
 * following symlinks and hard links, and a match is a usage error (exit 2) before anything is written.
 */
import { realpathSync, type Stats, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../model/errors.js";
import { DATABASE_FILE, resolveStateDir } from "../store/state-dir.js";
import { requireParentDirectory } from "./output-files.js";

/** A file the command reads, and the option that names it. */
export interface InputFile {
  /** `--credential-report`, `--snapshot`, `--mutelist`. */
  readonly option: string;
  /** As given on the command line. */
  readonly path: string;
}

/**
 * The files `scan` reads, with their options; stdin (`--credential-report -`) as `/dev/stdin`, which
 * names the file the shell redirected to it (`< report.csv`), if any (a pipe or terminal matches no output
 * file; where `/dev/stdin` does not exist it matches none either). The state
 * database (history and remediation journal, with SQLite's `-wal`, `-shm` and `-journal` files) counts too, with
 * or without `--no-history`: overwriting it would lose what `undo` needs.
 */
export function scanInputFiles(options: {
  credentialReport?: string;
  snapshot?: string;
  mutelist?: string;
  stateDir?: string;
}): InputFile[] {
  const inputs = stateDatabaseFiles(options.stateDir);
  if (options.credentialReport !== undefined)
    inputs.push({
      option: "--credential-report",
      path: options.credentialReport === "-" ? "/dev/stdin" : options.credentialReport,
    });
  if (options.snapshot !== undefined) inputs.push({ option: "--snapshot", path: options.snapshot });
  if (options.mutelist !== undefined) inputs.push({ option: "--mutelist", path: options.mutelist });
  return inputs;
}

const STATE_DATABASE = "state database (--state-dir)";

/** The state database and SQLite's `-wal`, `-shm` and `-journal` files beside it. */
export function stateDatabaseFiles(stateDir?: string): InputFile[] {
  const database = join(resolveStateDir(stateDir), DATABASE_FILE);
  return ["", "-wal", "-shm", "-journal"].map((suffix) => ({
    option: STATE_DATABASE,
    path: `${database}${suffix}`,
  }));
}

/**
 * The one check of an output file path, for every command (`scan --output-file`, `collect --out`,
 * `deploy template --output-file`, `deploy package --output`), before any work: not empty, not a
 * directory, in a directory that exists, and not a file the command reads nor the state database.
 * @throws {@link InputError} (exit 2).
 */
export function checkOutputPath(
  option: string,
  path: string,
  inputs: readonly InputFile[] = stateDatabaseFiles(),
): void {
  if (path.trim() === "") throw new InputError(`${option} needs a file path.`);
  if (statOf(path)?.isDirectory())
    throw new InputError(`${option} ${path} is a directory: give a file path.`);
  requireParentDirectory(option, path);
  const input = inputAt(path, inputs);
  if (input?.option === STATE_DATABASE)
    throw new InputError(
      `${option} ${path} is the state database (history and remediation journal) ${input.path}: refusing to overwrite it; choose another ${option}.`,
    );
  if (input)
    throw new InputError(
      `${option} ${path} is the ${input.option} file ${input.path}: refusing to overwrite a file the command reads; choose another ${option}.`,
    );
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function realpathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Whether writing `output` would write `input`: the same absolute path, or — both existing — the same
 * real path (a symlink on either side) or the same device and inode (a hard link).
 */
export function isSameFile(output: string, input: string): boolean {
  if (resolve(output) === resolve(input)) return true;
  const [outputStat, inputStat] = [statOf(output), statOf(input)];
  if (outputStat === undefined || inputStat === undefined) return false;
  if (outputStat.ino !== 0 && outputStat.dev === inputStat.dev && outputStat.ino === inputStat.ino)
    return true;
  const real = realpathOf(output);
  return real !== undefined && real === realpathOf(input);
}

/** The input `output` would overwrite, if any. */
export function inputAt(output: string, inputs: readonly InputFile[]): InputFile | undefined {
  return inputs.find((input) => isSameFile(output, input.path));
}

/**
 * Refuses an `--output-file` that is one of the inputs.
 * @throws {@link InputError} (exit 2) naming both options and files.
 */
export function refuseOutputFileOverInput(outputFile: string, inputs: readonly InputFile[]): void {
  const input = inputAt(outputFile, inputs);
  if (input) {
    throw new InputError(
      `--output-file ${outputFile} is the ${input.option} file ${input.path}: refusing to overwrite a file scan reads; choose another --output-file.`,
    );
  }
}

/**
 * Refuses `--output-dir` reports of which one is one of the inputs. `dir` is undefined when several
 * formats go to the default directory.
 * @throws {@link InputError} (exit 2) naming both options and files.
 */
export function refuseReportsOverInput(
  dir: string | undefined,
  reports: readonly { readonly format: string; readonly path: string }[],
  inputs: readonly InputFile[],
): void {
  for (const report of reports) {
    const input = inputAt(report.path, inputs);
    if (input) {
      const where =
        dir === undefined ? "--output-dir . (the default with several formats)" : `--output-dir ${dir}`;
      throw new InputError(
        `${where}: the ${report.format} report ${report.path} is the ${input.option} file ${input.path}: refusing to overwrite a file scan reads; choose another --output-dir.`,
      );
    }
  }
}
