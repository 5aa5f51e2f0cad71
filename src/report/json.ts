/**
 * The JSON report: the {@link ScanResult} document, schema in docs/json-output.md.
 */
import type { ScanResult } from "../engine/result.js";

/** Renders a scan result as pretty-printed JSON, ending with a newline. */
export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
