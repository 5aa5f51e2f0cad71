/**
 * The text report: findings grouped by status (FAIL, ERROR, MANUAL, PASS), one summary line.
 * Colour only when asked (a TTY without NO_COLOR); every value from the account is escaped.
 */
import pc from "picocolors";
import type { Finding, Status } from "../engine/finding.js";
import type { ScanResult } from "../engine/scan.js";
import { humanDuration } from "../engine/time.js";
import { escapeTerminal } from "./escape.js";

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Use ANSI colours. */
  readonly color: boolean;
  /** Also list PASS findings one per line (default true). */
  readonly showPass?: boolean;
}

const ORDER: readonly Status[] = ["FAIL", "ERROR", "MANUAL", "PASS"];

function requirementRef(finding: Finding): string {
  const cis = finding.frameworks.cis_v150;
  return cis && cis.length > 0 ? `CIS v1.5.0 ${cis.join(", ")}` : finding.ruleId;
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
  const generated = result.scan.credentialReportGeneratedAt;
  const age = result.scan.credentialReportAgeSeconds;
  lines.push(
    c.bold(`cloudpatrol scan of account ${accounts}`) +
      ` (${result.scan.source === "aws" ? "live" : "credential report file"}, started ${result.scan.startedAt})`,
  );
  lines.push(
    generated
      ? `Credential report generated ${generated}${age !== null && age > 0 ? `, ${humanDuration(age)} before the scan` : ""}.`
      : "Credential report generation time unknown (a bare CSV file carries none).",
  );
  for (const warning of result.warnings) lines.push(c.yellow(`warning: ${escapeTerminal(warning)}`));

  for (const status of ORDER) {
    const group = result.findings
      .filter((finding) => finding.status === status)
      .sort((a, b) => a.resourceName.localeCompare(b.resourceName) || a.uid.localeCompare(b.uid));
    if (group.length === 0) continue;
    lines.push("", paint[status](c.bold(`${status} (${group.length})`)));
    if (status === "PASS" && options.showPass === false) continue;
    for (const finding of group) {
      const muted = finding.muted ? c.dim(" [muted]") : "";
      const severity = status === "PASS" ? "" : ` ${finding.severity}`;
      lines.push(
        `  ${paint[status](status)}${severity}  ${escapeTerminal(finding.resourceName)}  ${c.dim(`[${requirementRef(finding)}]`)}${muted}`,
      );
      lines.push(`      ${escapeTerminal(finding.statusExtended)}`);
    }
  }
  const s = result.summary;
  lines.push(
    "",
    `${s.total} findings: ${paint.FAIL(`${s.FAIL} FAIL`)}, ${paint.ERROR(`${s.ERROR} ERROR`)}, ${paint.MANUAL(`${s.MANUAL} MANUAL`)}, ${paint.PASS(`${s.PASS} PASS`)}` +
      (s.muted > 0 ? ` (${s.muted} muted)` : ""),
  );
  return `${lines.join("\n")}\n`;
}
