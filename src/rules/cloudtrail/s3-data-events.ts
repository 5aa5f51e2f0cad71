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
 * Otherwise the account's buckets (`s3.buckets`, an optional dataset) are judged one by one, as the CIS
 * audit does ("Repeat ... for auditing each s3 bucket"; the research page accepts per-bucket
 * `arn:aws:s3:::bucket/` values): a bucket is covered when some multi-region, logging trail logs every
 * object of it of that kind, through
 * - classic: a value `arn:<partition>:s3:::<bucket>/` (a longer value, `.../<bucket>/<prefix>`, logs part
 *   of the bucket only), or
 * - advanced: an S3 object selector narrowed only by `resources.ARN` fields with `StartsWith` values (one of
 *   them a prefix of `arn:<partition>:s3:::<bucket>/`) and/or `NotStartsWith` values (none of them naming
 *   an object of the bucket); `Equals`, `EndsWith`, `NotEquals`, `NotEndsWith` or any other field cover no
 *   whole bucket.
 * The requirement passes when every bucket is covered and fails naming the buckets left out. Without the
 * bucket list, per-bucket selectors cannot be judged: MANUAL when it was not collected, ERROR naming the
 * API when ListBuckets failed. An account without buckets is judged as before: only an every-bucket
 * selector passes it.
 *
 * Sources: AWS CloudTrail User Guide, "Logging data events" (S3 data resources, advanced selector
 * fields); AWS CloudTrail API Reference, GetEventSelectors.
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import { accountValue } from "../../snapshot/account-values.js";
import { type DistinctTrail, distinctTrails } from "../../snapshot/cloudtrail-trails.js";
import { accountWideFailures, collectionErrorVerdict } from "../../snapshot/collection-errors.js";
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
  /** True when some selector logs whole buckets named one by one (or by an ARN prefix). */
  readonly namesBuckets: boolean;
  /** True when the selectors log every object of bucket `name` (every-bucket selectors included). */
  logsBucket(name: string): boolean;
}

/** Whether a selector logs every object of the bucket whose object-ARN prefix is given (`arn:aws:s3:::b/`). */
type BucketFilter = (bucketPrefix: string) => boolean;

/** The S3 object events of `kind` a trail's selectors log. */
export function s3ObjectCoverage(
  selectors: NonNullable<DistinctTrail["eventSelectors"]>,
  partition: string,
  kind: S3EventKind,
): S3ObjectCoverage {
  const matched: string[] = [];
  const partial: string[] = [];
  const filters: BucketFilter[] = [];
  const all = new Set([`arn:${partition}:s3`, `arn:${partition}:s3:::`]);
  (selectors.classic ?? []).forEach((selector, index) => {
    if (!classicKeeps(selector, kind)) return;
    for (const resource of selector.dataResources) {
      if (resource.type !== "AWS::S3::Object") continue;
      const label = `classic selector ${index + 1}: ReadWriteType ${selector.readWriteType}, AWS::S3::Object ${resource.values.join(", ")}`;
      if (resource.values.some((value) => all.has(value))) matched.push(label);
      else if (resource.values.length > 0) {
        partial.push(label);
        const wholeBuckets = new Set(resource.values.filter((value) => isBucketPrefix(value, partition)));
        if (wholeBuckets.size > 0) filters.push((bucketPrefix) => wholeBuckets.has(bucketPrefix));
      }
    }
  });
  (selectors.advanced ?? []).forEach((selector, index) => {
    const verdict = advancedCovers(selector, partition, kind);
    if (verdict === undefined) return;
    const label = `advanced selector ${index + 1}${selector.name ? ` (${selector.name})` : ""}`;
    if (verdict.narrowing.length === 0)
      matched.push(`${label}: eventCategory Data, resources.type AWS::S3::Object`);
    else {
      partial.push(`${label}: narrowed by ${verdict.narrowing.join("; ")}`);
      if (verdict.bucketFilter) filters.push(verdict.bucketFilter);
    }
  });
  const allBuckets = matched.length > 0;
  return {
    allBuckets,
    matched,
    partial,
    namesBuckets: filters.length > 0,
    logsBucket: (name) => allBuckets || filters.some((covers) => covers(`arn:${partition}:s3:::${name}/`)),
  };
}

/** True when a classic data-resource value is `arn:<partition>:s3:::<bucket>/` (every object of one bucket). */
function isBucketPrefix(value: string, partition: string): boolean {
  const start = `arn:${partition}:s3:::`;
  if (!value.startsWith(start) || !value.endsWith("/")) return false;
  const bucket = value.slice(start.length, -1);
  return bucket.length > 0 && !bucket.includes("/");
}

function classicKeeps(selector: ClassicEventSelector, kind: S3EventKind): boolean {
  const type = selector.readWriteType;
  return type === "All" || type === (kind === "write" ? "WriteOnly" : "ReadOnly");
}

type FieldSelector = AdvancedEventSelector["fieldSelectors"][number];

/**
 * For a `resources.ARN` field with only StartsWith / NotStartsWith values: whether it keeps every object
 * of a bucket (by its object-ARN prefix); undefined for any other operator.
 */
function arnFieldFilter(field: FieldSelector): BucketFilter | undefined {
  if (field.equals.length + field.endsWith.length + field.notEquals.length + field.notEndsWith.length > 0)
    return undefined;
  return (bucketPrefix) =>
    (field.startsWith.length === 0 || field.startsWith.some((value) => bucketPrefix.startsWith(value))) &&
    field.notStartsWith.every((value) => !bucketPrefix.startsWith(value) && !value.startsWith(bucketPrefix));
}

/** What an advanced selector logging S3 object events of a kind narrows, and which whole buckets it keeps. */
interface AdvancedCoverage {
  /** The conditions that narrow it (empty: every bucket). */
  readonly narrowing: readonly string[];
  /** When it is narrowed by resources.ARN prefixes only: whether it keeps every object of a bucket. */
  readonly bucketFilter: BucketFilter | null;
}

/** For an advanced selector that logs S3 object events of `kind`: its coverage; undefined when it logs no such event. */
function advancedCovers(
  selector: AdvancedEventSelector,
  partition: string,
  kind: S3EventKind,
): AdvancedCoverage | undefined {
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
  const arnFilters: BucketFilter[] = [];
  let otherNarrowing = false;
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
    const filter = field.field === "resources.ARN" ? arnFieldFilter(field) : undefined;
    if (filter) arnFilters.push(filter);
    else otherNarrowing = true;
  }
  const bucketFilter: BucketFilter | null =
    otherNarrowing || arnFilters.length === 0
      ? null
      : (bucketPrefix) => arnFilters.every((covers) => covers(bucketPrefix));
  return { narrowing, bucketFilter };
}

function describeField(field: FieldSelector): string {
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

/** The bucket-by-bucket part of the evidence. */
interface BucketByBucket {
  /** Whether the account's bucket list (`s3.buckets`) was read. */
  readonly bucketList: "read" | "not collected" | "failed";
  /** Each bucket and the trails that log its objects' events of the kind; null without the list. */
  readonly buckets: readonly { readonly bucket: string; readonly loggedBy: readonly string[] }[] | null;
  /** The buckets no such trail covers; null without the list. */
  readonly uncoveredBuckets: readonly string[] | null;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The one account finding of the 3.10 (write) or 3.11 (read) rule: PASS naming a multi-region, logging
 * trail whose selectors cover every bucket, or the trails that together cover each bucket of the account
 * one by one; MANUAL when none is known to but a multi-region trail's status or selectors are unknown, or
 * per-bucket selectors need the bucket list and it was not collected (ERROR when ListBuckets failed); FAIL
 * otherwise, with every trail's selectors and the buckets left out as evidence.
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
  const trailsEvidence = judged.map(({ trail, coverage, reasons, decision }) => ({
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
  }));
  const source = "cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors";
  const evidenceWith = (bucketByBucket: BucketByBucket | null, qualifyingTrails: readonly string[]) => ({
    eventKind: kind,
    trails: trailsEvidence,
    bucketByBucket,
    source: bucketByBucket ? `${source}, s3:ListBuckets` : source,
    qualifyingTrails: [...qualifyingTrails],
  });
  const base = { ...accountResource(snapshot), identity: ["account"] };
  const passing = judged.filter(({ decision }) => decision === "yes");
  if (passing.length > 0)
    return [
      buildFinding(rule, snapshot, {
        ...base,
        status: "PASS",
        statusExtended: `S3 object-level ${words} events of every bucket are logged by ${passing.map(({ trail }) => trailLabel(trail)).join("; ")}.`,
        evidence: evidenceWith(
          null,
          passing.map(({ trail }) => trail.trailArn),
        ),
      }),
    ];
  // Multi-region, logging trails whose selectors log whole buckets named one by one.
  const perBucket = judged.flatMap(({ trail, coverage }) =>
    trail.isMultiRegionTrail &&
    trail.homeRegionRead &&
    trail.status?.isLogging === true &&
    coverage?.namesBuckets
      ? [{ trail, coverage }]
      : [],
  );
  let bucketByBucket: BucketByBucket | null = null;
  if (perBucket.length > 0) {
    const buckets = accountValue(snapshot, "s3.buckets");
    if (buckets === undefined) {
      const failed = accountWideFailures(snapshot, ["s3.buckets"]);
      const labels = perBucket.map(({ trail }) => trailLabel(trail));
      if (failed.length > 0)
        return [
          buildFinding(
            rule,
            snapshot,
            collectionErrorVerdict(
              snapshot,
              failed,
              ` ${capitalised(labels.join("; "))} ${labels.length === 1 ? "logs" : "log"} S3 object-level ${words} events for the buckets ${labels.length === 1 ? "it names" : "they name"} only, and without the bucket list whether those are all the account's buckets is unknown.`,
            ),
          ),
        ];
      return [
        buildFinding(rule, snapshot, {
          ...base,
          status: "MANUAL",
          statusExtended: `No trail of account ${snapshot.accountId} is known to log S3 object-level ${words} events of every bucket, but ${perBucket.map(({ trail, coverage }) => `${trailLabel(trail)} logs them for the buckets it names (${coverage.partial.join("; ")})`).join(" and ")} and the account's bucket list (s3.buckets) was not collected, so whether those are all its buckets is unknown. List them with aws s3api list-buckets.`,
          evidence: evidenceWith({ bucketList: "not collected", buckets: null, uncoveredBuckets: null }, []),
        }),
      ];
    }
    const rows = [...buckets]
      .map((bucket) => bucket.name)
      .sort()
      .map((bucket) => ({
        bucket,
        loggedBy: perBucket
          .filter(({ coverage }) => coverage.logsBucket(bucket))
          .map(({ trail }) => trail.trailArn),
      }));
    const uncovered = rows.filter((row) => row.loggedBy.length === 0).map((row) => row.bucket);
    bucketByBucket = { bucketList: "read", buckets: rows, uncoveredBuckets: uncovered };
    if (rows.length > 0 && uncovered.length === 0) {
      const logging = perBucket.filter(({ trail }) =>
        rows.some((row) => row.loggedBy.includes(trail.trailArn)),
      );
      return [
        buildFinding(rule, snapshot, {
          ...base,
          status: "PASS",
          statusExtended: `S3 object-level ${words} events of every bucket (${rows.length}) are logged, bucket by bucket, by ${logging.map(({ trail }) => trailLabel(trail)).join("; ")}.`,
          evidence: evidenceWith(
            bucketByBucket,
            logging.map(({ trail }) => trail.trailArn),
          ),
        }),
      ];
    }
  }
  const uncoveredSentence =
    bucketByBucket?.uncoveredBuckets && bucketByBucket.uncoveredBuckets.length > 0
      ? ` Buckets whose object ${words} events no such trail logs: ${bucketByBucket.uncoveredBuckets.join(", ")}.`
      : "";
  const unknown = judged.filter(({ decision }) => decision === "unknown");
  if (unknown.length > 0)
    return [
      buildFinding(rule, snapshot, {
        ...base,
        status: "MANUAL",
        statusExtended: `No trail of account ${snapshot.accountId} is known to log S3 object-level ${words} events of every bucket, but ${unknown.map(({ trail, reasons }) => `${trailLabel(trail)} could not be judged: ${reasons.join("; ")}`).join(". ")}.${uncoveredSentence}`,
        evidence: evidenceWith(bucketByBucket, []),
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
      statusExtended: `No multi-region, logging trail of account ${snapshot.accountId} logs S3 object-level ${words} events of every bucket: ${why}.${uncoveredSentence}`,
      evidence: evidenceWith(bucketByBucket, []),
    }),
  ];
}
