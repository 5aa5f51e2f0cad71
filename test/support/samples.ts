/**
 * Access to the public AWS data recordings in ../shared/samples (never copied into this repo).
 * Where that folder is absent (outside this workplace), sample tests skip with a one-line reason.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** Absolute path of the shared samples folder. */
export const SAMPLES_DIR = resolve(import.meta.dirname, "../../../shared/samples");

/** True when the shared samples are present. */
export const HAVE_SAMPLES = existsSync(SAMPLES_DIR);

/** Why sample tests are skipped, for `describe.skipIf(...)` titles. */
export const SAMPLES_SKIP_REASON = `skipped: ${SAMPLES_DIR} is absent (public AWS recordings live outside the repo)`;

/** Path of a sample file. */
export function samplePath(...parts: string[]): string {
  return join(SAMPLES_DIR, ...parts);
}

// The skipped tests' titles carry the reason, but the default reporter hides skipped titles: say it once.
if (!HAVE_SAMPLES) console.warn(SAMPLES_SKIP_REASON);
