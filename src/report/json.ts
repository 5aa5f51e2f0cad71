/**
 * The JSON report: the {@link ScanReport} document, schema in docs/json-output.md.
 */
import type { ScanReport } from "../engine/result.js";
import { JsonStreamArray, joinChunks, prettyJsonChunks, type ReportChunks } from "./stream.js";

/** The JSON report piece by piece: the findings one at a time (the same text as {@link renderJson}). */
export function* jsonChunks(result: ScanReport): ReportChunks {
  const document: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result))
    document[key] = key === "findings" ? new JsonStreamArray(result.findings) : value;
  yield* prettyJsonChunks(document);
  yield "\n";
}

/** Renders a scan result as pretty-printed JSON, ending with a newline. */
export function renderJson(result: ScanReport): string {
  return joinChunks(jsonChunks(result));
}
