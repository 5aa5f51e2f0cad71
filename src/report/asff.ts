/**
 * AWS Security Finding Format (ASFF, SchemaVersion 2018-10-08): one finding object per finding, ready for
 * Security Hub's BatchImportFindings. Field mapping: docs/output-formats.md#asff.
 */

import type {
  AwsSecurityFinding,
  ComplianceStatus,
  Partition,
  SeverityLabel,
} from "@aws-sdk/client-securityhub";

import type { ScanReport } from "../engine/result.js";
import type { Finding, Severity, Status } from "../model/finding.js";
import { countFindings, remediationText, requirementsOf, ruleOf } from "./common.js";
import { TOOL } from "./meta.js";
import { JsonStreamArray, joinChunks, prettyJsonChunks, type ReportChunks } from "./stream.js";

/** The finding types every cloudpatrol finding carries (ASFF type taxonomy). */
export const ASFF_TYPES = [
  "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark",
] as const;

const LABEL: Record<Severity, SeverityLabel> = {
  critical: "CRITICAL",
  high: "HIGH",
  medium: "MEDIUM",
  low: "LOW",
  informational: "INFORMATIONAL",
};

/** ASFF `Compliance.Status` for each verdict. */
export const COMPLIANCE_STATUS: Record<Status, ComplianceStatus> = {
  PASS: "PASSED",
  FAIL: "FAILED",
  MANUAL: "NOT_AVAILABLE",
  ERROR: "WARNING",
};

const RESOURCE_TYPE: Record<string, string> = {
  "AWS::IAM::User": "AwsIamUser",
  "AWS::IAM::AccessKey": "AwsIamAccessKey",
  "AWS::::Account": "AwsAccount",
};

/** One ASFF finding: the SDK's type, the shape BatchImportFindings takes. */
export type AsffFinding = AwsSecurityFinding;

/** Options of {@link toAsff}. */
export interface AsffOptions {
  /** Region of the Security Hub the findings go to (it is part of `ProductArn`). */
  readonly region: string;
  /** Scan time, ISO 8601: `CreatedAt` and `UpdatedAt`. */
  readonly time: string;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function partitionOf(arn: string): string {
  return arn.startsWith("arn:") ? (arn.split(":")[1] ?? "aws") : "aws";
}

/** Every value of a tag map as ASFF allows (strings only), or undefined when there are none. */
function tagsOf(finding: Finding): Record<string, string> | undefined {
  return finding.tags && Object.keys(finding.tags).length > 0 ? { ...finding.tags } : undefined;
}

/**
 * Maps one finding to ASFF. `Id` is the finding's stable uid, so importing the next scan updates the
 * same Security Hub finding instead of adding a duplicate.
 */
export function toAsff(finding: Finding, options: AsffOptions): AsffFinding {
  const rule = ruleOf(finding);
  const partition = partitionOf(finding.resourceArn);
  const account = finding.accountId;
  const severity = LABEL[finding.severity];
  const remediation = rule ? truncate(remediationText(rule), 512) : "See the rule's documentation.";
  const tags = tagsOf(finding);
  // Where the finding was generated: a regional rule's region; IAM (`global`) in the Security Hub region.
  const region = finding.region === "global" || finding.region === "" ? options.region : finding.region;
  return {
    SchemaVersion: "2018-10-08",
    Id: finding.uid,
    ProductArn: `arn:${partition}:securityhub:${options.region}:${account}:product/${account}/default`,
    ProductName: TOOL.name,
    CompanyName: TOOL.vendor,
    GeneratorId: finding.ruleId,
    AwsAccountId: account,
    Region: region,
    Types: [...ASFF_TYPES],
    ...(finding.firstSeen ? { FirstObservedAt: finding.firstSeen, LastObservedAt: options.time } : {}),
    CreatedAt: options.time,
    UpdatedAt: options.time,
    Severity: { Label: severity },
    FindingProviderFields: { Severity: { Label: severity }, Types: [...ASFF_TYPES] },
    Title: truncate(rule?.title ?? finding.ruleId, 256),
    Description: truncate(finding.statusExtended, 1024),
    Resources: [
      {
        Type: RESOURCE_TYPE[finding.resourceType] ?? "Other",
        Id: finding.resourceArn,
        Partition: partition as Partition,
        Region: region,
        ...(tags ? { Tags: tags } : {}),
        Details: { Other: { Name: truncate(finding.resourceName, 1024) } },
      },
    ],
    Compliance: {
      Status: COMPLIANCE_STATUS[finding.status],
      RelatedRequirements: requirementsOf(finding)
        .map((ref) => ref.label)
        .slice(0, 32),
    },
    Remediation: {
      Recommendation: {
        Text: remediation,
        ...(rule?.references[0] ? { Url: rule.references[0] } : {}),
      },
    },
    ProductFields: {
      ProviderName: TOOL.name,
      ProviderVersion: TOOL.version,
      "cloudpatrol/RuleId": finding.ruleId,
      "cloudpatrol/Status": finding.status,
      ...(finding.mute ? { "cloudpatrol/MuteReason": truncate(finding.mute.reason, 2048) } : {}),
    },
    Workflow: { Status: finding.muted ? "SUPPRESSED" : "NEW" },
    RecordState: "ACTIVE",
  };
}

/** The ASFF findings of a scan; `onlyFailed` keeps FAIL findings only. */
export function asffFindings(
  result: ScanReport,
  options: { region: string; onlyFailed?: boolean },
): AsffFinding[] {
  return [...eachAsffFinding(result, options)];
}

/**
 * The ASFF findings of a scan, made one at a time as they are read (as {@link asffFindings} lists
 * them), with their number: for sending the findings of a spooled scan without holding them.
 */
export function asffFindingSequence(
  result: ScanReport,
  options: { region: string; onlyFailed?: boolean },
): Iterable<AsffFinding> & { readonly length: number } {
  const length = countFindings(
    result.findings,
    (finding) => !options.onlyFailed || finding.status === "FAIL",
  );
  return { length, [Symbol.iterator]: () => eachAsffFinding(result, options) };
}

/** The ASFF findings of a scan one at a time (as {@link asffFindings} lists them). */
function* eachAsffFinding(
  result: ScanReport,
  options: { region: string; onlyFailed?: boolean },
): Generator<AsffFinding> {
  for (const finding of result.findings)
    if (!options.onlyFailed || finding.status === "FAIL")
      yield toAsff(finding, { region: options.region, time: result.scan.startedAt });
}

/** The ASFF report piece by piece: one finding at a time (the same text as {@link renderAsff}). */
export function* asffChunks(result: ScanReport, options: { region: string }): ReportChunks {
  yield* prettyJsonChunks(new JsonStreamArray(eachAsffFinding(result, options)));
  yield "\n";
}

/** Renders the scan's findings as an ASFF JSON array, ending with a newline. */
export function renderAsff(result: ScanReport, options: { region: string }): string {
  return joinChunks(asffChunks(result, options));
}
