/**
 * Output formats by name.
 */
import type { ScanResult } from "../engine/scan.js";
import { renderJson } from "./json.js";
import { renderText } from "./text.js";

/** The formats `--output` accepts. */
export const OUTPUT_FORMATS = ["text", "json"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Renders `result` in `format`. `color` applies to text only. */
export function render(result: ScanResult, format: OutputFormat, color: boolean): string {
  return format === "json" ? renderJson(result) : renderText(result, { color });
}
