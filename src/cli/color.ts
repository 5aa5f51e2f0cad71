/**
 * Whether output to a stream is coloured, as the conventions of https://no-color.org and
 * https://force-color.org read the environment:
 * - `NO_COLOR` present and not empty: never;
 * - `FORCE_COLOR` present: `0` or `false` never, anything else always;
 * - `TERM=dumb`: never (a terminal without escape sequences);
 * - else only on a terminal.
 */
export function colorEnabled(
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if ((env.NO_COLOR ?? "") !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !["0", "false"].includes(force.trim().toLowerCase());
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}
