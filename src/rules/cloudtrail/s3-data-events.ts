/**
 * Whether a multi-region, logging trail records S3 object-level data events (write or read) for every
 * bucket: CIS v1.5.0 3.10 / 3.11 (v1.3.0–v2.0.0 3.10/3.11; v3.0.0–v5.0.0 3.8/3.9; v6.0.0 4.8/4.9). The
 * shared judgement of `cloudtrail_s3_dataevents_write_enabled` and `..._read_enabled`. Pure.
 *
 * A selector covers every bucket when:
 * - classic: a `DataResources` entry of type `AWS::S3::Object` whose values include
 *   `arn:<partition>:s3` or `arn:<partition>:s3:::` (all current and future buckets), in a selector whose
 *   `ReadWriteType` is `All` or `WriteOnly` (write) / `ReadOnly` (read);
 * - advanced: `eventCategory` equals `Data`, `resources.type` equals `AWS::S3::Object`, no condition on
 *   `resources.ARN` (or only `StartsWith arn:<partition>:s3:::`), no other narrowing condition
 *   (`eventName`, `userIdentity.arn`, ...), and `readOnly` absent or `false` (write) / `true` (read).
 * Selectors naming some buckets only are reported (evidence) but do not cover "all buckets".
 *
 * Sources: AWS CloudTrail User Guide, "Logging data events" (S3 data resources, advanced selector
 * fields); AWS CloudTrail API Reference, GetEventSelectors.
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import { type DistinctTrail, distinctTrails } from "../../snapshot/cloudtrail-trails.js";
import type { AdvancedEventSelector, ClassicEventSelector } from "../../snapshot/datasets/cloudtrail.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { AnyRule } from "../types.js";
import { statusEvidence, trailIdentityEvidence, trailLabel } from "./trail-common.js";

/**
 * What both S3 data-event rules (3.10 write, 3.11 read) share: the AWS CLI commands and the IaC snippets
 * that log object-level events of every bucket (read and write, on a multi-region trail), their
 * references, and the trail changes that can alter their verdict.
 */
export const S3_DATA_EVENTS_CLI: readonly string[] = [
  "aws cloudtrail get-event-selectors --region <home-region> --trail-name <trail-arn>",
  'aws cloudtrail put-event-selectors --region <home-region> --trail-name <trail-arn> --advanced-event-selectors \'[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"S3 object events","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]\'',
];

/** The CloudFormation and Terraform of a multi-region trail logging S3 object events (see {@link S3_DATA_EVENTS_CLI}). */
export const S3_DATA_EVENTS_IAC = {
  cloudformation: [
    "Trail:",
    "  Type: AWS::CloudTrail::Trail",
    "  Properties:",
    "    IsMultiRegionTrail: true",
    "    IsLogging: true",
    "    S3BucketName: !Ref TrailBucket",
    "    EventSelectors:",
    "      - IncludeManagementEvents: true",
    "        ReadWriteType: All",
    "        DataResources:",
    "          - Type: AWS::S3::Object",
    "            Values: ['arn:aws:s3']",
  ].join("\n"),
  terraform: [
    'resource "aws_cloudtrail" "main" {',
    '  name                  = "main"',
    "  s3_bucket_name        = aws_s3_bucket.trail.id",
    "  is_multi_region_trail = true",
    "  event_selector {",
    '    read_write_type           = "All"',
    "    include_management_events = true",
    "    data_resource {",
    '      type   = "AWS::S3::Object"',
    '      values = ["arn:aws:s3"]',
    "    }",
    "  }",
    "}",
  ].join("\n"),
};

/** References of both S3 data-event rules. */
export const S3_DATA_EVENTS_REFERENCES: readonly string[] = [
  "https://www.cisecurity.org/benchmark/amazon_web_services",
  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html",
];

/** CloudTrail events that can change either S3 data-event verdict. */
export const S3_DATA_EVENTS_TRIGGERS: readonly string[] = [
  "CreateTrail",
  "UpdateTrail",
  "DeleteTrail",
  "StartLogging",
  "StopLogging",
  "PutEventSelectors",
];

/** Write (PutObject, DeleteObject, ...) or read (GetObject, ...) object-level events. */
export type S3EventKind = "write" | "read";

/** What a trail's selectors log of S3 object events of one kind. */
export interface S3ObjectCoverage {
  /** Every bucket is covered. */
  readonly allBuckets: boolean;
  /** The selectors that cover every bucket, in words. */
  readonly matched: readonly string[];
  /** Selectors that log this kind for some buckets only, in words. */
  readonly partial: readonly string[];
}

/** The S3 object events of `kind` a trail's selectors log. */
export function s3ObjectCoverage(
  selectors: NonNullable<DistinctTrail["eventSelectors"]>,
  partition: string,
  kind: S3EventKind,
): S3ObjectCoverage {
  const matched: string[] = [];
  const partial: string[] = [];
  const all = new Set([`arn:${partition}:s3`, `arn:${partition}:s3:::`]);
  (selectors.classic ?? []).forEach((selector, index) => {
    if (!classicKeeps(selector, kind)) return;
    for (const resource of selector.dataResources) {
      if (resource.type !== "AWS::S3::Object") continue;
      const label = `classic selector ${index + 1}: ReadWriteType ${selector.readWriteType}, AWS::S3::Object ${resource.values.join(", ")}`;
      if (resource.values.some((value) => all.has(value))) matched.push(label);
      else if (resource.values.length > 0) partial.push(label);
    }
  });
  (selectors.advanced ?? []).forEach((selector, index) => {
    const verdict = advancedCovers(selector, partition, kind);
    if (verdict === undefined) return;
    const label = `advanced selector ${index + 1}${selector.name ? ` (${selector.name})` : ""}`;
    if (verdict.length === 0) matched.push(`${label}: eventCategory Data, resources.type AWS::S3::Object`);
    else partial.push(`${label}: narrowed by ${verdict.join("; ")}`);
  });
  return { allBuckets: matched.length > 0, matched, partial };
}

function classicKeeps(selector: ClassicEventSelector, kind: S3EventKind): boolean {
  const type = selector.readWriteType;
  return type === "All" || type === (kind === "write" ? "WriteOnly" : "ReadOnly");
}

/**
 * For an advanced selector that logs S3 object events of `kind`: the conditions that narrow it (empty:
 * every bucket); undefined when it logs no such event.
 */
function advancedCovers(
  selector: AdvancedEventSelector,
  partition: string,
  kind: S3EventKind,
): string[] | undefined {
  const fields = selector.fieldSelectors;
  const only = (name: string, value: string) => {
    const matching = fields.filter((field) => field.field === name);
    return (
      matching.length > 0 &&
      matching.every(
        (field) =>
          field.equals.length > 0 &&
          field.equals.every((v) => v === value) &&
          field.startsWith.length +
            field.endsWith.length +
            field.notEquals.length +
            field.notStartsWith.length +
            field.notEndsWith.length ===
            0,
      )
    );
  };
  if (!only("eventCategory", "Data") || !only("resources.type", "AWS::S3::Object")) return undefined;
  const wanted = kind === "write" ? "false" : "true";
  const narrowing: string[] = [];
  for (const field of fields) {
    if (field.field === "eventCategory" || field.field === "resources.type") continue;
    if (field.field === "readOnly") {
      const keeps =
        (field.equals.length === 0 || field.equals.includes(wanted)) && !field.notEquals.includes(wanted);
      if (!keeps) return undefined;
      continue;
    }
    if (
      field.field === "resources.ARN" &&
      field.equals.length +
        field.endsWith.length +
        field.notEquals.length +
        field.notStartsWith.length +
        field.notEndsWith.length ===
        0 &&
      field.startsWith.length > 0 &&
      field.startsWith.every((value) => value === `arn:${partition}:s3:::`)
    )
      continue;
    narrowing.push(describeField(field));
  }
  return narrowing;
}

function describeField(field: AdvancedEventSelector["fieldSelectors"][number]): string {
  const parts: string[] = [];
  for (const [operator, values] of [
    ["Equals", field.equals],
    ["StartsWith", field.startsWith],
    ["EndsWith", field.endsWith],
    ["NotEquals", field.notEquals],
    ["NotStartsWith", field.notStartsWith],
    ["NotEndsWith", field.notEndsWith],
  ] as const)
    if (values.length > 0) parts.push(`${field.field} ${operator} ${values.join(", ")}`);
  return parts.join(", ");
}

/**
 * The one account finding of the 3.10 (write) or 3.11 (read) rule: PASS naming a multi-region, logging
 * trail whose selectors cover every bucket; MANUAL when none is known to but a multi-region trail's
 * status or selectors are unknown; FAIL otherwise, with every trail's selectors as evidence.
 */
export function judgeS3DataEvents(rule: AnyRule, snapshot: Snapshot, kind: S3EventKind): Finding[] {
  const words = kind === "write" ? "write" : "read";
  const judged = distinctTrails(snapshot).map((trail) => {
    const coverage = trail.eventSelectors
      ? s3ObjectCoverage(trail.eventSelectors, snapshot.partition, kind)
      : null;
    const no: string[] = [];
    const unknown: string[] = [];
    if (!trail.isMultiRegionTrail) no.push("it is not multi-region");
    if (!trail.homeRegionRead) unknown.push(`its home region ${trail.homeRegion} was not read`);
    else {
      if (!trail.status) unknown.push(`GetTrailStatus failed (${trail.statusError?.code ?? "no answer"})`);
      else if (!trail.status.isLogging) no.push("it is not logging");
      if (!coverage)
        unknown.push(`GetEventSelectors failed (${trail.eventSelectorsError?.code ?? "no answer"})`);
      else if (!coverage.allBuckets)
        no.push(
          coverage.partial.length > 0
            ? `its selectors log S3 object ${words} events for some buckets only (${coverage.partial.join("; ")})`
            : `its selectors log no S3 object ${words} events`,
        );
    }
    const reasons = [...no, ...unknown];
    const decision: "yes" | "no" | "unknown" = no.length > 0 ? "no" : unknown.length > 0 ? "unknown" : "yes";
    return { trail, coverage, reasons, decision };
  });
  const evidence = {
    eventKind: kind,
    trails: judged.map(({ trail, coverage, reasons, decision }) => ({
      ...trailIdentityEvidence(trail),
      ...statusEvidence(trail),
      eventSelectors: trail.eventSelectors,
      s3ObjectEvents: coverage
        ? {
            allBuckets: coverage.allBuckets,
            matchedSelectors: [...coverage.matched],
            partialSelectors: [...coverage.partial],
          }
        : null,
      decision,
      reasons,
    })),
    source: "cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors",
  };
  const base = { ...accountResource(snapshot), identity: ["account"] };
  const passing = judged.filter(({ decision }) => decision === "yes");
  if (passing.length > 0)
    return [
      buildFinding(rule, snapshot, {
        ...base,
        status: "PASS",
        statusExtended: `S3 object-level ${words} events of every bucket are logged by ${passing.map(({ trail }) => trailLabel(trail)).join("; ")}.`,
        evidence: { ...evidence, qualifyingTrails: passing.map(({ trail }) => trail.trailArn) },
      }),
    ];
  const unknown = judged.filter(({ decision }) => decision === "unknown");
  if (unknown.length > 0)
    return [
      buildFinding(rule, snapshot, {
        ...base,
        status: "MANUAL",
        statusExtended: `No trail of account ${snapshot.accountId} is known to log S3 object-level ${words} events of every bucket, but ${unknown.map(({ trail, reasons }) => `${trailLabel(trail)} could not be judged: ${reasons.join("; ")}`).join(". ")}.`,
        evidence: { ...evidence, qualifyingTrails: [] },
      }),
    ];
  const why =
    judged.length === 0
      ? "it has no trail in the regions read"
      : judged.map(({ trail, reasons }) => `${trailLabel(trail)}: ${reasons.join("; ")}`).join(". ");
  return [
    buildFinding(rule, snapshot, {
      ...base,
      status: "FAIL",
      statusExtended: `No multi-region, logging trail of account ${snapshot.accountId} logs S3 object-level ${words} events of every bucket: ${why}.`,
      evidence: { ...evidence, qualifyingTrails: [] },
    }),
  ];
}
