/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 3.1 (Level 1, Automated): "Ensure CloudTrail is
 * enabled in all regions" (v1.2.0 2.1; v1.3.0–v4.0.0 3.1; v5.0.0 3.1 and v6.0.0 4.1 Manual).
 *
 * Audit: at least one trail is multi-region (`IsMultiRegionTrail`), logging (GetTrailStatus `IsLogging`)
 * and captures all management events (GetEventSelectors: a classic selector with
 * `IncludeManagementEvents` true and `ReadWriteType` All, or, as the v5.0.0 text adds, an advanced
 * selector on `eventCategory` Management without a `readOnly` field); the decision is
 * `cis31TrailDecision` (trail-captures-management-events.ts). One account finding: PASS naming the trail
 * that qualifies (an organization trail of the management account counts for a member account, and the
 * evidence says so); FAIL listing every trail and why it does not qualify; MANUAL when no trail
 * qualifies but a multi-region trail's status or selectors could not be read (its home region not read,
 * or the owner refused the member's GetTrailStatus / GetEventSelectors).
 *
 * Sources: AWS CloudTrail API Reference, DescribeTrails, GetTrailStatus, GetEventSelectors; AWS
 * CloudTrail User Guide, "Working with CloudTrail trails" and "Logging management events".
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import { type DistinctTrail, distinctTrails } from "../../snapshot/cloudtrail-trails.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { type Cis31TrailDecision, cis31TrailDecision } from "./trail-captures-management-events.js";
import { statusEvidence, trailIdentityEvidence, trailLabel } from "./trail-common.js";

/** The rule. */
export const rule: Rule = {
  id: "cloudtrail_multi_region_enabled",
  title: "A multi-region CloudTrail trail is logging all management events",
  severity: "high",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks that the account has at least one CloudTrail trail that applies to every region, is logging, " +
    "and records every management event (read and write, from every event source), through classic or " +
    "advanced event selectors.",
  rationale:
    "CloudTrail's record of API calls is what an investigation, and every metric-filter alarm of the " +
    "monitoring section, starts from. A trail limited to one region misses activity in the others (an " +
    "attacker's favourite), and one that leaves out read or write events misses half of it.",
  remediation: {
    console: [
      "Open the CloudTrail console and choose Trails → Create trail (or choose an existing trail → Edit).",
      "Keep 'Enable for all accounts in my organization' if this is the management account and you want an organization trail; a trail created in the console applies to all regions.",
      "Under Management events select both Read and Write (no excluded event sources); for advanced selectors, keep the eventCategory Management selector without a readOnly condition.",
      "Make sure the trail's status is Logging (choose Start logging if it was stopped).",
    ],
    cli: [
      "aws cloudtrail describe-trails --include-shadow-trails --query 'trailList[?IsMultiRegionTrail].[TrailARN,HomeRegion]'",
      "aws cloudtrail get-trail-status --region <home-region> --name <trail-arn> --query IsLogging",
      "aws cloudtrail get-event-selectors --region <home-region> --trail-name <trail-arn>",
      "aws cloudtrail create-trail --name <name> --s3-bucket-name <bucket> --is-multi-region-trail",
      "aws cloudtrail update-trail --region <home-region> --name <trail-arn> --is-multi-region-trail",
      'aws cloudtrail put-event-selectors --region <home-region> --trail-name <trail-arn> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'',
      "aws cloudtrail start-logging --region <home-region> --name <trail-arn>",
    ],
    iac: {
      cloudformation: [
        "Trail:",
        "  Type: AWS::CloudTrail::Trail",
        "  Properties:",
        "    IsMultiRegionTrail: true",
        "    IncludeGlobalServiceEvents: true",
        "    IsLogging: true",
        "    S3BucketName: !Ref TrailBucket",
        "    EventSelectors:",
        "      - IncludeManagementEvents: true",
        "        ReadWriteType: All",
      ].join("\n"),
      terraform: [
        'resource "aws_cloudtrail" "main" {',
        '  name                          = "main"',
        "  s3_bucket_name                = aws_s3_bucket.trail.id",
        "  is_multi_region_trail         = true",
        "  include_global_service_events = true",
        "  enable_logging                = true",
        "  event_selector {",
        '    read_write_type           = "All"',
        "    include_management_events = true",
        "  }",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html",
  ],
  requires: ["cloudtrail.trails"],
  cloudTrailEvents: [
    "CreateTrail",
    "UpdateTrail",
    "DeleteTrail",
    "StartLogging",
    "StopLogging",
    "PutEventSelectors",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const judged = distinctTrails(snapshot).map((trail) => ({ trail, decision: cis31TrailDecision(trail) }));
    const evidence = {
      trails: judged.map(({ trail, decision }) => trailEvidence(trail, decision)),
      source: "cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors",
    };
    const base = { ...accountResource(snapshot), identity: ["account"] };
    const passing = judged.filter(({ decision }) => decision.decision === "yes");
    if (passing.length > 0) {
      const names = passing.map(({ trail }) => describePassing(trail)).join("; ");
      return [
        buildFinding(rule, snapshot, {
          ...base,
          status: "PASS",
          statusExtended: `Account ${snapshot.accountId} has a multi-region trail logging all management events: ${names}.`,
          evidence: { ...evidence, qualifyingTrails: passing.map(({ trail }) => trail.trailArn) },
        }),
      ];
    }
    const unknown = judged.filter(
      ({ trail, decision }) => decision.decision === "unknown" && trail.isMultiRegionTrail,
    );
    if (unknown.length > 0)
      return [
        buildFinding(rule, snapshot, {
          ...base,
          status: "MANUAL",
          statusExtended: `No trail of account ${snapshot.accountId} is known to be multi-region, logging and capturing all management events, but ${unknown.map(({ trail, decision }) => `${trailLabel(trail)} could not be judged: ${decision.reasons.join("; ")}`).join(". ")}. Check it with aws cloudtrail get-trail-status and get-event-selectors${unknown.some(({ trail }) => trail.otherAccount) ? " in the account that owns it" : ""}.`,
          evidence: { ...evidence, qualifyingTrails: [] },
        }),
      ];
    const why =
      judged.length === 0
        ? "it has no trail in the regions read"
        : judged
            .map(({ trail, decision }) => `${trailLabel(trail)}: ${decision.reasons.join("; ")}`)
            .join(". ");
    return [
      buildFinding(rule, snapshot, {
        ...base,
        status: "FAIL",
        statusExtended: `No trail of account ${snapshot.accountId} is multi-region, logging and capturing all management events: ${why}.`,
        evidence: { ...evidence, qualifyingTrails: [] },
      }),
    ];
  },
};

function describePassing(trail: DistinctTrail): string {
  if (!trail.otherAccount) return trailLabel(trail);
  return `${trailLabel(trail)} — it logs this member account's events too`;
}

function trailEvidence(trail: DistinctTrail, decision: Cis31TrailDecision): Record<string, unknown> {
  return {
    ...trailIdentityEvidence(trail),
    ...statusEvidence(trail),
    eventSelectors: trail.eventSelectors,
    eventSelectorsError: trail.eventSelectorsError
      ? `${trail.eventSelectorsError.code}: ${trail.eventSelectorsError.message}`
      : null,
    managementEvents: decision.coverage
      ? {
          read: decision.coverage.read,
          write: decision.coverage.write,
          excludedSources: [...decision.coverage.excludedSources],
          matchedSelectors: [...decision.coverage.matched],
        }
      : null,
    decision: decision.decision,
    reasons: [...decision.reasons],
  };
}
