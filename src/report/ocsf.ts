/**
 * OCSF 1.3.0 output: a JSON array with one Compliance Finding (class_uid 2003) per finding.
 * Field mapping: docs/output-formats.md#ocsf.
 */

import type { ScanReport } from "../engine/result.js";
import type { Finding, Severity, Status } from "../model/finding.js";
import { requirementsOf, ruleOf } from "./common.js";
import { TOOL } from "./meta.js";
import { JsonStreamArray, joinChunks, prettyJsonChunks, type ReportChunks } from "./stream.js";

/** OCSF schema version the objects follow. */
export const OCSF_VERSION = "1.3.0";

const SEVERITY_ID: Record<Severity, number> = {
  informational: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};
const SEVERITY_NAME: Record<Severity, string> = {
  informational: "Informational",
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};
/** OCSF compliance.status_id: 1 Pass, 2 Warning, 3 Fail, 99 Other. */
const COMPLIANCE_STATUS: Record<Status, { id: number; name: string }> = {
  PASS: { id: 1, name: "Pass" },
  FAIL: { id: 3, name: "Fail" },
  MANUAL: { id: 2, name: "Warning" },
  ERROR: { id: 99, name: "Other" },
};

/** One OCSF Compliance Finding, as a plain JSON object. */
export type OcsfFinding = Record<string, unknown>;

/** Maps one finding to an OCSF Compliance Finding. `time` is the scan time (ISO). */
export function toOcsf(finding: Finding, time: string): OcsfFinding {
  const rule = ruleOf(finding);
  const requirements = requirementsOf(finding);
  const epoch = Date.parse(time);
  const compliance = COMPLIANCE_STATUS[finding.status];
  return {
    activity_id: 1,
    activity_name: "Create",
    category_uid: 2,
    category_name: "Findings",
    class_uid: 2003,
    class_name: "Compliance Finding",
    type_uid: 200301,
    type_name: "Compliance Finding: Create",
    severity_id: SEVERITY_ID[finding.severity],
    severity: SEVERITY_NAME[finding.severity],
    status_id: finding.muted ? 3 : 1,
    status: finding.muted ? "Suppressed" : "New",
    status_code: finding.status,
    status_detail: finding.statusExtended,
    message: finding.statusExtended,
    time: epoch,
    time_dt: time,
    metadata: {
      version: OCSF_VERSION,
      product: { name: TOOL.name, vendor_name: TOOL.vendor, version: TOOL.version },
      event_code: finding.ruleId,
      uid: finding.uid,
      profiles: ["cloud"],
    },
    finding_info: {
      uid: finding.uid,
      title: rule?.title ?? finding.ruleId,
      desc: rule?.description ?? finding.statusExtended,
      created_time: epoch,
      created_time_dt: time,
      // With the scan history: since when the finding has had this status (docs/history.md).
      ...(finding.firstSeen
        ? {
            first_seen_time: Date.parse(finding.firstSeen),
            first_seen_time_dt: finding.firstSeen,
            last_seen_time: epoch,
            last_seen_time_dt: time,
          }
        : {}),
      types: requirements.map((ref) => ref.label),
    },
    compliance: {
      standards: [...new Set(requirements.map((ref) => ref.frameworkName))],
      requirements: requirements.map((ref) => ref.label),
      control: finding.ruleId,
      status_id: compliance.id,
      status: compliance.name,
      status_code: finding.status,
      status_detail: finding.statusExtended,
    },
    resources: [
      {
        uid: finding.resourceArn,
        name: finding.resourceName,
        type: finding.resourceType,
        region: finding.region,
        cloud_partition: partitionOf(finding.resourceArn),
        labels: Object.entries(finding.tags ?? {}).map(([key, value]) => `${key}=${value}`),
        data: finding.evidence,
      },
    ],
    cloud: {
      provider: "AWS",
      account: { uid: finding.accountId, type: "AWS Account", type_id: 10 },
      region: finding.region,
    },
    remediation: {
      desc: rule ? rule.remediation.console.join(" ") : "",
      references: rule ? [...rule.references, ...rule.remediation.cli] : [],
    },
    risk_details: rule?.rationale ?? "",
    unmapped: {
      rule_id: finding.ruleId,
      frameworks: finding.frameworks,
      muted: finding.muted,
      mute: finding.mute ?? null,
      tags: finding.tags ?? {},
    },
  };
}

function partitionOf(arn: string): string {
  return arn.startsWith("arn:") ? (arn.split(":")[1] ?? "aws") : "aws";
}

/** The OCSF report piece by piece: one finding at a time (the same text as {@link renderOcsf}). */
export function* ocsfChunks(result: ScanReport): ReportChunks {
  yield* prettyJsonChunks(new JsonStreamArray(mapped(result.findings, result.scan.startedAt)));
  yield "\n";
}

function* mapped(findings: Iterable<Finding>, time: string): Generator<OcsfFinding> {
  for (const finding of findings) yield toOcsf(finding, time);
}

/** Renders the scan's findings as an OCSF JSON array, ending with a newline. */
export function renderOcsf(result: ScanReport): string {
  return joinChunks(ocsfChunks(result));
}
