/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 3.4 (Level 1, Automated): "Ensure CloudTrail
 * trails are integrated with CloudWatch Logs" (v1.2.0 2.4; v1.3.0–v2.0.0 3.4; removed in v3.0.0).
 *
 * Audit (the same in v1.2.0–v2.0.0): every trail (DescribeTrails) must name a log group in
 * `CloudWatchLogsLogGroupArn`, and GetTrailStatus in its home region must show a
 * `LatestCloudWatchLogsDeliveryTime` about one day old at most. Here: within 24 hours before the scan
 * started (`collectedAt`); older, or none at all → FAIL with the time as evidence; more than
 * {@link MAX_CLOCK_SKEW_MS} after it → MANUAL (a time in the future is not evidence of a delivery). One finding per
 * distinct trail (by ARN, home region), never per shadow copy. A trail whose status could not be read
 * (its home region not read, or GetTrailStatus refused for another account's organization trail) with a
 * log group set → MANUAL saying why. No trail in the regions read: one account FAIL.
 *
 * Sources: AWS CloudTrail API Reference, DescribeTrails, GetTrailStatus
 * (`LatestCloudWatchLogsDeliveryTime`, `LatestCloudWatchLogsDeliveryError`); AWS CloudTrail User Guide,
 * "Sending events to CloudWatch Logs".
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import { humanDuration, isoTime } from "../../model/time.js";
import { type DistinctTrail, distinctTrails } from "../../snapshot/cloudtrail-trails.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  noTrailFinding,
  statusEvidence,
  trailIdentityEvidence,
  trailLabel,
  trailResource,
} from "./trail-common.js";

/** The longest time since the last delivery to CloudWatch Logs that passes ("about one day"). */
export const MAX_DELIVERY_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * How far after the scan's start a delivery time may lie and still count (clocks of this machine and of
 * AWS differ a little): 5 minutes. A time later than that is no evidence of a delivery (MANUAL).
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The rule. */
export const rule: Rule = {
  id: "cloudtrail_cloudwatch_logging_enabled",
  title: "CloudTrail trails deliver to CloudWatch Logs (within the last day)",
  severity: "low",
  resourceTypes: ["AWS::CloudTrail::Trail", "AWS::::Account"],
  description:
    "Checks that every CloudTrail trail sends its events to a CloudWatch Logs log group and that the " +
    "last delivery happened within the day before the scan.",
  rationale:
    "Events in CloudWatch Logs can be searched at once and watched by metric filters and alarms (the " +
    "monitoring section); a trail that only writes to S3, or whose delivery stopped (a deleted role or log " +
    "group), leaves those alarms blind.",
  remediation: {
    console: [
      "Open the CloudTrail console in the trail's home region and choose the trail named in the finding.",
      "Under CloudWatch Logs choose Edit, select Enabled, choose or create the log group and an IAM role that lets CloudTrail call logs:CreateLogStream and logs:PutLogEvents on it, and Save changes.",
      "If a log group is set but delivery is old, check LatestCloudWatchLogsDeliveryError in the trail status: usually the role or its trust policy was changed, or the log group deleted.",
    ],
    cli: [
      "aws cloudtrail describe-trails --include-shadow-trails --query 'trailList[].[TrailARN,HomeRegion,CloudWatchLogsLogGroupArn]'",
      "aws cloudtrail get-trail-status --region <home-region> --name <trail-arn> --query '[LatestCloudWatchLogsDeliveryTime,LatestCloudWatchLogsDeliveryError]'",
      "aws cloudtrail update-trail --region <home-region> --name <trail-arn> --cloud-watch-logs-log-group-arn <log-group-arn> --cloud-watch-logs-role-arn <role-arn>",
    ],
    iac: {
      cloudformation: [
        "Trail:",
        "  Type: AWS::CloudTrail::Trail",
        "  Properties:",
        "    CloudWatchLogsLogGroupArn: !GetAtt TrailLogGroup.Arn",
        "    CloudWatchLogsRoleArn: !GetAtt TrailToLogsRole.Arn",
        "    IsLogging: true",
        "    S3BucketName: !Ref TrailBucket",
      ].join("\n"),
      terraform: [
        'resource "aws_cloudtrail" "main" {',
        '  name                       = "main"',
        "  s3_bucket_name             = aws_s3_bucket.trail.id",
        '  cloud_watch_logs_group_arn = "$' + '{aws_cloudwatch_log_group.trail.arn}:*"',
        "  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html",
  ],
  requires: ["cloudtrail.trails"],
  cloudTrailEvents: [
    "CreateTrail",
    "UpdateTrail",
    "DeleteTrail",
    "StartLogging",
    "StopLogging",
    "DeleteLogGroup",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const trails = distinctTrails(snapshot);
    if (trails.length === 0)
      return [noTrailFinding(rule, snapshot, "no event reaches CloudWatch Logs (CIS 3.1 fails too).")];
    return trails.map((trail) => judgeTrail(snapshot, trail));
  },
};

function judgeTrail(snapshot: Snapshot, trail: DistinctTrail): Finding {
  const group = trail.cloudWatchLogsLogGroupArn;
  const evidence = {
    ...trailIdentityEvidence(trail),
    cloudWatchLogsLogGroupArn: group,
    cloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn,
    ...statusEvidence(trail),
    collectedAt: isoTime(snapshot.collectedAt),
    maxDeliveryAgeHours: MAX_DELIVERY_AGE_MS / 3_600_000,
    source: "cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus",
  };
  const base = { ...trailResource(trail), evidence };
  const label = trailLabel(trail);
  if (!group)
    return buildFinding(rule, snapshot, {
      ...base,
      status: "FAIL",
      statusExtended: `${capital(label)} is not integrated with CloudWatch Logs (no CloudWatchLogsLogGroupArn).`,
    });
  const status = trail.status;
  if (!status) {
    const why = trail.homeRegionRead
      ? `GetTrailStatus failed (${trail.statusError?.code ?? "no answer"})`
      : `its home region ${trail.homeRegion} was not read`;
    return buildFinding(rule, snapshot, {
      ...base,
      status: "MANUAL",
      statusExtended: `${capital(label)} sends to ${group}, but when it last delivered there is unknown: ${why}. Check LatestCloudWatchLogsDeliveryTime with aws cloudtrail get-trail-status${trail.otherAccount ? ` in account ${trail.ownerAccountId}` : ""}.`,
    });
  }
  const last = status.latestCloudWatchLogsDeliveryTime;
  const error = status.latestCloudWatchLogsDeliveryError
    ? ` (last delivery error: ${status.latestCloudWatchLogsDeliveryError})`
    : "";
  if (!last)
    return buildFinding(rule, snapshot, {
      ...base,
      status: "FAIL",
      statusExtended: `${capital(label)} names log group ${group} but has never delivered to it (no LatestCloudWatchLogsDeliveryTime)${error}.`,
    });
  const age = snapshot.collectedAt.getTime() - last.getTime();
  if (age < -MAX_CLOCK_SKEW_MS)
    return buildFinding(rule, snapshot, {
      ...base,
      status: "MANUAL",
      statusExtended: `${capital(label)} names log group ${group}, but its LatestCloudWatchLogsDeliveryTime ${isoTime(last)} is after the scan started (${isoTime(snapshot.collectedAt)}) by more than the ${MAX_CLOCK_SKEW_MS / 60_000}-minute clock-skew tolerance: not evidence of a delivery. Check this machine's clock and LatestCloudWatchLogsDeliveryTime with aws cloudtrail get-trail-status${trail.otherAccount ? ` in account ${trail.ownerAccountId}` : ""}.`,
      evidence: {
        ...evidence,
        maxClockSkewMinutes: MAX_CLOCK_SKEW_MS / 60_000,
        reason: "delivery-time-after-scan",
      },
    });
  const fresh = age <= MAX_DELIVERY_AGE_MS;
  return buildFinding(rule, snapshot, {
    ...base,
    status: fresh ? "PASS" : "FAIL",
    statusExtended: fresh
      ? `${capital(label)} delivers to CloudWatch Logs group ${group}; last delivery ${isoTime(last)}.`
      : `${capital(label)} names log group ${group} but last delivered to it at ${isoTime(last)}, ${humanDuration(Math.floor(age / 1000))} before the scan (more than one day)${error}.`,
  });
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
