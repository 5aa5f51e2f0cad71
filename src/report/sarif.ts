/**
 * SARIF 2.1.0: the rules as `tool.driver.rules` with help text, one result per finding with the resource
 * ARN as a logical location. Muted findings carry an external suppression with the reason.
 */

import type { ReportingDescriptor, Result } from "sarif";
import type { ScanReport } from "../engine/result.js";
import { frameworkMappingsForRule } from "../frameworks/index.js";
import type { Finding, Severity, Status } from "../model/finding.js";
import type { AnyRule } from "../rules/types.js";
import { countFindings, remediationText, requirementsOf, rulesOf } from "./common.js";
import { TOOL } from "./meta.js";
import { JsonStreamArray, joinChunks, prettyJsonChunks, type ReportChunks } from "./stream.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  informational: "note",
};

/** GitHub's `security-severity` scale (0–10) per severity. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  informational: "0.0",
};

const KIND: Record<Status, Result.kind> = { PASS: "pass", FAIL: "fail", MANUAL: "review", ERROR: "open" };

function driverRule(rule: AnyRule): ReportingDescriptor {
  const cli = rule.remediation.cli.map((command) => `    ${command}`).join("\n");
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.rationale}\n\n${remediationText(rule)}`,
      markdown: [
        rule.rationale,
        "",
        ...rule.remediation.console.map((step, index) => `${index + 1}. ${step}`),
        "",
        "AWS CLI:",
        "",
        cli,
      ].join("\n"),
    },
    ...(rule.references[0] ? { helpUri: rule.references[0] } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["security", ...Object.keys(frameworkMappingsForRule(rule.id))],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      precision: "very-high",
    },
  };
}

function result(finding: Finding, ruleIndex: number): Result {
  const kind = KIND[finding.status];
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    kind,
    level: kind === "fail" ? LEVEL[finding.severity] : kind === "open" ? "error" : "none",
    message: { text: finding.statusExtended },
    locations: [
      {
        logicalLocations: [
          {
            // Per-region findings of one resource (an account setting judged in each region) stay apart.
            fullyQualifiedName:
              finding.region === "global" ? finding.resourceArn : `${finding.resourceArn}#${finding.region}`,
            name:
              finding.region === "global"
                ? finding.resourceName
                : `${finding.resourceName} in ${finding.region}`,
            kind: "resource",
          },
        ],
      },
    ],
    partialFingerprints: { "cloudpatrolUid/v1": finding.uid },
    ...(finding.muted
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: finding.mute?.reason ?? "muted",
            },
          ],
        }
      : {}),
    properties: {
      uid: finding.uid,
      status: finding.status,
      severity: finding.severity,
      accountId: finding.accountId,
      region: finding.region,
      resourceType: finding.resourceType,
      requirements: requirementsOf(finding).map((ref) => ref.label),
      evidence: finding.evidence,
      ...(finding.mute ? { mute: finding.mute } : {}),
    },
  };
}

/** The SARIF log piece by piece: one result at a time (the same text as {@link renderSarif}). */
export function* sarifChunks(scan: ScanReport): ReportChunks {
  const rules = rulesOf(scan.findings);
  const positions = new Map(rules.map((rule, position) => [rule.id, position]));
  const index = (id: string) => positions.get(id) ?? -1;
  function* results(): Generator<Result> {
    for (const finding of scan.findings) yield result(finding, index(finding.ruleId));
  }
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            rules: rules.map(driverRule),
          },
        },
        invocations: [
          {
            executionSuccessful: countFindings(scan.findings, (finding) => finding.status === "ERROR") === 0,
            startTimeUtc: scan.scan.startedAt,
            endTimeUtc: scan.scan.finishedAt,
            toolExecutionNotifications: scan.warnings.map((warning) => ({
              level: "warning",
              message: { text: warning },
            })),
          },
        ],
        results: new JsonStreamArray(results()),
        properties: { accounts: scan.scan.accounts.map((account) => account.accountId) },
      },
    ],
  };
  yield* prettyJsonChunks(log);
  yield "\n";
}

/** Renders the scan as a SARIF 2.1.0 log, ending with a newline. */
export function renderSarif(scan: ScanReport): string {
  return joinChunks(sarifChunks(scan));
}
