/**
 * Markdown: summary and failing findings, for `$GITHUB_STEP_SUMMARY` or a pull-request comment. Account
 * data is escaped so it cannot add markup, links, HTML or @mentions.
 */

import type { ScanReport } from "../engine/result.js";
import { DEFAULT_FRAMEWORK } from "../frameworks/index.js";
import { showBidi } from "../model/escape.js";
import { type Finding, SEVERITIES, type Status } from "../model/finding.js";
import { humanDuration } from "../model/time.js";
import {
  countFindings,
  filtered,
  findingsAt,
  requirementsOf,
  sortedPositions,
  sourceLabel,
} from "./common.js";
import { frameworkInfo } from "./requirements.js";
import { joinChunks, lineChunks, type ReportChunks } from "./stream.js";

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /**
   * The framework whose requirement numbers the tables name (`cis_v300`: `CIS v3.0.0 1.4`); a finding
   * the framework does not map is named by its rule id. Default: CIS v1.5.0 (`cis_v150`).
   */
  readonly framework?: string;
}

/**
 * Escapes text for a GitHub-flavoured Markdown table cell: HTML specials become entities, Markdown
 * punctuation is backslash-escaped, `@` cannot mention anyone, URLs do not become links, line
 * breaks (U+2028/9 too) and C0 controls become spaces, and C1 controls and invisible characters
 * become `[U+009B]` text ({@link showBidi}).
 */
export function escapeMarkdown(text: string): string {
  return (
    // Line breaks first (a table row is one line), then C1 controls and invisible characters as text.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters become spaces
    showBidi(text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " "))
      .replace(/[\\`*_[\]#!|~]/g, (char) => `\\${char}`)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/@/g, "&#64;")
      // GitHub turns bare URLs and www. names into links: break them.
      .replace(/:\/\//g, "\\://")
      .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}\\.`)
  );
}

const ICON: Record<Status, string> = { FAIL: "❌", ERROR: "⚠️", MANUAL: "✋", PASS: "✅" };

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** `CIS v3.0.0` for `cis_v300`: how a requirement's framework is named in a table cell. */
function frameworkLabel(framework: string): string {
  return frameworkInfo(framework).shortName.replace("AWS Foundations ", "");
}

function requirements(finding: Finding, framework: string): string {
  const label = frameworkLabel(framework);
  return escapeMarkdown(
    requirementsOf(finding)
      .filter((ref) => ref.framework === framework)
      .map((ref) => `${label} ${ref.requirement}`)
      .join(", ") || finding.ruleId,
  );
}

/**
 * A table of findings; with `multi` (a scan of several accounts) an Account column before the resource,
 * as the same user or bucket name can be in several accounts.
 */
function* findingTable(
  findings: Iterable<Finding>,
  multi: boolean,
  framework: string,
  extra?: (finding: Finding) => string,
): Generator<string> {
  const header = [
    "Status",
    "Severity",
    ...(multi ? ["Account"] : []),
    "Resource",
    "Requirement",
    "Details",
    ...(extra ? ["Muted"] : []),
  ];
  yield row(header);
  yield row(header.map(() => "---"));
  for (const finding of findings)
    yield row([
      `${ICON[finding.status]} ${finding.status}`,
      finding.severity,
      ...(multi ? [escapeMarkdown(finding.accountId)] : []),
      escapeMarkdown(finding.resourceName),
      requirements(finding, framework),
      escapeMarkdown(finding.statusExtended),
      ...(extra ? [extra(finding)] : []),
    ]);
}

/** The Markdown report's lines. */
function* markdownLines(result: ScanReport, options: MarkdownOptions): Generator<string> {
  const multi = result.scan.accounts.length > 1;
  const framework = options.framework ?? DEFAULT_FRAMEWORK;
  const s = result.summary;
  const accounts = result.scan.accounts.map((account) => escapeMarkdown(account.accountId)).join(", ");
  const age = result.scan.credentialReportAgeSeconds;
  yield* [
    `## cloudpatrol: CIS AWS Foundations scan of ${accounts}`,
    "",
    `Scan started ${result.scan.startedAt} (${sourceLabel(result.scan)}).` +
      (result.scan.credentialReportGeneratedAt
        ? ` Credential report generated ${escapeMarkdown(result.scan.credentialReportGeneratedAt)}${age !== null && age > 0 ? `, ${humanDuration(age)} before the scan` : ""}.`
        : ""),
    "",
    row(["FAIL", "ERROR", "MANUAL", "PASS", "muted", "total"]),
    row(["---:", "---:", "---:", "---:", "---:", "---:"]),
    row([s.FAIL, s.ERROR, s.MANUAL, s.PASS, s.muted, s.total].map(String)),
  ];
  const isFailing = (finding: Finding) =>
    !finding.muted && (finding.status === "FAIL" || finding.status === "ERROR");
  const severityCounts = new Map<string, number>();
  for (const finding of result.findings)
    if (isFailing(finding))
      severityCounts.set(finding.severity, (severityCounts.get(finding.severity) ?? 0) + 1);
  const bySeverity = SEVERITIES.map(
    (severity) => [severity, severityCounts.get(severity) ?? 0] as const,
  ).filter(([, count]) => count > 0);
  if (bySeverity.length > 0) {
    yield* [
      "",
      `Unmuted FAIL and ERROR by severity: ${bySeverity.map(([severity, count]) => `${count} ${severity}`).join(", ")}.`,
    ];
  }
  const order: Status[] = ["FAIL", "ERROR"];
  const failing = sortedPositions(
    result.findings,
    isFailing,
    (finding) => ({
      status: order.indexOf(finding.status),
      severity: SEVERITIES.indexOf(finding.severity),
      resourceName: finding.resourceName,
    }),
    (a, b) => a.status - b.status || a.severity - b.severity || a.resourceName.localeCompare(b.resourceName),
  );
  yield* ["", `### Failing findings (${failing.length})`, ""];
  if (failing.length > 0) yield* findingTable(findingsAt(result.findings, failing), multi, framework);
  else yield "No unmuted FAIL or ERROR finding.";
  const isManual = (finding: Finding) => !finding.muted && finding.status === "MANUAL";
  const manual = countFindings(result.findings, isManual);
  if (manual > 0) {
    yield* ["", `### To check by hand (${manual})`, ""];
    yield* findingTable(filtered(result.findings, isManual), multi, framework);
  }
  const isMuted = (finding: Finding) => finding.muted;
  const muted = countFindings(result.findings, isMuted);
  if (muted > 0) {
    yield* ["", `### Muted (${muted})`, ""];
    yield* findingTable(filtered(result.findings, isMuted), multi, framework, (finding) =>
      escapeMarkdown(
        `${finding.mute?.reason ?? ""}${finding.mute?.expires ? ` (until ${finding.mute.expires})` : ""}`,
      ),
    );
  }
  if (result.warnings.length > 0) {
    yield* ["", "### Warnings", "", ...result.warnings.map((warning) => `- ${escapeMarkdown(warning)}`)];
  }
}

/** The Markdown report piece by piece (the same text as {@link renderMarkdown}). */
export function markdownChunks(result: ScanReport, options: MarkdownOptions = {}): ReportChunks {
  return lineChunks(markdownLines(result, options));
}

/**
 * Renders the scan summary and failing findings as Markdown, ending with a newline; requirements are
 * named in `options.framework` (default CIS v1.5.0).
 */
export function renderMarkdown(result: ScanReport, options: MarkdownOptions = {}): string {
  return joinChunks(markdownChunks(result, options));
}
