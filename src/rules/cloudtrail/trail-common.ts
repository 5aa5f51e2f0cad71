/**
 * What the CloudTrail rules share: a distinct trail as a finding's resource (one uid per trail ARN,
 * never per shadow copy), the evidence every trail finding carries, and the finding for an account
 * with no trail in the regions read.
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import type { DistinctTrail } from "../../snapshot/cloudtrail-trails.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { AnyRule } from "../types.js";

/** The trail as a finding's resource: in its home region, identified by its ARN. */
export function trailResource(trail: DistinctTrail) {
  return {
    resourceType: "AWS::CloudTrail::Trail",
    resourceArn: trail.trailArn,
    resourceName: trail.name,
    identity: [trail.trailArn],
    region: trail.homeRegion,
  };
}

/** `trail main (arn:…)`, with the owner when it is another account's (organization) trail. */
export function trailLabel(trail: DistinctTrail): string {
  const owner = trail.otherAccount
    ? `, ${trail.isOrganizationTrail ? "an organization trail " : ""}owned by account ${trail.ownerAccountId}`
    : trail.isOrganizationTrail
      ? ", an organization trail"
      : "";
  return `trail ${trail.name} (${trail.trailArn}, home region ${trail.homeRegion}${owner})`;
}

/** The identity of a trail in every trail finding's evidence. */
export function trailIdentityEvidence(trail: DistinctTrail): Record<string, unknown> {
  return {
    trailArn: trail.trailArn,
    trailName: trail.name,
    homeRegion: trail.homeRegion,
    ownerAccountId: trail.ownerAccountId,
    otherAccount: trail.otherAccount,
    isOrganizationTrail: trail.isOrganizationTrail,
    isMultiRegionTrail: trail.isMultiRegionTrail,
    listedIn: [...trail.listedIn],
    homeRegionRead: trail.homeRegionRead,
  };
}

/** GetTrailStatus fields as evidence (ISO 8601 UTC times), or the reason they are unknown. */
export function statusEvidence(trail: DistinctTrail): Record<string, unknown> {
  const status = trail.status;
  if (!status)
    return {
      isLogging: null,
      statusError: trail.statusError ? `${trail.statusError.code}: ${trail.statusError.message}` : null,
    };
  const time = (date: Date | null) => (date ? isoTime(date) : null);
  return {
    isLogging: status.isLogging,
    latestDeliveryTime: time(status.latestDeliveryTime),
    latestCloudWatchLogsDeliveryTime: time(status.latestCloudWatchLogsDeliveryTime),
    latestCloudWatchLogsDeliveryError: status.latestCloudWatchLogsDeliveryError,
  };
}

/**
 * The one finding of a trail rule when the regions read list no trail at all: FAIL, on the account
 * (nothing is logged, so nothing is validated, encrypted or sent to CloudWatch Logs).
 */
export function noTrailFinding(rule: AnyRule, snapshot: Snapshot, consequence: string): Finding {
  const regions = snapshot.regional?.enabledRegions ?? [];
  const read = regions.filter((region) => snapshot.datasets?.["cloudtrail.trails"]?.has(region));
  return buildFinding(rule, snapshot, {
    status: "FAIL",
    ...accountResource(snapshot),
    identity: ["account", "no-trail"],
    statusExtended: `Account ${snapshot.accountId} has no CloudTrail trail in the regions read (${read.join(", ")}): ${consequence}`,
    evidence: { trails: [], regionsRead: read, source: "cloudtrail:DescribeTrails" },
  });
}
