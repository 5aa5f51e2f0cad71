/**
 * CSV outputs (RFC 4180, via csv-stringify): `csv`, one row per finding, and `compliance-csv`, one row per
 * requirement × finding. Columns: docs/output-formats.md#csv. Every cell that a spreadsheet would take for
 * a formula is neutralised.
 */
import { stringify } from "csv-stringify/sync";
import type { ScanResult } from "../engine/result.js";
import type { Finding } from "../model/finding.js";
import { requirementsOf } from "./common.js";
import { sortFrameworks } from "./requirements.js";

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

function csvText(rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutralizeCell)),
    // Quote any cell holding a line break (a bare CR too), so every record stays one RFC 4180 row.
    { record_delimiter: "\r\n", quoted_match: /[\r\n]/ },
  );
}

function muteFields(finding: Finding) {
  return {
    reason: finding.mute?.reason ?? "",
    expires: finding.mute?.expires ?? "",
  };
}

/** Renders one row per finding with a header row. */
export function renderCsv(result: ScanResult): string {
  const rows = result.findings.map((finding) => {
    const mute = muteFields(finding);
    return [
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
  });
  return csvText([[...CSV_COLUMNS], ...rows]);
}

/**
 * Renders one row per requirement × finding for `frameworks` (framework ids; empty or undefined: every
 * framework the findings map to), what an auditor imports.
 */
export function renderComplianceCsv(result: ScanResult, frameworks?: readonly string[]): string {
  const wanted = frameworks && frameworks.length > 0 ? new Set(frameworks) : undefined;
  const pairs = result.findings.flatMap((finding) =>
    requirementsOf(finding)
      .filter((ref) => wanted === undefined || wanted.has(ref.framework))
      .map((ref) => ({ ref, finding })),
  );
  const order = sortFrameworks(pairs.map((pair) => pair.ref.framework));
  pairs.sort(
    (a, b) =>
      order.indexOf(a.ref.framework) - order.indexOf(b.ref.framework) ||
      a.ref.requirement.localeCompare(b.ref.requirement, "en", { numeric: true }),
  );
  const rows = pairs.map(({ ref, finding }) => [
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
  ]);
  return csvText([[...COMPLIANCE_CSV_COLUMNS], ...rows]);
}
