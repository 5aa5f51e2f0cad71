/**
 * Writing report files safely: a regular file is replaced whole, `--output-dir` names are claimed
 * without overwriting, and paths are checked before a scan spends any AWS call.
 */
import { existsSync, statSync } from "node:fs";
import { open, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { InputError, OutputError } from "../model/errors.js";

/**
 * A file system error's reason without the syscall and path Node appends (`ENOENT: no such file or
 * directory`): the path may be a temporary name, and the message names the real one once.
 */
export function fsErrorReason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/, \w+ '[^']*'$/, "");
}

/**
 * Refuses `path` for `option` when its directory does not exist, before anything is done.
 * @throws {@link InputError} (exit 2).
 */
export function requireParentDirectory(option: string, path: string): void {
  const parent = dirname(resolve(path));
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new InputError(`${option} ${path}: the directory ${parent} does not exist.`);
}

/** Writes one output file; `what` names it in the error (`--output-file`, `the json report`). @throws {@link OutputError}. */
export async function writeOutputFile(path: string, text: string, what: string): Promise<void> {
  try {
    // A regular file is replaced whole (written aside, then renamed), so a failed write (disk full)
    // leaves the previous report as it was; a device or pipe (/dev/stdout) is written in place.
    const existing = await stat(path).catch(() => undefined);
    if (existing && !existing.isFile()) await writeFile(path, text);
    else await writeFileAtomic(path, text);
  } catch (error) {
    throw new OutputError(`cannot write ${what} ${path}: ${fsErrorReason(error)}`, { cause: error });
  }
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
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw new OutputError(`cannot write ${path}: ${fsErrorReason(error)}`, { cause: error });
    }
  }
  throw new OutputError(`cannot write ${path}: 100 reports of that name exist already`);
}
