/**
 * Output formats by name, their file extensions, and one {@link render} entry point.
 * Field mappings of every format: docs/output-formats.md.
 */
import type { ScanReport } from "../engine/result.js";
import { asffChunks } from "./asff.js";
import { complianceCsvChunks, csvReportChunks } from "./csv.js";
import { EXTENSIONS, type OutputFormat } from "./formats.js";
import { htmlChunks } from "./html.js";
import { jsonChunks } from "./json.js";
import { junitChunks } from "./junit.js";
import { markdownChunks } from "./markdown.js";
import { ocsfChunks } from "./ocsf.js";
import { sarifChunks } from "./sarif.js";
import { joinChunks, type ReportChunks } from "./stream.js";
import { textChunks } from "./text.js";

export { EXTENSIONS, isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from "./formats.js";

/** Options of {@link render}. */
export interface RenderOptions {
  /** ANSI colours in the text format. Default false. */
  readonly color?: boolean;
  /** Security Hub region for ASFF `ProductArn` and `Region`. Default `us-east-1`. */
  readonly region?: string;
  /**
   * Framework ids for compliance-csv; undefined: the {@link framework}, else (and for an empty list)
   * every framework the findings map to.
   */
  readonly complianceFrameworks?: readonly string[];
  /**
   * `--framework`: the text, Markdown and HTML formats name requirements in it (text ends with its
   * compliance view); compliance-csv lists only it unless {@link complianceFrameworks} says otherwise.
   */
  readonly framework?: string;
}

/**
 * Renders `result` in `format`. The third argument may be a boolean (colour, as before) or
 * {@link RenderOptions}.
 */
export function render(
  result: ScanReport,
  format: OutputFormat,
  options: boolean | RenderOptions = {},
): string {
  return joinChunks(renderChunks(result, format, options));
}

/**
 * {@link render}'s text piece by piece, for writing a report of any size without holding it: the
 * pieces joined are exactly what `render` returns.
 */
export function renderChunks(
  result: ScanReport,
  format: OutputFormat,
  options: boolean | RenderOptions = {},
): ReportChunks {
  const opts: RenderOptions = typeof options === "boolean" ? { color: options } : options;
  switch (format) {
    case "text":
      return textChunks(result, {
        color: opts.color ?? false,
        ...(opts.framework ? { framework: opts.framework } : {}),
      });
    case "json":
      return jsonChunks(result);
    case "ocsf":
      return ocsfChunks(result);
    case "asff":
      return asffChunks(result, { region: opts.region ?? "us-east-1" });
    case "csv":
      return csvReportChunks(result);
    case "compliance-csv":
      // --compliance-framework, else the scan's --framework, else every framework the findings map to.
      return complianceCsvChunks(
        result,
        opts.complianceFrameworks ?? (opts.framework ? [opts.framework] : undefined),
      );
    case "junit":
      return junitChunks(result);
    case "sarif":
      return sarifChunks(result);
    case "md":
      return markdownChunks(result, opts.framework ? { framework: opts.framework } : {});
    case "html":
      // The compliance table: the scan's --framework, else --compliance-framework, else CIS v1.5.0.
      return htmlChunks(result, {
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
export function reportFileName(result: ScanReport, format: OutputFormat): string {
  const accounts = result.scan.accounts;
  const who = accounts.length === 1 ? (accounts[0]?.accountId ?? "unknown") : "multi";
  const stamp = result.scan.startedAt.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  return `cloudpatrol-${who.replace(/[^A-Za-z0-9_.-]/g, "_")}-${stamp}.${EXTENSIONS[format]}`;
}
