/**
 * Files a write has made and not yet finished: a temporary file before it is renamed over its target
 * ({@link writeWholeFile}), the empty file that claims a report's name until the report replaces it
 * (`reservePath`). The CLI removes them when it is interrupted (SIGINT, SIGTERM, SIGHUP), so that an
 * interrupted run leaves no temporary or empty file behind and every file of the user's as it was.
 */
import { unlinkSync } from "node:fs";

const unfinished = new Set<string>();

/** `path` is being written: remove it if the process is interrupted before {@link markFinished}. */
export function markUnfinished(path: string): void {
  unfinished.add(path);
}

/** `path` is complete (or already removed): an interruption leaves it alone. */
export function markFinished(path: string): void {
  unfinished.delete(path);
}

/**
 * Removes every unfinished file, synchronously (it runs in a signal handler, just before the process
 * ends). A file already gone is no error; nothing is thrown.
 */
export function removeUnfinishedFiles(): void {
  for (const path of unfinished) {
    try {
      unlinkSync(path);
    } catch {
      // Already renamed over its target, or removed: nothing left to clean up.
    }
  }
  unfinished.clear();
}
