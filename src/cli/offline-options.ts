/**
 * `scan --credential-report FILE` and `scan --snapshot FILE` judge a file offline: the options that only
 * shape AWS calls have no effect there and are refused (exit 2), as the CLI refuses other options that
 * apply only with another (`--role-name` without `--org`, `--only-failed` without
 * `--send-to-security-hub`): a user who gave one expects it to matter.
 */
import { InputError } from "../model/errors.js";
import type { ScanCommandOptions } from "./scan-run.js";

/** Option key (as commander stores it) → flag, for options that only shape the AWS calls of a live scan. */
const LIVE_ONLY = [
  ["profile", "--profile"],
  ["endpointUrl", "--endpoint-url"],
  ["regions", "--regions"],
  ["reportTimeout", "--report-timeout"],
  ["verify", "--no-verify"],
  ["verifyMaxUsers", "--verify-max-users"],
] as const;

/**
 * Refuses live-only options given on the command line (`given(key)`: not a default) with a file to judge
 * offline. Kept: `--regions` with `--snapshot` (it narrows the regions judged), `--profile` and
 * `--endpoint-url` with `--send-to-security-hub` (the import calls AWS), `--region` (the ASFF region).
 * @throws {@link InputError} naming every such option in one line.
 */
export function checkOfflineOptions(options: ScanCommandOptions, given: (key: string) => boolean): void {
  const file =
    options.credentialReport !== undefined
      ? "--credential-report"
      : options.snapshot !== undefined
        ? "--snapshot"
        : undefined;
  if (file === undefined) return;
  const useless = LIVE_ONLY.filter(([key]) => {
    if (!given(key)) return false;
    if (key === "regions") return file === "--credential-report";
    if (key === "profile" || key === "endpointUrl") return options.sendToSecurityHub !== true;
    return true;
  }).map(([, flag]) => flag);
  if (useless.length === 0) return;
  const one = useless.length === 1;
  throw new InputError(
    `${useless.join(", ")} ${one ? "has" : "have"} no effect with ${file}, whose file is judged offline without calling AWS: drop ${one ? "it" : "them"}.`,
  );
}
