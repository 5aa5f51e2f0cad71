/**
 * Where cloudpatrol keeps its state (the journal and scan history database): `--state-dir`, else
 * `$XDG_STATE_HOME/cloudpatrol`, else `~/.local/state/cloudpatrol` (XDG Base Directory Specification).
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { InputError } from "../model/errors.js";
import { refusePseudoFilesystem, refuseRootDirectory } from "../model/input-file.js";

/** File name of the state database inside the state directory. */
export const DATABASE_FILE = "cloudpatrol.db";

/**
 * The state directory, as an absolute path. Does not create it.
 * @throws {@link InputError} (exit 2) for an empty `--state-dir` or `-` (as `--output-dir -` is refused),
 *   a directory on the kernel's /proc or /sys file systems, where creating it would never return, or in
 *   /dev (device files), or the root directory `/` itself (a `/cloudpatrol.db` is surely a mistake).
 * @param explicit - `--state-dir`, when given.
 * @param env - environment to read `XDG_STATE_HOME` from (default `process.env`); a relative
 *   `XDG_STATE_HOME` is ignored, as the XDG specification asks.
 */
export function resolveStateDir(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (explicit !== undefined && explicit.trim() === "")
    throw new InputError("--state-dir needs a path, not an empty string.");
  // `-` is stdin or stdout for the file options; as a directory it would make one named "-".
  if (explicit === "-")
    throw new InputError(
      "--state-dir takes a directory, not - (stdin or stdout for the file options): give a directory path (./- for one named -), or leave it out for the default state directory.",
    );
  if (explicit !== undefined) {
    refusePseudoFilesystem(explicit, "--state-dir");
    refuseRootDirectory(explicit, "--state-dir", DATABASE_FILE);
    return resolve(explicit);
  }
  const xdg = env.XDG_STATE_HOME;
  const dir = xdg?.startsWith("/") ? join(xdg, "cloudpatrol") : join(home, ".local", "state", "cloudpatrol");
  refusePseudoFilesystem(dir, "the state directory");
  return dir;
}
