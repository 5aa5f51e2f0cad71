/**
 * Output formats by name, their file extensions, and one {@link render} entry point.
 * Field mappings of every format: docs/output-formats.md.
 */
import type { ScanResult } from "../engine/result.js";
import { renderAsff } from "./asff.js";
import { renderComplianceCsv, renderCsv } from "./csv.js";
import { EXTENSIONS, type OutputFormat } from "./formats.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";
import { renderMarkdown } from "./markdown.js";
import { renderOcsf } from "./ocsf.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";

export { EXTENSIONS, isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from "./formats.js";

/** Options of {@link render}. */
export interface RenderOptions {
  /** ANSI colours in the text format. Default false. */
  readonly color?: boolean;
  /** Security Hub region for ASFF `ProductArn` and `Region`. Default `us-east-1`. */
  readonly region?: string;
  /** Framework ids for compliance-csv; empty or undefined: every framework the findings map to. */
  readonly complianceFrameworks?: readonly string[];
  /** `--framework`: the text format names requirements in it and ends with its compliance view. */
  readonly framework?: string;
}

/**
 * Renders `result` in `format`. The third argument may be a boolean (colour, as before) or
 * {@link RenderOptions}.
 */
export function render(
  result: ScanResult,
  format: OutputFormat,
  options: boolean | RenderOptions = {},
): string {
  const opts: RenderOptions = typeof options === "boolean" ? { color: options } : options;
  switch (format) {
    case "text":
      return renderText(result, {
        color: opts.color ?? false,
        ...(opts.framework ? { framework: opts.framework } : {}),
      });
    case "json":
      return renderJson(result);
    case "ocsf":
      return renderOcsf(result);
    case "asff":
      return renderAsff(result, { region: opts.region ?? "us-east-1" });
    case "csv":
      return renderCsv(result);
    case "compliance-csv":
      return renderComplianceCsv(result, opts.complianceFrameworks);
    case "junit":
      return renderJunit(result);
    case "sarif":
      return renderSarif(result);
    case "md":
      return renderMarkdown(result);
    case "html":
      // The compliance table: the scan's --framework, else --compliance-framework, else CIS v1.5.0.
      return renderHtml(result, {
        ...(opts.framework
          ? { frameworks: [opts.framework] }
          : opts.complianceFrameworks
            ? { frameworks: opts.complianceFrameworks }
            : {}),
      });
  }
}

/**
 * The report file name for one format: `cloudpatrol-<account|multi>-<UTC timestamp>.<ext>`, the
 * timestamp being the scan start as `YYYYMMDDTHHMMSSZ`.
 */
export function reportFileName(result: ScanResult, format: OutputFormat): string {
  const accounts = result.scan.accounts;
  const who = accounts.length === 1 ? (accounts[0]?.accountId ?? "unknown") : "multi";
  const stamp = result.scan.startedAt.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  return `cloudpatrol-${who.replace(/[^A-Za-z0-9_.-]/g, "_")}-${stamp}.${EXTENSIONS[format]}`;
}
