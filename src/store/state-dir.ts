/**
 * Where cloudpatrol keeps its state (the journal and scan history database): `--state-dir`, else
 * `$XDG_STATE_HOME/cloudpatrol`, else `~/.local/state/cloudpatrol` (XDG Base Directory Specification).
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** File name of the state database inside the state directory. */
export const DATABASE_FILE = "cloudpatrol.db";

/**
 * The state directory, as an absolute path. Does not create it.
 * @param explicit - `--state-dir`, when given.
 * @param env - environment to read `XDG_STATE_HOME` from (default `process.env`); a relative
 *   `XDG_STATE_HOME` is ignored, as the XDG specification asks.
 */
export function resolveStateDir(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (explicit !== undefined && explicit !== "") return resolve(explicit);
  const xdg = env.XDG_STATE_HOME;
  if (xdg?.startsWith("/")) return join(xdg, "cloudpatrol");
  return join(home, ".local", "state", "cloudpatrol");
}
