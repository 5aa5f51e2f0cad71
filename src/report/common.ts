/**
 * Small helpers the reporters share: rule metadata lookup, requirement references, remediation text.
 */

import type { FindingSequence, ScanInfo } from "../engine/result.js";
import type { Finding } from "../model/finding.js";
import { humanDuration } from "../model/time.js";
import { findRule } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";
import { frameworkInfo, requirementInfo, sortFrameworks } from "./requirements.js";

/**
 * The positions of the findings `keep` accepts, ordered by `compare` on the key `keyOf` makes of each
 * (a stable sort: equal keys keep scan order). Only positions and keys are held, never the findings:
 * a report sorts the findings of a spooled multi-account scan this way and reads each again by
 * position ({@link findingsAt}).
 */
export function sortedPositions<K>(
  findings: FindingSequence,
  keep: (finding: Finding) => boolean,
  keyOf: (finding: Finding) => K,
  compare: (a: K, b: K) => number,
): number[] {
  const entries: { position: number; key: K }[] = [];
  let position = 0;
  for (const finding of findings) {
    if (keep(finding)) entries.push({ position, key: keyOf(finding) });
    position += 1;
  }
  entries.sort((a, b) => compare(a.key, b.key) || a.position - b.position);
  return entries.map((entry) => entry.position);
}

/** The findings at `positions`, in that order, one at a time. */
export function* findingsAt(findings: FindingSequence, positions: Iterable<number>): Generator<Finding> {
  for (const position of positions) {
    const finding = findings.at(position);
    if (finding !== undefined) yield finding;
  }
}

/** The findings `keep` accepts, in order, one at a time. */
export function* filtered(
  findings: Iterable<Finding>,
  keep: (finding: Finding) => boolean,
): Generator<Finding> {
  for (const finding of findings) if (keep(finding)) yield finding;
}

/** How many findings `keep` accepts. */
export function countFindings(findings: Iterable<Finding>, keep: (finding: Finding) => boolean): number {
  let count = 0;
  for (const finding of findings) if (keep(finding)) count += 1;
  return count;
}

/** One (framework, requirement) pair a finding decides. */
export interface RequirementRef {
  readonly framework: string;
  readonly frameworkName: string;
  /** Security Hub style: `CIS AWS Foundations v1.5.0/1.11`. */
  readonly label: string;
  readonly requirement: string;
  readonly title: string | null;
  readonly profile: string | null;
  readonly assessment: string | null;
  readonly section: string | null;
}

/** {@link requirementsOf} per mappings object: a rule's findings share one (engine/evaluate). */
const requirementsByMappings = new WeakMap<Finding["frameworks"], readonly RequirementRef[]>();

/**
 * Every requirement a finding decides, frameworks in catalog order. Made once per mappings object (the
 * findings of a rule share theirs) and shared: read-only.
 */
export function requirementsOf(finding: Pick<Finding, "frameworks">): readonly RequirementRef[] {
  let refs = requirementsByMappings.get(finding.frameworks);
  if (!refs) {
    refs = Object.freeze(requirementRefs(finding.frameworks));
    requirementsByMappings.set(finding.frameworks, refs);
  }
  return refs;
}

function requirementRefs(frameworks: Finding["frameworks"]): RequirementRef[] {
  return sortFrameworks(Object.keys(frameworks)).flatMap((framework) => {
    const info = frameworkInfo(framework);
    return (frameworks[framework] ?? []).map((requirement) => {
      const facts = requirementInfo(framework, requirement);
      return {
        framework,
        frameworkName: info.name,
        label: `${info.shortName}/${requirement}`,
        requirement,
        title: facts?.title ?? null,
        profile: facts?.profile ?? null,
        assessment: facts?.assessment ?? null,
        section: facts?.section ?? null,
      };
    });
  });
}

/** The rule of a finding, when this build knows it. */
export function ruleOf(finding: Pick<Finding, "ruleId">): AnyRule | undefined {
  return findRule(finding.ruleId);
}

/** The rules the findings refer to, in first-seen order (unknown ids skipped). */
export function rulesOf(findings: Iterable<Finding>): AnyRule[] {
  const seen = new Map<string, AnyRule>();
  for (const finding of findings) {
    const rule = ruleOf(finding);
    if (rule && !seen.has(rule.id)) seen.set(rule.id, rule);
  }
  return [...seen.values()];
}

/** The rule's remediation as plain text: console steps, then AWS CLI commands. */
export function remediationText(rule: AnyRule | undefined): string {
  if (!rule) return "";
  const steps = rule.remediation.console.map((step, index) => `${index + 1}. ${step}`);
  return [...steps, "AWS CLI:", ...rule.remediation.cli.map((command) => `  ${command}`)].join("\n");
}

/** Account ids of a scan joined for display. */
export function accountIds(accounts: readonly { accountId: string }[]): string[] {
  return accounts.map((account) => account.accountId);
}

/** Replaces characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/F) with visible `\uXXXX`. */
export function xmlSafe(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Escapes text for XML or HTML content and attribute values (`& < > " '`). */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * One sentence on the credential report's age, without a final period: when it was generated and how
 * long before the scan; or why that is not known.
 */
export function reportAgeSentence(scan: ScanInfo): string {
  const generated = scan.credentialReportGeneratedAt;
  const age = scan.credentialReportAgeSeconds;
  if (generated)
    return `Credential report generated ${generated}${age !== null && age > 0 ? `, ${humanDuration(age)} before the scan` : ""}`;
  return scan.source === "aws"
    ? "No credential report: the rules run needed none, or it could not be read (see any ERROR findings)"
    : "Credential report generation time unknown (a bare CSV file carries none)";
}

/** How the scanned data was had, for report headers: `live`, `snapshot collected <time>`, `credential report file`. */
export function sourceLabel(scan: ScanInfo): string {
  if (scan.snapshotCollectedAt) return `snapshot collected ${scan.snapshotCollectedAt}`;
  return scan.source === "aws" ? "live" : "credential report file";
}
