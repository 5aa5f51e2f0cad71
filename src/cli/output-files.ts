/**
 * Writing report files safely: a regular file is replaced whole, `--output-dir` names are claimed
 * without overwriting, and paths are checked before a scan spends any AWS call.
 */
import { once } from "node:events";
import { existsSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { InputError, OutputError } from "../model/errors.js";
import { refusePseudoFilesystem } from "../model/input-file.js";
import { markUnfinished } from "../model/unfinished-files.js";
import { fsErrorReason, writeWholeFile } from "../model/write-file.js";

export { fsErrorReason };

/**
 * Refuses `path` for `option` when it lies on the kernel's /proc or /sys file systems, or its
 * directory does not exist or is not a directory, before anything is done.
 * @throws {@link InputError} (exit 2).
 */
export function requireParentDirectory(option: string, path: string): void {
  refusePseudoFilesystem(path, option, "file");
  const parent = dirname(resolve(path));
  if (!existsSync(parent)) throw new InputError(`${option} ${path}: the directory ${parent} does not exist.`);
  if (!statSync(parent).isDirectory())
    throw new InputError(`${option} ${path}: ${parent} is a file, not a directory.`);
}

/** The longest leading part of `path` (resolved) that exists: where a recursive mkdir would start. */
function existingPart(path: string): string {
  let dir = resolve(path);
  while (!existsSync(dir) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}

/**
 * Refuses a directory that is made (recursively) later (`--output-dir`, the state directory) when
 * what of it exists is not a directory: `path` itself, or a file it lies under (`afile/sub`).
 * @param named - the directory as the message names it (`--output-dir reports`).
 * @throws {@link InputError} (exit 2) naming the file.
 */
export function requireDirectoryPath(named: string, path: string): void {
  const existing = existingPart(path);
  if (!statSync(existing).isDirectory())
    throw new InputError(
      existing === resolve(path)
        ? `${named} is not a directory.`
        : `${named}: ${existing} is a file, not a directory.`,
    );
}

/**
 * Writes one output file whole or not at all ({@link writeWholeFile}): the text, or a report's pieces
 * as they are made (never held whole); `what` names it in the error (`--output-file`, `the json
 * report`). @throws {@link OutputError}.
 */
export async function writeOutputFile(
  path: string,
  text: string | Iterable<string>,
  what: string,
): Promise<void> {
  await writeWholeFile(path, text, what);
}

/**
 * Writes a report's pieces to standard output as they are made, waiting whenever the reader is
 * behind (so a slow pipe never makes the report pile up in memory).
 */
export async function writeToStdout(chunks: Iterable<string>): Promise<void> {
  let text = "";
  const flush = async () => {
    if (!process.stdout.write(text)) await once(process.stdout, "drain");
    text = "";
  };
  for (const chunk of chunks) {
    text += chunk;
    if (text.length >= 1 << 16) await flush();
  }
  if (text !== "") await flush();
}

/**
 * Claims a new file for an --output-dir report: `path` itself, or when a file of that name exists
 * (another scan of the same account in the same second) `<name>-2.<ext>`, `-3`, ... Created empty with
 * O_EXCL, so two concurrent scans never pick the same name and no earlier report is overwritten.
 * @throws {@link OutputError} when no name can be claimed.
 */
export async function reservePath(path: string): Promise<string> {
  const dot = path.lastIndexOf(".");
  for (let attempt = 1; attempt <= 100; attempt++) {
    const candidate = attempt === 1 ? path : `${path.slice(0, dot)}-${attempt}${path.slice(dot)}`;
    try {
      await (await open(candidate, "wx")).close();
      // Empty until the report replaces it: removed if the run is interrupted before (markFinished).
      markUnfinished(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw new OutputError(`cannot write ${path}: ${fsErrorReason(error)}`, { cause: error });
    }
  }
  throw new OutputError(`cannot write ${path}: 100 reports of that name exist already`);
}
