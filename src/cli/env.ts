/**
 * Environment knobs the CLI reads besides the AWS SDK's own variables.
 */
import { InputError } from "../model/errors.js";

/**
 * Milliseconds from an environment variable (`CLOUDPATROL_RETRY_BASE_MS`, `CLOUDPATROL_REPORT_POLL_MS`:
 * tests and impatient users); undefined when unset or empty.
 * @throws {@link InputError} when set to anything but a non-negative number.
 */
export function envMilliseconds(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(`${name} must be a number of milliseconds, found ${JSON.stringify(raw)}`);
  }
  return value;
}
