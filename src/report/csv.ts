/**
 * CSV outputs (RFC 4180, via csv-stringify): `csv`, one row per finding, and `compliance-csv`, one row per
 * requirement × finding. Columns: docs/output-formats.md#csv. Every cell that a spreadsheet would take for
 * a formula is neutralised.
 */
import { stringify } from "csv-stringify/sync";
import type { FindingSequence, ScanReport } from "../engine/result.js";
import { escapeControlsKeepingLines, isPlainText, showBidi } from "../model/escape.js";
import type { Finding } from "../model/finding.js";
import { type RequirementRef, requirementsOf } from "./common.js";
import { sortFrameworks } from "./requirements.js";
import { joinChunks, type ReportChunks } from "./stream.js";

/** Columns of the `csv` output, in order. */
export const CSV_COLUMNS = [
  "scan_started_at",
  "account_id",
  "region",
  "rule_id",
  "status",
  "muted",
  "mute_reason",
  "mute_expires",
  "severity",
  "resource_type",
  "resource_arn",
  "resource_name",
  "status_extended",
  "requirements",
  "uid",
  "evidence",
] as const;

/** Columns of the `compliance-csv` output, in order. */
export const COMPLIANCE_CSV_COLUMNS = [
  "framework",
  "framework_name",
  "requirement_id",
  "requirement_title",
  "profile",
  "assessment",
  "rule_id",
  "status",
  "muted",
  "mute_reason",
  "account_id",
  "region",
  "resource_arn",
  "resource_name",
  "status_extended",
  "uid",
  "scan_started_at",
] as const;

/**
 * Neutralises spreadsheet formula injection: a cell starting with `=`, `+`, `-`, `@`, tab or carriage
 * return gets a leading apostrophe, so Excel, LibreOffice and Google Sheets show it as text
 * (OWASP CSV injection guidance). Other cells are unchanged.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const CSV_OPTIONS = {
  record_delimiter: "\r\n",
  // Quote any cell holding a line break (a bare CR too), so every record stays one RFC 4180 row.
  quoted_match: /[\r\n]/,
} as const;

/**
 * Rows written at once: enough to keep csv-stringify's per-call cost low, few enough that a chunk's
 * text (about 1–2 KiB a finding row) stays near or under V8's large-object size (128 KiB). A larger
 * string goes straight to the old generation and stays until a full collection: with 512 rows a chunk,
 * writing 300,000 findings peaked at 445 MiB RSS; with 64, at 209 MiB, and faster (bench/outputs.ts).
 */
const ROWS_PER_CHUNK = 64;

/** The CSV text of `rows` (csv-stringify, RFC 4180, CRLF records), a chunk of rows at a time. */
function* csvChunks(rows: Iterable<readonly string[]>): Generator<string> {
  let batch: string[][] = [];
  for (const row of rows) {
    // Control characters as visible escapes (\u001b, \u009b; tab and line breaks kept in quoted cells),
    // invisible characters and U+2028/9 as [U+202E] text: a CSV opened in an editor or a spreadsheet
    // must not be recoloured, read backwards or broken by a name from the account.
    batch.push(
      row.map((cell) =>
        neutralizeCell(isPlainText(cell) ? cell : showBidi(escapeControlsKeepingLines(cell))),
      ),
    );
    if (batch.length === ROWS_PER_CHUNK) {
      yield stringify(batch, CSV_OPTIONS);
      batch = [];
    }
  }
  if (batch.length > 0) yield stringify(batch, CSV_OPTIONS);
}

function muteFields(finding: Finding) {
  return {
    reason: finding.mute?.reason ?? "",
    expires: finding.mute?.expires ?? "",
  };
}

function* findingRows(result: ScanReport): Generator<readonly string[]> {
  yield CSV_COLUMNS;
  for (const finding of result.findings) {
    const mute = muteFields(finding);
    yield [
      result.scan.startedAt,
      finding.accountId,
      finding.region,
      finding.ruleId,
      finding.status,
      String(finding.muted),
      mute.reason,
      mute.expires,
      finding.severity,
      finding.resourceType,
      finding.resourceArn,
      finding.resourceName,
      finding.statusExtended,
      requirementsOf(finding)
        .map((ref) => `${ref.framework} ${ref.requirement}`)
        .join("; "),
      finding.uid,
      JSON.stringify(finding.evidence),
    ];
  }
}

/** The CSV report piece by piece (the same text as {@link renderCsv}). */
export function csvReportChunks(result: ScanReport): ReportChunks {
  return csvChunks(findingRows(result));
}

/** Renders one row per finding with a header row. */
export function renderCsv(result: ScanReport): string {
  return joinChunks(csvReportChunks(result));
}

/**
 * The (requirement, finding) pairs of the compliance CSV, in its order: frameworks in catalog order,
 * requirements in numeric order, and for one requirement the findings in scan order (each finding's
 * requirements in its own order). The same order as sorting every pair (a stable sort), made without
 * holding the pairs: findings are grouped by their mappings (shared by every finding of a rule), and
 * each requirement walks the groups that map to it.
 */
function* compliancePairs(
  findings: FindingSequence,
  frameworks: readonly string[] | undefined,
): Generator<{ ref: RequirementRef; finding: Finding }> {
  const wanted = frameworks && frameworks.length > 0 ? new Set(frameworks) : undefined;
  const groups = new Map<Finding["frameworks"], { refs: RequirementRef[]; indexes: number[] }>();
  let index = -1;
  for (const finding of findings) {
    index += 1;
    let group = groups.get(finding.frameworks);
    if (!group) {
      const refs = requirementsOf(finding).filter((ref) => wanted === undefined || wanted.has(ref.framework));
      group = { refs, indexes: [] };
      groups.set(finding.frameworks, group);
    }
    if (group.refs.length > 0) group.indexes.push(index);
  }
  const keys = new Map<string, { framework: string; requirement: string }>();
  for (const { refs, indexes } of groups.values()) {
    if (indexes.length === 0) continue;
    for (const ref of refs) keys.set(`${ref.framework} ${ref.requirement}`, ref);
  }
  const order = sortFrameworks([...keys.values()].map((key) => key.framework));
  const compare = (
    a: { framework: string; requirement: string },
    b: { framework: string; requirement: string },
  ) =>
    order.indexOf(a.framework) - order.indexOf(b.framework) ||
    a.requirement.localeCompare(b.requirement, "en", { numeric: true });
  const sorted = [...keys.values()].sort(compare);
  // Keys that compare equal form one class: a stable sort keeps their pairs in scan order.
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && compare(sorted[start] as never, sorted[end] as never) === 0) end++;
    const inClass = (ref: RequirementRef) =>
      sorted
        .slice(start, end)
        .some((key) => key.framework === ref.framework && key.requirement === ref.requirement);
    const members = [...groups.values()]
      .map(({ refs, indexes }) => ({ refs: refs.filter(inClass), indexes }))
      .filter((group) => group.refs.length > 0 && group.indexes.length > 0);
    if (members.length === 1) {
      // The usual case: one rule decides the requirement; its findings in scan order.
      const { refs, indexes } = members[0] as { refs: RequirementRef[]; indexes: number[] };
      for (const index of indexes) {
        const finding = findings.at(index) as Finding;
        for (const ref of refs) yield { ref, finding };
      }
    } else {
      const indexes = members.flatMap((group) => group.indexes).sort((a, b) => a - b);
      const refsOf = new Map(
        members.flatMap((group) => group.indexes.map((index) => [index, group.refs] as const)),
      );
      for (const index of indexes) {
        const finding = findings.at(index) as Finding;
        for (const ref of refsOf.get(index) ?? []) yield { ref, finding };
      }
    }
    start = end;
  }
}

function* complianceRows(result: ScanReport, frameworks?: readonly string[]): Generator<readonly string[]> {
  yield COMPLIANCE_CSV_COLUMNS;
  for (const { ref, finding } of compliancePairs(result.findings, frameworks))
    yield [
      ref.framework,
      ref.frameworkName,
      ref.requirement,
      ref.title ?? "",
      ref.profile ?? "",
      ref.assessment ?? "",
      finding.ruleId,
      finding.status,
      String(finding.muted),
      muteFields(finding).reason,
      finding.accountId,
      finding.region,
      finding.resourceArn,
      finding.resourceName,
      finding.statusExtended,
      finding.uid,
      result.scan.startedAt,
    ];
}

/** The compliance CSV piece by piece (the same text as {@link renderComplianceCsv}). */
export function complianceCsvChunks(result: ScanReport, frameworks?: readonly string[]): ReportChunks {
  return csvChunks(complianceRows(result, frameworks));
}

/**
 * Renders one row per requirement × finding for `frameworks` (framework ids; empty or undefined: every
 * framework the findings map to), what an auditor imports.
 */
export function renderComplianceCsv(result: ScanReport, frameworks?: readonly string[]): string {
  return joinChunks(complianceCsvChunks(result, frameworks));
}
