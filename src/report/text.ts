/**
 * The text report: findings grouped by status (FAIL, ERROR, MANUAL, PASS), one summary line.
 * Colour only when asked (a TTY without NO_COLOR); every value from the account is escaped.
 */
import pc from "picocolors";
import type { Finding, Status } from "../engine/finding.js";
import type { ScanResult } from "../engine/scan.js";
import { reportAgeSentence } from "./common.js";
import { complianceView, renderComplianceText } from "./compliance.js";
import { escapeTerminal } from "./escape.js";
import { frameworkInfo } from "./requirements.js";

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Use ANSI colours. */
  readonly color: boolean;
  /** Also list PASS findings one per line (default true). */
  readonly showPass?: boolean;
  /** With `--framework`: name requirements in this framework and end with its compliance view. */
  readonly framework?: string;
}

const ORDER: readonly Status[] = ["FAIL", "ERROR", "MANUAL", "PASS"];

function requirementRef(finding: Finding, frameworkId: string): string {
  const ids = finding.frameworks[frameworkId];
  return ids && ids.length > 0
    ? `${frameworkInfo(frameworkId).shortName.replace("AWS Foundations ", "")} ${ids.join(", ")}`
    : finding.ruleId;
}

/** Renders a scan result as text for a terminal or a log. Ends with a newline. */
export function renderText(result: ScanResult, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const paint: Record<Status, (text: string) => string> = {
    FAIL: c.red,
    ERROR: c.magenta,
    MANUAL: c.yellow,
    PASS: c.green,
  };
  const lines: string[] = [];
  const accounts = result.scan.accounts.map((account) => escapeTerminal(account.accountId)).join(", ");
  lines.push(
    c.bold(`cloudpatrol scan of account ${accounts}`) +
      ` (${result.scan.source === "aws" ? "live" : "credential report file"}, started ${result.scan.startedAt})`,
  );
  lines.push(`${escapeTerminal(reportAgeSentence(result.scan))}.`);
  for (const warning of result.warnings) lines.push(c.yellow(`warning: ${escapeTerminal(warning)}`));

  for (const status of ORDER) {
    const group = result.findings
      .filter((finding) => finding.status === status)
      .sort((a, b) => a.resourceName.localeCompare(b.resourceName));
    if (group.length === 0) continue;
    lines.push("", paint[status](c.bold(`${status} (${group.length})`)));
    if (status === "PASS" && options.showPass === false) continue;
    for (const finding of group) {
      const muted = finding.muted ? c.dim(" [muted]") : "";
      const severity = status === "PASS" ? "" : ` ${finding.severity}`;
      lines.push(
        `  ${paint[status](status)}${severity}  ${escapeTerminal(finding.resourceName)}  ${c.dim(`[${requirementRef(finding, options.framework ?? "cis_v150")}]`)}${muted}`,
      );
      lines.push(`      ${escapeTerminal(finding.statusExtended)}`);
    }
  }
  if (options.framework) {
    lines.push(
      "",
      renderComplianceText(complianceView(result.findings, options.framework), {
        color: options.color,
      }).trimEnd(),
    );
  }
  const s = result.summary;
  lines.push(
    "",
    `${s.total} finding${s.total === 1 ? "" : "s"}: ${paint.FAIL(`${s.FAIL} FAIL`)}, ${paint.ERROR(`${s.ERROR} ERROR`)}, ${paint.MANUAL(`${s.MANUAL} MANUAL`)}, ${paint.PASS(`${s.PASS} PASS`)}` +
      (s.muted > 0 ? ` (${s.muted} muted)` : ""),
  );
  return `${lines.join("\n")}\n`;
}
