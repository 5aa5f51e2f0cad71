/**
 * The text report: findings grouped by status (FAIL, ERROR, MANUAL, PASS), one summary line. A scan of
 * several accounts starts with a per-account summary table and names the account on each finding.
 * Colour only when asked (a TTY without NO_COLOR); every value from the account is escaped.
 */
import pc from "picocolors";
import type { FindingSequence, ScannedAccount, ScanReport } from "../engine/result.js";
import { escapeTerminal } from "../model/escape.js";
import { type Finding, SEVERITIES, type Status } from "../model/finding.js";
import { findingsAt, reportAgeSentence, sourceLabel } from "./common.js";
import { complianceView, renderComplianceText } from "./compliance.js";
import { compareRequirements, frameworkInfo } from "./requirements.js";
import { joinChunks, lineChunks, type ReportChunks } from "./stream.js";

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

/** One account's counts in {@link accountTable}. */
interface AccountCounts {
  readonly statuses: Record<Status, number>;
  /** Index in SEVERITIES of the worst severity among the unmuted FAIL findings (SEVERITIES.length: none). */
  worst: number;
}

/** The per-account summary table of a multi-account scan (no colour: it must line up). */
export function accountTable(accounts: readonly ScannedAccount[], findings: Iterable<Finding>): string[] {
  const byAccount = new Map<string, AccountCounts>();
  for (const finding of findings) {
    let own = byAccount.get(finding.accountId);
    if (!own) {
      own = { statuses: { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 }, worst: SEVERITIES.length };
      byAccount.set(finding.accountId, own);
    }
    own.statuses[finding.status] += 1;
    const rank = SEVERITIES.indexOf(finding.severity);
    if (finding.status === "FAIL" && !finding.muted && rank >= 0) own.worst = Math.min(own.worst, rank);
  }
  const header = ["ACCOUNT", "NAME", "OUTCOME", "PASS", "FAIL", "MANUAL", "ERROR", "WORST"];
  const rows = accounts.map((account) => {
    const own = byAccount.get(account.accountId);
    const count = (status: Status) => String(own?.statuses[status] ?? 0);
    // Cut by characters before escaping: never inside an escape (`\u00…`) or a surrogate pair.
    const characters = [...(account.name ?? "")];
    const name = escapeTerminal(
      characters.length > 32 ? `${characters.slice(0, 31).join("")}…` : characters.join(""),
    );
    return [
      escapeTerminal(account.accountId),
      name || "-",
      account.outcome ?? "completed",
      count("PASS"),
      count("FAIL"),
      count("MANUAL"),
      count("ERROR"),
      SEVERITIES[own?.worst ?? SEVERITIES.length] ?? "-",
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const numeric = new Set([3, 4, 5, 6]);
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [format(header), ...rows.map(format)];
}

/**
 * The findings of one status in the text report's order: by account (its place in `accountOrder`; one
 * not listed, or a single-account report, counts as the first), then resource, then requirement number
 * (1.10 before 1.11) of the framework shown; equal ones in scan order. Only the findings' positions are
 * held across accounts: one account's findings at a time are read (again) and sorted, so a spooled
 * Organization's findings are never all in memory.
 */
function statusGroup(
  findings: FindingSequence,
  status: Status,
  accountOrder: ReadonlyMap<string, number> | undefined,
  frameworkId: string,
): { count: number; findings: () => Generator<Finding> } {
  const byAccount = new Map<number, number[]>();
  let count = 0;
  let position = 0;
  for (const finding of findings) {
    if (finding.status === status) {
      const account = accountOrder?.get(finding.accountId) ?? 0;
      const positions = byAccount.get(account);
      if (positions) positions.push(position);
      else byAccount.set(account, [position]);
      count += 1;
    }
    position += 1;
  }
  const accounts = [...byAccount.keys()].sort((a, b) => a - b);
  return {
    count,
    *findings() {
      for (const account of accounts) {
        const own = [...findingsAt(findings, byAccount.get(account) ?? [])];
        own.sort(
          (a, b) =>
            a.resourceName.localeCompare(b.resourceName) ||
            compareRequirements(a.frameworks[frameworkId]?.[0], b.frameworks[frameworkId]?.[0]),
        );
        yield* own;
      }
    },
  };
}

/** The text report's lines. */
function* textLines(result: ScanReport, options: TextOptions): Generator<string> {
  const c = pc.createColors(options.color);
  const paint: Record<Status, (text: string) => string> = {
    FAIL: c.red,
    ERROR: c.magenta,
    MANUAL: c.yellow,
    PASS: c.green,
  };
  const multi = result.scan.accounts.length > 1;
  const accounts = result.scan.accounts.map((account) => escapeTerminal(account.accountId)).join(", ");
  yield `${c.bold(
    multi
      ? `cloudpatrol scan of ${result.scan.accounts.length} accounts`
      : `cloudpatrol scan of account ${accounts}`,
  )} (${sourceLabel(result.scan)}, started ${result.scan.startedAt})`;
  const age = reportAgeSentence(result.scan);
  yield `${escapeTerminal(multi ? age.replace(/^Credential report/, "Oldest credential report") : age)}.`;
  for (const warning of result.warnings) yield c.yellow(`warning: ${escapeTerminal(warning)}`);
  if (multi) yield* ["", ...accountTable(result.scan.accounts, result.findings)];
  const accountOrder = new Map(result.scan.accounts.map((account, index) => [account.accountId, index]));

  const frameworkId = options.framework ?? "cis_v150";
  for (const status of ORDER) {
    const group = statusGroup(result.findings, status, multi ? accountOrder : undefined, frameworkId);
    if (group.count === 0) continue;
    yield* ["", paint[status](c.bold(`${status} (${group.count})`))];
    if (status === "PASS" && options.showPass === false) continue;
    for (const finding of group.findings()) {
      const muted = finding.muted ? c.dim(" [muted]") : "";
      const severity = status === "PASS" ? "" : ` ${finding.severity}`;
      const account = multi ? `${escapeTerminal(finding.accountId)}  ` : "";
      yield `  ${paint[status](status)}${severity}  ${account}${escapeTerminal(finding.resourceName)}  ${c.dim(`[${requirementRef(finding, frameworkId)}]`)}${muted}`;
      yield `      ${escapeTerminal(finding.statusExtended)}`;
      if (finding.firstSeen && finding.firstSeen !== result.scan.startedAt && status !== "PASS")
        yield c.dim(`      ${status} since ${escapeTerminal(finding.firstSeen)} (scan history)`);
    }
  }
  if (options.framework) {
    yield "";
    yield renderComplianceText(complianceView(result.findings, options.framework), {
      color: options.color,
    }).trimEnd();
  }
  const s = result.summary;
  yield "";
  yield `${s.total} finding${s.total === 1 ? "" : "s"}: ${paint.FAIL(`${s.FAIL} FAIL`)}, ${paint.ERROR(`${s.ERROR} ERROR`)}, ${paint.MANUAL(`${s.MANUAL} MANUAL`)}, ${paint.PASS(`${s.PASS} PASS`)}` +
    (s.muted > 0 ? ` (${s.muted} muted)` : "");
}

/** The text report piece by piece (the same text as {@link renderText}). */
export function textChunks(result: ScanReport, options: TextOptions): ReportChunks {
  return lineChunks(textLines(result, options));
}

/** Renders a scan result as text for a terminal or a log. Ends with a newline. */
export function renderText(result: ScanReport, options: TextOptions): string {
  return joinChunks(textChunks(result, options));
}
