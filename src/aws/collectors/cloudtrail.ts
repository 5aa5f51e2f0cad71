/**
 * Collector of the CloudTrail dataset (`snapshot/datasets/cloudtrail.ts`): in every enabled region,
 * DescribeTrails with shadow trails, then for each trail whose home region this is GetTrailStatus and
 * GetEventSelectors there (by ARN). Calls per region: 1, plus 2 per trail homed in the region.
 *
 * A trail owned by another account (an organization trail seen from a member account) may refuse
 * GetTrailStatus or GetEventSelectors: that is recorded on the trail (`statusError`,
 * `eventSelectorsError`), and the region is still read. For the account's own trails such a failure
 * fails the region (a missing permission is the scan's to report), except `TrailNotFoundException`
 * (the trail was deleted between the calls), recorded on the trail. An answer listing a trail without
 * its TrailARN fails the region (`UnreadableResponse`).
 *
 * Sources: AWS CloudTrail API Reference, DescribeTrails, GetTrailStatus, GetEventSelectors.
 */
import type {
  CloudTrailClient,
  GetTrailStatusResponse,
  AdvancedEventSelector as SdkAdvancedSelector,
  EventSelector as SdkEventSelector,
  AdvancedFieldSelector as SdkFieldSelector,
  Trail,
} from "@aws-sdk/client-cloudtrail";
import { AwsApiError } from "../../model/errors.js";
import { escapeTerminal, quoteExcerpt } from "../../model/escape.js";
import { distinctTrails, trailOwner } from "../../snapshot/cloudtrail-trails.js";
import type {
  AdvancedFieldSelector,
  TrailBucket,
  TrailEventSelectors,
  TrailListing,
  TrailStatus,
} from "../../snapshot/datasets/cloudtrail.js";
import { awsErrorCode, describeAwsError, UNREADABLE_RESPONSE } from "../errors.js";
import {
  bucketRead,
  readBucketAcl,
  readBucketLogging,
  readBucketPolicy,
  readBucketPublicAccessBlock,
} from "../s3-bucket-reads.js";
import { accountCollector, regionalClients, regionalCollector } from "./types.js";

export const trails = regionalCollector({
  dataset: "cloudtrail.trails",
  async collect(context, region) {
    const client = await regionalClients(context).cloudTrail(region);
    const { DescribeTrailsCommand } = await import("@aws-sdk/client-cloudtrail");
    const { trailList } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    // Every trail is checked before any per-trail call: an answer that cannot be read costs no more calls.
    const answered = (trailList ?? []).map((trail, index) => {
      const trailArn = trail.TrailARN;
      if (!trailArn) throw trailWithoutArn(context.accountId, region, index, trail);
      return { ...trail, TrailARN: trailArn };
    });
    const listed: TrailListing[] = [];
    for (const trail of answered) {
      const base = trailFields(trail, region);
      if (base.shadow) {
        listed.push(base);
        continue;
      }
      const foreign = base.ownerAccountId !== context.accountId;
      const status = await perTrail(foreign, () => trailStatus(client, base.trailArn));
      const selectors = await perTrail(foreign, () => eventSelectors(client, base.trailArn));
      listed.push({
        ...base,
        status: status.value,
        statusError: status.error,
        eventSelectors: selectors.value,
        eventSelectorsError: selectors.error,
      });
    }
    return listed;
  },
});

/**
 * The error of an answer listing a trail without its `TrailARN` (AWS always sends it): the trail's status
 * and selectors are asked by ARN and trails are told apart by it, so the region's answer is unreadable
 * (`UnreadableResponse`: the region's ERROR), never trails merged under an empty ARN.
 */
function trailWithoutArn(accountId: string, region: string, index: number, trail: Trail): AwsApiError {
  const name = trail.Name ? ` (Name ${escapeTerminal(quoteExcerpt(trail.Name))})` : "";
  return new AwsApiError(
    "cloudtrail:DescribeTrails",
    accountId,
    UNREADABLE_RESPONSE,
    `${UNREADABLE_RESPONSE}: trail ${index + 1} of the answer in ${region}${name} has no TrailARN, which AWS always sends: its status and selectors cannot be asked for, and trails without one cannot be told apart.`,
  );
}

function trailFields(trail: Trail & { TrailARN: string }, region: string): TrailListing {
  const trailArn = trail.TrailARN;
  const homeRegion = trail.HomeRegion ?? region;
  return {
    trailArn,
    name: trail.Name ?? "",
    homeRegion,
    shadow: homeRegion !== region,
    ownerAccountId: trailOwner(trailArn),
    isMultiRegionTrail: trail.IsMultiRegionTrail === true,
    isOrganizationTrail: trail.IsOrganizationTrail === true,
    includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents === true,
    logFileValidationEnabled: trail.LogFileValidationEnabled === true,
    s3BucketName: trail.S3BucketName ?? null,
    s3KeyPrefix: trail.S3KeyPrefix ?? null,
    snsTopicArn: trail.SnsTopicARN ?? null,
    cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn || null,
    cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn || null,
    kmsKeyId: trail.KmsKeyId || null,
    hasCustomEventSelectors: trail.HasCustomEventSelectors ?? null,
    status: null,
    statusError: null,
    eventSelectors: null,
    eventSelectorsError: null,
  };
}

type PerTrail<V> = { value: V | null; error: { code: string; message: string } | null };

/** Runs one per-trail call: errors are recorded for another account's trail (and a vanished trail). */
async function perTrail<V>(foreign: boolean, call: () => Promise<V>): Promise<PerTrail<V>> {
  try {
    return { value: await call(), error: null };
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === undefined || (!foreign && code !== "TrailNotFoundException")) throw error;
    return { value: null, error: { code, message: describeAwsError(error) } };
  }
}

async function trailStatus(client: CloudTrailClient, trailArn: string): Promise<TrailStatus> {
  const { GetTrailStatusCommand } = await import("@aws-sdk/client-cloudtrail");
  const status: GetTrailStatusResponse = await client.send(new GetTrailStatusCommand({ Name: trailArn }));
  return {
    isLogging: status.IsLogging === true,
    latestDeliveryTime: status.LatestDeliveryTime ?? null,
    latestDeliveryError: status.LatestDeliveryError || null,
    latestCloudWatchLogsDeliveryTime: status.LatestCloudWatchLogsDeliveryTime ?? null,
    latestCloudWatchLogsDeliveryError: status.LatestCloudWatchLogsDeliveryError || null,
    startLoggingTime: status.StartLoggingTime ?? null,
    stopLoggingTime: status.StopLoggingTime ?? null,
  };
}

async function eventSelectors(client: CloudTrailClient, trailArn: string): Promise<TrailEventSelectors> {
  const { GetEventSelectorsCommand } = await import("@aws-sdk/client-cloudtrail");
  const answer = await client.send(new GetEventSelectorsCommand({ TrailName: trailArn }));
  const advanced = answer.AdvancedEventSelectors;
  // A trail uses one kind: AWS sends the other absent (or empty).
  if (advanced && advanced.length > 0) return { classic: null, advanced: advanced.map(advancedSelector) };
  return { classic: (answer.EventSelectors ?? []).map(classicSelector), advanced: null };
}

function classicSelector(selector: SdkEventSelector) {
  return {
    readWriteType: selector.ReadWriteType ?? null,
    includeManagementEvents: selector.IncludeManagementEvents ?? null,
    excludeManagementEventSources: [...(selector.ExcludeManagementEventSources ?? [])],
    dataResources: (selector.DataResources ?? []).map((resource) => ({
      type: resource.Type ?? "",
      values: [...(resource.Values ?? [])],
    })),
  };
}

function advancedSelector(selector: SdkAdvancedSelector) {
  return {
    name: selector.Name ?? null,
    fieldSelectors: (selector.FieldSelectors ?? []).map(fieldSelector),
  };
}

function fieldSelector(field: SdkFieldSelector): AdvancedFieldSelector {
  return {
    field: field.Field ?? "",
    equals: [...(field.Equals ?? [])],
    startsWith: [...(field.StartsWith ?? [])],
    endsWith: [...(field.EndsWith ?? [])],
    notEquals: [...(field.NotEquals ?? [])],
    notStartsWith: [...(field.NotStartsWith ?? [])],
    notEndsWith: [...(field.NotEndsWith ?? [])],
  };
}

/**
 * The trails' buckets (`cloudtrail.trailBuckets`): the distinct trails of the regions read (from
 * `cloudtrail.trails`), their distinct `S3BucketName`s; for each bucket in this account's bucket list
 * (`s3.buckets`), its ACL, policy, Block Public Access and logging in its region (the storage section's
 * reads; a failed read is recorded on the bucket). Another account's bucket is not read.
 */
export const trailBuckets = accountCollector({
  dataset: "cloudtrail.trailBuckets",
  async collect(context): Promise<readonly TrailBucket[]> {
    const own = new Map(
      (context.draft.accountDatasets?.["s3.buckets"] ?? []).map((bucket) => [bucket.name, bucket]),
    );
    const byBucket = new Map<string, string[]>();
    for (const trail of distinctTrails(context.draft))
      if (trail.s3BucketName)
        byBucket.set(trail.s3BucketName, [...(byBucket.get(trail.s3BucketName) ?? []), trail.trailArn]);
    const clients = regionalClients(context);
    const result: TrailBucket[] = [];
    for (const [bucket, trailArns] of [...byBucket].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const listed = own.get(bucket);
      const region = listed?.region ?? null;
      const base = { bucket, trailArns: [...trailArns].sort(), inAccount: listed !== undefined, region };
      if (!listed || !region) {
        result.push({ ...base, acl: null, policy: null, publicAccessBlock: null, logging: null });
        continue;
      }
      result.push({
        ...base,
        acl: await bucketRead("s3:GetBucketAcl", bucket, region, () =>
          readBucketAcl(clients, bucket, region),
        ),
        policy: await bucketRead("s3:GetBucketPolicy", bucket, region, () =>
          readBucketPolicy(clients, bucket, region),
        ),
        publicAccessBlock: await bucketRead("s3:GetBucketPublicAccessBlock", bucket, region, () =>
          readBucketPublicAccessBlock(clients, bucket, region),
        ),
        logging: await bucketRead("s3:GetBucketLogging", bucket, region, () =>
          readBucketLogging(clients, bucket, region),
        ),
      });
    }
    return result;
  },
  store: (draft, value) => {
    draft.accountDatasets = { ...draft.accountDatasets, "cloudtrail.trailBuckets": value };
  },
});
