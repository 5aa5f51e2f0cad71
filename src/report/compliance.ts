/**
 * The compliance view: one row per requirement of a framework with its level, Automated/Manual and the
 * PASS/FAIL/MANUAL/ERROR counts of the findings that judge it. Pure. The rows carry catalog data and
 * counts only; the text renderer still escapes every cell it prints.
 */

import { getFramework } from "../frameworks/index.js";
import type { Assessment, FrameworkId, Profile } from "../frameworks/types.js";
import { escapeTerminal } from "../model/escape.js";
import type { Finding, Status } from "../model/finding.js";

/** Findings per status. */
export type StatusCounts = Readonly<Record<Status, number>>;

/**
 * A requirement's overall result: FAIL if any finding fails, else ERROR, else MANUAL, else PASS;
 * `NO_FINDINGS` when nothing judged it (its rule found no resource, or was not run).
 */
export type RequirementResult = Status | "NO_FINDINGS";

/** One row of the view. */
export interface ComplianceRow {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  readonly profile: Profile;
  readonly assessment: Assessment;
  readonly ruleIds: readonly string[];
  readonly counts: StatusCounts;
  /** Of the counted findings, how many are muted (they stay counted under their status). */
  readonly muted: number;
  readonly result: RequirementResult;
}

/** The view of one framework. */
export interface ComplianceView {
  readonly frameworkId: FrameworkId;
  readonly frameworkName: string;
  readonly rows: readonly ComplianceRow[];
  /** Requirements per result. */
  readonly totals: Readonly<Record<RequirementResult, number>>;
}

const STATUSES: readonly Status[] = ["PASS", "FAIL", "MANUAL", "ERROR"];

function resultOf(counts: StatusCounts): RequirementResult {
  if (counts.FAIL > 0) return "FAIL";
  if (counts.ERROR > 0) return "ERROR";
  if (counts.MANUAL > 0) return "MANUAL";
  if (counts.PASS > 0) return "PASS";
  return "NO_FINDINGS";
}

/**
 * Groups `findings` by the requirements of `frameworkId` they judge: a finding counts for a requirement
 * when its `frameworks` names it, or when its rule is one the catalog points at. One pass over the
 * findings (they may be a spooled sequence). Unknown framework → InputError.
 */
export function complianceView(findings: Iterable<Finding>, frameworkId: string): ComplianceView {
  const framework = getFramework(frameworkId);
  const requirements = framework.requirements;
  const byId = new Map<string, number[]>();
  const byRule = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, row: number) => {
    const rows = map.get(key);
    if (rows) rows.push(row);
    else map.set(key, [row]);
  };
  requirements.forEach((requirement, row) => {
    add(byId, requirement.id, row);
    for (const ruleId of requirement.ruleIds) add(byRule, ruleId, row);
  });
  const counts = requirements.map((): Record<Status, number> => ({ PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 }));
  const muted = requirements.map(() => 0);
  const judged = new Set<number>();
  for (const finding of findings) {
    judged.clear();
    for (const id of finding.frameworks[framework.id] ?? [])
      for (const row of byId.get(id) ?? []) judged.add(row);
    for (const row of byRule.get(finding.ruleId) ?? []) judged.add(row);
    for (const row of judged) {
      (counts[row] as Record<Status, number>)[finding.status] += 1;
      if (finding.muted) muted[row] = (muted[row] ?? 0) + 1;
    }
  }
  const rows = requirements.map((requirement, row): ComplianceRow => {
    const own = counts[row] as Record<Status, number>;
    return {
      id: requirement.id,
      title: requirement.title,
      section: requirement.section,
      profile: requirement.profile,
      assessment: requirement.assessment,
      ruleIds: requirement.ruleIds,
      counts: own,
      muted: muted[row] ?? 0,
      result: resultOf(own),
    };
  });
  const totals: Record<RequirementResult, number> = { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, NO_FINDINGS: 0 };
  for (const row of rows) totals[row.result] += 1;
  return { frameworkId: framework.id, frameworkName: framework.name, rows, totals };
}

/** Options of {@link renderComplianceText}. */
export interface ComplianceTextOptions {
  /** Paint results with ANSI colours (default false). */
  readonly color?: boolean;
}

const PAINT: Record<RequirementResult, string> = {
  FAIL: "\u001b[31m",
  ERROR: "\u001b[35m",
  MANUAL: "\u001b[33m",
  PASS: "\u001b[32m",
  NO_FINDINGS: "\u001b[2m",
};

/** Renders the view as an aligned text table, one line per requirement. Ends with a newline. */
export function renderComplianceText(view: ComplianceView, options: ComplianceTextOptions = {}): string {
  const header = ["Req", "Level", "Assessment", "PASS", "FAIL", "MANUAL", "ERROR", "Result", "Title"];
  const cells = view.rows.map((row) => [
    row.id,
    row.profile === "Level 1" ? "L1" : "L2",
    row.assessment,
    ...STATUSES.map((status) => String(row.counts[status])),
    row.result === "NO_FINDINGS" ? "-" : row.result,
    escapeTerminal(row.title),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? "").length)),
  );
  const numeric = new Set([3, 4, 5, 6]);
  const format = (line: readonly string[], result?: RequirementResult) =>
    line
      .map((cell, column) => {
        if (column === line.length - 1) return cell;
        const width = widths[column] ?? 0;
        const padded = numeric.has(column) ? cell.padStart(width) : cell.padEnd(width);
        return column === 7 && result && options.color ? `${PAINT[result]}${padded}\u001b[0m` : padded;
      })
      .join("  ");
  const t = view.totals;
  const lines = [
    `Compliance with ${view.frameworkName} (${view.frameworkId}):`,
    format(header),
    ...cells.map((line, index) => format(line, view.rows[index]?.result)),
    `${view.rows.length} requirements: ${t.PASS} PASS, ${t.FAIL} FAIL, ${t.MANUAL} MANUAL, ${t.ERROR} ERROR, ${t.NO_FINDINGS} without findings.`,
  ];
  return `${lines.join("\n")}\n`;
}
